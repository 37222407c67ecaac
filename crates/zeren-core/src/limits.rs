//! The limits every input meets, in one place: the CLI and the browser share them, so a file,
//! a save or a run link that one refuses the other refuses too. docs/scenario-format.md and
//! docs/case-format.md state them as a contract, each with the code of its diagnostic or error.

/// The largest case or scenario file read, in bytes (T0007). The built-in scenarios are about a
/// twentieth of this.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// Diagnostics reported for one file; the rest are counted in one closing line (T0008).
pub const MAX_DIAGNOSTICS: usize = 50;

/// Syntax errors reported per line of a file: the first one is the useful one.
pub const SYNTAX_ERRORS_PER_LINE: usize = 1;

/// Lines longer than this many bytes are cut in the snippets of diagnostics.
pub const LONG_LINE_BYTES: usize = 1000;

/// Bytes of a cut line shown on each side of a problem.
pub const SNIPPET_BYTES: usize = 240;

/// Words longer than this get no "did you mean" (the edit distance is quadratic in length).
pub const SUGGEST_MAX_CHARS: usize = 64;

/// Events in one run (choices, timeouts and instructor steps): a save, a run link or a session
/// holding more is refused (E0001).
pub const MAX_EVENTS: usize = 500;

/// Characters in one instructor reason (E0002).
pub const MAX_REASON_CHARS: usize = 500;

/// Characters in the group or trainee name a run carries (E0005).
pub const MAX_LABEL_CHARS: usize = 40;

/// Bytes of a save file, including the scenario text a browser run file carries (E0003).
pub const MAX_SAVE_BYTES: usize = MAX_FILE_BYTES + (1 << 20);

/// Bytes of the steps of a run link (E0003).
pub const MAX_LINK_BYTES: usize = 32 * 1024;

/// States the exhaustive analysis expands before it falls back to sampling (A0001).
pub const MAX_ANALYSIS_STATES: u64 = 50_000;

/// Forks one analysis step may make on random events it reads (3 per number event, 2 per
/// chance); a step that would make more is sampled instead (A0002).
pub const MAX_FORKS_PER_STEP: usize = 256;

/// Decisions on one analysed path: a path still going after this many loops (A0003).
pub const MAX_PATH_DEPTH: usize = 50;

/// States the counterfactual search of one item may visit (the ways through the scenario under
/// the run's seed); past it, the debrief says none was found so far.
pub const MAX_COUNTERFACTUAL_STATES: usize = 20_000;

/// Characters in one text of a scenario's teaching content (format 2): an objective, the guide,
/// a role card's briefing, a note, a question, a lesson (S0206).
pub const MAX_TEACHING_CHARS: usize = 4000;

/// Discussion questions a decision point or an inject should have; fewer or more is a warning
/// (S0306).
pub const QUESTIONS_PER_POINT: std::ops::RangeInclusive<usize> = 2..=4;

// Types of the JavaScript API of `zeren.js` (docs/js-api.md). The verdict's full shape is
// documented in docs/verdict-json.md; the fields most callers read are typed here.

/** Loads the WebAssembly module; call once and await it before anything else. */
export default function init(): Promise<unknown>;

/** Mounts the Zeren app into the page's body (index.html does this; API users do not). */
export function start(): void;

export type Lang = { zh: string; en: string };

/** The instructor's settings; any field left out keeps its default. */
export interface Settings {
  params?: Partial<Record<
    | "report_deadline_cii" | "report_deadline_central" | "report_deadline_other" | "handling_deadline"
    | "spread_reposts" | "spread_views" | "spread_homepage_minutes" | "leak_sensitive_persons"
    | "leak_any_persons" | "leak_basic_data_records" | "impact_people" | "impact_prefecture_percent"
    | "major_loss_yuan", number>>;
  readings?: Partial<{
    a1: "either" | "both"; a2: "both_sites" | "portals_only"; a3: "all_results" | "impact_only";
    a4: "limb_c" | "all_limbs"; a5: "presumptive" | "automatic"; a6: "unlawful_binds" | "any_instruction";
    a7: "excused" | "mitigation"; a8: "bear" | "chain_only";
  }>;
}

export interface Diagnostic {
  severity: "error" | "warning";
  code: string;
  message: string;
  message_zh: string;
  file: string;
  line: number;
  col: number;
  hints: string[];
  hints_zh: string[];
}

/** What `check` says; also what `judge`, `explore` and `new Analyser` throw for a bad file. */
export interface Checked {
  kind: "case" | "scenario";
  ok: boolean;
  diagnostics: Diagnostic[];
}

export type Kind = "direct" | "leadership" | "main_leadership" | "important_leadership" | "coordination";

export interface Verdict {
  scope: "regulation" | "outside";
  fired: string[];
  items: { id: string; status: "fired" | "not_fired" | "not_applicable"; conditions: unknown[] }[];
  accountable: { person: string; name: string; unit: string; role: string; kind: Kind; basis: string[];
                 decider: Lang; authority: "manages_team" | "own_unit" | "named"; proposer: Lang | null;
                 mitigations: unknown[]; causes: unknown[] }[];
  collective: { unit: string; decisions: string[]; items: string[]; decider: Lang }[];
  exempt: { person: string; reason: { kind: string } }[];
  notes: { code: string; text: Lang }[];
  params: Record<string, number>;
  readings: Record<string, string>;
  alternatives: { reading: string; value: string; fired: string[]; accountable: [string, Kind][] }[];
  [more: string]: unknown;
}

export interface Reach { id: string; reachable: boolean; probability: number; shortest: string[] | null }

export interface Analysis {
  exhaustive: boolean;
  paths: number;
  sample_size: number | null;
  fallback: "paths" | "states" | "forks" | "time" | null;
  loops: string[][];
  items: Reach[];
  reachable_items: string[];
  kinds: Reach[];
  endings: Reach[];
  clean_path_exists: boolean;
  clean_path: string[] | null;
  unreached_decisions: string[];
  unreached_endings: string[];
  dead_ends: string[][];
  idle_options: [string, string][];
  ending_items: Record<string, string[]>;
}

/** Checks a case or scenario file's text. */
export function check(text: string): Checked;
/** Judges a case file's text; throws a `Checked` when the file has errors. */
export function judge(caseText: string, settings?: Settings | null): Verdict;
/** Analyses a scenario file's text at once; throws a `Checked` when the file has errors. */
export function explore(scenarioText: string, settings?: Settings | null): Analysis;

/** The debrief's sentences on what would have avoided each fired item, for a run file's text. */
export function counterfactuals(runFileText: string): Lang[];

/** An analysis taken in slices (what the editor's worker runs). */
export class Analyser {
  constructor(scenarioText: string, settings?: Settings | null);
  /** Walks up to `budget` states; returns the share done, 0 to 1. */
  step(budget: number): number;
  finished(): boolean;
  report(): Analysis;
  free(): void;
}

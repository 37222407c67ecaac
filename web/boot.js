// Starts the app. A file, not an inline script, so that the Content Security Policy of
// index.html can forbid inline scripts altogether.
//
// Two builds of one app: `zeren-trainee.js`, what a trainee needs (library, briefing, play,
// debrief, settings, joining a class), and `zeren.js`, the whole app with the instructor's parts
// (editor, analysis, presenter, class comparison, live console) and the JavaScript API. The
// address says which: a tab starts with the trainee's, and when it opens an instructor's screen
// it loads again at the same address with `?whole` (src/app.rs, `InstructorModule`). Nothing
// depends on storage, so a browser that blocks it cannot loop between the two.
const whole = new URLSearchParams(location.search).has("whole");

// A run link pasted into the address bar of an open tab: load it afresh.
window.addEventListener("hashchange", () => { if (location.hash.startsWith("#run=")) location.reload(); });
// A printed debrief shows every condition, not only the summary.
window.addEventListener("beforeprint", () => document.querySelectorAll("details.trace").forEach((d) => { d.open = true; }));

import(whole ? "./zeren.js" : "./zeren-trainee.js")
  .then(({ default: init, start }) => init().then(() => { start(); document.getElementById("loading")?.remove(); }))
  .catch((e) => { document.getElementById("loading").textContent = "载入失败 / failed to load: " + e; });

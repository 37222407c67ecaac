// Starts the app. A file, not an inline script, so that the Content Security Policy of
// index.html can forbid inline scripts altogether.
//
// Two builds of one app: `zeren-trainee.js`, what a trainee needs (library, briefing, play,
// debrief, settings, joining a class), and `zeren.js`, the whole app with the instructor's parts
// (editor, analysis, presenter, class comparison, live console) and the JavaScript API. A tab
// starts with the trainee's; when it opens an instructor's screen it sets `zeren.module` for
// the tab's session and loads again with the whole app (src/app.rs, `InstructorModule`).
const whole = sessionStorage.getItem("zeren.module") === "whole";

// A run link pasted into the address bar of an open tab: load it afresh.
window.addEventListener("hashchange", () => { if (location.hash.startsWith("#run=")) location.reload(); });
// A printed debrief shows every condition, not only the summary.
window.addEventListener("beforeprint", () => document.querySelectorAll("details.trace").forEach((d) => { d.open = true; }));

import(whole ? "./zeren.js" : "./zeren-trainee.js")
  .then(({ default: init, start }) => init().then(() => { start(); document.getElementById("loading")?.remove(); }))
  .catch((e) => { document.getElementById("loading").textContent = "载入失败 / failed to load: " + e; });

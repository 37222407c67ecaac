// Starts the app. A file, not an inline script, so that the Content Security Policy of
// index.html can forbid inline scripts altogether.
//
// Three builds of one app: `zeren-trainee.js`, what a trainee needs on their own (library,
// briefing, play, debrief, settings); `zeren-class.js`, the same with a group's page in a live
// class (`?join`); and `zeren.js`, the whole app with the instructor's parts (editor, analysis,
// presenter, class comparison, live console) and the JavaScript API. The address says which: a
// tab starts with the trainee's, and when it opens an instructor's screen it loads again at the
// same address with `?whole` (src/app.rs, `WholeApp`); so does the debrief. Nothing depends on storage, so a
// browser that blocks it cannot loop between them.
import { load } from "./unpack.js";

const params = new URLSearchParams(location.search);
const whole = params.has("whole") || params.has("console");
const [glue, packed] = whole ? ["./zeren.js", "./zeren_bg.wasm.lzma"]
  : params.has("join") ? ["./zeren-class.js", "./zeren-class_bg.wasm.lzma"]
  : ["./zeren-trainee.js", "./zeren-trainee_bg.wasm.lzma"];

// A run link pasted into the address bar of an open tab: load it afresh.
window.addEventListener("hashchange", () => { if (location.hash.startsWith("#run=")) location.reload(); });
// A printed debrief shows every condition, not only the summary.
window.addEventListener("beforeprint", () => document.querySelectorAll("details.trace").forEach((d) => { d.open = true; }));

// The trainee's module hands a finished run to the whole app for its debrief (src/app.rs,
// `WholeApp`): it fetches the whole app into the browser's cache while the run is played.
window.zerenPrefetchWhole = () => {
  for (const file of ["./zeren.js", "./zeren_bg.wasm.lzma", "./whole.css"]) {
    fetch(new URL(file, import.meta.url), { priority: "low" }).then((r) => r.arrayBuffer()).catch(() => {});
  }
};

// check.js has already said so where this browser cannot run the app.
// The whole app's screens have a style sheet of their own, linked before the app shows.
const styled = !whole ? Promise.resolve() : new Promise((done) => {
  const sheet = Object.assign(document.createElement("link"), { rel: "stylesheet", href: new URL("./whole.css", import.meta.url) });
  sheet.onload = sheet.onerror = done;
  document.head.append(sheet);
});

if (window.zerenSupported) {
  Promise.all([load(glue, packed), styled]).then(([module]) => module)
    // The app removes the loading note when it shows (after fetching what it needs), or says why not.
    .then(({ start }) => start())
    .catch((e) => { document.getElementById("loading").textContent = "载入失败 / failed to load: " + e; });
}

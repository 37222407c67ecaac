// Starts the app. A file, not an inline script, so that the Content Security Policy of
// index.html can forbid inline scripts altogether.
import init, { start } from "./zeren-web.js";

// A run link pasted into the address bar of an open tab: load it afresh.
window.addEventListener("hashchange", () => { if (location.hash.startsWith("#run=")) location.reload(); });
// A printed debrief shows every condition, not only the summary.
window.addEventListener("beforeprint", () => document.querySelectorAll("details.trace").forEach((d) => { d.open = true; }));

init().then(() => { start(); document.getElementById("loading")?.remove(); })
      .catch((e) => { document.getElementById("loading").textContent = "载入失败 / failed to load: " + e; });

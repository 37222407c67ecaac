// The editor's analysis worker: the app's own wasm module, without the app. An analysis runs
// here in slices and posts its progress, so typing in the editor never waits for it; the
// editor stops it by terminating the worker. Messages: in { text, settings }; out { progress },
// then { report } or { error }.
import init, { Analyser } from "./zeren-web.js";

const ready = init();

onmessage = async ({ data }) => {
  await ready;
  let analyser;
  try {
    analyser = new Analyser(data.text, data.settings);
  } catch (error) {
    postMessage({ error });
    return;
  }
  while (!analyser.finished()) {
    postMessage({ progress: analyser.step(2000) });
  }
  postMessage({ report: analyser.report() });
};

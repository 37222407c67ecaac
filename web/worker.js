// The app's worker: its own wasm module, without the app, for the searches that take time.
// An analysis runs here in slices and posts its progress, so typing in the editor never waits
// for it; the debrief's counterfactual search runs here too. The page stops a search by
// terminating the worker. Messages in: { text, settings } (analyse), { run } (a run file's
// text: its counterfactuals) or { runs } (a room's run files: the report's counterfactuals);
// out: { progress }, then { report }, { sentences } or { error }.
import { load } from "./unpack.js";

const ready = load("./zeren.js", "./zeren_bg.wasm.lzma");

onmessage = async ({ data }) => {
  const { Analyser, counterfactuals, room_counterfactuals } = await ready;
  if (data.run !== undefined || data.runs !== undefined) {
    try {
      const sentences = data.run !== undefined ? counterfactuals(data.run) : room_counterfactuals(data.runs);
      postMessage({ sentences });
    } catch (error) {
      postMessage({ error });
    }
    return;
  }
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

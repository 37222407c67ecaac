// Whether this browser can run Zeren, asked before anything else loads (a classic script, so
// that even a browser without modules runs it): it compiles a 99-byte WebAssembly module that
// uses what the app's modules need — reference types, multi-value, bulk memory, sign extension,
// saturating float-to-int — under the page's Content Security Policy ('wasm-unsafe-eval').
// Where it cannot, it shows index.html's #unsupported note (both languages, the versions needed
// and what to install) instead of a raw CompileError, and boot.js loads nothing.
(function () {
  var ok = false;
  try {
    var text = atob("AGFzbQEAAAABCwJgAAJ/f2ABbwF/AwMCAAEEBAFvAAEFAwEAAQcFAQFmAAEKNQIGAEEBQQILLAEDfxAAIQIiASEDIAIaIAMaQQBBAEEA/AoAAEH/AMAaQwAAgD/8ABogANEL");
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    ok = typeof WebAssembly === "object" && typeof WebAssembly.instantiateStreaming === "function" &&
      WebAssembly.validate(bytes) && new WebAssembly.Module(bytes) instanceof WebAssembly.Module;
  } catch (e) {
    ok = false;
  }
  window.zerenSupported = ok;
  if (!ok) {
    document.getElementById("loading").hidden = true;
    document.getElementById("unsupported").hidden = false;
  }
})();

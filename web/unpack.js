// Loads one of the app's modules: its JavaScript glue and its WebAssembly. The WebAssembly comes
// packed as LZMA (zeren-dist): on a room's plain-HTTP network browsers accept only gzip, and
// LZMA is a fifth smaller. A decoder of a few kilobytes, itself WebAssembly (crates/zeren-lzma),
// unpacks it before it compiles. Used by boot.js (the page) and worker.js.
export async function load(glue, packed) {
  const [module, decoder, bytes] = await Promise.all([
    import(glue),
    WebAssembly.instantiateStreaming(fetch(new URL("./unlzma.wasm", import.meta.url))),
    fetch(new URL(packed, import.meta.url)).then((r) => {
      if (!r.ok) throw new Error(`${packed}: HTTP ${r.status}`);
      return r.arrayBuffer();
    }),
  ]);
  await module.default({ module_or_path: await WebAssembly.compile(unpack(decoder.instance.exports, new Uint8Array(bytes))) });
  return module;
}

// The decoder's protocol (crates/zeren-lzma/src/wasm.rs): reserve memory for the packed file
// and its unpacked bytes, copy the file in, unpack.
function unpack(decoder, packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 13) throw new Error("the packed module is cut short");
  const size = view.getUint32(5, true) + view.getUint32(9, true) * 2 ** 32;
  const at = decoder.reserve(packed.length + size) >>> 0;
  if (at === 0xffffffff) throw new Error("not enough memory to unpack the module");
  new Uint8Array(decoder.memory.buffer, at, packed.length).set(packed);
  const failed = decoder.unpack(at, packed.length, size);
  if (failed) throw new Error(`the packed module is damaged (${["", "header", "size", "cut short", "corrupt", "memory"][failed]})`);
  return new Uint8Array(decoder.memory.buffer, at + packed.length, size);
}

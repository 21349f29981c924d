// The Web Worker that runs essaylint. scripts/build-web.sh appends this to wasm-bindgen's
// `no-modules` glue, which defines `wasm_bindgen`. The page sends the compiled module once
// (`{type: "init", module}`), then calls (`{id, fn, args}`) one at a time; each answer is
// `{id, ok: true, result}` or, when the module traps, `{id, trapped: true, message}`. A trapped
// instance is never used again: the page terminates this worker and starts another.

let panicMessage = null;

// Called by the module's panic hook just before it traps.
self.essaylintPanicked = (message) => {
  panicMessage = message;
};

// Called by the module's allocator when the memory's maximum refuses an allocation; the module
// then aborts.
self.essaylintOutOfMemory = (bytes) => {
  const mib = Math.max(1, Math.round(bytes / 1048576));
  panicMessage = `it needed more memory than the page allows (512 MiB; it asked for ${mib} MiB more)`;
};

const CALLS = new Set(["inspect", "check", "stopped", "rules", "resolve", "explain"]);

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    try {
      wasm_bindgen.initSync({ module: message.module });
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error) });
    }
    return;
  }
  const { id, fn, args } = message;
  if (!CALLS.has(fn)) {
    self.postMessage({ id, trapped: true, message: `no function ${fn}` });
    return;
  }
  try {
    const result = wasm_bindgen[fn](...args);
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, trapped: true, message: panicMessage || String(error) });
  }
};

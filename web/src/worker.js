// The Web Worker that runs essaylint. scripts/build-web.sh appends this to wasm-bindgen's
// `no-modules` glue, which defines `wasm_bindgen`. The page sends the compiled module once
// (`{type: "init", module}`), then calls (`{id, fn, args}`) one at a time; each answer is
// `{id, ok: true, result}` or, when the module traps, `{id, trapped: true, kind, detail}` (kind:
// `memory`, `stack` or `failed`). A trapped
// instance is never used again: the page terminates this worker and starts another.

// What the module said before it trapped: `{kind, detail}`.
let lastWords = null;

// Called by the module's panic hook just before it traps.
self.essaylintPanicked = (message) => {
  lastWords = { kind: "failed", detail: message };
};

// Called by the module's allocator when the memory's maximum (512 MiB, crates/wasm/build.rs)
// refuses an allocation; the module then aborts.
self.essaylintOutOfMemory = () => {
  lastWords = { kind: "memory", detail: "512 MiB" };
};

/** Why the module trapped. */
function trapOf(error) {
  if (lastWords) return lastWords;
  const text = String(error);
  if (error instanceof RangeError && /call stack/i.test(text)) return { kind: "stack", detail: text };
  return { kind: "failed", detail: text };
}

const CALLS = new Set(["inspect", "check", "recover", "stopped", "rules", "resolve", "explain"]);

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
    self.postMessage({ id, trapped: true, kind: "failed", detail: `no function ${fn}` });
    return;
  }
  try {
    const result = wasm_bindgen[fn](...args);
    self.postMessage({ id, ok: true, result });
  } catch (error) {
    self.postMessage({ id, trapped: true, ...trapOf(error) });
  }
};

// essaylint in the browser: the API for the page and for portals.
//
//   import { check, ready } from "./essaylint.js";    // or window.essaylint.check
//   const report = await check(file, { posts: ["officer-gps"] });
//   report.files[0].verdict;                         // "pass" | "fail"
//
// The report is the one `essaylint check --format json` gives for the file (same schema version,
// same renderer: the Rust core compiled to WebAssembly). Every check runs in a dedicated Web
// Worker with a deadline; when it passes, or the module traps, the worker is terminated, the file
// is reported `unreadable` saying why, and a fresh worker takes the next file. The wasm module is
// fetched and compiled once, when this module loads; afterwards nothing is requested from anywhere.

/** Each file's deadline, in milliseconds. */
export const DEADLINE_MS = 10_000;

const here = new URL(".", import.meta.url);

/** Fetches the worker's script and compiles the module, once. */
async function load() {
  const [source, module] = await Promise.all([
    fetch(new URL("worker.js", here)).then((r) => {
      if (!r.ok) throw new Error(`worker.js: HTTP ${r.status}`);
      return r.text();
    }),
    fetch(new URL("essaylint_wasm_bg.wasm", here))
      .then((r) => {
        if (!r.ok) throw new Error(`essaylint_wasm_bg.wasm: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.compile(bytes)),
  ]);
  // Workers are started from this in-memory copy, so a fresh worker requests nothing.
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return { url, module };
}

/** One Web Worker running the module; replaced whenever a call misses its deadline or traps. */
class Engine {
  constructor(loaded) {
    this.loaded = loaded;
    this.worker = null;
    this.started = null;
    this.next = 1;
    this.queue = Promise.resolve();
  }

  start() {
    if (this.started) return this.started;
    const worker = new Worker(this.loaded.url);
    this.worker = worker;
    this.started = new Promise((resolve, reject) => {
      worker.onmessage = (event) => {
        if (event.data && event.data.type === "ready") resolve(worker);
        else if (event.data && event.data.type === "failed") reject(new Error(event.data.message));
      };
      worker.onerror = (event) => reject(new Error(event.message || "the worker failed to start"));
    });
    worker.postMessage({ type: "init", module: this.loaded.module });
    return this.started;
  }

  restart() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.started = null;
  }

  /** Runs one function of the module in the worker: `{ok, result}`, `{trapped, kind, detail}` or
   *  `{timedOut}`. Calls run one at a time. */
  call(fn, args, deadline = DEADLINE_MS) {
    const run = async () => {
      const worker = await this.start();
      const id = this.next++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          worker.onmessage = null;
          this.restart();
          resolve({ timedOut: true, deadline });
        }, deadline);
        worker.onmessage = (event) => {
          if (!event.data || event.data.id !== id) return;
          clearTimeout(timer);
          worker.onmessage = null;
          if (event.data.trapped) this.restart();
          resolve(event.data);
        };
        worker.onerror = (event) => {
          clearTimeout(timer);
          this.restart();
          resolve({ trapped: true, kind: "failed", detail: event.message || "the worker failed" });
        };
        worker.postMessage({ id, fn, args });
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }
}

let engine = null;

/** Resolves when the module is loaded and a worker is running. */
export const ready = load().then(async (loaded) => {
  engine = new Engine(loaded);
  await engine.start();
});

function parse(text) {
  const value = JSON.parse(text);
  if (value && typeof value === "object" && "error" in value && !("files" in value)) {
    // The HTTP service's error shape: {"error": {"status", "message", "valid_posts"?, ...}}.
    const error = new Error(value.error.message);
    error.details = value.error;
    throw error;
  }
  return value;
}

async function plain(fn, args) {
  await ready;
  const answer = await engine.call(fn, args);
  if (!answer.ok) throw new Error(`essaylint ${fn} did not answer (${stopOf(answer).join(": ")})`);
  return parse(answer.result);
}

async function bytesOf(input) {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  if (input && typeof input.arrayBuffer === "function") {
    return new Uint8Array(await input.arrayBuffer());
  }
  throw new TypeError("check() takes a File, a Blob, an ArrayBuffer or a Uint8Array");
}

/** Why a call was stopped: `[kind, detail]`, as the module's `recover` takes them. */
function stopOf(answer) {
  if (answer.timedOut) return ["deadline", `${answer.deadline / 1000} s`];
  return [answer.kind || "failed", answer.detail || "the module trapped"];
}

/** The report of a file whose check was stopped, made by a fresh worker: `recover` reads a PDF
 *  again without its text (as the native shells report a PDF whose text worker failed); should that
 *  fail too, `stopped` reports the file unread, and last its first bytes alone (enough to tell its
 *  format). */
async function recovered(bytes, name, posts, answer) {
  const [kind, detail] = stopOf(answer);
  const attempts = [
    ["recover", bytes],
    ["stopped", bytes],
    ["stopped", bytes.subarray(0, 8)],
  ];
  for (const [fn, part] of attempts) {
    const next = await engine.call(fn, [part, name, posts, kind, detail]);
    if (next.ok) return parse(next.result);
  }
  throw new Error(`essaylint could not report on ${name} (${kind}: ${detail})`);
}

/**
 * Checks one file, with how its essay covers the question: `{report, coverage, marks}`, and
 * `stopped: {kind, detail}` when the page stopped the check (deadline, memory, stack, failure).
 * What the page shows; `check` returns the report alone.
 */
export async function inspect(input, options = {}) {
  const answer = await checked("inspect", input, options);
  return answer.stopped ? { report: answer.report, coverage: null, marks: [], stopped: answer.stopped } : answer.value;
}

/**
 * Checks one file against the posts applied for. Resolves to the report `essaylint check
 * --format json` gives; rejects only for a caller's mistake (an unknown post, not a file).
 */
export async function check(input, options = {}) {
  const answer = await checked("check", input, options);
  return answer.stopped ? answer.report : answer.value;
}

/** Runs the module's `check` or `inspect` on one file under the deadline: `{value}`, or, when the
 *  page had to stop it, `{report, stopped: {kind, detail}}` from a fresh worker. */
async function checked(fn, input, options) {
  await ready;
  const bytes = await bytesOf(input);
  const name = options.name || (input && input.name) || "essay";
  const posts = Array.from(options.posts || [], String);
  const deadline = Number(options.deadlineMs) > 0 ? Number(options.deadlineMs) : DEADLINE_MS;
  const answer = await engine.call(fn, [bytes, name, posts], deadline);
  if (answer.ok) return { value: parse(answer.result) };
  const report = await recovered(bytes, name, posts, answer);
  const [kind, detail] = stopOf(answer);
  return { report, stopped: { kind, detail } };
}

/** The rule data: competitions, their posts, essay variants and limits. */
export function rules() {
  return plain("rules", []);
}

/** Which essay variant the posts select: `{variant}` (null without posts). */
export function resolve(posts) {
  return plain("resolve", [Array.from(posts || [], String)]);
}

/** A check's documentation by name or code; every check's without a name. */
export function explain(name = "") {
  return plain("explain", [String(name)]);
}

if (typeof window !== "undefined") {
  window.essaylint = { check, inspect, rules, resolve, explain, ready, DEADLINE_MS };
}

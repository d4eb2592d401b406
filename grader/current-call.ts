/**
 * Which exercise call is running in a grader child, for the parent to name when a job times out
 * ("while n3's onMessage(AppendEntries from n1) was running").
 *
 * A looping call blocks the child's main thread, so the child cannot say anything then: no IPC, no
 * timer. The name therefore lives in shared memory that a small worker thread of the child watches
 * (the parent, another process, cannot read it). Before each call the main thread writes the
 * call's name into the shared buffer and bumps a counter (a copy of a few bytes, encoded once per
 * name by boundary.ts, and two stores); the worker looks every WATCH_INTERVAL_MS and, when the same call has
 * been running through two looks, writes its name to CURRENT_CALL_FILE in the child's own
 * temporary folder, the one place it may write. So the file system is touched only by calls that
 * already last a quarter of a second or more, and the parent reads the file only on a time-out.
 * Learner code can write that file too: what it says is only ever shown as learner-shaped text.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { CURRENT_CALL_FILE } from "./protocol";

/** Longer names are cut: a name is for a person reading a report. */
const NAME_BYTES_MAX = 512;
const WATCH_INTERVAL_MS = 250;
/** Int32 slots: calls entered or left so far, and the byte length of the running call's name (0: none). */
const CALLS = 0;
const NAME_LENGTH = 1;

const shared = new SharedArrayBuffer(8 + NAME_BYTES_MAX);
const counters = new Int32Array(shared, 0, 2);
const nameBytes = new Uint8Array(shared, 8);
const encoder = new TextEncoder();

/** The worker, as plain JavaScript: it must not load tsx or the child's preload (execArgv: []). */
const WATCHER = `
const { workerData } = require("node:worker_threads");
const { writeFileSync } = require("node:fs");
const counters = new Int32Array(workerData.shared, 0, 2);
const nameBytes = new Uint8Array(workerData.shared, 8);
let seen = -1;
let written = -1;
setInterval(() => {
  const calls = Atomics.load(counters, ${CALLS});
  const length = Atomics.load(counters, ${NAME_LENGTH});
  if (calls === seen && length > 0 && written !== calls) {
    written = calls;
    try { writeFileSync(workerData.file, Buffer.from(nameBytes.slice(0, length))); } catch {}
  }
  seen = calls;
}, ${WATCH_INTERVAL_MS});
`;

/**
 * Start the watching thread; the child calls this once, before any learner code loads (and workers
 * are refused), and says it is ready once the thread runs: a job that loops at once is still named.
 */
export function watchCurrentCall(): Promise<void> {
  return new Promise((resolve) => {
    try {
      const worker = new Worker(WATCHER, { eval: true, execArgv: [], workerData: { shared, file: join(process.cwd(), CURRENT_CALL_FILE) } });
      worker.once("online", () => resolve());
      worker.on("error", () => resolve()); // a watcher that fails costs the names of time-outs, never a job
      worker.unref();
    } catch {
      resolve(); // no worker, no names: a time-out is reported as before
    }
  });
}

/** A call's name as the shared memory holds it (encode once, publish often). */
export function encodeName(name: string): Uint8Array {
  return encoder.encode(name).subarray(0, NAME_BYTES_MAX);
}

/**
 * Whether an exercise call is running already. Its own calls across the boundary (a method calling
 * another through `this`, a callback) are not named: the outer call is the one that runs, and
 * naming every inner call would cost more than the calls themselves.
 */
export function inCall(): boolean {
  return running;
}

/** Name the exercise call starting now. */
export function enterCall(name: Uint8Array): void {
  running = true;
  // Plain stores, not Atomics (a fence per call): the watcher may read a name being written, in
  // the instant it changes; a call that loops has long stopped changing it.
  nameBytes.set(name);
  counters[NAME_LENGTH] = name.length;
  counters[CALLS]++;
}

/** The call ended. */
export function leaveCall(): void {
  running = false;
  counters[NAME_LENGTH] = 0;
}

let running = false;

/**
 * The grader's child process: runs jobs (one test, one seed) against one exercise file and
 * sends each result to the parent over IPC. The parent owns the clock: if a job never answers
 * (an infinite loop) it kills this process and starts another for the remaining jobs.
 *
 * Every job starts clean: the graded file (and anything it loads from its own folder) and the
 * test's own folder are loaded afresh, built-ins, course modules, the module loader and the
 * process's methods are checked and restored before and after it, and timers (of any origin)
 * are cleared. So nothing carries over from one test to the next, and a replay of one test with
 * its seed behaves exactly as it did in the full run. The parent starts a fresh child for every
 * submission, so what one submission does never reaches another's tests.
 */
import { createHook } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import Module from "node:module";
import { dirname, resolve, sep } from "node:path";
import { Rng } from "../src/sim/random";
import type { GradedTest, TestContext, Words } from "./api";
import { namedAtBoundary } from "./boundary";
import { watchCurrentCall } from "./current-call";
import { describeThrown, ExitCalled, ReasonError, reasonFromError, reasonTexts } from "./explain";
import { sayParts } from "./i18n/messages";
import { builtIns, courseModules, Guard, type Change, type Guarded } from "./guard";
import type { Attachment, ChildMessage, Job, JobResult, ParentMessage, Reason } from "./protocol";

/** Attachments are pictures for reports; cap them so one test cannot flood the IPC channel. */
const ATTACHMENT_BYTES_MAX = 2_000_000;
/** Printing more than this in one test fails it: megabytes of debug output drown every report. */
const PRINTED_BYTES_MAX = 1_000_000;
/** The course root (the child's working directory is its own temporary folder). */
const ROOT = resolve(__dirname, "..");

/** Taken before any learner code runs, so replacing process.send cannot intercept results. */
const sendToParent = (process.send as NonNullable<typeof process.send>).bind(process);
/**
 * Signs this child's results. Picked before any learner code runs and told to the parent once;
 * it never travels towards the child, so hooking process.emit cannot reveal it, and the way out
 * (process.send and what it calls) is verified right before each result leaves.
 */
const secret = randomBytes(32).toString("hex");

/**
 * Bytes the current job printed, counted here (the parent reads the pipes asynchronously).
 * Past the limit, output is counted but no longer written: a flood costs the test, not the run.
 */
let printedBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    printedBytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length;
    return printedBytes <= PRINTED_BYTES_MAX ? write(chunk, ...rest) : true;
  }) as typeof stream.write;
}

// A node must never end the process; make the attempt an error the test can report.
process.exit = ((code?: number) => {
  throw new ExitCalled(code);
}) as typeof process.exit;

let current: { reject: (error: unknown) => void } | undefined;

/**
 * Timers set since the harness started, whatever set them (the globals, `node:timers`,
 * `timers/promises`): Node reports each one it creates. Cleared when a job ends and before the
 * next starts, so a stray callback cannot hit a later test.
 */
const pendingTimers = new Map<object, "Timeout" | "Immediate">();
createHook({
  init(_id, type, _trigger, resource) {
    if (type === "Timeout" || type === "Immediate") pendingTimers.set(resource, type);
  },
}).enable();

// Asynchronous errors (a learner's stray promise or timer) belong to the job that is running.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => current?.reject(error));
}
process.on("message", (message: ParentMessage) => {
  if (message.type === "run") void runJob(message.job);
});

/** The process methods the harness uses to talk to the parent, receive jobs and load modules. */
const PROCESS_KEYS = [
  "emit", "on", "addListener", "prependListener", "once", "prependOnceListener", "off", "removeListener", "removeAllListeners", "listeners",
  "send", "_send", "_handleQueue", "channel", "connected", "disconnect", "exit", "reallyExit", "kill", "_kill", "abort", "nextTick",
  "_tickCallback", "_fatalException", "binding", "_linkedBinding", "dlopen", "emitWarning", "setUncaughtExceptionCaptureCallback", "hrtime", "memoryUsage",
];

/** Modules Node's loader really loaded from their files; anything else in the module cache was planted there. */
const realLoads = new WeakSet<object>();
const modulePrototype = Module.prototype as unknown as { load(this: object, filename: string): void };
const realLoad = modulePrototype.load;
modulePrototype.load = function load(this: object, filename: string): void {
  Reflect.apply(realLoad, this, [filename]);
  realLoads.add(this);
};

const watching = watchCurrentCall(); // a worker of the harness's own, started before workers are refused
refuseProcessesAndWorkers();
const guard = new Guard();
guard.watch([...builtIns(), ...harness()]);
/** The module cache's entries outside the folders loaded afresh per job: swapping or planting one is tampering. */
const loadedModules = new Map<string, NodeJS.Module | undefined>();

/** The grader's own listeners: learner code that adds or removes one could read jobs or stall them. */
const GUARDED_EVENTS = ["message", "uncaughtException", "unhandledRejection"];
const processEvents: NodeJS.EventEmitter = process;
const ownListeners = new Map(GUARDED_EVENTS.map((event) => [event, processEvents.listeners(event)]));

async function runJob(job: Job): Promise<void> {
  const started = performance.now();
  let result: JobResult;
  try {
    result = await runGuarded(job, started);
  } catch (error) {
    // The harness itself must always answer; whatever went wrong costs this test, with words.
    result = { testId: job.testId, seed: job.seed, passed: false, reason: { kind: "exception", ...sayParts("testCouldNotRun", reasonTexts(reasonFromError(error, job.fileLabel, job.exerciseFile))) }, attachments: [], notes: [], durationMs: performance.now() - started };
  }
  // Nothing may run between the last check and the send: put back what the way out uses, then send.
  const late = integrityChanges([dirname(job.exerciseFile) + sep, dirname(job.testModule) + sep]);
  if (late.length > 0) result = { ...result, passed: false, reason: changesReason(late) };
  sendToParent({ type: "result", secret, job, result: capAttachments(result) } satisfies ChildMessage);
}

async function runGuarded(job: Job, started: number): Promise<JobResult> {
  const attachments: Attachment[] = [];
  const notes: string[] = [];
  const onFailure: LazyAttachment[] = [];
  // Set by ctx.premise, which only test code holds: learner code cannot declare a run inconclusive.
  const premise: { failed?: Words } = {};
  const freshDirs = [dirname(job.exerciseFile) + sep, dirname(job.testModule) + sep];
  // Code left running by an earlier test (a promise chain, a file callback) may have hooked the harness since.
  const between = integrityChanges(freshDirs);
  for (const dir of freshDirs) forgetModulesUnder(dir);
  printedBytes = 0;
  let failed = false;
  let failure: unknown;
  try {
    const test = findTest(job);
    guard.watch(courseModules(ROOT, freshDirs));
    const ctx = makeContext(job, attachments, notes, onFailure, premise);
    await new Promise<void>((resolve, reject) => {
      current = { reject };
      Promise.resolve()
        .then(() => test.run(ctx))
        .then(() => resolve(), reject);
    });
  } catch (error) {
    // Any thrown value fails the test: `undefined`, a Proxy, an object whose toString throws.
    failed = true;
    failure = error;
  } finally {
    current = undefined;
  }
  // Drawing may call into the run's objects, so it happens under the same guard as the test.
  if (failed) drawOnFailure(onFailure, attachments, notes);
  clearTimers();
  guard.watch(courseModules(ROOT, freshDirs));
  const changes = [...between.map((change) => ({ ...change, text: `${change.text} (between tests)` })), ...integrityChanges(freshDirs)];
  const reason = premise.failed !== undefined ? inconclusiveReason(premise.failed) : failed ? learnerReason(failure, job) : undefined;
  const result: JobResult = {
    testId: job.testId,
    seed: job.seed,
    passed: false,
    reason: changesReason(changes) ?? reason ?? outputReason(),
    attachments,
    notes,
    durationMs: performance.now() - started,
  };
  result.passed = result.reason === undefined;
  return result;
}

/** Why a thrown value failed the test; only ctx.premise may call a run inconclusive, never a thrown ReasonError. */
function learnerReason(failure: unknown, job: Job): Reason {
  const reason = reasonFromError(failure, job.fileLabel, job.exerciseFile);
  if (reason.kind !== "inconclusive") return reason;
  return { kind: "tampering", ...sayParts("forgedInconclusive") };
}

/**
 * What the harness relies on, restored if changed: built-ins, course modules, the module loader,
 * the process's methods and the IPC path results leave by, the module cache's course entries and
 * the grader's process listeners. Synchronous, so no learner code runs between it and a send.
 */
function integrityChanges(freshDirs: readonly string[]): Change[] {
  clearTimers();
  return [...guard.restore(), ...restoreModuleCache(freshDirs), ...restoreListeners()];
}

/**
 * The permission model must allow child processes and workers in this process (tsx's esbuild
 * runs in a worker that talks to esbuild's binary, started while the harness loaded); learner code
 * gets refusals instead. Node's internal bindings, the only other way to them, are closed by the
 * permission model. Signals to other processes are refused too (the disposable shell between the
 * grader and this child is the second line).
 */
function refuseProcessesAndWorkers(): void {
  const refuse = (what: string) =>
    function refused(): never {
      throw new Error(`${what} is not available to exercise code: the grader runs it without child processes or workers`);
    };
  const processes = require("node:child_process") as Record<string, unknown>;
  for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork", "ChildProcess"]) processes[name] = refuse(`child_process.${name}`);
  const workers = require("node:worker_threads") as Record<string, unknown>;
  workers.Worker = refuse("worker_threads.Worker");
  // process.kill goes through process._kill: a process may still end itself, but signal no other (the grader, its group)
  const signals = process as unknown as { _kill: (pid: number, signal: number) => number };
  const kill = signals._kill;
  const ownPid = process.pid;
  signals._kill = function checkedKill(pid: number, signal: number): number {
    if (pid !== ownPid) throw new Error(`process.kill(${pid}) is not available to exercise code: it may signal no other process`);
    return Reflect.apply(kill, process, [pid, signal]) as number;
  };
}

/** The objects that make up the harness: the process's methods, the module loader, the output streams. */
function harness(): Guarded[] {
  const moduleLoader = Module as unknown as { prototype: object; _extensions: object };
  return [
    { name: "process", target: process, kind: "tampering", keys: PROCESS_KEYS },
    { name: "process.stdout", target: process.stdout, kind: "tampering", keys: ["write"] },
    { name: "process.stderr", target: process.stderr, kind: "tampering", keys: ["write"] },
    { name: "Module", target: Module, kind: "tampering" },
    { name: "Module.prototype", target: moduleLoader.prototype, kind: "tampering" },
    { name: "Module._extensions", target: moduleLoader._extensions, kind: "tampering" },
    { name: "child_process", target: require("node:child_process") as object, kind: "tampering" },
    { name: "worker_threads", target: require("node:worker_threads") as object, kind: "tampering" },
  ];
}


/**
 * Put back cache entries that were replaced or removed, and drop planted ones (a swapped test
 * helper or course module would judge instead of the real one); remember modules the loader
 * really loaded since. Entries under `freshDirs` are reloaded for every job anyway.
 */
function restoreModuleCache(freshDirs: readonly string[]): Change[] {
  const changes: Change[] = [];
  for (const [file, module] of loadedModules) {
    if (require.cache[file] === module) continue;
    changes.push({ kind: "tampering", text: `${require.cache[file] ? "replaced" : "removed"} the loaded module ${relativeLabel(file)}` });
    require.cache[file] = module;
  }
  for (const [file, module] of Object.entries(require.cache)) {
    if (loadedModules.has(file) || freshDirs.some((dir) => file.startsWith(dir))) continue;
    if (module && realLoads.has(module)) {
      loadedModules.set(file, module);
    } else {
      changes.push({ kind: "tampering", text: `planted a module for ${relativeLabel(file)} in the module cache` });
      delete require.cache[file];
    }
  }
  return changes;
}

function relativeLabel(file: string): string {
  return file.startsWith(ROOT + sep) ? file.slice(ROOT.length + 1) : file;
}

function clearTimers(): void {
  for (const [timer, type] of pendingTimers) {
    if (type === "Timeout") clearTimeout(timer as NodeJS.Timeout);
    else clearImmediate(timer as NodeJS.Immediate);
  }
  pendingTimers.clear();
}

/** Changed built-ins or course code come first: whatever the test concluded ran on top of them. */
function changesReason(changes: Change[]): Reason | undefined {
  const tampering = changes.filter((change) => change.kind === "tampering").map((change) => change.text);
  if (tampering.length > 0) {
    return { kind: "tampering", ...sayParts("tampering", tampering.slice(0, 5).join(", ")) };
  }
  const globals = changes.map((change) => change.text);
  if (globals.length === 0) return undefined;
  return { kind: "globals", ...sayParts("globals", globals.slice(0, 5).join(", ")) };
}

function inconclusiveReason(premise: Words): Reason {
  return { kind: "inconclusive", ...sayParts("inconclusive", premise) };
}

function outputReason(): Reason | undefined {
  if (printedBytes <= PRINTED_BYTES_MAX) return undefined;
  const megabytes = (printedBytes / 1e6).toFixed(1);
  return { kind: "output", ...sayParts("outputLimit", megabytes, PRINTED_BYTES_MAX / 1e6) };
}

/** Put the grader's process listeners back as they were; returns what learner code had changed. */
function restoreListeners(): Change[] {
  const changes: Change[] = [];
  for (const [event, own] of ownListeners) {
    const now = processEvents.listeners(event);
    if (now.length === own.length && now.every((listener, i) => listener === own[i])) continue;
    changes.push({ kind: "tampering", text: `changed process.on("${event}") listeners` });
    processEvents.removeAllListeners(event);
    for (const listener of own) processEvents.on(event, listener as (...args: unknown[]) => void);
  }
  return changes;
}

function findTest(job: Job): GradedTest {
  const { tests } = require(job.testModule) as { tests: GradedTest[] };
  const name = job.testId.split(".").slice(2).join(".");
  const test = tests.find((candidate) => candidate.name === name);
  if (!test) throw new Error(`the grader has no test ${job.testId} in ${job.testModule}`);
  return test;
}

interface LazyAttachment {
  title: string;
  render: () => string;
}

function makeContext(job: Job, attachments: Attachment[], notes: string[], onFailure: LazyAttachment[], premise: { failed?: Words }): TestContext {
  let module: Record<string, unknown> | undefined;
  const load = <T>(): T => {
    if (module === undefined) module = loadGraded(job);
    return module as T;
  };
  return {
    seed: job.seed,
    rng: Rng.derive(job.seed, "test-inputs"),
    file: job.fileLabel,
    load,
    exported<T>(name: string): T {
      const value = load<Record<string, unknown>>()[name];
      if (value === undefined) {
        throw new ReasonError({ kind: "missing-export", ...sayParts("missingExport", job.fileLabel, name) });
      }
      if (typeof value !== "function") {
        throw new ReasonError({ kind: "missing-export", ...sayParts("exportNotCallable", job.fileLabel, name, typeof value) });
      }
      return namedAtBoundary(name, value) as T;
    },
    attach(title: string, html: string): void {
      attachments.push({ title, html });
    },
    attachOnFailure(title: string, render: () => string): void {
      onFailure.push({ title, render });
    },
    note(text: string): void {
      notes.push(text);
    },
    premise(condition: boolean, message: Words | (() => Words)): void {
      if (condition) return;
      const failed = typeof message === "function" ? message() : message;
      premise.failed = failed;
      throw new Error(`premise failed: ${typeof failed === "string" ? failed : failed.en}`);
    },
  };
}

/** Draw the pictures a failed run asked for; a picture that cannot be drawn becomes a note. */
function drawOnFailure(lazy: LazyAttachment[], attachments: Attachment[], notes: string[]): void {
  for (const { title, render } of lazy) {
    try {
      attachments.push({ title, html: render() });
    } catch (error) {
      notes.push(`the picture "${title}" could not be drawn: ${describeThrown(error)}`);
    }
  }
}

function loadGraded(job: Job): Record<string, unknown> {
  try {
    return require(job.exerciseFile) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ExitCalled) throw error;
    const text = describeThrown(error);
    if (text.includes("Transform failed")) {
      throw new ReasonError({ kind: "compile", ...sayParts("syntaxError", job.fileLabel, firstLines(text.replace(job.exerciseFile, job.fileLabel), 6)) });
    }
    const reason = reasonFromError(error, job.fileLabel, job.exerciseFile);
    throw new ReasonError({ kind: reason.kind === "exception" ? "import" : reason.kind, ...sayParts("loadingFailed", job.fileLabel, reasonTexts(reason)), details: reason.details });
  }
}

/** Drop cached modules under `dir` so the next require loads them afresh (and the cache check expects them to change). */
function forgetModulesUnder(dir: string): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(dir)) delete require.cache[key];
  for (const key of loadedModules.keys()) if (key.startsWith(dir)) loadedModules.delete(key);
}

function capAttachments(result: JobResult): JobResult {
  let bytes = 0;
  const kept = result.attachments.filter((attachment) => (bytes += attachment.html.length) <= ATTACHMENT_BYTES_MAX);
  const dropped = result.attachments.length - kept.length;
  return dropped === 0 ? result : { ...result, attachments: kept, notes: [...result.notes, `${dropped} picture(s) left out: over ${ATTACHMENT_BYTES_MAX / 1e6} MB`] };
}

function firstLines(text: string, count: number): string {
  return text.split("\n").slice(0, count).join("\n");
}

for (const [file, module] of Object.entries(require.cache)) loadedModules.set(file, module);
void watching.then(() => sendToParent({ type: "ready", secret, pid: process.pid } satisfies ChildMessage));

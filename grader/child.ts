/**
 * The grader's child process: runs jobs (one test, one seed) against one exercise file and
 * sends each result to the parent over IPC. The parent owns the clock: if a job never answers
 * (an infinite loop) it kills this process and starts another for the remaining jobs.
 *
 * Every job starts clean: the graded file (and anything it loads from its own folder) is
 * loaded afresh, so a module-level variable cannot carry state from one test to the next, and
 * a replay of one test with its seed behaves exactly as it did in the full run.
 */
import { dirname, sep } from "node:path";
import { Rng } from "../src/sim/random";
import type { GradedTest, TestContext } from "./api";
import { ExitCalled, ReasonError, reasonFromError } from "./explain";
import { restoreGlobals, snapshotGlobals } from "./globals-guard";
import type { Attachment, ChildMessage, Job, JobResult, ParentMessage } from "./protocol";

/** Attachments are pictures for reports; cap them so one test cannot flood the IPC channel. */
const ATTACHMENT_BYTES_MAX = 2_000_000;
/** Printing more than this in one test fails it: megabytes of debug output drown every report. */
const PRINTED_BYTES_MAX = 1_000_000;

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

let current: { job: Job; reject: (error: unknown) => void } | undefined;

// Asynchronous errors (a learner's stray promise or timer) belong to the job that is running.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => current?.reject(error));
}

process.on("message", (message: ParentMessage) => {
  if (message.type === "run") void runJob(message.job);
});

async function runJob(job: Job): Promise<void> {
  const started = performance.now();
  const attachments: Attachment[] = [];
  const notes: string[] = [];
  const gradedDir = dirname(job.exerciseFile) + sep;
  forgetModulesUnder(gradedDir);
  printedBytes = 0;
  const globals = snapshotGlobals();
  let failure: unknown;
  try {
    const test = findTest(job);
    const ctx = makeContext(job, attachments, notes);
    await new Promise<void>((resolve, reject) => {
      current = { job, reject };
      Promise.resolve()
        .then(() => test.run(ctx))
        .then(() => resolve(), reject);
    });
  } catch (error) {
    failure = error;
  } finally {
    current = undefined;
  }
  const changed = restoreGlobals(globals);
  let result: JobResult = { testId: job.testId, seed: job.seed, passed: failure === undefined, attachments, notes, durationMs: performance.now() - started };
  if (failure !== undefined) result.reason = reasonFromError(failure, job.fileLabel, job.exerciseFile);
  if (printedBytes > PRINTED_BYTES_MAX && result.reason === undefined) {
    const megabytes = (printedBytes / 1e6).toFixed(1);
    result = {
      ...result,
      passed: false,
      reason: { kind: "output", message: `printed ${megabytes} MB during this test (the limit is ${PRINTED_BYTES_MAX / 1e6} MB): remove debugging output from loops and handlers` },
    };
  }
  if (changed.length > 0) {
    result = {
      ...result,
      passed: false,
      reason: result.reason ?? {
        kind: "globals",
        message: `your code changed built-ins the tests rely on (${changed.slice(0, 5).join(", ")}); the grader put them back. Keep protocol code free of global patches.`,
      },
    };
  }
  send({ type: "result", result: capAttachments(result) });
}

function findTest(job: Job): GradedTest {
  const { tests } = require(job.testModule) as { tests: GradedTest[] };
  const name = job.testId.split(".").slice(2).join(".");
  const test = tests.find((candidate) => candidate.name === name);
  if (!test) throw new Error(`the grader has no test ${job.testId} in ${job.testModule}`);
  return test;
}

function makeContext(job: Job, attachments: Attachment[], notes: string[]): TestContext {
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
        throw new ReasonError({ kind: "missing-export", message: `${job.fileLabel} does not export ${name}; the tests need \`export ... ${name}\`` });
      }
      if (typeof value !== "function") {
        throw new ReasonError({ kind: "missing-export", message: `${job.fileLabel} exports ${name}, but as a ${typeof value}; the tests need a function or class` });
      }
      return value as T;
    },
    attach(title: string, html: string): void {
      attachments.push({ title, html });
    },
    note(text: string): void {
      notes.push(text);
    },
  };
}

function loadGraded(job: Job): Record<string, unknown> {
  try {
    return require(job.exerciseFile) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ExitCalled) throw error;
    const text = error instanceof Error ? error.message : String(error);
    if (text.includes("Transform failed")) {
      throw new ReasonError({ kind: "compile", message: `${job.fileLabel} has a syntax error: ${firstLines(text.replace(job.exerciseFile, job.fileLabel), 6)}` });
    }
    const reason = reasonFromError(error, job.fileLabel, job.exerciseFile);
    throw new ReasonError({ kind: reason.kind === "exception" ? "import" : reason.kind, message: `loading ${job.fileLabel} failed: ${reason.message}`, details: reason.details });
  }
}

/** Drop cached modules under `dir` (the graded file's folder) so the next require loads them afresh. */
function forgetModulesUnder(dir: string): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(dir)) delete require.cache[key];
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

function send(message: ChildMessage): void {
  process.send?.(message);
}

send({ type: "ready" });

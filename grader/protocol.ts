/**
 * What the grader's parent and child processes say to each other over IPC. Results travel
 * only this way, never through the child's stdout, which belongs to the learner's code.
 */
import type { Translations } from "./i18n/language";

/** One run of one test with one seed. */
export interface Job {
  testId: string;
  /** Absolute path of the module exporting the test. */
  testModule: string;
  /** Absolute path of the file under test (the learner's, the reference, or a mutant). */
  exerciseFile: string;
  /** That file's path for messages, relative to the course root: "exercises/week0/quorum.ts". */
  fileLabel: string;
  seed: number;
}

/** Why a test lost its points: a kind for tables and tools, and words for people. */
export interface Reason {
  kind: ReasonKind;
  /** In English, always: tools read it (report/groups.ts) and untranslated words fall back to it. */
  message: string;
  /** The message in other languages (grader/i18n/), where the grader or the test gave one. */
  messageIn?: Translations;
  details?: string;
}

export type ReasonKind =
  | "failed" // an assertion of the test: the behaviour is wrong
  | "not-implemented" // a stub still throws NotImplementedError
  | "exception" // the learner's code threw
  | "harness" // the grader's or the course's code threw, with no frame of the learner's file in its stack
  | "timeout" // the wall-clock limit passed (an infinite loop?)
  | "crash" // the child process died
  | "memory" // the memory cap was hit
  | "compile" // the file has type or syntax errors
  | "import" // loading the file threw
  | "missing-export" // an export the test needs is absent
  | "exit" // the code called process.exit()
  | "output" // the code printed more than the limit
  | "globals" // the code replaced a global (Math.random, a prototype method, ...)
  | "tampering" // the code changed the course's or the grader's own code, or spoke to the grader
  | "inconclusive"; // the test's own setup did not happen as intended (ctx.premise): never charged

export interface Attachment {
  title: string;
  html: string;
}

export interface JobResult {
  testId: string;
  seed: number;
  passed: boolean;
  reason?: Reason;
  attachments: Attachment[];
  notes: string[];
  durationMs: number;
  /** The tail of what the code printed during this job (kept by the parent). */
  output?: string;
}

/**
 * The file, in the child's temporary folder, that names the exercise call running in the child
 * once that call has run for a while (current-call.ts); the parent reads it when a job times out.
 */
export const CURRENT_CALL_FILE = "current-call.txt";

export type ParentMessage = { type: "run"; job: Job };
/**
 * The child picks `secret` when it starts, before any learner code loads, and signs every result
 * with it; no message to the child carries it, so learner code (which can call process.send and
 * hook process.emit) cannot learn it. A result also names the job it ran, which the parent
 * compares with the job it sent: a job altered on its way in does not count.
 */
export type ChildMessage = { type: "ready"; secret: string; pid: number } | { type: "result"; secret: string; job: Job; result: JobResult };

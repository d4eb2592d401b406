/**
 * Turn whatever a test run threw into a Reason: a kind, and words that tell the learner what
 * broke and where. Stack frames are shown only from the graded file, never from the grader's
 * own (hidden) test code. An error none of whose stack frames lies in the submission's folder was
 * thrown by the grader's or the course's code: it is reported as such ("harness"), never as
 * "your code threw".
 */
import { dirname, sep } from "node:path";
import { isNotImplemented } from "../src/contracts/not-implemented";
import { TestFailure } from "./api";
import type { Texts } from "./i18n/language";
import { allTexts, say, sayParts } from "./i18n/messages";
import type { Reason } from "./protocol";

/** Thrown by the harness to fail a test with a ready Reason (missing export, import failure, ...). */
export class ReasonError extends Error {
  constructor(readonly reason: Reason) {
    super(reason.message);
    this.name = "ReasonError";
  }
}

/** What `process.exit` throws inside the grader's child, instead of ending it. */
export class ExitCalled extends Error {
  constructor(readonly code: unknown) {
    super(`process.exit(${code === undefined ? "" : String(code)})`);
    this.name = "ExitCalled";
  }
}

/**
 * Any thrown value fails the test, `undefined` and Proxies included. Describing it runs learner
 * code (getters, toString, Proxy traps) that may throw again; then the value is named as such.
 */
export function reasonFromError(error: unknown, fileLabel: string, gradedPath: string): Reason {
  try {
    return describeError(error, fileLabel, gradedPath);
  } catch {
    return { kind: "exception", ...sayParts("undescribableThrow") };
  }
}

function describeError(error: unknown, fileLabel: string, gradedPath: string): Reason {
  if (error instanceof ReasonError) return error.reason;
  if (error instanceof TestFailure) return { kind: "failed", message: error.message, messageIn: error.messageIn, details: error.details };
  const missing = unwrap(error, isNotImplemented);
  if (missing) return { kind: "not-implemented", ...sayParts("notImplemented", missing.what, missing.file) };
  const exit = unwrap(error, (e): e is ExitCalled => e instanceof ExitCalled);
  if (exit) return { kind: "exit", ...sayParts("exitCalled", exit.message) };
  const denied = unwrap(error, (e): e is Error & { permission?: unknown; resource?: unknown } => e instanceof Error && (e as { code?: unknown }).code === "ERR_ACCESS_DENIED");
  if (denied) {
    const what = `${String(denied.permission ?? "access")}${denied.resource ? `: ${String(denied.resource)}` : ""}`;
    return { kind: "exception", ...sayParts("accessDenied", what), details: learnerFrames(error, gradedPath, fileLabel) || undefined };
  }
  if (error instanceof Error && (error.name === "LivelockError" || error.name === "LivenessError")) {
    return { kind: "failed", message: error.message };
  }
  const text = error instanceof Error ? allTexts(`${String(error.name)}: ${String(error.message)}`, undefined) : say("nonErrorValue", nonErrorText(error));
  if (thrownByHarness(error, gradedPath)) return harnessReason(text, fileLabel);
  const frames = learnerFrames(error, gradedPath, fileLabel);
  if (error instanceof Error && error.name === "HandlerError") return { kind: "exception", message: error.message, details: frames || undefined };
  return { kind: "exception", ...sayParts("yourCodeThrew", text), details: frames || undefined };
}

/**
 * The grader's or the course's own code threw, with no frame of the submission anywhere in the
 * error's stacks. Still charged, as a failure is: such an error may come from a value the
 * learner's code returned (a checker reading a field of `undefined`), and an uncharged run would
 * let that code pass. The words say plainly whose code threw, and what to do about either cause.
 */
function harnessReason(text: Texts, fileLabel: string): Reason {
  return { kind: "harness", ...sayParts("harness", text, fileLabel) };
}

/** A reason's message in every language, to word another reason around it. */
export function reasonTexts(reason: Reason): Texts {
  return allTexts(reason.message, reason.messageIn);
}

/**
 * True when `error` (and what it wraps) carries stacks and none of their frames lies in the
 * submission's folder (the graded file, or a helper file the learner put beside it). A thrown
 * non-Error, or an error without a stack, cannot be placed and stays the submission's; so does a
 * rule of the node API the simulator found broken by a node (a HandlerError around a
 * SimulationError, e.g. an async handler), which the simulator raises after the handler returned.
 */
function thrownByHarness(error: unknown, gradedPath: string): boolean {
  const chain = errorChain(error);
  if (chain.some((current, i) => current.name === "HandlerError" && chain[i + 1]?.name === "SimulationError")) return false;
  const stacks = chain.flatMap((current) => (current.stack ? [current.stack] : []));
  if (stacks.length === 0) return false;
  const folder = dirname(gradedPath) + sep;
  return stacks.every((stack) => !stack.includes(folder));
}

/** The error and those it wraps (`thrown` of the simulator's HandlerError, `cause`), Errors only. */
function errorChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current: unknown = error; current instanceof Error && chain.length < 5; ) {
    chain.push(current);
    current = (current as { thrown?: unknown }).thrown ?? current.cause;
  }
  return chain;
}

/** A thrown value in words, for messages: its message, or what it is; never throws. */
export function describeThrown(value: unknown): string {
  try {
    return value instanceof Error ? String(value.message) : nonErrorText(value);
  } catch {
    return "a value that cannot be described (printing it threw again)";
  }
}

function nonErrorText(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 200 ? `${value.slice(0, 199)}…` : value);
  return String(value);
}

/** The error, or the one it wraps (the simulator's HandlerError keeps it in `thrown`). */
function unwrap<T>(error: unknown, is: (value: unknown) => value is T): T | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (is(current)) return current;
    current = (current as { thrown?: unknown }).thrown ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Stack lines that point into the graded file, with the path shown as the learner knows it. */
export function learnerFrames(error: unknown, gradedPath: string, fileLabel: string): string {
  const frames = errorChain(error)
    .flatMap((current) => (current.stack ? [current.stack] : []))
    .join("\n")
    .split("\n")
    .filter((line) => line.includes(gradedPath))
    .map((line) => line.replace(gradedPath, fileLabel).trim());
  return [...new Set(frames)].slice(0, 8).join("\n");
}

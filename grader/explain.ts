/**
 * Turn whatever a test run threw into a Reason: a kind, and words that tell the learner what
 * broke and where. Stack frames are shown only from the graded file, never from the grader's
 * own (hidden) test code.
 */
import { isNotImplemented } from "../src/contracts/not-implemented";
import { TestFailure } from "./api";
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
    return { kind: "exception", message: "your code threw a value that cannot be described: reading or printing it threw again (a throwing toString, getter or Proxy?)" };
  }
}

function describeError(error: unknown, fileLabel: string, gradedPath: string): Reason {
  if (error instanceof ReasonError) return error.reason;
  if (error instanceof TestFailure) return { kind: "failed", message: error.message, details: error.details };
  const missing = unwrap(error, isNotImplemented);
  if (missing) return { kind: "not-implemented", message: `not implemented yet: ${missing.what} (write it in ${missing.file})` };
  const exit = unwrap(error, (e): e is ExitCalled => e instanceof ExitCalled);
  if (exit) return { kind: "exit", message: `your code called ${exit.message}; protocol code must never end the process` };
  const denied = unwrap(error, (e): e is Error & { permission?: unknown; resource?: unknown } => e instanceof Error && (e as { code?: unknown }).code === "ERR_ACCESS_DENIED");
  if (denied) {
    const what = `${String(denied.permission ?? "access")}${denied.resource ? `: ${String(denied.resource)}` : ""}`;
    return { kind: "exception", message: `your code used something the grader does not allow (${what}); exercise code reads and writes no files outside its folder and starts no processes`, details: learnerFrames(error, gradedPath, fileLabel) || undefined };
  }
  if (error instanceof Error && (error.name === "LivelockError" || error.name === "LivenessError")) {
    return { kind: "failed", message: error.message };
  }
  const frames = learnerFrames(error, gradedPath, fileLabel);
  const text = error instanceof Error ? `${String(error.name)}: ${String(error.message)}` : `a non-Error value: ${nonErrorText(error)}`;
  const message = error instanceof Error && error.name === "HandlerError" ? error.message : `your code threw ${text}`;
  return { kind: "exception", message, details: frames || undefined };
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
  const stacks: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.stack) stacks.push(current.stack);
    current = (current as { thrown?: unknown }).thrown;
  }
  const frames = stacks
    .join("\n")
    .split("\n")
    .filter((line) => line.includes(gradedPath))
    .map((line) => line.replace(gradedPath, fileLabel).trim());
  return [...new Set(frames)].slice(0, 8).join("\n");
}

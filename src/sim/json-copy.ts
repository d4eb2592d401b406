/**
 * Copy plain JSON data, refusing anything a real network could not carry.
 *
 * Messages, timers and stored values cross a process boundary in the live cluster (HTTP/JSON),
 * so the simulator enforces the same rule: a Map, a Set, a Date, a class instance, a function,
 * NaN or an `undefined` array slot is a bug that would only show up in production. Copying on
 * send also gives receivers their own object, as serialization would.
 */
import type { Json } from "../contracts/node";

export class NotJsonError extends TypeError {
  constructor(what: string, path: string, found: string) {
    super(`${what} must be plain JSON data, but ${path} is ${found}`);
    this.name = "NotJsonError";
  }
}

/**
 * A deep copy of `value`. `what` names the value in the error ("the message n1 sent to n2"),
 * `rootName` starts the path to the culprit ("msg" gives "msg.entries[2] is a Map").
 * Object properties whose value is `undefined` are dropped, as JSON.stringify drops them.
 */
export function copyJson<T>(value: T, what: string, rootName = "value"): T {
  const copied = copy(value, 0);
  if (copied === INVALID) throw describeProblem(value, what, rootName, 0) ?? new NotJsonError(what, rootName, "not JSON");
  return copied as T;
}

/** Objects nested deeper than this are almost surely cyclic. */
const DEPTH_MAX = 200;

/** Returned (not thrown) by the hot path; the slow path then finds and names the culprit. */
const INVALID: unique symbol = Symbol("invalid JSON");

function copy(value: unknown, depth: number): Json | typeof INVALID {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : INVALID;
    case "object":
      break;
    default:
      return INVALID;
  }
  if (value === null) return null;
  if (depth > DEPTH_MAX) return INVALID;
  if (Array.isArray(value)) {
    const out: Json[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copy(value[i], depth + 1);
      if (item === INVALID) return INVALID;
      out[i] = item;
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return INVALID;
  const out: { [key: string]: Json } = {};
  for (const key in value as Record<string, unknown>) {
    const raw = (value as Record<string, unknown>)[key];
    if (raw === undefined) continue;
    const item = copy(raw, depth + 1);
    if (item === INVALID) return INVALID;
    out[key] = item;
  }
  return out;
}

/** Walk `value` again, tracking the path, and describe the first thing that is not JSON. */
function describeProblem(value: unknown, what: string, path: string, depth: number): NotJsonError | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : new NotJsonError(what, path, String(value));
  if (typeof value !== "object") return new NotJsonError(what, path, `a ${typeof value}`);
  if (depth > DEPTH_MAX) return new NotJsonError(what, path, `nested more than ${DEPTH_MAX} levels deep (a cycle?)`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) return new NotJsonError(what, `${path}[${i}]`, "undefined");
      const problem = describeProblem(value[i], what, `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as object).constructor?.name ?? "object with a custom prototype";
    return new NotJsonError(what, path, `a ${name} (use arrays and plain objects instead)`);
  }
  for (const key in value as Record<string, unknown>) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const problem = describeProblem(item, what, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

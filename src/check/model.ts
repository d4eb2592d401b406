/**
 * What a sequential model is: the behaviour of one copy of an object acting alone, atomically,
 * written as pure data plus a step function. The linearizability checker searches for an order
 * of the recorded operations, consistent with real time, in which every step is legal.
 *
 * Laws every model keeps (the checker relies on them, the tests check them for ours):
 *   - `step` is pure: same state, input and output, same answer; it never mutates `state`.
 *   - With an unknown output (`undefined`: the operation is indeterminate) `step` never says
 *     ILLEGAL: it returns the state the operation would leave, whatever it would have answered.
 *   - Equal states have equal `stateKey`s, and different states different keys.
 */
import type { Json } from "../contracts/node";

/** The answer of `step` when the output is impossible in that state. */
export const ILLEGAL: unique symbol = Symbol("illegal");
export type Illegal = typeof ILLEGAL;

/**
 * What an operation means for a register-like cell, for explanations and for the shrinker's
 * rules about which operations can be left out without changing the verdict.
 *   read   observed `value` and changed nothing
 *   write  set the cell to `value` whatever it held
 *   cas    compare-and-set: `swapped` true or false, or undefined when unknown
 *   append appended `value` to the cell's string: it leaves some string (which depends on the state)
 *   other  anything else: the explainer, shrinker and pruning leave it alone
 */
export type OpMeaning =
  | { kind: "read"; value: Json }
  | { kind: "write"; value: Json }
  | { kind: "cas"; from: Json; to: Json; swapped: boolean | undefined }
  | { kind: "append"; value: string }
  | { kind: "other" };

export interface Model<S = Json, I = Json, O = Json> {
  /** "register", "cas-register", "kv": used in messages. */
  name: string;
  /** The state before any operation. */
  init: S;
  /** The state after `input` answered `output` in `state`, or ILLEGAL. `output` undefined: unknown. */
  step(state: S, input: I, output: O | undefined): S | Illegal;
  /** A string equal for equal states, different for different ones (memoization). */
  stateKey(state: S): string;
  /** A state in words: "3", "nil", "\"ab\"". */
  describeState(state: S): string;
  /** An operation in words: "write(3)", "read() -> 3", "cas(1, 2) -> false"; "?" for an unknown output. */
  describe(input: I, output: O | undefined): string;
  /**
   * Why this is not an operation of the model (wrong name, missing field, a cas answering
   * something other than true or false), or undefined when it is. Checked before searching.
   */
  operationProblem(input: unknown, output: unknown): string | undefined;
  /** Operations that change nothing when their answer is unknown (reads): the checker leaves them out. */
  isReadOnly(input: I): boolean;
  /** Independent parts checked separately (a map: one part per key); absent: one part. */
  partitionKey?(input: I): string;
  /** Register-like meaning of an operation (explanations, shrinking, pruning). */
  meaning(input: I, output: O | undefined): OpMeaning;
  /**
   * True when the state is the cell's value itself, with `stateKey` equal to `valueKey`: then the
   * search may prune by values ("a read of 3 is still to come, nothing left can write 3, and the
   * cell does not hold 3: dead end").
   */
  stateIsValue?: boolean;
  /**
   * True when, from `state`, a read (or a cas that answered false) changes the state: a model
   * that starts from an unknown value, which the first read pins down. The search then does not
   * take such an operation first without branching, which is safe only when observing changes
   * nothing. Undefined: observing never changes the state.
   */
  observingChangesState?(state: S): boolean;
}

/** A model whose types the caller does not know (histories loaded from files). */
export type AnyModel = Model<any, any, any>;

/**
 * A canonical text for a JSON value: equal values, equal texts (object keys sorted). Numbers and
 * strings stay distinct (3 vs "3"), and nil is "null".
 */
export function valueKey(value: Json | undefined): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueKey).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${valueKey(value[key])}`).join(",")}}`;
}

/** Value equality for JSON (the fast path covers numbers, strings and nil). */
export function sameValue(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return valueKey(a) === valueKey(b);
}

/** A value in explanations: nil for the empty register, strings quoted. */
export function showValue(value: Json | undefined): string {
  return value === null || value === undefined ? "nil" : JSON.stringify(value);
}

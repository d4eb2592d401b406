/**
 * The sequential models the course checks histories against:
 *
 *   register       read() -> v, write(v)                        (state: the value, nil at first)
 *   cas-register   the register plus cas(from, to) -> true/false (swaps only if it held `from`)
 *   kv             get(k) -> v, put(k, v), append(k, s), delete(k), cas(k, from, to),
 *                  one independent register per key: checked key by key
 *   kv-6.824       kv where a key never written reads as "" (MIT 6.824's labs), not nil
 *
 * All three are one "cell" (a single value) seen through different operation names. A cas that
 * answered false is a determinate operation that changed nothing: at its linearization point the
 * cell did not hold `from`.
 */
import type { Json } from "../contracts/node";
import { ILLEGAL, sameValue, showValue, valueKey, type AnyModel, type Illegal, type Model, type OpMeaning } from "./model";

export type RegisterInput = { f: "read" } | { f: "write"; value: Json } | { f: "cas"; from: Json; to: Json };
export type KvInput =
  | { f: "get"; key: string }
  | { f: "put"; key: string; value: Json }
  | { f: "append"; key: string; value: string }
  | { f: "delete"; key: string }
  | { f: "cas"; key: string; from: Json; to: Json };

/** One cell operation, whatever the model calls it. */
type CellOp = { f: "read" } | { f: "write"; value: Json } | { f: "cas"; from: Json; to: Json } | { f: "append"; value: string };

function cellStep(state: Json, op: CellOp, output: Json | undefined): Json | Illegal {
  switch (op.f) {
    case "read":
      return output === undefined || sameValue(state, output) ? state : ILLEGAL;
    case "write":
      return op.value;
    case "cas": {
      const holdsFrom = sameValue(state, op.from);
      if (output === undefined) return holdsFrom ? op.to : state;
      if (output !== holdsFrom) return ILLEGAL;
      return holdsFrom ? op.to : state;
    }
    case "append":
      // Appending to a missing key starts from "", to a non-string from its JSON text: total, so an
      // append of unknown outcome is never illegal.
      return `${state === null ? "" : typeof state === "string" ? state : valueKey(state)}${op.value}`;
  }
}

function cellMeaning(op: CellOp, output: Json | undefined): OpMeaning {
  switch (op.f) {
    case "read":
      return output === undefined ? { kind: "other" } : { kind: "read", value: output };
    case "write":
      return { kind: "write", value: op.value };
    case "cas":
      return { kind: "cas", from: op.from, to: op.to, swapped: output === undefined ? undefined : output === true };
    case "append":
      return { kind: "append", value: op.value };
  }
}

function answer(output: Json | undefined): string {
  return output === undefined ? "?" : typeof output === "boolean" ? String(output) : showValue(output);
}

const isJson = (value: unknown): value is Json => value !== undefined && typeof value !== "function";

/** Why this is not one of the `allowed` cell operations (field names as the model spells them). */
function cellOperationProblem(input: unknown, output: unknown, allowed: readonly string[], model: string): string | undefined {
  if (typeof input !== "object" || input === null) return `an operation's input must be an object with an "f" field, got ${JSON.stringify(input)}`;
  const op = input as { f?: unknown; value?: unknown; from?: unknown; to?: unknown };
  if (typeof op.f !== "string" || !allowed.includes(op.f)) {
    return `"${String(op.f)}" is not an operation of the ${model} model (it has ${allowed.join(", ")})`;
  }
  if ((op.f === "write" || op.f === "put") && !isJson(op.value)) return `${op.f} needs a "value"`;
  if (op.f === "append" && typeof op.value !== "string") return `append needs a string "value"`;
  if (op.f === "cas" && (!isJson(op.from) || !isJson(op.to))) return `cas needs "from" and "to"`;
  if (op.f === "cas" && output !== undefined && typeof output !== "boolean") return `cas answers true or false, got ${JSON.stringify(output)}`;
  return undefined;
}

function registerModelNamed(name: string, allowed: readonly string[]): Model<Json, RegisterInput, Json> {
  return {
    name,
    init: null,
    step: (state, input, output) => cellStep(state, input, output),
    stateKey: valueKey,
    describeState: showValue,
    describe(input, output) {
      switch (input.f) {
        case "read":
          return `read() -> ${answer(output)}`;
        case "write":
          return `write(${showValue(input.value)})`;
        case "cas":
          return `cas(${showValue(input.from)}, ${showValue(input.to)}) -> ${answer(output)}`;
      }
    },
    operationProblem: (input, output) => cellOperationProblem(input, output, allowed, name),
    isReadOnly: (input) => input.f === "read",
    meaning: (input, output) => cellMeaning(input, output),
    stateIsValue: true,
  };
}

export const registerModel = registerModelNamed("register", ["read", "write"]);
export const casRegisterModel = registerModelNamed("cas-register", ["read", "write", "cas"]);

/** The cell operation a key-value operation performs on its key. */
function kvCellOp(input: KvInput): CellOp {
  switch (input.f) {
    case "get":
      return { f: "read" };
    case "put":
      return { f: "write", value: input.value };
    case "delete":
      return { f: "write", value: null };
    case "append":
    case "cas":
      return input;
  }
}

const KV_OPERATIONS = ["get", "put", "append", "delete", "cas"] as const;

function kvModelNamed(name: string, init: Json): Model<Json, KvInput, Json> {
  return {
    name,
    init,
    step: (state, input, output) => cellStep(state, kvCellOp(input), output),
    stateKey: valueKey,
    describeState: showValue,
    describe(input, output) {
      switch (input.f) {
        case "get":
          return `get(${input.key}) -> ${answer(output)}`;
        case "put":
        case "append":
          return `${input.f}(${input.key}, ${showValue(input.value)})`;
        case "delete":
          return `delete(${input.key})`;
        case "cas":
          return `cas(${input.key}, ${showValue(input.from)}, ${showValue(input.to)}) -> ${answer(output)}`;
      }
    },
    operationProblem(input, output) {
      const problem = cellOperationProblem(input, output, KV_OPERATIONS, "kv");
      if (problem) return problem;
      return typeof (input as { key?: unknown }).key === "string" ? undefined : `every kv operation needs a string "key"`;
    },
    isReadOnly: (input) => input.f === "get",
    partitionKey: (input) => input.key,
    meaning: (input, output) => cellMeaning(kvCellOp(input), output),
    stateIsValue: true,
  };
}

export const kvModel = kvModelNamed("kv", null);
/**
 * The key-value store of MIT 6.824's labs (porcupine's kv test data): Get of a key never written
 * answers "", so every key starts at "" instead of nil. Otherwise the kv model.
 */
export const kv6824Model = kvModelNamed("kv-6.824", "");

export const MODELS: Record<string, AnyModel> = {
  register: registerModel,
  "cas-register": casRegisterModel,
  kv: kvModel,
  "kv-6.824": kv6824Model,
};

export const MODEL_NAMES = Object.keys(MODELS);

/** The model called `name`, or an error that lists the names there are. */
export function modelNamed(name: string): AnyModel {
  const model = MODELS[name];
  if (!model) throw new Error(`no model "${name}"; the models are ${MODEL_NAMES.join(", ")}`);
  return model;
}

export type SuggestedModel = "register" | "cas-register" | "kv" | "kv-6.824";

/**
 * The model a history's operations suggest: kv when they carry keys (kv-6.824 when a get answered
 * "" and none answered nil: 6.824's Get of a missing key), cas-register when any is a cas, else register.
 */
export function suggestModel(operations: readonly { input: unknown; output?: unknown; status?: string }[]): SuggestedModel {
  const ops = operations.map((op) => op.input) as { f?: unknown; key?: unknown }[];
  if (ops.some((input) => input?.key !== undefined)) {
    const answers = operations.filter((op) => op.status === "ok" && (op.input as { f?: unknown })?.f === "get").map((op) => op.output);
    return answers.includes("") && !answers.includes(null) ? "kv-6.824" : "kv";
  }
  return ops.some((input) => input?.f === "cas") ? "cas-register" : "register";
}

import fc from "fast-check";
import type { Json } from "../../src/contracts/node";
import type { History, Operation } from "../../src/check/history";
import type { GeneratorOptions } from "../../src/check/history-generator";

export const modelNames = ["register", "cas-register", "kv"] as const;

/** Options for the atomic-store generator: few or many clients, crashes, refusals, small or unique values. */
export const generatorOptions = (operationsMax: number): fc.Arbitrary<GeneratorOptions> =>
  fc.record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    operations: fc.integer({ min: 1, max: operationsMax }),
    clients: fc.integer({ min: 1, max: 8 }),
    model: fc.constantFrom(...modelNames),
    keys: fc.integer({ min: 1, max: 3 }),
    readRate: fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100),
    infoRate: fc.constantFrom(0, 0.05, 0.2),
    failRate: fc.constantFrom(0, 0.1),
    values: fc.constantFrom<"unique" | number>("unique", 2, 5),
    durationMsMax: fc.integer({ min: 1, max: 30 }),
    thinkMsMax: fc.integer({ min: 0, max: 10 }),
    sequence: fc.boolean(),
    reuseClientNames: fc.boolean(),
  });

/** A small history with random answers: mostly not linearizable, some linearizable. */
/** When an operation was called, how long it took, and how it ended (mostly ok; info and fail too). */
const TIMING = {
  callMs: fc.integer({ min: 0, max: 20 }),
  durationMs: fc.integer({ min: 0, max: 10 }),
  status: fc.constantFrom("ok", "ok", "ok", "info", "fail"),
};

export const randomSmallHistory = fc
  .record({
    model: fc.constantFrom(...modelNames),
    ops: fc.array(
      fc.record({
        client: fc.constantFrom("c1", "c2", "c3"),
        kind: fc.constantFrom("read", "write", "cas", "append", "delete"),
        key: fc.constantFrom("x", "y"),
        a: fc.constantFrom<Json>(null, 1, 2),
        b: fc.constantFrom<Json>(null, 1, 2, true, false),
        ...TIMING,
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ model, ops }): { model: string; history: History } => ({
    model,
    history: {
      operations: ops.map((op, id): Operation => {
        const input = inputFor(model, op.kind, op.key, op.a, op.b);
        const isCas = (input as { f: string }).f === "cas";
        const output: Json = isCas ? op.b === true : op.b === true || op.b === false ? null : op.b;
        const base = { id, client: op.client, input, callMs: op.callMs };
        if (op.status === "info") return { ...base, status: "info", returnMs: null };
        if (op.status === "fail") return { ...base, status: "fail", returnMs: op.callMs + op.durationMs };
        return { ...base, status: "ok", returnMs: op.callMs + op.durationMs, output };
      }),
    },
  }));

function inputFor(model: string, kind: string, key: string, a: Json, b: Json): Json {
  const value = b === true || b === false ? 3 : b;
  if (model === "kv") {
    if (kind === "read") return { f: "get", key };
    if (kind === "write") return { f: "put", key, value: a };
    if (kind === "cas") return { f: "cas", key, from: a, to: value };
    if (kind === "append") return { f: "append", key, value: "s" };
    return { f: "delete", key };
  }
  if (kind === "read" || (model === "register" && kind === "cas") || kind === "append" || kind === "delete") return { f: "read" };
  if (kind === "cas") return { f: "cas", from: a, to: value };
  return { f: "write", value: a };
}


/**
 * A small key-value history of strings that appends grow (MIT 6.824's shape): puts and appends of
 * "a", "b" or "" (and deletes), gets answering strings made of those, so that the search's
 * append-prefix rule (search-append-prefixes.ts) meets reads it must and must not give up on.
 */
export const randomSmallStringHistory = fc
  .record({
    model: fc.constantFrom("kv", "kv-6.824"),
    ops: fc.array(
      fc.record({
        client: fc.constantFrom("c1", "c2", "c3"),
        kind: fc.constantFrom("get", "get", "append", "append", "put", "delete"),
        key: fc.constantFrom("x", "x", "y"),
        text: fc.constantFrom("a", "b", ""),
        answer: fc.constantFrom<Json>(null, "", "a", "b", "ab", "ba", "aa", "bb", "aab", "abb", "bba"),
        ...TIMING,
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ model, ops }): { model: string; history: History } => ({
    model,
    history: {
      operations: ops.map((op, id): Operation => {
        const input: Json = op.kind === "get" || op.kind === "delete" ? { f: op.kind, key: op.key } : { f: op.kind, key: op.key, value: op.text };
        const base = { id, client: op.client, input, callMs: op.callMs };
        if (op.status === "info") return { ...base, status: "info", returnMs: null };
        if (op.status === "fail") return { ...base, status: "fail", returnMs: op.callMs + op.durationMs };
        return { ...base, status: "ok", returnMs: op.callMs + op.durationMs, output: op.kind === "get" ? op.answer : null };
      }),
    },
  }));

/**
 * Histories of a correct store, generated from a seed: the ground truth the checker's tests and
 * benchmark stand on, and demos for notebooks.
 *
 * The store is atomic (one copy, each operation takes effect at one instant strictly between its
 * call and its return, in the order of those instants), so every history it produces is
 * linearizable by construction. Clients issue one operation at a time with random durations and
 * pauses, so calls and returns interleave at random. Some clients crash mid-operation: the
 * operation is indeterminate, takes effect (or not) at some moment after its call, possibly after
 * other clients moved on, and the client comes back under a new name, as Jepsen's processes do
 * (or the same name, with `reuseClientNames`). Some operations are refused (status fail, no effect).
 *
 * `injectStaleRead` then breaks one history the classic way, for the ILLEGAL cases.
 */
import type { Json } from "../contracts/node";
import { Rng } from "../sim/random";
import type { History, Operation } from "./history";
import { precedes } from "./real-time";
import type { KvInput, RegisterInput } from "./models";
import { sameValue, valueKey } from "./model";

export interface GeneratorOptions {
  seed: number;
  operations: number;
  clients: number;
  /** "register": read/write; "cas-register": plus cas; "kv": get/put/append/delete/cas over `keys` keys. */
  model?: "register" | "cas-register" | "kv";
  /** Keys for the kv model (default 3). */
  keys?: number;
  /** Whether the kv model also appends (default true). */
  appends?: boolean;
  /** Share of reads (default 0.5). */
  readRate?: number;
  /** Share of cas among the rest (cas-register and kv; default 0.5). */
  casRate?: number;
  /** Chance a client crashes during an operation, leaving it indeterminate (default 0). */
  infoRate?: number;
  /** Chance an operation is refused: status fail, no effect (default 0). */
  failRate?: number;
  /** Written values: "unique" (1, 2, 3, ...: every write distinct) or a small range 0..n-1, as Jepsen uses (default "unique"). */
  values?: "unique" | number;
  /** Operation durations in whole ms, uniform in [1, durationMsMax] (default 20). */
  durationMsMax?: number;
  /** Pause between a client's operations in whole ms, uniform in [0, thinkMsMax] (default 10). */
  thinkMsMax?: number;
  /** Record the order of events with equal times (callSeq/returnSeq), as HistoryRecorder does (default true). */
  sequence?: boolean;
  /** After a crash the client keeps its name instead of getting a new one (default false). */
  reuseClientNames?: boolean;
}

type Input = RegisterInput | KvInput;

interface Planned {
  client: string;
  input: Input;
  callMs: number;
  returnMs: number;
  /** When it takes effect; undefined: never (a crash before it reached the store, or refused). */
  effectMs: number | undefined;
  status: "ok" | "fail" | "info";
  output?: Json;
}

export function generateHistory(options: GeneratorOptions): History {
  const rng = Rng.derive(options.seed, "atomic-history");
  const planned = plan(options, rng);
  applyAtomically(planned);
  return { operations: toOperations(planned, options.sequence ?? true) };
}

function plan(options: GeneratorOptions, rng: Rng): Planned[] {
  const durationMsMax = options.durationMsMax ?? 20;
  const thinkMsMax = options.thinkMsMax ?? 10;
  const freeAt = Array.from({ length: options.clients }, () => rng.int(0, thinkMsMax));
  const names = Array.from({ length: options.clients }, (_, i) => `c${i + 1}`);
  let incarnations = options.clients;
  const inputs = inputMaker(options, rng);
  const planned: Planned[] = [];
  for (let i = 0; i < options.operations; i++) {
    // The client free earliest goes next, so calls come in time order and clients interleave.
    let c = 0;
    for (let k = 1; k < freeAt.length; k++) if (freeAt[k] < freeAt[c]) c = k;
    const callMs = freeAt[c];
    const returnMs = callMs + rng.int(1, durationMsMax);
    const status = rng.chance(options.infoRate ?? 0) ? "info" : rng.chance(options.failRate ?? 0) ? "fail" : "ok";
    // Strictly inside (call, return): effects then respect real-time order even at equal times.
    const inside = callMs + (returnMs - callMs) * (0.001 + 0.998 * rng.next());
    // A crashed client's request may still land, even after the client would have returned.
    const effectMs = status === "fail" ? undefined : status === "info" ? (rng.chance(0.5) ? callMs + (returnMs - callMs) * 3 * (0.001 + rng.next()) : undefined) : inside;
    planned.push({ client: names[c], input: inputs(), callMs, returnMs, effectMs, status });
    freeAt[c] = returnMs + rng.int(0, thinkMsMax);
    if (status === "info" && !options.reuseClientNames) names[c] = `c${++incarnations}`;
  }
  return planned;
}

function inputMaker(options: GeneratorOptions, rng: Rng): () => Input {
  const readRate = options.readRate ?? 0.5;
  const casRate = options.model === "register" || options.model === undefined ? 0 : (options.casRate ?? 0.5);
  const values = options.values ?? "unique";
  let nextValue = 0;
  const value = () => (values === "unique" ? ++nextValue : rng.int(0, values - 1));
  // cas needs a `from` that sometimes matches: a recent written value (or nil) for unique values.
  const from = () => (values === "unique" ? (nextValue > 0 ? rng.int(Math.max(0, nextValue - 3), nextValue) || null : null) : rng.int(0, values - 1));
  if (options.model === "kv") {
    const keys = Array.from({ length: options.keys ?? 3 }, (_, i) => `k${i + 1}`);
    return () => {
      const key = rng.pick(keys);
      if (rng.chance(readRate)) return { f: "get", key };
      if (rng.chance(casRate)) return { f: "cas", key, from: from(), to: value() };
      const roll = rng.next();
      if (roll < 0.6) return { f: "put", key, value: value() };
      if (roll < 0.9) return options.appends === false ? { f: "put", key, value: value() } : { f: "append", key, value: `+${value()}` };
      return { f: "delete", key };
    };
  }
  return () => {
    if (rng.chance(readRate)) return { f: "read" };
    if (rng.chance(casRate)) return { f: "cas", from: from(), to: value() };
    return { f: "write", value: value() };
  };
}

/** Run the operations against one copy, in the order of their effect instants, filling in outputs. */
function applyAtomically(planned: Planned[]): void {
  const cells = new Map<string, Json>();
  const happening = planned.filter((op) => op.effectMs !== undefined).sort((a, b) => (a.effectMs as number) - (b.effectMs as number));
  for (const op of happening) {
    const key = "key" in op.input ? op.input.key : "";
    const state = cells.get(key) ?? null;
    const { output, next } = atomicStep(op.input, state);
    cells.set(key, next);
    op.output = output;
  }
}

function atomicStep(input: Input, state: Json): { output: Json; next: Json } {
  switch (input.f) {
    case "read":
    case "get":
      return { output: state, next: state };
    case "write":
    case "put":
      return { output: null, next: input.value };
    case "delete":
      return { output: null, next: null };
    case "append":
      return { output: null, next: `${typeof state === "string" ? state : state === null ? "" : valueKey(state)}${input.value}` };
    case "cas":
      return sameValue(state, input.from) ? { output: true, next: input.to } : { output: false, next: state };
  }
}

function toOperations(planned: Planned[], sequence: boolean): Operation[] {
  const operations: Operation[] = planned.map((op, id) => ({
    id,
    client: op.client,
    input: op.input as Json,
    status: op.status,
    callMs: op.callMs,
    returnMs: op.status === "info" ? null : op.returnMs,
    ...(op.status === "ok" ? { output: op.output ?? null } : {}),
  }));
  if (sequence) numberEvents(operations);
  return operations;
}

/** Sequence numbers in time order; at equal times returns first (a client that got its answer calls again). */
function numberEvents(operations: Operation[]): void {
  const events: { op: Operation; isReturn: boolean; time: number }[] = [];
  for (const op of operations) {
    events.push({ op, isReturn: false, time: op.callMs });
    if (op.returnMs !== null) events.push({ op, isReturn: true, time: op.returnMs });
  }
  events.sort((a, b) => a.time - b.time || Number(b.isReturn) - Number(a.isReturn) || a.op.id - b.op.id);
  events.forEach((event, seq) => {
    if (event.isReturn) event.op.returnSeq = seq;
    else event.op.callSeq = seq;
  });
}

/**
 * The same history with one read made stale: it now returns the value of a write that had been
 * overwritten (by a write that completed) before the read was called, the most recent such value,
 * as a lagging replica would serve. The read is chosen near `atFraction` of the history
 * (0: start, 1: end; default 0.9), so the checker must get through most of it first. Undefined
 * when no read can be made stale provably (the value must have a single writer).
 */
export function injectStaleRead(history: History, atFraction = 0.9): { history: History; readId: number; staleValue: Json } | undefined {
  const ops = history.operations;
  const keyOf = (op: Operation) => ((op.input as { key?: string }).key ?? "");
  const isRead = (op: Operation) => op.status === "ok" && ["read", "get"].includes((op.input as { f: string }).f);
  const isBlindWrite = (op: Operation) => op.status === "ok" && ["write", "put"].includes((op.input as { f: string }).f);
  const valueOf = (op: Operation) => (op.input as { value: Json }).value;
  const latestFirst = (a: Operation, b: Operation) => (b.returnMs as number) - (a.returnMs as number) || b.id - a.id;
  const start = Math.floor(ops.length * atFraction);
  for (const read of [...ops.slice(start), ...ops.slice(0, start).reverse()]) {
    if (!isRead(read)) continue;
    // Look back a bounded distance: the freshest stale value is the interesting one.
    const writes = ops.filter((op) => keyOf(op) === keyOf(read) && isBlindWrite(op) && precedes(op, read)).sort(latestFirst).slice(0, 20);
    for (const overwrite of writes) {
      const stale = writes.find((w) => precedes(w, overwrite) && !sameValue(valueOf(w), valueOf(overwrite)) && !sameValue(valueOf(w), read.output ?? null) && onlyProducer(ops, w, keyOf(read)));
      if (!stale) continue;
      return { history: { operations: ops.map((op) => (op === read ? { ...op, output: valueOf(stale) } : op)) }, readId: read.id, staleValue: valueOf(stale) };
    }
  }
  return undefined;
}

/** Is `write` the only operation that may put its value in the key (so a stale read of it is provable)? */
function onlyProducer(ops: readonly Operation[], write: Operation, key: string): boolean {
  const value = (write.input as { value: Json }).value;
  return ops.every((op) => {
    if (op === write || op.status === "fail" || ((op.input as { key?: string }).key ?? "") !== key) return true;
    const input = op.input as { f: string; value?: Json; to?: Json };
    const produced = input.f === "cas" ? input.to : input.f === "write" || input.f === "put" ? input.value : input.f === "delete" ? null : undefined;
    // An append leaves a string: it can only produce a string value.
    if (input.f === "append") return typeof value !== "string";
    return produced === undefined || !sameValue(produced, value);
  });
}

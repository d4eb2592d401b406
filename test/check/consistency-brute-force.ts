/**
 * Reference checkers for tiny histories, by exhaustion and nothing clever, written apart from
 * the course's checkers so the two can be compared: sequential consistency (every order of the
 * operations that keeps each client's order) and causal memory (Ahamad et al.: per client, every
 * order of its operations and all writes that keeps the causal order, computed by Floyd-Warshall).
 */
import type { Json } from "../../src/contracts/node";
import type { History, Operation } from "../../src/check/history";
import { ILLEGAL, valueKey, type AnyModel } from "../../src/check/model";

type Op = Operation<unknown, unknown>;

function answeredBefore(a: Op, b: Op): boolean {
  if (a.status !== "ok" || a.returnMs === null) return false;
  if (a.returnMs !== b.callMs) return a.returnMs < b.callMs;
  return a.returnSeq !== undefined && b.callSeq !== undefined && a.returnSeq < b.callSeq;
}

const sameClientBefore = (a: Op, b: Op) => a.client === b.client && answeredBefore(a, b);

export function bruteForceSequential(history: History<unknown, unknown>, model: AnyModel): boolean {
  const ops = history.operations.filter((op) => op.status === "ok" || (op.status === "info" && !model.isReadOnly(op.input)));
  return orderExists(ops, (a, b) => sameClientBefore(ops[a], ops[b]), model, (op) => op.status === "info");
}

/** Causal memory for read/write histories with unique values and no unanswered operations. */
export function bruteForceCausalMemory(history: History<unknown, unknown>, model: AnyModel): boolean {
  const ops = history.operations.filter((op) => op.status === "ok");
  const kind = (op: Op) => model.meaning(op.input, op.output as Json).kind;
  const cell = (op: Op) => `${model.partitionKey ? model.partitionKey(op.input) : ""}=${valueKey((model.meaning(op.input, op.output as Json) as { value: Json }).value)}`;
  const writerOf = new Map(ops.filter((op) => kind(op) === "write").map((op) => [cell(op), op]));
  if (ops.some((op) => kind(op) === "read" && !writerOf.has(cell(op)) && !cell(op).endsWith("=null"))) return false;
  const n = ops.length;
  const co = ops.map((a) => ops.map((b) => sameClientBefore(a, b) || (kind(b) === "read" && writerOf.get(cell(b)) === a)));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (co[i][k] && co[k][j]) co[i][j] = true;
  if (ops.some((_, i) => co[i][i])) return false;
  return [...new Set(ops.map((op) => op.client))].every((client) => {
    const view = ops.map((op, i) => i).filter((i) => ops[i].client === client || kind(ops[i]) === "write");
    return orderExists(view.map((i) => ops[i]), (a, b) => co[view[a]][view[b]], model, () => false);
  });
}

/** Is there an order of `ops`, keeping `mustPrecede`, legal in the model (all keys together), with optional operations placed or not? */
function orderExists(ops: Op[], mustPrecede: (a: number, b: number) => boolean, model: AnyModel, optional: (op: Op) => boolean): boolean {
  const placed = new Array<boolean>(ops.length).fill(false);
  const needed = ops.filter((op) => !optional(op)).length;
  const extend = (cells: Map<string, unknown>, neededPlaced: number): boolean => {
    if (neededPlaced === needed) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i] || ops.some((_, j) => !placed[j] && j !== i && mustPrecede(j, i))) continue;
      const op = ops[i];
      const part = model.partitionKey ? model.partitionKey(op.input) : "";
      const next = model.step(cells.has(part) ? cells.get(part) : model.init, op.input, op.status === "ok" ? op.output : undefined);
      if (next === ILLEGAL) continue;
      placed[i] = true;
      const found = extend(new Map(cells).set(part, next), neededPlaced + (optional(op) ? 0 : 1));
      placed[i] = false;
      if (found) return true;
    }
    return false;
  };
  return extend(new Map(), 0);
}

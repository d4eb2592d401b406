/**
 * Records a history as it happens. Harness clients (in the simulator or anywhere) call `invoke`
 * when they send a request and one of `ok` / `fail` / `info` when they learn its fate:
 *
 *   const rec = new HistoryRecorder();
 *   const id = rec.invoke("c1", { f: "write", value: 3 }, sim.now);
 *   rec.ok(id, null, sim.now);      // answered: took effect exactly once
 *   rec.fail(id, sim.now);          // refused: definitely did not take effect
 *   rec.info(id);                   // no answer (timeout, crash): may or may not have happened
 *
 * A cas that answered "no, the value was not `from`" is `ok(id, false, t)`, not `fail`: it ran.
 * Operations still open when `history()` is read count as indeterminate.
 * A client has one operation open at a time (as Jepsen's processes do); after `info` it may
 * carry on under the same name or a new one, both are fine.
 */
import type { Json } from "../contracts/node";
import type { History, Operation } from "./history";

export class HistoryRecorder<I = Json, O = Json> {
  private readonly operations: Operation<I, O>[] = [];
  private readonly open = new Map<number, Operation<I, O>>();
  private readonly openByClient = new Map<string, number>();
  /** Position in the order of recorded events: orders events that share a timestamp. */
  private seq = 0;

  invoke(client: string, input: I, timeMs: number): number {
    const pending = this.openByClient.get(client);
    if (pending !== undefined) {
      throw new Error(`client ${client} invoked a new operation while its operation ${pending} is still open; end that one with ok, fail or info first`);
    }
    if (!Number.isFinite(timeMs)) throw new Error(`invoke at ${timeMs} ms: the time must be a finite number`);
    const id = this.operations.length;
    const op: Operation<I, O> = { id, client, input, status: "info", callMs: timeMs, returnMs: null, callSeq: this.seq++ };
    this.operations.push(op);
    this.open.set(id, op);
    this.openByClient.set(client, id);
    return id;
  }

  /** The operation returned `output` at `timeMs`. */
  ok(id: number, output: O, timeMs: number): void {
    const op = this.close(id, timeMs);
    op.status = "ok";
    op.output = output;
  }

  /** The operation definitely did not take effect (the system refused it). */
  fail(id: number, timeMs: number): void {
    this.close(id, timeMs).status = "fail";
  }

  /** The outcome is unknown: the operation may take effect at any time after its call, or never. */
  info(id: number): void {
    this.take(id);
  }

  /** Operations invoked and not yet ended (ok, fail or info). */
  get openCount(): number {
    return this.open.size;
  }

  /** A copy of the history so far; open operations are indeterminate in it. */
  history(): History<I, O> {
    return { operations: this.operations.map((op) => ({ ...op })) };
  }

  private close(id: number, timeMs: number): Operation<I, O> {
    const open = this.open.get(id);
    if (open && !(timeMs >= open.callMs)) throw new Error(`operation ${id} (${open.client}) ended at ${timeMs} ms, before its call at ${open.callMs} ms`);
    const op = this.take(id);
    op.returnMs = timeMs;
    op.returnSeq = this.seq++;
    return op;
  }

  private take(id: number): Operation<I, O> {
    const op = this.open.get(id);
    if (!op) {
      throw new Error(this.operations[id] ? `operation ${id} (${this.operations[id].client}) was already ended` : `no operation ${id} was invoked`);
    }
    this.open.delete(id);
    this.openByClient.delete(op.client);
    return op;
  }
}

/**
 * The NodeContext a simulated node receives: a thin facade that forwards to the simulator,
 * tagged with the node it belongs to. It outlives crashes (a restarted node gets the same
 * context), which is safe because a crashed node's pending timers never fire.
 */
import type { Json, NodeContext, NodeId, StableStorage, TimerId } from "../contracts/node";
import type { NodeRecord, Simulation } from "./simulation";

export class SimContext implements NodeContext<any, any> {
  constructor(
    private readonly sim: Simulation,
    private readonly record: NodeRecord,
  ) {}

  get id(): NodeId {
    return this.record.id;
  }

  get peers(): readonly NodeId[] {
    return this.sim.peersOf(this.record.id);
  }

  get storage(): StableStorage {
    return this.record.storage;
  }

  now(): number {
    return this.sim.localTime(this.record);
  }

  send(to: NodeId, msg: unknown): void {
    this.sim.sendFrom(this.record, to, msg);
  }

  setTimer(delayMs: number, timer: unknown): TimerId {
    return this.sim.setTimerFor(this.record, delayMs, timer);
  }

  cancelTimer(id: TimerId): void {
    this.sim.cancelTimerFor(this.record, id);
  }

  random(): number {
    return this.record.rng.next();
  }

  log(text: string): void {
    this.sim.logFrom(this.record, text);
  }

  annotate(state: { [key: string]: Json }): void {
    this.sim.annotateFrom(this.record, state);
  }
}

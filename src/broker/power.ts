/**
 * Power cuts for a simulated service: the process dies during or right after its n-th storage
 * write, in the middle of a handler. The simulator itself crashes a node only between two
 * handlers, which never separates a write from the sends and writes after it in the same
 * handler; a power cut does, which is how a test shows that an order and its event must be
 * written together, or a charge and the id that it was made.
 *
 * `lose: true`: the n-th write is lost (the power went out before it reached the disk).
 * `lose: false`: the n-th write is stored, and nothing after it in that handler happens.
 * Either way the node is dead from that moment (its sends, writes and timers go nowhere) and
 * the simulator crashes it at the end of the handler, then restarts it `downMs` later.
 *
 * The wrapper can also hand the node a storage shared with other nodes (instances of one
 * service sharing a database).
 */
import type { Json, NodeContext, NodeId, StableStorage, TimerId } from "../contracts/node";
import type { Simulation } from "../sim";

export interface PowerCutPlan {
  /** The write (counted over the node's whole run, from 1) the power goes out at. */
  write: number;
  lose: boolean;
  downMs: number;
}

export class PowerSwitch {
  private writes = 0;
  private dead = false;
  /** When the power went out, if it did: (time, write number). */
  cutAt: { t: number; write: number } | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly node: NodeId,
    private plan: PowerCutPlan | undefined,
    private readonly sharedStorage?: StableStorage,
  ) {}

  /** Writes the node made so far (the lost one included). */
  get writeCount(): number {
    return this.writes;
  }

  /** Arm a cut at a later write (replacing any armed one). */
  arm(plan: PowerCutPlan): void {
    this.plan = plan;
  }

  /** Take back an armed cut that has not happened. */
  disarm(): void {
    this.plan = undefined;
  }

  /** The context the node gets for one incarnation. */
  wrap<M, T>(ctx: NodeContext<M, T>): NodeContext<M, T> {
    this.dead = false;
    const storage = this.sharedStorage ?? ctx.storage;
    const write = (action: () => void): void => {
      if (this.dead) return;
      this.writes++;
      const plan = this.plan;
      if (!plan || this.writes !== plan.write) return action();
      if (!plan.lose) action();
      this.dead = true;
      this.plan = undefined;
      this.cutAt = { t: this.sim.now, write: this.writes };
      this.sim.fault(`power cut on ${this.node} ${plan.lose ? "during" : "right after"} its write #${this.writes}`);
      this.sim.after(0, `${this.node} loses power`, () => this.sim.crash(this.node));
      this.sim.after(plan.downMs, `${this.node} back after the power cut`, () => this.sim.restart(this.node));
    };
    const wrappedStorage: StableStorage = {
      get: <V = Json>(key: string) => storage.get<V>(key),
      put: (key, value) => write(() => storage.put(key, value)),
      delete: (key) => write(() => storage.delete(key)),
      keys: () => storage.keys(),
    };
    const alive = () => !this.dead;
    return {
      get id() {
        return ctx.id;
      },
      get peers() {
        return ctx.peers;
      },
      storage: wrappedStorage,
      now: () => ctx.now(),
      send: (to: NodeId, msg: M) => {
        if (alive()) ctx.send(to, msg);
      },
      setTimer: (delayMs: number, timer: T): TimerId => (alive() ? ctx.setTimer(delayMs, timer) : -1),
      cancelTimer: (id: TimerId) => ctx.cancelTimer(id),
      random: () => ctx.random(),
      log: (text: string) => ctx.log(text),
      annotate: (state: { [key: string]: Json }) => ctx.annotate(state),
    };
  }
}

/**
 * Fair variant: the reference store, plus a coordinator that keeps re-sending every write to
 * each replica that has not acknowledged it yet, every 50 ms, until that replica does. Nothing
 * in the contract forbids it (it is how many real stores push a write to all N replicas), so a
 * replica that was only briefly unreachable gets the write without any read repair. A test
 * whose premise is "this replica missed the write" must make sure no retry can reach it, and this
 * file must score full marks.
 */
import type { KVConfig } from "../../../../src/contracts/kv";
import type { NodeContext, NodeId } from "../../../../src/contracts/node";
import { KVNode as Reference, type KVMessage, type KVTimer } from "../../../../solutions/week2/kv-store";

const RESEND_MS = 50;
/** A replica that stays silent this many rounds (crashed for good) is given up on. */
const RESENDS_MAX = 100;

type Unacknowledged = { to: NodeId; msg: Extract<KVMessage, { type: "Write" }>; resends: number };

export class KVNode extends Reference {
  private readonly unacknowledged: Map<string, Unacknowledged>;
  private readonly context: NodeContext<KVMessage, KVTimer | { type: "resend" }>;

  constructor(ctx: NodeContext<KVMessage, KVTimer | { type: "resend" }>, config: KVConfig) {
    // Every write the reference sends is remembered until its replica acknowledges it.
    const unacknowledged = new Map<string, Unacknowledged>();
    const remembering = Object.create(ctx) as typeof ctx;
    remembering.send = (to: NodeId, msg: KVMessage) => {
      if (msg.type === "Write") unacknowledged.set(`${msg.req}|${to}`, { to, msg, resends: 0 });
      ctx.send(to, msg);
    };
    super(remembering as NodeContext<KVMessage, KVTimer>, config);
    this.unacknowledged = unacknowledged;
    this.context = ctx;
  }

  override onStart(): void {
    super.onStart();
    this.context.setTimer(RESEND_MS, { type: "resend" });
  }

  override onMessage(from: NodeId, msg: KVMessage): void {
    if (msg.type === "WriteAck") this.unacknowledged.delete(`${msg.req}|${from}`);
    super.onMessage(from, msg);
  }

  override onTimer(timer: KVTimer | { type: "resend" }): void {
    if (timer.type !== "resend") return super.onTimer(timer);
    for (const [id, pending] of this.unacknowledged) {
      if (++pending.resends > RESENDS_MAX) this.unacknowledged.delete(id);
      else this.context.send(pending.to, pending.msg);
    }
    this.context.setTimer(RESEND_MS, { type: "resend" });
  }
}

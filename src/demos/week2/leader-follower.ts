/**
 * The chapter's August: master-slave (leader-follower) replication with asynchronous shipping,
 * and the customer who wrote in "I just placed an order and it's gone!". A demo protocol for
 * notebook 09, not an exercise.
 *
 * The leader (n1) acknowledges a write at once and ships it to the followers after a lag
 * (2 to 5 s, as in the chapter). Reads go to a follower, which answers from whatever it has.
 * With `readYourWrites`, a client sends the log position of its own last write with each read,
 * and a follower that has not reached it yet forwards the read to the leader.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";

export interface LeaderFollowerOptions {
  replicationLagMsMin: number;
  replicationLagMsMax: number;
  readYourWrites: boolean;
}

type Msg =
  | { type: "PlaceOrder"; order: string }
  | { type: "OrderPlaced"; position: number }
  | { type: "ListOrders"; atLeast: number; replyTo: NodeId }
  | { type: "Orders"; orders: string[]; from: NodeId }
  | { type: "Ship"; orders: string[] };

type Timer = { type: "ship"; orders: string[] } | { type: "view" };

export class ReplicaNode implements ProtocolNode<Msg, Timer> {
  /** The orders this replica has applied, in log order. */
  orders: string[] = [];

  constructor(
    private readonly ctx: NodeContext<Msg, Timer>,
    private readonly options: LeaderFollowerOptions,
  ) {}

  private get leader(): boolean {
    return this.ctx.id === "n1";
  }

  onStart(): void {}

  onMessage(from: NodeId, msg: Msg): void {
    if (msg.type === "PlaceOrder" && this.leader) {
      this.orders.push(msg.order);
      this.ctx.send(from, { type: "OrderPlaced", position: this.orders.length }); // acknowledged before any follower has it
      const { replicationLagMsMin: min, replicationLagMsMax: max } = this.options;
      this.ctx.setTimer(min + this.ctx.random() * (max - min), { type: "ship", orders: [...this.orders] });
    } else if (msg.type === "Ship") {
      if (msg.orders.length > this.orders.length) this.orders = msg.orders;
      this.ctx.annotate({ orders: this.orders.length });
    } else if (msg.type === "ListOrders") {
      if (this.options.readYourWrites && this.orders.length < msg.atLeast && !this.leader) {
        this.ctx.send("n1", msg); // behind this client's own write: let the leader answer
      } else {
        this.ctx.send(msg.replyTo, { type: "Orders", orders: this.orders, from: this.ctx.id });
      }
    }
  }

  onTimer(timer: Timer): void {
    if (timer.type === "ship") for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "Ship", orders: timer.orders });
  }
}

/** A shopper: places one order with the leader, then views its orders on a follower 100 ms later. */
export class Shopper implements ProtocolNode<Msg, Timer> {
  /** What the shopper saw, in words, with the time. */
  readonly story: string[] = [];
  private position = 0;

  constructor(
    private readonly ctx: NodeContext<Msg, Timer>,
    private readonly order: string,
    private readonly follower: NodeId,
  ) {}

  onStart(): void {
    this.say(`places ${this.order} with the leader n1`);
    this.ctx.send("n1", { type: "PlaceOrder", order: this.order });
  }

  onMessage(_from: NodeId, msg: Msg): void {
    if (msg.type === "OrderPlaced") {
      this.position = msg.position;
      this.say(`is told "order placed" (log position ${msg.position})`);
      this.ctx.setTimer(100, { type: "view" });
    } else if (msg.type === "Orders") {
      const found = msg.orders.includes(this.order);
      this.say(`sees ${msg.orders.length} order(s) from ${msg.from}: ${found ? `${this.order} is there` : `"I just placed an order and it's gone!"`}`);
    }
  }

  onTimer(): void {
    this.say(`opens "my orders", served by ${this.follower}`);
    this.ctx.send(this.follower, { type: "ListOrders", atLeast: this.position, replyTo: this.ctx.id });
  }

  private say(text: string): void {
    this.story.push(`t=${Math.round(this.ctx.now())}ms ${this.ctx.id} ${text}`);
  }
}

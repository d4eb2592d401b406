/**
 * Open-loop traffic: a shopper that sends one new order every `1000 / ratePerS` ms to the
 * user-service, whatever happened to the earlier ones (as real users do: nobody waits for the
 * previous customer), and gives up on an order it hears nothing about within `timeoutMs`. Each
 * order is recorded with when it was sent, when and how it ended; nothing is retried, so every
 * failure shows in the error rate.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { PlaceOrder } from "../contracts/messaging";
import type { GatewayReply } from "./user-service";

/** ok: accepted by the order service; rejected: refused by the breaker; timeout: by the user-service; no-answer: nothing came. */
export type RequestOutcome = "ok" | "rejected" | "timeout" | "no-answer";

/** What the buckets measure of any request: an order, or a command proposed to the Raft cluster. */
export interface TimedRequest {
  sentMs: number;
  /** When the answer (or the sender's own timeout) came. */
  endedMs: number | null;
  outcome: RequestOutcome | null;
  /** When it took full effect: an order PAID or CANCELLED; a command committed (its acknowledgment). */
  settledMs: number | null;
}

export interface RequestRecord extends TimedRequest {
  orderId: string;
  customer: string;
  amount: number;
}

export interface TrafficOptions {
  ratePerS: number;
  /** No order is sent at or after this. */
  untilMs: number;
  timeoutMs: number;
  customers: readonly string[];
  amount: number;
}

type Timer = { type: "send" } | { type: "give-up"; index: number };

export class ShopperNode implements ProtocolNode<GatewayReply, Timer> {
  private readonly byOrder = new Map<string, RequestRecord>();

  constructor(
    private readonly ctx: NodeContext<PlaceOrder, Timer>,
    private readonly frontDoor: NodeId,
    private readonly options: TrafficOptions,
    private readonly requests: RequestRecord[],
  ) {}

  onStart(): void {
    this.ctx.setTimer(0, { type: "send" });
  }

  onTimer(timer: Timer): void {
    if (timer.type === "give-up") return this.end(this.requests[timer.index], "no-answer");
    const now = this.ctx.now();
    if (now >= this.options.untilMs) return;
    const index = this.requests.length;
    const record: RequestRecord = {
      orderId: `o${index + 1}`,
      customer: this.options.customers[index % this.options.customers.length],
      amount: this.options.amount,
      sentMs: now,
      endedMs: null,
      outcome: null,
      settledMs: null,
    };
    this.requests.push(record);
    this.byOrder.set(record.orderId, record);
    this.ctx.send(this.frontDoor, { type: "PlaceOrder", orderId: record.orderId, customer: record.customer, amount: record.amount });
    this.ctx.setTimer(this.options.timeoutMs, { type: "give-up", index });
    this.ctx.setTimer(1_000 / this.options.ratePerS, { type: "send" });
  }

  onMessage(_from: NodeId, reply: GatewayReply): void {
    if (reply.type !== "OrderReply") return;
    const record = this.byOrder.get(reply.orderId);
    if (!record) return;
    const outcome = reply.status === "REJECTED" ? "rejected" : reply.status === "TIMEOUT" ? "timeout" : reply.status === "UNKNOWN" ? "no-answer" : "ok";
    this.end(record, outcome);
  }

  private end(record: RequestRecord, outcome: RequestOutcome): void {
    if (record.outcome !== null) return;
    record.outcome = outcome;
    record.endedMs = this.ctx.now();
  }
}

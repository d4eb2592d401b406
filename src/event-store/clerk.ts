/**
 * A clerk: a client node that works on orders the way a web page does, read-modify-write with
 * optimistic concurrency. It loads an order, picks a command that suits what it saw (now and
 * then one the rules should refuse), and sends it with the version it loaded; if another clerk
 * wrote in between, the store refuses it ("conflict") and the clerk moves on. Every outcome is
 * recorded: the ground truth the tests compare the store with.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { OrderCommand, OrderState } from "../contracts/event-sourcing";
import type { ServiceReply, ServiceRequest } from "./service";

export interface ClerkOptions {
  service: NodeId;
  /** The orders this clerk works on. */
  orders: string[];
  customers: string[];
  /** How many commands it sends in all. */
  commands: number;
  /** Pause between two commands, drawn from [0, thinkMsMax]. */
  thinkMsMax?: number;
  /** Give up on a request after this long (its outcome is then unknown). */
  timeoutMs?: number;
}

export interface ClerkOutcome {
  orderId: string;
  command: OrderCommand;
  expectedVersion: number;
  result: "ok" | "conflict" | "rejected" | "timeout";
  /** For ok: the stream's version after the command, and the position of its event. */
  version?: number;
  position?: number;
  reason?: string;
  callMs: number;
}

type Timer = { type: "next" } | { type: "give-up"; reqId: string };

const SKUS = ["apple", "pear", "fig"];

export class Clerk implements ProtocolNode<ServiceReply, Timer> {
  readonly outcomes: ClerkOutcome[] = [];
  private sent = 0;
  /** Orders this clerk has seen shipped or cancelled: it mostly leaves them alone. */
  private readonly finished = new Set<string>();
  private current: { reqId: string; orderId: string; execute?: { command: OrderCommand; expectedVersion: number; callMs: number } } | undefined;

  constructor(
    private readonly ctx: NodeContext<ServiceRequest, Timer>,
    private readonly options: ClerkOptions,
  ) {}

  get done(): boolean {
    return this.outcomes.length >= this.options.commands && this.current === undefined;
  }

  onStart(): void {
    this.pause();
  }

  onMessage(_from: NodeId, reply: ServiceReply): void {
    const current = this.current;
    if (!current || reply.type === "Events" || reply.reqId !== current.reqId) return; // late or duplicated
    if (reply.type === "Loaded") {
      const over = reply.state.status === "shipped" || reply.state.status === "cancelled";
      if (over) this.finished.add(current.orderId);
      if (!over || this.ctx.random() < 0.2) return this.execute(current.orderId, reply.state, reply.version);
      this.current = undefined;
      return this.pause();
    }
    const { command, expectedVersion, callMs } = current.execute as NonNullable<typeof current.execute>;
    const base = { orderId: current.orderId, command, expectedVersion, callMs };
    if (reply.type === "Executed") this.finish({ ...base, result: "ok", version: reply.version, position: reply.position });
    else this.finish({ ...base, result: reply.error, reason: reply.reason });
  }

  onTimer(timer: Timer): void {
    if (timer.type === "next") return this.load();
    const current = this.current;
    if (!current || current.reqId !== timer.reqId) return;
    if (current.execute) this.finish({ orderId: current.orderId, ...current.execute, result: "timeout" });
    else {
      this.current = undefined;
      this.pause();
    }
  }

  private load(): void {
    if (this.outcomes.length >= this.options.commands) return;
    const open = this.options.orders.filter((id) => !this.finished.has(id));
    const orderId = this.pick(open.length > 0 ? open : this.options.orders);
    this.request(orderId, { type: "Load", reqId: this.nextReqId(), orderId });
  }

  private execute(orderId: string, state: OrderState, version: number): void {
    const command = this.choose(orderId, state);
    const reqId = this.nextReqId();
    this.request(orderId, { type: "Execute", reqId, orderId, command, expectedVersion: version }, { command, expectedVersion: version, callMs: this.ctx.now() });
  }

  private request(orderId: string, request: Extract<ServiceRequest, { reqId: string }>, execute?: { command: OrderCommand; expectedVersion: number; callMs: number }): void {
    this.current = { reqId: request.reqId, orderId, execute };
    this.ctx.send(this.options.service, request);
    this.ctx.setTimer(this.options.timeoutMs ?? 300, { type: "give-up", reqId: request.reqId });
  }

  /** A command that suits the order as loaded; about one in ten is one the rules refuse. */
  private choose(orderId: string, state: OrderState): OrderCommand {
    const roll = this.ctx.random();
    const addItem = (): OrderCommand => ({ type: "AddItem", sku: this.pick(SKUS), quantity: 1 + Math.floor(this.ctx.random() * 3), priceCents: 50 + Math.floor(this.ctx.random() * 450) });
    switch (state.status) {
      case "none":
        return roll < 0.9 ? { type: "PlaceOrder", orderId, customer: this.pick(this.options.customers) } : { type: "Submit" };
      case "open":
        return state.lines.length === 0 || roll < 0.5 ? addItem() : roll < 0.85 ? { type: "Submit" } : { type: "Cancel", reason: "customer asked" };
      case "submitted":
        return roll < 0.7 ? { type: "Pay", amountCents: state.totalCents } : roll < 0.9 ? { type: "Cancel", reason: "out of budget" } : addItem();
      case "paid":
        return roll < 0.7 ? { type: "Ship" } : { type: "Cancel", reason: "refund please" };
      default:
        return roll < 0.5 ? { type: "Ship" } : { type: "Cancel", reason: "too late" };
    }
  }

  private finish(outcome: ClerkOutcome): void {
    this.outcomes.push(outcome);
    this.current = undefined;
    this.pause();
  }

  private pause(): void {
    this.ctx.setTimer(this.ctx.random() * (this.options.thinkMsMax ?? 30), { type: "next" });
  }

  private nextReqId(): string {
    return `${this.ctx.id}:${this.sent++}`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.ctx.random() * items.length)];
  }
}

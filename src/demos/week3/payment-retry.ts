/**
 * A retried payment, for notebook 11: the chapter's POST vs PUT with money on the line. A demo,
 * not an exercise.
 *
 * The client (c1) asks the payment service (n1) to charge a card once. The service charges it
 * and answers, but the answer is lost (the link back is cut for the first 150 ms), so the client
 * times out and, not knowing whether the charge happened, sends the request again.
 *   - Without an idempotency key every request is a new charge: the card is charged twice.
 *   - With one (Stripe's Idempotency-Key header), the service remembers the key with its result
 *     and answers a repeat with that same result: charged once. A key reused for a different
 *     amount is refused (422): it is a bug on the client's side, not a repeat.
 * The client's retry decision is a parameter, so the learner's RetryPolicy can make it too.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import type { RetryPolicyApi, RetrySession } from "../../contracts/resilience";
import { Simulation } from "../../sim/simulation";
import type { TraceEvent } from "../../sim/trace";

export type PaymentMessage =
  | { type: "Charge"; requestId: string; card: string; amountCents: number; idempotencyKey?: string }
  | { type: "ChargeResult"; requestId: string; status: number; chargeId?: string };

export type StoredCharge = { chargeId: string; card: string; amountCents: number };

type KeyRecord = { amountCents: number; chargeId: string };

export class PaymentService implements ProtocolNode<PaymentMessage, never> {
  constructor(private readonly ctx: NodeContext<PaymentMessage, never>) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: PaymentMessage): void {
    if (msg.type !== "Charge") return;
    const keys = this.ctx.storage.get<Record<string, KeyRecord>>("idempotency-keys") ?? {};
    const known = msg.idempotencyKey ? keys[msg.idempotencyKey] : undefined;
    if (known && known.amountCents !== msg.amountCents) {
      this.ctx.log(`key ${msg.idempotencyKey} reused for a different amount: refused`);
      return this.ctx.send(from, { type: "ChargeResult", requestId: msg.requestId, status: 422 });
    }
    if (known) {
      this.ctx.log(`repeat of ${msg.idempotencyKey}: answered with ${known.chargeId}, no new charge`);
      return this.ctx.send(from, { type: "ChargeResult", requestId: msg.requestId, status: 200, chargeId: known.chargeId });
    }
    const charges = this.ctx.storage.get<StoredCharge[]>("charges") ?? [];
    const charge = { chargeId: `ch_${charges.length + 1}`, card: msg.card, amountCents: msg.amountCents };
    charges.push(charge);
    // The charge and its key are written together, before the answer: a repeat always finds both.
    this.ctx.storage.put("charges", charges);
    if (msg.idempotencyKey) this.ctx.storage.put("idempotency-keys", { ...keys, [msg.idempotencyKey]: { amountCents: msg.amountCents, chargeId: charge.chargeId } });
    this.ctx.log(`charged ${charge.card} $${(msg.amountCents / 100).toFixed(2)} as ${charge.chargeId}`);
    this.ctx.send(from, { type: "ChargeResult", requestId: msg.requestId, status: 201, chargeId: charge.chargeId });
  }

  onTimer(): void {}
}

type ClientTimer = { type: "timeout"; attempt: number } | { type: "retry" };

export interface PaymentClientOptions {
  amountCents: number;
  idempotencyKey?: string;
  timeoutMs: number;
  /** Decides whether to send again after a timeout. Default: always, up to 3 attempts (the naive loop). */
  retry?: RetryPolicyApi;
}

export class PaymentClient implements ProtocolNode<PaymentMessage, ClientTimer> {
  /** What happened, in words, for the notebook. */
  readonly story: string[] = [];
  private attempt = 0;
  private answered = false;
  private readonly session: RetrySession | undefined;

  constructor(
    private readonly ctx: NodeContext<PaymentMessage, ClientTimer>,
    private readonly options: PaymentClientOptions,
  ) {
    this.session = options.retry?.begin({ method: "POST", idempotencyKey: options.idempotencyKey });
  }

  onStart(): void {
    this.send();
  }

  onMessage(_from: NodeId, msg: PaymentMessage): void {
    if (msg.type !== "ChargeResult" || this.answered) return;
    this.answered = true;
    this.story.push(`t=${Math.round(this.ctx.now())} ms: answer ${msg.status}${msg.chargeId ? ` (${msg.chargeId})` : ""}`);
  }

  onTimer(timer: ClientTimer): void {
    if (timer.type === "retry") return this.send();
    if (this.answered || timer.attempt !== this.attempt) return;
    this.story.push(`t=${Math.round(this.ctx.now())} ms: attempt ${timer.attempt} timed out: charged or not? nobody knows`);
    if (!this.session) {
      if (this.attempt < 3) this.send();
      return;
    }
    const decision = this.session.onFailure({ kind: "timeout" });
    if (decision.retry === true) this.ctx.setTimer(decision.delayMs, { type: "retry" });
    else this.story.push(`the retry policy says no (${decision.reason}): ask the service what happened instead of paying again`);
  }

  private send(): void {
    this.attempt++;
    const { amountCents, idempotencyKey } = this.options;
    this.story.push(`t=${Math.round(this.ctx.now())} ms: attempt ${this.attempt}: POST /charges $${(amountCents / 100).toFixed(2)}${idempotencyKey ? ` with Idempotency-Key ${idempotencyKey}` : ""}`);
    this.ctx.send("n1", { type: "Charge", requestId: `r${this.attempt}`, card: "card-4242", amountCents, ...(idempotencyKey ? { idempotencyKey } : {}) });
    this.ctx.setTimer(this.options.timeoutMs, { type: "timeout", attempt: this.attempt });
  }
}

export interface PaymentRun {
  charges: StoredCharge[];
  story: string[];
  events: TraceEvent[];
}

/** One payment whose first answer is lost. `retry`: a retry policy given the simulation's clock. */
export function runPayment(options: { idempotencyKey?: string; seed?: number; retry?: (clock: { now(): number }) => RetryPolicyApi }): PaymentRun {
  const sim = new Simulation({ seed: options.seed ?? 1, network: { delay: { kind: "uniform", msMin: 10, msMax: 20 } } });
  sim.addServers(1, (ctx) => new PaymentService(ctx));
  const retry = options.retry?.({ now: () => sim.now });
  sim.addNode("c1", (ctx) => new PaymentClient(ctx, { amountCents: 4_900, idempotencyKey: options.idempotencyKey, timeoutMs: 200, retry }));
  sim.cutOneWay("n1", "c1");
  sim.at(150, "the link back heals", () => sim.heal());
  sim.runFor(1_000);
  return { charges: sim.storage("n1").get<StoredCharge[]>("charges") ?? [], story: sim.node<PaymentClient>("c1")?.story ?? [], events: sim.trace.events };
}

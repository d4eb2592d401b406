/**
 * The course's payment service, a saga participant: customers' balances, money held for orders
 * (authorizations, a "PENDING" state of the money), and money captured by the merchant.
 *
 *   authorize  hold order.amount on the customer's balance; "failed" if the balance is too low
 *   void       (compensation) give a held amount back to the customer
 *   capture    move the order's held amount to the merchant; "failed" if nothing is held for it
 *
 * Money only moves between these places, so their sum never changes (`paymentTotals`).
 */
import type { NodeContext } from "../contracts/node";
import type { SagaCommand, SagaReply } from "../contracts/saga";
import { Participant, type ActionResult, type ParticipantOptions, type ParticipantState } from "./participant";

export interface PaymentLedger {
  balances: { [customer: string]: number };
  /** Authorization command id -> what it holds. */
  holds: { [commandId: string]: { orderId: string; customer: string; amount: number } };
  /** Capture command id -> what it took. */
  captured: { [commandId: string]: { orderId: string; amount: number; authorization: string } };
  merchant: number;
}

export class PaymentService extends Participant<PaymentLedger> {
  constructor(ctx: NodeContext<SagaReply, any>, balances: { [customer: string]: number }, options: ParticipantOptions = {}) {
    super(ctx, { balances: { ...balances }, holds: {}, captured: {}, merchant: 0 }, options);
  }

  protected apply(ledger: PaymentLedger, command: SagaCommand): ActionResult {
    const { orderId, customer, amount } = command.order;
    if (command.action === "authorize") {
      const balance = ledger.balances[customer] ?? 0;
      if (balance < amount) return { outcome: "failed", reason: `card declined: ${customer}'s balance ${balance} < ${amount}` };
      ledger.balances[customer] = balance - amount;
      ledger.holds[command.commandId] = { orderId, customer, amount };
      return { outcome: "done", detail: `${amount} held on ${customer}'s account` };
    }
    if (command.action === "capture") {
      const authorization = Object.keys(ledger.holds).find((id) => ledger.holds[id].orderId === orderId);
      if (authorization === undefined) return { outcome: "failed", reason: `nothing is authorized for order ${orderId}` };
      const hold = ledger.holds[authorization];
      delete ledger.holds[authorization];
      ledger.merchant += hold.amount;
      ledger.captured[command.commandId] = { orderId, amount: hold.amount, authorization };
      return { outcome: "done", detail: `${hold.amount} captured from authorization "${authorization}"` };
    }
    return { outcome: "failed", reason: `the payment service has no action "${command.action}"` };
  }

  protected undo(ledger: PaymentLedger, forwardId: string): { undone: boolean; detail: string } {
    const hold = ledger.holds[forwardId];
    if (hold !== undefined) {
      delete ledger.holds[forwardId];
      ledger.balances[hold.customer] = (ledger.balances[hold.customer] ?? 0) + hold.amount;
      return { undone: true, detail: `${hold.amount} given back to ${hold.customer}` };
    }
    const capture = Object.values(ledger.captured).find((c) => c.authorization === forwardId);
    return { undone: false, detail: capture ? `"${forwardId}" was captured already: a captured payment cannot be voided` : `"${forwardId}" left no hold here` };
  }
}

/** All the money in the payment service: it never changes. */
export function paymentTotals(state: ParticipantState<PaymentLedger>): { [unit: string]: number } {
  const { balances, holds, merchant } = state.ledger;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return { money: sum(Object.values(balances)) + sum(Object.values(holds).map((h) => h.amount)) + merchant };
}

/** Money still held for an order (a semantic lock that must not outlive its saga), in words. */
export function paymentPending(state: ParticipantState<PaymentLedger>, orderId: string): string[] {
  return Object.entries(state.ledger.holds)
    .filter(([, hold]) => hold.orderId === orderId)
    .map(([id, hold]) => `${hold.amount} still held by authorization "${id}"`);
}

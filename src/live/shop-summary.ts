/**
 * What `npm run orders` prints when the traffic is over: how the orders ended at the order
 * service, checked against the payment service's ledger and the notification worker's mailboxes.
 * Four numbers must be 0 whatever was killed meanwhile: orders charged twice, orders lost, settled
 * orders without their receipt, and receipts sent twice.
 */
import { orderPlacedId, type OrderStatus, type PaymentLedger, type PlaceOrder } from "../contracts/messaging";
import type { SentReceipt } from "../broker/notification-worker";

export type PlacedOrder = Omit<PlaceOrder, "type">;
/** The notification worker's GET /status: each customer's sent receipts. */
export type Mailboxes = { [customer: string]: SentReceipt[] };

export interface OrdersSummary {
  /** Orders the order service acknowledged (answered with a status). */
  placed: number;
  /** Orders it never acknowledged before the driver gave up. */
  unanswered: number;
  paid: number;
  cancelled: number;
  /** Still PENDING when the driver stopped waiting. */
  pending: number;
  /** Charges beyond one per paid order: money taken twice. */
  chargedTwice: number;
  /** Acknowledged orders the order service forgot, or whose status contradicts the ledger. */
  lost: number;
  /** Settled orders whose customer got no receipt, or one that contradicts the status. */
  receiptsMissing: number;
  /** Settled orders whose receipt is in the mailbox more than once (a job delivered twice is fine; sent twice is not). */
  receiptsTwice: number;
  /** Each lost order and each double charge, in words (the first few). */
  problems: string[];
}

/** `acknowledged`: the order ids the order service answered; `before`/`after`: the ledger around the run. */
export function summarizeOrders(
  orders: PlacedOrder[],
  acknowledged: ReadonlySet<string>,
  statuses: { [orderId: string]: OrderStatus },
  before: PaymentLedger,
  after: PaymentLedger,
  mailboxes: Mailboxes,
): OrdersSummary {
  const summary: OrdersSummary = { placed: 0, unanswered: 0, paid: 0, cancelled: 0, pending: 0, chargedTwice: 0, lost: 0, receiptsMissing: 0, receiptsTwice: 0, problems: [] };
  const expectedCharge = new Map<string, { cents: number; orderCents: number }>();
  for (const order of orders) {
    // Charged for once, acknowledged or not: an order the shopper never heard back about may still have been recorded and paid.
    const outcome = after.processed[orderPlacedId(order.orderId)];
    const charge = expectedCharge.get(order.customer) ?? { cents: 0, orderCents: order.amount };
    if (outcome === "paid") charge.cents += order.amount;
    expectedCharge.set(order.customer, charge);
    if (!acknowledged.has(order.orderId)) {
      summary.unanswered++;
      continue;
    }
    summary.placed++;
    const status = statuses[order.orderId];
    if (status === "PENDING") summary.pending++;
    else if (status === undefined) lose(summary, `${order.orderId} was acknowledged, and the order service no longer knows it`);
    else if (status === "PAID" && outcome !== "paid") lose(summary, `${order.orderId} is PAID, and the payment service ${outcome ? "declined it" : "never charged it"}`);
    else if (status === "CANCELLED" && outcome !== "declined") lose(summary, `${order.orderId} is CANCELLED, and the payment service ${outcome ? "charged it" : "never saw it"}`);
    else {
      if (status === "PAID") summary.paid++;
      else summary.cancelled++;
      checkReceipt(summary, order, status === "PAID" ? "paid" : "declined", mailboxes);
    }
  }
  for (const [customer, { cents, orderCents }] of expectedCharge) {
    const taken = (before.balances[customer] ?? 0) - (after.balances[customer] ?? 0);
    if (taken <= cents) continue;
    const twice = Math.max(1, Math.round((taken - cents) / orderCents));
    summary.chargedTwice += twice;
    note(summary, `${customer} paid ${taken} cents for ${cents} cents of paid orders: ${twice} order(s) charged twice`);
  }
  return summary;
}

export function formatSummary(summary: OrdersSummary, seconds: number): string {
  const lines = [
    `orders: ${summary.placed} placed in ${seconds.toFixed(1)} s${summary.unanswered ? ` (${summary.unanswered} never acknowledged)` : ""}`,
    `  paid ${summary.paid}, cancelled ${summary.cancelled} (declined: not enough funds), pending ${summary.pending}`,
    `  charged twice: ${summary.chargedTwice} (must be 0)`,
    `  lost: ${summary.lost} (must be 0)`,
    `  receipts missing: ${summary.receiptsMissing}, sent twice: ${summary.receiptsTwice} (both must be 0)`,
    ...summary.problems.map((problem) => `  - ${problem}`),
  ];
  return lines.join("\n");
}

/** Whether every acknowledged order ended paid or cancelled exactly once, none lost, none charged twice, each with one receipt. */
export function allSettledOnce(summary: OrdersSummary): boolean {
  return summary.unanswered === 0 && summary.pending === 0 && summary.chargedTwice === 0 && summary.lost === 0 && summary.receiptsMissing === 0 && summary.receiptsTwice === 0;
}

/** Whether every order that `settled` says is settled has a receipt in its customer's mailbox (the driver waits for this). */
export function receiptsArrived(orders: PlacedOrder[], settled: (orderId: string) => boolean, mailboxes: Mailboxes): boolean {
  return orders.every((order) => !settled(order.orderId) || (mailboxes[order.customer] ?? []).some((sent) => sent.orderId === order.orderId));
}

/** The order's receipt: exactly one in its customer's mailbox, saying how it ended. */
function checkReceipt(summary: OrdersSummary, order: PlacedOrder, outcome: SentReceipt["outcome"], mailboxes: Mailboxes): void {
  const sent = (mailboxes[order.customer] ?? []).filter((receipt) => receipt.orderId === order.orderId);
  if (sent.length > 1) {
    summary.receiptsTwice++;
    note(summary, `${order.customer} got ${sent.length} receipts for ${order.orderId}`);
  } else if (sent.length === 0 || sent[0].outcome !== outcome) {
    summary.receiptsMissing++;
    note(summary, `${order.customer} got ${sent.length === 0 ? "no receipt" : `a receipt saying ${sent[0].outcome}`} for ${order.orderId} (${outcome})`);
  }
}

const PROBLEMS_SHOWN = 5;

function lose(summary: OrdersSummary, problem: string): void {
  summary.lost++;
  note(summary, problem);
}

function note(summary: OrdersSummary, problem: string): void {
  if (summary.problems.length < PROBLEMS_SHOWN) summary.problems.push(problem);
}

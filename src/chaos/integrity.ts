/**
 * Data consistency after the experiment, from what the services hold once everything settled:
 * an order is LOST when the order service accepted it (a shopper was told so, or it holds it) and
 * it never ended PAID or CANCELLED; a customer was CHARGED TWICE when the payment service took
 * more from them than their PAID orders cost, and a charge is MISSING when it took less. Every
 * order costs the same amount, so the difference counts orders.
 */
import type { OrderStatus, PaymentLedger } from "../contracts/messaging";
import type { RequestRecord } from "./traffic";

export interface Integrity {
  /** The shop's orders (raft-integrity.ts checks the Raft target's commands). */
  kind: "orders";
  accepted: number;
  paid: number;
  cancelled: number;
  /** Order ids accepted but never settled. */
  lost: string[];
  /** Extra charges, counted in orders, by customer. */
  chargedTwice: { [customer: string]: number };
  /** PAID orders whose charge is not in the ledger, by customer. */
  missingCharges: { [customer: string]: number };
  ok: boolean;
}

export function checkIntegrity(
  requests: readonly RequestRecord[],
  statuses: { [orderId: string]: OrderStatus } | undefined,
  ledger: PaymentLedger,
  funds: { [customer: string]: number },
  amount: number,
): Integrity {
  const held = statuses ?? {};
  const acceptedIds = new Set([...requests.filter((r) => r.outcome === "ok").map((r) => r.orderId), ...Object.keys(held)]);
  const settled = (id: string) => held[id] === "PAID" || held[id] === "CANCELLED";
  const lost = [...acceptedIds].filter((id) => !settled(id)).sort(byNumber);
  const paidBy: { [customer: string]: number } = {};
  for (const r of requests) if (held[r.orderId] === "PAID") paidBy[r.customer] = (paidBy[r.customer] ?? 0) + 1;
  const chargedTwice: { [customer: string]: number } = {};
  const missingCharges: { [customer: string]: number } = {};
  for (const [customer, start] of Object.entries(funds)) {
    const chargedOrders = (start - (ledger.balances[customer] ?? start)) / amount;
    const extra = chargedOrders - (paidBy[customer] ?? 0);
    if (extra > 0) chargedTwice[customer] = extra;
    if (extra < 0) missingCharges[customer] = -extra;
  }
  const values = Object.values(held);
  return {
    kind: "orders",
    accepted: acceptedIds.size,
    paid: values.filter((s) => s === "PAID").length,
    cancelled: values.filter((s) => s === "CANCELLED").length,
    lost,
    chargedTwice,
    missingCharges,
    ok: statuses !== undefined && lost.length === 0 && Object.keys(chargedTwice).length === 0 && Object.keys(missingCharges).length === 0,
  };
}

export function sumOf(counts: { [key: string]: number }): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function byNumber(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

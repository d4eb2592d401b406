/** `npm run orders`'s summary: how the orders ended, checked against the payment service's ledger. */
import { expect } from "chai";
import type { OrderStatus, PaymentLedger } from "../../src/contracts/messaging";
import { allSettledOnce, summarizeOrders, type PlacedOrder } from "../../src/live/shop-summary";

const orders: PlacedOrder[] = [
  { orderId: "o1", customer: "alice", amount: 300 },
  { orderId: "o2", customer: "alice", amount: 300 },
  { orderId: "o3", customer: "dave", amount: 900 },
];
const before: PaymentLedger = { balances: { alice: 1_000, dave: 500 }, processed: {} };
const all = new Set(["o1", "o2", "o3"]);

function ledger(alice: number, processed: PaymentLedger["processed"]): PaymentLedger {
  return { balances: { alice, dave: 500 }, processed };
}

describe("live: the orders summary", () => {
  const settled = { "o1/placed": "paid", "o2/placed": "paid", "o3/placed": "declined" } as const;
  const statuses: { [id: string]: OrderStatus } = { o1: "PAID", o2: "PAID", o3: "CANCELLED" };

  it("every order paid or cancelled once, the money matching: all settled once", () => {
    const summary = summarizeOrders(orders, all, statuses, before, ledger(400, settled));
    expect(summary).to.deep.include({ placed: 3, paid: 2, cancelled: 1, pending: 0, chargedTwice: 0, lost: 0 });
    expect(allSettledOnce(summary)).to.equal(true);
  });

  it("money taken beyond the paid orders counts as orders charged twice, in words", () => {
    const summary = summarizeOrders(orders, all, statuses, before, ledger(100, settled));
    expect(summary.chargedTwice).to.equal(1);
    expect(summary.problems).to.deep.equal(["alice paid 900 cents for 600 cents of paid orders: 1 order(s) charged twice"]);
    expect(allSettledOnce(summary)).to.equal(false);
  });

  it("an acknowledged order forgotten, or PAID without a charge, is lost", () => {
    const summary = summarizeOrders(orders, all, { o1: "PAID", o3: "CANCELLED" }, before, ledger(1_000, { "o3/placed": "declined" }));
    expect(summary.lost).to.equal(2);
    expect(summary.problems).to.deep.equal(["o1 is PAID, and the payment service never charged it", "o2 was acknowledged, and the order service no longer knows it"]);
  });
});

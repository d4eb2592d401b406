/** `npm run orders`'s summary: how the orders ended, checked against the payment service's ledger and the receipts sent. */
import { expect } from "chai";
import type { OrderStatus, PaymentLedger } from "../../src/contracts/messaging";
import { allSettledOnce, receiptsArrived, summarizeOrders, type Mailboxes, type PlacedOrder } from "../../src/live/shop-summary";

const orders: PlacedOrder[] = [
  { orderId: "o1", customer: "alice", amount: 300 },
  { orderId: "o2", customer: "alice", amount: 300 },
  { orderId: "o3", customer: "dave", amount: 900 },
];
const before: PaymentLedger = { balances: { alice: 1_000, dave: 500 }, processed: {} };
const all = new Set(["o1", "o2", "o3"]);

/** One receipt per order, saying how it ended. */
const receipts: Mailboxes = {
  alice: [{ messageId: "o1/receipt", orderId: "o1", outcome: "paid" }, { messageId: "o2/receipt", orderId: "o2", outcome: "paid" }],
  dave: [{ messageId: "o3/receipt", orderId: "o3", outcome: "declined" }],
};

function ledger(alice: number, processed: PaymentLedger["processed"]): PaymentLedger {
  return { balances: { alice, dave: 500 }, processed };
}

describe("live: the orders summary", () => {
  const settled = { "o1/placed": "paid", "o2/placed": "paid", "o3/placed": "declined" } as const;
  const statuses: { [id: string]: OrderStatus } = { o1: "PAID", o2: "PAID", o3: "CANCELLED" };

  it("every order paid or cancelled once, the money matching: all settled once", () => {
    const summary = summarizeOrders(orders, all, statuses, before, ledger(400, settled), receipts);
    expect(summary).to.deep.include({ placed: 3, paid: 2, cancelled: 1, pending: 0, chargedTwice: 0, lost: 0, receiptsMissing: 0, receiptsTwice: 0 });
    expect(allSettledOnce(summary)).to.equal(true);
  });

  it("money taken beyond the paid orders counts as orders charged twice, in words", () => {
    const summary = summarizeOrders(orders, all, statuses, before, ledger(100, settled), receipts);
    expect(summary.chargedTwice).to.equal(1);
    expect(summary.problems).to.deep.equal(["alice paid 900 cents for 600 cents of paid orders: 1 order(s) charged twice"]);
    expect(allSettledOnce(summary)).to.equal(false);
  });

  it("an acknowledged order forgotten, or PAID without a charge, is lost", () => {
    const summary = summarizeOrders(orders, all, { o1: "PAID", o3: "CANCELLED" }, before, ledger(1_000, { "o3/placed": "declined" }), receipts);
    expect(summary.lost).to.equal(2);
    expect(summary.problems).to.deep.equal(["o1 is PAID, and the payment service never charged it", "o2 was acknowledged, and the order service no longer knows it"]);
  });

  it("a settled order without its receipt, with a wrong one, or with two is counted, in words", () => {
    const mailboxes: Mailboxes = { alice: [receipts.alice[0], receipts.alice[0], { ...receipts.alice[1], outcome: "declined" }] };
    const summary = summarizeOrders(orders, all, statuses, before, ledger(400, settled), mailboxes);
    expect(summary).to.deep.include({ paid: 2, cancelled: 1, receiptsTwice: 1, receiptsMissing: 2 });
    expect(summary.problems).to.deep.equal(["alice got 2 receipts for o1", "alice got a receipt saying declined for o2 (paid)", "dave got no receipt for o3 (declined)"]);
    expect(allSettledOnce(summary)).to.equal(false);
  });

  it("the driver waits for the receipts of settled orders only", () => {
    const settledOnly = (ids: string[]) => (orderId: string) => ids.includes(orderId);
    expect(receiptsArrived(orders, settledOnly(["o1", "o3"]), { alice: [receipts.alice[0]], dave: receipts.dave })).to.equal(true);
    expect(receiptsArrived(orders, settledOnly(["o1", "o2"]), { alice: [receipts.alice[0]] })).to.equal(false);
  });
});

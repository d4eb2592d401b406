/**
 * Last year's orders, as the store still holds them: written before the schema change, so their
 * ItemAdded events carry { sku, qty, price } with the price in currency units (schema 1). Prices
 * such as 4.35 are the classic trap: 4.35 * 100 is 434.99999999999994 in floating point, so only
 * rounding gives 435 cents back.
 */
import type { ItemAddedV1, NewEvent } from "../contracts/event-sourcing";

function v1(type: string, data: object): NewEvent {
  return { type, schema: 1, data: data as NewEvent["data"] };
}

function item(sku: string, qty: number, price: number): NewEvent {
  const data: ItemAddedV1 = { sku, qty, price };
  return v1("ItemAdded", data);
}

/** Three orders from last year: one shipped, one cancelled after payment, one still open. */
export const LEGACY_ORDERS: { stream: string; events: NewEvent[] }[] = [
  {
    stream: "2025-0001",
    events: [v1("OrderPlaced", { orderId: "2025-0001", customer: "dana" }), item("fig", 3, 4.35), item("pear", 1, 0.29), v1("OrderSubmitted", { totalCents: 1334 }), v1("OrderPaid", { amountCents: 1334 }), v1("OrderShipped", {})],
  },
  {
    stream: "2025-0002",
    events: [v1("OrderPlaced", { orderId: "2025-0002", customer: "eli" }), item("apple", 2, 19.99), v1("OrderSubmitted", { totalCents: 3998 }), v1("OrderPaid", { amountCents: 3998 }), v1("OrderCancelled", { reason: "changed mind", refundCents: 3998 })],
  },
  {
    stream: "2025-0003",
    events: [v1("OrderPlaced", { orderId: "2025-0003", customer: "dana" }), item("apple", 1, 1.15)],
  },
];

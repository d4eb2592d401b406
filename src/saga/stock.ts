/**
 * The course's stock service, a saga participant: goods available, reserved for orders (a
 * "PENDING" state of the goods), and shipped.
 *
 *   reserve  set order.quantity of order.item aside; "failed" if not enough is available
 *   release  (compensation) put reserved goods back on the shelf
 *   ship     hand the order's reserved goods to the carrier; "failed" if nothing is reserved
 *
 * Goods only move between these places, so each item's count never changes (`stockTotals`).
 */
import type { NodeContext } from "../contracts/node";
import type { SagaCommand, SagaReply } from "../contracts/saga";
import { Participant, type ActionResult, type ParticipantOptions, type ParticipantState } from "./participant";

interface Parcel {
  orderId: string;
  item: string;
  quantity: number;
}

export interface StockLedger {
  available: { [item: string]: number };
  /** Reservation command id -> the goods it set aside. */
  reservations: { [commandId: string]: Parcel };
  /** Shipping command id -> the goods it shipped. */
  shipped: { [commandId: string]: Parcel };
}

export class StockService extends Participant<StockLedger> {
  constructor(ctx: NodeContext<SagaReply, any>, available: { [item: string]: number }, options: ParticipantOptions = {}) {
    super(ctx, { available: { ...available }, reservations: {}, shipped: {} }, options);
  }

  protected apply(ledger: StockLedger, command: SagaCommand): ActionResult {
    const { orderId, item, quantity } = command.order;
    if (command.action === "reserve") {
      const left = ledger.available[item] ?? 0;
      if (left < quantity) return { outcome: "failed", reason: `out of stock: ${left} ${item} left, ${quantity} wanted` };
      ledger.available[item] = left - quantity;
      ledger.reservations[command.commandId] = { orderId, item, quantity };
      return { outcome: "done", detail: `${quantity} ${item} reserved` };
    }
    if (command.action === "ship") {
      const reservation = Object.keys(ledger.reservations).find((id) => ledger.reservations[id].orderId === orderId);
      if (reservation === undefined) return { outcome: "failed", reason: `nothing is reserved for order ${orderId}` };
      const parcel = ledger.reservations[reservation];
      ledger.shipped[command.commandId] = parcel;
      delete ledger.reservations[reservation];
      return { outcome: "done", detail: `${parcel.quantity} ${parcel.item} shipped from reservation "${reservation}"` };
    }
    return { outcome: "failed", reason: `the stock service has no action "${command.action}"` };
  }

  protected undo(ledger: StockLedger, forwardId: string): { undone: boolean; detail: string } {
    const parcel = ledger.reservations[forwardId];
    if (parcel === undefined) return { undone: false, detail: `"${forwardId}" left no reservation here` };
    delete ledger.reservations[forwardId];
    ledger.available[parcel.item] = (ledger.available[parcel.item] ?? 0) + parcel.quantity;
    return { undone: true, detail: `${parcel.quantity} ${parcel.item} back on the shelf` };
  }
}

/** Every item's count, wherever it is: it never changes. */
export function stockTotals(state: ParticipantState<StockLedger>): { [unit: string]: number } {
  const totals: { [item: string]: number } = { ...state.ledger.available };
  for (const parcel of [...Object.values(state.ledger.reservations), ...Object.values(state.ledger.shipped)]) totals[parcel.item] = (totals[parcel.item] ?? 0) + parcel.quantity;
  return totals;
}

/** Goods still reserved for an order (a semantic lock that must not outlive its saga), in words. */
export function stockPending(state: ParticipantState<StockLedger>, orderId: string): string[] {
  return Object.entries(state.ledger.reservations)
    .filter(([, parcel]) => parcel.orderId === orderId)
    .map(([id, parcel]) => `${parcel.quantity} ${parcel.item} still reserved by "${id}"`);
}

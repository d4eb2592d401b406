/**
 * The order's rules written once more, independently, for the hidden tests: replay a stream and
 * say whether every event was a legal step from the state before it, and what the state and the
 * read model's row should be. It gives the exercise away, so it stays in hidden/.
 */
import { INITIAL_ORDER_STATE, summaryOf, type ItemAddedV1, type OrderState, type OrderSummary, type RecordedEvent } from "../../../../src/contracts/event-sourcing";
import { says, type Texts } from "../../../api";

export interface Replay {
  state: OrderState;
  /** The first event that could not have been decided on the state before it, in words. */
  illegal?: Texts;
}

/** The data of an event in today's shape. */
function data(event: RecordedEvent): Record<string, unknown> {
  const raw = event.data as Record<string, unknown>;
  if (event.type === "ItemAdded" && event.schema === 1) {
    const old = raw as unknown as ItemAddedV1;
    return { sku: old.sku, quantity: old.qty, priceCents: Math.round(old.price * 100) };
  }
  return raw;
}

export function replay(events: readonly RecordedEvent[]): Replay {
  let state: OrderState = INITIAL_ORDER_STATE;
  let illegal: Texts | undefined;
  for (const event of events) {
    const d = data(event);
    const problem = whyIllegal(state, event.type, d);
    if (problem && !illegal) illegal = says({ en: `${event.type} at version ${event.version} of stream ${event.stream}: ${problem.en}`, ko: `스트림 ${event.stream}의 버전 ${event.version}인 ${event.type}: ${problem.ko}` });
    state = apply(state, event.type, d);
  }
  return { state, illegal };
}

function whyIllegal(state: OrderState, type: string, d: Record<string, unknown>): Texts | undefined {
  const need = (status: string) => (state.status === status ? undefined : says({ en: `the order was ${state.status}, not ${status}`, ko: `주문이 ${status} 상태가 아니라 ${state.status} 상태였습니다` }));
  switch (type) {
    case "OrderPlaced":
      return state.status === "none" ? undefined : says({ en: `the order existed already (${state.status})`, ko: `주문이 이미 있었습니다 (${state.status})` });
    case "ItemAdded":
      return need("open");
    case "OrderSubmitted":
      return need("open") ?? (state.lines.length === 0 ? says({ en: "the order had no items", ko: "주문에 품목이 없었습니다" }) : undefined);
    case "OrderPaid":
      return need("submitted") ?? (d.amountCents !== state.totalCents ? says({ en: `it paid ${d.amountCents} of ${state.totalCents}`, ko: `${state.totalCents} 중 ${d.amountCents}만 결제했습니다` }) : undefined);
    case "OrderShipped":
      return need("paid");
    case "OrderCancelled":
      return ["open", "submitted", "paid"].includes(state.status) ? undefined : says({ en: `the order was ${state.status}`, ko: `주문이 ${state.status} 상태였습니다` });
    default:
      return says({ en: "unknown event type", ko: "알 수 없는 이벤트 타입입니다" });
  }
}

function apply(state: OrderState, type: string, d: Record<string, unknown>): OrderState {
  switch (type) {
    case "OrderPlaced":
      return { ...state, orderId: d.orderId as string, customer: d.customer as string, status: "open" };
    case "ItemAdded": {
      const line = { sku: d.sku as string, quantity: d.quantity as number, priceCents: d.priceCents as number };
      return { ...state, lines: [...state.lines, line], totalCents: state.totalCents + line.quantity * line.priceCents };
    }
    case "OrderSubmitted":
      return { ...state, status: "submitted" };
    case "OrderPaid":
      return { ...state, status: "paid", paidCents: d.amountCents as number };
    case "OrderShipped":
      return { ...state, status: "shipped" };
    case "OrderCancelled":
      return { ...state, status: "cancelled", paidCents: 0 };
    default:
      return state;
  }
}

/** Every stream's expected row, and what each customer spent, from a global log. */
export function expectedReadModel(log: readonly RecordedEvent[]): { rows: Map<string, OrderSummary>; spent: Map<string, number> } {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of log) streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
  const rows = new Map<string, OrderSummary>();
  const spent = new Map<string, number>();
  for (const [stream, events] of streams) {
    const row = summaryOf(replay(events).state);
    rows.set(stream, row);
    spent.set(row.customer, (spent.get(row.customer) ?? 0) + row.paidCents);
  }
  return { rows, spent };
}

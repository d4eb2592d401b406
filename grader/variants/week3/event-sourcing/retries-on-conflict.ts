/**
 * Fair variant: when the caller gave no expected version and another writer got in between the
 * load and the append, execute loads again and decides again (up to three times) instead of
 * throwing ConcurrencyError. The contract allows it: the decision appended is always made on the
 * current state, so nothing stale is written; with an expected version it still refuses.
 */
import { ConcurrencyError, type OrderCommand } from "../../../../src/contracts/event-sourcing";
import { OrderRepository as Reference } from "../../../../solutions/week3/order-events";

export { decide, evolve, upcast, OrderSummaryProjection } from "../../../../solutions/week3/order-events";

export class OrderRepository extends Reference {
  override execute(orderId: string, command: OrderCommand, expectedVersion?: number): { version: number; position: number } {
    for (let attempt = 1; ; attempt++) {
      try {
        return super.execute(orderId, command, expectedVersion);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || expectedVersion !== undefined || attempt >= 3) throw error;
      }
    }
  }
}

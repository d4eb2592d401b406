import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 3,
  title: "Patterns and event-driven architecture",
  exercises: [
    { id: "saga", title: "A saga orchestrator: compensations, the pivot, unknown outcomes", file: "week3/saga.ts" },
    { id: "event-sourcing", title: "An event-sourced order with snapshots and an idempotent projection", file: "week3/order-events.ts" },
  ],
};

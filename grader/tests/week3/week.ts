import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 3,
  title: "Patterns and event-driven architecture",
  exercises: [
    { id: "breaker", title: "A circuit breaker as resilience4j and Polly define one", file: "week3/circuit-breaker.ts" },
    { id: "retry", title: "Retries with backoff, jitter, a deadline and idempotency", file: "week3/retry.ts" },
    { id: "saga", title: "A saga orchestrator: compensations, the pivot, unknown outcomes", file: "week3/saga.ts" },
    { id: "event-sourcing", title: "An event-sourced order with snapshots and an idempotent projection", file: "week3/order-events.ts" },
    { id: "outbox", title: "The order service's transactional outbox", file: "week3/outbox.ts" },
    { id: "payment", title: "An idempotent payment consumer in a consumer group", file: "week3/payment-consumer.ts" },
  ],
};

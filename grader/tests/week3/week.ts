import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 3,
  title: "Patterns and event-driven architecture",
  exercises: [
    { id: "breaker", title: "A circuit breaker as resilience4j and Polly define one", file: "week3/circuit-breaker.ts" },
    { id: "retry", title: "Retries with backoff, jitter, a deadline and idempotency", file: "week3/retry.ts" },
  ],
};

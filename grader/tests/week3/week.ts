import type { WeekDefinition } from "../../api";

export const week: WeekDefinition = {
  week: 3,
  title: "Patterns and event-driven architecture",
  titleIn: { ko: "패턴과 이벤트 기반 아키텍처" },
  exercises: [
    { id: "breaker", title: "A circuit breaker as resilience4j and Polly define one", titleIn: { ko: "resilience4j와 Polly가 정의하는 circuit breaker" }, file: "week3/circuit-breaker.ts" },
    { id: "retry", title: "Retries with backoff, jitter, a deadline and idempotency", titleIn: { ko: "backoff, jitter, deadline, 멱등성을 갖춘 재시도" }, file: "week3/retry.ts" },
    { id: "saga", title: "A saga orchestrator: compensations, the pivot, unknown outcomes", titleIn: { ko: "saga 오케스트레이터: 보상 트랜잭션, pivot, 알 수 없는 결과" }, file: "week3/saga.ts" },
    { id: "event-sourcing", title: "An event-sourced order with snapshots and an idempotent projection", titleIn: { ko: "스냅샷과 멱등 프로젝션을 갖춘 이벤트 소싱 주문" }, file: "week3/order-events.ts" },
    { id: "outbox", title: "The order service's transactional outbox", titleIn: { ko: "주문 서비스의 transactional outbox" }, file: "week3/outbox.ts" },
    { id: "payment", title: "An idempotent payment consumer in a consumer group", titleIn: { ko: "컨슈머 그룹 안의 멱등한 결제 컨슈머" }, file: "week3/payment-consumer.ts" },
  ],
};

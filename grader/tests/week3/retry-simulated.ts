/**
 * A retry storm on the simulator: clients that all start at the same instant use the learner's
 * RetryPolicy (src/resilience/caller.ts) against a dependency that is down (503), then refuses
 * (404) for a moment, then recovers with little capacity (src/resilience/dependency.ts).
 * What the clients did is checked attempt by attempt.
 */
import type { Jitter } from "../../../src/contracts/resilience";
import type { Operation } from "../../../src/resilience/caller";
import type { HealthPhase } from "../../../src/resilience/dependency";
import { runResilience } from "../../../src/resilience/scenario";
import { check, fail, says, type TestContext } from "../../api";
import { describeSettings, type RetryConstructor, type RetrySettings } from "./retry-helpers";

const CLIENTS = 40;
/** At most this share of the clients may start their second attempt within the same SPREAD_WINDOW_MS. */
const SPREAD_SHARE_MAX = 0.5;
const SPREAD_WINDOW_MS = 5;

export function retryStormRun(ctx: TestContext, Policy: RetryConstructor): void {
  const jitter: Jitter = ctx.rng.pick(["full", "decorrelated"] as const);
  const settings: RetrySettings = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2_000, multiplier: 2, jitter, deadlineMs: 3_000 };
  const refuseAtMs = ctx.rng.int(300, 700);
  const phases: HealthPhase[] = [
    { fromMs: 0, name: "down", failureRate: 1, failureStatus: 503, latencyMsMin: 1, latencyMsMax: 2 },
    { fromMs: refuseAtMs, name: "refusing", failureRate: 1, failureStatus: 404, latencyMsMin: 1, latencyMsMax: 2 },
    { fromMs: refuseAtMs + 100, name: "recovering", failureRate: 0, latencyMsMin: 20, latencyMsMax: 40, concurrencyMax: 4 },
  ];
  ctx.note(`${CLIENTS} clients, ${describeSettings(settings)}; dependency down until ${refuseAtMs} ms, answering 404 until ${refuseAtMs + 100} ms, then 4 requests at a time`);
  const run = runResilience({
    seed: ctx.seed,
    phases,
    runMs: settings.deadlineMs + 1_000,
    callers: Array.from({ length: CLIENTS }, () => ({ everyMs: 1, operations: 1, attemptTimeoutMs: 200, retry: (clock, random) => new Policy({ ...settings, clock, random }) })),
  });
  const operations = run.callers.map((caller) => caller.operations[0]);
  operations.forEach((op, i) => checkOperation(`c${i + 1}`, op, settings));
  const seconds = operations.map((op) => op.attempts[1]?.startedAtMs).filter((t): t is number => t !== undefined);
  const crowd = Math.max(...seconds.map((t) => seconds.filter((u) => u >= t && u < t + SPREAD_WINDOW_MS).length));
  check(
    crowd <= CLIENTS * SPREAD_SHARE_MAX,
    () => says({ en: `rule spread-under-synchrony: ${crowd} of the ${CLIENTS} clients that failed together started their 2nd attempt within the same ${SPREAD_WINDOW_MS} ms (jitter "${jitter}"): the retries came as one wave`, ko: `규칙 spread-under-synchrony: 함께 실패한 클라이언트 ${CLIENTS}개 중 ${crowd}개가 같은 ${SPREAD_WINDOW_MS} ms 안에 2번째 시도를 시작했습니다 (jitter "${jitter}"). 재시도가 한 번의 파도로 몰려왔습니다` }),
  );
}

function checkOperation(client: string, op: Operation, settings: RetrySettings): void {
  const deadline = op.startedAtMs + settings.deadlineMs;
  check(op.attempts.length <= settings.maxAttempts, () => says({ en: `rule max-attempts: ${client} made ${op.attempts.length} attempts, more than maxAttempts = ${settings.maxAttempts}`, ko: `규칙 max-attempts: ${client} 클라이언트가 시도를 ${op.attempts.length}번 했습니다. maxAttempts = ${settings.maxAttempts}보다 많습니다` }));
  op.attempts.forEach((attempt, k) => {
    if (attempt.startedAtMs >= deadline) fail(says({ en: `rule deadline: ${client}'s operation began at t=${op.startedAtMs} ms and made attempt ${attempt.n} at t=${round(attempt.startedAtMs)} ms, at or after its deadline at ${deadline} ms`, ko: `규칙 deadline: ${client}의 작업은 t=${op.startedAtMs} ms에 시작했는데 t=${round(attempt.startedAtMs)} ms에 ${attempt.n}번째 시도를 했습니다. deadline인 ${deadline} ms와 같거나 그 뒤입니다` }));
    const previous = op.attempts[k - 1];
    if (previous?.status !== undefined && previous.status >= 400 && previous.status < 500) {
      fail(says({ en: `rule no-4xx-retry: ${client}'s attempt ${previous.n} was answered ${previous.status} at t=${round(previous.endedAtMs ?? 0)} ms, and it still made attempt ${attempt.n} at t=${round(attempt.startedAtMs)} ms`, ko: `규칙 no-4xx-retry: ${client}의 ${previous.n}번째 시도는 t=${round(previous.endedAtMs ?? 0)} ms에 ${previous.status} 응답을 받았는데, 그래도 t=${round(attempt.startedAtMs)} ms에 ${attempt.n}번째 시도를 했습니다` }));
    }
  });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

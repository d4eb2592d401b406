/**
 * The breaker-trace checker: did a circuit breaker do, step by step, what its config and the
 * contract (src/contracts/resilience.ts) say? It reads what `BreakerRecorder` saw (each
 * tryAcquire, outcome and state() call, with the transitions the breaker published during it)
 * and replays the rules alongside:
 *
 *   - only the four legal transitions, each published once, at the clock's time;
 *   - CLOSED opens exactly when the window's failure or slow call rate reaches its threshold
 *     (>=), and never before the window holds minimumCalls outcomes;
 *   - OPEN rejects, with the wait's time left, for exactly openWaitMs;
 *   - HALF_OPEN admits exactly halfOpenPermits probes, rejects the next with a retry-after, and
 *     decides only when every probe has reported;
 *   - outcomes of permissions granted before the last transition change nothing.
 *
 * Three verdicts: OK; ILLEGAL with the rule broken and the step that broke it, in words; UNKNOWN
 * when the run never gave the breaker a reason to change state (a trace that tests nothing).
 */
import type { Admission, BreakerState, BreakerTransition, CircuitBreakerConfig } from "../contracts/resilience";
import type { BreakerStep } from "../resilience/breaker-recorder";

export type BreakerRule =
  | "closed-permits"
  | "opens-at-threshold"
  | "slow-calls"
  | "minimum-calls"
  | "stays-closed-below-threshold"
  | "sliding-window"
  | "open-rejects"
  | "open-wait"
  | "half-open-permits"
  | "half-open-waits-for-probes"
  | "half-open-closes"
  | "half-open-reopens"
  | "stale-outcomes"
  | "legal-transitions"
  | "publishes-transitions"
  | "injected-clock";

export type BreakerTraceResult =
  | { verdict: "OK"; summary: string }
  | { verdict: "ILLEGAL"; rule: BreakerRule; explanation: string; stepIndex: number }
  | { verdict: "UNKNOWN"; reason: string };

/** What the checker needs of the config: everything but the clock and the listener. */
export type BreakerRules = Omit<CircuitBreakerConfig, "clock" | "onTransition">;

const LEGAL: ReadonlySet<string> = new Set(["CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN", "HALF_OPEN->CLOSED"]);
const TOLERANCE_MS = 1e-6;

interface Judged {
  call: number;
  atMs: number;
  failed: boolean;
  slow: boolean;
}

interface Violation {
  rule: BreakerRule;
  explanation: string;
}

/** The breaker as its rules say it must be, rebuilt from the steps. */
class Replay {
  state: BreakerState = "CLOSED";
  period = 0;
  outcomes: Judged[] = [];
  /** Every outcome of the current CLOSED period, slid out of the window or not (for hints). */
  periodOutcomes: Judged[] = [];
  openedAtMs = 0;
  /** When the breaker last closed after probing (its window starts empty then). */
  closedAtMs: number | undefined;
  probes = 0;
  transitions = 0;
  /** Calls whose stale outcomes arrived in the current period (for hints when one seems counted). */
  staleCalls: number[] = [];
  readonly periodOfCall = new Map<number, number>();

  constructor(readonly rules: BreakerRules) {}

  waitOver(atMs: number): boolean {
    return this.state === "OPEN" && atMs >= this.openedAtMs + this.rules.openWaitMs;
  }

  apply(to: BreakerState, atMs: number): void {
    this.state = to;
    this.period++;
    this.outcomes = [];
    this.periodOutcomes = [];
    this.probes = 0;
    this.staleCalls = [];
    this.transitions++;
    if (to === "OPEN") this.openedAtMs = atMs;
    if (to === "CLOSED") this.closedAtMs = atMs;
  }
}

export function checkBreakerTrace(rules: BreakerRules, steps: readonly BreakerStep[], strayTransitions: readonly BreakerTransition[] = []): BreakerTraceResult {
  if (strayTransitions.length > 0) {
    const stray = strayTransitions[0];
    return { verdict: "ILLEGAL", rule: "publishes-transitions", stepIndex: -1, explanation: `published ${arrow(stray)} at t=${ms(stray.atMs)} outside any call into the breaker: transitions happen only inside tryAcquire(), state(), onSuccess() or onFailure()` };
  }
  const replay = new Replay(rules);
  let expectedAny = false;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const outcome = step.kind === "outcome" ? judge(replay, step) : undefined;
    const expected = expectedTransition(replay, step, outcome);
    expectedAny ||= expected !== undefined || step.transitions.length > 0;
    const violation = compareTransitions(replay, step, expected, outcome) ?? checkResult(replay, step);
    if (violation) return { verdict: "ILLEGAL", rule: violation.rule, explanation: violation.explanation, stepIndex: i };
  }
  if (!expectedAny) return { verdict: "UNKNOWN", reason: `in ${steps.length} steps the breaker never had a reason to change state: this run tests none of its thresholds` };
  return { verdict: "OK", summary: `${steps.length} steps, ${replay.transitions} transitions, each exactly when the rules call for it` };
}

/** The rule that an ILLEGAL verdict names, followed by its words. */
export function describeBreakerTrace(result: BreakerTraceResult): string {
  if (result.verdict === "OK") return result.summary;
  if (result.verdict === "UNKNOWN") return `unknown, which is not a pass: ${result.reason}`;
  return `rule ${result.rule}: ${result.explanation}`;
}

// --- What must happen --------------------------------------------------------------------------

interface OutcomeView {
  judged: Judged;
  stale: boolean;
  /** The window after this outcome joined it (CLOSED), or the probes so far (HALF_OPEN). */
  window: Judged[];
}

function judge(replay: Replay, step: Extract<BreakerStep, { kind: "outcome" }>): OutcomeView {
  const judged = { call: step.call, atMs: step.atMs, failed: step.failed, slow: step.durationMs > replay.rules.slowCallDurationMs };
  const stale = replay.periodOfCall.get(step.call) !== replay.period;
  const joined = [...replay.outcomes, judged];
  const window = stale ? replay.outcomes : replay.state === "HALF_OPEN" ? joined : slide(replay.rules, joined, step.atMs);
  return { judged, stale, window };
}

function slide(rules: BreakerRules, outcomes: Judged[], atMs: number): Judged[] {
  const window = rules.window;
  if (window.kind === "count") return outcomes.slice(-window.calls);
  return outcomes.filter((outcome) => atMs - outcome.atMs < window.durationMs);
}

function expectedTransition(replay: Replay, step: BreakerStep, outcome: OutcomeView | undefined): BreakerState | undefined {
  if (!outcome) return replay.waitOver(step.atMs) ? "HALF_OPEN" : undefined;
  if (outcome.stale) return undefined;
  if (replay.state === "CLOSED") return outcome.window.length >= replay.rules.minimumCalls && overThreshold(replay.rules, outcome.window) ? "OPEN" : undefined;
  if (replay.state === "HALF_OPEN" && outcome.window.length >= replay.rules.halfOpenPermits) return overThreshold(replay.rules, outcome.window) ? "OPEN" : "CLOSED";
  return undefined;
}

interface Rates {
  calls: number;
  failed: number;
  slow: number;
  failureHit: boolean;
  slowHit: boolean;
}

function rates(rules: BreakerRules, outcomes: readonly Judged[]): Rates {
  const calls = outcomes.length;
  const failed = outcomes.filter((outcome) => outcome.failed).length;
  const slow = outcomes.filter((outcome) => outcome.slow).length;
  return { calls, failed, slow, failureHit: 100 * failed >= rules.failureRateThresholdPercent * calls, slowHit: 100 * slow >= rules.slowCallRateThresholdPercent * calls };
}

function overThreshold(rules: BreakerRules, outcomes: readonly Judged[]): boolean {
  const r = rates(rules, outcomes);
  return r.failureHit || r.slowHit;
}

// --- Comparing what was published with what must happen ----------------------------------------

function compareTransitions(replay: Replay, step: BreakerStep, expected: BreakerState | undefined, outcome: OutcomeView | undefined): Violation | undefined {
  const published = [...step.transitions];
  // Lenient: a report arriving after the open wait may move the breaker to HALF_OPEN too. That
  // report is stale either way (nothing permitted before OPEN counts any more).
  if (outcome && replay.waitOver(step.atMs) && published[0]?.from === "OPEN" && published[0].to === "HALF_OPEN") {
    const early = published.shift() as BreakerTransition;
    const wrongTime = wrongTimeOf(step, early);
    if (wrongTime) return wrongTime;
    replay.apply("HALF_OPEN", step.atMs);
  }
  if (published.length > 1) return { rule: "publishes-transitions", explanation: `${describeStep(replay, step)} published ${published.length} transitions (${published.map(arrow).join(", ")}); one step changes the state at most once` };
  const [transition] = published;
  if (!transition && !expected) {
    if (outcome?.stale) replay.staleCalls.push(outcome.judged.call);
    if (outcome && !outcome.stale) replay.outcomes = outcome.window;
    if (outcome && !outcome.stale && replay.state === "CLOSED") replay.periodOutcomes.push(outcome.judged);
    return undefined;
  }
  if (!transition) return missingTransition(replay, step, expected as BreakerState, outcome);
  const violation = unexpectedTransition(replay, step, transition, expected, outcome);
  if (violation) return violation;
  replay.apply(transition.to, step.atMs);
  return undefined;
}

function wrongTimeOf(step: BreakerStep, transition: BreakerTransition): Violation | undefined {
  if (Math.abs(transition.atMs - step.atMs) <= TOLERANCE_MS) return undefined;
  return { rule: "injected-clock", explanation: `published ${arrow(transition)} with atMs = ${ms(transition.atMs)}, but it happened at t=${ms(step.atMs)} on the injected clock (config.clock.now(), not Date.now())` };
}

function unexpectedTransition(replay: Replay, step: BreakerStep, transition: BreakerTransition, expected: BreakerState | undefined, outcome: OutcomeView | undefined): Violation | undefined {
  const what = describeStep(replay, step);
  if (!LEGAL.has(`${transition.from}->${transition.to}`)) {
    return { rule: "legal-transitions", explanation: `${what} published ${arrow(transition)}, which is not a transition a breaker has (only CLOSED -> OPEN, OPEN -> HALF_OPEN, HALF_OPEN -> OPEN and HALF_OPEN -> CLOSED)` };
  }
  if (transition.from !== replay.state) {
    return { rule: "publishes-transitions", explanation: `${what} published ${arrow(transition)}, but by the transitions published before, the breaker was ${replay.state} (was a transition not published, or published twice?)` };
  }
  if (expected === transition.to) return wrongTimeOf(step, transition);
  if (expected !== undefined) return halfOpenVerdict(replay, step, expected, outcome as OutcomeView);
  if (transition.from === "OPEN") {
    return { rule: "open-wait", explanation: `${what} moved OPEN -> HALF_OPEN only ${ms(step.atMs - replay.openedAtMs)} after opening at t=${ms(replay.openedAtMs)}; OPEN lasts openWaitMs = ${ms(replay.rules.openWaitMs)}` };
  }
  if (transition.from === "HALF_OPEN") {
    const reported = replay.outcomes.length + (outcome && !outcome.stale ? 1 : 0);
    const counted = staleHint(replay, outcome);
    if (counted && reported + replay.staleCalls.length + (outcome?.stale ? 1 : 0) >= replay.rules.halfOpenPermits) {
      return { rule: "stale-outcomes", explanation: `${what} moved ${arrow(transition)} when only ${reported} of the ${replay.rules.halfOpenPermits} probes had reported; ${counted}` };
    }
    return { rule: "half-open-waits-for-probes", explanation: `${what} moved ${arrow(transition)} when ${reported} of the ${replay.rules.halfOpenPermits} probes had reported; HALF_OPEN decides only when every probe has reported` };
  }
  return unexpectedOpening(replay, step, outcome);
}

function unexpectedOpening(replay: Replay, step: BreakerStep, outcome: OutcomeView | undefined): Violation {
  const what = describeStep(replay, step);
  if (!outcome) return { rule: "stays-closed-below-threshold", explanation: `${what} opened the breaker; only a reported outcome can open it` };
  if (outcome.stale) {
    return { rule: "stale-outcomes", explanation: `${what} opened the breaker, but call #${outcome.judged.call} was permitted before the breaker's last transition: its outcome is stale and must change nothing` };
  }
  const rules = replay.rules;
  const counted = staleHint(replay, outcome);
  if (counted && outcome.window.length < rules.minimumCalls) {
    return { rule: "stale-outcomes", explanation: `${what} opened the breaker with only ${outcome.window.length} current outcomes in the window (minimumCalls = ${rules.minimumCalls}); ${counted}` };
  }
  if (outcome.window.length < rules.minimumCalls) {
    const fresh = replay.closedAtMs === undefined ? "" : ` (its window started empty when it closed at t=${ms(replay.closedAtMs)}: outcomes from before that no longer count)`;
    return { rule: "minimum-calls", explanation: `${what} opened the breaker with only ${outcome.window.length} outcomes in the window${fresh}, fewer than minimumCalls = ${rules.minimumCalls}: no verdict before the minimum` };
  }
  const all = [...replay.periodOutcomes, outcome.judged];
  if (overThreshold(rules, all)) {
    return { rule: "sliding-window", explanation: `${what} opened the breaker, but the window (${windowWords(rules)}) holds ${describeWindow(outcome.window)}: ${rateWords(rules, outcome.window)}, below the thresholds; only counting outcomes that already slid out of the window gets that high` };
  }
  const below = `${what} opened the breaker, but the window holds ${describeWindow(outcome.window)}: ${rateWords(rules, outcome.window)}, below both thresholds (${rules.failureRateThresholdPercent}% failures, ${rules.slowCallRateThresholdPercent}% slow calls)`;
  return counted ? { rule: "stale-outcomes", explanation: `${below}; ${counted}` } : { rule: "stays-closed-below-threshold", explanation: below };
}

/** Words for "you seem to have counted these stale outcomes", or undefined when there were none. */
function staleHint(replay: Replay, outcome: OutcomeView | undefined): string | undefined {
  const calls = [...replay.staleCalls, ...(outcome?.stale ? [outcome.judged.call] : [])];
  if (calls.length === 0) return undefined;
  return `the outcomes of ${calls.map((call) => `#${call}`).join(", ")} also arrived in this period, but those calls were permitted before the breaker's last transition: stale outcomes count for nothing`;
}

function missingTransition(replay: Replay, step: BreakerStep, expected: BreakerState, outcome: OutcomeView | undefined): Violation {
  const what = describeStep(replay, step);
  const rules = replay.rules;
  if (replay.state === "OPEN") {
    return { rule: "open-wait", explanation: `${what} came ${ms(step.atMs - replay.openedAtMs)} after the breaker opened at t=${ms(replay.openedAtMs)} (openWaitMs = ${ms(rules.openWaitMs)}), but it did not move OPEN -> HALF_OPEN (or did not publish it through onTransition)` };
  }
  const view = outcome as OutcomeView;
  if (replay.state === "HALF_OPEN") return halfOpenVerdict(replay, step, expected, view);
  const r = rates(rules, view.window);
  const exactly = (hit: boolean, count: number, threshold: number) => (hit && 100 * count === threshold * r.calls ? " (exactly the threshold: at or above opens, not only above)" : "");
  const why = r.failureHit
    ? `the failure rate reached ${percent(r.failed, r.calls)} (${r.failed} of ${r.calls} calls failed), at or above the ${rules.failureRateThresholdPercent}% threshold${exactly(true, r.failed, rules.failureRateThresholdPercent)}`
    : `the slow call rate reached ${percent(r.slow, r.calls)} (${r.slow} of ${r.calls} calls took longer than ${ms(rules.slowCallDurationMs)}), at or above the ${rules.slowCallRateThresholdPercent}% threshold${exactly(true, r.slow, rules.slowCallRateThresholdPercent)}`;
  return {
    rule: r.failureHit ? "opens-at-threshold" : "slow-calls",
    explanation: `${what}: the breaker should have opened, but it stayed CLOSED (or did not publish CLOSED -> OPEN). The window holds ${describeWindow(view.window)}, ${r.calls} >= minimumCalls = ${rules.minimumCalls}, and ${why}`,
  };
}

function halfOpenVerdict(replay: Replay, step: BreakerStep, expected: BreakerState, outcome: OutcomeView): Violation {
  const words = `all ${replay.rules.halfOpenPermits} probes have reported (${describeWindow(outcome.window)}: ${rateWords(replay.rules, outcome.window)})`;
  return expected === "CLOSED"
    ? { rule: "half-open-closes", explanation: `${describeStep(replay, step)}: ${words}, below both thresholds, so the breaker must close (HALF_OPEN -> CLOSED), but it did not` }
    : { rule: "half-open-reopens", explanation: `${describeStep(replay, step)}: ${words}, at or above a threshold, so the breaker must open again (HALF_OPEN -> OPEN), but it did not` };
}

// --- What the breaker answered -----------------------------------------------------------------

function checkResult(replay: Replay, step: BreakerStep): Violation | undefined {
  if (step.kind === "state") {
    if (step.state === replay.state) return undefined;
    return { rule: "publishes-transitions", explanation: `state() at t=${ms(step.atMs)} returned ${step.state}, but by its published transitions the breaker is ${replay.state}` };
  }
  if (step.kind === "outcome") return undefined;
  const violation = admissionViolation(replay, step.atMs, step.call, step.admission);
  if (!violation && step.admission.permitted === true) {
    replay.periodOfCall.set(step.call, replay.period);
    if (replay.state === "HALF_OPEN") replay.probes++;
  }
  return violation;
}

function admissionViolation(replay: Replay, atMs: number, call: number, admission: Admission): Violation | undefined {
  const rules = replay.rules;
  const what = `tryAcquire() for call #${call} at t=${ms(atMs)}`;
  if (replay.state === "CLOSED") {
    if (admission.permitted === false) return { rule: "closed-permits", explanation: `${what} was rejected while the breaker was CLOSED (no transition was published); CLOSED permits every call` };
    return startViolation(what, atMs, admission.startedAtMs);
  }
  if (replay.state === "OPEN") {
    const left = replay.openedAtMs + rules.openWaitMs - atMs;
    if (admission.permitted === true) return { rule: "open-rejects", explanation: `${what} was permitted while the breaker was OPEN, ${ms(atMs - replay.openedAtMs)} into its ${ms(rules.openWaitMs)} wait` };
    return rejectionViolation(what, admission, "OPEN", left, "open-rejects", `the wait has ${ms(left)} left (opened at t=${ms(replay.openedAtMs)}, openWaitMs = ${ms(rules.openWaitMs)})`);
  }
  if (replay.probes < rules.halfOpenPermits) {
    if (admission.permitted === false) return { rule: "half-open-permits", explanation: `${what} was rejected in HALF_OPEN after only ${replay.probes} of halfOpenPermits = ${rules.halfOpenPermits} probes; HALF_OPEN admits exactly ${rules.halfOpenPermits}` };
    return startViolation(what, atMs, admission.startedAtMs);
  }
  if (admission.permitted === true) return { rule: "half-open-permits", explanation: `${what} was permitted as probe ${replay.probes + 1} in HALF_OPEN; it admits exactly halfOpenPermits = ${rules.halfOpenPermits} probes and rejects the rest` };
  return rejectionViolation(what, admission, "HALF_OPEN", rules.openWaitMs, "half-open-permits", `a call rejected in HALF_OPEN gets retryAfterMs = openWaitMs = ${ms(rules.openWaitMs)}`);
}

function startViolation(what: string, atMs: number, startedAtMs: number): Violation | undefined {
  if (Math.abs(startedAtMs - atMs) <= TOLERANCE_MS) return undefined;
  return { rule: "injected-clock", explanation: `${what} returned a Permission with startedAtMs = ${ms(startedAtMs)}; it should be the injected clock's time, ${ms(atMs)} (config.clock.now(), not Date.now())` };
}

function rejectionViolation(what: string, rejection: Extract<Admission, { permitted: false }>, state: "OPEN" | "HALF_OPEN", retryAfterMs: number, rule: BreakerRule, why: string): Violation | undefined {
  if (rejection.state !== state) return { rule, explanation: `${what} was rejected with state "${rejection.state}", but the breaker was ${state}` };
  if (Math.abs(rejection.retryAfterMs - retryAfterMs) <= TOLERANCE_MS) return undefined;
  return { rule, explanation: `${what} was rejected with retryAfterMs = ${ms(rejection.retryAfterMs)}; ${why}, so it should be ${ms(retryAfterMs)}` };
}

// --- Words ---------------------------------------------------------------------------------------

function describeStep(replay: Replay, step: BreakerStep): string {
  if (step.kind === "acquire") return `tryAcquire() for call #${step.call} at t=${ms(step.atMs)}`;
  if (step.kind === "state") return `state() at t=${ms(step.atMs)}`;
  const slow = step.durationMs > replay.rules.slowCallDurationMs ? ", slow" : "";
  return `call #${step.call}'s ${step.failed ? "failure" : "success"} (reported at t=${ms(step.atMs)} after ${ms(step.durationMs)}${slow})`;
}

function describeWindow(outcomes: readonly Judged[]): string {
  const shown = outcomes.slice(-12).map((o) => `#${o.call} ${o.failed ? "failed" : "ok"}${o.slow ? " slow" : ""}`);
  return `${outcomes.length} outcome${outcomes.length === 1 ? "" : "s"} [${outcomes.length > 12 ? "..., " : ""}${shown.join(", ")}]`;
}

function rateWords(rules: BreakerRules, outcomes: readonly Judged[]): string {
  const r = rates(rules, outcomes);
  return `failure rate ${percent(r.failed, r.calls)}, slow call rate ${percent(r.slow, r.calls)}`;
}

function windowWords(rules: BreakerRules): string {
  return rules.window.kind === "count" ? `the last ${rules.window.calls} outcomes` : `outcomes reported in the last ${ms(rules.window.durationMs)}`;
}

function percent(count: number, of: number): string {
  return of === 0 ? "0%" : `${Math.round((1000 * count) / of) / 10}%`;
}

function arrow(transition: BreakerTransition): string {
  return `${transition.from} -> ${transition.to}`;
}

function ms(value: number): string {
  return `${Math.round(value * 1000) / 1000} ms`;
}

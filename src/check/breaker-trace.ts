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
 * Three verdicts: OK; ILLEGAL with the rule broken and the step that broke it, in words (a
 * finding, findings/, and its English `explanation`); UNKNOWN
 * when the run never gave the breaker a reason to change state (a trace that tests nothing).
 */
import type { Admission, BreakerState, BreakerTransition, CircuitBreakerConfig } from "../contracts/resilience";
import { finding, renderFinding, type Finding } from "../findings/finding";
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
  | { verdict: "ILLEGAL"; rule: BreakerRule; explanation: string; finding: Finding; stepIndex: number }
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
  explanation: Finding;
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
    return illegal({ rule: "publishes-transitions", explanation: finding("breakerStray", arrow(stray), ms(stray.atMs)) }, -1);
  }
  const replay = new Replay(rules);
  let expectedAny = false;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const outcome = step.kind === "outcome" ? judge(replay, step) : undefined;
    const expected = expectedTransition(replay, step, outcome);
    expectedAny ||= expected !== undefined || step.transitions.length > 0;
    const violation = compareTransitions(replay, step, expected, outcome) ?? checkResult(replay, step);
    if (violation) return illegal(violation, i);
  }
  if (!expectedAny) return { verdict: "UNKNOWN", reason: `in ${steps.length} steps the breaker never had a reason to change state: this run tests none of its thresholds` };
  return { verdict: "OK", summary: `${steps.length} steps, ${replay.transitions} transitions, each exactly when the rules call for it` };
}

function illegal({ rule, explanation }: Violation, stepIndex: number): BreakerTraceResult {
  return { verdict: "ILLEGAL", rule, explanation: renderFinding(explanation), finding: explanation, stepIndex };
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
  if (published.length > 1) return { rule: "publishes-transitions", explanation: finding("breakerSeveralTransitions", describeStep(replay, step), published.length, published.map(arrow).join(", ")) };
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
  return { rule: "injected-clock", explanation: finding("breakerWrongClock", arrow(transition), ms(transition.atMs), ms(step.atMs)) };
}

function unexpectedTransition(replay: Replay, step: BreakerStep, transition: BreakerTransition, expected: BreakerState | undefined, outcome: OutcomeView | undefined): Violation | undefined {
  const what = describeStep(replay, step);
  if (!LEGAL.has(`${transition.from}->${transition.to}`)) {
    return { rule: "legal-transitions", explanation: finding("breakerIllegalTransition", what, arrow(transition)) };
  }
  if (transition.from !== replay.state) {
    return { rule: "publishes-transitions", explanation: finding("breakerTransitionFromWrongState", what, arrow(transition), replay.state) };
  }
  if (expected === transition.to) return wrongTimeOf(step, transition);
  if (expected !== undefined) return halfOpenVerdict(replay, step, expected, outcome as OutcomeView);
  if (transition.from === "OPEN") {
    return { rule: "open-wait", explanation: finding("breakerHalfOpenTooEarly", what, ms(step.atMs - replay.openedAtMs), ms(replay.openedAtMs), ms(replay.rules.openWaitMs)) };
  }
  if (transition.from === "HALF_OPEN") {
    const reported = replay.outcomes.length + (outcome && !outcome.stale ? 1 : 0);
    const counted = staleHint(replay, outcome);
    if (counted && reported + replay.staleCalls.length + (outcome?.stale ? 1 : 0) >= replay.rules.halfOpenPermits) {
      return { rule: "stale-outcomes", explanation: finding("breakerDecidedOnStale", what, arrow(transition), reported, replay.rules.halfOpenPermits, counted) };
    }
    return { rule: "half-open-waits-for-probes", explanation: finding("breakerDecidedEarly", what, arrow(transition), reported, replay.rules.halfOpenPermits) };
  }
  return unexpectedOpening(replay, step, outcome);
}

function unexpectedOpening(replay: Replay, step: BreakerStep, outcome: OutcomeView | undefined): Violation {
  const what = describeStep(replay, step);
  if (!outcome) return { rule: "stays-closed-below-threshold", explanation: finding("breakerOpenedWithoutOutcome", what) };
  if (outcome.stale) return { rule: "stale-outcomes", explanation: finding("breakerOpenedOnStale", what, outcome.judged.call) };
  const rules = replay.rules;
  const counted = staleHint(replay, outcome);
  if (counted && outcome.window.length < rules.minimumCalls) {
    return { rule: "stale-outcomes", explanation: finding("breakerOpenedBelowMinimumStale", what, outcome.window.length, rules.minimumCalls, counted) };
  }
  if (outcome.window.length < rules.minimumCalls) {
    const fresh = replay.closedAtMs === undefined ? "" : finding("breakerWindowRestarted", ms(replay.closedAtMs));
    return { rule: "minimum-calls", explanation: finding("breakerOpenedBelowMinimum", what, outcome.window.length, fresh, rules.minimumCalls) };
  }
  const all = [...replay.periodOutcomes, outcome.judged];
  if (overThreshold(rules, all)) {
    return { rule: "sliding-window", explanation: finding("breakerOpenedOnSlidOut", what, windowWords(rules), describeWindow(outcome.window), rateWords(rules, outcome.window)) };
  }
  const below = finding("breakerOpenedBelow", what, describeWindow(outcome.window), rateWords(rules, outcome.window), rules.failureRateThresholdPercent, rules.slowCallRateThresholdPercent);
  return counted ? { rule: "stale-outcomes", explanation: finding("breakerWithStaleHint", below, counted) } : { rule: "stays-closed-below-threshold", explanation: below };
}

/** Words for "you seem to have counted these stale outcomes", or undefined when there were none. */
function staleHint(replay: Replay, outcome: OutcomeView | undefined): Finding | undefined {
  const calls = [...replay.staleCalls, ...(outcome?.stale ? [outcome.judged.call] : [])];
  if (calls.length === 0) return undefined;
  return finding("breakerStaleHint", calls.map((call) => `#${call}`).join(", "));
}

function missingTransition(replay: Replay, step: BreakerStep, expected: BreakerState, outcome: OutcomeView | undefined): Violation {
  const what = describeStep(replay, step);
  const rules = replay.rules;
  if (replay.state === "OPEN") {
    return { rule: "open-wait", explanation: finding("breakerOpenWaitMissed", what, ms(step.atMs - replay.openedAtMs), ms(replay.openedAtMs), ms(rules.openWaitMs)) };
  }
  const view = outcome as OutcomeView;
  if (replay.state === "HALF_OPEN") return halfOpenVerdict(replay, step, expected, view);
  const r = rates(rules, view.window);
  const exactly = (count: number, threshold: number) => 100 * count === threshold * r.calls;
  const why = r.failureHit
    ? finding("breakerFailureRateHit", percent(r.failed, r.calls), r.failed, r.calls, rules.failureRateThresholdPercent, exactly(r.failed, rules.failureRateThresholdPercent))
    : finding("breakerSlowRateHit", percent(r.slow, r.calls), r.slow, r.calls, ms(rules.slowCallDurationMs), rules.slowCallRateThresholdPercent, exactly(r.slow, rules.slowCallRateThresholdPercent));
  return {
    rule: r.failureHit ? "opens-at-threshold" : "slow-calls",
    explanation: finding("breakerShouldOpen", what, describeWindow(view.window), r.calls, rules.minimumCalls, why),
  };
}

function halfOpenVerdict(replay: Replay, step: BreakerStep, expected: BreakerState, outcome: OutcomeView): Violation {
  const probes = finding("breakerAllProbesReported", replay.rules.halfOpenPermits, describeWindow(outcome.window), rateWords(replay.rules, outcome.window));
  return expected === "CLOSED"
    ? { rule: "half-open-closes", explanation: finding("breakerShouldClose", describeStep(replay, step), probes) }
    : { rule: "half-open-reopens", explanation: finding("breakerShouldReopen", describeStep(replay, step), probes) };
}

// --- What the breaker answered -----------------------------------------------------------------

function checkResult(replay: Replay, step: BreakerStep): Violation | undefined {
  if (step.kind === "state") {
    if (step.state === replay.state) return undefined;
    return { rule: "publishes-transitions", explanation: finding("breakerStateDisagrees", ms(step.atMs), step.state, replay.state) };
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
  const what = finding("breakerAcquireStep", call, ms(atMs));
  if (replay.state === "CLOSED") {
    if (admission.permitted === false) return { rule: "closed-permits", explanation: finding("breakerClosedRejected", what) };
    return startViolation(what, atMs, admission.startedAtMs);
  }
  if (replay.state === "OPEN") {
    const left = replay.openedAtMs + rules.openWaitMs - atMs;
    if (admission.permitted === true) return { rule: "open-rejects", explanation: finding("breakerOpenPermitted", what, ms(atMs - replay.openedAtMs), ms(rules.openWaitMs)) };
    return rejectionViolation(what, admission, "OPEN", left, "open-rejects", finding("breakerOpenWaitLeft", ms(left), ms(replay.openedAtMs), ms(rules.openWaitMs)));
  }
  if (replay.probes < rules.halfOpenPermits) {
    if (admission.permitted === false) return { rule: "half-open-permits", explanation: finding("breakerHalfOpenRejectedEarly", what, replay.probes, rules.halfOpenPermits) };
    return startViolation(what, atMs, admission.startedAtMs);
  }
  if (admission.permitted === true) return { rule: "half-open-permits", explanation: finding("breakerHalfOpenExtraProbe", what, replay.probes + 1, rules.halfOpenPermits) };
  return rejectionViolation(what, admission, "HALF_OPEN", rules.openWaitMs, "half-open-permits", finding("breakerHalfOpenRetryAfter", ms(rules.openWaitMs)));
}

function startViolation(what: Finding, atMs: number, startedAtMs: number): Violation | undefined {
  if (Math.abs(startedAtMs - atMs) <= TOLERANCE_MS) return undefined;
  return { rule: "injected-clock", explanation: finding("breakerWrongStart", what, ms(startedAtMs), ms(atMs)) };
}

function rejectionViolation(what: Finding, rejection: Extract<Admission, { permitted: false }>, state: "OPEN" | "HALF_OPEN", retryAfterMs: number, rule: BreakerRule, why: Finding): Violation | undefined {
  if (rejection.state !== state) return { rule, explanation: finding("breakerRejectedWrongState", what, rejection.state, state) };
  if (Math.abs(rejection.retryAfterMs - retryAfterMs) <= TOLERANCE_MS) return undefined;
  return { rule, explanation: finding("breakerWrongRetryAfter", what, ms(rejection.retryAfterMs), why, ms(retryAfterMs)) };
}

// --- Words ---------------------------------------------------------------------------------------

function describeStep(replay: Replay, step: BreakerStep): Finding {
  if (step.kind === "acquire") return finding("breakerAcquireStep", step.call, ms(step.atMs));
  if (step.kind === "state") return finding("breakerStateStep", ms(step.atMs));
  return finding("breakerOutcomeStep", step.call, step.failed, ms(step.atMs), ms(step.durationMs), step.durationMs > replay.rules.slowCallDurationMs);
}

/** The window's outcomes, the last 12 listed as the timeline labels them ("#3 failed slow"). */
function describeWindow(outcomes: readonly Judged[]): Finding {
  const shown = outcomes.slice(-12).map((o) => `#${o.call} ${o.failed ? "failed" : "ok"}${o.slow ? " slow" : ""}`);
  return finding("breakerWindow", outcomes.length, `${outcomes.length > 12 ? "..., " : ""}${shown.join(", ")}`);
}

function rateWords(rules: BreakerRules, outcomes: readonly Judged[]): Finding {
  const r = rates(rules, outcomes);
  return finding("breakerRates", percent(r.failed, r.calls), percent(r.slow, r.calls));
}

function windowWords(rules: BreakerRules): Finding {
  return rules.window.kind === "count" ? finding("breakerCountWindow", rules.window.calls) : finding("breakerTimeWindow", ms(rules.window.durationMs));
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

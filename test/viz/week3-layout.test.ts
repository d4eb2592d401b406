/**
 * Week 3's pictures (notebooks 11 and 12) under the same layout rules as the others: every label
 * inside the view box, no two labels overlapping, nice ticks on time axes. Inputs are the ones
 * the notebooks draw.
 */
import { expect } from "chai";
import { BREAKER_SCENARIOS, chapterBreaker, runBreakerScenario } from "../../src/demos/week3/breaker-scenarios";
import { runBulkhead, BULKHEAD_BUCKET_MS } from "../../src/demos/week3/bulkhead";
import { naiveRetry, runRetryStorm, STORM_BUCKET_MS } from "../../src/demos/week3/retry-storm";
import { ALICE_ORDER, SCENARIOS } from "../../src/demos/week3/saga-notebook";
import { HANG_BUCKET_MS, NO_TIMEOUT_MS, runHangingDependency } from "../../src/demos/week3/timeouts";
import { SagaWorld } from "../../src/saga/cluster";
import { loadOverTime } from "../../src/viz/load-over-time";
import { sagaTimeline } from "../../src/viz/saga-timeline";
import { SagaOrchestrator } from "../../solutions/week3/saga";
import { expectCleanLabels, expectNiceTicks, labelsOf } from "./layout";

/** The numbers of the labels of one class, e.g. "tick-x". */
function numbersOf(svg: string, className: string): number[] {
  return labelsOf(svg)
    .filter((label) => label.className === className)
    .map((label) => Number(label.text.replace(/,/g, "").replace(/ ?(ms|s)$/, "")));
}

/** Tick values of stacked panels, one run per panel (each panel's axis starts again). */
function perPanel(values: number[]): number[][] {
  const runs: number[][] = [];
  for (const [i, v] of values.entries()) {
    if (i === 0 || v <= values[i - 1]) runs.push([]);
    runs[runs.length - 1].push(v);
  }
  return runs;
}

describe("viz: week 3's pictures keep the layout rules", () => {
  it("load over time: the hang, the retry storm and the bulkhead", () => {
    const hang = loadOverTime({
      title: "calls waiting for an answer, while the dependency hangs from 2 s to 8 s",
      bucketMs: HANG_BUCKET_MS,
      yLabel: "calls in flight",
      panels: [runHangingDependency({ attemptTimeoutMs: NO_TIMEOUT_MS }).inFlightPanel("no timeout"), runHangingDependency({ attemptTimeoutMs: 500 }).inFlightPanel("a 500 ms timeout")],
    });
    const storm = loadOverTime({
      title: "200 clients retrying against a dependency that is down until 3 s",
      bucketMs: STORM_BUCKET_MS,
      yLabel: "requests / 100 ms",
      yMax: 100,
      panels: [runRetryStorm(naiveRetry({ jitter: false })).loadPanel("exponential backoff, no jitter"), runRetryStorm(naiveRetry({ jitter: true })).loadPanel("exponential backoff, full jitter")],
    });
    const [sharedPool, withBulkhead] = [runBulkhead({ poolSize: 20 }), runBulkhead({ poolSize: 20, perDependencyMax: 8 })];
    const bulkhead = loadOverTime({
      title: "requests per 250 ms; n2 (reviews) is slow from 2 s to 12 s",
      bucketMs: BULKHEAD_BUCKET_MS,
      yLabel: "requests / 250 ms",
      panels: [sharedPool.panel("catalog", "catalog, one shared pool of 20"), sharedPool.panel("reviews", "reviews, shared pool"), withBulkhead.panel("catalog", "catalog, with a bulkhead"), withBulkhead.panel("reviews", "reviews, at most 8 workers")],
    });
    for (const [what, svg] of [["hang", hang], ["storm", storm], ["bulkhead", bulkhead]] as const) {
      expectCleanLabels(svg, what);
      for (const ticks of perPanel(numbersOf(svg, "tick-y"))) expectNiceTicks(ticks, { integer: true, what: `${what}: y` });
      const timeTicks = perPanel(numbersOf(svg, "tick-x"));
      for (const ticks of timeTicks) expectNiceTicks(ticks, { what: `${what}: time` });
      expect(timeTicks[0].length, `${what}: enough time ticks to read an instant off`).to.be.at.least(4);
    }
  });

  it("breaker timelines: every scenario of notebook 11", () => {
    for (const name of BREAKER_SCENARIOS) expectCleanLabels(runBreakerScenario(name, chapterBreaker).timeline(), `breaker ${name}`);
  });

  it("saga timelines: every scenario of notebook 12, with the reference orchestrator", () => {
    for (const scenario of Object.values(SCENARIOS)) {
      const world = new SagaWorld(SagaOrchestrator, { seed: 1, ...scenario.options });
      scenario.script?.(world);
      world.placeOrders([ALICE_ORDER], { resendMs: 400 });
      world.runUntilEnded(5_000, 500);
      expectCleanLabels(sagaTimeline(world.run(), { title: scenario.title }), `saga ${scenario.title}`);
    }
  });
});

/**
 * The test API a week's tests are written against (grader/api.ts): seed and inputs, loading the
 * graded module, failing with words and details, notes, and pictures drawn only on failure.
 */
import { expect } from "chai";
import { join } from "node:path";
import type { GradedTest } from "../../grader/api";
import type { CatalogWeek } from "../../grader/catalog";
import { grade, type TestResult } from "../../grader/runner";
import { fixedTestSeed } from "../../grader/seeds";
import { ROOT, allTests } from "./helpers";

const MODULE = join(__dirname, "fixtures", "context-tests.ts");
const EXERCISE = { id: "context", title: "The test API", file: "week0/quorum.ts" };

function week(): CatalogWeek {
  const { tests } = require(MODULE) as { tests: GradedTest[] };
  return {
    definition: { week: 0, title: "API", exercises: [EXERCISE] },
    tests: tests.map((test) => ({ id: `week0.context.${test.name}`, week: 0, exercise: EXERCISE, test, module: MODULE })),
    hasHiddenTests: true,
  };
}

async function gradeApiTests(seed?: number): Promise<Map<string, TestResult>> {
  const report = await grade({ root: ROOT, sourceRoot: join(ROOT, "solutions"), weeks: [week()], seed, parallel: 1 });
  return new Map(allTests(report).map((test) => [test.name, test]));
}

describe("grader test API", function () {
  this.timeout(120_000);
  let results: Map<string, TestResult>;
  before(async () => {
    results = await gradeApiTests();
  });

  it("fail(message, details) reaches the report as words, with the test's notes", () => {
    const test = results.get("fails-with-details");
    expect(test?.failure?.reason).to.deep.equal({ kind: "failed", message: "failed on purpose", details: "the details of the failure" });
    expect(test?.notes[0]).to.match(new RegExp(`^seed ${test?.failure?.seed}, file solutions/week0/quorum\\.ts, first input \\d+$`));
  });

  it("pictures registered with attachOnFailure are drawn when the run fails; one that cannot be drawn becomes a note", () => {
    const test = results.get("draws-on-failure");
    expect(test?.failure?.reason.message).to.equal("the check did not hold");
    expect(test?.attachments).to.deep.equal([{ title: "a picture", html: "<svg><text>drawn after the failure</text></svg>" }]);
    expect(test?.notes).to.deep.equal(['the picture "a broken picture" could not be drawn: no trace to draw']);
  });

  it("a passing run draws nothing", () => {
    const test = results.get("draws-nothing-when-passing");
    expect(test?.failure).to.equal(undefined);
    expect(test?.attachments).to.deep.equal([]);
  });

  it("load() and exported() hand the test the graded module; a missing export is named", () => {
    expect(results.get("loads-the-graded-module")?.failure).to.equal(undefined);
    expect(results.get("asks-for-a-missing-export")?.failure?.reason).to.deep.equal({
      kind: "missing-export",
      message: "solutions/week0/quorum.ts does not export leaderFor; the tests need `export ... leaderFor`",
      messageIn: { ko: "solutions/week0/quorum.ts에 leaderFor export가 없습니다. 테스트에는 `export ... leaderFor`이 필요합니다" },
    });
  });

  it("an error of the test's own code is reported as the grader's, not the learner's, and still costs the test", () => {
    const test = results.get("harness-throws");
    expect(test?.failure?.reason.kind).to.equal("harness");
    expect(test?.failure?.reason.message).to.match(/^the grader's own code threw RangeError: Rng\.pick: empty array; no line of solutions\/week0\/quorum\.ts is in its stack/);
    expect(test?.earned).to.equal(0);
    expect(test?.inconclusive).to.deep.equal([]);
  });

  it("a premise that never holds makes the test inconclusive, never a lost point", () => {
    const test = results.get("premise-never-holds");
    expect(test?.failure).to.equal(undefined);
    expect(test?.earned).to.equal(test?.points);
    expect(test?.inconclusive).to.have.length(1);
    expect(test?.inconclusive[0].message).to.include("the partition never isolated n3");
    expect(test?.inconclusive[0].message).to.include("says nothing about your code");
    expect(test?.inconclusive[0].messageIn?.ko).to.include("네트워크 분할이 n3을 한 번도 고립시키지 못했습니다");
  });

  it("a failed premise is tried again on seeds derived from the planned one, until the scene is set", () => {
    const test = results.get("premise-holds-on-a-retry");
    expect(test?.failure).to.equal(undefined);
    expect(test?.inconclusive).to.deep.equal([]);
    expect(test?.seedsPassed).to.equal(3);
  });

  it("a failure found on a retry names the seed it ran on, and --seed with it replays the failure directly", async () => {
    const test = results.get("fails-after-a-retried-premise");
    const seed = test?.failure?.seed as number;
    expect(seed).to.not.equal(fixedTestSeed("week0.context.fails-after-a-retried-premise"));
    expect(seed % 2).to.equal(0);
    expect(test?.failure?.reason.message).to.equal(`failed on purpose on seed ${seed}`);
    const replay = await gradeApiTests(seed);
    expect(replay.get("fails-after-a-retried-premise")?.failure?.seed).to.equal(seed);
  });

  it("the same seed gives the same inputs; another seed, others", async () => {
    const again = await gradeApiTests(results.get("fails-with-details")?.failure?.seed);
    expect(again.get("fails-with-details")?.notes).to.deep.equal(results.get("fails-with-details")?.notes);
    const other = await gradeApiTests(12345);
    expect(other.get("fails-with-details")?.notes).to.not.deep.equal(results.get("fails-with-details")?.notes);
  });
});

/**
 * How reports order lost points (grader/report/groups.ts): one line naming every stub still to
 * write, failures told under the first rule they break, a replay's HTML beside the full report,
 * and the test list of `--list`.
 */
import { expect } from "chai";
import { join } from "node:path";
import type { GradedTest } from "../../grader/api";
import type { CatalogTest, CatalogWeek } from "../../grader/catalog";
import type { Reason } from "../../grader/protocol";
import { groupFailures } from "../../grader/report/groups";
import { formatHtml } from "../../grader/report/html";
import { formatListing } from "../../grader/report/listing";
import { htmlFileName } from "../../grader/report/replay";
import { formatTerminal } from "../../grader/report/terminal";
import type { ExerciseResult, GradeReport, TestResult } from "../../grader/runner";
import { stubsLeftIn } from "../../grader/stubs";
import { requireOrSkip } from "../support/requirements";
import { ROOT, pristineStubs } from "./helpers";

const CONTEXT = { sourceFlags: [] };

function result(name: string, rules: string[], reason?: Reason): TestResult {
  return {
    id: `week3.breaker.${name}`, week: 3, exercise: "breaker", name, description: `checks ${name}`, visibility: "hidden", points: 2,
    earned: reason ? 0 : 2, randomized: false, seedsRun: 1, seedsPassed: reason ? 0 : 1, rules,
    failure: reason ? { seed: 7, reason } : undefined, inconclusive: [], attachments: [], notes: [], durationMs: 1,
  };
}

function exercise(tests: TestResult[], unwritten: string[] = []): ExerciseResult {
  const rules = [
    { id: "closed-permits", statement: "A closed breaker permits every call.", directedTests: ["closed-permits"] },
    { id: "opens-at-threshold", statement: "It opens when the failure rate reaches the threshold.", directedTests: ["opens-at-threshold"] },
    { id: "open-rejects", statement: "An open breaker rejects calls.", directedTests: ["rejects-when-open"] },
  ];
  const earned = tests.reduce((sum, test) => sum + test.earned, 0);
  return { week: 3, id: "breaker", title: "Circuit breaker", file: "exercises/week3/circuit-breaker.ts", unwritten, rules, tests, earned, points: 2 * tests.length, redFlags: [] };
}

function report(ex: ExerciseResult): GradeReport {
  return { weeks: [{ week: 3, title: "Patterns" }], exercises: [ex], earned: ex.earned, points: ex.points, hiddenTestsIncluded: true, durationMs: 1 };
}

const failed = (message: string): Reason => ({ kind: "failed", message });

describe("grader reports: lost points grouped by cause", () => {
  it("failures are told under the rule they break, in the table's order: named in their words, else their directed rule, else one they list", () => {
    const ex = exercise([
      result("random-scripts", ["closed-permits", "opens-at-threshold", "open-rejects"], failed("step 12: the breaker stayed closed at 60% failures")),
      result("opens-at-threshold", ["opens-at-threshold"], failed("after 5 failures of 10 the state was closed, expected open")),
      result("rejects-when-open", ["open-rejects"], failed("the call was permitted while open")),
      result("closed-permits", ["closed-permits"]),
      result("no-rules", [], failed("something else")),
      result("flaky-dependency", ["closed-permits", "open-rejects"], failed("caught by a random run only")),
      result("rejects-until-wait-ends", ["open-rejects"], failed("caller c1: rule opens-at-threshold: call #9 should have opened it")),
    ]);
    const groups = groupFailures(ex);
    expect(groups.byRule.map((group) => [group.rule.id, group.tests.map((test) => test.name)])).to.deep.equal([
      ["opens-at-threshold", ["opens-at-threshold", "random-scripts", "rejects-until-wait-ends"]],
      ["open-rejects", ["rejects-when-open", "flaky-dependency"]],
    ]);
    expect(groups.others.map((test) => test.name)).to.deep.equal(["no-rules"]);
    const text = formatTerminal(report(ex), { ...CONTEXT, color: false });
    expect(text).to.include("rule opens-at-threshold: It opens when the failure rate reaches the threshold.\n    3 tests broke this rule, likely through one bug");
    expect(text.indexOf("week3.breaker.opens-at-threshold (hidden")).to.be.below(text.indexOf("week3.breaker.random-scripts (hidden"));
    expect(text).to.include("✗ week3.breaker.random-scripts (hidden, 0/2): step 12: the breaker stayed closed at 60% failures");
    expect(text.indexOf("rule open-rejects")).to.be.above(text.indexOf("week3.breaker.random-scripts"));
    const html = formatHtml(report(ex), CONTEXT, "t");
    expect(html).to.match(/<div class="rule"><h3>rule opens-at-threshold: It opens[^<]*<\/h3><p>3 tests broke this rule[\s\S]*id="week3\.breaker\.opens-at-threshold"[\s\S]*id="week3\.breaker\.random-scripts"/);
  });

  it("a file that does not compile fails every test alike: one reason, not a rule per test", () => {
    const compile: Reason = { kind: "compile", message: "exercises/week3/circuit-breaker.ts does not type-check (1 error)" };
    const ex = exercise([result("opens-at-threshold", ["opens-at-threshold"], compile), result("rejects-when-open", ["open-rejects"], compile)]);
    expect(groupFailures(ex).byRule).to.deep.equal([]);
    expect(formatTerminal(report(ex), { ...CONTEXT, color: false })).to.include("2 tests (opens-at-threshold, rejects-when-open) lost 4 points for the same reason");
  });

  it("the stub line names every stub the file still has, not only those the tests reached", () => {
    const notYet = (what: string): Reason => ({ kind: "not-implemented", message: `not implemented yet: ${what} (write it in exercises/week1/raft.ts)` });
    const ex = { ...exercise([result("initial-election", [], notYet("RaftNode.onStart")), result("agreement", [], notYet("RaftNode.onStart"))], ["RaftNode.onStart", "RaftNode.start", "RaftNode.getState"]), file: "exercises/week1/raft.ts" };
    const text = formatTerminal(report(ex), { ...CONTEXT, color: false });
    expect(text).to.include("✗ breaker: not implemented yet: RaftNode.onStart, RaftNode.start, RaftNode.getState (write them in exercises/week1/raft.ts); 2 tests waiting");
    expect(formatHtml(report(ex), CONTEXT, "t")).to.include("Not implemented yet: RaftNode.onStart, RaftNode.start, RaftNode.getState");
  });

  it("the committed week-1 Raft stub leaves every RaftNode method to write, and the reference none", function () {
    const stubs = pristineStubs(ROOT, 1);
    requireOrSkip(this, "the pristine stubs", "problem" in stubs ? stubs.problem : undefined, "run the tests in a git clone of the course");
    if ("problem" in stubs) return;
    try {
      expect(stubsLeftIn(join(stubs.sourceRoot, "week1", "raft.ts"))).to.deep.equal(["RaftNode.onStart", "RaftNode.start", "RaftNode.getState", "RaftNode.onMessage", "RaftNode.onTimer"]);
    } finally {
      stubs.remove();
    }
    expect(stubsLeftIn(join(ROOT, "solutions", "week1", "raft.ts"))).to.deep.equal([]);
  });

  it("a replay's HTML report is named for the replay, so the week's report.html stays whole", () => {
    expect(htmlFileName({})).to.equal("report.html");
    expect(htmlFileName({ only: "week1.raft.initial-election" })).to.equal("replay-week1.raft.initial-election.html");
    expect(htmlFileName({ only: "raft election", seed: 42 })).to.equal("replay-raft_election-seed-42.html");
  });

  it("--list shows every test's id, visibility, points, seeds and rules, and never its code", () => {
    const run = () => undefined;
    const test = (name: string, visibility: GradedTest["visibility"], extra: Partial<GradedTest> = {}): CatalogTest => ({
      id: `week3.breaker.${name}`, week: 3, exercise: { id: "breaker", title: "Circuit breaker", file: "week3/circuit-breaker.ts" }, module: "unused.ts",
      test: { name, points: 2, visibility, description: `checks ${name}`, run, ...extra },
    });
    const tests = [test("example", "visible"), test("random-scripts", "hidden", { seeds: 10, rules: ["closed-permits", "open-rejects"] })];
    const week: CatalogWeek = { definition: { week: 3, title: "Resilience", exercises: [tests[0].exercise] }, tests, hasHiddenTests: true };
    expect(formatListing([week], tests).split("\n")).to.deep.equal([
      "week 3: Resilience",
      "",
      "week 3 · breaker: Circuit breaker (exercises/week3/circuit-breaker.ts)",
      "  week3.breaker.example (visible, 2 points, fixed)",
      "      checks example",
      "  week3.breaker.random-scripts (hidden, 2 points, 10 seeds; rules: closed-permits, open-rejects)",
      "      checks random-scripts",
      "",
      "2 tests, 4 points: 1 visible (their code is in grader/tests/), 1 hidden (only their names and descriptions are shown)",
      "Run one: npm run grade week3 -- --only week3.breaker.example",
    ]);
  });
});

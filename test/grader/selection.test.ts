/** Which tests and seeds a run grades: --only, --rule, --visible-only, --seed and --seeds. */
import { expect } from "chai";
import type { GradedTest } from "../../grader/api";
import type { CatalogTest, CatalogWeek } from "../../grader/catalog";
import { seedPlan, selectTests } from "../../grader/runner";

function catalogTest(name: string, visibility: GradedTest["visibility"], seeds?: number, rules?: string[]): CatalogTest {
  const test: GradedTest = { name, points: 1, visibility, description: name, seeds, rules, run: () => undefined };
  return { id: `week1.raft.${name}`, week: 1, exercise: { id: "raft", title: "Raft", file: "week1/raft.ts" }, test, module: "unused.ts" };
}

const WEEK: CatalogWeek = {
  definition: { week: 1, title: "Raft", exercises: [{ id: "raft", title: "Raft", file: "week1/raft.ts" }] },
  tests: [
    catalogTest("election", "visible", undefined, ["vote-once"]),
    catalogTest("election-after-partition", "hidden", 10, ["majority-elects", "vote-once"]),
    catalogTest("log-matching", "hidden", 10),
  ],
  hasHiddenTests: true,
};

const ids = (tests: CatalogTest[]) => tests.map((test) => test.test.name);

describe("grader test and seed selection", () => {
  it("--only with an exact id runs that test alone, though other ids start with it", () => {
    expect(ids(selectTests({ weeks: [WEEK], only: "week1.raft.election" }))).to.deep.equal(["election"]);
  });

  it("--only with part of an id runs every test whose id contains it", () => {
    expect(ids(selectTests({ weeks: [WEEK], only: "election" }))).to.deep.equal(["election", "election-after-partition"]);
    expect(ids(selectTests({ weeks: [WEEK], only: "week1.raft." }))).to.have.length(3);
  });

  it("--rule runs the tests that list one of the rules, directed or randomized, together with --only", () => {
    expect(ids(selectTests({ weeks: [WEEK], rules: ["vote-once"] }))).to.deep.equal(["election", "election-after-partition"]);
    expect(ids(selectTests({ weeks: [WEEK], rules: ["majority-elects", "none-such"] }))).to.deep.equal(["election-after-partition"]);
    expect(ids(selectTests({ weeks: [WEEK], rules: ["vote-once"], only: "partition" }))).to.deep.equal(["election-after-partition"]);
  });

  it("--visible-only drops hidden tests", () => {
    expect(ids(selectTests({ weeks: [WEEK], visibleOnly: true }))).to.deep.equal(["election"]);
  });

  it("a randomized test gets its own seeds, the same in every run, and stops at its first failure", () => {
    const [, partition, logMatching] = WEEK.tests;
    const plan = seedPlan(partition, {});
    expect(plan.seeds).to.have.length(10);
    expect(new Set(plan.seeds).size).to.equal(10);
    expect(plan.stopAtFirstFailure).to.equal(true);
    expect(seedPlan(partition, {}).seeds).to.deep.equal(plan.seeds);
    expect(seedPlan(logMatching, {}).seeds).to.not.include(plan.seeds[0]);
  });

  it("--seed replays exactly one seed; --seeds K runs K seeds and all of them, for a pass rate", () => {
    const partition = WEEK.tests[1];
    expect(seedPlan(partition, { seed: 1234 })).to.deep.equal({ seeds: [1234], stopAtFirstFailure: true });
    const rate = seedPlan(partition, { seedsCount: 50 });
    expect(rate.seeds).to.have.length(50);
    expect(rate.stopAtFirstFailure).to.equal(false);
    expect(rate.seeds.slice(0, 10)).to.deep.equal(seedPlan(partition, {}).seeds);
  });

  it("a fixed test runs once, with a seed of its own that --seed can still set", () => {
    const election = WEEK.tests[0];
    expect(seedPlan(election, {}).seeds).to.have.length(1);
    expect(seedPlan(election, { seedsCount: 50 }).seeds).to.have.length(1);
    expect(seedPlan(election, { seed: 7 }).seeds).to.deep.equal([7]);
  });
});

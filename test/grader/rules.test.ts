/** Rule tables (grader/rules.ts): parsed from Markdown, and held to the tests they name. */
import { expect } from "chai";
import type { GradedTest } from "../../grader/api";
import type { CatalogTest } from "../../grader/catalog";
import { parseRuleTable, ruleTableProblems } from "../../grader/rules";

const TABLE = `# Rules of week1.raft

| rule | statement | source | directed test |
| --- | --- | --- | --- |
| vote-once | a server grants at most one vote per term | Figure 2, RequestVote 2 | \`vote-once-per-term\` |
| up-to-date-log | votes only for a log at least as up to date \\| as its own | §5.4.1 | \`refuses-stale-candidate\`, \`refuses-shorter-log\` |
`;

function catalogTest(name: string, rules?: string[]): CatalogTest {
  const test: GradedTest = { name, points: 1, visibility: "hidden", description: name, rules, run: () => undefined };
  return { id: `week1.raft.${name}`, week: 1, exercise: { id: "raft", title: "Raft", file: "week1/raft.ts" }, test, module: "unused.ts" };
}

describe("grader rule tables", () => {
  it("parse into rules with their directed tests; backticks and escaped bars are read as text", () => {
    expect(parseRuleTable(TABLE, "raft.rules.md")).to.deep.equal([
      { id: "vote-once", statement: "a server grants at most one vote per term", statementIn: {}, source: "Figure 2, RequestVote 2", directedTests: ["vote-once-per-term"] },
      { id: "up-to-date-log", statement: "votes only for a log at least as up to date | as its own", statementIn: {}, source: "§5.4.1", directedTests: ["refuses-stale-candidate", "refuses-shorter-log"] },
    ]);
  });

  it("a table with other columns is refused, naming the columns it needs", () => {
    expect(() => parseRuleTable("| rule | test |\n| --- | --- |\n| a | b |", "x.rules.md")).to.throw("| rule | statement | source | directed test |");
  });

  it("agree with tests that exist and list their rules, a test directed at two rules listing both", () => {
    const rules = parseRuleTable(TABLE, "raft.rules.md");
    const tests = [catalogTest("vote-once-per-term", ["vote-once"]), catalogTest("refuses-stale-candidate", ["up-to-date-log"]), catalogTest("refuses-shorter-log", ["up-to-date-log", "vote-once"])];
    expect(ruleTableProblems(rules, tests)).to.deep.equal([]);
  });

  it("name every disagreement: a missing directed test, a rule its directed test does not list, an unknown rule", () => {
    const rules = parseRuleTable(TABLE, "raft.rules.md");
    const tests = [catalogTest("vote-once-per-term", ["up-to-date-log"]), catalogTest("refuses-stale-candidate", ["up-to-date-log", "no-such-rule"])];
    expect(ruleTableProblems(rules, tests)).to.deep.equal([
      'rule vote-once: its directed test vote-once-per-term must list it in `rules` (it lists ["up-to-date-log"])',
      "rule up-to-date-log: its directed test refuses-shorter-log does not exist",
      "test refuses-stale-candidate lists rule no-such-rule, which the table lacks",
    ]);
  });
});

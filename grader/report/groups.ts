/**
 * How a report orders an exercise's lost points so that one bug reads as one bug. Stubs first, as
 * one list of everything still to write. Then failures by the rule they break, from the exercise's
 * rule table (grader/tests/weekN/<exercise>.rules.md), in the table's order:
 *   - a failure whose words name a rule of the table ("rule opens-at-threshold: call #4 ...", as the
 *     checkers write them) breaks that rule, whichever test found it;
 *   - otherwise a failed test directed at rules (the table's "directed test" column) breaks the
 *     first of them;
 *   - otherwise (a randomized test, which lists every rule it exercises) it joins the first rule it
 *     lists that another failure broke.
 * Each group lists the tests directed at its rule first. Failures of tests without rules, and those
 * of a file that does not compile or load, come last.
 */
import type { ReasonKind } from "../protocol";
import type { ExerciseResult, RuleSummary, TestResult } from "../runner";

const WHOLE_FILE_KINDS = new Set<ReasonKind>(["compile", "import"]);

export interface FailureGroups {
  /** Tests that stopped at a stub; `unwritten` names every stub left, the file's and the tests'. */
  stubs: { tests: TestResult[]; unwritten: string[] };
  /** Failures under the rule each breaks, in the rule table's order. */
  byRule: { rule: RuleSummary; tests: TestResult[] }[];
  /** Failures that break no rule of the table (no table, no rules, a whole-file reason). */
  others: TestResult[];
}

export function groupFailures(exercise: ExerciseResult): FailureGroups {
  const failed = exercise.tests.filter((test) => test.failure);
  const stubTests = failed.filter((test) => test.failure?.reason.kind === "not-implemented");
  const fromTests = stubTests.map((test) => /not implemented yet: (.+?) \(write it in/.exec(test.failure?.reason.message ?? "")?.[1] ?? "?");
  const unwritten = [...new Set([...exercise.unwritten, ...fromTests])];
  // A file that does not compile or load fails every test alike: that is one reason, not a broken rule.
  const rest = failed.filter((test) => !stubTests.includes(test) && !WHOLE_FILE_KINDS.has(test.failure?.reason.kind ?? "failed"));
  const broken = new Map<TestResult, RuleSummary>();
  for (const test of rest) {
    const rule = namedRule(test, exercise.rules) ?? exercise.rules.find((candidate) => candidate.directedTests.includes(test.name));
    if (rule) broken.set(test, rule);
  }
  const brokenIds = new Set([...broken.values()].map((rule) => rule.id));
  for (const test of rest) {
    const joined = broken.has(test) ? undefined : exercise.rules.find((rule) => brokenIds.has(rule.id) && test.rules.includes(rule.id));
    if (joined) broken.set(test, joined);
  }
  const byRule: FailureGroups["byRule"] = [];
  for (const rule of exercise.rules.filter((candidate) => brokenIds.has(candidate.id))) {
    const directed = (test: TestResult) => Number(rule.directedTests.includes(test.name));
    const tests = rest.filter((test) => broken.get(test)?.id === rule.id).sort((a, b) => directed(b) - directed(a));
    byRule.push({ rule, tests });
  }
  const others = failed.filter((test) => !stubTests.includes(test) && !broken.has(test));
  return { stubs: { tests: stubTests, unwritten: stubTests.length > 0 ? unwritten : [] }, byRule, others };
}

/** The first rule of the table that the failure's words name as broken ("rule <id>: ..."). */
function namedRule(test: TestResult, rules: readonly RuleSummary[]): RuleSummary | undefined {
  const text = test.failure?.reason.message ?? "";
  for (const match of text.matchAll(/\brule ([a-z0-9]+(?:-[a-z0-9]+)*):/g)) {
    const rule = rules.find((candidate) => candidate.id === match[1]);
    if (rule) return rule;
  }
  return undefined;
}

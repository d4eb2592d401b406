/**
 * Rule tables: grader/tests/weekN/<exercise>.rules.md lists every rule an exercise must keep
 * (each sentence of its contract, each rule of the algorithm) as a Markdown table with the columns
 *
 *   | rule | statement | source | directed test |
 *
 * `rule` is a short kebab-case id, `directed test` names the test(s) that break when this rule
 * alone is broken, on every seed. A directed test lists its rule(s) in its `rules` field; the first
 * one listed is its main rule. A rule whose directed test failed is broken, and reports tell every
 * failed test that lists it under the first broken rule (report/groups.ts). The self-tests hold
 * tables and tests to each other.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CatalogTest } from "./catalog";
import { testsDir } from "./catalog";

export interface Rule {
  id: string;
  statement: string;
  source: string;
  /** Names of the tests (within the exercise) directed at this rule. */
  directedTests: string[];
}

const COLUMNS = ["rule", "statement", "source", "directed test"] as const;

export function ruleTablePath(root: string, week: number, exercise: string): string {
  return join(testsDir(root), `week${week}`, `${exercise}.rules.md`);
}

/** The exercise's rules, or undefined when it has no table yet. Throws on a malformed table. */
export function loadRuleTable(root: string, week: number, exercise: string): Rule[] | undefined {
  const path = ruleTablePath(root, week, exercise);
  return existsSync(path) ? parseRuleTable(readFileSync(path, "utf8"), path) : undefined;
}

export function parseRuleTable(markdown: string, where: string): Rule[] {
  const rows = markdown
    .split("\n")
    .filter((line) => line.trim().startsWith("|"))
    .map(cells);
  const header = rows[0]?.map((cell) => cell.toLowerCase());
  if (!header || COLUMNS.some((column, i) => header[i] !== column)) {
    throw new Error(`${where}: the table's columns must be | ${COLUMNS.join(" | ")} |`);
  }
  return rows.slice(2).map((row, i) => {
    if (row.length !== COLUMNS.length) throw new Error(`${where}: row ${i + 1} has ${row.length} cells, expected ${COLUMNS.length}`);
    const [id, statement, source, directed] = row.map(plain);
    return { id, statement, source, directedTests: directed.split(",").map((name) => name.trim()).filter(Boolean) };
  });
}

/** What is wrong between an exercise's rule table and its tests, in words; empty when they agree. */
export function ruleTableProblems(rules: Rule[], tests: CatalogTest[]): string[] {
  const problems: string[] = [];
  const byName = new Map(tests.map((test) => [test.test.name, test]));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) problems.push(`rule id "${rule.id}" is not kebab-case`);
    if (ids.has(rule.id)) problems.push(`rule ${rule.id} appears twice`);
    ids.add(rule.id);
    if (rule.directedTests.length === 0) problems.push(`rule ${rule.id} has no directed test`);
    for (const name of rule.directedTests) {
      const test = byName.get(name);
      if (!test) problems.push(`rule ${rule.id}: its directed test ${name} does not exist`);
      else if (!test.test.rules?.includes(rule.id)) problems.push(`rule ${rule.id}: its directed test ${name} must list it in \`rules\` (it lists ${JSON.stringify(test.test.rules ?? [])})`);
    }
  }
  for (const test of tests) {
    for (const id of test.test.rules ?? []) if (!ids.has(id)) problems.push(`test ${test.test.name} lists rule ${id}, which the table lacks`);
  }
  return problems;
}

/** The cells of a table row; `\|` stays inside a cell. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

/** A cell's text without the backticks around code. */
function plain(cell: string): string {
  return cell.replace(/`/g, "");
}

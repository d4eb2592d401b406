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
 *
 * A table may have translations beside it, `<exercise>.rules.<lang>.md` (`quorum.rules.ko.md`),
 * with the columns `| rule | statement |`: the same ids, the statement in that language. Reports
 * in that language head their rule groups with it; a rule it lacks reads in English.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CatalogTest } from "./catalog";
import { testsDir } from "./catalog";
import { LANGUAGES, type Translations } from "./i18n/language";

export interface Rule {
  id: string;
  statement: string;
  /** The statement in other languages, from the table's translations. */
  statementIn: Translations;
  source: string;
  /** Names of the tests (within the exercise) directed at this rule. */
  directedTests: string[];
}

const COLUMNS = ["rule", "statement", "source", "directed test"] as const;
const TRANSLATION_COLUMNS = ["rule", "statement"] as const;
const TRANSLATED_LANGUAGES = LANGUAGES.filter((language): language is Exclude<typeof language, "en"> => language !== "en");

/** The rule table's file; with `language`, its translation's. */
export function ruleTablePath(root: string, week: number, exercise: string, language?: string): string {
  return join(testsDir(root), `week${week}`, `${exercise}.rules${language ? `.${language}` : ""}.md`);
}

/** The exercise's rules, with their translations, or undefined when it has no table yet. Throws on a malformed table. */
export function loadRuleTable(root: string, week: number, exercise: string): Rule[] | undefined {
  const path = ruleTablePath(root, week, exercise);
  if (!existsSync(path)) return undefined;
  const rules = parseRuleTable(readFileSync(path, "utf8"), path);
  for (const language of TRANSLATED_LANGUAGES) {
    const translated = loadRuleTranslation(root, week, exercise, language);
    for (const rule of rules) {
      const statement = translated?.get(rule.id);
      if (statement) rule.statementIn[language] = statement;
    }
  }
  return rules;
}

/** A translation of the exercise's table (rule id -> statement), or undefined when there is none. */
export function loadRuleTranslation(root: string, week: number, exercise: string, language: string): Map<string, string> | undefined {
  const path = ruleTablePath(root, week, exercise, language);
  if (!existsSync(path)) return undefined;
  return new Map(tableRows(readFileSync(path, "utf8"), TRANSLATION_COLUMNS, path).map(([id, statement]) => [id, statement]));
}

export function parseRuleTable(markdown: string, where: string): Rule[] {
  return tableRows(markdown, COLUMNS, where).map(([id, statement, source, directed]) => ({
    id,
    statement,
    statementIn: {},
    source,
    directedTests: directed.split(",").map((name) => name.trim()).filter(Boolean),
  }));
}

/** The body rows of the file's Markdown table, as plain cells, after checking its columns. */
function tableRows(markdown: string, columns: readonly string[], where: string): string[][] {
  const rows = markdown
    .split("\n")
    .filter((line) => line.trim().startsWith("|"))
    .map(cells);
  const header = rows[0]?.map((cell) => cell.toLowerCase());
  if (!header || columns.some((column, i) => header[i] !== column)) {
    throw new Error(`${where}: the table's columns must be | ${columns.join(" | ")} |`);
  }
  return rows.slice(2).map((row, i) => {
    if (row.length !== columns.length) throw new Error(`${where}: row ${i + 1} has ${row.length} cells, expected ${columns.length}`);
    return row.map(plain);
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

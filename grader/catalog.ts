/**
 * Where the weeks and their tests are. A week is a folder grader/tests/weekN/ with:
 *
 *   week.ts                      exports `week: WeekDefinition` (title, exercises and their files)
 *   <exercise>.visible.ts        exports `tests: GradedTest[]`, the tests learners can read and run
 *   <exercise>.hidden.ts         exports `tests: GradedTest[]`, the tests only the grader runs
 *   <exercise>.<part>.hidden.ts  more files for the same exercise, when a suite is large
 *
 * Visibility is decided by the file name (and checked against each test's metadata), so the
 * student release can drop hidden tests by dropping files.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ExerciseDefinition, GradedTest, Visibility, WeekDefinition } from "./api";

export interface CatalogTest {
  /** "week0.quorum.majority-sizes" */
  id: string;
  week: number;
  exercise: ExerciseDefinition;
  test: GradedTest;
  /** Absolute path of the module exporting the test (the child process loads it from there). */
  module: string;
}

export interface CatalogWeek {
  definition: WeekDefinition;
  tests: CatalogTest[];
  /** True when hidden test files were present (false in the student edition). */
  hasHiddenTests: boolean;
}

export function testsDir(root: string): string {
  return join(root, "grader", "tests");
}

/** Week numbers that have a grader/tests/weekN/week.ts, ascending. */
export function listWeeks(root: string): number[] {
  const dir = testsDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^week(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null && existsSync(join(dir, match[0], "week.ts")))
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** A week's title and exercises (grader/tests/weekN/week.ts), without loading its tests. */
export function loadWeekDefinition(root: string, week: number): WeekDefinition {
  const dir = join(testsDir(root), `week${week}`);
  const { week: definition } = require(join(dir, "week.ts")) as { week: WeekDefinition };
  if (definition.week !== week) throw new Error(`${dir}/week.ts says week ${definition.week}, expected ${week}`);
  return definition;
}

export function loadWeek(root: string, week: number): CatalogWeek {
  const dir = join(testsDir(root), `week${week}`);
  const definition = loadWeekDefinition(root, week);
  // Visible tests first: they are the ones learners know, so reports start with them.
  const files = readdirSync(dir).sort((a, b) => Number(a.includes(".hidden.")) - Number(b.includes(".hidden.")) || a.localeCompare(b));
  const tests: CatalogTest[] = [];
  let hasHiddenTests = false;
  for (const exercise of definition.exercises) {
    const pattern = new RegExp(`^${exercise.id}(\\.[\\w-]+)?\\.(visible|hidden)\\.ts$`);
    for (const file of files) {
      const match = pattern.exec(file);
      if (!match) continue;
      const visibility = match[2] as Visibility;
      hasHiddenTests ||= visibility === "hidden";
      const module = join(dir, file);
      const { tests: exported } = require(module) as { tests: GradedTest[] };
      for (const test of exported) {
        validate(test, visibility, file);
        tests.push({ id: `week${week}.${exercise.id}.${test.name}`, week, exercise, test, module });
      }
    }
  }
  const ids = new Set<string>();
  for (const { id } of tests) {
    if (ids.has(id)) throw new Error(`two tests are named ${id}`);
    ids.add(id);
  }
  return { definition, tests, hasHiddenTests };
}

function validate(test: GradedTest, visibility: Visibility, file: string): void {
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(test.name)) problems.push(`name "${test.name}" is not kebab-case`);
  if (test.visibility !== visibility) problems.push(`is marked ${test.visibility} but lives in a .${visibility}.ts file`);
  if (!(test.points > 0)) problems.push("needs points > 0");
  if (test.seeds !== undefined && !(Number.isInteger(test.seeds) && test.seeds >= 1)) problems.push("seeds must be a positive integer");
  if (problems.length > 0) throw new Error(`grader/tests: ${file}: test ${test.name} ${problems.join("; ")}`);
}

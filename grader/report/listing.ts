/**
 * `npm run grade weekN -- --list`: the tests a run would grade, without grading. For each test its
 * id, visibility, points, seeds and rules, and what it checks; never its code, so a hidden test's
 * name and description show here as they do in every report.
 */
import type { CatalogTest, CatalogWeek } from "../catalog";

export function formatListing(weeks: readonly CatalogWeek[], tests: readonly CatalogTest[]): string {
  const out: string[] = [];
  for (const week of weeks) {
    for (const exercise of week.definition.exercises) {
      const mine = tests.filter((test) => test.week === week.definition.week && test.exercise.id === exercise.id);
      if (mine.length === 0) continue;
      out.push(`week ${week.definition.week} · ${exercise.id}: ${exercise.title} (exercises/${exercise.file})`);
      for (const { id, test } of mine) {
        const seeds = test.seeds === undefined ? "fixed" : `${test.seeds} seed${test.seeds === 1 ? "" : "s"}`;
        const rules = test.rules && test.rules.length > 0 ? `; rules: ${test.rules.join(", ")}` : "";
        out.push(`  ${id} (${test.visibility}, ${test.points} point${test.points === 1 ? "" : "s"}, ${seeds}${rules})`, `      ${test.description}`);
      }
      out.push("");
    }
  }
  const hidden = tests.filter((test) => test.test.visibility === "hidden").length;
  const points = tests.reduce((total, test) => total + test.test.points, 0);
  out.push(`${tests.length} test${tests.length === 1 ? "" : "s"}, ${points} points: ${tests.length - hidden} visible (their code is in grader/tests/), ${hidden} hidden (only their names and descriptions are shown)`);
  if (weeks.some((week) => !week.hasHiddenTests)) out.push("This edition has the visible tests only; the hidden tests run in your instructor's grader.");
  const example = tests[0];
  if (example) out.push(`Run one: npm run grade week${example.week} -- --only ${example.id}`);
  return out.join("\n");
}

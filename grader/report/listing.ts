/**
 * `npm run grade weekN -- --list`: the tests a run would grade, without grading. For each test its
 * id, visibility, points, seeds and rules, and what it checks; never its code, so a hidden test's
 * name and description show here as they do in every report. In the run's language, as reports are.
 */
import type { CatalogTest, CatalogWeek } from "../catalog";
import { DEFAULT_LANGUAGE, inLanguage, type Language } from "../i18n/language";
import { words } from "../i18n/messages";

export function formatListing(weeks: readonly CatalogWeek[], tests: readonly CatalogTest[], language: Language = DEFAULT_LANGUAGE): string {
  const say = words(language);
  const out: string[] = [];
  for (const week of weeks) {
    const { definition } = week;
    if (tests.some((test) => test.week === definition.week)) out.push(say.weekHeading(definition.week, inLanguage(definition.title, definition.titleIn, language)), "");
    for (const exercise of definition.exercises) {
      const mine = tests.filter((test) => test.week === week.definition.week && test.exercise.id === exercise.id);
      if (mine.length === 0) continue;
      out.push(`${say.exerciseHeading(week.definition.week, exercise.id)}: ${inLanguage(exercise.title, exercise.titleIn, language)} (exercises/${exercise.file})`);
      for (const { id, test } of mine) {
        const seeds = test.seeds === undefined ? say.fixedTest : say.seedCount(test.seeds);
        out.push(`  ${say.listedTest(id, say.visibility(test.visibility), test.points, seeds, (test.rules ?? []).join(", "))}`, `      ${inLanguage(test.description, test.descriptionIn, language)}`);
      }
      out.push("");
    }
  }
  const hidden = tests.filter((test) => test.test.visibility === "hidden").length;
  const points = tests.reduce((total, test) => total + test.test.points, 0);
  out.push(say.listedTotal(tests.length, points, tests.length - hidden, hidden));
  if (weeks.some((week) => !week.hasHiddenTests)) out.push(say.visibleOnlyEdition);
  const example = tests[0];
  if (example) out.push(say.runOne(`npm run grade week${example.week} -- --only ${example.id}${language === DEFAULT_LANGUAGE ? "" : ` --lang ${language}`}`));
  return out.join("\n");
}

/** One test's result in words, the same in every report format, in the report's language. */
import { DEFAULT_LANGUAGE, inLanguage, type Language } from "../i18n/language";
import { words } from "../i18n/messages";
import type { ExerciseResult, GradeReport, TestResult } from "../runner";

/**
 * The heading of the week `exercise` belongs to when it is the report's first exercise of that
 * week ("week 1: Time, order and consensus ..."), else undefined.
 */
export function weekHeadingBefore(report: GradeReport, exercise: ExerciseResult, language: Language = DEFAULT_LANGUAGE): string | undefined {
  const week = report.weeks.find((graded) => graded.week === exercise.week);
  if (!week || report.exercises.find((other) => other.week === exercise.week) !== exercise) return undefined;
  return words(language).weekHeading(week.week, inLanguage(week.title, week.titleIn, language));
}

export function verdictText(test: TestResult, language: Language = DEFAULT_LANGUAGE): string {
  const say = words(language);
  if (test.failure) return say.kind(test.failure.reason.kind);
  const count = test.inconclusive.length;
  return count === 0 ? say.passed : say.passedWithInconclusive(count);
}

/** Why the test lost its points, in the report's language (English where no translation was given). */
export function reasonText(test: TestResult, language: Language = DEFAULT_LANGUAGE): string {
  const reason = test.failure?.reason;
  return reason ? inLanguage(reason.message, reason.messageIn, language) : "";
}

/**
 * Why some seeds of a test said nothing: the test's own setup did not happen as intended on
 * them, even on the seeds derived for retries. Lines for the report, or none.
 */
export function inconclusiveLines(test: TestResult, language: Language = DEFAULT_LANGUAGE): string[] {
  return test.inconclusive.map(({ seed, message, messageIn }) => words(language).inconclusiveSeed(seed, inLanguage(message, messageIn, language)));
}

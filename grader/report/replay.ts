/** The one command that replays exactly one test (and, for randomized tests, one seed). */
import { DEFAULT_LANGUAGE, type Language } from "../i18n/language";
import type { TestResult } from "../runner";
import { fixedTestSeed } from "../seeds";

export interface ReplayContext {
  /** Flags that select what was graded (e.g. ["--solutions"]), repeated in the command. */
  sourceFlags: string[];
  /** The language of the report's own words (default English); a replay asks for it again. */
  language?: Language;
}

export function replayCommand(test: TestResult, context: ReplayContext): string {
  const seed = test.failure && seedMatters(test, test.failure.seed) ? ` --seed ${test.failure.seed}` : "";
  const flags = context.sourceFlags.length > 0 ? ` ${context.sourceFlags.join(" ")}` : "";
  const language = reportLanguage(context) === DEFAULT_LANGUAGE ? "" : ` --lang ${reportLanguage(context)}`;
  return `npm run grade week${test.week} -- --only ${test.id}${seed}${flags}${language}`;
}

export function reportLanguage(context: ReplayContext): Language {
  return context.language ?? DEFAULT_LANGUAGE;
}

/**
 * Whether a replay must name the seed: always for randomized tests; for a fixed test only when it
 * failed on another seed than its usual one (a retry after a failed premise).
 */
export function seedMatters(test: TestResult, seed: number): boolean {
  return test.randomized || seed !== fixedTestSeed(test.id);
}

/**
 * report.html for a whole run; a run narrowed by --only (a replay) gets its own file beside it,
 * named for what it replays, so replaying one test never overwrites the week's full report.
 */
export function htmlFileName(request: { only?: string; seed?: number }): string {
  if (request.only === undefined) return "report.html";
  const seed = request.seed === undefined ? "" : `-seed-${request.seed}`;
  return `replay-${request.only.replace(/[^\w.-]+/g, "_")}${seed}.html`;
}

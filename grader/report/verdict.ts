/** One test's result in a word or two, the same in every report format. */
import type { TestResult } from "../runner";

export function verdictText(test: TestResult): string {
  if (test.failure) return test.failure.reason.kind;
  const count = test.inconclusive.length;
  return count === 0 ? "passed" : `passed (${count} seed${count === 1 ? "" : "s"} inconclusive, not charged)`;
}

/**
 * Why some seeds of a test said nothing: the test's own setup did not happen as intended on
 * them, even on the seeds derived for retries. Lines for the report, or none.
 */
export function inconclusiveLines(test: TestResult): string[] {
  return test.inconclusive.map(({ seed, message }) => `seed ${seed} was inconclusive, not charged: ${message}`);
}

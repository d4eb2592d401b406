/** The one command that replays exactly one test (and, for randomized tests, one seed). */
import type { TestResult } from "../runner";

export interface ReplayContext {
  /** Flags that select what was graded (e.g. ["--solutions"]), repeated in the command. */
  sourceFlags: string[];
}

export function replayCommand(test: TestResult, context: ReplayContext): string {
  const seed = test.randomized && test.failure ? ` --seed ${test.failure.seed}` : "";
  const flags = context.sourceFlags.length > 0 ? ` ${context.sourceFlags.join(" ")}` : "";
  return `npm run grade week${test.week} -- --only ${test.id}${seed}${flags}`;
}

/**
 * Tests that need something from the machine skip with the reason and how to get it, or fail
 * under COURSE_REQUIRE_ALL=1 (CI): the policy lives in src/requirements.ts, shared with the
 * steps of `npm test` that are not mocha tests.
 */
import { missingRequirement } from "../../src/requirements";

/**
 * Skip (or, under COURSE_REQUIRE_ALL=1, fail) the running test when `problem` is defined.
 * `what` names the requirement ("Chromium"), `howToGet` the command or step that provides it.
 */
export function requireOrSkip(context: Mocha.Context, what: string, problem: string | undefined, howToGet: string): void {
  const missing = missingRequirement(what, problem, howToGet);
  if (missing === undefined) return;
  if (missing.fatal) throw new Error(missing.reason);
  skipBecause(context, missing.reason);
}

/** Skip the running test, leaving `reason` for npm test's list of skips (scripts/mocha-reporter.js). */
export function skipBecause(context: Mocha.Context, reason: string): never {
  const test = context.currentTest ?? context.test;
  if (test) (test as Mocha.Runnable & { skipReason?: string }).skipReason = reason;
  return context.skip();
}

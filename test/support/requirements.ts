/**
 * Tests that need something from the machine (a browser, a broker on 127.0.0.1) skip, saying what
 * is missing and how to get it, so `npm test` stays green on a laptop without them. CI sets
 * COURSE_REQUIRE_ALL=1 (.ci/run): there a missing requirement fails the test instead, so a CI run
 * never proves silently less than it claims.
 */
export const REQUIRE_ALL_VARIABLE = "COURSE_REQUIRE_ALL";

/**
 * Skip (or, under COURSE_REQUIRE_ALL=1, fail) the running test when `problem` is defined.
 * `what` names the requirement ("Chromium"), `howToGet` the command or step that provides it.
 */
export function requireOrSkip(context: Mocha.Context, what: string, problem: string | undefined, howToGet: string): void {
  if (problem === undefined) return;
  const reason = `${what} is not available (${problem}); ${howToGet}`;
  if (process.env[REQUIRE_ALL_VARIABLE] === "1") throw new Error(`${reason}. ${REQUIRE_ALL_VARIABLE}=1 turns this skip into a failure.`);
  skipBecause(context, reason);
}

/** Skip the running test, leaving `reason` for npm test's list of skips (scripts/mocha-reporter.js). */
export function skipBecause(context: Mocha.Context, reason: string): never {
  const test = context.currentTest ?? context.test;
  if (test) (test as Mocha.Runnable & { skipReason?: string }).skipReason = reason;
  return context.skip();
}

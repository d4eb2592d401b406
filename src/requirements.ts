/**
 * What a check does when something it needs from the machine is missing (a browser, a broker on
 * 127.0.0.1): it skips, saying what is missing and how to get it, so `npm test` stays green on a
 * laptop without them. CI sets COURSE_REQUIRE_ALL=1 (.ci/run): there a missing requirement is a
 * failure instead, so a CI run never proves silently less than it claims. Mocha tests use this
 * through test/support/requirements.ts; steps of `npm test` outside mocha (the browser step) directly.
 */
export const REQUIRE_ALL_VARIABLE = "COURSE_REQUIRE_ALL";

export interface MissingRequirement {
  /** "Chromium is not available (...); <how to get it>" */
  reason: string;
  /** True under COURSE_REQUIRE_ALL=1: the check fails instead of skipping. */
  fatal: boolean;
}

/**
 * The verdict when `problem` is defined (undefined when the requirement is met). `what` names the
 * requirement ("Chromium"), `howToGet` the command or step that provides it.
 */
export function missingRequirement(what: string, problem: string | undefined, howToGet: string): MissingRequirement | undefined {
  if (problem === undefined) return undefined;
  const reason = `${what} is not available (${problem}); ${howToGet}`;
  const fatal = process.env[REQUIRE_ALL_VARIABLE] === "1";
  return { reason: fatal ? `${reason}. ${REQUIRE_ALL_VARIABLE}=1 turns this skip into a failure.` : reason, fatal };
}

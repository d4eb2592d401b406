/**
 * Mocha's spec reporter, plus a JSON file of counts for `npm test` (path in COURSE_TEST_COUNTS),
 * which adds them into its closing line "N passed, N failed" and lists the skipped tests with their reasons.
 */
"use strict";
const fs = require("node:fs");
const Mocha = require("mocha");

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    const skips = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => failures.push(`${test.fullTitle()}: ${error && error.message}`));
    // test/support/requirements.ts leaves the reason of a skip on the test.
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => skips.push(test.skipReason ? `${test.fullTitle()}: ${test.skipReason}` : test.fullTitle()));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.COURSE_TEST_COUNTS;
      if (!file) return;
      const { passes, failures: failed, pending } = runner.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed, skipped: pending, failures, skips }));
    });
  }
}

module.exports = CountingSpecReporter;

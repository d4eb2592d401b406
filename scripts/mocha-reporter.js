/**
 * Mocha's spec reporter, plus a JSON file of counts for `npm test` (path in COURSE_TEST_COUNTS),
 * which adds them into its closing line "N passed, N failed".
 */
"use strict";
const fs = require("node:fs");
const Mocha = require("mocha");

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => failures.push(`${test.fullTitle()}: ${error && error.message}`));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.COURSE_TEST_COUNTS;
      if (!file) return;
      const { passes, failures: failed, pending } = runner.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed, skipped: pending, failures }));
    });
  }
}

module.exports = CountingSpecReporter;

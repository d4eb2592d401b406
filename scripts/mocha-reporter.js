/**
 * Mocha's spec reporter, plus a JSON file of counts for `npm test` (path in COURSE_TEST_COUNTS),
 * which adds them into its closing line "N passed, N failed" and lists the skipped tests with their reasons.
 * At the end it names the slowest test files (wall time of their top-level suites, hooks included):
 * where to look when the unit step grows.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Mocha = require("mocha");

const SLOWEST_FILES_SHOWN = 10;

class CountingSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    const skips = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => failures.push(`${test.fullTitle()}: ${error && error.message}`));
    // test/support/requirements.ts leaves the reason of a skip on the test.
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => skips.push(test.skipReason ? `${test.fullTitle()}: ${test.skipReason}` : test.fullTitle()));
    const secondsByFile = new Map();
    const startedAt = new Map();
    runner.on(Mocha.Runner.constants.EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent && suite.parent.root && suite.file) startedAt.set(suite, Date.now());
    });
    runner.on(Mocha.Runner.constants.EVENT_SUITE_END, (suite) => {
      if (!startedAt.has(suite)) return;
      const file = path.relative(process.cwd(), suite.file);
      secondsByFile.set(file, (secondsByFile.get(file) || 0) + (Date.now() - startedAt.get(suite)) / 1000);
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const slowest = [...secondsByFile].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST_FILES_SHOWN);
      if (slowest.length > 0) console.log(`\nslowest test files:\n${slowest.map(([file, seconds]) => `  ${seconds.toFixed(1).padStart(6)} s  ${file}`).join("\n")}`);
      const file = process.env.COURSE_TEST_COUNTS;
      if (!file) return;
      const { passes, failures: failed, pending } = runner.stats;
      fs.writeFileSync(file, JSON.stringify({ passed: passes, failed, skipped: pending, failures, skips }));
    });
  }
}

module.exports = CountingSpecReporter;

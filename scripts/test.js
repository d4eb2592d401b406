#!/usr/bin/env node
/**
 * `npm test`: prove the whole course on this machine.
 *
 *   setup          install what is missing (npm ci, .venv, the course kernel)
 *   typecheck      strict TypeScript 5.9, the tslab-compatible subset, no folder imports
 *   unit tests     mocha: the simulator, checkers, notebook pipeline, grader self-tests, ...
 *   notebooks:check  every committed notebook matches its Markdown source
 *   browser        (both modes in one JupyterLab, longest notebooks first)
 *                  every notebook opened in JupyterLab in headless Chromium, with solutions and
 *                  with the stubs: Run All without an error output, its pictures and diagrams
 *                  drawn, Kernel > Interrupt stopping a loop once per mode; other editions opened
 *                  and rendered (skipped without Chromium, except in CI); it replaces the headless
 *                  nbconvert runs, which `npm run notebooks:run` keeps
 *   jupyter smoke  JupyterLab started as `npm start` does, a cell run over its websocket
 *
 * Every mocha test, every other step and every notebook run counts once. The last line is
 * `N passed, N failed` (CI reads it). Options: --skip STEP (repeatable), --only-step STEP.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ensureSetup, reportAndExit, ROOT } = require("./setup");

const MINUTE_MS = 60_000;
/**
 * A step that runs past this is stopped and counted as failed, so a hang (a synchronous loop
 * that mocha's per-test timeout cannot interrupt) ends the run in minutes, not at CI's limit.
 * Measured on a quiet 2-core machine (fresh clone, 2026-12-03): unit tests 7.1 min, the browser
 * 9.4 min (both modes).
 */
const STEP_MINUTES_MAX = 15;
/** The browser step runs every notebook in both modes: twice a step's share. */
const BROWSER_MINUTES_MAX = 25;
const COUNTS_DIR = path.join(ROOT, ".cache", "test");

const tally = { passed: 0, failed: 0, skipped: 0, failures: [], skips: [], notes: [] };

function record(name, passed, detail) {
  if (passed) tally.passed++;
  else {
    tally.failed++;
    tally.failures.push(detail ? `${name}: ${detail}` : name);
  }
}

function tsx(script, args, options = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: "inherit",
    timeout: options.timeoutMs,
    env: { ...process.env, ...options.env },
  });
  if (result.error) return { ok: false, detail: result.error.code === "ETIMEDOUT" ? `timed out after ${options.timeoutMs / MINUTE_MS} min` : result.error.message };
  return { ok: result.status === 0, detail: result.status === 0 ? undefined : `exit code ${result.status}` };
}

const STEPS = [
  {
    name: "typecheck",
    run() {
      const { ok, detail } = tsx("scripts/typecheck.ts", [], { timeoutMs: 5 * MINUTE_MS });
      record("typecheck", ok, detail);
    },
  },
  {
    name: "unit tests",
    run() {
      if (!fs.existsSync(path.join(ROOT, "test"))) {
        console.log("no test/ folder (the student edition has none): skipped");
        tally.skipped++;
        return;
      }
      const countsFile = path.join(COUNTS_DIR, "mocha.json");
      fs.rmSync(countsFile, { force: true });
      const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
      // The spec is given here, not in .mocharc.json, so that `npx mocha test/x.test.ts` runs one file.
      const result = spawnSync(process.execPath, [mocha, "--reporter", path.join(ROOT, "scripts", "mocha-reporter.js"), "test/**/*.test.ts"], {
        cwd: ROOT,
        stdio: "inherit",
        timeout: STEP_MINUTES_MAX * MINUTE_MS,
        env: { ...process.env, COURSE_TEST_COUNTS: countsFile },
      });
      if (!fs.existsSync(countsFile)) {
        const why = result.error?.code === "ETIMEDOUT" ? `stopped after ${STEP_MINUTES_MAX} min: the test after the last one printed hangs` : result.error ? result.error.message : `mocha exited with code ${result.status} before reporting`;
        record("unit tests", false, why);
        return;
      }
      const counts = JSON.parse(fs.readFileSync(countsFile, "utf8"));
      tally.passed += counts.passed;
      tally.failed += counts.failed;
      tally.skipped += counts.skipped;
      tally.failures.push(...counts.failures.map((failure) => `unit test ${failure}`));
      tally.skips.push(...counts.skips.map((skip) => `unit test ${skip}`));
    },
  },
  {
    name: "notebooks:check",
    run() {
      const { ok, detail } = tsx("src/notebook/cli.ts", ["check"], { timeoutMs: 2 * MINUTE_MS });
      record("notebooks:check", ok, detail);
    },
  },
  // One step for both modes: the English notebooks run in both, the other editions open in the
  // solutions one. A notebook tried twice (a lost Run All) is listed at the end.
  {
    name: "browser",
    run() {
      const resultsFile = path.join(COUNTS_DIR, "browser.json");
      fs.rmSync(resultsFile, { force: true });
      const { detail } = tsx("scripts/browser-notebooks.ts", ["--mode", "both", "--json", resultsFile], { timeoutMs: BROWSER_MINUTES_MAX * MINUTE_MS });
      if (!fs.existsSync(resultsFile)) {
        record("browser", false, detail ?? "no results written");
        return;
      }
      const results = JSON.parse(fs.readFileSync(resultsFile, "utf8"));
      if (results.skipped) {
        tally.skipped++;
        tally.skips.push(`browser: ${results.skipped}`);
      }
      if (results.failed) record("browser", false, results.failed);
      for (const run of results.runs) {
        const name = `notebook ${run.language === "en" ? "" : `${run.language}/`}${run.name} [${run.mode}] in the browser`;
        record(name, run.passed, run.passed ? undefined : `${run.problem.split("\n")[0]} (see ${run.screenshot ?? "the log above"})`);
        if (run.firstTry) tally.notes.push(`${name}: ${run.passed ? "passed" : "failed"} on a second try; the first: ${run.firstTry.split("\n")[0]}`);
      }
    },
  },
  {
    name: "jupyter smoke",
    run() {
      const { ok, detail } = tsx("scripts/smoke-jupyter.ts", [], { timeoutMs: 5 * MINUTE_MS });
      record("jupyter smoke", ok, detail);
    },
  },
];

function parseOptions(argv) {
  const skip = new Set();
  let only;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--skip") skip.add(argv[++i]);
    else if (argv[i] === "--only-step") only = argv[++i];
    else {
      console.error(`npm test: unknown option ${argv[i]} (use --skip STEP or --only-step STEP; steps: ${STEPS.map((s) => s.name).join(", ")})`);
      process.exit(2);
    }
  }
  return { skip, only };
}

function main() {
  const { skip, only } = parseOptions(process.argv.slice(2));
  const startedMs = Date.now();
  fs.mkdirSync(COUNTS_DIR, { recursive: true });
  console.log("[test] setup");
  try {
    ensureSetup();
    record("setup", true);
  } catch (error) {
    reportAndExit(error);
  }
  const steps = STEPS.filter((step) => (only ? step.name === only : !skip.has(step.name)));
  steps.forEach((step, i) => {
    console.log(`\n[test ${i + 1}/${steps.length}] ${step.name}`);
    const stepStartedMs = Date.now();
    step.run();
    console.log(`[test ${i + 1}/${steps.length}] ${step.name} done in ${((Date.now() - stepStartedMs) / 1000).toFixed(1)} s`);
  });
  console.log(`\nnpm test finished in ${((Date.now() - startedMs) / MINUTE_MS).toFixed(1)} min.`);
  if (tally.notes.length > 0) console.log(`Tried twice (see the log above):\n${tally.notes.map((note) => `  - ${note}`).join("\n")}`);
  if (tally.skips.length > 0) console.log(`Skipped:\n${tally.skips.map((skip) => `  - ${skip}`).join("\n")}`);
  if (tally.failures.length > 0) console.log(`Failed:\n${tally.failures.map((failure) => `  - ${failure}`).join("\n")}`);
  console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped > 0 ? `, ${tally.skipped} skipped` : ""}`);
  process.exit(tally.failed === 0 ? 0 : 1);
}

main();

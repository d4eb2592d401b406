#!/usr/bin/env node
/**
 * `node scripts/run.js <entry.ts> [args...]`: how every npm script runs TypeScript.
 * Makes sure the npm dependencies are installed (a quick check; `npm ci` only when needed),
 * then runs the entry with tsx, passing arguments, output and exit code through.
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const { ensureSetup, npmIsCurrent, reportAndExit, ROOT } = require("./setup");

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run.js <entry.ts> [args...]");
  process.exit(2);
}
if (!npmIsCurrent()) {
  try {
    ensureSetup({ npmOnly: true });
  } catch (error) {
    reportAndExit(error);
  }
}
const child = spawn(process.execPath, ["--import", "tsx", path.resolve(ROOT, entry), ...args], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

#!/usr/bin/env node
/**
 * `npm start [-- --port 8899 --no-browser ...]`: set up what is missing, then open JupyterLab
 * on the course at 127.0.0.1, starting with notebooks/00-welcome.ipynb. Extra arguments go to
 * `jupyter lab` unchanged. Stop it with Ctrl+C, or SIGTERM to npm or to this script.
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");
const { ensureSetup, jupyterEnv, venvBin, reportAndExit, ROOT } = require("./setup");

try {
  ensureSetup();
} catch (error) {
  reportAndExit(error);
}

const passthrough = process.argv.slice(2);
const has = (flag) => passthrough.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
const args = ["lab", `--ServerApp.root_dir=${ROOT}`];
if (!has("--ip") && !has("--ServerApp.ip")) args.push("--ServerApp.ip=127.0.0.1");
// JupyterLab refuses to run as root unless told; containers and CI machines often are root.
if (typeof process.getuid === "function" && process.getuid() === 0 && !has("--allow-root")) args.push("--allow-root");
args.push(...passthrough, path.join("notebooks", "00-welcome.ipynb"));

console.log("Starting JupyterLab on the course. Open the http://127.0.0.1:... URL with its token printed below; Ctrl+C stops it.");
const child = spawn(venvBin("jupyter"), args, { cwd: ROOT, env: jupyterEnv(), stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
// `npm start` runs this script under `sh -c`; a SIGTERM to npm reaches that shell, which dies
// without passing it on. Orphaned, this process would keep JupyterLab running: when the parent
// goes, stop JupyterLab (it shuts its kernels down on SIGTERM).
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanWatch);
  child.kill("SIGTERM");
}, 500);
child.on("error", (error) => {
  console.error(`could not start JupyterLab (${error.message}); run \`npm run setup\` and see Troubleshooting in README.md`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  clearInterval(orphanWatch);
  process.exit(code ?? (signal ? 0 : 1));
});

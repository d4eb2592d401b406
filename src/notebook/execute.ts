/**
 * Execute notebooks headless, the way CI proves them: in a temporary copy of the repository,
 * once with solutions/ laid over exercises/ (every cell must succeed) and once with
 * exercises/ as they are (the stubs on a fresh clone: no cell may crash, exercise cells say
 * what to implement). Executed copies stay in .cache/notebook-runs/<mode>/executed/ for
 * inspection (COURSE_NOTEBOOK_RUNS names another folder, so two runs at once do not share one). nbconvert stops at the first failing cell and exits non-zero; we never pass
 * --allow-errors, because after one error tslab aborts every later cell while still exiting 0.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join, relative } from "node:path";
import { DEFAULT_LANGUAGE, listNotebooks, type NotebookEntry } from "./catalog";
import { KERNEL_NAME } from "./ipynb";
import { jupyterEnv, venvBin } from "./jupyter";

export type RunMode = "solutions" | "exercises";

export interface RunOptions {
  /** Only notebooks whose name contains one of these. */
  only?: string[];
  modes: RunMode[];
  /** Notebooks executed at once (each is one kernel process). */
  jobs: number;
  /** nbconvert's per-cell timeout. */
  cellTimeoutSec: number;
  onResult?: (result: NotebookRun) => void;
}

export interface NotebookRun {
  name: string;
  mode: RunMode;
  passed: boolean;
  seconds: number;
  /** Where the executed notebook was written (relative to the root). */
  executed: string;
  /** For a failure: the tail of nbconvert's report (the failing cell and its error). */
  problem?: string;
}

/** Folders never copied into a run's workspace (big, machine-specific, or the workspace itself). */
const NOT_COPIED = new Set(["node_modules", ".venv", ".git", ".cache", "reports", ".jupyter-runtime", ".grader-work"]);

export async function runNotebooks(root: string, options: RunOptions): Promise<NotebookRun[]> {
  const entries = listNotebooks(root).filter(
    (entry) => entry.language === DEFAULT_LANGUAGE && (!options.only?.length || options.only.some((word) => entry.name.includes(word))),
  );
  const tasks: (() => Promise<NotebookRun>)[] = [];
  // The student edition has no solutions/: there, only the exercises as they are can run.
  const modes = options.modes.filter((mode) => mode !== "solutions" || existsSync(join(root, "solutions")));
  for (const mode of modes) {
    const workspace = prepareWorkspace(root, mode);
    for (const entry of entries) tasks.push(() => executeOne(root, workspace, entry, mode, options.cellTimeoutSec));
  }
  const results: NotebookRun[] = [];
  await runPool(tasks, options.jobs, (result) => {
    results.push(result);
    options.onResult?.(result);
  });
  return results;
}

/**
 * A fresh copy of the repository for `mode` in `runsDir/<mode>` (relative to the root; by default
 * COURSE_NOTEBOOK_RUNS or .cache/notebook-runs), sharing node_modules by symlink.
 */
export function prepareWorkspace(root: string, mode: RunMode, runsDir = process.env.COURSE_NOTEBOOK_RUNS ?? join(".cache", "notebook-runs")): string {
  const workspace = join(root, runsDir, mode);
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  for (const name of readdirSync(root)) {
    if (NOT_COPIED.has(name)) continue;
    cpSync(join(root, name), join(workspace, name), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(workspace, "node_modules"), "dir");
  if (mode === "solutions" && existsSync(join(root, "solutions"))) {
    cpSync(join(root, "solutions"), join(workspace, "exercises"), { recursive: true });
  }
  return workspace;
}

function executeOne(root: string, workspace: string, entry: NotebookEntry, mode: RunMode, cellTimeoutSec: number): Promise<NotebookRun> {
  const outputDir = join(workspace, "executed");
  const notebook = join(workspace, relative(root, entry.notebookPath));
  const args = [
    "nbconvert",
    "--to",
    "notebook",
    "--execute",
    `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
    `--ExecutePreprocessor.timeout=${cellTimeoutSec}`,
    "--output-dir",
    outputDir,
    notebook,
  ];
  const startedMs = Date.now();
  return new Promise((resolve) => {
    const child = spawn(venvBin(root, "jupyter"), args, { cwd: workspace, env: jupyterEnv(root), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000);
    });
    child.on("error", (error) => finish(false, `could not start jupyter (${error.message}); run \`npm run setup\``));
    child.on("close", (code) => finish(code === 0, code === 0 ? undefined : describeFailure(stderr)));
    let done = false;
    function finish(passed: boolean, problem: string | undefined): void {
      if (done) return;
      done = true;
      resolve({
        name: entry.name,
        mode,
        passed,
        seconds: (Date.now() - startedMs) / 1000,
        executed: relative(root, join(outputDir, `${entry.name}.ipynb`)),
        problem,
      });
    }
  });
}

/** The useful part of nbconvert's report: from the failing cell's source to the error. */
function describeFailure(stderr: string): string {
  const lines = stderr.trim().split("\n");
  const start = lines.findIndex((line) => line.includes("An error occurred while executing the following cell"));
  const picked = start >= 0 ? lines.slice(start) : lines.slice(-25);
  return picked.filter((line) => !/^\s*$/.test(line)).slice(0, 40).join("\n");
}

async function runPool<T>(tasks: (() => Promise<T>)[], jobs: number, onResult: (result: T) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      onResult(await task());
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}

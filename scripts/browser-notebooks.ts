/**
 * `npm run notebooks:browser [-- options]`: every notebook opened in JupyterLab in a real browser,
 * as a learner uses it. One JupyterLab on 127.0.0.1 (free port, random token) and one headless
 * system Chromium driven by playwright-core (it downloads no browser), with a few notebooks open
 * at once, each in a browser context (a window) of its own. For each notebook, in a copy of the repository per mode (solutions
 * laid over exercises/, or the stubs as they are):
 *
 *   1. wait until the kernel is idle: a Run All pressed while it still connects runs nothing
 *   2. Run > Run All Cells, and wait until every code cell has run
 *   3. require no error output, every code cell run, an SVG picture where the notebook draws
 *      (it imports src/viz) and every mermaid diagram rendered
 *   4. save a screenshot to .cache/browser-screenshots/<mode>/[<lang>/]<name>.png
 *   5. on the first notebook of each mode: add a cell that loops forever, run it, press
 *      Kernel > Interrupt Kernel, and require that the loop stops and the next cell runs (once per
 *      mode proves the kernel's interrupt; every notebook would cost minutes)
 *
 * A lost kernel (one that never answered after it started, or a Run All that stops asking for
 * cells without an error: a kernel that died cancels them all) is tried once more from a new
 * kernel, and the report keeps the first try's diagnosis; a second loss fails.
 *
 * English notebooks run in every mode. Other editions (notebooks/<lang>/) are opened in the
 * solutions mode and checked as a reader sees them (the kernel starts, every mermaid diagram
 * renders, a screenshot), not run: their code cells are the English ones, byte for byte
 * (notebooks:check), which the English runs already proved. Where Chromium is missing the run is skipped with the
 * reason and the install command (a failure under COURSE_REQUIRE_ALL=1, as in CI).
 *
 *     --only NAME       only notebooks whose name contains NAME (repeatable)
 *     --mode MODE       solutions | exercises | both (default both)
 *     --tabs N          notebooks open at once (default 2)
 *     --json FILE       also write the results as JSON (used by `npm test`)
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { DEFAULT_LANGUAGE, listNotebooks, type NotebookEntry } from "../src/notebook/catalog";
import { prepareWorkspace, type RunMode } from "../src/notebook/execute";
import { jupyterEnv, venvBin } from "../src/notebook/jupyter";
import { missingRequirement } from "../src/requirements";
import { freePorts } from "../src/live/ports";
import { GRADER_FAILED } from "../grader/inline";

const ROOT = resolve(__dirname, "..");
/** This run's copies of the repository, its own so that a second run at once cannot pull them away. */
const RUNS_DIR = join(".cache", "browser-runs", `run-${process.pid}`);
const LAB_DIR = join(ROOT, ".cache", "browser-lab");
const SCREENSHOTS = join(ROOT, ".cache", "browser-screenshots");
const SERVER_START_MS_MAX = 120_000;
/** A first kernel start took 22 s on a busy 2-core machine; two minutes is a hang. */
const KERNEL_IDLE_MS_MAX = 120_000;
const RUN_ALL_MS_MAX = 300_000;
const INTERRUPT_MS_MAX = 30_000;
const MERMAID_MS_MAX = 30_000;
const SCREENSHOT_MS_MAX = 120_000;
/** Tall enough for the longest notebook; Chromium's limit for one picture is 16384 px. */
const SCREENSHOT_HEIGHT_MAX = 16_000;
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const INSTALL_CHROMIUM = "install it with `apt-get install -y chromium` (Debian/Ubuntu), or point COURSE_CHROMIUM at a Chromium or Chrome binary";

export interface BrowserRun {
  name: string;
  language: string;
  mode: RunMode;
  passed: boolean;
  seconds: number;
  /** Relative to the root. */
  screenshot?: string;
  problem?: string;
  /** What the page showed: pictures, diagrams, cells run. */
  seen?: string;
  /** Seconds spent in each phase: "open 9.1, run 20.3, ..." */
  phases?: string;
  /** Its kernel was lost (see KernelLost): worth one more try. */
  lost?: boolean;
  /** Why the first try failed, where a lost Run All was tried once more. */
  firstTry?: string;
}

export interface BrowserResults {
  /** Set when the whole run was skipped (or, under COURSE_REQUIRE_ALL=1, failed) for a missing browser. */
  skipped?: string;
  failed?: string;
  runs: BrowserRun[];
}

interface Task {
  entry: NotebookEntry;
  mode: RunMode;
  /** The notebook's path under the server's root (the runs folder). */
  path: string;
  /** Run All (English) or only open and render (another edition: the same code). */
  runs: boolean;
  /** Also interrupt a looping cell through the UI (the first notebook of each mode). */
  interrupts: boolean;
}

/** Copies left by runs that were killed (their process is gone). */
function removeDeadRuns(): void {
  const parent = join(ROOT, RUNS_DIR, "..");
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function findChromium(): { path?: string; problem?: string } {
  const configured = process.env.COURSE_CHROMIUM;
  if (configured) return existsSync(configured) ? { path: configured } : { problem: `COURSE_CHROMIUM=${configured} does not exist` };
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    const found = spawnSync("which", [name], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim()) return { path: found.stdout.trim() };
  }
  return { problem: "no chromium, chromium-browser or google-chrome on PATH" };
}

/** Settings for the test's own JupyterLab: every cell in the DOM (no windowing), no news prompt. */
function writeLabSettings(): { settings: string; workspaces: string } {
  rmSync(LAB_DIR, { recursive: true, force: true });
  const settings = join(LAB_DIR, "settings");
  const workspaces = join(LAB_DIR, "workspaces");
  mkdirSync(join(settings, "@jupyterlab", "notebook-extension"), { recursive: true });
  mkdirSync(join(settings, "@jupyterlab", "apputils-extension"), { recursive: true });
  mkdirSync(workspaces, { recursive: true });
  writeFileSync(join(settings, "@jupyterlab", "notebook-extension", "tracker.jupyterlab-settings"), JSON.stringify({ windowingMode: "none" }));
  writeFileSync(join(settings, "@jupyterlab", "apputils-extension", "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false", checkForUpdates: false }));
  return { settings, workspaces };
}

/** Lines of JupyterLab's output kept for the reports. */
const LOG_LINES_KEPT = 2000;

/** JupyterLab's output (tslab's own errors included), kept for the reports: its tail, and what came since a mark. */
class ServerLog {
  private lines: string[] = [];
  private dropped = 0;
  private partial = "";

  add(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = parts.pop() ?? "";
    this.lines.push(...parts);
    const over = this.lines.length - LOG_LINES_KEPT;
    if (over > 0) {
      this.lines.splice(0, over);
      this.dropped += over;
    }
  }

  mark(): number {
    return this.dropped + this.lines.length;
  }

  since(mark: number): string[] {
    return this.lines.slice(Math.max(0, mark - this.dropped));
  }

  tail(count: number): string {
    return [...this.lines, this.partial].slice(-count).join("\n");
  }
}

/**
 * What JupyterLab said since `mark` that is not routine: warnings and errors (tslab's included)
 * and anything about a kernel that restarted or died. Other lanes' lines may be among them.
 */
function unusualLogLines(log: ServerLog, mark: number): string[] {
  return log.since(mark).filter((line) => line.trim() !== "" && (!line.startsWith("[I ") || /restart|died|dead/i.test(line))).slice(-12);
}

async function startJupyterLab(port: number, token: string): Promise<{ server: ChildProcess; log: ServerLog }> {
  const { settings, workspaces } = writeLabSettings();
  const args = [
    "lab",
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${join(ROOT, RUNS_DIR)}`,
    `--LabApp.user_settings_dir=${settings}`,
    `--LabApp.workspaces_dir=${workspaces}`,
    // window.jupyterapp: each tab loads JupyterLab once and opens its notebooks through the app.
    "--LabApp.expose_app_in_browser=True",
  ];
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");
  const server = spawn(venvBin(ROOT, "jupyter"), args, { cwd: ROOT, env: jupyterEnv(ROOT), stdio: ["ignore", "pipe", "pipe"], detached: true });
  const log = new ServerLog();
  const keep = (chunk: Buffer) => log.add(chunk.toString());
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const deadline = Date.now() + SERVER_START_MS_MAX;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`JupyterLab exited with code ${server.exitCode} before it answered:\n${log.tail(40)}`);
    if (await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`).then((r) => r.ok, () => false)) return { server, log };
    await sleep(300);
  }
  stopGroup(server);
  throw new Error(`JupyterLab did not answer on port ${port} within ${SERVER_START_MS_MAX / 1000} s:\n${log.tail(40)}`);
}

function stopGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Poll `probe` until it returns a value other than undefined, or throw `what` after `ms`. */
async function waitFor<T>(what: string | (() => string), ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${typeof what === "string" ? what : what()} (waited ${ms / 1000} s)`);
    await sleep(250);
  }
}

function codeOf(notebookPath: string): { drawsPictures: boolean; mermaidBlocks: number; codeChars: number } {
  const notebook = JSON.parse(readFileSync(notebookPath, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  const text = (cell: { source: string | string[] }) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
  const code = notebook.cells.filter((cell) => cell.cell_type === "code").map(text).join("\n");
  const markdown = notebook.cells.filter((cell) => cell.cell_type === "markdown").map(text).join("\n");
  return { drawsPictures: /from "\.\/src\/viz\//.test(code), mermaidBlocks: (markdown.match(/^```mermaid\s*$/gm) ?? []).length, codeChars: code.length };
}

/**
 * The notebook's kernel state as its toolbar shows it ("idle", "busy", ...), or "connecting" while
 * the status bar still says so (the toolbar already reads "idle" then, and a Run All runs nothing).
 */
async function kernelStatus(page: Page): Promise<string> {
  const items = await page.locator(".jp-StatusBar-TextItem").allTextContents();
  const kernel = items.map((item) => / \| (\w+)$/.exec(item.trim())?.[1]?.toLowerCase()).find((state) => state !== undefined);
  const toolbar = await page.locator(`${PANEL} .jp-Notebook-ExecutionIndicator`).first().getAttribute("data-status", { timeout: 1000 }).catch(() => null);
  return kernel !== undefined && kernel !== toolbar ? kernel : toolbar ?? "absent";
}

/** How long a menu item may stay disabled after its menu opened: the page is still catching up. */
const MENU_ITEM_ENABLED_MS = 5_000;

/**
 * Open a menu of the menu bar and click one of its items. When the item stays disabled (a
 * notebook's commands are enabled only once it is JupyterLab's current widget, which a busy page
 * notices late), the menu is closed again and false returned: nothing was clicked.
 */
async function clickMenu(page: Page, menu: string, command: string): Promise<boolean> {
  await page.locator(".lm-MenuBar-item", { hasText: new RegExp(`^${menu}$`) }).first().click();
  const item = page.locator(`.lm-Menu-item[data-command="${command}"]`).first();
  const enabled = await waitFor("", MENU_ITEM_ENABLED_MS, async () => ((await item.getAttribute("aria-disabled")) === "true" ? undefined : true)).catch(() => false);
  if (!enabled) {
    await page.keyboard.press("Escape");
    return false;
  }
  await item.click();
  return true;
}

/**
 * How long a Run All may take to ask for its first cell before the click counts as missed. A
 * second Run All queues every cell again behind the first, doubling the run: on a busy machine
 * the page has taken over 10 s to show the first "[*]", so the wait is generous.
 */
const RUN_ALL_START_MS = 45_000;
const RUN_ALL_ATTEMPTS_MAX = 3;

/** Which notebook JupyterLab takes as the current one (its menus act on that one). */
async function currentPath(page: Page): Promise<string> {
  const path = await page.evaluate("(() => { const widget = window.jupyterapp.shell.currentWidget; return widget && widget.context ? widget.context.path : 'none'; })()").catch(() => "unknown");
  return String(path);
}

/**
 * Run > Run All Cells on the tab's notebook, and make sure it started: the menus act on the
 * current notebook (Run All stays disabled until a click makes it current), so the page comes to
 * the front of its window, a cell is clicked, and the menu repeated only if the item was disabled
 * or no cell was ever asked for. The notebook's model tells, not the kernel's status: a kernel
 * that is busy for a moment (starting, answering JupyterLab's own requests) has been taken for a
 * started run before. Each repeat is logged with the notebook JupyterLab took as current.
 */
async function startRunAll(page: Page, path: string): Promise<void> {
  for (let attempt = 1; attempt <= RUN_ALL_ATTEMPTS_MAX; attempt++) {
    await page.bringToFront();
    await page.locator(`${PANEL} .jp-Cell .jp-InputPrompt`).first().click();
    const again = attempt < RUN_ALL_ATTEMPTS_MAX ? "; pressing it again" : "";
    if (!(await clickMenu(page, "Run", "runmenu:run-all"))) {
      console.log(`browser: ${path}: Run ▸ Run All Cells stayed disabled (attempt ${attempt}; current notebook: ${await currentPath(page)})${again}`);
      continue;
    }
    const started = await waitFor("", RUN_ALL_START_MS, async () => {
      const state = await runState(page, path);
      return state?.cells.some((cell) => isAsked(cell) || cell.executionCount !== null) ? true : undefined;
    }).catch(() => false);
    if (started) return;
    console.log(`browser: ${path}: Run All asked for no cell within ${RUN_ALL_START_MS / 1000} s (attempt ${attempt}; current notebook: ${await currentPath(page)})${again}`);
  }
}

/** A code cell's state as the notebook's model has it (the page may not have painted it yet). */
interface CellState {
  index: number;
  /** "[3]", "[*]", "[ ]" as the prompt shows it. */
  prompt: string;
  executionCount: number | null;
  /** "running" from the moment a run asks for the cell (queued included) until its reply. */
  executionState: string;
  /** The cell's first source line, to name it in a report. */
  firstLine: string;
}

interface RunState {
  kernel: string;
  cells: CellState[];
  /** The text of every dialog and notification on the page (a "kernel restarting" would show here). */
  messages: string[];
}

/**
 * The open notebook's kernel status and code cells, read from JupyterLab's models (the app is exposed
 * on the page): what a learner would see once the page paints, independent of which tab is in front.
 */
async function runState(page: Page, path: string): Promise<RunState | undefined> {
  const script = `(() => {
    const panel = [...window.jupyterapp.shell.widgets("main")].find((widget) => widget.context && widget.context.path === ${JSON.stringify(path)});
    if (!panel) return undefined;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel ? panel.sessionContext.session.kernel.status : "none";
    const cells = panel.content.widgets.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.model.type === "code").map(({ cell, index }) => ({
      index,
      prompt: cell.promptNode ? cell.promptNode.textContent.trim() : "",
      executionCount: cell.model.executionCount,
      executionState: cell.model.executionState || "",
      firstLine: cell.model.sharedModel.getSource().split("\\n")[0].slice(0, 80),
    }));
    const messages = [...document.querySelectorAll(".jp-Dialog, .Toastify__toast")].map((node) => node.innerText.replace(/\\s+/g, " ").trim().slice(0, 200));
    return { kernel, cells, messages };
  })()`;
  return (await page.evaluate(script).catch(() => undefined)) as RunState | undefined;
}

/** "41 run, 1 running (cell 17: `await demo()`), 3 not run (from cell 18: `...`); kernel idle" */
function describeRun(state: RunState | undefined): string {
  if (!state) return "the notebook was not found on the page";
  const run = state.cells.filter((cell) => /\[\d+\]/.test(cell.prompt));
  const running = state.cells.filter((cell) => !run.includes(cell) && isAsked(cell));
  const waiting = state.cells.filter((cell) => !run.includes(cell) && !running.includes(cell));
  const name = (cell: CellState) => `cell ${cell.index + 1}: \`${cell.firstLine}\``;
  const parts = [`${run.length} run`];
  if (running.length > 0) parts.push(`${running.length} running (${name(running[0])})`);
  if (waiting.length > 0) parts.push(`${waiting.length} not run (from ${name(waiting[0])})`);
  // The model knows a count the prompt does not show yet: the page has not painted it.
  const unpainted = state.cells.filter((cell) => cell.executionCount !== null && cell.prompt !== `[${cell.executionCount}]:` && cell.prompt !== `[${cell.executionCount}]`);
  if (unpainted.length > 0) parts.push(`${unpainted.length} with a count the page does not show yet`);
  const messages = state.messages.length > 0 ? `; on the page: ${state.messages.map((text) => `"${text}"`).join(", ")}` : "";
  return `${parts.join(", ")}; kernel ${state.kernel}${messages}`;
}

/** A cell that a run has asked for and not finished: running, or queued behind one. */
function isAsked(cell: CellState): boolean {
  return cell.executionState === "running" || cell.prompt.includes("*");
}

/** Where the test's JupyterLab answers, its token and its output. */
interface Server {
  base: string;
  token: string;
  log: ServerLog;
}

/**
 * The notebook's kernel as the server sees it, and its processes (the kernel and what it started,
 * such as a "check your work" grader) with their state and the CPU each used in 3 s: where a
 * Run All that does not finish is waiting.
 */
async function describeKernel(server: Server, path: string): Promise<string> {
  const headers = { Authorization: `token ${server.token}` };
  const sessions = await fetch(`${server.base}/api/sessions`, { headers }).then((r) => (r.ok ? (r.json() as Promise<{ path: string; kernel: { id: string; execution_state: string } }[]>) : []), () => []);
  const kernel = sessions.find((session) => session.path === path)?.kernel;
  if (!kernel) return "the server has no session for it";
  const before = new Map(kernelProcesses(kernel.id).map((process) => [process.pid, process.cpuSeconds]));
  await sleep(3000);
  const processes = kernelProcesses(kernel.id).map((process) => `${process.pid} ${process.state} ${(process.cpuSeconds - (before.get(process.pid) ?? 0)).toFixed(1)} s CPU: ${process.command}`);
  return `server: ${kernel.execution_state}; processes (state, CPU in 3 s): ${processes.length > 0 ? processes.join(" | ") : "none found"}`;
}

interface ProcessSeen {
  pid: number;
  parent: number;
  /** R running, S sleeping, D disk, Z zombie, T stopped. */
  state: string;
  cpuSeconds: number;
  command: string;
}

/** The kernel process started for `kernelId` (its connection file names it) and its descendants, from /proc. */
function kernelProcesses(kernelId: string): ProcessSeen[] {
  const all: ProcessSeen[] = [];
  for (const name of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      // Fields after the command name: state, ppid, ... utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${name}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
      all.push({ pid: Number(name), parent: Number(fields[1]), state: fields[0], cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, command });
    } catch {
      continue; // gone meanwhile
    }
  }
  // The whole command line: the connection file that names the kernel comes last, after paths
  // as long as the checkout's.
  const tree = all.filter((process) => process.command.includes(kernelId));
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((process) => process.parent === tree[i].pid && !tree.includes(process)));
  return tree.map((process) => ({ ...process, command: process.command.slice(0, 120) }));
}

/** How long a Run All may show no change on the page before the log says where it waits. */
const QUIET_MS_REPORTED = 60_000;
/**
 * How long a notebook may show cells not run while none is running or queued, the kernel not
 * busy and no error shown, before the Run All counts as lost. A Run All asks for every cell at
 * once, so a run in progress always has one. A kernel that died cancels them all like this
 * (JupyterLab then shows "Kernel Restarting" and the status "unknown"; seen by killing one).
 */
const LOST_MS = 20_000;

/**
 * The notebook's kernel was lost, not the notebook's code at fault: it never answered after it
 * started (seen once in CI: "Timeout waiting for kernel_info reply", status "unknown" for 120 s),
 * or a Run All stopped asking for cells without an error (a kernel that died). Worth one more
 * try from a new kernel, reported.
 */
class KernelLost extends Error {}

/**
 * Wait until Run All has run every code cell or stopped at an error. The kernel's status cannot
 * tell: tslab reads every request of a Run All at once and reports idle after each cell, while the
 * later ones still wait. So a run that shows no change for a minute is described in the log (cells,
 * the server's view, the kernel's processes), and again each minute, until it finishes or times out.
 */
async function waitForRunAll(page: Page, server: Server, path: string): Promise<string> {
  let lastSeen = "";
  let unchangedSince = Date.now();
  let lostSince: number | undefined;
  const where = async () => `${describeRun(await runState(page, path))}; ${await describeKernel(server, path)}`;
  try {
    return await waitFor("Run All did not finish", RUN_ALL_MS_MAX, async () => {
      const shown = await prompts(page);
      const kernel = await kernelStatus(page);
      const seen = `${shown.join(" ")} | ${kernel}`;
      if (seen !== lastSeen) unchangedSince = Date.now();
      lastSeen = seen;
      if (!shown.some((prompt) => prompt.includes("*")) && kernel === "idle") {
        if (shown.every((prompt) => /\[\d+\]/.test(prompt))) return "all run";
        if ((await page.locator(ERRORS).count()) > 0) return "stopped at an error";
      }
      const state = await runState(page, path);
      const lost = state !== undefined && state.kernel !== "busy" && !state.cells.some(isAsked) && state.cells.some((cell) => cell.executionCount === null);
      lostSince = lost ? (lostSince ?? Date.now()) : undefined;
      if (lostSince !== undefined && Date.now() - lostSince >= LOST_MS) {
        throw new KernelLost(`Run All stopped without an error, ${LOST_MS / 1000} s with no cell running or queued: ${await where()}`);
      }
      if (Date.now() - unchangedSince >= QUIET_MS_REPORTED) {
        console.log(`browser: ${path}: no change for ${QUIET_MS_REPORTED / 1000} s: ${await where()}`);
        unchangedSince = Date.now();
      }
      return undefined;
    });
  } catch (error) {
    if (error instanceof KernelLost) throw error;
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${await where()}`);
  }
}

/** The notebook on show (a tab's other panels are hidden). */
const PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";
const PROMPTS = `${PANEL} .jp-CodeCell .jp-InputPrompt`;
/** tslab reports a thrown error, a rejected await and a type error on stderr. */
const ERRORS = `${PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]`;

async function prompts(page: Page): Promise<string[]> {
  return (await page.locator(PROMPTS).allTextContents()).map((text) => text.trim());
}

/**
 * Open the notebook in the tab's JupyterLab, loading JupyterLab only once per tab: later
 * notebooks open through the app's own docmanager:open command (the app is exposed on the page),
 * which spares a page load each time.
 */
async function openNotebook(page: Page, base: string, path: string): Promise<void> {
  if (!page.url().startsWith(base)) {
    await page.goto(`${base}/lab?reset`);
    await page.waitForFunction("window.jupyterapp !== undefined && window.jupyterapp.shell !== undefined", undefined, { timeout: KERNEL_IDLE_MS_MAX });
    await page.locator("#jp-main-dock-panel").waitFor({ timeout: KERNEL_IDLE_MS_MAX });
    // The notebook alone on the screenshot: close the file browser (Ctrl+B, View > Left Sidebar).
    if (await page.locator("#jp-left-stack").isVisible()) await page.keyboard.press("Control+b");
  }
  // The command resolves to the widget, which cannot travel back out of the page: return nothing.
  await page.evaluate(`window.jupyterapp.commands.execute("docmanager:open", { path: ${JSON.stringify(path)}, factory: "Notebook" }).then(() => undefined)`);
  await page.locator(`${PANEL} .jp-Notebook`).first().waitFor({ timeout: KERNEL_IDLE_MS_MAX });
}

/**
 * Close every document of the tab without a "save changes?" question (the copies are throwaway),
 * and any dialog left open (a "Kernel Restarting" would block the next notebook's clicks).
 */
async function closeNotebooks(page: Page): Promise<void> {
  for (let tries = 0; tries < 3 && (await page.locator(".jp-Dialog").count()) > 0; tries++) await page.keyboard.press("Escape");
  await page.evaluate("for (const widget of [...window.jupyterapp.shell.widgets('main')]) widget.dispose()").catch(() => undefined);
}

async function checkNotebook(page: Page, server: Server, task: Task): Promise<BrowserRun> {
  const started = Date.now();
  const logMark = server.log.mark();
  const run: BrowserRun = { name: task.entry.name, language: task.entry.language, mode: task.mode, passed: false, seconds: 0 };
  const problems: string[] = [];
  const phases: string[] = [];
  let phaseStarted = started;
  const phase = (name: string) => {
    phases.push(`${name} ${((Date.now() - phaseStarted) / 1000).toFixed(1)}`);
    phaseStarted = Date.now();
  };
  try {
    await openNotebook(page, server.base, task.path);
    let status = "absent";
    await waitFor(() => `the kernel never became idle (it stayed "${status}")`, KERNEL_IDLE_MS_MAX, async () => ((status = await kernelStatus(page)) === "idle" ? true : undefined)).catch(async (error: Error) => {
      throw new KernelLost(`${error.message}: ${await describeKernel(server, task.path)}`);
    });
    const expected = codeOf(join(ROOT, RUNS_DIR, task.path));
    phase("open");

    // The menus act on the current notebook: a tab in the background may not have one until
    // a click focuses the notebook (Run All Cells stays disabled until then).
    let pictures = 0;
    if (task.runs) {
      await startRunAll(page, task.path);
      const outcome = await waitForRunAll(page, server, task.path);
      phase("run all");
      const errors = await page.locator(ERRORS).allTextContents();
      if (errors.length > 0) problems.push(`${errors.length} error output(s); the first:\n${errors[0].trim().split("\n").slice(0, 12).join("\n")}`);
      const graderFailed = await page.locator(`${PANEL} .jp-OutputArea-output`, { hasText: GRADER_FAILED }).count();
      if (graderFailed > 0) problems.push(`${graderFailed} "check your work" cell(s) say "${GRADER_FAILED}"`);
      const notRun = (await prompts(page)).filter((prompt) => !/\[\d+\]/.test(prompt)).length;
      if (notRun > 0) problems.push(`${notRun} code cell(s) did not run (${outcome})`);
      pictures = await page.locator(`${PANEL} .jp-OutputArea-output svg:not(svg svg), ${PANEL} .jp-OutputArea-output img[src^="data:image/svg+xml"]`).count();
      if (expected.drawsPictures && pictures === 0) problems.push("no SVG picture in any output, although the notebook draws with src/viz");
    }
    // Mermaid renders each diagram into an <img> of SVG, lazily: give the last ones a moment.
    const diagramsShown = () => page.locator(`${PANEL} .jp-MarkdownCell .jp-RenderedMermaid img[src^="data:image/svg+xml"]`).count();
    const diagrams = await waitFor("", MERMAID_MS_MAX, async () => {
      const count = await diagramsShown();
      return count >= expected.mermaidBlocks ? count : undefined;
    }).catch(diagramsShown);
    if (diagrams !== expected.mermaidBlocks) problems.push(`${diagrams} of ${expected.mermaidBlocks} mermaid diagram(s) rendered`);
    run.seen = task.runs ? `${pictures} SVG pictures, ${diagrams} mermaid diagrams` : `opened, not run (the English code); ${diagrams} mermaid diagrams`;
    phase("pictures");
    run.screenshot = relative(ROOT, await screenshot(page, task));
    phase("screenshot");

    if (task.interrupts) {
      problems.push(...(await interruptLoop(page)));
      phase("interrupt");
    }
  } catch (error) {
    if (error instanceof KernelLost) run.lost = true;
    problems.push(error instanceof Error ? error.message.split("\n").slice(0, 8).join("\n") : String(error));
  }
  if (problems.length > 0) {
    const said = unusualLogLines(server.log, logMark);
    if (said.length > 0) problems.push(`JupyterLab's warnings and errors meanwhile (all lanes):\n${said.map((line) => `  ${line.slice(0, 300)}`).join("\n")}`);
  }
  await closeNotebooks(page);
  await shutDownKernels(server, task.path);
  run.seconds = (Date.now() - started) / 1000;
  run.phases = phases.join(", ");
  run.passed = problems.length === 0;
  if (!run.passed) run.problem = problems.join("\n");
  return run;
}

function screenshotPath(task: Task): string {
  return join(SCREENSHOTS, task.mode, task.entry.language === DEFAULT_LANGUAGE ? "" : task.entry.language, `${task.entry.name}.png`);
}

/** The whole notebook in one picture: the window grows to the notebook's height for the shot. */
async function screenshot(page: Page, task: Task): Promise<string> {
  const file = screenshotPath(task);
  mkdirSync(join(file, ".."), { recursive: true });
  const viewport = page.viewportSize() ?? { width: 1280, height: 1000 };
  const scroller = page.locator(`${PANEL} .jp-WindowedPanel-outer`).first();
  const cellsHeight = await page.locator(`${PANEL} .jp-WindowedPanel-inner`).first().evaluate((element: { scrollHeight: number }) => element.scrollHeight);
  const shownHeight = await scroller.evaluate((element: { clientHeight: number }) => element.clientHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.min(SCREENSHOT_HEIGHT_MAX, viewport.height + cellsHeight - shownHeight + 40) });
  await scroller.evaluate((element: { scrollTop: number }) => (element.scrollTop = 0));
  await sleep(300);
  // A notebook-long picture takes seconds to paint and encode, much longer on a busy machine.
  await page.screenshot({ path: file, timeout: SCREENSHOT_MS_MAX });
  await page.setViewportSize(viewport);
  return file;
}

/** Append a looping cell, run it, press Kernel > Interrupt Kernel; the kernel must run the next cell. */
async function interruptLoop(page: Page): Promise<string[]> {
  const codeCells = page.locator(`${PANEL} .jp-CodeCell`);
  const loopIndex = await codeCells.count();
  await page.locator(`${PANEL} .jp-Cell`).last().locator(".jp-InputPrompt").first().click();
  await page.keyboard.press("Escape");
  await page.keyboard.press("b");
  await page.keyboard.press("Enter");
  // insertText: one input event, where type() costs a round trip per key.
  await page.keyboard.insertText("let spins = 0;\nwhile (true) { spins++; }");
  // Shift+Enter on the last cell runs it and opens a new cell below.
  await page.keyboard.press("Shift+Enter");
  await waitFor("the looping cell never started", INTERRUPT_MS_MAX, async () => ((await kernelStatus(page)) === "busy" ? true : undefined));
  await sleep(1000);
  if (!(await clickMenu(page, "Kernel", "kernelmenu:interrupt"))) return ["Kernel ▸ Interrupt Kernel stayed disabled while the loop ran"];
  await waitFor("the kernel stayed busy after Kernel > Interrupt Kernel", INTERRUPT_MS_MAX, async () => ((await kernelStatus(page)) === "idle" ? true : undefined));
  const problems: string[] = [];
  const loopPrompt = (await codeCells.nth(loopIndex).locator(".jp-InputPrompt").textContent())?.trim() ?? "";
  if (!/\[\d+\]/.test(loopPrompt)) problems.push(`the interrupted loop cell shows "${loopPrompt}"`);
  // After an error tslab aborts what arrives within 200 ms; a learner's next click comes later.
  await sleep(500);
  const next = codeCells.nth(loopIndex + 1);
  await next.locator(".cm-content").click();
  await page.keyboard.insertText('console.log("after the interrupt: " + 6 * 7)');
  await page.keyboard.press("Shift+Enter");
  const ran = await next.locator(".jp-OutputArea-output", { hasText: "after the interrupt: 42" }).waitFor({ timeout: INTERRUPT_MS_MAX }).then(() => true, () => false);
  if (!ran) problems.push("after Kernel > Interrupt Kernel the next cell did not print (the kernel is not usable)");
  return problems;
}

/** Closing a tab leaves its kernel running: shut it down through the REST API. */
async function shutDownKernels(server: Server, path: string): Promise<void> {
  const headers = { Authorization: `token ${server.token}` };
  const sessions = await fetch(`${server.base}/api/sessions`, { headers }).then((r) => (r.ok ? (r.json() as Promise<{ id: string; path: string }[]>) : []), () => []);
  for (const session of sessions.filter((s) => s.path === path)) await fetch(`${server.base}/api/sessions/${session.id}`, { method: "DELETE", headers }).catch(() => undefined);
}

function tasksFor(modes: RunMode[], only: string[] | undefined): Task[] {
  const entries = listNotebooks(ROOT).filter((entry) => existsSync(entry.notebookPath) && (!only?.length || only.some((word) => entry.name.includes(word))));
  const tasks: Task[] = [];
  for (const mode of modes) {
    for (const entry of entries) {
      const english = entry.language === DEFAULT_LANGUAGE;
      if (!english && mode !== "solutions") continue;
      const interrupts = english && !tasks.some((task) => task.mode === mode && task.interrupts);
      tasks.push({ entry, mode, path: `${mode}/${relative(ROOT, entry.notebookPath)}`, runs: english, interrupts });
    }
  }
  // Longest first, so that no lane is left with a long notebook while the others have finished:
  // runs before opens, longer code before shorter (a fair guess at a Run All's time).
  const weight = (task: Task) => (task.runs ? 1e9 : 0) + codeOf(task.entry.notebookPath).codeChars;
  return tasks.map((task, order) => ({ task, order, weight: weight(task) })).sort((a, b) => b.weight - a.weight || a.order - b.order).map(({ task }) => task);
}

export async function runInBrowser(options: { modes: RunMode[]; only?: string[]; tabs: number; onResult?: (run: BrowserRun) => void }): Promise<BrowserResults> {
  const chromiumFound = findChromium();
  const missing = missingRequirement("Chromium", chromiumFound.problem, INSTALL_CHROMIUM);
  if (missing) return missing.fatal ? { failed: missing.reason, runs: [] } : { skipped: missing.reason, runs: [] };
  // The student edition has no solutions/: there, only the exercises as they are can run.
  const modes = options.modes.filter((mode) => mode !== "solutions" || existsSync(join(ROOT, "solutions")));
  removeDeadRuns();
  for (const mode of modes) prepareWorkspace(ROOT, mode, RUNS_DIR);
  const tasks = tasksFor(modes, options.only);
  // Last run's pictures of these notebooks go, so that none is mistaken for this run's.
  for (const task of tasks) rmSync(screenshotPath(task), { force: true });

  const [port] = await freePorts(1);
  const token = randomBytes(16).toString("hex");
  const base = `http://127.0.0.1:${port}`;
  const { server: lab, log } = await startJupyterLab(port, token);
  const server: Server = { base, token, log };
  // Stopped from outside (Ctrl+C, npm test's step timeout): JupyterLab runs in its own process
  // group, so stop it here; playwright closes the browser itself.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    stopGroup(lab);
    rmSync(join(ROOT, RUNS_DIR), { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  let browser: Browser | undefined;
  try {
    // Playwright gives the browser a throwaway profile of its own, removed when it closes.
    browser = await chromium.launch({ executablePath: chromiumFound.path, headless: true, args: CHROMIUM_FLAGS });
    const runs: BrowserRun[] = [];
    let next = 0;
    // A context (a window) per lane: no lane's notebook is ever a tab behind another lane's.
    const lane = async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 1000 }, extraHTTPHeaders: { Authorization: `token ${token}` } });
      const page = await context.newPage();
      while (next < tasks.length) {
        const task = tasks[next++];
        let run = await checkNotebook(page, server, task);
        if (run.lost) {
          // Once more, from a new kernel; the first try stays in the report, and a second loss fails.
          console.log(`browser: ${task.path}: ${run.problem}\nbrowser: ${task.path}: trying once more`);
          const firstTry = run.problem;
          run = { ...(await checkNotebook(page, server, task)), firstTry };
        }
        runs.push(run);
        options.onResult?.(run);
      }
      await context.close();
    };
    await Promise.all(Array.from({ length: Math.max(1, options.tabs) }, lane));
    const failedRuns = runs.filter((run) => !run.passed);
    if (failedRuns.length > 0) console.log(`--- JupyterLab's log (tail) ---\n${log.tail(25)}`);
    return { runs };
  } finally {
    await browser?.close().catch(() => undefined);
    stopGroup(lab);
    rmSync(join(ROOT, RUNS_DIR), { recursive: true, force: true });
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: "string", multiple: true },
      mode: { type: "string", default: "both" },
      tabs: { type: "string", default: "2" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(readFileSync(__filename, "utf8").split("*/")[0].replace(/^\/\*\*\n?/, "").replace(/^ \* ?/gm, ""));
    return 0;
  }
  const modes: RunMode[] = values.mode === "both" ? ["solutions", "exercises"] : [values.mode as RunMode];
  if (!modes.every((mode) => mode === "solutions" || mode === "exercises")) throw new Error(`--mode must be solutions, exercises or both, got "${values.mode}"`);
  const started = Date.now();
  const results = await runInBrowser({
    modes,
    only: values.only,
    tabs: Number(values.tabs),
    onResult: (run) => {
      console.log(`${run.passed ? "ok  " : "FAIL"} ${run.language === DEFAULT_LANGUAGE ? "" : `${run.language}/`}${run.name} [${run.mode}] ${run.seconds.toFixed(1)} s  ${run.seen ?? ""}${run.phases ? `  (${run.phases})` : ""}${run.firstTry ? "  (second try)" : ""}`);
      if (run.problem) console.log(run.problem.replace(/^/gm, "       "));
    },
  });
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
  if (results.skipped) console.log(`browser: skipped: ${results.skipped}`);
  if (results.failed) console.error(`browser: FAILED: ${results.failed}`);
  const failed = results.runs.filter((run) => !run.passed).length;
  if (results.runs.length > 0) {
    console.log(`browser: ${results.runs.length - failed} of ${results.runs.length} notebooks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`browser: screenshots in ${relative(ROOT, SCREENSHOTS)}/<mode>/<notebook>.png`);
  }
  return results.failed || failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`browser: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}

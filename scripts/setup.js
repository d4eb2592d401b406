#!/usr/bin/env node
/**
 * `npm run setup`: everything the course needs, installed into the repository itself.
 *
 * Written with Node's built-ins only, because it runs before node_modules exists. Each step
 * checks first and does work only when something is missing or stale, so a second run is
 * quick. Every failure names its step and says what to do; nothing prints a stack trace.
 *
 *   1. Node.js version (package.json "engines")
 *   2. Python 3.11+ on PATH (or COURSE_PYTHON)
 *   3. npm dependencies (`npm ci` when node_modules is missing or older than package-lock.json)
 *   4. .venv/ with JupyterLab, nbclient, nbconvert (from a local wheel mirror when pip has one)
 *   5. JupyterLab's own language packs for the course's other editions (optional: Korean menus
 *      for `npm start -- --lang ko`; when the package index lacks one, setup says so and goes on)
 *   6. the course's TypeScript kernel ("course-ts"), which starts tslab at the repository root
 *   7. proof: the kernel runs one cell that imports from ./src
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const VENV = path.join(ROOT, ".venv");
const KERNEL_NAME = "course-ts";
const PYTHON_MIN = [3, 11];
const IS_WINDOWS = process.platform === "win32";

class SetupError extends Error {
  constructor(step, problem, remedy) {
    super(`${problem}\n  What to do: ${remedy}`);
    this.step = step;
  }
}

// ------------------------------------------------------------------ small helpers

function sha256(...parts) {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex").slice(0, 16);
}

function fileHash(...files) {
  return sha256(...files.map((file) => fs.readFileSync(path.join(ROOT, file))));
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

/** Run a command; returns { status, stdout, stderr } and never throws. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", cwd: ROOT, maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error && result.error.code === "ENOENT") return { status: -1, stdout: "", stderr: `${command}: not found`, missing: true };
  return { status: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function tail(text, lines = 15) {
  return text.trim().split("\n").slice(-lines).join("\n");
}

function versionAtLeast(actual, minimum) {
  for (let i = 0; i < minimum.length; i++) {
    if ((actual[i] ?? 0) !== minimum[i]) return (actual[i] ?? 0) > minimum[i];
  }
  return true;
}

function venvBin(name) {
  return IS_WINDOWS ? path.join(VENV, "Scripts", `${name}.exe`) : path.join(VENV, "bin", name);
}

/** Environment for every Jupyter command: runtime files stay inside the repository. */
function jupyterEnv() {
  return { ...process.env, JUPYTER_RUNTIME_DIR: path.join(ROOT, ".jupyter-runtime"), JUPYTER_PLATFORM_DIRS: "1" };
}

// ------------------------------------------------------------------ the steps

function checkNode() {
  const engines = readJson(path.join(ROOT, "package.json"))?.engines?.node ?? ">=20.19";
  const minimum = engines.replace(/[^\d.]/g, "").split(".").map(Number);
  const actual = process.versions.node.split(".").map(Number);
  if (!versionAtLeast(actual, minimum)) {
    throw new SetupError("node", `Node.js ${process.versions.node} is too old; the course needs ${engines}.`, "install Node.js 22 LTS (https://nodejs.org, or `nvm install 22`), then run `npm run setup` again.");
  }
  return `Node.js ${process.versions.node}`;
}

function findPython() {
  const candidates = process.env.COURSE_PYTHON ? [process.env.COURSE_PYTHON] : IS_WINDOWS ? ["python", "py"] : ["python3", "python"];
  for (const command of candidates) {
    const result = run(command, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]);
    if (result.status === 0) return { command, version: result.stdout.trim() };
  }
  return undefined;
}

function checkPython() {
  const python = findPython();
  if (!python) {
    throw new SetupError(
      "python",
      "Python 3 was not found on PATH (looked for python3 and python).",
      "install Python 3.11 or newer (https://www.python.org/downloads/ or your package manager: `apt install python3 python3-venv`), or point COURSE_PYTHON at one, then run `npm run setup` again.",
    );
  }
  if (!versionAtLeast(python.version.split(".").map(Number), PYTHON_MIN)) {
    throw new SetupError("python", `${python.command} is Python ${python.version}; JupyterLab 4.6 needs ${PYTHON_MIN.join(".")} or newer.`, "install Python 3.11+ and put it first on PATH (or set COURSE_PYTHON), then run `npm run setup` again.");
  }
  return python;
}

const NPM_MARKER = path.join(ROOT, "node_modules", ".course-setup.json");

/** The parts of package.json that decide what npm installs (not `scripts`: editing those needs no reinstall). */
const INSTALL_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "overrides", "allowScripts"];

function dependencyHash() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const installed = JSON.stringify(INSTALL_FIELDS.map((field) => manifest[field] ?? null));
  return sha256(Buffer.from(installed), fs.readFileSync(path.join(ROOT, "package-lock.json")));
}

function npmIsCurrent() {
  return readJson(NPM_MARKER)?.lock === dependencyHash();
}

function installNpm(log) {
  if (npmIsCurrent()) return "node_modules is up to date";
  log("installing npm dependencies (npm ci) ...");
  const npm = IS_WINDOWS ? "npm.cmd" : "npm";
  const result = run(npm, ["ci", "--no-audit", "--no-fund"], { stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    throw new SetupError("npm", `npm ci failed:\n${tail(result.stderr || result.stdout)}`, "check your network connection to the npm registry, then run `npm run setup` again.");
  }
  writeJson(NPM_MARKER, { lock: dependencyHash() });
  return "installed with npm ci";
}

const VENV_MARKER = path.join(VENV, "course-setup.json");

/** pip options that prefer a local mirror the machine's pip is configured with. */
function pipIndexOptions(python) {
  const config = run(python, ["-m", "pip", "config", "list"]).stdout;
  const values = (key) =>
    [...config.matchAll(new RegExp(`^[\\w:.-]*\\.${key}='([^']*)'`, "gm"))].flatMap((match) => match[1].split(/\s+/)).filter(Boolean);
  const indexes = [...values("index-url"), ...values("extra-index-url")];
  const localIndexes = indexes.filter((url) => url.startsWith("file:"));
  const findLinks = values("find-links").filter((dir) => fs.existsSync(dir.replace(/^file:\/\//, "")));
  if (localIndexes.length === 0) return { options: [], description: "the default package index" };
  const options = ["--index-url", localIndexes[0], ...localIndexes.slice(1).flatMap((url) => ["--extra-index-url", url]), ...findLinks.flatMap((dir) => ["--find-links", dir])];
  return { options, description: `the local mirror ${localIndexes[0]}` };
}

/** The venv's Python runs and has the packages installed (metadata only: importing nbconvert takes seconds). */
function venvWorks() {
  const check = "from importlib.metadata import version; [version(p) for p in ('jupyterlab', 'nbclient', 'nbconvert')]";
  return run(venvBin("python"), ["-c", check]).status === 0;
}

function installVenv(python, log) {
  const requirements = fileHash("requirements.txt");
  const marker = readJson(VENV_MARKER);
  if (marker?.requirements === requirements && venvWorks()) return ".venv is up to date";
  if (fs.existsSync(VENV)) {
    log(marker?.requirements === requirements ? ".venv is broken (its Python or packages do not load); rebuilding it ..." : "requirements.txt changed; rebuilding .venv ...");
    fs.rmSync(VENV, { recursive: true, force: true });
  }
  log(`creating .venv with ${python.command} ${python.version} ...`);
  const created = run(python.command, ["-m", "venv", VENV]);
  if (created.status !== 0) {
    throw new SetupError("venv", `could not create .venv:\n${tail(created.stderr)}`, "install the venv module (Debian/Ubuntu: `apt install python3-venv`), then run `npm run setup` again.");
  }
  const index = pipIndexOptions(python.command);
  log(`installing JupyterLab, nbclient, nbconvert from ${index.description} ...`);
  const pip = run(venvBin("python"), ["-m", "pip", "install", "--disable-pip-version-check", "-q", ...index.options, "-r", "requirements.txt"]);
  if (pip.status !== 0) {
    throw new SetupError("venv", `pip install failed:\n${tail(pip.stderr || pip.stdout)}`, "check your network connection (or pip's mirror settings: `pip config list`), delete .venv, and run `npm run setup` again.");
  }
  writeJson(VENV_MARKER, { requirements });
  return `installed from ${index.description}`;
}

/**
 * JupyterLab's translations for each edition other than English: pip packages, each a locale.
 * Optional: the notebooks of an edition work without its pack, only JupyterLab's menus stay English.
 */
const LANGUAGE_PACKS = {
  ko: { requirement: "jupyterlab-language-pack-ko-KR==4.5.post3", distribution: "jupyterlab-language-pack-ko-KR", locale: "ko_KR" },
};
const LANGUAGE_PACK_MARKER = path.join(VENV, "course-language-packs.json");

/** The installed version of `language`'s pack in .venv, or undefined. */
function languagePackVersion(language) {
  const pack = LANGUAGE_PACKS[language];
  if (!pack) return undefined;
  const result = run(venvBin("python"), ["-c", "import sys; from importlib.metadata import version; print(version(sys.argv[1]))", pack.distribution]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Install every language pack that is missing. A pack the package index lacks is recorded as
 * tried (with where it was looked for), so later runs, every `npm start` and `npm test`, do not
 * ask again; `npm run setup -- --language-packs` does.
 */
function installLanguagePacks(python, log, { retry = false } = {}) {
  const tried = readJson(LANGUAGE_PACK_MARKER) ?? {};
  const results = Object.entries(LANGUAGE_PACKS).map(([language, pack]) => {
    const installed = languagePackVersion(language);
    if (installed) return `${language}: ${pack.distribution} ${installed}`;
    const unavailable = (from) =>
      `${language}: ${pack.requirement} is not available from ${from}, so JupyterLab's menus stay in English (the ${language} notebooks work; \`npm run setup -- --language-packs\` tries again)`;
    if (tried[language]?.requirement === pack.requirement && !retry) return unavailable(tried[language].from);
    const index = pipIndexOptions(python.command);
    log(`installing ${pack.requirement} from ${index.description} ...`);
    const pip = run(venvBin("python"), ["-m", "pip", "install", "--disable-pip-version-check", "-q", "--retries", "1", "--timeout", "20", ...index.options, pack.requirement]);
    if (pip.status === 0) return `${language}: installed ${pack.requirement}`;
    writeJson(LANGUAGE_PACK_MARKER, { ...tried, [language]: { requirement: pack.requirement, from: index.description } });
    return unavailable(index.description);
  });
  return results.join("; ");
}

/** Where JupyterLab in .venv reads its settings overrides (overrides.json and overrides.d/). */
function labSettingsDir() {
  return path.join(VENV, "share", "jupyter", "lab", "settings");
}

function kernelDir() {
  return path.join(VENV, "share", "jupyter", "kernels", KERNEL_NAME);
}

function installKernel() {
  const launcher = path.join(ROOT, "scripts", "kernel", "launch.js");
  const spec = {
    argv: [process.execPath, launcher, "{connection_file}"],
    display_name: "TypeScript (course)",
    language: "typescript",
    // Kernel > Interrupt sends SIGINT: tslab runs each cell with breakOnSigint and rejects a
    // pending top-level await on SIGINT. It does not handle the "message" mode's interrupt_request.
    interrupt_mode: "signal",
    metadata: { "course-root": ROOT },
  };
  const file = path.join(kernelDir(), "kernel.json");
  const current = readJson(file);
  if (JSON.stringify(current) === JSON.stringify(spec)) return `kernel "${KERNEL_NAME}" is installed`;
  writeJson(file, spec);
  writeJson(path.join(labSettingsDir(), "overrides.json"), {
    "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
  });
  return `kernel "${KERNEL_NAME}" installed (${path.relative(ROOT, file)})`;
}

const PROBE_MARKER = path.join(VENV, "course-kernel-proven.json");

function proveKernel(log) {
  const inputs = sha256(fs.readFileSync(path.join(kernelDir(), "kernel.json")), fs.readFileSync(path.join(ROOT, "scripts", "kernel", "launch.js")), fileHash("package-lock.json", "requirements.txt"));
  if (readJson(PROBE_MARKER)?.inputs === inputs) return "the kernel ran a cell before with these versions";
  log("starting the kernel once to run a cell that imports from ./src ...");
  const dir = path.join(ROOT, ".cache", "setup");
  const notebook = path.join(dir, "kernel-probe.ipynb");
  writeJson(notebook, probeNotebook());
  const result = run(
    venvBin("jupyter"),
    ["nbconvert", "--to", "notebook", "--execute", `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`, "--ExecutePreprocessor.timeout=120", "--output", "kernel-probe.out.ipynb", notebook],
    { env: jupyterEnv(), timeout: 180_000 },
  );
  const output = readJson(path.join(dir, "kernel-probe.out.ipynb"));
  const printed = JSON.stringify(output?.cells?.[0]?.outputs ?? []);
  if (result.status !== 0 || !printed.includes("kernel ok: not implemented yet")) {
    throw new SetupError("kernel", `the course kernel did not run a test cell:\n${tail(result.stderr || printed)}`, "run `npm run setup` again; if it fails the same way, delete .venv and node_modules and retry, then see Troubleshooting in README.md.");
  }
  writeJson(PROBE_MARKER, { inputs });
  return "ran a cell that imports from ./src";
}

function probeNotebook() {
  const source = [
    'import { NotImplementedError } from "./src/contracts/not-implemented";\n',
    'console.log("kernel ok: " + new NotImplementedError("x", "y").message);',
  ];
  return {
    cells: [{ cell_type: "code", execution_count: null, id: "probe", metadata: {}, outputs: [], source }],
    metadata: { kernelspec: { name: KERNEL_NAME, display_name: "TypeScript (course)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

// ------------------------------------------------------------------ driver

/**
 * Run every step. `npmOnly` stops after the npm dependencies (what scripts/run.js needs).
 * Returns normally when everything is ready; throws SetupError otherwise.
 */
const LOCK_DIR = path.join(ROOT, ".cache", "setup.lock");
/** Setup of a fresh clone takes about a minute; a lock held much longer belongs to a hung run. */
const LOCK_WAIT_MS_MAX = 10 * 60_000;

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Run `fn` while holding the setup lock, so two commands started at once (`npm start` in one
 * terminal, `npm test` in another) never run `npm ci` into the same node_modules together.
 * A lock left by a process that died is taken over.
 */
function withSetupLock(fn, log) {
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(path.join(LOCK_DIR, "pid"), { encoding: "utf8", flag: "a+" }) || 0);
      if (holder && !processIsAlive(holder)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS_MAX) {
        throw new SetupError("setup lock", `another setup (pid ${holder}) has held ${path.relative(ROOT, LOCK_DIR)} for over ${LOCK_WAIT_MS_MAX / 60_000} minutes`, `stop that process, or delete ${path.relative(ROOT, LOCK_DIR)}, then run \`npm run setup\` again.`);
      }
      if (!told) log(`waiting for another setup (pid ${holder}) to finish ...`);
      told = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function ensureSetup(options = {}) {
  return withSetupLock(() => ensureSetupLocked(options), (line) => options.quiet || console.log(`  ${line}`));
}

function ensureSetupLocked({ npmOnly = false, quiet = false, retryLanguagePacks = false } = {}) {
  const log = (line) => {
    if (!quiet) console.log(`  ${line}`);
  };
  const started = Date.now();
  const steps = [
    ["Node.js", () => checkNode()],
    ["npm dependencies", () => installNpm(log)],
  ];
  if (!npmOnly) {
    let python;
    steps.push(
      ["Python", () => ((python = checkPython()), `${python.command} ${python.version}`)],
      ["JupyterLab in .venv", () => installVenv(python, log)],
      ["JupyterLab language packs", () => installLanguagePacks(python, log, { retry: retryLanguagePacks })],
      ["course kernel", () => installKernel()],
      ["kernel check", () => proveKernel(log)],
    );
  }
  steps.forEach(([name, step], i) => {
    const result = step();
    if (!quiet) console.log(`[setup ${i + 1}/${steps.length}] ${name}: ${result}`);
  });
  if (!quiet) console.log(`setup: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function reportAndExit(error) {
  if (!(error instanceof SetupError)) throw error;
  console.error(`\nsetup failed at step "${error.step}": ${error.message}`);
  process.exit(1);
}

module.exports = { ensureSetup, npmIsCurrent, jupyterEnv, venvBin, labSettingsDir, languagePackVersion, LANGUAGE_PACKS, SetupError, reportAndExit, ROOT, KERNEL_NAME };

if (require.main === module) {
  try {
    ensureSetup({ npmOnly: process.argv.includes("--npm-only"), retryLanguagePacks: process.argv.includes("--language-packs") });
  } catch (error) {
    reportAndExit(error);
  }
}

#!/usr/bin/env node
/**
 * `npm start [-- --lang ko --port 8899 --no-browser ...]`: set up what is missing, then open
 * JupyterLab on the course at 127.0.0.1, starting with the edition's 00-welcome notebook
 * (notebooks/00-welcome.ipynb in English, notebooks/<lang>/00-welcome.ipynb otherwise).
 *
 * The edition comes from `--lang <code>` or, without it, the COURSE_LANG environment variable;
 * English by default. For an edition other than English, JupyterLab's own menus switch to that
 * language when its language pack is installed (setup installs it when the package index has
 * it). Every other argument goes to `jupyter lab` unchanged. Stop it with Ctrl+C, or SIGTERM to
 * npm or to this script.
 */
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const setup = require("./setup");

const DEFAULT_LANGUAGE = "en";
/** The settings file start owns in JupyterLab's overrides.d/: which language the menus use. */
const LANGUAGE_OVERRIDE_FILE = "course-language.json";
const TRANSLATION_PLUGIN = "@jupyterlab/translation-extension:plugin";

/** The course's editions: English and every language with notebook sources (notebooks/source/<lang>/). */
function courseLanguages(root) {
  const sources = path.join(root, "notebooks", "source");
  const found = fs.existsSync(sources) ? fs.readdirSync(sources).filter((entry) => fs.statSync(path.join(sources, entry)).isDirectory()) : [];
  return [...new Set([DEFAULT_LANGUAGE, ...found])].sort();
}

/**
 * Split start's own option out of the arguments: `--lang ko` or `--lang=ko` (the last one wins),
 * else COURSE_LANG, else English. Returns the language and the arguments meant for JupyterLab.
 * Throws, in words, for a missing value or a language the course has no edition in.
 */
function parseStartArgs(argv, env, languages) {
  const passthrough = [];
  let language;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--lang") {
      language = argv[i + 1];
      if (language === undefined || language.startsWith("-")) throw new Error(`--lang needs a language: one of ${languages.join(", ")}`);
      i++;
    } else if (arg.startsWith("--lang=")) language = arg.slice("--lang=".length);
    else passthrough.push(arg);
  }
  const chosen = (language ?? env.COURSE_LANG ?? "").trim() || DEFAULT_LANGUAGE;
  if (!languages.includes(chosen)) {
    const from = language !== undefined ? "--lang" : "COURSE_LANG";
    throw new Error(`${from}=${chosen}: the course has no such edition; choose one of ${languages.join(", ")}`);
  }
  return { language: chosen, passthrough };
}

/** The edition's first notebook, relative to the root. */
function welcomeNotebook(language) {
  return language === DEFAULT_LANGUAGE ? path.join("notebooks", "00-welcome.ipynb") : path.join("notebooks", language, "00-welcome.ipynb");
}

/** The `jupyter lab` command line: root at the repository, loopback only unless told, the edition's welcome notebook. */
function jupyterArgs({ language, passthrough, root, runningAsRoot }) {
  const has = (flag) => passthrough.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  const args = ["lab", `--ServerApp.root_dir=${root}`];
  if (!has("--ip") && !has("--ServerApp.ip")) args.push("--ServerApp.ip=127.0.0.1");
  // JupyterLab refuses to run as root unless told; containers and CI machines often are root.
  if (runningAsRoot && !has("--allow-root")) args.push("--allow-root");
  args.push(...passthrough, welcomeNotebook(language));
  return args;
}

/**
 * JupyterLab's menu language for an edition, as a settings override. English editions say "en"
 * explicitly (so a machine whose system locale is Korean still opens the English course in
 * English); another edition uses its language pack's locale when the pack is installed, and
 * English with a note when it is not.
 */
function menuLanguage(language, installedPackVersion) {
  const pack = setup.LANGUAGE_PACKS[language];
  if (language === DEFAULT_LANGUAGE || !pack) return { locale: "en" };
  if (installedPackVersion) return { locale: pack.locale };
  return { locale: "en", note: `${pack.distribution} is not installed, so JupyterLab's menus stay in English (the notebooks are in ${language}); \`npm run setup -- --language-packs\` tries to install it` };
}

function writeMenuLanguage(locale) {
  const file = path.join(setup.labSettingsDir(), "overrides.d", LANGUAGE_OVERRIDE_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ [TRANSLATION_PLUGIN]: { locale } }, null, 2) + "\n");
}

const GREETING = {
  en: "Starting JupyterLab on the course. Open the http://127.0.0.1:... URL with its token printed below; Ctrl+C stops it.",
  ko: "JupyterLab에서 한국어판 과정을 엽니다. 아래에 출력되는 토큰이 붙은 http://127.0.0.1:... 주소를 여세요. Ctrl+C로 멈춥니다.",
};

function main() {
  let options;
  try {
    options = parseStartArgs(process.argv.slice(2), process.env, courseLanguages(setup.ROOT));
  } catch (error) {
    console.error(`npm start: ${error.message}`);
    process.exit(2);
  }
  try {
    setup.ensureSetup();
  } catch (error) {
    setup.reportAndExit(error);
  }
  const menu = menuLanguage(options.language, setup.languagePackVersion(options.language));
  writeMenuLanguage(menu.locale);
  if (menu.note) console.log(`note: ${menu.note}`);

  const args = jupyterArgs({ ...options, root: setup.ROOT, runningAsRoot: typeof process.getuid === "function" && process.getuid() === 0 });
  console.log(GREETING[options.language] ?? GREETING[DEFAULT_LANGUAGE]);
  const child = spawn(setup.venvBin("jupyter"), args, { cwd: setup.ROOT, env: setup.jupyterEnv(), stdio: "inherit" });
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
}

module.exports = { courseLanguages, parseStartArgs, jupyterArgs, menuLanguage, welcomeNotebook };

if (require.main === module) main();

/**
 * npm run notebooks:build            write notebooks/*.ipynb from notebooks/source/<lang>/*.md
 * npm run notebooks:check            fail, naming the file, when a notebook is stale or hand-edited
 * npm run notebooks:run [-- options] execute notebooks headless (nbconvert)
 *     --only NAME       only notebooks whose name contains NAME (repeatable)
 *     --mode MODE       solutions | exercises | both (default both)
 *     --jobs N          notebooks at once (default 2)
 *     --timeout SEC     per-cell timeout (default 180)
 *     --json FILE       also write the results as JSON
 *     --help            this text
 * (`npm test` opens every notebook in a real browser instead: npm run notebooks:browser -- --help)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildAll, checkAll } from "./build";
import { runNotebooks, type RunMode } from "./execute";

const ROOT = resolve(__dirname, "..", "..");

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      only: { type: "string", multiple: true },
      mode: { type: "string", default: "both" },
      jobs: { type: "string", default: "2" },
      timeout: { type: "string", default: "180" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  switch (positionals[0]) {
    case "build": {
      const written = buildAll(ROOT, { onBackup: (notebook, backup) => console.log(`kept your copy of ${notebook} (it had changes of its own) as ${backup}`) });
      console.log(written.length === 0 ? "notebooks: all up to date" : written.map((path) => `wrote ${path}`).join("\n"));
      return 0;
    }
    case "check": {
      const problems = checkAll(ROOT);
      for (const problem of problems) console.error(`notebooks:check: ${problem}`);
      if (problems.length === 0) console.log("notebooks:check: every notebook matches its source");
      return problems.length === 0 ? 0 : 1;
    }
    case "run": {
      const modes: RunMode[] = values.mode === "both" ? ["solutions", "exercises"] : [values.mode as RunMode];
      if (!modes.every((mode) => mode === "solutions" || mode === "exercises")) throw new Error(`--mode must be solutions, exercises or both, got "${values.mode}"`);
      const results = await runNotebooks(ROOT, {
        only: values.only,
        modes,
        jobs: Number(values.jobs),
        cellTimeoutSec: Number(values.timeout),
        onResult: (run) => {
          console.log(`${run.passed ? "ok  " : "FAIL"} ${run.name} [${run.mode}] ${run.seconds.toFixed(1)} s  (${run.executed})`);
          if (run.problem) console.log(run.problem.replace(/^/gm, "       "));
        },
      });
      if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
      const failed = results.filter((run) => !run.passed).length;
      console.log(`notebooks: ${results.length - failed} of ${results.length} runs passed`);
      return failed === 0 ? 0 : 1;
    }
    default:
      console.error(usage());
      return 2;
  }
}

/** This file's opening comment, the one description of the commands and their options. */
function usage(): string {
  const header = readFileSync(__filename, "utf8").split("*/")[0];
  return header.replace(/^\/\*\*\n/, "").replace(/^ \* ?/gm, "").trimEnd();
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const unknownOption = (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION";
    console.error(`notebooks: ${error instanceof Error ? error.message : String(error)}${unknownOption ? `\n\n${usage()}` : ""}`);
    process.exit(2);
  },
);

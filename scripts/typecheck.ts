/**
 * `npm run typecheck`: four checks, each named in its output.
 *   strict      the project's strict tsconfig with the pinned TypeScript 5.9
 *   unused      no dead code: unused locals and imports in the course's own code (not in the stubs)
 *   tslab       what notebooks import (src/, exercises/, solutions/, grader/inline.ts), compiled the
 *               way tslab does: TypeScript 5.0.4, lib ES2022 (tsconfig.tslab.json)
 *   imports     no relative import names a folder: tslab resolves only files, never folder/index.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const PINNED_TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const TSLAB_TSC = join(ROOT, "node_modules", "@tslab", "typescript-for-tslab", "bin", "tsc");
const NOTEBOOK_REACHABLE = ["src", "exercises", "solutions", "grader/inline.ts"];

function compile(label: string, tsc: string, project: string): boolean {
  const result = spawnSync(process.execPath, [tsc, "-p", project], { cwd: ROOT, encoding: "utf8" });
  const output = (result.stdout + result.stderr).trim();
  console.log(`typecheck ${label}: ${result.status === 0 ? "ok" : "FAILED"}${output ? `\n${output}` : ""}`);
  return result.status === 0;
}

function* typeScriptFiles(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    if (path.endsWith(".ts")) yield path;
    return;
  }
  for (const name of readdirSync(path)) yield* typeScriptFiles(join(path, name));
}

/** Relative imports that resolve to a folder rather than a file, as "file:line imports X". */
function folderImports(): string[] {
  const problems: string[] = [];
  const pattern = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g;
  for (const file of NOTEBOOK_REACHABLE.flatMap((path) => [...typeScriptFiles(join(ROOT, path))])) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(pattern)) {
      const target = resolve(dirname(file), match[1]);
      if (existsSync(`${target}.ts`) || existsSync(`${target}.js`) || existsSync(`${target}.json`)) continue;
      if (existsSync(target) && statSync(target).isDirectory()) {
        const line = text.slice(0, match.index).split("\n").length;
        problems.push(`${relative(ROOT, file)}:${line} imports the folder "${match[1]}"; name the file (tslab cannot resolve folder imports)`);
      }
    }
  }
  return problems;
}

const strictOk = compile("strict (TypeScript 5.9, tsconfig.json)", PINNED_TSC, "tsconfig.json");
const unusedOk = compile("unused (no dead code outside exercises/, tsconfig.unused.json)", PINNED_TSC, "tsconfig.unused.json");
const tslabOk = compile("tslab (TypeScript 5.0.4, lib ES2022, tsconfig.tslab.json)", TSLAB_TSC, "tsconfig.tslab.json");
const problems = folderImports();
console.log(`typecheck imports: ${problems.length === 0 ? "ok" : `FAILED\n${problems.join("\n")}`}`);
process.exit(strictOk && unusedOk && tslabOk && problems.length === 0 ? 0 : 1);

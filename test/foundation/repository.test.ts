/**
 * CI runs on a fresh clone, so a file the course needs but git does not track is a red run that
 * passes here. These checks catch that class of mistake while it is still local.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const COURSE_FOLDERS = ["src", "grader", "exercises", "solutions", "notebooks", "scripts", "test", "bench", "docs"];
const GENERATED = new Set(["node_modules", ".cache", ".venv", "reports", ".ipynb_checkpoints", ".jupyter-runtime"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (GENERATED.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(ROOT, path)];
  });
}

const insideGit = spawnSync("git", ["rev-parse", "--is-inside-work-tree"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() === "true";

describe("repository: what a fresh clone gets", () => {
  it("no course file is ignored by git (a fresh clone would lack it)", function () {
    if (!insideGit) this.skip();
    const files = COURSE_FOLDERS.filter((folder) => existsSync(join(ROOT, folder))).flatMap((folder) => filesUnder(join(ROOT, folder)));
    const ignored = spawnSync("git", ["check-ignore", "--no-index", "--stdin"], { cwd: ROOT, input: files.join("\n"), encoding: "utf8" }).stdout.trim();
    expect(ignored, `ignored by .gitignore:\n${ignored}`).to.equal("");
  });

  it("every npm script points at a file that exists", () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const missing = Object.entries(scripts).flatMap(([name, command]) =>
      [...command.matchAll(/\b((?:scripts|grader|bench|src)\/[\w./-]+\.(?:js|ts))\b/g)].map((m) => m[1]).filter((file) => !existsSync(join(ROOT, file))).map((file) => `${name}: ${file}`),
    );
    expect(missing, "scripts whose file is missing").to.deep.equal([]);
  });
});

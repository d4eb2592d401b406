/**
 * `npm run release -- --out DIR`: the student edition of the course, and optionally the
 * instructor's grading image for Gradescope.
 *
 * The model: hidden tests never ship to students. The student edition has the notebooks, the
 * stubs, the course runtime and the grader with the visible tests only; `npm run grade` there
 * says that hidden tests run in the instructor's grader. The grading image (here: a Gradescope
 * autograder) holds the hidden tests and grades each submission's exercises/ with them.
 *
 *   --out DIR            write the student edition into DIR (must not exist or be empty)
 *   --gradescope DIR     also write a Gradescope autograder for one week into DIR
 *   --week N             the week the Gradescope autograder grades
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(__dirname, "..");

/** Paths (prefixes) that never go to students: answers, hidden tests, maintainer tooling. */
const STUDENT_EXCLUDED = ["solutions/", "grader/mutants/", "grader/variants/", "grader/fixtures/", "grader/mutation/", "test/", "bench/", ".ci/"];
/** The grading image needs the hidden tests, but never the answers or the maintainers' tools. */
const GRADER_EXCLUDED = ["solutions/", "grader/mutants/", "grader/variants/", "grader/fixtures/", "grader/mutation/", "test/", "bench/", ".ci/", "notebooks/"];

/**
 * The course as committed to git (with working-tree contents, except exercises/, which ships as
 * committed): nothing untracked or ignored ships.
 */
export function courseFiles(root: string): string[] {
  const listed = spawnSync("git", ["ls-files", "--cached"], { cwd: root, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${root}: ${listed.stderr}`);
  return listed.stdout.split("\n").filter((file) => file !== "" && existsSync(join(root, file)));
}

/**
 * Hidden tests, and helpers that would give answers away (oracles, reference models), which
 * test authors keep in `*.hidden.ts` files or in a `hidden/` folder of the week.
 */
function isHidden(file: string): boolean {
  return file.endsWith(".hidden.ts") || /^grader\/tests\/week\d+\/hidden\//.test(file);
}

/** What each README of the student edition says first, under its title: English and Korean. */
const STUDENT_NOTICES: Record<string, string> = {
  "README.md": "> **Student edition.** Reference solutions are not included, and `npm run grade` runs the visible tests only: the hidden tests run in your instructor's grader when you submit.",
  "README.ko.md": "> **학생 배포판.** 참고 답안은 들어 있지 않고, `npm run grade`는 공개 테스트만 실행합니다. 숨겨진 테스트는 제출하면 강사의 채점기에서 실행됩니다.",
};

export function writeStudentEdition(root: string, out: string): string[] {
  const files = courseFiles(root).filter((file) => !STUDENT_EXCLUDED.some((prefix) => file.startsWith(prefix)) && !isHidden(file));
  copyFiles(root, out, files);
  const packageJson = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as { scripts: Record<string, string> };
  delete packageJson.scripts.release;
  delete packageJson.scripts.bench;
  delete packageJson.scripts.mutation;
  writeFileSync(join(out, "package.json"), JSON.stringify(packageJson, null, 2) + "\n");
  for (const [file, notice] of Object.entries(STUDENT_NOTICES)) {
    const readme = join(out, file);
    if (existsSync(readme)) writeFileSync(readme, readFileSync(readme, "utf8").replace(/^(# .*\n\n)/, `$1${notice}\n\n`));
  }
  return files;
}

export function writeGradescopeAutograder(root: string, out: string, week: number): string {
  const course = join(out, "course");
  copyFiles(root, course, courseFiles(root).filter((file) => !GRADER_EXCLUDED.some((prefix) => file.startsWith(prefix))));
  writeFileSync(
    join(out, "setup.sh"),
    `#!/usr/bin/env bash
# Gradescope runs this once while building the autograder image: Node 22 and the course's npm packages.
set -euo pipefail
curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
apt-get install -y nodejs
cd /autograder/source/course
node scripts/setup.js --npm-only
`,
  );
  writeFileSync(
    join(out, "run_autograder"),
    `#!/usr/bin/env bash
# Gradescope runs this for every submission: grade it with week ${week}'s visible and hidden tests and
# write results.json. A submission is an exercises/ tree, weekN/ folders, or the week's files themselves.
# AUTOGRADER_ROOT stands in for /autograder when the grader's own tests run this script.
set -euo pipefail
root="\${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source/course"
submitted="$root/submission"
[ -d "$submitted/exercises" ] && submitted="$submitted/exercises"
rm -rf exercises && mkdir -p exercises
if compgen -G "$submitted/week[0-9]*/" > /dev/null; then
  cp -r "$submitted"/. exercises/
else
  mkdir -p exercises/week${week} && cp -r "$submitted"/. exercises/week${week}/
fi
# A symbolic link could make the grader grade another file: links are removed, never followed.
find exercises -type l -print -delete | sed 's/^/refused a symbolic link: /' >&2
mkdir -p "$root/results"
node --import tsx grader/cli.ts week${week} --format gradescope --out "$root/results"
`,
  );
  chmodSync(join(out, "setup.sh"), 0o755);
  chmodSync(join(out, "run_autograder"), 0o755);
  const zip = join(out, `autograder-week${week}.zip`);
  const zipped = spawnSync("python3", ["-m", "zipfile", "-c", zip, "setup.sh", "run_autograder", "course"], { cwd: out });
  return zipped.status === 0 ? zip : `${out} (zip it yourself: cd ${out} && python3 -m zipfile -c autograder.zip setup.sh run_autograder course)`;
}

function copyFiles(root: string, out: string, files: string[]): void {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} is not empty; choose a new folder`);
  for (const file of files) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    if (file.startsWith("exercises/")) writeFileSync(join(out, file), committedStub(root, file));
    else cpSync(join(root, file), join(out, file));
  }
}

/**
 * A stub as git holds it (HEAD, or the index for a file not committed yet), never the working
 * tree's: whoever builds a release may have filled in exercises/ to try something, and students
 * must get the stubs, not that work.
 */
function committedStub(root: string, file: string): Buffer {
  for (const revision of [`HEAD:${file}`, `:${file}`]) {
    const shown = spawnSync("git", ["show", revision], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    if (shown.status === 0) return shown.stdout;
  }
  throw new Error(`git holds no committed or staged ${file}`);
}

function main(): void {
  const { values } = parseArgs({ options: { out: { type: "string" }, gradescope: { type: "string" }, week: { type: "string" } } });
  if (!values.out && !values.gradescope) {
    console.error("usage: npm run release -- --out DIR [--gradescope DIR --week N]");
    process.exit(2);
  }
  if (values.out) {
    const files = writeStudentEdition(ROOT, resolve(values.out));
    console.log(`student edition: ${files.length} files in ${values.out} (no solutions/, no hidden tests, no mutants)`);
  }
  if (values.gradescope) {
    const week = Number(values.week);
    if (!Number.isInteger(week) || !existsSync(join(ROOT, "grader", "tests", `week${week}`))) {
      console.error(`--gradescope needs --week N for a week that has tests (grader/tests/weekN), got "${values.week}"`);
      process.exit(2);
    }
    console.log(`Gradescope autograder for week ${week}: ${writeGradescopeAutograder(ROOT, resolve(values.gradescope), week)}`);
  }
}

if (require.main === module) main();

/**
 * How a grader child is confined, seen from the parent: what it may read and write (Node's
 * permission model), the process group it lives in, and how much memory it holds.
 *
 * - **Files.** The child runs with `--experimental-permission` (`--permission` on Node 22.13+):
 *   it reads only the course's runtime (src/, the grader's own modules and tests, node_modules/)
 *   and the folders of the files it grades; it writes only its own temporary folder. The flags
 *   allow processes and workers (tsx's esbuild needs both); child.ts refuses them to learner
 *   code. tsx needs, besides, the package.json files above each readable
 *   folder (it looks for a package's module type) and a tsconfig.json next to its working
 *   directory, which is the temporary folder (a copy of the course's compiler options); it
 *   reads tsx's cache of compiled files but cannot add to it (child-preload.cjs).
 * - **Processes.** On POSIX the child runs under a disposable `sh` (its parent PID, so a signal
 *   sent to `process.ppid` ends the shell, never the grader) in a process group of its own,
 *   killed as a group when the child is retired.
 * - **Memory.** The V8 heap has a cap; memory outside it (Buffers, typed arrays) is watched
 *   through the child's resident size, on Linux (/proc).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir, userInfo } from "node:os";
import { dirname, join, parse, sep } from "node:path";

/** Resident memory a child may hold beyond its heap cap: code, tsx, Node's own buffers. */
export const RESIDENT_ALLOWANCE_MB = 512;

const POSIX = process.platform !== "win32";
/** The disposable parent: runs the child in the background and waits, so the child's parent PID is this shell's. */
const SHIM = '"$@" & wait $!';

export interface ChildSandbox {
  /** The child's working directory, the only place it may write; removed when the child is retired. */
  dir: string;
  process: ChildProcess;
}

/** Start `script` in a confined Node child that may also read `readDirs`. */
export function startSandboxed(root: string, script: string, options: { readDirs: readonly string[]; memoryMb: number; env: NodeJS.ProcessEnv }): ChildSandbox {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "grader-child-")));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: courseCompilerOptions(root) }));
  const nodeArgs = [
    ...permissionFlags(root, options.readDirs, dir),
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
    "--require",
    realpathSync(join(__dirname, "child-preload.cjs")),
    "--require",
    realpathSync(require.resolve("tsx/cjs", { paths: [root] })),
    `--max-old-space-size=${options.memoryMb}`,
    script,
  ];
  const env = { ...options.env, TSX_TSCONFIG_PATH: join(dir, "tsconfig.json") };
  const stdio: ("ignore" | "pipe" | "ipc")[] = ["ignore", "pipe", "pipe", "ipc"];
  const child = POSIX
    ? spawn("/bin/sh", ["-c", SHIM, "grader-shim", process.execPath, ...nodeArgs], { cwd: dir, env, stdio, detached: true })
    : spawn(process.execPath, nodeArgs, { cwd: dir, env, stdio });
  return { dir, process: child };
}

/** End the child, everything it started in its group, and its temporary folder. */
export function retire(sandbox: ChildSandbox): void {
  const { pid } = sandbox.process;
  try {
    if (POSIX && pid !== undefined) process.kill(-pid, "SIGKILL");
    else sandbox.process.kill("SIGKILL");
  } catch {
    // the group is gone already
  }
  rmSync(sandbox.dir, { recursive: true, force: true });
}

/** The child's resident memory in MB (Linux); undefined where it cannot be read. */
export function residentMb(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    return (pages * 4096) / 2 ** 20;
  } catch {
    return undefined;
  }
}

/** The parent PID of process `pid` (Linux); undefined where it cannot be read. */
export function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** A signal's name from a shell's exit status (128 + signal number), as Node names it. */
export function signalOfShellStatus(code: number | null): NodeJS.Signals | undefined {
  if (!POSIX || code === null || code <= 128) return undefined;
  const { signals } = constants;
  return (Object.keys(signals) as NodeJS.Signals[]).find((name) => signals[name] === code - 128);
}

/**
 * The folders a child needs to read to grade `file`: its own; for a fair variant, also the
 * reference it extends and its week's variants folder (helpers shared by variants, e.g.
 * grader/variants/week1/raft-context.ts), so that `--file` grades a variant as the self-test does.
 */
export function readableFor(root: string, file: string): string[] {
  const dirs = [dirname(file)];
  if (file.startsWith(join(root, "grader", "variants") + sep)) dirs.push(join(root, "solutions"), dirname(dirname(file)));
  // Copies the course makes of an exercise (mutants, the pristine stubs of a self-test) sit two
  // levels below a link to src/, so that their `../../src/...` imports resolve: that link too.
  const srcLink = join(dirname(dirname(dirname(file))), "src");
  if (isLinkTo(srcLink, join(root, "src"))) dirs.push(srcLink);
  return dirs;
}

function isLinkTo(link: string, target: string): boolean {
  try {
    return lstatSync(link).isSymbolicLink() && realpathSync(link) === realpathSync(target);
  } catch {
    return false;
  }
}

/** True when the child's grants cover reading `file`. */
export function covers(readDirs: readonly string[], file: string): boolean {
  const real = realOrSelf(file);
  return readDirs.some((dir) => real.startsWith(realOrSelf(dir) + sep));
}

function permissionFlags(root: string, readDirs: readonly string[], writeDir: string): string[] {
  const grader = join(root, "grader");
  const readable = [
    join(root, "src"),
    join(grader, "tests"),
    // The grader's words in every language: the child words reasons and failures in all of them.
    join(grader, "i18n"),
    ...readdirSync(grader).filter((name) => name.endsWith(".ts")).map((name) => join(grader, name)),
    join(root, "node_modules"),
    join(__dirname, "child-preload.cjs"),
    tsxCache(),
    // Week 4's bank runs on the course's reference Raft (src/bank/course-raft.ts): that one file of solutions/.
    join(root, "solutions", "week1", "raft.ts"),
    ...readDirs,
  ]
    // Node's resolver reads a linked folder (a workspace's node_modules/) by its own path too
    .flatMap((path) => (existsSync(path) ? [path, realpathSync(path)] : [path]));
  // tsx looks for package.json files above every module it loads; missing ones must be readable (as missing)
  const packageFiles = new Set(readable.flatMap((path) => ancestors(path).map((dir) => join(dir, "package.json"))));
  // Node 20 aborts on a path granted twice
  const reads = [...new Set([...readable, ...packageFiles, writeDir, invertCase(writeDir)])];
  const flag = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
  // tsx's esbuild runs in a worker that starts esbuild's binary: the child refuses both to learner code itself (child.ts)
  return [flag, ...reads.map((path) => `--allow-fs-read=${path}`), `--allow-fs-write=${writeDir}`, "--allow-worker", "--allow-child-process"];
}

/** tsx's cache of compiled files, shared with the parent and other tsx runs: children read it, never write it. */
function tsxCache(): string {
  return join(tmpdir(), `tsx-${process.geteuid?.() ?? userInfo().username}`);
}

function ancestors(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    dirs.push(dir);
    if (dir === parse(dir).root) return dirs;
  }
}

/** tsx probes whether the file system is case-sensitive by looking for the working directory in the other case. */
function invertCase(path: string): string {
  return [...path].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");
}

/** The course's compiler options (its tsconfig.json is plain JSON), without its file lists. */
function courseCompilerOptions(root: string): unknown {
  return (JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { compilerOptions?: unknown }).compilerOptions ?? {};
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

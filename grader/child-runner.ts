/**
 * The parent's side of one grader child: starts it, hands it one job at a time, enforces the
 * job's wall-clock limit, and turns every way a child can go wrong (hang, crash, out of
 * memory, a forged message) into a result for that job alone. A child that died is replaced
 * lazily, so the remaining jobs still run.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { sayParts } from "./i18n/messages";
import { CURRENT_CALL_FILE, type ChildMessage, type Job, type JobResult, type Reason } from "./protocol";
import { scrubResult } from "./scrub";
import { covers, parentPid, readableFor, residentMb, retire, RESIDENT_ALLOWANCE_MB, signalOfShellStatus, startSandboxed, type ChildSandbox } from "./sandbox";

/** What the learner's code printed is kept up to this much per job (the tail), for reports. */
const OUTPUT_TAIL_BYTES = 4_000;
/**
 * After a child dies, how long to wait for the rest of its output (V8's "heap out of memory"
 * report can arrive after the exit event); a grandchild holding the pipes must not stall a run.
 */
const OUTPUT_DRAIN_MS_MAX = 500;
const KILLED_PARENT: Reason = { kind: "tampering", ...sayParts("killedParent") };
/** How often the parent reads a running child's resident size. */
const MEMORY_POLL_MS = 100;
/** Starting a child (Node, tsx, the grader's modules) is generous: a loaded CI machine is slow. */
const CHILD_START_TIMEOUT_MS = 60_000;
/**
 * The environment learner code sees: enough for Node and tsx, and nothing else (no tokens or
 * credentials a CI runner or grading image may hold).
 */
const CHILD_ENV_NAMES = ["PATH", "HOME", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "TZ", "SYSTEMROOT"];

/**
 * The heap cap of a grader child unless a run asks otherwise: far above what any exercise
 * needs (the simulator's runs take tens of MB), low enough that a leak dies in seconds.
 */
export const DEFAULT_MEMORY_MB = 512;

export interface ChildLimits {
  /** V8 heap cap of the child, in MB; the whole process may hold RESIDENT_ALLOWANCE_MB more. */
  memoryMb: number;
  /**
   * Folders children may read besides the course's runtime: those of the files they will grade
   * (a job whose file lies elsewhere gets a child started for its folder).
   */
  readDirs?: readonly string[];
  /** Resident memory cap of the whole child, in MB (default: the heap cap + RESIDENT_ALLOWANCE_MB). */
  residentMb?: number;
}

type Exit = { code: number | null; signal: string | null };
type Outcome = { result: JobResult } | { exit: Exit } | { timedOut: true } | { ready: { secret: string; pid: number } } | { forged: true } | { memory: number };

export class ChildRunner {
  private child: ChildProcess | undefined;
  private sandbox: ChildSandbox | undefined;
  /** What the running child may read, and the secret it signs results with (told before learner code ran). */
  private readDirs: readonly string[] = [];
  private secret = "";
  private pid = 0;
  private starting: Promise<ChildProcess | undefined> | undefined;
  private output = "";
  private outputBytes = 0;
  /** Whoever waits for the child's next word: readiness, a result, or its death. */
  private waiting: ((outcome: Outcome) => void) | undefined;
  /** The job running now; a result for any other job was not written by the grader. */
  private job: Job | undefined;

  constructor(
    private readonly root: string,
    readonly limits: ChildLimits,
  ) {}

  /**
   * Start the child now (if none is running) without waiting for it, so its start-up overlaps
   * other work such as the type check.
   */
  warmUp(): void {
    void this.readyChild(this.limits.readDirs ?? []);
  }

  /**
   * Run one job in the child; its result's learner-shaped text (messages, frames, notes, output)
   * comes back scrubbed of hidden test lines and terminal control characters, for every report.
   */
  async run(job: Job, timeoutMs: number): Promise<JobResult> {
    return scrubResult(this.root, await this.runInChild(job, timeoutMs));
  }

  private async runInChild(job: Job, timeoutMs: number): Promise<JobResult> {
    const failed = (reason: Reason, durationMs: number): JobResult =>
      this.withOutput({ testId: job.testId, seed: job.seed, passed: false, reason, attachments: [], notes: [], durationMs });
    if (this.starting) await this.starting;
    // A child may read only the folders it was started for; a file elsewhere needs a child of its own.
    // A child whose shell is gone (learner code signalled its parent) is retired before it runs anything else.
    const needed = [job.exerciseFile, job.testModule];
    const readable = [...this.readDirs, join(this.root, "grader", "tests")];
    if (this.child && (!needed.every((file) => covers(readable, file)) || this.orphaned())) this.kill();
    const child = await this.readyChild([...(this.limits.readDirs ?? []), ...readableFor(this.root, job.exerciseFile), dirname(job.testModule)]);
    if (!child) return failed(this.deathReason(undefined, true), 0);
    this.output = "";
    this.outputBytes = 0;
    this.job = job;
    const started = performance.now();
    const callFile = join(this.sandbox?.dir ?? "", CURRENT_CALL_FILE);
    rmSync(callFile, { force: true }); // named by an earlier job's slow call
    const outcome = await this.next(timeoutMs, () => child.send({ type: "run", job }), true);
    const running = "timedOut" in outcome ? runningCall(callFile) : undefined;
    this.job = undefined;
    // Let output still in the pipes arrive: all of it from a dead child, one turn's worth otherwise.
    if ("exit" in outcome) await outputClosed(child, OUTPUT_DRAIN_MS_MAX);
    else await new Promise((resolve) => setImmediate(resolve));
    if (("result" in outcome || "exit" in outcome) && this.orphaned()) {
      this.kill();
      return failed(KILLED_PARENT, performance.now() - started);
    }
    if ("result" in outcome) return this.withOutput(outcome.result);
    this.kill();
    return failed(this.failureReason(outcome, timeoutMs, running, job.fileLabel), performance.now() - started);
  }

  close(): void {
    this.kill();
  }

  /**
   * A started child that has loaded the grader's code. Starting takes a few hundred
   * milliseconds (more on a busy machine); that time never counts against a test's limit.
   */
  private readyChild(readDirs: readonly string[]): Promise<ChildProcess | undefined> {
    if (this.starting) return this.starting;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return Promise.resolve(this.child);
    const child = this.spawn(readDirs);
    this.starting = this.next(CHILD_START_TIMEOUT_MS, () => undefined).then((outcome) => {
      this.starting = undefined;
      if ("ready" in outcome) {
        this.secret = outcome.ready.secret;
        this.pid = outcome.ready.pid;
        return child;
      }
      this.kill();
      return undefined;
    });
    return this.starting;
  }

  /**
   * Wait for the child's next outcome, or `timeoutMs`; `start` runs once the wait is armed. While a
   * job runs (`watchMemory`), the child's resident size is read every MEMORY_POLL_MS, and once more
   * when the time is up: a child that holds too much memory ends as "memory", whatever else it did.
   */
  private next(timeoutMs: number, start: () => void, watchMemory = false): Promise<Outcome> {
    return new Promise((resolve) => {
      const overLimit = (): number | undefined => {
        const mb = watchMemory ? residentMb(this.pid) : undefined;
        return mb !== undefined && mb > this.residentLimitMb() ? mb : undefined;
      };
      const timer = setTimeout(() => {
        const mb = overLimit();
        finish(mb === undefined ? { timedOut: true } : { memory: mb });
      }, timeoutMs);
      const poll = watchMemory
        ? setInterval(() => {
            const mb = overLimit();
            if (mb !== undefined) finish({ memory: mb });
          }, MEMORY_POLL_MS)
        : undefined;
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiting = undefined;
        resolve(outcome);
      };
      this.waiting = finish;
      start();
    });
  }

  /** Whether the child lost the shell it was started under (where the OS tells; Linux). */
  private orphaned(): boolean {
    const shell = this.sandbox?.process.pid;
    const parent = parentPid(this.pid);
    return shell !== undefined && parent !== undefined && parent !== shell && process.platform !== "win32";
  }

  private residentLimitMb(): number {
    return this.limits.residentMb ?? this.limits.memoryMb + RESIDENT_ALLOWANCE_MB;
  }

  private spawn(readDirs: readonly string[]): ChildProcess {
    const sandbox = startSandboxed(this.root, join(__dirname, "child.ts"), { readDirs, memoryMb: this.limits.memoryMb, env: childEnv() });
    const child = sandbox.process;
    this.sandbox = sandbox;
    this.readDirs = readDirs;
    const capture = (chunk: Buffer) => {
      this.outputBytes += chunk.length;
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on("data", capture);
    child.stderr?.on("data", capture);
    // A shell or Node that cannot start ends the wait like a death, never the grader.
    child.on("error", () => {
      if (this.child !== child) return;
      this.child = undefined;
      this.waiting?.({ exit: { code: null, signal: null } });
    });
    // A retired child's last messages may still arrive: only the current child speaks.
    child.on("message", (message: ChildMessage) => {
      if (this.child === child) this.waiting?.(this.outcomeOf(message));
    });
    child.on("exit", (code, signal) => {
      // A child we killed on purpose (timeout) exits later; by then it is no longer ours.
      if (this.child !== child) return;
      this.child = undefined;
      // The shell in between reports the child's death by a signal as 128 + its number.
      const exit = { code: signalOfShellStatus(code) ? null : code, signal: signal ?? signalOfShellStatus(code) ?? null };
      // Between jobs nobody waits: retire the group now (learner code may have ended the shell and left the child).
      if (this.waiting) this.waiting({ exit });
      else this.kill();
    });
    this.child = child;
    return child;
  }

  private outcomeOf(message: ChildMessage): Outcome {
    // "ready" is only news while the child starts (before any learner code); later it is forged.
    if (message?.type === "ready" && this.starting && typeof message.secret === "string") return { ready: { secret: message.secret, pid: message.pid } };
    if (message?.type === "result" && this.job && message.secret === this.secret && sameJob(message.job, this.job) && message.result) return { result: message.result };
    return { forged: true };
  }

  private kill(): void {
    const sandbox = this.sandbox;
    this.child = undefined;
    this.sandbox = undefined;
    if (sandbox) retire(sandbox);
  }

  private failureReason(outcome: Outcome, timeoutMs: number, running: string | undefined, fileLabel: string): Reason {
    if ("memory" in outcome) {
      return { kind: "memory", ...sayParts("residentMemory", Math.round(outcome.memory), this.residentLimitMb()) };
    }
    if ("timedOut" in outcome) {
      return { kind: "timeout", ...sayParts("timeout", timeoutMs, running, fileLabel) };
    }
    if ("forged" in outcome) {
      return { kind: "tampering", ...sayParts("sentToGrader") };
    }
    return this.deathReason("exit" in outcome ? outcome.exit : undefined, false);
  }

  private deathReason(exit: Exit | undefined, starting: boolean): Reason {
    if (/heap out of memory|Allocation failed/i.test(this.output)) {
      return { kind: "memory", ...sayParts("heapMemory", this.limits.memoryMb) };
    }
    if (!exit) return { kind: "crash", ...sayParts("crashedSilently", starting) };
    return { kind: "crash", ...sayParts("crashed", String(exit.code ?? "none"), String(exit.signal ?? "none"), starting) };
  }

  private withOutput(result: JobResult): JobResult {
    if (this.outputBytes === 0) return result;
    const more = this.outputBytes > OUTPUT_TAIL_BYTES ? `\n(${(this.outputBytes / 1e6).toFixed(1)} MB printed in all; the tail is shown)` : "";
    return { ...result, output: `${this.output.trimEnd()}${more}` };
  }
}

/** The exercise call the child named as running (current-call.ts), if it named one; read before the child's folder goes. */
function runningCall(file: string): string | undefined {
  try {
    const name = readFileSync(file, "utf8").replace(/[\u0000-\u001f\u007f`]/g, " ").trim().slice(0, 300);
    return name || undefined;
  } catch {
    return undefined;
  }
}

function sameJob(a: Job | undefined, b: Job): boolean {
  return a?.testId === b.testId && a.seed === b.seed && a.exerciseFile === b.exerciseFile && a.testModule === b.testModule && a.fileLabel === b.fileLabel;
}

function outputClosed(child: ChildProcess, waitMsMax: number): Promise<void> {
  if ((child.stdout?.closed ?? true) && (child.stderr?.closed ?? true)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, waitMsMax);
    child.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { FORCE_COLOR: "0", NODE_OPTIONS: "" };
  for (const name of CHILD_ENV_NAMES) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

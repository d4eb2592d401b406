/**
 * The parent's side of one grader child: starts it, hands it one job at a time, enforces the
 * job's wall-clock limit, and turns every way a child can go wrong (hang, crash, out of
 * memory) into a result for that job alone. A child that died is replaced lazily, so the
 * remaining jobs still run.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ChildMessage, Job, JobResult, Reason } from "./protocol";

/** What the learner's code printed is kept up to this much per job (the tail), for reports. */
const OUTPUT_TAIL_BYTES = 4_000;
/** Starting a child (Node, tsx, the grader's modules) is generous: a loaded CI machine is slow. */
const CHILD_START_TIMEOUT_MS = 60_000;

export interface ChildLimits {
  /** V8 heap cap of the child, in MB. */
  memoryMb: number;
}

type Exit = { code: number | null; signal: string | null };
type Outcome = { result: JobResult } | { exit: Exit } | { timedOut: true } | { ready: true };

export class ChildRunner {
  private child: ChildProcess | undefined;
  private output = "";
  private outputBytes = 0;
  /** Whoever waits for the child's next word: readiness, a result, or its death. */
  private waiting: ((outcome: Outcome) => void) | undefined;

  constructor(
    private readonly root: string,
    private readonly limits: ChildLimits,
  ) {}

  async run(job: Job, timeoutMs: number): Promise<JobResult> {
    const failed = (reason: Reason, durationMs: number): JobResult =>
      this.withOutput({ testId: job.testId, seed: job.seed, passed: false, reason, attachments: [], notes: [], durationMs });
    const child = await this.readyChild();
    if (!child) return failed(this.deathReason(undefined, "while starting"), 0);
    this.output = "";
    this.outputBytes = 0;
    const started = performance.now();
    const outcome = await this.next(timeoutMs, () => child.send({ type: "run", job }));
    await new Promise((resolve) => setImmediate(resolve)); // let output still in the pipe arrive
    if ("result" in outcome) return this.withOutput(outcome.result);
    this.kill();
    const reason = "timedOut" in outcome ? this.timeoutReason(timeoutMs) : this.deathReason("exit" in outcome ? outcome.exit : undefined, "while running this test");
    return failed(reason, performance.now() - started);
  }

  close(): void {
    this.kill();
  }

  /**
   * A started child that has loaded the grader's code. Starting takes a few hundred
   * milliseconds (more on a busy machine); that time never counts against a test's limit.
   */
  private async readyChild(): Promise<ChildProcess | undefined> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    const child = this.spawn();
    const outcome = await this.next(CHILD_START_TIMEOUT_MS, () => undefined);
    if ("ready" in outcome) return child;
    this.kill();
    return undefined;
  }

  /** Wait for the child's next outcome, or `timeoutMs`; `start` runs once the wait is armed. */
  private next(timeoutMs: number, start: () => void): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
      const finish = (outcome: Outcome) => {
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(outcome);
      };
      this.waiting = finish;
      start();
    });
  }

  private spawn(): ChildProcess {
    const child = fork(join(__dirname, "child.ts"), [], {
      cwd: this.root,
      execArgv: ["--import", "tsx", `--max-old-space-size=${this.limits.memoryMb}`],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, FORCE_COLOR: "0", NODE_OPTIONS: "" },
    });
    const capture = (chunk: Buffer) => {
      this.outputBytes += chunk.length;
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on("data", capture);
    child.stderr?.on("data", capture);
    child.on("message", (message: ChildMessage) => this.waiting?.(message.type === "ready" ? { ready: true } : { result: message.result }));
    child.on("exit", (code, signal) => {
      // A child we killed on purpose (timeout) exits later; by then it is no longer ours.
      if (this.child !== child) return;
      this.child = undefined;
      this.waiting?.({ exit: { code, signal } });
    });
    this.child = child;
    return child;
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) child.kill("SIGKILL");
  }

  private timeoutReason(timeoutMs: number): Reason {
    return {
      kind: "timeout",
      message: `timed out after ${timeoutMs / 1000} s of real time (this test's limit): an infinite loop, or a handler that never returns?`,
    };
  }

  private deathReason(exit: Exit | undefined, when: string): Reason {
    if (/heap out of memory|Allocation failed/i.test(this.output)) {
      return { kind: "memory", message: `ran out of memory (the limit is ${this.limits.memoryMb} MB): something grows without bound` };
    }
    const how = exit ? `exit code ${exit.code ?? "none"}, signal ${exit.signal ?? "none"}` : "it did not answer";
    return { kind: "crash", message: `the test process died (${how}) ${when}` };
  }

  private withOutput(result: JobResult): JobResult {
    if (this.outputBytes === 0) return result;
    const more = this.outputBytes > OUTPUT_TAIL_BYTES ? `\n(${(this.outputBytes / 1e6).toFixed(1)} MB printed in all; the tail is shown)` : "";
    return { ...result, output: `${this.output.trimEnd()}${more}` };
  }
}

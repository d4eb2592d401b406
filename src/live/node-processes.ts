/**
 * Server processes that a harness starts, breaks and removes (`npm run jepsen -- --live`): Jepsen's
 * kill (SIGKILL, then the same command again on the same storage), pause (SIGSTOP) and resume
 * (SIGCONT), on real processes.
 *
 * Each node runs in a process group of its own, so a signal reaches the node and whatever it
 * started (tsx's esbuild helper), and a SIGSTOP freezes all of it. Nothing may outlive the harness:
 * the groups are killed when it exits (also through process.exit from a Ctrl-C handler), and a node
 * exits by itself when its stdin, a pipe from the harness, closes (the harness killed with SIGKILL;
 * only a node paused at that moment stays, stopped, until someone kills it). Storage lives in a
 * temporary folder removed with the processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { NodeId } from "../contracts/node";

const ROOT = resolve(__dirname, "..", "..");

export interface NodeProcessesOptions {
  /** The arguments of node `id`'s process after `node --import tsx`; `dir` is the storage folder. */
  args: (id: NodeId, dir: string) => string[];
  /** Every line a node prints (nodes prefix their lines with their id). */
  onOutput: (line: string) => void;
  /** A node exited without being killed here (it crashed, or stopped on an error). */
  onExit: (id: NodeId, why: string) => void;
  /** The temporary folder's name starts with this. */
  dirPrefix: string;
}

export class NodeProcesses {
  /** The nodes' storage folder, removed by `stop`. */
  readonly dir: string;
  private readonly children = new Map<NodeId, { child: ChildProcess; exited: Promise<void>; killed: boolean }>();
  private readonly killAll = () => {
    for (const id of this.children.keys()) this.signal(id, "SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  };

  constructor(private readonly options: NodeProcessesOptions) {
    this.dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
    process.on("exit", this.killAll);
  }

  /** Start node `id` (again, after a kill: it finds its storage and restarts from it). */
  start(id: NodeId): void {
    if (this.children.has(id)) throw new Error(`${id} is already running`);
    const child = spawn(process.execPath, ["--import", "tsx", ...this.options.args(id, this.dir)], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const exited = new Promise<void>((done) => child.once("exit", (code, signal) => {
      const entry = this.children.get(id);
      if (entry?.child === child) this.children.delete(id);
      if (!entry?.killed) this.options.onExit(id, signal ?? `exit code ${code}`);
      done();
    }));
    this.children.set(id, { child, exited, killed: false });
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", this.options.onOutput);
  }

  running(id: NodeId): boolean {
    return this.children.has(id);
  }

  pid(id: NodeId): number | undefined {
    return this.children.get(id)?.child.pid;
  }

  /** SIGKILL node `id`'s process group; resolves once it is gone (its port is free then). */
  async kill(id: NodeId): Promise<void> {
    const entry = this.children.get(id);
    if (!entry) return;
    entry.killed = true;
    this.signal(id, "SIGKILL");
    await entry.exited;
  }

  /** SIGSTOP: the node stays alive, deaf and mute, its messages queued in the kernel. */
  pause(id: NodeId): void {
    this.signal(id, "SIGSTOP");
  }

  /** SIGCONT: the node goes on where it stopped, with what it believed then. */
  resume(id: NodeId): void {
    this.signal(id, "SIGCONT");
  }

  /** Kill every node and remove the storage folder. */
  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((id) => this.kill(id)));
    rmSync(this.dir, { recursive: true, force: true });
    process.off("exit", this.killAll);
  }

  private signal(id: NodeId, signal: NodeJS.Signals): void {
    const pid = this.children.get(id)?.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone: its exit event is on the way.
    }
  }
}

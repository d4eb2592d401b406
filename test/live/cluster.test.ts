/**
 * The live cluster end to end, as the chapter's week-1 walkthrough runs it: five processes of the
 * reference RaftNode on 127.0.0.1, `curl .../status`, a command, the partition "1,2|3,4,5", heal.
 * Real time, so every wait is bounded and generous; ports are free ones picked for this run.
 */
import { expect } from "chai";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchJson, freePorts } from "../../src/live";

const ROOT = join(__dirname, "..", "..");

interface Status {
  node_id: number;
  state: string;
  term: number;
  leader: number | null;
  commit_index: number;
  cluster_size: number;
}

async function statuses(ports: number[]): Promise<(Status | undefined)[]> {
  return Promise.all(ports.map((port) => fetchJson(port, "GET", "/status", undefined, 500).then((s) => s as unknown as Status, () => undefined)));
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The one leader among `members` (1-based numbers) in the newest term there, if exactly one. */
function soleLeader(all: (Status | undefined)[], members: number[]): Status | undefined {
  const up = members.map((n) => all[n - 1]).filter((s): s is Status => s !== undefined);
  const newest = Math.max(...up.map((s) => s.term));
  const leaders = up.filter((s) => s.state === "leader" && s.term === newest);
  return leaders.length === 1 && up.every((s) => s.state !== "leader" || s.term === newest) ? leaders[0] : undefined;
}

describe("live: the 5-node Raft cluster on loopback", function () {
  this.timeout(90_000);
  let cluster: ChildProcess;
  let ports: number[];
  let dir: string;
  let output = "";

  before(async () => {
    ports = await freePorts(5);
    dir = mkdtempSync(join(tmpdir(), "live-cluster-"));
    cluster = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "cluster.ts"), "--solutions", "--quiet", "--ports", ports.join(","), "--dir", dir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    cluster.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    cluster.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  });

  after(async () => {
    if (cluster.exitCode === null) {
      const exited = new Promise((resolve) => cluster.once("exit", resolve));
      cluster.kill("SIGTERM");
      await exited;
    }
  });

  const partition = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "partition.ts"), ...args, "--dir", dir], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });

  it("elects one leader, reports it on /status in the chapter's format, and commits a command on every server", async () => {
    const leader = await waitFor("one leader among the five", async () => soleLeader(await statuses(ports), [1, 2, 3, 4, 5]), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\ncluster output:\n${output}`);
    });
    expect(leader).to.include({ cluster_size: 5, state: "leader" });
    const answer = (await fetchJson(ports[leader.node_id - 1], "POST", "/command", { command: "x=1" })) as { index: number; is_leader: boolean };
    expect(answer).to.include({ index: 1, is_leader: true });
    await waitFor("x=1 committed on all five", async () => ((await statuses(ports)).every((s) => s && s.commit_index >= 1) ? true : undefined), 10_000);
    const follower = (await statuses(ports)).find((s) => s && s.state === "follower") as Status;
    expect(follower.leader, "followers name the leader they hear from").to.equal(leader.node_id);
  });

  it('under "1,2|3,4,5" the majority side has a leader that commits, the minority side none', async () => {
    const split = partition("--split", "1,2|3,4,5");
    expect(split.status, split.stdout + split.stderr).to.equal(0);
    expect(split.stdout).to.include("partition 1,2|3,4,5 (12 directed links cut)");
    const majorityLeader = await waitFor(
      "a leader on 3,4,5 and none on 1,2",
      async () => {
        const all = await statuses(ports);
        const minorityLeads = [all[0], all[1]].some((s) => s?.state === "leader");
        return minorityLeads ? undefined : soleLeader(all, [3, 4, 5]);
      },
      15_000,
    );
    const onMinority = (await fetchJson(ports[0], "POST", "/command", { command: "lost" })) as { is_leader: boolean };
    expect(onMinority.is_leader).to.equal(false);
    const before = (await statuses(ports)).map((s) => s?.commit_index ?? 0);
    await fetchJson(ports[majorityLeader.node_id - 1], "POST", "/command", { command: "x=2" });
    await waitFor("x=2 committed on the majority side", async () => ((await statuses(ports)).slice(2).every((s, i) => s && s.commit_index > before[i + 2]) ? true : undefined), 10_000);
    const minority = (await statuses(ports)).slice(0, 2);
    minority.forEach((s, i) => expect(s?.commit_index, `n${i + 1} commits nothing while cut off`).to.equal(before[i]));
  });

  it("after --heal all five follow one leader again and catch up", async () => {
    const healed = partition("--heal");
    expect(healed.status, healed.stdout + healed.stderr).to.equal(0);
    await waitFor(
      "one leader and every commit index caught up",
      async () => {
        const all = await statuses(ports);
        const leader = soleLeader(all, [1, 2, 3, 4, 5]);
        return leader && all.every((s) => s && s.term === leader.term && s.commit_index === leader.commit_index) ? true : undefined;
      },
      20_000,
    );
  });

  it("Ctrl-C (SIGTERM) stops every server and frees its port", async () => {
    const exited = new Promise<number | null>((resolve) => cluster.once("exit", resolve));
    cluster.kill("SIGTERM");
    expect(await exited).to.equal(0);
    expect((await statuses(ports)).every((s) => s === undefined)).to.equal(true);
  });
});

describe("live: the cluster with the stubs", function () {
  this.timeout(60_000);

  it("every server says what to implement, and the cluster exits non-zero instead of hanging", async () => {
    const ports = await freePorts(3);
    const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "cluster.ts"), "--nodes", "3", "--ports", ports.join(","), "--dir", mkdtempSync(join(tmpdir(), "live-stubs-"))], { cwd: ROOT, encoding: "utf8", timeout: 45_000 });
    expect(result.status).to.equal(1);
    for (const id of ["n1", "n2", "n3"]) expect(result.stdout).to.include(`[${id}] not implemented yet: RaftNode.onStart (write it in exercises/week1/raft.ts)`);
  });
});

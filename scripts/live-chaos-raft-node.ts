/**
 * One server of `npm run chaos -- --live --target raft` (src/chaos/live-raft-runner.ts): the
 * simulator's `RaftServerNode` (a week-1 RaftNode with the Propose/ProposeReply protocol) as its own
 * process, on the real-time host with HTTP on 127.0.0.1 and a storage file.
 *
 *   node --import tsx scripts/live-chaos-raft-node.ts --id n1 --ports n1=9001,... --clients client=9101 \
 *        [--own-raft] --storage DIR/n1.json --seed 1
 *
 * GET /status answers the node's role, term and commit index and its committed log (the commands
 * up to the commit index): the chaos run's integrity check reads every server's. The process exits
 * when its stdin closes: the run that started it is gone, and a server left behind would hold its port.
 */
import { parseArgs } from "node:util";
import { bankRaft } from "../src/bank/course-raft";
import { RaftServerNode } from "../src/chaos/raft-server";
import type { Json } from "../src/contracts/node";
import { parsePortMap } from "../src/live/cluster-file";
import { exitOnFatal, runChildServer } from "../src/live/child-server";
import { LiveNode } from "../src/live/host";

const { values } = parseArgs({
  options: {
    id: { type: "string" },
    ports: { type: "string" },
    clients: { type: "string", default: "" },
    "own-raft": { type: "boolean", default: false },
    storage: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const missing = ["id", "ports", "storage"].filter((name) => values[name as keyof typeof values] === undefined);
if (missing.length > 0) {
  console.error(`live-chaos-raft-node: missing --${missing.join(", --")} (src/chaos/live-raft-runner.ts passes them all)`);
  process.exit(2);
}

async function main(): Promise<{ stop(): Promise<void> }> {
  const { Raft } = bankRaft({ own: values["own-raft"] });
  return LiveNode.start<RaftServerNode>({
    id: values.id as string,
    ports: parsePortMap(values.ports as string),
    clients: parsePortMap(values.clients),
    factory: (ctx) => new RaftServerNode(ctx, Raft),
    storagePath: values.storage as string,
    seed: Number(values.seed),
    status: (node, live) => {
      const { term, isLeader } = node.raft.getState();
      const raft = node.raft.inspect();
      const committed = raft.log.slice(0, raft.commitIndex).map((entry) => entry.command);
      return { id: live.id, state: raft.role, term, is_leader: isLeader, commit_index: raft.commitIndex, committed } as Json;
    },
    onFatal: exitOnFatal(values.id as string),
  });
}

runChildServer(values.id as string, main);

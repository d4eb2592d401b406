/**
 * One server of the live Raft cluster, as its own process (started by scripts/cluster.ts):
 *
 *   node --import tsx scripts/live-raft-node.ts --id n1 --ports n1=8080,n2=8081,... \
 *        --module exercises/week1/raft.ts --storage .cache/live-cluster/n1.json --seed 1
 *
 * It loads RaftNode from --module (your exercise, or the reference with the cluster's
 * --solutions), hosts it with real timers and HTTP on 127.0.0.1, and exits with a message when
 * the node stops (a handler threw, or is not implemented yet).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { RaftNodeConstructor, RaftPeer } from "../src/contracts/raft";
import { isNotImplemented } from "../src/contracts/not-implemented";
import { parsePortMap } from "../src/live/cluster-file";
import { LiveNode } from "../src/live/host";
import { raftLiveHooks } from "../src/live/raft-status";

const { values } = parseArgs({
  options: { id: { type: "string" }, ports: { type: "string" }, module: { type: "string" }, storage: { type: "string" }, seed: { type: "string", default: "1" } },
});
const missing = ["id", "ports", "module", "storage"].filter((name) => values[name as keyof typeof values] === undefined);
if (missing.length > 0) {
  console.error(`live-raft-node: missing --${missing.join(", --")} (scripts/cluster.ts passes them all)`);
  process.exit(2);
}

async function main(): Promise<void> {
  const modulePath = resolve(values.module as string);
  const loaded = (await import(modulePath)) as { RaftNode?: RaftNodeConstructor };
  if (typeof loaded.RaftNode !== "function") throw new Error(`${values.module} does not export a class RaftNode`);
  const RaftNode = loaded.RaftNode;
  let host: LiveNode<RaftPeer> | undefined;
  const hooks = raftLiveHooks(() => host?.node);
  host = await LiveNode.start<RaftPeer>({
    id: values.id as string,
    ports: parsePortMap(values.ports as string),
    factory: (ctx) => new RaftNode(ctx, hooks.apply),
    storagePath: values.storage as string,
    seed: Number(values.seed),
    ...hooks,
    onFatal: (error) => {
      const cause = error.message.split("\n")[0];
      console.error(/not implemented yet/.test(cause) ? `[${values.id}] ${cause.replace(/^.*?not implemented yet/, "not implemented yet")}` : `[${values.id}] stopped: ${error.message}`);
      process.exit(1);
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void host?.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  const taken = (error as { code?: string }).code === "EADDRINUSE";
  const why = taken ? `${(error as Error).message}: another program holds that port; start the cluster elsewhere with \`npm run cluster -- --base-port 9080\`` : isNotImplemented(error) ? (error as Error).message : (error as Error).stack ?? String(error);
  console.error(`[${values.id}] could not start: ${why}`);
  process.exit(1);
});

/**
 * One server of the live bank (started by `npm run jepsen -- --live`, src/jepsen/live-bank-test.ts):
 * the week-4 BankServer on Raft as its own process, the same `BankServerNode` the simulator runs,
 * hosted with real timers, HTTP on 127.0.0.1 and a storage file.
 *
 *   node --import tsx scripts/live-bank-node.ts --id n1 --ports n1=9001,... --clients c1=9101,... \
 *        --bank solutions/week4/bank.ts [--own-raft] --accounts 5 --balance 100 --storage DIR/n1.json --seed 1
 *
 * GET /status answers the node's Raft role, term and commit index and its bank's balances. The
 * process exits when its stdin closes: the test that started it is gone (even killed with
 * SIGKILL), and a server it left behind would hold its port.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { bankOnRaft } from "../src/bank/cluster";
import { bankRaft } from "../src/bank/course-raft";
import type { BankServerNode } from "../src/bank/server-node";
import { openingBalances, type BankServerConstructor } from "../src/contracts/bank";
import type { Json } from "../src/contracts/node";
import { parsePortMap } from "../src/live/cluster-file";
import { exitOnFatal, runChildServer } from "../src/live/child-server";
import { LiveNode } from "../src/live/host";

const { values } = parseArgs({
  options: {
    id: { type: "string" },
    ports: { type: "string" },
    clients: { type: "string", default: "" },
    bank: { type: "string" },
    "own-raft": { type: "boolean", default: false },
    accounts: { type: "string", default: "5" },
    balance: { type: "string", default: "100" },
    storage: { type: "string" },
    seed: { type: "string", default: "1" },
  },
});
const missing = ["id", "ports", "bank", "storage"].filter((name) => values[name as keyof typeof values] === undefined);
if (missing.length > 0) {
  console.error(`live-bank-node: missing --${missing.join(", --")} (src/jepsen/live-bank-test.ts passes them all)`);
  process.exit(2);
}

async function main(): Promise<{ stop(): Promise<void> }> {
  const { BankServer } = require(resolve(values.bank as string)) as { BankServer?: BankServerConstructor };
  if (typeof BankServer !== "function") throw new Error(`${values.bank} does not export a class BankServer`);
  const store = bankOnRaft(bankRaft({ own: values["own-raft"] }).Raft, BankServer);
  const bank = { initial: openingBalances(Number(values.accounts), Number(values.balance)) };
  return LiveNode.start<BankServerNode>({
    id: values.id as string,
    ports: parsePortMap(values.ports as string),
    clients: parsePortMap(values.clients),
    factory: (ctx) => store(ctx, bank) as BankServerNode,
    storagePath: values.storage as string,
    seed: Number(values.seed),
    status: (node, live) => {
      const { term, isLeader } = node.raft.getState();
      const raft = node.raft.inspect();
      return { id: live.id, state: raft.role, term, is_leader: isLeader, commit_index: raft.commitIndex, ...node.server.inspect(), network: live.networkState.description } as unknown as Json;
    },
    onFatal: exitOnFatal(values.id as string),
  });
}

runChildServer(values.id as string, main);

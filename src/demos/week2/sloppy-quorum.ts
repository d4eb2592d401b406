/**
 * Sloppy quorums and hinted handoff, for notebook 10: the quorum register of quorum-register.ts
 * with its copies at home on n1, n2 and n3 (N = 3), W = 2 and R = 2, in two stories. A demo,
 * not an exercise: your store's `hintedHandoff` is the real thing.
 *
 *   "a replica unreachable"   n3 is cut off from 0 to 600 ms. c1 writes through n1 at 50 ms:
 *                             n1 and n2 acknowledge; with `sloppy`, n4 also keeps the write
 *                             with a hint "for n3" and hands it over once n3 is back. Strict,
 *                             n3 never gets it (nothing else repairs it in this demo).
 *   "home replicas split"     the network splits n1, n4, n5 (and c1) from n2, n3 (and c2) from 0
 *                             to 800 ms. c1's write through n1 reaches one home replica: strict,
 *                             it fails; sloppy, n4 and n5 stand in and it succeeds. Then c2 reads
 *                             through n2 from n2 and n3, R = 2, and gets nothing: W + R > N, yet
 *                             the read missed an acknowledged write, because the write quorum
 *                             was not made of home replicas. After the heal the hints arrive.
 */
import type { NodeId } from "../../contracts/node";
import { runRegisterServers, type RegisterRun, type RegisterScenario } from "../week1/register-scenario";
import { QuorumRegisterNode, type Copy } from "./quorum-register";

export type SloppyStory = "a replica unreachable" | "home replicas split";

export interface SloppyRun extends RegisterRun {
  /** At the end: what each server holds, and the hints it still keeps. */
  copies: Record<NodeId, string | null>;
  hintsLeft: Record<NodeId, NodeId[]>;
}

const HOME: NodeId[] = ["n1", "n2", "n3"];

const STORIES: Record<SloppyStory, Omit<RegisterScenario, "seed">> = {
  "a replica unreachable": {
    partition: "3|1,2,4,5",
    partitionAtMs: 0,
    healAtMs: 600,
    endMs: 1200,
    clients: [{ id: "c1", server: "n1", steps: [{ atMs: 50, f: "write", value: "milk" }, { atMs: 1000, f: "read" }] }],
  },
  "home replicas split": {
    partition: "1,4,5|2,3",
    partitionAtMs: 0,
    healAtMs: 800,
    endMs: 1400,
    clients: [
      { id: "c1", server: "n1", steps: [{ atMs: 50, f: "write", value: "milk" }] },
      { id: "c2", server: "n2", steps: [{ atMs: 300, f: "read" }, { atMs: 1200, f: "read" }] },
    ],
  },
};

export function runSloppyStory(story: SloppyStory, options: { seed: number; sloppy: boolean }): SloppyRun {
  const nodes = new Map<NodeId, QuorumRegisterNode>();
  const settings = { writeQuorum: 2, readQuorum: 2, homeReplicas: HOME, timeoutMs: 200, sloppy: options.sloppy, handoffEveryMs: 100 };
  const run = runRegisterServers(options.sloppy ? "sloppy quorum" : "strict quorum", (ctx) => {
    const node = new QuorumRegisterNode(ctx, settings);
    nodes.set(ctx.id, node);
    return node;
  }, { seed: options.seed, ...STORIES[story] });
  const copies: Record<NodeId, string | null> = {};
  const hintsLeft: Record<NodeId, NodeId[]> = {};
  for (const [id, node] of nodes) {
    copies[id] = (node.copy as Copy | null)?.value ?? null;
    hintsLeft[id] = [...node.hints.keys()];
  }
  return { ...run, copies, hintsLeft };
}

/**
 * One liar breaks a majority vote that tolerates any two crashes. A demo for notebook 06, not an
 * exercise (and not Raft: one term, no logs, no timeouts).
 *
 * Five servers, two candidates (n1, n2) asking for votes in the same term, and the counting rule
 * of the chapter's Raft sketch: a candidate that holds more than half of the votes, its own
 * included, is leader. An honest voter votes once per term, for the first candidate that asks.
 * The network is split 1,3|2,4 with n5 reaching both sides (a node the partition spec does not
 * name keeps every link), so n3 can only vote for n1 and n4 only for n2: the election hinges on n5. Honest, n5 votes once and makes one leader. Crashed, it is silent and
 * nobody wins: unavailable, still safe. Lying (yes to everyone), it makes two leaders of one term,
 * which no crash can do.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { Simulation, type TraceEvent } from "../../sim";

export type VoterBehaviour = "honest" | "crashed" | "liar";

type VoteMsg = { type: "RequestVote"; term: number } | { type: "Vote"; term: number; granted: boolean };

const TERM = 1;
const CANDIDATES: readonly NodeId[] = ["n1", "n2"];
const SWING_VOTER: NodeId = "n5";

class Candidate implements ProtocolNode<VoteMsg> {
  readonly votesFrom: NodeId[] = [];
  private leader = false;

  constructor(private readonly ctx: NodeContext<VoteMsg>) {}

  onStart(): void {
    this.votesFrom.push(this.ctx.id); // a candidate votes for itself
    this.ctx.annotate({ role: "candidate", term: TERM });
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: "RequestVote", term: TERM });
  }

  onMessage(from: NodeId, msg: VoteMsg): void {
    if (msg.type === "RequestVote") this.ctx.send(from, { type: "Vote", term: TERM, granted: false }); // already voted for itself
    else if (msg.granted && !this.votesFrom.includes(from)) {
      this.votesFrom.push(from);
      // The sketch's rule, the candidate's own vote included: votes > len(peers)/2.
      if (this.votesFrom.length > this.ctx.peers.length / 2 && !this.leader) {
        this.leader = true;
        this.ctx.annotate({ role: "leader", term: TERM });
      }
    }
  }

  onTimer(): void {}
}

class Voter implements ProtocolNode<VoteMsg> {
  private votedFor: NodeId | undefined;

  constructor(
    private readonly ctx: NodeContext<VoteMsg>,
    private readonly liar: boolean,
  ) {}

  onStart(): void {}

  onMessage(from: NodeId, msg: VoteMsg): void {
    if (msg.type !== "RequestVote") return;
    const granted = this.liar || this.votedFor === undefined;
    if (granted && !this.liar) this.votedFor = from;
    this.ctx.send(from, { type: "Vote", term: msg.term, granted });
  }

  onTimer(): void {}
}

export interface ElectionOutcome {
  behaviour: VoterBehaviour;
  /** Candidates that reached a majority of votes in the one term. */
  leaders: NodeId[];
  /** Who voted for each candidate (its own vote first). */
  votesFor: Record<NodeId, NodeId[]>;
  events: readonly TraceEvent[];
}

export function runElection(behaviour: VoterBehaviour, seed: number): ElectionOutcome {
  const sim = new Simulation({ seed });
  sim.addServers(5, (ctx) => (CANDIDATES.includes(ctx.id) ? new Candidate(ctx) : new Voter(ctx, behaviour === "liar" && ctx.id === SWING_VOTER)));
  sim.partition("1,3|2,4");
  if (behaviour === "crashed") sim.crash(SWING_VOTER);
  sim.runFor(50);
  const votesFor: Record<NodeId, NodeId[]> = {};
  for (const id of CANDIDATES) votesFor[id] = [...(sim.node<Candidate>(id)?.votesFrom ?? [])];
  const leaders = CANDIDATES.filter((id) => sim.annotation(id).role === "leader");
  return { behaviour, leaders, votesFor, events: sim.trace.events };
}

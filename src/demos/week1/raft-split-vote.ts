/**
 * A split vote, written down by hand as a trace the course's pictures can draw (notebook 04).
 * No Raft runs here: each round says which servers time out when, and whom each voter grants
 * its vote; this file turns that story into the events of a trace (timeouts, RequestVote,
 * replies labelled "granted" or "refused", role and term changes) so the space-time diagram
 * and the state timeline show it.
 * It runs without any implementation, so the picture is there before you write your RaftNode.
 */
import type { NodeId } from "../../contracts/node";
import type { TraceEvent } from "../../sim/trace";

export interface VoteRound {
  term: number;
  /** The servers whose election timeout fires in this round, and when (ms). */
  timeouts: Record<NodeId, number>;
  /** Voter -> the candidate it grants its vote to; every other request it refuses. */
  grants: Record<NodeId, NodeId>;
}

/** A fixed, readable network delay for each ordered pair of servers: 3 to 7 ms. */
function delayMs(servers: readonly NodeId[], from: NodeId, to: NodeId): number {
  return 3 + ((servers.indexOf(from) * 3 + servers.indexOf(to) * 2) % 5);
}

/** The trace of `rounds` among `servers`, in time order. */
export function voteRoundsTrace(servers: readonly NodeId[], rounds: readonly VoteRound[]): TraceEvent[] {
  const events: TraceEvent[] = servers.map((node) => ({ t: 0, kind: "annotate", node, state: { role: "follower", term: 0 } }));
  let msgId = 1;
  for (const round of rounds) {
    const firstAsked = new Map<NodeId, number>(); // when each voter first hears of the new term
    for (const [candidate, at] of Object.entries(round.timeouts)) {
      events.push({ t: at, kind: "timer", node: candidate, timerId: msgId, timer: { type: "election" } });
      events.push({ t: at, kind: "annotate", node: candidate, state: { role: "candidate", term: round.term } });
      const grantedAt: number[] = [];
      for (const voter of servers) {
        if (voter === candidate) continue;
        const asked = at + delayMs(servers, candidate, voter);
        const granted = round.grants[voter] === candidate;
        const answered = asked + delayMs(servers, voter, candidate);
        events.push({ t: asked, kind: "deliver", from: candidate, to: voter, msgId: msgId++, msg: { type: "RequestVote", term: round.term }, sentAt: at });
        events.push({ t: answered, kind: "deliver", from: voter, to: candidate, msgId: msgId++, msg: { type: granted ? "granted" : "refused", term: round.term }, sentAt: asked });
        if (!(voter in round.timeouts)) firstAsked.set(voter, Math.min(asked, firstAsked.get(voter) ?? Infinity));
        if (granted) grantedAt.push(answered);
      }
      // Its own vote plus floor(n/2) granted replies are more than half: it leads from the reply that makes them.
      const needed = Math.floor(servers.length / 2);
      const decisive = grantedAt.sort((a, b) => a - b)[needed - 1];
      if (decisive !== undefined) events.push({ t: decisive, kind: "annotate", node: candidate, state: { role: "leader", term: round.term } });
    }
    for (const [voter, t] of firstAsked) events.push({ t, kind: "annotate", node: voter, state: { role: "follower", term: round.term } });
  }
  return events.sort((a, b) => a.t - b.t);
}

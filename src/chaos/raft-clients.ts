/**
 * Open-loop clients of the Raft target: one new command every `1000 / ratePerS` ms, whatever
 * happened to the earlier ones, sent to the server that last acknowledged one. A NOT_LEADER answer
 * sends it on to the next server (nothing was appended, so this is safe); after a whole round of
 * refusals it waits `ROUND_PAUSE_MS` (an election is on). A server silent for `SILENT_MS` after
 * a command (down, or cut off) gets no more new commands until one is refused or acknowledged
 * elsewhere: the next server is asked. A command not acknowledged within `timeoutMs` is given up
 * ("no-answer") and never resent: it may still commit, once.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../contracts/node";
import type { Propose, ProposeReply } from "./raft-server";
import type { RequestOutcome, TimedRequest } from "./traffic";

export interface CommandRecord extends TimedRequest {
  id: string;
}

export interface ClientTraffic {
  ratePerS: number;
  /** No command is sent at or after this. */
  untilMs: number;
  timeoutMs: number;
}

const ROUND_PAUSE_MS = 50;
/** Longer than a commit takes on a healthy cluster (a few round trips), shorter than an election. */
const SILENT_MS = 150;

type Timer = { type: "send" } | { type: "give-up"; index: number } | { type: "resend"; index: number; to: NodeId } | { type: "silent"; index: number; to: NodeId };

export class RaftClientNode implements ProtocolNode<ProposeReply, Timer> {
  private leaderGuess = 0;
  /** How many servers each open command was sent to. */
  private readonly tries = new Map<number, number>();
  private readonly indexOf = new Map<string, number>();

  constructor(
    private readonly ctx: NodeContext<Propose, Timer>,
    private readonly servers: readonly NodeId[],
    private readonly traffic: ClientTraffic,
    private readonly records: CommandRecord[],
  ) {}

  onStart(): void {
    this.ctx.setTimer(0, { type: "send" });
  }

  onTimer(timer: Timer): void {
    if (timer.type === "give-up") return this.end(timer.index, "no-answer");
    if (timer.type === "resend") return this.propose(timer.index, timer.to);
    if (timer.type === "silent") return this.silent(timer.index, timer.to);
    const now = this.ctx.now();
    if (now >= this.traffic.untilMs) return;
    const index = this.records.length;
    const id = `${this.ctx.id}-${index + 1}`;
    this.records.push({ id, sentMs: now, endedMs: null, outcome: null, settledMs: null });
    this.indexOf.set(id, index);
    this.propose(index, this.servers[this.leaderGuess]);
    this.ctx.setTimer(this.traffic.timeoutMs, { type: "give-up", index });
    this.ctx.setTimer(1_000 / this.traffic.ratePerS, { type: "send" });
  }

  onMessage(from: NodeId, reply: ProposeReply): void {
    if (reply.type !== "ProposeReply") return;
    const index = this.indexOf.get(reply.id);
    if (index === undefined || this.records[index].outcome !== null) return;
    if (reply.status === "OK") {
      this.leaderGuess = this.servers.indexOf(from);
      return this.end(index, "ok");
    }
    const next = (this.servers.indexOf(from) + 1) % this.servers.length;
    if (this.servers[this.leaderGuess] === from) this.leaderGuess = next;
    const tried = this.tries.get(index) ?? 0;
    if (tried % this.servers.length === 0) this.ctx.setTimer(ROUND_PAUSE_MS, { type: "resend", index, to: this.servers[next] });
    else this.propose(index, this.servers[next]);
  }

  private propose(index: number, to: NodeId): void {
    const record = this.records[index];
    if (record.outcome !== null) return;
    this.tries.set(index, (this.tries.get(index) ?? 0) + 1);
    this.ctx.send(to, { type: "Propose", command: { id: record.id, client: this.ctx.id } });
    this.ctx.setTimer(SILENT_MS, { type: "silent", index, to });
  }

  /** No answer yet from `to` about this command: if it is still the guess, guess the next server. */
  private silent(index: number, to: NodeId): void {
    if (this.records[index].outcome !== null || this.servers[this.leaderGuess] !== to) return;
    this.leaderGuess = (this.leaderGuess + 1) % this.servers.length;
  }

  private end(index: number, outcome: RequestOutcome): void {
    const record = this.records[index];
    if (record.outcome !== null) return;
    this.tries.delete(index);
    this.indexOf.delete(record.id);
    record.outcome = outcome;
    record.endedMs = this.ctx.now();
    // Acknowledged means committed: it took full effect when the answer came.
    if (outcome === "ok") record.settledMs = record.endedMs;
  }
}

/**
 * Fair variant: the reference Raft that sends nothing from start(): a new entry leaves the leader
 * with the next heartbeat (at most heartbeatMs later), which carries every entry from each
 * follower's nextIndex on, as a Raft that batches all its sends on its tick does. Slower by up to
 * one heartbeat per command, and correct: the tests must not demand a send inside start().
 */
import type { ApplyMsg, RaftConfig, StartResult } from "../../../../src/contracts/raft";
import type { Json, NodeContext } from "../../../../src/contracts/node";
import { RaftNode as Reference, type RaftMessage, type RaftTimer } from "../../../../solutions/week1/raft";
import { withSends } from "../raft-context";

export class RaftNode extends Reference {
  private readonly gate: { insideStart: boolean };

  constructor(ctx: NodeContext<RaftMessage, RaftTimer>, apply: (msg: ApplyMsg) => void, config?: RaftConfig) {
    const gate = { insideStart: false };
    super(withSends(ctx, (to, msg) => gate.insideStart || ctx.send(to, msg)), apply, config);
    this.gate = gate;
  }

  override start(command: Json): StartResult {
    this.gate.insideStart = true;
    try {
      return super.start(command);
    } finally {
      this.gate.insideStart = false;
    }
  }
}

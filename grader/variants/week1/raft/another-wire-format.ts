/**
 * Fair variant: the reference Raft speaking another wire format: short type names ("vote",
 * "vote-ack", "append", "append-ack") and every other field inside `body`. The contract leaves the
 * messages to the learner (each needs only a `type`), so the tests must recognise a request or a
 * reply by who sends it to whom and when (src/sim/routing.ts), never by its name or fields.
 */
import type { ApplyMsg, RaftConfig } from "../../../../src/contracts/raft";
import type { Json, NodeContext, NodeId } from "../../../../src/contracts/node";
import { RaftNode as Reference, type RaftMessage, type RaftTimer } from "../../../../solutions/week1/raft";
import { withSends } from "../raft-context";

type Wire = { type: string; body: Json };

const TO_WIRE: Record<RaftMessage["type"], string> = { RequestVote: "vote", RequestVoteReply: "vote-ack", AppendEntries: "append", AppendEntriesReply: "append-ack" };
const FROM_WIRE = new Map(Object.entries(TO_WIRE).map(([name, wire]) => [wire, name]));

export class RaftNode extends Reference {
  constructor(ctx: NodeContext<Wire, RaftTimer>, apply: (msg: ApplyMsg) => void, config?: RaftConfig) {
    const send = (to: NodeId, { type, ...body }: RaftMessage) => ctx.send(to, { type: TO_WIRE[type], body: body as unknown as Json });
    super(withSends(ctx as unknown as NodeContext<RaftMessage, RaftTimer>, send), apply, config);
  }

  override onMessage(from: NodeId, msg: RaftMessage): void {
    const wire = msg as unknown as Wire;
    super.onMessage(from, { ...(wire.body as object), type: FROM_WIRE.get(wire.type) } as RaftMessage);
  }
}

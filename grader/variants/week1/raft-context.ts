/**
 * Shared by week 1's Raft fair variants (not a variant itself: it sits beside the exercise
 * folders): the node's context with its sends passed through `send`, everything else unchanged.
 */
import type { NodeContext, NodeId } from "../../../src/contracts/node";

export function withSends<Msg, Timer>(ctx: NodeContext<Msg, Timer>, send: (to: NodeId, msg: Msg) => void): NodeContext<Msg, Timer> {
  return {
    get id() {
      return ctx.id;
    },
    get peers() {
      return ctx.peers;
    },
    get storage() {
      return ctx.storage;
    },
    now: () => ctx.now(),
    send,
    setTimer: (delayMs, timer) => ctx.setTimer(delayMs, timer),
    cancelTimer: (id) => ctx.cancelTimer(id),
    random: () => ctx.random(),
    log: (text) => ctx.log(text),
    annotate: (state) => ctx.annotate(state),
  };
}

/**
 * A disk that forgets: runs any RaftNode class with a storage that lives only as long as the
 * node object. Within one incarnation it behaves like ctx.storage; after a crash the restarted
 * node finds it empty, as if currentTerm, votedFor and the log had never been written.
 *
 * Notebook 05 uses it to show why Figure 2 calls those three "persistent state": a server that
 * voted, crashed and came back without its vote can vote a second time in the same term, and
 * two leaders of one term follow. It changes where the node's writes go, nothing the node does.
 */
import type { Json, NodeContext, StableStorage } from "../../contracts/node";
import type { ApplyMsg, RaftConfig, RaftNodeConstructor } from "../../contracts/raft";

/** `NodeClass`, but every incarnation of every node starts with empty storage. */
export function withForgetfulStorage(NodeClass: RaftNodeConstructor): RaftNodeConstructor {
  // A constructor function that returns the real node: `new Forgetful(ctx, apply, config)` is the wrapped node.
  function Forgetful(ctx: NodeContext<any, any>, apply: (msg: ApplyMsg) => void, config?: RaftConfig) {
    return new NodeClass(withStorage(ctx, volatileStorage()), apply, config);
  }
  return Forgetful as unknown as RaftNodeConstructor;
}

function volatileStorage(): StableStorage {
  const values = new Map<string, string>();
  return {
    get: <T = Json>(key: string) => (values.has(key) ? (JSON.parse(values.get(key) as string) as T) : undefined),
    put: (key: string, value: Json) => void values.set(key, JSON.stringify(value)),
    delete: (key: string) => void values.delete(key),
    keys: () => [...values.keys()],
  };
}

/** The same context with another storage. */
function withStorage<Msg, Timer>(ctx: NodeContext<Msg, Timer>, storage: StableStorage): NodeContext<Msg, Timer> {
  return {
    get id() {
      return ctx.id;
    },
    get peers() {
      return ctx.peers;
    },
    storage,
    now: () => ctx.now(),
    send: (to, msg) => ctx.send(to, msg),
    setTimer: (delayMs, timer) => ctx.setTimer(delayMs, timer),
    cancelTimer: (id) => ctx.cancelTimer(id),
    random: () => ctx.random(),
    log: (line) => ctx.log(line),
    annotate: (state) => ctx.annotate(state),
  };
}

/**
 * Random executions of message-passing processes, with the ground truth of happened-before
 * computed independently of the learner's clocks (reachability in the event graph). Hidden: it
 * is the answer key.
 */
import type { TestContext, Texts } from "../../../api";

export interface ExecutionEvent {
  id: number;
  process: string;
  kind: "local" | "send" | "receive";
  /** For a receive: the id of the send it receives. */
  from?: number;
  /** The process's physical clock at the event (skewed and drifting per process). */
  physicalMs: number;
}

/**
 * A random execution: events in an order every process could have observed them. With
 * `clockResolutionMs`, physical clocks tick coarsely, so many events share a wall time (the case
 * where hybrid clocks lean on their logical counters).
 */
export function randomExecution(ctx: TestContext, processes: number, events: number, clockResolutionMs = 1): ExecutionEvent[] {
  const names = Array.from({ length: processes }, (_, i) => `p${i + 1}`);
  const skewMs = new Map(names.map((name) => [name, ctx.rng.int(-1_300, 1_300)])); // the chapter's servers: up to 1.3 s apart
  const inFlight: ExecutionEvent[] = [];
  const out: ExecutionEvent[] = [];
  let realMs = 1_000_000;
  for (let id = 0; id < events; id++) {
    realMs += ctx.rng.int(0, 20);
    const process = ctx.rng.pick(names);
    const physicalMs = Math.floor((realMs + (skewMs.get(process) as number)) / clockResolutionMs) * clockResolutionMs;
    const deliverable = inFlight.filter((send) => send.process !== process);
    const roll = ctx.rng.next();
    if (roll < 0.35 && deliverable.length > 0) {
      const send = ctx.rng.pick(deliverable);
      inFlight.splice(inFlight.indexOf(send), 1);
      out.push({ id, process, kind: "receive", from: send.id, physicalMs });
    } else {
      const event: ExecutionEvent = { id, process, kind: roll < 0.7 ? "send" : "local", physicalMs };
      if (event.kind === "send") inFlight.push(event);
      out.push(event);
    }
  }
  return out;
}

/** before[a][b] is true when event a happened before event b. */
export function happenedBefore(events: ExecutionEvent[]): boolean[][] {
  const n = events.length;
  const before = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const lastOf = new Map<string, number>();
  for (const event of events) {
    const predecessors: number[] = [];
    const previous = lastOf.get(event.process);
    if (previous !== undefined) predecessors.push(previous);
    if (event.from !== undefined) predecessors.push(event.from);
    for (const p of predecessors) {
      before[p][event.id] = true;
      for (let a = 0; a < n; a++) if (before[a][p]) before[a][event.id] = true;
    }
    lastOf.set(event.process, event.id);
  }
  return before;
}

const KIND_KO: Record<ExecutionEvent["kind"], string> = { local: "로컬 이벤트", send: "송신", receive: "수신" };

/** "e7 (receive on p2 of e3's message)", in every language the grader speaks. */
export function describeEvent(event: ExecutionEvent): Texts {
  if (event.kind === "receive") return { en: `e${event.id} (receive on ${event.process} of e${event.from}'s message)`, ko: `e${event.id} (${event.process}에서 e${event.from}의 메시지 수신)` };
  return { en: `e${event.id} (${event.kind} on ${event.process})`, ko: `e${event.id} (${event.process}에서 ${KIND_KO[event.kind]})` };
}

/**
 * Jepsen histories in, course histories out, so learners can check real-world histories.
 *
 * Two formats, told apart by the first non-blank line:
 *   EDN, one map per line (history.edn), or one vector of maps:
 *     {:process 0, :type :invoke, :f :read, :value nil}
 *     {:process 0, :type :ok, :f :read, :value 3}
 *     {:process 1, :type :invoke, :f :put, :key "x", :value 3}       (kv: operations carry :key)
 *   the log lines Jepsen prints (as in porcupine's test data):
 *     INFO  jepsen.util - 0	:invoke	:cas	[3 0]
 *     INFO  jepsen.util - 0	:fail	:cas	[3 0]
 *
 * Semantics, as Jepsen means them:
 *   :ok     it happened, with that answer
 *   :fail   it did not happen; except `:fail :cas [a b]`, a compare-and-set that answered false
 *           (it ran: at that moment the register did not hold a), kept as a cas -> false
 *   :info   unknown: it may have happened at any moment after its call. A :fail whose value or
 *           :error is :timed-out is unknown too. An invoke that never completes is unknown.
 *   nil     the empty register (null)
 * Key-value histories in the shape of MIT 6.824's labs (porcupine's test_data/kv: get, put and
 * append of strings): there a Get of a key never written answers "", not nil. When some get
 * answered "" and none nil, the suggested model is kv-6.824, the kv model with every key starting
 * at "" (else the first get of a missing key would look like a value nobody wrote).
 * Operations of the nemesis (:process :nemesis) are left out. A process that got :info may issue
 * again under the same number or (Jepsen's way) never again; both are fine.
 * Times: :time (nanoseconds) when every event has one, else the position in the file.
 */
import type { Json } from "../contracts/node";
import { EdnError, EdnSymbol, Keyword, readEdnForms, type Edn } from "./edn";
import type { History, Operation } from "./history";
import { suggestModel, type SuggestedModel } from "./models";

/** A malformed history file: the message names the line (1-based). */
export class HistoryFormatError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export interface JepsenImport {
  history: History;
  format: "edn" | "log";
  /** The model the operations suggest: kv when they carry keys, cas-register when any is a cas, else register. */
  suggestedModel: SuggestedModel;
  /** What was left out or assumed, in words. */
  notes: string[];
}

type EventType = "invoke" | "ok" | "fail" | "info";

interface JepsenEvent {
  line: number;
  process: string;
  type: EventType;
  f: string;
  key: Json | undefined;
  value: Edn;
  error: Edn | undefined;
  timeNs: number | undefined;
}

const OPERATIONS = ["read", "write", "cas", "get", "put", "append", "delete"];

export function importJepsenHistory(text: string): JepsenImport {
  const format = /^\s*[[{]/.test(text) ? "edn" : "log";
  const { events, skipped } = format === "edn" ? ednEvents(text) : logEvents(text);
  const notes: string[] = [];
  if (skipped > 0) notes.push(`left out ${skipped} nemesis event(s)`);
  const history = pair(events, notes);
  return { history, format, suggestedModel: suggestModel(history.operations), notes };
}

function ednEvents(text: string): { events: JepsenEvent[]; skipped: number } {
  let forms: { form: Edn; line: number }[];
  try {
    forms = readEdnForms(text);
  } catch (error) {
    if (error instanceof EdnError) throw new HistoryFormatError(error.message.replace(/^line \d+, /, ""), error.line);
    throw error;
  }
  // One vector of maps (all on its first line number), or one map per line.
  if (forms.length === 1 && Array.isArray(forms[0].form)) forms = (forms[0].form as Edn[]).map((form) => ({ form, line: forms[0].line }));
  const events: JepsenEvent[] = [];
  let skipped = 0;
  for (const { form, line } of forms) {
    if (typeof form !== "object" || form === null || Array.isArray(form) || form instanceof Keyword || form instanceof EdnSymbol) {
      throw new HistoryFormatError(`expected a map such as {:process 0, :type :invoke, :f :read, :value nil}, got ${show(form)}`, line);
    }
    const process = nameOf(form.process);
    if (process === undefined) throw new HistoryFormatError("the map has no :process", line);
    if (process === "nemesis") {
      skipped++;
      continue;
    }
    const time = form.time;
    events.push({ line, process, type: eventType(form.type, line), f: operationName(form.f, line), key: form.key === undefined ? undefined : toJson(form.key), value: form.value ?? null, error: form.error, timeNs: typeof time === "number" ? time : undefined });
  }
  return { events, skipped };
}

const LOG_LINE = /^(?:.*?jepsen\.util\s+-\s+)?(\S+)\s+:(invoke|ok|fail|info)\s+(\S+)\s*(.*)$/;
const LOG_NOISE = /^\s*(?:INFO|WARN|DEBUG|ERROR|TRACE|\d{4}-\d\d-\d\d)\b/;

function logEvents(text: string): { events: JepsenEvent[]; skipped: number } {
  const events: JepsenEvent[] = [];
  let skipped = 0;
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, "");
    if (content.trim() === "") return;
    const match = LOG_LINE.exec(content);
    if (!match) {
      if (LOG_NOISE.test(content)) return;
      throw new HistoryFormatError(`expected "PROCESS :invoke|:ok|:fail|:info :F VALUE" (e.g. "0 :invoke :read nil"), got "${content.trim()}"`, line);
    }
    const [, processToken, type, fToken, valueText] = match;
    const process = processToken.replace(/^:/, "");
    if (process === "nemesis") {
      skipped++;
      return;
    }
    const value = readOneValue(valueText, line);
    events.push({ line, process, type: type as EventType, f: operationName(readOneValue(fToken, line), line), key: undefined, value, error: undefined, timeNs: undefined });
  });
  return { events, skipped };
}

function readOneValue(text: string, line: number): Edn {
  let forms: { form: Edn }[];
  try {
    forms = readEdnForms(text, line);
  } catch (error) {
    if (error instanceof EdnError) throw new HistoryFormatError(`cannot read the value "${text.trim()}": ${error.message.replace(/^line \d+, column \d+: /, "")}`, line);
    throw error;
  }
  if (forms.length > 1) throw new HistoryFormatError(`expected one value, got "${text.trim()}"`, line);
  return forms.length === 0 ? null : forms[0].form;
}

/** Invocations matched with their completions, per process, in file order. */
function pair(events: JepsenEvent[], notes: string[]): History {
  const useTime = events.length > 0 && events.every((event) => event.timeNs !== undefined);
  const open = new Map<string, { event: JepsenEvent; op: Operation }>();
  const operations: Operation[] = [];
  events.forEach((event, seq) => {
    const timeMs = useTime ? (event.timeNs as number) / 1e6 : seq;
    const pending = open.get(event.process);
    if (event.type === "invoke") {
      if (pending) throw new HistoryFormatError(`process ${event.process} invoked :${event.f} while its :${pending.event.f} from line ${pending.event.line} was still open`, event.line);
      const op: Operation = { id: operations.length, client: clientName(event.process), input: inputOf(event), status: "info", callMs: timeMs, returnMs: null, callSeq: seq };
      operations.push(op);
      open.set(event.process, { event, op });
      return;
    }
    if (!pending) throw new HistoryFormatError(`process ${event.process} completed :${event.f} (:${event.type}) without an open invoke`, event.line);
    if (pending.event.f !== event.f) throw new HistoryFormatError(`process ${event.process} completed :${event.f}, but its open invoke (line ${pending.event.line}) is :${pending.event.f}`, event.line);
    open.delete(event.process);
    complete(pending.op, pending.event, event, timeMs, seq);
  });
  if (open.size > 0) notes.push(`${open.size} operation(s) never completed: treated as indeterminate`);
  if (!useTime) notes.push("no :time on the events: times are positions in the file");
  return { operations };
}

function complete(op: Operation, invoke: JepsenEvent, done: JepsenEvent, timeMs: number, seq: number): void {
  const timedOut = isKeyword(done.value, "timed-out") || isKeyword(done.error, "timed-out");
  if (done.type === "info" || (done.type === "fail" && timedOut)) return; // stays indeterminate
  op.returnMs = timeMs;
  op.returnSeq = seq;
  if (done.type === "fail" && invoke.f !== "cas") {
    op.status = "fail";
    return;
  }
  op.status = "ok";
  op.output = done.type === "fail" ? false : invoke.f === "cas" ? true : invoke.f === "read" || invoke.f === "get" ? toJson(done.value) : null;
}

function inputOf(event: JepsenEvent): Json {
  const { f, key, value, line } = event;
  const keyed = key !== undefined;
  if (keyed && typeof key !== "string" && typeof key !== "number") throw new HistoryFormatError(`:key must be a string or a number, got ${show(event.key as Edn)}`, line);
  const keyField: { [field: string]: Json } = keyed ? { key: String(key) } : {};
  const needsKey = (name: string) => {
    if (!keyed) throw new HistoryFormatError(`:${name} needs a :key (key-value operations)`, line);
  };
  switch (f) {
    case "read":
    case "get":
      if (f === "get") needsKey(f);
      return keyed ? { f: "get", ...keyField } : { f: "read" };
    case "write":
    case "put":
      if (f === "put") needsKey(f);
      return keyed ? { f: "put", ...keyField, value: toJson(value) } : { f: "write", value: toJson(value) };
    case "cas": {
      if (!Array.isArray(value) || value.length !== 2) throw new HistoryFormatError(`a cas needs [from to], got ${show(value)}`, line);
      return { f: "cas", ...keyField, from: toJson(value[0]), to: toJson(value[1]) };
    }
    case "append":
      needsKey(f);
      if (typeof value !== "string" && typeof value !== "number") throw new HistoryFormatError(`an append needs a string, got ${show(value)}`, line);
      return { f: "append", ...keyField, value: String(value) };
    default:
      needsKey(f);
      return { f: "delete", ...keyField };
  }
}

function eventType(value: Edn | undefined, line: number): EventType {
  const name = value instanceof Keyword ? value.name : value;
  if (name === "invoke" || name === "ok" || name === "fail" || name === "info") return name;
  throw new HistoryFormatError(`:type must be :invoke, :ok, :fail or :info, got ${show(value ?? null)}`, line);
}

function operationName(value: Edn | undefined, line: number): string {
  const name = value instanceof Keyword || value instanceof EdnSymbol ? value.name : value;
  if (typeof name === "string" && OPERATIONS.includes(name)) return name;
  throw new HistoryFormatError(`unknown operation ${show(value ?? null)}; known: ${OPERATIONS.map((f) => `:${f}`).join(", ")}`, line);
}

function nameOf(value: Edn | undefined): string | undefined {
  if (value instanceof Keyword || value instanceof EdnSymbol) return value.name;
  if (typeof value === "number" || typeof value === "string") return String(value);
  return undefined;
}

function clientName(process: string): string {
  return /^\d+$/.test(process) ? `p${process}` : process;
}

function isKeyword(value: Edn | undefined, name: string): boolean {
  return value instanceof Keyword && value.name === name;
}

/** EDN to JSON: nil is null, keywords and symbols become strings, collections arrays or objects. */
function toJson(value: Edn): Json {
  if (value instanceof Keyword || value instanceof EdnSymbol) return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value as Json;
}

function show(value: Edn): string {
  return JSON.stringify(toJson(value));
}

/**
 * The compact history notation of the fixtures (test/fixtures/histories/*.md), one operation a line:
 *
 *   c1  write(3)        0..10
 *   c2  read() -> 3     20..30
 *   c3  cas(1, 2) -> false   5..9
 *   c4  put(x, "a")     40..?        (no answer: indeterminate)
 *   c5  write(9)        50..60 fail  (refused: no effect)
 *
 * Arguments and answers are numbers, "strings", nil, true or false; a bare word is a key.
 */
import type { Json } from "../../src/contracts/node";
import type { History, Operation } from "../../src/check/history";

const LINE = /^(\S+)\s+(\w+)\((.*?)\)(?:\s*->\s*(\S+))?\s+([\d.]+)\.\.([\d.]+|\?)(?:\s+(fail))?\s*$/;

export function parseHistoryText(text: string): History {
  const operations: Operation[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const match = LINE.exec(line);
    if (!match) throw new Error(`history line ${index + 1}: cannot read "${line}"`);
    const [, client, f, argText, answer, call, ret, failed] = match;
    const args = argText.trim() === "" ? [] : argText.split(",").map((arg) => value(arg.trim()));
    const id = operations.length;
    const base = { id, client, input: input(f, args), callMs: Number(call) };
    if (ret === "?") operations.push({ ...base, status: "info", returnMs: null });
    else if (failed) operations.push({ ...base, status: "fail", returnMs: Number(ret) });
    else operations.push({ ...base, status: "ok", returnMs: Number(ret), output: answer === undefined ? null : value(answer) });
  });
  return { operations };
}

function input(f: string, args: Json[]): Json {
  switch (f) {
    case "read":
      return { f };
    case "write":
      return { f, value: args[0] };
    case "cas":
      return args.length === 3 ? { f, key: args[0], from: args[1], to: args[2] } : { f, from: args[0], to: args[1] };
    case "get":
    case "delete":
      return { f, key: args[0] };
    case "put":
    case "append":
      return { f, key: args[0], value: args[1] };
    default:
      throw new Error(`unknown operation ${f}`);
  }
}

function value(text: string): Json {
  if (text === "nil") return null;
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text.startsWith('"')) return JSON.parse(text) as string;
  return text;
}

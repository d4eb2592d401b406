import { expect } from "chai";
import { notImplemented } from "../../src/contracts/not-implemented";
import { codeBlock, notImplementedIn, tryExercise } from "../../src/notebook/display";
import { HandlerError } from "../../src/sim";

/** Capture console.log while `fn` runs (outside a kernel, display falls back to printing). */
function printed(fn: () => void): string {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    fn();
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}

describe("notebook display helpers", () => {
  it("tryExercise returns the value of working code", () => {
    expect(tryExercise(() => 42)).to.equal(42);
  });

  it("tryExercise prints what to implement instead of failing on a stub", () => {
    let result: unknown = "unset";
    const out = printed(() => (result = tryExercise(() => notImplemented("quorumSize", "exercises/week0/quorum.ts"))));
    expect(result).to.equal(undefined);
    expect(out).to.equal("**Not implemented yet:** `quorumSize` (write it in `exercises/week0/quorum.ts`, then re-run this cell).");
  });

  it("tryExercise rethrows real bugs so their stack trace shows", () => {
    expect(() => tryExercise(() => JSON.parse("{"))).to.throw(SyntaxError);
  });

  it("finds a stub error wrapped by the simulator", () => {
    let inner: unknown;
    try {
      notImplemented("RaftNode.onStart", "exercises/week1/raft.ts");
    } catch (error) {
      inner = error;
    }
    const wrapped = new HandlerError("n1", "onStart", 0, inner);
    expect(notImplementedIn(wrapped)?.what).to.equal("RaftNode.onStart");
    expect(notImplementedIn(new Error("other"))).to.equal(undefined);
  });

  it("codeBlock breaks long lines at spaces, never inside a word, and indents what continues", () => {
    const sentence = "not linearizable: read() by c1 returned \"B\" at t=668.428 (a stale value), but the only write of \"B\" had been overwritten";
    const block = codeBlock(`${sentence}\n  c1  write("B")  t=300..323.225`, 40);
    const lines = block.split("\n");
    expect(lines[0]).to.equal("```");
    expect(lines[lines.length - 1]).to.equal("```");
    const body = lines.slice(1, -1);
    for (const line of body) expect(line.length, line).to.be.at.most(40);
    expect(body.slice(1, -1).every((line) => line.startsWith("  "))).to.equal(true);
    expect(body.map((line) => line.trim()).join(" ")).to.equal(`${sentence} c1  write("B")  t=300..323.225`);
  });
});

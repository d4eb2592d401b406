/**
 * Whose code threw (grader/explain.ts): "your code threw" only when a frame of the submission is
 * in the error's stack; an error raised by the grader's or the course's code alone is said to be
 * theirs, and still costs the test (it may come from a value the learner's code returned).
 */
import { expect } from "chai";
import { join } from "node:path";
import { checkThrows } from "../../grader/api";
import { ExitCalled, reasonFromError } from "../../grader/explain";
import { HandlerError, SimulationError } from "../../src/sim/errors";
import { Rng } from "../../src/sim/random";

const SUBMISSION = join("/course", "exercises", "week1");
const GRADED = join(SUBMISSION, "raft.ts");
const LABEL = "exercises/week1/raft.ts";

/** An error whose stack is exactly these frames ("at fn (file:line:col)"). */
function thrownAt(error: Error, ...frames: string[]): Error {
  error.stack = [`${error.name}: ${error.message}`, ...frames.map((frame) => `    at ${frame}`)].join("\n");
  return error;
}

const LEARNER_FRAME = `RaftNode.onMessage (${GRADED}:120:11)`;
const HELPER_FRAME = `sendAll (${join(SUBMISSION, "raft-helpers.ts")}:9:3)`;
const TEST_FRAME = "run (/course/grader/tests/week1/raft.election.hidden.ts:40:7)";
const SIM_FRAME = "Simulation.runHandler (/course/src/sim/simulation.ts:642:16)";

describe("grader explanations: whose code threw", () => {
  it("an error with a frame in the graded file is the learner's, with that frame and no test frame shown", () => {
    const reason = reasonFromError(thrownAt(new TypeError("Cannot read properties of undefined (reading 'term')"), LEARNER_FRAME, SIM_FRAME, TEST_FRAME), LABEL, GRADED);
    expect(reason.kind).to.equal("exception");
    expect(reason.message).to.equal("your code threw TypeError: Cannot read properties of undefined (reading 'term')");
    expect(reason.details).to.equal(`at RaftNode.onMessage (${LABEL}:120:11)`);
  });

  it("a frame in a helper file beside the graded file also makes it the learner's", () => {
    expect(reasonFromError(thrownAt(new Error("boom"), SIM_FRAME, HELPER_FRAME, TEST_FRAME), LABEL, GRADED).kind).to.equal("exception");
  });

  it("an error thrown by the harness alone is called the grader's, still charged, never 'your code threw'", () => {
    let harnessError: unknown;
    try {
      new Rng(1).pick([]);
    } catch (error) {
      harnessError = error;
    }
    const reason = reasonFromError(harnessError, LABEL, GRADED);
    expect(reason.kind).to.equal("harness");
    expect(reason.message).to.match(/^the grader's own code threw RangeError: Rng\.pick: empty array; no line of exercises\/week1\/raft\.ts is in its stack, so this is not your code throwing\./);
    expect(reason.message).to.include("tell your instructor, with the replay command");
    expect(reason.message).to.not.include("your code threw");
    expect(reason.details).to.equal(undefined);
  });

  it("a node's handler error is the learner's when the thrown error has the learner's frame, the harness's when not", () => {
    const learners = new HandlerError("n1", "onTimer (election)", 1200, thrownAt(new TypeError("x is undefined"), LEARNER_FRAME, SIM_FRAME));
    expect(reasonFromError(thrownAt(learners, SIM_FRAME, TEST_FRAME), LABEL, GRADED)).to.include({ kind: "exception", message: learners.message });
    const courses = new HandlerError("c1", "onTimer (request)", 1200, thrownAt(new TypeError("x is undefined"), "ClientNode.onTimer (/course/src/harness/kv.ts:50:3)", SIM_FRAME));
    expect(reasonFromError(thrownAt(courses, SIM_FRAME, TEST_FRAME), LABEL, GRADED).kind).to.equal("harness");
  });

  it("a rule of the node API the simulator found broken after the handler returned (an async handler) stays the node's", () => {
    const broken = new HandlerError("n2", "onStart", 0, thrownAt(new SimulationError("it returned a Promise"), SIM_FRAME));
    expect(reasonFromError(thrownAt(broken, SIM_FRAME, TEST_FRAME), LABEL, GRADED)).to.include({ kind: "exception", message: broken.message });
  });

  it("checkThrows passes a process.exit on, so it is reported as one, not as the wrong error thrown", () => {
    const exit = new ExitCalled(3);
    expect(() => checkThrows(() => { throw exit; }, "maxFailures(0)")).to.throw(exit);
    expect(reasonFromError(exit, LABEL, GRADED)).to.include({ kind: "exit", message: "your code called process.exit(3); protocol code must never end the process" });
    expect(checkThrows(() => { throw new RangeError("bad size"); }, "maxFailures(0)")).to.be.instanceOf(RangeError);
  });

  it("a thrown non-Error, or an error without a stack, cannot be placed and stays the learner's", () => {
    expect(reasonFromError("a string", LABEL, GRADED)).to.include({ kind: "exception", message: 'your code threw a non-Error value: "a string"' });
    const stackless = new Error("no stack");
    stackless.stack = undefined;
    expect(reasonFromError(stackless, LABEL, GRADED).kind).to.equal("exception");
  });
});

import { expect } from "chai";
import { checkLinearizability } from "../../../src/check/linearizability";
import { runQuorumScenario, septemberScenario } from "../../../src/demos/week2/quorum-partition";
import { runSloppyStory } from "../../../src/demos/week2/sloppy-quorum";
import { logLabels } from "../../../src/viz/space-time";

const answers = (run: { seen: { client: string; operation: string; answer: string }[] }) => run.seen.map((s) => `${s.client} ${s.operation}: ${s.answer}`);

describe("demos/week2: quorums under the chapter's partition", () => {
  it("W=3, R=3 of 5: the minority side cannot write or read, the majority side can, and the history is linearizable", () => {
    const run = runQuorumScenario({ writeQuorum: 3, readQuorum: 3 }, septemberScenario(1));
    const seen = answers(run);
    expect(seen.find((s) => s.startsWith("c1 write B"))).to.match(/unavailable/);
    expect(seen.find((s) => s.startsWith("c2 write C"))).to.equal("c2 write C: ok");
    expect(checkLinearizability(run.history, "register").verdict).to.equal("OK");
  });

  it("W=1, R=1: both sides answer, and each reads its own side's write: not linearizable", () => {
    for (const seed of [1, 2, 3]) {
      const run = runQuorumScenario({ writeQuorum: 1, readQuorum: 1 }, septemberScenario(seed));
      expect(answers(run).filter((s) => s.includes("unavailable")), `seed ${seed}`).to.deep.equal([]);
      expect(checkLinearizability(run.history, "register").verdict, `seed ${seed}`).to.equal("ILLEGAL");
    }
  });

  it("hinted handoff really hands off: the stand-in keeps the write for the unreachable replica and delivers it after the heal", () => {
    const sloppy = runSloppyStory("a replica unreachable", { seed: 1, sloppy: true });
    expect(sloppy.copies.n3).to.equal("milk");
    expect(Object.values(sloppy.hintsLeft).flat(), "no hint is left once delivered").to.deep.equal([]);
    const logged = logLabels(sloppy.events).map((label) => `${label.node} ${label.text}`);
    expect(logged.some((line) => / hint for n3: milk$/.test(line))).to.equal(true);
    expect(logged.some((line) => / handed off to n3$/.test(line))).to.equal(true);
    const strict = runSloppyStory("a replica unreachable", { seed: 1, sloppy: false });
    expect(strict.copies.n3, "without hints nothing repairs n3 here").to.equal(null);
  });

  it("a sloppy quorum accepts a write no strict quorum could, and a W + R > N read then misses it", () => {
    const strict = runSloppyStory("home replicas split", { seed: 1, sloppy: false });
    expect(answers(strict)[0]).to.match(/^c1 write milk: unavailable/);
    const sloppy = runSloppyStory("home replicas split", { seed: 1, sloppy: true });
    expect(answers(sloppy)).to.include("c1 write milk: ok");
    expect(answers(sloppy)).to.include("c2 read: read nothing");
    expect(checkLinearizability(sloppy.history, "register").verdict).to.equal("ILLEGAL");
    expect(sloppy.copies.n2, "after the heal the hints arrive").to.equal("milk");
  });

  it("is deterministic", () => {
    const run = () => runSloppyStory("home replicas split", { seed: 5, sloppy: true });
    expect(run().events).to.deep.equal(run().events);
  });
});

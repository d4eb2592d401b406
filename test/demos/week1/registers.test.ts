import { expect } from "chai";
import { checkLinearizability } from "../../../src/check/linearizability";
import { heldValues, runRegisterScenario, septemberScenario, withClients, type RegisterClientPlan, type RegisterScenario } from "../../../src/demos/week1/register-scenario";
import { Rng } from "../../../src/sim";

const SERVERS = ["n1", "n2", "n3", "n4", "n5"];

/** The chapter's partition: c1 writes and reads on the small side (n1), c2 on the large one (n4). */
const SCENARIO: RegisterScenario = septemberScenario(1);

/** Three clients at random servers, each with eight reads and writes at random times, under a random two-way split. */
function randomScenario(seed: number): RegisterScenario {
  const rng = Rng.derive(seed, "register-scenario");
  const shuffled = rng.shuffle(SERVERS);
  const cut = rng.int(1, 2);
  const clients: RegisterClientPlan[] = ["c1", "c2", "c3"].map((id) => ({
    id,
    server: rng.pick(SERVERS),
    steps: Array.from({ length: 8 }, (_, i) => (rng.chance(0.5) ? { atMs: i * 150 + rng.int(0, 100), f: "write" as const, value: `${id}-${i}` } : { atMs: i * 150 + rng.int(0, 100), f: "read" as const })),
  }));
  const partition = `${shuffled.slice(0, cut).join(",")}|${shuffled.slice(cut).join(",")}`;
  return { seed, partition, partitionAtMs: rng.int(0, 400), healAtMs: rng.int(600, 1000), endMs: 2500, clients };
}

const answers = (run: ReturnType<typeof runRegisterScenario>, client: string) => run.seen.filter((op) => op.client === client).map((op) => op.answer);

describe("demos/week1: a CP and an AP register under the partition 1,2|3,4,5", () => {
  const cp = runRegisterScenario("CP", SCENARIO);
  const ap = runRegisterScenario("AP", SCENARIO);

  it("clients join their server's side of the partition", () => {
    expect(withClients("1,2|3,4,5", SERVERS, SCENARIO.clients)).to.equal("n1,n2,c1|n3,n4,n5,c2");
  });

  it("CP: the minority side is refused while partitioned, the majority side goes on, and the history is linearizable", () => {
    expect(answers(cp, "c1")).to.deep.equal(["ok", `unavailable: no answer from the primary n3 within 200 ms`, `unavailable: no answer from the primary n3 within 200 ms`, "read C"]);
    expect(answers(cp, "c2")).to.deep.equal(["read A", "ok", "read C", "read C"]);
    expect(checkLinearizability(cp.history, "register").verdict).to.equal("OK");
  });

  it("CP: a primary cut off from a majority refuses writes definitely, even from its own side", () => {
    const run = runRegisterScenario("CP", { ...SCENARIO, partition: "1,3|2,4,5" });
    expect(answers(run, "c1")[1]).to.equal("unavailable: only 2 of 5 servers stored it; a write needs 3");
    expect(run.history.operations.find((op) => op.client === "c1" && op.callMs === 300)?.status).to.equal("fail");
    expect(checkLinearizability(run.history, "register").verdict).to.equal("OK");
  });

  it("AP: every request is answered, the two sides diverge, and the history is not linearizable", () => {
    expect(answers(ap, "c1")).to.deep.equal(["ok", "ok", "read B", "read C"]);
    expect(answers(ap, "c2")).to.deep.equal(["read A", "ok", "read C", "read C"]);
    expect(heldValues(ap.events, SERVERS, 800)).to.deep.equal({ n1: "B", n2: "B", n3: "C", n4: "C", n5: "C" });
    const result = checkLinearizability(ap.history, "register");
    expect(result.verdict).to.equal("ILLEGAL");
    if (result.verdict === "ILLEGAL") expect(result.explanation).to.match(/returned "B".*stale value/);
  });

  it("after the heal, both registers converge on every server: the AP one by dropping the write B", () => {
    for (const run of [cp, ap]) expect(heldValues(run.events, SERVERS, SCENARIO.endMs), run.kind).to.deep.equal({ n1: "C", n2: "C", n3: "C", n4: "C", n5: "C" });
  });

  it("CP stays linearizable under random splits, concurrent writes and clients on both sides; AP does not", () => {
    const verdicts = { CP: new Set<string>(), AP: new Set<string>() };
    for (let seed = 1; seed <= 30; seed++) {
      for (const kind of ["CP", "AP"] as const) verdicts[kind].add(checkLinearizability(runRegisterScenario(kind, randomScenario(seed)).history, "register").verdict);
    }
    expect([...verdicts.CP]).to.deep.equal(["OK"]);
    expect([...verdicts.AP]).to.include("ILLEGAL");
  });

  it("is deterministic: the same seed gives the same history", () => {
    expect(JSON.stringify(runRegisterScenario("AP", SCENARIO).history)).to.equal(JSON.stringify(ap.history));
  });
});

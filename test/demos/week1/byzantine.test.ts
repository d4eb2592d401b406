import { expect } from "chai";
import { majority, type TieBreak } from "../../../src/demos/week1/byzantine-generals";
import { LIES, everyLie, lieNamed, scriptedLie, type Order } from "../../../src/demos/week1/byzantine-lies";
import { everyConfiguration, loyalLieutenants, runGenerals, viewOf, withValuesInLabels, type GeneralsOutcome, type GeneralsSetup } from "../../../src/demos/week1/byzantine";
import { runElection } from "../../../src/demos/week1/byzantine-vote";

const TIE_BREAKS: readonly TieBreak[] = ["retreat", "commander"];

function label(outcome: GeneralsOutcome): string {
  const { generals, traitor, lie, order, tieBreak, seed } = outcome.setup;
  return `${generals} generals, traitor ${traitor} (${lie.name}), order ${order}, ties ${tieBreak}, seed ${seed}: ${JSON.stringify(outcome.decisions)}`;
}

/** Labels of the runs that broke IC1 ("IC1 ...") or IC2 ("IC2 ..."), as "traitor/lie/order". */
function broken(outcomes: readonly GeneralsOutcome[]): string[] {
  const key = (o: GeneralsOutcome) => `${o.setup.traitor}/${o.setup.lie.name}/${o.setup.order}`;
  return [...outcomes.filter((o) => !o.agreement).map((o) => `IC1 ${key(o)}`), ...outcomes.filter((o) => !o.validity).map((o) => `IC2 ${key(o)}`)];
}

/** What the traitor's messages come to for `to`: the value sent, a missing message counting as retreat. */
function effectiveValueFor(outcome: GeneralsOutcome, to: string): Order {
  const sent = outcome.events.find((e) => e.kind === "deliver" && e.from === outcome.setup.traitor && e.to === to);
  return sent && sent.kind === "deliver" ? ((sent.msg as { value: Order }).value) : "retreat";
}

describe("demos: Byzantine generals, OM(1)", () => {
  it("majority: the value most votes name, the tie rule's value on a tie", () => {
    expect(majority(["attack", "attack", "retreat"], "retreat")).to.equal("attack");
    expect(majority(["retreat", "attack"], "retreat")).to.equal("retreat");
    expect(majority(["retreat", "attack"], "attack")).to.equal("attack");
  });

  it("without a traitor every lieutenant follows the commander, with 3 and 4 generals", () => {
    for (const generals of [3, 4]) {
      for (const order of ["attack", "retreat"] as const) {
        const outcome = runGenerals({ generals, order, traitor: null, lie: LIES[0], tieBreak: "retreat", seed: 1 });
        expect(Object.keys(outcome.decisions)).to.have.length(generals - 1);
        expect(Object.values(outcome.decisions).every((decision) => decision === order), label(outcome)).to.equal(true);
      }
    }
  });

  for (const tieBreak of TIE_BREAKS) {
    it(`4 generals (ties: ${tieBreak}): IC1 and IC2 hold for every traitor and every named lie`, () => {
      const outcomes = everyConfiguration({ generals: 4, tieBreak, baseSeed: 1 }).map(runGenerals);
      expect(outcomes).to.have.length(4 * LIES.length * 2);
      for (const outcome of outcomes) {
        expect(Object.keys(outcome.decisions)).to.deep.equal(loyalLieutenants(outcome.setup));
        expect(outcome.agreement && outcome.validity, label(outcome)).to.equal(true);
      }
    });

    it(`4 generals (ties: ${tieBreak}): IC1 and IC2 hold for every pattern of messages a traitor can send`, () => {
      const outcomes = everyConfiguration({ generals: 4, tieBreak, lies: "every script", baseSeed: 1 }).map(runGenerals);
      expect(outcomes).to.have.length((27 + 3 * 9) * 2); // the commander scripts 3 recipients, a lieutenant 2
      expect(broken(outcomes)).to.deep.equal([]);
    });
  }

  it("3 generals, ties to retreat (the paper's rule): a lying lieutenant breaks IC2 when the order is attack, in exactly these runs", () => {
    const named = everyConfiguration({ generals: 3, tieBreak: "retreat", baseSeed: 1 }).filter((s) => s.lie.name !== "random");
    const expected = ["L1", "L2"].flatMap((traitor) => ["silent", "flip", "always retreat"].map((lie) => `IC2 ${traitor}/${lie}/attack`));
    expect(broken(named.map(runGenerals))).to.deep.equal(expected);
  });

  it("3 generals, ties to the commander: an equivocating commander breaks IC1, in exactly these runs", () => {
    const named = everyConfiguration({ generals: 3, tieBreak: "commander", baseSeed: 1 }).filter((s) => s.lie.name !== "random");
    expect(broken(named.map(runGenerals))).to.deep.equal(["IC1 C/equivocate/attack", "IC1 C/equivocate/retreat"]);
  });

  it("3 generals, every script: each tie rule fails exactly where the indistinguishability argument says", () => {
    for (const outcome of everyConfiguration({ generals: 3, tieBreak: "retreat", lies: "every script", baseSeed: 1 }).map(runGenerals)) {
      const { traitor, order } = outcome.setup;
      const loyal = loyalLieutenants(outcome.setup);
      expect(outcome.agreement, label(outcome)).to.equal(true);
      const lyingLieutenant = traitor !== "C" && order === "attack" && effectiveValueFor(outcome, loyal[0]) === "retreat";
      expect(outcome.validity, label(outcome)).to.equal(!lyingLieutenant);
    }
    for (const outcome of everyConfiguration({ generals: 3, tieBreak: "commander", lies: "every script", baseSeed: 1 }).map(runGenerals)) {
      const splitOrders = outcome.setup.traitor === "C" && effectiveValueFor(outcome, "L1") !== effectiveValueFor(outcome, "L2");
      expect(outcome.agreement, label(outcome)).to.equal(!splitOrders);
      expect(outcome.validity, label(outcome)).to.equal(true);
    }
  });

  it("3 generals: L1 cannot tell a lying commander from a lying L2, nor L2 a lying commander from a lying L1", () => {
    const run = (setup: Omit<GeneralsSetup, "generals" | "tieBreak" | "seed">) => runGenerals({ ...setup, generals: 3, tieBreak: "retreat", seed: 3 });
    const lyingCommander = run({ traitor: "C", order: "attack", lie: scriptedLie({ L1: "attack", L2: "retreat" }) });
    const lyingL2 = run({ traitor: "L2", order: "attack", lie: lieNamed("flip") });
    const lyingL1 = run({ traitor: "L1", order: "retreat", lie: lieNamed("flip") });
    expect(viewOf(lyingCommander.events, "L1")).to.deep.equal(["from C: Order attack", "from L2: Relay retreat"]);
    expect(viewOf(lyingL2.events, "L1")).to.deep.equal(viewOf(lyingCommander.events, "L1"));
    expect(viewOf(lyingL1.events, "L2")).to.deep.equal(viewOf(lyingCommander.events, "L2"));
  });

  it("everyLie lists every pattern once: 3^k scripts, all different", () => {
    const scripts = everyLie(["L1", "L2", "L3"]);
    expect(scripts).to.have.length(27);
    expect(new Set(scripts.map((s) => s.name)).size).to.equal(27);
  });

  it("runs are deterministic for a seed, and each configuration has its own seed", () => {
    const setups = everyConfiguration({ generals: 4, baseSeed: 1 });
    expect(new Set(setups.map((s) => s.seed)).size).to.equal(setups.length);
    const random = setups.filter((s) => s.lie.name === "random");
    for (const setup of random) expect(runGenerals(setup).events).to.deep.equal(runGenerals(setup).events);
    const messages = (setup: GeneralsSetup) => JSON.stringify(viewOf(runGenerals(setup).events, "L1"));
    const commander = random.find((s) => s.traitor === "C") as GeneralsSetup;
    const variants = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => messages({ ...commander, seed })));
    expect(variants.size, "the random lie depends on the seed").to.be.greaterThan(1);
  });

  it("delays never change a decision: another base seed changes only the random strategy's runs", () => {
    const decisions = (baseSeed: number) => everyConfiguration({ generals: 3, baseSeed }).filter((s) => s.lie.name !== "random").map((s) => runGenerals(s).decisions);
    const [first, second] = [everyConfiguration({ generals: 3, baseSeed: 1 }), everyConfiguration({ generals: 3, baseSeed: 2 })];
    expect(first.map((s) => s.seed)).to.not.deep.equal(second.map((s) => s.seed));
    expect(decisions(1)).to.deep.equal(decisions(2));
  });

  it("labels for the space-time diagram carry each message's value", () => {
    const outcome = runGenerals({ generals: 3, order: "attack", traitor: "L2", lie: lieNamed("flip"), tieBreak: "retreat", seed: 2 });
    const types = withValuesInLabels(outcome.events).flatMap((e) => (e.kind === "deliver" ? [(e.msg as { type: string }).type] : []));
    expect(types.sort()).to.deep.equal(["Order attack", "Order attack", "Relay attack", "Relay retreat"]);
  });
});

describe("demos: one liar breaks a majority vote", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: honest swing voter, one leader; crashed, none; lying, two leaders of one term`, () => {
      expect(runElection("honest", seed).leaders).to.have.length(1);
      expect(runElection("crashed", seed).leaders).to.deep.equal([]);
      const lying = runElection("liar", seed);
      expect(lying.leaders).to.deep.equal(["n1", "n2"]);
      expect(lying.votesFor.n1).to.include("n5");
      expect(lying.votesFor.n2).to.include("n5");
    });
  }
});

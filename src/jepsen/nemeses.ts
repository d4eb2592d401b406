/**
 * Jepsen's nemeses by their Jepsen names, as schedules of the simulator's faults. Like Jepsen's
 * default nemesis package, trouble comes in rounds: every `intervalMs` one of the chosen nemeses
 * starts (picked from the seed), lasts half an interval, and stops; everything heals at the end.
 *
 *   partition-random-halves   the servers split into two random halves (a majority and a minority)
 *   majorities-ring           every server sees a majority, but no two see the same one
 *   isolate                   one random server cut off from the other servers (Jepsen:
 *                             partition-random-node); clients still reach it, as in Jepsen
 *   kill                      one random server crashes, and restarts when the round ends
 *   pause                     one random server is stopped (SIGSTOP) and continues (SIGCONT) when
 *                             the round ends: alive, but deaf and mute meanwhile, then it acts on
 *                             what it believed before, with a clock that kept running
 *   clock-bump                one random server's clock jumps by up to +-`clockBumpMsMax`
 *   clock-strobe              one random server's clock flips between two offsets (up to
 *                             +-`clockBumpMsMax` apart) every `STROBE_PERIOD_MS` for the round
 */
import type { NodeId } from "../contracts/node";
import { formatGroups, type Fault, type Nemesis } from "../sim";
import { Rng } from "../sim/random";

export const NEMESIS_NAMES = ["partition-random-halves", "majorities-ring", "isolate", "kill", "pause", "clock-bump", "clock-strobe"] as const;
export type NemesisName = (typeof NEMESIS_NAMES)[number];

/** A strobe flips the clock this often: many flips within one request's round trip. */
export const STROBE_PERIOD_MS = 10;

export interface NemesisPlanOptions {
  servers: readonly NodeId[];
  names: readonly NemesisName[];
  /** Rounds start every this many ms, from the first interval on. */
  intervalMs: number;
  /** No round starts at or after this; everything is healed here. */
  endMs: number;
  clockBumpMsMax: number;
}

/** A fault window: when a nemesis was active, for plots and the vacuity check. */
export interface FaultWindow {
  name: NemesisName;
  fromMs: number;
  toMs: number;
  what: string;
}

export function isNemesisName(name: string): name is NemesisName {
  return (NEMESIS_NAMES as readonly string[]).includes(name);
}

/** The schedule and its windows, decided by `seed` alone. */
export function planNemesis(seed: number, options: NemesisPlanOptions): { nemesis: Nemesis; windows: FaultWindow[] } {
  const rng = Rng.derive(seed, "jepsen-nemesis");
  const nemesis: Nemesis = [];
  const windows: FaultWindow[] = [];
  if (options.names.length === 0) return { nemesis, windows };
  for (let fromMs = options.intervalMs; fromMs < options.endMs; fromMs += options.intervalMs) {
    const toMs = Math.min(fromMs + options.intervalMs / 2, options.endMs);
    const name = rng.pick(options.names);
    const { start, stop, what } = roundOf(name, rng, options, toMs - fromMs);
    nemesis.push(...start.map((fault) => ({ atMs: fromMs, fault })), ...stop.map((fault) => ({ atMs: toMs, fault })));
    windows.push({ name, fromMs, toMs, what });
  }
  nemesis.push({ atMs: options.endMs, fault: { kind: "heal" } });
  return { nemesis, windows };
}

function roundOf(name: NemesisName, rng: Rng, options: NemesisPlanOptions, durationMs: number): { start: Fault[]; stop: Fault[]; what: string } {
  const victim = rng.pick(options.servers);
  switch (name) {
    case "partition-random-halves": {
      const shuffled = rng.shuffle(options.servers);
      const cut = Math.floor(shuffled.length / 2);
      const spec = formatGroups([shuffled.slice(0, cut), shuffled.slice(cut)]);
      return { start: [{ kind: "partition", spec }], stop: [{ kind: "heal" }], what: `partition ${spec}` };
    }
    case "majorities-ring":
      return { start: [{ kind: "majority-ring" }], stop: [{ kind: "heal" }], what: "majorities ring" };
    case "isolate": {
      // Among the servers only, as Jepsen cuts only the database nodes: clients still reach the victim.
      const spec = formatGroups([[victim], options.servers.filter((id) => id !== victim)]);
      return { start: [{ kind: "partition", spec }], stop: [{ kind: "heal" }], what: `isolate ${victim} from the other servers` };
    }
    case "kill":
      return { start: [{ kind: "crash", node: victim }], stop: [{ kind: "restart", node: victim }], what: `kill ${victim}` };
    case "pause":
      return { start: [{ kind: "pause", node: victim }], stop: [{ kind: "resume", node: victim }], what: `pause ${victim}` };
    case "clock-bump": {
      const jumpMs = Math.round(rng.between(-options.clockBumpMsMax, options.clockBumpMsMax));
      return { start: [{ kind: "clock", node: victim, jumpMs, driftRate: 0 }], stop: [], what: `bump ${victim}'s clock by ${jumpMs} ms` };
    }
    case "clock-strobe": {
      const deltaMs = Math.round(rng.between(-options.clockBumpMsMax, options.clockBumpMsMax));
      const strobe = { kind: "strobe" as const, node: victim, deltaMs, periodMs: STROBE_PERIOD_MS, durationMs };
      return { start: [strobe], stop: [], what: `strobe ${victim}'s clock by ${deltaMs} ms every ${STROBE_PERIOD_MS} ms` };
    }
  }
}

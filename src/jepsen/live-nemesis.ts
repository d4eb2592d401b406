/**
 * Jepsen's nemeses against live processes (`npm run jepsen -- --live`): the same rounds as on the
 * simulator (nemeses.ts plans them from the seed), each fault done for real.
 *
 *   partition-random-halves, majorities-ring, isolate
 *                   every server is told the cut links (POST /network, as `npm run partition`
 *                   does); each drops what it would send or receive over one. Clients are never cut.
 *   kill            SIGKILL to the server's process group; the restart is the same command on the
 *                   same storage file, so the node comes back through onRestart
 *   pause           SIGSTOP, then SIGCONT when the round ends
 *
 * Rounds never overlap, so a restarted node (healed, as every node starts) misses no cut.
 */
import type { NodeId } from "../contracts/node";
import { fetchJson } from "../live/http";
import type { NodeProcesses } from "../live/node-processes";
import { describeFault, type Fault } from "../sim";
import { majorityRing, parseCuts, type Cut } from "../sim/partition";
import { NEMESIS_NAMES, type NemesisName } from "./nemeses";

/** Why the clock nemeses cannot run live. */
const CLOCK_REFUSAL =
  "a live node reads the machine's wall clock, one clock for all five processes: bumping or strobing it needs root and moves every node's clock (and the client's) at once, and a clock faked inside the node is what the simulator already does; run clock nemeses without --live";

/** Why `name` cannot run against live processes, or undefined when it can. */
export function liveRefusal(name: NemesisName): string | undefined {
  return name === "clock-bump" || name === "clock-strobe" ? CLOCK_REFUSAL : undefined;
}

export const LIVE_NEMESIS_NAMES: readonly NemesisName[] = NEMESIS_NAMES.filter((name) => liveRefusal(name) === undefined);

/** How long a server has to take a new network state; a paused one never does, and that is fine. */
const NETWORK_TIMEOUT_MS = 1_000;

export class LiveNemesis {
  constructor(
    private readonly processes: NodeProcesses,
    private readonly ports: Record<NodeId, number>,
  ) {}

  /** Do `fault` now; resolves once it is done (a killed node gone, every server told of the cuts). Returns what was done, in words. */
  async apply(fault: Fault): Promise<string> {
    const servers = Object.keys(this.ports);
    switch (fault.kind) {
      case "partition":
        return this.cut(parseCuts(fault.spec, servers), describeFault(fault));
      case "majority-ring":
        return this.cut(majorityRing(servers), describeFault(fault));
      case "heal":
        return this.cut([], "healed: every link up");
      case "crash": {
        const pid = this.processes.pid(fault.node);
        await this.processes.kill(fault.node);
        return `kill ${fault.node} (SIGKILL to process group ${pid})`;
      }
      case "restart":
        this.processes.start(fault.node);
        return `restart ${fault.node} on its storage (pid ${this.processes.pid(fault.node)})`;
      case "pause":
        this.processes.pause(fault.node);
        return `pause ${fault.node} (SIGSTOP to pid ${this.processes.pid(fault.node)})`;
      case "resume":
        this.processes.resume(fault.node);
        return `resume ${fault.node} (SIGCONT)`;
      default:
        throw new Error(`${describeFault(fault)} cannot be done to live processes`);
    }
  }

  private async cut(cuts: Cut[], description: string): Promise<string> {
    const told = await Promise.all(
      Object.entries(this.ports).map(([id, port]) =>
        this.processes.running(id) ? fetchJson(port, "POST", "/network", { cuts: cuts as never, description }, NETWORK_TIMEOUT_MS).then(() => true, () => false) : false,
      ),
    );
    const missed = Object.keys(this.ports).filter((_, i) => !told[i]);
    return `${description} (${cuts.length} directed links cut${missed.length > 0 ? `; not told: ${missed.join(", ")} (down, paused or still starting)` : ""})`;
  }
}

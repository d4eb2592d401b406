/**
 * Jepsen's clock strobe: a node's clock flips between its own time and its own time plus
 * `deltaMs`, every `periodMs`, for `durationMs`, and ends where it started. Code that measures
 * intervals by subtracting two readings of its clock sees time leap forward and back again.
 *
 * The flips change the clock quietly (a trace line at the start and one at the end, not one per
 * flip), and timers are not moved: a timer measures its delay in the node's clock rate, which a
 * strobe leaves alone (as CLOCK_MONOTONIC ignores settimeofday).
 */
import type { NodeId } from "../contracts/node";
import type { Simulation } from "./simulation";

export interface ClockStrobe {
  deltaMs: number;
  periodMs: number;
  durationMs: number;
}

export function strobeClock(sim: Simulation, id: NodeId, strobe: ClockStrobe): void {
  const { deltaMs, periodMs, durationMs } = strobe;
  if (!(periodMs > 0) || !(durationMs >= 0)) throw new RangeError(`a strobe needs periodMs > 0 and durationMs >= 0, got ${periodMs} and ${durationMs}`);
  const clock = sim.record(id).clock;
  const endMs = sim.now + durationMs;
  let ahead = false;
  const flip = () => {
    ahead = !ahead;
    clock.adjust(sim.now, ahead ? deltaMs : -deltaMs, clock.drift);
  };
  const next = (): void => {
    if (sim.now + periodMs < endMs) {
      sim.after(periodMs, `strobe ${id}`, () => (flip(), next()));
      return;
    }
    sim.at(endMs, `strobe ${id} ends`, () => {
      if (ahead) flip();
      sim.fault(`${id} clock strobe ends`);
    });
  };
  sim.fault(`${id} clock strobes by ${deltaMs}ms every ${periodMs}ms for ${durationMs}ms`);
  next();
}

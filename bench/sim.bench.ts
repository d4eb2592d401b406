/**
 * Simulator throughput and trace memory on the ping-pong workload (src/sim/examples/ping-pong.ts):
 * two nodes bouncing one message, so the numbers measure the simulator, not a protocol.
 * Targets (issue 3, one core of this 2-core machine): >= 1,000,000 deliveries/s with tracing
 * off, >= 300,000 with tracing on.
 */
import { PingPongNode } from "../src/sim/examples/ping-pong";
import { Simulation } from "../src/sim";
import { liveHeapBytes } from "./memory";
import type { Benchmark } from "./table";

const VIRTUAL_MS = 3_000_000;

function pingPong(trace: boolean): Simulation {
  const sim = new Simulation({ seed: 1, trace, eventsMax: 1e9 });
  sim.addServers(2, (ctx) => new PingPongNode(ctx as never, { rounds: Infinity, retryAfterMs: Infinity }));
  return sim;
}

function throughput(trace: boolean): { deliveries: number; seconds: number } {
  pingPong(trace).runFor(VIRTUAL_MS / 10); // warm up the JIT
  const sim = pingPong(trace);
  const startMs = performance.now();
  sim.runFor(VIRTUAL_MS);
  return { deliveries: sim.stats.delivered, seconds: (performance.now() - startMs) / 1000 };
}

export const benchmarks: Benchmark[] = [
  {
    name: "sim throughput",
    run() {
      const rows = [false, true].map((trace) => {
        const { deliveries, seconds } = throughput(trace);
        const perSecond = Math.round(deliveries / seconds);
        const target = trace ? 300_000 : 1_000_000;
        return [trace ? "on" : "off", deliveries, Math.round(seconds * 1000), perSecond, target, perSecond >= target ? "met" : "MISSED"];
      });
      return {
        title: "Simulator: ping-pong deliveries per second (one core)",
        columns: ["tracing", "deliveries", "ms", "deliveries/s", "target/s", "verdict"],
        rows,
      };
    },
  },
  {
    name: "sim trace memory",
    run() {
      const before = liveHeapBytes();
      const sim = pingPong(true);
      while (sim.trace.length < 1_000_000) sim.runFor(100_000);
      const bytes = liveHeapBytes() - before;
      const events = sim.trace.length;
      return {
        title: "Simulator: trace memory",
        columns: ["trace events", "live heap MB", "MB per 1M events"],
        rows: [[events, Math.round(bytes / 1e6), Math.round(bytes / events)]],
        notes: ["events are send/deliver/annotate records holding the message copy they carried"],
      };
    },
  },
];

/**
 * Bulkheads, for notebook 11: one slow dependency exhausting a caller's concurrency, and the
 * same with a bulkhead. A demo, not an exercise.
 *
 * A gateway (g1) serves two kinds of requests with one pool of workers (threads, connections):
 * "catalog" calls go to n1, which stays fast; "reviews" calls go to n2, which turns slow (3 s per
 * call) from 2 s to 12 s. A call holds its worker until it is answered or times out. Without a
 * bulkhead the slow reviews calls take every worker and catalog requests, which n1 would answer
 * in milliseconds, are turned away. With a bulkhead (reviews may hold at most a few workers),
 * reviews fail fast on their own and catalog keeps working: the ship floods one compartment.
 */
import type { NodeContext, NodeId, ProtocolNode } from "../../contracts/node";
import { FlakyDependency, type DependencyMessage, type HealthPhase } from "../../resilience/dependency";
import { perBucket } from "../../resilience/views";
import { Simulation } from "../../sim/simulation";
import type { LoadPanel } from "../../viz/load-over-time";

export interface BulkheadOptions {
  /** Workers the gateway has in all. */
  poolSize: number;
  /** At most this many workers per dependency (the bulkhead); none: one shared pool. */
  perDependencyMax?: number;
}

type Route = { name: string; target: NodeId; everyMs: number };
type GatewayTimer = { type: "arrive"; route: number } | { type: "timeout"; id: string };

export interface GatewayRequest {
  route: string;
  atMs: number;
  result?: "ok" | "no worker" | "timeout";
}

const ROUTES: Route[] = [
  { name: "catalog", target: "n1", everyMs: 20 },
  { name: "reviews", target: "n2", everyMs: 50 },
];
const TIMEOUT_MS = 5_000;

export class GatewayNode implements ProtocolNode<DependencyMessage, GatewayTimer> {
  readonly requests: GatewayRequest[] = [];
  private readonly busy = new Map<NodeId, number>();
  private readonly waiting = new Map<string, { request: GatewayRequest; target: NodeId; timer: number }>();

  constructor(
    private readonly ctx: NodeContext<DependencyMessage, GatewayTimer>,
    private readonly options: BulkheadOptions,
  ) {}

  onStart(): void {
    ROUTES.forEach((_, route) => this.ctx.setTimer(0, { type: "arrive", route }));
  }

  onMessage(_from: NodeId, msg: DependencyMessage): void {
    if (msg.type !== "Response") return;
    const call = this.waiting.get(msg.id);
    if (!call) return;
    this.ctx.cancelTimer(call.timer);
    this.release(msg.id, call.target);
    call.request.result = msg.status < 400 ? "ok" : "timeout";
  }

  onTimer(timer: GatewayTimer): void {
    if (timer.type === "timeout") {
      const call = this.waiting.get(timer.id);
      if (!call) return;
      this.release(timer.id, call.target);
      call.request.result = "timeout";
      return;
    }
    const route = ROUTES[timer.route];
    this.ctx.setTimer(route.everyMs, timer);
    this.serve(route);
  }

  private serve(route: Route): void {
    const request: GatewayRequest = { route: route.name, atMs: this.ctx.now() };
    this.requests.push(request);
    const inUse = [...this.busy.values()].reduce((sum, n) => sum + n, 0);
    const mine = this.busy.get(route.target) ?? 0;
    if (inUse >= this.options.poolSize || mine >= (this.options.perDependencyMax ?? Infinity)) {
      request.result = "no worker";
      return;
    }
    this.busy.set(route.target, mine + 1);
    const id = `${route.name}-${this.requests.length}`;
    this.ctx.send(route.target, { type: "Request", id, method: "GET", path: `/${route.name}` });
    this.waiting.set(id, { request, target: route.target, timer: this.ctx.setTimer(TIMEOUT_MS, { type: "timeout", id }) });
  }

  private release(id: string, target: NodeId): void {
    this.waiting.delete(id);
    this.busy.set(target, (this.busy.get(target) ?? 1) - 1);
  }
}

const FAST: HealthPhase = { fromMs: 0, name: "healthy", failureRate: 0, latencyMsMin: 5, latencyMsMax: 15 };
const REVIEWS: HealthPhase[] = [FAST, { fromMs: 2_000, name: "slow", failureRate: 0, latencyMsMin: 2_900, latencyMsMax: 3_100 }, { ...FAST, fromMs: 12_000 }];

export const BULKHEAD_RUN_MS = 16_000;
export const BULKHEAD_BUCKET_MS = 250;

/** Run the gateway for 16 s and chart one route's requests per 250 ms: served, or turned away. */
export function runBulkhead(options: BulkheadOptions, seed = 1): { requests: GatewayRequest[]; panel(route: string, title: string): LoadPanel } {
  const sim = new Simulation({ seed, network: { delay: { kind: "uniform", msMin: 1, msMax: 3 } } });
  sim.addServers(2, (ctx) => new FlakyDependency(ctx, ctx.id === "n2" ? REVIEWS : [FAST]));
  sim.addNode("g1", (ctx) => new GatewayNode(ctx, options));
  sim.runFor(BULKHEAD_RUN_MS);
  const requests = sim.node<GatewayNode>("g1")?.requests ?? [];
  const times = (route: string, keep: (r: GatewayRequest) => boolean) => perBucket(requests.filter((r) => r.route === route && keep(r)).map((r) => r.atMs), BULKHEAD_BUCKET_MS, BULKHEAD_RUN_MS);
  return {
    requests,
    panel: (route, title) => ({
      title,
      series: [
        { name: "served", values: times(route, (r) => r.result === "ok"), color: "#3ebd93" },
        { name: "no worker", values: times(route, (r) => r.result === "no worker"), color: "#9aa5b1" },
        { name: "timed out", values: times(route, (r) => r.result === "timeout"), color: "#d64545" },
      ],
    }),
  };
}

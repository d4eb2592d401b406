/**
 * Where a running live cluster says what it is: `npm run cluster` writes DIR/cluster.json (its
 * servers and their ports) and `npm run partition` reads it to know whom to tell.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NodeId } from "../contracts/node";

export const DEFAULT_CLUSTER_DIR = join(".cache", "live-cluster");

export interface ClusterFile {
  /** Every server's port on 127.0.0.1, in server order. */
  ports: Record<NodeId, number>;
  /** The RaftNode module the servers run. */
  module: string;
  /** Process id of `npm run cluster`. */
  pid: number;
}

export function writeClusterFile(dir: string, file: ClusterFile): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cluster.json"), JSON.stringify(file, null, 2) + "\n");
}

export function readClusterFile(dir: string): ClusterFile {
  const path = join(dir, "cluster.json");
  if (!existsSync(path)) throw new Error(`no running cluster found (${path} is missing): start one with \`npm run cluster\` in another terminal`);
  return JSON.parse(readFileSync(path, "utf8")) as ClusterFile;
}

/** "8080" -> n1=8080, n2=8081, ...; "8080,9000,..." -> exactly those. */
export function clusterPorts(nodes: number, basePort: number | undefined, list: string | undefined): Record<NodeId, number> {
  const ports = list ? list.split(",").map(Number) : Array.from({ length: nodes }, (_, i) => (basePort ?? 8080) + i);
  if (ports.some((port) => !Number.isInteger(port) || port <= 0 || port > 65535)) throw new RangeError(`ports must be integers in 1..65535, got ${ports.join(",")}`);
  if (new Set(ports).size !== ports.length) throw new RangeError(`ports must differ, got ${ports.join(",")}`);
  return Object.fromEntries(ports.map((port, i) => [`n${i + 1}`, port]));
}

/** Ports as a node process takes them on its command line: "n1=8080,n2=8081". */
export function formatPortMap(ports: Record<NodeId, number>): string {
  return Object.entries(ports).map(([id, port]) => `${id}=${port}`).join(",");
}

/** "n1=8080,n2=8081" -> {n1: 8080, n2: 8081}; "" -> {}. */
export function parsePortMap(text: string): Record<NodeId, number> {
  return Object.fromEntries(text.split(",").filter((pair) => pair !== "").map((pair) => {
    const [id, port] = pair.split("=");
    return [id, Number(port)];
  }));
}

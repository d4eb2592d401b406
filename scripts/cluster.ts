/**
 * `npm run cluster -- --nodes 5`: the chapter's week-1 walkthrough for real. Five processes on
 * 127.0.0.1, each one server running your RaftNode (exercises/week1/raft.ts; the reference with
 * --solutions) with real timers and HTTP/JSON messages. While it runs it prints every change
 * of role or term it sees, and stops every server on Ctrl-C.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { DEFAULT_CLUSTER_DIR, clusterPorts, formatPortMap, writeClusterFile } from "../src/live/cluster-file";
import { fetchJson } from "../src/live/http";

const ROOT = resolve(__dirname, "..");
const USAGE = `usage: npm run cluster -- [--nodes 5] [--solutions] [--base-port 8080 | --ports P1,P2,...]
                           [--keep-storage] [--seed N] [--dir DIR] [--quiet]
  --nodes N        servers n1..nN (default 5)
  --solutions      run the reference RaftNode instead of yours
  --base-port P    n1 listens on P, n2 on P+1, ... (default 8080)
  --keep-storage   restart from the servers' stable storage instead of starting afresh
  --quiet          print only the changes of role and term, not the servers' own logs`;
/** How often the watcher asks every server for its status. */
const WATCH_INTERVAL_MS = 300;

const { values } = parseArgs({
  options: {
    nodes: { type: "string", default: "5" },
    solutions: { type: "boolean", default: false },
    "base-port": { type: "string" },
    ports: { type: "string" },
    "keep-storage": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    dir: { type: "string", default: DEFAULT_CLUSTER_DIR },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const nodes = Number(values.nodes);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) {
  console.error(`--nodes must be 1..9, got ${values.nodes}\n${USAGE}`);
  process.exit(2);
}
const ports = clusterPorts(nodes, values["base-port"] === undefined ? undefined : Number(values["base-port"]), values.ports);
const dir = resolve(ROOT, values.dir);
const module = values.solutions ? "solutions/week1/raft.ts" : "exercises/week1/raft.ts";
if (!existsSync(join(ROOT, module))) {
  console.error(`cluster: ${module} is not here${values.solutions ? " (the student edition ships no solutions/)" : ""}`);
  process.exit(2);
}
if (!values["keep-storage"]) rmSync(dir, { recursive: true, force: true });
writeClusterFile(dir, { ports, module, pid: process.pid });

/** Set on Ctrl-C (SIGINT/SIGTERM): children exiting then is the plan, not news. */
let stopping = false;
const portList = formatPortMap(ports);
const children = new Map<string, ChildProcess>();
for (const id of Object.keys(ports)) {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "live-raft-node.ts"), "--id", id, "--ports", portList, "--module", join(ROOT, module), "--storage", join(dir, `${id}.json`), "--seed", values.seed], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.set(id, child);
  const print = (line: string) => console.log(line);
  if (!values.quiet) createInterface({ input: child.stdout! }).on("line", print);
  else child.stdout!.resume();
  createInterface({ input: child.stderr! }).on("line", print);
  child.on("exit", (code, signal) => {
    children.delete(id);
    if (!stopping) console.log(`cluster: ${id} exited (${signal ?? `code ${code}`})`);
    if (children.size === 0) process.exit(stopping ? 0 : 1);
  });
}

const first = Object.values(ports)[0];
console.log(`cluster: ${nodes} servers running ${module} on 127.0.0.1:${Object.values(ports).join(",")} (storage in ${values.dir}${values["keep-storage"] ? ", kept" : ", fresh"})
  curl localhost:${first}/status
  curl -X POST localhost:${first}/command -H 'content-type: application/json' -d '{"command": "x=1"}'
  npm run partition -- --split "1,2|3,4,5"        npm run partition -- --heal
Ctrl-C stops every server.`);

function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill("SIGTERM");
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);

/** Print a line whenever some server's role or term changed: the election, as it happens. */
let lastSummary = "";
const answeredOnce = new Set<string>();
const startedAtMs = Date.now();
setInterval(async () => {
  const parts = await Promise.all(
    Object.entries(ports).map(async ([id, port]) => {
      const status = (await fetchJson(port, "GET", "/status", undefined, WATCH_INTERVAL_MS).catch(() => undefined)) as { state?: string; term?: number } | undefined;
      if (status?.state) answeredOnce.add(id);
      return status?.state ? `${id} ${status.state} t${status.term}` : `${id} ${answeredOnce.has(id) ? "down" : "starting"}`;
    }),
  );
  const summary = parts.join(" | ");
  if (summary !== lastSummary && !stopping) console.log(`cluster +${((Date.now() - startedAtMs) / 1000).toFixed(1)}s: ${summary}`);
  lastSummary = summary;
}, WATCH_INTERVAL_MS).unref();

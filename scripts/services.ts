/**
 * `npm run services`: the chapter's docker-compose (user, order and payment services talking
 * through a broker), without Docker. Four processes on 127.0.0.1, each one service class on the
 * real-time host: the user, order and payment services talking through Redis Streams on
 * 127.0.0.1:6379 (the log), and the notification worker, which sends the receipts the user
 * service puts on a RabbitMQ queue on 127.0.0.1:5672. The order and payment
 * services are yours (exercises/week3; the reference with --solutions). A service killed by a
 * signal (kill -9) is restarted, as a supervisor would; one that stops on an error is not (it
 * would only fail again). Ctrl-C stops every service.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { DEFAULT_RABBIT_URL, dropQueues, RABBIT_START_HINT, rabbitProblem, withoutCredentials } from "../src/live/rabbit-queue";
import { REDIS_START_HINT, RedisLog, redisProblem } from "../src/live/redis-log";
import {
  DEFAULT_REDIS_URL,
  DEFAULT_SERVICES_BASE_PORT,
  DEFAULT_SERVICES_DIR,
  LIVE_QUEUES,
  LIVE_TOPICS,
  SERVICES,
  servicePorts,
  writeServicesFile,
  type ServiceId,
  type ServicesFile,
} from "../src/live/shop-layout";

const ROOT = resolve(__dirname, "..");
const USAGE = `usage: npm run services -- [--solutions] [--base-port ${DEFAULT_SERVICES_BASE_PORT} | --ports P1,P2,P3,P4,P5] [--keep-storage]
                            [--redis ${DEFAULT_REDIS_URL}] [--rabbit ${DEFAULT_RABBIT_URL}]
                            [--namespace shop] [--dir DIR] [--quiet]
  --solutions      run the reference OrderService and PaymentService instead of yours
  --base-port P    users listen on P, orders on P+1, payments on P+2, notifications on P+3 (npm run orders on P+4)
  --ports P1,...   exactly these five ports, in that order
  --keep-storage   restart from the services' storage, the namespace's streams and queues instead of afresh
  --namespace NS   prefix of every Redis key and RabbitMQ queue of this run (streams NS:orders:0, ..., queue NS.receipts)
  --quiet          print only the supervisor's lines, not the services' own logs
Then, in another terminal: npm run orders -- --count 1000`;
/** Wait before restarting a service that was killed, so a crash loop cannot spin. */
const RESTART_DELAY_MS = 300;

const { values } = parseArgs({
  options: {
    solutions: { type: "boolean", default: false },
    "base-port": { type: "string" },
    ports: { type: "string" },
    "keep-storage": { type: "boolean", default: false },
    redis: { type: "string", default: DEFAULT_REDIS_URL },
    rabbit: { type: "string", default: DEFAULT_RABBIT_URL },
    namespace: { type: "string", default: "shop" },
    dir: { type: "string", default: DEFAULT_SERVICES_DIR },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

let ports: Record<string, number>;
try {
  ports = servicePorts(values["base-port"] === undefined ? undefined : Number(values["base-port"]), values.ports);
} catch (error) {
  console.error(`services: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const dir = resolve(ROOT, values.dir);
const modules = values.solutions ? "solutions/week3" : "exercises/week3";
if (!existsSync(join(ROOT, modules))) {
  console.error(`services: ${modules} is not here${values.solutions ? " (the student edition ships no solutions/)" : ""}`);
  process.exit(2);
}
const file: ServicesFile = { ports, redisUrl: values.redis, rabbitUrl: values.rabbit, namespace: values.namespace, modules, pid: process.pid, pids: {} };
const children = new Map<ServiceId, ChildProcess>();
/** Set on Ctrl-C (SIGINT/SIGTERM): services exiting then is the plan, not news. */
let stopping = false;

function start(id: ServiceId): void {
  const portList = Object.entries(ports).map(([node, port]) => `${node}=${port}`).join(",");
  const args = ["--id", id, "--ports", portList, "--modules", join(ROOT, modules), "--storage", join(dir, `${id}.jsonl`), "--redis", values.redis, "--rabbit", values.rabbit, "--namespace", values.namespace];
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "live-service.ts"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.set(id, child);
  file.pids[id] = child.pid;
  writeServicesFile(dir, file);
  if (!values.quiet) createInterface({ input: child.stdout! }).on("line", (line) => console.log(line));
  else child.stdout!.resume();
  createInterface({ input: child.stderr! }).on("line", (line) => console.log(line));
  child.on("exit", (code, signal) => {
    children.delete(id);
    if (stopping) {
      if (children.size === 0) process.exit(0);
      return;
    }
    if (signal) {
      console.log(`services: ${id} was killed (${signal}); restarting it from its storage in ${RESTART_DELAY_MS} ms`);
      setTimeout(() => !stopping && start(id), RESTART_DELAY_MS);
    } else {
      console.log(`services: ${id} exited (code ${code}); not restarting it (it stopped on an error: see above)`);
      if (children.size === 0) process.exit(1);
    }
  });
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  if (children.size === 0) process.exit(0);
  for (const child of children.values()) child.kill("SIGTERM");
}

async function main(): Promise<void> {
  const problem = await redisProblem(values.redis);
  if (problem) {
    console.error(`services: Redis is not available (${problem}); ${REDIS_START_HINT}`);
    process.exit(1);
  }
  const rabbitDown = await rabbitProblem(values.rabbit);
  if (rabbitDown) {
    console.error(`services: RabbitMQ is not available (${rabbitDown}); ${RABBIT_START_HINT}`);
    process.exit(1);
  }
  if (!values["keep-storage"]) {
    const redis = new Redis(values.redis);
    await new RedisLog(redis, values.namespace, LIVE_TOPICS).drop();
    redis.disconnect();
    await dropQueues(values.rabbit, values.namespace, LIVE_QUEUES);
    rmSync(dir, { recursive: true, force: true });
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
  for (const id of SERVICES) start(id);
  console.log(`services: ${values.solutions ? "the reference" : "your"} order and payment services through Redis Streams at ${values.redis}, receipts through RabbitMQ at ${withoutCredentials(values.rabbit)} (namespace ${values.namespace}, ${values["keep-storage"] ? "kept" : "fresh"}; storage in ${values.dir})
  ${SERVICES.map((id) => `${id} on 127.0.0.1:${ports[id]}`).join(", ")}
  curl localhost:${ports.orders}/status      npm run orders -- --count 1000      (each service's pid: ${join(values.dir, "services.json")})
Ctrl-C stops every service.`);
}

void main();

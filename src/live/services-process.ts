/**
 * `npm run services` started from another program (`npm run chaos -- --live`, the services'
 * end-to-end test): the supervisor as a child process on free loopback ports, with a storage folder
 * and a namespace of its own (Redis keys and RabbitMQ queues), waited for until every service answers, and stopped with
 * everything it left behind removed.
 * Starting a fresh set (rather than attaching to one already running) means a run never mixes its
 * orders with someone else's, and its kills never hit services a learner is watching.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import type { NodeId } from "../contracts/node";
import { fetchJson } from "./http";
import { freePorts } from "./ports";
import { dropQueues } from "./rabbit-queue";
import { RedisLog } from "./redis-log";
import { LIVE_QUEUES, LIVE_TOPICS, readServicesFile, SERVICES, type ServicesFile } from "./shop-layout";

const ROOT = resolve(__dirname, "..", "..");
const POLL_MS = 100;

export interface ServicesProcessOptions {
  solutions: boolean;
  redisUrl: string;
  rabbitUrl: string;
  namespace: string;
  /** Gives up when the services do not all answer within this long. */
  startTimeoutMs: number;
  /** Every line the supervisor and the services print. */
  onOutput: (line: string) => void;
}

export interface ServicesProcess {
  /** The services' storage folder (their journals), removed by `stop`. */
  dir: string;
  /** The services as they are now (a restart changes a pid). */
  file(): ServicesFile;
  stop(): Promise<void>;
}

export async function startServicesProcess(options: ServicesProcessOptions): Promise<ServicesProcess> {
  const ports = await freePorts(SERVICES.length + 1);
  const dir = mkdtempSync(join(tmpdir(), "chaos-services-"));
  const args = ["--quiet", "--ports", ports.join(","), "--dir", dir, "--namespace", options.namespace, "--redis", options.redisUrl, "--rabbit", options.rabbitUrl, ...(options.solutions ? ["--solutions"] : [])];
  const supervisor = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "services.ts"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((done) => supervisor.once("exit", () => done()));
  // The supervisor's word for a service that stopped on an error (a stub's "not implemented yet"): it stays down.
  let stoppedOnError: string | undefined;
  const hear = (line: string) => {
    if (/exited \(code .*not restarting it/.test(line)) stoppedOnError ??= line.replace(/^services: /, "");
    options.onOutput(line);
  };
  for (const stream of [supervisor.stdout!, supervisor.stderr!]) stream.on("data", (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach(hear));
  const stop = async () => {
    if (supervisor.exitCode === null && supervisor.signalCode === null) {
      supervisor.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(options.redisUrl);
    await new RedisLog(redis, options.namespace, LIVE_TOPICS).drop();
    redis.disconnect();
    await dropQueues(options.rabbitUrl, options.namespace, LIVE_QUEUES);
  };
  try {
    const deadlineMs = Date.now() + options.startTimeoutMs;
    for (const id of SERVICES) {
      while (!(await answers(ports[SERVICES.indexOf(id)]))) {
        if (stoppedOnError) throw new ServicesFailed(stoppedOnError);
        if (supervisor.exitCode !== null) throw new ServicesFailed(`npm run services stopped (exit code ${supervisor.exitCode}) before ${id} answered`);
        if (Date.now() > deadlineMs) throw new Error(`the services did not all answer within ${options.startTimeoutMs} ms (${id} did not)`);
        await sleep(POLL_MS);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir, file: () => readServicesFile(dir), stop };
}

/** The services could not all be started (the lines before it say why). */
export class ServicesFailed extends Error {}

/** Whether the node on `port` answers GET /status (a killed service does not, until restarted). */
export async function answers(port: number): Promise<boolean> {
  return fetchJson(port, "GET", "/status", undefined, 1_000).then(() => true, () => false);
}

/** Waits until the service `id` answers again under a process other than `killedPid`. */
export async function restarted(services: ServicesProcess, id: NodeId, killedPid: number, timeoutMs: number): Promise<boolean> {
  const deadlineMs = Date.now() + timeoutMs;
  while (Date.now() < deadlineMs) {
    // The supervisor may be rewriting services.json right now: read it again on the next poll.
    const file = tryOrUndefined(() => services.file());
    const pid = file?.pids[id as keyof ServicesFile["pids"]];
    if (file && pid !== undefined && pid !== killedPid && (await answers(file.ports[id]))) return true;
    await sleep(POLL_MS);
  }
  return false;
}

function tryOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

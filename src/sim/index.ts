/**
 * The simulator's public surface. Tests, checkers, notebooks and the grader import from here;
 * protocol code imports only src/contracts/node.ts.
 */
export { Simulation, type SimulationOptions, type NodeRecord, type NodeRole } from "./simulation";
export { DEFAULT_NETWORK, UNRELIABLE_NETWORK, type NetworkConfig, type DelayDistribution } from "./network";
export { parseGroups, parseCuts, formatGroups, isolate, bridge, majorityRing, type Cut } from "./partition";
export {
  applyFault,
  scheduleNemesis,
  randomNemesis,
  describeFault,
  formatNemesis,
  type Fault,
  type FaultKind,
  type Nemesis,
  type ScheduledFault,
  type RandomNemesisOptions,
} from "./nemesis";
export { eventually, healAll, runWithFaultsThenHeal, upNodes, LivenessError, type LivenessModeOptions } from "./liveness";
export { Trace, describeEvent, formatMs, brief, type TraceEvent, type TraceKind, type EventOf, type DropReason } from "./trace";
export { Rng, deriveSeed, parseSeed } from "./random";
export { SimulationError, HandlerError, LivelockError } from "./errors";
export { copyJson, NotJsonError } from "./json-copy";

/**
 * The real-time host's public surface (the code is in src/live/): one protocol node as a live
 * process on loopback, with real timers, HTTP/JSON messages and stable storage in a file. The
 * live Raft cluster (`npm run cluster`) is built on it. A file beside the folder, because
 * tslab resolves imports only to files.
 */
export { LiveNode, type LiveNodeOptions, type NetworkState } from "./live/host";
export { FileStorage } from "./live/file-storage";
export { fetchJson, LOOPBACK } from "./live/http";
export { freePorts } from "./live/ports";

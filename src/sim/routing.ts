/**
 * Routing of single messages, for directed tests: a test that must break one rule on every seed
 * cannot wait for the random network to lose, duplicate or reorder the right message, so it
 * decides the fate of each message itself as it is sent: deliver it as usual, drop it, hold it
 * until the test releases it (after other messages: a reordering), or deliver it and keep a
 * copy to release later (a duplicate delivered when the test chooses).
 *
 * Tests recognise messages without reading the learner's message format: by sender, receiver,
 * time, and what the sender was doing when it sent them (`cause`): a message sent while handling
 * a message from X back to X is a reply.
 */
import type { Json, NodeId } from "../contracts/node";

/** What a router decides for one message at send time; undefined means "pass". */
export type Routing = "pass" | "drop" | "hold" | "copy";

/** What the sender was doing when it sent a message. */
export type SendCause =
  | { kind: "message"; from: NodeId; msgId: number }
  | { kind: "timer" }
  | { kind: "call"; label: string }
  | { kind: "start" };

/** A message as a router sees it when it is sent (or as it waits in the held list). */
export interface RoutedMessage {
  readonly msgId: number;
  readonly from: NodeId;
  readonly to: NodeId;
  /** The message as sent (a copy: changing it changes nothing). */
  readonly msg: Json;
  readonly sentAt: number;
  readonly cause: SendCause;
}

export type Router = (message: RoutedMessage) => Routing | undefined;

/** True when `message` answers a message its receiver had sent (sent while handling one from it). */
export function isReply(message: RoutedMessage): boolean {
  return message.cause.kind === "message" && message.cause.from === message.to;
}

/**
 * Building blocks of the event-sourcing tests: the graded exports, a fresh event store, commands
 * run through decide and evolve, and checks that say which rule a refusal or an acceptance broke.
 */
import {
  CommandRejected,
  INITIAL_ORDER_STATE,
  type EventStoreApi,
  type OrderCommand,
  type OrderEvent,
  type OrderProjectionApi,
  type OrderProjectionConstructor,
  type OrderRepositoryApi,
  type OrderRepositoryConstructor,
  type OrderState,
  type RecordedEvent,
  type RepositoryOptions,
} from "../../../src/contracts/event-sourcing";
import type { StableStorage } from "../../../src/contracts/node";
import { EventStore } from "../../../src/event-store/store";
import { MemoryStorage } from "../../../src/sim/storage";
import { isNotImplemented } from "../../../src/contracts/not-implemented";
import { fail, says, show, type Texts, type TestContext } from "../../api";

export interface Aggregate {
  decide(state: OrderState, command: OrderCommand): OrderEvent[];
  evolve(state: OrderState, event: OrderEvent): OrderState;
}

export function aggregate(ctx: TestContext): Aggregate {
  return { decide: ctx.exported<Aggregate["decide"]>("decide"), evolve: ctx.exported<Aggregate["evolve"]>("evolve") };
}

export function upcastOf(ctx: TestContext): (event: RecordedEvent) => RecordedEvent {
  return ctx.exported<(event: RecordedEvent) => RecordedEvent>("upcast");
}

export function memoryStore(): EventStore {
  return new EventStore(new MemoryStorage("event-store"));
}

export function repositoryOver(ctx: TestContext, store: EventStoreApi, options?: RepositoryOptions): OrderRepositoryApi {
  return new (ctx.exported<OrderRepositoryConstructor>("OrderRepository"))(store, options);
}

export function projectionOver(ctx: TestContext, storage: StableStorage): OrderProjectionApi {
  return new (ctx.exported<OrderProjectionConstructor>("OrderSummaryProjection"))(storage);
}

/** A command in words: `AddItem{"sku":"fig",...}`. */
export function describeCommand(command: OrderCommand): string {
  const { type, ...rest } = command;
  return Object.keys(rest).length === 0 ? type : `${type}${JSON.stringify(rest)}`;
}

/** Run commands through decide and evolve from an empty order; every one must be accepted. */
export function runCommands(agg: Aggregate, commands: OrderCommand[], start: OrderState = INITIAL_ORDER_STATE): { state: OrderState; events: OrderEvent[] } {
  let state = start;
  const events: OrderEvent[] = [];
  for (const command of commands) {
    let produced: OrderEvent[];
    try {
      produced = agg.decide(state, command);
    } catch (error) {
      if (error instanceof TypeError && FROZEN.test(error.message)) fail(decideChangedState(command, error));
      if (error instanceof Error && error.name === "CommandRejected") fail(says({ en: `decide refused ${describeCommand(command)} on an order that is ${state.status}: "${error.message}"; the rules allow it`, ko: `decide가 ${state.status} 상태인 주문에서 ${describeCommand(command)} 명령을 거절했습니다: "${error.message}". 규칙상 허용되는 명령입니다` }));
      throw error;
    }
    if (!Array.isArray(produced) || produced.length === 0) fail(says({ en: `decide(${state.status} order, ${describeCommand(command)}) returned ${show(produced)}, expected a list with its event`, ko: `decide(${state.status} order, ${describeCommand(command)})의 반환값이 ${show(produced)}입니다. 기댓값은 그 이벤트가 담긴 목록입니다` }));
    for (const event of produced) state = evolveOrExplain(agg, state, event);
    events.push(...produced);
  }
  return { state, events };
}

/** The failure of a decide that wrote into the (frozen) state it was deciding on. */
export function decideChangedState(command: OrderCommand, error: Error): Texts {
  return says({
    en: `decide changed the state it was given while deciding ${describeCommand(command)} (${error.message}): decide only reads the state`,
    ko: `decide가 ${describeCommand(command)} 명령을 결정하면서 받은 상태를 바꿨습니다 (${error.message}). decide는 상태를 읽기만 합니다`,
  });
}

/** What a strict-mode write into a frozen object says (INITIAL_ORDER_STATE is frozen). */
export const FROZEN = /not extensible|read.only|Cannot assign|Cannot add|Cannot delete|frozen/i;

/** evolve(state, event), failing in words if it writes into the state it was given. */
export function evolveOrExplain(agg: Aggregate, state: OrderState, event: OrderEvent): OrderState {
  try {
    return agg.evolve(state, event);
  } catch (error) {
    if (error instanceof TypeError && FROZEN.test(error.message)) fail(says({ en: `evolve changed the state it was given while applying ${event.type} (${error.message}): return a new state instead`, ko: `evolve가 ${event.type} 이벤트를 적용하면서 받은 상태를 바꿨습니다 (${error.message}). 대신 새 상태를 반환하세요` }));
    throw error;
  }
}

/** Fail unless decide refuses `command` on `state` with CommandRejected. */
export function requireRejected(agg: Aggregate, state: OrderState, command: OrderCommand, rule: Texts): void {
  const call = `decide(${state.status} order, ${describeCommand(command)})`;
  let events: OrderEvent[];
  try {
    events = agg.decide(state, command);
  } catch (error) {
    if (error instanceof Error && error.name === CommandRejected.name) return;
    if (isNotImplemented(error)) throw error;
    return fail(says({ en: `${call} threw ${show(String(error))}, expected CommandRejected (rule: ${rule.en})`, ko: `${call}에서 ${show(String(error))} 예외가 발생했습니다. 기대한 예외는 CommandRejected입니다 (규칙: ${rule.ko})` }));
  }
  fail(says({ en: `${call} returned ${show(events)}, but the rules refuse it (rule: ${rule.en}): throw CommandRejected with the reason`, ko: `${call}의 반환값이 ${show(events)}이지만 규칙상 거절해야 하는 명령입니다 (규칙: ${rule.ko}). 이유를 담아 CommandRejected를 던지세요` }));
}

export const PLACE: OrderCommand = { type: "PlaceOrder", orderId: "o1", customer: "ann" };
export const ADD_FIG: OrderCommand = { type: "AddItem", sku: "fig", quantity: 2, priceCents: 150 };
export const ADD_PEAR: OrderCommand = { type: "AddItem", sku: "pear", quantity: 1, priceCents: 400 };

/** Every event of the store's global log, in order. */
export function globalLog(store: EventStoreApi): RecordedEvent[] {
  return store.readAll(1);
}

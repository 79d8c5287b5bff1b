/**
 * What a grading process checks before it grades a second exercise of the same learner: that the
 * learner's code left nothing behind that could reach the next one. Anything it finds sends the
 * next exercise to a fresh process (supervise.ts), so reuse only saves start-up time and never
 * changes a verdict.
 *
 * - The built-ins and the kit's own modules are as they were loaded: no property of a global, a
 *   built-in constructor or prototype, or an exported function, class, prototype or object of a
 *   module outside the learner's folder was added, removed or replaced. Modules are recorded as
 *   they finish loading (grading-hooks.ts), before learner code can touch them.
 * - Nothing is still scheduled or open: no timer, immediate, socket, watcher or child process
 *   more than before the first exercise, and no new process listener.
 * - The heap has not grown past what a fresh process would start the next exercise with.
 */

type Owner = object;

interface Slot {
  readonly value?: unknown;
  readonly get?: unknown;
  readonly set?: unknown;
}

interface Recorded {
  readonly label: string;
  readonly slots: Map<PropertyKey, Slot>;
  /**
   * Built-ins are watched whole. The kit's modules hold state of their own (a memory pool's
   * current buffer, a counter), so only their code is watched there: methods, functions,
   * getters and setters, which is what learner code would patch.
   */
  readonly codeOnly: boolean;
}

const recorded = new Map<Owner, Recorded>();

function slotOf(descriptor: PropertyDescriptor): Slot {
  return "value" in descriptor
    ? { value: descriptor.value }
    : { get: descriptor.get, set: descriptor.set };
}

const isCode = (slot: Slot | undefined): boolean =>
  slot !== undefined && (!("value" in slot) || typeof slot.value === "function");

function slotsOf(owner: Owner): Map<PropertyKey, Slot> {
  const slots = new Map<PropertyKey, Slot>();
  for (const key of Reflect.ownKeys(owner)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(owner, key);
    if (descriptor) slots.set(key, slotOf(descriptor));
  }
  return slots;
}

function record(owner: Owner, label: string, codeOnly: boolean): void {
  if (recorded.has(owner)) return;
  recorded.set(owner, { label, slots: slotsOf(owner), codeOnly });
}

/** Whether learner code may have run since the records were last known to be the kit's own. */
let learnerMayHaveRun = false;

/**
 * Called just before a learner's module is loaded. Until then every change to what is recorded
 * is the kit's own doing (the tensor library binds its ops onto Tensor.prototype from modules
 * that finish loading after tensor.ts, as a grader imports them), so the records are taken
 * again: the first time in each exercise, since the last check found nothing left behind.
 */
export function learnerCodeStarts(): void {
  if (learnerMayHaveRun) return;
  learnerMayHaveRun = true;
  for (const [owner, entry] of recorded) recorded.set(owner, { ...entry, slots: slotsOf(owner) });
}

/** Records a value's own properties, and its prototype's when it is a function (a class). */
function recordValue(value: unknown, label: string, codeOnly: boolean): void {
  if (typeof value === "function") {
    record(value, label, codeOnly);
    const prototype: unknown = (value as { prototype?: unknown }).prototype;
    if (typeof prototype === "object" && prototype !== null)
      record(prototype, `${label}.prototype`, codeOnly);
  } else if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  ) {
    record(value, label, codeOnly);
  }
}

/** A module that finished loading, with the names it exports. */
export function recordModule(url: string, namespace: object): void {
  const name = url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, "");
  for (const key of Object.keys(namespace)) {
    let value: unknown;
    try {
      value = (namespace as Record<string, unknown>)[key];
    } catch {
      continue; // Re-exported from a module still loading; it is recorded on its own.
    }
    recordValue(value, `${name}'s ${key}`, true);
  }
}

/** The intrinsics a program can reach without naming a global. */
function hiddenIntrinsics(): [object, string][] {
  const typedArray = Object.getPrototypeOf(Int8Array) as object;
  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  const generator = Object.getPrototypeOf(function* () {}) as object;
  const asyncFunction = Object.getPrototypeOf(async () => {}) as object;
  return [
    [typedArray, "TypedArray"],
    [(typedArray as { prototype: object }).prototype, "TypedArray.prototype"],
    [arrayIterator, "ArrayIterator.prototype"],
    [Object.getPrototypeOf(arrayIterator) as object, "Iterator.prototype"],
    [Object.getPrototypeOf(new Map()[Symbol.iterator]()) as object, "MapIterator.prototype"],
    [Object.getPrototypeOf(new Set()[Symbol.iterator]()) as object, "SetIterator.prototype"],
    [Object.getPrototypeOf(""[Symbol.iterator]()) as object, "StringIterator.prototype"],
    [generator, "GeneratorFunction.prototype"],
    [asyncFunction, "AsyncFunction.prototype"],
  ];
}

const watchedEvents = [
  "exit",
  "beforeExit",
  "uncaughtException",
  "unhandledRejection",
  "warning",
  "message",
  "SIGINT",
  "SIGTERM",
] as const;

let resourcesBefore: Map<string, number> | undefined;
let listenersBefore: Map<string, number> | undefined;

function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo())
    counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function countListeners(): Map<string, number> {
  return new Map(watchedEvents.map((event) => [event, process.listenerCount(event)]));
}

/** A fresh process's heap is far below this; beyond it the next exercise starts afresh. */
const heapLimitBytes = 768 * 1024 * 1024;

/**
 * Records the built-ins and what is open now, as they are before any learner code runs: call
 * once, after the grading process has set itself up.
 */
export function recordBaseline(): void {
  const global = globalThis as unknown as Record<string, unknown>;
  record(globalThis, "globalThis", false);
  for (const key of Reflect.ownKeys(globalThis)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(globalThis, key);
    // Getters are left alone: some of Node's globals load themselves on first use.
    if (descriptor && "value" in descriptor && typeof key === "string")
      recordValue(global[key], key, false);
  }
  for (const [owner, label] of hiddenIntrinsics()) record(owner, label, false);
  // Globals Node defines as getters, read on purpose: they are loaded already.
  record(process, "process", false);
  recordValue(Buffer, "Buffer", false);
  resourcesBefore = countResources();
  listenersBefore = countListeners();
}

function describeKey(key: PropertyKey): string {
  return typeof key === "symbol" ? `[${key.description ?? "symbol"}]` : String(key);
}

/** Why the process must not grade another exercise, or undefined when it may. */
export function leftBehind(): string | undefined {
  for (const [owner, { label, slots, codeOnly }] of recorded) {
    const keys = Reflect.ownKeys(owner);
    for (const key of keys) {
      const before = slots.get(key);
      const descriptor = Reflect.getOwnPropertyDescriptor(owner, key);
      const now = descriptor ? slotOf(descriptor) : undefined;
      if (codeOnly && !isCode(before) && !isCode(now)) continue;
      if (!before) return `${label} gained a property ${describeKey(key)}`;
      if (
        !now ||
        !Object.is(before.value, now.value) ||
        before.get !== now.get ||
        before.set !== now.set
      )
        return `${label}.${describeKey(key)} was replaced`;
    }
    if (keys.length < slots.size) {
      for (const [key, slot] of slots)
        if ((!codeOnly || isCode(slot)) && !keys.includes(key as string | symbol))
          return `${label} lost its property ${describeKey(key)}`;
    }
  }
  if (resourcesBefore) {
    for (const [name, count] of countResources())
      if (count > (resourcesBefore.get(name) ?? 0)) return `a ${name} is still open or scheduled`;
  }
  if (listenersBefore) {
    for (const [event, count] of countListeners())
      if (count > (listenersBefore.get(event) ?? 0))
        return `a process "${event}" listener was added`;
  }
  if (process.memoryUsage().heapUsed > heapLimitBytes) return "the heap grew large";
  // Nothing left behind: what is there now is as the kit made it.
  learnerMayHaveRun = false;
  return undefined;
}

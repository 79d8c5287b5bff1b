/**
 * Random expression graphs for the micrograd graders. A program is a list of leaves and
 * steps; each step applies one operation to earlier nodes (so nodes are reused, and gradient
 * accumulation matters). Programs that pass near a kink or a pole, or grow huge, are
 * filtered out, so that finite differences are meaningful.
 */
import fc from "fast-check";

export type OpName =
  | "add"
  | "mul"
  | "tanh"
  | "pow"
  | "div"
  | "neg"
  | "sub"
  | "exp"
  | "relu"
  | "log";

export interface Step {
  readonly op: OpName;
  readonly a: number;
  /** The second operand: a node index, or a plain number (`{ k }`) for pow and constants. */
  readonly b?: number | { readonly k: number };
}

export interface Program {
  readonly leaves: readonly number[];
  readonly steps: readonly Step[];
}

/** The least a learner's Value needs for these graphs; every method is optional so a stub still type-checks. */
export interface ValueLike {
  data: number;
  grad: number;
  backward?(): void;
  [method: string]: unknown;
}

const binary: readonly OpName[] = ["add", "mul", "div", "sub"];

/** Plain float64 evaluation of one op; the oracle for values and finite differences. */
export function applyPlain(op: OpName, a: number, b: number): number {
  switch (op) {
    case "add":
      return a + b;
    case "mul":
      return a * b;
    case "sub":
      return a - b;
    case "div":
      return a / b;
    case "pow":
      return a ** b;
    case "neg":
      return -a;
    case "tanh":
      return Math.tanh(a);
    case "exp":
      return Math.exp(a);
    case "relu":
      return a < 0 ? 0 : a;
    case "log":
      return Math.log(a);
  }
}

function operand(step: Step, nodes: readonly number[]): number {
  if (step.b === undefined) return 0;
  return typeof step.b === "number" ? nodes[step.b]! : step.b.k;
}

/** Every node's value, leaves first. */
export function evaluate(program: Program, leaves: readonly number[] = program.leaves): number[] {
  const nodes = [...leaves];
  for (const step of program.steps)
    nodes.push(applyPlain(step.op, nodes[step.a]!, operand(step, nodes)));
  return nodes;
}

/** Keeps away from kinks and poles, where a measured derivative means nothing. */
export function isWellBehaved(program: Program): boolean {
  const nodes = [...program.leaves];
  for (const step of program.steps) {
    const a = nodes[step.a]!;
    const b = operand(step, nodes);
    if (step.op === "relu" && Math.abs(a) < 0.05) return false;
    if (step.op === "div" && Math.abs(b) < 0.25) return false;
    if (step.op === "log" && a < 0.25) return false;
    if (step.op === "pow" && !Number.isInteger(b) && a < 0.25) return false;
    if (step.op === "pow" && b < 0 && Math.abs(a) < 0.25) return false;
    if (step.op === "exp" && a > 5) return false;
    const value = applyPlain(step.op, a, b);
    if (!Number.isFinite(value) || Math.abs(value) > 1e4) return false;
    nodes.push(value);
  }
  return true;
}

const leafValue = fc.integer({ min: -300, max: 300 }).map((n) => n / 100);
const exponent = fc.constantFrom(2, 3, -1, 0.5, 1.5, -2);

/**
 * A step before it is placed in a program: `back` counts back from the newest node (graphs
 * grow deep), `pick` chooses any earlier node modulo how many there are (so nodes are reused).
 * Steps stay valid when fast-check shrinks by deleting one, so counterexamples shrink to a
 * few lines.
 */
interface RawStep {
  readonly op: OpName;
  readonly back: number;
  readonly other: { readonly pick: number } | { readonly k: number };
  readonly exponent: number;
}

function rawStepArbitrary(ops: readonly OpName[]): fc.Arbitrary<RawStep> {
  return fc.record({
    op: fc.constantFrom(...ops),
    back: fc.nat(2),
    other: fc.oneof(
      { arbitrary: fc.record({ pick: fc.nat(20) }), weight: 4 },
      { arbitrary: leafValue.map((k) => ({ k })), weight: 1 },
    ),
    exponent,
  });
}

function place(raw: RawStep, available: number): Step {
  const a = available - 1 - (raw.back % Math.min(3, available));
  if (raw.op === "pow") return { op: raw.op, a, b: { k: raw.exponent } };
  if (!binary.includes(raw.op)) return { op: raw.op, a };
  const b = "pick" in raw.other ? raw.other.pick % available : { k: raw.other.k };
  return { op: raw.op, a, b };
}

/** Programs of 1-3 leaves and 1-`maxSteps` steps over `ops`. */
export function programArbitrary(ops: readonly OpName[], maxSteps = 6): fc.Arbitrary<Program> {
  return fc
    .tuple(
      fc.array(leafValue, { minLength: 1, maxLength: 3 }),
      fc.array(rawStepArbitrary(ops), { minLength: 1, maxLength: maxSteps }),
    )
    .map(([leaves, raw]) => ({
      leaves,
      steps: raw.map((step, j) => place(step, leaves.length + j)),
    }))
    .filter(isWellBehaved);
}

/** The program as TypeScript a learner can paste: one line per node. */
export function programCode(program: Program, options: { backward?: boolean } = {}): string {
  const lines = program.leaves.map((v, i) => `const v${i} = new Value(${v});`);
  program.steps.forEach((step, j) => {
    const i = program.leaves.length + j;
    const b =
      step.b === undefined ? "" : typeof step.b === "number" ? `v${step.b}` : String(step.b.k);
    lines.push(`const v${i} = v${step.a}.${step.op}(${b});`);
  });
  const last = program.leaves.length + program.steps.length - 1;
  if (options.backward) lines.push(`v${last}.backward();`);
  return lines.join("\n");
}

/** d(output)/d(leaf i) for every leaf, by central differences in float64. */
export function measuredGradients(program: Program, h = 1e-6): number[] {
  return program.leaves.map((_, i) => {
    const up = [...program.leaves];
    const down = [...program.leaves];
    up[i] = up[i]! + h;
    down[i] = down[i]! - h;
    return (evaluate(program, up).at(-1)! - evaluate(program, down).at(-1)!) / (2 * h);
  });
}

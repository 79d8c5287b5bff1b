import { evaluate, programArbitrary, programCode } from "#kit/arbitraries/micrograd.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectClose, expectNumber } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { importLearner, type ScenarioValues, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";

type Target = typeof import("#solutions/02-value/value.ts");
const learner = loadTarget<Target>("value.ts", ["Value"]);
type Value = InstanceType<Target["Value"]>;

const imports = importLearner(learner, "Value");

check(
  "constructor",
  "new Value(x) keeps x as data, starts grad at 0 and has no children",
  1,
  async () => {
    const code = `${imports}
const v = new Value(2.5, [], "", "a");
const w = new Value(-1, [], "", "weight"); // a second label: the one given is kept`;
    await scenario(learner, code, ({ v, w }) => {
      expectNumber(v.data, "v.data");
      expectClose(v.data, 2.5, "v.data");
      expectClose(v.grad, 0, "v.grad", {
        why: "Every gradient starts at 0: nothing has flowed back yet.",
      });
      if (!Array.isArray(v.prev) || v.prev.length !== 0)
        fail(`\`v.prev\` should be an empty array, but it is ${describeValue(v.prev)}.`);
      if (v.label !== "a") fail(`\`v.label\` should be "a", but it is ${describeValue(v.label)}.`);
      if (w.label !== "weight")
        fail(
          `\`w.label\` should be "weight", but it is ${describeValue(w.label)}: keep the label each Value is given.`,
        );
    });
  },
);

/** The nodes v0, v1, ... a program's code declared. */
function nodesOf(values: ScenarioValues, count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => values[`v${i}`]);
}

check(
  "forward",
  "add, mul and tanh compute the right numbers on random expressions",
  2,
  async () => {
    const { Value } = await learner();
    await property(programArbitrary(["add", "mul", "tanh"]), async (program) => {
      const expected = evaluate(program);
      await scenario(learner, `${imports}\n${programCode(program)}`, (values) => {
        nodesOf(values, expected.length).forEach((node, i) => {
          if (!(node instanceof Value))
            fail(
              `\`v${i}\` should be a Value, but it is ${describeValue(node)}: every operation returns a new Value.`,
            );
          expectClose(node.data, expected[i]!, `v${i}.data`, { rtol: 1e-12, atol: 1e-12 });
        });
      });
    });
  },
);

const symbols = { add: "+", mul: "*", tanh: "tanh" } as const;

check("graph", "each result remembers its inputs (prev) and its operation (op)", 2, async () => {
  const { Value } = await learner();
  await property(programArbitrary(["add", "mul", "tanh"]), async (program) => {
    const count = program.leaves.length + program.steps.length;
    await scenario(learner, `${imports}\n${programCode(program)}`, (values) => {
      const nodes = nodesOf(values, count) as Value[];
      program.steps.forEach((step, j) => {
        const i = program.leaves.length + j;
        const node = nodes[i]!;
        if (!(node instanceof Value))
          fail(
            `\`v${i}\` should be a Value, but it is ${describeValue(node)}: every operation returns a new Value.`,
          );
        const symbol = symbols[step.op as keyof typeof symbols];
        if (node.op !== symbol) {
          const copied = (Object.values(symbols) as string[]).includes(node.op);
          fail(
            `\`v${i}.op\` should be "${symbol}", but it is ${describeValue(node.op)}.${
              copied
                ? ` That is another operation's label: was ${step.op}() copied from it and its op left unchanged? Each operation labels its result with its own symbol.`
                : ""
            }`,
            copied ? { mistake: "op-label-copied" } : {},
          );
        }
        const prev = [...(node.prev ?? [])];
        if (!prev.includes(nodes[step.a]!))
          fail(
            `\`v${i}.prev\` should contain v${step.a} itself (the very object, not a copy), but it does not.`,
          );
        if (typeof step.b === "number" && !prev.includes(nodes[step.b]!)) {
          fail(
            `\`v${i}.prev\` should contain v${step.b} itself (the very object, not a copy), but it does not.`,
          );
        }
        // a.add(a) lists a twice in an array; a Set (as micrograd's Python uses) holds it once.
        const arity = step.b === undefined ? 1 : 2;
        const distinct = step.b === step.a ? 1 : arity;
        if (prev.length !== arity && !(prev.length === distinct && new Set(prev).size === distinct))
          fail(
            `\`v${i}.prev\` should hold ${arity} Value${arity === 1 ? "" : "s"}, but it holds ${prev.length}.`,
          );
      });
    });
  });
});

check(
  "numbers",
  "a plain number is accepted as the other operand: a.add(2), a.mul(3)",
  1,
  async () => {
    const { Value } = await learner();
    const code = `${imports}
const a = new Value(1.5);
const sum = a.add(2);
const product = a.mul(3);`;
    await scenario(learner, code, ({ sum, product }) => {
      expectClose(sum?.data, 3.5, "sum.data", { why: "Wrap a plain number in a Value first." });
      expectClose(product?.data, 4.5, "product.data", {
        why: "Wrap a plain number in a Value first.",
      });
      const second = [...(sum.prev ?? [])][1];
      if (!(second instanceof Value))
        fail(
          `In \`a.add(2)\`, prev should hold two Values, but the second is ${describeValue(second)}: wrap the number with new Value(2).`,
        );
    });
  },
);

import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { initMlp, type MlpParameters, mlpLogits } from "#reference/makemore/mlp.ts";
import { Generator, randint, Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/16-mlp-forward/forward.ts");
const learner = loadTarget<Target>("forward.ts", ["forward"]);

const sizes = fc.record({
  vocabSize: fc.integer({ min: 2, max: 12 }),
  blockSize: fc.integer({ min: 1, max: 4 }),
  embedding: fc.integer({ min: 1, max: 5 }),
  hidden: fc.integer({ min: 1, max: 16 }),
  n: fc.integer({ min: 1, max: 6 }),
  seed: fc.nat(),
});
type Sizes = {
  vocabSize: number;
  blockSize: number;
  embedding: number;
  hidden: number;
  n: number;
  seed: number;
};

/** The grader's own parameters and contexts; the scenario makes the same ones from the same seed. */
function make(s: Sizes) {
  const g = new Generator().manualSeed(s.seed);
  const p = initMlp(s, g);
  return { p, X: randint(0, s.vocabSize, [s.n, s.blockSize], { generator: g }) };
}

/** The scenario: p and X made as make(s) makes them, then `body`. */
const setupCode = (s: Sizes, body: string) => `${importLearner(learner, "forward")}
import { initMlp } from "#reference/makemore/mlp.ts";
import { Generator, randint } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${s.seed});
const p = initMlp({ vocabSize: ${s.vocabSize}, blockSize: ${s.blockSize}, embedding: ${s.embedding}, hidden: ${s.hidden} }, g); // C, W1, b1, W2, b2
const X = randint(0, ${s.vocabSize}, [${s.n}, ${s.blockSize}], { generator: g });
${body}`;

check("logits", "the logits: embed, flatten, tanh(· @ W1 + b1), then @ W2 + b2", 3, async () => {
  // Loaded before any drawn input, so that a file that does not load is reported as such.
  await learner();
  await property(sizes, async (s) => {
    const { p, X } = make(s);
    const expected = mlpLogits(p, X);
    const untanh = p.C.index(X).view(s.n, -1).matmul(p.W1).add(p.b1).matmul(p.W2).add(p.b2);
    await scenario(learner, setupCode(s, "const logits = forward(p, X);"), (values) => {
      // p and X as the grader made them, before: a parameter changed in place is named first.
      expectInputsUnchanged("forward(p, X)", { p: [values["p"], p], X: [values["X"], X] });
      const { logits } = values;
      if (!(logits instanceof Tensor))
        fail(`\`forward(p, X)\` should return a Tensor, but it returned ${describeValue(logits)}.`);
      if (logits.shape.join() !== expected.shape.join())
        fail(
          `The logits should have shape [${expected.shape.join(", ")}] (examples × vocabulary), but they have [${logits.shape.join(", ")}].`,
        );
      const far = (a: Tensor, b: Tensor) =>
        [...a.storage].some((v, i) => !isClose(v, b.storage[i]!, { rtol: 1e-4, atol: 1e-4 }));
      if (far(logits, expected) && !far(logits, untanh)) {
        fail(
          "The hidden layer has no tanh: without a nonlinearity two linear layers collapse into one. h = emb.view(n, -1).matmul(W1).add(b1).tanh().",
          { mistake: "hidden-without-tanh" },
        );
      }
      expected.storage.forEach((v, i) => {
        if (!isClose(logits.storage[i]!, v, { rtol: 1e-4, atol: 1e-4 }))
          fail(
            `Logit ${i} should be ${formatNumber(v)}, but it is ${formatNumber(logits.storage[i]!)}.`,
          );
      });
    });
  });
});

check("graph", "every parameter gets a gradient through the forward pass", 1, async () => {
  const s: Sizes = { vocabSize: 5, blockSize: 3, embedding: 2, hidden: 4, n: 3, seed: 1 };
  const code = setupCode(
    s,
    "forward(p, X).sum().backward();\n// every parameter's grad should be set",
  );
  await scenario(learner, code, ({ p }) => {
    for (const name of ["C", "W1", "b1", "W2", "b2"] as const) {
      if (!(p as MlpParameters)[name].grad)
        fail(
          `After forward(p, X).sum().backward(), ${name}.grad is null: build the logits from the parameters with tensor operations so that gradients reach every one.`,
        );
    }
  });
});

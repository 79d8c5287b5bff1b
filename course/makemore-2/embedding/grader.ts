import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { Generator, oneHot, randint, randn, Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/15-embedding/embedding.ts");
const learner = loadTarget<Target>("embedding.ts", ["embed", "flatten"]);

const setup = fc.record({
  vocab: fc.integer({ min: 2, max: 27 }),
  dims: fc.integer({ min: 1, max: 5 }),
  n: fc.integer({ min: 1, max: 6 }),
  block: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(),
});
type Setup = { vocab: number; dims: number; n: number; block: number; seed: number };

/** The grader's own C and X; the scenario makes the same ones from the same seed. */
function make(s: Setup) {
  const g = new Generator().manualSeed(s.seed);
  return {
    C: randn([s.vocab, s.dims], { generator: g, requiresGrad: true }),
    X: randint(0, s.vocab, [s.n, s.block], { generator: g }),
  };
}

/** The scenario: C and X made as make(s) makes them, then `body`. */
const setupCode = (s: Setup, name: "embed" | "flatten", body: string) =>
  `${importLearner(learner, name)}
import { Generator, randint, randn } from "#reference/tensor/index.ts";
const g = new Generator().manualSeed(${s.seed});
const C = randn([${s.vocab}, ${s.dims}], { generator: g, requiresGrad: true });
const X = randint(0, ${s.vocab}, [${s.n}, ${s.block}], { generator: g });
${body}`;

check(
  "lookup",
  "C[X] is one-hot(X) @ C: shape [examples, block, embedding], and gradients reach C",
  2,
  async () => {
    // Loaded before any drawn input, so that a file that does not load is reported as such.
    await learner();
    await property(setup, async (s) => {
      const { C, X } = make(s);
      const expected = oneHot(X, s.vocab)
        .float()
        .view(-1, s.vocab)
        .matmul(C)
        .view(s.n, s.block, s.dims);
      const lookup = setupCode(s, "embed", "const emb = embed(C, X);");
      await scenario(learner, lookup, ({ emb, C: table, X: contexts }) => {
        // C and X as the grader made them: a lookup that edits either in place is named first.
        expectInputsUnchanged("embed(C, X)", { C: [table, C], X: [contexts, X] });
        if (!(emb instanceof Tensor))
          fail(`\`embed(C, X)\` should return a Tensor, but it returned ${describeValue(emb)}.`);
        if (emb.shape.join() !== expected.shape.join())
          fail(
            `\`embed(C, X)\` should have shape [${expected.shape.join(", ")}], but it has [${emb.shape.join(", ")}].`,
          );
        // Written so that NaN fails: NaN compares false with everything.
        const wrong = [...emb.storage].findIndex(
          (v, i) => !(Math.abs(v - expected.storage[i]!) <= 1e-6),
        );
        if (wrong >= 0) {
          const [i, j, d] = [
            Math.floor(wrong / (s.block * s.dims)),
            Math.floor(wrong / s.dims) % s.block,
            wrong % s.dims,
          ];
          fail(
            `\`embed(C, X)\` should hold row X[i, j] of C at [i, j], the same numbers as one-hot(X) @ C; but embed(C, X)[${i}, ${j}, ${d}] is ${formatNumber(emb.storage[wrong]!)} instead of C[X[${i}, ${j}], ${d}] = ${formatNumber(expected.storage[wrong]!)}.`,
          );
        }
      });
      // The gradient, only once the lookup is right, as a scenario of its own that shows the backward.
      const backward = setupCode(
        s,
        "embed",
        "embed(C, X).sum().backward();\n// C.grad should be set",
      );
      await scenario(learner, backward, ({ C: table }) => {
        if (!table.grad)
          fail(
            "After `embed(C, X).sum().backward()`, C.grad is null: the lookup must be a tensor operation on C (C.index(X)) so that gradients flow back to the embedding table.",
          );
      });
    });
  },
);

/** Whether `a` holds exactly `b`'s elements, in any order. */
function samePermutation(a: Tensor, b: Tensor): boolean {
  if (a.numel() !== b.numel()) return false;
  const sorted = (t: Tensor) => [...t.storage].sort((x, y) => x - y);
  const x = sorted(a);
  const y = sorted(b);
  return x.every((v, i) => v === y[i]);
}

check("flatten", "view lays each window's embeddings side by side, in order", 2, async () => {
  // Loaded before any drawn input, so that a file that does not load is reported as such.
  await learner();
  await property(
    setup.filter((s) => s.block > 1 && s.n > 1),
    async (s) => {
      const { C, X } = make(s);
      const code = setupCode(s, "flatten", "const emb = C.index(X);\nconst flat = flatten(emb);");
      await scenario(learner, code, ({ flat, emb }) => {
        expectInputsUnchanged("flatten(emb)", { emb: [emb, C.index(X)] });
        if (!(flat instanceof Tensor))
          fail(`\`flatten(emb)\` should return a Tensor, but it returned ${describeValue(flat)}.`);
        if (flat.shape.join() !== [s.n, s.block * s.dims].join())
          fail(
            `\`flatten(emb)\` should have shape [${s.n}, ${s.block * s.dims}] (examples × block·embedding), but it has [${flat.shape.join(", ")}].`,
          );
        for (let i = 0; i < s.n; i++) {
          for (let j = 0; j < s.block; j++) {
            for (let d = 0; d < s.dims; d++) {
              if (flat.get(i, j * s.dims + d) !== C.get(X.get(i, j), d)) {
                const where = `Row ${i} of the flattened embeddings should be C[X[${i}, 0]], then C[X[${i}, 1]], … side by side; position ${j * s.dims + d} holds ${formatNumber(flat.get(i, j * s.dims + d))} instead of C[X[${i}, ${j}], ${d}] = ${formatNumber(C.get(X.get(i, j), d))}.`;
                // The wrong order is named only when every element is there, elsewhere.
                if (samePermutation(flat, C.index(X)))
                  fail(
                    `${where} The elements are in the wrong order: emb.view(examples, -1) keeps them in order, a transpose or a view of the other shape mixes windows.`,
                    { mistake: "embedding-flattened-wrong-order" },
                  );
                fail(
                  `${where} These are not emb's elements rearranged: flatten only reshapes, emb.view(examples, -1), without changing any value.`,
                );
              }
            }
          }
        }
      });
    },
  );
});

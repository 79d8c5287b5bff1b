import fc from "fast-check";
import { check } from "#kit/check.ts";
import { expectGradientTensor, type WrongGradient } from "#kit/gradient-tensor.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { type NinjaForward, type NinjaGradients, ninjaCase } from "#reference/makemore/ninja.ts";
import { Generator, randn, type Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/30-batchnorm-backward/batchnorm.ts");
const learner = loadTarget<Target>("batchnorm.ts", ["dhprebn"]);
const imports = importLearner(learner, "dhprebn");

const hint =
  "Per column: dhprebn = bngain * bnvar_inv / n * (n * dhpreact - dhpreact.sum(0) - n/(n-1) * bnraw * (dhpreact * bnraw).sum(0)). Three paths reach each input: directly, through the mean, and through the variance.";

/**
 * Batches of 8 to 40: with two or three rows a column's outputs are almost fixed (two rows
 * normalise to about ±0.71 whatever they were), the expression's terms cancel to what eps leaves,
 * and float32 rounding decides the rest.
 */
const cases = fc.record({ seed: fc.nat(), n: fc.integer({ min: 8, max: 40 }) });

/**
 * Per element, the sum of the magnitudes of the formula's terms (the hint's, with each column
 * sum's terms taken by magnitude): on a small batch the three paths cancel to much less than
 * their terms, and another correct order of the operations is off by a few of the terms' ulps,
 * past allclose's atol (see expectGradientTensor).
 */
function termScale(f: NinjaForward, dy: Tensor): Tensor {
  const n = f.n;
  const each = dy.abs().mul(n);
  const meanPath = dy.abs().sum(0, true);
  const variancePath = f.bnraw
    .abs()
    .mul(n / (n - 1))
    .mul(dy.mul(f.bnraw).abs().sum(0, true));
  return f.bngain.mul(f.bnvar_inv).div(n).abs().mul(each.add(meanPath).add(variancePath));
}

/** The mistakes this exercise names, computed on the grader's copies. */
function wrongWays(f: NinjaForward, dy: Tensor): WrongGradient[] {
  const n = f.n;
  const scale = f.bngain.mul(f.bnvar_inv).div(n);
  const meanPath = dy.sum(0);
  const variancePath = (factor: number) => f.bnraw.mul(factor).mul(dy.mul(f.bnraw).sum(0));
  return [
    {
      mistake: "variance-divided-by-n",
      value: () => scale.mul(dy.mul(n).sub(meanPath).sub(variancePath(1))),
      message: `the variance's term has no n/(n-1) factor, as if the variance divided by n. The forward's variance divides by n - 1 (Bessel's correction), so its path carries n/(n-1) (here ${n}/${n - 1}).`,
    },
    {
      mistake: "batchnorm-mean-term-missing",
      value: () => scale.mul(dy.mul(n).sub(variancePath(n / (n - 1)))),
      message:
        "the path through the mean is missing: every input moves its column's mean, which every output subtracts, so subtract each column's sum of dhpreact (dhpreact.sum(0)).",
    },
    {
      mistake: "bngain-forgotten",
      value: () =>
        f.bnvar_inv.div(n).mul(
          dy
            .mul(n)
            .sub(meanPath)
            .sub(variancePath(n / (n - 1))),
        ),
      message:
        "bngain is missing: hpreact = bngain * bnraw + bnbias, so the gradient reaching bnraw is bngain * dhpreact before it goes on through the normalisation.",
    },
  ];
}

check(
  "dhprebn",
  "dhprebn from autograd's dhpreact equals autograd's (allclose), for drawn models and batches",
  3,
  async () => {
    await learner();
    await property(
      cases,
      async ({ seed, n }) => {
        const mine = ninjaCase(seed, n);
        const code = `${imports}
import { ninjaCase } from "#reference/makemore/ninja.ts";
const { forward: f, grads } = ninjaCase(${seed}, ${n});
const byHand = dhprebn(f, grads.hpreact); // autograd's is grads.hprebn`;
        await scenario(learner, code, ({ byHand, f, grads }) => {
          // Every tensor of the forward pass and the arriving gradient, against the grader's copies.
          expectInputsUnchanged("dhprebn(f, grads.hpreact)", {
            f: [f, mine.forward],
            "grads.hpreact": [(grads as NinjaGradients).hpreact, mine.grads.hpreact],
          });
          expectGradientTensor("dhprebn", "hprebn", byHand, mine.grads.hprebn, {
            wrong: wrongWays(mine.forward, mine.grads.hpreact),
            hint,
            termScale: termScale(mine.forward, mine.grads.hpreact),
          });
        });
      },
      { numRuns: 5 },
    );
  },
);

check(
  "any-upstream",
  "dhprebn is BatchNorm's backward for any gradient arriving at its output, not only the loss's",
  2,
  async () => {
    await learner();
    await property(
      cases,
      async ({ seed, n }) => {
        const mine = ninjaCase(seed, n);
        const f = mine.forward;
        // The size of what the loss sends (about 1e-3), so that the lecture's tolerance fits it.
        const dy = randn([n, f.hpreact.shape[1]!], {
          generator: new Generator().manualSeed(seed),
        }).mul(0.001);
        // Autograd of BatchNorm alone, as the lecture writes it, from hprebn to hpreact.
        const x = f.hprebn.clone().requiresGrad_(true);
        const mean = x.sum(0, true).mul(1 / n);
        const diff = x.sub(mean);
        const inv = diff
          .pow(2)
          .sum(0, true)
          .mul(1 / (n - 1))
          .add(1e-5)
          .pow(-0.5);
        f.bngain.mul(diff.mul(inv)).add(f.bnbias).mul(dy).sum().backward();
        const code = `${imports}
import { ninjaCase } from "#reference/makemore/ninja.ts";
import { Generator, randn } from "#reference/tensor/index.ts";
const { forward: f } = ninjaCase(${seed}, ${n});
// any gradient of BatchNorm's output (the size of the loss's): its backward through the same forward
const dhpreact = randn([${n}, ${f.hpreact.shape[1]}], { generator: new Generator().manualSeed(${seed}) }).mul(0.001);
const byHand = dhprebn(f, dhpreact);`;
        await scenario(learner, code, ({ byHand, f: given, dhpreact }) => {
          expectInputsUnchanged("dhprebn(f, dhpreact)", {
            f: [given, f],
            dhpreact: [dhpreact, dy],
          });
          expectGradientTensor("dhprebn", "hprebn", byHand, x.grad!, {
            wrong: wrongWays(f, dy),
            hint,
            termScale: termScale(f, dy),
          });
        });
      },
      { numRuns: 4 },
    );
  },
);

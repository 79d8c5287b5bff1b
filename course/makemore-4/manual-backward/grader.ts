import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectGradientTensor, type WrongGradient } from "#kit/gradient-tensor.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import {
  compareGradients,
  type NinjaForward,
  type NinjaGradients,
  ninjaCase,
  ulpOf,
} from "#reference/makemore/ninja.ts";
import { Generator, randint, Tensor, zerosLike } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/28-manual-backward/backward.ts");
type GradName = keyof NinjaGradients;
type StepFunction = keyof Target;

/** One line of the lecture's exercise 1: the gradient of `name`, from the gradients of what it feeds. */
interface Step {
  readonly name: GradName;
  readonly upstream: readonly GradName[];
  /** The forward line it undoes, as the lecture writes it. */
  readonly forward: string;
  /** What a wrong value most likely got wrong, short of the answer. */
  readonly hint: string;
  readonly wrong?: (f: NinjaForward, up: readonly Tensor[]) => readonly WrongGradient[];
  /**
   * When autograd's upstream gradient tells a right step from one that ignores it too weakly
   * (dlogit_maxes itself is almost zero: shifting a row does not change its softmax; dhprebn's
   * and dnorm_logits's sums that db1 and dlogit_maxes take are almost zero), a step that ignores
   * it would pass. The probe feeds a made-up one instead, and autograd of the forward lines that
   * read this tensor gives the answer.
   */
  readonly probe?: {
    readonly upstream: GradName;
    readonly why: string;
    /**
     * The forward lines that read this tensor, recomputed from `x` with every other input held
     * (taken from the forward pass `f`), one per upstream gradient, in the same order.
     */
    readonly consumers: (x: Tensor, f: NinjaForward) => readonly Tensor[];
  };
  /**
   * For a gradient that is a sum of terms (a row or column sum, a matrix product, two paths
   * added), the size of those terms: where they cancel (dlogit_maxes sums a row of dnorm_logits
   * to about 0; dembcat's products cancel on a small batch), another correct order of the sum is
   * off by a few of their ulps, past allclose's atol (see expectGradientTensor). Per element, the
   * sum of its terms' magnitudes. A check that cannot tell a sign from rounding then needs a
   * probe too.
   */
  readonly termScale?: (up: readonly Tensor[], f: NinjaForward) => number | Tensor;
}

const steps: readonly Step[] = [
  {
    name: "logprobs",
    upstream: [],
    forward: "loss = -logprobs[range(n), Yb].mean()",
    hint: "Only the n elements [i, Yb[i]] reach the loss, each through a mean of n: every other element's gradient is 0.",
    wrong: (f) => [
      {
        mistake: "mean-gradient-not-divided-by-n",
        value: () => {
          const d = zerosLike(f.logprobs);
          for (let i = 0; i < f.n; i++) d.set(-1, i, f.Yb.get(i));
          return d;
        },
        message: `it puts -1 at each [i, Yb[i]], but the loss is a mean over the batch: each picked element gets -1/n (n is ${f.n}).`,
      },
    ],
  },
  {
    name: "probs",
    upstream: ["logprobs"],
    forward: "logprobs = probs.log()",
    hint: "The local derivative of log(x) is 1/x, times the gradient that arrives (the chain rule).",
    wrong: (f) => [
      {
        mistake: "chain-rule-upstream-dropped",
        value: () => f.probs.pow(-1),
        message:
          "it is the local derivative 1/probs alone. The chain rule multiplies it by the gradient that arrives from logprobs: (1/probs) * dlogprobs.",
      },
    ],
  },
  {
    name: "counts_sum_inv",
    upstream: ["probs"],
    forward: "probs = counts * counts_sum_inv",
    hint: "counts_sum_inv [n, 1] was copied across the 27 columns by broadcasting: its gradient sums counts * dprobs over those columns, keeping the dimension.",
    termScale: ([dprobs], f) => f.counts.abs().mul(dprobs!.abs()).sum(1, true),
  },
  {
    name: "counts_sum",
    upstream: ["counts_sum_inv"],
    forward: "counts_sum_inv = counts_sum**-1",
    hint: "The derivative of x**-1 is -x**-2, times the gradient that arrives.",
    wrong: (f, [up]) => [
      {
        mistake: "power-rule-wrong",
        value: () => f.counts_sum.pow(-2).mul(up!),
        message:
          "its sign is flipped: the derivative of x**-1 is -x**-2 (the power rule: k·x^(k-1), k = -1).",
      },
    ],
  },
  {
    name: "counts",
    upstream: ["probs", "counts_sum"],
    forward: "counts_sum = counts.sum(1, keepdims=True); probs = counts * counts_sum_inv",
    hint: "counts is used twice, in probs and in counts_sum: its gradient is the sum of what comes back along both.",
    termScale: ([dprobs, dcountsSum], f) =>
      f.counts_sum_inv.mul(dprobs!).abs().add(dcountsSum!.abs()),
    wrong: (f, [dprobs, dcountsSum]) => [
      {
        mistake: "path-not-summed",
        value: () => f.counts_sum_inv.mul(dprobs!),
        message:
          "it has only the path through probs (counts_sum_inv * dprobs). counts also feeds counts_sum, and a tensor used twice gets the sum of both paths' gradients: add dcounts_sum, broadcast over the row.",
      },
      {
        mistake: "path-not-summed",
        value: () => zerosLike(f.counts).add(dcountsSum!),
        message:
          "it has only the path through counts_sum. counts also feeds probs directly, and a tensor used twice gets the sum of both paths' gradients: add counts_sum_inv * dprobs.",
      },
    ],
  },
  {
    name: "norm_logits",
    upstream: ["counts"],
    forward: "counts = norm_logits.exp()",
    hint: "exp is its own derivative: the forward's output, counts, times the gradient that arrives.",
  },
  {
    name: "logit_maxes",
    upstream: ["norm_logits"],
    forward: "norm_logits = logits - logit_maxes",
    hint: "logit_maxes [n, 1] was subtracted from every column: its gradient is minus the arriving gradient, summed over the columns, keeping the dimension.",
    termScale: ([dnorm]) => largest(dnorm!),
    probe: {
      upstream: "norm_logits",
      why: "autograd's dnorm_logits sums to almost 0 along each row (shifting a row leaves its softmax alone), so dlogit_maxes is almost 0 whatever it does with it: a made-up one, to see that each row is summed and negated",
      consumers: (x, f) => [f.logits.sub(x)],
    },
    wrong: (f, [dnorm]) => {
      const zeros: WrongGradient = {
        mistake: "gradient-taken-as-zero",
        value: () => zerosLike(f.logit_maxes),
        message:
          "it is all zeros. Autograd's dlogit_maxes is about 0 only because shifting a row of logits leaves its softmax alone; the step itself is the chain rule, whatever gradient arrives: minus dnorm_logits, summed over each row, keeping the dimension.",
      };
      // With autograd's dnorm_logits every row sums to rounding, and so do both signs: the sign
      // is named only when some row's sum is far past rounding (the probe's made-up one).
      const sums = dnorm!.sum(1, true);
      const rounding = 100 * ulpOf(largest(dnorm!));
      if (sums.storage.every((v) => Math.abs(Number(v)) <= rounding)) return [zeros];
      return [
        zeros,
        {
          mistake: "subtracted-gradient-sign-lost",
          value: () => sums,
          message:
            "it is the arriving gradient summed over the columns, without the minus sign: norm_logits = logits - logit_maxes, so logit_maxes's gradient is minus the arriving gradient, summed over the columns.",
        },
      ];
    },
  },
  {
    name: "logits",
    upstream: ["norm_logits", "logit_maxes"],
    forward: "logit_maxes = logits.max(1, keepdim=True).values; norm_logits = logits - logit_maxes",
    hint: "logits reaches the loss directly and through each row's max, which is one element of the row: that element alone also gets its row's dlogit_maxes.",
    termScale: ([dnorm, dmaxes]) => dnorm!.abs().add(dmaxes!.abs()),
    probe: {
      upstream: "logit_maxes",
      why: "autograd's dlogit_maxes is almost 0 (shifting a row does not change its softmax), so a made-up one, to see where the max's path goes",
      consumers: (x) => {
        const maxes = x.max(1, true).values;
        return [x.sub(maxes.detach()), maxes];
      },
    },
    wrong: (_f, [dnorm, dmaxes]) => [
      {
        mistake: "max-grad-forgotten",
        value: () => dnorm!.clone(),
        message:
          "it is dnorm_logits alone: the path through logit_maxes is forgotten. Each row's max is one of its logits, so that element also gets the row's dlogit_maxes (F.one_hot of the max's indices, times dlogit_maxes).",
      },
      {
        mistake: "max-grad-spread",
        value: () => dnorm!.add(dmaxes!),
        message:
          "dlogit_maxes is added to every element of its row, but the max picks one element: only the largest logit of each row gets it (F.one_hot of logits.max(1).indices, times dlogit_maxes).",
      },
    ],
  },
  {
    name: "h",
    upstream: ["logits"],
    forward: "logits = h @ W2 + b2",
    hint: "For y = x @ W, dx = dy @ W.T: the shapes say so, [n, 27] @ [27, 64] gives [n, 64].",
    termScale: ([dlogits], f) => dlogits!.abs().matmul(f.W2.abs().T),
  },
  {
    name: "W2",
    upstream: ["logits"],
    forward: "logits = h @ W2 + b2",
    hint: "For y = x @ W, dW = x.T @ dy: the shapes say so, [64, n] @ [n, 27] gives [64, 27].",
    termScale: ([dlogits], f) => f.h.abs().T.matmul(dlogits!.abs()),
    wrong: (f, [dlogits]) => [
      {
        mistake: "dw-as-w-times-d",
        value: () => f.W2.matmul(dlogits!.T),
        message:
          "it is W2 times the gradient (W2 @ dlogits.T). A weight's gradient is its layer's input, transposed, times the gradient: h.T @ dlogits, [64, n] @ [n, 27].",
      },
    ],
  },
  {
    name: "b2",
    upstream: ["logits"],
    forward: "logits = h @ W2 + b2",
    hint: "b2 [27] was added to every row: its gradient sums dlogits over the rows.",
    termScale: ([dlogits]) => dlogits!.abs().sum(0),
    wrong: (_f, [dlogits]) => [
      {
        mistake: "bias-grad-summed-over-wrong-dim",
        value: () => dlogits!.sum(1),
        message:
          "dlogits is summed over the columns (dim 1), one number per example. b2 was added to every row, so its gradient sums over the rows: dim 0, one number per column of b2.",
      },
    ],
  },
  {
    name: "hpreact",
    upstream: ["h"],
    forward: "h = torch.tanh(hpreact)",
    hint: "tanh's derivative is 1 - tanh(x)², and tanh(x) is h, the forward's output.",
    termScale: ([dh], f) => f.h.pow(2).add(1).mul(dh!.abs()),
    wrong: (f, [dh]) => [
      {
        mistake: "tanh-derivative-from-input",
        value: () => f.hpreact.pow(2).neg().add(1).mul(dh!),
        message:
          "it uses 1 - hpreact², the input squared. tanh's derivative is 1 - tanh(x)², and tanh(hpreact) is h: (1 - h**2) * dh.",
      },
    ],
  },
  {
    name: "bngain",
    upstream: ["hpreact"],
    forward: "hpreact = bngain * bnraw + bnbias",
    hint: "bngain [1, 64] was broadcast over the n rows: bnraw * dhpreact summed over the rows, keeping the dimension.",
    termScale: ([dhpreact], f) => f.bnraw.abs().mul(dhpreact!.abs()).sum(0, true),
  },
  {
    name: "bnbias",
    upstream: ["hpreact"],
    forward: "hpreact = bngain * bnraw + bnbias",
    hint: "bnbias [1, 64] was added to every row: dhpreact summed over the rows, keeping the dimension.",
    termScale: ([dhpreact]) => dhpreact!.abs().sum(0, true),
    wrong: (_f, [dhpreact]) => [
      {
        mistake: "bias-grad-summed-over-wrong-dim",
        value: () => dhpreact!.sum(1, true),
        message:
          "dhpreact is summed over the columns (dim 1), one number per example. bnbias was added to every row, so its gradient sums over the rows: .sum(0, true).",
      },
    ],
  },
  {
    name: "bnraw",
    upstream: ["hpreact"],
    forward: "hpreact = bngain * bnraw + bnbias",
    hint: "For y = a * x, dx = a * dy (here broadcast, bngain [1, 64] over the rows).",
  },
  {
    name: "bnvar_inv",
    upstream: ["bnraw"],
    forward: "bnraw = bndiff * bnvar_inv",
    hint: "bnvar_inv [1, 64] was broadcast over the n rows: bndiff * dbnraw summed over the rows, keeping the dimension.",
    termScale: ([dbnraw], f) => f.bndiff.abs().mul(dbnraw!.abs()).sum(0, true),
  },
  {
    name: "bnvar",
    upstream: ["bnvar_inv"],
    forward: "bnvar_inv = (bnvar + 1e-5)**-0.5",
    hint: "The power rule: the derivative of (x + 1e-5)**-0.5 is -0.5 * (x + 1e-5)**-1.5.",
    wrong: (f, [up]) => [
      {
        mistake: "power-rule-wrong",
        value: () => f.bnvar.add(1e-5).pow(-0.5).mul(-0.5).mul(up!),
        message:
          "the exponent is kept at -0.5. The power rule lowers it by one: d/dx (x + 1e-5)**-0.5 = -0.5 * (x + 1e-5)**-1.5.",
      },
    ],
  },
  {
    name: "bndiff2",
    upstream: ["bnvar"],
    forward: "bnvar = 1/(n-1)*(bndiff2).sum(0, keepdim=True)",
    hint: "Every element of a column reaches its column's variance with weight 1/(n-1): dbnvar, broadcast over the rows, divided by n - 1.",
    wrong: (f, [up]) => [
      {
        mistake: "variance-divided-by-n",
        value: () =>
          zerosLike(f.bndiff2)
            .add(up!)
            .mul(1 / f.n),
        message: `it divides by n (${f.n}), but the forward's variance divides by n - 1 (Bessel's correction): 1/(n-1) * dbnvar, over every row.`,
      },
    ],
  },
  {
    name: "bndiff",
    upstream: ["bnraw", "bndiff2"],
    forward: "bndiff2 = bndiff**2; bnraw = bndiff * bnvar_inv",
    hint: "bndiff is used twice, in bnraw and in bndiff2: its gradient is the sum of what comes back along both.",
    termScale: ([dbnraw, dbndiff2], f) =>
      f.bnvar_inv.mul(dbnraw!).abs().add(f.bndiff.mul(2).mul(dbndiff2!).abs()),
    wrong: (f, [dbnraw, dbndiff2]) => [
      {
        mistake: "path-not-summed",
        value: () => f.bnvar_inv.mul(dbnraw!),
        message:
          "it has only the path through bnraw (bnvar_inv * dbnraw). bndiff also feeds bndiff2 = bndiff**2, and a tensor used twice gets the sum of both: add 2 * bndiff * dbndiff2.",
      },
      {
        mistake: "path-not-summed",
        value: () => f.bndiff.mul(2).mul(dbndiff2!),
        message:
          "it has only the path through bndiff2. bndiff also feeds bnraw directly, and a tensor used twice gets the sum of both: add bnvar_inv * dbnraw.",
      },
    ],
  },
  {
    name: "bnmeani",
    upstream: ["bndiff"],
    forward: "bndiff = hprebn - bnmeani",
    hint: "bnmeani [1, 64] was subtracted from every row: minus dbndiff, summed over the rows, keeping the dimension.",
    termScale: ([dbndiff]) => dbndiff!.abs().sum(0, true),
  },
  {
    name: "hprebn",
    upstream: ["bndiff", "bnmeani"],
    forward: "bnmeani = 1/n*hprebn.sum(0, keepdim=True); bndiff = hprebn - bnmeani",
    hint: "hprebn is used twice, in bndiff and in bnmeani (a mean over the rows): its gradient is the sum of both paths.",
    termScale: ([dbndiff, dbnmeani], f) => dbndiff!.abs().add(dbnmeani!.abs().mul(1 / f.n)),
    wrong: (f, [dbndiff, dbnmeani]) => [
      {
        mistake: "path-not-summed",
        value: () => dbndiff!.clone(),
        message:
          "it has only the path through bndiff. hprebn also feeds its column means bnmeani, and a tensor used twice gets the sum of both: add dbnmeani / n, over every row.",
      },
      {
        mistake: "path-not-summed",
        value: () =>
          zerosLike(f.hprebn)
            .add(dbnmeani!)
            .mul(1 / f.n),
        message:
          "it has only the path through bnmeani. hprebn also feeds bndiff directly, and a tensor used twice gets the sum of both: add dbndiff.",
      },
    ],
  },
  {
    name: "embcat",
    upstream: ["hprebn"],
    forward: "hprebn = embcat @ W1 + b1",
    hint: "For y = x @ W, dx = dy @ W.T: the shapes say so, [n, 64] @ [64, 30] gives [n, 30].",
    termScale: ([dhprebn], f) => dhprebn!.abs().matmul(f.W1.abs().T),
  },
  {
    name: "W1",
    upstream: ["hprebn"],
    forward: "hprebn = embcat @ W1 + b1",
    hint: "For y = x @ W, dW = x.T @ dy: the shapes say so, [30, n] @ [n, 64] gives [30, 64].",
    termScale: ([dhprebn], f) => f.embcat.abs().T.matmul(dhprebn!.abs()),
    wrong: (f, [dhprebn]) => [
      {
        mistake: "dw-as-w-times-d",
        value: () => f.W1.matmul(dhprebn!.T),
        message:
          "it is W1 times the gradient (W1 @ dhprebn.T). A weight's gradient is its layer's input, transposed, times the gradient: embcat.T @ dhprebn, [30, n] @ [n, 64].",
      },
    ],
  },
  {
    name: "b1",
    upstream: ["hprebn"],
    forward: "hprebn = embcat @ W1 + b1",
    hint: "b1 [64] was added to every row: its gradient sums dhprebn over the rows.",
    termScale: ([dhprebn]) => dhprebn!.abs().sum(0),
    probe: {
      upstream: "hprebn",
      why: "autograd's dhprebn sums to almost 0 down each column (BatchNorm takes each column's mean out), so db1 is almost 0 whatever it does with it: a made-up one, to see that it is summed over the rows",
      consumers: (x, f) => [f.embcat.matmul(f.W1).add(x)],
    },
    wrong: (f, [dhprebn]) => [
      {
        mistake: "gradient-taken-as-zero",
        value: () => zerosLike(f.b1),
        message:
          "it is all zeros. Autograd's db1 is about 0 only because BatchNorm takes each column's mean out of dhprebn (b1 cannot move the loss); the step itself is the chain rule, whatever gradient arrives: dhprebn summed over the rows.",
      },
      {
        mistake: "bias-grad-summed-over-wrong-dim",
        value: () => dhprebn!.sum(1),
        message:
          "dhprebn is summed over the columns (dim 1), one number per example. b1 was added to every row, so its gradient sums over the rows: dim 0.",
      },
    ],
  },
  {
    name: "emb",
    upstream: ["embcat"],
    forward: "embcat = emb.view(emb.shape[0], -1)",
    hint: "A view only rearranges: the gradient is dembcat viewed back in emb's shape.",
  },
  {
    name: "C",
    upstream: ["emb"],
    forward: "emb = C[Xb]",
    hint: "Row Xb[k, j] of C was copied into emb[k, j]: every copy sends its gradient back to that row, and a row picked several times gets the sum.",
    termScale: ([demb], f) => rowsPicked(f, demb!.abs()),
    wrong: (f, [demb]) => [
      {
        mistake: "dc-assigned-not-accumulated",
        value: () => {
          // What `dC[ix] = demb[k, j]` leaves: the last copy of each row wins.
          const d = zerosLike(f.C);
          const [rows, columns] = f.Xb.shape as [number, number];
          for (let k = 0; k < rows; k++)
            for (let j = 0; j < columns; j++)
              for (let c = 0; c < f.C.shape[1]!; c++) d.set(demb!.get(k, j, c), f.Xb.get(k, j), c);
          return d;
        },
        message:
          "each row of dC holds only the last copy's gradient: it is assigned (dC[ix] = demb[k, j]) where it should be accumulated (dC[ix] += demb[k, j]). A row of C picked several times in the batch gets the sum of all their gradients.",
      },
    ],
  },
];

const functionOf = (step: Step) => `d${step.name}` as StepFunction;
const learner = loadTarget<Target>("backward.ts", steps.map(functionOf));

/** The drawn model and batch: any seed, and a batch of 2 to 40 (n - 1 must not be 0). */
const cases = fc.record({ seed: fc.nat(), n: fc.integer({ min: 2, max: 40 }) });
/**
 * The chain's batches: from 4 rows. On two or three BatchNorm fixes a column's outputs (two rows
 * normalise to about ±0.71 whatever they were), so dhprebn is only rounding, and a learner's own
 * correct chain carries a different rounding into dembcat and demb than autograd's. Each step's
 * own check still draws batches from 2.
 */
const chainCases = fc.record({ seed: fc.nat(), n: fc.integer({ min: 4, max: 40 }) });

/** Fails if the learner's step changed a tensor it was given. */
function expectUntouched(given: readonly Tensor[], copies: readonly Tensor[], fn: string): void {
  given.forEach((t, i) => {
    if (!t.storage.every((v, j) => Object.is(v, copies[i]!.storage[j])))
      fail(
        `${fn} changed a tensor it was given (in place, with add_ or set): the forward's tensors and the gradients that arrive are read, never written. Start from a clone() or a new tensor.`,
        { mistake: "mutated-args" },
      );
  });
}

for (const step of steps) {
  const fn = functionOf(step);
  const args = ["f", ...step.upstream.map((u) => `grads.${u}`)].join(", ");
  check(
    fn.replaceAll("_", "-").toLowerCase(),
    `${fn}: the gradient of ${step.name} (${step.forward}), from autograd's gradients of what it feeds`,
    1,
    async () => {
      await learner();
      await property(
        cases,
        async ({ seed, n }) => {
          // The grader's own copy, made before the learner's code runs.
          const mine = ninjaCase(seed, n);
          const up = step.upstream.map((u) => mine.grads[u]);
          const code = `${importLearner(learner, fn)}
import { ninjaCase } from "#reference/makemore/ninja.ts";
// the model from seed ${seed}, a batch of ${n}, the forward pass and autograd's backward
const { forward: f, grads } = ninjaCase(${seed}, ${n});
const byHand = ${fn}(${args}); // should equal grads.${step.name}`;
          await scenario(learner, code, ({ byHand, f, grads }) => {
            const termScale = step.termScale?.(up, mine.forward);
            expectGradientTensor(fn, step.name, byHand, mine.grads[step.name], {
              wrong: step.wrong?.(mine.forward, up) ?? [],
              hint: step.hint,
              ...(termScale === undefined ? {} : { termScale }),
            });
            const given = [
              ...Object.values(f as NinjaForward),
              ...Object.values(grads as NinjaGradients),
            ];
            const copies = [...Object.values(mine.forward), ...Object.values(mine.grads)];
            expectUntouched(
              given.filter((t): t is Tensor => typeof t === "object"),
              copies.filter((t): t is Tensor => typeof t === "object"),
              fn,
            );
          });
        },
        { numRuns: 3 },
      );
      const probe = step.probe;
      if (!probe) return;
      await property(
        cases,
        async ({ seed, n }) => {
          const mine = ninjaCase(seed, n);
          // Whole numbers: their sums are exact in any order, so every correct step gets exactly
          // autograd's answer, however it orders its additions.
          const madeUp = () =>
            randint(-5, 6, mine.grads[probe.upstream].shape, {
              generator: new Generator().manualSeed(seed),
            }).float();
          const up = step.upstream.map((u) => (u === probe.upstream ? madeUp() : mine.grads[u]));
          // Autograd of the consumers alone: sum(consumer * its gradient) has x's gradient as they pass it on.
          const x = mine.forward[step.name].clone().requiresGrad_(true);
          probe
            .consumers(x, mine.forward)
            .map((c, i) => c.mul(up[i]!).sum())
            .reduce((a, b) => a.add(b))
            .backward();
          const args = [
            "f",
            ...step.upstream.map((u) => (u === probe.upstream ? `d${u}` : `grads.${u}`)),
          ];
          const code = `${importLearner(learner, fn)}
import { ninjaCase } from "#reference/makemore/ninja.ts";
import { Generator, randint } from "#reference/tensor/index.ts";
const { forward: f, grads } = ninjaCase(${seed}, ${n});
// ${probe.why}:
const d${probe.upstream} = randint(-5, 6, [${up[step.upstream.indexOf(probe.upstream)]!.shape.join(", ")}], { generator: new Generator().manualSeed(${seed}) }).float();
const byHand = ${fn}(${args.join(", ")});`;
          await scenario(learner, code, ({ byHand }) => {
            const termScale = step.termScale?.(up, mine.forward);
            expectGradientTensor(fn, step.name, byHand, x.grad!, {
              wrong: step.wrong?.(mine.forward, up) ?? [],
              hint: step.hint,
              ...(termScale === undefined ? {} : { termScale }),
            });
          });
        },
        { numRuns: 2, label: "probe" },
      );
    },
  );
}

/** emb's gradient (or its magnitudes) sent back to the rows of C it was copied from, summed. */
function rowsPicked(f: NinjaForward, demb: Tensor): Tensor {
  const d = zerosLike(f.C);
  const [rows, columns] = f.Xb.shape as [number, number];
  for (let k = 0; k < rows; k++)
    for (let j = 0; j < columns; j++)
      for (let c = 0; c < f.C.shape[1]!; c++) {
        const row = f.Xb.get(k, j);
        d.set(d.get(row, c) + demb.get(k, j, c), row, c);
      }
  return d;
}

/** The size of a step's terms (its termScale's largest element) on autograd's gradients; 0 if none. */
function termSize(s: Step, grads: NinjaGradients, f: NinjaForward): number {
  const terms = s.termScale?.(
    s.upstream.map((u) => grads[u]),
    f,
  );
  return terms === undefined ? 0 : typeof terms === "number" ? terms : largest(terms);
}

/** The largest magnitude in a tensor. */
function largest(t: Tensor): number {
  let m = 0;
  for (const v of t.storage) m = Math.max(m, Math.abs(Number(v)));
  return m;
}

/**
 * Whether a step of the learner's own chain still agrees with autograd. Rounding compounds over
 * 26 steps, and some gradients are themselves only rounding (b1's, which BatchNorm's mean
 * cancels): beyond allclose, a difference under 1e-4 of the scale of the step's inputs (or of its terms) passes.
 */
function chainAgrees(
  s: Step,
  got: unknown,
  grads: NinjaGradients,
  f: NinjaForward,
): string | undefined {
  const expected = grads[s.name];
  if (!(got instanceof Tensor)) return `It is ${describeValue(got)}, not a Tensor.`;
  if (got.shape.join() !== expected.shape.join())
    return `Its shape is [${got.shape.join(", ")}], ${s.name}'s [${expected.shape.join(", ")}].`;
  const comparison = compareGradients(s.name, got, expected);
  // A sum's scale is its terms' (dembcat's products cancel to much less than W1's size allows),
  // and so is the scale of a step it feeds (demb is dembcat's view, with its rounding).
  const fed = s.upstream.map((u) => steps.find((t) => t.name === u)!);
  const scale = Math.max(
    largest(expected),
    ...s.upstream.map((u) => largest(grads[u])),
    ...[s, ...fed].map((t) => termSize(t, grads, f)),
  );
  if (comparison.approximate || comparison.maxdiff <= 1e-4 * scale) return undefined;
  return comparison.line;
}

check(
  "chain",
  "the whole backward pass, each step fed with your own earlier steps, agrees with autograd to the end",
  4,
  async () => {
    await learner();
    await property(
      chainCases,
      async ({ seed, n }) => {
        const mine = ninjaCase(seed, n);
        const lines = steps.map(
          (s) =>
            `const d${s.name} = backward.${functionOf(s)}(${["f", ...s.upstream.map((u) => `d${u}`)].join(", ")});`,
        );
        const code = `import * as backward from "./${learner.file}";
import { ninjaCase } from "#reference/makemore/ninja.ts";
const { forward: f } = ninjaCase(${seed}, ${n});
${lines.join("\n")}`;
        await scenario(learner, code, (values) => {
          for (const s of steps) {
            const departs = chainAgrees(s, values[`d${s.name}`], mine.grads, mine.forward);
            if (departs !== undefined)
              fail(
                `Run end to end, your backward pass departs from autograd first at d${s.name} (${s.forward}); every step before it agrees. ${departs} Its own check above says what is wrong with it.`,
              );
          }
        });
      },
      { numRuns: 2 },
    );
  },
);

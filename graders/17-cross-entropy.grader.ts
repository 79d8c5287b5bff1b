import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose } from "#kit/expect.ts";
import { expectGradient } from "#kit/numeric.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import {
  crossEntropy,
  Generator,
  noGrad,
  randint,
  randn,
  Tensor,
  tensor,
  zeros,
} from "#reference/tensor/index.ts";

type Target = typeof import("../solutions/17-cross-entropy/loss.ts");
const learner = loadTarget<Target>("17-cross-entropy", "loss.ts", [
  "nllByHand",
  "stableCrossEntropy",
]);

const problem = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  classes: fc.integer({ min: 2, max: 10 }),
  seed: fc.nat(),
  scale: fc.constantFrom(0.5, 1, 3),
});
type Problem = { n: number; classes: number; seed: number; scale: number };
function make(p: Problem) {
  const g = new Generator().manualSeed(p.seed);
  return {
    logits: randn([p.n, p.classes], { generator: g }).mul(p.scale),
    Y: randint(0, p.classes, [p.n], { generator: g }),
  };
}
const show = (p: Problem, call: string) =>
  `const g = new Generator().manualSeed(${p.seed});\nconst logits = randn([${p.n}, ${p.classes}], { generator: g }).mul(${p.scale});\nconst Y = randint(0, ${p.classes}, [${p.n}], { generator: g });\n${call}`;

function scalar(t: unknown, what: string): number {
  if (!(t instanceof Tensor))
    fail(`\`${what}\` should be a Tensor, but it is ${describeValue(t)}.`);
  if (t.numel() !== 1)
    fail(
      `\`${what}\` should be one number (the mean over examples), but it has shape [${t.shape.join(", ")}].`,
    );
  return t.item();
}

check("by-hand", "the spelled-out loss equals F.cross_entropy on ordinary logits", 2, async () => {
  const { nllByHand } = await learner();
  await property(
    problem,
    (p) => {
      const { logits, Y } = make(p);
      expectClose(
        scalar(nllByHand(logits, Y), "nllByHand(logits, Y)"),
        crossEntropy(logits, Y).item(),
        "nllByHand(logits, Y).item()",
        { rtol: 1e-4, atol: 1e-5 },
      );
    },
    { show: (p) => show(p, "nllByHand(logits, Y);") },
  );
});

check("stable", "the stable loss equals F.cross_entropy, even at logits of 10,000", 2, async () => {
  const { stableCrossEntropy } = await learner();
  await property(
    problem,
    (p) => {
      const { logits, Y } = make(p);
      expectClose(
        scalar(stableCrossEntropy(logits, Y), "stableCrossEntropy(logits, Y)"),
        crossEntropy(logits, Y).item(),
        "stableCrossEntropy(logits, Y).item()",
        { rtol: 1e-4, atol: 1e-5 },
      );
    },
    { show: (p) => show(p, "stableCrossEntropy(logits, Y);") },
  );
  const huge = tensor([
    [10000, 0, -10000],
    [5000, 5001, 0],
  ]);
  const Y = tensor([1, 1]);
  const got = scalar(stableCrossEntropy(huge, Y), "stableCrossEntropy(huge, Y)");
  const code = "stableCrossEntropy(tensor([[10000, 0, -10000], [5000, 5001, 0]]), tensor([1, 1]));";
  if (!Number.isFinite(got)) {
    fail(
      `For logits of 10,000 the loss is ${formatNumber(got)}: exp(10000) overflows. Subtract each row's max before exponentiating (logits.max(1, true).values); log-softmax is unchanged by it and every exponent is then at most 0.`,
      { code, mistake: "cross-entropy-overflow" },
    );
  }
  expectClose(got, crossEntropy(huge, Y).item(), "stableCrossEntropy(huge, Y).item()", {
    code,
    rtol: 1e-4,
  });
});

check(
  "gradient",
  "backward through the stable loss gives the finite-difference gradient",
  1,
  async () => {
    const { stableCrossEntropy } = await learner();
    const x = zeros([2, 3], { dtype: "float64", requiresGrad: true });
    [1.5, -0.3, 0.2, -1.1, 0.4, 2.2].forEach((v, i) => {
      x.storage[i] = v;
    });
    const Y = tensor([0, 2]);
    const loss = stableCrossEntropy(x, Y);
    if (!(loss instanceof Tensor) || !loss.requiresGrad)
      fail(
        "The loss does not require grad: compute it with tensor operations on the logits so that backward() reaches them.",
      );
    loss.backward();
    for (let i = 0; i < 6; i++) {
      const saved = x.storage[i]!;
      x.storage[i] = saved + 1e-6;
      const up = noGrad(() => stableCrossEntropy(x, Y).item());
      x.storage[i] = saved - 1e-6;
      const down = noGrad(() => stableCrossEntropy(x, Y).item());
      x.storage[i] = saved;
      expectGradient(
        x.grad?.storage[i],
        (up - down) / 2e-6,
        `logits[${Math.floor(i / 3)}, ${i % 3}]`,
      );
    }
  },
);

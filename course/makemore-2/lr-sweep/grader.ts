import fc from "fast-check";
import { wordLists } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import { buildDataset, initMlp, learningRateSweep } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/19-lr-sweep/sweep.ts");
const learner = loadTarget<Target>("sweep.ts", ["exponents", "sweep", "bestExponent"]);

check(
  "exponents",
  "the exponents run evenly from -3 to 0 (10^-3 = 0.001 to 10^0 = 1)",
  1,
  async () => {
    const { exponents } = await learner();
    for (const steps of [2, 7, 1000]) {
      const lre = exponents(steps);
      if (!Array.isArray(lre) || lre.length !== steps)
        fail(
          `\`exponents(${steps})\` should be an array of ${steps} numbers, but it is ${describeValue(lre)}.`,
        );
      expectClose(lre[0], -3, `exponents(${steps})[0]`, { rtol: 1e-6 });
      expectClose(lre[steps - 1], 0, `exponents(${steps})[${steps - 1}]`, { atol: 1e-6 });
      expectClose(
        lre[1]! - lre[0]!,
        3 / (steps - 1),
        `exponents(${steps})[1] - exponents(${steps})[0]`,
        { rtol: 1e-4 },
      );
    }
  },
);

check(
  "sweep",
  "each step trains at 10^exponent: the losses follow the kit's sweep",
  3,
  async () => {
    const { sweep } = await learner();
    await property(
      fc.tuple(wordLists, fc.integer({ min: 4, max: 30 }), fc.nat()),
      ([words, steps, seed]) => {
        const { stoi } = vocabulary(words);
        const { X, Y } = buildDataset(words, stoi, 3);
        const sizes = { vocabSize: stoi.size, blockSize: 3, embedding: 2, hidden: 8 };
        const g = new Generator().manualSeed(seed);
        const losses = sweep(initMlp(sizes, g), X, Y, g, steps);
        if (!Array.isArray(losses) || losses.length !== steps)
          fail(
            `\`sweep(p, X, Y, g, ${steps})\` should return ${steps} losses, but it returned ${describeValue(losses)}.`,
          );
        return (async () => {
          const g2 = new Generator().manualSeed(seed);
          const expected = (await learningRateSweep(initMlp(sizes, g2), X, Y, g2, steps)).losses;
          losses.forEach((l, i) => {
            if (!isClose(l, expected[i]!, { rtol: 1e-4, atol: 1e-6 }))
              fail(
                `Step ${i}'s loss should be ${formatNumber(expected[i]!)}, but it is ${formatNumber(l)}: step i trains at learning rate 10 ** exponents(steps)[i].`,
              );
          });
        })();
      },
      {
        show: ([w, steps, seed]) =>
          `const words = ${JSON.stringify(w)};\nconst { stoi } = vocabulary(words);\nconst { X, Y } = buildDataset(words, stoi, 3);\nconst g = new Generator().manualSeed(${seed});\nsweep(initMlp({ vocabSize: stoi.size, blockSize: 3, embedding: 2, hidden: 8 }, g), X, Y, g, ${steps});`,
      },
    );
  },
);

check("best", "bestExponent picks the exponent of the lowest loss", 1, async () => {
  const { bestExponent } = await learner();
  expectClose(
    bestExponent([-3, -2, -1, 0], [5, 3, 2.5, 9]),
    -1,
    "bestExponent([-3, -2, -1, 0], [5, 3, 2.5, 9])",
  );
  expectClose(bestExponent([-3, -1.5, 0], [1, 4, 9]), -3, "bestExponent([-3, -1.5, 0], [1, 4, 9])");
});

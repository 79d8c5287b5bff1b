import fc from "fast-check";
import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { expectClose, isClose } from "#kit/expect.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { buildDataset, initMlp, learningRateSweep, trainMlp } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/19-lr-sweep/sweep.ts");
const learner = loadTarget<Target>("sweep.ts", ["exponents", "sweep", "bestExponent"]);

check(
  "exponents",
  "the exponents run evenly from -3 to 0 (10^-3 = 0.001 to 10^0 = 1)",
  1,
  async () => {
    for (const steps of [2, 7, 1000]) {
      const code = `${importLearner(learner, "exponents")}
const lre = exponents(${steps}); // ${steps} numbers from -3 to 0, evenly spaced`;
      await scenario(learner, code, ({ lre }) => {
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
      });
    }
  },
);

/** The exponents the kit's sweep uses: evenly spaced from -3 to 0. */
const exponentsOf = (steps: number) =>
  Array.from({ length: steps }, (_, i) => -3 + (3 * i) / (steps - 1));

/** The network the sweep trains, on the drawn words. */
const sizesOf = (stoi: ReadonlyMap<string, number>) => ({
  vocabSize: stoi.size,
  blockSize: 3,
  embedding: 2,
  hidden: 8,
});

check(
  "sweep",
  "each step trains at 10^exponent: the losses follow the kit's sweep",
  3,
  async () => {
    // Loaded before any drawn input, so that a file that does not load is reported as such.
    await learner();
    await property(
      fc.tuple(wordLists, fc.integer({ min: 4, max: 30 }), fc.nat()),
      async ([words, steps, seed]) => {
        const { stoi } = vocabulary(words);
        const { X, Y } = buildDataset(words, stoi, 3);
        const g = new Generator().manualSeed(seed);
        const expected = (await learningRateSweep(initMlp(sizesOf(stoi), g), X, Y, g, steps))
          .losses;
        const code = `${importLearner(learner, "sweep")}
import { buildDataset, initMlp } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Generator } from "#reference/tensor/index.ts";
${wordsCode(words)}
const { stoi } = vocabulary(words);
const { X, Y } = buildDataset(words, stoi, 3);
const g = new Generator().manualSeed(${seed});
const losses = sweep(initMlp({ vocabSize: stoi.size, blockSize: 3, embedding: 2, hidden: 8 }, g), X, Y, g, ${steps});`;
        await scenario(learner, code, async ({ losses }) => {
          if (!Array.isArray(losses) || losses.length !== steps)
            fail(
              `\`sweep(p, X, Y, g, ${steps})\` should return ${steps} losses, but it returned ${describeValue(losses)}.`,
            );
          const matches = (run: readonly number[]) =>
            run.every((l, i) => isClose(losses[i], l, { rtol: 1e-4, atol: 1e-6 }));
          if (!matches(expected)) {
            // Named only when the whole run is the one that mistake makes, step for step.
            const lre = exponentsOf(steps);
            for (const rate of [(i: number) => -lre[i]!, (i: number) => lre[i]!]) {
              const again = new Generator().manualSeed(seed);
              const run = await trainMlp(initMlp(sizesOf(stoi), again), X, Y, again, {
                steps,
                learningRate: rate,
              });
              if (matches(run))
                fail(
                  `The losses are those of a run whose learning rate is the exponent itself (${formatNumber(Math.abs(lre[0]!))} at step 0), not 10 to its power: step i trains at learning rate 10 ** exponents(steps)[i], from 0.001 up to 1.`,
                  { mistake: "exponent-as-learning-rate" },
                );
            }
          }
          losses.forEach((l: number, i: number) => {
            if (!isClose(l, expected[i]!, { rtol: 1e-4, atol: 1e-6 }))
              fail(
                `Step ${i}'s loss should be ${formatNumber(expected[i]!)}, but it is ${formatNumber(l)}: step i trains at learning rate 10 ** exponents(steps)[i].`,
              );
          });
        });
      },
    );
  },
);

check("best", "bestExponent picks the exponent of the lowest loss", 1, async () => {
  for (const [lre, losses, expected] of [
    [[-3, -2, -1, 0], [5, 3, 2.5, 9], -1],
    [[-3, -1.5, 0], [1, 4, 9], -3],
    // The lowest at the second and at the last position, with other exponents.
    [[-2, -1.5, -1, -0.5, 0], [4, 1, 3, 2, 5], -1.5],
    [[0, 0.5, 1], [3, 2, 1], 1],
  ] as const) {
    const call = `bestExponent([${lre.join(", ")}], [${losses.join(", ")}])`;
    const code = `${importLearner(learner, "bestExponent")}
const lre = [${lre.join(", ")}];
const losses = [${losses.join(", ")}];
const best = bestExponent(lre, losses); // should be ${expected}`;
    await scenario(learner, code, (values) => {
      // A sort or splice of the caller's arrays is named before the answer is judged.
      expectInputsUnchanged("bestExponent(lre, losses)", {
        lre: [values["lre"], lre],
        losses: [values["losses"], losses],
      });
      expectClose(values["best"], expected, call);
    });
  }
});

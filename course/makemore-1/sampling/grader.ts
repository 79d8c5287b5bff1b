import fc from "fast-check";
import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import { countBigrams, probabilities, sampleNames } from "#reference/makemore/bigram.ts";
import { bigrams, vocabulary } from "#reference/makemore/words.ts";
import { Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/09-sampling/sampling.ts");
const learner = loadTarget<Target>("sampling.ts", ["probabilities", "sampleNames"]);

const setup = (words: string[]) =>
  `${wordsCode(words)}\nconst { stoi, itos } = vocabulary(words);\nconst N = countBigrams(words, stoi);`;

function expectProbabilities(P: unknown, size: number): Tensor {
  if (!(P instanceof Tensor))
    fail(`\`probabilities(N, 1)\` should return a Tensor, but it returned ${describeValue(P)}.`);
  if (P.ndim !== 2 || P.shape[0] !== size || P.shape[1] !== size)
    fail(`P should have N's shape [${size}, ${size}], but it has [${P.shape.join(", ")}].`);
  if (P.dtype !== "float32" && P.dtype !== "float64")
    fail(`P is ${P.dtype}: probabilities are fractions, so convert with .float() before dividing.`);
  return P;
}

check("rows", "every row of P sums to 1 (keepdim)", 2, async () => {
  const mine = await learner();
  await property(
    wordLists,
    (words) => {
      const { stoi } = vocabulary(words);
      const N = countBigrams(words, stoi);
      const P = expectProbabilities(mine.probabilities(N, 1), stoi.size);
      const rows = P.sum(1);
      const columns = P.sum(0);
      const rowsOk = [...rows.storage].every((s) => isClose(s, 1, { rtol: 1e-5 }));
      if (!rowsOk && [...columns.storage].every((s) => isClose(s, 1, { rtol: 1e-5 }))) {
        fail(
          "The columns of P sum to 1, not the rows. P.sum(1) has shape [V]; broadcasting lines it up with P's last dimension, so each column was divided by a row's sum. Keep the dimension, P.sum(1, true) of shape [V, 1], so each row is divided by its own sum.",
          { mistake: "normalised-without-keepdim" },
        );
      }
      rows.storage.forEach((s, i) => {
        if (!isClose(s, 1, { rtol: 1e-5 }))
          fail(`Row ${i} of P sums to ${formatNumber(s)}, not 1.`);
      });
    },
    { show: (w) => `${setup(w)}\nprobabilities(N, 1).sum(1);` },
  );
});

check("smoothing", "smoothing adds k to every count: no bigram has probability 0", 2, async () => {
  const mine = await learner();
  await property(
    fc.tuple(wordLists, fc.constantFrom(1, 2, 0.5)),
    ([words, k]) => {
      const { stoi, itos } = vocabulary(words);
      const N = countBigrams(words, stoi);
      const P = expectProbabilities(mine.probabilities(N, k), stoi.size);
      const expected = probabilities(N, k);
      for (let i = 0; i < itos.length; i++) {
        for (let j = 0; j < itos.length; j++) {
          if (P.get(i, j) === 0) {
            fail(
              `P for the unseen pair "${itos[i]}${itos[j]}" is 0 with smoothing ${k}: without smoothing, a name containing a pair never seen in training gets probability 0 and an infinite loss. Add the smoothing to every count before normalising.`,
              {
                mistake: "no-smoothing",
              },
            );
          }
          if (!isClose(P.get(i, j), expected.get(i, j), { rtol: 1e-5 })) {
            fail(
              `P[${i}, ${j}] should be ${formatNumber(expected.get(i, j))} = (N[${i}, ${j}] + ${k}) / the row's sum, but it is ${formatNumber(P.get(i, j))}.`,
            );
          }
        }
      }
    },
    { show: ([w, k]) => `${setup(w)}\nprobabilities(N, ${k});` },
  );
});

check(
  "sampling",
  "names are drawn from one generator seeded once: the same seed gives the kit's names",
  2,
  async () => {
    const mine = await learner();
    await property(
      fc.tuple(wordLists, fc.integer({ min: 1, max: 2 ** 31 - 1 })),
      ([words, seed]) => {
        const { stoi, itos } = vocabulary(words);
        const P = probabilities(countBigrams(words, stoi), 1);
        const got = mine.sampleNames(P, itos, 6, seed);
        const expected = sampleNames(P, itos, 6, seed);
        if (!Array.isArray(got) || got.length !== 6)
          fail(
            `\`sampleNames(P, itos, 6, seed)\` should return 6 names, but it returned ${describeValue(got)}.`,
          );
        if (JSON.stringify(got) === JSON.stringify(expected)) return;
        if (new Set(got).size === 1 && new Set(expected).size > 1) {
          fail(
            `All six names are "${got[0]}": the generator was seeded again for every name, so each starts from the same random numbers. Make one Generator().manualSeed(seed) before the loop and draw every name from it.`,
            {
              mistake: "re-seeded-in-loop",
            },
          );
        }
        const again = mine.sampleNames(P, itos, 6, seed);
        if (JSON.stringify(again) !== JSON.stringify(got)) {
          fail(
            "Two calls with the same seed gave different names: the draws do not come from a generator seeded with `seed`. Pass { generator: g } to multinomial, with g = new Generator().manualSeed(seed).",
            { mistake: "unseeded-generator" },
          );
        }
        fail(
          `With seed ${seed} the names should be ${JSON.stringify(expected)}, but they are ${JSON.stringify(got)}. Draw with multinomial(P.index(ix), 1, { replacement: true, generator: g }), starting from ix = 0, and stop after "." comes up.`,
        );
      },
      { show: ([w, seed]) => `${setup(w)}\nsampleNames(probabilities(N, 1), itos, 6, ${seed});` },
    );
  },
);

check(
  "possible",
  "without smoothing, a name never contains a pair the data does not have",
  1,
  async () => {
    const mine = await learner();
    await property(
      fc.tuple(wordLists, fc.integer({ min: 1, max: 1000 })),
      ([words, seed]) => {
        const { stoi, itos } = vocabulary(words);
        const seen = new Set(bigrams(words).map((p) => p.join("")));
        const P = probabilities(countBigrams(words, stoi), 0);
        for (const name of mine.sampleNames(P, itos, 5, seed)) {
          const pairs = bigrams([name.slice(0, -1)]).map((p) => p.join(""));
          const impossible = pairs.find((p) => !seen.has(p));
          if (!name.endsWith("."))
            fail(
              `The name ${JSON.stringify(name)} does not end with "." — stop when the drawn index is 0, after adding "." to the name.`,
            );
          if (impossible)
            fail(
              `The name ${JSON.stringify(name)} contains "${impossible}", a pair with probability 0.`,
            );
        }
      },
      { show: ([w, seed]) => `${setup(w)}\nsampleNames(probabilities(N, 0), itos, 5, ${seed});` },
    );
  },
);

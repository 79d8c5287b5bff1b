import fc from "fast-check";
import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue, formatNumber } from "#kit/diagnose.ts";
import { isClose } from "#kit/expect.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { countBigrams, probabilities, sampleNames } from "#reference/makemore/bigram.ts";
import { bigrams, vocabulary } from "#reference/makemore/words.ts";
import { Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/09-sampling/sampling.ts");
const learner = loadTarget<Target>("sampling.ts", ["probabilities", "sampleNames"]);

/**
 * The lines every scenario starts with: the learner's `name`, the kit's vocabulary and counts
 * (and the kit's probabilities when the check is about sampling, so it does not depend on the
 * learner's), the words, and their vocabulary.
 */
const setup = (name: "probabilities" | "sampleNames", words: readonly string[]) =>
  `${importLearner(learner, name)}
import { countBigrams, ${name === "sampleNames" ? "probabilities, " : ""}vocabulary } from "#reference/makemore/bigram.ts";
${wordsCode(words)}
const { stoi, itos } = vocabulary(words);`;

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
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(wordLists, async (words) => {
    const { stoi } = vocabulary(words);
    // The grader's own counts, to compare N with after the learner's code ran.
    const counts = countBigrams(words, stoi);
    const code = `${setup("probabilities", words)}
const N = countBigrams(words, stoi);
const P = probabilities(N, 1);`;
    await scenario(learner, code, ({ P: got, N }) => {
      expectInputsUnchanged("probabilities(N, 1)", { N: [N, counts] });
      const P = expectProbabilities(got, stoi.size);
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
    });
  });
});

check("smoothing", "smoothing adds k to every count: no bigram has probability 0", 2, async () => {
  await learner(); // first, so that a file that does not load is an error, not a failed input
  await property(fc.tuple(wordLists, fc.constantFrom(1, 2, 0.5)), async ([words, k]) => {
    const { stoi, itos } = vocabulary(words);
    const counts = countBigrams(words, stoi);
    const expected = probabilities(counts, k);
    const code = `${setup("probabilities", words)}
const N = countBigrams(words, stoi);
const P = probabilities(N, ${k});`;
    await scenario(learner, code, ({ P: got, N }) => {
      expectInputsUnchanged(`probabilities(N, ${k})`, { N: [N, counts] });
      const P = expectProbabilities(got, stoi.size);
      for (let i = 0; i < itos.length; i++) {
        for (let j = 0; j < itos.length; j++) {
          if (P.get(i, j) === 0) {
            fail(
              `P for the unseen pair "${itos[i]}${itos[j]}" is 0 with smoothing ${k}: without smoothing, a name containing a pair never seen in training gets probability 0 and an infinite loss. Add the smoothing to every count before normalising.`,
              { mistake: "no-smoothing" },
            );
          }
          if (!isClose(P.get(i, j), expected.get(i, j), { rtol: 1e-5 })) {
            fail(
              `P[${i}, ${j}] should be ${formatNumber(expected.get(i, j))} = (N[${i}, ${j}] + ${k}) / the row's sum, but it is ${formatNumber(P.get(i, j))}.`,
            );
          }
        }
      }
    });
  });
});

/** A seed after `seed` whose first name (the kit's) passes `wanted`, among the next 100. */
function seedWithFirstName(
  P: Tensor,
  itos: readonly string[],
  seed: number,
  wanted: (name: string) => boolean,
): number | undefined {
  for (let k = 1; k <= 100; k++) {
    const other = ((seed + k - 1) % (2 ** 31 - 1)) + 1;
    if (wanted(sampleNames(P, itos, 1, other)[0]!)) return other;
  }
  return undefined;
}

/** The name made by always taking the most likely next character (cut at 50, as it may cycle). */
function mostLikelyName(P: Tensor, itos: readonly string[]): string {
  let name = "";
  for (let ix = 0; name.length < 50; ) {
    ix = P.index(ix).argmax().item();
    name += itos[ix];
    if (ix === 0) break;
  }
  return name;
}

check(
  "sampling",
  "names are drawn from one generator seeded once: the same seed gives the kit's names",
  2,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(
      // The count is drawn too: a function that ignores it must fail.
      fc.tuple(wordLists, fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 8 })),
      async ([words, seed, count]) => {
        const { stoi, itos } = vocabulary(words);
        const probabilitiesOf = () => probabilities(countBigrams(words, stoi), 1);
        const expected = sampleNames(probabilitiesOf(), itos, count, seed);
        const code = `${setup("sampleNames", words)}
const P = probabilities(countBigrams(words, stoi), 1);
const names = sampleNames(P, itos, ${count}, ${seed});`;
        await scenario(learner, code, async ({ names: got, P, itos: givenItos }) => {
          expectInputsUnchanged(`sampleNames(P, itos, ${count}, ${seed})`, {
            P: [P, probabilitiesOf()],
            itos: [givenItos, itos],
          });
          if (!Array.isArray(got) || got.length !== count)
            fail(
              `\`sampleNames(P, itos, ${count}, seed)\` should return ${count} names, but it returned ${describeValue(got)}.`,
            );
          if (JSON.stringify(got) === JSON.stringify(expected)) return;
          if (new Set(got).size === 1) {
            // Equal names have two known causes; each is named only when the other is ruled out.
            const likely = mostLikelyName(probabilitiesOf(), itos);
            // Re-seeded for every name: each is the name a generator seeded once draws first.
            let reseeded = new Set(expected).size > 1 && got[0] === expected[0];
            // Never sampled: each is the path of the most likely next characters.
            let argmax = got[0] === likely;
            if (argmax) {
              // Confirmed on a seed whose first name is another than the most likely one: an
              // argmax sampler gives the most likely name again, a re-seeded one that seed's first.
              const other = seedWithFirstName(probabilitiesOf(), itos, seed, (n) => n !== likely);
              const again =
                other === undefined
                  ? undefined
                  : (await learner()).sampleNames(probabilitiesOf(), [...itos], count, other);
              const first =
                other === undefined ? undefined : sampleNames(probabilitiesOf(), itos, 1, other)[0];
              reseeded &&= Array.isArray(again) && again.every((n) => n === first);
              argmax = Array.isArray(again) && again.every((n) => n === likely);
            }
            if (reseeded && !argmax)
              fail(
                `All ${count} names are "${got[0]}", the first name seed ${seed} gives: the generator was seeded again for every name, so each starts from the same random numbers. Make one Generator().manualSeed(seed) before the loop and draw every name from it.`,
                { mistake: "re-seeded-in-loop" },
              );
            if (argmax && !reseeded)
              fail(
                `All ${count} names are "${got[0]}", the most likely character after each one, whatever the seed: the next character is picked with argmax, not drawn. Draw it with multinomial(P.index(ix), 1, { replacement: true, generator: g }), so that each name is a sample.`,
                { mistake: "argmax-not-sampled" },
              );
          }
          // A second call with the same seed tells an unseeded generator from a wrong draw.
          const again = (await learner()).sampleNames(probabilitiesOf(), [...itos], count, seed);
          if (JSON.stringify(again) !== JSON.stringify(got)) {
            fail(
              "Two calls with the same seed gave different names: the draws do not come from a generator seeded with `seed`. Pass { generator: g } to multinomial, with g = new Generator().manualSeed(seed).",
              { mistake: "unseeded-generator" },
            );
          }
          fail(
            `With seed ${seed} the names should be ${JSON.stringify(expected)}, but they are ${JSON.stringify(got)}. Draw with multinomial(P.index(ix), 1, { replacement: true, generator: g }), starting from ix = 0, and stop after "." comes up.`,
          );
        });
      },
    );
  },
);

check(
  "possible",
  "without smoothing, a name never contains a pair the data does not have",
  1,
  async () => {
    await learner(); // first, so that a file that does not load is an error, not a failed input
    await property(
      fc.tuple(wordLists, fc.integer({ min: 1, max: 1000 })),
      async ([words, seed]) => {
        const seen = new Set(bigrams(words).map((p) => p.join("")));
        const code = `${setup("sampleNames", words)}
const P = probabilities(countBigrams(words, stoi), 0);
const names = sampleNames(P, itos, 5, ${seed});`;
        await scenario(learner, code, ({ names }) => {
          if (!Array.isArray(names) || names.length !== 5)
            fail(
              `\`sampleNames(P, itos, 5, seed)\` should return a list of 5 names, but it returned ${describeValue(names)}.`,
            );
          for (const name of names as string[]) {
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
        });
      },
    );
  },
);

import fc from "fast-check";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { realNames } from "#kit/names.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { splitWords } from "#reference/makemore/mlp.ts";

type Target = typeof import("#solutions/14-split/split.ts");
const learner = loadTarget<Target>("split.ts", ["splitWords"]);

const imports = importLearner(learner, "splitWords");

const names = fc.uniqueArray(fc.stringMatching(/^[a-z]{2,6}$/), { minLength: 10, maxLength: 60 });

/** The split of a drawn word list; the scenario's words are its own array, not the grader's. */
const splitCode = (words: readonly string[], seed: number) => `${imports}
const words = ${JSON.stringify(words)};
const parts = splitWords(words, ${seed});`;

type Parts = { train: string[]; dev: string[]; test: string[] };

function expectParts(parts: unknown): asserts parts is Parts {
  const got = parts as Partial<Parts> | undefined;
  if (!Array.isArray(got?.train) || !Array.isArray(got?.dev) || !Array.isArray(got?.test))
    fail(
      `\`splitWords\` should return { train, dev, test } arrays, but it returned ${describeValue(parts)}.`,
    );
}

check("parts", "80% / 10% / 10%, disjoint, every word used once", 2, async () => {
  // Loaded before any drawn input, so that a file that does not load is reported as such.
  await learner();
  await property(fc.tuple(names, fc.nat()), async ([words, seed]) => {
    await scenario(learner, splitCode(words, seed), ({ parts }) => {
      expectParts(parts);
      const n1 = Math.trunc(0.8 * words.length);
      const n2 = Math.trunc(0.9 * words.length);
      const sizes = [parts.train.length, parts.dev.length, parts.test.length];
      const all = [...parts.train, ...parts.dev, ...parts.test];
      const overlap =
        parts.dev.find((w) => parts.train.includes(w)) ??
        parts.test.find((w) => parts.train.includes(w) || parts.dev.includes(w));
      if (overlap !== undefined) {
        fail(
          `"${overlap}" is in two parts of the split: a name the model trained on must not be used to judge it. Slice at the same points: train [0, n1), dev [n1, n2), test [n2, n).`,
          { mistake: "split-overlap" },
        );
      }
      if (sizes.join() !== [n1, n2 - n1, words.length - n2].join())
        fail(
          `For ${words.length} words the parts should have ${n1}, ${n2 - n1} and ${words.length - n2} words (n1 = trunc(0.8·n), n2 = trunc(0.9·n)), but they have ${sizes.join(", ")}.`,
        );
      if ([...all].sort().join() !== [...words].sort().join())
        fail("Together the three parts should hold every word exactly once.");
    });
  });
});

check(
  "shuffled",
  "the words are shuffled first, exactly as Python's random.seed(seed); random.shuffle(words)",
  2,
  async () => {
    // Loaded before any drawn input, so that a file that does not load is reported as such.
    await learner();
    await property(fc.tuple(names, fc.nat()), async ([words, seed]) => {
      const expected = splitWords(words, seed);
      const code = `${splitCode(words, seed)}\n// words should be unchanged afterwards`;
      await scenario(learner, code, ({ parts, words: given }) => {
        expectParts(parts);
        // First, so that a split shuffled in place is not also told it never shuffled.
        if ((given as string[]).some((w, i) => w !== words[i]))
          fail(
            `splitWords changed the array it was given: afterwards it begins ${JSON.stringify(given.slice(0, 3))} instead of ${JSON.stringify(words.slice(0, 3))}. The caller still needs the words in their order (and the same array may be split twice): shuffle a copy, const shuffled = [...words].`,
            { mistake: "split-shuffled-in-place" },
          );
        // Any other change: an array emptied (splice(0) moves the words out; slice() copies them).
        expectInputsUnchanged(`splitWords(words, ${seed})`, { words: [given, words] });
        if (JSON.stringify(parts.train) === JSON.stringify(words.slice(0, parts.train.length))) {
          fail(
            "The training part is the first 80% of the words in file order: shuffle a copy first. names.txt is not random (it is roughly sorted by popularity), so an unshuffled split trains and judges on different kinds of names.",
            { mistake: "split-not-shuffled" },
          );
        }
        const part = (["train", "dev", "test"] as const).find(
          (k) => JSON.stringify(parts[k]) !== JSON.stringify(expected[k]),
        );
        if (part !== undefined) {
          const mine = parts[part];
          const at = expected[part].findIndex((w, i) => mine[i] !== w);
          const from = at < 0 ? expected[part].length : at;
          fail(
            `With seed ${seed} the ${part} part should ${from === 0 ? "begin" : `continue from position ${from} with`} ${JSON.stringify(expected[part].slice(from, from + 3))}, but it has ${JSON.stringify(mine.slice(from, from + 3))}: shuffle with new PyRandom(seed).shuffle(copy), Python's exact algorithm, then slice at n1 and n2.`,
          );
        }
      });
    });
  },
);

check(
  "lecture",
  "on names.txt with seed 42 and block size 3: 182625 / 22655 / 22866 examples",
  1,
  async () => {
    // Fetched (or its absence explained) before the scenario loads it as a learner would.
    await realNames();
    const code = `${imports}
import { loadWords } from "#reference/makemore/data.ts";
import { buildDataset } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
const words = loadWords();
const { stoi } = vocabulary(words);
const { train, dev, test } = splitWords(words, 42);
const examples = [train, dev, test].map((part) => buildDataset(part, stoi, 3).X.shape[0]);
// examples should be [182625, 22655, 22866], the lecture's`;
    await scenario(learner, code, ({ examples }) => {
      if ((examples as number[]).join() !== "182625,22655,22866")
        fail(
          `The three parts give ${(examples as number[]).join(" / ")} examples at block size 3; the lecture's split gives 182625 / 22655 / 22866.`,
        );
    });
  },
);

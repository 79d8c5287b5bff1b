/** makemore part 2: the lecture's numbers, reproduced by the reference and the solutions on names.txt. */
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { vocabulary } from "#reference/makemore/bigram.ts";
import { loadWords, namesPath } from "#reference/makemore/data.ts";
import * as reference from "#reference/makemore/mlp.ts";
import { Generator } from "#reference/tensor/index.ts";
import { buildDataset } from "#solutions/13-context-windows/dataset.ts";
import { splitWords } from "#solutions/14-split/split.ts";

test("the lecture's MLP has 11,897 parameters, made in its order from one generator", () => {
  const p = reference.initMlp(reference.lectureSizes, new Generator().manualSeed(2147483647));
  const shapes = reference.parameterList(p).map((t) => t.shape);
  expect(shapes).toEqual([[27, 10], [30, 200], [200], [200, 27], [27]]);
  expect(shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0)).toBe(11_897);
});

test("buildDataset refuses a block size below 1 and a character outside the vocabulary", () => {
  const stoi = new Map([...".ab"].map((ch, i) => [ch, i] as const));
  expect(() => reference.buildDataset(["ab"], stoi, 0)).toThrow(/whole number from 1/);
  expect(() => reference.buildDataset(["abc"], stoi, 3)).toThrow(
    /"c" in "abc" is not in the vocabulary/,
  );
});

describe.skipIf(!existsSync(namesPath()))("the lecture's split of names.txt", () => {
  const words = existsSync(namesPath()) ? loadWords() : [];
  const { stoi } = vocabulary(words);
  const implementations = [
    ["reference", reference.splitWords, reference.buildDataset],
    ["solutions", splitWords, buildDataset],
  ] as const;

  test.each(implementations)(
    "%s: random.seed(42), shuffle, 80/10/10, block size 3: 182625 / 22655 / 22866 examples",
    (_name, split, build) => {
      const parts = split(words, 42);
      expect([parts.train.length, parts.dev.length, parts.test.length]).toEqual([
        25626, 3203, 3204,
      ]);
      expect(parts.train.slice(0, 5)).toEqual(["yuheng", "diondre", "xavien", "jori", "juanluis"]);
      const sizes = [parts.train, parts.dev, parts.test].map((ws) => build(ws, stoi, 3).X.shape);
      expect(sizes).toEqual([
        [182625, 3],
        [22655, 3],
        [22866, 3],
      ]);
    },
  );
});

import fc from "fast-check";
import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { property } from "#kit/property.ts";
import { loadTarget } from "#kit/target.ts";
import { buildDataset } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/13-context-windows/dataset.ts");
const learner = loadTarget<Target>("dataset.ts", ["buildDataset"]);

const rows = (t: Tensor) => (t.tolist() as number[][]).map((r) => r.join(" "));

check(
  "emma",
  "emma with block size 3: ... → e, ..e → m, .em → m, emm → a, mma → .",
  1,
  async () => {
    const { buildDataset: mine } = await learner();
    const { stoi } = vocabulary(["emma"]);
    const result = mine(["emma"], stoi, 3);
    const code =
      'const { stoi } = vocabulary(["emma"]); // . a e m are 0 1 2 3\nbuildDataset(["emma"], stoi, 3);';
    if (!(result?.X instanceof Tensor) || !(result?.Y instanceof Tensor))
      fail(
        `\`buildDataset\` should return { X, Y } as Tensors, but it returned ${describeValue(result)}.`,
        { code },
      );
    const expected = buildDataset(["emma"], stoi, 3);
    if (result.X.shape.join() !== expected.X.shape.join()) {
      fail(
        `X should have shape [5, 3] (one row of 3 indices per example, 5 examples for "emma"), but it has [${result.X.shape.join(", ")}].${result.X.shape[0] === 4 ? ' The last example, "mma" → ".", is missing: loop over word + "." so that the end is predicted too.' : ""}`,
        {
          code,
          ...(result.X.shape[0] === 4 ? { mistake: "missing-end-example" } : {}),
        },
      );
    }
    if (rows(result.X).join("|") !== rows(expected.X).join("|"))
      fail(
        `X should be [${rows(expected.X).join("], [")}], but it is [${rows(result.X).join("], [")}].`,
        { code },
      );
    if (result.Y.tolist().toString() !== expected.Y.tolist().toString())
      fail(`Y should be [${expected.Y.tolist()}], but it is [${result.Y.tolist()}].`, { code });
  },
);

check("windows", "every window and target, for any words and block size", 3, async () => {
  const { buildDataset: mine } = await learner();
  await property(
    fc.tuple(wordLists, fc.integer({ min: 1, max: 5 })),
    ([words, blockSize]) => {
      const { stoi } = vocabulary(words);
      const got = mine(words, stoi, blockSize);
      const expected = buildDataset(words, stoi, blockSize);
      if (!(got?.X instanceof Tensor) || !(got?.Y instanceof Tensor))
        fail(
          `\`buildDataset\` should return { X, Y } as Tensors, but it returned ${describeValue(got)}.`,
        );
      if (got.X.shape.join() !== expected.X.shape.join())
        fail(
          `X should have shape [${expected.X.shape.join(", ")}] (one example per character of each word plus its end), but it has [${got.X.shape.join(", ")}].`,
        );
      if (got.X.dtype === "float32" || got.X.dtype === "float64")
        fail(
          "X holds floats: it is used to index the embedding table, so it must hold integers (make it with tensor(...) from whole numbers).",
        );
      const g = rows(got.X);
      const e = rows(expected.X);
      e.forEach((row, i) => {
        if (g[i] !== row)
          fail(
            `Example ${i} should have the context [${row.split(" ").join(", ")}], but it has [${(g[i] ?? "").split(" ").join(", ")}].`,
          );
      });
      if (got.Y.tolist().toString() !== expected.Y.tolist().toString())
        fail(`Y should be [${expected.Y.tolist()}], but it is [${got.Y.tolist()}].`);
    },
    { show: ([w, b]) => `${wordsCode(w)}\nbuildDataset(words, vocabulary(words).stoi, ${b});` },
  );
});

import fc from "fast-check";
import { wordLists, wordsCode } from "#kit/arbitraries/words.ts";
import { check, fail } from "#kit/check.ts";
import { describeValue } from "#kit/diagnose.ts";
import { expectInputsUnchanged } from "#kit/pristine.ts";
import { property } from "#kit/property.ts";
import { importLearner, scenario } from "#kit/scenario.ts";
import { loadTarget } from "#kit/target.ts";
import { buildDataset } from "#reference/makemore/mlp.ts";
import { vocabulary } from "#reference/makemore/words.ts";
import { Tensor } from "#reference/tensor/index.ts";

type Target = typeof import("#solutions/13-context-windows/dataset.ts");
const learner = loadTarget<Target>("dataset.ts", ["buildDataset"]);

const imports = `${importLearner(learner, "buildDataset")}
import { vocabulary } from "#reference/makemore/words.ts";`;

const rows = (t: Tensor) => (t.tolist() as number[][]).map((r) => r.join(" "));

/** Y as cross-entropy takes it: one integer per example, a 1-D tensor, the expected targets. */
function expectTargets(Y: Tensor, expected: Tensor): void {
  if (Y.shape.join() !== expected.shape.join())
    fail(
      `Y should have shape [${expected.shape.join(", ")}] (one target per example, 1-D), but it has [${Y.shape.join(", ")}]${Y.ndim === 2 && Y.shape[1] === 1 ? ": a column, which cross-entropy will not take as targets; build Y from a flat array of numbers" : ""}.`,
    );
  if (Y.dtype === "float32" || Y.dtype === "float64")
    fail(
      "Y holds floats: cross-entropy takes its targets as integers (class indices), as PyTorch does. Make it with tensor(...) from whole numbers.",
    );
  if (Y.tolist().toString() !== expected.tolist().toString())
    fail(`Y should be [${expected.tolist()}], but it is [${Y.tolist()}].`);
}

check(
  "emma",
  "emma with block size 3: ... → e, ..e → m, .em → m, emm → a, mma → .",
  1,
  async () => {
    const expected = buildDataset(["emma"], vocabulary(["emma"]).stoi, 3);
    const code = `${imports}
const { stoi } = vocabulary(["emma"]); // . a e m are 0 1 2 3
const dataset = buildDataset(["emma"], stoi, 3);`;
    await scenario(learner, code, ({ dataset }) => {
      if (!(dataset?.X instanceof Tensor) || !(dataset?.Y instanceof Tensor))
        fail(
          `\`buildDataset\` should return { X, Y } as Tensors, but it returned ${describeValue(dataset)}.`,
        );
      const { X, Y } = dataset as { X: Tensor; Y: Tensor };
      if (X.shape.join() !== expected.X.shape.join()) {
        // Four rows may lack the last example or the first: named only when the rows say which.
        const got = X.ndim === 2 && X.shape[1] === 3 ? rows(X).join("|") : undefined;
        const all = rows(expected.X);
        const endMissing = got === all.slice(0, -1).join("|");
        const startMissing = got === all.slice(1).join("|");
        fail(
          `X should have shape [5, 3] (one row of 3 indices per example, 5 examples for "emma"), but it has [${X.shape.join(", ")}].${endMissing ? ' The last example, "mma" → ".", is missing: loop over word + "." so that the end is predicted too.' : startMissing ? ' The first example, "..." → "e", is missing: start with a context of block size dots, before the first character, so that the first letter is predicted too.' : ""}`,
          endMissing
            ? { mistake: "missing-end-example" }
            : startMissing
              ? { mistake: "missing-start-example" }
              : {},
        );
      }
      if (rows(X).join("|") !== rows(expected.X).join("|"))
        fail(
          `X should be [${rows(expected.X).join("], [")}], but it is [${rows(X).join("], [")}].`,
        );
      expectTargets(Y, expected.Y);
    });
  },
);

check("windows", "every window and target, for any words and block size", 3, async () => {
  // Loaded before any drawn input, so that a file that does not load is reported as such.
  await learner();
  await property(
    fc.tuple(wordLists, fc.integer({ min: 1, max: 5 })),
    async ([words, blockSize]) => {
      // Computed before the learner's code runs, from the grader's own words and stoi.
      const pristineStoi = vocabulary(words).stoi;
      const expected = buildDataset(words, pristineStoi, blockSize);
      const code = `${imports}
${wordsCode(words)}
const { stoi } = vocabulary(words);
const dataset = buildDataset(words, stoi, ${blockSize});`;
      await scenario(learner, code, ({ dataset, words: given, stoi }) => {
        expectInputsUnchanged(`buildDataset(words, stoi, ${blockSize})`, {
          words: [given, words],
          stoi: [stoi, pristineStoi],
        });
        if (!(dataset?.X instanceof Tensor) || !(dataset?.Y instanceof Tensor))
          fail(
            `\`buildDataset\` should return { X, Y } as Tensors, but it returned ${describeValue(dataset)}.`,
          );
        const { X, Y } = dataset as { X: Tensor; Y: Tensor };
        if (X.shape.join() !== expected.X.shape.join())
          fail(
            `X should have shape [${expected.X.shape.join(", ")}] (one example per character of each word plus its end), but it has [${X.shape.join(", ")}].`,
          );
        if (X.dtype === "float32" || X.dtype === "float64")
          fail(
            "X holds floats: it is used to index the embedding table, so it must hold integers (make it with tensor(...) from whole numbers).",
          );
        const g = rows(X);
        rows(expected.X).forEach((row, i) => {
          if (g[i] !== row)
            fail(
              `Example ${i} should have the context [${row.split(" ").join(", ")}], but it has [${(g[i] ?? "").split(" ").join(", ")}].`,
            );
        });
        expectTargets(Y, expected.Y);
      });
    },
  );
});

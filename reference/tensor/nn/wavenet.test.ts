/**
 * Lecture 6's hierarchical WaveNet, written line for line with nn: the same seed, shuffle,
 * dataset and first batch as the notebook, and its first loss against the one PyTorch 1.13
 * computes with torch.nn.BatchNorm1d's rule. Needs data/names.txt (`npm run data`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { crossEntropy, defaultGenerator, nn, noGrad, PyRandom, randint, tensor } from "../index.ts";

const namesFile =
  process.env["GRADLINGS_NAMES"] ??
  join(import.meta.dirname, "..", "..", "..", "data", "names.txt");
const haveNames = existsSync(namesFile);

describe.skipIf(!haveNames)(
  `lecture 6, the WaveNet (needs ${haveNames ? "names.txt" : "data/names.txt: run npm run data"})`,
  () => {
    test("76,579 parameters and the first step's loss", () => {
      const words = readFileSync(namesFile, "utf8").split("\n").filter(Boolean);
      const stoi = new Map([..."abcdefghijklmnopqrstuvwxyz"].map((c, i) => [c, i + 1]));
      stoi.set(".", 0);
      const vocabSize = 27;
      new PyRandom(42).shuffle(words);
      const blockSize = 8;
      const X: number[][] = [];
      const Y: number[] = [];
      for (const w of words.slice(0, Math.floor(0.8 * words.length))) {
        let context = new Array<number>(blockSize).fill(0);
        for (const ch of `${w}.`) {
          const ix = stoi.get(ch)!;
          X.push(context);
          Y.push(ix);
          context = [...context.slice(1), ix];
        }
      }
      const Xtr = tensor(X);
      const Ytr = tensor(Y);
      expect(Xtr.shape).toEqual([182625, 8]);

      defaultGenerator.manualSeed(42); // torch.manual_seed(42)
      const [nEmbd, nHidden] = [24, 128];
      const model = new nn.Sequential([
        new nn.Embedding(vocabSize, nEmbd),
        new nn.FlattenConsecutive(2),
        new nn.Linear(nEmbd * 2, nHidden, { bias: false }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.FlattenConsecutive(2),
        new nn.Linear(nHidden * 2, nHidden, { bias: false }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.FlattenConsecutive(2),
        new nn.Linear(nHidden * 2, nHidden, { bias: false }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.Linear(nHidden, vocabSize),
      ]);
      noGrad(() => (model.layers.at(-1) as nn.Linear).weight.mul_(0.1));
      const parameters = model.parameters();
      expect(parameters.reduce((n, p) => n + p.numel(), 0)).toBe(76579);

      const ix = randint(0, Xtr.shape[0]!, [32]);
      const loss = crossEntropy(model.forward(Xtr.index(ix)), Ytr.index(ix));
      // The notebook prints 3.3167: its hand-written BatchNorm1d normalises with the unbiased
      // variance. torch.nn.BatchNorm1d's rule (biased), run on the same draws in PyTorch 1.13,
      // gives 3.3168697357177734 (x.var(dim, keepdim=True, unbiased=False) in the notebook's class).
      expect(loss.item()).toBeCloseTo(3.3168697357177734, 5);
      for (const p of parameters) p.grad = null;
      loss.backward();
      for (const p of parameters) p.data.add_(p.grad!.mul(-0.1));
      const after = crossEntropy(model.forward(Xtr.index(ix)), Ytr.index(ix));
      expect(after.item()).toBeLessThan(loss.item());
    });
  },
);

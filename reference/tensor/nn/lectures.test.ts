/**
 * Lecture 4's deep BatchNorm network and lecture 6's hierarchical WaveNet, written line for
 * line with nn: the notebooks' seeds, shuffle, datasets and first batches, and their first
 * losses against the ones PyTorch 1.13 computes with torch.nn.BatchNorm1d's rule (biased batch
 * variance; the notebooks' own classes use the unbiased one). Needs data/names.txt.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  crossEntropy,
  defaultGenerator,
  Generator,
  nn,
  noGrad,
  PyRandom,
  randint,
  randn,
  type Tensor,
  tensor,
} from "../index.ts";

const namesFile =
  process.env["GRADLINGS_NAMES"] ??
  join(import.meta.dirname, "..", "..", "..", "data", "names.txt");
const haveNames = existsSync(namesFile);

/** The notebooks' dataset: words shuffled by random.seed(42), the first 80%, contexts of blockSize. */
function trainingSet(blockSize: number): { Xtr: Tensor; Ytr: Tensor } {
  const words = readFileSync(namesFile, "utf8").split("\n").filter(Boolean);
  const stoi = new Map([..."abcdefghijklmnopqrstuvwxyz"].map((c, i) => [c, i + 1]));
  stoi.set(".", 0);
  new PyRandom(42).shuffle(words);
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
  return { Xtr: tensor(X), Ytr: tensor(Y) };
}

describe.skipIf(!haveNames)(
  `lecture 6, the WaveNet (needs ${haveNames ? "names.txt" : "data/names.txt: run npm run data"})`,
  () => {
    test("lecture 4: 47,024 parameters and the first step's loss", () => {
      const vocabSize = 27;
      const blockSize = 3;
      const { Xtr, Ytr } = trainingSet(blockSize);
      const [nEmbd, nHidden] = [10, 100];
      const g = new Generator().manualSeed(2147483647);
      const C = randn([vocabSize, nEmbd], { generator: g });
      const layers: nn.Module[] = [
        new nn.Linear(nEmbd * blockSize, nHidden, { bias: false, generator: g }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.Linear(nHidden, nHidden, { bias: false, generator: g }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.Linear(nHidden, nHidden, { bias: false, generator: g }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.Linear(nHidden, nHidden, { bias: false, generator: g }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.Linear(nHidden, nHidden, { bias: false, generator: g }),
        new nn.BatchNorm1d(nHidden),
        new nn.Tanh(),
        new nn.Linear(nHidden, vocabSize, { bias: false, generator: g }),
        new nn.BatchNorm1d(vocabSize),
      ];
      noGrad(() => (layers.at(-1) as nn.BatchNorm1d).gamma.mul_(0.1));
      const parameters = [C, ...layers.flatMap((layer) => layer.parameters())];
      expect(parameters.reduce((n, p) => n + p.numel(), 0)).toBe(47024);
      for (const p of parameters) p.requiresGrad_();

      const ix = randint(0, Xtr.shape[0]!, [32], { generator: g });
      const emb = C.index(Xtr.index(ix));
      let x = emb.view(emb.shape[0]!, -1);
      for (const layer of layers) x = layer.forward(x);
      const loss = crossEntropy(x, Ytr.index(ix));
      // The notebook prints 3.2870 (unbiased batch variance in its class); PyTorch 1.13 with
      // unbiased=False in that class, on the same draws: 3.2868144512176514.
      expect(loss.item()).toBeCloseTo(3.2868144512176514, 5);
    });

    test("lecture 6: 76,579 parameters and the first step's loss", () => {
      const vocabSize = 27;
      const { Xtr, Ytr } = trainingSet(8);
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

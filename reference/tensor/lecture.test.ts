/**
 * The makemore lectures' code, written line for line with the kit's torch (no raw arrays):
 * counting bigrams, normalising with keepdim, sampling with the lecture's seed, the neural
 * bigram's first loss, and the MLP's forward, backward and update. These double as usage
 * examples for anyone writing exercises on top of reference/tensor.
 *
 * The parts that need names.txt run when data/names.txt exists (`npm run data` fetches it)
 * and are skipped, with that reason in their title, when it does not.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  arange,
  crossEntropy,
  Generator,
  multinomial,
  noGrad,
  oneHot,
  PyRandom,
  randint,
  randn,
  type Tensor,
  tensor,
  zeros,
} from "./index.ts";

const namesFile =
  process.env["GRADLINGS_NAMES"] ?? join(import.meta.dirname, "..", "..", "data", "names.txt");
const haveNames = existsSync(namesFile);
const readWords = (): string[] => readFileSync(namesFile, "utf8").split("\n").filter(Boolean);

// chars = sorted(list(set(''.join(words)))); stoi = {s: i+1 ...}; stoi['.'] = 0
const chars = "abcdefghijklmnopqrstuvwxyz".split("");
const stoi = new Map<string, number>(chars.map((c, i) => [c, i + 1]));
stoi.set(".", 0);
const itos = new Map<number, string>([...stoi].map(([s, i]) => [i, s]));
const ix = (ch: string): number => stoi.get(ch)!;

describe.skipIf(!haveNames)(
  `makemore 1, the counted bigram (needs ${haveNames ? "names.txt" : "data/names.txt: run npm run data"})`,
  () => {
    test("N[ix1, ix2] += 1; P = (N+1).float(); P /= P.sum(1, keepdims=True); sample five names", () => {
      const words = readWords();
      // N = torch.zeros((27, 27), dtype=torch.int32)
      const N = zeros([27, 27], { dtype: "int32" });
      for (const w of words) {
        const chs = [".", ...w, "."];
        for (let i = 0; i + 1 < chs.length; i++) {
          const ix1 = ix(chs[i]!);
          const ix2 = ix(chs[i + 1]!);
          N.set(N.get(ix1, ix2) + 1, ix1, ix2); // N[ix1, ix2] += 1
        }
      }
      expect(String(N.index(0)).startsWith("tensor([   0, 4410, 1306, 1542,")).toBe(true);

      // P = (N+1).float(); P /= P.sum(1, keepdims=True)
      let P = N.add(1).float();
      P = P.div(P.sum(1, true));
      expect(P.index(0).sum().item()).toBeCloseTo(1, 5);

      // g = torch.Generator().manual_seed(2147483647)
      const g = new Generator().manualSeed(2147483647);
      const samples: string[] = [];
      for (let i = 0; i < 5; i++) {
        const out: string[] = [];
        let k = 0;
        while (true) {
          const p = P.index(k); // p = P[ix]
          // ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
          k = multinomial(p, 1, { replacement: true, generator: g }).item();
          out.push(itos.get(k)!);
          if (k === 0) break;
        }
        samples.push(out.join(""));
      }
      expect(samples).toEqual(["mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie."]);

      // log_likelihood += torch.log(P[ix1, ix2]); nll = -log_likelihood; nll / n
      let logLikelihood = 0;
      let n = 0;
      for (const w of words) {
        const chs = [".", ...w, "."];
        for (let i = 0; i + 1 < chs.length; i++) {
          logLikelihood += Math.log(P.get(ix(chs[i]!), ix(chs[i + 1]!)));
          n++;
        }
      }
      expect(Math.abs(-logLikelihood / n - 2.4546)).toBeLessThan(0.0005);
    });
  },
);

describe("makemore 1, the neural bigram", () => {
  test("emma's five bigrams: first loss 3.7693, and one gradient step lowers it", () => {
    // xs, ys for ".emma."
    const xs = tensor([0, 5, 13, 13, 1]);
    const ys = tensor([5, 13, 13, 1, 0]);
    const g = new Generator().manualSeed(2147483647);
    const W = randn([27, 27], { generator: g, requiresGrad: true });

    const forward = (): Tensor => {
      const xenc = oneHot(xs, 27).float(); // F.one_hot(xs, num_classes=27).float()
      const logits = xenc.matmul(W); // xenc @ W
      const counts = logits.exp();
      const probs = counts.div(counts.sum(1, true)); // counts / counts.sum(1, keepdims=True)
      return probs.index(arange(5), ys).log().mean().neg(); // -probs[torch.arange(5), ys].log().mean()
    };
    const loss = forward();
    expect(loss.item()).toBeCloseTo(3.7693, 4);

    W.grad = null; // W.grad = None
    loss.backward();
    W.data.add_(W.grad!.mul(-0.1)); // W.data += -0.1 * W.grad
    expect(forward().item()).toBeLessThan(loss.item());
  });
});

/** build_dataset(words): the context windows of block size 3 and the next character. */
function buildDataset(words: readonly string[], blockSize = 3): { X: Tensor; Y: Tensor } {
  const X: number[][] = [];
  const Y: number[] = [];
  for (const w of words) {
    let context = Array<number>(blockSize).fill(0);
    for (const ch of [...w, "."]) {
      X.push(context);
      Y.push(ix(ch));
      context = [...context.slice(1), ix(ch)];
    }
  }
  return { X: tensor(X), Y: tensor(Y) };
}

/** The lecture's MLP (embedding 10, hidden 200), trained for `steps` minibatches of 32. */
function trainMlp(Xtr: Tensor, Ytr: Tensor, steps: number) {
  const g = new Generator().manualSeed(2147483647);
  const C = randn([27, 10], { generator: g });
  const W1 = randn([30, 200], { generator: g });
  const b1 = randn(200, { generator: g });
  const W2 = randn([200, 27], { generator: g });
  const b2 = randn(27, { generator: g });
  const parameters = [C, W1, b1, W2, b2];
  for (const p of parameters) p.requiresGrad_(); // p.requires_grad = True

  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    // minibatch construct: ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
    const batch = randint(0, Xtr.shape[0]!, [32], { generator: g });
    // forward pass
    const emb = C.index(Xtr.index(batch)); // C[Xtr[ix]]: (32, 3, 10)
    const h = emb.view(-1, 30).matmul(W1).add(b1).tanh(); // torch.tanh(emb.view(-1, 30) @ W1 + b1)
    const logits = h.matmul(W2).add(b2); // h @ W2 + b2
    const loss = crossEntropy(logits, Ytr.index(batch)); // F.cross_entropy(logits, Ytr[ix])
    // backward pass
    for (const p of parameters) p.grad = null;
    loss.backward();
    // update
    const lr = i < steps / 2 ? 0.1 : 0.01;
    for (const p of parameters) p.data.add_(p.grad!.mul(-lr)); // p.data += -lr * p.grad
    losses.push(loss.item());
  }
  const evaluate = (X: Tensor, Y: Tensor): number =>
    noGrad(() => {
      const emb = C.index(X);
      const h = emb.view(-1, 30).matmul(W1).add(b1).tanh();
      return crossEntropy(h.matmul(W2).add(b2), Y).item();
    });
  return { parameters, losses, evaluate };
}

describe("makemore 2, the MLP", () => {
  test("forward, backward and update line for line: 11897 parameters, the loss falls", () => {
    const words = ["emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia", "amelia"];
    const { X, Y } = buildDataset(words);
    expect(X.shape).toEqual([53, 3]);
    const { parameters, losses, evaluate } = trainMlp(X, Y, 300);
    // sum(p.nelement() for p in parameters)
    expect(parameters.reduce((n, p) => n + p.numel(), 0)).toBe(11897);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(evaluate(X, Y)).toBeLessThan(losses[0]! / 4);
  });

  test.skipIf(!haveNames)(
    `random.seed(42); random.shuffle(words); the 80/10/10 split gives 182625 / 22655 / 22866 examples${haveNames ? "" : " (needs data/names.txt: run npm run data)"}`,
    () => {
      const words = readWords();
      // random.seed(42); random.shuffle(words)
      const random = new PyRandom(42);
      random.shuffle(words);
      const n1 = Math.trunc(0.8 * words.length);
      const n2 = Math.trunc(0.9 * words.length);
      const train = buildDataset(words.slice(0, n1));
      const dev = buildDataset(words.slice(n1, n2));
      const test = buildDataset(words.slice(n2));
      expect([train.X.shape[0], dev.X.shape[0], test.X.shape[0]]).toEqual([182625, 22655, 22866]);

      const { losses, evaluate } = trainMlp(train.X, train.Y, 1000);
      // Unscaled randn initialisation: the first loss is far above log(27) ≈ 3.3, as in the
      // lecture; a thousand steps bring the dev loss well down (the full run reaches about 2.2).
      expect(losses[0]).toBeGreaterThan(10);
      expect(evaluate(dev.X, dev.Y)).toBeLessThan(losses[0]! / 4);
    },
  );
});

/**
 * Lecture 7, "Let's build GPT", written line for line with the kit's torch (the models are in
 * model.ts), and held to PyTorch 1.13 running the same lines (tools/gpt-parity.py wrote
 * test/data/gpt-lecture.json): the data and its first batch, the bigram model's first loss
 * (the notebook's 4.8786) and samples, the mathematical trick of self-attention, and a small
 * GPT's loss, logits, gradients, AdamW steps and samples from PyTorch's own weights. The parts
 * that read tiny Shakespeare run when data/tinyshakespeare.txt (or GRADLINGS_SHAKESPEARE) is
 * there; the rest needs nothing. About a CPU second.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  allclose,
  cat,
  manualSeed,
  nn,
  noGrad,
  ones,
  optim,
  randint,
  randn,
  softmax,
  stack,
  type Tensor,
  tensor,
  zeros,
} from "../tensor/index.ts";
import {
  BigramLanguageModel,
  Block,
  type GPTConfig,
  GPTLanguageModel,
  gptStepFlops,
  Head,
  MultiHeadAttention,
} from "./model.ts";

const root = join(import.meta.dirname, "..", "..");
const textFile = process.env["GRADLINGS_SHAKESPEARE"] ?? join(root, "data", "tinyshakespeare.txt");
const haveText = existsSync(textFile);

interface Bits {
  shape: number[];
  bits: string;
}
interface Expected {
  chars: string;
  dataLength: number;
  hiiThere: number[];
  firstBatch: { x: number[][]; y: number[][] };
  bigram: { loss: number; generated: string; lossAfter100Steps: number };
  normal_: { large: Bits; small: Bits };
  gpt: {
    config: GPTConfig;
    parameterCount: number;
    parameters: (Bits & { name: string })[];
    loss: number;
    logitsLastRow: Bits;
    grads: Bits[];
    adamwLosses: number[];
    generated: number[];
  };
}
const expected = JSON.parse(
  readFileSync(join(root, "test", "data", "gpt-lecture.json"), "utf8"),
) as Expected;

function floats(b: Bits): Float32Array {
  const bytes = Buffer.from(b.bits, "base64");
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** The largest |a - b| relative to the largest |b|: a scale-free distance between two arrays. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

/** The largest distance in float32 units in the last place between two arrays of float32s. */
function ulpDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ordered = (x: number) => {
    const bitsOf = new Int32Array(Float32Array.of(x).buffer)[0]!;
    return bitsOf < 0 ? -(bitsOf & 0x7fffffff) : bitsOf;
  };
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs(ordered(a[i]!) - ordered(b[i]!)));
  return worst;
}

// The lecture's vocabulary, from the characters PyTorch's run found (the text is not needed).
const chars = [...expected.chars];
const vocabSize = chars.length;
const stoi = new Map(chars.map((ch, i) => [ch, i]));
const itos = new Map(chars.map((ch, i) => [i, ch]));
const encode = (s: string) => [...s].map((c) => stoi.get(c)!); // encoder: take a string, output a list of integers
const decode = (l: readonly number[]) => l.map((i) => itos.get(i)!).join(""); // decoder: take a list of integers, output a string

describe("lecture 7, GPT from scratch", () => {
  test.skipIf(!haveText)("the data: 65 characters, encode/decode, the split, get_batch", () => {
    const text = readFileSync(textFile, "utf8");
    // here are all the unique characters that occur in this text
    const textChars = [...new Set(text)].sort();
    expect(textChars.join("")).toBe(expected.chars);
    expect(encode("hii there")).toEqual(expected.hiiThere);
    expect(decode(encode("hii there"))).toBe("hii there");
    // Train and test splits
    const data = tensor(encode(text), { dtype: "int64" });
    expect(data.shape).toEqual([expected.dataLength]);
    const n = Math.floor(0.9 * data.shape[0]!); // first 90% will be train, rest val
    const trainData = data.slice(`:${n}`);
    const valData = data.slice(`${n}:`);

    manualSeed(1337);
    const batchSize = 4; // how many independent sequences will we process in parallel?
    const blockSize = 8; // what is the maximum context length for predictions?
    const getBatch = (split: "train" | "val") => {
      // generate a small batch of data of inputs x and targets y
      const d = split === "train" ? trainData : valData;
      const ix = randint(0, d.shape[0]! - blockSize, [batchSize]);
      const x = stack([...ix.storage].map((i) => d.slice(`${i}:${i + blockSize}`)));
      const y = stack([...ix.storage].map((i) => d.slice(`${i + 1}:${i + blockSize + 1}`)));
      return [x, y] as const;
    };
    const [xb, yb] = getBatch("train");
    expect(xb.tolist()).toEqual(expected.firstBatch.x);
    expect(yb.tolist()).toEqual(expected.firstBatch.y);

    // The bigram model trained 100 AdamW steps on batches of 32, in the notebook's order of draws.
    manualSeed(1337);
    const m = new BigramLanguageModel(vocabSize);
    m.generate(zeros([1, 1], { dtype: "int64" }), 100);
    const optimizer = new optim.AdamW(m.parameters(), { lr: 1e-3 });
    let loss: Tensor | null = null;
    for (let steps = 0; steps < 100; steps++) {
      const ix = randint(0, trainData.shape[0]! - blockSize, [32]);
      const xb32 = stack([...ix.storage].map((i) => trainData.slice(`${i}:${i + blockSize}`)));
      const yb32 = stack(
        [...ix.storage].map((i) => trainData.slice(`${i + 1}:${i + blockSize + 1}`)),
      );
      [, loss] = m.forward(xb32, yb32);
      optimizer.zeroGrad();
      loss!.backward();
      optimizer.step();
    }
    expect(loss!.item()).toBeCloseTo(expected.bigram.lossAfter100Steps, 4);
  });

  test("the bigram model: loss 4.8786 at initialisation (−ln(1/65) ≈ 4.17 if uniform), samples", () => {
    const xb = tensor(expected.firstBatch.x, { dtype: "int64" });
    const yb = tensor(expected.firstBatch.y, { dtype: "int64" });
    manualSeed(1337);
    const m = new BigramLanguageModel(vocabSize);
    const [logits, loss] = m.forward(xb, yb);
    expect(logits.shape).toEqual([32, 65]);
    expect(loss!.item()).toBeCloseTo(expected.bigram.loss, 5);
    expect(Math.abs(loss!.item() - -Math.log(1 / 65))).toBeLessThan(1); // 4.17, and random init is worse
    const idx = zeros([1, 1], { dtype: "int64" });
    const sample = m.generate(idx, 100).slice(0).tolist() as number[];
    expect(decode(sample)).toBe(expected.bigram.generated);
  });

  test("the mathematical trick: a loop, a matrix of weights and a masked softmax agree", () => {
    manualSeed(1337);
    const [B, T, C] = [4, 8, 2]; // batch, time, channels
    const x = randn([B, T, C]);
    // We want x[b,t] = mean_{i<=t} x[b,i]
    const xbow = zeros([B, T, C]);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        const xprev = x.slice(b, `:${t + 1}`); // (t,C)
        xbow.set(xprev.mean(0), b, t);
      }
    // version 2: using matrix multiply for a weighted aggregation
    let wei = ones([T, T]).tril();
    wei = wei.div(wei.sum(1, true));
    const xbow2 = wei.matmul(x); // (B, T, T) @ (B, T, C) ----> (B, T, C)
    expect(allclose(xbow, xbow2)).toBe(true);
    // version 3: use Softmax
    const tril = ones([T, T]).tril();
    wei = zeros([T, T]);
    wei = wei.maskedFill(tril.eq(0), -Infinity);
    wei = softmax(wei, -1);
    const xbow3 = wei.matmul(x);
    expect(allclose(xbow, xbow3)).toBe(true);
    expect(xbow.slice(0, 0).tolist()).toEqual(x.slice(0, 0).tolist());

    // version 4: self-attention!
    manualSeed(1337);
    const x4 = randn([4, 8, 32]);
    const headSize = 16;
    const key = new nn.Linear(32, headSize, { bias: false });
    const query = new nn.Linear(32, headSize, { bias: false });
    const value = new nn.Linear(32, headSize, { bias: false });
    const k = key.forward(x4); // (B, T, 16)
    const q = query.forward(x4); // (B, T, 16)
    let w = q.matmul(k.transpose(-2, -1)); // (B, T, 16) @ (B, 16, T) ---> (B, T, T)
    w = w.maskedFill(tril.eq(0), -Infinity);
    w = softmax(w, -1);
    const out = w.matmul(value.forward(x4));
    expect(out.shape).toEqual([4, 8, 16]);
    // Each row of weights sums to one over the past and puts nothing on the future.
    const rows = w.sum(-1).tolist() as number[][];
    for (const row of rows) for (const s of row) expect(s).toBeCloseTo(1, 6);
    expect(w.slice(0, 0, "1:").sum().item()).toBe(0);
    expect(w.get(0, 0, 0)).toBe(1);
  });

  const config = expected.gpt.config;

  test("Head, MultiHeadAttention and Block: shapes forward, gradients backward", () => {
    manualSeed(1337);
    const x = randn([4, 8, config.nEmbd], { requiresGrad: true });
    const head = new Head(config, 4);
    expect(head.forward(x).shape).toEqual([4, 8, 4]);
    // A head at time t sees nothing of later times: changing x after t leaves its output at t.
    const later = noGrad(() => x.detach().clone());
    later.set(5, ":", "5:");
    const a = head.forward(x).slice(":", ":5");
    const b = head.forward(later).slice(":", ":5");
    expect(allclose(a, b)).toBe(true);
    const mha = new MultiHeadAttention(config, 2, 4);
    expect(mha.forward(x).shape).toEqual([4, 8, config.nEmbd]);
    const block = new Block(config);
    const y = block.forward(x);
    expect(y.shape).toEqual([4, 8, config.nEmbd]);
    y.sum().backward();
    expect(x.grad!.shape).toEqual(x.shape);
    for (const p of block.parameters()) expect(p.grad?.shape).toEqual(p.shape);
    // ln1/ln2, 2 heads of key/query/value, proj, the feed-forward's two layers
    expect(block.parameters().length).toBe(2 * 3 + 2 + 4 + 4);
  });

  test("the GPT: PyTorch's weights, loss, logits, gradients, AdamW steps and samples", () => {
    manualSeed(1337);
    const model = new GPTLanguageModel(config);
    const parameters = model.parameters();
    expect(parameters.reduce((n, p) => n + p.numel(), 0)).toBe(expected.gpt.parameterCount);
    expect(parameters.map((p) => p.shape)).toEqual(expected.gpt.parameters.map((p) => p.shape));
    // _init_weights: Linear and Embedding weights N(0, 0.02²), biases 0, LayerNorm 1 and 0.
    const weights = cat(parameters.filter((p) => p.ndim === 2).map((w) => w.view(-1)));
    expect(weights.numel()).toBeGreaterThan(2000);
    expect(weights.std().item()).toBeCloseTo(0.02, 3);
    expect(Math.abs(weights.mean().item())).toBeLessThan(0.002);
    const vectors = parameters.filter((p) => p.ndim === 1).map((p) => [...p.storage]);
    for (const v of vectors) expect(v.every((x) => x === 0) || v.every((x) => x === 1)).toBe(true);
    // PyTorch's construction draws each nn.Linear's default (Kaiming-uniform) weights before
    // _init_weights draws again, and the kit's Linear draws others, so from one seed the two
    // models differ (nn.init.normal_ itself draws PyTorch's numbers: the test below). Here
    // PyTorch's own weights are loaded, bit for bit, so what follows compares the arithmetic.
    noGrad(() => {
      parameters.forEach((p, i) => {
        p.storage.set(floats(expected.gpt.parameters[i]!));
      });
    });

    const xb = tensor(expected.firstBatch.x, { dtype: "int64" });
    const yb = tensor(expected.firstBatch.y, { dtype: "int64" });
    const [logits, loss] = model.forward(xb, yb);
    expect(logits.shape).toEqual([32, 65]);
    expect(loss!.item()).toBeCloseTo(expected.gpt.loss, 5);
    expect(
      relativeError(logits.slice(-1).storage, floats(expected.gpt.logitsLastRow)),
    ).toBeLessThan(1e-5);
    loss!.backward();
    parameters.forEach((p, i) => {
      expect(relativeError(p.grad!.storage, floats(expected.gpt.grads[i]!))).toBeLessThan(1e-4);
    });

    // create a PyTorch optimizer
    const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3 });
    const losses: number[] = [];
    for (let iter = 0; iter < 3; iter++) {
      // evaluate the loss
      const [, l] = model.forward(xb, yb);
      optimizer.zeroGrad();
      l!.backward();
      optimizer.step();
      losses.push(l!.item());
    }
    losses.push(model.forward(xb, yb)[1]!.item());
    losses.forEach((l, i) => {
      expect(l).toBeCloseTo(expected.gpt.adamwLosses[i]!, 5);
    });
    expect(losses[3]).toBeLessThan(losses[0]!);

    // generate from the model
    manualSeed(42);
    const context = zeros([1, 1], { dtype: "int64" });
    const generated = model.generate(context, 20).slice(0).tolist() as number[];
    expect(generated).toEqual(expected.gpt.generated);
    expect(decode(generated)).toHaveLength(21);
  });

  test("nn.init.normal_ draws PyTorch's numbers from PyTorch's seed", () => {
    manualSeed(1337);
    const large = nn.init.normal_(zeros([65, 8]), 0.0, 0.02);
    const small = nn.init.normal_(zeros([3, 4]), 0.5, 2.0);
    // randn's numbers from the seed, then n · std + mean as PyTorch rounds it: PyTorch's
    // normal_ is randn times 0.02 to the bit, and so is the kit's.
    manualSeed(1337);
    const standard = randn([65, 8]);
    const std = Math.fround(0.02);
    expect([...large.storage]).toEqual([...standard.storage].map((n) => Math.fround(n * std)));
    // Against PyTorch: within the ulps the kit's randn is from PyTorch's today (its log, cos and
    // sin are JavaScript's, not the C library's); bit for bit once randn is.
    expect(ulpDistance(large.storage, floats(expected.normal_.large))).toBeLessThanOrEqual(3);
    expect(ulpDistance(small.storage, floats(expected.normal_.small))).toBeLessThanOrEqual(1);
  });

  test("eval mode turns dropout off; train mode drops", () => {
    const model = new GPTLanguageModel({ ...config, dropout: 0.5 });
    const xb = tensor(expected.firstBatch.x, { dtype: "int64" });
    model.eval();
    const [a] = noGrad(() => model.forward(xb));
    const [b] = noGrad(() => model.forward(xb));
    expect(allclose(a, b)).toBe(true);
    model.train();
    const [c] = noGrad(() => model.forward(xb));
    expect(allclose(a, c)).toBe(false);
  });
});

test("gptStepFlops counts the model's parameters and its products' arithmetic", () => {
  const config: GPTConfig = {
    vocabSize: 65,
    blockSize: 32,
    nEmbd: 64,
    nHead: 4,
    nLayer: 4,
    dropout: 0,
  };
  const model = new GPTLanguageModel(config);
  const flops = gptStepFlops(config, 16);
  expect(flops.parameters).toBe(model.parameters().reduce((n, p) => n + p.numel(), 0));
  // 16·32 tokens, 4 layers of 12·C² weights (2·3 FLOPs each per token), attention, the head.
  const tokens = 16 * 32;
  const expected = 3 * 2 * (4 * (12 * 64 * 64 * tokens + 2 * 16 * 32 * 32 * 64) + tokens * 64 * 65);
  expect(flops.matmul).toBe(expected);
});

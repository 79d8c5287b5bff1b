/**
 * Lecture 7, "Let's build GPT: from scratch, in code, spelled out", written line for line with
 * the kit's torch: the bigram language model, then the decoder-only Transformer the lecture
 * builds from it (Head, MultiHeadAttention, FeedForward, Block, GPTLanguageModel), each
 * beside the lecture's line it stands for. The lecture keeps its hyperparameters in globals
 * (n_embd, n_head, block_size, ...); here they are one object, `GPTConfig`, handed down.
 *
 * One difference in layout, not in meaning: the kit's nn.Linear keeps its weight as
 * (in, out) and computes `x @ W` (the makemore lectures' layout), where PyTorch keeps
 * (out, in) and computes `x @ W.T`.
 */
import {
  arange,
  cat,
  crossEntropy,
  multinomial,
  nn,
  ones,
  softmax,
  type Tensor,
} from "../tensor/index.ts";

/** The lecture's hyperparameters (its final run: 64, 256, 384, 6, 6, 0.2). */
export interface GPTConfig {
  /** how many characters the model knows (65 for tiny Shakespeare) */
  vocabSize: number;
  /** the longest context the model sees: block_size */
  blockSize: number;
  /** n_embd */
  nEmbd: number;
  /** n_head */
  nHead: number;
  /** n_layer */
  nLayer: number;
  /** the dropout probability */
  dropout: number;
}

/** The lecture's first model: each character's row of a table is the next character's logits. */
export class BigramLanguageModel extends nn.Module<[Tensor, Tensor?], [Tensor, Tensor | null]> {
  readonly tokenEmbeddingTable: nn.Embedding;

  constructor(vocabSize: number) {
    super();
    // each token directly reads off the logits for the next token from a lookup table
    this.tokenEmbeddingTable = this.registerModule(
      "token_embedding_table",
      new nn.Embedding(vocabSize, vocabSize),
    );
  }

  forward(idx: Tensor, targets?: Tensor): [Tensor, Tensor | null] {
    // idx and targets are both (B,T) tensors of integers
    let logits = this.tokenEmbeddingTable.forward(idx); // (B,T,C)
    if (targets === undefined) return [logits, null];
    const [B, T, C] = logits.shape as [number, number, number];
    logits = logits.view(B * T, C);
    const loss = crossEntropy(logits, targets.view(B * T));
    return [logits, loss];
  }

  /** Extends idx (B, T) by maxNewTokens characters, each drawn from the last position's softmax. */
  generate(idx: Tensor, maxNewTokens: number): Tensor {
    return generate(this, idx, maxNewTokens, Infinity);
  }
}

/** One head of self-attention. */
export class Head extends nn.Module {
  readonly key: nn.Linear;
  readonly query: nn.Linear;
  readonly value: nn.Linear;
  readonly tril: Tensor;
  readonly dropout: nn.Dropout;

  constructor(config: GPTConfig, headSize: number) {
    super();
    const { nEmbd, blockSize } = config;
    this.key = this.registerModule("key", new nn.Linear(nEmbd, headSize, { bias: false }));
    this.query = this.registerModule("query", new nn.Linear(nEmbd, headSize, { bias: false }));
    this.value = this.registerModule("value", new nn.Linear(nEmbd, headSize, { bias: false }));
    this.tril = this.registerBuffer("tril", ones([blockSize, blockSize]).tril());
    this.dropout = this.registerModule("dropout", new nn.Dropout(config.dropout));
  }

  forward(x: Tensor): Tensor {
    // input of size (batch, time-step, channels), output of size (batch, time-step, head size)
    const T = x.shape[1]!;
    const k = this.key.forward(x); // (B,T,hs)
    const q = this.query.forward(x); // (B,T,hs)
    // compute attention scores ("affinities")
    let wei = q.matmul(k.transpose(-2, -1)).mul(k.shape.at(-1)! ** -0.5); // (B,T,hs) @ (B,hs,T) -> (B,T,T)
    wei = wei.maskedFill(this.tril.slice(`:${T}`, `:${T}`).eq(0), -Infinity); // (B,T,T)
    wei = softmax(wei, -1); // (B,T,T)
    wei = this.dropout.forward(wei);
    // perform the weighted aggregation of the values
    const v = this.value.forward(x); // (B,T,hs)
    return wei.matmul(v); // (B,T,T) @ (B,T,hs) -> (B,T,hs)
  }
}

/** Multiple heads of self-attention in parallel. */
export class MultiHeadAttention extends nn.Module {
  readonly heads: nn.ModuleList;
  readonly proj: nn.Linear;
  readonly dropout: nn.Dropout;

  constructor(config: GPTConfig, numHeads: number, headSize: number) {
    super();
    this.heads = this.registerModule(
      "heads",
      new nn.ModuleList(Array.from({ length: numHeads }, () => new Head(config, headSize))),
    );
    this.proj = this.registerModule("proj", new nn.Linear(headSize * numHeads, config.nEmbd));
    this.dropout = this.registerModule("dropout", new nn.Dropout(config.dropout));
  }

  forward(x: Tensor): Tensor {
    const out = cat(
      this.heads.items.map((h) => h.forward(x)),
      -1,
    );
    return this.dropout.forward(this.proj.forward(out));
  }
}

/** A simple linear layer followed by a non-linearity. */
export class FeedForward extends nn.Module {
  readonly net: nn.Sequential;

  constructor(config: GPTConfig) {
    super();
    const { nEmbd } = config;
    this.net = this.registerModule(
      "net",
      new nn.Sequential([
        new nn.Linear(nEmbd, 4 * nEmbd),
        new nn.ReLU(),
        new nn.Linear(4 * nEmbd, nEmbd),
        new nn.Dropout(config.dropout),
      ]),
    );
  }

  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** Transformer block: communication followed by computation. */
export class Block extends nn.Module {
  readonly sa: MultiHeadAttention;
  readonly ffwd: FeedForward;
  readonly ln1: nn.LayerNorm;
  readonly ln2: nn.LayerNorm;

  constructor(config: GPTConfig) {
    super();
    // n_embd: embedding dimension, n_head: the number of heads we'd like
    const headSize = Math.floor(config.nEmbd / config.nHead);
    this.sa = this.registerModule("sa", new MultiHeadAttention(config, config.nHead, headSize));
    this.ffwd = this.registerModule("ffwd", new FeedForward(config));
    this.ln1 = this.registerModule("ln1", new nn.LayerNorm(config.nEmbd));
    this.ln2 = this.registerModule("ln2", new nn.LayerNorm(config.nEmbd));
  }

  forward(x: Tensor): Tensor {
    let out = x.add(this.sa.forward(this.ln1.forward(x)));
    out = out.add(this.ffwd.forward(this.ln2.forward(out)));
    return out;
  }
}

/** The lecture's GPT: token and position embeddings, nLayer blocks, a final LayerNorm, the head. */
export class GPTLanguageModel extends nn.Module<[Tensor, Tensor?], [Tensor, Tensor | null]> {
  readonly tokenEmbeddingTable: nn.Embedding;
  readonly positionEmbeddingTable: nn.Embedding;
  readonly blocks: nn.Sequential;
  readonly lnF: nn.LayerNorm;
  readonly lmHead: nn.Linear;

  constructor(readonly config: GPTConfig) {
    super();
    const { vocabSize, blockSize, nEmbd, nLayer } = config;
    // each token directly reads off the logits for the next token from a lookup table
    this.tokenEmbeddingTable = this.registerModule(
      "token_embedding_table",
      new nn.Embedding(vocabSize, nEmbd),
    );
    this.positionEmbeddingTable = this.registerModule(
      "position_embedding_table",
      new nn.Embedding(blockSize, nEmbd),
    );
    this.blocks = this.registerModule(
      "blocks",
      new nn.Sequential(Array.from({ length: nLayer }, () => new Block(config))),
    );
    this.lnF = this.registerModule("ln_f", new nn.LayerNorm(nEmbd)); // final layer norm
    this.lmHead = this.registerModule("lm_head", new nn.Linear(nEmbd, vocabSize));
    // better init, not covered in the original GPT video, but important, will cover in followup video
    this.apply((module) => this.initWeights(module));
  }

  initWeights(module: nn.AnyModule): void {
    if (module instanceof nn.Linear) {
      nn.init.normal_(module.weight, 0.0, 0.02);
      if (module.bias !== null) nn.init.zeros_(module.bias);
    } else if (module instanceof nn.Embedding) {
      nn.init.normal_(module.weight, 0.0, 0.02);
    }
  }

  forward(idx: Tensor, targets?: Tensor): [Tensor, Tensor | null] {
    const [B, T] = idx.shape as [number, number];
    // idx and targets are both (B,T) tensor of integers
    const tokEmb = this.tokenEmbeddingTable.forward(idx); // (B,T,C)
    const posEmb = this.positionEmbeddingTable.forward(arange(T)); // (T,C)
    let x = tokEmb.add(posEmb); // (B,T,C)
    x = this.blocks.forward(x); // (B,T,C)
    x = this.lnF.forward(x); // (B,T,C)
    let logits = this.lmHead.forward(x); // (B,T,vocab_size)
    if (targets === undefined) return [logits, null];
    const C = logits.shape[2]!;
    logits = logits.view(B * T, C);
    const loss = crossEntropy(logits, targets.view(B * T));
    return [logits, loss];
  }

  /** idx is (B, T) array of indices in the current context; extends it by maxNewTokens. */
  generate(idx: Tensor, maxNewTokens: number): Tensor {
    return generate(this, idx, maxNewTokens, this.config.blockSize);
  }
}

/**
 * The lecture's generate(), shared by both models: crop the context to the last blockSize
 * tokens, take the last time step's logits, sample from their softmax, append.
 */
function generate(
  model: nn.Module<[Tensor, Tensor?], [Tensor, Tensor | null]>,
  idx: Tensor,
  maxNewTokens: number,
  blockSize: number,
): Tensor {
  let out = idx;
  for (let i = 0; i < maxNewTokens; i++) {
    // crop idx to the last block_size tokens
    const idxCond = Number.isFinite(blockSize) ? out.slice(":", `-${blockSize}:`) : out;
    // get the predictions
    let [logits] = model.forward(idxCond);
    // focus only on the last time step
    logits = logits.slice(":", -1, ":"); // becomes (B, C)
    // apply softmax to get probabilities
    const probs = softmax(logits, -1); // (B, C)
    // sample from the distribution
    const idxNext = multinomial(probs, 1); // (B, 1)
    // append sampled index to the running sequence
    out = cat([out, idxNext], 1); // (B, T+1)
  }
  return out;
}

/**
 * The arithmetic of one training step (forward, backward, AdamW) of the GPT at `config` on a
 * batch of `batch` sequences of blockSize tokens: the matrix products count 2·m·k·n each, three
 * times (the forward product and the two of its backward); the rest (layer norms, softmax,
 * ReLU, residual adds, cross-entropy, AdamW) a few operations per element, estimated.
 */
export function gptStepFlops(
  config: GPTConfig,
  batch: number,
): { total: number; matmul: number; parameters: number } {
  const { vocabSize: V, blockSize: T, nEmbd: C, nLayer: L } = config;
  const N = batch * T; // tokens
  const mm = (m: number, k: number, n: number) => 2 * m * k * n;
  const perLayer =
    3 * mm(N, C, C) + // key, query, value of every head together
    2 * batch * mm(T, C, T) + // q·kᵀ and wei·v over all heads (head sizes add up to C)
    mm(N, C, C) + // proj
    mm(N, C, 4 * C) +
    mm(N, 4 * C, C); // the feed-forward
  const matmul = 3 * (L * perLayer + mm(N, C, V));
  const parameters =
    V * C +
    T * C +
    L * (3 * C * C + C * C + C + 4 * C * C + 4 * C + 4 * C * C + C + 4 * C) +
    2 * C +
    C * V +
    V;
  const elementwise =
    L * (2 * 8 * N * C + 3 * 2 * batch * T * T + 2 * 4 * N * C + 2 * 2 * N * C) + // norms, softmax, ReLU, residuals
    8 * N * C + // the final layer norm
    6 * N * V + // cross-entropy
    10 * parameters; // AdamW
  return { total: matmul + elementwise, matmul, parameters };
}

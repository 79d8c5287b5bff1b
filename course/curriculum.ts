/**
 * The one ordered list of exercises. The runner, the CI grader, the kit's tests and the docs
 * all read it; adding an exercise means adding an entry here (and its folders and grader).
 */

import type { ExerciseSpec } from "#kit/exercise.ts";

/** The tracks, in the course's order: one a lecture (or two), each with its title. */
export const tracks = [
  { id: "micrograd", title: "micrograd: a scalar autograd engine" },
  { id: "makemore-1", title: "makemore 1: bigrams, counted and neural" },
  { id: "makemore-2", title: "makemore 2: an MLP with character embeddings" },
  { id: "makemore-3", title: "makemore 3: activations, gradients and BatchNorm" },
  { id: "makemore-4", title: "makemore 4: becoming a backprop ninja" },
] as const;

export type Track = (typeof tracks)[number]["id"];

export interface Exercise extends ExerciseSpec {
  readonly track: Track;
}

export const curriculum: readonly Exercise[] = [
  {
    number: 1,
    id: "derivative",
    slug: "01-derivative",
    title: "The derivative, measured",
    track: "micrograd",
    points: 6,
    files: ["derivative.ts"],
    hints: [
      "A derivative is a ratio: how much f moves divided by how much you moved x.",
      "Evaluate f a little to the right of x and a little to the left, at x + h and x - h; the distance between those two points is 2h.",
      "return (f(x + h) - f(x - h)) / (2 * h); for partialDerivative, copy args twice ([...args]), add h to one copy's entry and subtract it from the other's.",
    ],
    answerModules: [],
    timeLimitSeconds: 20,
  },
  {
    number: 2,
    id: "value",
    slug: "02-value",
    title: "Value: numbers that remember where they came from",
    track: "micrograd",
    points: 6,
    files: ["value.ts"],
    hints: [
      "The constructor only stores what it is given; grad starts at 0. Each operation makes a new Value whose prev lists the Values it was made from.",
      "A plain number can arrive as `other`: wrap it first with `other instanceof Value ? other : new Value(other)`.",
      'add: `return new Value(this.data + o.data, [this, o], "+")`; mul is the same with "*"; tanh has one input: `new Value(Math.tanh(this.data), [this], "tanh")`.',
    ],
    answerModules: ["micrograd/engine.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 3,
    id: "backward",
    slug: "03-backward",
    title: "Backpropagation: local derivatives and backward()",
    track: "micrograd",
    points: 11,
    files: ["engine.ts"],
    hints: [
      "Each backwardStep does the chain rule for one node: an input's grad grows by (local derivative) × out.grad. Use += : a node can be an input more than once.",
      "+ has local derivative 1 for both inputs; * gives each input the other's data; tanh gives 1 - t² with t the output. backward() needs the nodes ordered so each comes after its inputs: a depth-first walk that pushes a node after visiting its prev.",
      "backward(): build `topo` with a visited Set and a recursive buildTopo(v) { if visited, return; mark; for each child buildTopo(child); topo.push(v) }, then `this.grad = 1` and call `v.backwardStep()` for v of topo.reverse().",
    ],
    answerModules: ["micrograd/engine.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 4,
    id: "more-ops",
    slug: "04-more-ops",
    title: "More operations: pow, div, neg, sub, exp, log, relu",
    track: "micrograd",
    points: 13,
    files: ["engine.ts"],
    hints: [
      "Each new op follows the pattern of mul: compute `out`, then set `out.backwardStep` to add (local derivative) × out.grad to each input's grad. Some ops need no backwardStep of their own: neg is mul(-1), sub is add of neg.",
      "Local derivatives: x^k → k·x^(k-1); a/b → 1/b for a and -a/b² for b; e^x → out.data; ln x → 1/x; relu → 1 where out.data > 0, else 0.",
      "div can be `this.mul(o.pow(-1))` once pow works. The free functions wrap a number: `const v = a instanceof Value ? a : new Value(a); return v.add(b);`.",
    ],
    answerModules: ["micrograd/engine.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 5,
    id: "mlp",
    slug: "05-mlp",
    title: "Neuron, Layer, MLP",
    track: "micrograd",
    points: 9,
    files: ["nn.ts"],
    hints: [
      "A Neuron holds Values: an array w with one weight per input, and a bias b. A Layer holds an array of Neurons; an MLP holds an array of Layers.",
      "Neuron.call: start from b and add w[i].mul(x[i]) for each i, then .tanh(). Layer.call maps every neuron over the same x. MLP.call feeds the output of each layer to the next.",
      "MLP sizes: `const sizes = [inputs, ...outputs]`; layer i is `new Layer(sizes[i], sizes[i + 1], random)`. parameters() is flatMap all the way down: Neuron → [...this.w, this.b].",
    ],
    answerModules: ["micrograd/nn.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 6,
    id: "training",
    slug: "06-training",
    title: "The training loop",
    track: "micrograd",
    points: 8,
    files: ["train.ts"],
    hints: [
      "One step is four moves: forward (the loss), zero the gradients, backward, update. The loss is a Value built from model.call(x)[0] with sub, pow and add.",
      "Gradients accumulate with +=, so a step that does not zero them first adds to the last step's. Zero with `for (const p of model.parameters()) p.grad = 0` (or model.zeroGrad()) before loss.backward().",
      "The update: `for (const p of model.parameters()) p.data += -learningRate * p.grad`. Push loss.data (a number) into the list each step.",
    ],
    answerModules: [],
    timeLimitSeconds: 30,
  },
  {
    number: 7,
    id: "vocabulary",
    slug: "07-vocabulary",
    title: "Words, vocabulary and bigrams",
    track: "makemore-1",
    points: 5,
    files: ["vocabulary.ts"],
    hints: [
      'The vocabulary is "." followed by every distinct character of the words, sorted: `[...new Set(words.join(""))].sort()`.',
      'A word of n letters gives n + 1 bigrams, because "." is added at both ends: build `[".", ...word, "."]` and take each neighbouring pair.',
      "encodeBigrams: loop over bigrams(words) and push stoi.get(first) into xs and stoi.get(second) into ys.",
    ],
    answerModules: ["makemore/words.ts", "makemore/bigram.ts", "makemore/data.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 8,
    id: "bigram-counts",
    slug: "08-bigram-counts",
    title: "The bigram count table",
    track: "makemore-1",
    points: 4,
    files: ["counts.ts"],
    hints: [
      'Start from an all-zero V×V table of integers: `zeros([stoi.size, stoi.size], { dtype: "int32" })`.',
      'For each word walk the neighbouring pairs of [".", ...word, "."] and turn both characters into indices with stoi.',
      "The kit's tensors have no `N[i, j] += 1`; write `N.set(N.get(i, j) + 1, i, j)`.",
    ],
    answerModules: ["makemore/bigram.ts"],
    afterPass:
      "See your table as the lecture draws it: npm run train -- bigram (writes out/bigram-counts.png).",
    timeLimitSeconds: 20,
  },
  {
    number: 9,
    id: "sampling",
    slug: "09-sampling",
    title: "Probabilities, smoothing and sampling names",
    track: "makemore-1",
    points: 7,
    files: ["sampling.ts"],
    hints: [
      "probabilities: N.add(smoothing).float(), then divide by the row sums. Check P.sum(1): every entry should be 1.",
      "P.sum(1) has shape [V] and lines up with P's columns when broadcast; P.sum(1, true) has shape [V, 1] and lines up with the rows. sampleNames: make the Generator once, before the loop over names.",
      "Inside: `ix = multinomial(P.index(ix), 1, { replacement: true, generator: g }).item(); name += itos[ix];` and stop when ix is 0.",
    ],
    answerModules: ["makemore/bigram.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 10,
    id: "likelihood",
    slug: "10-likelihood",
    title: "The loss: average negative log-likelihood",
    track: "makemore-1",
    points: 5,
    files: ["likelihood.ts"],
    hints: [
      "Multiplying thousands of probabilities underflows to 0; add their logs instead: log(a·b) = log a + log b.",
      'Walk the bigrams of every ".word." as before, add Math.log(P.get(i, j)) and count them. The log of a probability is negative; the loss is minus the average.',
      "return -logLikelihood / n; and perplexity is Math.exp(averageNll).",
    ],
    answerModules: ["makemore/bigram.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 11,
    id: "softmax",
    slug: "11-softmax",
    title: "One-hot inputs, logits and softmax",
    track: "makemore-1",
    points: 7,
    files: ["softmax.ts"],
    hints: [
      "oneHot(xs, size) gives integer rows; a network needs floats: .float(). The logits are those rows times W (matmul).",
      "softmax: exp makes every logit a positive 'count'; dividing by the row's sum (sum(1, true)) makes the counts probabilities.",
      "For stability subtract the row max first: `const counts = logits.sub(logits.max(1, true).values).exp(); return counts.div(counts.sum(1, true));`",
    ],
    answerModules: ["makemore/bigram.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 12,
    id: "neural-bigram",
    slug: "12-neural-bigram",
    title: "Training the neural bigram",
    track: "makemore-1",
    points: 7,
    files: ["neural.ts"],
    hints: [
      "The loss is exercise 11's softmax followed by exercise 10's average NLL, written with tensors: probs.index(arange(n), ys) picks the probability of each right answer.",
      "Regularisation: add regularization * W.pow(2).mean() to the NLL. Training: W = randn([size, size], { generator: new Generator().manualSeed(seed), requiresGrad: true }).",
      "Each step: `const loss = bigramLoss(W, x, y, regularization); W.grad = null; loss.backward(); W.data.add_(W.grad!.mul(-learningRate)); losses.push(loss.item());`",
    ],
    answerModules: ["makemore/bigram.ts"],
    afterPass: "Watch the whole run on names.txt: npm run train -- neural-bigram.",
    timeLimitSeconds: 40,
    data: ["names.txt"],
  },
  {
    number: 13,
    id: "context-windows",
    slug: "13-context-windows",
    title: "Context windows: the dataset (X, Y)",
    track: "makemore-2",
    points: 4,
    files: ["dataset.ts"],
    hints: [
      'Each word starts with a context of blockSize zeros (the index of "."). For each character of the word and then ".", the current context is an input and the character is its target.',
      "After recording an example, slide the window: drop the oldest index and append the new one, `context = [...context.slice(1), ix]`.",
      "Collect rows in a number[][] and targets in a number[]; return { X: tensor(X), Y: tensor(Y) }.",
    ],
    answerModules: ["makemore/mlp.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 14,
    id: "split",
    slug: "14-split",
    title: "Train, dev and test splits",
    track: "makemore-2",
    points: 5,
    files: ["split.ts"],
    hints: [
      "Shuffle a copy of the words first (`[...words]`), with the kit's Python-exact generator: `new PyRandom(seed).shuffle(copy)`.",
      "n1 = Math.trunc(0.8 * n) and n2 = Math.trunc(0.9 * n), as Python's int(0.8 * len(words)).",
      "return { train: copy.slice(0, n1), dev: copy.slice(n1, n2), test: copy.slice(n2) };",
    ],
    answerModules: ["makemore/mlp.ts"],
    timeLimitSeconds: 20,
    data: ["names.txt"],
  },
  {
    number: 15,
    id: "embedding",
    slug: "15-embedding",
    title: "The embedding lookup C[X] and view",
    track: "makemore-2",
    points: 4,
    files: ["embedding.ts"],
    hints: [
      "Indexing a table by a tensor of indices picks rows: the kit writes PyTorch's C[X] as C.index(X), and the result has shape [...X.shape, embedding].",
      "To feed the hidden layer, each example's block of embeddings must become one row. view reshapes without moving elements; -1 lets the kit work out that size.",
      "embed: `return C.index(X);` flatten: `return emb.view(emb.shape[0], -1);`",
    ],
    answerModules: ["makemore/mlp.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 16,
    id: "mlp-forward",
    slug: "16-mlp-forward",
    title: "The MLP's forward pass",
    track: "makemore-2",
    points: 4,
    files: ["forward.ts"],
    hints: [
      "Three lines: the embeddings of the window (exercise 15), the hidden layer, the output layer.",
      "The hidden layer is a matrix product with W1, plus b1 (broadcast over the examples), through tanh. The output layer is the same with W2 and b2, without tanh: logits can be any number.",
      "`const emb = p.C.index(X); const h = emb.view(emb.shape[0], -1).matmul(p.W1).add(p.b1).tanh(); return h.matmul(p.W2).add(p.b2);`",
    ],
    answerModules: ["makemore/mlp.ts", "makemore/model.ts"],
    timeLimitSeconds: 20,
  },
  {
    number: 17,
    id: "cross-entropy",
    slug: "17-cross-entropy",
    title: "Cross-entropy, by hand and stable",
    track: "makemore-2",
    points: 5,
    files: ["loss.ts"],
    hints: [
      "By hand is part 1's recipe: counts = logits.exp(), probs = counts.div(counts.sum(1, true)), then probs.index(arange(n), Y).log().mean().neg().",
      "log softmax(x) = x - log Σ exp(x), and subtracting a constant c from a row changes neither side. With c the row's max, the largest exp is exp(0) = 1: nothing overflows.",
      "`const shifted = logits.sub(logits.max(1, true).values); const logProbs = shifted.sub(shifted.exp().sum(1, true).log());` then pick, mean, neg.",
    ],
    answerModules: [],
    timeLimitSeconds: 20,
  },
  {
    number: 18,
    id: "mlp-training",
    slug: "18-mlp-training",
    title: "Minibatch training with step decay",
    track: "makemore-2",
    points: 6,
    files: ["train.ts"],
    hints: [
      "A step is exercise 6's loop on a minibatch: pick 32 random rows, compute their loss with crossEntropy(forward(p, Xb), Yb), set every grad to null, backward, update.",
      "Draw the rows from the generator you are given, so the run repeats: `const ix = randint(0, X.shape[0], [32], { generator: g });` then X.index(ix) and Y.index(ix).",
      "learningRate: `return step < steps / 2 ? 0.1 : 0.01;` and the update: `for (const q of parameters) q.data.add_(q.grad!.mul(-learningRate(step, steps)));`",
    ],
    answerModules: ["makemore/mlp.ts"],
    timeLimitSeconds: 60,
    data: ["names.txt"],
  },
  {
    number: 19,
    id: "lr-sweep",
    slug: "19-lr-sweep",
    title: "The learning-rate sweep",
    track: "makemore-2",
    points: 5,
    files: ["sweep.ts"],
    hints: [
      "The rates grow exponentially, so space the exponents evenly: linspace(-3, 0, steps), and use 10 ** exponent as the rate.",
      "exponents: `return [...linspace(-3, 0, steps).storage];` (import linspace from the kit's tensor).",
      "In sweep: `const lr = 10 ** lre[step]!;` bestExponent: find the index of the smallest loss and return lre at that index.",
    ],
    answerModules: ["makemore/mlp.ts"],
    timeLimitSeconds: 40,
  },
  {
    number: 20,
    id: "sampling-names",
    slug: "20-sampling-names",
    title: "Sampling names from the MLP",
    track: "makemore-2",
    points: 4,
    files: ["sample.ts"],
    hints: [
      'Sampling is a loop per name: the network gives a distribution over the next character for the current window; draw one; slide the window; stop at ".".',
      "The window is a plain array of blockSize indices, starting as zeros. forward(p, tensor([context])) has shape [1, vocabulary]; .softmax(1) makes it probabilities.",
      "`const ix = multinomial(probs, 1, { replacement: true, generator: g }).item(); context = [...context.slice(1), ix]; name += itos[ix]; if (ix === 0) break;` (wrap the whole thing in noGrad).",
    ],
    answerModules: ["makemore/mlp.ts"],
    timeLimitSeconds: 30,
    afterPass: "See twenty names from the fully trained network: npm run train -- mlp.",
  },
];

export function exerciseByNumber(n: number): Exercise | undefined {
  return curriculum.find((e) => e.number === n);
}

export function exerciseBySlug(slug: string): Exercise | undefined {
  return curriculum.find((e) => e.slug === slug);
}

export function trackTitle(track: Track): string {
  return tracks.find((t) => t.id === track)!.title;
}

/**
 * The registry of known mistakes: every mistake the course knows by name, with one line on what
 * the learner wrote. A grader names one with `fail(message, { mistake: "id" })`; each has at least
 * one mutant, course/TRACK/ID/mutants/<id>/, the solution with that mistake made, which the
 * grader must catch (test/mistakes.test.ts keeps the two in step).
 *
 * Ids are kebab-case and say what went wrong, not where: a mistake made in two exercises (a sum
 * where a mean belongs, a missing zero-grad) is one id.
 */

export const mistakes = {
  // micrograd
  "forward-difference": "The derivative measured one-sided, (f(x + h) - f(x)) / h, not centrally.",
  "mutated-args":
    "The function changes an argument it was given (the caller's array) instead of a copy.",
  "op-label-copied":
    "An operation copied from another keeps the other's op label (mul labelled +).",
  "output-grad-not-seeded": "backward() never sets the output's grad to 1, so nothing flows back.",
  "grad-assigned-not-accumulated":
    "A backwardStep assigns grad with = instead of adding with +=, so a reused node loses a path.",
  "tanh-derivative-from-input": "tanh's derivative written 1 - x² with the input, not 1 - t².",
  "no-topological-order": "backward() visits the nodes without a reverse topological order.",
  "pow-exponent-off-by-one": "pow's derivative written k·x^k instead of k·x^(k-1).",
  "div-grad-b-is-a": "d(a/b)/db written as a instead of -a/b².",
  "div-grad-b-is-inverse": "d(a/b)/db written as 1/b, which is d(a/b)/da.",
  "bias-missing-from-parameters": "A neuron's parameters() lists its weights but not its bias.",
  "mean-instead-of-sum": "The squared-error loss averaged where the lecture sums it.",
  "missing-zero-grad": "The gradients are not cleared between steps, so they pile up.",
  "update-uphill": "The update goes with the gradient instead of against it.",

  // makemore, part 1
  "bigram-missing-start": "A word's pairs are read without the start token in front.",
  "bigram-missing-end": "A word's pairs are read without the end token behind.",
  "normalised-without-keepdim":
    "Rows divided by sum(1) without keepdim: broadcasting divides the columns instead.",
  "no-smoothing": "The counts are normalised without adding the smoothing first.",
  "re-seeded-in-loop": "The generator is seeded again for every name, so every name is the same.",
  "unseeded-generator": "multinomial draws from the default generator, not the seeded one.",
  "nll-sign": "The loss is the average log-likelihood, not its negative.",
  "nll-sum-not-mean": "The loss is the sum over the examples, not their mean.",
  "one-hot-integers": "The one-hot rows are left as integers instead of floats.",
  "softmax-overflow": "Softmax exponentiates without subtracting the row's max, and overflows.",
  "no-regularization": "The regularisation term is left out of the loss.",

  // makemore, part 2
  "missing-end-example": "The end token is never a target: each word gives one example too few.",
  "split-not-shuffled": "The split is taken in file order, without shuffling.",
  "split-shuffled-in-place": "The caller's array is shuffled in place instead of a copy.",
  "split-overlap": "Two parts of the split share words.",
  "embedding-flattened-wrong-order":
    "The embeddings are flattened through the wrong shape, mixing one window's rows with another's.",
  "hidden-without-tanh": "The hidden layer is left linear, without its tanh.",
  "cross-entropy-not-written-out":
    "The loss handed to the kit's fused crossEntropy instead of written out.",
  "cross-entropy-overflow": "Cross-entropy exponentiates without subtracting the row's max.",
  "cross-entropy-underflow":
    "The log is taken of probabilities, which underflow to 0, instead of log-sum-exp.",
  "full-batch-every-step":
    "Every step computes the loss on the whole training set, not a minibatch.",
  "decay-never-applied": "The learning rate never decays.",
  "last-step-not-applied":
    "The last step's update is skipped: the losses are right but the trained parameters are not.",
  "exponent-as-learning-rate":
    "The sweep trains at the exponent itself instead of 10 to its power.",
  "context-not-slid": "The context window never slides: every character is drawn from the start.",
  "sampler-never-stops": "Sampling does not stop when the end token is drawn.",

  // makemore, part 3: the diagnostics (exercise 25)
  "saturation-on-preactivation":
    "Saturation measured on the tanh's input (the pre-activation) instead of its output.",
  "saturation-as-percent": "The saturated fraction returned as a percentage, not from 0 to 1.",
  "std-over-wrong-dim":
    "A std taken per column (over one dimension) and averaged, not over every element.",
  "grad-data-ratio-inverted": "The grad:data ratio written std(data) / std(grad).",
  "update-ratio-without-learning-rate":
    "The update:data ratio of the gradient alone, without the learning rate that makes it an update.",
  "update-ratio-without-log": "The update:data ratio left as a ratio, without its log10.",
  "weights-include-vectors":
    "The weight statistics include the one-dimensional parameters (BatchNorm's gain and bias).",
};

type Registry = typeof mistakes;

// The kit declares KnownMistakes empty (it never imports the course); this fills it with the ids
// above, so that kit/check.ts's MistakeId is exactly this registry's keys.
declare module "#kit/check.ts" {
  interface KnownMistakes extends Registry {}
}

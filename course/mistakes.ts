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

  // makemore, part 3: initialisation (exercises 21, 22 and 26)
  "log-base-10": "A log taken in base 10 (Math.log10) where the natural log belongs.",
  "probability-not-log": "The expected loss given as the probability 1/vocabSize, without the log.",
  "output-not-scaled":
    "The output layer drawn at full size: confident, wrong logits and a loss far above -log(1/27).",
  "output-bias-random": "W2 scaled down, but b2 left random instead of zero.",
  "output-weights-zero":
    "W2 set to exactly zero: the layers below get no gradient at the first step.",
  "parameter-not-leaf":
    "A parameter made with requiresGrad and then scaled: the scaled tensor is not a leaf and gets no .grad.",
  "saturation-at-threshold":
    "Saturation counted with >= where the lecture counts |h| > threshold: values at the threshold count.",
  "saturation-of-preactivation": "Saturation measured on the pre-activation, not on tanh's output.",
  "kaiming-gain-squared":
    "Kaiming's std written gain² / √fan_in: the variance's gain, not the std's.",
  "kaiming-gain-missing": "Kaiming's std written 1 / √fan_in, without the non-linearity's gain.",
  "kaiming-no-sqrt": "Kaiming's std written gain / fan_in, without the square root.",
  "kaiming-fan-out": "Kaiming's std computed from fan_out instead of fan_in.",
  "grad-present-not-nonzero":
    "A parameter counted as getting a gradient because its .grad is set, though every entry is zero.",
  "snapshot-not-copied":
    "The starting values kept by reference, not copied: the in-place updates change them too.",
  "zero-activation-overlooked":
    "W2 expected to learn while the hidden activations are tanh(0) = 0, so dW2 = hᵀ·dlogits = 0.",
  "gradient-flow-static":
    "Which parameters learn decided once, at the start: a parameter that has moved opens paths for the next steps.",
  "gradient-path-missed":
    "A parameter's gradient path overlooked: it learns, and the answer leaves it out.",
  // makemore, part 4: training with one's own backward (exercise 31)
  "bias-grad-summed-over-wrong-dim":
    "A bias's gradient summed over dim 1 (one number per example) instead of over the batch, dim 0.",
  "dc-assigned-not-accumulated":
    "The embedding's gradient assigned with = per lookup, so a repeated character keeps only its last.",
  // makemore 4: the backward pass by hand (exercises 28-30)
  "mean-gradient-not-divided-by-n":
    "A mean's gradient (dlogprobs, dlogits) left at 1 per element instead of 1/n.",
  "chain-rule-upstream-dropped":
    "A step's local derivative returned alone, not multiplied by the gradient that arrives.",
  "power-rule-wrong":
    "A power's derivative with the exponent not lowered by one, or the sign lost.",
  "path-not-summed":
    "A tensor used twice (counts, bndiff, hprebn) gets the gradient of one path, not the sum of both.",
  "max-grad-forgotten": "dlogits without the path through logit_maxes, the row's max.",
  "max-grad-spread": "dlogit_maxes added to every logit of its row, not only to the max.",
  "subtracted-gradient-sign-lost":
    "A subtracted tensor's gradient (logit_maxes, bnmeani) summed without its minus sign.",
  "sum-without-keepdim":
    "A gradient summed over a broadcast dimension without keepdim: a shape broadcasting hides.",
  "transpose-misplaced": "A matrix product's gradient with the transpose on the wrong operand.",
  "dw-as-w-times-d": "A weight's gradient written W · d instead of xᵀ · d.",
  "variance-divided-by-n":
    "The variance's backward divides by n where the forward divides by n - 1 (Bessel).",
  "one-hot-not-subtracted": "dlogits as the softmax alone, without the -1 at each right answer.",
  "batchnorm-mean-term-missing": "BatchNorm's backward without the path through the batch mean.",
  "bngain-forgotten": "BatchNorm's backward without the gain bngain, as if it were 1.",
  // makemore, part 3: BatchNorm by hand, the modules, folding (exercises 23, 24, 27)
  "batchnorm-in-place": "BatchNorm normalises the tensor it is given in place.",
  "variance-biased": "The batch variance (or std) divides by n where the lesson asks for n - 1.",
  "running-momentum-reversed":
    "The running statistics keep the momentum's share of themselves and take the rest from the batch.",
  "running-stats-in-graph":
    "The running statistics are updated outside noGrad, so they join the autograd graph.",
  "eval-batch-statistics":
    "Evaluation normalises with the batch's statistics, not the running ones.",
  "batchnorm-after-tanh": "BatchNorm is applied after the non-linearity instead of before it.",
  "gain-bias-not-parameters": "BatchNorm's gain and bias are not registered as parameters.",
  "variance-unbiased": "The batch variance divides by n - 1 where the lesson asks for n.",
  "eps-outside-sqrt": "eps is added to the standard deviation instead of inside the square root.",
  "fold-without-eps": "The folded scale divides by the running std without eps.",
  "fold-variance-not-std": "The folded scale divides by the running variance, not its square root.",
  "fold-weight-not-scaled": "Folding scales the bias but leaves the weight as it was.",
  "fold-mean-forgotten": "Folding leaves the running mean out of the new bias.",
  "fold-linear-bias-dropped": "Folding drops the Linear's own bias.",
  // makemore, part 3: the diagnostics (exercise 25)
  "saturation-as-percent": "The saturated fraction returned as a percentage, not from 0 to 1.",
  "std-over-wrong-dim":
    "A std taken per column (over one dimension) and averaged, not over every element.",
  "grad-data-ratio-inverted": "The grad:data ratio written std(data) / std(grad).",
  "update-ratio-without-learning-rate":
    "The update:data ratio of the gradient alone, without the learning rate that makes it an update.",
  "update-ratio-without-log": "The update:data ratio left as a ratio, without its log10.",
  "weights-include-vectors":
    "The weight statistics include the one-dimensional parameters (BatchNorm's gain and bias).",
  "missing-start-example":
    "A word's first example (a context of dots, its first letter the target) is never made.",
  "upstream-gradient-dropped":
    "A backwardStep adds its local derivative alone, without multiplying by out.grad (the chain rule).",
  "output-scale-off":
    "W2 scaled by a small factor other than the lesson's 0.01: a near-uniform first loss, not the lecture's numbers.",
  "gradient-path-invented":
    "A parameter predicted to move that no gradient reaches (b1 taken to learn while W2 is zero).",
  // Answers taken from the kit while the learner's code runs (kit/reference-calls.ts)
  "kaiming-from-the-kit":
    "gain or kaimingInit hands the work to the kit's nn.calculateGain or nn.kaimingNormal.",

  // found by the automatic mutation run (npm run mutation): an argument the code ignores
  "step-h-ignored": "The derivative nudges by a step of its own, not the h it is given.",
  "random-not-passed-on":
    "A Layer builds its neurons without the random it was given, so a seed does not reproduce it.",
  "count-ignored": "The sampler draws a fixed number of names, not the count it is given.",
  // makemore 4, found by the mutation run (exercises 28-31)
  "gradient-taken-as-zero":
    "A step returns zeros because autograd's answer is about zero (db1, dlogit_maxes), ignoring the gradient that arrives.",

  // makemore, part 3 (exercises 21-27), found by the mutation run
  "threshold-default-wrong":
    "A threshold parameter's default is not the lecture's 0.97, so a call without one counts another fraction.",
  "embedding-without-grad":
    "The embedding table C made without requiresGrad: backward() never reaches it, so it never learns.",
  "linear-bias-default-off":
    "A Linear built without the bias option has no bias, where torch.nn.Linear's defaults to true.",

  // confirmed diagnoses (kit/explanations.ts and second inputs), exercises 1-20
  "argmax-not-sampled":
    "The next character picked with argmax instead of drawn: every name is the most likely one.",
};

type Registry = typeof mistakes;

// The kit declares KnownMistakes empty (it never imports the course); this fills it with the ids
// above, so that kit/check.ts's MistakeId is exactly this registry's keys.
declare module "#kit/check.ts" {
  interface KnownMistakes extends Registry {}
}

/**
 * A gradient tensor written by hand, judged against autograd's as the backprop lecture's cmp
 * judges it (allclose with PyTorch's defaults), with the shape held to exactly the tensor's own:
 * broadcasting hides a missing keepdim from the lecture's cmp, and it gets its own sentence here.
 */
import { type Comparison, compareGradients, ulpOf } from "#reference/makemore/ninja.ts";
import { Tensor } from "#reference/tensor/index.ts";
import { fail, type MistakeId } from "./check.ts";
import { describeValue, formatNumber } from "./diagnose.ts";

/** A known wrong way to compute the gradient: its value on the same inputs, and what to say. */
export interface WrongGradient {
  readonly mistake: MistakeId;
  readonly value: () => Tensor;
  readonly message: string;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(", ")}]`;
const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);
const closeTo = (a: Tensor, b: Tensor) =>
  sameShape(a.shape, b.shape) && compareGradients("", a, b).approximate;

/** Ulps of the terms' scale a correct order of float32 operations may be off by. */
const roundingUlps = 4;

/**
 * Every element allclose, or off by no more than a few ulps of the terms' scale: one number for
 * the whole tensor, or one per element (a tensor of the gradient's shape).
 */
function withinRounding(
  got: Tensor,
  expected: Tensor,
  termScale: number | Tensor | undefined,
): boolean {
  if (termScale === undefined) return false;
  const scaleAt =
    typeof termScale === "number" ? () => termScale : (i: number) => Number(termScale.storage[i]);
  if (typeof termScale !== "number" && termScale.storage.length !== expected.storage.length)
    throw new Error(
      `termScale has shape ${shapeText(termScale.shape)}, the gradient ${shapeText(expected.shape)}`,
    );
  return expected.storage.every((v, i) => {
    const y = Number(v);
    const slack = roundingUlps * ulpOf(scaleAt(i));
    return Math.abs(Number(got.storage[i]) - y) <= 1e-8 + 1e-5 * Math.abs(y) + slack;
  });
}

/**
 * The element (as indices) furthest past allclose's tolerance: the largest difference can be a
 * large element's allowed rounding while the element that fails is a small one.
 */
function worstElement(
  got: Tensor,
  expected: Tensor,
): { at: number[]; mine: number; autograd: number } {
  let worst = 0;
  let largest = -1;
  expected.storage.forEach((v, i) => {
    const diff = Math.abs(Number(got.storage[i]) - Number(v)) / (1e-8 + 1e-5 * Math.abs(Number(v)));
    if (!(diff <= largest)) {
      largest = diff;
      worst = i;
    }
  });
  const at: number[] = [];
  let rest = worst;
  for (let d = expected.shape.length - 1; d >= 0; d--) {
    at.unshift(rest % expected.shape[d]!);
    rest = Math.floor(rest / expected.shape[d]!);
  }
  return { at, mine: Number(got.storage[worst]), autograd: Number(expected.storage[worst]) };
}

/**
 * Fails unless `got` (the learner's `what`, e.g. "dcounts") is a tensor of exactly the shape of
 * `of` (e.g. "counts") and allclose to autograd's `expected`. A known wrong gradient it matches
 * is named first, then a shape that is not the tensor's, then the values.
 */
export function expectGradientTensor(
  what: string,
  of: string,
  got: unknown,
  expected: Tensor,
  options: {
    wrong?: readonly WrongGradient[];
    hint: string;
    /**
     * The size of the terms the gradient is a difference of (1/n for softmax minus one-hot over
     * n), when it is larger than the result: float32 rounds those terms at their own ulps, and
     * the difference keeps that error however small it cancels to (p − 1 for p within 1e-5 of 1).
     * Two correct orders of operations then differ by more than allclose's atol of 1e-8 (PyTorch's
     * own allclose fails its two ways), so a few ulps of this scale are accepted besides.
     * A tensor of the gradient's shape gives each element its own scale: for a sum or a matrix
     * product, the sum of its terms' magnitudes (|a| @ |b| for a @ b), which bounds every partial
     * sum, so a few of its ulps cover any order of the additions and nothing more.
     */
    termScale?: number | Tensor;
  },
): Comparison {
  if (!(got instanceof Tensor))
    fail(
      `${what} should be a Tensor of shape ${shapeText(expected.shape)}, but it is ${describeValue(got)}.`,
    );
  for (const wrong of options.wrong ?? []) {
    const value = wrong.value();
    // Named only when the wrong value is further from the right one than rounding can take it:
    // a gradient that is all rounding (a row sum that cancels) is also close to all zeros.
    if (
      closeTo(got, value) &&
      !closeTo(value, expected) &&
      !(
        sameShape(value.shape, expected.shape) && withinRounding(value, expected, options.termScale)
      )
    )
      fail(`${what} is wrong: ${wrong.message}`, { mistake: wrong.mistake });
  }
  if (!sameShape(got.shape, expected.shape)) {
    const squeezed = expected.shape.filter((d) => d !== 1);
    if (squeezed.length < expected.shape.length && sameShape(got.shape, squeezed))
      fail(
        `${what} has shape ${shapeText(got.shape)}, but ${of} has shape ${shapeText(expected.shape)}: a sum without keepdim. Broadcasting would not complain (the lecture's cmp compares the two element by element after broadcasting), but a gradient has exactly the shape of its tensor, so keep the summed dimension: .sum(dim, true).`,
        { mistake: "sum-without-keepdim" },
      );
    if (
      got.shape.length === 2 &&
      expected.shape.length === 2 &&
      got.shape[0] === expected.shape[1] &&
      got.shape[1] === expected.shape[0]
    )
      fail(
        `${what} has shape ${shapeText(got.shape)}, but ${of} has shape ${shapeText(expected.shape)}: a transpose in the wrong place. Work out the product from the shapes: the result must be ${shapeText(expected.shape)}, so which operand goes first, and which is transposed, follows.`,
        { mistake: "transpose-misplaced" },
      );
    fail(
      `${what} has shape ${shapeText(got.shape)}, but a gradient has exactly the shape of its tensor, and ${of} has shape ${shapeText(expected.shape)}. ${options.hint}`,
    );
  }
  const comparison = compareGradients(of, got, expected);
  if (!comparison.approximate && !withinRounding(got, expected, options.termScale)) {
    const { at, mine, autograd } = worstElement(got, expected);
    fail(
      `${what} departs from autograd's gradient:\n${comparison.line}\nThe element furthest from allclose is at [${at.join(", ")}]: yours is ${formatNumber(mine)}, autograd's ${formatNumber(autograd)}. ${options.hint}`,
    );
  }
  return comparison;
}

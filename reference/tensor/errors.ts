/**
 * Every error the kit's torch raises, in one place (the newer families' in errors/, re-exported
 * here). Each is one sentence that says what went
 * wrong in the learner's terms and what to write instead; where PyTorch refuses the same thing,
 * its words are quoted so the lecture's traceback can be recognised. The checks stay in the
 * code that makes them: `throw errors.viewHasTwoInferred(...)`.
 */
import { conversions, type DType, torchNames } from "./dtype.ts";
import { show } from "./errors/words.ts";

export * from "./errors/reductions.ts";
export * from "./errors/slicing.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

// ——— tensors, shapes and broadcasting ———

export function storageDoesNotFit(shape: readonly number[], numel: number, length: number): Error {
  return new Error(`A tensor of shape ${show(shape)} needs ${numel} elements, not ${length}.`);
}

export function shapeThenSizes(shape: readonly number[], next: number): Error {
  return new Error(
    `A shape is one list (${show(shape)}) or sizes one by one (27, 27), not a list followed by ${next}: put every size in the list.`,
  );
}

export function cannotRequireGrad(dtype: DType): Error {
  return new Error(
    `Only floating-point tensors can require gradients, but this one is ${dtype} (JavaScript cannot tell 2.0 from 2, so tensor([2.0, 3.0]) holds integers): pass { dtype: 'float32' } or call .float() first.`,
  );
}

export function doNotBroadcast(
  a: readonly number[],
  b: readonly number[],
  dim: number,
  sizeA: number,
  sizeB: number,
): Error {
  return new Error(
    `The size of tensor a (${sizeA}) must match the size of tensor b (${sizeB}) at non-singleton dimension ${dim}: shapes ${show(a)} and ${show(b)} do not broadcast.`,
  );
}

export function dimOutOfRange(dim: number, shape: readonly number[]): Error {
  return new Error(
    `Dimension ${dim} is out of range for a tensor of ${plural(shape.length, "dimension")} (shape ${show(shape)}).`,
  );
}

export function wrongIndexCount(ndim: number, given: number): Error {
  return new Error(
    `This tensor has ${plural(ndim, "dimension")}, so it needs ${ndim} indices, not ${given}.`,
  );
}

export function elementOutOfBounds(index: number, dim: number, size: number): Error {
  return new Error(`Index ${index} is out of bounds for dimension ${dim} with size ${size}.`);
}

export function dataNeedsTensor(value: unknown): Error {
  return new Error(
    `t.data = ... takes a tensor, not ${value === null ? "null" : typeof value}: write t.data = t.data.sub(t.grad.mul(lr)), or t.data.sub_(...) to change it in place.`,
  );
}

export function dataShapeOrDtype(
  shape: readonly number[],
  dtype: DType,
  newShape: readonly number[],
  newDtype: DType,
): Error {
  return new Error(
    `t.data = ... replaces the values of a tensor of shape ${show(shape)} (${dtype}) with ones of shape ${show(newShape)} (${newDtype}): the kit copies them in, so they must have the same shape and dtype. To change the shape, make a new tensor (t = ...) instead.`,
  );
}

export function itemNeedsOneElement(numel: number, shape: readonly number[]): Error {
  return new Error(
    `item() needs a tensor with one element, but this one has ${numel} (shape ${show(shape)}).`,
  );
}

export function viewSizesNotWhole(dims: readonly number[]): Error {
  return new Error(
    `view() and reshape() take whole sizes of 0 or more (and at most one -1, inferred), not ${show(dims)}.`,
  );
}

export function viewHasTwoInferred(count: number, dims: readonly number[]): Error {
  return new Error(
    `Only one dimension can be inferred (-1) in view() and reshape(), not ${count} as in ${show(dims)}.`,
  );
}

export function viewCannotInfer(dims: readonly number[], numel: number): Error {
  return new Error(`Shape ${show(dims)} is invalid for a tensor of ${numel} elements.`);
}

export function viewWrongSize(
  dims: readonly number[],
  numel: number,
  shape: readonly number[],
): Error {
  return new Error(
    `Shape ${show(dims)} is invalid for a tensor of ${numel} elements (shape ${show(shape)}).`,
  );
}

export function transposeNeeds2D(shape: readonly number[]): Error {
  return new Error(`.T here is for 2-D tensors; this one has shape ${show(shape)}.`);
}

// ——— memory: scope() ———

export function usedAfterScope(): Error {
  return new Error(
    "This tensor was made inside scope() and its memory was given back when the scope ended: compute what you need inside the scope and return it (a number such as loss.item(), or the tensor itself, which scope() copies out).",
  );
}

// ——— autograd ———

export function backwardNeedsGrad(): Error {
  return new Error(
    "backward() needs a tensor that requires grad: did you create the parameters with { requiresGrad: true }?",
  );
}

export function backwardNeedsScalar(shape: readonly number[]): Error {
  return new Error(
    `backward() without an argument needs a single number (a loss), but this tensor has shape ${show(shape)}.`,
  );
}

export function backwardGradientShape(
  shape: readonly number[],
  gradientShape: readonly number[],
): Error {
  return new Error(
    `backward(gradient) needs a gradient of this tensor's shape ${show(shape)}, not ${show(gradientShape)}.`,
  );
}

export function gradFromEndedScope(): Error {
  return new Error(
    "A parameter's .grad is left over from an earlier step, made inside a scope() that has ended (its memory is gone), and this backward() would add to it: set p.grad = null for every parameter before loss.backward(), as the lecture does each step.",
  );
}

// ——— in-place changes ———

/** `call` is the method as written, e.g. "add_()". */
export function inPlaceOnLeaf(call: string): Error {
  const onData = call === "zero_()" ? call : call.replace("()", "(...)");
  return new Error(
    `${call} would change a leaf tensor that requires grad, which autograd cannot record (PyTorch: "a leaf Variable that requires grad is being used in an in-place operation"): change p.data instead (p.data.${onData}), or work inside noGrad().`,
  );
}

/** `instead` is what to write, e.g. "h = h.add(...) rather than h.add_(...)". */
export function inPlaceOnRecorded(call: string, gradFn: string, instead: string): Error {
  return new Error(
    `${call} would change a tensor that autograd recorded (grad_fn=<${gradFn}>), so backward() would read the changed values and give wrong gradients: make a new tensor instead, ${instead}.`,
  );
}

export function inPlaceResultType(op: string, result: DType, dtype: DType): Error {
  return new Error(
    `${op}_() gives a ${result} result, which this ${dtype} tensor cannot hold (PyTorch refuses it too: "result type ${torchNames[result]} can't be cast to the desired output type ${torchNames[dtype]}"): call .float() first (N = N.float(), then N.${op}_(...)), or write N.${op}(...) for a new float tensor.`,
  );
}

export function inPlaceResultShape(
  shape: readonly number[],
  otherShape: readonly number[],
  resultShape: readonly number[],
): Error {
  return new Error(
    `An in-place result must keep the tensor's shape ${show(shape)}, but broadcasting with ${show(otherShape)} gives ${show(resultShape)}.`,
  );
}

// ——— reductions, matmul, indexing, softmax ———

export function maxOfEmpty(): Error {
  return new Error("max() of an empty tensor has no value.");
}

export function matmulShapes(a: readonly number[], b: readonly number[]): Error {
  return new Error(
    `both arguments to matmul need to be at least 1D, but they are ${a.length}D and ${b.length}D (shapes ${show(a)} and ${show(b)}).`,
  );
}

export function matmulInnerSizes(m: number, k: number, b: readonly number[]): Error {
  return new Error(
    `mat1 and mat2 shapes cannot be multiplied (${m}x${k} and ${b.join("x")}): the inner sizes ${k} and ${b[0]} must match.`,
  );
}

/** `target` is the dtype to convert to. */
export function matmulDTypes(a: DType, b: DType, target: DType): Error {
  return new Error(
    `matmul expected both operands to have the same dtype, but got ${a} and ${b}: convert with ${conversions[target]}.`,
  );
}

export function indexOfNumber(): Error {
  return new Error(
    "index() picks rows, but this tensor has no dimensions (it is one number): use .item().",
  );
}

export function indexPairsNeed2D(shape: readonly number[]): Error {
  return new Error(
    `Indexing with a pair of index lists needs a 2-D tensor, not shape ${show(shape)}.`,
  );
}

/** `what` names the index: "rows" or "columns". */
export function indicesNotIntegers(what: string, dtype: DType): Error {
  return new Error(
    `Indices must be integers (int64), but the ${what} are ${dtype}: use .long() (C.index(X.long())).`,
  );
}

export function indicesFractional(what: string, value: number): Error {
  return new Error(
    `Indices must be integers (int64), but the ${what} include ${value}: use whole numbers (Math.floor, or .long() for a tensor).`,
  );
}

export function indexAddShapes(
  x: readonly number[],
  index: readonly number[],
  source: readonly number[],
  dim: number,
): Error {
  return new Error(
    `index_add_ on ${show(x)} along dim ${dim} needs a 1-D index and a source of x's shape with ${dim} sized as the index, not index ${show(index)} and source ${show(source)}.`,
  );
}

export function indexOutOfRange(index: number, what: string, size: number): Error {
  return new Error(
    `Index ${index} is out of range for the ${what}, whose size is ${size} (indices go from ${-size} to ${size - 1}).`,
  );
}

export function twoNumbers(): Error {
  return new Error(
    "add, sub, mul and div need a tensor on one side at least: with two numbers, write the arithmetic plainly.",
  );
}

// ——— cross-entropy ———

export function crossEntropyLogitsShape(logits: readonly number[]): Error {
  return new Error(`crossEntropy needs logits of shape [examples, classes], not ${show(logits)}.`);
}

export function crossEntropyTargetsShape(
  logits: readonly number[],
  targets: readonly number[],
): Error {
  return new Error(
    `crossEntropy needs one target per row: logits ${show(logits)}, targets ${show(targets)}.`,
  );
}

export function crossEntropyIntegerLogits(dtype: DType): Error {
  return new Error(
    `crossEntropy needs floating-point logits, but these are ${dtype} (the loss would be rounded to an integer): call .float() first.`,
  );
}

export function crossEntropyFloatTargets(dtype: DType): Error {
  return new Error(
    `crossEntropy targets must be class indices (int64), but these are ${dtype}: use .long() (here they are indices, not probabilities).`,
  );
}

export function targetOutOfRange(target: number, classes: number): Error {
  return new Error(`Target ${target} is out of range for ${classes} classes.`);
}

// ——— making tensors ———

export function shapeNotWhole(dims: readonly number[]): Error {
  return new Error(`A shape needs whole, non-negative sizes, not ${show(dims)}.`);
}

/** A whole number an integer tensor cannot hold; `caller` is e.g. "tensor()". */
export function integerOutOfRange(caller: string, value: number, dtype: DType): Error {
  const range = `[${-(2 ** 31)}, ${2 ** 31 - 1}]`;
  if (Number.isNaN(value))
    return new Error(`${caller}: NaN has no integer value, so it cannot go in a ${dtype} tensor.`);
  return new Error(
    dtype === "int64"
      ? `${caller}: ${value} is outside ${range}, and the kit stores int64 in 32 bits; pass { dtype: "float64" } for numbers that large.`
      : `${caller}: ${value} is outside ${range}, the range of int32 (pass { dtype: "float64" } for numbers that large).`,
  );
}

/** `where` is the position, e.g. "data[1][0]". */
export function tensorDataNotNumber(where: string, found: unknown): Error {
  const what = Array.isArray(found)
    ? "a list where a number belongs (the lists are ragged)"
    : `a ${typeof found}`;
  return new Error(`tensor() takes numbers in nested lists, but ${where} is ${what}.`);
}

export function tensorDataRagged(
  where: string,
  found: unknown,
  expected: number,
  shape: readonly number[],
): Error {
  const what = Array.isArray(found) ? `a list of ${found.length}` : "a number";
  return new Error(
    `tensor() needs nested lists of equal lengths, but ${where} is ${what} where the first has ${expected} (the shape would be ${show(shape)}).`,
  );
}

/** `call` is the call as written, e.g. "arange(5, 0)". */
export function arangeZeroStep(call: string): Error {
  return new Error(`${call}: the step must not be zero (or NaN).`);
}

export function arangeInfinite(call: string, start: number, end: number): Error {
  return new Error(`${call}: the range must have finite bounds, not ${start} to ${end}.`);
}

export function arangeWrongWay(call: string, start: number, end: number, step: number): Error {
  return new Error(
    `${call}: a step of ${step} never goes from ${start} to ${end} (PyTorch: "upper bound and larger bound inconsistent with step sign").`,
  );
}

export function linspaceSteps(start: number, end: number, steps: number): Error {
  return new Error(
    `linspace(${start}, ${end}, ${steps}): the number of steps must be a whole number, 0 or more.`,
  );
}

export function notFloatingDType(caller: string, dtype: DType): Error {
  return new Error(`${caller} makes float32 or float64 tensors, not ${dtype}.`);
}

export function randintNotWhole(low: number, high: number): Error {
  return new Error(`randint needs whole numbers for low and high, not ${low} and ${high}.`);
}

export function randintEmptyRange(low: number, high: number): Error {
  return new Error(`randint needs low < high, not ${low} and ${high}.`);
}

export function multinomialShape(shape: readonly number[]): Error {
  return new Error(
    `multinomial needs a 1-D or 2-D tensor of probabilities, not shape ${show(shape)}.`,
  );
}

export function multinomialSampleCount(numSamples: number): Error {
  return new Error(`multinomial draws a whole number of samples, 1 or more, not ${numSamples}.`);
}

export function multinomialIntegerCounts(dtype: DType): Error {
  return new Error(
    `multinomial needs floating-point probabilities, but these are ${dtype} (PyTorch refuses them too): counts become probabilities with .float() first, p = N.index(0).float().`,
  );
}

export function multinomialTooManySamples(numSamples: number, categories: number): Error {
  return new Error(
    `Cannot draw ${numSamples} samples without replacement from ${categories} categories.`,
  );
}

export function multinomialBadProbability(): Error {
  return new Error(
    "multinomial: probabilities must be finite and non-negative (found a negative, NaN or infinite one).",
  );
}

export function multinomialZeroRow(): Error {
  return new Error("multinomial: the probabilities of a row sum to zero, so nothing can be drawn.");
}

export function oneHotOfFloats(): Error {
  return new Error("oneHot needs integer indices (int64), not floats.");
}

export function oneHotClassOutOfRange(index: number, classes: number): Error {
  return new Error(`Class ${index} is out of range for oneHot with ${classes} classes.`);
}

// ——— the kernels ———

export function wasmKernelsNotLoaded(): Error {
  return new Error(
    "The WebAssembly kernels are not loaded (GRADLINGS_KERNELS=ts, or the build failed).",
  );
}

export function wasmBuildFailed(reason: string, log: string): Error {
  return new Error(`Building the WebAssembly kernels failed: ${reason}\n${log}`);
}

export function wasmAborted(): Error {
  return new Error("The WebAssembly kernels aborted.");
}

export function layerNormDTypes(x: DType, weight: DType, bias: DType): Error {
  return new Error(
    `layer_norm needs the input, weight and bias in one floating dtype, got ${x}, ${weight} and ${bias}: convert with .float() or .double().`,
  );
}

export function layerNormWeightShape(
  shape: readonly number[],
  weight: readonly number[],
  bias: readonly number[],
): Error {
  return new Error(
    `layer_norm normalises the last dimension of ${show(shape)}, so weight and bias need its size, ${shape.at(-1)}; got ${show(weight)} and ${show(bias)}.`,
  );
}

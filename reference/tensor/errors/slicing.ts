/** The errors of slicing and joining (ops/slicing.ts), one sentence each; errors.ts re-exports them. */
import type { DType } from "../dtype.ts";
import { show } from "./words.ts";

export function badSlice(text: string): Error {
  return new Error(
    `"${text}" is not a slice: write Python's start:stop:step with whole numbers, any of them left out (":", "1:", ":-1", "::2"), or an integer.`,
  );
}

export function sliceStepNotPositive(text: string): Error {
  return new Error(
    `The slice "${text}" has a step that is not positive: step must be greater than zero, as in PyTorch (flip() is not in the kit yet).`,
  );
}

export function sliceIndexOutOfRange(index: number, dim: number, size: number): Error {
  return new Error(
    `index ${index} is out of bounds for dimension ${dim} with size ${size} (indices go from ${-size} to ${size - 1}).`,
  );
}

export function tooManySliceIndices(given: number, ndim: number): Error {
  return new Error(
    `too many indices for tensor of dimension ${ndim}: ${given} were given, one per dimension at most.`,
  );
}

export function narrowOutOfRange(start: number, length: number, size: number): Error {
  return new Error(
    `start (${start}) + length (${length}) exceeds dimension size (${size}): narrow() takes whole numbers, a length of 0 or more, and a start from -size on.`,
  );
}

export function joinNothing(op: string): Error {
  return new Error(`${op} needs at least one tensor in its list, and the list is empty.`);
}

export function catOfNumbers(): Error {
  return new Error(
    "zero-dimensional tensor cannot be concatenated: stack() joins numbers along a new dimension.",
  );
}

export function catSizes(
  dim: number,
  first: readonly number[],
  other: readonly number[],
  k: number,
): Error {
  return new Error(
    `Sizes of tensors must match except in dimension ${dim}: tensor 0 has shape ${show(first)} and tensor ${k} has shape ${show(other)}.`,
  );
}

export function stackSizes(first: readonly number[], other: readonly number[], k: number): Error {
  return new Error(
    `stack expects each tensor to be equal size, but got ${show(first)} at entry 0 and ${show(other)} at entry ${k}.`,
  );
}

export function joinDtypes(op: string, first: DType, other: DType): Error {
  return new Error(
    `${op} joins tensors of one dtype, but the list mixes ${first} and ${other}: convert them first (.float()).`,
  );
}

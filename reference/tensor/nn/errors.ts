/** The errors nn/ and optim raise, one sentence each, saying what to write instead. */

export function batchNormInputShape(shape: readonly number[], features: number): Error {
  return new Error(
    `BatchNorm1d(${features}) takes (N, ${features}) or (N, L, ${features}), got shape [${shape.join(", ")}]: its last dimension must be the ${features} features.`,
  );
}

export function layerNormInputShape(shape: readonly number[], features: number): Error {
  return new Error(
    `LayerNorm(${features}) normalises the last dimension, which must have size ${features}, but the input has shape [${shape.join(", ")}].`,
  );
}

export function dropoutProbability(p: number): Error {
  return new Error(
    `Dropout's p is the probability of zeroing an element, between 0 and 1; got ${p}.`,
  );
}

export function flattenConsecutiveShape(shape: readonly number[], n: number): Error {
  return new Error(
    `FlattenConsecutive(${n}) takes (B, T, C) with T a multiple of ${n}, got shape [${shape.join(", ")}].`,
  );
}

export function unknownNonlinearity(name: string): Error {
  return new Error(
    `calculateGain knows "linear", "sigmoid", "tanh" and "relu" (the lectures' non-linearities), not "${name}".`,
  );
}

export function noParameters(): Error {
  return new Error(
    "The optimiser was given no parameters: pass model.parameters() after the model is built.",
  );
}

export function batchNormOneValue(shape: readonly number[]): Error {
  return new Error(
    `BatchNorm1d needs more than one value per feature in training mode, got shape [${shape.join(", ")}]: batch more examples, or call eval() to use the running statistics.`,
  );
}

export function moduleListIndex(index: number, length: number): Error {
  return new RangeError(
    `This ModuleList has ${length} modules, so index ${index} is out of range.`,
  );
}

export function moduleListForward(): Error {
  return new Error("A ModuleList has no forward: loop over its modules, or use a Sequential.");
}

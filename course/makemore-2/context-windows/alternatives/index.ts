/**
 * Other correct ways to write this exercise, which its grader must accept. Each key is a folder
 * beside this file holding the solution's file written that way (see kit/mutants.ts).
 */
import type { AlternativeCatalogue } from "#kit/mutants.ts";

export const alternatives = {
  "padded-string-slices": {
    description:
      "Each word padded with blockSize dots in front and one behind; every window is a slice of that string.",
  },
  "flat-map-of-windows": {
    description:
      "A closure over stoi and the block size gives each word's (context, target) pairs; flatMap joins them, with no running context.",
  },
  "flat-windows-then-view": {
    description:
      "Every window written into one flat list by index arithmetic (position j of the window before target i is character i − blockSize + j, or the start token), then viewed as [examples, blockSize].",
  },
  "shift-register-in-place": {
    description:
      "One context array shifted in place with copyWithin after each character, a copy of it stored per example; the start token looked up in stoi rather than assumed to be 0.",
  },
} satisfies AlternativeCatalogue;

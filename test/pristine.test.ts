/** kit/pristine.ts: deep copies taken before the learner's code runs, and the change named after. */
import { describe, expect, test } from "vitest";
import { CheckFailure } from "#kit/check.ts";
import { expectInputsUnchanged, firstChange, pristineCopy } from "#kit/pristine.ts";
import { Generator, randn, tensor } from "#reference/tensor/index.ts";

describe("pristine inputs", () => {
  test("a copy shares nothing a function could change in place", () => {
    const W = randn([2, 3], { generator: new Generator().manualSeed(1) });
    const inputs = {
      p: { W1: W, sizes: [2, 3] },
      words: ["emma", "olivia"],
      stoi: new Map([["a", 1]]),
    };
    const copy = pristineCopy(inputs);
    W.storage[0] = 42;
    inputs.words.shift();
    inputs.stoi.set("b", 2);
    inputs.p.sizes.push(4);
    expect(copy.p.W1.storage[0]).not.toBe(42);
    expect(copy.words).toEqual(["emma", "olivia"]);
    expect(copy.stoi.size).toBe(1);
    expect(copy.p.sizes).toEqual([2, 3]);
  });

  test("the change is named: a scaled weight, a consumed list, an edited array", () => {
    const W = tensor([
      [1, 2],
      [3, 4],
    ]).float();
    const before = pristineCopy(W);
    W.storage.forEach((v, i) => {
      W.storage[i] = v * 0.5;
    });
    expect(firstChange("W1", before, W)).toBe(
      "W1[0, 0] was 1 and is now 0.5 (every element multiplied by 0.5)",
    );
    expect(firstChange("words", ["emma", "ava"], ["ava"])).toMatch(/^words\[0\] was "emma"/);
    expect(firstChange("words", ["emma", "ava"], ["emma"])).toMatch(/had 2 entries and now has 1/);
    expect(firstChange("p", { W: [1, 2] }, { W: [1, 5] })).toBe("p.W[1] was 2 and is now 5");
    // A gradient is what backward() is meant to change.
    const leaf = tensor([1, 2]).float().requiresGrad_();
    const copy = pristineCopy(leaf);
    leaf.mul(2).sum().backward();
    expect(firstChange("x", copy, leaf)).toBeUndefined();
    // Switching requiresGrad off on a caller's parameter is a change: it stops learning.
    leaf.requiresGrad_(false);
    expect(firstChange("p.W1", copy, leaf)).toBe("p.W1.requiresGrad was true and is now false");
  });

  test("expectInputsUnchanged fails with its own sentence and the mistake's id", () => {
    let failure: unknown;
    try {
      expectInputsUnchanged("buildDataset(words, stoi, 3)", { words: [[], ["emma"]] });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(CheckFailure);
    expect((failure as CheckFailure).message).toMatch(/^Your function changed `words` in place/);
    expect((failure as CheckFailure).mistake).toBe("mutated-args");
    expect(() => expectInputsUnchanged("f(x)", { x: [[1], [1]] })).not.toThrow();
  });
});

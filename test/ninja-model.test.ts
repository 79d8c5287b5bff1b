import { describe, expect, it } from "vitest";
import {
  initNinja,
  ninjaParameterList,
  ninjaSizes,
  ninjaTrainingSizes,
} from "#reference/makemore/ninja-model.ts";
import { Generator } from "#reference/tensor/index.ts";

const seeded = () => new Generator().manualSeed(2147483647);
const count = (sizes: typeof ninjaSizes) =>
  ninjaParameterList(initNinja(sizes, seeded(), new Generator()))
    .map((t) => t.numel())
    .reduce((a, b) => a + b, 0);

describe("the backprop lecture's parameters", () => {
  it("count 4,137 for the exercises and 12,297 for the training run, as the notebook prints", () => {
    expect(count(ninjaSizes)).toBe(4137);
    expect(count(ninjaTrainingSizes)).toBe(12297);
  });

  it("match PyTorch 1.13 bit for bit where the notebook seeds them (values from torch.Generator().manual_seed(2147483647))", () => {
    const p = initNinja(ninjaSizes, seeded(), new Generator());
    expect(p.C.get(3, 7)).toBe(1.2523078918457031);
    expect(p.W1.get(29, 63)).toBe(-0.39084193110466003);
    expect(p.b1.get(5)).toBe(-0.08062078058719635);
    expect(p.W2.get(10, 20)).toBe(-0.005636070389300585);
    expect(p.b2.get(26)).toBe(-0.1597139984369278);
    for (const t of ninjaParameterList(p)) expect(t.requiresGrad).toBe(true);
  });
});

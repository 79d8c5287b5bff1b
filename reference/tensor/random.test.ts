/**
 * Random numbers from outside reproduced exactly: PyTorch's generator (the twister's outputs,
 * randn, rand, randint, multinomial with the lecture's seeds) and Python's random.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { Generator, multinomial, PyRandom, rand, randint, randn } from "./index.ts";

const namesFile = join(import.meta.dirname, "..", "..", "data", "names.txt");
const names = process.env["GRADLINGS_NAMES"] ?? namesFile;

describe("random numbers, bit for bit", () => {
  test("seed 2147483647 gives the twister's first outputs", () => {
    const g = new Generator().manualSeed(2147483647);
    expect([g.nextUint32(), g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual([
      1689602031, 3831148394, 2820341149, 2744746572,
    ]);
  });
  test("manual_seed(0); randn(12) begins 1.5410, -0.2934, -2.1788", () => {
    const x = randn(12, { generator: new Generator().manualSeed(0) });
    expect([...x.storage.slice(0, 3)].map((v) => v.toFixed(4))).toEqual([
      "1.5410",
      "-0.2934",
      "-2.1788",
    ]);
  });
  test("manual_seed(1); randn(3, 4) prints as PyTorch prints it", () => {
    expect(String(randn([3, 4], { generator: new Generator().manualSeed(1) }))).toBe(
      "tensor([[ 0.6614,  0.2669,  0.0617,  0.6213],\n        [-0.4519, -0.1661, -1.5228,  0.3817],\n        [-1.0276, -0.5631, -0.8923, -0.0583]])",
    );
  });
  test("manual_seed(0); randn(4, 4) (the vectorised path) prints as PyTorch prints it", () => {
    expect(String(randn([4, 4], { generator: new Generator().manualSeed(0) }))).toBe(
      "tensor([[-1.1258, -1.1524, -0.2506, -0.4339],\n" +
        "        [ 0.8487,  0.6920, -0.3160, -2.1152],\n" +
        "        [ 0.3223, -1.2633,  0.3500,  0.3081],\n" +
        "        [ 0.1198,  1.2377,  1.1168, -0.2473]])",
    );
  });
  test("manual_seed(42); rand(28) begins 0.8823, 0.9150", () => {
    const x = rand(28, { generator: new Generator().manualSeed(42) });
    expect([...x.storage.slice(0, 2)].map((v) => v.toFixed(4))).toEqual(["0.8823", "0.9150"]);
  });
  test("rand(3) normalised is [0.6064, 0.3033, 0.0903]; 100 draws count 61/33/6", () => {
    const g = new Generator().manualSeed(2147483647);
    const p = rand(3, { generator: g });
    const normalised = p.div(p.sum());
    expect(String(normalised)).toBe("tensor([0.6064, 0.3033, 0.0903])");
    const draws = multinomial(normalised, 100, { replacement: true, generator: g });
    const counts = [0, 0, 0];
    for (const d of draws.storage) counts[d]!++;
    expect(counts).toEqual([61, 33, 6]);
  });
  test("randint is low + draw mod range; the same seed gives the same draws", () => {
    const a = randint(0, 10, [5], { generator: new Generator().manualSeed(3) });
    const b = randint(0, 10, [5], { generator: new Generator().manualSeed(3) });
    expect(a.tolist()).toEqual(b.tolist());
    const g = new Generator().manualSeed(3);
    expect(a.storage[0]).toBe(g.nextUint32() % 10);
  });
  test("a new manualSeed drops the cached normal", () => {
    const g = new Generator().manualSeed(0);
    g.normalFloat64();
    g.manualSeed(0);
    expect(g.normalFloat64().toFixed(4)).toBe("1.5410");
  });
  test.skipIf(!existsSync(names))(
    "Python: random.seed(42); shuffle(names) puts yuheng, diondre, xavien, jori, juanluis first",
    () => {
      const words = readFileSync(names, "utf8").split("\n").filter(Boolean);
      new PyRandom(42).shuffle(words);
      expect(words.slice(0, 5)).toEqual(["yuheng", "diondre", "xavien", "jori", "juanluis"]);
    },
  );
  test("Python: random.seed(42); random() is 0.6394267984578837", () => {
    expect(new PyRandom(42).random()).toBe(0.6394267984578837);
  });
});

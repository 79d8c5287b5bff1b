/**
 * PyTorch 1.13's sum order (cascade.ts) against sums PyTorch printed, where a sum in double
 * rounded once gives other floats; and var/std's gradients, which take their mean from it.
 */
import { expect, test } from "vitest";
import { tensor } from "../index.ts";
import { cascadeSumDim } from "./cascade.ts";

/** sin(k)·1000 for k = 0..n-1, as torch.tensor([math.sin(k) * 1000 for k in range(n)]) makes them. */
const waves = (n: number) => Float32Array.from({ length: n }, (_, k) => Math.sin(k) * 1000);

function sums(a: Float32Array | Float64Array, outer: number, size: number, inner: number) {
  const out = new (a.constructor as typeof Float32Array)(outer * inner);
  cascadeSumDim(a, outer, size, inner, out);
  return [...out];
}

test("float32 sums of a row, of rows and of columns are PyTorch's, bit for bit", () => {
  // x.sum() of 300 elements; in double, rounded once: 1435.345458984375.
  expect(sums(waves(300), 1, 300, 1)).toEqual([1435.344970703125]);
  // x[:300].view(3, 100).sum(1): lanes of 8, four interleaved runs each, the tail first.
  expect(sums(waves(300), 3, 100, 1)).toEqual([
    379.19451904296875, 526.8019409179688, 529.3489990234375,
  ]);
  // x[:280].view(40, 7).sum(0): columns 0-3 as runs, 4-6 as four-way rows.
  expect(sums(waves(280), 1, 40, 7)).toEqual([
    2759.058837890625, 1863.6812744140625, -745.1557006835938, -2668.899658203125,
    -2138.869873046875, 357.62744140625, 2525.32373046875,
  ]);
});

test("float64 sums in lanes of 4", () => {
  // torch.tensor([(k * 7919) % 1000 / 7 - 3.3 * k for k in range(60)], dtype=torch.float64).sum()
  const w = Float64Array.from({ length: 60 }, (_, k) => ((k * 7919) % 1000) / 7 - 3.3 * k);
  expect(sums(w, 1, 60, 1)).toEqual([-1608.1428571428569]); // left to right: -1608.142857142857
});

test("var's and std's gradients are PyTorch's to the bit, std printing StdBackward0", () => {
  const values = Array.from({ length: 35 }, (_, k) => Math.sin(k) * 3 + 1);
  const x = tensor(values, { dtype: "float32", requiresGrad: true });
  x.view(5, 7)
    .var(0)
    .backward(tensor(Array(7).fill(1), { dtype: "float32" }));
  expect([0, 7, 14, 21, 28].map((k) => x.grad!.storage[k])).toEqual([
    -0.8265466690063477, 0.15893328189849854, 0.6593643426895142, 0.4284367561340332,
    -0.4201880097389221,
  ]);
  const y = tensor(values, { dtype: "float32", requiresGrad: true });
  const s = y.view(5, 7).std(1);
  expect(s.gradFn?.name).toBe("StdBackward0");
  expect(s.tolist()).toEqual([
    2.1645944118499756, 2.2309389114379883, 2.3750507831573486, 2.351759433746338,
    2.1992924213409424,
  ]);
  s.backward(tensor(Array(5).fill(1), { dtype: "float32" }));
  expect([...y.grad!.storage.subarray(0, 7)]).toEqual([
    0.003407229669392109, 0.19777874648571014, 0.2134460061788559, 0.03600456193089485,
    -0.17140670120716095, -0.2180948406457901, -0.061135005205869675,
  ]);
});

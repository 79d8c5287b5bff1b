/**
 * The plain elementwise loops' special cases give PyTorch 1.13's numbers, to the bit.
 */
import { expect, test } from "vitest";
import { binary } from "./elementwise.ts";

/** x ** y through the kernel, for float32 x and a number y. */
function powFloat32(xs: Float32Array, y: number): Float32Array {
  const out = new Float32Array(xs.length);
  binary("pow", xs, [xs.length], new Float64Array([y]), [], out, [xs.length]);
  return out;
}

test("x ** -0.5 on float32 (BatchNorm's 1 / √(var + eps)) is PyTorch's rsqrt: 1 / sqrt(x), each rounded to float32", () => {
  // Bit patterns spread over every positive float32, subnormals included.
  const bits = new Uint32Array(200_003);
  for (let i = 0; i < bits.length; i++) bits[i] = Math.floor((i / bits.length) * 0x7f800000) + 1;
  const xs = new Float32Array(bits.buffer);
  const out = powFloat32(xs, -0.5);
  const f = Math.fround;
  let unlikePow = 0;
  for (let i = 0; i < xs.length; i++) {
    const expected = f(1 / f(Math.sqrt(xs[i]!)));
    if (!Object.is(out[i], expected)) expect.fail(`${xs[i]} ** -0.5: ${out[i]}, ${expected}`);
    if (out[i] !== f(xs[i]! ** -0.5)) unlikePow++;
  }
  // Two roundings are not one: about a quarter of them differ from Math.pow rounded once, as
  // in PyTorch, so this test tells the two apart.
  expect(unlikePow).toBeGreaterThan(xs.length / 10);
});

test("pow's special exponents at the special values, as PyTorch 1.13 prints them", () => {
  const xs = Float32Array.from([0, -0, Infinity, -Infinity, Number.NaN, -1, 4]);
  const cases: [number, number[]][] = [
    // torch.tensor([0., -0., inf, -inf, nan, -1., 4.]).pow(e)
    [0.5, [0, -0, Infinity, Number.NaN, Number.NaN, Number.NaN, 2]],
    [-0.5, [Infinity, -Infinity, 0, Number.NaN, Number.NaN, Number.NaN, 0.5]],
    [-1, [Infinity, -Infinity, 0, -0, Number.NaN, -1, 0.25]],
    [2, [0, 0, Infinity, Infinity, Number.NaN, 1, 16]],
    [3, [0, -0, Infinity, -Infinity, Number.NaN, -1, 64]],
    [-2, [Infinity, Infinity, 0, 0, Number.NaN, 1, 0.0625]],
  ];
  for (const [y, expected] of cases) expect([...powFloat32(xs, y)], `x ** ${y}`).toEqual(expected);
});

test("x ** 3 and x ** -2 on float32 round after each multiplication, as PyTorch's x·x·x and 1 / (x·x)", () => {
  // Math.pow rounded once differs from PyTorch at 3.3 and 123.456 (x ** 3) and at the last two (x ** -2).
  const xs = Float32Array.from([
    1.1, 3.3, 0.7, 123.456, 1e-13, 1.0070210695266724, 1.0080240964889526,
  ]);
  // torch.tensor(those).pow(3) and .pow(-2)
  expect([...powFloat32(xs, 3)]).toEqual([
    1.3310000896453857, 35.93699645996094, 0.34299999475479126, 1881640.25, 1.0000002153053333e-39,
    1.0212115049362183, 1.024266004562378,
  ]);
  expect([...powFloat32(xs, -2)]).toEqual([
    0.8264462351799011, 0.09182737022638321, 2.040816307067871, 6.561083864653483e-5,
    1.0000000253776429e26, 0.9861043095588684, 0.9841429591178894,
  ]);
});

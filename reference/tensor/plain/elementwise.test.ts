/**
 * The plain elementwise loops' shortcuts give what the general loop gives, to the bit.
 */
import { expect, test } from "vitest";
import { binary } from "./elementwise.ts";

test("x ** -0.5 on float32 (BatchNorm's 1 / √(var + eps)) rounds as Math.pow does, specials included", () => {
  // Bit patterns spread over every positive float32, subnormals included, and the special values.
  const bits = new Uint32Array(200_003);
  for (let i = 0; i < bits.length; i++) bits[i] = Math.floor((i / bits.length) * 0x7f800000) + 1;
  const xs = new Float32Array(bits.buffer);
  const specials = [
    0,
    -0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
    -1,
    4,
    1e-5,
  ];
  const a = Float32Array.from([...xs, ...specials]);
  const out = new Float32Array(a.length);
  binary("pow", a, [a.length], new Float64Array([-0.5]), [], out, [a.length]);
  for (let i = 0; i < a.length; i++) {
    const expected = Math.fround(a[i]! ** -0.5);
    if (!Object.is(out[i], expected))
      expect.fail(`${a[i]} ** -0.5: ${out[i]}, Math.pow ${expected}`);
  }
});

import { expect, test } from "vitest";
import { gradientHeatmaps } from "./gradients.ts";
import { svgToPng } from "./png.ts";

test("two panels on one grey scale, the differing cells outlined, and a caption that counts them", () => {
  const mine = [
    [0.1, -0.9],
    [0.5, -0.5],
  ];
  const autograd = [
    [0.1, -0.9],
    [0.5, 0.5],
  ];
  const differs = [
    [false, false],
    [false, true],
  ];
  const svg = gradientHeatmaps(
    { title: "your dlogits", values: mine },
    { title: "autograd's", values: autograd },
    differs,
  );
  expect(svg).toContain("your dlogits");
  expect(svg).toContain("autograd&#39;s");
  // One outline per panel for the one differing cell.
  expect(svg.match(/stroke="#e0301e"/g)).toHaveLength(2);
  expect(svg).toContain("1 of 4 cells differ");
  // The smallest value is black and the largest white, in both panels.
  expect(svg).toContain('fill="#000000"');
  expect(svg).toContain('fill="#ffffff"');
  expect(svgToPng(svg).subarray(1, 4).toString()).toBe("PNG");
  const same = gradientHeatmaps({ title: "a", values: mine }, { title: "b", values: mine }, [
    [false, false],
    [false, false],
  ]);
  expect(same).toContain("every cell agrees");
});

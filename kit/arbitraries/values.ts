/** Small fixed graphs and helpers shared by the micrograd graders. */

import type { MistakeId } from "../check.ts";
import { expectNumber } from "../expect.ts";
import { expectGradient } from "../numeric.ts";
import { build, measuredGradients, type Program, type ValueLike } from "./micrograd.ts";

/** Builds `program` with the learner's class, runs backward, and compares every leaf's grad with finite differences. */
export function expectProgramGradients(
  program: Program,
  make: (x: number) => ValueLike,
  options: {
    mistake?: (
      leaf: number,
      analytic: number,
      measured: number,
    ) => { why: string; mistake: MistakeId } | undefined;
  } = {},
): void {
  const nodes = build(program, make);
  const output = nodes.at(-1)!;
  if (typeof output.backward !== "function") throw new TypeError("Value has no method backward()");
  output.backward();
  const measured = measuredGradients(program);
  // No code in these failures: property() shows the program (programCode) with every failure.
  measured.forEach((m, i) => {
    const analytic = expectNumber(nodes[i]!.grad, `v${i}.grad`);
    const known = options.mistake?.(i, analytic, m);
    expectGradient(analytic, m, `v${i}`, known ?? {});
  });
}

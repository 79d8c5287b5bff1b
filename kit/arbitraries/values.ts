/** Small fixed graphs and helpers shared by the micrograd graders. */

import type { MistakeId } from "../check.ts";
import { expectClose, expectNumber } from "../expect.ts";
import { expectGradient } from "../numeric.ts";
import { importLearner, scenario } from "../scenario.ts";
import type { Loader } from "../target.ts";
import {
  evaluate,
  measuredGradients,
  type Program,
  programCode,
  type ValueLike,
} from "./micrograd.ts";

/**
 * Runs `program` as a scenario with the learner's Value (its code is what a failure shows),
 * backward included, and compares every node's data with plain arithmetic and every leaf's grad
 * with finite differences.
 */
export async function expectProgramGradients<T extends { Value: unknown }>(
  learner: Loader<T>,
  program: Program,
  options: {
    mistake?: (
      leaf: number,
      analytic: number,
      measured: number,
    ) => { why: string; mistake: MistakeId } | undefined;
  } = {},
): Promise<void> {
  const code = `${importLearner(learner, "Value")}\n${programCode(program, { backward: true })}`;
  const expected = evaluate(program, program.leaves);
  const measured = measuredGradients(program);
  await scenario(learner, code, (values) => {
    expected.forEach((value, i) => {
      const node = values[`v${i}`] as ValueLike;
      expectClose(node.data, value, `v${i}.data`, { rtol: 1e-9, atol: 1e-12 });
    });
    measured.forEach((m, i) => {
      const analytic = expectNumber((values[`v${i}`] as ValueLike).grad, `v${i}.grad`);
      const known = options.mistake?.(i, analytic, m);
      expectGradient(analytic, m, `v${i}`, known ?? {});
    });
  });
}

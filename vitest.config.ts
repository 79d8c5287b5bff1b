import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The longest test files, longest first (as measured on an idle two-core machine). With two workers the last file to start sets the
 * end: these start first, and the many short files fill the gaps. Without this, a fresh
 * clone (no timings cached yet) runs the largest files first, and the grader suites, whose
 * files are four lines long, would run last.
 */
const slowFirst = [
  "test/roster.test.ts",
  "test/train.test.ts",
  "test/runner.test.ts",
  "test/graders-makemore-4.test.ts",
  "test/new-exercise.test.ts",
  "test/graders-makemore-3.test.ts",
  "test/parameter-variants.test.ts",
  "test/supervise.test.ts",
  "test/graders-makemore-2.test.ts",
  "test/harness.test.ts",
  "test/gradescope.test.ts",
  "reference/tensor/wasm/backend.test.ts",
  "test/graders-makemore-1.test.ts",
  "test/graders-micrograd.test.ts",
  "test/grade.test.ts",
  "test/template.test.ts",
  "test/watch-screen.test.ts",
  "test/manual-backward-steps.test.ts",
];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = slowFirst.findIndex((path) => file.moduleId.endsWith(path));
      return index < 0 ? slowFirst.length : index;
    };
    // Stable: the files not listed keep the order vitest gives them.
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "reference/**/*.test.ts"],
    // Graders run in their own processes (see graders/kit/supervise.ts); these limits are for
    // the kit's tests, which wait on those processes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: on two cores, one file at a time.
    // Much of a test's time is spent waiting on the grading processes it starts, so two files
    // at once keep two cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowFilesFirst },
  },
});

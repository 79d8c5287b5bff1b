import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "reference/**/*.test.ts"],
    // Graders run in their own processes (see graders/kit/supervise.ts); these limits are for
    // the kit's tests, which wait on those processes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["core/**/*.test.ts", "scripts/**/*.test.ts", "src/**/*.test.ts", "tests/**/*.test.ts"],
    // QEMU boots under TCG take seconds each; browser tests start Chromium.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Boot tests are timing-sensitive: do not let two files boot QEMU at once on 2 cores.
    fileParallelism: false,
    // The default report, then one plain closing line for CI (tests/support/summary-reporter.ts).
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});

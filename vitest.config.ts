import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tools/**/*.test.ts'],
    // First, every external program the tests run is there (installed as root, else listed and the run stops);
    // then one shared kube-apiserver per run, started lazily by the first test that needs it.
    globalSetup: ['tests/helpers/tools.setup.ts', 'tests/helpers/control-plane.setup.ts'],
    // Timeouts only guard against hangs (speed is measured in bench/): generous, so a test on a loaded
    // 2-core machine is not failed for being slow.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Vitest's default leaves one core idle (cores - 1): on 2 cores the suite would run one file at a time.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});

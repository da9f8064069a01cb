import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tools/**/*.test.ts'],
    // First, every external program the tests run is there (installed as root, else listed and the run stops);
    // then one shared kube-apiserver per run, started lazily by the first test that needs it.
    globalSetup: ['tests/helpers/tools.setup.ts', 'tests/helpers/control-plane.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The slowest files, longest first (summed test time of the last clean-clone .ci/run, quiet 2-core machine,
// seconds): the longest-first order gives each of the two workers the next file as soon as it is free, so
// they end together. Vitest starts files in the order of the previous run's durations when it has them,
// and otherwise (a clean clone, as in CI) largest file first, which put these small files last: the run
// then ended on one long apply while the other worker had nothing to do.
const SLOW_FIRST = [
  'tests/cluster/apply-dev', // 281
  'tests/cluster/apply-production-canary', // 145
  'tests/cluster/apply-staging', // 142
  'tests/cluster/apply-local', // 139
  'tests/tanka/parity', // 139
  'tests/cluster/apply-production', // 139
  'tests/tanka/parity-cases', // 68
  'tests/platform/chart-values', // 61
  'tests/tilt/tilt-ci', // 44
  'tests/tilt/tiltfile', // 36
  'tests/hostile/validate', // 35
  'tests/tanka/deep-input', // 30
  'tests/hostile/large-input', // 28
  'tests/validate/schema-cache', // 28
  'tests/validate/apiserver', // 28
  'tests/jsonnet/differential/json-import', // 26
].map((f) => `/${f}.test.ts`);

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((suffix) => f.moduleId.endsWith(suffix));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    // Stable: the others keep Vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tools/**/*.test.ts'],
    // First, every external program the tests run is there (installed as root, else listed and the run stops);
    // then one shared kube-apiserver per run, started lazily by the first test that needs it, and the run's
    // cache folder (tests/helpers/run-cache.ts: helm renders for tk, evaluated environments).
    globalSetup: ['tests/helpers/tools.setup.ts', 'tests/helpers/control-plane.setup.ts', 'tests/helpers/run-cache.setup.ts'],
    // Timeouts only guard against hangs (speed is measured in bench/): generous, so a test on a loaded
    // 2-core machine is not failed for being slow.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    sequence: { sequencer: SlowFilesFirst },
    // Vitest's default leaves one core idle (cores - 1): on 2 cores the suite would run one file at a time.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The slowest files, longest first (.ci/run on a quiet 2-core machine: the applies 170-320 s each, parity
// 170 s, chart-values 80 s, tilt-ci and platform 65 s). Vitest starts files in the order of the previous
// run's durations when it has them, and otherwise (a clean clone, as in CI) largest file first, which put
// these small files last: the run then ended on one long apply while the other worker had nothing to do.
const SLOW_FIRST = [
  'tests/cluster/apply-dev',
  'tests/cluster/apply-staging',
  'tests/cluster/apply-production-canary',
  'tests/cluster/apply-production',
  'tests/cluster/apply-local',
  'tests/tanka/parity',
  'tests/platform/chart-values',
  'tests/tilt/tilt-ci',
  'tests/platform/platform',
  'tests/tanka/parity-cases',
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

// The worker pool runs the built worker (dist/) also when the tests run from TypeScript sources: a
// build older than its sources would test code that no longer exists. staleBuild finds such a build
// by following the built worker's imports; workerScript refuses to start one.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staleBuild, workerScript } from '../../tools/tanka/pool.js';

const root = mkdtempSync(join(tmpdir(), 'tkts-pool-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `file` (relative to root) with its modification time `secondsAgo` in the past. */
function write(file: string, content: string, secondsAgo: number): void {
  const p = join(root, file);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(p, t, t);
}

const entry = join(root, 'dist/tools/tanka/worker.js');

describe('staleBuild', () => {
  it('follows static, re-exported and dynamic imports to a source newer than its build', () => {
    write('tools/tanka/worker.ts', '', 100);
    write('tools/tanka/job.ts', '', 100);
    write('tools/jsonnet/engine.ts', '', 100);
    write('tools/jsonnet/lazy.ts', '', 100);
    write('dist/tools/tanka/worker.js', "import { evaluate } from './job.js';\n", 50);
    write('dist/tools/tanka/job.js', "export { Engine } from '../jsonnet/engine.js';\nimport 'node:fs';\n", 50);
    write('dist/tools/jsonnet/engine.js', "const m = await import('./lazy.js');\n", 50);
    write('dist/tools/jsonnet/lazy.js', '', 50);
    expect(staleBuild(root, entry)).toBeNull();

    write('tools/jsonnet/lazy.ts', '// edited after the build', 10);
    expect(staleBuild(root, entry)).toEqual({ source: join(root, 'tools/jsonnet/lazy.ts'), built: join(root, 'dist/tools/jsonnet/lazy.js') });
    write('dist/tools/jsonnet/lazy.js', '', 5);
    expect(staleBuild(root, entry)).toBeNull();
  });

  it('a module the build imports but that was never built is stale', () => {
    write('tools/tanka/worker.ts', '', 100);
    write('dist/tools/tanka/worker.js', "import './added.js';\n", 50);
    write('tools/tanka/added.ts', '', 100);
    expect(staleBuild(root, entry)?.built).toBe(join(root, 'dist/tools/tanka/added.js'));
  });

  it('files outside the worker graph do not count', () => {
    write('dist/tools/tanka/worker.js', '', 50);
    write('tools/tanka/worker.ts', '', 100);
    write('tools/tilt/plan.ts', '// edited', 1);
    write('dist/tools/tilt/plan.js', '', 60);
    expect(staleBuild(root, entry)).toBeNull();
  });
});

describe('workerScript', () => {
  it("is this checkout's fresh build (the tests build first)", () => {
    expect(workerScript()).toMatch(/dist\/tools\/tanka\/worker\.js$/);
  });

  it('from sources, refuses a build older than the sources, saying what to run', () => {
    const checkout = join(root, 'checkout');
    mkdirSync(checkout);
    writeFileSync(join(checkout, 'package.json'), '{}');
    const pool = join(checkout, 'tools/tanka/pool.ts');
    mkdirSync(dirname(pool), { recursive: true });
    expect(workerScript(pool)).toBeNull(); // not built: the jobs run in this thread
    mkdirSync(join(checkout, 'dist/tools/tanka'), { recursive: true });
    writeFileSync(join(checkout, 'dist/tools/tanka/worker.js'), "import './job.js';\n");
    writeFileSync(join(checkout, 'dist/tools/tanka/job.js'), '');
    writeFileSync(join(checkout, 'tools/tanka/worker.ts'), '');
    writeFileSync(join(checkout, 'tools/tanka/job.ts'), '');
    const t = Date.now() / 1000;
    for (const f of ['dist/tools/tanka/worker.js', 'dist/tools/tanka/job.js', 'tools/tanka/worker.ts', 'tools/tanka/job.ts']) utimesSync(join(checkout, f), t - 60, t - 60);
    expect(workerScript(pool)).toBe(join(checkout, 'dist/tools/tanka/worker.js'));
    utimesSync(join(checkout, 'tools/tanka/job.ts'), t, t);
    expect(() => workerScript(pool)).toThrow(
      'tools/tanka/job.ts is newer than dist/tools/tanka/job.js: the Tanka worker threads run dist/, which is older than the sources. Run `npx tsc -p .` first.',
    );
  });
});

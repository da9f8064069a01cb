// Benchmark of the vendor step on the project's charts from the offline mirror:
// cold vendor (empty charts folder), warm no-op run, and --check, each as a CLI process
// (node startup included) in a temporary copy of chartfile.yaml + chartfile.lock.json.
// Usage: node dist/bench/charts/run.js [--mirror DIR] [--runs N] [--save-reference]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../tools/charts/paths.js';
import { check, vendor } from '../../tools/charts/vendor.js';
import { reportAgainstReference } from '../reference.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = projectRoot();
const mirror = resolve(root, flag('--mirror') ?? process.env.CHART_MIRROR ?? '../shared/charts-mirror');
const runs = Number(flag('--runs') ?? '5');
const cli = join(root, 'dist', 'tools', 'cli', 'vendor.js');

function time(argv: string[], cwd: string): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [cli, ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const results: Record<string, number[]> = { cold: [], warm: [], check: [], 'warm (in-process)': [], 'check (in-process)': [] };
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-bench-charts-'));
  try {
    mkdirSync(join(dir, 'charts'));
    cpSync(join(root, 'chartfile.yaml'), join(dir, 'chartfile.yaml'));
    cpSync(join(root, 'chartfile.lock.json'), join(dir, 'chartfile.lock.json'));
    results.cold!.push(time(['--mirror', mirror, '--frozen', '--quiet'], dir));
    results.warm!.push(time(['--mirror', mirror, '--frozen', '--quiet'], dir));
    results.check!.push(time(['--check'], dir));
    // The same two steps inside this process: no node startup or module loading.
    let start = performance.now();
    await vendor({ chartfile: join(dir, 'chartfile.yaml'), mirror, frozen: true });
    results['warm (in-process)']!.push(performance.now() - start);
    start = performance.now();
    const res = await check({ chartfile: join(dir, 'chartfile.yaml') });
    results['check (in-process)']!.push(performance.now() - start);
    if (res.problems.length > 0) throw new Error(res.problems.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const [name, xs] of Object.entries(results)) {
  console.log(`${name.padEnd(19)} median ${median(xs).toFixed(0)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`);
}
reportAgainstReference('charts', Object.entries(results).map(([name, xs]) => ({ row: name, metric: 'median', value: median(xs), unit: 'ms' as const })));

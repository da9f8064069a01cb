// Benchmark of the vendor step on the project's charts and Jsonnet dependencies (the
// upstream mixins) from the offline mirrors: cold vendor (empty folder), warm no-op run, and
// --check, each as a CLI process (node startup included) in a temporary copy of the project's
// chartfile / jsonnetfile and locks; then both together, as `npm run vendor` runs them.
// Usage: node dist/bench/charts/run.js [--mirror DIR] [--jsonnet-mirror DIR] [--runs N] [--save-reference]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../tools/charts/paths.js';
import { checkJsonnet, vendorJsonnet } from '../../tools/charts/jsonnet-vendor.js';
import { check, vendor } from '../../tools/charts/vendor.js';
import { reportAgainstReference } from '../reference.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = projectRoot();
const mirror = resolve(root, flag('--mirror') ?? process.env.CHART_MIRROR ?? '../shared/charts-mirror');
const jsonnetMirror = resolve(root, flag('--jsonnet-mirror') ?? process.env.JSONNET_MIRROR ?? '../shared/jsonnet-mirror');
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

const results: Record<string, number[]> = {
  cold: [], warm: [], check: [], 'warm (in-process)': [], 'check (in-process)': [],
  'jsonnet cold': [], 'jsonnet warm': [], 'jsonnet check': [], 'jsonnet warm (in-process)': [], 'jsonnet check (in-process)': [],
  'both warm': [], 'both check': [],
};
const copy = (dir: string, files: string[]): void => { for (const f of files) cpSync(join(root, f), join(dir, f)); };
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

    // Jsonnet dependencies alone (no chartfile in the folder: the charts step is skipped).
    const jdir = join(dir, 'jsonnet');
    mkdirSync(jdir);
    copy(jdir, ['jsonnetfile.json', 'jsonnetfile.lock.json']);
    results['jsonnet cold']!.push(time(['--jsonnet-mirror', jsonnetMirror, '--frozen', '--quiet'], jdir));
    results['jsonnet warm']!.push(time(['--jsonnet-mirror', jsonnetMirror, '--frozen', '--quiet'], jdir));
    results['jsonnet check']!.push(time(['--check'], jdir));
    start = performance.now();
    await vendorJsonnet({ root: jdir, mirror: jsonnetMirror, frozen: true });
    results['jsonnet warm (in-process)']!.push(performance.now() - start);
    start = performance.now();
    const jres = await checkJsonnet({ root: jdir });
    results['jsonnet check (in-process)']!.push(performance.now() - start);
    if (jres.problems.length > 0) throw new Error(jres.problems.join('\n'));

    // Both, as `npm run vendor` runs them (charts/ and vendor/ already in place).
    copy(dir, ['jsonnetfile.json', 'jsonnetfile.lock.json']);
    cpSync(join(jdir, 'vendor'), join(dir, 'vendor'), { recursive: true, verbatimSymlinks: true });
    rmSync(join(dir, 'vendor', '.tkts', 'state.json'), { force: true });
    time(['--mirror', mirror, '--jsonnet-mirror', jsonnetMirror, '--frozen', '--quiet'], dir);
    results['both warm']!.push(time(['--mirror', mirror, '--jsonnet-mirror', jsonnetMirror, '--frozen', '--quiet'], dir));
    results['both check']!.push(time(['--check'], dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const [name, xs] of Object.entries(results)) {
  console.log(`${name.padEnd(27)} median ${median(xs).toFixed(0)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`);
}
reportAgainstReference('charts', Object.entries(results).map(([name, xs]) => ({ row: name, metric: 'median', value: median(xs), unit: 'ms' as const })));

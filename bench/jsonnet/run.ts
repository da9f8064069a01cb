// Benchmark of our Jsonnet engine against go-jsonnet v0.22.0 (the engine inside tk v0.38.0), with
// C++ jsonnet as an extra column when it is installed.
//
//   npm run bench:jsonnet [-- --runs N] [-- name ...]   (env BENCH_RUNS=N works too)
//
// Cases: every program in bench/jsonnet/*.jsonnet; those in bench/jsonnet/vendored/, which import the
// upstream mixins, with -J vendor (after `npm run vendor`); and generated ones: a 1 MB minified JSON
// import, 10,000-deep non-tail recursion (--max-stack 11000) and `-e 1` (start-up). For each,
// the outputs of our CLI (the bin `dist/tools/cli/tkts-jsonnet.cjs`, run as a command, a child process so
// Node's start-up counts; `npm run build` makes it the bundle users get) and go-jsonnet must be identical; then every
// command runs N times (alternating; at most 3 when go-jsonnet takes over 5 s) and the table shows
// median wall time, peak RSS, the ratio ours/go-jsonnet (below 1: we are faster), the geometric mean
// of the ratios over the cases where go-jsonnet takes more than 0.1 s, and, from the CLI's own clock
// (TKTS_JSONNET_TIMING), how much of our wall time is start-up (until the evaluation begins) and how
// much evaluation and output.
// go-jsonnet is found through GO_JSONNET_BIN, `go-jsonnet` on PATH, or the unpacked copies in
// ~/.cache/ref-tools or ~/.cache/tkts-ref-tools (see ../shared/tools/README.md).
// Peak RSS comes from /usr/bin/time -f %M when present, else from polling
// /proc/<pid>/status (VmHWM), so the script needs nothing installed.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, reportAgainstReference, withoutReferenceFlag, type Measurement } from '../reference.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to dist/bench/jsonnet/run.js; the sources and programs live at <root>/bench/jsonnet.
const root = existsSync(join(here, '../../package.json')) ? resolve(here, '../..') : resolve(here, '../../..');
const programsDir = join(root, 'bench/jsonnet');
const vendoredDir = join(programsDir, 'vendored');
const vendorDir = join(root, 'vendor');
// What users run: the bin, the CommonJS entry `npm run build` writes, started through its #! line as
// `tkts-jsonnet` is (it starts Node without NODE_EXTRA_CA_CERTS: see scripts/bundle.mjs); else tsc's module.
const esmCli = join(root, 'dist/tools/cli/tkts-jsonnet.js');
const cjsCli = join(root, 'dist/tools/cli/tkts-jsonnet.cjs');
const ourCli = existsSync(cjsCli) ? cjsCli : esmCli;
const ourCommand = (args: string[]): [string, string[]] => (ourCli === cjsCli ? [cjsCli, args] : [process.execPath, [esmCli, ...args]]);
// BENCH_RSS=poll forces the /proc polling fallback (to test it where /usr/bin/time exists).
const timeBinary = process.env.BENCH_RSS !== 'poll' && existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function onPath(command: string): string | null {
  for (const d of (process.env.PATH ?? '').split(delimiter)) if (d && existsSync(join(d, command))) return join(d, command);
  return null;
}

function findGoJsonnet(): string | null {
  const env = process.env.GO_JSONNET_BIN;
  if (env) return existsSync(env) ? env : null;
  const cached = ['ref-tools', 'tkts-ref-tools'].map((d) => join(homedir(), '.cache', d, 'go-jsonnet'));
  return onPath('go-jsonnet') ?? cached.find((p) => existsSync(p)) ?? null;
}

/** One benchmark case: the arguments every engine gets, run from `cwd`. */
interface Case {
  name: string;
  args: string[];
  cwd: string;
}

/** The generated cases (written into `dir`). */
function generatedCases(dir: string): Case[] {
  // A Grafana-dashboard-like document, minified on one line: about 1 MB.
  const panels: unknown[] = [];
  let size = 0;
  for (let i = 0; size < 1 << 20; i++) {
    const p = { id: i, type: 'timeseries', title: `Panel ${i}`, gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: i * 8 }, targets: [{ expr: `sum(rate(http_requests_total{job="app-${i % 17}"}[5m])) by (code)`, refId: 'A' }], fieldConfig: { defaults: { unit: 'reqps' } } };
    size += JSON.stringify(p).length + 1;
    panels.push(p);
  }
  writeFileSync(join(dir, 'dashboard.json'), JSON.stringify({ title: 'big', panels }));
  writeFileSync(join(dir, 'json_import_1mb.jsonnet'), "local d = import 'dashboard.json';\n{ panels: std.length(d.panels), titles: std.length(std.join(',', [p.title for p in d.panels])) }\n");
  writeFileSync(join(dir, 'recursion_10000.jsonnet'), 'local f(n) = if n == 0 then 0 else 1 + f(n - 1);\nf(10000)\n');
  return [
    { name: 'json_import_1mb', args: ['json_import_1mb.jsonnet'], cwd: dir },
    { name: 'recursion_10000', args: ['--max-stack', '11000', 'recursion_10000.jsonnet'], cwd: dir },
    { name: 'startup (-e 1)', args: ['-e', '1'], cwd: dir },
  ];
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssKb: number;
}

/** Our CLI's own account (TKTS_JSONNET_TIMING=1): ms until evaluation began, and evaluating. */
function cliTiming(stderr: string): { readyMs: number; evalMs: number } {
  const m = /tkts-jsonnet timing: ready ([\d.]+) ms, evaluated ([\d.]+) ms/.exec(stderr);
  return m ? { readyMs: Number(m[1]), evalMs: Number(m[2]) } : { readyMs: NaN, evalMs: NaN };
}

/** Runs a command, measuring wall time and peak resident memory of the child. */
function measure(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    let rssFile: string | null = null;
    let argv = [cmd, ...args];
    if (timeBinary) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
      rssFile = join(dir, 'rss');
      argv = [timeBinary, '-f', '%M', '-o', rssFile, ...argv];
    }
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let polledKb = 0;
    const poll = timeBinary
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKb = Math.max(polledKb, Number(m[1]));
          } catch {
            // the process has just exited
          }
        }, 2);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (poll) clearInterval(poll);
      let peakRssKb = polledKb;
      if (rssFile) {
        const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
        peakRssKb = Number(text[text.length - 1]) || 0;
        rmSync(dirname(rssFile), { recursive: true, force: true });
      }
      resolvePromise({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), wallMs, peakRssKb });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface Row {
  name: string;
  oursMs: number;
  oursReadyMs: number;
  oursEvalMs: number;
  goMs: number;
  cppMs: number;
  oursRssMb: number;
  goRssMb: number;
  cppRssMb: number;
  ok: boolean;
  note: string;
}

function parseArgs(argv: string[]): { runs: number; names: string[] } {
  let runs = Number(process.env.BENCH_RUNS ?? 5);
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else names.push(argv[i].replace(/\.jsonnet$/, ''));
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a positive integer');
  return { runs, names };
}

async function main(): Promise<number> {
  const { runs, names } = parseArgs(withoutReferenceFlag(process.argv.slice(2)));
  if (!existsSync(ourCli)) {
    console.error(`missing ${ourCli}: build first (npx tsc -p .)`);
    return 2;
  }
  const goJsonnet = findGoJsonnet();
  if (!goJsonnet) {
    console.error('go-jsonnet not found: set GO_JSONNET_BIN or unpack ../shared/tools/linux-amd64/go-jsonnet.gz (go-jsonnet v0.22.0)');
    return 2;
  }
  const cpp = onPath('jsonnet');
  const genDir = mkdtempSync(join(tmpdir(), 'bench-jsonnet-'));
  const programs = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.jsonnet')).sort();
  const all: Case[] = [
    ...programs(programsDir).map((f) => ({ name: basename(f, '.jsonnet'), args: [f], cwd: programsDir })),
    ...programs(vendoredDir).map((f) => ({ name: basename(f, '.jsonnet'), args: ['-J', vendorDir, f], cwd: vendoredDir })),
    ...generatedCases(genDir),
  ];
  const cases = names.length ? all.filter((c) => names.includes(c.name)) : all;
  if (cases.length === 0) {
    console.error(`no benchmark cases match ${names.join(', ')} (have: ${all.map((c) => c.name).join(', ')})`);
    return 2;
  }

  console.log(`Jsonnet benchmark: ${cases.length} cases, ${runs} runs each; go-jsonnet ${goJsonnet}${cpp ? `, C++ ${cpp}` : ''}; peak RSS via ${timeBinary ? '/usr/bin/time' : '/proc polling'}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  if (!readFileSync(esmCli, 'utf8').includes('Generated by scripts/bundle.mjs')) console.log('note: tkts-jsonnet is not bundled (tsc only): `npm run build` gives the start-up users get');
  const timingEnv = { ...process.env, TKTS_JSONNET_TIMING: '1' };
  const rows: Row[] = [];
  for (const c of cases) {
    // Correctness first: identical output, or no timing.
    const ref = await measure(goJsonnet, c.args, c.cwd);
    const ours = await measure(...ourCommand(c.args), c.cwd, timingEnv);
    if (ref.code !== 0 || ours.code !== 0 || ref.stdout !== ours.stdout) {
      const hint = c.cwd === vendoredDir ? ' (the mixins are vendored by `npm run vendor`)' : '';
      const why = ref.code !== 0 ? `go-jsonnet failed: ${ref.stderr.split('\n')[0]}${hint}` : ours.code !== 0 ? `ours failed: ${ours.stderr.split('\n')[0]}` : 'outputs differ';
      console.log(`  ${c.name}: NOT TIMED (${why})`);
      rows.push({ name: c.name, oursMs: NaN, oursReadyMs: NaN, oursEvalMs: NaN, goMs: NaN, cppMs: NaN, oursRssMb: NaN, goRssMb: NaN, cppRssMb: NaN, ok: false, note: why });
      continue;
    }
    const t = { ours: [] as number[], go: [] as number[], cpp: [] as number[], ready: [] as number[], eval: [] as number[] };
    const rss = { ours: ours.peakRssKb, go: ref.peakRssKb, cpp: 0 };
    let cppOk = cpp !== null;
    const caseRuns = ref.wallMs > 5000 ? Math.min(runs, 3) : runs;
    for (let i = 0; i < caseRuns; i++) {
      const g = await measure(goJsonnet, c.args, c.cwd);
      const o = await measure(...ourCommand(c.args), c.cwd, timingEnv);
      t.go.push(g.wallMs);
      t.ours.push(o.wallMs);
      const own = cliTiming(o.stderr);
      t.ready.push(own.readyMs);
      t.eval.push(own.evalMs);
      rss.go = Math.max(rss.go, g.peakRssKb);
      rss.ours = Math.max(rss.ours, o.peakRssKb);
      if (cppOk) {
        const x = await measure(cpp!, c.args, c.cwd);
        cppOk = x.code === 0 && x.stdout === ref.stdout; // C++ 0.18 lacks newer features: no column then
        t.cpp.push(x.wallMs);
        rss.cpp = Math.max(rss.cpp, x.peakRssKb);
      }
    }
    const row: Row = {
      name: c.name,
      oursMs: median(t.ours),
      oursReadyMs: median(t.ready),
      oursEvalMs: median(t.eval),
      goMs: median(t.go),
      cppMs: cppOk ? median(t.cpp) : NaN,
      oursRssMb: rss.ours / 1024,
      goRssMb: rss.go / 1024,
      cppRssMb: cppOk ? rss.cpp / 1024 : NaN,
      ok: true,
      note: '',
    };
    rows.push(row);
    console.log(`  ${c.name}: ours ${row.oursMs.toFixed(0)} ms (evaluation ${row.oursEvalMs.toFixed(0)} ms), go-jsonnet ${row.goMs.toFixed(0)} ms`);
  }
  rmSync(genDir, { recursive: true, force: true });

  printTable(rows);
  reportAgainstReference('jsonnet', rows.filter((r) => r.ok).flatMap((r): Measurement[] => [
    { row: r.name, metric: 'CLI wall', value: r.oursMs, unit: 'ms' },
    { row: r.name, metric: 'evaluation', value: r.oursEvalMs, unit: 'ms' },
    { row: r.name, metric: 'peak RSS', value: r.oursRssMb, unit: 'MB' },
  ]));
  return rows.every((r) => r.ok) ? 0 : 1;
}

function printTable(rows: Row[]): void {
  const header = ['case', 'ours ms', 'go ms', 'ours/go', 'ours start ms', 'ours eval ms', 'C++ ms', 'ours RSS MB', 'go RSS MB', 'C++ RSS MB'];
  const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const body = rows.map((r) => [
    r.name,
    fmt(r.oursMs),
    fmt(r.goMs),
    r.ok ? fmt(r.oursMs / r.goMs, 2) : 'n/a',
    fmt(r.oursReadyMs),
    fmt(r.oursEvalMs),
    fmt(r.cppMs),
    fmt(r.oursRssMb, 1),
    fmt(r.goRssMb, 1),
    fmt(r.cppRssMb, 1),
  ]);
  console.log('');
  for (const l of markdownTable(header, body)) console.log(l);
  // The speed target counts programs that take go-jsonnet more than 0.1 s (start-up dominates below).
  const counted = rows.filter((r) => r.ok && r.goMs > 100);
  if (counted.length) {
    const geo = Math.exp(counted.reduce((a, r) => a + Math.log(r.oursMs / r.goMs), 0) / counted.length);
    console.log('');
    console.log(`geometric mean of ours/go-jsonnet over the ${counted.length} cases where go-jsonnet takes > 0.1 s: ${geo.toFixed(3)}  (we are ${(1 / geo).toFixed(2)}x ${geo < 1 ? 'faster' : 'slower'})`);
  }
  const failed = rows.filter((r) => !r.ok);
  if (failed.length) console.log(`not timed: ${failed.map((r) => `${r.name} (${r.note})`).join(', ')}`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(2);
  },
);

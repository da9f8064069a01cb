// Benchmark of our Jsonnet engine against the C++ reference `jsonnet`.
//
//   npm run bench:jsonnet [-- --runs N] [-- name ...]   (env BENCH_RUNS=N works too)
//
// For every program in bench/jsonnet/*.jsonnet (or the ones named): run the
// C++ `jsonnet` and our CLI (`node dist/tools/jsonnet/cli.js`, a child process
// so Node's startup is counted) and check that the outputs are identical; then
// time both N times (alternating) and time our engine in-process (a fresh
// Engine per run). Prints median wall times, the ratio ours/C++ (below 1 means
// we are faster), our in-process time (median, and the first, cold run), peak
// RSS of each child and the geometric mean of the ratios.
// Peak RSS comes from /usr/bin/time -f %M when present, else from polling
// /proc/<pid>/status (VmHWM), so the script needs nothing installed.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, reportAgainstReference, withoutReferenceFlag, type Measurement } from '../reference.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to dist/bench/jsonnet/run.js; the sources and programs live at <root>/bench/jsonnet.
const root = existsSync(join(here, '../../package.json')) ? resolve(here, '../..') : resolve(here, '../../..');
const programsDir = join(root, 'bench/jsonnet');
const ourCli = join(root, 'dist/tools/jsonnet/cli.js');
// BENCH_RSS=poll forces the /proc polling fallback (to test it where /usr/bin/time exists).
const timeBinary = process.env.BENCH_RSS !== 'poll' && existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssKb: number;
}

/** Runs a command, measuring wall time and peak resident memory of the child. */
function measure(cmd: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    let rssFile: string | null = null;
    let argv = [cmd, ...args];
    if (timeBinary) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
      rssFile = join(dir, 'rss');
      argv = [timeBinary, '-f', '%M', '-o', rssFile, ...argv];
    }
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
  cppMs: number;
  inProcMs: number;
  /** The first in-process run: cold JIT, as a one-shot evaluation sees it. */
  inProcFirstMs: number;
  oursRssMb: number;
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
  const all = readdirSync(programsDir).filter((f) => f.endsWith('.jsonnet')).sort();
  const files = names.length ? all.filter((f) => names.includes(basename(f, '.jsonnet'))) : all;
  if (files.length === 0) {
    console.error(`no benchmark programs match ${names.join(', ')} (have: ${all.join(', ')})`);
    return 2;
  }
  const { Engine } = (await import(join(root, 'dist/tools/jsonnet/engine.js'))) as {
    Engine: new () => { evaluateFile(p: string): unknown; manifestJson(v: unknown): string };
  };

  console.log(`Jsonnet benchmark: ${files.length} programs, ${runs} runs each; peak RSS via ${timeBinary ? '/usr/bin/time' : '/proc polling'}`);
  const rows: Row[] = [];
  for (const file of files) {
    const path = join(programsDir, file);
    const name = basename(file, '.jsonnet');
    // Correctness first: identical output, or no timing.
    const ref = await measure('jsonnet', [path], programsDir);
    const ours = await measure(process.execPath, [ourCli, path], programsDir);
    if (ref.code !== 0 || ours.code !== 0 || ref.stdout !== ours.stdout) {
      const why = ref.code !== 0 ? `C++ failed: ${ref.stderr.split('\n')[0]}` : ours.code !== 0 ? `ours failed: ${ours.stderr.split('\n')[0]}` : 'outputs differ';
      console.log(`  ${name}: NOT TIMED (${why})`);
      rows.push({ name, oursMs: NaN, cppMs: NaN, inProcMs: NaN, inProcFirstMs: NaN, oursRssMb: NaN, cppRssMb: NaN, ok: false, note: why });
      continue;
    }
    const oursTimes: number[] = [];
    const cppTimes: number[] = [];
    let oursRss = ours.peakRssKb;
    let cppRss = ref.peakRssKb;
    for (let i = 0; i < runs; i++) {
      const c = await measure('jsonnet', [path], programsDir);
      const o = await measure(process.execPath, [ourCli, path], programsDir);
      cppTimes.push(c.wallMs);
      oursTimes.push(o.wallMs);
      cppRss = Math.max(cppRss, c.peakRssKb);
      oursRss = Math.max(oursRss, o.peakRssKb);
    }
    const inProc: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const engine = new Engine();
      const text = engine.manifestJson(engine.evaluateFile(path));
      inProc.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (text !== ref.stdout) throw new Error(`${name}: in-process output differs from the reference`);
    }
    const row: Row = {
      name,
      oursMs: median(oursTimes),
      cppMs: median(cppTimes),
      inProcMs: median(inProc),
      inProcFirstMs: inProc[0],
      oursRssMb: oursRss / 1024,
      cppRssMb: cppRss / 1024,
      ok: true,
      note: '',
    };
    rows.push(row);
    console.log(`  ${name}: ours ${row.oursMs.toFixed(0)} ms, C++ ${row.cppMs.toFixed(0)} ms`);
  }

  printTable(rows);
  reportAgainstReference('jsonnet', rows.filter((r) => r.ok).flatMap((r): Measurement[] => [
    { row: r.name, metric: 'CLI wall', value: r.oursMs, unit: 'ms' },
    { row: r.name, metric: 'in-process', value: r.inProcMs, unit: 'ms' },
    { row: r.name, metric: 'peak RSS', value: r.oursRssMb, unit: 'MB' },
  ]));
  return rows.every((r) => r.ok) ? 0 : 1;
}

function printTable(rows: Row[]): void {
  const header = ['program', 'ours ms', 'C++ ms', 'ratio', 'in-proc ms', 'in-proc 1st ms', 'ours RSS MB', 'C++ RSS MB'];
  const fmt = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const body = rows.map((r) => [
    r.name,
    fmt(r.oursMs),
    fmt(r.cppMs),
    r.ok ? fmt(r.oursMs / r.cppMs, 2) : 'n/a',
    fmt(r.inProcMs),
    fmt(r.inProcFirstMs),
    fmt(r.oursRssMb, 1),
    fmt(r.cppRssMb, 1),
  ]);
  console.log('');
  for (const l of markdownTable(header, body)) console.log(l);
  const ratios = rows.filter((r) => r.ok).map((r) => r.oursMs / r.cppMs);
  if (ratios.length) {
    const geo = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
    console.log('');
    console.log(`geometric mean of ratios (ours/C++ wall, CLI vs CLI): ${geo.toFixed(3)}  (we are ${(1 / geo).toFixed(2)}x ${geo < 1 ? 'faster' : 'slower'})`);
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

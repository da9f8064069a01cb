// Benchmark of the engine's front end: lexing and parsing every .jsonnet and
// .libsonnet file under vendor/ (after `npm run vendor`), the cold imports a
// real program (kube-prometheus, the mixins, Tanka environments) parses once.
//
//   npm run bench:jsonnet-parse [-- --runs N] [-- --save-reference]
//
// A real run parses each file once with a cold JIT, so the "cold" rows come
// from fresh Node processes (the minimum over N of them): one that only lexes
// every file, one that lexes and parses. The "warm" rows repeat the same
// passes N times in this process and keep the fastest. Times are CPU time of
// the process (process.cpuUsage: user + system, garbage collection threads
// included), which four engineers sharing two cores disturb less than wall
// time; MB/s is the UTF-16 length of all texts over that time.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Source, tokenize } from '../../tools/jsonnet/lexer.js';
import { parseSource } from '../../tools/jsonnet/parser.js';
import { markdownTable, reportAgainstReference, type Measurement } from '../reference.js';

const here = dirname(fileURLToPath(import.meta.url));
// Compiled to dist/bench/jsonnet-parse/run.js; vendor/ is at the repository root.
const root = existsSync(join(here, '../../package.json')) ? resolve(here, '../..') : resolve(here, '../../..');
const vendorDir = join(root, 'vendor');

/** Every Jsonnet file under `dir`, each once (vendor/ links the same packages under several names). */
function jsonnetFiles(dir: string, seen = new Set<string>(), out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const real = realpathSync(path);
    if (seen.has(real)) continue;
    seen.add(real);
    if (statSync(real).isDirectory()) jsonnetFiles(path, seen, out);
    else if (/\.(jsonnet|libsonnet)$/.test(name)) out.push(real);
  }
  return out;
}

type Phase = 'lex' | 'parse';

/** CPU milliseconds to lex (or lex and parse) every text once; files with syntax errors are counted. */
function pass(phase: Phase, texts: { file: string; text: string }[]): { ms: number; errors: number } {
  let errors = 0;
  const before = process.cpuUsage();
  for (const { file, text } of texts) {
    try {
      if (phase === 'lex') tokenize(new Source(file, text));
      else parseSource(new Source(file, text));
    } catch {
      errors++;
    }
  }
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, errors };
}

function readAll(): { file: string; text: string }[] {
  if (!existsSync(vendorDir)) throw new Error(`${vendorDir} is missing: run \`npm run vendor\` first`);
  return jsonnetFiles(vendorDir).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

function main(argv: string[]): number {
  // Child mode: one cold pass, its result as JSON on stdout.
  const child = argv.indexOf('--cold');
  if (child >= 0) {
    const texts = readAll();
    console.log(JSON.stringify(pass(argv[child + 1] as Phase, texts)));
    return 0;
  }
  const runsAt = argv.indexOf('--runs');
  const runs = Math.max(1, Number(runsAt >= 0 ? argv[runsAt + 1] : process.env.BENCH_RUNS ?? 5));
  const texts = readAll();
  const chars = texts.reduce((a, t) => a + t.text.length, 0);
  const lines = texts.reduce((a, t) => a + t.text.split('\n').length, 0);
  console.log(`${texts.length} files under vendor/, ${(chars / 1e6).toFixed(2)} M characters, ${lines} lines; ${runs} runs; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const cold = (phase: Phase): { ms: number; errors: number } => {
    let best = { ms: Infinity, errors: 0 };
    for (let r = 0; r < runs; r++) {
      const p = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--cold', phase], { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`cold ${phase} pass failed: ${p.stderr}`);
      const got = JSON.parse(p.stdout) as { ms: number; errors: number };
      if (got.ms < best.ms) best = got;
    }
    return best;
  };
  const warm = (phase: Phase): { ms: number; errors: number } => {
    let best = { ms: Infinity, errors: 0 };
    for (let r = 0; r < runs + 1; r++) {
      const got = pass(phase, texts);
      if (r > 0 && got.ms < best.ms) best = got; // the first pass warms the JIT
    }
    return best;
  };

  const results: [string, { ms: number; errors: number }][] = [
    ['lex, cold', cold('lex')],
    ['lex + parse, cold', cold('parse')],
    ['lex, warm', warm('lex')],
    ['lex + parse, warm', warm('parse')],
  ];
  const mbps = (ms: number) => (chars / 1e6 / (ms / 1000)).toFixed(1);
  console.log('');
  for (const l of markdownTable(
    ['pass', 'CPU ms', 'MB/s', 'files with errors'],
    results.map(([name, r]) => [name, r.ms.toFixed(0), mbps(r.ms), String(r.errors)]),
  )) console.log(l);
  reportAgainstReference(
    'jsonnet-parse',
    results.map(([name, r]): Measurement => ({ row: name, metric: 'CPU', value: r.ms, unit: 'ms' })),
    argv,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`bench:jsonnet-parse: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}

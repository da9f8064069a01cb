// Reference runs: each benchmark's numbers from a run on record
// (bench/<name>/reference.json, committed), printed beside this run's so a
// change in speed or memory shows without checking out an old commit.
// `--save-reference` makes this run the new reference (after an intended
// change; review the JSON diff like a golden file). Never asserted in tests.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One number of a run: `row` (scenario) and `metric` name it; lower is better. */
export interface Measurement {
  row: string;
  metric: string;
  value: number;
  unit: 'ms' | 'MB';
}

export interface Reference {
  recorded: string;
  host: string;
  measurements: Measurement[];
}

// dist/bench/reference.js at run time; the JSON files live in the source tree.
const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench');

export function hostDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.versions.node}`;
}

export function loadReference(file: string): Reference | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, 'utf8')) as Reference;
  if (!Array.isArray(r.measurements)) throw new Error(`${file}: no "measurements" list`);
  return r;
}

export function saveReference(file: string, measurements: Measurement[], now = new Date()): void {
  const rounded = measurements.map((m) => ({ ...m, value: Math.round(m.value * 10) / 10 }));
  const r = { '//': 'Written by `npm run bench:* -- --save-reference`: the run later runs are compared with.', recorded: now.toISOString(), host: hostDescription(), measurements: rounded };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(r, null, 2) + '\n');
  renameSync(tmp, file);
}

const fmt = (v: number, unit: string) => (unit === 'ms' && v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(unit === 'MB' ? 1 : 0)} ${unit}`);

/** The comparison table: one line per measurement of this run, the reference's value beside it. */
export function comparisonTable(current: Measurement[], ref: Reference | undefined): string {
  if (!ref) return 'No reference run on record: run again with --save-reference to keep this one.';
  const byKey = new Map(ref.measurements.map((m) => [`${m.row}\u0000${m.metric}`, m]));
  const head = ['scenario', 'metric', 'reference', 'this run', 'change'];
  const body = current.map((m) => {
    const r = byKey.get(`${m.row}\u0000${m.metric}`);
    const change = r && r.value > 0 ? `${m.value >= r.value ? '+' : '-'}${Math.abs((m.value / r.value - 1) * 100).toFixed(0)}%` : 'new';
    return [m.row, m.metric, r ? fmt(r.value, r.unit) : '-', fmt(m.value, m.unit), change];
  });
  return [`Against the reference run of ${ref.recorded.slice(0, 10)} (${ref.host}); lower is better:`, ...markdownTable(head, body)].join('\n');
}

/** A Markdown table, first column left-aligned, the others right-aligned. */
export function markdownTable(head: string[], body: string[][]): string[] {
  const all = [head, ...body];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' | ')} |`;
  return [line(head), `|${w.map((x, i) => (i === 0 ? '-'.repeat(x + 2) : `${'-'.repeat(x + 1)}:`)).join('|')}|`, ...body.map(line)];
}

/**
 * Prints this run against the reference of `bench`, and records it as the
 * new reference when `--save-reference` is among the arguments. A `partial` run
 * (one part of a benchmark) replaces only its own measurements in the reference.
 */
export function reportAgainstReference(bench: string, current: Measurement[], argv = process.argv.slice(2), opts: { partial?: boolean } = {}): void {
  const file = join(benchDir, bench, 'reference.json');
  const ref = loadReference(file);
  console.log('');
  console.log(comparisonTable(current, ref));
  if (argv.includes('--save-reference')) {
    const mine = new Set(current.map((m) => `${m.row}\u0000${m.metric}`));
    const kept = opts.partial && ref ? ref.measurements.filter((m) => !mine.has(`${m.row}\u0000${m.metric}`)) : [];
    saveReference(file, [...kept, ...current]);
    console.log(`\nsaved as the reference: ${file}`);
  }
}

/** Arguments without the reference flag (for benchmarks that parse their own). */
export const withoutReferenceFlag = (argv: string[]): string[] => argv.filter((a) => a !== '--save-reference');

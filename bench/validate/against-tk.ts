// `npm run bench:validate -- --against-tk`: `npm run validate` of every environment, warm (and cold), beside
// what a project without this toolkit runs for the same check: the real `tk export` of the same
// environments followed by the real `kubeconform -strict` on the exported YAML, with schemas offline
// (kubeconform-schemas.ts). Every command is a child process as a user runs it, under GNU time for
// its CPU time and peak RSS (of its largest process). kubeconform has no schema for custom resources
// (-ignore-missing-schemas skips them), so the table says how many objects each side checked.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findTool, missingToolMessage, repoRoot } from '../../tests/helpers/ref-tools.js';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { loadDefinitionsText, pinnedVersion } from '../../tools/validate/index.js';
import type { Measurement } from '../reference.js';
import { schemaLocation, writeKubeconformSchemas } from './kubeconform-schemas.js';

const GNU_TIME = '/usr/bin/time';

interface Timed {
  wallMs: number;
  cpuMs: number;
  peakMB: number;
  stdout: string;
  stderr: string;
  status: number | null;
}

/** One command under GNU time (its numbers go to a file, so the command's own stderr stays clean). */
function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, scratch: string): Timed {
  const file = join(scratch, 'time.txt');
  const t0 = performance.now();
  const r = spawnSync(GNU_TIME, ['-f', '%U %S %M', '-o', file, cmd, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  const [user, sys, kb] = last.split(' ').map(Number);
  return { wallMs, cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000, peakMB: (kb ?? NaN) / 1024, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function failed(what: string, r: Timed): Error {
  return new Error(`${what} exited with ${r.status}:\n${(r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n')}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** Objects `tkts validate` checked, from its text report's total line. */
export function validatedObjects(report: string): number {
  const m = /^total \(\d+ environments?\)\s+(\d+)/m.exec(report);
  if (!m) throw new Error(`no total line in the validate report:\n${report.slice(-500)}`);
  return Number(m[1]);
}

export interface KubeconformSummary {
  resources: number;
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

/** kubeconform's `-summary` line: `Summary: N resources found in M files - Valid: a, Invalid: b, Errors: c, Skipped: d`. */
export function kubeconformSummary(output: string): KubeconformSummary {
  const m = /Summary: (\d+) resources? found in \d+ files? - Valid: (\d+), Invalid: (\d+), Errors: (\d+),? Skipped: (\d+)/.exec(output);
  if (!m) throw new Error(`no summary line in kubeconform's output:\n${output.slice(-500)}`);
  const [resources, valid, invalid, errors, skipped] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { resources, valid, invalid, errors, skipped };
}

/** The kubeconform command line for a folder of YAML files and a schema folder. */
export function kubeconformArgs(schemaDir: string, target: string): string[] {
  // tk export also writes manifest.json (which file holds which object): not an object.
  return ['-strict', '-summary', '-ignore-missing-schemas', '-ignore-filename-pattern', 'manifest\\.json$', '-schema-location', schemaLocation(schemaDir), target];
}

/** A folder with `helm` in it for tk's PATH: the helm the toolkit uses (HELM_BIN, PATH, else the bundled one). */
async function helmPathDir(scratch: string): Promise<string> {
  const dir = join(scratch, 'bin');
  mkdirSync(dir, { recursive: true });
  symlinkSync(await helmBinary(), join(dir, 'helm'));
  return dir;
}

export interface SideBySide {
  head: string[];
  rows: string[][];
  summary: string[];
  measured: Measurement[];
}

/** The comparison; a one-line reason instead when a tool is missing. */
export async function againstTk(runs: number): Promise<SideBySide | string> {
  const tk = findTool('tk');
  if (!tk) return missingToolMessage('tk');
  const kubeconform = findTool('kubeconform');
  if (!kubeconform) return missingToolMessage('kubeconform');
  if (!existsSync(GNU_TIME)) return `${GNU_TIME} not found: install GNU time (Debian package time)`;
  const cli = join(repoRoot, 'dist', 'tools', 'cli', 'main.js');
  if (!existsSync(cli)) return `${cli} not found: run npx tsc -p . first`;

  const scratch = mkdtempSync(join(tmpdir(), 'tkts-bench-against-tk-'));
  try {
    const version = pinnedVersion(process.env.KUBE_VERSION ?? '1.32');
    const t0 = performance.now();
    const schemas = writeKubeconformSchemas(await loadDefinitionsText(version), version);
    process.stderr.write(`kubeconform schemas (Kubernetes ${version}) in ${schemas} (${(performance.now() - t0).toFixed(0)} ms)\n`);
    const tkEnv = { ...process.env, PATH: [await helmPathDir(scratch), process.env.PATH].join(delimiter) };
    const loadBefore = loadavg();

    // Ours, as `npm run validate` runs it; once first so the caches exist (warm). And cold beside it:
    // --no-cache evaluates every environment and runs helm for every chart, as tk does.
    const validate = (...flags: string[]) => {
      const r = timed(process.execPath, [cli, 'validate', ...flags], repoRoot, process.env, scratch);
      if (r.status !== 0) throw failed('tkts validate', r);
      return r;
    };
    const ourObjects = validatedObjects(validate().stdout);
    const ours: Timed[] = [];
    const cold: Timed[] = [];
    for (let i = 0; i < runs; i++) ours.push(validate());
    for (let i = 0; i < runs; i++) cold.push(validate('--no-cache'));
    process.stderr.write(`done: tkts validate x${2 * runs + 1}\n`);

    // The reference: tk export of every environment into a fresh folder (one subfolder per environment:
    // tk refuses two objects on one file name), then kubeconform -strict on it.
    const exports: Timed[] = [];
    const checks: Timed[] = [];
    let summary: KubeconformSummary | undefined;
    for (let i = 0; i < runs; i++) {
      const out = join(scratch, `export-${i}`);
      const e = timed(tk, ['export', out, 'environments/', '--recursive', '--format', '{{env.metadata.name}}/{{.apiVersion}}.{{.kind}}-{{.metadata.namespace}}-{{.metadata.name}}'], repoRoot, tkEnv, scratch);
      if (e.status !== 0) throw failed('tk export', e);
      exports.push(e);
      const k = timed(kubeconform, kubeconformArgs(schemas, out), repoRoot, process.env, scratch);
      summary = kubeconformSummary(k.stdout);
      if (k.status !== 0) throw failed(`kubeconform -strict (${summary.invalid} invalid, ${summary.errors} errors)`, k);
      checks.push(k);
      rmSync(out, { recursive: true, force: true });
      process.stderr.write(`done: tk export + kubeconform, run ${i + 1} of ${runs}\n`);
    }
    const loadAfter = loadavg();

    const wall = (xs: Timed[]) => median(xs.map((x) => x.wallMs));
    const cpu = (xs: Timed[]) => median(xs.map((x) => x.cpuMs));
    const peak = (xs: Timed[]) => Math.max(...xs.map((x) => x.peakMB));
    const both = exports.map((e, i) => ({ wallMs: e.wallMs + checks[i]!.wallMs, cpuMs: e.cpuMs + checks[i]!.cpuMs }));
    const refWall = median(both.map((b) => b.wallMs));
    const refCpu = median(both.map((b) => b.cpuMs));
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const mb = (x: number) => `${x.toFixed(0)} MB`;
    const k = summary!;
    const head = ['command', `wall (median of ${runs})`, 'CPU user+sys (median)', 'peak RSS', 'objects checked'];
    const rows = [
      ['tkts validate (npm run validate, warm)', s(wall(ours)), s(cpu(ours)), mb(peak(ours)), `${ourObjects} of ${ourObjects} (custom resources by their CRDs)`],
      ['tkts validate --no-cache (cold: every environment and chart again)', s(wall(cold)), s(cpu(cold)), mb(peak(cold)), `${ourObjects} of ${ourObjects}`],
      ['tk export (real tk v0.38.0, helm 3.17.2)', s(wall(exports)), s(cpu(exports)), mb(peak(exports)), '-'],
      ['kubeconform -strict (v0.7.0, offline schemas)', s(wall(checks)), s(cpu(checks)), mb(peak(checks)), `${k.valid + k.invalid} of ${k.resources} (${k.skipped} skipped: no schema)`],
      ['tk export + kubeconform -strict', s(refWall), s(refCpu), mb(Math.max(peak(exports), peak(checks))), `${k.valid + k.invalid} of ${k.resources}`],
    ];
    const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
    const lines = [
      `tk export + kubeconform / tkts validate: ${(refWall / wall(ours)).toFixed(1)}x wall, ${(refCpu / cpu(ours)).toFixed(1)}x CPU (target: 10x, warm)`,
      `cold: tk export + kubeconform / tkts validate --no-cache: ${(refWall / wall(cold)).toFixed(1)}x wall, ${(refCpu / cpu(cold)).toFixed(1)}x CPU`,
      `load average before ${la(loadBefore)}, after ${la(loadAfter)}`,
    ];
    if (k.resources !== ourObjects) lines.push(`note: tk exported ${k.resources} objects, tkts validated ${ourObjects}`);
    const row = 'validate vs tk export + kubeconform';
    const measured: Measurement[] = [
      { row, metric: 'tkts validate wall', value: wall(ours), unit: 'ms' },
      { row, metric: 'tkts validate CPU', value: cpu(ours), unit: 'ms' },
      { row, metric: 'tkts validate peak', value: peak(ours), unit: 'MB' },
      { row, metric: 'tkts validate --no-cache wall', value: wall(cold), unit: 'ms' },
      { row, metric: 'tkts validate --no-cache CPU', value: cpu(cold), unit: 'ms' },
      { row, metric: 'tk export wall', value: wall(exports), unit: 'ms' },
      { row, metric: 'kubeconform wall', value: wall(checks), unit: 'ms' },
      { row, metric: 'tk export + kubeconform wall', value: refWall, unit: 'ms' },
      { row, metric: 'tk export + kubeconform CPU', value: refCpu, unit: 'ms' },
    ];
    return { head, rows, summary: lines, measured };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

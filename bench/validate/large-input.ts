// Large inputs through `validate --manifests` as a user runs it (a child process of the CLI): one
// YAML file of 100,000 small documents and one document of 50 MB. Each run reports its wall time
// and its peak memory (maxRSS, written by a preload at exit). Documents are parsed one at a time, so
// memory follows the objects kept for validation, not the syntax trees of the whole file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LargeInputRow {
  scenario: string;
  wallMs: number;
  peakMB: number;
  exitCode: number | null;
}

/** The labels the project policies ask for, so the generated objects have no findings of their own. */
const LABELS = '{app.kubernetes.io/name: c, app.kubernetes.io/instance: c, app.kubernetes.io/component: c, app.kubernetes.io/part-of: bench, app.kubernetes.io/managed-by: tanka}';

export function tinyDocuments(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: bench\n  labels: ${LABELS}\ndata:\n  k: v${i}\n`);
  return docs.join('---\n');
}

export function oneLargeDocument(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = `  key${i}: ${'x'.repeat(100)}\n`;
    lines.push(l);
    size += l.length;
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: bench\n  labels: ${LABELS}\ndata:\n${lines.join('')}`;
}

export function largeInputRuns(cli: string): LargeInputRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-bench-validate-'));
  try {
    const preload = join(dir, 'peak-rss.cjs');
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeSync(2, `\\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\\n`));\n");
    const scenarios: [string, string, () => string][] = [
      ['--manifests: 100,000 small documents in one file', 'small.yaml', () => tinyDocuments(100_000)],
      ['--manifests: one 50 MB document', 'large.yaml', () => oneLargeDocument(50 * 1024 * 1024)],
    ];
    const rows: LargeInputRow[] = [];
    for (const [scenario, name, make] of scenarios) {
      const file = join(dir, name);
      writeFileSync(file, make());
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--require', preload, cli, 'validate', '--manifests', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const wallMs = performance.now() - t0;
      const kb = Number(/PEAK_RSS_KB (\d+)/.exec(r.stderr ?? '')?.[1] ?? NaN);
      rows.push({ scenario, wallMs, peakMB: kb / 1024, exitCode: r.status });
      rmSync(file, { force: true });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

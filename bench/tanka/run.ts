// Benchmark: `export` of a generated project with 4, 16 and 64 environments that
// share lib/ and two Helm charts. Times a sequential export (one thread, cold
// Helm cache), a parallel export (worker pool, cold cache) and a parallel export
// with a warm Helm cache; then every project environment applied to a test API server with the real tk
// (bench/tanka/apply.ts). Run with `npm run bench:tanka` (after a build).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { defaultParallelism } from '../../tools/tanka/index.js';
import { markdownTable, reportAgainstReference, withoutReferenceFlag, type Measurement } from '../reference.js';
import { benchApply } from './apply.js';

const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function chart(dir: string, name: string, workload: 'Deployment' | 'StatefulSet'): void {
  write(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
  write(path.join(dir, 'values.yaml'), 'replicas: 1\nimage: busybox:1.36\nsettings: {}\n');
  write(
    path.join(dir, 'templates/workload.yaml'),
    `apiVersion: apps/v1
kind: ${workload}
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      containers:
        - name: main
          image: {{ .Values.image }}
          resources: {limits: {cpu: 100m, memory: 64Mi}}
`,
  );
  write(
    path.join(dir, 'templates/service.yaml'),
    `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  ports: [{port: 80}]
  selector: {app: {{ .Release.Name }}}
`,
  );
  write(
    path.join(dir, 'templates/config.yaml'),
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
{{- range $k, $v := .Values.settings }}
  {{ $k }}: {{ $v | quote }}
{{- end }}
`,
  );
}

/** A project with `n` environments; returns its environments folder. */
export function generateProject(root: string, n: number): string {
  write(path.join(root, 'jsonnetfile.json'), '{"version": 1, "dependencies": []}\n');
  write(path.join(root, 'lib/helm.libsonnet'), fs.readFileSync(path.join(repoRoot, 'lib/helm.libsonnet'), 'utf8'));
  chart(path.join(root, 'charts/alpha'), 'alpha', 'Deployment');
  chart(path.join(root, 'charts/beta'), 'beta', 'StatefulSet');
  write(
    path.join(root, 'lib/platform.libsonnet'),
    `local helm = (import 'helm.libsonnet').new(std.thisFile);
{
  new(env, index):: {
    local settings = { ['key%02d' % i]: '%s-%d' % [env, i * index] for i in std.range(0, 29) },
    alpha: helm.template('alpha', '../charts/alpha', { namespace: env, values: { replicas: 1 + index % 3, settings: settings } }),
    beta: helm.template('beta', '../charts/beta', { namespace: env, values: { settings: { env: env } } }),
    configs: {
      ['cm_%02d' % i]: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'generated-%02d' % i, labels: { env: env } },
        data: { ['k%d' % j]: std.md5('%s/%d/%d' % [env, i, j]) for j in std.range(0, 19) },
      }
      for i in std.range(0, 19)
    },
  },
}
`,
  );
  for (let i = 0; i < n; i++) {
    const env = `env-${String(i).padStart(3, '0')}`;
    write(path.join(root, 'environments', env, 'spec.json'), JSON.stringify({ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', spec: { namespace: env } }) + '\n');
    write(path.join(root, 'environments', env, 'main.jsonnet'), `(import 'platform.libsonnet').new('${env}', ${i})\n`);
  }
  return path.join(root, 'environments');
}

/** One `tkts export` in a fresh process (so no in-memory cache carries over between runs). */
function timeExport(envDir: string, outDir: string, cacheDir: string, parallel: number): { ms: number; files: number } {
  fs.rmSync(outDir, { recursive: true, force: true });
  // One folder per namespace: the environments reuse object names.
  const format = '{{.metadata.namespace}}/{{.apiVersion}}.{{.kind}}-{{.metadata.name}}';
  const cli = path.join(repoRoot, 'dist/tools/cli/main.js');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'export', outDir, envDir, '-r', '-p', String(parallel), '--format', format], {
    encoding: 'utf8',
    env: { ...process.env, TKTS_CACHE_DIR: cacheDir },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
  const files = Number(/Exported (\d+) files/.exec(r.stderr)?.[1] ?? 0);
  return { ms, files };
}

async function main(): Promise<void> {
  const cores = defaultParallelism();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-bench-'));
  const head = ['envs', 'files', 'sequential (cold)', `parallel x${cores} (cold)`, `parallel x${cores} (warm helm cache)`];
  const rows: string[][] = [];
  const measured: Measurement[] = [];
  try {
    for (const n of [4, 16, 64]) {
      const project = path.join(work, `p${n}`);
      const envDir = generateProject(project, n);
      const cacheDir = path.join(project, '.cache');
      const out = path.join(project, 'out');
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const seq = timeExport(envDir, out, cacheDir, 1);
      fs.rmSync(cacheDir, { recursive: true, force: true });
      const par = timeExport(envDir, out, cacheDir, cores);
      const warm = timeExport(envDir, out, cacheDir, cores);
      const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
      rows.push([String(n), String(seq.files), s(seq.ms), s(par.ms), s(warm.ms)]);
      for (const [metric, r] of [['sequential (cold)', seq], ['parallel (cold)', par], ['parallel (warm)', warm]] as const) {
        measured.push({ row: `${n} environments`, metric, value: r.ms, unit: 'ms' });
      }
      process.stderr.write(`done: ${n} environments\n`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  for (const l of markdownTable(head, rows)) console.log(l);
  // Applies to a real API server: `--apply=dev,staging` limits the environments, `--apply=none` skips them.
  const applyArg = withoutReferenceFlag(process.argv.slice(2)).find((a) => a.startsWith('--apply='))?.slice(8);
  if (applyArg !== 'none') {
    const applied = await benchApply(applyArg ? applyArg.split(',') : undefined);
    console.log('');
    if (typeof applied === 'string') console.log(`apply benchmark skipped: ${applied}`);
    else {
      for (const l of markdownTable(applied.head, applied.rows)) console.log(l);
      measured.push(...applied.measured);
    }
  }
  console.log(`\n${cores} cores; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  reportAgainstReference('tanka', measured);
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

// Every value a chart wrapper sets changes the chart's output (issue 13, item 9): a value
// that does nothing misleads its reader (Loki's single-binary PVC switch overridden by
// persistence.enabled, ESO's ServiceMonitor dropped for a missing apiVersions entry).
// Values equal to the chart's default are allowed (pins against a chart upgrade changing
// the default); how the others are tried without one helm run per value: chart-values.ts.
// local and production between them call every chart wrapper, in both its small and its
// highly available shape (dev and staging sit between the two).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { helmArgs, helmFlags } from '../../tools/tanka/natives/helm.js';
import { helmRuns, recordHelmCalls, valuesWithoutEffect, type Finding, type HelmCall } from './chart-values.js';

const ENVS = ['local', 'production'];

/** `<chart folder> <values path>` of values that have no visible effect on purpose, with the reason. */
const ALLOWED: Record<string, string> = {
  ...Object.fromEntries(
    ['kubeControllerManager', 'kubeProxy', 'kubeSchedulerAlerting', 'kubeSchedulerRecording', 'windows'].map((group) => [
      `kube-prometheus-stack defaultRules.rules.${group}`,
      'the chart renders this rule group only while its scrape is on (off on k3s); kept off with the other groups the mixins cover, so turning the scrape on does not duplicate their rules',
    ]),
  ),
  'loki singleBinary.replicas':
    "the chart runs one single binary for 0 or 1 alike; config's count is passed as it is so that 2 or more (with object storage) takes effect",
};

const key = (f: Finding) => `${f.chart} ${f.path}`;
const show = (f: Finding) =>
  `${key(f)} (${Object.entries(f.values).map(([env, v]) => `${env}: ${JSON.stringify(v)}`).join(', ')})`;

// 241 helm renders: ~80 s on an idle 2-core machine, over 5 min at load 16, so the hang guard is 20 min.
let findings: Promise<Finding[]> | undefined;
/** Computed once for both tests. */
function allFindings(): Promise<Finding[]> {
  findings ??= (async () => {
    const start = Date.now();
    const calls: Record<string, HelmCall[]> = {};
    for (const env of ENVS) calls[env] = await recordHelmCalls(env);
    expect(Object.values(calls).flat().length).toBeGreaterThan(10);
    const found = await valuesWithoutEffect(calls);
    console.log(`${found.length} values without effect other than chart defaults (${found.filter((f) => key(f) in ALLOWED).length} allowed), ${helmRuns} helm runs, ${((Date.now() - start) / 1000).toFixed(1)} s`);
    return found;
  })();
  return findings;
}

it("every value a chart wrapper sets changes its chart's output in local or production", async () => {
  expect((await allFindings()).filter((f) => !(key(f) in ALLOWED)).map(show)).toEqual([]);
}, 1_200_000);

it('every allow-list entry is still needed', async () => {
  const found = new Set((await allFindings()).map(key));
  expect(Object.keys(ALLOWED).filter((k) => !found.has(k))).toEqual([]);
}, 1_200_000);

it('finds exactly the values a small chart does not read, whatever their type', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-values-'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: probe\nversion: 0.1.0\n');
  fs.writeFileSync(path.join(dir, 'values.yaml'), 'mode: b\nreplicas: 1\nmetrics: {enabled: false}\nport: 80\nimage: x\n');
  fs.mkdirSync(path.join(dir, 'templates'));
  // `mode` is compared (a marker hides the rest of the output), `replicas` too, `image` printed,
  // `port` printed inside base64, `metrics.enabled` switches a document; nothing reads `unused.*`,
  // and `{}` merges into nothing.
  fs.writeFileSync(
    path.join(dir, 'templates', 'all.yaml'),
    [
      '{{- if eq .Values.mode "a" }}',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: probe}',
      'data:',
      '  image: {{ .Values.image | quote }}',
      '  many: {{ gt (int .Values.replicas) 1 | quote }}',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: probe}',
      'data:',
      '  port: {{ printf "port=%v" .Values.port | b64enc | quote }}',
      '{{- if .Values.metrics.enabled }}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: probe-metrics}',
      '{{- end }}',
      '{{- end }}',
    ].join('\n'),
  );
  const values = { mode: 'a', replicas: 2, metrics: { enabled: true }, port: 8080, image: 'y', unused: { flag: true, text: 'z', size: 5, list: [1] }, empty: {} };
  const flags = helmFlags({ apiVersions: [], includeCrds: true, skipTests: false, kubeVersion: '', noHooks: true, namespace: 'probe' });
  const call = { release: 'probe', chartPath: dir, values, args: helmArgs('probe', dir, flags) };
  try {
    const found = await valuesWithoutEffect({ test: [call] });
    expect(found.map((f) => f.path).sort()).toEqual(['empty', 'unused.flag', 'unused.list', 'unused.size', 'unused.text']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

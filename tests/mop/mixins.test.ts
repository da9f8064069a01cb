// The upstream monitoring mixins in MOP (lib/mop/mixins.libsonnet): vendored by jsonnet-bundler
// rules (npm test vendors them first), rendered per environment as PrometheusRule objects and
// Grafana dashboards (a folder per mixin), checked by the real promtool. The unit tests take
// the job labels from the environment's own ServiceMonitors, so they prove that the mixins'
// selectors match what this platform's Prometheus actually scrapes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Engine } from '../../tools/jsonnet/engine.js';
import { loadEnvironment, type Manifest } from '../../tools/tanka/index.js';
import { selects } from '../platform/load.js';

type Obj = { [k: string]: any };

const MIXINS = ['kubernetes', 'node', 'prometheus', 'alertmanager', 'alloy', 'tempo'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mop-mixins-'));
let dev: Obj[] = [];

function promtool(): string {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('promtool not found (Debian package prometheus)');
  return found;
}

function run(args: string[]): { code: number | null; out: string } {
  const r = spawnSync(promtool(), args, { encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * The job label Prometheus gives a ServiceMonitor's targets (Prometheus Operator's rules): a
 * relabeling that sets `job` wins; else the value of the Service label named by `jobLabel`
 * (read from the selector when it fixes that label, else from the selected Service); else the
 * Service's name. Also the metrics_path label when an endpoint records it.
 */
function scrapeLabels(ms: Obj[], monitor: string, pathOf?: string): { job: string; metrics_path?: string; namespace: string } {
  const sm = ms.find((m) => m.kind === 'ServiceMonitor' && m.metadata.name === monitor);
  if (!sm) throw new Error(`no ServiceMonitor ${monitor} in the environment`);
  const ep = (sm.spec.endpoints as Obj[]).find((e) => (pathOf === undefined ? true : (e.path ?? '/metrics') === pathOf))!;
  const sel = sm.spec.selector?.matchLabels ?? {};
  const svcNs = sm.spec.namespaceSelector?.matchNames?.[0] ?? sm.metadata.namespace;
  const svc = ms.find((m) => m.kind === 'Service' && m.metadata.namespace === svcNs && selects(sel, m.metadata.labels ?? {}));
  let job: string | undefined = (ep.relabelings ?? []).find((r: Obj) => r.targetLabel === 'job' && r.replacement)?.replacement;
  if (job === undefined && sm.spec.jobLabel) job = sel[sm.spec.jobLabel] ?? svc?.metadata.labels?.[sm.spec.jobLabel];
  job ??= svc?.metadata.name;
  if (!job) throw new Error(`cannot tell the job of ServiceMonitor ${monitor}`);
  const recordsPath = (ep.relabelings ?? []).some((r: Obj) => r.targetLabel === 'metrics_path');
  return { job, namespace: svcNs, ...(recordsPath ? { metrics_path: ep.path ?? '/metrics' } : {}) };
}

function series(name: string, labels: Obj): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}

/** A rule file with the mixin's groups, annotations dropped (the tests compare labels). */
function ruleFileFor(mixin: string): string {
  const rule = dev.find((m) => m.kind === 'PrometheusRule' && m.metadata.name === `mixin-${mixin}`)!;
  const groups = (rule.spec.groups as Obj[]).map((g) => ({ ...g, rules: g.rules.map(({ annotations: _a, ...r }: Obj) => r) }));
  const file = `unit-${mixin}.yaml`;
  fs.writeFileSync(path.join(tmp, file), YAML.stringify({ groups }));
  return file;
}

/** Runs promtool test rules on one test case; returns its output (exit 0 expected by the caller). */
function unitTest(mixin: string, inputs: { series: string; values: string }[], alerts: Obj[], name: string): { code: number | null; out: string } {
  const file = `test-${mixin}-${name}.yaml`;
  fs.writeFileSync(path.join(tmp, file), YAML.stringify({
    rule_files: [ruleFileFor(mixin)],
    evaluation_interval: '1m',
    tests: [{ interval: '1m', input_series: inputs, alert_rule_test: alerts }],
  }));
  return run(['test', 'rules', file]);
}

beforeAll(async () => {
  dev = (await loadEnvironment('environments/dev')).manifests as Obj[];
}, 300_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('upstream mixins', () => {
  it('jsonnetfile.json names them and vendor/ holds them at the locked commits', () => {
    const jf = JSON.parse(fs.readFileSync('jsonnetfile.json', 'utf8'));
    const subdirs = jf.dependencies.map((d: Obj) => d.source.git.subdir);
    expect(subdirs).toEqual(expect.arrayContaining(['', 'docs/node-mixin', 'documentation/prometheus-mixin', 'doc/alertmanager-mixin', 'operations/alloy-mixin', 'operations/tempo-mixin']));
    // Loki's mixin needs grafana/mimir's mimir-mixin (its jsonnetfile.json), which the offline mirror lacks.
    expect(subdirs).not.toContain('production/loki-mixin');
    for (const m of ['kubernetes-mixin', 'node-mixin', 'prometheus-mixin', 'alertmanager-mixin', 'alloy-mixin', 'tempo-mixin']) {
      expect(fs.existsSync(path.join('vendor', m, 'mixin.libsonnet')), `vendor/${m}`).toBe(true);
    }
  });

  it('every mixin renders a PrometheusRule that promtool accepts, and no alert exists twice', () => {
    const files = MIXINS.map((m) => {
      const rule = dev.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === `mixin-${m}`);
      expect(rule, m).toBeDefined();
      expect(rule!.metadata.namespace).toBe('mop');
      const f = `check-${m}.yaml`;
      fs.writeFileSync(path.join(tmp, f), YAML.stringify({ groups: rule!.spec.groups }));
      return f;
    });
    const check = run(['check', 'rules', '--lint=none', ...files]);
    expect(check.code, check.out).toBe(0);
    // kube-prometheus-stack's copies of the same rules are off: each alert (name and labels) once.
    const alerts = dev.filter((o) => o.kind === 'PrometheusRule').flatMap((r) => (r.spec.groups as Obj[]).flatMap((g) => g.rules.filter((x: Obj) => x.alert).map((x: Obj) => `${x.alert} ${JSON.stringify(x.labels ?? {})}`)));
    const twice = alerts.filter((a, i) => alerts.indexOf(a) !== i);
    expect(twice).toEqual([]);
    const names = alerts.map((a) => a.split(' ')[0]);
    expect(names).toEqual(expect.arrayContaining(['KubePodCrashLooping', 'NodeFilesystemAlmostOutOfSpace', 'PrometheusBadConfig', 'AlertmanagerFailedReload', 'UnhealthyComponents', 'TempoCompactionsFailing']));
    // Nothing about components k3s does not run apart.
    expect(names.filter((a) => /KubeSchedulerDown|KubeControllerManagerDown|KubeProxyDown/.test(a))).toEqual([]);
  });

  it('dashboards ship as sidecar ConfigMaps, a Grafana folder per mixin, valid JSON with unique uids', () => {
    const cms = dev.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.['mop.platform/mixin']);
    const folders = new Map<string, string>();
    const uids = new Set<string>();
    for (const cm of cms) {
      const mixin = cm.metadata.labels['mop.platform/mixin'];
      expect(cm.metadata.labels.grafana_dashboard).toBe('1');
      const folder = cm.metadata.annotations.grafana_folder;
      expect(folders.get(mixin) ?? folder, cm.metadata.name).toBe(folder);
      folders.set(mixin, folder);
      const [file] = Object.keys(cm.data);
      expect(Buffer.byteLength(cm.data[file!]), cm.metadata.name).toBeLessThan(1024 * 1024);
      const d = JSON.parse(cm.data[file!]);
      expect(d.uid, cm.metadata.name).toMatch(/^[\w-]{1,40}$/);
      expect(uids.has(d.uid), d.uid).toBe(false);
      uids.add(d.uid);
    }
    expect([...folders.keys()].sort()).toEqual([...MIXINS].sort());
    expect(new Set(folders.values()).size).toBe(MIXINS.length);
    expect(new Set(folders.values()).has('MOP')).toBe(false);
  });
});

// Environments read the mixins' output from lib/mop/mixins-rendered.json (mixins.libsonnet,
// output()): rendering them live is most of what the real tk spends on an environment.
describe('mixins-rendered.json', () => {
  const evaluate = (code: string): unknown => {
    const engine = new Engine({ jpath: ['lib', 'vendor'] });
    return engine.toJson(engine.evaluateSnippet('test.jsonnet', code));
  };

  it('is what mixins-render.jsonnet renders from the current mixins.libsonnet and vendor/', () => {
    const fresh = evaluate("import 'mop/mixins-render.jsonnet'") as string;
    const file = fs.readFileSync('lib/mop/mixins-rendered.json', 'utf8');
    // One boolean: a 1.7 MB diff would bury the message.
    expect(file === `${fresh}\n`, 'lib/mop/mixins-rendered.json is out of date: npm run mixins:render').toBe(true);
  });

  it("gives an environment's namespace the output a live render gives (dev's, and the README's second environment's)", () => {
    const r = evaluate(`
      local m = import 'mop/mixins.libsonnet';
      local file = std.parseJson(importstr 'mop/mixins-rendered.json');
      local live(ns) = m.render(ns) { dashboards: std.mapWithKey(function(_, ds) std.mapWithKey(function(_, d) std.manifestJsonMinified(d), ds), super.dashboards) };
      {
        keyMatches: file.key == m.cacheKey,
        placeholders: std.length(std.findSubstr(m.placeholderNamespace, std.manifestJson(file))),
        same: { [ns]: m.output(ns) == live(ns) for ns in ['mop', 'mop-staging'] },
        placeholderInLive: std.length(std.findSubstr(m.placeholderNamespace, std.manifestJson(live('mop')))),
        prometheusRules: std.manifestJson(m.output('mop-staging').rules.prometheus),
      }`) as { keyMatches: boolean; placeholders: number; same: Record<string, boolean>; placeholderInLive: number; prometheusRules: string };
    expect(r.keyMatches).toBe(true);
    expect(r.placeholders).toBeGreaterThan(0);
    expect(r.placeholderInLive).toBe(0);
    expect(r.same).toEqual({ mop: true, 'mop-staging': true });
    expect(r.prometheusRules).toContain('job=\\"kps-prometheus\\", namespace=\\"mop-staging\\"');
  });
});

describe('mixin alerts match what the platform scrapes (promtool test rules)', () => {
  it('kubernetes: crash-looping pods fire; API server and kubelets up from their real jobs do not', () => {
    const ksm = scrapeLabels(dev, 'kube-prometheus-stack-kube-state-metrics');
    const api = scrapeLabels(dev, 'kps-apiserver');
    const kubelet = scrapeLabels(dev, 'kps-kubelet', '/metrics');
    expect([ksm.job, api.job, kubelet.job, kubelet.metrics_path]).toEqual(['kube-state-metrics', 'apiserver', 'kubelet', '/metrics']);
    const pod = { ...ksm, namespace: 'raibid', pod: 'raibid-server-0', container: 'server', reason: 'CrashLoopBackOff' };
    const up = (l: Obj) => ({ series: series('up', { ...l, instance: 'node-1' }), values: '1x40' });
    const ok = unitTest('kubernetes', [
      { series: series('kube_pod_container_status_waiting_reason', pod), values: '1x40' },
      { series: series('kube_node_info', { ...ksm, node: 'node-1' }), values: '1x40' },
      up(api), up(kubelet),
    ], [
      { eval_time: '30m', alertname: 'KubePodCrashLooping', exp_alerts: [{ exp_labels: { severity: 'warning', ...pod } }] },
      { eval_time: '30m', alertname: 'KubeAPIDown', exp_alerts: [] },
      { eval_time: '30m', alertname: 'KubeletDown', exp_alerts: [] },
    ], 'ok');
    expect(ok.code, ok.out).toBe(0);
    // The control: under the mixin's default job names the same targets count as down.
    const wrong = unitTest('kubernetes', [up({ ...api, job: 'kube-apiserver' })], [
      { eval_time: '30m', alertname: 'KubeAPIDown', exp_alerts: [] },
    ], 'control');
    expect(wrong.code).not.toBe(0);
  });

  it("the project's own rules that a mixin covers are gone; the mixins' alerts fire for those conditions", () => {
    const own = dev.filter((o) => o.kind === 'PrometheusRule' && o.metadata.name === 'mop-alerts').flatMap((r) => (r.spec.groups as Obj[]).flatMap((g) => g.rules.map((x: Obj) => x.alert)));
    expect(own.filter((a) => ['PersistentVolumeFillingUp', 'NodeDiskFillingUp', 'PrometheusRemoteWriteFailing'].includes(a))).toEqual([]);
    // A volume 98% full (kubelet's volume stats), a root filesystem 98% full (node-exporter).
    const kubelet = scrapeLabels(dev, 'kps-kubelet', '/metrics');
    const pvc = { ...kubelet, namespace: 'mop', persistentvolumeclaim: 'storage-loki-backend-0' };
    const pv = unitTest('kubernetes', [
      { series: series('kubelet_volume_stats_available_bytes', pvc), values: '2x20' },
      { series: series('kubelet_volume_stats_capacity_bytes', pvc), values: '100x20' },
      { series: series('kubelet_volume_stats_used_bytes', pvc), values: '98x20' },
    ], [{ eval_time: '10m', alertname: 'KubePersistentVolumeFillingUp', exp_alerts: [{ exp_labels: { severity: 'critical', ...pvc } }] }], 'pv');
    expect(pv.code, pv.out).toBe(0);
    const ne = scrapeLabels(dev, 'kube-prometheus-stack-prometheus-node-exporter');
    const fs_ = { ...ne, instance: 'n1:9100', mountpoint: '/', fstype: 'ext4', device: '/dev/sda1' };
    const disk = unitTest('node', [
      { series: series('node_filesystem_avail_bytes', fs_), values: '2x40' },
      { series: series('node_filesystem_size_bytes', fs_), values: '100x40' },
      { series: series('node_filesystem_readonly', fs_), values: '0x40' },
    ], [{ eval_time: '35m', alertname: 'NodeFilesystemAlmostOutOfSpace', exp_alerts: [{ exp_labels: { severity: 'warning', ...fs_ } }, { exp_labels: { severity: 'critical', ...fs_ } }] }], 'disk');
    expect(disk.code, disk.out).toBe(0);
    // Remote write to Mimir failing for half of the samples, from the platform's Prometheus.
    const p = { ...scrapeLabels(dev, 'kps-prometheus'), instance: '10.0.0.2:9090', pod: 'prometheus-kps-prometheus-0', remote_name: 'mimir', url: 'http://mimir-gateway.mop/api/v1/push' };
    const rw = unitTest('prometheus', [
      { series: series('prometheus_remote_storage_samples_failed_total', p), values: '0+60x40' },
      { series: series('prometheus_remote_storage_samples_total', p), values: '0+60x40' },
    ], [{ eval_time: '25m', alertname: 'PrometheusRemoteStorageFailures', exp_alerts: [{ exp_labels: { severity: 'critical', ...p } }] }], 'remote-write');
    expect(rw.code, rw.out).toBe(0);
  });

  it('node: conntrack pressure on a node-exporter target fires', () => {
    const ne = scrapeLabels(dev, 'kube-prometheus-stack-prometheus-node-exporter');
    expect(ne.job).toBe('node-exporter');
    const l = { ...ne, instance: '10.0.0.1:9100' };
    const r = unitTest('node', [
      { series: series('node_nf_conntrack_entries', l), values: '900x10' },
      { series: series('node_nf_conntrack_entries_limit', l), values: '1000x10' },
    ], [{ eval_time: '5m', alertname: 'NodeHighNumberConntrackEntriesUsed', exp_alerts: [{ exp_labels: { severity: 'warning', ...l } }] }], 'conntrack');
    expect(r.code, r.out).toBe(0);
  });

  it("prometheus: a failed config reload of the platform's Prometheus fires", () => {
    const p = scrapeLabels(dev, 'kps-prometheus');
    expect(p).toMatchObject({ job: 'kps-prometheus', namespace: 'mop' });
    const l = { ...p, instance: '10.0.0.2:9090', pod: 'prometheus-kps-prometheus-0' };
    const r = unitTest('prometheus', [{ series: series('prometheus_config_last_reload_successful', l), values: '0x30' }], [
      { eval_time: '20m', alertname: 'PrometheusBadConfig', exp_alerts: [{ exp_labels: { severity: 'critical', ...l } }] },
    ], 'badconfig');
    expect(r.code, r.out).toBe(0);
  });

  it("alertmanager: a failed config reload of the stack's Alertmanager fires, under the mixin's default job it would not", () => {
    const a = scrapeLabels(dev, 'kps-alertmanager');
    expect(a).toMatchObject({ job: 'kps-alertmanager', namespace: 'mop' });
    const l = { ...a, instance: '10.0.0.3:9093', pod: 'alertmanager-kps-alertmanager-0' };
    const r = unitTest('alertmanager', [{ series: series('alertmanager_config_last_reload_successful', l), values: '0x30' }], [
      { eval_time: '20m', alertname: 'AlertmanagerFailedReload', exp_alerts: [{ exp_labels: { severity: 'critical', ...l } }] },
    ], 'reload');
    expect(r.code, r.out).toBe(0);
    const control = unitTest('alertmanager', [{ series: series('alertmanager_config_last_reload_successful', { ...l, job: 'alertmanager' }), values: '0x30' }], [
      { eval_time: '20m', alertname: 'AlertmanagerFailedReload', exp_alerts: [] },
    ], 'reload-control');
    expect(control.code, control.out).toBe(0);
  });

  it('alloy: unhealthy components of the Alloy DaemonSet fire', () => {
    const a = scrapeLabels(dev, 'alloy');
    expect(a).toMatchObject({ job: 'alloy', namespace: 'mop' });
    const r = unitTest('alloy', [{ series: series('alloy_component_controller_running_components', { ...a, cluster: 'dev', instance: 'x', health_type: 'unhealthy' }), values: '2x30' }], [
      { eval_time: '20m', alertname: 'UnhealthyComponents', exp_alerts: [{ exp_labels: { severity: 'warning', cluster: 'dev', namespace: a.namespace, job: a.job } }] },
    ], 'unhealthy');
    expect(r.code, r.out).toBe(0);
  });

  it("tempo: an unhealthy distributor in Tempo's namespace fires, one elsewhere does not", () => {
    const t = scrapeLabels(dev, 'tempo');
    const r = unitTest('tempo', [
      { series: series('tempo_ring_members', { ...t, cluster: 'dev', name: 'distributor', state: 'Unhealthy' }), values: '1x30' },
      { series: series('tempo_ring_members', { job: 'other', namespace: 'elsewhere', cluster: 'dev', name: 'distributor', state: 'Unhealthy' }), values: '1x30' },
    ], [
      { eval_time: '20m', alertname: 'TempoDistributorUnhealthy', exp_alerts: [{ exp_labels: { severity: 'warning', cluster: 'dev', namespace: t.namespace } }] },
    ], 'distributor');
    expect(r.code, r.out).toBe(0);
  });
});

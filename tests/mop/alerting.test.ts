// The platform's one alerting path (issue 13, item 7): rule groups ->
// PrometheusRule -> Prometheus -> Alertmanager -> receivers. Checked on the
// rendered environments with the real tools: `amtool check-config` and
// `amtool config routes test` (Debian's prometheus-alertmanager) on the
// configuration the operator hands Alertmanager, `promtool check rules` on
// the rules (tests/mop/grafana covers the unit tests of the platform rules).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { find, manifests, selects, type Obj } from '../platform/load.js';
import { requireTool } from '../helpers/ref-tools.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mop-alerting-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const amtool = requireTool('amtool');

const run = (args: string[]) => {
  const r = spawnSync(amtool, args, { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
};

/** The Alertmanager custom resource and the configuration file its operator loads (the chart's Secret). */
function alertmanager(ms: Obj[]): { am: Obj; file: string; config: Obj } {
  const ams = ms.filter((o) => o.kind === 'Alertmanager');
  expect(ams.length, 'one Alertmanager').toBe(1);
  const am = ams[0];
  const secret = find(ms, 'Secret', am.metadata.namespace, am.spec.configSecret ?? `alertmanager-${am.metadata.name}`)!;
  expect(secret, 'the Alertmanager configuration Secret').toBeDefined();
  const text = secret.stringData?.['alertmanager.yaml'] ?? Buffer.from(secret.data['alertmanager.yaml'], 'base64').toString('utf8');
  const file = path.join(tmp, `${am.metadata.namespace}-${am.metadata.name}-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, text);
  return { am, file, config: YAML.parse(text) };
}

/** amtool's receiver for an alert with these labels. */
function routeOf(file: string, labels: Record<string, string>): string {
  const r = run(['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  expect(r.code, r.out).toBe(0);
  return r.stdout.trim();
}

describe.each(ENVS)('environments/%s', (env) => {
  it('evaluates every rule group in Prometheus, which sends to the one Alertmanager', async () => {
    const ms = await manifests(env);
    const prom = ms.filter((o) => o.kind === 'Prometheus');
    expect(prom.length).toBe(1);
    const { am } = alertmanager(ms);
    const targets = prom[0].spec.alerting.alertmanagers as Obj[];
    expect(targets.map((t) => [t.namespace, t.name])).toEqual([[am.metadata.namespace, find(ms, 'Service', am.metadata.namespace, targets[0].name) && targets[0].name]]);
    const svc = find(ms, 'Service', targets[0].namespace, targets[0].name)!;
    expect(selects(svc.spec.selector, { 'app.kubernetes.io/name': 'alertmanager', alertmanager: am.metadata.name })).toBe(true);
    // Prometheus selects every PrometheusRule (ours, the chart's default rules, a mixin's)
    expect(prom[0].spec.ruleSelector).toEqual({});
    const rules = ms.filter((o) => o.kind === 'PrometheusRule');
    const alerts = rules.flatMap((r) => r.spec.groups.flatMap((g: Obj) => g.rules.map((x: Obj) => x.alert).filter(Boolean)));
    for (const a of ['Watchdog', 'InfoInhibitor', 'PlatformComponentDown', 'LokiIngestionErrors', 'RaibidAgentJobsFailing']) expect(alerts).toContain(a);
    // nothing else evaluates rules or routes alerts: Mimir's ruler and alertmanager are off, Grafana provisions no rules
    expect(ms.filter((o) => /^mimir-(ruler|alertmanager)/.test(o.metadata.name)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    const grafanaCm = find(ms, 'ConfigMap', 'mop', 'grafana')!;
    expect(Object.keys(grafanaCm.data).filter((k) => /rules|contactpoints|policies/.test(k))).toEqual([]);
  });

  it('passes amtool check-config and routes Watchdog to the dead man\'s switch, critical to PagerDuty, warning to Slack', async () => {
    const ms = await manifests(env);
    const { file } = alertmanager(ms);
    const check = run(['check-config', file]);
    expect(check.code, check.out).toBe(0);
    expect(routeOf(file, { alertname: 'Watchdog', severity: 'none' })).toBe('deadmansswitch');
    expect(routeOf(file, { alertname: 'LokiIngestionErrors', severity: 'critical', namespace: 'mop' })).toBe('pagerduty');
    expect(routeOf(file, { alertname: 'LokiDiscardingLogs', severity: 'warning', namespace: 'mop' })).toBe('slack');
    expect(routeOf(file, { alertname: 'KubeQuotaAlmostFull', severity: 'info', namespace: 'mop' })).toBe('null');
    expect(routeOf(file, { alertname: 'InfoInhibitor', severity: 'none', namespace: 'mop' })).toBe('null');
    expect(routeOf(file, { alertname: 'Unlabelled' })).toBe('email');
  });

  it('inhibits warnings and infos under a critical alert of the same name and namespace, and infos under InfoInhibitor', async () => {
    const { config } = alertmanager(await manifests(env));
    const rules = config.inhibit_rules as Obj[];
    const has = (source: string, target: string, equal: string[]) =>
      rules.some((r) => r.source_matchers?.join() === source && r.target_matchers?.join() === target && r.equal?.join() === equal.join());
    expect(has('severity = "critical"', 'severity =~ "warning|info"', ['namespace', 'alertname'])).toBe(true);
    expect(has('severity = "warning"', 'severity = "info"', ['namespace', 'alertname'])).toBe(true);
    expect(has('alertname = "InfoInhibitor"', 'severity = "info"', ['namespace'])).toBe(true);
  });

  it('reads every receiver credential from a file of a provided Secret that the Alertmanager mounts', async () => {
    const ms = await manifests(env);
    const { am, config } = alertmanager(ms);
    const files = JSON.stringify(config).match(/"[a-z_]*_file":"[^"]+"/g)!.map((m) => m.split('":"')[1].slice(0, -1));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const [, secret, key] = /^\/etc\/alertmanager\/secrets\/([^/]+)\/([^/]+)$/.exec(f) ?? [];
      expect(am.spec.secrets, f).toContain(secret);
      const provided = find(ms, 'Secret', am.metadata.namespace, secret) ??
        ms.find((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === am.metadata.namespace && o.spec.target.name === secret);
      expect(provided, `Secret ${secret}`).toBeDefined();
      const keys = provided!.kind === 'Secret' ? Object.keys(provided!.stringData ?? provided!.data) : provided!.spec.data.map((d: Obj) => d.secretKey);
      expect(keys, f).toContain(key);
    }
    // and no credential inline
    for (const r of config.receivers as Obj[]) {
      for (const c of [...(r.slack_configs ?? []), ...(r.pagerduty_configs ?? [])]) {
        expect(c.api_url ?? c.routing_key ?? c.service_key, r.name).toBeUndefined();
      }
    }
  });
});

it('amtool routes test reports a route that does not match (the check can fail)', () => {
  const file = path.join(tmp, 'broken.yaml');
  fs.writeFileSync(file, 'route:\n  receiver: email\n  routes:\n    - receiver: slack\n      matchers: [\'severity = "warning"\']\nreceivers:\n  - name: email\n  - name: slack\n');
  expect(routeOf(file, { severity: 'critical' })).toBe('email');
  expect(routeOf(file, { severity: 'warning' })).toBe('slack');
});

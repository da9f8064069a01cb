// Grafana dashboards and alerting, checked on the rendered environments and
// with real tools: C++ jsonnet renders the rule data, promtool checks it and
// runs the unit tests in tests/fixtures/mop/alert-rules.test.yaml, and every
// PrometheusRule object in environments/dev passes `promtool check rules`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadEnvironment, type Manifest } from '../../../tools/tanka/index.js';
import { selects } from '../../platform/load.js';
import { requireTool } from '../../helpers/ref-tools.js';

type Obj = { [k: string]: any };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mop-grafana-'));
const ruleTests = path.resolve('tests/fixtures/mop/alert-rules.test.yaml');
let dev: Manifest[] = [];
let local: Manifest[] = [];

/** promtool from Debian's `prometheus` package (tests/helpers/ref-tools.ts). */
const promtool = () => requireTool('promtool');

function run(cmd: string, args: string[], cwd = tmp) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** C++ jsonnet over lib/ (std only: what real Tanka also runs), string output. */
function jsonnet(expr: string): string {
  return execFileSync('jsonnet', ['-J', 'lib', '-S', '-e', expr], { encoding: 'utf8' });
}

/** C++ jsonnet, JSON output manifested by the binary (fast, unlike its std.manifest*). */
function jsonnetValue(expr: string): any {
  return JSON.parse(execFileSync('jsonnet', ['-J', 'lib', '-e', expr], { encoding: 'utf8' }));
}

/** The project's own dashboards (the upstream mixins' are tested in tests/mop/mixins.test.ts). */
const ownDashboard = (m: Manifest) =>
  m.kind === 'ConfigMap' && (m.metadata as Obj).labels?.grafana_dashboard !== undefined && (m.metadata as Obj).labels['mop.platform/mixin'] === undefined;

const find = (ms: Manifest[], kind: string, name: string) =>
  ms.find((m) => m.kind === kind && (m.metadata as Obj)?.name === name) as Obj | undefined;

function datasourceUids(ms: Manifest[]): Set<string> {
  const cm = find(ms, 'ConfigMap', 'grafana');
  expect(cm, 'the chart ConfigMap `grafana`').toBeDefined();
  const ds = YAML.parse(cm!.data['datasources.yaml']);
  return new Set(ds.datasources.map((d: Obj) => d.uid));
}

/** Every string value in a JSON tree with its path. */
function* strings(v: unknown, at = ''): Generator<[string, string]> {
  if (typeof v === 'string') yield [at, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* strings(x, `${at}[${i}]`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* strings(x, `${at}.${k}`);
}

/**
 * Credential literals in rendered objects: values carrying values in the mop
 * namespace's Secrets, webhook/PagerDuty/private-key text anywhere, and
 * non-reference values under credential-named keys in Grafana's objects
 * (embedded YAML/JSON files parsed, ini files read line by line).
 */
function credentialLiterals(ms: Manifest[]): string[] {
  const secretKey = /(password|passwd|secret|token|apikey|api_key|integrationkey|webhook)$/i;
  const reference = /^(\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$__(env|file)\{[^}]+\})$/;
  const problems: string[] = [];
  for (const m of ms as Obj[]) {
    const name = `${m.kind}/${m.metadata?.name}`;
    // dev declares the platform's Secrets: none in the mop namespace may carry values,
    // except the Alertmanager's configuration (kube-prometheus-stack renders it as a
    // Secret), whose file is checked below like a ConfigMap's
    const alertmanagerConfig = m.kind === 'Secret' && (ms as Obj[]).some((o) => o.kind === 'Alertmanager' && `alertmanager-${o.metadata.name}` === m.metadata.name);
    if (m.kind === 'Secret' && m.metadata.namespace === 'mop' && (m.data || m.stringData) && !alertmanagerConfig) problems.push(`${name} carries values`);
    const docs: [string, unknown][] = [[name, m]];
    if (m.kind === 'ConfigMap' || alertmanagerConfig) {
      const files = m.kind === 'ConfigMap' ? m.data ?? {} : Object.fromEntries(Object.entries(m.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]));
      for (const [f, text] of Object.entries(files) as [string, string][]) {
        if (/\.ya?ml$/.test(f)) docs.push([`${name}:${f}`, YAML.parse(text)]);
        if (f.endsWith('.json')) docs.push([`${name}:${f}`, JSON.parse(text)]);
        if (f.endsWith('.ini')) {
          const ini = Object.fromEntries(
            text.split('\n').filter((l) => l.includes('=')).map((l) => l.split('=', 2).map((x) => x.trim())),
          );
          docs.push([`${name}:${f}`, ini]);
        }
      }
    }
    for (const [where, doc] of docs) {
      for (const [at, v] of strings(doc)) {
        // (a private key only with a body: CRD descriptions show the header around a placeholder)
        if (/hooks\.slack\.com\/services\/|events\.pagerduty\.com|BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{40}/.test(v)) {
          problems.push(`${where} ${at}`);
        }
        const key = at.split('.').pop() ?? '';
        // under a credential-named key in Grafana's objects: a reference or nothing
        if (secretKey.test(key) && v !== '' && !reference.test(v) && /grafana/i.test(where)) problems.push(`${where} ${at} = ${v}`);
      }
    }
  }
  return problems;
}

beforeAll(async () => {
  [dev, local] = await Promise.all([
    loadEnvironment('environments/dev').then((e) => e.manifests),
    loadEnvironment('environments/local').then((e) => e.manifests),
  ]);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('alert rules (promtool)', () => {
  let bin = '';
  beforeAll(() => {
    bin = promtool();
    fs.writeFileSync(
      path.join(tmp, 'rules.yaml'),
      jsonnet("std.manifestYamlDoc((import 'mop/grafana/alert-rules.libsonnet').prometheus)"),
    );
  });

  it('the rule data renders a rule file that passes promtool check rules and the unit tests', () => {
    const check = run(bin, ['check', 'rules', 'rules.yaml']);
    expect(check.out).toContain('SUCCESS');
    expect(check.code).toBe(0);

    fs.copyFileSync(ruleTests, path.join(tmp, 'alert-rules.test.yaml'));
    const unit = run(bin, ['test', 'rules', 'alert-rules.test.yaml']);
    expect(unit.out).toContain('SUCCESS');
    expect(unit.code).toBe(0);
  });

  it('promtool test rules fails when an expected alert is wrong (the unit tests can fail)', () => {
    const broken = fs.readFileSync(ruleTests, 'utf8').replace("severity: critical, namespace: mop, job: loki-write", "severity: warning, namespace: mop, job: loki-write");
    fs.writeFileSync(path.join(tmp, 'broken.test.yaml'), broken);
    const r = run(bin, ['test', 'rules', 'broken.test.yaml']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('PlatformComponentDown');
  });

  it('every alert has a unit test that expects it to fire', () => {
    const rules = jsonnetValue("(import 'mop/grafana/alert-rules.libsonnet').groups") as Obj[];
    const alerts = rules.flatMap((g) => g.rules.map((r: Obj) => r.alert as string));
    expect(alerts.length).toBeGreaterThanOrEqual(12);
    const tests = YAML.parse(fs.readFileSync(ruleTests, 'utf8')) as Obj;
    const firing = new Set<string>(
      tests.tests.flatMap((t: Obj) => t.alert_rule_test.filter((a: Obj) => a.exp_alerts.length > 0).map((a: Obj) => a.alertname)),
    );
    expect(alerts.filter((a) => !firing.has(a))).toEqual([]);
  });

  it('every PrometheusRule in environments/dev passes promtool check rules', () => {
    const rules = dev.filter((m) => m.kind === 'PrometheusRule') as Obj[];
    expect(rules.length).toBeGreaterThan(10);
    const files = rules.map((r) => {
      const f = `prometheusrule-${r.metadata.name}.yaml`;
      fs.writeFileSync(path.join(tmp, f), YAML.stringify({ groups: r.spec.groups }));
      return f;
    });
    // Validity (syntax, PromQL, templates), lint off...
    const check = run(bin, ['check', 'rules', '--lint=none', ...files]);
    expect(check.out).not.toContain('FAILED');
    expect(check.code, check.out).toBe(0);
    // ...and the duplicate-rule lint: the only finding is upstream's
    // code_verb:apiserver_request_total:increase1h, recorded four times on
    // purpose with disjoint `code=~"2..|3..|4..|5.."` selectors (so the series
    // never collide). Any other duplicate fails here.
    const lint = run(bin, ['check', 'rules', '--lint=duplicate-rules', ...files]);
    const duplicates = [...lint.out.matchAll(/Metric: (\S+)/g)].map((m) => m[1]);
    expect(duplicates, lint.out).toEqual(['code_verb:apiserver_request_total:increase1h']);
  });

  it('every PromQL query in the dashboards and in the platform alert rules parses (promtool)', () => {
    const exprs = promQueries(dev);
    expect(exprs.length).toBeGreaterThan(60);
    // dashboard variables become a plain value, as Grafana substitutes them
    const rules = exprs.map((e, i) => ({ record: `check:expr:${i}`, expr: e.replace(/\$(namespace|pod|instance|service)\b/g, 'x') }));
    fs.writeFileSync(path.join(tmp, 'queries.yaml'), YAML.stringify({ groups: [{ name: 'queries', rules }] }));
    const check = run(bin, ['check', 'rules', '--lint=none', 'queries.yaml']);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain(`SUCCESS: ${rules.length} rules found`);
  });
});

/** Every PromQL query in the dashboards (panels, variables) and the platform's alert rules (PrometheusRule mop-alerts). */
function promQueries(ms: Manifest[]): string[] {
  const exprs: string[] = [];
  for (const cm of ms.filter(ownDashboard) as Obj[]) {
    const d = JSON.parse(Object.values(cm.data)[0] as string);
    for (const p of d.panels as Obj[]) {
      for (const t of p.targets ?? []) if (t.datasource?.type === 'prometheus') exprs.push(t.expr);
    }
    for (const v of d.templating.list as Obj[]) exprs.push(v.query.query.replace(/^label_values\((.*), \w+\)$/, '$1'));
  }
  for (const g of find(ms, 'PrometheusRule', 'mop-alerts')!.spec.groups) {
    for (const r of g.rules) exprs.push(r.expr);
  }
  return exprs;
}

describe('raibid queue metrics', () => {
  it('the Redis stream metrics that panels and alerts query come from an exporter on the queue, scraped by a ServiceMonitor', () => {
    for (const ms of [dev, local] as Obj[][]) {
      const used = new Set(promQueries(ms as Manifest[]).flatMap((e) => e.match(/\bredis_stream_\w+/g) ?? []));
      expect([...used].sort()).toEqual(['redis_stream_group_lag', 'redis_stream_group_messages_pending', 'redis_stream_length']);
      const streams = new Set(promQueries(ms as Manifest[]).flatMap((e) => [...e.matchAll(/redis_stream_\w+\{stream="([^"]+)"/g)].map((m) => m[1])));
      expect([...streams]).toEqual(['raibid:jobs']);

      const sts = ms.find((m) => m.kind === 'StatefulSet' && m.metadata.name === 'redis')!;
      const exporter = sts.spec.template.spec.containers.find((c: Obj) => c.image.includes('/redis_exporter:'));
      expect(exporter, 'a redis_exporter container in the Redis pod').toBeDefined();
      const env = Object.fromEntries(exporter.env.map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
      expect(env.REDIS_ADDR).toBe('redis://localhost:6379');
      expect(env.REDIS_EXPORTER_CHECK_SINGLE_STREAMS).toBe('raibid:jobs');
      expect(env.REDIS_PASSWORD).toEqual({ secretKeyRef: { name: 'raibid-redis-auth', key: 'password' } });
      const port = exporter.ports.find((p: Obj) => p.containerPort === 9121);
      expect(port).toBeDefined();

      const svc = ms.find((m) => m.kind === 'Service' && m.metadata.name === 'redis')!;
      const svcPort = svc.spec.ports.find((p: Obj) => p.targetPort === port.name);
      expect(svcPort, 'the Redis Service exposes the exporter').toBeDefined();
      const monitors = ms.filter((m) => m.kind === 'ServiceMonitor' && m.metadata.namespace === 'raibid');
      const scraping = monitors.filter((m) =>
        selects(m.spec.selector.matchLabels, svc.metadata.labels) &&
        m.spec.endpoints.some((e: Obj) => e.port === svcPort.name));
      expect(scraping.length, 'a ServiceMonitor scraping the exporter port').toBe(1);
    }
  });
});

describe('dashboards', () => {
  const expected = ['mop-cluster-overview', 'mop-node-resources', 'mop-logs-overview', 'mop-traces-overview', 'mop-platform-health', 'mop-raibid-ci'];

  it('are ConfigMaps for the sidecar, valid JSON, with unique panel ids and existing datasource uids', () => {
    for (const ms of [dev, local]) {
      const uids = datasourceUids(ms);
      const cms = ms.filter(ownDashboard) as Obj[];
      const seen: string[] = [];
      for (const cm of cms) {
        const where = `ConfigMap ${cm.metadata.namespace}/${cm.metadata.name}`;
        expect(cm.metadata.labels.grafana_dashboard, where).toBe('1');
        expect(cm.metadata.annotations?.grafana_folder, where).toBe('MOP');
        expect(cm.metadata.labels['app.kubernetes.io/part-of'], where).toBe('mop');
        expect(cm.metadata.labels['app.kubernetes.io/name'], where).toBe('grafana');
        const [file, ...more] = Object.keys(cm.data);
        expect(more, where).toEqual([]);
        expect(Buffer.byteLength(cm.data[file]), where).toBeLessThan(1024 * 1024);
        const d = JSON.parse(cm.data[file]);
        expect(file, where).toBe(`${d.uid}.json`);
        seen.push(d.uid);
        const panels = (d.panels as Obj[]).flatMap((p) => [p, ...(p.panels ?? [])]);
        const ids = panels.map((p) => p.id);
        expect(new Set(ids).size, `${where}: panel ids`).toBe(ids.length);
        expect(panels.length, where).toBeGreaterThan(3);
        for (const [at, v] of strings(d)) {
          if (at.endsWith('.datasource.uid')) expect(uids.has(v), `${where} ${at}: datasource uid ${v}`).toBe(true);
        }
        for (const p of panels.filter((p) => p.type !== 'row')) {
          expect(p.targets.length, `${where} panel ${p.title}`).toBeGreaterThan(0);
          for (const t of p.targets) expect(t.expr ?? t.query, `${where} panel ${p.title}`).toBeTruthy();
          // grid: inside 24 columns
          expect(p.gridPos.x + p.gridPos.w, `${where} panel ${p.title}`).toBeLessThanOrEqual(24);
        }
      }
      expect(seen.sort()).toEqual([...expected].sort());
    }
  });

  it('C++ jsonnet (std only, no toolkit natives) renders the same dashboards as the toolkit', () => {
    // the dashboard objects, manifested by the jsonnet binary itself (its 0.18
    // std.manifestJsonEx is written in Jsonnet and takes seconds per dashboard)
    const cpp = jsonnetValue("(import 'mop/grafana/dashboards.libsonnet').all((import 'config.libsonnet').environments.dev)") as Obj;
    const ours = Object.fromEntries(
      (dev.filter(ownDashboard) as Obj[]).map((cm) => [
        cm.metadata.name.replace(/^grafana-dashboard-/, ''),
        JSON.parse(Object.values(cm.data)[0] as string),
      ]),
    );
    expect(Object.keys(cpp).sort()).toEqual(Object.keys(ours).sort());
    for (const n of Object.keys(ours)) expect(cpp[n], n).toEqual(ours[n]);
  });

  it('the chart sidecar watches that label and folder annotation', () => {
    const deploy = find(dev, 'Deployment', 'grafana')!;
    const sidecar = deploy.spec.template.spec.containers.find((c: Obj) => c.name === 'grafana-sc-dashboard');
    expect(sidecar).toBeDefined();
    const env = Object.fromEntries(sidecar.env.map((e: Obj) => [e.name, e.value]));
    expect(env.LABEL).toBe('grafana_dashboard');
    expect(env.LABEL_VALUE).toBe('1');
    expect(env.FOLDER_ANNOTATION).toBe('grafana_folder');
  });
});

describe('alert rules and receivers', () => {
  it('the PrometheusRule mop-alerts carries exactly the rule data, in the rule-file form promtool checks', () => {
    const data = jsonnetValue("(import 'mop/grafana/alert-rules.libsonnet').groups") as Obj[];
    const rule = find(dev, 'PrometheusRule', 'mop-alerts')!;
    const alerts = rule.spec.groups.flatMap((g: Obj) => g.rules) as Obj[];
    expect(alerts.map((r) => r.alert).sort()).toEqual(data.flatMap((g) => g.rules.map((r: Obj) => r.alert)).sort());
    for (const r of alerts) {
      expect(['critical', 'warning']).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
    }
    expect(alerts.find((r) => r.alert === 'PlatformComponentDown')!.annotations.summary).toBe(
      '{{ $labels.job }} target {{ $labels.instance }} in {{ $labels.namespace }} is down.',
    );
  });

  it("receiver secrets are keys of the Alertmanager's receivers Secret: declared in dev, dev-only in local", () => {
    expect(find(dev, 'Secret', 'alertmanager-receivers')).toBeUndefined();
    const am = find(dev, 'Alertmanager', 'kps-alertmanager')!;
    expect(am.spec.secrets).toContain('alertmanager-receivers');
    const secret = find(local, 'Secret', 'alertmanager-receivers')!;
    expect(secret.metadata.annotations['validate.platform/dev-only']).toBeTruthy();
    expect(Object.keys(secret.stringData).sort()).toEqual(['DEADMANS_SWITCH_TOKEN', 'PAGERDUTY_ROUTING_KEY', 'SLACK_WEBHOOK_URL', 'SMTP_PASSWORD']);
  });

  it('no credential literal in any rendered dev object', () => {
    expect(credentialLiterals(dev)).toEqual([]);
    // the check itself finds literals where they would hide
    const leaky = {
      kind: 'ConfigMap',
      metadata: { name: 'grafana', namespace: 'mop' },
      data: {
        'contactpoints.yaml': 'contactPoints: [{receivers: [{settings: {url: "https://hooks.slack.com/services/T0/B0/x", integrationKey: "0123abcd"}}]}]',
        'grafana.ini': '[smtp]\npassword = hunter2\n',
      },
    };
    expect(credentialLiterals([leaky as Manifest])).toEqual([
      'ConfigMap/grafana .data.contactpoints.yaml',
      'ConfigMap/grafana:contactpoints.yaml .contactPoints[0].receivers[0].settings.url',
      'ConfigMap/grafana:contactpoints.yaml .contactPoints[0].receivers[0].settings.integrationKey = 0123abcd',
      'ConfigMap/grafana:grafana.ini .password = hunter2',
    ]);
  });
});

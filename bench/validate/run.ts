// `npm run bench:validate`: validation speed on 10,000 generated objects
// (schemas + policies + references), cold (loading and compiling schemas) and
// warm (schemas compiled), then the project's own environments when they
// evaluate. One thread, so the numbers are per core. Prints a table. Then two large inputs through
// the CLI (100,000 small documents; one 50 MB document) with wall time and peak memory; `--large-only`
// runs just those two. Last, `npm run validate` warm beside the real `tk export` + `kubeconform -strict`
// of the same environments (against-tk.ts; `--against-tk` runs just that, `--runs N` times, default 3).

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { markdownTable, reportAgainstReference, withoutReferenceFlag } from '../reference.js';
import { againstTk } from './against-tk.js';
import { largeInputRuns } from './large-input.js';
import { BuiltinSchemas, Validator, loadDefinitionsText, pinnedVersion, type InputObject, type JsonValue, type ValidationResult } from '../../tools/validate/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const mirror = process.env.K8S_OPENAPI_MIRROR ?? (existsSync(join(root, '..', 'shared', 'k8s-openapi')) ? join(root, '..', 'shared', 'k8s-openapi') : undefined);
const external = { crdGroups: ['external-secrets.io', 'monitoring.coreos.com'] };

function labels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'bench', 'app.kubernetes.io/managed-by': 'tanka' };
}

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.bench.example', labels: labels('widgets') },
  spec: {
    group: 'bench.example',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: { size: { type: 'string', enum: ['small', 'large'] }, port: { 'x-kubernetes-int-or-string': true }, tags: { type: 'array', items: { type: 'string' } }, extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            },
          },
        },
      },
    ],
  },
};

/** One application: 10 objects. Every 100th application carries mistakes (typo, missing limit, latest tag, wrong port). */
function app(i: number): JsonValue[] {
  const name = `app-${i}`;
  const ns = `ns-${i % 20}`;
  const md = (n = name) => ({ name: n, namespace: ns, labels: labels(name) });
  const broken = i % 100 === 0;
  const container = {
    name: 'main',
    image: broken ? 'registry.example/app:latest' : `registry.example/app:1.${i % 10}.0`,
    ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-creds`, key: 'password' } } }],
    envFrom: [{ configMapRef: { name: `${name}-config` } }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: broken ? { memory: '256Mi' } : { cpu: '500m', memory: '256Mi' } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    livenessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'tmp', mountPath: '/tmp' }],
  };
  const template = { metadata: { labels: labels(name) }, spec: { serviceAccountName: name, containers: [container], volumes: [{ name: 'config', configMap: { name: `${name}-config` } }, { name: 'tmp', emptyDir: {} }] } };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: md() },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: md(`${name}-config`), data: { 'app.yaml': `server:\n  port: 8080\n  db_password: \${DB_PASSWORD}\nlog:\n  level: info\n`, MODE: 'prod' } },
    { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: md(`${name}-creds`), spec: { secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, target: { name: `${name}-creds` }, data: [{ secretKey: 'password', remoteRef: { key: `${name}/db` } }] } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: md(), spec: { replicas: 2, selector: { matchLabels: { 'app.kubernetes.io/name': name } }, [broken ? 'tempalte' : 'template']: template, ...(broken ? { template } : {}) } } as unknown as JsonValue,
    { apiVersion: 'v1', kind: 'Service', metadata: md(), spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: broken ? 9091 : 9090 }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: md(), spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: md(), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 2, maxReplicas: 6, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] } },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: md(), spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, endpoints: [{ port: 'metrics', interval: '30s' }] } },
    { apiVersion: 'bench.example/v1', kind: 'Widget', metadata: md(), spec: { size: i % 2 ? 'small' : 'large', port: 'http', tags: ['a', 'b'], extra: { any: { thing: i } } } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: md(),
      spec: { ingressClassName: 'traefik', tls: [{ hosts: [`${name}.example.com`], secretName: `${name}-tls` }], rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } }] } }] },
    },
  ];
}

function generated(): InputObject[] {
  const objects: JsonValue[] = [widgetCrd as JsonValue];
  for (let i = 0; objects.length < 10_000; i++) objects.push(...app(i));
  return objects.slice(0, 10_000).map((object) => ({ object }));
}

interface Row {
  scenario: string;
  objects: number;
  findings: number;
  totalMs: number;
  schemaMs?: number;
  compileMs?: number;
  policiesMs?: number;
  referencesMs?: number;
}

function row(scenario: string, r: ValidationResult, totalMs = r.elapsedMs): Row {
  return { scenario, objects: r.objects, findings: r.findings.length, totalMs, schemaMs: r.timings?.schemaMs, compileMs: r.timings?.compileMs, policiesMs: r.timings?.policiesMs, referencesMs: r.timings?.referencesMs };
}

function fmt(n: number | undefined): string {
  return n === undefined ? '-' : n >= 10_000 ? `${(n / 1000).toFixed(1)}s` : `${n.toFixed(0)}ms`;
}

type Measurement = Parameters<typeof reportAgainstReference>[1][number];

function print(rows: Row[], extra: Measurement[] = []): void {
  const head = ['scenario', 'objects', 'findings', 'total', 'schema', '(compile)', 'policies', 'references', 'objects/s'];
  const body = rows.map((r) => [r.scenario, String(r.objects), String(r.findings), fmt(r.totalMs), fmt(r.schemaMs), fmt(r.compileMs), fmt(r.policiesMs), fmt(r.referencesMs), r.totalMs > 0 ? String(Math.round((r.objects / r.totalMs) * 1000)) : '-']);
  for (const l of markdownTable(head, body)) console.log(l);
  reportAgainstReference('validate', [...rows.map((r) => ({ row: r.scenario, metric: 'total', value: r.totalMs, unit: 'ms' as const })), ...extra]);
}

async function main(): Promise<void> {
  // `-- --large-only`: only the two large inputs (minutes of generated objects skipped).
  if (process.argv.includes('--large-only')) {
    largeInputs();
    return;
  }
  if (process.argv.includes('--against-tk')) {
    reportAgainstReference('validate', await sideBySide(), process.argv.slice(2), { partial: true });
    return;
  }
  const version = pinnedVersion(process.env.KUBE_VERSION ?? '1.32');
  const inputs = generated();
  const rows: Row[] = [];

  // Cold: read + verify + parse the definitions, build the Ajv schemas, compile what is used, validate.
  const t0 = performance.now();
  const text = await loadDefinitionsText(version, mirror ? { mirror } : {});
  const schemas = new BuiltinSchemas(version, (JSON.parse(text) as { definitions: Record<string, Record<string, unknown>> }).definitions);
  const loadMs = performance.now() - t0;
  const validator = new Validator(schemas);
  const cold = validator.validate(inputs, { external, environment: 'generated' });
  rows.push({ ...row('10k generated, cold (load + compile + validate)', cold, performance.now() - t0) });
  console.error(`definitions loaded and prepared in ${loadMs.toFixed(0)} ms; ${cold.findings.length} findings (1% of apps are broken on purpose)`);

  // Warm: schemas compiled; what CI pays per environment after the first.
  const warm: ValidationResult[] = [];
  for (let i = 0; i < 7; i++) warm.push(validator.validate(inputs, { external, environment: 'generated' }));
  warm.sort((a, b) => a.elapsedMs - b.elapsedMs);
  rows.push(row('10k generated, warm (median of 7)', warm[3]!));
  rows.push(row('10k generated, warm (best of 7)', warm[0]!));
  const prod = validator.validate(inputs, { external, environment: 'generated', production: true });
  rows.push(row('10k generated, warm, production rules', prod));

  // The project's own environments, when the Tanka layer and the charts are there.
  try {
    const tanka = (await import('../../tools/tanka/index.js')) as unknown as {
      findEnvironments(p: string): Promise<{ dir: string; inline: boolean; env: { metadata: { name: string } } }[]>;
      runEnvironmentJobs(jobs: { path: string; name?: string }[], parallel?: number): Promise<({ ok: true; env: { metadata: { name: string }; spec: { namespace?: string } }; manifests: JsonValue[] } | { ok: false; path: string; error: string })[]>;
    };
    const found = await tanka.findEnvironments(join(root, 'environments'));
    const te = performance.now();
    const results = await tanka.runEnvironmentJobs(found.map((f) => (f.inline ? { path: f.dir, name: f.env.metadata.name } : { path: f.dir })), 1);
    console.error(`environments evaluated in ${(performance.now() - te).toFixed(0)} ms (one thread)`);
    for (const r of results) {
      if (!r.ok) {
        console.error(`skipped ${r.path}: does not evaluate (${r.error.split('\n')[0]})`);
        continue;
      }
      const objs = r.manifests.map((object) => ({ object, source: { environment: r.env.metadata.name } }));
      const opts = { environment: r.env.metadata.name, defaultNamespace: r.env.spec.namespace ?? 'default' };
      const first = validator.validate(objs, opts);
      rows.push(row(`${r.env.metadata.name} (first run)`, first));
      const again = [0, 1, 2].map(() => validator.validate(objs, opts)).sort((a, b) => a.elapsedMs - b.elapsedMs);
      rows.push(row(`${r.env.metadata.name} (warm, median of 3)`, again[1]!));
    }
  } catch (e) {
    console.error(`project environments skipped: ${(e as Error).message.split('\n')[0]}`);
  }

  // Large inputs through the CLI, with their peak memory (BENCH_VALIDATE_LARGE=0 skips them).
  const extra = process.env.BENCH_VALIDATE_LARGE !== '0' ? largeInputs() : [];
  // tk export + kubeconform beside npm run validate (BENCH_VALIDATE_TK=0 skips it: minutes of tk).
  if (process.env.BENCH_VALIDATE_TK !== '0') extra.push(...(await sideBySide()));
  console.log(`\nvalidate benchmark: Kubernetes ${version}, node ${process.version}, one thread\n`);
  print(rows, extra);
}

/** `--runs N` (default 3): runs of each side of the comparison with tk. */
function runsFlag(argv: string[]): number {
  const i = argv.indexOf('--runs');
  if (i < 0) return 3;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive whole number (got ${argv[i + 1] ?? 'nothing'})`);
  return n;
}

async function sideBySide(): Promise<Measurement[]> {
  const r = await againstTk(runsFlag(withoutReferenceFlag(process.argv.slice(2))));
  if (typeof r === 'string') {
    console.log(`\nnpm run validate against tk export + kubeconform: skipped (${r})`);
    return [];
  }
  console.log('\nnpm run validate (warm) against tk export + kubeconform -strict of the same environments\n');
  for (const l of markdownTable(r.head, r.rows)) console.log(l);
  for (const l of r.summary) console.log(l);
  return r.measured;
}

function largeInputs(): Measurement[] {
  const large = largeInputRuns(join(root, 'dist', 'tools', 'cli', 'main.js'));
  console.log('\nlarge inputs (validate --manifests, one process each)\n');
  for (const l of markdownTable(['scenario', 'wall time', 'peak memory', 'exit'], large.map((r) => [r.scenario, fmt(r.wallMs), `${r.peakMB.toFixed(0)} MB`, String(r.exitCode)]))) console.log(l);
  return large.flatMap((r) => [{ row: r.scenario, metric: 'wall', value: r.wallMs, unit: 'ms' as const }, { row: r.scenario, metric: 'peak', value: r.peakMB, unit: 'MB' as const }]);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});

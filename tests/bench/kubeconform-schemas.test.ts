// The offline schemas bench:validate gives the real kubeconform v0.7.0 (bench/validate/kubeconform-schemas.ts):
// kubeconform must find them under its file names and really validate with them (-strict: an unknown field
// anywhere fails), or the comparison with tk export + kubeconform would time a check that checks nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconformArgs, kubeconformSummary, validatedObjects } from '../../bench/validate/against-tk.js';
import { kubeconformFileName, writeKubeconformSchemas } from '../../bench/validate/kubeconform-schemas.js';
import { loadDefinitionsText } from '../../tools/validate/index.js';
import { requireTool } from '../helpers/ref-tools.js';
import { MIRROR } from '../validate/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubeconform-schemas-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let kubeconform: string;
let schemas: string;
beforeAll(async () => {
  kubeconform = requireTool('kubeconform');
  schemas = writeKubeconformSchemas(await loadDefinitionsText('1.32', { mirror: MIRROR }), '1.32.0', join(tmp, 'cache'));
});

const deployment = (container: string, spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app, labels: {app: web}}
spec:
  replicas: 2${spec}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example/web:1.2.3
          ports: [{name: http, containerPort: 8080}]
          resources: {requests: {cpu: 0.1, memory: 64Mi}, limits: {cpu: 1, memory: 128Mi}}${container}
`;
const service = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}, {name: metrics, port: 9090, targetPort: 9090}]
`;
const serviceMonitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: app}
spec: {whatever: true}
`;

function check(name: string, yaml: string) {
  const file = join(tmp, name);
  writeFileSync(file, yaml);
  const r = spawnSync(kubeconform, kubeconformArgs(schemas, file), { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr, summary: kubeconformSummary(r.stdout) };
}

describe('kubeconform schemas for bench:validate', () => {
  it('names files as kubeconform looks them up', () => {
    expect(kubeconformFileName('apps/v1', 'Deployment')).toBe('deployment-apps-v1.json');
    expect(kubeconformFileName('v1', 'Service')).toBe('service-v1.json');
    expect(kubeconformFileName('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe('clusterrole-rbac-v1.json');
    const files = readdirSync(schemas);
    for (const f of ['deployment-apps-v1.json', 'service-v1.json', 'clusterrole-rbac-v1.json', 'customresourcedefinition-apiextensions-v1.json']) expect(files).toContain(f);
  });

  it('valid built-in objects pass and are counted as checked; a custom resource without a schema is skipped', () => {
    const r = check('valid.yaml', [deployment(''), service, serviceMonitor].join('---\n'));
    expect(r.summary).toEqual({ resources: 3, valid: 2, invalid: 0, errors: 0, skipped: 1 });
    expect(r.status).toBe(0);
  });

  it('an unknown field fails -strict, at the top of the spec and deep inside a container', () => {
    const top = check('top.yaml', deployment('', '\n  replicaz: 3'));
    expect(top.status).toBe(1);
    expect(top.out).toMatch(/\/spec.*additional properties 'replicaz' not allowed/);
    expect(top.summary.invalid).toBe(1);
    const deep = check('deep.yaml', deployment('\n          imagePullPolicyy: Always'));
    expect(deep.status).toBe(1);
    expect(deep.out).toMatch(/\/spec\/template\/spec\/containers\/0.*additional properties 'imagePullPolicyy' not allowed/);
  });

  it('a wrong type fails', () => {
    const r = check('type.yaml', deployment('', '\n  minReadySeconds: soon'));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/\/spec\/minReadySeconds/);
  });

  it("reads the two reports' counts", () => {
    expect(validatedObjects('environment  objects\nenvironments/dev  401  0  0  1s\ntotal (5 environments)             2075       0         0  18.26s\n')).toBe(2075);
    expect(kubeconformSummary('Summary: 2075 resources found in 2075 files - Valid: 1714, Invalid: 0, Errors: 0, Skipped: 361')).toEqual({ resources: 2075, valid: 1714, invalid: 0, errors: 0, skipped: 361 });
  });
});

// Schema strictness on built-in kinds: unknown fields (with suggestions),
// types, required fields, enums, formats, int-or-string, quantities, removed
// and unknown API versions, metadata names and labels.
import { describe, expect, it } from 'vitest';
import { BuiltinSchemas } from '../../tools/validate/index.js';
import { check, cleanApp, deployment, meta, MIRROR, show, type Obj } from './helpers.js';

async function schemaFindings(objects: Obj[]) {
  return (await check(objects)).filter((f) => f.rule.startsWith('schema'));
}

describe('built-in schemas', () => {
  it('reports an unknown field with a suggestion and its path (the `tempalte` typo)', async () => {
    const d = deployment();
    d.spec.tempalte = d.spec.template;
    const f = await schemaFindings([d]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'schema.unknown-field', path: 'spec.tempalte', message: 'unknown field "tempalte" (did you mean "template"?)', severity: 'error' });
  });

  it('reports unknown fields deep inside the pod template', async () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.limit = { cpu: '1' };
    d.spec.template.spec.containers[0].livenessProbe.httpGet.paht = '/x';
    const f = await schemaFindings([d]);
    expect(f.map((x) => `${x.path}: ${x.message}`).sort()).toEqual([
      'spec.template.spec.containers[0].livenessProbe.httpGet.paht: unknown field "paht" (did you mean "path"?)',
      'spec.template.spec.containers[0].resources.limit: unknown field "limit" (did you mean "limits"?)',
    ]);
  });

  it('checks types, required fields, enums and integer formats', async () => {
    const d = deployment();
    d.spec.replicas = 'two';
    d.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    delete d.spec.template.spec.containers[0].name;
    d.spec.template.spec.containers[0].ports[0].protocol = 'HTTP';
    d.spec.template.spec.terminationGracePeriodSeconds = 1.5;
    const f = await schemaFindings([d]);
    const byPath = Object.fromEntries(f.map((x) => [x.path, x.message]));
    expect(byPath['spec.replicas']).toBe('expected integer, got string "two"');
    expect(byPath['spec.template.spec.containers[0].ports[0].containerPort']).toBe('expected integer, got string "8080"');
    expect(byPath['spec.template.spec.containers[0]']).toBe('missing required field "name"');
    expect(byPath['spec.template.spec.containers[0].ports[0].protocol']).toBe(`"HTTP" is not one of "TCP", "UDP", "SCTP"`);
    expect(byPath['spec.template.spec.terminationGracePeriodSeconds']).toBe('1.5 is not a valid int64');
  });

  it('checks resource quantities and int-or-string', async () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.limits.cpu = '1.5 cores';
    d.spec.template.spec.containers[0].resources.requests.memory = 512; // a number is a valid quantity
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: true } };
    const f = await schemaFindings([d]);
    expect(f.map((x) => `${x.path}: ${x.message}`).sort()).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: expected string or integer, got boolean true',
      'spec.template.spec.containers[0].resources.limits.cpu: "1.5 cores" is not a valid quantity (e.g. 500m, 1.5, 512Mi, 2Gi)',
    ]);
    for (const ok of ['500m', '1.5', '2Gi', '1e3', '128974848', '0.5Ki', '+1', '100M']) {
      const x = deployment();
      x.spec.template.spec.containers[0].resources.limits.cpu = ok;
      expect(await schemaFindings([x]), ok).toEqual([]);
    }
  });

  it('checks base64 Secret data and date-time formats', async () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: meta('s', { annotations: { 'validate.platform/dev-only': 'test' } }), data: { ok: 'aGVsbG8=', bad: 'not base64!' } };
    const f = await schemaFindings([s]);
    expect(f.map((x) => `${x.path}: ${x.message}`)).toEqual(['data.bad: "not base64!" is not a valid byte']);
  });

  it('accepts null anywhere (the API server treats it as unset)', async () => {
    const d = deployment();
    d.spec.replicas = null;
    d.spec.template.spec.containers[0].resources.limits.cpu = null;
    expect((await check([d])).filter((f) => f.rule.startsWith('schema'))).toEqual([]);
  });

  it('reports removed API versions with the replacement', async () => {
    const d = deployment();
    d.apiVersion = 'extensions/v1beta1';
    const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: meta('p'), spec: {} };
    const f = await schemaFindings([d, pdb]);
    expect(f.map((x) => x.message)).toEqual([
      'extensions/v1beta1 Deployment is no longer served since Kubernetes 1.16; use apps/v1',
      'policy/v1beta1 PodDisruptionBudget is no longer served since Kubernetes 1.25; use policy/v1',
    ]);
    expect(f.every((x) => x.rule === 'schema.removed-api' && x.path === 'apiVersion')).toBe(true);
  });

  it('reports unknown built-in kinds and versions', async () => {
    const f = await schemaFindings([
      { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: meta('a') },
      { apiVersion: 'apps/v2', kind: 'Deployment', metadata: meta('b') },
      { apiVersion: 'v1', kind: 'ConfigMapp', metadata: meta('c') },
    ]);
    expect(f.map((x) => `${x.rule}: ${x.message}`)).toEqual([
      'schema.unknown-kind: apps/v1 has no kind "Deploymnet" in Kubernetes 1.32 (did you mean "Deployment"?)',
      'schema.unknown-api-version: apps/v2 is not served by Kubernetes 1.32; Deployment is served as apps/v1',
      'schema.unknown-kind: v1 has no kind "ConfigMapp" in Kubernetes 1.32 (did you mean "ConfigMap"?)',
    ]);
  });

  it('RBAC names are path segments, not DNS subdomains (cert-manager uses colons)', async () => {
    const rbac = (kind: string, name: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { ...meta('x'), name },
      ...(kind.endsWith('Binding') ? { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } } : { rules: [] }),
    });
    const ok = await schemaFindings([rbac('ClusterRole', 'cert-manager-controller-approve:cert-manager-io'), rbac('RoleBinding', 'cert-manager:leaderelection')]);
    expect(ok.filter((x) => x.rule === 'schema.name')).toEqual([]);
    const bad = await schemaFindings([rbac('Role', 'a/b'), rbac('ClusterRole', '..'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('a:b') }]);
    expect(bad.filter((x) => x.rule === 'schema.name').map((x) => x.message)).toHaveLength(3);
  });

  it('checks names and labels', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta('Bad_Name'), labels: { ...meta('x').labels, 'bad key!': 'v', ok: 'x'.repeat(64) } } };
    const f = await schemaFindings([cm]);
    expect(f.map((x) => `${x.rule} ${x.path}`).sort()).toEqual(['schema.label metadata.labels.ok', 'schema.label metadata.labels["bad key!"]', 'schema.name metadata.name']);
  });

  it('validates against the requested Kubernetes version', async () => {
    const old = await BuiltinSchemas.load('1.28', { mirror: MIRROR });
    expect(old.hasKind('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')).toBe(true);
    const v132 = await BuiltinSchemas.load('1.32.4', { mirror: MIRROR });
    expect(v132.version).toBe('1.32.0');
    expect(v132.validateBuiltin({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'x' } }, 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')![0]!.rule).toBe('schema.removed-api');
  });

  it('the clean application is schema-clean', async () => {
    expect(show(await schemaFindings(cleanApp()))).toBe('');
  });
});

// Every policy, both sides: the clean app passes (clean.test.ts), and each
// mutation below breaks exactly the rule it names, at the field it names.
import { describe, expect, it } from 'vitest';
import { check, cleanApp, deployment, labels, meta, show, type Obj } from './helpers.js';

function withDeployment(d: Obj): Obj[] {
  return cleanApp().map((o) => (o.kind === 'Deployment' ? d : o));
}

function mutateContainer(fn: (c: Obj) => void): Obj[] {
  const d = deployment();
  fn(d.spec.template.spec.containers[0]);
  return withDeployment(d);
}

const C = 'spec.template.spec.containers[0]';

const cases: { rule: string; objects: () => Obj[]; path?: string; message?: RegExp; opts?: object; also?: string[] }[] = [
  { rule: 'container-resources', objects: () => mutateContainer((c) => delete c.resources.limits.cpu), path: `${C}.resources`, message: /limits\.cpu/ },
  { rule: 'container-resources', objects: () => mutateContainer((c) => delete c.resources), path: `${C}.resources`, message: /requests\.cpu, requests\.memory, limits\.cpu, limits\.memory/ },
  { rule: 'run-as-non-root', objects: () => mutateContainer((c) => delete c.securityContext.runAsNonRoot), path: `${C}.securityContext` },
  { rule: 'run-as-non-root', objects: () => mutateContainer((c) => (c.securityContext.runAsUser = 0)), path: `${C}.securityContext.runAsUser` },
  { rule: 'no-privilege-escalation', objects: () => mutateContainer((c) => (c.securityContext.allowPrivilegeEscalation = true)), path: `${C}.securityContext.allowPrivilegeEscalation` },
  { rule: 'drop-all-capabilities', objects: () => mutateContainer((c) => (c.securityContext.capabilities = { drop: ['NET_RAW'] })), path: `${C}.securityContext.capabilities.drop` },
  { rule: 'read-only-root-filesystem', objects: () => mutateContainer((c) => delete c.securityContext.readOnlyRootFilesystem), path: `${C}.securityContext.readOnlyRootFilesystem` },
  // The API server also refuses privileged together with allowPrivilegeEscalation: false.
  { rule: 'no-privileged', objects: () => mutateContainer((c) => (c.securityContext.privileged = true)), path: `${C}.securityContext.privileged`, also: ['schema.invalid'] },
  { rule: 'probes', objects: () => mutateContainer((c) => delete c.readinessProbe), path: C, message: /readinessProbe/ },
  { rule: 'image-tag', objects: () => mutateContainer((c) => (c.image = 'nginx:latest')), path: `${C}.image`, message: /latest/ },
  { rule: 'image-tag', objects: () => mutateContainer((c) => (c.image = 'registry:5000/team/nginx')), path: `${C}.image`, message: /no tag/ },
  { rule: 'no-env-credential-literal', objects: () => mutateContainer((c) => c.env.push({ name: 'S3_SECRET_ACCESS_KEY', value: 'hunter2' })), path: `${C}.env[1].value` },
  { rule: 'no-env-credential-literal', objects: () => mutateContainer((c) => (c.args = ['--admin-password=hunter2'])), path: `${C}.args[0]` },
  {
    rule: 'no-host-namespaces',
    objects: () => {
      const d = deployment();
      d.spec.template.spec.hostNetwork = true;
      return withDeployment(d);
    },
    path: 'spec.template.spec.hostNetwork',
  },
  {
    rule: 'standard-labels',
    objects: () => cleanApp().map((o) => (o.kind === 'ServiceAccount' ? { ...o, metadata: { ...o.metadata, labels: { 'app.kubernetes.io/name': 'web' } } } : o)),
    path: 'metadata.labels',
    message: /instance, app\.kubernetes\.io\/component, app\.kubernetes\.io\/part-of, app\.kubernetes\.io\/managed-by/,
  },
  { rule: 'duplicate-object', objects: () => [...cleanApp(), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web') }], path: 'metadata.name', message: /duplicates ServiceAccount app\/web/ },
  {
    rule: 'duplicate-object', // a second Deployment of the same name, from another file
    objects: () => [...cleanApp(), deployment()],
  },
  { rule: 'no-plaintext-secret', objects: () => [...cleanApp(), { apiVersion: 'v1', kind: 'Secret', metadata: meta('extra'), stringData: { token: 'abc' } }], path: 'stringData' },
  {
    rule: 'no-plaintext-secret', // dev-only is fine in dev, not in production
    objects: () => [...cleanApp(), { apiVersion: 'v1', kind: 'Secret', metadata: meta('extra', { annotations: { 'validate.platform/dev-only': 'generated for k3s' } }), data: { token: 'YWJj' } }],
    opts: { production: true },
    message: /production/,
  },
  { rule: 'no-configmap-credentials', objects: () => [...cleanApp(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { 'loki.yaml': 'storage:\n  s3:\n    secret_access_key: abcd1234\n' } }], path: 'data["loki.yaml"]', message: /line 3/ },
  { rule: 'no-configmap-credentials', objects: () => [...cleanApp(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { API_TOKEN: 'abcd' } }], path: 'data.API_TOKEN' },
  { rule: 'no-configmap-credentials', objects: () => [...cleanApp(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg'), data: { 'c.yaml': 'url: s3://AKIA:secretvalue@minio:9000/loki\n' } }], message: /URL carries a password/ },
  { rule: 'production-replicas', objects: () => withDeployment({ ...deployment(), spec: { ...deployment().spec, replicas: 1 } }), opts: { production: true }, path: 'spec.replicas' },
  { rule: 'production-pdb', objects: () => cleanApp().filter((o) => o.kind !== 'PodDisruptionBudget'), opts: { production: true } },
];

describe('policies', () => {
  for (const [i, c] of cases.entries()) {
    it(`${c.rule} #${i}`, async () => {
      const findings = await check(c.objects(), c.opts);
      const hits = findings.filter((f) => f.rule === c.rule);
      expect(hits.length, show(findings)).toBeGreaterThan(0);
      if (c.path) expect(hits.map((h) => h.path)).toContain(c.path);
      if (c.message) expect(hits.some((h) => c.message!.test(h.message)), show(hits)).toBe(true);
      // Nothing else breaks (duplicates of the Deployment also duplicate its references; ignore those).
      const others = findings.filter((f) => f.rule !== c.rule && f.rule !== 'schema.unknown-field' && !c.also?.includes(f.rule));
      expect(show(others)).toBe('');
    });
  }

  it('production rules are off outside production', async () => {
    const objects = withDeployment({ ...deployment(), spec: { ...deployment().spec, replicas: 1 } }).filter((o) => o.kind !== 'PodDisruptionBudget');
    expect(show(await check(objects))).toBe('');
    expect(show(await check(objects, { environment: 'environments/production' }))).toMatch(/production-replicas[\s\S]*production-pdb|production-pdb[\s\S]*production-replicas/);
  });

  it('an autoscaler minimum of 2 satisfies production replicas', async () => {
    const d = deployment();
    delete d.spec.replicas;
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('web'), spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5 } };
    expect(show(await check([...withDeployment(d), hpa], { production: true }))).toBe('');
  });

  it('Jobs need no probes; containers without ports need none', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('migrate'),
      spec: { template: { metadata: { labels: labels('migrate') }, spec: { restartPolicy: 'Never', serviceAccountName: 'web', containers: [{ ...deployment().spec.template.spec.containers[0], livenessProbe: undefined, readinessProbe: undefined }] } } },
    };
    delete job.spec.template.spec.containers[0].livenessProbe;
    delete job.spec.template.spec.containers[0].readinessProbe;
    expect(show(await check([...cleanApp(), job]))).toBe('');
  });

  it('credential-looking names that hold references or flags are not credentials', async () => {
    const objects = mutateContainer((c) =>
      c.env.push(
        { name: 'SECRET_NAME', value: 'web-creds' },
        { name: 'PASSWORD_FILE', value: '/run/secrets/pw' },
        { name: 'TOKEN_AUTH_ENABLED', value: 'true' },
        { name: 'GF_SECURITY_ADMIN_PASSWORD', value: '$(ADMIN_PASSWORD)' },
      ),
    );
    expect(show(await check(objects))).toBe('');
  });

  it('a pod-level securityContext satisfies runAsNonRoot', async () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot;
    d.spec.template.spec.securityContext = { runAsNonRoot: true, runAsUser: 1000 };
    expect(show(await check(withDeployment(d)))).toBe('');
  });

  it('image digests are pinned', async () => {
    expect(show(await check(mutateContainer((c) => (c.image = 'nginx@sha256:' + 'a'.repeat(64)))))).toBe('');
  });
});

describe('opt-outs', () => {
  it('an opt-out annotation with a reason silences the rule on that object only', async () => {
    const d = deployment();
    d.metadata.annotations = { 'validate.platform/skip-read-only-root-filesystem': 'nginx writes its pid file to /var/run' };
    delete d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem;
    expect(show(await check(withDeployment(d)))).toBe('');
  });

  it('pod template annotations count too', async () => {
    const d = deployment();
    d.spec.template.metadata.annotations = { 'validate.platform/skip-image-tag': 'built by Tilt' };
    d.spec.template.spec.containers[0].image = 'web';
    expect(show(await check(withDeployment(d)))).toBe('');
  });

  it('an opt-out without a reason is itself a finding and does not apply', async () => {
    const d = deployment();
    d.metadata.annotations = { 'validate.platform/skip-image-tag': ' ' };
    d.spec.template.spec.containers[0].image = 'web:latest';
    const findings = await check(withDeployment(d));
    expect(findings.map((f) => f.rule).sort()).toEqual(['image-tag', 'opt-out-reason']);
    expect(findings.find((f) => f.rule === 'opt-out-reason')!.path).toBe('metadata.annotations["validate.platform/skip-image-tag"]');
  });

  it('unknown rules and schema rules cannot be opted out of', async () => {
    const d = deployment();
    d.metadata.annotations = { 'validate.platform/skip-no-such-rule': 'x', 'validate.platform/skip-schema.unknown-field': 'x' };
    d.spec.tempalte = {};
    const findings = await check(withDeployment(d));
    expect(findings.map((f) => f.rule).sort()).toEqual(['opt-out-unknown-rule', 'opt-out-unknown-rule', 'schema.unknown-field']);
  });

  it('rules can be turned off or downgraded per run', async () => {
    const objects = mutateContainer((c) => (c.image = 'web:latest'));
    expect(await check(objects, { rules: { 'image-tag': 'off' } })).toEqual([]);
    expect((await check(objects, { rules: { 'image-tag': 'warning' } })).map((f) => f.severity)).toEqual(['warning']);
  });
});

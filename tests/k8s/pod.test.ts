// tools/k8s/pod.ts: pod templates of every workload kind and the references out of a pod spec.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../tools/k8s/object.js';
import { containersOf, podReferences, podSpecJsonPath, podTemplateOf } from '../../tools/k8s/pod.js';

const podSpec = { containers: [{ name: 'c', image: 'x:1' }] };
const template = { metadata: { labels: { app: 'a' } }, spec: podSpec };

describe('podTemplateOf', () => {
  it.each([
    ['Deployment', { template }, ['spec', 'template', 'spec'], true],
    ['StatefulSet', { template }, ['spec', 'template', 'spec'], true],
    ['DaemonSet', { template }, ['spec', 'template', 'spec'], true],
    ['ReplicaSet', { template }, ['spec', 'template', 'spec'], true],
    ['ReplicationController', { template }, ['spec', 'template', 'spec'], true],
    ['Rollout', { template }, ['spec', 'template', 'spec'], true],
    ['Job', { template }, ['spec', 'template', 'spec'], false],
    ['CronJob', { jobTemplate: { spec: { template } } }, ['spec', 'jobTemplate', 'spec', 'template', 'spec'], false],
    ['ScaledJob', { jobTargetRef: { template } }, ['spec', 'jobTargetRef', 'template', 'spec'], false],
  ])('%s', (kind, spec, specPath, longRunning) => {
    const t = podTemplateOf({ kind, metadata: { name: 'w' }, spec });
    expect(t).toEqual({ metadata: { labels: { app: 'a' } }, spec: podSpec, specPath, longRunning });
    expect(podSpecJsonPath(kind)).toBe(`.${specPath.join('.')}`);
  });

  it('a Pod is its own template; it runs until stopped unless its restartPolicy says otherwise', () => {
    expect(podTemplateOf({ kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: podSpec })).toEqual({ metadata: { labels: { a: 'b' } }, spec: podSpec, specPath: ['spec'], longRunning: true });
    expect(podTemplateOf({ kind: 'Pod', spec: { ...podSpec, restartPolicy: 'OnFailure' } })?.longRunning).toBe(false);
    expect(podSpecJsonPath('Pod')).toBe('.spec');
  });

  it('nothing for other kinds and for malformed objects', () => {
    expect(podTemplateOf({ kind: 'Service', spec: { template } })).toBeUndefined();
    expect(podTemplateOf({ kind: 'toString', spec: { template } })).toBeUndefined();
    expect(podSpecJsonPath('ConfigMap')).toBeUndefined();
    for (const spec of [undefined, 1, 'x', [], { template: [] }, { template: { spec: 'x' } }, { template: { metadata: {} } }]) {
      expect(podTemplateOf({ kind: 'Deployment', spec } as KubeObject)).toBeUndefined();
    }
    expect(podTemplateOf({ kind: 'Deployment', spec: { template: { spec: podSpec } } })?.metadata).toEqual({});
  });
});

describe('containersOf', () => {
  it('regular, init and ephemeral containers with their paths; non-objects skipped', () => {
    const spec = { containers: [{ name: 'a' }, 'junk'], initContainers: [{ name: 'i' }], ephemeralContainers: [{ name: 'e' }] } as never;
    expect(containersOf(spec).map((c) => [c.container.name, c.path, c.field])).toEqual([
      ['a', ['containers', 0], 'containers'],
      ['i', ['initContainers', 0], 'initContainers'],
      ['e', ['ephemeralContainers', 0], 'ephemeralContainers'],
    ]);
    expect(containersOf({ containers: 'x' } as never)).toEqual([]);
  });
});

describe('podReferences', () => {
  it('finds every reference with the path of its name (and key), and whether it is optional', () => {
    const spec = {
      serviceAccountName: 'sa',
      imagePullSecrets: [{ name: 'pull' }],
      volumes: [
        { name: 'v0', configMap: { name: 'cm-vol', optional: true } },
        { name: 'v1', secret: { secretName: 'sec-vol' } },
        { name: 'v2', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'v3', projected: { sources: [{ configMap: { name: 'cm-proj' } }, { secret: { name: 'sec-proj', optional: false } }] } },
        { name: 'v4', emptyDir: {} },
      ],
      containers: [
        {
          name: 'c',
          envFrom: [{ configMapRef: { name: 'cm-env' } }, { secretRef: { name: 'sec-env', optional: true } }],
          env: [
            { name: 'A', value: 'x' },
            { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm-key', key: 'k1' } } },
            { name: 'C', valueFrom: { secretKeyRef: { name: 'sec-key', key: 'k2', optional: true } } },
          ],
        },
      ],
      initContainers: [{ name: 'i', envFrom: [{ secretRef: { name: 'sec-init' } }] }],
    };
    expect(podReferences(spec)).toEqual([
      { kind: 'ConfigMap', name: 'cm-vol', path: ['volumes', 0, 'configMap', 'name'], optional: true },
      { kind: 'Secret', name: 'sec-vol', path: ['volumes', 1, 'secret', 'secretName'], optional: false },
      { kind: 'PersistentVolumeClaim', name: 'data', path: ['volumes', 2, 'persistentVolumeClaim', 'claimName'], optional: false },
      { kind: 'ConfigMap', name: 'cm-proj', path: ['volumes', 3, 'projected', 'sources', 0, 'configMap', 'name'], optional: false },
      { kind: 'Secret', name: 'sec-proj', path: ['volumes', 3, 'projected', 'sources', 1, 'secret', 'name'], optional: false },
      { kind: 'ConfigMap', name: 'cm-env', path: ['containers', 0, 'envFrom', 0, 'configMapRef', 'name'], optional: false },
      { kind: 'Secret', name: 'sec-env', path: ['containers', 0, 'envFrom', 1, 'secretRef', 'name'], optional: true },
      { kind: 'ConfigMap', name: 'cm-key', path: ['containers', 0, 'env', 1, 'valueFrom', 'configMapKeyRef', 'name'], key: 'k1', keyPath: ['containers', 0, 'env', 1, 'valueFrom', 'configMapKeyRef', 'key'], optional: false },
      { kind: 'Secret', name: 'sec-key', path: ['containers', 0, 'env', 2, 'valueFrom', 'secretKeyRef', 'name'], key: 'k2', keyPath: ['containers', 0, 'env', 2, 'valueFrom', 'secretKeyRef', 'key'], optional: true },
      { kind: 'Secret', name: 'sec-init', path: ['initContainers', 0, 'envFrom', 0, 'secretRef', 'name'], optional: false },
      { kind: 'Secret', name: 'pull', path: ['imagePullSecrets', 0, 'name'], optional: false },
      { kind: 'ServiceAccount', name: 'sa', path: ['serviceAccountName'], optional: false },
    ]);
  });

  it('reads the deprecated serviceAccount when serviceAccountName is not set', () => {
    expect(podReferences({ containers: [], serviceAccount: 'old' })).toEqual([{ kind: 'ServiceAccount', name: 'old', path: ['serviceAccount'], optional: false }]);
  });

  it('skips empty names and malformed parts instead of throwing', () => {
    const spec = {
      volumes: ['x', { configMap: 'x' }, { secret: { secretName: 3 } }, { projected: { sources: 'x' } }, { configMap: { name: '' } }],
      containers: [{ envFrom: 'x', env: [null, { valueFrom: 1 }] }, 7],
      imagePullSecrets: {},
      serviceAccountName: 5,
    } as never;
    expect(podReferences(spec)).toEqual([]);
  });
});

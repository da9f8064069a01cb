// Typed reads of rendered objects (tools/k8s/object.ts): what Tilt's plan and the diff follow in Services,
// RBAC bindings, CRDs and every object's identity. Rendered input may be malformed: a field of the wrong
// type reads as absent, never as an exception.
import { describe, expect, it } from 'vitest';
import {
  apiGroup,
  bindingRoleRef,
  bindingSubjects,
  crdKind,
  metadataOf,
  serviceSelector,
  servicePorts,
  type KubeObject,
} from '../../tools/k8s/object.js';

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'loki', namespace: 'mop', labels: { 'app.kubernetes.io/name': 'loki' } },
  spec: { selector: { app: 'loki' }, ports: [{ port: 3100, targetPort: 'http' }, { port: 9095 }] },
};

describe('k8s objects', () => {
  it('reads identity, Service selector and ports', () => {
    expect(metadataOf(service)).toEqual({ name: 'loki', namespace: 'mop', labels: { 'app.kubernetes.io/name': 'loki' } });
    expect(serviceSelector(service)).toEqual({ app: 'loki' });
    expect(servicePorts(service).map((p) => p.targetPort ?? p.port)).toEqual(['http', 9095]);
    expect([apiGroup('v1'), apiGroup('apps/v1'), apiGroup('rbac.authorization.k8s.io/v1')]).toEqual(['', 'apps', 'rbac.authorization.k8s.io']);
  });

  it('reads a binding and a CRD', () => {
    const binding: KubeObject = {
      kind: 'RoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'grafana', namespace: 'mop' }, 'junk'],
    };
    expect(bindingSubjects(binding)).toEqual([{ kind: 'ServiceAccount', name: 'grafana', namespace: 'mop' }]);
    expect(bindingRoleRef(binding)).toEqual({ kind: 'Role', name: 'reader' });
    const crd: KubeObject = { kind: 'CustomResourceDefinition', spec: { group: 'keda.sh', names: { kind: 'ScaledJob', plural: 'scaledjobs' } } };
    expect(crdKind(crd)).toBe('keda.sh/ScaledJob');
  });

  it('reads malformed objects as empty, without throwing', () => {
    const bad = { kind: 'Service', metadata: 'x', spec: { selector: ['a'], ports: 'all' }, subjects: { kind: 'User' }, roleRef: 7 } as unknown as KubeObject;
    expect(metadataOf(bad)).toEqual({ name: '', namespace: '', labels: {} });
    expect(serviceSelector(bad)).toEqual({});
    expect(servicePorts(bad)).toEqual([]);
    expect(bindingSubjects(bad)).toEqual([]);
    expect(bindingRoleRef(bad)).toEqual({ kind: '', name: '' });
    expect(crdKind({ spec: null } as unknown as KubeObject)).toBe('/');
    expect(serviceSelector({ spec: { selector: { app: 'x', n: 1 } } })).toEqual({ app: 'x' });
  });
});

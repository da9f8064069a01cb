// Shared fixtures for the validate tests: a complete, clean application that
// passes every rule, and small helpers to break one thing at a time.

import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { sharedDir } from '../helpers/ref-tools.js';
import { Validator, type Finding, type InputObject, type JsonValue, type ValidateOptions } from '../../tools/validate/index.js';

const here = dirname(fileURLToPath(import.meta.url));
// The shared folder beside the repository, or SHARED_DIR when the checkout lives elsewhere (worktrees).
export const MIRROR = join(sharedDir, 'k8s-openapi');
export const FIXTURES = resolve(here, '../fixtures/validate');

let validator: Promise<Validator> | undefined;
export function getValidator(): Promise<Validator> {
  validator ??= Validator.create({ kubernetesVersion: '1.32', mirror: MIRROR });
  return validator;
}

export type Obj = { [k: string]: any };

export function labels(name: string, component = 'server'): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'demo',
    'app.kubernetes.io/managed-by': 'tanka',
  };
}

export function meta(name: string, extra: Obj = {}): Obj {
  return { name, namespace: 'app', labels: labels(name), ...extra };
}

export function container(name = 'web', extra: Obj = {}): Obj {
  return {
    name,
    image: 'registry.example/web:1.2.3',
    ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    livenessProbe: { httpGet: { path: '/health', port: 'http' } },
    readinessProbe: { httpGet: { path: '/health', port: 'http' } },
    env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-creds', key: 'password' } } }],
    envFrom: [{ configMapRef: { name: 'web-config' } }],
    ...extra,
  };
}

export function deployment(name = 'web', podExtra: Obj = {}, containerExtra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name),
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          serviceAccountName: 'web',
          containers: [container('web', containerExtra)],
          volumes: [{ name: 'config', configMap: { name: 'web-config' } }],
          ...podExtra,
        },
      },
    },
  };
}

export const EXTERNAL = { crdGroups: ['external-secrets.io', 'monitoring.coreos.com', 'keda.sh'] };

/** A clean application: every rule passes. */
export function cleanApp(): Obj[] {
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web') },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('web-config'), data: { LOG_LEVEL: 'info', 'app.yaml': 'server:\n  port: 8080\n  password: ${DB_PASSWORD}\n' } },
    {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: meta('web-creds'),
      spec: { secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' }, target: { name: 'web-creds' }, data: [{ secretKey: 'password', remoteRef: { key: 'web/db' } }] },
    },
    deployment(),
    { apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { minAvailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } } },
  ];
}

export function inputs(objects: JsonValue[]): InputObject[] {
  return objects.map((object) => ({ object }));
}

export async function check(objects: Obj[], opts: ValidateOptions = {}): Promise<Finding[]> {
  const v = await getValidator();
  return v.validate(inputs(objects as JsonValue[]), { external: EXTERNAL, ...opts }).findings;
}

export function rules(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

export function show(findings: Finding[]): string {
  return findings.map((f) => `${f.rule} ${f.object.kind}/${f.object.name} ${f.path ?? ''}: ${f.message}`).join('\n');
}

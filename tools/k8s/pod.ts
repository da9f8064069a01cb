// Pods inside Kubernetes objects: where each workload kind keeps its pod template, the containers of a
// pod spec, and what a pod needs from its namespace (ConfigMaps, Secrets, PersistentVolumeClaims, its
// ServiceAccount). Validation checks these references; the Tilt plan places the objects with the
// workload that needs them. Rendered objects are untrusted input: every field is checked for its
// type at run time, so a malformed object yields fewer results, never an exception.

import type { Container, EnvFromSource, EnvVar, PodSpec, Volume } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { list, record, type KubeObject } from './object.js';

type FieldPath = (string | number)[];

/** Where a kind keeps its pod template, and whether its pods run until stopped (unlike a Job's). */
const POD_TEMPLATES: Record<string, { path: string[]; longRunning: boolean }> = {
  Deployment: { path: ['spec', 'template'], longRunning: true },
  StatefulSet: { path: ['spec', 'template'], longRunning: true },
  DaemonSet: { path: ['spec', 'template'], longRunning: true },
  ReplicaSet: { path: ['spec', 'template'], longRunning: true },
  ReplicationController: { path: ['spec', 'template'], longRunning: true },
  Job: { path: ['spec', 'template'], longRunning: false },
  CronJob: { path: ['spec', 'jobTemplate', 'spec', 'template'], longRunning: false },
  // Custom kinds with a pod template: Argo Rollouts, KEDA ScaledJobs.
  Rollout: { path: ['spec', 'template'], longRunning: true },
  ScaledJob: { path: ['spec', 'jobTargetRef', 'template'], longRunning: false },
};

interface PodTemplate {
  /** Metadata of the pods (labels, annotations); `{}` when the template has none. */
  metadata: ObjectMeta;
  spec: PodSpec;
  /** Where the pod spec is inside the object: `['spec', 'template', 'spec']`, `['spec']` for a Pod. */
  specPath: string[];
  /** Pods that run until stopped (a Deployment's), unlike a Job's or a Pod that does not restart. */
  longRunning: boolean;
}

/** An object of rendered input seen through its API type; its fields are still checked where read. */
function typed<T>(v: Record<string, unknown>): T {
  return v as unknown as T;
}

/** A non-empty string, else undefined. */
function name(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The pod template of a workload (or a Pod's own spec), or undefined for other objects and malformed ones. */
export function podTemplateOf(obj: KubeObject): PodTemplate | undefined {
  if (obj.kind === 'Pod') {
    const spec = record(obj.spec);
    if (!spec) return undefined;
    const restart = spec.restartPolicy;
    return { metadata: record(obj.metadata) ?? {}, spec: typed<PodSpec>(spec), specPath: ['spec'], longRunning: restart === undefined || restart === 'Always' };
  }
  const where = typeof obj.kind === 'string' && Object.hasOwn(POD_TEMPLATES, obj.kind) ? POD_TEMPLATES[obj.kind] : undefined;
  if (!where) return undefined;
  let template: Record<string, unknown> | undefined = obj;
  for (const field of where.path) template = record(template?.[field]);
  const spec = record(template?.spec);
  if (!template || !spec) return undefined;
  return { metadata: record(template.metadata) ?? {}, spec: typed<PodSpec>(spec), specPath: [...where.path, 'spec'], longRunning: where.longRunning };
}

/** The pod template's path in JSONPath, as Tilt's `k8s_kind(image_json_path=)` takes it: `.spec.template.spec`. */
export function podSpecJsonPath(kind: string): string | undefined {
  if (kind === 'Pod') return '.spec';
  const where = Object.hasOwn(POD_TEMPLATES, kind) ? POD_TEMPLATES[kind] : undefined;
  return where && `.${[...where.path, 'spec'].join('.')}`;
}

interface PodContainer {
  container: Container;
  /** Path from the pod spec: `['initContainers', 0]`. */
  path: FieldPath;
  field: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** Regular, init and ephemeral containers, in that order. */
export function containersOf(spec: PodSpec): PodContainer[] {
  const out: PodContainer[] = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    list<unknown>(spec[field]).forEach((c, i) => {
      if (record(c)) out.push({ container: c as Container, path: [field, i], field });
    });
  }
  return out;
}

type PodReferenceKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

/** An object of the pod's namespace that the pod needs to start. */
interface PodReference {
  kind: PodReferenceKind;
  name: string;
  /** Path of the name field, from the pod spec. */
  path: FieldPath;
  /** A single key the pod reads (`configMapKeyRef`, `secretKeyRef`), and the path of that field. */
  key?: string;
  keyPath?: FieldPath;
  /** Marked `optional: true`: the pod starts without it. */
  optional: boolean;
}

/**
 * Everything a pod spec references in its namespace: volumes (ConfigMap, Secret, PVC, projected
 * sources), containers' `envFrom` and `env[].valueFrom`, image pull Secrets and the ServiceAccount
 * (`serviceAccountName`, else the deprecated `serviceAccount`).
 */
export function podReferences(spec: PodSpec): PodReference[] {
  const out: PodReference[] = [];
  const add = (kind: PodReferenceKind, n: unknown, path: FieldPath, optional: unknown, key?: { key: unknown; path: FieldPath }) => {
    const refName = name(n);
    if (!refName) return;
    const ref: PodReference = { kind, name: refName, path, optional: optional === true };
    if (key && typeof key.key === 'string') Object.assign(ref, { key: key.key, keyPath: key.path });
    out.push(ref);
  };

  list<unknown>(spec.volumes).forEach((raw, i) => {
    const v = record(raw) as Volume | undefined;
    if (!v) return;
    const at: FieldPath = ['volumes', i];
    const cm = record(v.configMap);
    if (cm) add('ConfigMap', cm.name, [...at, 'configMap', 'name'], cm.optional);
    const secret = record(v.secret);
    if (secret) add('Secret', secret.secretName, [...at, 'secret', 'secretName'], secret.optional);
    const pvc = record(v.persistentVolumeClaim);
    if (pvc) add('PersistentVolumeClaim', pvc.claimName, [...at, 'persistentVolumeClaim', 'claimName'], false);
    list<unknown>(record(v.projected)?.sources as unknown[] | undefined).forEach((rawSource, j) => {
      const source = record(rawSource);
      const pcm = record(source?.configMap);
      if (pcm) add('ConfigMap', pcm.name, [...at, 'projected', 'sources', j, 'configMap', 'name'], pcm.optional);
      const ps = record(source?.secret);
      if (ps) add('Secret', ps.name, [...at, 'projected', 'sources', j, 'secret', 'name'], ps.optional);
    });
  });

  for (const { container, path } of containersOf(spec)) {
    list<unknown>(container.envFrom).forEach((raw, i) => {
      const e = record(raw) as EnvFromSource | undefined;
      const cm = record(e?.configMapRef);
      if (cm) add('ConfigMap', cm.name, [...path, 'envFrom', i, 'configMapRef', 'name'], cm.optional);
      const secret = record(e?.secretRef);
      if (secret) add('Secret', secret.name, [...path, 'envFrom', i, 'secretRef', 'name'], secret.optional);
    });
    list<unknown>(container.env).forEach((raw, i) => {
      const from = record((record(raw) as EnvVar | undefined)?.valueFrom);
      const at: FieldPath = [...path, 'env', i, 'valueFrom'];
      const cm = record(from?.configMapKeyRef);
      if (cm) add('ConfigMap', cm.name, [...at, 'configMapKeyRef', 'name'], cm.optional, { key: cm.key, path: [...at, 'configMapKeyRef', 'key'] });
      const secret = record(from?.secretKeyRef);
      if (secret) add('Secret', secret.name, [...at, 'secretKeyRef', 'name'], secret.optional, { key: secret.key, path: [...at, 'secretKeyRef', 'key'] });
    });
  }

  list<unknown>(spec.imagePullSecrets).forEach((raw, i) => add('Secret', record(raw)?.name, ['imagePullSecrets', i, 'name'], false));
  const saField = typeof spec.serviceAccountName === 'string' ? 'serviceAccountName' : 'serviceAccount';
  add('ServiceAccount', spec[saField], [saField], false);
  return out;
}

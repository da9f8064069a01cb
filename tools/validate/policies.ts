// Policies on single objects and on the set of objects of one environment:
// container hardening, resources, probes, images, labels, duplicates,
// credentials, and the production rules. Each check reports by rule id (see
// rules.ts); severities and opt-outs are applied by the caller.

import { credentialsInText, isPlaceholder, looksLikeCredentialName } from './credentials.js';
import type { Container } from 'kubernetes-types/core/v1.js';
import { LabelIndex, asArray, asObj, asString, containersOf, describe, isObj, type Item } from './model.js';
import type { PathSegment } from './paths.js';
import { DEV_ONLY_ANNOTATION } from './rules.js';
import type { JsonObject } from './types.js';

export type Report = (item: Item, rule: string, message: string, path: PathSegment[]) => void;

const STANDARD_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
];

/** Kinds the standard-labels rule does not apply to: API definitions, not parts of an application. */
const LABEL_EXEMPT = new Set(['CustomResourceDefinition', 'APIService']);

/** A container image reference is pinned when it has a digest, or a tag other than `latest`. */
function imagePinProblem(image: string): string | undefined {
  if (image.includes('@sha256:') || image.includes('@sha512:')) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return `image "${image}" has no tag (pin a version or digest)`;
  const tag = image.slice(colon + 1);
  if (tag === '' || tag === 'latest') return `image "${image}" uses the latest tag (pin a version or digest)`;
  return undefined;
}

function hasPorts(c: Container): boolean {
  return asArray(c.ports).length > 0;
}

/** A pod template whose (regular) containers listen on ports and run until stopped. */
function isServer(item: Item): boolean {
  return !!item.pod && item.pod.longRunning && containersOf(item.pod).some((x) => !x.init && hasPorts(x.c));
}

export function checkContainers(item: Item, report: Report): void {
  const pod = item.pod;
  if (!pod) return;
  const podSc = asObj(pod.spec.securityContext) ?? {};
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod.spec[flag] === true) report(item, 'no-host-namespaces', `pod uses ${flag}: true`, [...pod.specPath, flag]);
  }
  for (const { c, path, init } of containersOf(pod)) {
    const name = asString(c.name) ?? '?';
    const ephemeral = path[path.length - 2] === 'ephemeralContainers';
    const sc = asObj(c.securityContext) ?? {};
    // Resources
    if (!ephemeral) {
      const res = asObj(c.resources) ?? {};
      const req = asObj(res.requests) ?? {};
      const lim = asObj(res.limits) ?? {};
      const missing = [
        ...['cpu', 'memory'].filter((r) => req[r] === undefined || req[r] === null).map((r) => `requests.${r}`),
        ...['cpu', 'memory'].filter((r) => lim[r] === undefined || lim[r] === null).map((r) => `limits.${r}`),
      ];
      if (missing.length) report(item, 'container-resources', `container "${name}" has no ${missing.join(', ')}`, [...path, 'resources']);
    }
    // Security context: container settings override the pod's.
    const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const runAsUser = sc.runAsUser ?? podSc.runAsUser;
    if (runAsUser === 0) report(item, 'run-as-non-root', `container "${name}" runs as user 0 (root)`, [...path, 'securityContext', 'runAsUser']);
    else if (runAsNonRoot === false) report(item, 'run-as-non-root', `container "${name}" sets runAsNonRoot: false`, [...path, 'securityContext', 'runAsNonRoot']);
    else if (runAsNonRoot !== true && !(typeof runAsUser === 'number' && runAsUser > 0)) {
      report(item, 'run-as-non-root', `container "${name}" does not set runAsNonRoot: true (in its or the pod's securityContext)`, [...path, 'securityContext']);
    }
    if (sc.privileged === true) report(item, 'no-privileged', `container "${name}" is privileged`, [...path, 'securityContext', 'privileged']);
    if (!ephemeral) {
      if (sc.allowPrivilegeEscalation !== false) {
        report(item, 'no-privilege-escalation', `container "${name}" does not set allowPrivilegeEscalation: false`, [...path, 'securityContext', 'allowPrivilegeEscalation']);
      }
      const drop = asArray(asObj(sc.capabilities)?.drop);
      if (!drop.some((d) => typeof d === 'string' && d.toUpperCase() === 'ALL')) {
        report(item, 'drop-all-capabilities', `container "${name}" does not drop ALL capabilities`, [...path, 'securityContext', 'capabilities', 'drop']);
      }
      if (sc.readOnlyRootFilesystem !== true) {
        report(item, 'read-only-root-filesystem', `container "${name}" has a writable root filesystem (set readOnlyRootFilesystem: true and mount emptyDirs where it writes)`, [...path, 'securityContext', 'readOnlyRootFilesystem']);
      }
    }
    // Image
    const image = asString(c.image);
    if (image !== undefined) {
      const problem = imagePinProblem(image);
      if (problem) report(item, 'image-tag', `container "${name}": ${problem}`, [...path, 'image']);
    }
    // Probes for long-running servers
    if (!init && pod.longRunning && hasPorts(c)) {
      const missing = (['livenessProbe', 'readinessProbe'] as const).filter((p) => !isObj(c[p]));
      if (missing.length) report(item, 'probes', `server container "${name}" has no ${missing.join(' and ')}`, path);
    }
    // Literal credentials in env and args
    asArray(c.env).forEach((e, i) => {
      if (!isObj(e)) return;
      const envName = asString(e.name) ?? '';
      const value = asString(e.value);
      if (value !== undefined && looksLikeCredentialName(envName) && !isPlaceholder(value)) {
        report(item, 'no-env-credential-literal', `container "${name}" sets ${envName} to a literal value (use valueFrom.secretKeyRef)`, [...path, 'env', i, 'value']);
      }
    });
    for (const field of ['args', 'command'] as const) {
      asArray(c[field]).forEach((a, i) => {
        if (typeof a !== 'string') return;
        const m = /^--?([A-Za-z0-9_.-]+)=(.+)$/.exec(a);
        if (m && looksLikeCredentialName(m[1]!) && !isPlaceholder(m[2]!)) {
          report(item, 'no-env-credential-literal', `container "${name}" passes ${m[1]} as a literal ${field === 'args' ? 'argument' : 'command'} value`, [...path, field, i]);
        }
      });
    }
  }
}

export function checkLabels(item: Item, report: Report): void {
  if (LABEL_EXEMPT.has(item.kind)) return;
  const missing = STANDARD_LABELS.filter((l) => !item.labels[l]);
  if (missing.length) report(item, 'standard-labels', `missing label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, ['metadata', 'labels']);
}

export function checkCredentialObjects(item: Item, production: boolean, report: Report): void {
  if (item.kind === 'Secret' && item.group === '') {
    const hasData = ['data', 'stringData'].filter((f) => isObj(item.obj[f]) && Object.keys(item.obj[f] as JsonObject).length > 0);
    if (hasData.length === 0) return;
    const devOnly = (item.annotations[DEV_ONLY_ANNOTATION] ?? '').trim();
    if (devOnly && devOnly !== 'false' && !production) return;
    report(
      item,
      'no-plaintext-secret',
      devOnly && production
        ? 'a dev-only Secret with literal data is rendered in production'
        : `Secret holds literal ${hasData.join(' and ')}; use an ExternalSecret, SealedSecret or SOPS, or mark generated dev-only credentials with ${DEV_ONLY_ANNOTATION}: "<why>"`,
      [hasData[0]!],
    );
    return;
  }
  if (item.kind === 'ConfigMap' && item.group === '') {
    const data = asObj(item.obj.data) ?? {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      if (looksLikeCredentialName(key) && !value.includes('\n') && !isPlaceholder(value)) {
        report(item, 'no-configmap-credentials', `ConfigMap key "${key}" looks like a credential`, ['data', key]);
        continue;
      }
      for (const hit of credentialsInText(value)) {
        report(item, 'no-configmap-credentials', `data["${key}"] line ${hit.line}: ${hit.why} (reference a Secret through an env var instead)`, ['data', key]);
      }
    }
  }
}

/** Same group (any version), kind, namespace and name. */
export function checkDuplicates(items: Item[], report: Report, where: (item: Item) => string): void {
  const seen = new Map<string, Item>();
  for (const item of items) {
    if (!item.name) continue;
    const key = `${item.group}|${item.kind}|${item.namespace}|${item.name}`;
    const first = seen.get(key);
    if (first) report(item, 'duplicate-object', `duplicates ${describe(first)} (${where(first)})`, ['metadata', 'name']);
    else seen.set(key, item);
  }
}

/** Replicas >= 2 (directly or through an autoscaler's minimum) and a PodDisruptionBudget for server workloads. */
export function checkProduction(items: Item[], report: Report): void {
  const pdbs = items.filter((i) => i.kind === 'PodDisruptionBudget');
  const pods = new LabelIndex(items.filter((i) => i.pod && (i.kind === 'Deployment' || i.kind === 'StatefulSet')), (i) => i.pod!.labels);
  const covered = new Set<Item>();
  for (const p of pdbs) for (const i of pods.select(p.namespace, asObj(p.obj.spec)?.selector)) covered.add(i);
  const minByTarget = new Map<string, number>();
  for (const i of items) {
    let target: JsonObject | undefined;
    let min: unknown;
    if (i.kind === 'HorizontalPodAutoscaler') {
      target = asObj(asObj(i.obj.spec)?.scaleTargetRef);
      min = asObj(i.obj.spec)?.minReplicas ?? 1;
    } else if (i.kind === 'ScaledObject') {
      target = asObj(asObj(i.obj.spec)?.scaleTargetRef);
      min = asObj(i.obj.spec)?.minReplicaCount ?? 0;
    }
    if (target && typeof min === 'number') minByTarget.set(`${i.namespace}|${asString(target.kind) ?? 'Deployment'}|${asString(target.name)}`, min);
  }
  for (const item of items) {
    if ((item.kind !== 'Deployment' && item.kind !== 'StatefulSet') || !isServer(item)) continue;
    const spec = asObj(item.obj.spec) ?? {};
    const scaledMin = minByTarget.get(`${item.namespace}|${item.kind}|${item.name}`);
    const replicas = scaledMin ?? (typeof spec.replicas === 'number' ? spec.replicas : 1);
    if (replicas < 2) {
      report(item, 'production-replicas', `${scaledMin !== undefined ? 'autoscaler minimum' : 'replicas'} is ${replicas}; production servers run at least 2`, ['spec', 'replicas']);
    }
    if (!covered.has(item)) {
      report(item, 'production-pdb', 'no PodDisruptionBudget selects its pods', ['spec', 'template', 'metadata', 'labels']);
    }
  }
}

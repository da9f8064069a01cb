// A normalized view of the objects of one environment that policies and
// reference checks share: identity, scope, labels, annotations and the pod
// template of workloads, computed once per object.

import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../k8s/object.js';
import { containersOf as podContainers, podTemplateOf } from '../k8s/pod.js';
import type { PathSegment } from './paths.js';
import { splitApiVersion } from './schemas.js';
import type { JsonObject, JsonValue, SourceInfo } from './types.js';

export function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): JsonObject | undefined {
  return isObj(v) ? v : undefined;
}

export function asArray(v: unknown): JsonValue[] {
  return Array.isArray(v) ? (v as JsonValue[]) : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Built-in kinds that are not namespaced. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass',
  'PriorityClass', 'IngressClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'CSIDriver',
  'CSINode', 'RuntimeClass', 'VolumeAttachment', 'PodSecurityPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'FlowSchema', 'PriorityLevelConfiguration', 'CertificateSigningRequest',
  'ComponentStatus', 'ClusterIssuer', 'ClusterTriggerAuthentication', 'ClusterSecretStore', 'ClusterExternalSecret', 'DeviceClass',
  'ResourceSlice', 'IPAddress', 'ServiceCIDR', 'StorageVersionMigration', 'VolumeAttributesClass',
]);

export function isClusterScopedKind(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** A workload's pod template as the checks read it: labels and annotations as plain string maps. */
interface PodTemplate {
  spec: PodSpec;
  /** Labels of the pods. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Path of the pod spec inside the object. */
  specPath: PathSegment[];
  /** Runs until stopped (Deployment, StatefulSet, ...), unlike Jobs. */
  longRunning: boolean;
}

export interface Item {
  index: number;
  obj: JsonObject;
  apiVersion: string;
  group: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source?: SourceInfo;
  pod?: PodTemplate;
}

function podTemplate(obj: JsonObject): PodTemplate | undefined {
  const t = podTemplateOf(obj as KubeObject);
  if (!t) return undefined;
  return { spec: t.spec, labels: stringMap(t.metadata.labels), annotations: stringMap(t.metadata.annotations), specPath: t.specPath, longRunning: t.longRunning };
}

/** Builds items for well-formed objects (an object with string apiVersion and kind); others are skipped. */
export function buildItem(
  index: number,
  obj: JsonObject,
  source: SourceInfo | undefined,
  clusterScopedCustomKinds: Set<string>,
  defaultNamespace: string,
): Item | undefined {
  const apiVersion = asString(obj.apiVersion);
  const kind = asString(obj.kind);
  if (!apiVersion || !kind) return undefined;
  const md = asObj(obj.metadata);
  const group = splitApiVersion(apiVersion).group;
  const clusterScoped = CLUSTER_SCOPED.has(kind) || clusterScopedCustomKinds.has(`${group}/${kind}`);
  const item: Item = {
    index,
    obj,
    apiVersion,
    group,
    kind,
    namespace: clusterScoped ? '' : (asString(md?.namespace) ?? defaultNamespace),
    name: asString(md?.name) ?? asString(md?.generateName) ?? '',
    labels: stringMap(md?.labels),
    annotations: stringMap(md?.annotations),
    source,
  };
  const pod = podTemplate(obj);
  if (pod) item.pod = pod;
  return item;
}

/** Containers of a pod spec (regular, init and ephemeral) with their paths from the object. */
export function containersOf(pod: PodTemplate): { c: Container; path: PathSegment[]; init: boolean }[] {
  return podContainers(pod.spec).map(({ container, path, field }) => ({ c: container, path: [...pod.specPath, ...path], init: field !== 'containers' }));
}

/** Label selector matching (matchLabels + matchExpressions, or a plain map as Services use). */
function selectorMatches(selector: JsonValue | undefined, labels: Record<string, string>, plainMap = false): boolean {
  if (!isObj(selector)) return false;
  if (plainMap) {
    for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
    return true;
  }
  for (const [k, v] of Object.entries(stringMap(selector.matchLabels))) if (labels[k] !== v) return false;
  for (const e of asArray(selector.matchExpressions)) {
    if (!isObj(e)) continue;
    const key = asString(e.key) ?? '';
    const values = asArray(e.values).filter((x): x is string => typeof x === 'string');
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** True for an empty selector (`{}`), which selects everything in label-selector semantics. */
export function selectorIsEmpty(selector: JsonValue | undefined): boolean {
  if (!isObj(selector)) return true;
  return Object.keys(stringMap(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0;
}

/** Human name of an item: `Deployment mop/loki`. */
export function describe(item: Pick<Item, 'kind' | 'namespace' | 'name'>): string {
  return `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}`;
}

/**
 * Label index of items per namespace, so selector lookups cost the size of the
 * answer instead of the size of the namespace: a selector's first matchLabels
 * pair picks the candidates, the full selector filters them.
 */
export class LabelIndex {
  private readonly byPair = new Map<string, Item[]>();
  private readonly byNamespace = new Map<string, Item[]>();

  constructor(
    items: Iterable<Item>,
    private readonly labelsOf: (item: Item) => Record<string, string>,
  ) {
    for (const item of items) {
      let list = this.byNamespace.get(item.namespace);
      if (!list) this.byNamespace.set(item.namespace, (list = []));
      list.push(item);
      for (const [k, v] of Object.entries(labelsOf(item))) {
        const key = `${item.namespace}\u0000${k}\u0000${v}`;
        const l = this.byPair.get(key);
        if (l) l.push(item);
        else this.byPair.set(key, [item]);
      }
    }
  }

  namespaces(): IterableIterator<string> {
    return this.byNamespace.keys();
  }

  /** Items of a namespace whose labels match: `plainMap` for Service-style selectors, else a LabelSelector. */
  select(namespace: string, selector: JsonValue | undefined, plainMap = false): Item[] {
    const matchLabels = plainMap ? stringMap(selector) : stringMap(asObj(selector)?.matchLabels);
    const first = Object.entries(matchLabels)[0];
    const candidates = first ? (this.byPair.get(`${namespace}\u0000${first[0]}\u0000${first[1]}`) ?? []) : (this.byNamespace.get(namespace) ?? []);
    return candidates.filter((i) => selectorMatches(selector, this.labelsOf(i), plainMap));
  }
}

// Kubernetes objects as rendered, seen through their API types (`kubernetes-types`): the identity every
// object has (apiVersion, kind, metadata) and the fields of Services, RBAC bindings and CRDs that the
// toolkit follows. Rendered objects are untrusted input: every field is checked for its type where it
// is read, so a malformed object yields empty results, never an exception.

import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { RoleBinding, RoleRef, Subject } from 'kubernetes-types/rbac/v1.js';

/** Any object as rendered: the fields every Kubernetes object has, the rest unchecked. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** `v` if it is a JSON object (not null, not an array), else undefined. */
export function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** `v` if it is an array, else `[]`: a typed field of rendered input may hold anything. */
export function list<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v : [];
}

/** `v` if it is a string, else ''. */
export function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The string-valued entries of a string map (labels, a selector); other values are left out. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(record(v) ?? {})) if (typeof x === 'string') out[k] = x;
  return out;
}

/** `<group>` of an apiVersion `<group>/<version>`; '' for the core group (`v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Name, namespace ('' when cluster-scoped or unset) and labels of an object. */
export function metadataOf(o: KubeObject): { name: string; namespace: string; labels: Record<string, string> } {
  const m: ObjectMeta = record(o.metadata) ?? {};
  return { name: text(m.name), namespace: text(m.namespace), labels: stringMap(m.labels) };
}

/** A Service's pod selector (`{}` selects nothing on its own: the Service has no selector). */
export function serviceSelector(o: KubeObject): Record<string, string> {
  const spec: Service['spec'] = record(o.spec);
  return stringMap(spec?.selector);
}

/** A Service's ports, the malformed ones left out. */
export function servicePorts(o: KubeObject): ServicePort[] {
  const spec: Service['spec'] = record(o.spec);
  return list<unknown>(spec?.ports).filter((p): p is ServicePort => record(p) !== undefined);
}

/** Who a RoleBinding or ClusterRoleBinding grants its role to. */
export function bindingSubjects(o: KubeObject): Subject[] {
  const subjects: RoleBinding['subjects'] = list(o.subjects as Subject[] | undefined);
  return list<unknown>(subjects).filter((s): s is Subject => record(s) !== undefined);
}

/** The role a binding grants: kind and name, each '' when missing. */
export function bindingRoleRef(o: KubeObject): Pick<RoleRef, 'kind' | 'name'> {
  const ref: Partial<RoleRef> = record(o.roleRef) ?? {};
  return { kind: text(ref.kind), name: text(ref.name) };
}

/** `<group>/<Kind>` of the objects a CustomResourceDefinition defines. */
export function crdKind(o: KubeObject): string {
  const spec: Partial<CustomResourceDefinition['spec']> = record(o.spec) ?? {};
  return `${text(spec.group)}/${text(record(spec.names)?.kind)}`;
}

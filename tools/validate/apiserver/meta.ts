// Object metadata beyond what schemas.ts checks for every object (subdomain names, label keys and
// values): names per kind, annotation keys, finalizers, owner references; and the label maps and
// selectors that appear inside specs.

import { Checker, arr, obj, objects, str, type Path } from './check.js';
import { dns1035Label, dnsLabel, labelValue, qualifiedName } from './formats.js';
import type { JsonObject, JsonValue } from '../types.js';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function checkMetadata(c: Checker, o: JsonObject, kind: string): void {
  const md = obj(o.metadata);
  if (!md) return;
  const name = str(md.name);
  if (name) {
    const at = ['metadata', 'name'];
    if (kind === 'Service') c.bad(at, name, dns1035Label(name) && `is not a valid Service name: it ${dns1035Label(name)}`);
    if (kind === 'Namespace') c.bad(at, name, dnsLabel(name) && `is not a valid Namespace name: it ${dnsLabel(name)}`);
    // The controllers put these names into pod labels, whose values have at most 63 characters.
    if (kind === 'CronJob' && name.length > 52) c.invalid(at, `a CronJob name must be no more than 52 characters (its Jobs add 11); ${name.length} given`);
    if (kind === 'Job' && name.length > 63) c.invalid(at, `a Job name must be no more than 63 characters (it becomes the job-name label of its pods); ${name.length} given`);
  }
  checkAnnotations(c, md.annotations, ['metadata', 'annotations']);
  arr(md.finalizers).forEach((f, i) => {
    if (typeof f !== 'string' || STANDARD_FINALIZERS.has(f)) return;
    if (!f.includes('/')) c.invalid(['metadata', 'finalizers', i], `${JSON.stringify(f)} is neither a standard finalizer nor qualified with a domain (example.com/${f})`);
    else c.bad(['metadata', 'finalizers', i], f, qualifiedName(f));
  });
  for (const [ref, i] of objects(md.ownerReferences)) {
    for (const field of ['apiVersion', 'kind', 'name', 'uid']) {
      if (!str(ref[field])) c.required(['metadata', 'ownerReferences', i, field], `an owner reference needs ${field}`);
    }
  }
}

export function checkAnnotations(c: Checker, annotations: JsonValue | undefined, path: Path): void {
  const a = obj(annotations);
  if (!a) return;
  let size = 0;
  for (const [k, v] of Object.entries(a)) {
    c.bad([...path, k], k, qualifiedName(k) && `is not a valid annotation key: ${qualifiedName(k)}`);
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > 256 * 1024) c.invalid(path, `annotations take ${size} bytes; at most 262144 are allowed`);
}

/** Label maps inside specs (pod templates, node selectors, Service selectors). */
export function checkLabels(c: Checker, labels: JsonValue | undefined, path: Path): void {
  const l = obj(labels);
  if (!l) return;
  for (const [k, v] of Object.entries(l)) {
    c.bad([...path, k], k, qualifiedName(k) && `is not a valid label key: ${qualifiedName(k)}`);
    if (typeof v === 'string') c.bad([...path, k], v, labelValue(v) && `is not a valid label value: it ${labelValue(v)}`);
  }
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A metav1.LabelSelector (matchLabels and matchExpressions). */
export function checkLabelSelector(c: Checker, selector: JsonValue | undefined, path: Path): void {
  const s = obj(selector);
  if (!s) return;
  checkLabels(c, s.matchLabels, [...path, 'matchLabels']);
  for (const [e, i] of objects(s.matchExpressions)) {
    const at = [...path, 'matchExpressions', i];
    const key = str(e.key);
    if (key !== undefined) c.bad([...at, 'key'], key, qualifiedName(key));
    const op = str(e.operator);
    const values = arr(e.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) c.required([...at, 'values'], `values must be given when the operator is ${op}`);
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) c.forbidden([...at, 'values'], `values must be empty when the operator is ${op}`);
    }
    if (op !== undefined && !SELECTOR_OPERATORS.includes(op)) c.invalid([...at, 'operator'], `${JSON.stringify(op)} is not a selector operator (${SELECTOR_OPERATORS.join(', ')})`);
    values.forEach((v, j) => {
      if (typeof v === 'string' && (op === 'In' || op === 'NotIn')) c.bad([...at, 'values', j], v, labelValue(v) && `is not a valid label value: it ${labelValue(v)}`);
    });
  }
}

/** Whether a LabelSelector selects a set of labels (matchLabels and matchExpressions). */
export function selectorMatches(selector: JsonObject, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(obj(selector.matchLabels) ?? {})) if (labels[k] !== v) return false;
  for (const [e] of objects(selector.matchExpressions)) {
    const key = str(e.key) ?? '';
    const values = arr(e.values);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const op = str(e.operator);
    if (op === 'In' && !(has && values.includes(labels[key]!))) return false;
    if (op === 'NotIn' && has && values.includes(labels[key]!)) return false;
    if (op === 'Exists' && !has) return false;
    if (op === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function selectorIsEmpty(selector: JsonObject): boolean {
  return Object.keys(obj(selector.matchLabels) ?? {}).length === 0 && arr(selector.matchExpressions).length === 0;
}

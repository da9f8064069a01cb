// ResourceQuotas and LimitRanges: resource names each may limit, non-negative and whole amounts,
// quota scopes, and the order min <= defaultRequest <= default <= max that a LimitRange must keep
// (after the API server's own defaulting: default from max, defaultRequest from default and min).

import { Checker, arr, obj, objects, str, type Path } from './check.js';
import { isWhole, qualifiedName, quantityValue } from './formats.js';
import type { JsonObject, JsonValue } from '../types.js';

const COUNTED = ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
const QUOTA_RESOURCES = new Set([...COUNTED, ...COMPUTE, ...COMPUTE.flatMap((r) => [`requests.${r}`, `limits.${r}`]), 'requests.storage']);
const STANDARD_RESOURCES = new Set([...QUOTA_RESOURCES, 'storage']);
const CONTAINER_RESOURCES = new Set(COMPUTE);
const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
/** Scopes that only filter, and so take the operator Exists in a scope selector. */
const EXISTS_ONLY = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'CrossNamespacePodAffinity']);
const POD_COMPUTE = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];
/** What each scope can track; a quota with a scope may only limit these. */
const SCOPE_RESOURCES: Record<string, string[]> = {
  Terminating: ['pods', ...POD_COMPUTE],
  NotTerminating: ['pods', ...POD_COMPUTE],
  NotBestEffort: ['pods', ...POD_COMPUTE],
  PriorityClass: ['pods', ...POD_COMPUTE],
  BestEffort: ['pods'],
  CrossNamespacePodAffinity: ['pods'],
};

const isHugePages = (name: string) => name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');

/** The reason a resource name is refused, or undefined. `standard` says what a name without a domain may be. */
function resourceNameProblem(name: string, standard: (n: string) => boolean, what: string): string | undefined {
  const q = qualifiedName(name);
  if (q) return q;
  if (!name.includes('/') && !standard(name)) return `is not a standard resource for ${what}: use one of the standard names or a name qualified with a domain`;
  return undefined;
}

/** Counts, and extended resources (a domain, not kubernetes.io, not a request), are whole numbers. */
function isIntegerResource(name: string): boolean {
  if (COUNTED.includes(name) || name.startsWith('count/')) return true;
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

function checkAmount(c: Checker, name: string, raw: JsonValue, at: Path): void {
  const v = quantityValue(raw);
  if (v === undefined) return;
  if (v < 0) c.invalid(at, `${JSON.stringify(raw)} must not be negative`);
  else if (isIntegerResource(name) && !isWhole(v)) c.invalid(at, `${name} is counted in whole units; ${JSON.stringify(raw)} is not a whole number`);
}

export function checkResourceQuota(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const hard = obj(spec.hard) ?? {};
  for (const [name, raw] of Object.entries(hard)) {
    c.bad(['spec', 'hard', name], name, resourceNameProblem(name, (n) => QUOTA_RESOURCES.has(n) || isHugePages(n), 'quota'));
    checkAmount(c, name, raw, ['spec', 'hard', name]);
  }
  const scopes = arr(spec.scopes).filter((s): s is string => typeof s === 'string');
  for (const s of scopes) if (!SCOPES.includes(s)) c.invalid(['spec', 'scopes'], `${JSON.stringify(s)} is not a quota scope (${SCOPES.join(', ')})`);
  for (const s of scopes) {
    const allowed = SCOPE_RESOURCES[s];
    // Names qualified with a domain (extended resources) are not limited by scope.
    const outside = allowed && Object.keys(hard).filter((r) => !r.includes('/') && !allowed.includes(r));
    if (outside?.length) c.invalid(['spec', 'scopes'], `scope ${s} cannot track ${outside.join(', ')}`);
  }
  for (const [a, b] of [['Terminating', 'NotTerminating'], ['BestEffort', 'NotBestEffort']]) {
    if (scopes.includes(a!) && scopes.includes(b!)) c.invalid(['spec', 'scopes'], `scopes ${a} and ${b} conflict`);
  }
  for (const [e, i] of objects(obj(spec.scopeSelector)?.matchExpressions)) {
    const at = ['spec', 'scopeSelector', 'matchExpressions', i];
    const scope = str(e.scopeName);
    if (scope !== undefined && !SCOPES.includes(scope)) c.invalid([...at, 'scopeName'], `${JSON.stringify(scope)} is not a quota scope`);
    const op = str(e.operator);
    if (op === undefined) continue;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) {
      c.invalid([...at, 'operator'], `${JSON.stringify(op)} is not a selector operator (In, NotIn, Exists, DoesNotExist)`);
      continue;
    }
    if (scope && EXISTS_ONLY.has(scope) && op !== 'Exists') c.invalid([...at, 'operator'], `scope ${scope} takes the operator Exists, not ${op}`);
    const values = arr(e.values);
    if ((op === 'In' || op === 'NotIn') && values.length === 0) c.required([...at, 'values'], `operator ${op} needs at least one value`);
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) c.invalid([...at, 'values'], `operator ${op} takes no values`);
  }
}

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const LIMIT_FIELDS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

function amounts(v: JsonValue | undefined): Map<string, { raw: JsonValue; value: number }> {
  const out = new Map<string, { raw: JsonValue; value: number }>();
  for (const [k, raw] of Object.entries(obj(v) ?? {})) {
    const value = quantityValue(raw);
    if (value !== undefined) out.set(k, { raw, value });
  }
  return out;
}

export function checkLimitRange(c: Checker, o: JsonObject): void {
  for (const [item, i] of objects(obj(o.spec)?.limits)) {
    const at = ['spec', 'limits', i];
    const type = str(item.type);
    if (type !== undefined) c.bad([...at, 'type'], type, resourceNameProblem(type, (n) => LIMIT_TYPES.includes(n), 'limit types (Pod, Container, PersistentVolumeClaim)'));
    const podOrContainer = type === 'Pod' || type === 'Container';
    for (const f of LIMIT_FIELDS) {
      for (const name of Object.keys(obj(item[f]) ?? {})) {
        const standard = podOrContainer ? (n: string) => CONTAINER_RESOURCES.has(n) || n.startsWith('hugepages-') : (n: string) => STANDARD_RESOURCES.has(n) || isHugePages(n);
        c.bad([...at, f, name], name, resourceNameProblem(name, standard, podOrContainer ? 'containers' : 'limit ranges'));
      }
    }
    if (type === 'Pod') {
      for (const f of ['default', 'defaultRequest']) if (obj(item[f]) && Object.keys(obj(item[f])!).length) c.forbidden([...at, f], `${f} may not be set when the type is Pod`);
    }
    if (type === 'PersistentVolumeClaim' && !obj(item.min)?.storage && !obj(item.max)?.storage) {
      c.required([...at, 'limits'], 'a PersistentVolumeClaim limit needs a min or max storage');
    }
    const max = amounts(item.max);
    const min = amounts(item.min);
    const def = amounts(item.default);
    const defReq = amounts(item.defaultRequest);
    if (type === 'Container') {
      // The API server's defaulting: default from max; defaultRequest from default, then from min.
      for (const [k, v] of max) if (!def.has(k)) def.set(k, v);
      for (const [k, v] of def) if (!defReq.has(k)) defReq.set(k, v);
      for (const [k, v] of min) if (!defReq.has(k)) defReq.set(k, v);
    }
    const show = (x: { raw: JsonValue }) => JSON.stringify(x.raw);
    const above = (a: { value: number }, b: { value: number }) => a.value - b.value > 1e-12 * Math.max(1, Math.abs(b.value));
    for (const [k, lo] of min) {
      const hi = max.get(k);
      if (hi && above(lo, hi)) c.invalid([...at, 'min', k], `min ${show(lo)} is above max ${show(hi)}`);
    }
    for (const [k, d] of defReq) {
      const lo = min.get(k);
      const hi = max.get(k);
      const lim = def.get(k);
      if (lo && above(lo, d)) c.invalid([...at, 'defaultRequest', k], `min ${show(lo)} is above the default request ${show(d)}`);
      if (hi && above(d, hi)) c.invalid([...at, 'defaultRequest', k], `default request ${show(d)} is above max ${show(hi)}`);
      if (lim && above(d, lim)) c.invalid([...at, 'defaultRequest', k], `default request ${show(d)} is above the default limit ${show(lim)}`);
    }
    for (const [k, d] of def) {
      const lo = min.get(k);
      const hi = max.get(k);
      if (lo && above(lo, d)) c.invalid([...at, 'default', k], `min ${show(lo)} is above the default ${show(d)}`);
      if (hi && above(d, hi)) c.invalid([...at, 'default', k], `default ${show(d)} is above max ${show(hi)}`);
    }
    for (const [k, r] of amounts(item.maxLimitRequestRatio)) {
      const rat = [...at, 'maxLimitRequestRatio', k];
      if (r.value < 1) c.invalid(rat, `ratio ${show(r)} is less than 1`);
      const lo = min.get(k);
      const hi = max.get(k);
      if (lo && hi && lo.value > 0 && r.value > hi.value / lo.value * (1 + 1e-12)) c.invalid(rat, `ratio ${show(r)} is above max/min = ${hi.value / lo.value}`);
    }
  }
}

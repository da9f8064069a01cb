// ConfigMaps, Secrets, PersistentVolumeClaims, Namespaces and PodDisruptionBudgets.

import { Checker, arr, obj, str } from './check.js';
import { configKey, dnsSubdomain, isPercent, qualifiedName, quantityValue } from './formats.js';
import { checkLabelSelector } from './meta.js';
import type { JsonObject } from '../types.js';

function checkKeys(c: Checker, o: JsonObject, fields: string[]): Map<string, string> {
  const seen = new Map<string, string>();
  for (const field of fields) {
    for (const key of Object.keys(obj(o[field]) ?? {})) {
      c.bad([field, key], key, configKey(key) && `is not a valid key: it ${configKey(key)}`);
      const first = seen.get(key);
      // stringData is merged into data, so only ConfigMap data/binaryData clash.
      if (first && !(first === 'data' && field === 'stringData') && !(first === 'stringData' && field === 'data')) c.duplicate([field, key], `key ${JSON.stringify(key)} is also in ${first}`);
      else seen.set(key, field);
    }
  }
  return seen;
}

export function checkConfigMap(c: Checker, o: JsonObject): void {
  checkKeys(c, o, ['data', 'binaryData']);
  let size = 0;
  for (const field of ['data', 'binaryData']) for (const [k, v] of Object.entries(obj(o[field]) ?? {})) size += k.length + (typeof v === 'string' ? v.length : 0);
  if (size > 1024 * 1024) c.invalid(['data'], `a ConfigMap holds at most 1 MiB; this one holds ${size} bytes`);
}

/** Keys each built-in Secret type requires ("any" means one of them). */
const SECRET_TYPES: Record<string, { all?: string[]; any?: string[] }> = {
  'kubernetes.io/tls': { all: ['tls.crt', 'tls.key'] },
  'kubernetes.io/dockerconfigjson': { all: ['.dockerconfigjson'] },
  'kubernetes.io/dockercfg': { all: ['.dockercfg'] },
  'kubernetes.io/basic-auth': { any: ['username', 'password'] },
  'kubernetes.io/ssh-auth': { all: ['ssh-privatekey'] },
};

function secretValue(o: JsonObject, key: string): string | undefined {
  const plain = obj(o.stringData)?.[key];
  if (typeof plain === 'string') return plain;
  const encoded = obj(o.data)?.[key];
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}

export function checkSecret(c: Checker, o: JsonObject): void {
  const keys = checkKeys(c, o, ['data', 'stringData']);
  const type = str(o.type) ?? 'Opaque';
  const need = SECRET_TYPES[type];
  if (need?.all) for (const k of need.all) if (!keys.has(k)) c.required(['data', k], `a ${type} Secret needs key ${k}`);
  if (need?.any && !need.any.some((k) => keys.has(k))) c.required(['data'], `a ${type} Secret needs ${need.any.join(' or ')}`);
  for (const k of ['.dockerconfigjson', '.dockercfg']) {
    if (type !== `kubernetes.io/${k.slice(1)}`) continue;
    const v = secretValue(o, k);
    if (v === undefined) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      c.invalid([keys.get(k) ?? 'data', k], `${k} must be JSON`);
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) c.invalid([keys.get(k) ?? 'data', k], `${k} must be a JSON object`);
  }
  if (type === 'kubernetes.io/service-account-token' && !str(obj(obj(o.metadata)?.annotations)?.['kubernetes.io/service-account.name'])) {
    c.required(['metadata', 'annotations', 'kubernetes.io/service-account.name'], 'a service-account-token Secret needs the annotation kubernetes.io/service-account.name');
  }
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** PersistentVolumeClaim objects (StatefulSet claim templates are not validated by the API server). */
export function checkPersistentVolumeClaim(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const modes = arr(spec.accessModes);
  if (modes.length === 0) c.required(['spec', 'accessModes'], 'a claim needs at least one access mode');
  modes.forEach((m, i) => c.oneOf(['spec', 'accessModes', i], m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) c.forbidden(['spec', 'accessModes'], 'ReadWriteOncePod may not be combined with other access modes');
  c.oneOf(['spec', 'volumeMode'], spec.volumeMode, ['Filesystem', 'Block']);
  const requests = obj(obj(spec.resources)?.requests);
  const storage = requests?.storage;
  if (storage === undefined || storage === null) c.required(['spec', 'resources', 'requests', 'storage'], 'a claim needs a storage request');
  else {
    const v = quantityValue(storage);
    if (v !== undefined && v <= 0) c.invalid(['spec', 'resources', 'requests', 'storage'], `${JSON.stringify(storage)} must be greater than zero`);
  }
  const ds = obj(spec.dataSource);
  const dsRef = obj(spec.dataSourceRef);
  if (ds && dsRef) {
    const same = (f: string) => (str(ds[f]) ?? '') === (str(dsRef[f]) ?? '');
    if (!same('kind') || !same('name') || !same('apiGroup')) c.invalid(['spec', 'dataSource'], 'dataSource and dataSourceRef must name the same object when both are set');
  }
  const cls = str(spec.storageClassName);
  if (cls) c.bad(['spec', 'storageClassName'], cls, dnsSubdomain(cls));
  checkLabelSelector(c, spec.selector, ['spec', 'selector']);
}

export function checkNamespace(c: Checker, o: JsonObject): void {
  arr(obj(o.spec)?.finalizers).forEach((f, i) => {
    if (typeof f === 'string' && f !== 'kubernetes') c.bad(['spec', 'finalizers', i], f, qualifiedName(f));
  });
}

export function checkPodDisruptionBudget(c: Checker, o: JsonObject): void {
  const spec = obj(o.spec);
  if (!spec) return;
  const set = (v: unknown) => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) c.invalid(['spec'], 'minAvailable and maxUnavailable cannot both be set');
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[f];
    if (typeof v === 'number') c.atLeast(['spec', f], v, 0);
    else if (typeof v === 'string') {
      if (!isPercent(v)) c.invalid(['spec', f], `${JSON.stringify(v)} must be a whole number or a percentage like "50%"`);
      else if (Number(v.slice(0, -1)) > 100) c.invalid(['spec', f], `${v} must not be more than 100%`);
    }
  }
  c.oneOf(['spec', 'unhealthyPodEvictionPolicy'], spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']);
  checkLabelSelector(c, spec.selector, ['spec', 'selector']);
}

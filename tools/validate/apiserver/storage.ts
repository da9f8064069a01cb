// StorageClasses: the provisioner's name, reclaim and binding policies, parameters and the topologies
// a class may provision in.

import { Checker, arr, obj, objects, str } from './check.js';
import { labelValue, qualifiedName } from './formats.js';
import type { JsonObject } from '../types.js';

export function checkStorageClass(c: Checker, o: JsonObject): void {
  const provisioner = str(o.provisioner);
  // Checked in lowercase: "Example.com/nfs" is accepted.
  if (provisioner) c.bad(['provisioner'], provisioner, qualifiedName(provisioner.toLowerCase()));
  c.oneOf(['reclaimPolicy'], o.reclaimPolicy, ['Delete', 'Retain']);
  c.oneOf(['volumeBindingMode'], o.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']);
  const params = obj(o.parameters) ?? {};
  if ('' in params) c.invalid(['parameters'], 'a parameter name may not be empty');
  if (Object.keys(params).length > 512) c.invalid(['parameters'], `at most 512 parameters; ${Object.keys(params).length} given`);
  for (const [term, i] of objects(o.allowedTopologies)) {
    const at = ['allowedTopologies', i, 'matchLabelExpressions'];
    const exprs = objects(term.matchLabelExpressions);
    if (exprs.length === 0) c.duplicate(at, 'a topology term needs at least one label expression');
    const keys = new Set<string>();
    for (const [e, j] of exprs) {
      const key = str(e.key);
      if (key !== undefined) {
        c.bad([...at, j, 'key'], key, qualifiedName(key));
        if (keys.has(key)) c.duplicate([...at, j, 'key'], `label key ${JSON.stringify(key)} appears twice in one term`);
        keys.add(key);
      }
      const values = arr(e.values);
      if (values.length === 0) c.required([...at, j, 'values'], 'a label expression needs at least one value');
      const seen = new Set<string>();
      values.forEach((v, k) => {
        if (typeof v !== 'string') return;
        c.bad([...at, j, 'values', k], v, labelValue(v));
        if (seen.has(v)) c.duplicate([...at, j, 'values', k], `value ${JSON.stringify(v)} appears twice`);
        seen.add(v);
      });
    }
  }
}

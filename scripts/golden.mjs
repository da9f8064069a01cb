// Golden rendering shared by scripts/update-golden.mjs and tests/platform/golden.test.ts:
// every environment's objects as one multi-document YAML, sorted, with each
// CustomResourceDefinition's `spec` replaced by its sha256 (charts ship CRDs of
// hundreds of KB; a changed hash still shows that a CRD changed), and likewise the
// dashboard JSON of the upstream mixins' ConfigMaps (label mop.platform/mixin).
import { createHash } from 'node:crypto';
import YAML from 'yaml';

export const ENVIRONMENTS = ['local', 'dev', 'staging', 'production', 'production-canary'];

/** JSON with sorted keys, so the hash does not depend on key order. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const hash = (v) => `sha256:${createHash('sha256').update(canonical(v)).digest('hex')}`;

export function goldenObject(o) {
  if (o.kind === 'CustomResourceDefinition') return { ...o, spec: hash(o.spec) };
  if (o.kind === 'ConfigMap' && o.metadata?.labels?.['mop.platform/mixin'] && o.data) {
    return { ...o, data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, hash(v)])) };
  }
  return o;
}

const sortKey = (o) => `${o.kind}/${o.metadata?.namespace ?? '_cluster'}/${o.metadata?.name}/${o.apiVersion}`;

/** The golden text of one environment's manifests. */
export function renderGolden(env, manifests) {
  const objs = manifests.map(goldenObject).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const header = `# Golden output of environments/${env} (${objs.length} objects), sorted by kind/namespace/name.\n` +
    '# CustomResourceDefinition specs and upstream mixin dashboards are replaced by "sha256:<hex>" of their canonical JSON.\n' +
    '# Regenerate with `npm run golden:update` and review the diff.\n';
  return header + objs.map((o) => YAML.stringify(o, { sortMapEntries: true, lineWidth: 0 })).map((d) => `---\n${d}`).join('');
}

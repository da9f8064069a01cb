// Turns Kubernetes schemas into strict JSON Schemas for Ajv:
// - built-in definitions (swagger 2 `definitions`): objects that list their
//   properties reject unknown fields (like `kubeconform -strict`), null is
//   accepted anywhere (the API server decodes null as "unset"), IntOrString and
//   Quantity get precise types and the quantity syntax;
// - CRD `openAPIV3Schema` (structural schemas): the same strictness, honouring
//   `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`,
//   `x-kubernetes-embedded-resource` and `nullable`.

import { GoRegexp } from '../gocompat/re2.js';

type Schema = Record<string, unknown>;

const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING_DEF = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const OBJECT_META_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Keywords that carry no validation; dropped to keep compiled code small. */
const DROP = new Set(['description', 'x-kubernetes-group-version-kind', 'example', 'externalDocs']);

function withNull(type: unknown): unknown {
  if (typeof type === 'string') return type === 'null' ? type : [type, 'null'];
  if (Array.isArray(type)) return type.includes('null') ? type : [...type, 'null'];
  return type;
}

function isObj(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Enumerations the swagger definitions only state in prose. Values from the
 * Kubernetes API reference; only fields whose values are closed sets.
 */
const ENUMS: Record<string, Record<string, string[]>> = {
  'io.k8s.api.core.v1.Container': { imagePullPolicy: ['Always', 'IfNotPresent', 'Never'], terminationMessagePolicy: ['File', 'FallbackToLogsOnError'] },
  'io.k8s.api.core.v1.ContainerPort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.ServicePort': { protocol: ['TCP', 'UDP', 'SCTP'] },
  'io.k8s.api.core.v1.ServiceSpec': {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    sessionAffinity: ['ClientIP', 'None'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  },
  'io.k8s.api.core.v1.PodSpec': { restartPolicy: ['Always', 'OnFailure', 'Never'], dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: ['OnDelete', 'RollingUpdate'] },
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy': { type: ['OnDelete', 'RollingUpdate'] },
  'io.k8s.api.batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'io.k8s.api.networking.v1.HTTPIngressPath': { pathType: ['Exact', 'Prefix', 'ImplementationSpecific'] },
  'io.k8s.api.core.v1.Toleration': { operator: ['Exists', 'Equal'], effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  'io.k8s.api.core.v1.SeccompProfile': { type: ['RuntimeDefault', 'Unconfined', 'Localhost'] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
};
/**
 * Fields the definitions call required but the API server does not insist on (it defaults or
 * ignores them), so a strict schema would raise false alarms. Checked against a real API server.
 */
const NOT_REQUIRED: Record<string, string[]> = {
  'io.k8s.api.apps.v1.StatefulSetSpec': ['serviceName'],
  'io.k8s.api.core.v1.TypedLocalObjectReference': ['kind'],
  'io.k8s.api.scheduling.v1.PriorityClass': ['value'],
  'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern': ['status'],
};

/** One built-in definition, made strict. */
export function strictBuiltin(name: string, def: Schema): Schema {
  if (name === QUANTITY_DEF) return { type: ['string', 'number', 'null'], format: 'quantity' };
  if (name === INT_OR_STRING_DEF) return { type: ['string', 'integer', 'null'] };
  const out = strictBuiltinNode(def);
  const props = out.properties as Record<string, Schema> | undefined;
  if (props) {
    for (const [field, values] of Object.entries(ENUMS[name] ?? {})) if (props[field]) props[field] = { ...props[field], enum: [...values, null] };
  }
  const optional = NOT_REQUIRED[name];
  if (optional && Array.isArray(out.required)) out.required = (out.required as string[]).filter((f) => !optional.includes(f));
  return out;
}

function strictBuiltinNode(s: Schema): Schema {
  if (typeof s.$ref === 'string') return { $ref: s.$ref };
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k) || k.startsWith('x-kubernetes-')) continue;
    if (k === 'properties' && isObj(v)) {
      const props: Schema = {};
      for (const [p, ps] of Object.entries(v)) props[p] = isObj(ps) ? strictBuiltinNode(ps) : ps;
      out.properties = props;
    } else if ((k === 'items' || k === 'additionalProperties') && isObj(v)) {
      out[k] = strictBuiltinNode(v);
    } else if (k === 'type') {
      out.type = withNull(v);
    } else if (k === 'enum' && Array.isArray(v)) {
      out.enum = v.includes(null) ? v : [...v, null];
    } else {
      out[k] = v;
    }
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** A problem found while converting a CRD schema (the CRD is invalid). */
export class CrdSchemaError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[],
  ) {
    super(message);
  }
}

const STRUCTURAL_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/**
 * Converts a CRD version's openAPIV3Schema into a strict JSON Schema. `objectMetaRef`
 * is the `$ref` used for the top-level `metadata` (the built-in ObjectMeta).
 */
export function strictCrd(schema: unknown, objectMetaRef: string): Schema {
  if (!isObj(schema)) throw new CrdSchemaError('openAPIV3Schema must be an object', []);
  const root = crdNode(schema, []);
  // The API server owns apiVersion, kind and metadata of every custom resource.
  const props: Schema = isObj(root.properties) ? { ...root.properties } : {};
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  props.metadata = { $ref: objectMetaRef };
  root.properties = props;
  if (root.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) root.additionalProperties = false;
  delete root.type;
  root.type = 'object';
  return root;
}

function crdNode(s: Schema, path: (string | number)[]): Schema {
  const out: Schema = {};
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const nullable = s.nullable === true;
  if (s.type !== undefined && (typeof s.type !== 'string' || !STRUCTURAL_TYPES.has(s.type))) {
    throw new CrdSchemaError(`invalid type ${JSON.stringify(s.type)} (must be one of ${[...STRUCTURAL_TYPES].join(', ')})`, [...path, 'type']);
  }
  for (const [k, v] of Object.entries(s)) {
    // CEL rules and defaults stay for the CEL checks (crd-validator.ts); other extensions go.
    if (DROP.has(k) || (k.startsWith('x-kubernetes-') && k !== 'x-kubernetes-validations') || k === 'nullable') continue;
    switch (k) {
      case 'properties':
      case 'patternProperties':
      case 'definitions': {
        if (!isObj(v)) throw new CrdSchemaError(`${k} must be an object`, [...path, k]);
        const props: Schema = {};
        for (const [p, ps] of Object.entries(v)) {
          if (!isObj(ps)) throw new CrdSchemaError(`schema of ${p} must be an object`, [...path, k, p]);
          props[p] = crdNode(ps, [...path, k, p]);
        }
        out[k] = props;
        break;
      }
      case 'items':
      case 'additionalProperties':
      case 'not':
        if (isObj(v)) out[k] = crdNode(v, [...path, k]);
        else if (typeof v === 'boolean') out[k] = v;
        else throw new CrdSchemaError(`${k} must be a schema`, [...path, k]);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        if (!Array.isArray(v)) throw new CrdSchemaError(`${k} must be a list of schemas`, [...path, k]);
        // Structural schemas use these for value validation only; they never declare fields.
        out[k] = v.map((x, i) => {
          if (!isObj(x)) throw new CrdSchemaError(`${k}[${i}] must be a schema`, [...path, k, i]);
          return crdValueNode(crdNode(x, [...path, k, i]));
        });
        break;
      case 'type':
        out.type = intOrString ? undefined : v;
        break;
      case 'enum':
        if (!Array.isArray(v)) throw new CrdSchemaError('enum must be a list', [...path, k]);
        out.enum = nullable && !v.includes(null) ? [...v, null] : v;
        break;
      case 'pattern':
        if (typeof v !== 'string') throw new CrdSchemaError('pattern must be a string', [...path, k]);
        try {
          GoRegexp.compile(v);
        } catch (e) {
          throw new CrdSchemaError(`invalid pattern ${JSON.stringify(v)}: ${(e as Error).message}`, [...path, k]);
        }
        out.pattern = v;
        break;
      case '$ref':
        throw new CrdSchemaError('$ref is not allowed in CRD schemas', [...path, k]);
      default:
        out[k] = v;
    }
  }
  if (out.type === undefined) delete out.type;
  if (intOrString) out.type = nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
  else if (nullable && out.type !== undefined) out.type = withNull(out.type);
  if (s['x-kubernetes-embedded-resource'] === true) {
    const props: Schema = isObj(out.properties) ? { ...out.properties } : {};
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata ??= { type: 'object' };
    out.properties = props;
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  // Structural schemas let null through for non-nullable fields (the API server prunes it).
  if (!nullable && out.type !== undefined) out.type = withNull(out.type);
  return out;
}

/** Branches of allOf/anyOf/oneOf validate values only: they must not reject fields declared elsewhere. */
function crdValueNode(s: Schema): Schema {
  if (s.additionalProperties === false) {
    const copy = { ...s };
    delete copy.additionalProperties;
    return copy;
  }
  return s;
}

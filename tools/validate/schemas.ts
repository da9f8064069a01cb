// Schema validation of objects: built-in kinds from the Kubernetes OpenAPI
// definitions, custom resources from CRD schemas. One Ajv instance per
// Kubernetes version; each kind's validator is compiled on first use and then
// reused for every object (and every later run in the same process). Compiled
// validators and converted CRD schemas are kept on disk (schema-cache.ts), and Ajv
// itself is loaded only when something has to be compiled.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, Format, ValidateFunction } from 'ajv';
import { didYouMean, formatPath, pointerToSegments, preview, type PathSegment } from './paths.js';
import { apiServerIssues } from './apiserver/index.js';
import { removedApi } from './removed-apis.js';
import { OBJECT_META_DEF, strictBuiltin, strictCrd } from './schema-transform.js';
import { GoRegexp } from '../gocompat/re2.js';
import { CrdValidator } from './crd-validator.js';
import { defaultCacheDir, loadDefinitionsText, pinnedVersion, type OpenApiSourceOptions } from './openapi-source.js';
import { loadStandalone, SchemaCache } from './schema-cache.js';
import type { JsonObject, SchemaIssue } from './types.js';

const SCHEMA_ID = 'k8s';

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const requireAjv = createRequire(import.meta.url);

/** What kept standalone code `require`s for the regexp engine and the formats (schema-cache.ts provides them). */
const REGEXP_MODULE = 'tkts:go-regexp';
const FORMATS_MODULE = 'tkts:formats';

const goRegExpEngine = Object.assign(
  (pattern: string) => {
    const re = GoRegexp.compile(pattern);
    // Ajv shares compiled patterns by their text (toString): each pattern must say its own.
    return { test: (s: string) => re.matchString(s), toString: () => pattern };
  },
  { code: `require(${JSON.stringify(REGEXP_MODULE)})` },
);

/** Formats checked in built-in kinds. */
const FORMATS: Record<string, Format> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  double: { type: 'number', validate: () => true },
  float: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: (s: string) => BASE64.test(s) },
  'date-time': { type: 'string', validate: (s: string) => DATE_TIME.test(s) },
  quantity: { type: 'string', validate: (s: string) => QUANTITY.test(s) },
};
/** Formats CRDs commonly declare; accepted as-is (the API server does not enforce most of them either). */
const ACCEPTED_FORMATS = ['int', 'uri', 'url', 'uuid', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'duration', 'date', 'password', 'binary', 'int-or-string', 'string', 'uint32', 'uint64'];

function newAjv(): Ajv {
  const { Ajv: AjvClass, _ } = requireAjv('ajv') as typeof import('ajv');
  const ajv = new AjvClass({
    strict: false,
    allErrors: true,
    verbose: true, // errors carry parentSchema: needed for "did you mean"
    code: {
      // Schema patterns are Go regexps: matched with RE2 semantics in linear time, never by JS RegExp.
      regExp: goRegExpEngine,
      // Keeps each validator's source, for the standalone code kept on disk.
      source: true,
      formats: _`require(${FORMATS_MODULE})`,
    },
    validateSchema: false,
    addUsedSchema: false,
    // Each $ref compiles to its own function shared by every kind that uses it (PodSpec once, not
    // once per workload kind): compiling Deployment drops from ~600 ms to ~170 ms, validation speed is unchanged.
    inlineRefs: false,
  });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  for (const f of ACCEPTED_FORMATS) ajv.addFormat(f, true);
  return ajv;
}

/** Converts Ajv errors into issues with user-facing messages and field paths. */
function ajvIssues(errors: ErrorObject[] | null | undefined, data: unknown, pathPrefix: PathSegment[] = []): SchemaIssue[] {
  if (!errors) return [];
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const path = [...pathPrefix, ...pointerToSegments(e.instancePath, data)];
    let rule = 'schema';
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const field = String((e.params as { additionalProperty: string }).additionalProperty);
        path.push(field);
        rule = 'schema.unknown-field';
        const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
        const guess = props ? didYouMean(field, Object.keys(props)) : undefined;
        message = `unknown field "${field}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
        break;
      }
      case 'required': {
        const field = String((e.params as { missingProperty: string }).missingProperty);
        rule = 'schema.required';
        message = `missing required field "${field}"`;
        break;
      }
      case 'type': {
        const t = (e.params as { type: string | string[] }).type;
        const want = (Array.isArray(t) ? t : String(t).split(',')).filter((x) => x !== 'null');
        const got = Array.isArray(e.data) ? 'array' : e.data === null ? 'null' : typeof e.data;
        message = `expected ${want.join(' or ')}, got ${got} ${preview(e.data)}`;
        break;
      }
      case 'enum': {
        const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((x) => x !== null);
        message = `${preview(e.data)} is not one of ${allowed.map((x) => JSON.stringify(x)).join(', ')}`;
        break;
      }
      case 'format': {
        const f = (e.params as { format: string }).format;
        message = f === 'quantity' ? `${preview(e.data)} is not a valid quantity (e.g. 500m, 1.5, 512Mi, 2Gi)` : `${preview(e.data)} is not a valid ${f}`;
        break;
      }
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        // The branch errors (reported separately) say what is wrong; keep one summary line.
        message = `does not match the schema (${e.keyword})`;
        break;
      default:
        message = `${e.message ?? e.keyword}${e.data !== undefined && typeof e.data !== 'object' ? ` (got ${preview(e.data)})` : ''}`;
    }
    const key = `${formatPath(path)}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule, severity: 'error', message, path });
  }
  return out;
}

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** Label keys and values already known to be valid: the same few repeat across thousands of objects. */
const validLabelKeys = new Set<string>();
const validLabelValues = new Set<string>();

function remember(set: Set<string>, s: string): void {
  if (set.size > 100_000) set.clear();
  set.add(s);
}

/** Metadata checks the API server makes that the OpenAPI schema does not express. */
/** Kinds whose names Kubernetes validates as path segments, not DNS subdomains. */
const PATH_SEGMENT_NAMED = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

export function metadataIssues(obj: JsonObject): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const md = obj.metadata;
  if (!isObj(md)) {
    out.push({ rule: 'schema.required', severity: 'error', message: 'missing metadata', path: ['metadata'] });
    return out;
  }
  if (typeof md.name !== 'string' || md.name === '') {
    if (typeof md.generateName !== 'string') out.push({ rule: 'schema.required', severity: 'error', message: 'missing metadata.name', path: ['metadata', 'name'] });
  } else if (PATH_SEGMENT_NAMED.has(obj.kind as string)) {
    // RBAC objects are named by path segment only (cert-manager uses `a:b` names).
    if (md.name === '.' || md.name === '..' || /[/%]/.test(md.name)) {
      out.push({ rule: 'schema.name', severity: 'error', message: `${preview(md.name)} is not a valid name (it may not be "." or ".." or contain "/" or "%")`, path: ['metadata', 'name'] });
    }
  } else if (md.name.length > 253 || !DNS_SUBDOMAIN.test(md.name)) {
    out.push({
      rule: 'schema.name',
      severity: 'error',
      message: `${preview(md.name)} is not a valid name (lowercase letters, digits, "-" and ".", at most 253 characters)`,
      path: ['metadata', 'name'],
    });
  }
  if (md.namespace !== undefined && md.namespace !== null && (typeof md.namespace !== 'string' || md.namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(md.namespace))) {
    out.push({ rule: 'schema.name', severity: 'error', message: `${preview(md.namespace)} is not a valid namespace name`, path: ['metadata', 'namespace'] });
  }
  if (isObj(md.labels)) {
    for (const [k, v] of Object.entries(md.labels)) {
      if (validLabelKeys.has(k) && (typeof v !== 'string' || validLabelValues.has(v))) continue;
      const before = out.length;
      const slash = k.lastIndexOf('/');
      const prefix = slash < 0 ? '' : k.slice(0, slash);
      const name = slash < 0 ? k : k.slice(slash + 1);
      if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name) || (slash >= 0 && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))) {
        out.push({ rule: 'schema.label', severity: 'error', message: `invalid label key ${preview(k)}`, path: ['metadata', 'labels', k] });
      }
      if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v))) {
        out.push({ rule: 'schema.label', severity: 'error', message: `invalid label value ${preview(v)} (at most 63 characters: letters, digits, "-", "_", ".", alphanumeric at both ends)`, path: ['metadata', 'labels', k] });
      }
      if (out.length === before) {
        remember(validLabelKeys, k);
        if (typeof v === 'string') remember(validLabelValues, v);
      }
    }
  }
  return out;
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** Where a version's compiled validators are kept on disk, and the digest of the definitions they come from. */
export interface KeptSchemas {
  cache: SchemaCache;
  definitionsDigest: string;
}

const DEFINITIONS_REF = `${SCHEMA_ID}#/definitions/`;

/** The built-in kinds of one Kubernetes version, with lazily compiled validators. */
export class BuiltinSchemas {
  readonly minor: number;
  /** `group/version/kind` → definition name. */
  private readonly byGvk = new Map<string, string>();
  /** group → versions → kinds, for messages about unknown kinds. */
  private readonly groups = new Map<string, Map<string, Set<string>>>();
  /** Validators in use, by definition name. */
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Validators read from the disk cache, by definition name. */
  private readonly kept: Record<string, ValidateFunction> = {};
  /** Some validator was compiled here since the cache was last written. */
  private unsaved = false;
  private ajvInstance: Ajv | undefined;
  private readonly customCache = new WeakMap<object, CrdValidator>();
  /** Milliseconds spent compiling (for the benchmark). */
  compileMs = 0;
  /** Validators compiled by Ajv in this process (those read from the disk cache are not). */
  compiledHere = 0;

  constructor(
    readonly version: string,
    private readonly definitions: Record<string, Record<string, unknown>>,
    private readonly keep?: KeptSchemas,
  ) {
    this.minor = Number(/^\d+\.(\d+)/.exec(version)?.[1] ?? '0');
    for (const [name, def] of Object.entries(definitions)) {
      const gvks = def['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks) || gvks.length !== 1) continue; // list-less kinds only: DeleteOptions etc. carry many
      const g = gvks[0] as Gvk;
      if (name.endsWith('List') && g.kind.endsWith('List')) continue;
      this.byGvk.set(`${g.group}/${g.version}/${g.kind}`, name);
      let versions = this.groups.get(g.group);
      if (!versions) this.groups.set(g.group, (versions = new Map()));
      let kinds = versions.get(g.version);
      if (!kinds) versions.set(g.version, (kinds = new Set()));
      kinds.add(g.kind);
    }
    const code = keep?.cache.readBuiltin(version, keep.definitionsDigest);
    if (code !== undefined) Object.assign(this.kept, loadStandalone<ValidateFunction>(code, { [REGEXP_MODULE]: goRegExpEngine, [FORMATS_MODULE]: FORMATS }));
  }

  /** Ajv with every definition made strict, created when the first validator has to be compiled. */
  private get ajv(): Ajv {
    if (this.ajvInstance) return this.ajvInstance;
    const ajv = newAjv();
    const strict: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(this.definitions)) strict[name] = strictBuiltin(name, def);
    ajv.addSchema({ $id: SCHEMA_ID, definitions: strict });
    return (this.ajvInstance = ajv);
  }

  /** Loads (once per process and version) the definitions of a Kubernetes version. */
  static async load(kubernetesVersion: string | undefined, opts: OpenApiSourceOptions & { schemaCache?: boolean } = {}): Promise<BuiltinSchemas> {
    const version = pinnedVersion(kubernetesVersion);
    const cacheRoot = opts.schemaCache === false ? undefined : (opts.cacheDir ?? defaultCacheDir());
    const key = `${version}|${opts.mirror ?? process.env.K8S_OPENAPI_MIRROR ?? ''}|${opts.cacheDir ?? ''}|${cacheRoot ?? ''}`;
    let p = loaded.get(key);
    if (!p) {
      p = loadDefinitionsText(version, opts).then((text) => {
        const keep = cacheRoot === undefined ? undefined : { cache: new SchemaCache(cacheRoot), definitionsDigest: createHash('sha256').update(text).digest('hex') };
        return new BuiltinSchemas(version, (JSON.parse(text) as { definitions: Record<string, Record<string, unknown>> }).definitions, keep);
      });
      loaded.set(key, p);
      p.catch(() => loaded.delete(key)); // a failed load may be retried
    }
    return p;
  }

  /** The validator of a definition: in use, kept on disk, or compiled now. */
  private definitionValidator(name: string): ValidateFunction | undefined {
    let v = this.compiled.get(name);
    if (v) return v;
    v = this.kept[name];
    if (!v) {
      const t0 = performance.now();
      v = this.ajv.getSchema(`${DEFINITIONS_REF}${name}`);
      this.compileMs += performance.now() - t0;
      if (!v) return undefined;
      this.compiledHere++;
      this.unsaved = true;
    }
    this.compiled.set(name, v);
    return v;
  }

  /**
   * Writes the validators in use to the disk cache when some of them were compiled in this process
   * (those read from it are compiled again: the file holds one piece of standalone code).
   */
  saveCompiled(): void {
    if (!this.keep || !this.unsaved) return;
    this.unsaved = false;
    const standaloneCode = (requireAjv('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js')).default;
    const refs = Object.fromEntries([...this.compiled.keys()].map((name) => [name, `${DEFINITIONS_REF}${name}`]));
    const t0 = performance.now();
    const code = standaloneCode(this.ajv, refs);
    this.compileMs += performance.now() - t0;
    this.keep.cache.writeBuiltin(this.version, this.keep.definitionsDigest, code);
  }

  get objectMetaRef(): string {
    return `${DEFINITIONS_REF}${OBJECT_META_DEF}`;
  }

  isBuiltinGroup(group: string): boolean {
    return this.groups.has(group) || group === 'extensions' || this.knownK8sIoGroup(group);
  }

  private knownK8sIoGroup(group: string): boolean {
    // Groups that once were built in but have no kind left in this version.
    return ['apiextensions.k8s.io', 'scheduling.k8s.io', 'node.k8s.io', 'events.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io', 'apiregistration.k8s.io', 'storagemigration.k8s.io', 'resource.k8s.io', 'internal.apiserver.k8s.io'].includes(group);
  }

  hasKind(apiVersion: string, kind: string): boolean {
    const { group, version } = splitApiVersion(apiVersion);
    return this.byGvk.has(`${group}/${version}/${kind}`);
  }

  /** Compiled validator of a built-in kind, or undefined when the kind is not built in. */
  validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    const name = this.byGvk.get(`${group}/${version}/${kind}`);
    return name ? this.definitionValidator(name) : undefined;
  }

  /**
   * Prepares a CRD version's schema for validation (converted once per schema object).
   * Throws CrdSchemaError when the schema is invalid.
   */
  compileCustom(openAPIV3Schema: unknown): CrdValidator {
    const key = typeof openAPIV3Schema === 'object' && openAPIV3Schema !== null ? openAPIV3Schema : undefined;
    let v = key ? this.customCache.get(key) : undefined;
    if (!v) {
      const t0 = performance.now();
      const convert = () => strictCrd(openAPIV3Schema, this.objectMetaRef);
      const schema = this.keep ? this.keep.cache.convertedCrd(openAPIV3Schema, this.objectMetaRef, convert) : convert();
      v = new CrdValidator(schema, (ref, data, path) => {
        const fn = ref.startsWith(DEFINITIONS_REF) ? this.definitionValidator(ref.slice(DEFINITIONS_REF.length)) : undefined;
        if (!fn) return [{ rule: 'schema', severity: 'error', message: `unresolved schema reference ${ref}`, path }];
        return fn(data) ? [] : ajvIssues(fn.errors, data, path);
      });
      this.compileMs += performance.now() - t0;
      if (key) this.customCache.set(key, v);
    }
    return v;
  }

  /**
   * Schema issues of a built-in object; `undefined` when apiVersion/kind is not a
   * built-in kind (a custom resource, for the caller to look up among CRDs).
   */
  validateBuiltin(obj: JsonObject, apiVersion: string, kind: string): SchemaIssue[] | undefined {
    const validate = this.validatorFor(apiVersion, kind);
    if (validate) {
      const issues = validate(obj) ? [] : ajvIssues(validate.errors, obj);
      issues.push(...metadataIssues(obj));
      const { group, version } = splitApiVersion(apiVersion);
      issues.push(...apiServerIssues(obj, group, kind, version));
      return issues;
    }
    const removed = removedApi(apiVersion, kind, this.minor);
    if (removed) {
      return [
        {
          rule: 'schema.removed-api',
          severity: 'error',
          message: `${apiVersion} ${kind} is no longer served since Kubernetes 1.${removed.removedIn}; use ${removed.replacement}`,
          path: ['apiVersion'],
        },
      ];
    }
    const { group, version } = splitApiVersion(apiVersion);
    if (!this.isBuiltinGroup(group)) return undefined;
    const versions = this.groups.get(group);
    const kinds = versions?.get(version);
    if (kinds) {
      const guess = didYouMean(kind, kinds);
      return [{ rule: 'schema.unknown-kind', severity: 'error', message: `${apiVersion} has no kind ${JSON.stringify(kind)} in Kubernetes 1.${this.minor}${guess ? ` (did you mean "${guess}"?)` : ''}`, path: ['kind'] }];
    }
    const servedFor = versions ? [...versions].filter(([, ks]) => ks.has(kind)).map(([v]) => (group ? `${group}/${v}` : v)) : [];
    return [
      {
        rule: 'schema.unknown-api-version',
        severity: 'error',
        message: `${apiVersion} is not served by Kubernetes 1.${this.minor}${servedFor.length ? `; ${kind} is served as ${servedFor.join(', ')}` : ''}`,
        path: ['apiVersion'],
      },
    ];
  }
}

const loaded = new Map<string, Promise<BuiltinSchemas>>();

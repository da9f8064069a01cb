// Custom resources: an index of the CustomResourceDefinitions present among
// the objects, and validation of each custom resource against the schema of
// the version it uses. A CRD whose schema cannot be compiled is reported on
// the CRD, and its resources are then only checked for apiVersion/kind.

import type { CrdValidator } from './crd-validator.js';
import { metadataIssues, splitApiVersion, type BuiltinSchemas } from './schemas.js';
import type { SchemaIssue } from './types.js';
import { CrdSchemaError } from './schema-transform.js';
import type { PathSegment } from './paths.js';
import type { ExternalDeclarations, JsonObject, JsonValue } from './types.js';

interface CrdVersion {
  name: string;
  served: boolean;
  schema: JsonValue | undefined;
  index: number; // position in spec.versions, for finding paths
  compiled?: CrdValidator | null; // null: schema invalid (already reported)
}

interface CrdEntry {
  crdIndex: number; // index of the CRD object in the input
  group: string;
  kind: string;
  versions: CrdVersion[];
}

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isCrd(obj: JsonObject): boolean {
  return obj.kind === 'CustomResourceDefinition' && typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('apiextensions.k8s.io/');
}

export class CrdIndex {
  private readonly byGroupKind = new Map<string, CrdEntry>();
  /** Issues on CRD objects themselves (invalid schemas), by input index. */
  readonly crdIssues = new Map<number, SchemaIssue[]>();

  constructor(
    private readonly schemas: BuiltinSchemas,
    objects: { obj: JsonObject; index: number }[],
    private readonly external: ExternalDeclarations = {},
  ) {
    for (const { obj, index } of objects) {
      if (!isCrd(obj)) continue;
      const spec = obj.spec;
      if (!isObj(spec) || typeof spec.group !== 'string' || !isObj(spec.names) || typeof spec.names.kind !== 'string') continue; // the CRD's own schema check reports it
      const versions: CrdVersion[] = [];
      if (Array.isArray(spec.versions)) {
        spec.versions.forEach((v, i) => {
          if (!isObj(v) || typeof v.name !== 'string') return;
          const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
          versions.push({ name: v.name, served: v.served !== false, schema, index: i });
        });
      }
      this.byGroupKind.set(`${spec.group}/${spec.names.kind}`, { crdIndex: index, group: spec.group, kind: spec.names.kind, versions });
    }
  }

  private addCrdIssue(index: number, issue: SchemaIssue): void {
    let list = this.crdIssues.get(index);
    if (!list) this.crdIssues.set(index, (list = []));
    list.push(issue);
  }

  /** Compiles every served version's schema so invalid CRDs are reported even without resources. */
  compileAll(): void {
    for (const entry of this.byGroupKind.values()) for (const v of entry.versions) if (v.served) this.compiled(entry, v);
  }

  private compiled(entry: CrdEntry, v: CrdVersion): CrdValidator | null {
    if (v.compiled !== undefined) return v.compiled;
    const base: PathSegment[] = ['spec', 'versions', v.index, 'schema', 'openAPIV3Schema'];
    if (v.schema === undefined) {
      // No schema: the API server stores anything (only allowed with preserve-unknown-fields in v1).
      v.compiled = null;
      return null;
    }
    try {
      v.compiled = this.schemas.compileCustom(v.schema);
    } catch (e) {
      const path = e instanceof CrdSchemaError ? [...base, ...e.path] : base;
      this.addCrdIssue(entry.crdIndex, { rule: 'schema.crd', severity: 'error', message: `invalid schema for version ${v.name}: ${(e as Error).message}`, path });
      v.compiled = null;
    }
    return v.compiled;
  }

  private externallyProvided(group: string, kind: string): boolean {
    return (this.external.crdGroups ?? []).includes(group) || (this.external.crdKinds ?? []).some((k) => k === kind || k === `${group}/${kind}`);
  }

  /** Schema issues of a custom resource. */
  validate(obj: JsonObject, apiVersion: string, kind: string): SchemaIssue[] {
    const { group, version } = splitApiVersion(apiVersion);
    const entry = this.byGroupKind.get(`${group}/${kind}`);
    if (!entry) {
      if (this.externallyProvided(group, kind)) return metadataIssues(obj);
      if (group === '') {
        return [{ rule: 'schema.unknown-kind', severity: 'error', message: `${apiVersion} has no kind ${JSON.stringify(kind)}`, path: ['kind'] }];
      }
      return [
        {
          rule: 'schema.missing-crd',
          severity: 'error',
          message: `no CustomResourceDefinition for ${kind}.${group} among the objects, and the project does not declare it as provided externally`,
          path: ['apiVersion'],
        },
      ];
    }
    const v = entry.versions.find((x) => x.name === version);
    if (!v || !v.served) {
      const served = entry.versions.filter((x) => x.served).map((x) => `${group}/${x.name}`);
      return [{ rule: 'schema.unknown-api-version', severity: 'error', message: `${apiVersion} is not served by the CRD of ${kind} (served: ${served.join(', ') || 'none'})`, path: ['apiVersion'] }];
    }
    const validate = this.compiled(entry, v);
    if (!validate) return metadataIssues(obj);
    const issues = validate.validate(obj);
    issues.push(...metadataIssues(obj));
    return issues;
  }
}

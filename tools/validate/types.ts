// Shared types of the validation engine: what goes in (objects with optional
// source info) and what comes out (findings). Pure data, no behaviour.

import type { JsonValue } from '../jsonnet/api.js';
import type { PathSegment } from './paths.js';

export type { JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type Severity = 'error' | 'warning';

/** Where an object came from, when known. */
export interface SourceInfo {
  /** Environment name or path (e.g. `environments/dev`). */
  environment?: string;
  /** File that defined the object (a .jsonnet/.libsonnet file, or a YAML/JSON manifest). */
  file?: string;
  line?: number;
  column?: number;
  /** Maps a field path of the object to a more precise position, when the source allows (YAML manifests). */
  locate?: (path: (string | number)[]) => { line: number; column: number } | undefined;
}

/** One object to validate. `object` may be anything: malformed input becomes a finding. */
export interface InputObject {
  object: JsonValue;
  source?: SourceInfo;
}

/** Identifies an object in reports. */
export interface ObjectRef {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  /** Index of the object in the input, for objects that cannot be named. */
  index: number;
  /** Where the object itself starts, when known (findings' own file/line may point deeper). */
  file?: string;
  line?: number;
}

/** A schema problem of one object, before it is attached to the object as a Finding. */
export interface SchemaIssue {
  rule: string;
  severity: Severity;
  message: string;
  path: PathSegment[];
}

export interface Finding {
  /** Rule id: `schema`, `schema.unknown-field`, a policy id (`container-resources`), a reference id (`ref.service-selector`). */
  rule: string;
  severity: Severity;
  message: string;
  object: ObjectRef;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].resources.limits.cpu`. */
  path?: string;
  environment?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** External things the project declares as provided outside the rendered objects. */
export interface ExternalDeclarations {
  /** API groups whose custom resources need no CRD here (e.g. `monitoring.coreos.com`). */
  crdGroups?: string[];
  /** `group/Kind` or `Kind` of custom resources provided externally. */
  crdKinds?: string[];
  /** Objects that exist in the cluster already: `Kind/name` or `Kind/namespace/name` (e.g. `Secret/mop/loki-s3`). */
  objects?: string[];
}

export interface ValidateOptions {
  /** Kubernetes version as `1.32` or `1.32.0` (default 1.32). */
  kubernetesVersion?: string;
  /** Environment name or path (for reports). */
  environment?: string;
  /** True for production environments (replicas and disruption budget rules). Default: derived from the environment name. */
  production?: boolean;
  external?: ExternalDeclarations;
  /** Per-rule overrides: `off` disables a rule, a severity replaces the default. */
  rules?: Record<string, 'off' | Severity>;
  /** Default namespace for namespaced objects without one (Tanka's spec.namespace). */
  defaultNamespace?: string;
  /** Apps that each need their own S3 bucket and credentials (`s3-own-bucket`, `s3-own-credentials`), e.g. `["loki", "tempo", "mimir"]`. */
  s3Stores?: string[];
}

export interface ValidationResult {
  environment?: string;
  /** The Kubernetes version whose schemas were used (e.g. `1.32.0`). */
  kubernetesVersion?: string;
  objects: number;
  findings: Finding[];
  /** Milliseconds spent. */
  elapsedMs: number;
  /** Where the time went (schema includes compiling schemas first used in this run). */
  timings?: { schemaMs: number; compileMs: number; policiesMs: number; referencesMs: number };
}

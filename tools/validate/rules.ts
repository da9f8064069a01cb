// The catalogue of rules: id, default severity and the one-line reason shown
// with findings and in `--format json`. Policies and reference checks report
// by id; the opt-out annotation of a rule is `validate.platform/skip-<id>`.

import type { Severity } from './types.js';

interface RuleInfo {
  id: string;
  severity: Severity;
  reason: string;
  /** Schema rules cannot be opted out of: the API server would reject the object anyway. */
  optOut: boolean;
}

const ANNOTATION_PREFIX = 'validate.platform/';
export const SKIP_PREFIX = `${ANNOTATION_PREFIX}skip-`;
/** Marks a Secret (or ConfigMap) whose literal data is a generated, dev-only credential. */
export const DEV_ONLY_ANNOTATION = `${ANNOTATION_PREFIX}dev-only`;

const list: RuleInfo[] = [
  // Schema (not skippable)
  { id: 'schema', severity: 'error', reason: 'the object must match the schema of its kind', optOut: false },
  { id: 'schema.malformed', severity: 'error', reason: 'every object needs apiVersion, kind and metadata', optOut: false },
  { id: 'schema.unknown-field', severity: 'error', reason: 'unknown fields are typos or fields of another version; the API server rejects or drops them', optOut: false },
  { id: 'schema.required', severity: 'error', reason: 'required fields must be set', optOut: false },
  { id: 'schema.name', severity: 'error', reason: 'names must be valid DNS names', optOut: false },
  { id: 'schema.label', severity: 'error', reason: 'label keys and values must be valid', optOut: false },
  { id: 'schema.removed-api', severity: 'error', reason: 'the API version is no longer served by this Kubernetes version', optOut: false },
  { id: 'schema.unknown-api-version', severity: 'error', reason: 'the API version is not served', optOut: false },
  { id: 'schema.unknown-kind', severity: 'error', reason: 'the kind does not exist in this API group', optOut: false },
  { id: 'schema.missing-crd', severity: 'error', reason: 'a custom resource needs its CRD among the objects or declared as provided externally', optOut: false },
  { id: 'schema.crd', severity: 'error', reason: 'a CRD schema must be a valid structural schema', optOut: false },
  { id: 'schema.invalid', severity: 'error', reason: 'the API server refuses this value (formats, ranges, rules across fields)', optOut: false },
  { id: 'schema.forbidden', severity: 'error', reason: 'the API server refuses this field in this context', optOut: false },
  { id: 'schema.cel', severity: 'error', reason: "a CRD's CEL validation rule (x-kubernetes-validations) fails on this object; the API server refuses it", optOut: false },
  { id: 'schema.cel-unsupported', severity: 'warning', reason: "a CRD's CEL rule uses a function or syntax that validate cannot evaluate, so the rule was not checked", optOut: false },
  { id: 'schema.duplicate', severity: 'error', reason: 'the API server keys this list by a field that must be unique (Service ports by port and protocol, names, mount paths)', optOut: false },
  { id: 'statefulset-pod-template', severity: 'error', reason: 'the API server does not validate StatefulSet pod templates, but the controller cannot create pods from an invalid one', optOut: false },
  // Container policies
  { id: 'container-resources', severity: 'error', reason: 'every container sets CPU and memory requests and limits', optOut: true },
  { id: 'run-as-non-root', severity: 'error', reason: 'containers run as a non-root user (runAsNonRoot: true)', optOut: true },
  { id: 'no-privilege-escalation', severity: 'error', reason: 'containers set allowPrivilegeEscalation: false', optOut: true },
  { id: 'drop-all-capabilities', severity: 'error', reason: 'containers drop all capabilities (capabilities.drop: [ALL])', optOut: true },
  { id: 'read-only-root-filesystem', severity: 'warning', reason: 'containers use a read-only root filesystem where the image allows', optOut: true },
  { id: 'no-privileged', severity: 'error', reason: 'privileged containers have full access to the node', optOut: true },
  { id: 'no-host-namespaces', severity: 'error', reason: 'pods do not share the node network, PID or IPC namespaces', optOut: true },
  { id: 'probes', severity: 'error', reason: 'long-running server containers declare liveness and readiness probes', optOut: true },
  { id: 'image-tag', severity: 'error', reason: 'images are pinned to a tag or digest, never latest or untagged', optOut: true },
  // Object policies
  { id: 'standard-labels', severity: 'error', reason: 'objects carry the app.kubernetes.io labels name, instance, component, part-of and managed-by', optOut: true },
  { id: 'duplicate-object', severity: 'error', reason: 'two objects with the same group, kind, namespace and name overwrite each other', optOut: true },
  { id: 'no-plaintext-secret', severity: 'error', reason: 'Secrets with literal data are not allowed in the repository (use External Secrets, Sealed Secrets or SOPS; dev-only credentials must be marked)', optOut: true },
  { id: 'no-env-credential-literal', severity: 'error', reason: 'credentials reach containers through secretKeyRef/envFrom, never literal env values or args', optOut: true },
  { id: 'no-configmap-credentials', severity: 'error', reason: 'ConfigMaps never hold credentials', optOut: true },
  { id: 's3-own-bucket', severity: 'error', reason: 'the stores listed in s3Stores (validate.config.json) each keep their data in their own bucket', optOut: true },
  { id: 's3-own-credentials', severity: 'error', reason: 'the stores listed in s3Stores (validate.config.json) each use their own S3 credentials Secret', optOut: true },
  { id: 'production-replicas', severity: 'error', reason: 'in production, server Deployments and StatefulSets run at least 2 replicas', optOut: true },
  { id: 'production-pdb', severity: 'error', reason: 'in production, server Deployments and StatefulSets are covered by a PodDisruptionBudget', optOut: true },
  { id: 'opt-out-reason', severity: 'error', reason: 'an opt-out annotation must say why', optOut: false },
  { id: 'opt-out-unknown-rule', severity: 'warning', reason: 'an opt-out annotation names a rule that does not exist', optOut: false },
  // References
  { id: 'ref.service-selector', severity: 'error', reason: 'a Service selects at least one pod template', optOut: true },
  { id: 'ref.service-target-port', severity: 'error', reason: 'a Service targetPort names a port of the selected containers', optOut: true },
  { id: 'ref.service-target-port-undeclared', severity: 'warning', reason: 'a numeric Service targetPort should be declared as a containerPort of the selected containers (traffic flows anyway, but nothing documents or checks the port)', optOut: true },
  { id: 'ref.configmap', severity: 'error', reason: 'referenced ConfigMaps (and keys) exist or are declared external', optOut: true },
  { id: 'ref.secret', severity: 'error', reason: 'referenced Secrets exist, are produced by an ExternalSecret/SealedSecret, or are declared external', optOut: true },
  { id: 'ref.service-account', severity: 'error', reason: 'referenced ServiceAccounts exist or are declared external', optOut: true },
  { id: 'ref.pvc', severity: 'error', reason: 'referenced PersistentVolumeClaims exist or are declared external', optOut: true },
  { id: 'ref.monitor-selector', severity: 'error', reason: 'ServiceMonitor/PodMonitor selectors match Services/pods and their ports', optOut: true },
  { id: 'ref.ingress-backend', severity: 'error', reason: 'Ingress backends name existing Services and ports', optOut: true },
  { id: 'ref.pdb-target', severity: 'error', reason: 'a PodDisruptionBudget selects at least one pod template', optOut: true },
  { id: 'ref.scale-target', severity: 'error', reason: 'HPA and KEDA ScaledObject targets exist', optOut: true },
  { id: 'ref.trigger-authentication', severity: 'error', reason: 'KEDA triggers reference an existing TriggerAuthentication', optOut: true },
  { id: 'ref.datasource-url', severity: 'error', reason: 'in-cluster Grafana datasource URLs name an existing Service and port', optOut: true },
];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(list.map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleInfo {
  return RULES.get(id) ?? { id, severity: 'error', reason: '', optOut: false };
}

// API versions Kubernetes stopped serving, with the release that removed them
// and the replacement, so an old apiVersion gets a message that says what to do
// instead of a bare "unknown kind". Source: the Kubernetes deprecated API
// migration guide (facts restated, not copied).

interface RemovedApi {
  groupVersion: string;
  /** Kinds affected; `*` for every kind of the group version. */
  kinds: string[] | '*';
  /** Minor version (1.x) that no longer serves it. */
  removedIn: number;
  replacement: string;
}

const REMOVED_APIS: RemovedApi[] = [
  { groupVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: 16, replacement: 'apps/v1' },
  { groupVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: 16, replacement: 'networking.k8s.io/v1' },
  { groupVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: 16, replacement: 'nothing (PodSecurityPolicy was removed in 1.25; use Pod Security Admission)' },
  { groupVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: 22, replacement: 'networking.k8s.io/v1' },
  { groupVersion: 'apps/v1beta1', kinds: '*', removedIn: 16, replacement: 'apps/v1' },
  { groupVersion: 'apps/v1beta2', kinds: '*', removedIn: 16, replacement: 'apps/v1' },
  { groupVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: 22, replacement: 'networking.k8s.io/v1' },
  { groupVersion: 'apiextensions.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'apiextensions.k8s.io/v1' },
  { groupVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: 22, replacement: 'admissionregistration.k8s.io/v1' },
  { groupVersion: 'apiregistration.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'apiregistration.k8s.io/v1' },
  { groupVersion: 'authentication.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'authentication.k8s.io/v1' },
  { groupVersion: 'authorization.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'authorization.k8s.io/v1' },
  { groupVersion: 'certificates.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'certificates.k8s.io/v1' },
  { groupVersion: 'coordination.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'coordination.k8s.io/v1' },
  { groupVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'rbac.authorization.k8s.io/v1' },
  { groupVersion: 'scheduling.k8s.io/v1beta1', kinds: '*', removedIn: 22, replacement: 'scheduling.k8s.io/v1' },
  { groupVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: 22, replacement: 'storage.k8s.io/v1' },
  { groupVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: 25, replacement: 'batch/v1' },
  { groupVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: 25, replacement: 'discovery.k8s.io/v1' },
  { groupVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: 25, replacement: 'events.k8s.io/v1' },
  { groupVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: 25, replacement: 'autoscaling/v2' },
  { groupVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: 25, replacement: 'policy/v1' },
  { groupVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: 25, replacement: 'nothing (use Pod Security Admission)' },
  { groupVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: 25, replacement: 'node.k8s.io/v1' },
  { groupVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: 26, replacement: 'autoscaling/v2' },
  { groupVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: '*', removedIn: 26, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { groupVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: 27, replacement: 'storage.k8s.io/v1' },
  { groupVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: '*', removedIn: 29, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { groupVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: '*', removedIn: 32, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
];

/** The removal entry for apiVersion+kind at Kubernetes minor `minor`, if it is no longer served there. */
export function removedApi(apiVersion: string, kind: string, minor: number): RemovedApi | undefined {
  return REMOVED_APIS.find(
    (r) => r.groupVersion === apiVersion && (r.kinds === '*' || r.kinds.includes(kind)) && minor >= r.removedIn,
  );
}

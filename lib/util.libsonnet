// util.libsonnet: patches for rendered Helm output (any nested object of
// Kubernetes objects, as helm.template returns it).
local clusterScoped = [
  'APIService',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterSecretStore',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'PersistentVolume',
  'PriorityClass',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
];

local isObject(x) = std.isObject(x) && std.objectHas(x, 'apiVersion') && std.objectHas(x, 'kind');

{
  // Applies `f` to every Kubernetes object in a nested structure.
  mapObjects(x, f)::
    if isObject(x) then f(x)
    else if std.isObject(x) then std.mapWithKey(function(_, v) $.mapObjects(v, f), x)
    else if std.isArray(x) then std.map(function(v) $.mapObjects(v, f), x)
    else x,

  // Puts namespaced objects that have no namespace into `ns`. Charts rely on
  // `helm install -n`; Tanka would otherwise give them the environment's
  // default namespace.
  withNamespace(x, ns)::
    $.mapObjects(x, function(o)
      if std.member(clusterScoped, o.kind) || std.objectHas(o.metadata, 'namespace') then o
      else o { metadata+: { namespace: ns } }),

  // Adds labels an object does not have yet (the chart's own values win).
  withDefaultLabels(x, labels)::
    $.mapObjects(x, function(o)
      o { metadata+: { labels: labels + (if 'labels' in super && super.labels != null then super.labels else {}) } }),
}

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

  // Every Kubernetes object in a nested structure, as an array.
  objects(x)::
    if isObject(x) then [x]
    else if std.isObject(x) then std.flatMap(function(k) $.objects(x[k]), std.objectFields(x))
    else if std.isArray(x) then std.flatMap($.objects, x)
    else [],

  // Appends `suffix` to the names of the ClusterRoles and ClusterRoleBindings
  // in `x` (charts name them after the release, the same in every environment)
  // and to the bindings' references to those ClusterRoles, so a second
  // environment on one cluster (config `cluster.nameSuffix`) does not take
  // over the first one's. References to ClusterRoles defined elsewhere
  // (`view`, `edit`, ...) are left alone.
  withClusterRbacSuffix(x, suffix)::
    if suffix == '' then x
    else
      local own = std.set([o.metadata.name for o in $.objects(x) if o.kind == 'ClusterRole']);
      local rbac = ['ClusterRole', 'ClusterRoleBinding'];
      $.mapObjects(x, function(o)
        o
        + (if std.member(rbac, o.kind) then { metadata+: { name: super.name + suffix } } else {})
        + (if std.member(['ClusterRoleBinding', 'RoleBinding'], o.kind) && o.roleRef.kind == 'ClusterRole' && std.setMember(o.roleRef.name, own)
           then { roleRef+: { name: super.name + suffix } } else {})),

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

  // Applies `f` to every container and init container of every pod template
  // (Deployments, StatefulSets, DaemonSets, Jobs) in a nested structure.
  mapContainers(x, f)::
    $.mapObjects(x, function(o)
      if 'spec' in o && std.isObject(o.spec) && 'template' in o.spec && 'spec' in o.spec.template then
        o {
          spec+: { template+: { spec+: {
            containers: std.map(f, super.containers),
            [if 'initContainers' in o.spec.template.spec && o.spec.template.spec.initContainers != null then 'initContainers']:
              std.map(f, super.initContainers),
          } } },
        }
      else o),

  // Gives containers that have a readiness probe but no liveness probe a TCP
  // liveness probe on the same port: charts often ship only readiness, and a
  // liveness check on the readiness endpoint would restart components (Mimir
  // ingesters joining the ring) that are alive but not ready yet.
  withTcpLivenessProbes(x)::
    $.mapContainers(x, function(c)
      local has(f) = f in c && c[f] != null;
      if has('readinessProbe') && !has('livenessProbe') && 'httpGet' in c.readinessProbe then
        c {
          livenessProbe: {
            tcpSocket: { port: c.readinessProbe.httpGet.port },
            initialDelaySeconds: 30,
            periodSeconds: 20,
            timeoutSeconds: 5,
            failureThreshold: 6,
          },
        }
      else c),

  // Gives containers that declare ports but have no probe at all TCP
  // liveness and readiness probes on their first port (controllers whose
  // only listener is metrics: the probe still says the process is up).
  withTcpProbes(x)::
    $.mapContainers(x, function(c)
      local has(f) = f in c && c[f] != null;
      if has('ports') && std.length(c.ports) > 0 && !has('livenessProbe') && !has('readinessProbe') then
        local probe = { tcpSocket: { port: c.ports[0].containerPort }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 5 };
        c { livenessProbe: probe { failureThreshold: 6 }, readinessProbe: probe { failureThreshold: 3 } }
      else c),

  // Fills in the requests and limits a container does not set (the chart's
  // own values win), for sidecars and init containers charts leave unsized.
  withDefaultResources(x, resources)::
    $.mapContainers(x, function(c)
      local have = if 'resources' in c && c.resources != null then c.resources else {};
      local part(k) = resources[k] + (if k in have && have[k] != null then have[k] else {});
      c { resources: have { requests: part('requests'), limits: part('limits') } }),

  // Opts a workload out of the production HA rules (production-replicas,
  // production-pdb), with the reason it runs as a single instance.
  withSingleInstance(o, reason)::
    $.withAnnotations(o, {
      'validate.platform/skip-production-replicas': reason,
      'validate.platform/skip-production-pdb': reason,
    }),

  // Adds annotations to an object and to its pod template, if any
  // (validate.platform/skip-<rule> opt-outs, which must carry a reason).
  withAnnotations(o, annotations)::
    local merged(m) = (if std.isObject(m) && 'annotations' in m && m.annotations != null then m.annotations else {}) + annotations;
    o {
      metadata+: { annotations: merged(o.metadata) },
      [if 'spec' in o && std.isObject(o.spec) && 'template' in o.spec then 'spec']+: {
        template+: { metadata+: { annotations: merged(if 'metadata' in o.spec.template then o.spec.template.metadata else {}) } },
      },
    },

  // Adds a PodDisruptionBudget (maxUnavailable 1) for every Deployment and
  // StatefulSet of a flat chart object that runs 2+ replicas and that no
  // PodDisruptionBudget of the chart covers yet. Keyed `pdb_<name>`.
  withPodDisruptionBudgets(chart)::
    local objs = [chart[k] for k in std.objectFields(chart) if isObject(chart[k])];
    local pdbs = [o for o in objs if o.kind == 'PodDisruptionBudget'];
    local covers(p, labels) =
      local sel = if 'matchLabels' in p.spec.selector then p.spec.selector.matchLabels else {};
      std.all([k in labels && labels[k] == sel[k] for k in std.objectFields(sel)]);
    chart {
      ['pdb_' + std.strReplace(o.metadata.name, '-', '_')]: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: {
          name: o.metadata.name,
          namespace: o.metadata.namespace,
          labels: o.metadata.labels,
        },
        spec: { maxUnavailable: 1, selector: { matchLabels: o.spec.selector.matchLabels } },
      }
      for o in objs
      if std.member(['Deployment', 'StatefulSet'], o.kind)
         && 'replicas' in o.spec && o.spec.replicas != null && o.spec.replicas >= 2
         && !std.any([p.metadata.namespace == o.metadata.namespace && covers(p, o.spec.template.metadata.labels) for p in pdbs])
    },

  // Spreads the pods of every Deployment/StatefulSet with 2+ replicas that
  // sets neither affinity nor topology spread constraints over nodes
  // (ScheduleAnyway: a cluster with fewer nodes still schedules them).
  withSpreading(x)::
    $.mapObjects(x, function(o)
      local spec = if std.member(['Deployment', 'StatefulSet'], o.kind) then o.spec else {};
      local has(s, f) = f in s && s[f] != null && s[f] != [] && s[f] != {};
      if 'replicas' in spec && spec.replicas != null && spec.replicas >= 2
         && !has(spec.template.spec, 'affinity') && !has(spec.template.spec, 'topologySpreadConstraints') then
        o {
          spec+: { template+: { spec+: { topologySpreadConstraints: [{
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: o.spec.selector.matchLabels },
          }] } } },
        }
      else o),

  // Production HA for a flat chart object: pods spread over nodes and a
  // PodDisruptionBudget per multi-replica workload (only where the chart has none).
  withHighAvailability(chart):: $.withPodDisruptionBudgets($.withSpreading(chart)),
}

// A kube-prometheus-sized configuration: 40 components of a monitoring stack, each a Deployment or
// StatefulSet, Service, ServiceAccount, RBAC, PodDisruptionBudget, NetworkPolicy, ServiceMonitor and a
// ConfigMap whose file is a std.manifestYamlDoc of its settings (about 400 objects), built through
// constructors and patched with +:, plus the kubernetes and node mixins' rules as PrometheusRules and
// the node mixin's dashboards as ConfigMaps. Needs the vendored mixins (-J vendor).
local labels(name, component) = {
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/part-of': 'kube-prometheus',
  'app.kubernetes.io/version': '1.%d.0' % std.length(name),
};
local meta(name, ns, component) = { name: name, namespace: ns, labels: labels(name, component) };

local component(i) = {
  local c = self,
  name:: 'component-%02d' % i,
  ns:: 'monitoring-%d' % (i % 4),
  replicas:: 1 + i % 3,
  port:: 8000 + i,
  stateful:: i % 5 == 0,
  settings:: {
    server: { http_listen_port: c.port, log_level: if i % 2 == 0 then 'info' else 'debug' },
    limits: { ['tenant-%d' % t]: { ingestion_rate: 1000 * t, max_series: 10000 * t } for t in std.range(1, 6) },
    targets: [{ job: 'job-%d-%d' % [i, j], interval: '%ds' % (15 * (1 + j % 4)) } for j in std.range(1, 12)],
  },
  configMap: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(c.name + '-config', c.ns, 'config'),
    data: { 'config.yaml': std.manifestYamlDoc(c.settings) },
  },
  workload: {
    apiVersion: 'apps/v1',
    kind: if c.stateful then 'StatefulSet' else 'Deployment',
    metadata: meta(c.name, c.ns, 'server'),
    spec: {
      replicas: c.replicas,
      selector: { matchLabels: labels(c.name, 'server') },
      template: {
        metadata: { labels: labels(c.name, 'server'), annotations: { 'checksum/config': std.md5(c.configMap.data['config.yaml']) } },
        spec: {
          serviceAccountName: c.name,
          securityContext: { runAsNonRoot: true, runAsUser: 65534 },
          containers: [{
            name: c.name,
            image: 'registry.example/%s:v1.%d.0' % [c.name, i],
            args: ['--config.file=/etc/config/config.yaml', '--web.listen-address=:%d' % c.port],
            ports: [{ name: 'http', containerPort: c.port }],
            resources: { requests: { cpu: '%dm' % (100 * c.replicas), memory: '%dMi' % (128 * c.replicas) }, limits: { memory: '%dMi' % (256 * c.replicas) } },
            volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
            readinessProbe: { httpGet: { path: '/-/ready', port: 'http' } },
          }],
          volumes: [{ name: 'config', configMap: { name: c.name + '-config' } }],
        },
      },
    },
  },
  service: { apiVersion: 'v1', kind: 'Service', metadata: meta(c.name, c.ns, 'server'), spec: { selector: labels(c.name, 'server'), ports: [{ name: 'http', port: c.port, targetPort: 'http' }] } },
  serviceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(c.name, c.ns, 'server') },
  role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(c.name, c.ns, 'rbac'), rules: [{ apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] }] },
  roleBinding: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta(c.name, c.ns, 'rbac'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: c.name }, subjects: [{ kind: 'ServiceAccount', name: c.name, namespace: c.ns }] },
  pdb: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(c.name, c.ns, 'server'), spec: { maxUnavailable: 1, selector: { matchLabels: labels(c.name, 'server') } } },
  networkPolicy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(c.name, c.ns, 'server'), spec: { podSelector: { matchLabels: labels(c.name, 'server') }, ingress: [{ ports: [{ port: c.port }] }] } },
  serviceMonitor: { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: meta(c.name, c.ns, 'monitoring'), spec: { selector: { matchLabels: labels(c.name, 'server') }, endpoints: [{ port: 'http', interval: '30s' }] } },
};

// Patches as environments apply them: more replicas in production, an annotation everywhere.
local production(comp) = comp {
  replicas:: super.replicas * 2,
  workload+: { metadata+: { annotations+: { 'example.com/tier': 'production' } }, spec+: { template+: { spec+: { priorityClassName: 'high' } } } },
};

local components = [production(component(i)) for i in std.range(1, 40)];
local kubernetes = import 'kubernetes-mixin/mixin.libsonnet';
local node = (import 'node-mixin/mixin.libsonnet') + { _config+:: { nodeExporterSelector: 'job="node-exporter"' } };
local rules(name, m) = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: meta(name + '-rules', 'monitoring-0', 'rules'),
  spec: { groups: std.get(m, 'prometheusAlerts', { groups: [] }).groups + std.get(m, 'prometheusRules', { groups: [] }).groups },
};
local dashboards = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('dashboard-' + std.strReplace(f, '.json', ''), 'monitoring-0', 'grafana'), data: { [f]: std.manifestJsonEx(node.grafanaDashboards[f], '  ') } }
  for f in std.objectFields(node.grafanaDashboards)
];
local objects = std.flattenArrays([[c[k] for k in std.objectFields(c)] for c in components]) + [rules('kubernetes', kubernetes), rules('node', node)] + dashboards;
{
  apiVersion: 'v1',
  kind: 'List',
  items: std.sort(objects, function(o) o.kind + '/' + o.metadata.namespace + '/' + o.metadata.name),
}

// mop/mixins.libsonnet: the upstream monitoring mixins (jsonnetfile.json; `npm run vendor`
// puts them in vendor/, which is on Tanka's import path), configured with `_config+::` for
// what this platform scrapes. kube-prometheus-stack's ServiceMonitors name the jobs (the
// Service label named by `jobLabel`, else the Service name): kubelet and cAdvisor are
// job="kubelet" (told apart by metrics_path), node-exporter and kube-state-metrics by name,
// the API server is job="apiserver", Prometheus is its Service "kps-prometheus", Alloy
// its Service "alloy", Alertmanager its Service "kps-alertmanager", all in the mop namespace.
//
// Per mixin: its alerts and recording rules become one PrometheusRule (Prometheus loads every
// PrometheusRule in the cluster), its dashboards ConfigMaps for Grafana's sidecar in a folder
// of their own. kube-prometheus-stack's built-in copies of the same rules are switched off in
// prometheus.libsonnet (`coveredDefaultRules`), so nothing fires twice.
// Loki's mixin is not here: its jsonnetfile.json needs grafana/mimir's mimir-mixin, which the
// offline mirror lacks, so vendoring would fail offline; the project's own Loki rules stay.
local k = import '../k.libsonnet';

{
  // k3s runs the scheduler, controller manager and kube-proxy inside its server process:
  // nothing scrapes them, so their groups and dashboards would only report them missing.
  local notOnK3s = ['kubernetes-system-scheduler', 'kubernetes-system-controller-manager', 'kubernetes-system-kube-proxy', 'kube-scheduler.rules', 'windows.node.rules', 'windows.pod.rules'],

  // kube-prometheus-stack's default rule groups that are copies of these mixins' rules (its
  // values.yaml `defaultRules.rules`): off, so each alert exists once. Its own groups (general,
  // kube-state-metrics, operator, config reloaders, node recording for its dashboards) stay.
  coveredDefaultRules:: {
    [g]: false
    for g in [
      'k8sContainerCpuUsageSecondsTotal',
      'k8sContainerMemoryCache',
      'k8sContainerMemoryRss',
      'k8sContainerMemorySwap',
      'k8sContainerResource',
      'k8sContainerMemoryWorkingSetBytes',
      'k8sPodOwner',
      'kubeApiserverAvailability',
      'kubeApiserverBurnrate',
      'kubeApiserverHistogram',
      'kubeApiserverSlos',
      'kubeControllerManager',
      'kubelet',
      'kubeProxy',
      'kubernetesApps',
      'kubernetesResources',
      'kubernetesStorage',
      'kubernetesSystem',
      'kubeSchedulerAlerting',
      'kubeSchedulerRecording',
      'windows',
      'node',
      'nodeExporterAlerting',
      'nodeExporterRecording',
      'prometheus',
      'alertmanager',
    ]
  },

  // Each mixin for the namespace the platform runs in: the configured mixin, the rule groups
  // to drop, the dashboards to ship (file names).
  all(ns):: {
    kubernetes: {
      folder: 'Kubernetes',
      mixin: (import 'kubernetes-mixin/mixin.libsonnet') + {
        _config+:: {
          cadvisorSelector: 'job="kubelet", metrics_path="/metrics/cadvisor"',
          kubeletSelector: 'job="kubelet", metrics_path="/metrics"',
          kubeStateMetricsSelector: 'job="kube-state-metrics"',
          nodeExporterSelector: 'job="node-exporter"',
          kubeApiserverSelector: 'job="apiserver"',
          grafanaK8s+: { dashboardTags: ['kubernetes-mixin', 'mop'] },
        },
      },
      dropGroups: notOnK3s,
      dashboards: [
        'cluster-total.json',
        'apiserver.json',
        'k8s-resources-cluster.json',
        'k8s-resources-namespace.json',
        'k8s-resources-node.json',
        'k8s-resources-nodes-overview.json',
        'k8s-resources-pod.json',
        'k8s-resources-workload.json',
        'k8s-resources-workloads-namespace.json',
        'kubelet.json',
        'namespace-by-pod.json',
        'namespace-by-workload.json',
        'persistentvolumesusage.json',
        'pod-total.json',
        'workload-total.json',
      ],
    },
    node: {
      folder: 'Node exporter',
      mixin: (import 'node-mixin/mixin.libsonnet') + {
        _config+:: { nodeExporterSelector: 'job="node-exporter"' },
      },
      dropGroups: [],
      dashboards: ['node-cluster-rsrc-use.json', 'node-rsrc-use.json', 'nodes.json'],
    },
    prometheus: {
      folder: 'Prometheus',
      mixin: (import 'prometheus-mixin/mixin.libsonnet') + {
        _config+:: { prometheusSelector: 'job="kps-prometheus", namespace="%s"' % ns },
      },
      dropGroups: [],
      dashboards: ['prometheus.json', 'prometheus-remote-write.json'],
    },
    alertmanager: {
      folder: 'Alertmanager',
      mixin: (import 'alertmanager-mixin/mixin.libsonnet') + {
        _config+:: {
          // The stack's Alertmanager: its ServiceMonitor's job is the Service name.
          alertmanagerSelector: 'job="kps-alertmanager", namespace="%s"' % ns,
          alertmanagerClusterLabels: 'namespace,job',
          alertmanagerNameLabels: 'namespace,pod',
        },
      },
      dropGroups: [],
      dashboards: ['alertmanager-overview.json'],
    },
    alloy: {
      folder: 'Alloy',
      mixin: (import 'alloy-mixin/mixin.libsonnet') + {
        _config+:: {
          // One Alloy DaemonSet, not clustered.
          enableAlloyCluster: false,
          filterSelector: 'job="alloy", namespace="%s"' % ns,
        },
      },
      dropGroups: ['alloy_clustering'],
      dashboards: ['alloy-controller.json', 'alloy-logs.json', 'alloy-loki.json', 'alloy-opentelemetry.json', 'alloy-prometheus-remote-write.json', 'alloy-resources.json'],
    },
    tempo: {
      folder: 'Tempo',
      mixin: (import 'tempo-mixin/mixin.libsonnet') + {
        _config+:: { namespace: ns },
      },
      dropGroups: [],
      // Rollout progress needs Grafana's rollout-operator, which does not run here.
      dashboards: ['tempo-operational.json', 'tempo-reads.json', 'tempo-writes.json', 'tempo-resources.json', 'tempo-tenants.json', 'tempo-backendwork.json', 'tempo-block-builder.json', 'tempo-livestore.json', 'tempo-service-graph.json'],
    },
  },

  // Rule groups of a mixin, without the dropped ones.
  groups(m):: [
    g
    for g in std.get(m.mixin, 'prometheusAlerts', { groups: [] }).groups + std.get(m.mixin, 'prometheusRules', { groups: [] }).groups
    if !std.member(m.dropGroups, g.name)
  ],

  // What the platform ships of every mixin in namespace `ns`: its rule groups and its
  // dashboards (Grafana JSON, keyed by file name).
  render(ns):: {
    local all = $.all(ns),
    rules: { [name]: $.groups(all[name]) for name in std.objectFields(all) },
    dashboards: {
      [name]: {
        [file]:
          local upstream = all[name].mixin.grafanaDashboards[file];
          // Some (Tempo's) leave the uid empty: Grafana would invent a new one on every start.
          if std.get(upstream, 'uid', '') == '' then upstream { uid: std.md5(name + '/' + file) } else upstream
        for file in all[name].dashboards
      }
      for name in std.objectFields(all)
    },
  },

  // Rendering the mixins is almost all of an environment's evaluation in the real tk
  // (go-jsonnet runs std.format, which the mixins call everywhere, as Jsonnet code: about
  // 9 s CPU of 12 for dev). So their output is kept in mixins-rendered.json
  // (`npm run mixins:render`), rendered for a placeholder namespace, and an environment's
  // output is that JSON text with its own namespace put in: the mixins use the namespace
  // only as text in selectors (tests/mop/mixins.test.ts compares the two with live renders,
  // and fails while the file is out of date). The file is used while its key matches: this
  // file's text and the lock file (each vendored mixin's version and checksum). After an edit
  // here or a mixin upgrade the mixins are rendered live until the file is rendered again.
  placeholderNamespace:: 'mixins-rendered-namespace',
  cacheKey:: std.md5(std.join('\n', [importstr 'mixins.libsonnet', importstr '../../jsonnetfile.lock.json'])),

  // Rule groups by mixin, and dashboards by mixin and file as minified JSON text.
  output(ns)::
    local cached = std.parseJson(importstr 'mixins-rendered.json');
    local minified(out) = {
      rules: out.rules,
      dashboards: { [name]: std.mapWithKey(function(_, d) std.manifestJsonMinified(d), out.dashboards[name]) for name in std.objectFields(out.dashboards) },
    };
    if cached.key != $.cacheKey then minified($.render(ns))
    else
      local withNamespace(json) = std.strReplace(json, $.placeholderNamespace, ns);
      local out = minified(cached.output);
      {
        rules: std.parseJson(withNamespace(std.manifestJsonMinified(out.rules))),
        dashboards: { [name]: std.mapWithKey(function(_, json) withNamespace(json), out.dashboards[name]) for name in std.objectFields(out.dashboards) },
      },

  new(config)::
    local ns = config.mop.namespace;
    local all = $.all(ns);
    local out = $.output(ns);
    {
      rules: {
        [name]: {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PrometheusRule',
          metadata: {
            name: 'mixin-' + name,
            namespace: ns,
            labels: k.labels.new('prometheus', name + '-mixin', 'rules', config.mop.partOf),
          },
          spec: { groups: out.rules[name] },
        }
        for name in std.objectFields(all)
      },
      dashboards: {
        [name + '-' + std.strReplace(file, '.json', '')]:
          k.configMap.new('grafana-dashboard-%s-%s' % [name, std.strReplace(file, '.json', '')], ns, {
            // Minified: Grafana reads it the same, the object stays small.
            [file]: out.dashboards[name][file],
          }, k.labels.new('grafana', 'grafana', 'dashboards', config.mop.partOf) { grafana_dashboard: '1', 'mop.platform/mixin': name }) + {
            metadata+: { annotations: { grafana_folder: all[name].folder } },
          }
        for name in std.objectFields(all)
        for file in all[name].dashboards
      },
    },
}

// mop/prometheus.libsonnet: collection with kube-prometheus-stack (its
// Grafana off: Grafana is mop/grafana). Prometheus scrapes every
// ServiceMonitor/PodMonitor in the cluster (the platform's own components
// included) and remote-writes everything to Mimir, which keeps the long-term
// data; Prometheus itself keeps a short local retention. Prometheus evaluates
// every PrometheusRule and sends alerts to the stack's Alertmanager: the one
// alerting path (mop/alerting.libsonnet).
local helm = (import '../helm.libsonnet').new(std.thisFile);
local util = import '../util.libsonnet';
local k = import '../k.libsonnet';
local alerting = import 'alerting.libsonnet';

{
  new(config)::
    local m = config.mop;
    local c = m.prometheus;
    local a = m.alerting;
    local owner = config.cluster.owner;
    local ownNamespaces = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [m.namespace, config.raibid.namespace, config.raibid.flux.namespace] }] };
    {
      local this = self,
      values:: {
        fullnameOverride: 'kps',
        // The CRDs, the operator and what watches the cluster itself (node and
        // kube-state metrics, the kubelet, API server and CoreDNS targets) are
        // the cluster owner's (config `cluster.owner`). Another environment on
        // the cluster runs its own Prometheus and Alertmanager, which the
        // owner's operator manages, and scrapes its own components.
        crds: { enabled: owner },
        [if !owner then 'kubeStateMetrics']: { enabled: false },
        [if !owner then 'kubelet']: { enabled: false },
        [if !owner then 'kubeApiServer']: { enabled: false },
        [if !owner then 'coreDns']: { enabled: false },
        grafana: { enabled: false, forceDeployDatasources: false, forceDeployDashboards: false },
        // The platform's Alertmanager (routing, receivers: mop/alerting.libsonnet).
        alertmanager: {
          enabled: true,
          config: alerting.alertmanagerConfig(config),
          podDisruptionBudget: { enabled: a.replicas > 1, minAvailable: 1 },
          alertmanagerSpec: {
            replicas: a.replicas,
            resources: a.resources,
            // Receiver credentials as files: /etc/alertmanager/secrets/<secret>/<key>.
            secrets: [a.secret],
            podAntiAffinity: if a.replicas > 1 then 'soft' else '',
          },
        },
        windowsMonitoring: { enabled: false },
        // k3s runs these inside the server process: nothing to scrape separately.
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeProxy: { enabled: false },
        kubeEtcd: { enabled: false },
        nodeExporter: { enabled: owner && c.nodeExporter },
        // The upstream mixins (mixins.libsonnet) bring the Kubernetes, node and Prometheus rules.
        defaultRules: { create: true, rules: (import 'mixins.libsonnet').coveredDefaultRules },
        prometheusOperator: {
          [if !owner then 'enabled']: false,
          // The webhooks need certificates from Helm hook Jobs, which Tanka does not run as
          // hooks; rules are checked offline (promtool) instead.
          admissionWebhooks: { enabled: false },
          // Its TLS server only serves those webhooks; without them it would mount a Secret nobody creates.
          tls: { enabled: false },
          resources: c.operatorResources,
          containerSecurityContext: k.securityContext.restricted,
        },
        prometheus: {
          prometheusSpec: {
            replicas: c.replicas,
            retention: c.retention,
            resources: c.resources,
            // Select every ServiceMonitor, PodMonitor and rule in the cluster, not only the chart's.
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            probeSelectorNilUsesHelmValues: false,
            // Rules of this environment only (all live in its MOP namespace): another
            // environment's rules on the same cluster are its own Prometheus's.
            ruleNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': m.namespace } },
            externalLabels: { cluster: config.cluster.name, environment: config.environment },
            remoteWrite: [{ url: m.mimir.pushUrl, sendExemplars: true }],
            enableFeatures: ['exemplar-storage'],
            // Another environment on the owner's cluster scrapes its own namespaces;
            // the owner's Prometheus scrapes the whole cluster.
            [if !owner then 'serviceMonitorNamespaceSelector']: ownNamespaces,
            [if !owner then 'podMonitorNamespaceSelector']: ownNamespaces,
            [if !owner then 'probeNamespaceSelector']: ownNamespaces,
          },
        },
        'kube-state-metrics': {
          resources: c.exporterResources,
          containerSecurityContext: k.securityContext.restricted,
        },
        'prometheus-node-exporter': {
          resources: c.exporterResources,
          containerSecurityContext: k.securityContext.restricted { runAsUser: 65534, runAsGroup: 65534 },
        },
      },

      chart: util.mapObjects(util.withDefaultLabels(util.withNamespace(helm.template('kube-prometheus-stack', '../../charts/' + config.charts.kubePrometheusStack, {
        namespace: m.namespace,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), m.namespace), k.labels.new('prometheus', 'kube-prometheus-stack', 'monitoring', m.partOf, managedBy='Helmraiser')), function(o)
        if o.kind == 'Deployment' && o.metadata.name == 'kps-operator' then
          util.withSingleInstance(o, 'prometheus-operator has no leader election: two replicas would reconcile concurrently; while it is down Prometheus keeps running')
        else if o.kind == 'Deployment' && std.endsWith(o.metadata.name, 'kube-state-metrics') then
          util.withSingleInstance(o, 'a second kube-state-metrics replica duplicates every series; while it restarts only kube-state metrics have a gap')
        else if o.kind == 'Secret' && o.metadata.name == 'alertmanager-kps-alertmanager' then
          util.withAnnotations(o, {
            'validate.platform/skip-no-plaintext-secret': 'the Alertmanager configuration (mop/alerting.libsonnet), no credential in it: receivers read theirs from files of the alertmanager-receivers Secret; the operator reads its configuration from a Secret only',
          })
        else if o.kind == 'DaemonSet' && std.endsWith(o.metadata.name, 'node-exporter') then
          util.withAnnotations(o, {
            'validate.platform/skip-no-host-namespaces': 'node-exporter reports the node itself: it needs the host network (node addresses, interface stats) and PID namespace (host processes)',
          })
        else o),
    },
}

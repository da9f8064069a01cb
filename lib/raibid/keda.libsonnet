// raibid/keda.libsonnet: KEDA (operator, metrics API server, admission
// webhooks) from the kedacore chart. It scales raibid agents from the queue.
//
// Its CRDs (ScaledJob in particular) exceed the client-side apply annotation
// limit: environments that deploy KEDA use `applyStrategy: "server"`.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local c = config.raibid.keda;
    {
      local this = self,
      values:: {
        crds: { install: true },
        // Secrets of KEDA's own namespace only: no cluster-wide list/watch of
        // Secrets (the chart's default). Scalers authenticate through a
        // ClusterTriggerAuthentication whose Secret lives there (agent.libsonnet).
        permissions: {
          operator: { restrict: { secret: true } },
          metricServer: { restrict: { secret: true } },
        },
        // Only ScaledJobs here: no `get` on every resource of every API group
        // (the chart's default, for custom scale targets), which includes Secrets.
        rbac: { enabledCustomScaledRefKinds: false },
        operator: { replicaCount: c.replicas },
        metricsServer: { replicaCount: c.replicas },
        webhooks: { replicaCount: c.replicas },
        resources: {
          operator: c.resources,
          metricServer: c.resources,
          webhooks: c.resources,
        },
        // With cert-manager in the cluster its Certificate produces the TLS Secret
        // (kedaorg-certs); otherwise the operator generates it at start.
        certificates: { certManager: { enabled: config.cluster.certManager.enabled } },
        [if c.replicas > 1 then 'podDisruptionBudget']: {
          operator: { minAvailable: 1 },
          metricServer: { minAvailable: 1 },
          webhooks: { minAvailable: 1 },
        },
        prometheus: {
          operator: { enabled: true, serviceMonitor: { enabled: config.monitoring.serviceMonitors } },
          metricServer: { enabled: true, serviceMonitor: { enabled: config.monitoring.serviceMonitors } },
        },
      },

      chart: util.withHighAvailability(util.withDefaultLabels(util.withNamespace(helm.template('keda', '../../charts/keda', {
        namespace: c.namespace,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), c.namespace), k.labels.new('keda', 'keda', 'autoscaler', config.raibid.partOf, managedBy='Helmraiser'))),

      // Who reaches KEDA's pods: Prometheus their metrics (8080), the metrics API server
      // the operator's gRPC metrics service, the API server the external metrics API and
      // the admission webhooks. Nothing else listens.
      local np = k.networkPolicy,
      local prometheus = np.pods({ 'app.kubernetes.io/name': 'prometheus' }, config.mop.namespace),
      local policy(app, rules) =
        np.new(app, c.namespace, k.labels.new('keda', app, 'network-policy', config.raibid.partOf), rules) + np.forPods({ app: app }),
      network_policies: {
        operator: policy('keda-operator', [
          np.rule([prometheus], [8080]),
          np.rule([np.pods({ app: 'keda-operator-metrics-apiserver' })], [9666]),
        ]),
        metrics_apiserver: policy('keda-operator-metrics-apiserver', [np.rule([prometheus], [8080]), np.anySource([6443])]),
        admission_webhooks: policy('keda-admission-webhooks', [np.anySource([9443])]),
      },
    },
}

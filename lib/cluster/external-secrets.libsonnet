// cluster/external-secrets.libsonnet: External Secrets Operator (its chart),
// rendered where config.secrets.mode is 'external'. The ExternalSecrets of
// lib/secrets.libsonnet read from `config.secrets.store`, a
// ClusterSecretStore the cluster's administrators connect to the secret
// manager (its provider and credentials are outside this repository).
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local c = config.cluster.externalSecrets;
    local ns = c.namespace;
    local labels = k.labels.new('external-secrets', 'external-secrets', 'secrets', 'cluster', managedBy='Helmraiser');
    {
      local this = self,
      namespace: k.namespace.new(ns, { 'app.kubernetes.io/part-of': 'cluster' }),

      values:: {
        installCRDs: true,
        // Off by default in the chart; both use the health server on 8082.
        livenessProbe: { enabled: true },
        readinessProbe: { enabled: true },
        replicaCount: c.replicas,
        resources: c.resources,
        securityContext: k.securityContext.restricted,
        podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 },
        webhook: {
          replicaCount: c.replicas,
          resources: c.resources,
          securityContext: k.securityContext.restricted,
          podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 },
        },
        certController: {
          replicaCount: c.replicas,
          resources: c.resources,
          securityContext: k.securityContext.restricted,
          podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 },
        },
        serviceMonitor: { enabled: config.monitoring.serviceMonitors },
      },

      chart: util.withHighAvailability(util.withTcpLivenessProbes(util.withDefaultLabels(util.withNamespace(helm.template('external-secrets', '../../charts/external-secrets', {
        namespace: ns,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), ns), labels))),
    },
}

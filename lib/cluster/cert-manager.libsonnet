// cluster/cert-manager.libsonnet: cert-manager (jetstack chart) and the
// ClusterIssuer the Ingresses of dev and up name (config.cluster.certManager).
// ACME over HTTP-01 through the cluster's ingress class (k3s: Traefik); the
// account key is a Secret cert-manager creates itself.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local c = config.cluster.certManager;
    local ns = c.namespace;
    local labels = k.labels.new('cert-manager', 'cert-manager', 'certificates', 'cluster', managedBy='Helmraiser');
    {
      local this = self,
      namespace: k.namespace.new(ns, { 'app.kubernetes.io/part-of': 'cluster' }),

      values:: {
        crds: { enabled: true },
        replicaCount: c.replicas,
        resources: c.resources,
        // A post-install hook Job; Tanka does not run hooks.
        startupapicheck: { enabled: false },
        podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 },
        webhook: { replicaCount: c.replicas, resources: c.resources, podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 } },
        cainjector: { replicaCount: c.replicas, resources: c.resources, podDisruptionBudget: { enabled: c.replicas > 1, minAvailable: 1 } },
        prometheus: { servicemonitor: { enabled: config.monitoring.serviceMonitors } },
      },

      // The controller has only a liveness probe (/livez): ready is the same as alive for it.
      // cainjector serves only metrics: TCP probes on that port.
      chart: util.withHighAvailability(util.withTcpProbes(util.mapContainers(util.withDefaultLabels(util.withNamespace(helm.template('cert-manager', '../../charts/cert-manager', {
        namespace: ns,
        values: this.values,
        skipTests: true,
        noHooks: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), ns), labels), function(c)
        if c.name == 'cert-manager-controller' && !('readinessProbe' in c && c.readinessProbe != null) && 'livenessProbe' in c
        then c { readinessProbe: c.livenessProbe { failureThreshold: 3 } }
        else c))),

      cluster_issuer: {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: k.metadata.new(c.clusterIssuer.name, labels=labels { 'app.kubernetes.io/component': 'issuer' }),
        spec: {
          acme: {
            server: c.clusterIssuer.server,
            email: c.clusterIssuer.email,
            privateKeySecretRef: { name: c.clusterIssuer.name + '-account-key' },
            solvers: [{ http01: { ingress: { ingressClassName: c.clusterIssuer.ingressClassName } } }],
          },
        },
      },
    },
}

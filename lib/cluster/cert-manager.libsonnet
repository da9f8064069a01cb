// cluster/cert-manager.libsonnet: cert-manager (jetstack chart) and the
// ClusterIssuer the Ingresses of dev and up name (config.cluster.certManager).
// The issuer is chosen in config (clusterIssuer.type): ACME over HTTP-01
// through the cluster's ingress class (k3s: Traefik), ACME over DNS-01
// (RFC 2136 updates with a TSIG key; also for names the ACME server cannot
// reach), or a private CA (home-lab names no public CA will sign). The ACME
// account key is a Secret cert-manager creates itself.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';
local secrets = import '../secrets.libsonnet';

{
  new(config)::
    local c = config.cluster.certManager;
    local issuer = c.clusterIssuer;
    local ns = c.namespace;
    local labels = k.labels.new('cert-manager', 'cert-manager', 'certificates', 'cluster', managedBy='Helmraiser');
    {
      local this = self,
      namespace: k.namespace.new(ns, { 'app.kubernetes.io/part-of': 'cluster' }),

      values:: {
        crds: { enabled: true },
        replicaCount: c.replicas,
        resources: c.resources,
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

      // Who reaches cert-manager's pods: Prometheus its metrics, the API server the
      // webhook (validating and mutating certificates). Nothing else listens.
      local np = k.networkPolicy,
      local prometheus = np.pods({ 'app.kubernetes.io/name': 'prometheus' }, config.mop.namespace),
      local policy(component, name, rules) =
        np.new('cert-manager-' + component, ns, labels { 'app.kubernetes.io/component': component }, [np.rule([prometheus], [9402])] + rules)
        + np.forPods({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'cert-manager' }),
      network_policies: {
        controller: policy('controller', 'cert-manager', []),
        webhook: policy('webhook', 'webhook', [np.anySource([10250])]),
        cainjector: policy('cainjector', 'cainjector', []),
      },

      // The issuer's credentials (DNS-01 TSIG key, CA key pair) live in
      // cert-manager's namespace, its "cluster resource namespace".
      assert std.member(['acme-http01', 'acme-dns01', 'ca'], issuer.type) : "config: cluster.certManager.clusterIssuer.type must be 'acme-http01', 'acme-dns01' or 'ca', not '%s'" % issuer.type,
      [if issuer.type == 'acme-dns01' then 'dns01_secret']: secrets.new(config, issuer.dns01.secret, ns, ['tsig-secret'], labels),
      [if issuer.type == 'ca' then 'ca_secret']: secrets.new(config, issuer.ca.secret, ns, ['tls.crt', 'tls.key'], labels),

      cluster_issuer: {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        // Cluster-scoped: the annotation keeps Tanka from giving it the environment's namespace.
        metadata: k.metadata.new(
          issuer.name,
          labels=labels { 'app.kubernetes.io/component': 'issuer' },
          annotations={ 'tanka.dev/namespaced': 'false' },
        ),
        spec: if issuer.type == 'ca' then {
          ca: { secretName: issuer.ca.secret },
        } else {
          acme: {
            server: issuer.server,
            email: issuer.email,
            privateKeySecretRef: { name: issuer.name + '-account-key' },
            solvers: [
              if issuer.type == 'acme-http01' then {
                http01: { ingress: { ingressClassName: issuer.ingressClassName } },
              } else {
                dns01: { rfc2136: {
                  nameserver: issuer.dns01.nameserver,
                  tsigKeyName: issuer.dns01.tsigKeyName,
                  tsigAlgorithm: issuer.dns01.tsigAlgorithm,
                  tsigSecretSecretRef: { name: issuer.dns01.secret, key: 'tsig-secret' },
                } },
              },
            ],
          },
        },
      },
    },
}

// cluster/cluster.libsonnet: services the platforms rely on that belong to the
// cluster rather than to MOP or raibid-ci: cert-manager with a ClusterIssuer
// (Ingress TLS, dev and up) and External Secrets Operator (where config takes
// Secrets from the cluster's secret manager). Deployed before everything else,
// by the environment that owns the cluster (config `cluster.owner`) only.
{
  new(config):: if !config.cluster.owner then {} else {
    [if config.cluster.certManager.enabled then 'certManager']: (import 'cert-manager.libsonnet').new(config),
    [if config.secrets.mode == 'external' then 'externalSecrets']: (import 'external-secrets.libsonnet').new(config),
  },
}

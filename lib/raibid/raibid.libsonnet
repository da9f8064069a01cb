// raibid/raibid.libsonnet: the whole raibid-ci platform for one environment.
// Deploy order is expressed by Tanka's kind ordering and by Tilt's
// resource_deps: Redis and Gitea (with PostgreSQL) before the server.
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config):: util.withClusterRbacSuffix({
    local nsLabels = { 'app.kubernetes.io/part-of': config.raibid.partOf },
    namespaces: {
      raibid: k.namespace.new(config.raibid.namespace, nsLabels),
      // KEDA is the cluster owner's (config `cluster.owner`); another environment uses it.
      [if config.cluster.owner then 'keda']: k.namespace.new(config.raibid.keda.namespace, nsLabels),
      flux: k.namespace.new(config.raibid.flux.namespace, nsLabels),
    },
    redis: (import 'redis.libsonnet').new(config),
    postgres: (import 'postgres.libsonnet').new(config),
    gitea: (import 'gitea.libsonnet').new(config),
    [if config.cluster.owner then 'keda']: (import 'keda.libsonnet').new(config),
    flux: (import 'flux.libsonnet').new(config),
    server: (import 'server.libsonnet').new(config),
    agent: (import 'agent.libsonnet').new(config),
  }, config.cluster.nameSuffix),
}

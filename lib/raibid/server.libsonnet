// raibid/server.libsonnet: the raibid-ci server (API and job dispatcher).
//
// As upstream raibid-ci configures it, the server answers the API and /health
// on SERVER_PORT and serves Prometheus metrics on its own METRICS_PORT; the
// ServiceMonitor scrapes that port (a scrape of the API port would get a 404
// and mark a healthy server down).
local k = import '../k.libsonnet';
local gitea = import 'gitea.libsonnet';

{
  labels(config):: k.labels.new('raibid-server', config.raibid.server.name, 'server', config.raibid.partOf),

  new(config)::
    local r = config.raibid;
    local c = r.server;
    {
      local this = self,
      local ns = r.namespace,
      local labels = $.labels(config),
      local svc(name) = name + '.' + ns + '.svc.cluster.local',

      // Non-secret settings; the Redis password comes from its Secret.
      settings:: {
        REDIS_URL: 'redis://' + svc(r.redis.name) + ':' + r.redis.port,
        RAIBID_QUEUE_STREAM: r.queue.stream,
        RAIBID_QUEUE_CONSUMER_GROUP: r.queue.consumerGroup,
        GITEA_URL: 'http://' + svc(r.gitea.name + '-http') + ':' + r.gitea.httpPort,
        GITEA_REGISTRY: gitea.registry(config),
        SERVER_HOST: '0.0.0.0',
        SERVER_PORT: std.toString(c.port),
        METRICS_PORT: std.toString(c.metricsPort),
        OTEL_EXPORTER_OTLP_ENDPOINT: r.otlpEndpoint,
        OTEL_SERVICE_NAME: c.name,
        RUST_LOG: 'info',
      },

      config_map: k.configMap.new(c.name, ns, this.settings, labels),

      local container =
        k.container.new('server', config.images.raibidServer)
        + k.container.withPorts([k.container.port('http', c.port), k.container.port('metrics', c.metricsPort)])
        + k.container.withEnvFrom([{ configMapRef: { name: c.name } }])
        + k.container.withEnvMixin([k.container.envFromSecret('REDIS_PASSWORD', r.redis.authSecret, 'password')])
        + k.container.withResources(c.resources.requests, c.resources.limits)
        + k.container.withProbes(
          k.container.httpProbe('/health', 'http', initialDelaySeconds=10),
          k.container.httpProbe('/health', 'http', initialDelaySeconds=5, periodSeconds=5),
        )
        + k.container.withVolumeMounts([{ name: 'tmp', mountPath: '/tmp' }]),

      deployment:
        k.deployment.new(c.name, ns, labels, [container], replicas=c.replicas)
        + k.workload.withVolumes([k.volume.emptyDir('tmp')])
        + k.workload.withConfigHash(this.settings)
        + (if c.replicas > 1 then k.workload.withTopologySpread(labels) else {}),

      service: k.service.new(c.name, ns, labels, [k.service.port('http', c.port), k.service.port('metrics', c.metricsPort)]),

      [if config.monitoring.serviceMonitors then 'service_monitor']: k.serviceMonitor.new(c.name, ns, labels, 'metrics'),

      [if c.replicas > 1 then 'pdb']: k.podDisruptionBudget.new(c.name, ns, labels),
    },

  withReplicas(n):: { deployment+: k.workload.withReplicas(n) },
  withImage(image):: { deployment+: { spec+: { template+: { spec+: {
    containers: [c { image: image } for c in super.containers],
  } } } } },
}

// raibid/agent.libsonnet: build agents as a KEDA ScaledJob. KEDA starts one
// Job per pending batch on the Redis stream (0 to maxReplicaCount at once).
// Agents push the images they build to Gitea's OCI registry with the
// credentials of a Gitea user from the `registrySecret` Secret.
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';
local gitea = import 'gitea.libsonnet';

{
  labels(config):: k.labels.new('raibid-agent', config.raibid.agent.name, 'agent', config.raibid.partOf),

  new(config):: {
    local r = config.raibid,
    local c = r.agent,
    local ns = r.namespace,
    local labels = $.labels(config),
    local redisAddress = r.redis.name + '.' + ns + '.svc.cluster.local:' + r.redis.port,

    registry_auth: secrets.new(config, c.registrySecret, ns, ['username', 'password'], labels),

    // KEDA reads Secrets of its own namespace only (keda.libsonnet), so the
    // scaler's Redis password is a copy there, from the same source (same
    // generated value, same secret-store key), and a ClusterTriggerAuthentication
    // reads it. The operator holds no right on raibid's Secrets. Its own name
    // keeps export file names (kind and name) unique; the suffix keeps another
    // environment on the same cluster (config `cluster.nameSuffix`) from sharing them.
    local kedaRedisAuth = 'keda-' + r.redis.authSecret + config.cluster.nameSuffix,
    local triggerAuthentication = c.name + '-redis' + config.cluster.nameSuffix,
    keda_redis_auth: secrets.new(config, kedaRedisAuth, r.keda.namespace, ['password'], labels, storeKey=r.redis.authSecret),

    trigger_authentication: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ClusterTriggerAuthentication',
      // Cluster-scoped: the annotation keeps Tanka from giving it the environment's namespace.
      metadata: k.metadata.new(triggerAuthentication, labels=labels, annotations={ 'tanka.dev/namespaced': 'false' }),
      spec: {
        secretTargetRef: [{ parameter: 'password', name: kedaRedisAuth, key: 'password' }],
      },
    },

    local container =
      k.container.new('agent', config.images.raibidAgent)
      + k.container.withEnvMap({
        REDIS_ADDRESS: redisAddress,
        RAIBID_QUEUE_STREAM: r.queue.stream,
        RAIBID_QUEUE_CONSUMER_GROUP: r.queue.consumerGroup,
        GITEA_URL: 'http://' + r.gitea.name + '-http.' + ns + '.svc.cluster.local:' + r.gitea.httpPort,
        // Gitea's ROOT_URL host: its token realm, and where nodes pull images from.
        GITEA_REGISTRY: gitea.registry(config),
        GITEA_REGISTRY_INSECURE: std.toString(gitea.registryInsecure(config)),
        OTEL_EXPORTER_OTLP_ENDPOINT: r.otlpEndpoint,
        OTEL_SERVICE_NAME: c.name,
      })
      + k.container.withEnvMixin([
        k.container.envFromSecret('REDIS_PASSWORD', r.redis.authSecret, 'password'),
        k.container.envFromSecret('GITEA_REGISTRY_USERNAME', c.registrySecret, 'username'),
        k.container.envFromSecret('GITEA_REGISTRY_PASSWORD', c.registrySecret, 'password'),
      ])
      + k.container.withResources(c.resources.requests, c.resources.limits)
      + k.container.withVolumeMounts([
        { name: 'workspace', mountPath: '/workspace' },
        { name: 'tmp', mountPath: '/tmp' },
      ]),

    scaled_job: {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledJob',
      metadata: k.metadata.new(c.name, ns, labels),
      spec: {
        pollingInterval: c.pollingInterval,
        minReplicaCount: c.minReplicaCount,
        maxReplicaCount: c.maxReplicaCount,
        successfulJobsHistoryLimit: 5,
        failedJobsHistoryLimit: 5,
        jobTargetRef: {
          parallelism: 1,
          completions: 1,
          backoffLimit: 0,
          activeDeadlineSeconds: c.activeDeadlineSeconds,
          ttlSecondsAfterFinished: c.ttlSecondsAfterFinished,
          template: {
            metadata: { labels: labels },
            spec: k.podSpec.new([container]) + {
              restartPolicy: 'Never',
              volumes: [k.volume.emptyDir('workspace', '10Gi'), k.volume.emptyDir('tmp')],
            },
          },
        },
        triggers: [{
          type: 'redis-streams',
          metadata: {
            address: redisAddress,
            stream: r.queue.stream,
            consumerGroup: r.queue.consumerGroup,
            lagCount: std.toString(r.queue.lagCount),
          },
          authenticationRef: { name: triggerAuthentication, kind: 'ClusterTriggerAuthentication' },
        }],
      },
    },
  },

  withMaxJobs(n):: { scaled_job+: { spec+: { maxReplicaCount: n } } },
  withImage(image):: { scaled_job+: { spec+: { jobTargetRef+: { template+: { spec+: {
    containers: [c { image: image } for c in super.containers],
  } } } } } },
}

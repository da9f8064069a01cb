// raibid/redis.libsonnet: the job queue (Redis Streams), as plain Jsonnet.
// Queue metrics come from a redis_exporter sidecar (see below).
//
// Why Valkey and not a chart: the Bitnami Redis chart's images are being
// withdrawn from Docker Hub, and Redis itself left open source with 7.4.
// Valkey is the BSD-licensed fork, speaks the same protocol (Streams,
// consumer groups), and its official image runs as an unprivileged user. A
// single standalone StatefulSet is all the queue needs, so no chart.
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';
local util = import '../util.libsonnet';
local net = import 'network.libsonnet';

{
  new(config):: {
    local this = self,
    local c = config.raibid.redis,
    local ns = config.raibid.namespace,
    local labels = k.labels.new('valkey', c.name, 'queue', config.raibid.partOf),
    local uid = 999,  // the `valkey` user of the official image
    local gid = 1000,

    // Queues must not lose entries: no eviction, append-only file on the volume.
    config:: {
      appendonly: 'yes',
      appendfsync: 'everysec',
      dir: '/data',
      maxmemory: c.maxMemory,
      'maxmemory-policy': 'noeviction',
      'stream-node-max-entries': '100',
      'protected-mode': 'no',
    },

    auth: secrets.new(config, c.authSecret, ns, ['password'], labels),

    config_map: k.configMap.new(c.name + '-config', ns, {
      'valkey.conf': std.join('\n', [key + ' ' + this.config[key] for key in std.objectFields(this.config)]) + '\n',
    }, labels),

    local container =
      k.container.new('valkey', config.images.valkey)
      + k.container.withCommand(['valkey-server'])
      // $(VAR) is expanded by the kubelet from the container's env.
      + k.container.withArgs(['/etc/valkey/valkey.conf', '--requirepass', '$(REDIS_PASSWORD)'])
      + k.container.withPorts([k.container.port('redis', c.port)])
      + k.container.withEnvMixin([k.container.envFromSecret('REDIS_PASSWORD', c.authSecret, 'password')])
      + k.container.withResources(c.resources.requests, c.resources.limits)
      + k.container.withProbes(
        { tcpSocket: { port: 'redis' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        k.container.execProbe(['sh', '-c', 'valkey-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'], initialDelaySeconds=5),
      )
      + k.container.withVolumeMounts([
        { name: 'data', mountPath: '/data' },
        { name: 'config', mountPath: '/etc/valkey', readOnly: true },
      ]),

    // Queue metrics (stream length, consumer-group lag and pending entries)
    // for the raibid dashboard and alerts, from redis_exporter beside Valkey.
    // CHECK_SINGLE_STREAMS reads the named stream directly (no SCAN).
    local exporter =
      k.container.new('exporter', config.images.redisExporter)
      + k.container.withPorts([k.container.port('metrics', c.exporterPort)])
      + k.container.withEnvMap({
        REDIS_ADDR: 'redis://localhost:' + c.port,
        REDIS_EXPORTER_CHECK_SINGLE_STREAMS: config.raibid.queue.stream,
      })
      + k.container.withEnvMixin([k.container.envFromSecret('REDIS_PASSWORD', c.authSecret, 'password')])
      + k.container.withResources(c.exporterResources.requests, c.exporterResources.limits)
      + k.container.withProbes(
        { tcpSocket: { port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
        { tcpSocket: { port: 'metrics' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      ),

    // Standalone, as the requirements ask: the stream and its consumer group
    // live in one instance (AOF on the volume); replicas would need Sentinel.
    statefulset: util.withSingleInstance(
      k.statefulSet.new(c.name, ns, labels, [container, exporter], serviceName=c.name, volumeClaimTemplates=[
        k.pvc.new('data', c.storage, c.storageClassName),
      ])
      + k.workload.withVolumes([k.volume.configMap('config', c.name + '-config')])
      + k.workload.withPodSecurityContext(k.securityContext.pod(uid) + { runAsGroup: gid, fsGroup: gid })
      + k.workload.withConfigHash(this.config),
      'standalone Valkey (REQUIREMENTS: Redis standalone): the job stream lives in one instance; replication would need Sentinel',
    ),

    service: k.service.new(c.name, ns, labels, [
      k.service.port('redis', c.port),
      k.service.port('metrics', c.exporterPort),
    ]),

    [if config.monitoring.serviceMonitors then 'service_monitor']: k.serviceMonitor.new(c.name, ns, labels, 'metrics'),

    // The queue: the server and agents use the stream, KEDA's operator reads
    // its lag; Prometheus scrapes the exporter.
    network_policy: k.networkPolicy.new(c.name, ns, labels, [
      k.networkPolicy.rule([net.server(config), net.agents(config), net.kedaOperator(config)], [c.port]),
      k.networkPolicy.rule([net.prometheus(config)], [c.exporterPort]),
    ]),
  },
}

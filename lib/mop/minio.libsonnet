// mop/minio.libsonnet: S3-compatible object storage for local and dev, as
// plain Jsonnet (the upstream MinIO chart is no longer maintained, and we
// need exactly one bucket set, one user and one policy per store).
//
// Each store (Loki, Tempo, Mimir) gets its own user whose policy allows only
// its own buckets, so a leaked credential exposes one store, not the others.
// A setup Job (named after a hash of what it creates, so a change runs a new
// Job) creates buckets, policies and users with `mc`, reading every
// credential from Secrets.
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';

local policy(buckets) = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
      Resource: ['arn:aws:s3:::' + b for b in buckets],
    },
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: ['arn:aws:s3:::' + b + '/*' for b in buckets],
    },
  ],
};

{
  new(config)::
    local m = config.mop;
    local c = m.minio;
    local ns = m.namespace;
    local labels = k.labels.new('minio', c.name, 'object-storage', m.partOf);
    local setupLabels = k.labels.new('minio', c.name, 'object-storage-setup', m.partOf);
    local stores = std.objectFields(m.s3.stores);
    local bucketsOf(store) = std.objectValues(m.s3.stores[store].buckets);
    local envName(store, key) = std.asciiUpper(store) + '_' + key;
    {
      local this = self,
      root: secrets.new(config, c.rootSecret, ns, ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'], labels),

      policies:: { [store]: policy(bucketsOf(store)) for store in stores },

      policies_config_map: k.configMap.new(c.name + '-policies', ns, {
        [store + '.json']: std.manifestJsonEx(this.policies[store], '  ')
        for store in stores
      }, setupLabels),

      local server =
        k.container.new('minio', config.images.minio)
        + k.container.withArgs(['server', '/data', '--address', ':9000', '--console-address', ':9001'])
        + k.container.withPorts([k.container.port('s3', 9000), k.container.port('console', 9001)])
        + k.container.withEnvFrom([{ secretRef: { name: c.rootSecret } }])
        + k.container.withEnvMap({ MINIO_PROMETHEUS_AUTH_TYPE: 'public' })
        + k.container.withResources(c.resources.requests, c.resources.limits)
        + k.container.withProbes(
          k.container.httpProbe('/minio/health/live', 's3'),
          k.container.httpProbe('/minio/health/ready', 's3', initialDelaySeconds=5),
        )
        + k.container.withVolumeMounts([
          { name: 'data', mountPath: '/data' },
          { name: 'tmp', mountPath: '/tmp' },
        ]),

      statefulset:
        k.statefulSet.new(c.name, ns, labels, [server], serviceName=c.name, volumeClaimTemplates=[
          k.pvc.new('data', c.storage, c.storageClassName),
        ])
        + k.workload.withVolumes([k.volume.emptyDir('tmp')])
        + k.workload.withPodSecurityContext(k.securityContext.pod(1000, fsGroup=1000)),

      service: k.service.new(c.name, ns, labels, [
        k.service.port('s3', 9000),
        k.service.port('console', 9001),
      ]),

      // MinIO serves its metrics unauthenticated (MINIO_PROMETHEUS_AUTH_TYPE=public) on the S3 port.
      [if config.monitoring.serviceMonitors then 'service_monitor']: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: k.metadata.new(c.name, ns, labels),
        spec: {
          selector: { matchLabels: k.labels.selector(labels) },
          endpoints: [{ port: 's3', path: '/minio/v2/metrics/cluster', interval: '60s' }],
        },
      },

      // Creates buckets, per-store policies and users. Idempotent.
      script:: std.join('\n', [
        'set -eu',
        'mc alias set platform "http://%s.%s.svc.cluster.local:9000" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"' % [c.name, ns],
      ] + std.flattenArrays([
        ['mc mb --ignore-existing platform/' + b for b in bucketsOf(store)] + [
          'mc admin policy create platform %s /policies/%s.json' % [store, store],
          'mc admin user add platform "$%s" "$%s"' % [envName(store, 'ACCESS_KEY_ID'), envName(store, 'SECRET_ACCESS_KEY')],
          'mc admin policy attach platform %s --user "$%s" || true' % [store, envName(store, 'ACCESS_KEY_ID')],
        ]
        for store in stores
      ])) + '\n',

      local setup =
        k.container.new('setup', config.images.mc)
        + k.container.withCommand(['/bin/sh', '-c', this.script])
        + k.container.withEnvFrom([{ secretRef: { name: c.rootSecret } }])
        + k.container.withEnvMixin(std.flattenArrays([
          [
            k.container.envFromSecret(envName(store, 'ACCESS_KEY_ID'), m.s3.stores[store].secret, 'AWS_ACCESS_KEY_ID'),
            k.container.envFromSecret(envName(store, 'SECRET_ACCESS_KEY'), m.s3.stores[store].secret, 'AWS_SECRET_ACCESS_KEY'),
          ]
          for store in stores
        ]))
        + k.container.withEnvMap({ MC_CONFIG_DIR: '/tmp/.mc' })
        + k.container.withResources({ cpu: '50m', memory: '64Mi' }, { cpu: '200m', memory: '128Mi' })
        + k.container.withVolumeMounts([
          { name: 'policies', mountPath: '/policies', readOnly: true },
          { name: 'tmp', mountPath: '/tmp' },
        ]),

      setup_job: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: k.metadata.new(
          c.name + '-setup-' + std.substr(std.md5(this.script + std.toString(this.policies)), 0, 8), ns, setupLabels
        ),
        spec: {
          backoffLimit: 10,
          ttlSecondsAfterFinished: 86400,
          template: {
            metadata: { labels: setupLabels },
            spec: k.podSpec.new([setup]) + {
              restartPolicy: 'OnFailure',
              volumes: [k.volume.configMap('policies', c.name + '-policies'), k.volume.emptyDir('tmp')],
            },
          },
        },
      },
    },
}

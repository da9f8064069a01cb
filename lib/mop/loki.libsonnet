// mop/loki.libsonnet: Loki from the grafana-community chart.
//
// Modes: 'Monolithic' (one binary; local) or 'SimpleScalable' (read, write
// and backend targets; dev and up). Chunks and the TSDB index live in S3
// (own buckets, own credentials: the `loki-s3` Secret reaches the pods as
// environment variables and the config references ${AWS_*}, which the chart
// expands with -config.expand-env). The gateway Service listens on 3100.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local m = config.mop;
    local c = m.loki;
    local store = m.s3.stores.loki;
    local scalable = c.mode == 'SimpleScalable';
    assert std.member(['Monolithic', 'SimpleScalable'], c.mode) : 'config: mop.loki.mode must be Monolithic or SimpleScalable';
    // A target that does not run in this mode gets only `replicas: 0` (its other values would
    // be read by nothing). The chart makes a PVC when either `persistence.enabled` or
    // `volumeClaimsEnabled` is true: the single binary defaults to `enabled`, write and
    // backend to `volumeClaimsEnabled`, so each target sets the key its chart reads.
    local target(replicas, size, claimKey) =
      { replicas: replicas }
      + if replicas == 0 then {} else {
        resources: c.resources,
        persistence: { [claimKey]: c.persistence }
                     + if c.persistence then { size: size, storageClass: m.storageClassName } else {},
      };
    {
      local this = self,
      values:: {
        deploymentMode: c.mode,
        loki: {
          auth_enabled: false,
          commonConfig: { replication_factor: c.replicationFactor },
          schemaConfig: {
            configs: [{
              from: '2024-04-01',
              store: 'tsdb',
              object_store: 's3',
              schema: 'v13',
              index: { prefix: 'loki_index_', period: '24h' },
            }],
          },
          storage: {
            type: 's3',
            bucketNames: store.buckets,
            s3: {
              endpoint: m.s3.endpoint,
              region: m.s3.region,
              accessKeyId: '${AWS_ACCESS_KEY_ID}',
              secretAccessKey: '${AWS_SECRET_ACCESS_KEY}',
              s3ForcePathStyle: true,
              insecure: m.s3.insecure,
            },
          },
          limits_config: {
            retention_period: c.retention,
            ingestion_rate_mb: c.ingestionRateMB,
            ingestion_burst_size_mb: 2 * c.ingestionRateMB,
            max_query_lookback: c.retention,
          },
          compactor: {
            retention_enabled: true,
            delete_request_store: 's3',
            compaction_interval: '10m',
          },
        },
        defaults: {
          extraEnvFrom: [{ secretRef: { name: store.secret } }],
        },
        singleBinary: target(if scalable then 0 else c.replicas.single, c.storage.single, 'enabled'),
        // The read target is stateless (a Deployment): no volume to set.
        read: { replicas: if scalable then c.replicas.read else 0 } + if scalable then { resources: c.resources } else {},
        write: target(if scalable then c.replicas.write else 0, c.storage.write, 'volumeClaimsEnabled'),
        backend: target(if scalable then c.replicas.backend else 0, c.storage.backend, 'volumeClaimsEnabled'),
        gateway: {
          replicas: c.replicas.gateway,
          service: { port: c.port },
          resources: c.gatewayResources,
        },
        sidecar: { resources: c.sidecarResources },
        // The caches default to many GiB of memory: off unless sized for it.
        chunksCache: { enabled: false },
        resultsCache: { enabled: false },
        lokiCanary: { enabled: false },
        test: { enabled: false },
        monitoring: { serviceMonitor: { enabled: config.monitoring.serviceMonitors } },
      },

      chart: util.withHighAvailability(util.withDefaultResources(util.withTcpLivenessProbes(util.withDefaultLabels(util.withNamespace(helm.template('loki', '../../charts/' + config.charts.loki, {
        namespace: m.namespace,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), m.namespace), k.labels.new('loki', 'loki', 'logs', m.partOf, managedBy='Helmraiser'))), c.sidecarResources)),
    },
}

// mop/mimir.libsonnet: Mimir from the grafana mimir-distributed chart.
//
// Small in local and dev (one replica per component, no caches, no zone
// awareness), distributed with HA in production (ingesters x3 with
// replication factor 3, everything else x2, PodDisruptionBudgets from the
// chart). Remote write on /api/v1/push and PromQL under /prometheus, both
// through the gateway Service on 8080. The ruler and alertmanager are off:
// alerts take one path, Prometheus to kube-prometheus-stack's Alertmanager
// (mop/alerting.libsonnet). Blocks are in S3 in the store's own bucket (the
// ruler and alertmanager buckets stay configured, for whoever turns them on),
// with the `mimir-s3` Secret's AWS_* variables expanded into the config by
// Mimir itself (-config.expand-env).
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local m = config.mop;
    local c = m.mimir;
    local store = m.s3.stores.mimir;
    local component(replicas) = { replicas: replicas, resources: c.resources };
    local zoned(replicas) = component(replicas) { zoneAwareReplication: { enabled: false } };
    local volume(size) = { enabled: c.persistence, size: size, storageClass: m.storageClassName };
    {
      local this = self,
      structuredConfig:: {
        multitenancy_enabled: false,
        common: {
          storage: {
            backend: 's3',
            s3: {
              endpoint: m.s3.endpoint,
              region: m.s3.region,
              insecure: m.s3.insecure,
              access_key_id: '${AWS_ACCESS_KEY_ID}',
              secret_access_key: '${AWS_SECRET_ACCESS_KEY}',
            },
          },
        },
        blocks_storage: { s3: { bucket_name: store.buckets.blocks } },
        ruler_storage: { s3: { bucket_name: store.buckets.ruler } },
        alertmanager_storage: { s3: { bucket_name: store.buckets.alertmanager } },
        ingester: { ring: { replication_factor: c.replicationFactor } },
        limits: {
          compactor_blocks_retention_period: c.retention,
          ingestion_rate: c.ingestionRate,
          ingestion_burst_size: 2 * c.ingestionRate,
          max_global_series_per_user: c.maxSeries,
          // Exemplars from remote write (Prometheus, Tempo's metrics generator) link panels to traces.
          max_global_exemplars_per_user: c.maxExemplars,
        },
      },

      values:: {
        global: { extraEnvFrom: [{ secretRef: { name: store.secret } }] },
        mimir: { structuredConfig: this.structuredConfig },
        minio: { enabled: false },
        rollout_operator: { enabled: false },
        nginx: { enabled: false },
        gateway: {
          enabledNonEnterprise: true,
          replicas: c.replicas.gateway,
          // No legacy port: it repeats 8080, which server-side apply (Tilt) refuses as a duplicate key.
          service: { port: c.port, legacyPort: null },
          resources: c.gatewayResources,
        },
        distributor: component(c.replicas.distributor),
        ingester: zoned(c.replicas.ingester) { persistentVolume: volume(c.storage.ingester) },
        querier: component(c.replicas.querier),
        query_frontend: component(c.replicas.queryFrontend),
        query_scheduler: component(c.replicas.queryScheduler),
        store_gateway: zoned(c.replicas.storeGateway) { persistentVolume: volume(c.storage.storeGateway) },
        compactor: component(c.replicas.compactor) { persistentVolume: volume(c.storage.compactor) },
        // Alerting is Prometheus and kube-prometheus-stack's Alertmanager (mop/alerting.libsonnet).
        ruler: { enabled: false },
        alertmanager: { enabled: false },
        overrides_exporter: component(c.replicas.overridesExporter),
        'chunks-cache': { enabled: c.caches, replicas: c.replicas.cache },
        'index-cache': { enabled: c.caches, replicas: c.replicas.cache },
        'metadata-cache': { enabled: c.caches, replicas: c.replicas.cache },
        'results-cache': { enabled: c.caches, replicas: c.replicas.cache },
        metaMonitoring: { serviceMonitor: { enabled: config.monitoring.serviceMonitors } },
      },

      chart: util.withHighAvailability(util.withDefaultResources(util.withTcpProbes(util.withTcpLivenessProbes(util.withDefaultLabels(util.withNamespace(helm.template('mimir', '../../charts/' + config.charts.mimir, {
        namespace: m.namespace,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), m.namespace), k.labels.new('mimir', 'mimir', 'metrics', m.partOf, managedBy='Helmraiser')))), c.sidecarResources)),
    },
}

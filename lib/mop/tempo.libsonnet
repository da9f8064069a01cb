// mop/tempo.libsonnet: Tempo, monolithic, from the grafana-community chart.
//
// OTLP gRPC 4317 and HTTP 4318 listen on all interfaces (since Tempo 2.7 the
// receivers bind to localhost unless told otherwise), queries on 3200. Traces
// go to S3 in Tempo's own bucket; the credentials reach the pod as the
// standard AWS_* environment variables from the `tempo-s3` Secret, which
// Tempo's S3 client reads itself, so no key appears in the config. The
// metrics generator writes service-graph and span metrics to Mimir (for
// Grafana's service map and traces-to-metrics).
//
// Production uses this monolithic chart too (one replica, WAL on a PVC),
// rather than tempo-distributed (vendored, 3.3.0 / Tempo 3.0): Tempo 3's
// microservices mode requires Kafka (distributors write spans to a Kafka
// topic; block-builders and live-stores consume its partitions), and this
// platform runs no Kafka. Adding a Kafka cluster to scale one store is more
// moving parts than the trace volume here justifies; losing the single
// Tempo pod delays ingestion (clients retry) but loses no stored traces (S3).
// When a Kafka exists, tempo-distributed is the path to a scalable layout;
// the StatefulSet carries validate.platform opt-outs saying so.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local m = config.mop;
    local c = m.tempo;
    local store = m.s3.stores.tempo;
    {
      local this = self,
      values:: {
        replicas: 1,
        tempo: {
          resources: c.resources,
          retention: c.retention,
          reportingEnabled: false,
          multitenancyEnabled: false,
          server: { http_listen_port: c.port },
          receivers: {
            otlp: { protocols: {
              grpc: { endpoint: '0.0.0.0:4317' },
              http: { endpoint: '0.0.0.0:4318' },
            } },
          },
          storage: {
            trace: {
              backend: 's3',
              s3: {
                bucket: store.buckets.traces,
                endpoint: m.s3.endpoint,
                region: m.s3.region,
                insecure: m.s3.insecure,
                forcepathstyle: true,
              },
              'local': null,
              // The root filesystem is read-only: the WAL lives on the PVC, or on the /tmp emptyDir.
              wal: { path: if c.persistence then '/var/tempo/wal' else '/tmp/tempo-wal' },
            },
          },
          metricsGenerator: {
            enabled: true,
            remoteWriteUrl: m.mimir.pushUrl,
          },
          overrides: {
            defaults: { metrics_generator: { processors: ['service-graphs', 'span-metrics'] } },
          },
          extraEnvFrom: [{ secretRef: { name: store.secret } }],
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
        },
        persistence: { enabled: c.persistence, size: c.storage },
        serviceMonitor: { enabled: config.monitoring.serviceMonitors },
      },

      chart: util.withDefaultLabels(util.withNamespace(helm.template('tempo', '../../charts/tempo', {
        namespace: m.namespace,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), m.namespace), k.labels.new('tempo', 'tempo', 'traces', m.partOf, managedBy='Helmraiser')) + {
        // The chart's selector includes managed-by: Helm, chart and version labels, which the
        // Service (rendered by Tanka, managed-by Helmraiser) does not carry: select on the stable ones.
        stateful_set_tempo: util.withSingleInstance(super.stateful_set_tempo, "monolithic Tempo (see this file's header): replicas do not share a ring, so a second one would split traces; the WAL is on a PVC and blocks in S3"),
        [if config.monitoring.serviceMonitors then 'service_monitor_tempo']+: {
          spec+: { selector: { matchLabels: {
            'app.kubernetes.io/name': 'tempo',
            'app.kubernetes.io/instance': 'tempo',
          } } },
        },
      },
    },
}

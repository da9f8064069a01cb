// mop/tempo.libsonnet: Tempo, monolithic or distributed (config.mop.tempo.mode).
//
// Both modes: OTLP gRPC 4317 and HTTP 4318 listen on all interfaces (since
// Tempo 2.7 the receivers bind to localhost unless told otherwise), queries
// on 3200. Traces go to S3 in Tempo's own bucket; the credentials reach the
// pods as the standard AWS_* environment variables from the `tempo-s3`
// Secret, which Tempo's S3 client reads itself, so no key appears in the
// config. The metrics generator writes service-graph and span metrics to
// Mimir (Grafana's service map and traces-to-metrics). `endpoints(config)`
// is where Grafana and Alloy reach Tempo in either mode.
//
// - monolithic (local, dev): the grafana-community `tempo` chart (Tempo
//   2.10), one pod; its WAL on a PVC or an emptyDir.
// - distributed (staging, production): the grafana-community
//   `tempo-distributed` chart 3.x (Tempo 3), the maintained chart for a
//   scalable Tempo. Tempo 3's microservices write through Kafka:
//   distributors produce spans to a topic; block-builders (one per
//   partition) cut blocks into S3, live-stores (one per partition) serve the
//   last minutes, metrics-generators consume it too; querier and
//   query-frontend scale on their own; the backend scheduler and workers
//   compact and apply retention. Kafka comes from mop/kafka.libsonnet unless
//   config.mop.kafka.external names brokers. The alternative without Kafka,
//   grafana/tempo-distributed 1.x (Tempo 2.9), is deprecated and older than
//   the Tempo that dev runs, so it was not chosen.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

local distributed(config) = config.mop.tempo.mode == 'distributed';

// What both charts need to know about receivers, storage and the generator.
local common(config) = {
  local m = config.mop,
  local store = m.s3.stores.tempo,
  receivers: {
    otlp: { protocols: {
      grpc: { endpoint: '0.0.0.0:4317' },
      http: { endpoint: '0.0.0.0:4318' },
    } },
  },
  s3: {
    bucket: store.buckets.traces,
    endpoint: m.s3.endpoint,
    region: m.s3.region,
    insecure: m.s3.insecure,
    forcepathstyle: true,
  },
  overrides: { defaults: { metrics_generator: { processors: ['service-graphs', 'span-metrics'] } } },
  // Span metrics carry exemplars (label traceID) that link panels to traces.
  remoteWrite: [{ url: m.mimir.pushUrl, send_exemplars: true }],
  credentials: [{ secretRef: { name: store.secret } }],
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
};

local chartOptions(config) = {
  namespace: config.mop.namespace,
  skipTests: true,
  kubeVersion: config.cluster.kubeVersion,
  apiVersions: config.cluster.apiVersions,
};

local labels(config) = k.labels.new('tempo', 'tempo', 'traces', config.mop.partOf, managedBy='Helmraiser');

// helm.template marks every object managed-by Helmraiser, but the charts'
// ServiceMonitors select Services on managed-by: Helm (and chart/version
// labels): select on the stable labels instead.
local monitorOnStableLabels(o) =
  if o.kind == 'ServiceMonitor' then
    local sel = o.spec.selector.matchLabels;
    o { spec+: { selector: { matchLabels: {
      [l]: sel[l]
      for l in std.objectFields(sel)
      if std.member(['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component'], l)
    } } } }
  else o;

local monolithic(config) = {
  local this = self,
  local m = config.mop,
  local c = m.tempo,
  local shared = common(config),
  values:: {
    replicas: 1,
    tempo: {
      resources: c.resources,
      retention: c.retention,
      reportingEnabled: false,
      multitenancyEnabled: false,
      server: { http_listen_port: c.port },
      receivers: shared.receivers,
      storage: {
        trace: {
          backend: 's3',
          s3: shared.s3,
          'local': null,
          // The root filesystem is read-only: the WAL lives on the PVC, or on the /tmp emptyDir.
          wal: { path: if c.persistence then '/var/tempo/wal' else '/tmp/tempo-wal' },
        },
      },
      metricsGenerator: {
        enabled: true,
        storage+: { remote_write: shared.remoteWrite },
      },
      // Grafana's Tempo datasource streams search results (datasources.libsonnet).
      streamOverHttpEnabled: true,
      overrides: shared.overrides,
      extraEnvFrom: shared.credentials,
      securityContext: shared.securityContext,
    },
    persistence: { enabled: c.persistence, size: c.storage, storageClassName: m.storageClassName },
    serviceMonitor: { enabled: config.monitoring.serviceMonitors },
  },

  chart: util.mapObjects(util.withDefaultLabels(util.withNamespace(
    helm.template('tempo', '../../charts/' + config.charts.tempo, chartOptions(config) { values: this.values }), m.namespace
  ), labels(config)), monitorOnStableLabels) + {
    stateful_set_tempo: util.withSingleInstance(super.stateful_set_tempo, 'monolithic Tempo (local and dev; see mop/tempo.libsonnet): replicas do not share a ring, so a second one would split traces; blocks are in S3'),
  },
};

local microservices(config) = {
  local this = self,
  local m = config.mop,
  local c = m.tempo,
  local shared = common(config),
  local component(replicas) = { replicas: replicas, resources: c.resources },
  local kafka = m.kafka,
  local grpcPort = { name: 'grpc', containerPort: 9095, protocol: 'TCP' },
  kafkaAddress:: if kafka.external != null then kafka.external
  else '%s.%s.svc.cluster.local:%d' % [kafka.name, m.namespace, kafka.port],

  values:: {
    reportingEnabled: false,
    multitenancyEnabled: false,
    server: { httpListenPort: c.port },
    // Grafana's Tempo datasource streams search results (datasources.libsonnet).
    streamOverHTTPEnabled: true,
    tempo: { securityContext+: shared.securityContext },
    // Every Tempo pod (not memcached) reads the store's credentials.
    defaults: { extraEnvFrom: shared.credentials },
    traces: { otlp: { grpc: { enabled: true }, http: { enabled: true } } },
    storage: { trace: { backend: 's3', s3: shared.s3 } },
    overrides: shared.overrides,
    ingest: { kafka: {
      address: this.kafkaAddress,
      topic: 'tempo-traces',
      auto_create_topic_enabled: true,
      auto_create_topic_default_partitions: c.partitions,
    } },
    // Their Services target gRPC 9095, on which Tempo listens but which the chart does not declare.
    distributor: component(c.replicas.distributor) { extraPorts: [grpcPort] },
    blockBuilder: component(c.partitions),
    liveStore: component(c.partitions),
    querier: component(c.replicas.querier) { extraPorts: [grpcPort] },
    queryFrontend: component(c.replicas.queryFrontend),
    metricsGenerator: component(c.replicas.metricsGenerator) {
      enabled: true,
      config+: { storage+: { remote_write: shared.remoteWrite } },
    },
    // A single scheduler: the chart has no replica count for it.
    backendScheduler: { resources: c.resources } {
      config+: { provider+: { compaction+: { compaction+: { block_retention: c.retention } } } },
    },
    // The chart's PDB template reads these keys, which its values.yaml lacks.
    backendWorker: component(c.replicas.backendWorker) { podDisruptionBudget: { enabled: true }, maxUnavailable: 1 },
    memcached: { replicas: c.replicas.memcached, resources: c.sidecarResources },
    // The memcached Service targets the exporter's port whether it runs or not: run it.
    memcachedExporter: { enabled: true, resources: c.sidecarResources },
    metaMonitoring: { serviceMonitor: { enabled: config.monitoring.serviceMonitors } },
  },

  chart: util.withHighAvailability(util.withDefaultResources(util.withTcpProbes(util.mapObjects(util.withDefaultLabels(util.withNamespace(
    helm.template('tempo', '../../charts/' + config.charts.tempoDistributed, chartOptions(config) { values: this.values }), m.namespace
  ), labels(config)), monitorOnStableLabels)), c.sidecarResources)) + {
    stateful_set_tempo_backend_scheduler: util.withSingleInstance(super.stateful_set_tempo_backend_scheduler, 'the backend scheduler hands out compaction and retention jobs and runs once by design; while it is away compaction pauses, ingestion and queries do not'),
  },
};

{
  // Where clients reach Tempo: `query` (Grafana's datasource URL) and
  // `otlpGrpc` (host:port for OTLP exporters such as Alloy's).
  endpoints(config):: {
    local m = config.mop,
    local host(name) = '%s.%s.svc.cluster.local' % [name, m.namespace],
    query: 'http://%s:%d' % [host(if distributed(config) then 'tempo-query-frontend' else 'tempo'), m.tempo.port],
    otlpGrpc: '%s:4317' % host(if distributed(config) then 'tempo-distributor' else 'tempo'),
  },

  new(config)::
    local mode = config.mop.tempo.mode;
    if mode == 'monolithic' then monolithic(config)
    else if mode == 'distributed' then microservices(config)
    else error "config: mop.tempo.mode must be 'monolithic' or 'distributed', not '%s'" % mode,

  // The in-cluster Kafka runs where Tempo is distributed and no external one is named.
  needsKafka(config):: distributed(config) && config.mop.kafka.external == null,
}

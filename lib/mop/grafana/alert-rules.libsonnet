// mop/grafana/alert-rules.libsonnet: the platform's alert rules as data.
// `.prometheus` is the Prometheus rule-file form: mop/alerting.libsonnet
// ships it as a PrometheusRule (Prometheus evaluates it, Alertmanager routes
// the alerts), and `promtool check rules` / `promtool test rules` check it
// (tests/mop/grafana).
//
// Each rule: { alert, expr, for, severity: critical|warning, summary }.
// `expr` is PromQL whose result series are the firing alerts; `summary`
// may use Prometheus/Grafana templates ({{ $labels.x }}, {{ $value }}).
//
// `params` default to config.libsonnet's defaults; mop/alerting.libsonnet
// sets them from the environment's config:  rules + { params+:: {...} }.
{
  params:: {
    namespaces: ['mop', 'raibid', 'keda'],  // whose scrape targets must be up
    raibidNamespace: 'raibid',
    agent: 'raibid-agent',  // the ScaledJob; its Jobs are named <agent>-<suffix>
    stream: 'raibid:jobs',
  },
  local this = self,
  local p = this.params,
  local ns = 'namespace=~"%s"' % std.join('|', p.namespaces),

  groups: [
    {
      name: 'mop-ingestion',
      rules: [
        {
          alert: 'LokiIngestionErrors',
          expr: 'sum by (namespace) (rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|otlp_v1_logs", status_code=~"5.."}[5m])) > 0.1',
          'for': '5m',
          severity: 'critical',
          summary: 'Loki in {{ $labels.namespace }} fails {{ $value }} pushes per second.',
        },
        {
          alert: 'LokiDiscardingLogs',
          expr: 'sum by (namespace, reason) (rate(loki_discarded_samples_total[5m])) > 0',
          'for': '10m',
          severity: 'warning',
          summary: 'Loki in {{ $labels.namespace }} discards log lines ({{ $labels.reason }}).',
        },
        {
          alert: 'TempoDiscardingSpans',
          expr: 'sum by (namespace, reason) (rate(tempo_discarded_spans_total[5m])) > 0',
          'for': '10m',
          severity: 'warning',
          summary: 'Tempo in {{ $labels.namespace }} discards spans ({{ $labels.reason }}).',
        },
        {
          // Distributed Tempo: block-builders, live-stores and metrics generators read
          // spans from Kafka; a consumer far behind means traces are not (yet) stored.
          alert: 'TempoKafkaConsumerLagging',
          expr: 'max by (namespace, group) (tempo_ingest_group_partition_lag_seconds) > 600',
          'for': '10m',
          severity: 'warning',
          summary: 'Tempo {{ $labels.group }} in {{ $labels.namespace }} is {{ $value }}s behind the Kafka topic.',
        },
        {
          // A broker is missing or behind: one more loss and writes (acks=all) stop.
          alert: 'KafkaUnderReplicatedPartitions',
          expr: 'sum by (namespace, topic) (kafka_topic_partition_under_replicated_partition) > 0',
          'for': '10m',
          severity: 'warning',
          summary: 'Kafka in {{ $labels.namespace }}: {{ $value }} partitions of {{ $labels.topic }} are under-replicated.',
        },
        {
          alert: 'MimirIngestionErrors',
          expr: 'sum by (namespace) (rate(cortex_request_duration_seconds_count{route=~"api_v1_push|otlp_v1_metrics", status_code=~"5.."}[5m])) > 0.1',
          'for': '5m',
          severity: 'critical',
          summary: 'Mimir in {{ $labels.namespace }} fails {{ $value }} pushes per second.',
        },
        {
          alert: 'MimirDiscardingSamples',
          expr: 'sum by (namespace, reason) (rate(cortex_discarded_samples_total[5m])) > 0',
          'for': '10m',
          severity: 'warning',
          summary: 'Mimir in {{ $labels.namespace }} discards samples ({{ $labels.reason }}).',
        },
      ],
    },
    {
      name: 'mop-availability',
      rules: [
        {
          alert: 'PlatformComponentDown',
          expr: 'up{%s} == 0' % ns,
          'for': '5m',
          severity: 'critical',
          summary: '{{ $labels.job }} target {{ $labels.instance }} in {{ $labels.namespace }} is down.',
        },
      ],
    },
    {
      // Full volumes and filesystems: the upstream mixins' KubePersistentVolumeFillingUp
      // (kubernetes) and NodeFilesystem* (node) alerts; failing remote write: the Prometheus
      // mixin's PrometheusRemoteStorageFailures (mop/mixins.libsonnet).
      name: 'mop-resources',
      rules: [
        {
          alert: 'ContainerCpuNearLimit',
          expr: 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!=""}[5m])) / sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="cpu"}) > 0.9',
          'for': '15m',
          severity: 'warning',
          summary: '{{ $labels.namespace }}/{{ $labels.pod }} {{ $labels.container }} uses over 90% of its CPU limit.',
        },
        {
          alert: 'ContainerMemoryNearLimit',
          expr: 'sum by (namespace, pod, container) (container_memory_working_set_bytes{container!=""}) / sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory"}) > 0.9',
          'for': '15m',
          severity: 'warning',
          summary: '{{ $labels.namespace }}/{{ $labels.pod }} {{ $labels.container }} uses over 90% of its memory limit.',
        },
      ],
    },
    {
      name: 'raibid-ci',
      rules: [
        {
          alert: 'RaibidAgentJobsFailing',
          expr: 'count by (namespace) (kube_job_status_failed{namespace="%s", job_name=~"%s-.*"} > 0) > 0' % [p.raibidNamespace, p.agent],
          'for': '5m',
          severity: 'warning',
          summary: '{{ $value }} raibid agent jobs failed in {{ $labels.namespace }}.',
        },
        {
          // KEDA >= 2.14 counts scaler errors per scaler in keda_scaler_detail_errors_total
          // (labels namespace, scaledObject = the ScaledJob's name, scaler, type="scaledjob").
          alert: 'RaibidScaledJobErrors',
          expr: 'sum by (namespace, scaledObject) (rate(keda_scaler_detail_errors_total{namespace="%s"}[5m])) > 0' % p.raibidNamespace,
          'for': '10m',
          severity: 'warning',
          summary: 'KEDA cannot read the scaler of {{ $labels.scaledObject }}: agents do not scale.',
        },
        {
          alert: 'RaibidQueueLagGrowing',
          expr: 'sum by (stream, group) (redis_stream_group_lag{stream="%s"}) > 20 and sum by (stream, group) (delta(redis_stream_group_lag{stream="%s"}[15m])) > 0' % [p.stream, p.stream],
          'for': '15m',
          severity: 'warning',
          summary: 'Queue {{ $labels.stream }} lag for {{ $labels.group }} keeps growing ({{ $value }} entries).',
        },
      ],
    },
  ],

  // The Prometheus rule-file form (PrometheusRule groups; promtool).
  prometheus:: {
    groups: [
      {
        name: g.name,
        rules: [
          {
            alert: r.alert,
            expr: r.expr,
            'for': r['for'],
            labels: { severity: r.severity },
            annotations: { summary: r.summary },
          }
          for r in g.rules
        ],
      }
      for g in this.groups
    ],
  },
}

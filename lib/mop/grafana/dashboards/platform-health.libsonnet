// Platform health: one row per MOP component with targets up, ingestion
// and error rates. `up` selects the component's scrape jobs by name (the
// job label is the Service name under kube-prometheus-stack's ServiceMonitors).
local d = import '../dashboard.libsonnet';

local upStat(job) = d.stat('Targets up', [d.prom('sum(up{job=~"%s"}) or vector(0)' % job)], w=4, thresholds=[]);
local downStat(job) = d.stat('Targets down', [d.prom('count(up{job=~"%s"} == 0) or vector(0)' % job)], w=4, thresholds=[[1, 'red']]);
local component(name, job, panels) = [d.row(name), upStat(job), downStat(job)] + panels;

d.new('Platform health', 'mop-platform-health', ['mop', 'health'])
+ d.withPanels(
  component('Loki', 'loki.*', [
    d.timeSeries('Lines received', [d.prom('sum(rate(loki_distributor_lines_received_total[5m]))', 'lines/s')], w=8),
    d.timeSeries('Push errors and discards', [
      d.prom('sum(rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|otlp_v1_logs", status_code=~"5.."}[5m]))', 'push 5xx'),
      d.prom('sum by (reason) (rate(loki_discarded_samples_total[5m]))', 'discarded {{reason}}'),
    ], w=8),
  ])
  + component('Tempo', 'tempo.*', [
    d.timeSeries('Spans received', [d.prom('sum(rate(tempo_distributor_spans_received_total[5m]))', 'spans/s')], w=8),
    d.timeSeries('Spans discarded / refused', [
      d.prom('sum by (reason) (rate(tempo_discarded_spans_total[5m]))', 'discarded {{reason}}'),
      d.prom('sum(rate(tempo_receiver_refused_spans[5m]))', 'refused by receiver'),
    ], w=8),
  ])
  + component('Mimir', '.*mimir.*', [
    d.timeSeries('Samples received', [d.prom('sum(rate(cortex_distributor_received_samples_total[5m]))', 'samples/s')], w=8),
    d.timeSeries('Push errors and discards', [
      d.prom('sum(rate(cortex_request_duration_seconds_count{route=~"api_v1_push|otlp_v1_metrics", status_code=~"5.."}[5m]))', 'push 5xx'),
      d.prom('sum by (reason) (rate(cortex_discarded_samples_total[5m]))', 'discarded {{reason}}'),
    ], w=8),
  ])
  + component('Grafana', 'grafana', [
    d.timeSeries('HTTP requests by status', [d.prom('sum by (status_code) (rate(grafana_http_request_duration_seconds_count[5m]))', '{{status_code}}')], w=8),
    d.timeSeries('Alert rule evaluation failures', [d.prom('sum(rate(grafana_alerting_rule_evaluation_failures_total[5m]))', 'failures/s')], w=8),
  ])
  + component('Alloy', 'alloy.*', [
    d.timeSeries('Log entries sent to Loki', [d.prom('sum(rate(loki_write_sent_entries_total[5m]))', 'entries/s'), d.prom('sum(rate(loki_write_dropped_entries_total[5m]))', 'dropped')], w=8),
    d.timeSeries('Spans exported to Tempo', [d.prom('sum(rate(otelcol_exporter_sent_spans_total[5m]))', 'sent'), d.prom('sum(rate(otelcol_exporter_send_failed_spans_total[5m]))', 'failed')], w=8),
  ])
  + component('Prometheus', '.*prometheus', [
    d.timeSeries('Remote write to Mimir', [
      d.prom('sum(rate(prometheus_remote_storage_samples_total[5m]))', 'sent'),
      d.prom('sum(rate(prometheus_remote_storage_samples_failed_total[5m]))', 'failed'),
      d.prom('sum(rate(prometheus_remote_storage_samples_retried_total[5m]))', 'retried'),
    ], w=8),
    d.timeSeries('Remote write lag', [d.prom('max(prometheus_remote_storage_highest_timestamp_in_seconds) - max(prometheus_remote_storage_queue_highest_sent_timestamp_seconds)', 'lag')], unit='s', w=8),
  ])
  + component('MinIO', 'minio.*', [
    d.timeSeries('S3 requests by API', [d.prom('sum by (api) (rate(minio_s3_requests_total[5m]))', '{{api}}')], w=8),
    d.timeSeries('S3 request errors', [d.prom('sum(rate(minio_s3_requests_errors_total[5m]))', 'errors/s'), d.prom('sum(rate(minio_s3_requests_5xx_errors_total[5m]))', '5xx')], w=8),
  ])
)

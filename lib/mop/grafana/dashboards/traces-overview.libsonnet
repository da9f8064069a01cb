// Traces overview (Tempo): span ingestion (and Kafka lag), span metrics by service, and
// recent / slow / failed traces searched with TraceQL.
local d = import '../dashboard.libsonnet';

d.new('Traces overview', 'mop-traces-overview', ['mop', 'traces', 'tempo'])
+ d.withVariables([d.variable.query('service', 'Service', 'label_values(traces_spanmetrics_calls_total, service)')])
+ d.withPanels([
  d.row('Ingestion'),
  d.timeSeries('Spans received', [d.prom('sum(rate(tempo_distributor_spans_received_total[5m]))', 'spans/s')], w=8),
  d.timeSeries('Spans discarded by reason', [d.prom('sum by (reason) (rate(tempo_discarded_spans_total[5m]))', '{{reason}}')], w=8),
  // Distributed Tempo only (empty in monolithic mode): how far each consumer is behind Kafka.
  d.timeSeries('Kafka consumer lag', [d.prom('max by (group) (tempo_ingest_group_partition_lag_seconds)', '{{group}}')], unit='s', w=8),
  d.row('Services (span metrics)'),
  d.timeSeries('Request rate by service', [d.prom('sum by (service) (rate(traces_spanmetrics_calls_total{service=~"$service"}[5m]))', '{{service}}')], unit='reqps', w=8),
  d.timeSeries('Error rate by service', [d.prom('sum by (service) (rate(traces_spanmetrics_calls_total{service=~"$service", status_code="STATUS_CODE_ERROR"}[5m]))', '{{service}}')], unit='reqps', w=8),
  d.timeSeries('p95 latency by service', [d.prom('histogram_quantile(0.95, sum by (service, le) (rate(traces_spanmetrics_latency_bucket{service=~"$service"}[5m])))', '{{service}}') + d.withExemplars], unit='s', w=8),
  d.row('Traces'),
  d.traces('Recent traces', '{}'),
  d.traces('Failed traces', '{ status = error }'),
  d.traces('Slow traces (> 2s)', '{ duration > 2s }'),
])

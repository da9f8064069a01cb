// raibid CI: the Redis stream job queue, agent jobs (KEDA ScaledJob and
// kube-state-metrics) and the raibid server's HTTP traffic.
local d = import '../dashboard.libsonnet';

function(ns='raibid', stream='raibid:jobs', agent='raibid-agent', server='raibid-server')
  local jobs = 'namespace="%s", job_name=~"%s-.*"' % [ns, agent];
  d.new('raibid CI', 'mop-raibid-ci', ['mop', 'raibid', 'ci'])
  + d.withPanels([
    d.row('Queue (Redis stream %s)' % stream),
    d.stat('Stream length', [d.prom('sum(redis_stream_length{stream="%s"})' % stream)]),
    d.stat('Consumer group lag', [d.prom('sum(redis_stream_group_lag{stream="%s"})' % stream)], thresholds=[[20, 'orange'], [100, 'red']]),
    d.stat('Pending (unacknowledged)', [d.prom('sum(redis_stream_group_messages_pending{stream="%s"})' % stream)]),
    d.stat('KEDA scaler errors (1h)', [d.prom('sum(increase(keda_scaler_detail_errors_total{namespace="%s"}[1h])) or vector(0)' % ns)], thresholds=[[1, 'red']]),
    d.timeSeries('Queue length and lag', [
      d.prom('sum(redis_stream_length{stream="%s"})' % stream, 'length'),
      d.prom('sum by (group) (redis_stream_group_lag{stream="%s"})' % stream, 'lag {{group}}'),
    ]),
    d.timeSeries('KEDA scaler metric (lag seen by the ScaledJob)', [d.prom('sum by (scaledObject) (keda_scaler_metrics_value{namespace="%s"})' % ns, '{{scaledObject}}')]),
    d.row('Agent jobs'),
    d.stat('Jobs running', [d.prom('sum(kube_job_status_active{%s}) or vector(0)' % jobs)]),
    d.stat('Jobs succeeded', [d.prom('count(kube_job_status_succeeded{%s} > 0) or vector(0)' % jobs)]),
    d.stat('Jobs failed', [d.prom('count(kube_job_status_failed{%s} > 0) or vector(0)' % jobs)], thresholds=[[1, 'red']]),
    d.stat('KEDA scaler active', [d.prom('max(keda_scaler_active{namespace="%s"}) or vector(0)' % ns)]),
    d.timeSeries('Jobs running / failed', [
      d.prom('sum(kube_job_status_active{%s})' % jobs, 'running'),
      d.prom('count(kube_job_status_failed{%s} > 0)' % jobs, 'failed'),
    ]),
    d.timeSeries('Agent CPU / memory', [
      d.prom('sum(rate(container_cpu_usage_seconds_total{namespace="%s", pod=~"%s-.*", container!=""}[5m]))' % [ns, agent], 'cpu cores'),
    ]),
    d.row('Server'),
    d.timeSeries('Request rate by status', [d.prom('sum by (status) (rate(http_requests_total{namespace="%s", job="%s"}[5m]))' % [ns, server], '{{status}}')], unit='reqps', w=8),
    d.timeSeries('p95 latency', [d.prom('histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="%s", job="%s"}[5m])))' % [ns, server], 'p95') + d.withExemplars], unit='s', w=8),
    d.timeSeries('Server pods up', [d.prom('sum(up{namespace="%s", job="%s"})' % [ns, server], 'up')], w=8),
  ])

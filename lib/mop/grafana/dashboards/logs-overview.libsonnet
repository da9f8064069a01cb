// Logs overview (Loki): volume by namespace, error lines, the log stream.
local d = import '../dashboard.libsonnet';
local sel = '{namespace=~"$namespace", pod=~"$pod"}';

d.new('Logs overview', 'mop-logs-overview', ['mop', 'logs', 'loki'])
+ d.withVariables([d.variable.namespace(), d.variable.pod()])
+ d.withPanels([
  d.row('Volume'),
  d.timeSeries('Log lines by namespace', [d.loki('sum by (namespace) (count_over_time(%s [1m]))' % sel, '{{namespace}}')], stack=true, datasource='loki'),
  d.timeSeries('Error lines by pod', [d.loki('sum by (pod) (count_over_time(%s |~ "(?i)(error|fatal|panic)" [1m]))' % sel, '{{pod}}')], datasource='loki'),
  d.timeSeries('Bytes ingested by namespace', [d.loki('sum by (namespace) (bytes_over_time(%s [1m]))' % sel, '{{namespace}}')], unit='bytes', datasource='loki'),
  d.timeSeries('Loki lines received', [d.prom('sum by (tenant) (rate(loki_distributor_lines_received_total[5m]))', '{{tenant}}')], unit='short'),
  d.row('Logs'),
  d.logs('Errors', sel + ' |~ "(?i)(error|fatal|panic)"', h=10),
  d.logs('All logs', sel),
])

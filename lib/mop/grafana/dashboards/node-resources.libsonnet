// Node resources from node-exporter: CPU, memory, disk and network per node.
local d = import '../dashboard.libsonnet';
local node = 'instance=~"$instance"';

d.new('Node resources', 'mop-node-resources', ['mop', 'nodes'])
+ d.withVariables([d.variable.query('instance', 'Node', 'label_values(node_uname_info, instance)')])
+ d.withPanels([
  d.row('CPU and memory'),
  d.timeSeries('CPU use', [d.prom('1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle", %s}[5m]))' % node, '{{instance}}')], unit='percentunit'),
  d.timeSeries('Load (1m) per core', [d.prom('node_load1{%s} / on (instance) count by (instance) (node_cpu_seconds_total{mode="idle", %s})' % [node, node], '{{instance}}')]),
  d.timeSeries('Memory use', [d.prom('1 - node_memory_MemAvailable_bytes{%s} / node_memory_MemTotal_bytes{%s}' % [node, node], '{{instance}}')], unit='percentunit'),
  d.timeSeries('Memory available', [d.prom('node_memory_MemAvailable_bytes{%s}' % node, '{{instance}}')], unit='bytes'),
  d.row('Disk'),
  d.timeSeries('Filesystem use', [d.prom('1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs", %s} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs", %s}' % [node, node], '{{instance}} {{mountpoint}}')], unit='percentunit'),
  d.timeSeries('Disk I/O', [
    d.prom('sum by (instance) (rate(node_disk_read_bytes_total{%s}[5m]))' % node, 'read {{instance}}'),
    d.prom('sum by (instance) (rate(node_disk_written_bytes_total{%s}[5m]))' % node, 'write {{instance}}'),
  ], unit='Bps'),
  d.row('Network'),
  d.timeSeries('Network receive', [d.prom('sum by (instance) (rate(node_network_receive_bytes_total{device!="lo", %s}[5m]))' % node, '{{instance}}')], unit='Bps'),
  d.timeSeries('Network transmit', [d.prom('sum by (instance) (rate(node_network_transmit_bytes_total{device!="lo", %s}[5m]))' % node, '{{instance}}')], unit='Bps'),
  d.table('Nodes', [
    d.prom('node_uname_info{%s}' % node, instant=true),
  ], w=24),
])

// Cluster overview: nodes, pods and workloads from kube-state-metrics,
// CPU and memory from cAdvisor (kubelet) and node-exporter.
local d = import '../dashboard.libsonnet';

d.new('Cluster overview', 'mop-cluster-overview', ['mop', 'kubernetes'])
+ d.withVariables([d.variable.namespace()])
+ d.withPanels([
  d.row('Cluster'),
  d.stat('Nodes', [d.prom('count(kube_node_info)')]),
  d.stat('Nodes not ready', [d.prom('sum(kube_node_status_condition{condition="Ready",status!="true"})')], thresholds=[[1, 'red']]),
  d.stat('Pods running', [d.prom('sum(kube_pod_status_phase{phase="Running"})')]),
  d.stat('Pods failed or pending', [d.prom('sum(kube_pod_status_phase{phase=~"Failed|Pending"})')], thresholds=[[1, 'orange']]),
  d.stat('CPU used / allocatable', [d.prom('sum(rate(container_cpu_usage_seconds_total{container!=""}[5m])) / sum(kube_node_status_allocatable{resource="cpu"})')], unit='percentunit', thresholds=[[0.8, 'orange'], [0.9, 'red']]),
  d.stat('Memory used / allocatable', [d.prom('sum(container_memory_working_set_bytes{container!=""}) / sum(kube_node_status_allocatable{resource="memory"})')], unit='percentunit', thresholds=[[0.8, 'orange'], [0.9, 'red']]),
  d.stat('CPU requested / allocatable', [d.prom('sum(kube_pod_container_resource_requests{resource="cpu"}) / sum(kube_node_status_allocatable{resource="cpu"})')], unit='percentunit'),
  d.stat('Memory requested / allocatable', [d.prom('sum(kube_pod_container_resource_requests{resource="memory"}) / sum(kube_node_status_allocatable{resource="memory"})')], unit='percentunit'),
  d.row('Namespaces'),
  d.timeSeries('CPU by namespace', [d.prom('sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="", namespace=~"$namespace"}[5m]))', '{{namespace}}')], unit='cores', stack=true),
  d.timeSeries('Memory by namespace', [d.prom('sum by (namespace) (container_memory_working_set_bytes{container!="", namespace=~"$namespace"})', '{{namespace}}')], unit='bytes', stack=true),
  d.timeSeries('Container restarts (1h)', [d.prom('sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace=~"$namespace"}[1h])) > 0', '{{namespace}}/{{pod}}')]),
  d.timeSeries('Network receive / transmit', [
    d.prom('sum by (namespace) (rate(container_network_receive_bytes_total{namespace=~"$namespace"}[5m]))', 'rx {{namespace}}'),
    d.prom('-sum by (namespace) (rate(container_network_transmit_bytes_total{namespace=~"$namespace"}[5m]))', 'tx {{namespace}}'),
  ], unit='Bps'),
  d.row('Workloads'),
  d.table('Deployments not at desired replicas', [d.prom('kube_deployment_spec_replicas{namespace=~"$namespace"} - kube_deployment_status_replicas_available{namespace=~"$namespace"} > 0', instant=true)]),
  d.table('Pods not ready', [d.prom('sum by (namespace, pod) (kube_pod_status_ready{condition="false", namespace=~"$namespace"}) > 0', instant=true)]),
])

// The upstream monitoring mixins this platform ships (lib/mop/mixins.libsonnet), rendered as
// Prometheus rule files (YAML) and Grafana dashboards (JSON), with their default configuration.
// Needs the vendored mixins: bench:jsonnet runs it with -J vendor after `npm run vendor`.
local mixins = {
  kubernetes: import 'kubernetes-mixin/mixin.libsonnet',
  node: import 'node-mixin/mixin.libsonnet',
  prometheus: import 'prometheus-mixin/mixin.libsonnet',
  alertmanager: import 'alertmanager-mixin/mixin.libsonnet',
  alloy: import 'alloy-mixin/mixin.libsonnet',
  tempo: import 'tempo-mixin/mixin.libsonnet',
};
local groups(m, field) = std.get(m, field, { groups: [] }).groups;
{
  ['%s-rules.yaml' % name]: std.manifestYamlDoc({ groups: groups(mixins[name], 'prometheusAlerts') + groups(mixins[name], 'prometheusRules') })
  for name in std.objectFields(mixins)
} + {
  ['%s/%s' % [name, file]]: std.manifestJsonEx(mixins[name].grafanaDashboards[file], '  ')
  for name in std.objectFields(mixins)
  for file in std.objectFields(std.get(mixins[name], 'grafanaDashboards', {}))
}

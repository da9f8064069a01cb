// mop/grafana/dashboards.libsonnet: the dashboards written in this
// repository, shipped as ConfigMaps for the Grafana chart's dashboard
// sidecar (label grafana_dashboard: "1", folder from grafana_folder).
local k = import '../../k.libsonnet';

{
  // All dashboards by file name; `config` supplies raibid's names.
  all(config):: {
    local r = config.raibid,
    'cluster-overview': import 'dashboards/cluster-overview.libsonnet',
    'node-resources': import 'dashboards/node-resources.libsonnet',
    'logs-overview': import 'dashboards/logs-overview.libsonnet',
    'traces-overview': import 'dashboards/traces-overview.libsonnet',
    'platform-health': import 'dashboards/platform-health.libsonnet',
    'raibid-ci': (import 'dashboards/raibid-ci.libsonnet')(r.namespace, r.queue.stream, r.agent.name, r.server.name),
  },

  // One ConfigMap per dashboard, keyed by file name.
  configMaps(config, namespace, labels, folder='MOP')::
    local all = $.all(config);
    {
      [name]: k.configMap.new('grafana-dashboard-' + name, namespace, {
        [all[name].uid + '.json']: std.manifestJsonEx(all[name], '  '),
      }, labels { grafana_dashboard: '1' }) + {
        metadata+: { annotations: { grafana_folder: folder } },
      }
      for name in std.objectFields(all)
    },
}

// mop/mop.libsonnet: the whole observability platform for one environment.
// Deploy order: storage (and the namespace), then Loki / Tempo / Mimir
// (independent of each other), then Grafana.
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config):: util.withClusterRbacSuffix({
    namespace: k.namespace.new(config.mop.namespace, { 'app.kubernetes.io/part-of': config.mop.partOf }),
    storage: (import 'storage.libsonnet').new(config),
    loki: (import 'loki.libsonnet').new(config),
    tempo: (import 'tempo.libsonnet').new(config),
    // Tempo's write path in distributed mode (staging, production).
    [if (import 'tempo.libsonnet').needsKafka(config) then 'kafka']: (import 'kafka.libsonnet').new(config),
    mimir: (import 'mimir.libsonnet').new(config),
    prometheus: (import 'prometheus.libsonnet').new(config),
    // Alert rules (extend with `alerting+: { ruleGroups+:: [...] }`) and the receivers' Secret.
    alerting: (import 'alerting.libsonnet').new(config),
    alloy: (import 'alloy.libsonnet').new(config),
    grafana: (import 'grafana/grafana.libsonnet').new(config),
    // Who may reach the stores and their ingest endpoints.
    network_policies: (import 'network-policies.libsonnet').new(config),
    // Upstream mixins: rules (PrometheusRule) and dashboards (a Grafana folder each).
    mixins: (import 'mixins.libsonnet').new(config),
  }, config.cluster.nameSuffix),
}

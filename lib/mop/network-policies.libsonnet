// mop/network-policies.libsonnet: who may reach MOP's data stores and ingest
// endpoints (the stores have no authentication of their own: auth_enabled
// and multitenancy are off). Each store admits its own pods (ring, gRPC,
// gateway to backends), Prometheus (scrapes), and its clients on their
// ports only:
//   Loki:  Alloy (push) and Grafana (queries) on the gateway;
//   Mimir: Prometheus and Tempo's metrics generator (remote write) and
//          Grafana (queries) on the gateway;
//   Tempo: Alloy on OTLP 4317/4318 (applications send to Alloy), Grafana on
//          the query port;
//   MinIO: Loki, Tempo and Mimir (and its setup Job) on the S3 port.
// Kafka has its own (mop/kafka.libsonnet).
local k = import '../k.libsonnet';

local pods(name) = { podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } };
local tcp(ports) = [{ protocol: 'TCP', port: p } for p in ports];

{
  new(config)::
    local m = config.mop;
    local ns = m.namespace;
    local policy(name, rules) = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: k.metadata.new(name, ns, k.labels.new(name, name, 'network-policy', m.partOf)),
      spec: {
        podSelector: pods(name).podSelector,
        policyTypes: ['Ingress'],
        ingress: [
          { from: [pods(name)] },
          { from: [pods('prometheus')] },
        ] + rules,
      },
    };
    local tempoOtlp = tcp([4317, 4318]);
    {
      loki: policy('loki', [{ from: [pods('alloy'), pods('grafana')], ports: tcp(['http']) }]),
      mimir: policy('mimir', [{ from: [pods('tempo'), pods('grafana')], ports: tcp(['http-metrics']) }]),
      tempo: policy('tempo', [
        { from: [pods('alloy')], ports: tempoOtlp },
        { from: [pods('grafana')], ports: tcp([m.tempo.port]) },
      ]),
      [if m.minio.enabled then 'minio']: policy('minio', [
        { from: [pods('loki'), pods('tempo'), pods('mimir')], ports: tcp([9000]) },
      ]),
    },
}

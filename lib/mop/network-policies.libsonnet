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
// Alertmanager admits Prometheus (alerts, scrapes) and Grafana (its datasource)
// on the web port and its replicas on the mesh port; it sends only to DNS, its
// replicas and its receivers' ports (SMTP, HTTPS for chat, paging and the
// heartbeat). Kafka and its exporter have theirs in mop/kafka.libsonnet.
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
    // Alertmanager's gossip between replicas, TCP and UDP.
    local mesh = [{ protocol: p, port: 9094 } for p in ['TCP', 'UDP']];
    local smtpPort = std.parseInt(std.split(m.alerting.email.smarthost, ':')[1]);
    // Slack and PagerDuty over HTTPS; the heartbeat on its URL's port.
    local heartbeat = m.alerting.deadMansSwitch.url;
    local heartbeatHost = std.split(std.split(heartbeat, '://')[1], '/')[0];
    local heartbeatPort =
      if std.length(std.split(heartbeatHost, ':')) > 1 then std.parseInt(std.split(heartbeatHost, ':')[1])
      else if std.startsWith(heartbeat, 'https://') then 443
      else 80;
    local receiverPorts = std.set([smtpPort, 443, heartbeatPort]);
    local np = k.networkPolicy;
    local alertmanager =
      np.new('alertmanager', ns, k.labels.new('alertmanager', 'alertmanager', 'network-policy', m.partOf), [
        { from: [pods('prometheus'), pods('grafana')], ports: tcp([9093]) },
        { from: [pods('prometheus')], ports: tcp([8080]) },  // config-reloader metrics
        { from: [pods('alertmanager')], ports: mesh },
      ])
      + np.forPods({ 'app.kubernetes.io/name': 'alertmanager' })
      + np.withEgress([
        { to: [pods('alertmanager')], ports: mesh },
        np.egressRule([np.anywhere], receiverPorts),
      ]);
    {
      loki: policy('loki', [{ from: [pods('alloy'), pods('grafana')], ports: tcp(['http']) }]),
      mimir: policy('mimir', [{ from: [pods('tempo'), pods('grafana')], ports: tcp(['http-metrics']) }]),
      tempo: policy('tempo', [
        { from: [pods('alloy')], ports: tempoOtlp },
        { from: [pods('grafana')], ports: tcp([m.tempo.port]) },
      ]),
      alertmanager: alertmanager,
      [if m.minio.enabled then 'minio']: policy('minio', [
        { from: [pods('loki'), pods('tempo'), pods('mimir')], ports: tcp([9000]) },
      ]),
    },
}

// mop/kafka.libsonnet: the Kafka that Tempo's distributed mode writes spans
// to, as plain Jsonnet (Apache Kafka's official image, KRaft: no ZooKeeper).
//
// Tempo 3 in microservices mode needs a Kafka-compatible queue: distributors
// write spans to a topic, block-builders and live-stores consume its
// partitions (see tempo.libsonnet). Only environments whose Tempo is
// distributed and that name no external Kafka (`mop.kafka.external`) run
// this. Every broker is also a controller of the KRaft quorum; node ids are
// the StatefulSet ordinals. Kafka is Tempo's write-ahead log here, not a
// long-term store: topics keep `retentionHours` (24 by default).
//
// Why no chart: the Bitnami Kafka chart's images are being withdrawn, and
// Strimzi is an operator (CRDs, a controller) for one topic. Plaintext
// listeners, with a NetworkPolicy that admits only Tempo's pods, the
// metrics exporter and the brokers themselves in place of authentication.
local k = import '../k.libsonnet';
local util = import '../util.libsonnet';

{
  new(config)::
    local m = config.mop;
    local c = m.kafka;
    local ns = m.namespace;
    local labels = k.labels.new('kafka', c.name, 'tempo-queue', m.partOf);
    local exporterLabels = k.labels.new('kafka-exporter', c.name + '-exporter', 'metrics', m.partOf);
    local headless = c.name + '-headless';
    local host(i) = '%s-%d.%s.%s.svc.cluster.local' % [c.name, i, headless, ns];
    local replication = std.min(3, c.replicas);
    local minInsync = if replication >= 3 then 2 else 1;
    local uid = 1000;  // `appuser` of the official image
    {
      local this = self,

      // server.properties; @NODE_ID@ and @HOST@ are filled in per pod at start.
      properties:: {
        'process.roles': 'broker,controller',
        'node.id': '@NODE_ID@',
        'controller.quorum.voters': std.join(',', ['%d@%s:%d' % [i, host(i), c.controllerPort] for i in std.range(0, c.replicas - 1)]),
        listeners: 'PLAINTEXT://:%d,CONTROLLER://:%d' % [c.port, c.controllerPort],
        'advertised.listeners': 'PLAINTEXT://@HOST@.%s.%s.svc.cluster.local:%d' % [headless, ns, c.port],
        'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        'controller.listener.names': 'CONTROLLER',
        'inter.broker.listener.name': 'PLAINTEXT',
        // A folder on the volume, not its root: a fresh filesystem's lost+found is no partition.
        'log.dirs': '/var/lib/kafka/data/logs',
        // Tempo creates its topic with this many partitions; brokers use the same default.
        'num.partitions': std.toString(m.tempo.partitions),
        'auto.create.topics.enable': 'true',
        'default.replication.factor': std.toString(replication),
        'min.insync.replicas': std.toString(minInsync),
        'offsets.topic.replication.factor': std.toString(replication),
        'transaction.state.log.replication.factor': std.toString(replication),
        'transaction.state.log.min.isr': std.toString(minInsync),
        'log.retention.hours': std.toString(c.retentionHours),
        'group.initial.rebalance.delay.ms': '3000',
      },

      config_map: k.configMap.new(c.name + '-config', ns, {
        'server.properties': std.join('\n', ['%s=%s' % [key, this.properties[key]] for key in std.objectFields(this.properties)]) + '\n',
      }, labels),

      // The root filesystem is read-only: the per-pod properties, Kafka's own
      // log files and the JVM's temporary files go to the /tmp emptyDir.
      local start = |||
        set -eu
        id="${HOSTNAME##*-}"
        sed -e "s/@NODE_ID@/${id}/g" -e "s/@HOST@/${HOSTNAME}/g" /etc/kafka-template/server.properties > /tmp/server.properties
        /opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "${KAFKA_CLUSTER_ID}" --config /tmp/server.properties
        exec /opt/kafka/bin/kafka-server-start.sh /tmp/server.properties
      |||,

      local container =
        k.container.new('kafka', config.images.kafka)
        + k.container.withCommand(['sh', '-c', start])
        + k.container.withPorts([
          k.container.port('kafka', c.port),
          k.container.port('controller', c.controllerPort),
        ])
        + k.container.withEnvMap({
          KAFKA_CLUSTER_ID: c.clusterId,
          KAFKA_HEAP_OPTS: '-Xms%(heap)s -Xmx%(heap)s' % c,
          LOG_DIR: '/tmp/logs',
        })
        + k.container.withResources(c.resources.requests, c.resources.limits)
        + k.container.withProbes(
          { tcpSocket: { port: 'kafka' }, initialDelaySeconds: 60, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
          { tcpSocket: { port: 'kafka' }, initialDelaySeconds: 15, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        )
        + k.container.withVolumeMounts([
          { name: 'data', mountPath: '/var/lib/kafka/data' },
          { name: 'config', mountPath: '/etc/kafka-template', readOnly: true },
          { name: 'tmp', mountPath: '/tmp' },
        ]),

      statefulset:
        k.statefulSet.new(c.name, ns, labels, [container], serviceName=headless, replicas=c.replicas, volumeClaimTemplates=[
          k.pvc.new('data', c.storage, c.storageClassName),
        ])
        // Brokers only listen for clients once the quorum has formed, so they
        // must start together, not one Ready pod after another.
        + { spec+: { podManagementPolicy: 'Parallel' } }
        + k.workload.withVolumes([k.volume.configMap('config', c.name + '-config'), k.volume.emptyDir('tmp')])
        + k.workload.withPodSecurityContext(k.securityContext.pod(uid, fsGroup=uid))
        + k.workload.withConfigHash(this.properties)
        + (if c.replicas > 1 then k.workload.withTopologySpread(labels) else {}),

      // Bootstrap address for clients; brokers then advertise their pod names.
      service: k.service.new(c.name, ns, labels, [k.service.port('kafka', c.port)]),

      // Per-pod DNS names, published before the pods are Ready so the
      // controllers can find each other while the quorum forms.
      service_headless: k.service.new(headless, ns, labels, [
        k.service.port('kafka', c.port),
        k.service.port('controller', c.controllerPort),
      ]) + k.service.headless() + { spec+: { publishNotReadyAddresses: true } },

      [if c.replicas > 1 then 'pdb']: k.podDisruptionBudget.new(c.name, ns, labels),

      // Broker, topic and consumer-group metrics (kafka_brokers,
      // kafka_topic_partition_under_replicated_partition, kafka_consumergroup_lag)
      // from kafka-exporter: the brokers themselves expose only JMX.
      local exporterName = c.name + '-exporter',
      local exporter =
        k.container.new('exporter', config.images.kafkaExporter)
        + k.container.withArgs([
          '--kafka.server=%s.%s.svc.cluster.local:%d' % [c.name, ns, c.port],
          // A protocol version newer than Kafka 4 requires (2.1+); the default 2.0.0 is older.
          '--kafka.version=3.0.0',
          '--web.listen-address=:%d' % c.exporterPort,
        ])
        + k.container.withPorts([k.container.port('metrics', c.exporterPort)])
        + k.container.withResources(c.exporterResources.requests, c.exporterResources.limits)
        + k.container.withProbes(
          { tcpSocket: { port: 'metrics' }, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
          { tcpSocket: { port: 'metrics' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        ),
      exporter_deployment: util.withSingleInstance(
        k.deployment.new(exporterName, ns, exporterLabels, [exporter]),
        'a metrics exporter: a second copy would only duplicate every series; Kafka itself is unaffected while it restarts',
      ),
      exporter_service: k.service.new(exporterName, ns, exporterLabels, [k.service.port('metrics', c.exporterPort)]),
      [if config.monitoring.serviceMonitors then 'exporter_service_monitor']: k.serviceMonitor.new(exporterName, ns, exporterLabels, 'metrics'),

      // Prometheus alone scrapes the exporter, and the exporter talks to the brokers only.
      local np = k.networkPolicy,
      exporter_network_policy: np.new(exporterName, ns, exporterLabels, [
        np.rule([np.pods({ 'app.kubernetes.io/name': 'prometheus' })], [c.exporterPort]),
      ]) + np.withEgress([np.egressRule([np.pods(k.labels.selector(labels))], [c.port])]),

      network_policy: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: k.metadata.new(c.name, ns, labels),
        spec: {
          podSelector: { matchLabels: k.labels.selector(labels) },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [
                { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tempo' } } },
                { podSelector: { matchLabels: k.labels.selector(exporterLabels) } },
              ],
              ports: [{ protocol: 'TCP', port: c.port }],
            },
            {
              from: [{ podSelector: { matchLabels: k.labels.selector(labels) } }],
              ports: [{ protocol: 'TCP', port: c.port }, { protocol: 'TCP', port: c.controllerPort }],
            },
          ],
        },
      },
    },
}

// mop/alloy.libsonnet: Grafana Alloy as a DaemonSet (grafana alloy chart).
//
//  - Pod logs: each instance discovers the pods on its own node and tails
//    them through the Kubernetes API (loki.source.kubernetes), so it needs no
//    hostPath mount and runs as an unprivileged user; logs go to Loki.
//  - Traces: an OTLP receiver on 4317 (gRPC) and 4318 (HTTP) batches spans
//    and forwards them to Tempo. The Service `alloy` is what applications
//    (raibid included) use as their OTLP endpoint.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local util = import '../util.libsonnet';
local k = import '../k.libsonnet';

{
  new(config)::
    local m = config.mop;
    local c = m.alloy;
    local ns = m.namespace;
    {
      local this = self,
      // Alloy configuration syntax, built from config.
      pipeline:: |||
        discovery.kubernetes "pods" {
          role = "pod"
          selectors {
            role  = "pod"
            field = "spec.nodeName=" + coalesce(sys.env("HOSTNAME"), constants.hostname)
          }
        }

        discovery.relabel "pods" {
          targets = discovery.kubernetes.pods.targets
          rule {
            source_labels = ["__meta_kubernetes_namespace"]
            target_label  = "namespace"
          }
          rule {
            source_labels = ["__meta_kubernetes_pod_name"]
            target_label  = "pod"
          }
          rule {
            source_labels = ["__meta_kubernetes_pod_container_name"]
            target_label  = "container"
          }
          rule {
            source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
            target_label  = "app"
          }
          rule {
            source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_part_of"]
            target_label  = "part_of"
          }
          rule {
            source_labels = ["__meta_kubernetes_pod_node_name"]
            target_label  = "node"
          }
        }

        loki.source.kubernetes "pods" {
          targets    = discovery.relabel.pods.output
          forward_to = [loki.write.default.receiver]
        }

        loki.write "default" {
          endpoint {
            url = "%(lokiPush)s"
          }
        }

        otelcol.receiver.otlp "default" {
          grpc {
            endpoint = "0.0.0.0:4317"
          }
          http {
            endpoint = "0.0.0.0:4318"
          }
          output {
            traces = [otelcol.processor.batch.default.input]
          }
        }

        otelcol.processor.batch "default" {
          output {
            traces = [otelcol.exporter.otlp.tempo.input]
          }
        }

        otelcol.exporter.otlp "tempo" {
          client {
            endpoint = "%(tempoOtlp)s"
            tls {
              insecure = true
            }
          }
        }
      ||| % {
        lokiPush: 'http://loki-gateway.%s.svc.cluster.local:%d/loki/api/v1/push' % [ns, m.loki.port],
        tempoOtlp: (import 'tempo.libsonnet').endpoints(config).otlpGrpc,
      },

      values:: {
        // PodLogs: the cluster owner's CRD (config `cluster.owner`).
        crds: { create: config.cluster.owner },
        alloy: {
          configMap: { content: this.pipeline },
          enableReporting: false,
          resources: c.resources,
          securityContext: k.securityContext.restricted { runAsUser: 473, runAsGroup: 473 },
          extraPorts: [
            { name: 'otlp-grpc', port: 4317, targetPort: 4317, protocol: 'TCP' },
            { name: 'otlp-http', port: 4318, targetPort: 4318, protocol: 'TCP' },
          ],
          // storagePath (/tmp/alloy) must be writable: the root filesystem is not.
          mounts: { varlog: false, dockercontainers: false, extra: [{ name: 'tmp', mountPath: '/tmp' }] },
        },
        configReloader: {
          resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
          securityContext: k.securityContext.restricted,
        },
        controller: {
          type: 'daemonset',
          volumes: { extra: [k.volume.emptyDir('tmp')] },
        },
        serviceMonitor: { enabled: config.monitoring.serviceMonitors },
        // Exactly what the pipeline above uses: pod discovery and pod logs (the
        // chart's default ClusterRole also reads Secrets, ConfigMaps and more).
        // (The chart lists both in one ClusterRole; an empty list would not render.)
        local podsAndLogs = [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
        rbac: { rules: podsAndLogs, clusterRules: podsAndLogs },
      },

      chart: util.withTcpLivenessProbes(util.withDefaultLabels(util.withNamespace(helm.template('alloy', '../../charts/' + config.charts.alloy, {
        namespace: ns,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), ns), k.labels.new('alloy', 'alloy', 'collector', m.partOf, managedBy='Helmraiser'))),
    },
}

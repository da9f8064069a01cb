// raibid/network.libsonnet: who talks to raibid-ci's data stores, as
// NetworkPolicy peers. One place for the platform's traffic graph, so each
// store's policy (redis, postgres, gitea) names its clients, not their labels.
local k = import '../k.libsonnet';
local pods = k.networkPolicy.pods;

{
  // raibid's own workloads, by their standard selector labels.
  server(config):: pods(k.labels.selector((import 'server.libsonnet').labels(config))),
  agents(config):: pods(k.labels.selector((import 'agent.libsonnet').labels(config))),
  gitea(config):: pods(k.labels.selector((import 'gitea.libsonnet').labels(config))),
  // Every pod of the raibid namespace (the server, agents and jobs that clone or push).
  raibidNamespace(config):: pods({}),
  // KEDA's operator reads the job stream's consumer-group lag (the ScaledJob's scaler).
  kedaOperator(config):: pods({ 'app.kubernetes.io/name': 'keda-operator' }, config.raibid.keda.namespace),
  // Flux's source-controller clones the GitOps repository from Gitea.
  fluxSource(config):: pods({ app: 'source-controller' }, config.raibid.flux.namespace),
  // Prometheus (kube-prometheus-stack's operator labels its pods so) scrapes the exporters.
  prometheus(config):: pods({ 'app.kubernetes.io/name': 'prometheus' }, config.mop.namespace),
  // The ingress controller in front of Gitea (dev and up).
  ingressController(config):: pods(config.raibid.gitea.ingress.controller.podLabels, config.raibid.gitea.ingress.controller.namespace),
}

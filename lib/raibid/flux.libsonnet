// raibid/flux.libsonnet: Flux controllers (fluxcd-community flux2 chart) and
// the GitOps source: a GitRepository on the in-cluster Gitea and a
// Kustomization applying a configurable path of it.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local util = import '../util.libsonnet';
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';

{
  new(config)::
    local r = config.raibid;
    local c = r.flux;
    local labels = k.labels.new('flux', 'raibid-ci', 'gitops', r.partOf);
    {
      local this = self,
      values:: {
        installCRDs: true,
        // Only what reconciling a git repository needs.
        imageAutomationController: { create: false },
        imageReflectionController: { create: false },
        notificationController: { create: false },
        helmController: { create: true, resources: c.resources },
        kustomizeController: { create: true, resources: c.resources },
        sourceController: { create: true, resources: c.resources },
        prometheus: { podMonitor: { create: config.monitoring.serviceMonitors } },
      },

      // The controllers elect a leader: extra replicas are hot standbys.
      chart: util.withHighAvailability(util.mapObjects(util.withDefaultResources(util.withDefaultLabels(util.withNamespace(helm.template('flux', '../../charts/flux2', {
        namespace: c.namespace,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), c.namespace), k.labels.new('flux', 'flux', 'gitops', r.partOf, managedBy='Helmraiser')), c.resources), function(o)
        if o.kind == 'Deployment' && std.endsWith(o.metadata.name, '-controller') then o { spec+: { replicas: c.replicas } } else o)),

      git_auth: secrets.new(config, c.gitSecret, c.namespace, ['username', 'password'], labels),

      git_repository: {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: k.metadata.new('raibid-ci', c.namespace, labels),
        spec: {
          interval: c.interval,
          url: 'http://%s-http.%s.svc.cluster.local:%d/%s/%s.git' % [r.gitea.name, r.namespace, r.gitea.httpPort, r.gitea.org, r.gitea.repo],
          ref: { branch: c.branch },
          secretRef: { name: c.gitSecret },
        },
      },

      kustomization: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: k.metadata.new('raibid-ci', c.namespace, labels),
        spec: {
          interval: c.interval,
          path: c.path,
          prune: true,
          sourceRef: { kind: 'GitRepository', name: 'raibid-ci' },
          targetNamespace: r.namespace,
        },
      },
    },
}

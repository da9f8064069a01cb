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
        // The CRDs and the aggregated flux-view/flux-edit ClusterRoles are the
        // cluster owner's (config `cluster.owner`). The controllers watch only
        // their own namespace, so another environment runs its own in its own
        // flux namespace.
        installCRDs: config.cluster.owner,
        // Only what reconciling a git repository needs (no HelmRelease here).
        imageAutomationController: { create: false },
        imageReflectionController: { create: false },
        notificationController: { create: false },
        helmController: { create: false },
        // RBAC below instead of the chart's (cluster-admin for kustomize-controller).
        rbac: { create: false, createAggregation: config.cluster.owner },
        watchAllNamespaces: false,
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

      // Least privilege (the chart's RBAC is off): the controllers watch only
      // their own namespace and hold rights only there; the Kustomization
      // applies as `reconcilerServiceAccount`, which kustomize-controller may
      // impersonate and which may manage workloads only in raibid's namespace
      // (no RBAC objects, nothing cluster-wide). The chart would bind
      // kustomize-controller to cluster-admin.
      local controllers = ['source-controller', 'kustomize-controller'],
      local reconciler = c.reconcilerServiceAccount,
      local subjects(names) = [{ kind: 'ServiceAccount', name: n, namespace: c.namespace } for n in names],
      local role(name, ns, rules) = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: k.metadata.new(name, ns, labels),
        rules: rules,
      },
      local binding(name, ns, roleName, subjects) = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: k.metadata.new(name, ns, labels),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
        subjects: subjects,
      },

      controller_role: role('flux-controllers', c.namespace, [
        { apiGroups: ['source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io'], resources: ['*'], verbs: ['*'] },
        { apiGroups: [''], resources: ['secrets', 'serviceaccounts'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        // leader election
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      ]),
      controller_role_binding: binding('flux-controllers', c.namespace, 'flux-controllers', subjects(controllers)),

      reconciler_service_account: k.serviceAccount.new(reconciler, c.namespace, labels),
      impersonate_role: role('flux-impersonate-' + reconciler, c.namespace, [
        { apiGroups: [''], resources: ['serviceaccounts'], resourceNames: [reconciler], verbs: ['impersonate'] },
      ]),
      impersonate_role_binding: binding('flux-impersonate-' + reconciler, c.namespace, 'flux-impersonate-' + reconciler, subjects(['kustomize-controller'])),

      // What raibid's GitOps path may contain: namespaced workloads and their
      // configuration in raibid's namespace.
      reconciler_role: role(reconciler, r.namespace, [{
        apiGroups: ['', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'keda.sh', 'monitoring.coreos.com'],
        resources: ['*'],
        verbs: ['*'],
      }]),
      reconciler_role_binding: binding(reconciler, r.namespace, reconciler, subjects([reconciler])),

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
          serviceAccountName: c.reconcilerServiceAccount,
        },
      },
    },
}

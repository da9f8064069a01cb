// raibid/gitea.libsonnet: Gitea (git hosting and the OCI/package registry
// the agents push to), from the upstream gitea chart.
//
// The chart's bundled Bitnami sub-charts (PostgreSQL, Valkey) are turned off:
// their images are being withdrawn. The database is raibid/postgres.libsonnet;
// its password reaches Gitea as an environment variable from the Secret, so
// no credential is in the values or in the rendered config Secret.
local helm = (import '../helm.libsonnet').new(std.thisFile);
local util = import '../util.libsonnet';
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';

{
  new(config)::
    local r = config.raibid;
    local c = r.gitea;
    local pg = r.postgres;
    local ns = r.namespace;
    local labels = k.labels.new('gitea', c.name, 'git', r.partOf, managedBy='Helmraiser');
    assert !c.ingress.enabled || config.cluster.certManager.enabled : 'config: raibid.gitea.ingress needs cluster.certManager.enabled (its TLS certificate)';
    {
      local this = self,
      admin: secrets.new(config, c.adminSecret, ns, ['username', 'password', 'email'], labels),

      values:: {
        image: { tag: config.images.giteaTag, rootless: true },
        postgresql: { enabled: false },
        'postgresql-ha': { enabled: false },
        'valkey-cluster': { enabled: false },
        valkey: { enabled: false },
        test: { enabled: false },
        podSecurityContext: { fsGroup: 1000 },
        containerSecurityContext: k.securityContext.restricted { runAsUser: 1000, runAsGroup: 1000 },
        resources: c.resources,
        initContainers: { resources: c.initResources },
        persistence: { enabled: true, size: c.storage },
        ingress: if c.ingress.enabled then {
          enabled: true,
          className: c.ingress.className,
          annotations: { 'cert-manager.io/cluster-issuer': config.cluster.certManager.clusterIssuer.name },
          hosts: [{ host: c.host, paths: [{ path: '/' }] }],
          tls: [{ secretName: c.name + '-tls', hosts: [c.host] }],
        } else { enabled: false },
        gitea: {
          admin: { existingSecret: c.adminSecret, passwordMode: 'initialOnlyNoReset' },
          metrics: { enabled: true },
          config: {
            server: {
              DOMAIN: c.host,
              ROOT_URL: 'https://' + c.host + '/',
              SSH_DOMAIN: c.host,
            },
            database: {
              DB_TYPE: 'postgres',
              HOST: pg.name + '.' + ns + '.svc.cluster.local:' + pg.port,
              NAME: pg.database,
              USER: pg.user,
            },
            // The OCI registry and package registry the agents push to.
            packages: { ENABLED: true },
            cache: { ADAPTER: 'memory' },
            session: { PROVIDER: 'db' },
            queue: { TYPE: 'level' },
            metrics: { ENABLED: true },
          },
          additionalConfigFromEnvs: [
            k.container.envFromSecret('GITEA__DATABASE__PASSWD', pg.authSecret, 'password'),
          ],
        },
      },

      // The chart renders app.ini and its init scripts as Secrets. They hold
      // configuration only: the database password comes from the
      // environment (additionalConfigFromEnvs) and the admin credentials from
      // the admin Secret, so these are opted out of no-plaintext-secret.
      local configSecrets = [c.name, c.name + '-init', c.name + '-inline-config'],
      chart: util.mapObjects(util.withDefaultLabels(util.withNamespace(helm.template(c.name, '../../charts/gitea', {
        namespace: ns,
        values: this.values,
        skipTests: true,
      }), ns), labels), function(o)
        if o.kind == 'Deployment' && o.metadata.name == c.name then
          util.withSingleInstance(o, 'one Gitea: repositories are on a ReadWriteOnce volume and the level queue is per instance; HA Gitea needs RWX storage and an external queue')
        else if o.kind == 'Secret' && std.member(configSecrets, o.metadata.name) then
          util.withAnnotations(o, {
            'validate.platform/skip-no-plaintext-secret': 'Gitea chart configuration (app.ini sections, init scripts) without credentials: the DB password is read from the environment, the admin from Secret ' + c.adminSecret,
          })
        else o),
    },
}

// raibid/gitea.libsonnet: Gitea (git hosting and the OCI/package registry
// the agents push to), as plain Jsonnet on the official rootless image.
//
// Why not the chart: upstream's chart keeps `version: 0.0.0` in git and only
// stamps a real version when it publishes, so no published version can be
// pinned from the mirror; and the chart's value is mostly its init scripts
// and Bitnami sub-charts, which this platform replaces anyway (PostgreSQL is
// raibid/postgres.libsonnet). The image's own entrypoint writes app.ini from
// GITEA__<SECTION>__<KEY> environment variables, so the whole configuration is
// data here (`settings`), and credentials come from Secrets as env vars.
//
// ROOT_URL is the one address Gitea hands out, also as the registry's token
// URL (`WWW-Authenticate: Bearer realm="<ROOT_URL>v2/token"`), so it must be
// reachable from the agents' pods: the HTTPS Ingress host where there is one,
// else the in-cluster Service. `rootUrl(config)` and `registry(config)` give
// the other components the same address.
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';
local util = import '../util.libsonnet';
local net = import 'network.libsonnet';

{
  local serviceHost(config) = '%s-http.%s.svc.cluster.local' % [config.raibid.gitea.name, config.raibid.namespace],

  rootUrl(config)::
    local c = config.raibid.gitea;
    if c.ingress.enabled then 'https://%s/' % c.host
    else 'http://%s:%d/' % [serviceHost(config), c.httpPort],

  // host[:port] of ROOT_URL: where images are pushed and pulled.
  registry(config)::
    local c = config.raibid.gitea;
    if c.ingress.enabled then c.host else '%s:%d' % [serviceHost(config), c.httpPort],

  // Plain HTTP registry (no Ingress): clients must be told it is insecure.
  registryInsecure(config):: !config.raibid.gitea.ingress.enabled,

  labels(config):: k.labels.new('gitea', config.raibid.gitea.name, 'git', config.raibid.partOf),

  new(config)::
    local r = config.raibid;
    local c = r.gitea;
    local pg = r.postgres;
    local ns = r.namespace;
    local labels = $.labels(config);
    local rootUrl = $.rootUrl(config);
    local domain = if c.ingress.enabled then c.host else serviceHost(config);
    local workDir = '/var/lib/gitea';
    assert !c.ingress.enabled || config.cluster.certManager.enabled : 'config: raibid.gitea.ingress needs cluster.certManager.enabled (its TLS certificate)';
    {
      local this = self,

      admin: secrets.new(config, c.adminSecret, ns, ['username', 'password', 'email'], labels),
      // Gitea's own secrets: the key that encrypts stored credentials (2FA,
      // mirrors) and the bearer token Prometheus scrapes /metrics with.
      keys: secrets.new(config, c.secretsSecret, ns, ['secret-key', 'metrics-token'], labels),

      // app.ini, as GITEA__<SECTION>__<KEY> variables (section names upper-cased).
      settings:: {
        server: {
          DOMAIN: domain,
          ROOT_URL: rootUrl,
          PROTOCOL: 'http',
          HTTP_PORT: std.toString(c.httpPort),
          SSH_DOMAIN: if c.ingress.enabled then c.host else '%s-ssh.%s.svc.cluster.local' % [c.name, ns],
          SSH_PORT: std.toString(c.sshPort),
          SSH_LISTEN_PORT: std.toString(c.sshListenPort),
          START_SSH_SERVER: 'true',
          OFFLINE_MODE: 'true',
        },
        database: {
          DB_TYPE: 'postgres',
          HOST: '%s.%s.svc.cluster.local:%d' % [pg.name, ns, pg.port],
          NAME: pg.database,
          // The same value PostgreSQL creates its user from (raibid/postgres.libsonnet).
          USER: pg.user,
          SSL_MODE: 'disable',
        },
        security: { INSTALL_LOCK: 'true' },
        service: { DISABLE_REGISTRATION: 'true' },
        // The OCI registry and package registry the agents push to.
        packages: { ENABLED: 'true' },
        metrics: { ENABLED: 'true' },
        cache: { ADAPTER: 'memory' },
        session: { PROVIDER: 'db' },
        queue: { TYPE: 'level' },
        indexer: { ISSUE_INDEXER_TYPE: 'db' },
        log: { MODE: 'console', LEVEL: 'Info' },
      },

      local settingsEnv = [
        { name: 'GITEA__%s__%s' % [std.asciiUpper(section), key], value: this.settings[section][key] }
        for section in std.objectFields(this.settings)
        for key in std.objectFields(this.settings[section])
      ],
      local secretEnv = [
        k.container.envFromSecret('GITEA__DATABASE__PASSWD', pg.authSecret, 'password'),
        k.container.envFromSecret('GITEA__SECURITY__SECRET_KEY', c.secretsSecret, 'secret-key'),
        k.container.envFromSecret('GITEA__METRICS__TOKEN', c.secretsSecret, 'metrics-token'),
      ],
      // The image's layout, with app.ini on the volume: Gitea writes the
      // secrets it generates (internal token, JWT keys) into it.
      local layoutEnv = k.container.withEnvMap({
        GITEA_WORK_DIR: workDir,
        GITEA_CUSTOM: workDir + '/custom',
        GITEA_APP_INI: workDir + '/conf/app.ini',
        GITEA_TEMP: '/tmp/gitea',
        TMPDIR: '/tmp/gitea',
        HOME: workDir + '/git',
      }),
      local mounts = k.container.withVolumeMounts([
        { name: 'data', mountPath: workDir },
        { name: 'tmp', mountPath: '/tmp' },
      ]),

      // Before Gitea starts: app.ini from the environment (the image's
      // docker-setup.sh via its entrypoint), the database schema, and the
      // admin user from the admin Secret, created once (its password is not
      // reset afterwards: an admin may change it in Gitea).
      local configure =
        k.container.new('configure', config.images.gitea)
        + k.container.withCommand(['/usr/local/bin/docker-entrypoint.sh'])
        + k.container.withArgs(['/bin/sh', '-ec', |||
          gitea migrate
          if gitea admin user list --admin | awk 'NR > 1 { print $2 }' | grep -qxF "$GITEA_ADMIN_USERNAME"; then
            echo "admin user $GITEA_ADMIN_USERNAME exists"
          else
            gitea admin user create --admin --username "$GITEA_ADMIN_USERNAME" --password "$GITEA_ADMIN_PASSWORD" \
              --email "$GITEA_ADMIN_EMAIL" --must-change-password=false
          fi
        |||])
        + layoutEnv
        + k.container.withEnvMixin(settingsEnv + secretEnv + [
          k.container.envFromSecret('GITEA_ADMIN_USERNAME', c.adminSecret, 'username'),
          k.container.envFromSecret('GITEA_ADMIN_PASSWORD', c.adminSecret, 'password'),
          k.container.envFromSecret('GITEA_ADMIN_EMAIL', c.adminSecret, 'email'),
        ])
        + k.container.withResources(c.initResources.requests, c.initResources.limits)
        + mounts,

      local gitea =
        k.container.new('gitea', config.images.gitea)
        + k.container.withPorts([k.container.port('http', c.httpPort), k.container.port('ssh', c.sshListenPort)])
        + layoutEnv
        + k.container.withEnvMixin(settingsEnv + secretEnv)
        + k.container.withResources(c.resources.requests, c.resources.limits)
        + k.container.withProbes(
          k.container.httpProbe('/api/healthz', 'http', initialDelaySeconds=30, failureThreshold=6),
          k.container.httpProbe('/api/healthz', 'http', initialDelaySeconds=5),
        )
        + mounts,

      statefulset: util.withSingleInstance(
        k.statefulSet.new(c.name, ns, labels, [gitea], serviceName=c.name + '-http', volumeClaimTemplates=[
          k.pvc.new('data', c.storage, c.storageClassName),
        ])
        + { spec+: { template+: { spec+: { initContainers: [configure] } } } }
        + k.workload.withVolumes([k.volume.emptyDir('tmp')])
        + k.workload.withPodSecurityContext(k.securityContext.pod(1000, fsGroup=1000))
        + k.workload.withConfigHash(this.settings),
        'one Gitea: repositories are on a ReadWriteOnce volume and the level queue is per instance; HA Gitea needs RWX storage and an external queue',
      ),

      service_http: k.service.new(c.name + '-http', ns, labels, [k.service.port('http', c.httpPort)]),
      service_ssh: k.service.new(c.name + '-ssh', ns, labels, [k.service.port('ssh', c.sshPort, targetPort='ssh')]),

      [if config.monitoring.serviceMonitors then 'service_monitor']: k.serviceMonitor.new(c.name, ns, labels, 'http') + {
        spec+: { endpoints: [e { authorization: { type: 'Bearer', credentials: { name: c.secretsSecret, key: 'metrics-token' } } } for e in super.endpoints] },
      },

      // HTTP (web, git, registry) for raibid's own pods, Flux, Prometheus and
      // the ingress controller; SSH for raibid's pods (users come through the Ingress).
      network_policy: k.networkPolicy.new(c.name, ns, labels, [
        k.networkPolicy.rule([net.raibidNamespace(config), net.fluxSource(config), net.prometheus(config)]
                             + (if c.ingress.enabled then [net.ingressController(config)] else []), [c.httpPort]),
        k.networkPolicy.rule([net.raibidNamespace(config)], [c.sshListenPort]),
      ]),

      [if c.ingress.enabled then 'ingress']: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: k.metadata.new(c.name, ns, labels, {
          'cert-manager.io/cluster-issuer': config.cluster.certManager.clusterIssuer.name,
        }),
        spec: {
          ingressClassName: c.ingress.className,
          tls: [{ hosts: [c.host], secretName: c.name + '-tls' }],
          rules: [{
            host: c.host,
            http: { paths: [{
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: c.name + '-http', port: { name: 'http' } } },
            }] },
          }],
        },
      },
    },
}

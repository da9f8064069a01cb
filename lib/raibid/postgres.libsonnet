// raibid/postgres.libsonnet: Gitea's database, as plain Jsonnet with the
// official PostgreSQL image (the Gitea chart's bundled Bitnami sub-charts are
// turned off: their images are being withdrawn).
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';
local util = import '../util.libsonnet';
local net = import 'network.libsonnet';

{
  new(config):: {
    local c = config.raibid.postgres,
    local ns = config.raibid.namespace,
    local labels = k.labels.new('postgresql', c.name, 'database', config.raibid.partOf),
    local uid = 70,  // the `postgres` user of the official alpine image

    // Only the password is secret; the user name is config (Gitea uses the same value).
    auth: secrets.new(config, c.authSecret, ns, ['password'], labels),

    local container =
      k.container.new('postgres', config.images.postgres)
      + k.container.withPorts([k.container.port('postgres', c.port)])
      + k.container.withEnvMap({
        POSTGRES_DB: c.database,
        POSTGRES_USER: c.user,
        PGDATA: '/var/lib/postgresql/data/pgdata',
      })
      + k.container.withEnvMixin([
        k.container.envFromSecret('POSTGRES_PASSWORD', c.authSecret, 'password'),
      ])
      + k.container.withResources(c.resources.requests, c.resources.limits)
      + k.container.withProbes(
        k.container.execProbe(['sh', '-c', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'], initialDelaySeconds=30),
        k.container.execProbe(['sh', '-c', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'], initialDelaySeconds=5),
      )
      + k.container.withVolumeMounts([
        { name: 'data', mountPath: '/var/lib/postgresql/data' },
        // The root filesystem is read-only: PostgreSQL writes its socket and temp files here.
        { name: 'run', mountPath: '/var/run/postgresql' },
        { name: 'tmp', mountPath: '/tmp' },
      ]),

    // Standalone by design (one database for Gitea); HA PostgreSQL would need
    // streaming replication and failover (an operator), not more replicas.
    statefulset: util.withSingleInstance(
      k.statefulSet.new(c.name, ns, labels, [container], serviceName=c.name, volumeClaimTemplates=[
        k.pvc.new('data', c.storage, c.storageClassName),
      ])
      + k.workload.withVolumes([k.volume.emptyDir('run'), k.volume.emptyDir('tmp')])
      + k.workload.withPodSecurityContext(k.securityContext.pod(uid, fsGroup=uid)),
      'standalone PostgreSQL for Gitea: a second replica is not a standby without streaming replication and failover',
    ),

    service: k.service.new(c.name, ns, labels, [k.service.port('postgres', c.port)]),

    // Gitea is the database's only client.
    network_policy: k.networkPolicy.new(c.name, ns, labels, [k.networkPolicy.rule([net.gitea(config)], [c.port])]),
  },
}

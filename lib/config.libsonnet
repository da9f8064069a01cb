// config.libsonnet: the single place where environments differ.
//
// `base` holds every knob with its default; each environment below is `base`
// plus its differences. An environment's main.jsonnet picks one and may
// override fields:  (import 'config.libsonnet').environments.dev + { ... }.
// Required settings are `error` values, so a missing one fails evaluation
// with a message naming it.
local images = import 'images.libsonnet';

local base = {
  local cfg = self,
  environment: error 'config: environment must be set',
  cluster: {
    name: error 'config: cluster.name must be set',
    // Whether this environment installs what a cluster holds once: CRDs, the
    // operators that serve them (cert-manager, External Secrets, KEDA, the
    // Prometheus operator), their webhooks and APIServices, and the
    // node-level exporters. Exactly one environment per cluster owns them.
    // Another environment on the same cluster (its own namespaces: mop,
    // raibid and flux namespaces below) sets false and relies on the owner's
    // (README, "Two environments on one cluster").
    owner: true,
    // Appended to the names this environment gives objects outside its own
    // namespaces (cluster-scoped RBAC, KEDA's auth Secret and
    // ClusterTriggerAuthentication), so two environments never share one.
    nameSuffix: if cfg.cluster.owner then '' else '-' + cfg.environment,
    kubeVersion: '1.32',
    // API versions Helm charts may rely on (helm template cannot ask the cluster). Some
    // charts ask for the group version, others for the kind (External Secrets' ServiceMonitor).
    apiVersions: ['monitoring.coreos.com/v1', 'monitoring.coreos.com/v1/ServiceMonitor'],
    // cert-manager and the ClusterIssuer Ingresses name (dev and up).
    certManager: {
      enabled: false,
      namespace: 'cert-manager',
      replicas: 1,
      clusterIssuer: {
        name: 'letsencrypt',
        // How certificates are issued (cluster/cert-manager.libsonnet):
        //  'acme-http01': ACME through the ingress class (public names only);
        //  'acme-dns01':  ACME with a DNS-01 solver (`dns01`), also for names
        //                 the ACME server cannot reach over HTTP;
        //  'ca':          a private CA whose key pair is the Secret `ca.secret`
        //                 (keys tls.crt, tls.key) in cert-manager's namespace.
        type: 'acme-http01',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: error 'config: cluster.certManager.clusterIssuer.email must be set when cert-manager is enabled',
        ingressClassName: 'traefik',
        // RFC 2136 dynamic DNS updates (BIND, PowerDNS, Knot, Windows DNS) with a TSIG key.
        dns01: {
          nameserver: error 'config: cluster.certManager.clusterIssuer.dns01.nameserver must be set for acme-dns01',
          tsigKeyName: error 'config: cluster.certManager.clusterIssuer.dns01.tsigKeyName must be set for acme-dns01',
          tsigAlgorithm: 'HMACSHA512',
          secret: 'cert-manager-dns01-tsig',  // key: tsig-secret
        },
        ca: { secret: 'platform-ca' },  // keys: tls.crt, tls.key
      },
      resources: {
        requests: { cpu: '20m', memory: '64Mi' },
        limits: { cpu: '200m', memory: '256Mi' },
      },
    },
    // External Secrets Operator, deployed where secrets.mode is 'external'.
    externalSecrets: {
      namespace: 'external-secrets',
      replicas: 1,
      resources: {
        requests: { cpu: '20m', memory: '64Mi' },
        limits: { cpu: '200m', memory: '256Mi' },
      },
    },
  },
  monitoring: {
    // Render ServiceMonitors/PodMonitors (kube-prometheus-stack's CRDs are deployed by MOP).
    serviceMonitors: true,
  },
  // Feature switches and sizing shared by every component.
  production: false,
  // How Secrets reach the cluster: 'generated' (local only: dev-only values
  // generated here, marked as such), 'declared' (the Secret must already
  // exist; the repository holds its name and keys), or 'external' (an
  // ExternalSecret per Secret, reading from `secrets.store`).
  secrets: {
    mode: 'declared',
    store: { kind: 'ClusterSecretStore', name: 'platform' },
    refreshInterval: '1h',
  },
  images: images,
  // Chart directories under charts/ for MOP's charts: an environment (the
  // canary) points one at the next version, vendored beside the current one
  // (chartfile.yaml `directory: loki-next`).
  charts: {
    loki: 'loki',
    tempo: 'tempo',
    tempoDistributed: 'tempo-distributed',
    mimir: 'mimir-distributed',
    grafana: 'grafana',
    alloy: 'alloy',
    kubePrometheusStack: 'kube-prometheus-stack',
  },

  mop: {
    namespace: 'mop',
    partOf: 'mop',
    // StorageClass of every MOP volume (null: the cluster's default class;
    // k3s: local-path). Sizes are per component below.
    storageClassName: null,
    // Object storage. Each store has its own buckets and its own credentials
    // Secret (keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), so a compromise
    // of one store does not expose the others.
    s3: {
      local s3 = self,
      endpoint: error 'config: mop.s3.endpoint must be set (host:port of the S3 API)',
      region: 'us-east-1',
      insecure: false,
      // Prepended to every bucket name: environments that share an endpoint
      // (production and its canary) must not share buckets (two compactors
      // with different retentions on one bucket delete each other's data).
      bucketPrefix: '',
      stores: {
        loki: {
          secret: 'loki-s3',
          // No admin bucket: only Loki Enterprise's admin API uses one.
          buckets: { chunks: s3.bucketPrefix + 'loki-chunks', ruler: s3.bucketPrefix + 'loki-ruler' },
        },
        tempo: {
          secret: 'tempo-s3',
          buckets: { traces: s3.bucketPrefix + 'tempo-traces' },
        },
        mimir: {
          secret: 'mimir-s3',
          buckets: { blocks: s3.bucketPrefix + 'mimir-blocks', ruler: s3.bucketPrefix + 'mimir-ruler', alertmanager: s3.bucketPrefix + 'mimir-alertmanager' },
        },
      },
    },
    loki: {
      mode: 'SimpleScalable',  // or 'Monolithic'
      replicas: { single: 1, read: 1, write: 1, backend: 1, gateway: 1 },
      replicationFactor: 1,
      // PVCs for the write/backend WAL; off where S3 holds the state and a lost WAL is acceptable.
      persistence: false,
      // Volume sizes where persistence is on. A writer's WAL holds what it has
      // not flushed yet (chunks idle out after 30 min): at the seeds' 10 MB/s
      // that is ~18 GB spread over the writers; the backend holds the
      // compactor's working set and the ruler's WAL.
      storage: { single: '10Gi', write: '10Gi', backend: '10Gi' },
      retention: '168h',
      ingestionRateMB: 10,
      port: 3100,
      resources: {
        requests: { cpu: '200m', memory: '512Mi' },
        limits: { cpu: '1000m', memory: '1536Mi' },
      },
      gatewayResources: {
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '200m', memory: '128Mi' },
      },
      sidecarResources: {
        requests: { cpu: '10m', memory: '32Mi' },
        limits: { cpu: '100m', memory: '128Mi' },
      },
    },
    tempo: {
      // 'monolithic': one Tempo 2 pod (tempo chart). 'distributed': Tempo 3
      // microservices (tempo-distributed chart), which write through Kafka
      // (`kafka` below). See mop/tempo.libsonnet for the choice.
      mode: 'monolithic',
      port: 3200,
      retention: '168h',
      persistence: false,  // monolithic: the WAL; traces themselves are in S3
      storage: '10Gi',
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '1000m', memory: '1Gi' },
      },
      // Distributed mode: partitions of the trace topic, which is also the
      // number of block-builders and of live-stores (one per partition).
      partitions: 1,
      replicas: {
        distributor: 1,
        querier: 1,
        queryFrontend: 1,
        metricsGenerator: 1,
        backendWorker: 1,
        memcached: 1,
      },
      sidecarResources: {
        requests: { cpu: '20m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      },
    },
    // Kafka for Tempo's distributed mode. `external`: brokers ('host:port,...')
    // run elsewhere; null: run them in the namespace (mop/kafka.libsonnet).
    kafka: {
      external: null,
      name: 'kafka',
      port: 9092,
      controllerPort: 9093,
      replicas: 1,
      // KRaft cluster id (not a secret): base64url of 16 random bytes, one per cluster.
      clusterId: error 'config: mop.kafka.clusterId must be set when Kafka runs in the cluster',
      retentionHours: 24,  // Tempo consumes within minutes; the topic is a write-ahead log
      storage: '10Gi',
      storageClassName: $.mop.storageClassName,
      heap: '512m',
      resources: {
        requests: { cpu: '200m', memory: '1Gi' },
        limits: { cpu: '1000m', memory: '1536Mi' },
      },
      exporterPort: 9308,
      exporterResources: {
        requests: { cpu: '10m', memory: '32Mi' },
        limits: { cpu: '200m', memory: '128Mi' },
      },
    },
    mimir: {
      port: 8080,
      // Where Prometheus, Tempo's metrics generator and Alloy remote-write.
      pushUrl: 'http://mimir-gateway.%s.svc.cluster.local:%d/api/v1/push' % [cfg.mop.namespace, cfg.mop.mimir.port],
      queryUrl: 'http://mimir-gateway.%s.svc.cluster.local:%d/prometheus' % [cfg.mop.namespace, cfg.mop.mimir.port],
      replicas: {
        gateway: 1,
        distributor: 1,
        ingester: 1,
        querier: 1,
        queryFrontend: 1,
        queryScheduler: 1,
        storeGateway: 1,
        compactor: 1,
        overridesExporter: 1,
        cache: 1,
      },
      replicationFactor: 1,
      persistence: false,
      // Volume sizes where persistence is on. Ingesters keep the TSDB head,
      // its WAL and ~13 h of blocks of every series they own (500k series at
      // a 15 s interval are ~4 GB of blocks a day); the compactor needs room
      // for the blocks of a day it merges (input and output); store-gateways
      // keep index headers of the whole retention (~2% of the blocks).
      storage: { ingester: '10Gi', compactor: '10Gi', storeGateway: '5Gi' },
      caches: false,
      retention: '30d',
      ingestionRate: 50000,
      maxSeries: 500000,
      // Exemplars kept in the ingesters (Mimir's default 0 drops every exemplar,
      // so metric panels show no trace links).
      maxExemplars: 100000,
      resources: {
        requests: { cpu: '200m', memory: '512Mi' },
        limits: { cpu: '1000m', memory: '1536Mi' },
      },
      gatewayResources: {
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      },
      // What the chart leaves unset on the memcached caches and their exporters.
      sidecarResources: {
        requests: { cpu: '20m', memory: '32Mi' },
        limits: { cpu: '500m', memory: '128Mi' },
      },
    },
    grafana: {
      host: 'grafana.localhost',
      // More than one replica needs `database.type: 'postgres'` (SQLite on a
      // ReadWriteOnce volume cannot be shared); the replicas then gossip
      // alert state over the headless Service (unified_alerting.ha_peers).
      replicas: 1,
      adminSecret: 'grafana-admin',  // keys: admin-user, admin-password
      persistence: false,
      storage: '5Gi',
      database: {
        type: 'sqlite3',  // or 'postgres': an external PostgreSQL the operator provides
        host: error 'config: mop.grafana.database.host must be set (host:port) for postgres',
        name: 'grafana',
        user: 'grafana',
        sslMode: 'require',
        secret: 'grafana-database',  // key: GF_DATABASE_PASSWORD
      },
      ingress: {
        enabled: false,
        className: 'traefik',  // k3s's ingress controller (the certificate: cluster.certManager.clusterIssuer)
      },
      oauth: {
        enabled: false,
        name: 'SSO',
        secret: 'grafana-oauth',  // key: GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET
        clientId: error 'config: mop.grafana.oauth.clientId must be set when OAuth is enabled',
        authUrl: error 'config: mop.grafana.oauth.authUrl must be set when OAuth is enabled',
        tokenUrl: error 'config: mop.grafana.oauth.tokenUrl must be set when OAuth is enabled',
        apiUrl: error 'config: mop.grafana.oauth.apiUrl must be set when OAuth is enabled',
        roleAttributePath: "contains(groups[*], 'platform-admins') && 'Admin' || 'Viewer'",
        disableLoginForm: false,
      },
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '1000m', memory: '1Gi' },
      },
      sidecarResources: {
        requests: { cpu: '10m', memory: '64Mi' },
        limits: { cpu: '100m', memory: '128Mi' },
      },
    },
    // The one alerting path (mop/alerting.libsonnet): PrometheusRules ->
    // Prometheus -> Alertmanager -> receivers.
    alerting: {
      replicas: 1,
      secret: 'alertmanager-receivers',  // keys: SLACK_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY, SMTP_PASSWORD, DEADMANS_SWITCH_TOKEN
      email: {
        to: 'platform-alerts@example.internal',
        from: 'alertmanager@example.internal',
        smarthost: 'smtp.example.internal:587',
        username: 'alertmanager',
      },
      slackChannel: '#platform-alerts',
      // A heartbeat service that pages when Watchdog's pings stop (the token is a Secret key).
      deadMansSwitch: { url: 'https://heartbeat.example.internal/ping/platform-' + $.environment },
      resources: {
        requests: { cpu: '10m', memory: '64Mi' },
        limits: { cpu: '200m', memory: '256Mi' },
      },
    },
    prometheus: {
      replicas: 1,
      retention: '2d',  // long-term data is in Mimir
      nodeExporter: true,
      resources: {
        requests: { cpu: '200m', memory: '512Mi' },
        limits: { cpu: '1000m', memory: '2Gi' },
      },
      operatorResources: {
        requests: { cpu: '50m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      },
      exporterResources: {
        requests: { cpu: '20m', memory: '32Mi' },
        limits: { cpu: '200m', memory: '128Mi' },
      },
    },
    alloy: {
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      },
    },
    // In-cluster MinIO (local and dev only).
    minio: {
      enabled: false,
      name: 'minio',
      rootSecret: 'minio-root',  // keys: MINIO_ROOT_USER, MINIO_ROOT_PASSWORD
      storage: '20Gi',
      storageClassName: $.mop.storageClassName,
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '1000m', memory: '1Gi' },
      },
    },
  },

  raibid: {
    namespace: 'raibid',
    partOf: 'raibid-ci',
    redis: {
      name: 'redis',
      port: 6379,
      storage: '2Gi',
      storageClassName: null,
      maxMemory: '256mb',
      authSecret: 'raibid-redis-auth',  // key: password
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      },
      exporterPort: 9121,
      exporterResources: {
        requests: { cpu: '10m', memory: '32Mi' },
        limits: { cpu: '100m', memory: '64Mi' },
      },
    },
    queue: {
      stream: 'raibid:jobs',
      consumerGroup: 'raibid-agents',
      lagCount: 5,
    },
    postgres: {
      name: 'gitea-postgres',
      port: 5432,
      database: 'gitea',
      // The one source of the database user: PostgreSQL creates it, Gitea
      // connects as it. Only the password is a secret.
      user: 'gitea',
      storage: '5Gi',
      storageClassName: null,
      authSecret: 'gitea-postgres-auth',  // key: password
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '1000m', memory: '1Gi' },
      },
    },
    gitea: {
      name: 'gitea',
      httpPort: 3000,
      sshPort: 22,  // the Service's SSH port
      sshListenPort: 2222,  // Gitea's own SSH server in the pod (unprivileged)
      // The public name (Ingress, clone URLs). Without an Ingress, Gitea's
      // ROOT_URL is its in-cluster Service instead (raibid/gitea.libsonnet).
      host: 'git.localhost',
      adminSecret: 'gitea-admin',  // keys: username, password, email
      secretsSecret: 'gitea-secrets',  // keys: secret-key, metrics-token
      storage: '10Gi',
      storageClassName: null,
      // HTTPS for the web UI, git over HTTP and the OCI registry (dev and up),
      // with a certificate from cert-manager's ClusterIssuer; agents push to
      // the registry through it.
      ingress: {
        enabled: false,
        className: 'traefik',  // k3s's ingress controller
        // Its pods, admitted by Gitea's NetworkPolicy (k3s: Traefik in kube-system).
        controller: { namespace: 'kube-system', podLabels: { 'app.kubernetes.io/name': 'traefik' } },
      },
      resources: {
        requests: { cpu: '100m', memory: '256Mi' },
        limits: { cpu: '1000m', memory: '1Gi' },
      },
      // The init container (app.ini, database schema, admin user).
      initResources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '256Mi' },
      },
      org: 'raibid',
      repo: 'raibid-ci',
    },
    keda: {
      namespace: 'keda',
      replicas: 1,
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      },
    },
    flux: {
      namespace: 'flux-system',
      gitSecret: 'raibid-flux-git-auth',  // keys: username, password
      // The Kustomization applies as this ServiceAccount (flux-system), which
      // may manage workloads in raibid's namespace only.
      reconcilerServiceAccount: 'raibid-reconciler',
      replicas: 1,
      resources: {
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { cpu: '500m', memory: '512Mi' },
      },
      branch: 'main',
      path: './deploy',
      interval: '1m',
    },
    server: {
      name: 'raibid-server',
      port: 8080,  // API and /health (SERVER_PORT)
      metricsPort: 8081,  // Prometheus /metrics (METRICS_PORT), as upstream serves them
      replicas: 1,
      resources: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '1000m', memory: '1Gi' },
      },
    },
    agent: {
      name: 'raibid-agent',
      registrySecret: 'raibid-agent-registry',  // keys: username, password (a Gitea user allowed to push)
      minReplicaCount: 0,
      maxReplicaCount: 10,
      pollingInterval: 10,
      ttlSecondsAfterFinished: 600,
      activeDeadlineSeconds: 3600,
      resources: {
        requests: { cpu: '1000m', memory: '2Gi' },
        limits: { cpu: '2000m', memory: '4Gi' },
      },
    },
    // Where raibid sends traces (the MOP collector).
    otlpEndpoint: 'http://alloy.%s.svc.cluster.local:4317' % cfg.mop.namespace,
  },
};

{
  base:: base,

  environments:: {
    // Home lab: the whole platform requests at most ~1.8 CPU / 3.75 GiB, so
    // a 4-CPU / 8-GiB machine (k3s itself takes ~0.2 CPU / 256 MiB) keeps
    // room for two agent jobs (1 CPU / 2 GiB each; tests/platform/requests.test.ts
    // prints the totals). Only requests shrink: limits stay, so components
    // can burst while the machine is idle.
    'local': base {
      local cfg = self,
      local requests(r, cpu, memory) = r { requests: { cpu: cpu, memory: memory } },
      environment: 'local',
      cluster+: { name: 'local' },
      secrets+: { mode: 'generated' },
      mop+: {
        s3+: { endpoint: 'minio.%s.svc.cluster.local:9000' % cfg.mop.namespace, insecure: true },
        minio+: { enabled: true, storage: '5Gi', resources: requests(super.resources, '25m', '128Mi') },
        loki+: {
          mode: 'Monolithic',
          retention: '72h',
          resources: requests(super.resources, '50m', '256Mi'),
          gatewayResources: requests(super.gatewayResources, '10m', '32Mi'),
          sidecarResources: requests(super.sidecarResources, '5m', '32Mi'),
        },
        tempo+: { resources: requests(super.resources, '25m', '128Mi') },
        mimir+: {
          resources: requests(super.resources, '20m', '96Mi'),
          gatewayResources: requests(super.gatewayResources, '10m', '32Mi'),
          sidecarResources: requests(super.sidecarResources, '5m', '32Mi'),
        },
        grafana+: {
          resources: requests(super.resources, '50m', '128Mi'),
          sidecarResources: requests(super.sidecarResources, '5m', '32Mi'),
        },
        alerting+: { resources: requests(super.resources, '10m', '32Mi') },
        prometheus+: {
          resources: requests(super.resources, '100m', '256Mi'),
          operatorResources: requests(super.operatorResources, '10m', '32Mi'),
          exporterResources: requests(super.exporterResources, '10m', '16Mi'),
        },
        alloy+: { resources: requests(super.resources, '25m', '64Mi') },
      },
      raibid+: {
        redis+: {
          storage: '1Gi',
          resources: requests(super.resources, '50m', '64Mi'),
          exporterResources: requests(super.exporterResources, '5m', '16Mi'),
        },
        postgres+: { storage: '1Gi', resources: requests(super.resources, '50m', '128Mi') },
        gitea+: { resources: requests(super.resources, '50m', '128Mi') },
        keda+: { resources: requests(super.resources, '25m', '64Mi') },
        flux+: { resources: requests(super.resources, '25m', '32Mi') },
      },
    },

    dev: base {
      local cfg = self,
      environment: 'dev',
      cluster+: {
        name: 'dev',
        // Home-lab names no public ACME server can validate: a private CA.
        certManager+: { enabled: true, clusterIssuer+: { email: 'platform@example.internal', name: 'platform-ca', type: 'ca' } },
      },
      // The repository names the Secrets; the cluster's secret manager holds the values.
      secrets+: { mode: 'external' },
      mop+: {
        s3+: { endpoint: 'minio.%s.svc.cluster.local:9000' % cfg.mop.namespace, insecure: true },
        minio+: { enabled: true },
        grafana+: {
          host: 'grafana.dev.example.internal',
          ingress+: { enabled: true },
        },
      },
      raibid+: {
        gitea+: { host: 'git.dev.example.internal', ingress+: { enabled: true } },
      },
    },

    staging: base {
      environment: 'staging',
      cluster+: {
        name: 'staging',
        certManager+: { enabled: true, clusterIssuer+: { email: 'platform@example.internal', type: 'acme-dns01', dns01+: { nameserver: 'ns1.example.internal:53', tsigKeyName: 'cert-manager' } } },
      },
      secrets+: { mode: 'external' },
      mop+: {
        s3+: { endpoint: 's3.staging.example.internal' },
        // Production's Tempo layout (Tempo 3, Kafka), one of each.
        tempo+: { mode: 'distributed' },
        kafka+: { clusterId: 'Yq9DqE0hTq6gW3Lq1qH7nA' },
        grafana+: {
          host: 'grafana.staging.example.internal',
          ingress+: { enabled: true },
          oauth+: {
            enabled: true,
            clientId: 'grafana-staging',
            authUrl: 'https://sso.example.internal/oauth2/authorize',
            tokenUrl: 'https://sso.example.internal/oauth2/token',
            apiUrl: 'https://sso.example.internal/oauth2/userinfo',
          },
        },
      },
      raibid+: {
        gitea+: { host: 'git.staging.example.internal', ingress+: { enabled: true } },
      },
    },

    production: base {
      environment: 'production',
      cluster+: {
        name: 'production',
        certManager+: { enabled: true, replicas: 2, clusterIssuer+: { email: 'platform@example.internal', type: 'acme-dns01', dns01+: { nameserver: 'ns1.example.internal:53', tsigKeyName: 'cert-manager' } } },
        externalSecrets+: { replicas: 2 },
      },
      production: true,
      secrets+: { mode: 'external' },
      mop+: {
        s3+: { endpoint: 's3.example.internal' },
        grafana+: {
          host: 'grafana.example.internal',
          replicas: 2,
          database+: { type: 'postgres', host: 'postgres.example.internal:5432' },
          ingress+: { enabled: true },
          oauth+: {
            enabled: true,
            clientId: 'grafana',
            authUrl: 'https://sso.example.internal/oauth2/authorize',
            tokenUrl: 'https://sso.example.internal/oauth2/token',
            apiUrl: 'https://sso.example.internal/oauth2/userinfo',
            disableLoginForm: true,
          },
        },
        alerting+: { replicas: 2 },
        mimir+: {
          replicas: {
            gateway: 2,
            distributor: 2,
            ingester: 3,
            querier: 2,
            queryFrontend: 2,
            queryScheduler: 2,
            storeGateway: 2,
            compactor: 2,
            overridesExporter: 2,
            cache: 2,
          },
          replicationFactor: 3,
          persistence: true,
          // 500k series, replication factor 3 (each ingester owns all of them), 90 d retention.
          storage: { ingester: '50Gi', compactor: '50Gi', storeGateway: '20Gi' },
          caches: true,
          retention: '90d',
          resources: {
            requests: { cpu: '500m', memory: '2Gi' },
            limits: { cpu: '2000m', memory: '4Gi' },
          },
        },
        tempo+: {
          mode: 'distributed',
          partitions: 3,
          replicas: {
            distributor: 2,
            querier: 2,
            queryFrontend: 2,
            metricsGenerator: 2,
            backendWorker: 2,
            memcached: 2,
          },
          retention: '720h',
          resources: {
            requests: { cpu: '500m', memory: '1Gi' },
            limits: { cpu: '2000m', memory: '4Gi' },
          },
        },
        kafka+: {
          replicas: 3,
          clusterId: '6IVPA2NfSl2WG9hssQKJMA',
          storage: '50Gi',
          heap: '1g',
          resources: {
            requests: { cpu: '500m', memory: '2Gi' },
            limits: { cpu: '2000m', memory: '3Gi' },
          },
        },
        loki+: {
          replicas: { single: 0, read: 3, write: 3, backend: 3, gateway: 2 },
          replicationFactor: 3,
          persistence: true,
          // up to 50 MB/s: half an hour of unflushed chunks per writer (replication factor 3)
          storage: { single: '10Gi', write: '50Gi', backend: '20Gi' },
          retention: '720h',
          ingestionRateMB: 50,
          resources: {
            requests: { cpu: '500m', memory: '1Gi' },
            limits: { cpu: '2000m', memory: '4Gi' },
          },
        },
      },
      raibid+: {
        redis+: { storage: '10Gi', maxMemory: '1gb' },
        postgres+: { storage: '50Gi' },
        gitea+: { host: 'git.example.internal', ingress+: { enabled: true } },
        server+: { replicas: 2 },
        keda+: { replicas: 2 },
        flux+: { replicas: 2 },
      },
    },
  },
}

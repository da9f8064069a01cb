// mop/grafana/grafana.libsonnet: Grafana from the grafana-community chart,
// provisioned from this repository: datasources with correlations
// (datasources.libsonnet), dashboards shipped as ConfigMaps that the chart's
// sidecar loads, OAuth/OIDC login per environment, an Ingress with a
// cert-manager certificate from dev up, and state in SQLite (one replica, on
// a PVC where config asks for it) or in an external PostgreSQL (replicas > 1,
// which then share alert state over the headless Service). Every credential
// comes from a Secret through env variables.
local helm = (import '../../helm.libsonnet').new(std.thisFile);
local util = import '../../util.libsonnet';
local k = import '../../k.libsonnet';
local secrets = import '../../secrets.libsonnet';
local datasources = import 'datasources.libsonnet';
local dashboards = import 'dashboards.libsonnet';

// The Grafana folder of the provisioned dashboards.
local folder = 'MOP';

{
  new(config)::
    local m = config.mop;
    local c = m.grafana;
    local ns = m.namespace;
    local labels = k.labels.new('grafana', 'grafana', 'dashboards', m.partOf);
    local svc(name, port) = 'http://%s.%s.svc.cluster.local:%d' % [name, ns, port];
    local db = c.database;
    local postgres = db.type == 'postgres';
    local ha = c.replicas > 1;
    assert std.member(['sqlite3', 'postgres'], db.type) : "config: mop.grafana.database.type must be 'sqlite3' or 'postgres'";
    // Replicas cannot share SQLite, nor attach one ReadWriteOnce volume.
    assert !ha || (postgres && !c.persistence) : 'config: mop.grafana.replicas > 1 needs database.type postgres and persistence false';
    {
      local this = self,
      urls:: {
        loki: svc('loki-gateway', m.loki.port),
        tempo: (import '../tempo.libsonnet').endpoints(config).query,
        mimir: m.mimir.queryUrl,
        prometheus: svc('kps-prometheus', 9090),
        alertmanager: svc('kps-alertmanager', 9093),
      },

      admin: secrets.new(config, c.adminSecret, ns, ['admin-user', 'admin-password'], labels),
      [if postgres then 'database_secret']: secrets.new(config, db.secret, ns, ['GF_DATABASE_PASSWORD'], labels),
      [if c.oauth.enabled then 'oauth']: secrets.new(config, c.oauth.secret, ns, ['GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET'], labels),
      dashboards: dashboards.configMaps(config, ns, labels, folder),

      ini:: {
        server: {
          domain: c.host,
          root_url: (if c.ingress.enabled then 'https://' else 'http://') + c.host + '/',
        },
        analytics: { reporting_enabled: false, check_for_updates: false },
        users: { allow_sign_up: false },
        auth: { disable_login_form: c.oauth.enabled && c.oauth.disableLoginForm },
        'auth.anonymous': { enabled: false },
        // The password comes from GF_DATABASE_PASSWORD (database Secret).
        database: if postgres then {
          type: 'postgres',
          host: db.host,
          name: db.name,
          user: db.user,
          ssl_mode: db.sslMode,
        } else { type: 'sqlite3' },
        // Replicas share alert state (silences, notification log) so each
        // notification goes out once; peers are found through the headless Service.
        [if ha then 'unified_alerting']: {
          ha_peers: 'grafana-headless.%s.svc.cluster.local:9094' % ns,
          ha_listen_address: '$__env{POD_IP}:9094',
          ha_advertise_address: '$__env{POD_IP}:9094',
        },
        [if c.oauth.enabled then 'auth.generic_oauth']: {
          enabled: true,
          name: c.oauth.name,
          client_id: c.oauth.clientId,
          // client_secret comes from GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET
          scopes: 'openid profile email',
          auth_url: c.oauth.authUrl,
          token_url: c.oauth.tokenUrl,
          api_url: c.oauth.apiUrl,
          use_pkce: true,
          allow_sign_up: true,
          role_attribute_path: c.oauth.roleAttributePath,
        },
      },

      values:: {
        replicas: c.replicas,
        admin: { existingSecret: c.adminSecret, userKey: 'admin-user', passwordKey: 'admin-password' },
        'grafana.ini': this.ini,
        envFromSecrets: (if c.oauth.enabled then [{ name: c.oauth.secret }] else [])
                        + (if postgres then [{ name: db.secret }] else []),
        headlessService: ha,
        datasources: { 'datasources.yaml': datasources.new(this.urls) },
        // The pod's fsGroup makes the volume writable: no root init container needed
        // (the chart adds one only with a volume).
        [if c.persistence then 'initChownData']: { enabled: false },
        sidecar: {
          resources: c.sidecarResources,
          securityContext: k.securityContext.restricted { seccompProfile: { type: 'RuntimeDefault' } },
          dashboards: {
            enabled: true,
            label: 'grafana_dashboard',
            labelValue: '1',
            // Our dashboards are ConfigMaps in this namespace: no cluster-wide
            // read access (the chart's default ClusterRole reads every Secret).
            searchNamespace: ns,
            resource: 'configmap',
            folderAnnotation: 'grafana_folder',
            provider: { foldersFromFilesStructure: true },
          },
        },
        resources: c.resources,
        containerSecurityContext: k.securityContext.restricted { seccompProfile: { type: 'RuntimeDefault' } },
        persistence: { enabled: c.persistence } + if c.persistence then { size: c.storage } else {},
        ingress: if c.ingress.enabled then {
          enabled: true,
          ingressClassName: c.ingress.className,
          annotations: { 'cert-manager.io/cluster-issuer': config.cluster.certManager.clusterIssuer.name },
          hosts: [c.host],
          tls: [{ secretName: 'grafana-tls', hosts: [c.host] }],
        } else { enabled: false },
        [if c.replicas > 1 then 'podDisruptionBudget']: { maxUnavailable: 1 },
        serviceMonitor: { enabled: config.monitoring.serviceMonitors },
        rbac: { namespaced: true },
      },

      chart: util.mapObjects(util.withHighAvailability(util.withDefaultLabels(util.withNamespace(helm.template('grafana', '../../../charts/' + config.charts.grafana, {
        namespace: ns,
        values: this.values,
        skipTests: true,
        kubeVersion: config.cluster.kubeVersion,
        apiVersions: config.cluster.apiVersions,
      }), ns), k.labels.new('grafana', 'grafana', 'dashboards', m.partOf, managedBy='Helmraiser'))), function(o)
        // The dashboard sidecar lists ConfigMaps only: no Secret is readable.
        if o.kind == 'Role' then o { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch', 'list'] }] }
        else o),
    },
}

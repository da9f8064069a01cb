// production-canary: production's platform on the canary cluster, with the
// few fields that differ. Everything else follows production.
(import '../production/main.jsonnet') + {
  config+:: {
    environment: 'production-canary',
    cluster+: { name: 'production-canary' },
    mop+: {
      grafana+: { host: 'grafana.canary.example.internal' },
      loki+: { retention: '168h' },
    },
    raibid+: {
      gitea+: { host: 'git.canary.example.internal' },
    },
  },
}

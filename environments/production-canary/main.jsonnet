// production-canary: production's platform on the canary cluster, with the
// few fields that differ. Everything else follows production.
//
// The canary is where the next versions run first: `next` below names the
// images (config.images) and chart directories (config.charts; vendor the
// next chart beside the current one with its own `directory:` in
// chartfile.yaml) that production does not run yet. Promotion: once the
// canary is healthy, move each entry into lib/images.libsonnet or
// chartfile.yaml / config.charts for every environment, and empty `next`.
local next = {
  images: {},
  charts: {},
};

(import '../production/main.jsonnet') + {
  config+:: {
    environment: 'production-canary',
    cluster+: { name: 'production-canary' },
    images+: next.images,
    charts+: next.charts,
    mop+: {
      // Same S3 endpoint as production: buckets of its own (credentials
      // are its own through the secret store's `production-canary/` keys).
      s3+: { bucketPrefix: 'canary-' },
      grafana+: { host: 'grafana.canary.example.internal' },
      loki+: { retention: '168h' },
    },
    raibid+: {
      gitea+: { host: 'git.canary.example.internal' },
    },
  },
}

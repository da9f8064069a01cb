// The staging environment: configuration and composition only.
local config = (import 'config.libsonnet').environments.staging;

{
  // Hidden, so an environment that imports this one (a canary, another
  // region) can override configuration: `(import ...) + { config+:: {...} }`.
  config:: config,
  cluster: (import 'cluster/cluster.libsonnet').new(self.config),
  mop: (import 'mop/mop.libsonnet').new(self.config),
  raibid: (import 'raibid/raibid.libsonnet').new(self.config),
}

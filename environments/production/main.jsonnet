// The production environment: configuration and composition only.
local config = (import 'config.libsonnet').environments.production;

{
  mop: (import 'mop/mop.libsonnet').new(config),
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

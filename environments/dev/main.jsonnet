// The dev environment: configuration and composition only.
local config = (import 'config.libsonnet').environments.dev;

{
  mop: (import 'mop/mop.libsonnet').new(config),
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

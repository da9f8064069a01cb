// The local environment: configuration and composition only.
local config = (import 'config.libsonnet').environments['local'];

{
  mop: (import 'mop/mop.libsonnet').new(config),
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

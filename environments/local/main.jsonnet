// The local environment: configuration and composition only.
local config = (import 'config.libsonnet').environments['local'];

{
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

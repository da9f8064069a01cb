// The production environment: configuration and composition only.
local config = (import 'config.libsonnet').environments.production;

{
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

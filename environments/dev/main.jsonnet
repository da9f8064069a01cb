// The dev environment: configuration and composition only.
local config = (import 'config.libsonnet').environments.dev;

{
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

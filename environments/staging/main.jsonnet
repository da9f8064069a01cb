// The staging environment: configuration and composition only.
local config = (import 'config.libsonnet').environments.staging;

{
  raibid: (import 'raibid/raibid.libsonnet').new(config),
}

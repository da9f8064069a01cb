// secrets.libsonnet: how a component gets a Secret, by `config.secrets.mode`.
//
//  - generated: local only. A Secret with dev-only values derived from the
//    environment and secret name, annotated `platform/dev-only: "true"`. They
//    protect nothing and exist so `tilt up` works without a secret manager.
//  - declared:  nothing is rendered; the Secret must already exist in the
//    cluster. The name and keys are still known (`declared`), so validation
//    can check references.
//  - external:  an External Secrets Operator ExternalSecret per Secret, reading
//    keys `<environment>/<secret name>/<key>` from `secrets.store`.
local k = import 'k.libsonnet';

{
  new(config, name, namespace, keys, labels={}):: (
    local mode = config.secrets.mode;
    assert std.member(['generated', 'declared', 'external'], mode) : 'config.secrets.mode: unknown mode ' + mode;
    assert mode != 'generated' || config.environment == 'local' : 'generated secrets are for the local environment only';
    {
      declared:: { name: name, namespace: namespace, keys: keys },
    } + (
      if mode == 'generated' then {
        secret: k.secret.new(name, namespace, {
          [key]: 'dev-only-' + std.substr(std.md5(config.environment + '/' + name + '/' + key), 0, 20)
          for key in keys
        }, labels) + {
          metadata+: { annotations+: { 'platform/dev-only': 'true' } },
        },
      } else if mode == 'external' then {
        external_secret: {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: k.metadata.new(name, namespace, labels),
          spec: {
            refreshInterval: config.secrets.refreshInterval,
            secretStoreRef: config.secrets.store,
            target: { name: name, creationPolicy: 'Owner' },
            data: [
              { secretKey: key, remoteRef: { key: config.environment + '/' + name, property: key } }
              for key in keys
            ],
          },
        },
      } else {}
    )
  ),
}

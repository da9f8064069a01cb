// mop/storage.libsonnet: object storage for the MOP stores: one credentials
// Secret per store (generated, declared or external, see secrets.libsonnet)
// and, where config enables it, the in-cluster MinIO that holds the buckets.
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';

{
  new(config)::
    local m = config.mop;
    {
      credentials: {
        [store]: secrets.new(
          config,
          m.s3.stores[store].secret,
          m.namespace,
          ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
          k.labels.new(store, store, 'storage-credentials', m.partOf),
        )
        for store in std.objectFields(m.s3.stores)
      },
      [if m.minio.enabled then 'minio']: (import 'minio.libsonnet').new(config),
    },
}

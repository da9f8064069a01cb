// std.manifestYamlDoc / manifestYamlStream of large objects (the shape of
// Kubernetes manifests rendered as YAML text).
local obj(i) = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm-' + i, labels: { app: 'app' + (i % 10), tier: 'backend' }, annotations: { note: 'line one\nline two\n' } },
  data: { ['key' + k]: 'value-' + i + '-' + k for k in std.range(1, 6) },
  list: [{ n: k, ok: k % 2 == 0, v: null } for k in std.range(1, 3)],
};
{
  doc: std.manifestYamlDoc({ items: [obj(i) for i in std.range(1, 12)] }),
  stream: std.manifestYamlStream([obj(i) for i in std.range(1, 8)]),
}

// Deep object inheritance: a base configuration extended by hundreds of
// mixin layers, each using +: merges on nested objects, super and self.
local base = {
  name: 'svc',
  settings: { replicas: 1, limits: { cpu: 100, memory: 128 }, tags: [], env: {} },
  describe: self.name + ' x' + self.settings.replicas,
};
local layer(i) = {
  settings+: {
    replicas: super.replicas + 1,
    limits+: { cpu: super.cpu + i % 7, memory: super.memory + 1 },
    tags+: ['t' + i],
    env+: { ['VAR_' + (i % 50)]: 'v' + i },
  },
  ['extra' + (i % 20)]: { level: i, parentReplicas: $.settings.replicas },
};
local build(n) = std.foldl(function(acc, i) acc + layer(i), std.range(1, n), base);
{
  variants: [
    local o = build(250) + { name: 'variant' + v };
    { describe: o.describe, cpu: o.settings.limits.cpu, tags: std.length(o.settings.tags), env: o.settings.env, extra: o.extra3 }
    for v in std.range(1, 12)
  ],
  full: build(250),
}

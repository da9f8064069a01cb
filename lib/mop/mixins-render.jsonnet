// Renders mixins-rendered.json, the mixins' output that environments read instead of
// evaluating the mixins (see output() in mixins.libsonnet):
//   npm run mixins:render
// after changing mixins.libsonnet or the vendored mixins (npm run vendor).
local mixins = import 'mixins.libsonnet';

std.manifestJsonEx({ key: mixins.cacheKey, output: mixins.render(mixins.placeholderNamespace) }, '  ')

// Helm charts through Tanka's helmTemplate native function, with the contract of
// grafana/jsonnet-libs tanka-util (written for this repository):
//
//   local helm = (import 'helm.libsonnet').new(std.thisFile);
//   helm.template('grafana', '../../charts/grafana', { namespace: 'mop', values: { ... } })
//
// The result is an object of Kubernetes objects keyed like `deployment_grafana`
// (snake-cased `<kind>_<name>`, or opts.nameFormat). Every object gets the label
// app.kubernetes.io/managed-by: Helmraiser, as tanka-util does; override it with
// `helm { defaultLabels:: {...} }`. Works under real `tk` and under `tkts`.
{
  local patchLabels(x, labels) =
    if std.isObject(x) then
      if std.objectHas(x, 'apiVersion') && std.objectHas(x, 'kind')
      then x { metadata+: { labels+: labels } }
      else std.mapWithKey(function(_, v) patchLabels(v, labels), x)
    else if std.isArray(x) then std.map(function(v) patchLabels(v, labels), x)
    else x,

  // Remembers the calling file: charts are resolved relative to its directory.
  new(calledFrom):: self { _config+:: { calledFrom: calledFrom } },

  _config:: {
    calledFrom:: error 'new(std.thisFile) was not called',
  },

  defaultLabels:: { 'app.kubernetes.io/managed-by': 'Helmraiser' },

  // conf: values, namespace, apiVersions, kubeVersion, includeCrds (default true),
  // skipTests, noHooks (default true, unlike tanka-util), nameFormat.
  //
  // Hooks are left out unless asked for: Tanka applies a hook as a plain object,
  // so a hook Job (immutable pod template) would break the next chart upgrade.
  // A wrapper that needs a hook's work does it with plain objects instead.
  template(name, chart, conf={})::
    patchLabels(
      std.native('helmTemplate')(name, chart, conf {
        noHooks: std.get(conf, 'noHooks', true),
        calledFrom: $._config.calledFrom,
      }),
      self.defaultLabels,
    ),
}

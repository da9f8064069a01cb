// Kustomizations through Tanka's kustomizeBuild native function, with the
// contract of grafana/jsonnet-libs tanka-util (written for this repository):
//
//   local kustomize = (import 'kustomize.libsonnet').new(std.thisFile);
//   kustomize.build('../../kustomize/base')
//
// The result is an object of Kubernetes objects keyed like `config_map_x`.
{
  new(calledFrom):: self { _config+:: { calledFrom: calledFrom } },

  _config:: {
    calledFrom:: error 'new(std.thisFile) was not called',
  },

  // conf: nameFormat.
  build(path, conf={}):: std.native('kustomizeBuild')(path, conf { calledFrom: $._config.calledFrom }),
}

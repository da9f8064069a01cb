// A realistic configuration: a hundred components, each a Deployment, a
// Service and a ConfigMap built from a small k8s library through mixins
// (labels, resources, probes, env, volumes), with per-environment overrides
// applied by +: merges. 300 objects in total, output as a Tanka-like tree.
local k = {
  labels(name, component):: {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'platform',
    'app.kubernetes.io/managed-by': 'tanka',
  },
  deployment: {
    new(name, image, replicas=1):: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: name, labels: k.labels(name, 'server') },
      spec: {
        replicas: replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
        template: {
          metadata: { labels: k.labels(name, 'server') },
          spec: { containers: [k.container.new(name, image)] },
        },
      },
    },
    withReplicas(n):: { spec+: { replicas: n } },
    withAnnotations(a):: { metadata+: { annotations+: a }, spec+: { template+: { metadata+: { annotations+: a } } } },
    mapContainers(f):: { spec+: { template+: { spec+: { containers: std.map(f, super.containers) } } } },
    withVolume(name, cm):: { spec+: { template+: { spec+: { volumes+: [{ name: name, configMap: { name: cm } }] } } } },
  },
  container: {
    new(name, image):: { name: name, image: image, ports: [], env: [] },
    withPort(name, port):: { ports+: [{ name: name, containerPort: port }] },
    withEnv(env):: { env+: [{ name: n, value: env[n] } for n in std.objectFields(env)] },
    withResources(cpu, mem):: { resources: { requests: { cpu: cpu, memory: mem }, limits: { memory: mem } } },
    withProbes(path, port):: {
      readinessProbe: { httpGet: { path: path, port: port }, periodSeconds: 10, failureThreshold: 3 },
      livenessProbe: self.readinessProbe { initialDelaySeconds: 30 },
    },
    withMount(name, path):: { volumeMounts+: [{ name: name, mountPath: path, readOnly: true }] },
  },
  service: {
    fromDeployment(d, port):: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: d.metadata.name, labels: d.metadata.labels },
      spec: {
        selector: d.spec.selector.matchLabels,
        ports: [{ name: p.name, port: p.containerPort, targetPort: p.containerPort } for p in d.spec.template.spec.containers[0].ports],
      },
    },
  },
  configMap: {
    new(name, data):: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: name, labels: k.labels(name, 'config') }, data: data },
  },
};

local config = {
  env:: 'production',
  replicas:: 2,
  resources:: { cpu: '100m', memory: '128Mi' },
};

local pad(i) = if i < 10 then '00' + i else if i < 100 then '0' + i else '' + i;
local component(i) =
  local name = 'svc-' + pad(i);
  local cm = k.configMap.new(name + '-config', {
    upstreams: std.join(',', ['svc-' + pad((i + j) % 100) for j in [1, 2, 3]]),
    'app.json': std.manifestJsonMinified({ name: name, port: 8080, debug: i % 3 == 0 }),
    LOG_LEVEL: if i % 3 == 0 then 'debug' else 'info',
  });
  local d = k.deployment.new(name, 'registry.local/' + name + ':1.' + (i % 7) + '.0')
            + k.deployment.withReplicas(config.replicas + i % 3)
            + k.deployment.withAnnotations({ 'config-hash': std.md5(cm.data.upstreams + cm.data.LOG_LEVEL) })
            + k.deployment.mapContainers(function(c) c
                                                   + k.container.withPort('http', 8080)
                                                   + k.container.withPort('metrics', 9090)
                                                   + k.container.withEnv({ ENV: config.env, NAME: name, INDEX: std.toString(i) })
                                                   + k.container.withResources(config.resources.cpu, config.resources.memory)
                                                   + k.container.withProbes('/healthz', 8080)
                                                   + k.container.withMount('config', '/etc/app'))
            + k.deployment.withVolume('config', cm.metadata.name);
  {
    deployment: d,
    service: k.service.fromDeployment(d, 8080),
    configMap: cm,
  };

local overrides = std.foldl(function(acc, i) acc { ['svc-' + pad(i)]+: { deployment+: k.deployment.withReplicas(5) } }, [0, 10, 20, 30], {});

{ ['svc-' + pad(i)]: component(i) for i in std.range(0, 99) } + overrides

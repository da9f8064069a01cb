// k.libsonnet: the project's own small set of Kubernetes constructors.
//
// Conventions (k8s-libsonnet style): `new(...)` builds an object with safe
// defaults, `withX(v)` replaces a field, `withXMixin(v)` appends to it. Every
// helper returns a patch to add with `+`, so environments can still deep-merge
// anything with `+:`.
//
// Safe defaults follow the repository's "Everywhere" rules: containers run as
// non-root with all capabilities dropped, no privilege escalation and a
// read-only root filesystem; pods get the RuntimeDefault seccomp profile.
{
  // Standard labels (app.kubernetes.io/*). `selector` is the stable subset
  // used in label selectors (never include a version there).
  labels:: {
    new(name, instance, component, partOf, managedBy='tanka'):: {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': instance,
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': partOf,
      'app.kubernetes.io/managed-by': managedBy,
    },
    selector(labels):: {
      [k]: labels[k]
      for k in ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component']
      if std.objectHas(labels, k)
    },
  },

  metadata:: {
    new(name, namespace=null, labels={}, annotations={}):: {
      name: name,
      [if namespace != null then 'namespace']: namespace,
      [if labels != {} then 'labels']: labels,
      [if annotations != {} then 'annotations']: annotations,
    },
  },

  namespace:: {
    // The standard labels default to the namespace's own name; `labels` wins.
    new(name, labels={}):: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: $.metadata.new(name, labels={
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/component': 'namespace',
        'app.kubernetes.io/managed-by': 'tanka',
      } + labels),
    },
  },

  configMap:: {
    new(name, namespace, data, labels={}):: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: $.metadata.new(name, namespace, labels),
      data: data,
    },
  },

  // Secrets hold values only in the local environment (dev-only generated
  // credentials, marked as such); elsewhere the environment declares the
  // Secret's name and keys and an operator or a human provides it.
  secret:: {
    new(name, namespace, stringData, labels={}):: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: $.metadata.new(name, namespace, labels),
      type: 'Opaque',
      stringData: stringData,
    },
  },

  serviceAccount:: {
    new(name, namespace, labels={}):: {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: $.metadata.new(name, namespace, labels),
      automountServiceAccountToken: false,
    },
  },

  securityContext:: {
    // For containers.
    restricted:: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    // For pods.
    pod(runAsUser=65534, fsGroup=null):: {
      runAsNonRoot: true,
      runAsUser: runAsUser,
      runAsGroup: runAsUser,
      [if fsGroup != null then 'fsGroup']: fsGroup,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  },

  container:: {
    new(name, image):: {
      name: name,
      image: image,
      imagePullPolicy: 'IfNotPresent',
      securityContext: $.securityContext.restricted,
    },
    withArgs(args):: { args: args },
    withCommand(command):: { command: command },
    withPorts(ports):: { ports: ports },
    port(name, containerPort, protocol='TCP'):: { name: name, containerPort: containerPort, protocol: protocol },
    // env from an object {NAME: value}; sorted by name for stable output.
    withEnvMap(env):: { env+: [{ name: k, value: env[k] } for k in std.objectFields(env)] },
    withEnvMixin(env):: { env+: env },
    envFromSecret(name, secretName, key):: {
      name: name,
      valueFrom: { secretKeyRef: { name: secretName, key: key } },
    },
    withEnvFrom(envFrom):: { envFrom+: envFrom },
    withResources(requests, limits):: { resources: { requests: requests, limits: limits } },
    withVolumeMounts(mounts):: { volumeMounts+: mounts },
    httpProbe(path, port, initialDelaySeconds=10, periodSeconds=10, timeoutSeconds=5, failureThreshold=3):: {
      httpGet: { path: path, port: port },
      initialDelaySeconds: initialDelaySeconds,
      periodSeconds: periodSeconds,
      timeoutSeconds: timeoutSeconds,
      failureThreshold: failureThreshold,
    },
    execProbe(command, initialDelaySeconds=10, periodSeconds=10, timeoutSeconds=5, failureThreshold=3):: {
      exec: { command: command },
      initialDelaySeconds: initialDelaySeconds,
      periodSeconds: periodSeconds,
      timeoutSeconds: timeoutSeconds,
      failureThreshold: failureThreshold,
    },
    withProbes(liveness, readiness):: { livenessProbe: liveness, readinessProbe: readiness },
    // For images that must write to their root filesystem.
    withWritableRootFilesystem():: { securityContext+: { readOnlyRootFilesystem: false } },
    withRunAsUser(uid):: { securityContext+: { runAsUser: uid, runAsGroup: uid } },
  },

  volume:: {
    emptyDir(name, sizeLimit=null):: {
      name: name,
      emptyDir: if sizeLimit == null then {} else { sizeLimit: sizeLimit },
    },
    configMap(name, configMapName):: { name: name, configMap: { name: configMapName } },
    secret(name, secretName):: { name: name, secret: { secretName: secretName } },
    pvc(name, claimName):: { name: name, persistentVolumeClaim: { claimName: claimName } },
  },

  podSpec:: {
    new(containers, serviceAccountName=null):: {
      [if serviceAccountName != null then 'serviceAccountName']: serviceAccountName,
      automountServiceAccountToken: false,
      securityContext: $.securityContext.pod(),
      containers: containers,
    },
  },

  deployment:: {
    new(name, namespace, labels, containers, replicas=1):: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: $.metadata.new(name, namespace, labels),
      spec: {
        replicas: replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: $.labels.selector(labels) },
        template: {
          metadata: { labels: labels },
          spec: $.podSpec.new(containers),
        },
      },
    },
  },

  statefulSet:: {
    new(name, namespace, labels, containers, serviceName, replicas=1, volumeClaimTemplates=[]):: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: $.metadata.new(name, namespace, labels),
      spec: {
        replicas: replicas,
        serviceName: serviceName,
        selector: { matchLabels: $.labels.selector(labels) },
        template: {
          metadata: { labels: labels },
          spec: $.podSpec.new(containers),
        },
        [if volumeClaimTemplates != [] then 'volumeClaimTemplates']: volumeClaimTemplates,
      },
    },
  },

  // Patches for a workload (Deployment, StatefulSet) built above.
  workload:: {
    withReplicas(n):: { spec+: { replicas: n } },
    withPodAnnotations(annotations):: { spec+: { template+: { metadata+: { annotations+: annotations } } } },
    withVolumes(volumes):: { spec+: { template+: { spec+: { volumes+: volumes } } } },
    withServiceAccount(name):: { spec+: { template+: { spec+: { serviceAccountName: name } } } },
    withPodSecurityContext(ctx):: { spec+: { template+: { spec+: { securityContext: ctx } } } },
    // Rolls pods when the given config data changes.
    withConfigHash(data):: self.withPodAnnotations({ 'platform/config-hash': std.md5(std.toString(data)) }),
    withTopologySpread(labels, key='kubernetes.io/hostname'):: {
      spec+: { template+: { spec+: { topologySpreadConstraints: [{
        maxSkew: 1,
        topologyKey: key,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: $.labels.selector(labels) },
      }] } } },
    },
  },

  service:: {
    new(name, namespace, labels, ports, type='ClusterIP'):: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: $.metadata.new(name, namespace, labels),
      spec: {
        type: type,
        selector: $.labels.selector(labels),
        ports: ports,
      },
    },
    port(name, port, targetPort=null, protocol='TCP'):: {
      name: name,
      port: port,
      targetPort: if targetPort == null then name else targetPort,
      protocol: protocol,
    },
    headless():: { spec+: { clusterIP: 'None' } },
  },

  pvc:: {
    new(name, storage, storageClassName=null, accessModes=['ReadWriteOnce']):: {
      metadata: { name: name },
      spec: {
        accessModes: accessModes,
        [if storageClassName != null then 'storageClassName']: storageClassName,
        resources: { requests: { storage: storage } },
      },
    },
  },

  podDisruptionBudget:: {
    new(name, namespace, labels, maxUnavailable=1):: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: $.metadata.new(name, namespace, labels),
      spec: {
        maxUnavailable: maxUnavailable,
        selector: { matchLabels: $.labels.selector(labels) },
      },
    },
  },

  // Ingress NetworkPolicies: the selected pods accept connections only from
  // the peers of some rule, on that rule's ports.
  networkPolicy:: {
    new(name, namespace, labels, rules):: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: $.metadata.new(name, namespace, labels),
      spec: {
        podSelector: { matchLabels: $.labels.selector(labels) },
        policyTypes: ['Ingress'],
        ingress: rules,
      },
    },
    rule(peers, ports):: { from: peers, ports: [{ protocol: 'TCP', port: p } for p in ports] },
    // Ports open to any source: the API server calling a webhook or an aggregated API
    // runs outside the pod network (on k3s, in the server process).
    anySource(ports):: { ports: [{ protocol: 'TCP', port: p } for p in ports] },
    // The policy selects these pod labels instead of the selector of `labels`.
    forPods(podLabels):: { spec+: { podSelector: { matchLabels: podLabels } } },
    // Restricts egress too: to the cluster's DNS (kube-system's kube-dns pods, as k3s
    // labels CoreDNS), then to `rules` (from egressRule) only.
    withEgress(rules):: {
      spec+: {
        policyTypes: ['Ingress', 'Egress'],
        egress: [{
          to: [$.networkPolicy.pods({ 'k8s-app': 'kube-dns' }, 'kube-system')],
          ports: [{ protocol: proto, port: 53 } for proto in ['UDP', 'TCP']],
        }] + rules,
      },
    },
    egressRule(peers, ports, protocols=['TCP']):: { to: peers, ports: [{ protocol: proto, port: p } for p in ports for proto in protocols] },
    // Any address outside the cluster (receivers on the internet or the LAN).
    anywhere:: { ipBlock: { cidr: '0.0.0.0/0' } },
    // Pods with these labels, in `namespace` (null: the policy's own namespace).
    // No labels: every pod, as `podSelector: {}`; an empty matchLabels map makes
    // the API server count every re-apply as a spec change (generation + 1).
    pods(matchLabels, namespace=null):: {
      podSelector: if matchLabels == {} then {} else { matchLabels: matchLabels },
      [if namespace != null then 'namespaceSelector']: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    },
  },

  serviceMonitor:: {
    new(name, namespace, labels, port, path='/metrics', interval='30s'):: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: $.metadata.new(name, namespace, labels),
      spec: {
        selector: { matchLabels: $.labels.selector(labels) },
        endpoints: [{ port: port, path: path, interval: interval }],
      },
    },
  },
}

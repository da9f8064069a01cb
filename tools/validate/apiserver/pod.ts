// Pod templates and pod specs as the API server validates them: container, volume and port names,
// env and mounts, resources, probes and handlers, scheduling, DNS and security context.

import { Checker, arr, num, obj, objects, present, str, type Path } from './check.js';
import {
  configKey, dnsLabel, dnsSubdomain, envVarName, httpHeaderName, ianaServiceName, isWhole, labelValue, parseIp, portNumber, portNumberOrName, qualifiedName,
  quantityValue, relativePath,
} from './formats.js';
import { checkAnnotations, checkLabelSelector, checkLabels } from './meta.js';
import { checkPodSecurity, checkSeccompProfile } from './security.js';
import type { JsonObject, JsonValue } from '../types.js';

/** Restart policies a pod template of each workload kind may have. */
const RESTART_POLICIES: Record<string, string[]> = {
  Deployment: ['Always'], ReplicaSet: ['Always'], ReplicationController: ['Always'], DaemonSet: ['Always'], StatefulSet: ['Always'],
  Job: ['OnFailure', 'Never'], CronJob: ['OnFailure', 'Never'],
};
/** Workloads whose controllers never end a pod on a deadline. */
const NO_DEADLINE = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'DaemonSet', 'StatefulSet']);

/** Checks what every pod template of a workload must satisfy; `spec` is the template's pod spec, checked with checkPodSpec. */
export function checkTemplatePolicy(c: Checker, template: JsonObject, path: Path, kind: string): void {
  const md = obj(template.metadata);
  if (md) {
    checkLabels(c, md.labels, [...path, 'metadata', 'labels']);
    checkAnnotations(c, md.annotations, [...path, 'metadata', 'annotations']);
  }
  const spec = obj(template.spec);
  if (!spec) return;
  const allowed = RESTART_POLICIES[kind];
  // A template without restartPolicy is defaulted to Always.
  const rp = str(spec.restartPolicy) ?? 'Always';
  if (allowed && !allowed.includes(rp)) {
    c.invalid([...path, 'spec', 'restartPolicy'], `${kind} pods must have restartPolicy ${allowed.join(' or ')}${spec.restartPolicy === undefined ? ' (unset means Always)' : `, not ${JSON.stringify(rp)}`}`);
  }
  if (NO_DEADLINE.has(kind) && spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    c.forbidden([...path, 'spec', 'activeDeadlineSeconds'], `activeDeadlineSeconds is not supported in a ${kind}`);
  }
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd',
  'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const RESOURCE_FIELDS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** `claimTemplates`: names of a StatefulSet's volumeClaimTemplates, which containers mount like volumes. */
/** `annotations` are the pod's (or its template's), at `annotationsPath`: some must agree with the spec. */
export function checkPodSpec(c: Checker, spec: JsonObject, path: Path, claimTemplates: string[] = [], annotations?: JsonObject, annotationsPath: Path = []): void {
  const containers = objects(spec.containers);
  // (A containers field of the wrong type is the schema's finding.)
  if (spec.containers === undefined || spec.containers === null || (Array.isArray(spec.containers) && spec.containers.length === 0)) c.required([...path, 'containers'], 'a pod needs at least one container');

  // Volumes: names, one source each.
  const volumes = new Map<string, number>();
  const mountable = new Set(claimTemplates);
  // Volumes a container may attach as a raw block device.
  const blockCapable = new Set<string>();
  for (const [v, i] of objects(spec.volumes)) {
    if (str(v.name) && (obj(v.persistentVolumeClaim) || obj(v.ephemeral))) blockCapable.add(str(v.name)!);
    const at = [...path, 'volumes', i];
    const name = str(v.name);
    if (!name) c.required([...at, 'name'], 'a volume needs a name');
    else {
      c.bad([...at, 'name'], name, dnsLabel(name));
      if (volumes.has(name)) c.duplicate([...at, 'name'], `volume name ${JSON.stringify(name)} is used twice (also volumes[${volumes.get(name)}])`);
      else volumes.set(name, i);
      mountable.add(name);
    }
    checkVolume(c, v, at);
  }

  // Containers: unique names across all kinds, then each container.
  const names = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  const groups: ['containers' | 'initContainers' | 'ephemeralContainers', [JsonObject, number][]][] = [
    ['containers', containers],
    ['initContainers', objects(spec.initContainers)],
    ['ephemeralContainers', objects(spec.ephemeralContainers)],
  ];
  for (const [field, list] of groups) {
    for (const [ct, i] of list) {
      const at = [...path, field, i];
      const name = str(ct.name);
      if (name) {
        const first = names.get(name);
        if (first) c.duplicate([...at, 'name'], `container name ${JSON.stringify(name)} is used twice (also ${first})`);
        else names.set(name, `${field}[${i}]`);
      }
      checkContainer(c, ct, at, field, mountable, spec.hostNetwork === true, blockCapable);
      for (const [p, j] of objects(ct.ports)) {
        const hp = num(p.hostPort);
        if (!hp) continue;
        const key = `${str(p.protocol) ?? 'TCP'}/${str(p.hostIP) ?? ''}/${hp}`;
        const first = hostPorts.get(key);
        if (first) c.duplicate([...at, 'ports', j, 'hostPort'], `hostPort ${hp}/${str(p.protocol) ?? 'TCP'} is used twice (also ${first})`);
        else hostPorts.set(key, `${field}[${i}].ports[${j}]`);
      }
    }
  }

  // DNS and identity.
  const dnsConfig = obj(spec.dnsConfig);
  if (spec.dnsPolicy === 'None' && !dnsConfig) c.required([...path, 'dnsConfig'], 'dnsPolicy None needs a dnsConfig');
  if (dnsConfig) {
    const ns = arr(dnsConfig.nameservers);
    if (spec.dnsPolicy === 'None' && ns.length === 0) c.required([...path, 'dnsConfig', 'nameservers'], 'dnsPolicy None needs at least one nameserver');
    if (ns.length > 3) c.invalid([...path, 'dnsConfig', 'nameservers'], `at most 3 nameservers are allowed; ${ns.length} given`);
    ns.forEach((n, i) => {
      if (typeof n === 'string' && !parseIp(n)) c.invalid([...path, 'dnsConfig', 'nameservers', i], `${JSON.stringify(n)} is not an IP address`);
    });
    const searches = arr(dnsConfig.searches);
    if (searches.length > 32) c.invalid([...path, 'dnsConfig', 'searches'], `at most 32 search domains are allowed; ${searches.length} given`);
    searches.forEach((s, i) => {
      if (typeof s === 'string' && s !== '.') c.bad([...path, 'dnsConfig', 'searches', i], s, dnsSubdomain(s.endsWith('.') ? s.slice(0, -1) : s));
    });
    for (const [o, i] of objects(dnsConfig.options)) if (!str(o.name)) c.required([...path, 'dnsConfig', 'options', i, 'name'], 'a DNS option needs a name');
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const v = str(spec[field]);
    if (v) c.bad([...path, field], v, dnsLabel(v));
  }
  // (schedulerName is not checked: any string names a scheduler.)
  for (const field of ['serviceAccountName', 'priorityClassName', 'runtimeClassName', 'nodeName'] as const) {
    const v = str(spec[field]);
    if (v) c.bad([...path, field], v, dnsSubdomain(v));
  }
  c.oneOf([...path, 'preemptionPolicy'], spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']);
  if (arr(spec.ephemeralContainers).length > 0) c.forbidden([...path, 'ephemeralContainers'], 'ephemeral containers are added to running pods for debugging; they may not be part of a spec that is created');
  checkLabels(c, spec.nodeSelector, [...path, 'nodeSelector']);

  // Scheduling.
  for (const [t, i] of objects(spec.tolerations)) checkToleration(c, t, [...path, 'tolerations', i]);
  checkAffinity(c, obj(spec.affinity), [...path, 'affinity']);
  const spreadSeen = new Map<string, number>();
  for (const [t, i] of objects(spec.topologySpreadConstraints)) {
    const at = [...path, 'topologySpreadConstraints', i];
    const skew = num(t.maxSkew);
    if (skew !== undefined && skew <= 0) c.invalid([...at, 'maxSkew'], `maxSkew must be greater than zero; ${skew} given`);
    const key = str(t.topologyKey);
    // Only required: the API server does not check the key's format here.
    if (!key) c.required([...at, 'topologyKey'], 'a topology spread constraint needs a topologyKey');
    const when = str(t.whenUnsatisfiable);
    c.oneOf([...at, 'whenUnsatisfiable'], t.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']);
    const minDomains = num(t.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) c.invalid([...at, 'minDomains'], `minDomains must be greater than zero; ${minDomains} given`);
      else if (when !== 'DoNotSchedule') c.invalid([...at, 'minDomains'], `minDomains needs whenUnsatisfiable DoNotSchedule${when ? `, not ${when}` : ''}`);
    }
    c.oneOf([...at, 'nodeAffinityPolicy'], t.nodeAffinityPolicy, ['Honor', 'Ignore']);
    c.oneOf([...at, 'nodeTaintsPolicy'], t.nodeTaintsPolicy, ['Honor', 'Ignore']);
    checkLabelSelector(c, t.labelSelector, [...at, 'labelSelector']);
    checkMatchLabelKeys(c, t, at);
    if (key && when) {
      const pair = `${key}\u0000${when}`;
      if (spreadSeen.has(pair)) c.duplicate(at, `two topology spread constraints on ${key} with ${when} (also [${spreadSeen.get(pair)}])`);
      else spreadSeen.set(pair, i);
    }
  }

  // Security context and host namespaces.
  const sc = obj(spec.securityContext);
  if (sc) {
    for (const field of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) checkId(c, sc[field], [...path, 'securityContext', field]);
    arr(sc.supplementalGroups).forEach((g, i) => checkId(c, g, [...path, 'securityContext', 'supplementalGroups', i]));
    if (sc.shareProcessNamespace === true || spec.shareProcessNamespace === true) {
      if (spec.hostPID === true) c.invalid([...path, 'shareProcessNamespace'], 'shareProcessNamespace and hostPID cannot both be enabled');
    }
    const sysctls = new Map<string, number>();
    for (const [s, i] of objects(sc.sysctls)) {
      const name = str(s.name);
      const at = [...path, 'securityContext', 'sysctls', i, 'name'];
      if (!name) c.required(at, 'a sysctl needs a name');
      else {
        if (name.length > 253 || !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(name)) c.invalid(at, `${JSON.stringify(name)} is not a sysctl name`);
        if (sysctls.has(name)) c.duplicate(at, `sysctl ${name} is set twice (also sysctls[${sysctls.get(name)}])`);
        else sysctls.set(name, i);
      }
    }
    checkSeccompProfile(c, obj(sc.seccompProfile), [...path, 'securityContext', 'seccompProfile']);
  } else if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    c.invalid([...path, 'shareProcessNamespace'], 'shareProcessNamespace and hostPID cannot both be enabled');
  }
  for (const [g, i] of objects(spec.readinessGates)) {
    const t = str(g.conditionType);
    if (t !== undefined) c.bad([...path, 'readinessGates', i, 'conditionType'], t, qualifiedName(t));
  }
  const os = obj(spec.os);
  if (os) c.oneOf([...path, 'os', 'name'], os.name, ['linux', 'windows']);
  for (const [h, i] of objects(spec.hostAliases)) {
    const ip = str(h.ip);
    if (ip !== undefined && !parseIp(ip)) c.invalid([...path, 'hostAliases', i, 'ip'], `${JSON.stringify(ip)} is not an IP address`);
  }
  checkPodSecurity(c, spec, path, annotations, annotationsPath);
}

/** matchLabelKeys take their values from the pod's labels: a key may not be in the selector too. */
function checkMatchLabelKeys(c: Checker, t: JsonObject, at: Path): void {
  const keys = arr(t.matchLabelKeys);
  if (keys.length === 0) return;
  const selector = obj(t.labelSelector);
  if (!selector) return c.forbidden([...at, 'matchLabelKeys'], 'matchLabelKeys need a labelSelector');
  const inSelector = new Set([...Object.keys(obj(selector.matchLabels) ?? {}), ...objects(selector.matchExpressions).map(([e]) => str(e.key))]);
  keys.forEach((k, i) => {
    if (typeof k !== 'string') return;
    c.bad([...at, 'matchLabelKeys', i], k, qualifiedName(k));
    if (inSelector.has(k)) c.invalid([...at, 'matchLabelKeys', i], `${JSON.stringify(k)} is in both matchLabelKeys and the labelSelector`);
  });
}

function checkId(c: Checker, v: JsonValue | undefined, at: Path): void {
  if (typeof v === 'number' && (v < 0 || v > 2147483647)) c.invalid(at, `${v} must be between 0 and 2147483647`);
}

function checkToleration(c: Checker, t: JsonObject, at: Path): void {
  const key = str(t.key);
  const op = str(t.operator) ?? 'Equal';
  if (key) c.bad([...at, 'key'], key, qualifiedName(key));
  if (!key && op !== 'Exists') c.invalid([...at, 'operator'], 'a toleration without a key must use operator Exists (it matches every taint)');
  if (op === 'Exists' && present(t.value)) c.invalid([...at, 'value'], 'value must be empty when the operator is Exists');
  const value = str(t.value);
  if (op === 'Equal' && value) c.bad([...at, 'value'], value, labelValue(value));
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
    c.invalid([...at, 'effect'], `tolerationSeconds needs effect NoExecute${typeof t.effect === 'string' ? `, not ${t.effect}` : ''}`);
  }
}

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function checkNodeSelectorTerm(c: Checker, term: JsonObject, at: Path): void {
  for (const [r, i] of objects(term.matchExpressions)) {
    const rat = [...at, 'matchExpressions', i];
    const key = str(r.key);
    if (key !== undefined) c.bad([...rat, 'key'], key, qualifiedName(key));
    checkNodeRequirement(c, r, rat);
  }
  for (const [r, i] of objects(term.matchFields)) {
    const rat = [...at, 'matchFields', i];
    if (r.key !== 'metadata.name') c.invalid([...rat, 'key'], `${JSON.stringify(r.key)} is not a supported field selector (only metadata.name)`);
    checkNodeRequirement(c, r, rat);
    if ((r.operator === 'In' || r.operator === 'NotIn') && arr(r.values).length > 1) c.invalid([...rat, 'values'], `a node field selector with ${String(r.operator)} takes exactly one value`);
  }
}

function checkNodeRequirement(c: Checker, r: JsonObject, at: Path): void {
  const op = str(r.operator);
  const values = arr(r.values);
  if (op === undefined) return;
  if (!NODE_OPERATORS.includes(op)) return c.invalid([...at, 'operator'], `${JSON.stringify(op)} is not a node selector operator (${NODE_OPERATORS.join(', ')})`);
  if ((op === 'In' || op === 'NotIn') && values.length === 0) c.required([...at, 'values'], `values must be given when the operator is ${op}`);
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) c.forbidden([...at, 'values'], `values must be empty when the operator is ${op}`);
  // (The API server does not check that the value of Gt and Lt is an integer.)
  if ((op === 'Gt' || op === 'Lt') && values.length !== 1) c.required([...at, 'values'], `operator ${op} needs exactly one value`);
}

function checkPodAffinityTerm(c: Checker, term: JsonObject, at: Path): void {
  const key = str(term.topologyKey);
  if (!key) c.required([...at, 'topologyKey'], 'a pod affinity term needs a topologyKey');
  else c.bad([...at, 'topologyKey'], key, qualifiedName(key));
  checkLabelSelector(c, term.labelSelector, [...at, 'labelSelector']);
  checkLabelSelector(c, term.namespaceSelector, [...at, 'namespaceSelector']);
  arr(term.namespaces).forEach((ns, i) => {
    if (typeof ns === 'string') c.bad([...at, 'namespaces', i], ns, dnsLabel(ns));
  });
}

function checkWeight(c: Checker, w: JsonValue | undefined, at: Path): void {
  if (typeof w === 'number' && (w < 1 || w > 100)) c.invalid(at, `weight must be between 1 and 100; ${w} given`);
}

function checkAffinity(c: Checker, a: JsonObject | undefined, at: Path): void {
  if (!a) return;
  const node = obj(a.nodeAffinity);
  if (node) {
    const req = obj(node.requiredDuringSchedulingIgnoredDuringExecution);
    if (req) {
      const terms = objects(req.nodeSelectorTerms);
      if (arr(req.nodeSelectorTerms).length === 0) c.required([...at, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'], 'at least one node selector term is required');
      for (const [t, i] of terms) checkNodeSelectorTerm(c, t, [...at, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', i]);
    }
    for (const [p, i] of objects(node.preferredDuringSchedulingIgnoredDuringExecution)) {
      const pat = [...at, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
      checkWeight(c, p.weight, [...pat, 'weight']);
      const pref = obj(p.preference);
      if (pref) checkNodeSelectorTerm(c, pref, [...pat, 'preference']);
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = obj(a[kind]);
    if (!pa) continue;
    for (const [t, i] of objects(pa.requiredDuringSchedulingIgnoredDuringExecution)) checkPodAffinityTerm(c, t, [...at, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i]);
    for (const [p, i] of objects(pa.preferredDuringSchedulingIgnoredDuringExecution)) {
      const pat = [...at, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      checkWeight(c, p.weight, [...pat, 'weight']);
      const term = obj(p.podAffinityTerm);
      if (term) checkPodAffinityTerm(c, term, [...pat, 'podAffinityTerm']);
    }
  }
}

function checkMode(c: Checker, v: JsonValue | undefined, at: Path): void {
  if (typeof v === 'number' && (v < 0 || v > 0o777)) c.invalid(at, `${v} must be a file mode between 0 and 0777 (octal; 511 in decimal)`);
}

function checkKeyToPaths(c: Checker, items: JsonValue | undefined, at: Path): void {
  for (const [it, i] of objects(items)) {
    if (!str(it.key)) c.required([...at, i, 'key'], 'an item needs a key');
    const p = str(it.path);
    if (!p) c.required([...at, i, 'path'], 'an item needs a path');
    else c.bad([...at, i, 'path'], p, relativePath(p));
    checkMode(c, it.mode, [...at, i, 'mode']);
  }
}

function checkDownwardItems(c: Checker, items: JsonValue | undefined, at: Path): void {
  for (const [it, i] of objects(items)) {
    const p = str(it.path);
    if (!p) c.required([...at, i, 'path'], 'an item needs a path');
    else c.bad([...at, i, 'path'], p, relativePath(p));
    const fp = str(obj(it.fieldRef)?.fieldPath);
    if (fp !== undefined && !VOLUME_FIELD_PATHS.includes(fp) && !/^metadata\.(labels|annotations)\['.+'\]$/.test(fp)) {
      c.invalid([...at, i, 'fieldRef', 'fieldPath'], `${JSON.stringify(fp)} cannot be projected into a volume (${VOLUME_FIELD_PATHS.join(', ')})`);
    }
    checkMode(c, it.mode, [...at, i, 'mode']);
  }
}

function checkVolume(c: Checker, v: JsonObject, at: Path): void {
  const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined && v[s] !== null);
  // A volume without a source becomes an emptyDir; two sources are refused.
  if (sources.length > 1) c.forbidden([...at, sources[1]!], `a volume has exactly one source; this one has ${sources.join(' and ')}`);
  const cm = obj(v.configMap);
  if (cm) {
    if (!str(cm.name)) c.required([...at, 'configMap', 'name'], 'a configMap volume needs the ConfigMap name');
    checkKeyToPaths(c, cm.items, [...at, 'configMap', 'items']);
    checkMode(c, cm.defaultMode, [...at, 'configMap', 'defaultMode']);
  }
  const secret = obj(v.secret);
  if (secret) {
    if (!str(secret.secretName)) c.required([...at, 'secret', 'secretName'], 'a secret volume needs secretName');
    checkKeyToPaths(c, secret.items, [...at, 'secret', 'items']);
    checkMode(c, secret.defaultMode, [...at, 'secret', 'defaultMode']);
  }
  const empty = obj(v.emptyDir);
  if (empty) {
    const size = quantityValue(empty.sizeLimit);
    if (size !== undefined && size < 0) c.invalid([...at, 'emptyDir', 'sizeLimit'], `sizeLimit must not be negative; ${JSON.stringify(empty.sizeLimit)} given`);
  }
  const hostPath = obj(v.hostPath);
  if (hostPath) {
    if (!str(hostPath.path)) c.required([...at, 'hostPath', 'path'], 'a hostPath volume needs a path');
    c.oneOf([...at, 'hostPath', 'type'], hostPath.type, HOST_PATH_TYPES);
  }
  const pvc = obj(v.persistentVolumeClaim);
  if (pvc && !str(pvc.claimName)) c.required([...at, 'persistentVolumeClaim', 'claimName'], 'a persistentVolumeClaim volume needs claimName');
  const csi = obj(v.csi);
  if (csi && !str(csi.driver)) c.required([...at, 'csi', 'driver'], 'a csi volume needs a driver');
  const downward = obj(v.downwardAPI);
  if (downward) {
    checkDownwardItems(c, downward.items, [...at, 'downwardAPI', 'items']);
    checkMode(c, downward.defaultMode, [...at, 'downwardAPI', 'defaultMode']);
  }
  const projected = obj(v.projected);
  if (projected) {
    checkMode(c, projected.defaultMode, [...at, 'projected', 'defaultMode']);
    for (const [s, i] of objects(projected.sources)) {
      const sat = [...at, 'projected', 'sources', i];
      const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) => s[k] !== undefined && s[k] !== null);
      if (kinds.length > 1) c.forbidden([...sat, kinds[1]!], `a projected source has exactly one kind; this one has ${kinds.join(' and ')}`);
      if (obj(s.secret)) checkKeyToPaths(c, obj(s.secret)!.items, [...sat, 'secret', 'items']);
      if (obj(s.configMap)) checkKeyToPaths(c, obj(s.configMap)!.items, [...sat, 'configMap', 'items']);
      if (obj(s.downwardAPI)) checkDownwardItems(c, obj(s.downwardAPI)!.items, [...sat, 'downwardAPI', 'items']);
      const token = obj(s.serviceAccountToken);
      if (token) {
        const p = str(token.path);
        if (!p) c.required([...sat, 'serviceAccountToken', 'path'], 'a serviceAccountToken source needs a path');
        else c.bad([...sat, 'serviceAccountToken', 'path'], p, relativePath(p));
        const exp = num(token.expirationSeconds);
        if (exp !== undefined && exp < 600) c.invalid([...sat, 'serviceAccountToken', 'expirationSeconds'], `a token must live at least 10 minutes (600); ${exp} given`);
        if (exp !== undefined && exp > 2 ** 32) c.invalid([...sat, 'serviceAccountToken', 'expirationSeconds'], `a token may live at most 2^32 seconds; ${exp} given`);
      }
    }
  }
}

type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

function checkContainer(c: Checker, ct: JsonObject, at: Path, field: ContainerField, volumes: Set<string>, hostNetwork: boolean, blockCapable: Set<string>): void {
  const name = str(ct.name);
  if (!name) c.required([...at, 'name'], 'a container needs a name');
  else c.bad([...at, 'name'], name, dnsLabel(name));
  if (field !== 'ephemeralContainers' && !str(ct.image)) c.required([...at, 'image'], 'a container needs an image');

  // restartPolicy exists for init containers only, where Always makes a sidecar.
  const sidecar = field === 'initContainers' && ct.restartPolicy === 'Always';
  if (ct.restartPolicy !== undefined && ct.restartPolicy !== null) {
    if (field === 'containers') c.forbidden([...at, 'restartPolicy'], 'restartPolicy may only be set on init containers (Always makes a sidecar)');
    else c.oneOf([...at, 'restartPolicy'], ct.restartPolicy, ['Always']);
  }

  // Ports.
  const portNames = new Map<string, number>();
  for (const [p, i] of objects(ct.ports)) {
    const pat = [...at, 'ports', i];
    const pname = str(p.name);
    if (pname !== undefined && pname !== '') {
      c.bad([...pat, 'name'], pname, ianaServiceName(pname) && `is not a valid port name: it ${ianaServiceName(pname)}`);
      if (portNames.has(pname)) c.duplicate([...pat, 'name'], `port name ${JSON.stringify(pname)} is used twice in this container (also ports[${portNames.get(pname)}])`);
      else portNames.set(pname, i);
    }
    const cp = num(p.containerPort);
    if (cp === 0) c.required([...pat, 'containerPort'], 'containerPort is required (0 is not a port)');
    else if (cp !== undefined) c.bad([...pat, 'containerPort'], cp, portNumber(cp));
    const hp = num(p.hostPort);
    if (hp) {
      c.bad([...pat, 'hostPort'], hp, portNumber(hp));
      if (hostNetwork && cp !== undefined && hp !== cp) c.invalid([...pat, 'hostPort'], `with hostNetwork, hostPort must equal containerPort (${cp}); ${hp} given`);
    }
  }

  // Environment.
  for (const [e, i] of objects(ct.env)) checkEnvVar(c, e, [...at, 'env', i]);
  for (const [e, i] of objects(ct.envFrom)) {
    const eat = [...at, 'envFrom', i];
    const prefix = str(e.prefix);
    if (prefix) c.bad([...eat, 'prefix'], prefix, envVarName(prefix));
    const refs = ['configMapRef', 'secretRef'].filter((k) => obj(e[k]));
    if (refs.length === 0) c.required(eat, 'envFrom needs a configMapRef or a secretRef');
    if (refs.length > 1) c.invalid(eat, 'envFrom takes a configMapRef or a secretRef, not both');
    for (const r of refs) {
      const n = str(obj(e[r])!.name) ?? '';
      c.bad([...eat, r, 'name'], n, dnsSubdomain(n));
    }
  }

  // Mounts.
  const mountPaths = new Map<string, number>();
  for (const [m, i] of objects(ct.volumeMounts)) {
    const mat = [...at, 'volumeMounts', i];
    const vname = str(m.name);
    if (!vname) c.required([...mat, 'name'], 'a volume mount needs the volume name');
    else if (!volumes.has(vname)) c.invalid([...mat, 'name'], `mounts volume ${JSON.stringify(vname)}, which the pod does not declare in volumes`);
    const mp = str(m.mountPath);
    if (!mp) c.required([...mat, 'mountPath'], 'a volume mount needs a mountPath');
    else if (mountPaths.has(mp)) c.invalid([...mat, 'mountPath'], `${JSON.stringify(mp)} is mounted twice in this container (also volumeMounts[${mountPaths.get(mp)}]); mount paths must be unique`);
    else mountPaths.set(mp, i);
    const sub = str(m.subPath);
    if (sub) c.bad([...mat, 'subPath'], sub, relativePath(sub));
    const subExpr = str(m.subPathExpr);
    if (subExpr) {
      if (sub) c.invalid([...mat, 'subPathExpr'], 'subPathExpr and subPath are mutually exclusive');
      c.bad([...mat, 'subPathExpr'], subExpr, relativePath(subExpr));
    }
    c.oneOf([...mat, 'mountPropagation'], m.mountPropagation, ['None', 'HostToContainer', 'Bidirectional']);
    const rro = str(m.recursiveReadOnly);
    if (rro !== undefined) {
      c.oneOf([...mat, 'recursiveReadOnly'], rro, ['Disabled', 'IfPossible', 'Enabled']);
      if (rro !== 'Disabled' && m.readOnly !== true) c.forbidden([...mat, 'recursiveReadOnly'], 'recursiveReadOnly needs readOnly: true');
    }
  }

  checkVolumeDevices(c, ct, at, volumes, blockCapable);
  checkResources(c, obj(ct.resources), [...at, 'resources']);

  // Probes and lifecycle handlers.
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const p = obj(ct[probe]);
    if (!p) continue;
    if (field === 'initContainers' && !sidecar) {
      c.forbidden([...at, probe], `${probe} may not be set on init containers (only on sidecars, restartPolicy: Always)`);
      continue;
    }
    checkProbe(c, p, [...at, probe], probe);
  }
  const lifecycle = obj(ct.lifecycle);
  if (lifecycle && field === 'initContainers' && !sidecar) c.forbidden([...at, 'lifecycle'], 'lifecycle hooks may not be set on init containers (only on sidecars, restartPolicy: Always)');
  else if (lifecycle) {
    for (const hook of ['postStart', 'preStop'] as const) {
      const h = obj(lifecycle[hook]);
      if (h) checkHandler(c, h, [...at, 'lifecycle', hook], ['exec', 'httpGet', 'tcpSocket', 'sleep']);
    }
  }

  const sc = obj(ct.securityContext);
  if (sc) {
    if (sc.privileged === true && sc.allowPrivilegeEscalation === false) c.invalid([...at, 'securityContext'], 'allowPrivilegeEscalation cannot be false when privileged is true');
    for (const f of ['runAsUser', 'runAsGroup'] as const) checkId(c, sc[f], [...at, 'securityContext', f]);
    checkSeccompProfile(c, obj(sc.seccompProfile), [...at, 'securityContext', 'seccompProfile']);
  }
}

function checkEnvVar(c: Checker, e: JsonObject, at: Path): void {
  const name = str(e.name);
  if (!name) c.required([...at, 'name'], 'an env var needs a name');
  else c.bad([...at, 'name'], name, envVarName(name) && `is not a valid env var name: it ${envVarName(name)}`);
  const from = obj(e.valueFrom);
  if (!from) return;
  if (present(e.value)) c.invalid([...at, 'valueFrom'], 'valueFrom may not be given together with a non-empty value');
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => obj(from[k]));
  if (sources.length === 0) c.required([...at, 'valueFrom'], 'valueFrom needs one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef');
  if (sources.length > 1) c.invalid([...at, 'valueFrom'], `valueFrom takes one source; this one has ${sources.join(' and ')}`);
  const fieldRef = obj(from.fieldRef);
  if (fieldRef) {
    const fp = str(fieldRef.fieldPath);
    const version = str(fieldRef.apiVersion);
    if (version && version !== 'v1') c.invalid([...at, 'valueFrom', 'fieldRef', 'apiVersion'], `${JSON.stringify(version)} is not supported (v1)`);
    if (!fp) c.required([...at, 'valueFrom', 'fieldRef', 'fieldPath'], 'fieldRef needs a fieldPath');
    else if (!ENV_FIELD_PATHS.includes(fp) && !/^metadata\.(labels|annotations)\['.+'\]$/.test(fp)) {
      c.invalid([...at, 'valueFrom', 'fieldRef', 'fieldPath'], `${JSON.stringify(fp)} cannot be projected into an env var (${ENV_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>'])`);
    } else {
      // The key inside labels['...'] or annotations['...'] is a label or annotation key.
      const key = /^metadata\.(?:labels|annotations)\['(.+)'\]$/.exec(fp)?.[1];
      if (key !== undefined) c.bad([...at, 'valueFrom', 'fieldRef'], key, qualifiedName(key));
    }
  }
  const resourceRef = obj(from.resourceFieldRef);
  if (resourceRef) {
    const r = str(resourceRef.resource);
    if (!r) c.required([...at, 'valueFrom', 'resourceFieldRef', 'resource'], 'resourceFieldRef needs a resource');
    else if (!RESOURCE_FIELDS.includes(r) && !/^(limits|requests)\.hugepages-/.test(r)) c.invalid([...at, 'valueFrom', 'resourceFieldRef', 'resource'], `${JSON.stringify(r)} is not one of ${RESOURCE_FIELDS.join(', ')}`);
    else checkDivisor(c, r, resourceRef.divisor, [...at, 'valueFrom', 'resourceFieldRef', 'divisor']);
  }
  for (const ref of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const r = obj(from[ref]);
    if (!r) continue;
    const key = str(r.key);
    if (!key) c.required([...at, 'valueFrom', ref, 'key'], `${ref} needs a key`);
    else c.bad([...at, 'valueFrom', ref, 'key'], key, configKey(key));
    const n = str(r.name) ?? '';
    c.bad([...at, 'valueFrom', ref, 'name'], n, dnsSubdomain(n));
  }
}

/** Raw block devices: from claim volumes only, each volume either mounted or attached, paths unique. */
function checkVolumeDevices(c: Checker, ct: JsonObject, at: Path, volumes: Set<string>, blockCapable: Set<string>): void {
  const mounted = new Map(objects(ct.volumeMounts).map(([m]) => [str(m.name), str(m.mountPath)]));
  const mountPaths = new Set(mounted.values());
  const paths = new Set<string>();
  for (const [d, i] of objects(ct.volumeDevices)) {
    const dat = [...at, 'volumeDevices', i];
    const name = str(d.name);
    if (!name) c.required([...dat, 'name'], 'a volume device needs the volume name');
    else if (!volumes.has(name)) c.invalid([...dat, 'name'], `attaches volume ${JSON.stringify(name)}, which the pod does not declare in volumes`);
    else if (!blockCapable.has(name)) c.invalid([...dat, 'name'], `volume ${JSON.stringify(name)} is not a persistentVolumeClaim or ephemeral volume, the only ones that attach as block devices`);
    if (name && mounted.has(name)) c.invalid([...dat, 'name'], `volume ${JSON.stringify(name)} is both mounted and attached as a device`);
    const dp = str(d.devicePath);
    if (!dp) c.required([...dat, 'devicePath'], 'a volume device needs a devicePath');
    else if (paths.has(dp)) c.invalid([...dat, 'devicePath'], `${JSON.stringify(dp)} is used by two devices`);
    else if (mountPaths.has(dp)) c.invalid([...dat, 'devicePath'], `${JSON.stringify(dp)} is also a mountPath`);
    if (dp) paths.add(dp);
  }
}

/** Huge pages: whole pages, never overcommitted (request = limit), and only beside cpu or memory. */
function checkHugePages(c: Checker, limits: JsonObject, requests: JsonObject, at: Path): void {
  const names = new Set([...Object.keys(limits), ...Object.keys(requests)].filter((n) => n.startsWith('hugepages-')));
  if (names.size === 0) return;
  for (const name of names) {
    const page = quantityValue(name.slice('hugepages-'.length));
    for (const [group, values] of [['limits', limits], ['requests', requests]] as const) {
      const v = quantityValue(values[name]);
      if (v === undefined) continue;
      if (!page || page <= 0 || v <= 0 || !isWhole(v / page)) c.invalid([...at, group, name], `${JSON.stringify(values[name])} is not a positive whole number of ${name} pages`);
    }
    if (requests[name] === undefined) continue;
    if (limits[name] === undefined) c.required([...at, 'limits', name], `${name} cannot be overcommitted: a request needs a limit`);
    else if (quantityValue(requests[name]) !== quantityValue(limits[name])) c.invalid([...at, 'requests', name], `${name} request ${JSON.stringify(requests[name])} must equal its limit ${JSON.stringify(limits[name])}`);
  }
  const cpuOrMemory = ['cpu', 'memory'].some((r) => limits[r] !== undefined || requests[r] !== undefined);
  if (!cpuOrMemory) c.forbidden(at, 'huge pages need a cpu or memory request or limit beside them');
}

const CPU_DIVISORS = ['1m', '1'];
const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

/** A resourceFieldRef divisor is a unit: 1m or 1 for CPU, a power of 1000 or 1024 for bytes (0 means unset). */
function checkDivisor(c: Checker, resource: string, divisor: JsonValue | undefined, at: Path): void {
  const v = quantityValue(divisor);
  if (v === undefined || v === 0) return;
  const allowed = resource.endsWith('.cpu') ? CPU_DIVISORS : BYTE_DIVISORS;
  if (!allowed.some((d) => quantityValue(d) === v)) c.invalid(at, `${JSON.stringify(divisor)} is not a divisor for ${resource} (${allowed.join(', ')})`);
}

function checkResources(c: Checker, r: JsonObject | undefined, at: Path): void {
  if (!r) return;
  const limits = obj(r.limits) ?? {};
  const requests = obj(r.requests) ?? {};
  for (const [group, values] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, raw] of Object.entries(values)) {
      const rat = [...at, group, name];
      const standard = STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-');
      if (!standard && !name.includes('/')) {
        c.invalid(rat, `${JSON.stringify(name)} is not a container resource: use cpu, memory, ephemeral-storage, hugepages-<size> or a name qualified with a domain (example.com/${name})`);
        continue;
      }
      if (name.includes('/')) c.bad(rat, name, qualifiedName(name));
      const v = quantityValue(raw);
      if (v === undefined) continue;
      if (v < 0) c.invalid(rat, `${JSON.stringify(raw)} must not be negative`);
      else if (!standard && !isWhole(v)) c.invalid(rat, `extended resource ${name} must be a whole number; ${JSON.stringify(raw)} given`);
    }
  }
  checkHugePages(c, limits, requests, at);
  for (const [name, raw] of Object.entries(requests)) {
    if (name.startsWith('hugepages-')) continue;
    const req = quantityValue(raw);
    const lim = quantityValue(limits[name]);
    const standard = STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-');
    if (!standard && name.includes('/')) {
      if (lim === undefined) c.required([...at, 'limits', name], `extended resource ${name} needs a limit equal to its request`);
      else if (req !== undefined && req !== lim) c.invalid([...at, 'requests', name], `extended resource ${name}: request ${JSON.stringify(raw)} must equal the limit ${JSON.stringify(limits[name])}`);
      continue;
    }
    if (req !== undefined && lim !== undefined && req > lim * (1 + 1e-12)) {
      c.invalid([...at, 'requests', name], `request ${JSON.stringify(raw)} is above the ${name} limit ${JSON.stringify(limits[name])}`);
    }
  }
}

function checkHandler(c: Checker, h: JsonObject, at: Path, kinds: string[]): void {
  const set = kinds.filter((k) => obj(h[k]));
  if (set.length === 0) c.required(at, `needs one handler: ${kinds.join(', ')}`);
  if (set.length > 1) c.forbidden([...at, set[1]!], `takes one handler; this one has ${set.join(' and ')}`);
  const http = obj(h.httpGet);
  if (http) {
    c.bad([...at, 'httpGet', 'port'], http.port, portNumberOrName(http.port));
    c.oneOf([...at, 'httpGet', 'scheme'], http.scheme, ['HTTP', 'HTTPS']);
    for (const [hdr, i] of objects(http.httpHeaders)) {
      const n = str(hdr.name);
      if (n !== undefined) c.bad([...at, 'httpGet', 'httpHeaders', i, 'name'], n, httpHeaderName(n));
    }
  }
  const tcp = obj(h.tcpSocket);
  if (tcp) c.bad([...at, 'tcpSocket', 'port'], tcp.port, portNumberOrName(tcp.port));
  const grpc = obj(h.grpc);
  if (grpc && typeof grpc.port === 'number') c.bad([...at, 'grpc', 'port'], grpc.port, portNumber(grpc.port));
  const exec = obj(h.exec);
  if (exec && arr(exec.command).length === 0) c.required([...at, 'exec', 'command'], 'an exec handler needs a command');
  const sleep = obj(h.sleep);
  if (sleep && typeof sleep.seconds === 'number' && sleep.seconds < 0) c.invalid([...at, 'sleep', 'seconds'], `${sleep.seconds} must be zero or more`);
}

function checkProbe(c: Checker, p: JsonObject, at: Path, probe: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): void {
  checkHandler(c, p, at, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) c.atLeast([...at, f], p[f], 0);
  const success = num(p.successThreshold);
  if (probe !== 'readinessProbe' && success !== undefined && success !== 1) c.invalid([...at, 'successThreshold'], `${probe} successThreshold must be 1; ${success} given`);
  const grace = p.terminationGracePeriodSeconds;
  if (typeof grace === 'number') {
    if (probe === 'readinessProbe') c.forbidden([...at, 'terminationGracePeriodSeconds'], 'terminationGracePeriodSeconds may not be set on a readinessProbe');
    else if (grace <= 0) c.invalid([...at, 'terminationGracePeriodSeconds'], `${grace} must be greater than zero`);
  }
}

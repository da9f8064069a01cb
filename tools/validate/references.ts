// References between the objects of one environment: Services and their
// pods and ports, ConfigMap/Secret/ServiceAccount/PVC references of pods,
// monitors, Ingress backends, PDB/HPA/KEDA targets, KEDA authentication, and
// in-cluster Grafana datasource URLs. Everything is looked up through indexes
// built once, so the cost stays linear in the number of objects.

import { parseAllDocuments } from 'yaml';
import { podReferences } from '../k8s/pod.js';
import { LabelIndex, asArray, asObj, asString, containersOf, describe, isObj, selectorIsEmpty, stringMap, type Item } from './model.js';
import type { PathSegment } from './paths.js';
import type { Report } from './policies.js';
import type { ExternalDeclarations, JsonObject, JsonValue } from './types.js';

interface Index {
  /** `Kind|namespace|name` → item. */
  objects: Map<string, Item>;
  /** Items with a pod template (and operator-managed pods), by their pod labels. */
  pods: LabelIndex;
  /** Services, by their labels. */
  services: LabelIndex;
  /** `namespace|name` of Secrets provided by ExternalSecret, SealedSecret or cert-manager Certificate, with their keys when known. */
  providedSecrets: Map<string, Set<string> | 'any'>;
  namespaces: Set<string>;
  external: { exact: Set<string>; anyNamespace: Set<string> };
}

function key(kind: string, ns: string, name: string): string {
  return `${kind}|${ns}|${name}`;
}

/**
 * Pods that operators create from custom resources, so Services and monitors selecting them resolve.
 * The labels and ports are the ones the Prometheus operator puts on the pods it manages.
 */
function operatorPods(item: Item): Item | undefined {
  if (item.group !== 'monitoring.coreos.com' || (item.kind !== 'Prometheus' && item.kind !== 'Alertmanager')) return undefined;
  const spec = asObj(item.obj.spec) ?? {};
  const app = item.kind === 'Prometheus' ? 'prometheus' : 'alertmanager';
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': item.name,
    [app]: item.name,
    ...(item.kind === 'Prometheus' ? { 'operator.prometheus.io/name': item.name, 'operator.prometheus.io/shard': '0' } : {}),
    ...stringMap(asObj(spec.podMetadata)?.labels),
  };
  const web = asString(spec.portName) ?? 'web';
  const ports = item.kind === 'Prometheus'
    ? [{ name: web, containerPort: 9090 }, { name: 'reloader-web', containerPort: 8080 }]
    : [{ name: web, containerPort: 9093 }, { name: 'mesh-tcp', containerPort: 9094 }, { name: 'reloader-web', containerPort: 8080 }];
  return { ...item, pod: { spec: { containers: [{ name: app, ports }] }, labels, annotations: {}, specPath: [], longRunning: true } };
}

function buildIndex(items: Item[], external: ExternalDeclarations): Index {
  const pods: Item[] = [];
  const services: Item[] = [];
  const idx: Index = { objects: new Map(), pods: undefined as unknown as LabelIndex, services: undefined as unknown as LabelIndex, providedSecrets: new Map(), namespaces: new Set(), external: { exact: new Set(), anyNamespace: new Set() } };
  for (const item of items) {
    if (!item.name) continue;
    idx.objects.set(key(item.kind, item.namespace, item.name), item);
    if (item.namespace) idx.namespaces.add(item.namespace);
    if (item.kind === 'Namespace') idx.namespaces.add(item.name);
    if (item.pod) pods.push(item);
    const managed = operatorPods(item);
    if (managed) pods.push(managed);
    if (item.kind === 'Service' && item.group === '') services.push(item);
    const spec = asObj(item.obj.spec) ?? {};
    if (item.kind === 'ExternalSecret') {
      const target = asString(asObj(spec.target)?.name) ?? item.name;
      const keys = new Set<string>();
      let any = asArray(spec.dataFrom).length > 0 || isObj(asObj(spec.target)?.template);
      for (const d of asArray(spec.data)) {
        const k = isObj(d) ? asString(d.secretKey) : undefined;
        if (k) keys.add(k);
        else any = true;
      }
      idx.providedSecrets.set(`${item.namespace}|${target}`, any ? 'any' : keys);
    } else if (item.kind === 'SealedSecret') {
      const name = asString(asObj(asObj(spec.template)?.metadata)?.name) ?? item.name;
      const keys = new Set(Object.keys(asObj(spec.encryptedData) ?? {}));
      idx.providedSecrets.set(`${item.namespace}|${name}`, isObj(asObj(spec.template)?.data) ? 'any' : keys);
    } else if (item.kind === 'Certificate' && item.group === 'cert-manager.io') {
      const name = asString(spec.secretName);
      if (name) idx.providedSecrets.set(`${item.namespace}|${name}`, new Set(['tls.crt', 'tls.key', 'ca.crt']));
    }
  }
  idx.pods = new LabelIndex(pods, (i) => i.pod!.labels);
  idx.services = new LabelIndex(services, (i) => i.labels);
  for (const e of external.objects ?? []) {
    const parts = e.split('/');
    if (parts.length === 2) idx.external.anyNamespace.add(`${parts[0]}|${parts[1]}`);
    else if (parts.length === 3) idx.external.exact.add(key(parts[0]!, parts[1]!, parts[2]!));
  }
  return idx;
}

function isExternal(idx: Index, kind: string, ns: string, name: string): boolean {
  return idx.external.exact.has(key(kind, ns, name)) || idx.external.anyNamespace.has(`${kind}|${name}`);
}

/** Container ports of the regular containers of a pod template. */
function containerPorts(item: Item): { name?: string; number?: number }[] {
  const out: { name?: string; number?: number }[] = [];
  for (const { c, init } of containersOf(item.pod!)) {
    if (init) continue;
    for (const p of asArray(c.ports)) {
      if (!isObj(p)) continue;
      const entry: { name?: string; number?: number } = {};
      if (typeof p.name === 'string') entry.name = p.name;
      if (typeof p.containerPort === 'number') entry.number = p.containerPort;
      out.push(entry);
    }
  }
  return out;
}

function checkService(item: Item, idx: Index, report: Report): void {
  const spec = asObj(item.obj.spec) ?? {};
  if (spec.type === 'ExternalName') return;
  // Declared external: its pods run outside these objects (e.g. k3s' CoreDNS in kube-system).
  if (isExternal(idx, 'Service', item.namespace, item.name)) return;
  const selector = asObj(spec.selector);
  if (!selector || Object.keys(selector).length === 0) return; // endpoints managed by hand
  const labels = stringMap(selector);
  const selected = idx.pods.select(item.namespace, labels, true);
  if (selected.length === 0) {
    const sel = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    report(item, 'ref.service-selector', `selector ${sel} matches no pod template in namespace ${item.namespace}`, ['spec', 'selector']);
    return;
  }
  const ports = selected.flatMap(containerPorts);
  asArray(spec.ports).forEach((p, i) => {
    if (!isObj(p)) return;
    const target = p.targetPort ?? p.port;
    if (typeof target === 'string') {
      if (!ports.some((x) => x.name === target)) {
        report(item, 'ref.service-target-port', `targetPort "${target}" is not a named container port of ${selected.map(describe).join(', ')}`, ['spec', 'ports', i, p.targetPort !== undefined ? 'targetPort' : 'port']);
      }
    } else if (typeof target === 'number') {
      if (!ports.some((x) => x.number === target)) {
        report(item, 'ref.service-target-port-undeclared', `targetPort ${target} is not a container port of ${selected.map(describe).join(', ')}`, ['spec', 'ports', i, p.targetPort !== undefined ? 'targetPort' : 'port']);
      }
    }
  });
}

function checkPodReferences(item: Item, idx: Index, report: Report): void {
  const pod = item.pod!;
  const ns = item.namespace;
  const configMap = (name: string | undefined, path: PathSegment[], keyName?: string, keyPath?: PathSegment[]) => {
    if (!name) return;
    const cm = idx.objects.get(key('ConfigMap', ns, name));
    if (!cm) {
      if (!isExternal(idx, 'ConfigMap', ns, name)) report(item, 'ref.configmap', `ConfigMap ${ns}/${name} does not exist and is not declared external`, path);
      return;
    }
    if (keyName !== undefined) {
      const has = Object.prototype.hasOwnProperty.call(asObj(cm.obj.data) ?? {}, keyName) || Object.prototype.hasOwnProperty.call(asObj(cm.obj.binaryData) ?? {}, keyName);
      if (!has) report(item, 'ref.configmap', `ConfigMap ${ns}/${name} has no key "${keyName}"`, keyPath ?? path);
    }
  };
  const secret = (name: string | undefined, path: PathSegment[], keyName?: string, keyPath?: PathSegment[]) => {
    if (!name) return;
    const s = idx.objects.get(key('Secret', ns, name));
    const provided = idx.providedSecrets.get(`${ns}|${name}`);
    if (!s && !provided) {
      if (!isExternal(idx, 'Secret', ns, name)) report(item, 'ref.secret', `Secret ${ns}/${name} does not exist, is produced by no ExternalSecret/SealedSecret/Certificate, and is not declared external`, path);
      return;
    }
    if (keyName === undefined) return;
    let keys: Set<string> | 'any';
    if (s) keys = new Set([...Object.keys(asObj(s.obj.data) ?? {}), ...Object.keys(asObj(s.obj.stringData) ?? {})]);
    else keys = provided!;
    // A Secret object without data is filled by someone else (e.g. a controller): keys unknown.
    if (keys !== 'any' && keys.size > 0 && !keys.has(keyName)) report(item, 'ref.secret', `Secret ${ns}/${name} has no key "${keyName}"`, keyPath ?? path);
  };

  for (const ref of podReferences(pod.spec)) {
    const path = [...pod.specPath, ...ref.path];
    const keyPath = ref.keyPath && [...pod.specPath, ...ref.keyPath];
    if (ref.kind === 'ConfigMap' && !ref.optional) configMap(ref.name, path, ref.key, keyPath);
    else if (ref.kind === 'Secret' && !ref.optional) secret(ref.name, path, ref.key, keyPath);
    else if (ref.kind === 'PersistentVolumeClaim') {
      if (!idx.objects.has(key('PersistentVolumeClaim', ns, ref.name)) && !isExternal(idx, 'PersistentVolumeClaim', ns, ref.name)) {
        report(item, 'ref.pvc', `PersistentVolumeClaim ${ns}/${ref.name} does not exist and is not declared external`, path);
      }
    } else if (ref.kind === 'ServiceAccount') {
      if (ref.name !== 'default' && !idx.objects.has(key('ServiceAccount', ns, ref.name)) && !isExternal(idx, 'ServiceAccount', ns, ref.name)) {
        report(item, 'ref.service-account', `ServiceAccount ${ns}/${ref.name} does not exist and is not declared external`, path);
      }
    }
  }
}

function checkMonitor(item: Item, idx: Index, report: Report): void {
  const spec = asObj(item.obj.spec) ?? {};
  const nsSel = asObj(spec.namespaceSelector) ?? {};
  const names = asArray(nsSel.matchNames).filter((x): x is string => typeof x === 'string');
  const inNamespace = (ns: string) => nsSel.any === true || (names.length ? names.includes(ns) : ns === item.namespace);
  const pool = item.kind === 'ServiceMonitor' ? idx.services : idx.pods;
  const matched: Item[] = [];
  for (const ns of pool.namespaces()) if (inNamespace(ns)) matched.push(...pool.select(ns, spec.selector));
  const what = item.kind === 'ServiceMonitor' ? 'Service' : 'pod template';
  // Services declared external have unknown labels: a monitor of their namespace may select them.
  const externalServiceIn = (ns: string) =>
    item.kind === 'ServiceMonitor' && ([...idx.external.exact].some((k) => k.startsWith(`Service|${ns}|`)) || [...idx.external.anyNamespace].some((k) => k.startsWith('Service|')));
  const namespaces = nsSel.any === true ? [...idx.namespaces] : names.length ? names : [item.namespace];
  if (matched.length === 0 && namespaces.some(externalServiceIn)) return;
  if (matched.length === 0) {
    report(item, 'ref.monitor-selector', `selector matches no ${what}${selectorIsEmpty(spec.selector) ? '' : ''} in namespace${names.length > 1 ? 's' : ''} ${nsSel.any === true ? '(any)' : (names.length ? names : [item.namespace]).join(', ')}`, ['spec', 'selector']);
    return;
  }
  const endpointsField = item.kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints';
  const portNames = new Set<string>();
  for (const m of matched) {
    if (item.kind === 'ServiceMonitor') {
      for (const p of asArray(asObj(m.obj.spec)?.ports)) if (isObj(p) && typeof p.name === 'string') portNames.add(p.name);
    } else {
      for (const p of containerPorts(m)) if (p.name) portNames.add(p.name);
    }
  }
  asArray(spec[endpointsField]).forEach((e, i) => {
    const port = isObj(e) ? asString(e.port) : undefined;
    if (port && !portNames.has(port)) report(item, 'ref.monitor-selector', `port "${port}" is not a named port of the selected ${what}s (${matched.map(describe).join(', ')})`, ['spec', endpointsField, i, 'port']);
  });
}

function servicePortExists(svc: Item, port: { number?: number; name?: string }): boolean {
  return asArray(asObj(svc.obj.spec)?.ports).some((p) => isObj(p) && ((port.number !== undefined && p.port === port.number) || (port.name !== undefined && p.name === port.name)));
}

function checkIngress(item: Item, idx: Index, report: Report): void {
  const spec = asObj(item.obj.spec) ?? {};
  const check = (backend: JsonValue | undefined, path: PathSegment[]) => {
    const svc = asObj(asObj(backend)?.service);
    if (!svc) return;
    const name = asString(svc.name);
    if (!name) return;
    const target = idx.objects.get(key('Service', item.namespace, name));
    if (!target) {
      if (!isExternal(idx, 'Service', item.namespace, name)) report(item, 'ref.ingress-backend', `Service ${item.namespace}/${name} does not exist`, [...path, 'service', 'name']);
      return;
    }
    const port = asObj(svc.port) ?? {};
    const want = { number: typeof port.number === 'number' ? port.number : undefined, name: asString(port.name) };
    if ((want.number !== undefined || want.name !== undefined) && !servicePortExists(target, want)) {
      report(item, 'ref.ingress-backend', `Service ${item.namespace}/${name} has no port ${want.number ?? `"${want.name}"`}`, [...path, 'service', 'port']);
    }
  };
  if (spec.defaultBackend) check(spec.defaultBackend, ['spec', 'defaultBackend']);
  asArray(spec.rules).forEach((r, i) => {
    asArray(asObj(asObj(r)?.http)?.paths).forEach((p, j) => {
      if (isObj(p)) check(p.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
    });
  });
}

function checkTargets(item: Item, idx: Index, report: Report): void {
  const spec = asObj(item.obj.spec) ?? {};
  if (item.kind === 'PodDisruptionBudget') {
    if (idx.pods.select(item.namespace, spec.selector).length === 0) {
      report(item, 'ref.pdb-target', `selector matches no pod template in namespace ${item.namespace}`, ['spec', 'selector']);
    }
    return;
  }
  if (item.kind === 'HorizontalPodAutoscaler' || item.kind === 'ScaledObject') {
    const ref = asObj(spec.scaleTargetRef);
    const name = asString(ref?.name);
    const kind = asString(ref?.kind) ?? 'Deployment';
    if (name && !idx.objects.has(key(kind, item.namespace, name)) && !isExternal(idx, kind, item.namespace, name)) {
      report(item, 'ref.scale-target', `scale target ${kind} ${item.namespace}/${name} does not exist`, ['spec', 'scaleTargetRef', 'name']);
    }
  }
  if (item.kind === 'ScaledObject' || item.kind === 'ScaledJob') {
    asArray(spec.triggers).forEach((t, i) => {
      const auth = asObj(asObj(t)?.authenticationRef);
      const name = asString(auth?.name);
      if (!name) return;
      const kind = asString(auth?.kind) ?? 'TriggerAuthentication';
      const ns = kind === 'ClusterTriggerAuthentication' ? '' : item.namespace;
      if (!idx.objects.has(key(kind, ns, name)) && !isExternal(idx, kind, ns, name)) {
        report(item, 'ref.trigger-authentication', `${kind} ${ns ? `${ns}/` : ''}${name} does not exist`, ['spec', 'triggers', i, 'authenticationRef', 'name']);
      }
    });
  }
}

const IN_CLUSTER_URL = /^(?:https?|grpc):\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)((?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)(?::(\d+))?(?:[/?#].*)?$/;

/** `http://svc.ns.svc.cluster.local:3100/x` → service, namespace (undefined: same as the config's), port. Undefined for external hosts. */
export function parseServiceUrl(url: string, knownNamespaces: Set<string>): { service: string; namespace?: string; port: number } | undefined {
  const m = IN_CLUSTER_URL.exec(url.trim());
  if (!m) return undefined;
  const service = m[1]!;
  const rest = m[3]!.split('.').filter(Boolean);
  const port = m[5] ? Number(m[5]) : url.startsWith('https') ? 443 : 80;
  if (rest.length === 0) return { service, port };
  const ns = rest[0]!;
  const tail = rest.slice(1).join('.');
  if (tail === 'svc' || tail === 'svc.cluster.local') return { service, namespace: ns, port };
  if (tail === '' && knownNamespaces.has(ns)) return { service, namespace: ns, port };
  return undefined; // an external host name
}

function checkDatasources(item: Item, idx: Index, report: Report): void {
  const fields: [string, JsonObject | undefined, boolean][] = [
    ['data', asObj(item.obj.data), item.kind === 'Secret'],
    ['stringData', asObj(item.obj.stringData), false],
  ];
  for (const [field, data, base64] of fields) {
    if (!data) continue;
    for (const [k, raw] of Object.entries(data)) {
      if (typeof raw !== 'string') continue;
      const text = base64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (!/datasources/.test(text)) continue;
      let docs: JsonValue[];
      try {
        docs = parseAllDocuments(text).map((d) => d.toJSON() as JsonValue);
      } catch {
        continue;
      }
      for (const doc of docs) {
        asArray(asObj(doc)?.datasources).forEach((ds, i) => {
          const url = asString(asObj(ds)?.url);
          if (!url || url.includes('${') || url.includes('$__')) return;
          const target = parseServiceUrl(url, idx.namespaces);
          if (!target) return;
          const ns = target.namespace ?? item.namespace;
          const svc = idx.objects.get(key('Service', ns, target.service));
          const dsName = asString(asObj(ds)?.name) ?? `#${i}`;
          if (!svc) {
            if (!isExternal(idx, 'Service', ns, target.service)) report(item, 'ref.datasource-url', `datasource "${dsName}" in ${k}: URL ${url} names Service ${ns}/${target.service}, which does not exist`, [field, k]);
          } else if (!servicePortExists(svc, { number: target.port })) {
            report(item, 'ref.datasource-url', `datasource "${dsName}" in ${k}: URL ${url} uses port ${target.port}, which Service ${ns}/${target.service} does not expose`, [field, k]);
          }
        });
      }
    }
  }
}

export function checkReferences(items: Item[], external: ExternalDeclarations, report: Report): void {
  const idx = buildIndex(items, external);
  for (const item of items) {
    if (item.pod) checkPodReferences(item, idx, report);
    switch (item.kind) {
      case 'Service':
        if (item.group === '') checkService(item, idx, report);
        break;
      case 'ServiceMonitor':
      case 'PodMonitor':
        checkMonitor(item, idx, report);
        break;
      case 'Ingress':
        checkIngress(item, idx, report);
        break;
      case 'PodDisruptionBudget':
      case 'HorizontalPodAutoscaler':
      case 'ScaledObject':
      case 'ScaledJob':
        checkTargets(item, idx, report);
        break;
      case 'ConfigMap':
      case 'Secret':
        if (item.group === '') checkDatasources(item, idx, report);
        break;
    }
  }
}

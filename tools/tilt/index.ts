// What the Tiltfile needs to know about an environment, as a pure function of its
// processed manifests: one Tilt resource per workload with the objects that belong
// to it, object-only resources for the rest (namespaces, CRDs, shared config),
// UI labels, port forwards, resource_deps, k8s_kind specs and image targets.
//
// It follows how Tilt assembles resources from k8s_yaml, so every k8s_resource call
// the Tiltfile makes from the plan is valid: Tilt names a workload resource after the
// object (adding `:kind`, `:namespace` on collisions; `workloadSelectors`), attaches
// Services by selector on its own (`tiltAttachedServices`; they must not be listed
// again), and lets `objects=` claim each remaining object exactly once.
//
// How objects are placed: a Namespace or CRD goes to `namespaces`/`crds` (infra); an
// object one workload's pods reference (ServiceAccount, ConfigMap, Secret, PVC,
// TriggerAuthentication) goes to that workload; one several workloads reference goes
// to a shared `<app>` (or `<app>-config`) resource they depend on; RBAC follows its
// ServiceAccount; the rest goes to the workload of the same app labels, else to `<app>`.
//
// What is particular to a project (UI groups, their order, port forwards, images built
// from source, operator-run pods) comes from its tilt.config.json (`config.ts`).

import { apiGroup, bindingRoleRef, bindingSubjects, crdKind, list as asList, metadataOf, record, serviceSelector, servicePorts, stringMap, text, type KubeObject } from '../k8s/object.js';
import { containersOf, podReferences as podSpecReferences, podSpecJsonPath, podTemplateOf } from '../k8s/pod.js';
import { EMPTY_TILT_CONFIG, type TiltConfig } from './config.js';

export type Obj = KubeObject;

interface TiltResource {
  /** The resource name shown in Tilt (`new_name`). */
  name: string;
  /** The auto-assembled workload to configure (`workload=`), absent for object-only resources. */
  workload?: string;
  /** Object selectors `name:kind:namespace` added to the resource (`objects=`). */
  objects: string[];
  /** Services Tilt attaches to this workload by itself (informational; not passed to Tilt). */
  attached: string[];
  labels: string[];
  /** `local:container` port forwards. */
  portForwards: string[];
  /** Pods an object-only resource owns through an operator (`extra_pod_selectors=`). */
  extraPodSelectors: Array<Record<string, string>>;
  resourceDeps: string[];
}

interface KindSpec {
  kind: string;
  apiVersion?: string;
  imageJsonPath: string[];
  /** `ignore` for kinds whose pods may never exist (a ScaledJob idles at zero jobs). */
  podReadiness?: 'wait' | 'ignore';
}

interface ImageTarget {
  /** Short name, the last part of the image repository: `web` for `registry.local/team/web`. */
  name: string;
  /** Image name without tag: what `docker_build(ref)` must match. */
  ref: string;
  /** The pinned image as rendered. */
  image: string;
  /** Dockerfile and source paths inside the checkout the image is built from. */
  dockerfile: string;
  sources: string[];
  /** Where the image appears: resource name and JSON path. */
  usedBy: Array<{ resource: string; path: string }>;
}

export interface TiltPlan {
  resources: TiltResource[];
  kinds: KindSpec[];
  images: ImageTarget[];
}

export class TiltPlanError extends Error {}

/** Kinds Tilt treats as workloads on its own (they carry a pod template). */
const BUILTIN_WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Pod', 'ReplicationController']);

/**
 * Custom kinds with a pod template in the manifests (an Argo Rollout, a KEDA ScaledJob), which Tilt must
 * be told about (`k8s_kind`) to inject images and track pods. Pods that run to completion may never
 * exist (a ScaledJob idles at zero jobs), so Tilt does not wait for them.
 */
function customWorkloadKinds(manifests: Obj[]): KindSpec[] {
  const kinds = new Map<string, KindSpec>();
  for (const o of manifests) {
    const kind = text(o.kind);
    const specPath = podSpecJsonPath(kind);
    if (!specPath || BUILTIN_WORKLOAD_KINDS.has(kind) || kinds.has(kind)) continue;
    const spec: KindSpec = { kind, apiVersion: text(o.apiVersion), imageJsonPath: [`{${specPath}.containers[*].image}`] };
    if (podTemplateOf(o)?.longRunning !== true) spec.podReadiness = 'ignore';
    kinds.set(kind, spec);
  }
  return [...kinds.values()];
}

interface AppKeys {
  name: string;
  instance: string;
  partOf: string;
  component: string;
  namespace: string;
}

function rec(v: unknown): Obj {
  return record(v) ?? {};
}
function keysOf(o: Obj): AppKeys {
  const { namespace, labels } = metadataOf(o);
  return {
    name: text(labels['app.kubernetes.io/name']),
    instance: text(labels['app.kubernetes.io/instance']),
    partOf: text(labels['app.kubernetes.io/part-of']),
    component: text(labels['app.kubernetes.io/component']),
    namespace,
  };
}
/** The UI group: the first of the project's rules that matches, else the namespace. */
function groupOf(o: Obj, config: TiltConfig): string {
  const a = keysOf(o);
  const rule = config.groups.find(({ match: m }) =>
    m.name?.includes(a.name) ||
    m.namePrefix?.some((p) => a.name.startsWith(p)) ||
    m.instance?.includes(a.instance) ||
    m.partOf?.includes(a.partOf) ||
    m.namespace?.includes(a.namespace),
  );
  return rule?.group ?? (a.namespace || 'other');
}
/**
 * Tilt's object selector `name:kind[:namespace]`: each part matches exactly (case-insensitive);
 * a colon inside a part (ClusterRole `system:...`) is escaped with a backslash.
 */
export function selectorOf(o: Obj): string {
  const { name, namespace } = metadataOf(o);
  const esc = (x: string) => x.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
  return [esc(name), esc(text(o.kind).toLowerCase()), ...(namespace ? [esc(namespace)] : [])].join(':');
}
function id(o: Obj): string {
  const { name, namespace } = metadataOf(o);
  return `${text(o.kind)}/${namespace}/${name}`;
}

function podLabelsOf(o: Obj): Record<string, string> {
  return stringMap(podTemplateOf(o)?.metadata.labels);
}

/** `Kind/name` of every namespaced object the pod spec needs at start. */
function podReferences(o: Obj): string[] {
  const pod = podTemplateOf(o)?.spec;
  return pod ? [...new Set(podSpecReferences(pod).map((r) => `${r.kind}/${r.name}`))] : [];
}

/**
 * Tilt's names for auto-assembled workloads: each takes the shortest of name,
 * name:kind, name:kind:namespace, name:kind:namespace:group that no other workload
 * could also take.
 */
export function workloadSelectors(workloads: Obj[]): string[] {
  const candidates = workloads.map((w) => {
    const parts = [metadataOf(w).name, text(w.kind), metadataOf(w).namespace, apiGroup(text(w.apiVersion))];
    return parts.map((_, i) => parts.slice(0, i + 1).join(':').toLowerCase());
  });
  const counts = new Map<string, number>();
  for (const c of candidates) for (const n of c) counts.set(n, (counts.get(n) ?? 0) + 1);
  return candidates.map((c, i) => {
    const name = c.find((n) => counts.get(n) === 1);
    if (!name) throw new TiltPlanError(`workload ${c[c.length - 1]} appears twice (${metadataOf(workloads[i]).name})`);
    return name;
  });
}

/**
 * Services Tilt attaches to a workload by itself (so they must not be listed in
 * `objects=`): in YAML order, each workload with a pod template takes every remaining
 * Service whose selector its pod labels satisfy. Tilt compares labels only (no
 * namespace), and an empty selector matches any workload.
 */
function tiltAttachedServices(manifests: Obj[]): Map<Obj, Obj> {
  const owner = new Map<Obj, Obj>();
  let remaining = manifests.filter((o) => o.kind === 'Service');
  for (const w of manifests.filter((o) => BUILTIN_WORKLOAD_KINDS.has(text(o.kind)))) {
    const labels = podLabelsOf(w);
    const rest: Obj[] = [];
    for (const svc of remaining) {
      const sel = serviceSelector(svc);
      if (Object.keys(sel).every((k) => labels[k] === sel[k])) owner.set(svc, w);
      else rest.push(svc);
    }
    remaining = rest;
  }
  return owner;
}

interface PlanOptions {
  /** Custom workload kinds for `k8s_kind`; default: those with a pod template in the manifests. */
  kinds?: KindSpec[];
  /** The project's policy (`tilt.config.json`); default: none. */
  config?: TiltConfig;
}

export function planTilt(manifests: Obj[], opts: PlanOptions = {}): TiltPlan {
  const kinds = opts.kinds ?? customWorkloadKinds(manifests);
  const config = opts.config ?? EMPTY_TILT_CONFIG;
  const kindNames = new Set(kinds.map((k) => k.kind));
  const isWorkload = (o: Obj) => BUILTIN_WORKLOAD_KINDS.has(text(o.kind)) || kindNames.has(text(o.kind));

  const workloads = manifests.filter(isWorkload);
  const selectors = workloadSelectors(workloads);
  const resources = new Map<string, TiltResource>();
  const resourceOfObject = new Map<string, string>();
  const groupOfResource = new Map<string, string>();
  const kindsInResource = new Map<string, Set<string>>();

  const addResource = (name: string, workload: string | undefined, group: string) => {
    if (!resources.has(name)) {
      resources.set(name, { name, workload, objects: [], attached: [], labels: [group], portForwards: [], extraPodSelectors: [], resourceDeps: [] });
      groupOfResource.set(name, group);
      kindsInResource.set(name, new Set());
    }
    return resources.get(name)!;
  };
  const place = (o: Obj, resource: string, asObject: boolean) => {
    const r = resources.get(resource)!;
    if (asObject) r.objects.push(selectorOf(o));
    resourceOfObject.set(id(o), resource);
    kindsInResource.get(resource)!.add(`${apiGroup(text(o.apiVersion))}/${text(o.kind)}`);
  };

  workloads.forEach((w, i) => {
    const name = metadataOf(w).name;
    const taken = [...resources.keys()].includes(name);
    const rname = taken ? selectors[i].replace(/:/g, '-') : name;
    addResource(rname, selectors[i], groupOf(w, config));
    place(w, rname, false);
  });
  const workloadResource = (w: Obj) => resourceOfObject.get(id(w))!;

  // Which workloads need each object at start, found from their pod specs (and a ScaledJob's trigger auth).
  const needers = new Map<string, Set<string>>();
  const need = (objId: string, resource: string) => {
    if (!needers.has(objId)) needers.set(objId, new Set());
    needers.get(objId)!.add(resource);
  };
  for (const w of workloads) {
    const ns = metadataOf(w).namespace;
    for (const ref of podReferences(w)) need(`${ref.split('/')[0]}/${ns}/${ref.split('/')[1]}`, workloadResource(w));
    if (w.kind === 'ScaledJob') {
      // KEDA's ScaledJob: no API type in kubernetes-types
      for (const t of asList(rec(w.spec).triggers as unknown[] | undefined).map(rec)) {
        const auth = text(rec(t.authenticationRef).name);
        const authKind = text(rec(t.authenticationRef).kind);
        if (auth) need(`${authKind || 'TriggerAuthentication'}/${authKind === 'ClusterTriggerAuthentication' ? '' : ns}/${auth}`, workloadResource(w));
      }
    }
  }
  // Services Tilt groups with a workload on its own; listing them again would be a load error.
  const attached = tiltAttachedServices(manifests);
  for (const [svc, w] of attached) {
    const r = workloadResource(w);
    resources.get(r)!.attached.push(selectorOf(svc));
    place(svc, r, false);
  }

  const namespaced = manifests.filter((o) => !isWorkload(o) && !attached.has(o));
  const infra = (name: string) => addResource(name, undefined, 'infra').name;
  const sharedName = (o: Obj) => {
    const a = keysOf(o);
    const base = a.instance || a.name || a.namespace || 'cluster';
    const name = resources.has(base) && resources.get(base)!.workload ? `${base}-config` : base;
    return addResource(name, undefined, groupOf(o, config)).name;
  };

  // Order matters: ServiceAccounts before the bindings that name them, bindings before roles.
  const order = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole'];
  const rank = (o: Obj) => (order.includes(text(o.kind)) ? order.indexOf(text(o.kind)) : order.length);
  const pending = [...namespaced].sort((a, b) => rank(a) - rank(b));
  const roleOwner = new Map<string, string>();
  for (const o of pending) {
    const kind = text(o.kind);
    const { name, namespace } = metadataOf(o);
    let target: string | undefined;
    if (kind === 'Namespace') target = infra('namespaces');
    else if (kind === 'CustomResourceDefinition') target = infra('crds');
    else if (kind === 'Role' || kind === 'ClusterRole') target = roleOwner.get(`${kind}/${kind === 'Role' ? namespace : ''}/${name}`);
    if (!target) {
      const users = needers.get(id(o));
      if (users && users.size === 1) target = [...users][0];
      else if (users && users.size > 1) {
        target = sharedName(o);
        for (const u of users) resources.get(u)!.resourceDeps.push(target);
      }
    }
    if (!target && (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')) {
      for (const subj of bindingSubjects(o)) {
        const r = subj.kind === 'ServiceAccount' ? resourceOfObject.get(`ServiceAccount/${text(subj.namespace)}/${text(subj.name)}`) : undefined;
        if (r) {
          target = r;
          break;
        }
      }
    }
    if (!target) target = byLabels(o, workloads, workloadResource);
    if (!target) target = sharedName(o);
    place(o, target, true);
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const ref = bindingRoleRef(o);
      const key = `${ref.kind}/${ref.kind === 'Role' ? namespace : ''}/${ref.name}`;
      if (!roleOwner.has(key)) roleOwner.set(key, target);
    }
  }

  addDependencies(config, manifests, workloads, resources, groupOfResource, kindsInResource, workloadResource);
  addOperatorPods(config, manifests, workloads, resources, resourceOfObject, groupOfResource, workloadResource);
  addPortForwards(config, workloads, resources, workloadResource);
  const images = findImages(config, workloads, workloadResource);
  const list = [...resources.values()].map((r) => ({ ...r, resourceDeps: [...new Set(r.resourceDeps)].filter((d) => d !== r.name).sort() }));
  checkAcyclic(list);
  return { resources: list, kinds, images };
}

/** A workload of the same app (instance + name labels, then component). */
function byLabels(o: Obj, workloads: Obj[], resourceOf: (w: Obj) => string): string | undefined {
  const a = keysOf(o);
  if (!a.instance && !a.name) return undefined;
  let c = workloads.filter((w) => {
    const b = keysOf(w);
    return b.instance === a.instance && b.name === a.name && (!a.namespace || !b.namespace || a.namespace === b.namespace);
  });
  if (c.length > 1) c = c.filter((w) => keysOf(w).component === a.component);
  if (c.length > 1) c = c.filter((w) => metadataOf(w).name === metadataOf(o).name);
  return c.length === 1 ? resourceOf(c[0]) : undefined;
}

function addDependencies(
  config: TiltConfig,
  manifests: Obj[],
  workloads: Obj[],
  resources: Map<string, TiltResource>,
  groupOfResource: Map<string, string>,
  kindsInResource: Map<string, Set<string>>,
  resourceOf: (w: Obj) => string,
) {
  const byGroup = (g: string) => workloads.map(resourceOf).filter((r) => groupOfResource.get(r) === g);
  const dep = (from: string[], to: string[]) => {
    for (const f of from) for (const t of to) if (f !== t) resources.get(f)!.resourceDeps.push(t);
  };
  // Namespaces first for everything else.
  if (resources.has('namespaces')) dep([...resources.keys()].filter((r) => r !== 'namespaces' && r !== 'crds'), ['namespaces']);
  // The project's order: groups after groups, apps after apps.
  for (const rule of config.groups) for (const g of rule.after ?? []) dep(byGroup(rule.group), byGroup(g));
  const named = (...names: string[]) => workloads.filter((w) => names.includes(keysOf(w).name)).map(resourceOf);
  for (const [app, before] of Object.entries(config.appDependencies)) dep(named(app), named(...before));
  // CRDs and the operators that own their groups before the objects of those kinds.
  const crds = manifests.filter((o) => o.kind === 'CustomResourceDefinition');
  const owners = new Map<string, string[]>();
  for (const crd of crds) owners.set(crdKind(crd), crdOwners(crd, workloads).map(resourceOf));
  for (const [r, kinds] of kindsInResource) {
    if (r === 'crds') continue;
    for (const k of kinds) {
      const o = owners.get(k);
      if (!o) continue;
      dep([r], ['crds', ...o.filter((x) => x !== r)]);
    }
  }
  for (const o of new Set([...owners.values()].flat())) dep([o], resources.has('crds') ? ['crds'] : []);
}

/** The workloads that serve a CRD's kinds: same chart instance; the matching component, else operators/controllers/webhooks. */
function crdOwners(crd: Obj, workloads: Obj[]): Obj[] {
  const a = keysOf(crd);
  if (!a.instance) return [];
  const same = workloads.filter((w) => keysOf(w).instance === a.instance);
  const byComponent = same.filter((w) => keysOf(w).component === a.component || metadataOf(w).name === a.component);
  if (byComponent.length) return byComponent;
  const operators = same.filter((w) => /operator|controller|webhook/.test(metadataOf(w).name + ' ' + keysOf(w).component));
  return operators.length ? operators : same;
}

/**
 * Pods that an operator runs for a custom object (a Prometheus): Tilt cannot see them from the object,
 * so the resource holding it tracks them with the selector of the Service for those pods, and forwards
 * their port.
 */
function addOperatorPods(
  config: TiltConfig,
  manifests: Obj[],
  workloads: Obj[],
  resources: Map<string, TiltResource>,
  resourceOfObject: Map<string, string>,
  groupOfResource: Map<string, string>,
  resourceOf: (w: Obj) => string,
) {
  for (const rule of config.operatorPods) {
    for (const cr of manifests.filter((o) => o.kind === rule.kind)) {
      const r = resources.get(resourceOfObject.get(id(cr))!)!;
      if (r.workload) continue;
      const svc = manifests.find((o) => o.kind === 'Service' && metadataOf(o).namespace === metadataOf(cr).namespace && serviceSelector(o)[rule.nameLabel] === metadataOf(cr).name);
      if (!svc) continue;
      r.extraPodSelectors.push(serviceSelector(svc));
      const ports = servicePorts(svc).map((p) => p.targetPort ?? p.port);
      if (rule.portForward && ports.includes(rule.portForward.container)) r.portForwards.push(`${rule.portForward.local}:${rule.portForward.container}`);
      for (const g of rule.after) for (const w of workloads) if (groupOfResource.get(resourceOf(w)) === g && resourceOf(w) !== r.name) r.resourceDeps.push(resourceOf(w));
    }
  }
}

function containerPorts(w: Obj): Set<number> {
  const out = new Set<number>();
  const pod = podTemplateOf(w)?.spec;
  for (const { container, field } of pod ? containersOf(pod) : []) {
    if (field === 'containers') for (const p of asList(container.ports)) if (typeof record(p)?.containerPort === 'number') out.add(p.containerPort);
  }
  return out;
}

/** The rules in order: the first that finds its workload and container port takes a local port. */
function addPortForwards(config: TiltConfig, workloads: Obj[], resources: Map<string, TiltResource>, resourceOf: (w: Obj) => string) {
  const used = new Map<number, string>();
  for (const r of resources.values()) for (const f of r.portForwards) used.set(Number(f.split(':')[0]), r.name);
  for (const f of config.portForwards) {
    if (used.has(f.local)) continue;
    const w = workloads.find((x) => metadataOf(x).name === f.workload && containerPorts(x).has(f.container));
    if (!w) continue;
    used.set(f.local, resourceOf(w));
    resources.get(resourceOf(w))!.portForwards.push(`${f.local}:${f.container}`);
  }
}

/** `repo:tag` → `repo` (a digest is dropped too). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function findImages(config: TiltConfig, workloads: Obj[], resourceOf: (w: Obj) => string): ImageTarget[] {
  const out: ImageTarget[] = [];
  for (const t of config.images) {
    let target: ImageTarget | undefined;
    for (const w of workloads) {
      const pod = podTemplateOf(w);
      for (const { container, field, path } of pod ? containersOf(pod.spec) : []) {
        if (field === 'ephemeralContainers') continue;
        const image = text(container.image);
        const repo = imageRepository(image);
        if (repo.split('/').pop() !== t.name) continue;
        const at = `.${pod!.specPath.join('.')}.${field}[${path[1]}].image`;
        target ??= { name: t.name, ref: repo, image, dockerfile: t.dockerfile, sources: t.sources, usedBy: [] };
        if (target.ref !== repo) throw new TiltPlanError(`image ${t.name} appears under two names: ${target.ref} and ${repo} (${metadataOf(w).name} ${at})`);
        target.usedBy.push({ resource: resourceOf(w), path: `${text(w.kind)}/${metadataOf(w).name}${at}` });
      }
    }
    if (target) out.push(target);
  }
  return out;
}

function checkAcyclic(resources: TiltResource[]) {
  const deps = new Map(resources.map((r) => [r.name, r.resourceDeps]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: string, path: string[]) => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'visiting') throw new TiltPlanError(`resource_deps form a cycle: ${[...path, n].join(' -> ')}`);
    state.set(n, 'visiting');
    for (const d of deps.get(n) ?? []) {
      if (!deps.has(d)) throw new TiltPlanError(`resource ${n} depends on ${d}, which is not a resource`);
      visit(d, [...path, n]);
    }
    state.set(n, 'done');
  };
  for (const r of resources) visit(r.name, []);
}

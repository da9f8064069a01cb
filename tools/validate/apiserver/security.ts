// Pod and container security settings the API server checks beyond their types: seccomp and
// AppArmor profiles (fields and the older annotations, which must agree), sysctls that would reach
// the host's namespaces, and the settings a Windows or a Linux pod may not carry.

import { Checker, arr, obj, objects, str, type Path } from './check.js';
import { relativePath } from './formats.js';
import type { JsonObject } from '../types.js';

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** An annotation value as a profile ({type, localhostProfile}), or undefined when it names none. */
function annotationProfile(value: string, runtimeDefaults: string[]): { type: string; localhostProfile?: string } | undefined {
  if (runtimeDefaults.includes(value)) return { type: 'RuntimeDefault' };
  if (value === 'unconfined') return { type: 'Unconfined' };
  if (value.startsWith('localhost/') && value.length > 'localhost/'.length) return { type: 'Localhost', localhostProfile: value.slice('localhost/'.length) };
  return undefined;
}

function sameProfile(a: { type: string; localhostProfile?: string }, field: JsonObject): boolean {
  return a.type === field.type && (a.type !== 'Localhost' || a.localhostProfile === str(field.localhostProfile));
}

export function checkSeccompProfile(c: Checker, p: JsonObject | undefined, at: Path): void {
  if (!p) return;
  const local = str(p.localhostProfile);
  if (p.type === 'Localhost' && !local) c.required([...at, 'localhostProfile'], 'seccomp type Localhost needs a localhostProfile');
  if (p.type !== 'Localhost' && local) c.forbidden([...at, 'localhostProfile'], 'localhostProfile may only be set with seccomp type Localhost');
  if (p.type === 'Localhost' && local) c.bad([...at, 'localhostProfile'], local, relativePath(local));
}

function checkAppArmorProfile(c: Checker, p: JsonObject | undefined, at: Path): void {
  if (!p) return;
  c.oneOf([...at, 'type'], p.type, ['RuntimeDefault', 'Unconfined', 'Localhost']);
  const local = str(p.localhostProfile);
  if (p.type === 'Localhost' && !local) c.required([...at, 'localhostProfile'], 'AppArmor type Localhost needs a localhostProfile');
  if (p.type !== 'Localhost' && local) c.invalid([...at, 'localhostProfile'], 'localhostProfile may only be set with AppArmor type Localhost');
}

interface Container {
  ct: JsonObject;
  at: Path;
}

function containersOf(spec: JsonObject, path: Path): Container[] {
  return (['containers', 'initContainers', 'ephemeralContainers'] as const).flatMap((field) => objects(spec[field]).map(([ct, i]) => ({ ct, at: [...path, field, i] })));
}

/** The older seccomp and AppArmor annotations: valid values, existing containers, agreement with the fields. */
function checkProfileAnnotations(c: Checker, spec: JsonObject, path: Path, annotations: JsonObject, annotationsPath: Path): void {
  const podSc = obj(spec.securityContext);
  const containers = containersOf(spec, path);
  for (const [key, raw] of Object.entries(annotations)) {
    if (typeof raw !== 'string') continue;
    const at = [...annotationsPath, key];
    if (key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_ANNOTATION)) {
      const profile = annotationProfile(raw, ['runtime/default', 'docker/default']);
      if (!profile) {
        c.invalid(at, `${JSON.stringify(raw)} is not a seccomp profile (runtime/default, unconfined or localhost/<path>)`);
        continue;
      }
      const target = key === SECCOMP_POD_ANNOTATION ? { sc: podSc, at: [...path, 'securityContext'] } : containers.map((x) => ({ sc: obj(x.ct.securityContext), at: [...x.at, 'securityContext'], name: str(x.ct.name) })).find((x) => x.name === key.slice(SECCOMP_CONTAINER_ANNOTATION.length));
      const field = obj(target?.sc?.seccompProfile);
      if (target && field && !sameProfile(profile, field)) c.forbidden([...target.at, 'seccompProfile', 'type'], `the seccomp type in annotation ${key} (${raw}) and in the field (${String(field.type)}) must match`);
    }
    if (key.startsWith(APPARMOR_CONTAINER_ANNOTATION)) {
      const name = key.slice(APPARMOR_CONTAINER_ANNOTATION.length);
      const container = containers.find((x) => str(x.ct.name) === name);
      if (!container) {
        c.invalid(at, `names container ${JSON.stringify(name)}, which the pod does not have`);
        continue;
      }
      const profile = annotationProfile(raw, ['runtime/default']);
      if (!profile) {
        c.invalid(at, `${JSON.stringify(raw)} is not an AppArmor profile (runtime/default, unconfined or localhost/<name>)`);
        continue;
      }
      // The container's own profile, else the pod's.
      const field = obj(obj(container.ct.securityContext)?.appArmorProfile) ?? obj(podSc?.appArmorProfile);
      if (field && !sameProfile(profile, field)) c.forbidden([...container.at, 'securityContext', 'appArmorProfile', 'type'], `the AppArmor type in annotation ${key} (${raw}) and in the field (${String(field.type)}) must match`);
    }
  }
}

const IPC_SYSCTLS = /^(kernel[./](shm|msg|sem)|fs[./]mqueue[./])/;

/** Sysctls that belong to a namespace the pod shares with the host. */
function checkHostSysctls(c: Checker, spec: JsonObject, path: Path): void {
  for (const [s, i] of objects(obj(spec.securityContext)?.sysctls)) {
    const name = str(s.name);
    if (!name) continue;
    const at = [...path, 'securityContext', 'sysctls', i, 'name'];
    if (spec.hostNetwork === true && /^net[./]/.test(name)) c.invalid(at, `${name} may not be set when hostNetwork is true (it would change the host's network)`);
    if (spec.hostIPC === true && IPC_SYSCTLS.test(name)) c.invalid(at, `${name} may not be set when hostIPC is true (it would change the host's IPC)`);
  }
}

const WINDOWS_FORBIDDEN_POD = ['seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy'];
const WINDOWS_FORBIDDEN_CONTAINER = ['seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

/** What spec.os rules out: Linux-only settings on Windows pods, windowsOptions on Linux pods. */
function checkOsSettings(c: Checker, spec: JsonObject, path: Path): void {
  const os = str(obj(spec.os)?.name);
  const targets = [{ sc: obj(spec.securityContext), at: [...path, 'securityContext'], fields: WINDOWS_FORBIDDEN_POD }, ...containersOf(spec, path).map((x) => ({ sc: obj(x.ct.securityContext), at: [...x.at, 'securityContext'], fields: WINDOWS_FORBIDDEN_CONTAINER }))];
  for (const { sc, at, fields } of targets) {
    if (!sc) continue;
    if (os === 'windows') {
      for (const f of fields) if (sc[f] !== undefined && sc[f] !== null && !(Array.isArray(sc[f]) && arr(sc[f]).length === 0)) c.forbidden([...at, f], `${f} cannot be set for a Windows pod`);
    } else if (os === 'linux' && sc.windowsOptions !== undefined && sc.windowsOptions !== null) {
      c.forbidden([...at, 'windowsOptions'], 'windowsOptions cannot be set for a Linux pod');
    }
  }
  const hostProcess = targets.some((t) => obj(t.sc?.windowsOptions)?.hostProcess === true);
  if (hostProcess && spec.hostNetwork !== true) c.invalid([...path, 'hostNetwork'], 'hostNetwork must be true when a container is a Windows hostProcess container');
}

/** Everything in this module, for one pod spec and the annotations of its pod (or template). */
export function checkPodSecurity(c: Checker, spec: JsonObject, path: Path, annotations: JsonObject | undefined, annotationsPath: Path): void {
  const sc = obj(spec.securityContext);
  checkAppArmorProfile(c, obj(sc?.appArmorProfile), [...path, 'securityContext', 'appArmorProfile']);
  for (const { ct, at } of containersOf(spec, path)) checkAppArmorProfile(c, obj(obj(ct.securityContext)?.appArmorProfile), [...at, 'securityContext', 'appArmorProfile']);
  if (annotations) checkProfileAnnotations(c, spec, path, annotations, annotationsPath);
  checkHostSysctls(c, spec, path);
  checkOsSettings(c, spec, path);
}

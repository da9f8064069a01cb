// The project's Tilt policy: which UI group a resource belongs to and what each group waits for, which
// ports are forwarded, which images are built from source, which operator-run pods are tracked. It lives
// in `tilt.config.json` at the project root, not in the toolkit, so the toolkit plans any Tanka project;
// without the file every resource is grouped by namespace and nothing else is added.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TILT_CONFIG_FILE = 'tilt.config.json';

/** Label values an object must have for a group; any one matching value is enough. */
interface GroupMatch {
  /** `app.kubernetes.io/name` equal to one of these. */
  name?: string[];
  /** `app.kubernetes.io/name` starting with one of these. */
  namePrefix?: string[];
  /** `app.kubernetes.io/instance`. */
  instance?: string[];
  /** `app.kubernetes.io/part-of`. */
  partOf?: string[];
  /** The object's namespace. */
  namespace?: string[];
}

interface GroupRule {
  /** The UI label, e.g. `logs`. */
  group: string;
  match: GroupMatch;
  /** Groups whose workloads must be up before this group's workloads start. */
  after?: string[];
}

export interface TiltConfig {
  /** First match wins; a resource no rule matches is labelled with its namespace (or `other`). */
  groups: GroupRule[];
  /** Workloads (by `app.kubernetes.io/name`) that start after others: `{ "web": ["db"] }`. */
  appDependencies: Record<string, string[]>;
  /** Tried in order: the first rule whose workload (by name) has the container port takes the local port. */
  portForwards: Array<{ workload: string; local: number; container: number }>;
  /** Images to build from a source checkout: any container image whose last path part is `name`. */
  images: Array<{ name: string; dockerfile: string; sources: string[] }>;
  /**
   * Pods an operator runs for a custom object (a Prometheus): the resource holding the object tracks
   * the pods selected by the Service whose selector names the object under `nameLabel`.
   */
  operatorPods: Array<{ kind: string; nameLabel: string; portForward?: { local: number; container: number }; after: string[] }>;
}

/** The plan of a project without `tilt.config.json`. */
export const EMPTY_TILT_CONFIG: TiltConfig = { groups: [], appDependencies: {}, portForwards: [], images: [], operatorPods: [] };

class TiltConfigError extends Error {}

/** Reads `<root>/tilt.config.json`, or the empty policy when there is none. */
export function readTiltConfig(root: string): TiltConfig {
  const file = join(root, TILT_CONFIG_FILE);
  if (!existsSync(file)) return EMPTY_TILT_CONFIG;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TiltConfigError(`${file}: ${(e as Error).message}`);
  }
  return parseTiltConfig(data, file);
}

/** Checks the shape of a parsed config; errors name the file and the field. */
export function parseTiltConfig(data: unknown, file: string): TiltConfig {
  const fail = (at: string, want: string): never => {
    throw new TiltConfigError(`${file}: ${at} must be ${want}`);
  };
  const obj = (v: unknown, at: string): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(at, 'an object'));
  const arr = (v: unknown, at: string): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : fail(at, 'an array'));
  const str = (v: unknown, at: string): string => (typeof v === 'string' && v !== '' ? v : fail(at, 'a non-empty string'));
  const strs = (v: unknown, at: string): string[] => arr(v, at).map((x, i) => str(x, `${at}[${i}]`));
  const port = (v: unknown, at: string): number => (Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536 ? (v as number) : fail(at, 'a port number (1-65535)'));
  const known = (o: Record<string, unknown>, at: string, keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k) && k !== '//') fail(`${at}${at ? '.' : ''}${k}`, `one of ${keys.join(', ')} (unknown field)`);
  };

  const top = obj(data, 'the file');
  known(top, '', ['groups', 'appDependencies', 'portForwards', 'images', 'operatorPods']);
  const matchKeys = ['name', 'namePrefix', 'instance', 'partOf', 'namespace'] as const;
  const groups = arr(top.groups, 'groups').map((g, i): GroupRule => {
    const at = `groups[${i}]`;
    const o = obj(g, at);
    known(o, at, ['group', 'match', 'after']);
    const m = obj(o.match, `${at}.match`);
    known(m, `${at}.match`, [...matchKeys]);
    const match: GroupMatch = {};
    for (const k of matchKeys) if (m[k] !== undefined) match[k] = strs(m[k], `${at}.match.${k}`);
    const rule: GroupRule = { group: str(o.group, `${at}.group`), match };
    if (o.after !== undefined) rule.after = strs(o.after, `${at}.after`);
    return rule;
  });
  const deps = top.appDependencies === undefined ? {} : obj(top.appDependencies, 'appDependencies');
  const appDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, strs(v, `appDependencies.${k}`)]));
  const portForwards = arr(top.portForwards, 'portForwards').map((f, i) => {
    const o = obj(f, `portForwards[${i}]`);
    known(o, `portForwards[${i}]`, ['workload', 'local', 'container']);
    return { workload: str(o.workload, `portForwards[${i}].workload`), local: port(o.local, `portForwards[${i}].local`), container: port(o.container, `portForwards[${i}].container`) };
  });
  const images = arr(top.images, 'images').map((im, i) => {
    const o = obj(im, `images[${i}]`);
    known(o, `images[${i}]`, ['name', 'dockerfile', 'sources']);
    return { name: str(o.name, `images[${i}].name`), dockerfile: str(o.dockerfile, `images[${i}].dockerfile`), sources: strs(o.sources, `images[${i}].sources`) };
  });
  const operatorPods = arr(top.operatorPods, 'operatorPods').map((p, i) => {
    const at = `operatorPods[${i}]`;
    const o = obj(p, at);
    known(o, at, ['kind', 'nameLabel', 'portForward', 'after']);
    const rule: TiltConfig['operatorPods'][number] = { kind: str(o.kind, `${at}.kind`), nameLabel: str(o.nameLabel, `${at}.nameLabel`), after: strs(o.after, `${at}.after`) };
    if (o.portForward !== undefined) {
      const f = obj(o.portForward, `${at}.portForward`);
      known(f, `${at}.portForward`, ['local', 'container']);
      rule.portForward = { local: port(f.local, `${at}.portForward.local`), container: port(f.container, `${at}.portForward.container`) };
    }
    return rule;
  });
  return { groups, appDependencies, portForwards, images, operatorPods };
}

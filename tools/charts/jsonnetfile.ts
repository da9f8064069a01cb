// jsonnetfile.json and jsonnetfile.lock.json, the files of jsonnet-bundler (jb): reading them,
// the names jb gives dependencies (vendor/<name>, legacy symlink names), and writing a lock in
// exactly jb's format (Go's json.MarshalIndent with two spaces, a final newline, dependencies
// sorted by name), so a lock written here is byte-for-byte the lock jb writes.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { goMarshal, Ordered, type GoJson } from '../gocompat/json.js';
import { compareBytes } from '../gocompat/strings.js';
import { ChartsError } from './errors.js';

export const JSONNETFILE = 'jsonnetfile.json';
export const JSONNET_LOCKFILE = 'jsonnetfile.lock.json';

interface GitSource {
  kind: 'git';
  /** The remote as jb writes it (GitHub-style URLs normalized to https://host/user/repo.git). */
  remote: string;
  /** As written, without a leading slash ("" for the repository root; a trailing slash is kept, as jb keeps it). */
  subdir: string;
}

interface LocalSource {
  kind: 'local';
  directory: string;
}

export interface JbDependency {
  source: GitSource | LocalSource;
  /** Branch, tag or commit (jsonnetfile.json); the commit (lock). */
  version: string;
  /** jb's directory sum (lock only). */
  sum?: string;
  /** jb's `name` field: overrides the legacy symlink name. */
  legacyName?: string;
  single?: boolean;
}

export interface Jsonnetfile {
  path: string;
  dependencies: JbDependency[];
  legacyImports: boolean;
}

interface ParsedRemote {
  host: string;
  /** user (or group path) / repo, without ".git". */
  path: string;
  /** The remote jb records. */
  remote: string;
}

// GitHub-style remotes jb understands: https://host.tld/user/repo(.git), ssh://git@host/user/repo.git,
// git@host:user/repo.git. Other remotes (a loopback git server, a file path) are kept as written.
const HTTPS = /^https:\/\/([a-zA-Z0-9][a-zA-Z0-9.-]{1,61}[a-zA-Z0-9]\.[a-zA-Z]{2,})\/([-_a-zA-Z0-9/]+?)\/([-_a-zA-Z0-9.]+?)(\.git)?\/?$/;
const SSH = /^ssh:\/\/git@([^/]+)\/(.+)\/([^/]+?)\.git$/;
const SCP = /^git@([^:]+):(.+)\/([^/]+?)\.git$/;

export function parseRemote(remote: string): ParsedRemote {
  let m = HTTPS.exec(remote);
  if (m) return { host: m[1]!, path: `${m[2]}/${m[3]}`, remote: `https://${m[1]}/${m[2]}/${m[3]}.git` };
  m = SSH.exec(remote) ?? SCP.exec(remote);
  if (m) return { host: m[1]!, path: `${m[2]}/${m[3]}`, remote: `ssh://git@${m[1]}/${m[2]}/${m[3]}.git` };
  // Any other URL: its host (without port) and path name the package.
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/i.exec(remote);
  if (url) return { host: url[1]!, path: url[2]!, remote };
  throw new Error(`cannot parse git remote "${remote}" (expected https://host/user/repo.git, ssh://git@host/user/repo.git or git@host:user/repo.git)`);
}

/** jb's package name: <host>/<user>/<repo><subdir with a leading slash>; vendor/<name> is its folder. */
export function dependencyName(d: JbDependency): string {
  if (d.source.kind === 'local') return posix.basename(posix.resolve(d.source.directory));
  const r = parseRemote(d.source.remote);
  return `${r.host}/${r.path}${d.source.subdir === '' ? '' : `/${d.source.subdir}`}`;
}

/** The folder under vendor/ (the name with any trailing slash removed, as Go's filepath.Join does). */
export function vendorPath(d: JbDependency): string {
  return posix.normalize(dependencyName(d)).replace(/\/+$/, '');
}

/** jb's legacy symlink name: the `name` field, else the last element of repo + subdir. */
export function legacyName(d: JbDependency): string {
  if (d.legacyName) return d.legacyName;
  if (d.source.kind === 'local') return dependencyName(d);
  const r = parseRemote(d.source.remote);
  const repo = r.path.slice(r.path.lastIndexOf('/') + 1);
  return posix.basename(posix.normalize(`${repo}/${d.source.subdir}`).replace(/\/+$/, ''));
}

function fail(path: string, msg: string): never {
  throw new ChartsError(msg, { file: path });
}

function parseDependency(raw: unknown, path: string, where: string, lock: boolean): JbDependency {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(path, `${where} must be an object`);
  const o = raw as Record<string, unknown>;
  const src = o.source as Record<string, unknown> | undefined;
  if (!src || typeof src !== 'object') fail(path, `${where}: "source" is missing`);
  let source: GitSource | LocalSource;
  if (src.git !== undefined) {
    const g = src.git as Record<string, unknown>;
    if (!g || typeof g.remote !== 'string' || g.remote === '') fail(path, `${where}: source.git.remote is missing`);
    if (g.subdir !== undefined && typeof g.subdir !== 'string') fail(path, `${where}: source.git.subdir must be a string`);
    let remote: string;
    try {
      remote = parseRemote(g.remote).remote;
    } catch (err) {
      return fail(path, `${where}: ${(err as Error).message}`);
    }
    source = { kind: 'git', remote, subdir: String(g.subdir ?? '').replace(/^\/+/, '') };
  } else if (src.local !== undefined) {
    const l = src.local as Record<string, unknown>;
    if (!l || typeof l.directory !== 'string') fail(path, `${where}: source.local.directory is missing`);
    source = { kind: 'local', directory: l.directory };
  } else {
    return fail(path, `${where}: source must be "git" or "local" (others are not supported)`);
  }
  if (o.version !== undefined && typeof o.version !== 'string') fail(path, `${where}: "version" must be a string`);
  const version = (o.version as string | undefined) ?? (source.kind === 'git' ? 'master' : '');
  const d: JbDependency = { source, version };
  if (o.sum !== undefined) {
    if (typeof o.sum !== 'string') fail(path, `${where}: "sum" must be a string`);
    d.sum = o.sum;
  }
  if (typeof o.name === 'string' && o.name !== '') d.legacyName = o.name;
  if (o.single === true) d.single = true;
  if (lock && source.kind === 'git' && !/^[0-9a-f]{40}$/.test(version)) {
    fail(path, `${where}: locked version "${version}" is not a commit id`);
  }
  return d;
}

/** Parses a jsonnetfile.json or jsonnetfile.lock.json text. */
export function parseJsonnetfile(text: string, path: string, lock = false): Jsonnetfile {
  let data: unknown;
  try {
    data = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    return fail(path, `not valid JSON: ${(err as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail(path, 'must be a JSON object');
  const o = data as Record<string, unknown>;
  if (o.version !== undefined && o.version !== 1) fail(path, `version ${JSON.stringify(o.version)} is not supported (only 1)`);
  if (o.dependencies !== undefined && !Array.isArray(o.dependencies)) fail(path, '"dependencies" must be a list');
  const deps = ((o.dependencies as unknown[] | undefined) ?? []).map((d, i) => parseDependency(d, path, `dependencies[${i}]`, lock));
  const seen = new Set<string>();
  for (const d of deps) {
    const n = dependencyName(d);
    if (seen.has(n)) fail(path, `dependency ${n} is listed twice`);
    seen.add(n);
  }
  return { path, dependencies: deps, legacyImports: o.legacyImports === undefined ? true : o.legacyImports === true };
}

/** Reads a jsonnetfile; undefined when the file does not exist. */
export async function readJsonnetfile(path: string, lock = false): Promise<Jsonnetfile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ChartsError(`cannot read: ${(err as Error).message}`, { file: path });
  }
  return parseJsonnetfile(text, path, lock);
}

/** The lock text exactly as jb writes it. */
export function formatJbLock(deps: JbDependency[]): string {
  const sorted = [...deps].sort((a, b) => compareBytes(dependencyName(a), dependencyName(b)));
  // jb writes its lock file with json.MarshalIndent: struct fields in their declared order.
  const out = new Ordered([
    ['version', 1],
    [
      'dependencies',
      sorted.map((d) => {
        const e: [string, GoJson][] = [
          ['source', d.source.kind === 'git' ? { git: new Ordered([['remote', d.source.remote], ['subdir', d.source.subdir]]) } : { local: new Ordered([['directory', d.source.directory]]) }],
          ['version', d.version],
        ];
        if (d.sum) e.push(['sum', d.sum]);
        if (d.single) e.push(['single', true]);
        // jb keeps `name` only when it differs from the name it would derive.
        if (d.legacyName && d.legacyName !== legacyName({ ...d, legacyName: undefined })) e.push(['name', d.legacyName]);
        return new Ordered(e);
      }),
    ],
    ['legacyImports', false],
  ]);
  const text = goMarshal(out, '  ');
  return `${text}\n`;
}

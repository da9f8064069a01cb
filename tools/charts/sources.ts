// Where charts come from: HTTP(S) Helm repositories (index.yaml), OCI registries
// (the distribution API with Helm's media types), and an offline mirror folder.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ChartsError, errorMessage } from './errors.js';
import { chartContentDigest } from './chart-digest.js';
import { helmLoadedFiles } from './helmignore.js';
import { httpGet, HttpError, type Response, type TlsFiles } from './http.js';
import { sameVersion } from './semver.js';
import { DEFAULT_LIMITS, unpackChartArchive, type FileTree, type Limits } from './tar.js';
import { readTree, sha256Hex } from './tree.js';

export interface Credentials {
  username?: string;
  password?: string;
  token?: string;
  tls?: TlsFiles;
}

interface SourceOptions {
  /** A caching proxy or mirror that serves this repository's paths (TKTS_REPO_<NAME>_PROXY). */
  proxyFor?(repoUrl: string): string | undefined;
  timeoutMs: number;
  limits: Limits;
  /** Use plain http for every OCI registry (loopback registries always use it). */
  plainHttp: boolean;
  credentialsFor(repoUrl: string): Credentials | undefined;
  /** Folder for downloaded archives, addressed by sha256 (skipped when undefined). */
  archiveCache?: string;
}

export interface Fetched {
  files: FileTree;
  source: string;
  archiveDigest?: string;
  /** The chart's folder on disk, when it came from one (for file:// dependencies). */
  localDir?: string;
}

interface Pinned {
  source: string;
  archiveDigest?: string;
}

export interface ChartSource {
  versions(repoUrl: string, name: string): Promise<string[]>;
  fetch(repoUrl: string, name: string, version: string, pinned?: Pinned): Promise<Fetched>;
}

/** Canonical form for comparing repository URLs: no trailing slash, lower-case scheme and host. */
export function normalizeRepoUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(url.trim());
  if (!m) return url.trim().replace(/\/+$/, '');
  return `${m[1]!.toLowerCase()}://${m[2]!.toLowerCase()}${m[3]!.replace(/\/+$/, '')}`;
}

function digestOf(data: Buffer): string {
  return `sha256:${sha256Hex(data)}`;
}

function checkPinned(data: Buffer, pinned: Pinned | undefined, origin: string): string {
  const digest = digestOf(data);
  if (pinned?.archiveDigest && pinned.archiveDigest !== digest) {
    throw new ChartsError(`${origin}: archive digest ${digest} differs from the lock (${pinned.archiveDigest}); refusing it`);
  }
  return digest;
}

async function fromCache(opts: SourceOptions, digest: string | undefined): Promise<Buffer | undefined> {
  if (!opts.archiveCache || !digest?.startsWith('sha256:')) return undefined;
  try {
    const data = await readFile(join(opts.archiveCache, `${digest.slice(7)}.tgz`));
    return digestOf(data) === digest ? data : undefined;
  } catch {
    return undefined;
  }
}

async function toCache(opts: SourceOptions, data: Buffer, digest: string): Promise<void> {
  if (!opts.archiveCache) return;
  try {
    await mkdir(opts.archiveCache, { recursive: true });
    const target = join(opts.archiveCache, `${digest.slice(7)}.tgz`);
    const tmp = `${target}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch {
    // The cache is an optimisation only.
  }
}

function basicAuth(c: Credentials | undefined): string | undefined {
  if (c?.username !== undefined && c.password !== undefined) {
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }
  return undefined;
}

// ---------------------------------------------------------------- HTTP repositories

interface IndexEntry {
  version: string;
  urls?: string[];
  digest?: string;
}

class HttpRepoSource implements ChartSource {
  private indexes = new Map<string, Promise<Record<string, IndexEntry[]>>>();
  constructor(private opts: SourceOptions) {}

  private auth(repoUrl: string): { authorization?: string; authOrigin: string; tls?: TlsFiles } {
    const c = this.opts.credentialsFor(repoUrl);
    const authorization = c?.token ? `Bearer ${c.token}` : basicAuth(c);
    return { authorization, authOrigin: new URL(repoUrl).origin, tls: c?.tls };
  }

  /** Where to fetch `url` from: a URL under the repository goes to its proxy, if it has one. */
  private via(repoUrl: string, url: string): string {
    const proxy = this.opts.proxyFor?.(repoUrl);
    const base = `${normalizeRepoUrl(repoUrl)}/`;
    return proxy && url.startsWith(base) ? `${normalizeRepoUrl(proxy)}/${url.slice(base.length)}` : url;
  }

  private index(repoUrl: string): Promise<Record<string, IndexEntry[]>> {
    const key = normalizeRepoUrl(repoUrl);
    let p = this.indexes.get(key);
    if (!p) {
      p = (async () => {
        const url = this.via(repoUrl, `${key}/index.yaml`);
        const res = await httpGet(url, { ...this.auth(repoUrl), timeoutMs: this.opts.timeoutMs, maxBytes: 256 * 1024 * 1024 });
        let doc: unknown;
        try {
          doc = parse(res.body.toString('utf8'));
        } catch (err) {
          throw new ChartsError(`${url}: not a valid index.yaml: ${(err as Error).message}`);
        }
        const entries = (doc as { entries?: unknown } | null)?.entries;
        if (!entries || typeof entries !== 'object') throw new ChartsError(`${url}: index.yaml has no entries`);
        return entries as Record<string, IndexEntry[]>;
      })();
      p.catch(() => this.indexes.delete(key));
      this.indexes.set(key, p);
    }
    return p;
  }

  async versions(repoUrl: string, name: string): Promise<string[]> {
    const entries = (await this.index(repoUrl))[name];
    if (!Array.isArray(entries)) throw new ChartsError(`chart "${name}" is not in the repository ${repoUrl}`);
    return entries.map((e) => String(e.version));
  }

  async fetch(repoUrl: string, name: string, version: string, pinned?: Pinned): Promise<Fetched> {
    const origin = `${name}@${version} from ${repoUrl}`;
    let data = await fromCache(this.opts, pinned?.archiveDigest);
    let source = pinned?.source;
    if (!data) {
      let expected: string | undefined;
      if (!source || !/^https?:\/\//.test(source)) {
        const entries = (await this.index(repoUrl))[name];
        if (!Array.isArray(entries)) throw new ChartsError(`chart "${name}" is not in the repository ${repoUrl}`);
        const entry = entries.find((e) => sameVersion(String(e.version), version));
        if (!entry) throw new ChartsError(`chart "${name}" has no version ${version} in the repository ${repoUrl}`);
        const first = entry.urls?.[0];
        if (!first) throw new ChartsError(`${origin}: index.yaml lists no URL`);
        source = new URL(first, `${normalizeRepoUrl(repoUrl)}/`).href;
        if (entry.digest) expected = `sha256:${entry.digest.replace(/^sha256:/, '')}`;
      }
      // The lock records the upstream URL; a proxy only changes where the bytes come from.
      const res = await httpGet(this.via(repoUrl, source), { ...this.auth(repoUrl), timeoutMs: this.opts.timeoutMs, maxBytes: this.opts.limits.maxArchiveBytes });
      data = res.body;
      if (expected && digestOf(data) !== expected) {
        throw new ChartsError(`${origin}: archive ${source} has digest ${digestOf(data)}, but index.yaml says ${expected}; refusing it`);
      }
    }
    const archiveDigest = checkPinned(data, pinned, origin);
    const { files } = unpackChartArchive(data, origin, this.opts.limits);
    await toCache(this.opts, data, archiveDigest);
    return { files, source: source!, archiveDigest };
  }
}

// ---------------------------------------------------------------- OCI registries

const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
const HELM_LAYERS = ['application/vnd.cncf.helm.chart.content.v1.tar+gzip', 'application/tar+gzip'];
const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

interface OciRef {
  base: string; // scheme://host[:port]
  registry: string;
  repository: string; // path/name
}

function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const m = /^(\w+)\s*(.*)$/s.exec(header.trim());
  const params: Record<string, string> = {};
  if (!m) return { scheme: '', params };
  for (const p of m[2]!.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: m[1]!.toLowerCase(), params };
}

class OciSource implements ChartSource {
  private tokens = new Map<string, string>();
  constructor(private opts: SourceOptions) {}

  private ref(repoUrl: string, name: string): OciRef {
    const m = /^oci:\/\/([^/]+)(\/.*)?$/i.exec(repoUrl.trim());
    if (!m) throw new ChartsError(`not an oci:// URL: ${repoUrl}`);
    const registry = m[1]!;
    const path = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
    const scheme = this.opts.plainHttp || isLoopback(registry) ? 'http' : 'https';
    return { base: `${scheme}://${registry}`, registry, repository: path ? `${path}/${name}` : name };
  }

  /** GET with the registry's auth dance: anonymous first, then the challenge it answers with. */
  private async get(ref: OciRef, repoUrl: string, path: string, accept: string | undefined, maxBytes: number): Promise<Response> {
    const creds = this.opts.credentialsFor(repoUrl);
    const url = `${ref.base}${path}`;
    const key = `${ref.registry}/${ref.repository}`;
    const headers: Record<string, string> = accept ? { accept } : {};
    const common = { headers, authOrigin: ref.base, timeoutMs: this.opts.timeoutMs, maxBytes, tls: creds?.tls };
    const first = this.tokens.get(key) ?? (creds?.token ? `Bearer ${creds.token}` : undefined);
    let res = await httpGet(url, { ...common, authorization: first, allowStatus: [401] });
    if (res.status !== 401) return res;
    const challenge = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
    let authorization: string | undefined;
    if (challenge.scheme === 'basic') {
      authorization = basicAuth(creds);
      if (!authorization) throw new HttpError(`${url}: the registry wants a username and password (set them in the environment)`, 401);
    } else if (challenge.scheme === 'bearer' && challenge.params.realm) {
      const t = new URL(challenge.params.realm);
      if (challenge.params.service) t.searchParams.set('service', challenge.params.service);
      t.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`);
      const tokRes = await httpGet(t.href, {
        authorization: basicAuth(creds), authOrigin: t.origin, timeoutMs: this.opts.timeoutMs, maxBytes: 1024 * 1024, tls: creds?.tls,
      });
      const body = JSON.parse(tokRes.body.toString('utf8')) as { token?: string; access_token?: string };
      const token = body.token ?? body.access_token;
      if (!token) throw new HttpError(`${t.href}: token response has no token`);
      authorization = `Bearer ${token}`;
    } else {
      throw new HttpError(`${url}: HTTP 401 with an unsupported challenge "${challenge.scheme}"`, 401);
    }
    this.tokens.set(key, authorization);
    res = await httpGet(url, { ...common, authorization });
    return res;
  }

  async versions(repoUrl: string, name: string): Promise<string[]> {
    const ref = this.ref(repoUrl, name);
    const tags: string[] = [];
    let path: string | undefined = `/v2/${ref.repository}/tags/list`;
    while (path) {
      let res: Response;
      try {
        res = await this.get(ref, repoUrl, path, 'application/json', 16 * 1024 * 1024);
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) throw new ChartsError(`chart "${name}" is not in the registry ${repoUrl}`);
        throw err;
      }
      const body = JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      const link = /<([^>]+)>;\s*rel="?next"?/.exec(String(res.headers.link ?? ''));
      path = link ? new URL(link[1]!, ref.base).pathname + new URL(link[1]!, ref.base).search : undefined;
    }
    // OCI tags cannot hold "+": Helm writes it as "_".
    return tags.map((t) => t.replace(/_/g, '+'));
  }

  async fetch(repoUrl: string, name: string, version: string, pinned?: Pinned): Promise<Fetched> {
    const ref = this.ref(repoUrl, name);
    const tag = version.replace(/\+/g, '_');
    const source = `${normalizeRepoUrl(repoUrl)}/${name}:${tag}`;
    const origin = `${name}@${version} from ${repoUrl}`;
    let data = await fromCache(this.opts, pinned?.archiveDigest);
    if (!data) {
      let layer: { digest: string; size?: number };
      if (pinned?.archiveDigest) {
        layer = { digest: pinned.archiveDigest };
      } else {
        let res: Response;
        try {
          res = await this.get(ref, repoUrl, `/v2/${ref.repository}/manifests/${tag}`, MANIFEST_TYPES, 4 * 1024 * 1024);
        } catch (err) {
          if (err instanceof HttpError && err.status === 404) throw new ChartsError(`chart "${name}" has no version ${version} in the registry ${repoUrl}`);
          throw err;
        }
        const header = res.headers['docker-content-digest'];
        if (typeof header === 'string' && header.startsWith('sha256:') && header !== digestOf(res.body)) {
          throw new ChartsError(`${origin}: manifest digest ${digestOf(res.body)} differs from the registry's ${header}`);
        }
        const manifest = JSON.parse(res.body.toString('utf8')) as { config?: { mediaType?: string }; layers?: { mediaType: string; digest: string; size: number }[] };
        if (manifest.config?.mediaType !== HELM_CONFIG) {
          throw new ChartsError(`${origin}: not a Helm chart (config media type ${manifest.config?.mediaType ?? 'missing'})`);
        }
        const found = manifest.layers?.find((l) => HELM_LAYERS.includes(l.mediaType));
        if (!found) throw new ChartsError(`${origin}: manifest has no Helm chart layer`);
        layer = found;
      }
      if (!/^sha256:[0-9a-f]{64}$/.test(layer.digest)) throw new ChartsError(`${origin}: unsupported digest ${layer.digest}`);
      const res = await this.get(ref, repoUrl, `/v2/${ref.repository}/blobs/${layer.digest}`, undefined, this.opts.limits.maxArchiveBytes);
      data = res.body;
      if (digestOf(data) !== layer.digest) {
        throw new ChartsError(`${origin}: chart layer has digest ${digestOf(data)}, expected ${layer.digest}; refusing it`);
      }
    }
    const archiveDigest = checkPinned(data, pinned, origin);
    const { files } = unpackChartArchive(data, origin, this.opts.limits);
    await toCache(this.opts, data, archiveDigest);
    return { files, source, archiveDigest };
  }
}

/** Dispatches by URL scheme to the HTTP or OCI source. */
export class NetworkSource implements ChartSource {
  private http: HttpRepoSource;
  private oci: OciSource;
  constructor(opts: SourceOptions) {
    this.http = new HttpRepoSource(opts);
    this.oci = new OciSource(opts);
  }
  private pick(repoUrl: string): ChartSource {
    if (/^oci:\/\//i.test(repoUrl)) return this.oci;
    if (/^https?:\/\//i.test(repoUrl)) return this.http;
    throw new ChartsError(`unsupported repository URL "${repoUrl}" (expected http://, https:// or oci://)`);
  }
  versions(repoUrl: string, name: string): Promise<string[]> {
    return this.pick(repoUrl).versions(repoUrl, name);
  }
  fetch(repoUrl: string, name: string, version: string, pinned?: Pinned): Promise<Fetched> {
    return this.pick(repoUrl).fetch(repoUrl, name, version, pinned);
  }
}

// ---------------------------------------------------------------- offline mirror

/**
 * A folder laid out as <repository-name>/<chart>/<version>/ with repositories.yaml
 * mapping names to URLs (and aliases), and optionally SHA256SUMS for every file.
 */
export class MirrorSource implements ChartSource {
  private byUrl = new Map<string, string>();
  private sums: Map<string, string> | undefined;
  private constructor(readonly dir: string, private warn: (msg: string) => void) {}

  static async open(dir: string, warn: (msg: string) => void = () => {}): Promise<MirrorSource> {
    const m = new MirrorSource(dir, warn);
    const reposFile = join(dir, 'repositories.yaml');
    let doc: { repositories?: { name: string; url: string; aliases?: string[] }[] };
    try {
      doc = parse(await readFile(reposFile, 'utf8')) as typeof doc;
    } catch (err) {
      throw new ChartsError(`chart mirror ${dir}: cannot read repositories.yaml: ${errorMessage(err, reposFile)}`);
    }
    for (const r of doc?.repositories ?? []) {
      for (const u of [r.url, ...(r.aliases ?? [])]) m.byUrl.set(normalizeRepoUrl(u), r.name);
    }
    const sumsFile = join(dir, 'SHA256SUMS');
    if (existsSync(sumsFile)) {
      m.sums = new Map();
      for (const line of (await readFile(sumsFile, 'utf8')).split('\n')) {
        const mm = /^([0-9a-f]{64})\s+\*?(?:\.\/)?(.+)$/.exec(line);
        if (mm) m.sums.set(mm[2]!, mm[1]!);
      }
    }
    return m;
  }

  private repoName(repoUrl: string): string {
    const name = this.byUrl.get(normalizeRepoUrl(repoUrl));
    if (!name) throw new ChartsError(`repository ${repoUrl} is not in the chart mirror ${this.dir} (see its repositories.yaml)`);
    return name;
  }

  async versions(repoUrl: string, name: string): Promise<string[]> {
    const repo = this.repoName(repoUrl);
    try {
      return (await readdir(join(this.dir, repo, name), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      throw new ChartsError(`chart "${name}" of ${repoUrl} is not in the chart mirror ${this.dir} (no folder ${repo}/${name})`);
    }
  }

  async fetch(repoUrl: string, name: string, version: string): Promise<Fetched> {
    const repo = this.repoName(repoUrl);
    const available = await this.versions(repoUrl, name);
    const dirName = available.includes(version) ? version : available.find((v) => sameVersion(v, version));
    if (dirName === undefined) {
      throw new ChartsError(`chart "${name}" version ${version} of ${repoUrl} is not in the chart mirror ${this.dir} (it has: ${available.join(', ') || 'none'})`);
    }
    const rel = `${repo}/${name}/${dirName}`;
    const localDir = join(this.dir, repo, name, dirName);
    const files = await readTree(localDir, { limits: DEFAULT_LIMITS });
    if (this.sums) {
      // The mirror's own checksums guard against a damaged copy before the lock is even consulted.
      for (const [path, f] of files) {
        const want = this.sums.get(`${rel}/${path}`);
        if (want === undefined) throw new ChartsError(`chart mirror ${this.dir}: ${rel}/${path} is not listed in SHA256SUMS`);
        if (want !== sha256Hex(f.data)) throw new ChartsError(`chart mirror ${this.dir}: ${rel}/${path} does not match SHA256SUMS`);
      }
      // A listed file that is absent changes nothing we read (the lock's tree digest still
      // guards the chart), so it is reported, not fatal.
      for (const key of this.sums.keys()) {
        if (key.startsWith(`${rel}/`) && !files.has(key.slice(rel.length + 1))) {
          this.warn(`chart mirror ${this.dir}: ${key} is listed in SHA256SUMS but missing`);
        }
      }
    }
    return { files, source: `mirror://${rel}`, localDir, ...(await this.publishedDigest(repo, name, dirName, files)) };
  }

  /**
   * `published/<repo>/` holds archives exactly as the upstream repository serves them, with its
   * index.yaml. When it has this release and the archive holds the same files as the tree, the
   * lock can record the upstream archive digest too; when the files differ, say so.
   */
  private async publishedDigest(repo: string, name: string, version: string, files: Fetched['files']): Promise<{ archiveDigest?: string }> {
    const dir = join(this.dir, 'published', repo);
    let index: { entries?: Record<string, IndexEntry[]> };
    try {
      index = parse(await readFile(join(dir, 'index.yaml'), 'utf8')) as typeof index;
    } catch {
      return {};
    }
    const entry = index?.entries?.[name]?.find((e) => sameVersion(String(e.version), version));
    const file = entry?.urls?.[0]?.split('/').pop();
    if (!entry?.digest || !file || !existsSync(join(dir, file))) return {};
    const data = await readFile(join(dir, file));
    const digest = digestOf(data);
    if (digest !== `sha256:${entry.digest.replace(/^sha256:/, '')}`) {
      this.warn(`chart mirror ${this.dir}: published/${repo}/${file} does not match its index.yaml digest; not recorded`);
      return {};
    }
    const archived = unpackChartArchive(data, `published/${repo}/${file}`, DEFAULT_LIMITS).files;
    // Compared as Helm loads them: `helm package` leaves out what .helmignore names.
    const same = chartContentDigest(helmLoadedFiles(archived, `published/${repo}/${file}`), `published/${repo}/${file}`) ===
      chartContentDigest(helmLoadedFiles(files, `${repo}/${name}/${version}`), `${repo}/${name}/${version}`);
    if (!same) {
      this.warn(`chart mirror ${this.dir}: ${repo}/${name}/${version} differs from the published archive ${file}; the lock records the mirror's files (content digest), which the published archive will not match`);
      return {};
    }
    return { archiveDigest: digest };
  }
}

// Fetches a chart and, recursively, the dependencies its Chart.yaml declares, the way
// `helm dependency build` does: Chart.lock pins first, then the highest version matching
// the constraint; dependencies already inside the chart's charts/ folder are left alone.
import { parse } from 'yaml';
import { ChartsError } from './errors.js';
import { chartContentDigest } from './chart-digest.js';
import { helmLoadedFiles } from './helmignore.js';
import type { LockedChart, LockedDependency } from './lockfile.js';
import { highestMatching, parseConstraint, parseVersionLoose, sameVersion } from './semver.js';
import { normalizeRepoUrl, type ChartSource, type Fetched } from './sources.js';
import { unpackChartArchive, type FileTree, type Limits } from './tar.js';

/** A chart ready to be written: its own files and its placed dependencies. */
export interface BuiltChart {
  locked: LockedChart;
  files: FileTree;
  children: { path: string; chart: BuiltChart }[];
}

interface ChartYamlDependency {
  name: string;
  version?: string;
  repository?: string;
  alias?: string;
  condition?: string;
}

interface ChartMeta {
  name: string;
  version: string;
  dependencies: ChartYamlDependency[];
}

interface BuildContext {
  source: ChartSource;
  limits: Limits;
  /** Chartfile repositories by name, for `@name` / `alias:name` dependency repositories. */
  repoByName: Map<string, string>;
  /** Bounds concurrent fetches. */
  limit<T>(fn: () => Promise<T>): Promise<T>;
  /** Called when a fetch starts and after it finished (for progress). */
  onQueued?(label: string): void;
  onFetched?(label: string): void;
}

function readMeta(files: FileTree, where: string): ChartMeta {
  const f = files.get('Chart.yaml');
  if (!f) throw new ChartsError(`${where}: no Chart.yaml at the chart's root`);
  let doc: Record<string, unknown>;
  try {
    doc = parse(f.data.toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ChartsError(`${where}: Chart.yaml is not valid YAML: ${(err as Error).message}`);
  }
  if (!doc || typeof doc.name !== 'string') throw new ChartsError(`${where}: Chart.yaml has no name`);
  if (doc.version === undefined) throw new ChartsError(`${where}: Chart.yaml has no version`);
  const deps = Array.isArray(doc.dependencies) ? (doc.dependencies as ChartYamlDependency[]) : [];
  for (const d of deps) {
    if (!d || typeof d.name !== 'string') throw new ChartsError(`${where}: Chart.yaml has a dependency without a name`);
    if (d.version !== undefined) d.version = String(d.version);
  }
  return { name: doc.name, version: String(doc.version), dependencies: deps };
}

function readChartLock(files: FileTree): { name: string; repository?: string; version: string }[] {
  const f = files.get('Chart.lock') ?? files.get('requirements.lock');
  if (!f) return [];
  try {
    const doc = parse(f.data.toString('utf8')) as { dependencies?: { name: string; repository?: string; version: unknown }[] };
    return (doc?.dependencies ?? []).map((d) => ({ ...d, version: String(d.version) }));
  } catch {
    return [];
  }
}

/** Charts the chart already carries in charts/ (folders or .tgz archives): name and version. */
function bundled(files: FileTree, where: string, limits: Limits): { name: string; version: string; folder: string }[] {
  const out: { name: string; version: string; folder: string }[] = [];
  for (const [path, f] of files) {
    const dirChart = /^charts\/([^/]+)\/Chart\.yaml$/.exec(path);
    if (dirChart) {
      try {
        const m = readMeta(new Map([['Chart.yaml', f]]), `${where}: ${path}`);
        out.push({ name: m.name, version: m.version, folder: dirChart[1]! });
      } catch { /* not a chart: helm would fail on it, not our business */ }
      continue;
    }
    const tgz = /^charts\/([^/]+\.tgz)$/.exec(path);
    if (tgz) {
      const { files: inner } = unpackChartArchive(f.data, `${where}: ${path}`, limits);
      const m = readMeta(inner, `${where}: ${path}`);
      out.push({ name: m.name, version: m.version, folder: tgz[1]! });
    }
  }
  return out;
}

function satisfies(version: string, constraint: string | undefined): boolean {
  if (!constraint) return true;
  const v = parseVersionLoose(version);
  if (!v) return constraint === version;
  try {
    return parseConstraint(constraint)(v);
  } catch {
    return sameVersion(version, constraint);
  }
}

export class Builder {
  private fetches = new Map<string, Promise<Fetched>>();
  constructor(private ctx: BuildContext) {}

  private fetch(repoUrl: string, name: string, version: string, pinned?: LockedChart): Promise<Fetched> {
    const key = `${normalizeRepoUrl(repoUrl)}|${name}|${version}|${pinned?.archiveDigest ?? ''}`;
    let p = this.fetches.get(key);
    if (!p) {
      this.ctx.onQueued?.(`${name}@${version}`);
      p = this.ctx.limit(() => this.ctx.source.fetch(repoUrl, name, version, pinned && { source: pinned.source, archiveDigest: pinned.archiveDigest }));
      p.then(() => this.ctx.onFetched?.(`${name}@${version}`), () => undefined);
      this.fetches.set(key, p);
    }
    return p;
  }

  /**
   * Builds `name@version` from `repoUrl`. With `pinned` (a lock entry) the content must
   * match its digests and the locked dependencies are used; without, they are resolved.
   */
  async build(repoUrl: string, name: string, version: string, pinned?: LockedChart, chain: string[] = []): Promise<BuiltChart> {
    const label = `${name}@${version}`;
    const where = chain.length > 0 ? `${chain.join(' -> ')} -> ${label}` : label;
    if (chain.includes(label)) throw new ChartsError(`dependency cycle: ${where}`);
    const fetched = await this.fetch(repoUrl, name, version, pinned);
    // What Helm loads (its .helmignore applied, Chart.yaml by its metadata): a git tree and
    // the archive `helm package` made of it then have the same digest.
    const files = helmLoadedFiles(fetched.files, `${where} (${fetched.source})`);
    const digest = chartContentDigest(files, `${where} (${fetched.source})`);
    if (pinned && pinned.treeDigest !== digest) {
      const kind = (s: string): string => s.replace(/:.*$/, '');
      const hint = kind(pinned.source) !== kind(fetched.source)
        ? ` (the lock was made from ${pinned.source}; a different kind of source may package the chart differently: re-lock with --update if you trust it)`
        : '';
      throw new ChartsError(`${where} (${fetched.source}): content digest ${digest} differs from the lock (${pinned.treeDigest}); refusing it${hint}`);
    }
    const meta = readMeta(files, `${where} (${fetched.source})`);
    if (meta.name !== name) throw new ChartsError(`${where} (${fetched.source}): Chart.yaml names the chart "${meta.name}", not "${name}"`);
    if (!sameVersion(meta.version, version)) {
      throw new ChartsError(`${where} (${fetched.source}): Chart.yaml says version ${meta.version}, not ${version}`);
    }
    const locked: LockedChart = {
      name, version, repository: repoUrl, source: fetched.source, treeDigest: digest, dependencies: [],
      ...(fetched.archiveDigest ? { archiveDigest: fetched.archiveDigest } : {}),
    };
    const next = [...chain, label];
    const plan = pinned ? pinned.dependencies : await this.plan(meta, files, where);
    const children = await Promise.all(plan.map(async (d) => {
      const chart = await this.build(d.repository, d.name, d.version, pinned ? (d as LockedDependency) : undefined, next);
      const dep: LockedDependency = { ...chart.locked, path: d.path, satisfies: d.satisfies };
      return { path: d.path, chart: { ...chart, locked: dep } };
    }));
    locked.dependencies = children.map((c) => c.chart.locked as LockedDependency);
    return { locked, files, children };
  }

  private repositoryUrl(dep: ChartYamlDependency, where: string): string {
    const repo = (dep.repository ?? '').trim();
    const named = /^(?:@|alias:)(.+)$/.exec(repo);
    if (named) {
      const url = this.ctx.repoByName.get(named[1]!);
      if (!url) throw new ChartsError(`${where}: dependency "${dep.name}" names repository "${repo}", which chartfile.yaml does not define`);
      return url;
    }
    if (repo === '') {
      throw new ChartsError(`${where}: dependency "${dep.name}" has no repository and is not in the chart's charts/ folder`);
    }
    if (repo.startsWith('file://')) {
      throw new ChartsError(`${where}: dependency "${dep.name}" (${repo}) must be packaged inside the chart's charts/ folder; file:// dependencies cannot be fetched`);
    }
    return repo;
  }

  /** Decides which dependencies to fetch, which version, and where to put them. */
  private async plan(meta: ChartMeta, files: FileTree, where: string): Promise<Planned[]> {
    const own = bundled(files, where, this.ctx.limits);
    const chartLock = readChartLock(files);
    const out: Planned[] = [];
    const usedFolders = new Set(own.map((b) => b.folder));
    for (const [path] of files) {
      const m = /^charts\/([^/]+)\//.exec(path);
      if (m) usedFolders.add(m[1]!);
    }
    for (const dep of meta.dependencies) {
      const key = dep.alias ?? dep.name;
      if (own.some((b) => b.name === dep.name && satisfies(b.version, dep.version))) continue;
      const repository = this.repositoryUrl(dep, where);
      const constraint = dep.version ?? '*';
      let version: string | undefined;
      const pin = chartLock.find((l) => l.name === dep.name && normalizeRepoUrl(l.repository ?? '') === normalizeRepoUrl(repository));
      if (pin && satisfies(pin.version, dep.version)) {
        version = pin.version;
      } else {
        const available = await this.ctx.source.versions(repository, dep.name);
        try {
          version = highestMatching(available, constraint);
        } catch (err) {
          throw new ChartsError(`${where}: dependency "${dep.name}": ${(err as Error).message}`);
        }
        if (version === undefined) {
          throw new ChartsError(`${where}: no version of dependency "${dep.name}" in ${repository} matches "${constraint}" (available: ${available.join(', ') || 'none'})`);
        }
      }
      const same = out.find((o) => o.name === dep.name && o.version === version && normalizeRepoUrl(o.repository) === normalizeRepoUrl(repository));
      if (same) {
        if (!same.satisfies.includes(key)) same.satisfies.push(key);
        continue;
      }
      let folder = dep.name;
      if (usedFolders.has(folder)) folder = `${dep.name}-${version}`;
      if (usedFolders.has(folder)) throw new ChartsError(`${where}: cannot place dependency "${dep.name}": charts/${folder} already exists`);
      usedFolders.add(folder);
      out.push({ name: dep.name, version, repository, path: `charts/${folder}`, satisfies: [key] });
    }
    return out;
  }
}

type Planned = Pick<LockedDependency, 'name' | 'version' | 'repository' | 'path' | 'satisfies'>;

// The lock file (chartfile.lock.json, committed; JSON because it is machine-written and parses fast): for every chart and every dependency
// the resolved version, where it came from, and the sha256 digests of its content.
import { readFile } from 'node:fs/promises';
import { ChartsError, errorMessage } from './errors.js';

export interface LockedChart {
  name: string;
  version: string;
  /** Repository URL as the chartfile or the parent's Chart.yaml names it. */
  repository: string;
  /** Where the content came from: the archive URL, oci://…:tag, or mirror://repo/name/version. */
  source: string;
  /** sha256 of the downloaded .tgz (absent when the content came from a mirror folder). */
  archiveDigest?: string;
  /** Digest of the chart's own files (see tree.ts), placed dependencies excluded. */
  treeDigest: string;
  dependencies: LockedDependency[];
}

export interface LockedDependency extends LockedChart {
  /** Folder relative to the parent chart where it is placed, e.g. charts/minio. */
  path: string;
  /** Chart.yaml dependency entries (name or alias) this placement satisfies. */
  satisfies: string[];
}

export interface LockEntry extends LockedChart {
  /** The chartfile's `repo/name`. */
  chart: string;
  directory: string;
}

export interface Lockfile {
  version: 1;
  charts: LockEntry[];
}

const NOTE = 'Written by `npm run vendor` (tools/charts). Do not edit: it pins every vendored chart and ' +
  'dependency by version, source and sha256. Change chartfile.yaml and re-run the vendor step instead.';

export function lockPathFor(chartfilePath: string): string {
  return chartfilePath.replace(/(\.ya?ml)?$/, '.lock.json');
}

export async function readLockfile(path: string): Promise<Lockfile | undefined> {
  let src: string;
  try {
    src = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ChartsError(`cannot read the lock file: ${errorMessage(err, path)}`, { file: path });
  }
  let data: unknown;
  try {
    data = JSON.parse(src);
  } catch (err) {
    throw new ChartsError(`lock file is not valid JSON: ${(err as Error).message}`, { file: path });
  }
  const lock = data as Lockfile | null;
  if (!lock || lock.version !== 1 || !Array.isArray(lock.charts)) {
    throw new ChartsError('lock file must have version: 1 and a charts list', { file: path });
  }
  const check = (c: LockedChart, where: string): void => {
    for (const k of ['name', 'version', 'repository', 'source', 'treeDigest'] as const) {
      if (typeof c[k] !== 'string') throw new ChartsError(`${where}: "${k}" is missing`, { file: path });
    }
    c.dependencies ??= [];
    c.dependencies.forEach((d, i) => {
      if (typeof d.path !== 'string') throw new ChartsError(`${where}.dependencies[${i}]: "path" is missing`, { file: path });
      d.satisfies ??= [d.name];
      check(d, `${where}.dependencies[${i}]`);
    });
  };
  lock.charts.forEach((c, i) => check(c, `charts[${i}] (${c.chart})`));
  return lock;
}

function ordered(c: LockedChart, top?: { chart: string; directory: string }, path?: { path: string; satisfies: string[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (top) { out.chart = top.chart; out.directory = top.directory; }
  out.name = c.name;
  out.version = c.version;
  if (path) { out.path = path.path; out.satisfies = path.satisfies; }
  out.repository = c.repository;
  out.source = c.source;
  if (c.archiveDigest) out.archiveDigest = c.archiveDigest;
  out.treeDigest = c.treeDigest;
  if (c.dependencies.length > 0) out.dependencies = c.dependencies.map((d) => ordered(d, undefined, d));
  return out;
}

export function formatLockfile(lock: Lockfile): string {
  const charts = [...lock.charts].sort((a, b) => (a.directory < b.directory ? -1 : a.directory > b.directory ? 1 : 0));
  return `${JSON.stringify({ '//': NOTE, version: 1, charts: charts.map((c) => ordered(c, c)) }, null, 2)}\n`;
}

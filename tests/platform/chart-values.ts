// Which values a chart wrapper sets have no effect on the chart's output (issue 13, item 9).
//
// A value equal to the chart's default (its values.yaml, or a subchart's) leaves Helm's
// merged values as they are, so it needs no render: such a value is a pin that keeps our
// choice when a chart upgrade changes its default, and is allowed. Every other value must
// change the output. Rendering once without each value costs a helm run per value, so:
//  1. one render with every string and number replaced by a unique marker: a marker found
//     in the output proves that value is used. A render that fails, or shows no marker at
//     all (one marked value, such as a mode, can hide the rest), is split in halves;
//     a single value whose marker makes helm fail is used too.
//  2. every value not proven so (booleans, nulls, empty maps, small numbers such as replica
//     counts, values the chart compares) is removed, one at a time, and the chart rendered
//     again: an output identical to the full render means the value has no effect.
// A value counts as used when it changes the output in one of the environments (a value
// may only matter in local's single-binary shape); a path proven in one environment is not
// tried again in the next.
// Renders run a few at a time and are cached on disk (.cache/tkts/chart-values) by a key over
// the chart's files, helm's arguments and version, and the values.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { JsonValue } from '../../tools/jsonnet/api.js';
import { Engine } from '../../tools/jsonnet/engine.js';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { createImporter, resolvePaths, tankaNatives } from '../../tools/tanka/index.js';
import { chartDigest, helmArgs, helmFlags } from '../../tools/tanka/natives/helm.js';
import { parseSpecFile, staticEnvExtCode } from '../../tools/tanka/spec.js';
import { decodeYamlStream } from '../../tools/tanka/natives/yamldecode.js';
import { marshalV3 } from '../../tools/gocompat/yaml/marshal.js';
import { root } from './load.js';

type Json = JsonValue;
type JsonObject = { [k: string]: Json };

/** One helmTemplate call an environment makes, as the wrapper made it. */
export interface HelmCall {
  release: string;
  chartPath: string;
  values: JsonObject;
  args: string[];
}

/** A value that differs from the chart's default and still changes nothing. */
export interface Finding {
  /** The chart's folder (tempo and tempo-distributed are both release `tempo`). */
  chart: string;
  release: string;
  /** Dotted path into the values (`a.b["c.d"]`). */
  path: string;
  /** The value, per environment that sets it to something other than the default. */
  values: Record<string, Json>;
}

/** The helmTemplate calls an environment's Jsonnet makes (the real natives run; their output is cached). */
export async function recordHelmCalls(env: string): Promise<HelmCall[]> {
  const dir = path.join(root, 'environments', env);
  const paths = resolvePaths(dir);
  const spec = parseSpecFile(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8'), 'spec.json');
  spec.metadata.name = `environments/${env}`;
  spec.metadata.namespace = `environments/${env}/main.jsonnet`;
  const bin = await helmBinary();
  const natives = tankaNatives({ helmBin: () => bin, cacheDir: path.join(root, '.cache', 'tkts', 'helm', 'template') });
  const calls: HelmCall[] = [];
  const helm = natives.helmTemplate;
  natives.helmTemplate = {
    ...helm,
    fn: (name, chart, opts) => {
      const o = opts as JsonObject;
      const chartPath = path.join(path.dirname(o.calledFrom as string), chart as string);
      const flags = helmFlags({
        apiVersions: (o.apiVersions as string[] | undefined) ?? [],
        includeCrds: (o.includeCrds as boolean | undefined) ?? true,
        skipTests: (o.skipTests as boolean | undefined) ?? false,
        kubeVersion: (o.kubeVersion as string | undefined) ?? '',
        noHooks: (o.noHooks as boolean | undefined) ?? false,
        namespace: (o.namespace as string | undefined) ?? '',
      });
      calls.push({ release: name as string, chartPath, values: (o.values ?? {}) as JsonObject, args: helmArgs(name as string, chartPath, flags) });
      return helm.fn(name, chart, opts);
    },
  };
  const engine = new Engine({
    importer: createImporter(paths.root, paths.base),
    extVars: { 'tanka.dev/environment': { kind: 'code', value: staticEnvExtCode(spec) } },
    natives,
  });
  engine.toJson(engine.evaluateFile(paths.entrypoint));
  return calls;
}

// --- leaves of a values tree ---

interface Leaf {
  steps: string[];
  value: Json;
}

/** Scalars, lists (Helm replaces a list whole, so a list is one value) and empty maps (`{}` is merged away). */
function leaves(v: Json, steps: string[] = []): Leaf[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) return [{ steps, value: v }];
  return Object.entries(v).flatMap(([k, x]) => leaves(x, [...steps, k]));
}

export const showPath = (steps: string[]): string =>
  steps.map((s, i) => (/^[A-Za-z_][\w-]*$/.test(s) ? (i ? '.' : '') + s : `[${JSON.stringify(s)}]`)).join('');

/** A copy of the values with the leaf at `steps` replaced (or removed when `to` is undefined). */
function withLeaf(v: Json, steps: string[], to: Json | undefined): Json {
  const [s, ...rest] = steps;
  const copy = { ...(v as JsonObject) };
  if (rest.length === 0 && to === undefined) delete copy[s];
  else copy[s] = rest.length === 0 ? (to as Json) : withLeaf(copy[s], rest, to);
  return copy;
}

// --- helm renders, a few at a time, cached ---

/** What the findings need from a render: did helm succeed, a digest of its output, which markers it shows. */
interface Render {
  ok: boolean;
  digest: string;
  found: string[];
}

const cacheDir = path.join(root, '.cache', 'tkts', 'chart-values');
const memo = new Map<string, Promise<Render>>();
let running = 0;
const waiting: (() => void)[] = [];
const limit = Math.max(2, availableParallelism());

async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= limit) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** helm processes run by this process (renders not found in the cache). */
export let helmRuns = 0;

let helmId: { bin: string; version: string } | undefined;
async function helm(): Promise<{ bin: string; version: string }> {
  if (!helmId) {
    const bin = await helmBinary();
    const r = spawnSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
    helmId = { bin, version: r.stdout.trim() };
  }
  return helmId;
}

/** The output's text plus the decoded base64 values (Secret data), where a marker may hide. */
function searchable(out: string): string {
  const decoded: string[] = [];
  for (const m of out.matchAll(/^\s+[\w.-]+: "?([A-Za-z0-9+/]{8,}={0,2})"?$/gm)) {
    if (m[1].length % 4 === 0) decoded.push(Buffer.from(m[1], 'base64').toString('latin1'));
  }
  return out + '\n' + decoded.join('\n');
}

function render(call: HelmCall, values: Json, markers: string[]): Promise<Render> {
  const key = createHash('sha256')
    .update(JSON.stringify([chartDigest(call.chartPath), call.args, values, markers]))
    .digest('hex');
  let p = memo.get(key);
  if (!p) {
    p = (async () => {
      const { bin, version } = await helm();
      const file = path.join(cacheDir, version, `${key}.json`);
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as Render;
      } catch {
        /* not rendered yet */
      }
      const { code, stdout } = await slot(() => runHelm(bin, call.args, marshalV3(values)));
      helmRuns++;
      const text = code === 0 ? searchable(stdout) : '';
      const r: Render = {
        ok: code === 0,
        digest: createHash('sha256').update(code === 0 ? stdout : '').digest('hex'),
        found: markers.filter((m) => text.includes(m)),
      };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(r));
      fs.renameSync(`${file}.${process.pid}.tmp`, file);
      return r;
    })();
    memo.set(key, p);
  }
  return p;
}

function runHelm(bin: string, args: string[], input: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(chunks).toString('utf8') }));
    child.stdin.end(input);
  });
}

// --- the chart's own defaults ---

const chartDefaults = new Map<string, { values: Json; subcharts: Map<string, string> }>();

/** A chart's values.yaml and its subcharts' folders by the key their values live under (alias or name). */
function chartInfo(chartPath: string): { values: Json; subcharts: Map<string, string> } {
  let info = chartDefaults.get(chartPath);
  if (!info) {
    const read = (f: string): Json => (fs.existsSync(f) ? (decodeYamlStream(fs.readFileSync(f, 'utf8'))[0] ?? {}) : {});
    const chart = read(path.join(chartPath, 'Chart.yaml')) as JsonObject;
    const subcharts = new Map<string, string>();
    for (const d of (chart.dependencies ?? []) as JsonObject[]) {
      const dir = path.join(chartPath, 'charts', d.name as string);
      if (fs.existsSync(dir)) subcharts.set((d.alias ?? d.name) as string, dir);
    }
    info = { values: read(path.join(chartPath, 'values.yaml')), subcharts };
    chartDefaults.set(chartPath, info);
  }
  return info;
}

const MISSING = Symbol('missing');

/** The chart's default at `steps`: its values.yaml, else the subchart's (Helm lets the parent's win). */
function defaultAt(chartPath: string, steps: string[]): Json | typeof MISSING {
  const { values, subcharts } = chartInfo(chartPath);
  let v: Json | typeof MISSING = values;
  for (const s of steps) v = v !== MISSING && v !== null && typeof v === 'object' && s in v ? (v as JsonObject)[s] : MISSING;
  if (v !== MISSING) return v;
  const sub = subcharts.get(steps[0]);
  return sub && steps.length > 1 ? defaultAt(sub, steps.slice(1)) : MISSING;
}

/** Setting the value leaves Helm's merged values as they were: it equals the default, or nulls a key that has none. */
function restatesDefault(call: HelmCall, leaf: Leaf): boolean {
  const d = defaultAt(call.chartPath, leaf.steps);
  if (d === MISSING) return leaf.value === null;
  return JSON.stringify(d) === JSON.stringify(leaf.value);
}

// --- the search ---

/** A leaf with every string and number in it replaced by a unique marker, and the markers. */
interface Marked {
  leaf: Leaf;
  value: Json;
  marks: string[];
}

/**
 * Markers: strings become a token, numbers a seven-digit number no chart prints by chance.
 * Booleans, nulls and empty maps have none.
 */
function markAll(todo: Leaf[]): Marked[] {
  let n = 0;
  const mark = (v: Json, marks: string[]): Json => {
    if (typeof v === 'string') {
      marks.push(`mkv${String(n++).padStart(4, '0')}q`);
      return marks[marks.length - 1];
    }
    // Small numbers are compared more often than printed (replicas > 1): removal tries them.
    if (typeof v === 'number' && Math.abs(v) > 10) {
      marks.push(String(7_301_000 + n++));
      return Number(marks[marks.length - 1]);
    }
    if (Array.isArray(v)) return v.map((x) => mark(x, marks));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x, marks)]));
    return v;
  };
  return todo
    .map((leaf) => {
      const marks: string[] = [];
      return { leaf, value: mark(leaf.value, marks), marks };
    })
    .filter((m) => m.marks.length > 0);
}

/** The leaves whose markers show in the output (or whose markers alone make helm fail). */
async function provenByMarkers(call: HelmCall, candidates: Marked[]): Promise<Set<Leaf>> {
  const proven = new Set<Leaf>();
  const search = async (part: Marked[]): Promise<void> => {
    if (part.length === 0) return;
    let values: Json = call.values;
    for (const m of part) values = withLeaf(values, m.leaf.steps, m.value);
    const r = await render(call, values, part.flatMap((m) => m.marks));
    if (r.ok) for (const m of part) if (m.marks.some((x) => r.found.includes(x))) proven.add(m.leaf);
    if (!r.ok && part.length === 1) proven.add(part[0].leaf);
    else if ((!r.ok || r.found.length === 0) && part.length > 1) {
      const half = Math.ceil(part.length / 2);
      await Promise.all([search(part.slice(0, half)), search(part.slice(half))]);
    }
  };
  await search(candidates);
  return proven;
}

/** The paths of the call's values that change its chart's output (those in `skip` are not tried again). */
async function effectivePaths(call: HelmCall, skip: Set<string>): Promise<Set<string>> {
  const used = new Set<string>();
  const todo = leaves(call.values).filter((l) => !skip.has(showPath(l.steps)) && !restatesDefault(call, l));
  if (todo.length === 0) return used;
  const full = await render(call, call.values, []);
  if (!full.ok) throw new Error(`helm template ${call.release} ${call.chartPath} fails with the wrapper's values`);
  for (const l of await provenByMarkers(call, markAll(todo))) used.add(showPath(l.steps));
  await Promise.all(
    todo
      .filter((l) => !used.has(showPath(l.steps)))
      .map(async (leaf) => {
        const without = await render(call, withLeaf(call.values, leaf.steps, undefined), []);
        if (!without.ok || without.digest !== full.digest) used.add(showPath(leaf.steps));
      }),
  );
  return used;
}

/**
 * The values the wrappers set, other than chart defaults, that change nothing in any of the
 * environments given. Calls are grouped by release and chart.
 */
export async function valuesWithoutEffect(callsByEnv: Record<string, HelmCall[]>): Promise<Finding[]> {
  const groups = new Map<string, { env: string; call: HelmCall }[]>();
  for (const [env, calls] of Object.entries(callsByEnv)) {
    for (const call of calls) {
      const key = `${call.release} ${call.chartPath}`;
      groups.set(key, [...(groups.get(key) ?? []), { env, call }]);
    }
  }
  const perGroup = await Promise.all(
    [...groups.values()].map(async (members) => {
      const used = new Set<string>();
      for (const { call } of members) for (const p of await effectivePaths(call, used)) used.add(p);
      const findings = new Map<string, Finding>();
      for (const { env, call } of members) {
        for (const leaf of leaves(call.values)) {
          const p = showPath(leaf.steps);
          if (used.has(p) || restatesDefault(call, leaf)) continue;
          const f = findings.get(p) ?? { chart: path.basename(call.chartPath), release: call.release, path: p, values: {} };
          f.values[env] = leaf.value;
          findings.set(p, f);
        }
      }
      return [...findings.values()];
    }),
  );
  return perGroup.flat();
}

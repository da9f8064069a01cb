// Kept evaluation results (tools/tanka/result-cache.ts, what a warm `tkts validate` reuses): an
// environment is evaluated again when anything it read changed (an imported file, a file that would now
// win the import search, spec.json, a chart it rendered), and never kept when asked not to.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { evaluateEnvironment, type EnvironmentJob, type EnvironmentResult } from '../../tools/tanka/job.js';
import { runEnvironmentJobs } from '../../tools/tanka/pool.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tkts-result-cache-'));
const root = path.join(tmp, 'project');
const cacheDir = path.join(tmp, 'cache');
const envDir = path.join(root, 'environments', 'a');
let previousHelm: string | undefined;

function write(rel: string, content: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const spec = (namespace: string) =>
  JSON.stringify({ apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name: 'environments/a' }, spec: { namespace } });

beforeAll(async () => {
  previousHelm = process.env.TANKA_HELM_PATH;
  process.env.TANKA_HELM_PATH = await helmBinary();
  write('jsonnetfile.json', '{}');
  write('environments/a/spec.json', spec('one'));
  write('lib/settings.libsonnet', "{ data: { colour: 'blue' } }");
  write(
    'environments/a/main.jsonnet',
    `local tanka = import 'github.com/grafana/jsonnet-libs/tanka-util/main.libsonnet';
local settings = import 'settings.libsonnet';
{
  config: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: settings.data },
  chart: std.native('helmTemplate')('demo', '../../charts/demo', { calledFrom: std.thisFile, namespace: 'one' }),
}
`,
  );
  // The import above is not needed: a missing vendor file is one more path the search looked at.
  write('environments/a/main.jsonnet', fs.readFileSync(path.join(envDir, 'main.jsonnet'), 'utf8').replace(/^local tanka.*\n/, ''));
  write('charts/demo/Chart.yaml', 'apiVersion: v2\nname: demo\nversion: 1.0.0\n');
  write('charts/demo/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-chart\ndata:\n  size: small\n');
});

afterAll(() => {
  if (previousHelm === undefined) delete process.env.TANKA_HELM_PATH;
  else process.env.TANKA_HELM_PATH = previousHelm;
  fs.rmSync(tmp, { recursive: true, force: true });
});

const job = (extra: Partial<EnvironmentJob> = {}): EnvironmentJob => ({ path: envDir, reuseEvaluation: true, options: { cacheDir }, ...extra });

async function evaluate(extra: Partial<EnvironmentJob> = {}): Promise<Extract<EnvironmentResult, { ok: true }>> {
  const r = await evaluateEnvironment(job(extra));
  if (!r.ok) throw new Error(r.error);
  return r;
}

const byName = (r: Extract<EnvironmentResult, { ok: true }>) => Object.fromEntries(r.manifests.map((m) => [(m.metadata as { name: string }).name, m.data]));
const entries = () => (fs.existsSync(path.join(cacheDir, 'evaluations')) ? fs.readdirSync(path.join(cacheDir, 'evaluations')) : []);

/** Marks the kept result, so a reused one is told apart from a new evaluation. */
function markKept(): void {
  const [name] = entries();
  const file = path.join(cacheDir, 'evaluations', name!);
  // The first line says what the result was made from; the result follows.
  const [inputs, result] = fs.readFileSync(file, 'utf8').split('\n');
  const kept = JSON.parse(result!);
  kept.manifests.find((m: { metadata: { name: string } }) => m.metadata.name === 'settings').data.kept = 'yes';
  fs.writeFileSync(file, `${inputs}\n${JSON.stringify(kept)}`);
}

describe('kept evaluation results', () => {
  it('keeps the first result and reuses it while nothing changed, with the sources of each object', async () => {
    const first = await evaluate();
    expect(byName(first)).toEqual({ settings: { colour: 'blue' }, 'from-chart': { size: 'small' } });
    expect(entries()).toHaveLength(1);
    markKept();
    const again = await evaluate();
    expect(byName(again).settings).toEqual({ colour: 'blue', kept: 'yes' });
    expect(again.env.spec.namespace).toBe('one');
    expect(again.sources).toEqual(first.sources);
  });

  it('evaluates again when an imported file changed', async () => {
    write('lib/settings.libsonnet', "{ data: { colour: 'green' } }");
    expect(byName(await evaluate()).settings).toEqual({ colour: 'green' });
    markKept();
    expect(byName(await evaluate()).settings).toEqual({ colour: 'green', kept: 'yes' });
  });

  it('evaluates again when a new file wins the import search', async () => {
    write('environments/a/settings.libsonnet', "{ data: { colour: 'red' } }");
    expect(byName(await evaluate()).settings).toEqual({ colour: 'red' });
    fs.rmSync(path.join(envDir, 'settings.libsonnet'));
    expect(byName(await evaluate()).settings).toEqual({ colour: 'green' });
  });

  it('evaluates again when spec.json changed', async () => {
    markKept();
    write('environments/a/spec.json', spec('two'));
    const r = await evaluate();
    expect(r.env.spec.namespace).toBe('two');
    expect(byName(r).settings).toEqual({ colour: 'green' });
  });

  it('evaluates again when a rendered chart changed', async () => {
    markKept();
    write('charts/demo/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-chart\ndata:\n  size: large\n');
    const r = await evaluate();
    expect(byName(r)).toEqual({ settings: { colour: 'green' }, 'from-chart': { size: 'large' } });
  });

  it('the worker pool reads kept results on its own thread, and evaluates the rest', async () => {
    markKept();
    const [kept, fresh] = await runEnvironmentJobs([job(), job({ reuseEvaluation: false })], 2);
    expect(kept!.ok && byName(kept as Extract<EnvironmentResult, { ok: true }>).settings).toEqual({ colour: 'green', kept: 'yes' });
    expect(fresh!.ok && byName(fresh as Extract<EnvironmentResult, { ok: true }>).settings).toEqual({ colour: 'green' });
  });

  it('keeps nothing without reuseEvaluation or with noCache', async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await evaluate({ reuseEvaluation: false });
    await evaluate({ options: { cacheDir, noCache: true } });
    expect(entries()).toEqual([]);
  });
});

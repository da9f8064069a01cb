// Metrics-to-traces correlation end to end (issue 13, items 5 and 6), on the
// rendered environments: exemplars survive every hop (Prometheus stores and
// remote-writes them, Tempo's metrics generator sends them, Mimir keeps them,
// Grafana links their trace id label to Tempo), and Tempo serves the
// streaming search Grafana's Tempo datasource uses.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { find, manifests, type Obj } from '../platform/load.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];

/** The parsed YAML file `key` of the first ConfigMap in `ns` that has it. */
function configFile(ms: Obj[], key: string, ns = 'mop'): Obj {
  const cm = ms.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === ns && typeof o.data?.[key] === 'string');
  expect(cm, `a ConfigMap with ${key}`).toBeDefined();
  return YAML.parse(cm!.data[key]);
}

const tempoConfig = (ms: Obj[]) => configFile(ms, 'tempo.yaml');
const datasources = (ms: Obj[]) => YAML.parse(find(ms, 'ConfigMap', 'mop', 'grafana')!.data['datasources.yaml']).datasources as Obj[];

describe.each(ENVS)('environments/%s', (env) => {
  it('keeps exemplars from Prometheus and Tempo through Mimir to a Grafana link to Tempo', async () => {
    const ms = await manifests(env);
    const prom = ms.find((o) => o.kind === 'Prometheus')!;
    expect(prom.spec.enableFeatures).toContain('exemplar-storage');
    const toMimir = prom.spec.remoteWrite.filter((r: Obj) => r.url.includes('mimir'));
    expect(toMimir.length).toBeGreaterThan(0);
    for (const r of toMimir) expect(r.sendExemplars, r.url).toBe(true);

    const generator = tempoConfig(ms).metrics_generator.storage.remote_write as Obj[];
    expect(generator.length).toBeGreaterThan(0);
    for (const r of generator) expect(r.send_exemplars, r.url).toBe(true);

    // Mimir's default (0) drops every exemplar it receives.
    const mimir = configFile(ms, 'mimir.yaml');
    expect(mimir.limits.max_global_exemplars_per_user).toBeGreaterThan(0);

    const ds = datasources(ms);
    const tempo = ds.find((d) => d.type === 'tempo')!;
    const mimirDs = ds.find((d) => d.uid === 'mimir')!;
    const destinations = mimirDs.jsonData.exemplarTraceIdDestinations as Obj[];
    // Tempo's span metrics label the exemplar `traceID` (its default trace id label).
    expect(destinations.find((d) => d.name === 'traceID')?.datasourceUid).toBe(tempo.uid);
    for (const d of destinations) expect(ds.some((x) => x.uid === d.datasourceUid), d.name).toBe(true);
  });

  it("serves streaming search over HTTP exactly when Grafana's Tempo datasource streams", async () => {
    const ms = await manifests(env);
    const tempo = datasources(ms).find((d) => d.type === 'tempo')!;
    const streams = Object.values(tempo.jsonData.streamingEnabled ?? {}).some(Boolean);
    expect(streams).toBe(true);
    expect(tempoConfig(ms).stream_over_http_enabled).toBe(streams);
  });
});

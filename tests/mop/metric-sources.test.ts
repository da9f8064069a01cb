// Every metric a dashboard panel or an alert/recording rule queries is
// produced by something that is scraped (issue 13, item 8): a ServiceMonitor
// or PodMonitor of the environment that selects an existing Service (or pods)
// and port, Prometheus itself (rule outputs, ALERTS), or Tempo's metrics
// generator (remote write). For producers whose metric names are known
// (KEDA's, from its documentation), a name the producer does not export fails.
import { describe, expect, it } from 'vitest';
import { find, manifests, selects, type Obj } from '../platform/load.js';

// Names KEDA >= 2.14 exports (keda.sh, "Integrate with Prometheus"); keda_scaler_errors_total is gone.
const KEDA_METRICS = new Set([
  'keda_build_info', 'keda_scaler_active', 'keda_scaled_object_paused', 'keda_scaler_metrics_value',
  'keda_scaler_metrics_latency_seconds', 'keda_scaler_detail_errors_total', 'keda_scaled_object_errors_total',
  'keda_scaled_job_errors_total', 'keda_resource_registered_total', 'keda_trigger_registered_total',
  'keda_resource_handled_total', 'keda_trigger_handled_total', 'keda_internal_scale_loop_latency_seconds',
]);

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names a PromQL expression selects (functions, keywords, labels, strings and comments left out). */
export function metricNames(expr: string): string[] {
  const e = expr
    .replace(/#[^\n]*/g, '')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, '');
  return [...e.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .filter((m) => !KEYWORDS.has(m[0].toLowerCase()) && !/^\s*\(/.test(e.slice(m.index! + m[0].length)))
    .filter((m) => !/[0-9.]$/.test(e.slice(0, m.index!)) || !/^e\d*$/i.test(m[0])) // 1e3
    .map((m) => m[0]);
}

/** Every PromQL expression of the dashboards and of every PrometheusRule (with where it is). */
function queries(ms: Obj[]): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  // The upstream mixins' rules and dashboards (lib/mop/mixins.libsonnet) are not checked here yet:
  // tests/mop/mixins.test.ts proves their selectors against the ServiceMonitors instead.
  const upstream = (o: Obj) => o.metadata.labels?.['mop.platform/mixin'] !== undefined || /^mixin-/.test(o.metadata.name);
  for (const r of ms.filter((o) => o.kind === 'PrometheusRule' && !upstream(o))) {
    for (const g of r.spec.groups) for (const x of g.rules) out.push({ where: `PrometheusRule ${r.metadata.name} ${x.alert ?? x.record}`, expr: x.expr });
  }
  for (const cm of ms.filter((m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard && !upstream(m))) {
    const d = JSON.parse(Object.values(cm.data)[0] as string);
    for (const p of d.panels as Obj[]) {
      for (const t of p.targets ?? []) if (t.datasource?.type === 'prometheus') out.push({ where: `dashboard ${d.uid} "${p.title}"`, expr: t.expr });
    }
  }
  return out;
}

/**
 * The monitor `name` exists and scrapes something: a Service (PodMonitor: a pod template) it selects,
 * with the endpoint's port, in its namespaces; or a Service the cluster provides (default, kube-system).
 */
function scraped(ms: Obj[], name: string): boolean {
  const mon = ms.find((o) => (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') && o.metadata.name === name);
  if (!mon) return false;
  const namespaces: string[] = mon.spec.namespaceSelector?.matchNames ?? [mon.metadata.namespace];
  if (namespaces.every((n) => n === 'default' || n === 'kube-system')) return true;
  if (mon.kind === 'PodMonitor') {
    const ports = mon.spec.podMetricsEndpoints.map((e: Obj) => e.port);
    return ms.some((o) => namespaces.includes(o.metadata.namespace) && o.spec?.template?.spec &&
      selects(mon.spec.selector.matchLabels, o.spec.template.metadata.labels) &&
      o.spec.template.spec.containers.some((c: Obj) => (c.ports ?? []).some((p: Obj) => ports.includes(p.name))));
  }
  const ports = mon.spec.endpoints.map((e: Obj) => e.port);
  return ms.some((o) => o.kind === 'Service' && namespaces.includes(o.metadata.namespace) &&
    selects(mon.spec.selector.matchLabels, o.metadata.labels) && o.spec.ports.some((p: Obj) => ports.includes(p.name)));
}

const monitorsOf = (ms: Obj[], test: (o: Obj) => boolean) =>
  ms.filter((o) => (o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor') && test(o)).map((o) => o.metadata.name as string);
const named = (re: RegExp) => (ms: Obj[]) => monitorsOf(ms, (o) => re.test(o.metadata.name));

/** Producers by metric name prefix, most specific first: the monitors that scrape them. */
const PRODUCERS: [RegExp, (ms: Obj[]) => string[]][] = [
  [/^(loki_write_|otelcol_|alloy_)/, named(/^alloy$/)],
  [/^loki_/, named(/^loki$/)],
  [/^tempo_/, named(/^tempo/)],
  [/^cortex_/, named(/^mimir-/)],
  [/^kafka_/, named(/^kafka/)],
  [/^kube_/, named(/kube-state-metrics$/)],
  [/^(container_|kubelet_|machine_|storage_operation_|csi_|volume_manager_)/, named(/-kubelet$/)],
  [/^node_/, named(/node-exporter$/)],
  [/^prometheus_operator_/, named(/-operator$/)],
  [/^prometheus_/, named(/^kps-prometheus$/)],
  [/^alertmanager_/, named(/^kps-alertmanager$/)],
  [/^reloader_/, named(/^kps-(prometheus|alertmanager)$/)],
  [/^(apiserver_|aggregator_|kubernetes_build_info$|rest_client_|workqueue_|etcd_)/, named(/-apiserver$/)],
  [/^coredns_/, named(/-coredns$/)],
  [/^keda_/, named(/^keda-operator$/)],
  [/^redis_/, named(/^redis$/)],
  [/^grafana_/, named(/^grafana$/)],
  [/^minio_/, named(/^minio$/)],
  [/^http_/, named(/^raibid-server$/)],
  // every target: Prometheus' own series per target, and the Go/process collectors every component has
  [/^(up|scrape_\w+|process_\w+|go_\w+)$/, (ms) => monitorsOf(ms, () => true)],
];

/** Components only some environments run: their metrics are checked where they run. */
const OPTIONAL: [RegExp, (ms: Obj[]) => boolean][] = [
  [/^kafka_|^tempo_ingest_/, (ms) => ms.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'kafka')],
  [/^minio_/, (ms) => ms.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'minio')],
];

/** Why a metric is not produced here, or undefined when something scraped produces it. */
function unproduced(ms: Obj[], metric: string, recorded: Set<string>): string | undefined {
  if (recorded.has(metric) || metric === 'ALERTS' || metric === 'ALERTS_FOR_STATE') return undefined;
  if (/^traces_(spanmetrics|service_graph)_/.test(metric)) {
    // written to Mimir by Tempo's metrics generator with the matching processor
    const tempo = ms.filter((o) => o.kind === 'ConfigMap' && /tempo\.yaml/.test(Object.keys(o.data ?? {}).join()));
    const text = tempo.map((o) => o.data['tempo.yaml']).join();
    return text.includes(metric.startsWith('traces_spanmetrics') ? 'span-metrics' : 'service-graphs') ? undefined : 'no Tempo metrics generator processor';
  }
  const optional = OPTIONAL.find(([re]) => re.test(metric));
  if (optional && !optional[1](ms)) return undefined;
  if (metric.startsWith('keda_') && !KEDA_METRICS.has(metric)) return 'KEDA does not export it';
  const producer = PRODUCERS.find(([re]) => re.test(metric));
  if (!producer) return 'no known producer';
  const monitors = producer[1](ms);
  if (!monitors.length) return 'no monitor for its producer';
  return monitors.some((m) => scraped(ms, m)) ? undefined : `monitors ${monitors.join(', ')} scrape nothing`;
}

function problems(ms: Obj[]): string[] {
  const recorded = new Set(ms.filter((o) => o.kind === 'PrometheusRule').flatMap((r) => r.spec.groups.flatMap((g: Obj) => g.rules.map((x: Obj) => x.record).filter(Boolean))));
  const out = new Set<string>();
  for (const { where, expr } of queries(ms)) {
    for (const metric of metricNames(expr)) {
      const why = unproduced(ms, metric, recorded);
      if (why) out.add(`${where}: ${metric}: ${why}`);
    }
  }
  return [...out];
}

describe.each(['local', 'dev', 'staging', 'production'])('environments/%s', (env) => {
  it('every metric a panel or rule queries is produced by something scraped', async () => {
    const ms = await manifests(env);
    // (kube-prometheus-stack copies of the mixin rules are off: the mixins are checked in mixins.test.ts)
    expect(queries(ms).length).toBeGreaterThan(100);
    expect(problems(ms)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('finds metric names in PromQL and nothing else', () => {
    expect(metricNames('sum by (namespace, scaledObject) (rate(keda_scaler_detail_errors_total{namespace="raibid"}[5m])) > 0')).toEqual(['keda_scaler_detail_errors_total']);
    expect(metricNames('histogram_quantile(0.95, sum(rate(a_bucket{le!="x"}[5m])) by (le)) / on (instance) group_left b or vector(0)')).toEqual(['a_bucket', 'b']);
    expect(metricNames('# a comment (with words)\nup{job="x"} == 0 and absent(c) > 1e3')).toEqual(['up', 'c']);
  });

  it('reports a metric KEDA does not export, an unscraped producer and an unknown family', async () => {
    const ms = await manifests('dev');
    const recorded = new Set<string>();
    expect(unproduced(ms, 'keda_scaler_errors_total', recorded)).toBe('KEDA does not export it');
    expect(unproduced(ms, 'keda_scaler_detail_errors_total', recorded)).toBeUndefined();
    const withoutKeda = ms.filter((o) => !(o.kind === 'ServiceMonitor' && o.metadata.name === 'keda-operator'));
    expect(unproduced(withoutKeda, 'keda_scaler_active', recorded)).toBe('no monitor for its producer');
    expect(unproduced(ms, 'frobnicator_total', recorded)).toBe('no known producer');
    expect(find(ms, 'ServiceMonitor', 'mop', 'minio'), 'MinIO is scraped').toBeDefined();
  });
});

// mop/grafana/datasources.libsonnet: Grafana datasources with correlations,
// as provisioning data. Fixed uids so the cross-references hold.
//
// In provisioning files Grafana expands $VAR and ${VAR}, so a literal `$`
// (Grafana's own template variables) is written `$$`.
{
  uids:: { loki: 'loki', tempo: 'tempo', mimir: 'mimir', prometheus: 'prometheus', alertmanager: 'alertmanager' },

  // `urls`: { loki, tempo, mimir, prometheus (or null), alertmanager } in-cluster base URLs.
  new(urls):: {
    local uids = $.uids,
    apiVersion: 1,
    deleteDatasources: [],
    datasources: [
      {
        name: 'Mimir',
        type: 'prometheus',
        uid: uids.mimir,
        access: 'proxy',
        url: urls.mimir,
        isDefault: true,
        editable: false,
        jsonData: {
          prometheusType: 'Mimir',
          httpMethod: 'POST',
          timeInterval: '15s',
          // Exemplars carry the trace id: link them to Tempo. Tempo's span
          // metrics label it `traceID`, OpenTelemetry SDKs `trace_id`.
          exemplarTraceIdDestinations: [
            { name: 'traceID', datasourceUid: uids.tempo, urlDisplayLabel: 'View trace' },
            { name: 'trace_id', datasourceUid: uids.tempo, urlDisplayLabel: 'View trace' },
          ],
        },
      },
      {
        name: 'Loki',
        type: 'loki',
        uid: uids.loki,
        access: 'proxy',
        url: urls.loki,
        editable: false,
        jsonData: {
          maxLines: 1000,
          derivedFields: [
            // trace ids in log lines (logfmt / text)
            {
              name: 'TraceID',
              matcherRegex: '(?:trace_id|traceID|traceId)[=:]"?(\\w+)',
              url: '$${__value.raw}',
              datasourceUid: uids.tempo,
              urlDisplayLabel: 'View trace',
            },
            // trace ids in OTLP structured metadata
            {
              name: 'trace_id',
              matcherType: 'label',
              matcherRegex: 'trace_id',
              url: '$${__value.raw}',
              datasourceUid: uids.tempo,
              urlDisplayLabel: 'View trace',
            },
          ],
        },
      },
      {
        name: 'Tempo',
        type: 'tempo',
        uid: uids.tempo,
        access: 'proxy',
        url: urls.tempo,
        editable: false,
        jsonData: {
          tracesToLogsV2: {
            datasourceUid: uids.loki,
            spanStartTimeShift: '-1h',
            spanEndTimeShift: '1h',
            tags: [{ key: 'service.name', value: 'service_name' }, { key: 'k8s.namespace.name', value: 'namespace' }],
            filterByTraceID: true,
            filterBySpanID: false,
          },
          tracesToMetrics: {
            datasourceUid: uids.mimir,
            spanStartTimeShift: '-1h',
            spanEndTimeShift: '1h',
            tags: [{ key: 'service.name', value: 'service' }],
            queries: [
              { name: 'Request rate', query: 'sum(rate(traces_spanmetrics_calls_total{$$__tags}[5m]))' },
              { name: 'Error rate', query: 'sum(rate(traces_spanmetrics_calls_total{$$__tags, status_code="STATUS_CODE_ERROR"}[5m]))' },
              { name: 'p95 latency', query: 'histogram_quantile(0.95, sum(rate(traces_spanmetrics_latency_bucket{$$__tags}[5m])) by (le))' },
            ],
          },
          serviceMap: { datasourceUid: uids.mimir },
          nodeGraph: { enabled: true },
          search: { hide: false },
          traceQuery: { timeShiftEnabled: true, spanStartTimeShift: '-1h', spanEndTimeShift: '1h' },
          streamingEnabled: { search: true },
        },
      },
      // The platform's Alertmanager (mop/alerting.libsonnet): firing alerts and silences in Grafana.
      {
        name: 'Alertmanager',
        type: 'alertmanager',
        uid: uids.alertmanager,
        access: 'proxy',
        url: urls.alertmanager,
        editable: false,
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      },
    ] + (
      if urls.prometheus != null then [{
        name: 'Prometheus',
        type: 'prometheus',
        uid: uids.prometheus,
        access: 'proxy',
        url: urls.prometheus,
        editable: false,
        jsonData: { prometheusType: 'Prometheus', httpMethod: 'POST', timeInterval: '30s' },
      }] else []
    ),
  },
}

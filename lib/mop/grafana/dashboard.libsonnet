// mop/grafana/dashboard.libsonnet: a small dashboard builder of our own.
//
//   local d = import 'dashboard.libsonnet';
//   d.new('Title', 'uid', ['tag'])
//   + d.withVariables([d.variable.namespace(), d.variable.pod()])
//   + d.withPanels([d.row('Row'), d.timeSeries('CPU', [d.prom('sum(rate(x[5m]))')])])
//
// Panels get ids and grid positions from their order: they fill 24-column
// lines left to right; a row always starts a new line. Datasources are
// referenced by the fixed uids from datasources.libsonnet.
local uids = (import 'datasources.libsonnet').uids;

{
  // Datasource reference by our name (mimir, loki, tempo, prometheus).
  datasource(name):: {
    type: { mimir: 'prometheus', prometheus: 'prometheus', loki: 'loki', tempo: 'tempo' }[name],
    uid: uids[name],
  },

  // Query targets.
  prom(expr, legend='__auto', instant=false):: {
    datasource: $.datasource('mimir'),
    expr: expr,
    legendFormat: legend,
    range: !instant,
    instant: instant,
  },
  // Exemplars (trace ids) on a Prometheus target; Mimir's datasource links them to Tempo.
  withExemplars:: { exemplar: true },
  loki(expr, legend=''):: {
    datasource: $.datasource('loki'),
    expr: expr,
    [if legend != '' then 'legendFormat']: legend,
    queryType: 'range',
  },
  traceql(query, limit=20):: {
    datasource: $.datasource('tempo'),
    queryType: 'traceql',
    query: query,
    limit: limit,
    tableType: 'traces',
  },

  new(title, uid, tags=[]):: {
    assert std.length(uid) <= 40 : 'dashboard %s: uid longer than 40 characters' % uid,
    local dashboard = self,
    panels_:: [],
    variables_:: [],
    title: title,
    uid: uid,
    tags: tags,
    editable: false,
    graphTooltip: 1,
    refresh: '1m',
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    templating: { list: dashboard.variables_ },
    panels: $.layout(dashboard.panels_),
  },
  withPanels(panels):: { panels_+:: panels },
  withVariables(variables):: { variables_+:: variables },

  // Assigns ids (1..n) and gridPos. Each panel carries its size in the
  // hidden `size_` field; rows span the full width.
  layout(panels)::
    local step(state, p) =
      local w = p.size_.w;
      local h = p.size_.h;
      local newLine = p.type == 'row' || state.x + w > 24;
      local x = if newLine then 0 else state.x;
      local y = if newLine then state.y + state.lineH else state.y;
      {
        x: x + w,
        y: y,
        lineH: if newLine then h else std.max(state.lineH, h),
        out: state.out + [p { id: std.length(state.out) + 1, gridPos: { x: x, y: y, w: w, h: h } }],
      };
    std.foldl(step, panels, { x: 0, y: 0, lineH: 0, out: [] }).out,

  row(title):: {
    size_:: { w: 24, h: 1 },
    type: 'row',
    title: title,
    collapsed: false,
    panels: [],
  },

  panel(type, title, targets, datasource, w, h):: {
    size_:: { w: w, h: h },
    type: type,
    title: title,
    datasource: $.datasource(datasource),
    targets: [targets[i] { refId: std.char(std.codepoint('A') + i) } for i in std.range(0, std.length(targets) - 1)],
  },

  timeSeries(title, targets, unit='short', w=12, h=8, stack=false, datasource='mimir'):: $.panel('timeseries', title, targets, datasource, w, h) {
    fieldConfig: {
      defaults: {
        unit: unit,
        custom: { lineWidth: 1, fillOpacity: if stack then 30 else 10, stacking: { mode: if stack then 'normal' else 'none' } },
      },
      overrides: [],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi', sort: 'desc' } },
  },

  // Single value; `thresholds` is a list of [value, color] above the green base.
  stat(title, targets, unit='short', w=6, h=4, thresholds=[]):: $.panel('stat', title, targets, 'mimir', w, h) {
    fieldConfig: {
      defaults: {
        unit: unit,
        thresholds: {
          mode: 'absolute',
          steps: [{ color: 'green', value: null }] + [{ value: t[0], color: t[1] } for t in thresholds],
        },
      },
      overrides: [],
    },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'area' },
  },

  table(title, targets, w=12, h=8):: $.panel('table', title, [t { format: 'table', instant: true, range: false } for t in targets], 'mimir', w, h) {
    options: { showHeader: true },
    transformations: [{ id: 'merge', options: {} }],
  },

  logs(title, expr, w=24, h=12):: $.panel('logs', title, [$.loki(expr)], 'loki', w, h) {
    options: { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true, dedupStrategy: 'none' },
  },

  // Trace search results (TraceQL) as a table of traces; a row opens the trace.
  traces(title, query, w=24, h=10, limit=20):: $.panel('table', title, [$.traceql(query, limit)], 'tempo', w, h),

  // Template variables read from kube-state-metrics labels on Mimir.
  variable:: {
    query(name, label, query, multi=true, includeAll=true):: {
      name: name,
      label: label,
      type: 'query',
      datasource: $.datasource('mimir'),
      query: { query: query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
      definition: query,
      refresh: 2,
      sort: 1,
      multi: multi,
      includeAll: includeAll,
      [if includeAll then 'allValue']: '.*',
      current: {},
    },
    namespace():: self.query('namespace', 'Namespace', 'label_values(kube_pod_info, namespace)'),
    pod():: self.query('pod', 'Pod', 'label_values(kube_pod_info{namespace=~"$namespace"}, pod)'),
    node():: self.query('node', 'Node', 'label_values(kube_node_info, node)'),
  },
}

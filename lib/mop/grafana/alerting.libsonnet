// mop/grafana/alerting.libsonnet: Grafana unified alerting file provisioning
// (the chart's `alerting` values): rules from alert-rules.libsonnet,
// contact points (email, Slack, PagerDuty) and the notification policy tree
// (critical -> PagerDuty, warning -> Slack, everything else -> email).
//
// Two layers of templating apply to these values:
//  - the chart passes them through Helm's `tpl`, so a literal `{{` must be
//    written {{ "{{" }} (done by `helmLiteral`);
//  - Grafana expands ${VAR} in contact point settings and labels (not in
//    annotations), which is how secrets arrive: from the alerting Secret,
//    mounted as environment variables, never in these values.
local uids = (import 'datasources.libsonnet').uids;

{
  // Environment variables (= keys of the alerting Secret) the contact points read.
  secretKeys:: ['SLACK_WEBHOOK_URL', 'PAGERDUTY_INTEGRATION_KEY', 'GF_SMTP_PASSWORD'],

  helmLiteral(s):: std.strReplace(s, '{{', '{{ "{{" }}'),

  // Grafana rule uids are at most 40 characters.
  ruleUid(alert)::
    local uid = 'mop-' + std.asciiLower(alert);
    assert std.length(uid) <= 40 : 'alert %s: uid %s longer than 40 characters' % [alert, uid];
    uid,

  // One Grafana rule from our rule data: query A on Mimir returns the firing
  // series (the PromQL already holds the comparison); `* 0 + 1` turns each
  // into 1 so that threshold B (> 0) fires for every returned series, even
  // when its value is 0 (as in `up == 0`). Query C is the expression as
  // written, so that a summary's {{ $value }} (Prometheus' name) shows the
  // series' own value as {{ $values.C.Value }}, not A's 1. (A math
  // expression would need `$A`, which Grafana's env expansion would eat.)
  grafanaRule(r, datasourceUid)::
    local query(refId, expr) = {
      refId: refId,
      relativeTimeRange: { from: 900, to: 0 },
      datasourceUid: datasourceUid,
      model: { refId: refId, expr: expr, instant: true, intervalMs: 1000, maxDataPoints: 43200 },
    };
    {
      uid: $.ruleUid(r.alert),
      title: r.alert,
      condition: 'B',
      data: [
        query('A', '(%s) * 0 + 1' % r.expr),
        {
          refId: 'B',
          datasourceUid: '__expr__',
          model: {
            refId: 'B',
            type: 'threshold',
            expression: 'A',
            datasource: { type: '__expr__', uid: '__expr__' },
            conditions: [{ evaluator: { type: 'gt', params: [0] } }],
          },
        },
        query('C', r.expr),
      ],
      'for': r['for'],
      noDataState: 'OK',
      execErrState: 'Error',
      labels: { severity: r.severity },
      annotations: { summary: $.helmLiteral(std.strReplace(r.summary, '{{ $value }}', '{{ $values.C.Value }}')) },
      isPaused: false,
    },

  // `c`: { folder, emailAddresses, slackChannel }; `rules`: alert-rules.libsonnet
  // (with its params set).
  new(c, rules, datasourceUid=uids.mimir):: {
    'rules.yaml': {
      apiVersion: 1,
      groups: [
        {
          orgId: 1,
          name: g.name,
          folder: c.folder,
          interval: '1m',
          rules: [$.grafanaRule(r, datasourceUid) for r in g.rules],
        }
        for g in rules.groups
      ],
    },
    'contactpoints.yaml': {
      apiVersion: 1,
      contactPoints: [
        {
          orgId: 1,
          name: 'email',
          receivers: [{ uid: 'mop-email', type: 'email', settings: { addresses: c.emailAddresses, singleEmail: true } }],
        },
        {
          orgId: 1,
          name: 'slack',
          receivers: [{ uid: 'mop-slack', type: 'slack', settings: { url: '${SLACK_WEBHOOK_URL}', recipient: c.slackChannel } }],
        },
        {
          orgId: 1,
          name: 'pagerduty',
          receivers: [{ uid: 'mop-pagerduty', type: 'pagerduty', settings: { integrationKey: '${PAGERDUTY_INTEGRATION_KEY}', severity: 'critical' } }],
        },
      ],
    },
    'policies.yaml': {
      apiVersion: 1,
      policies: [{
        orgId: 1,
        receiver: 'email',
        group_by: ['grafana_folder', 'alertname'],
        group_wait: '30s',
        group_interval: '5m',
        repeat_interval: '4h',
        routes: [
          { receiver: 'pagerduty', object_matchers: [['severity', '=', 'critical']] },
          { receiver: 'slack', object_matchers: [['severity', '=', 'warning']] },
        ],
      }],
    },
  },
}

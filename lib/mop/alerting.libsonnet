// mop/alerting.libsonnet: the platform's one alerting path.
//
//   rule groups (Jsonnet data) -> PrometheusRule -> Prometheus evaluates them
//   -> Alertmanager (kube-prometheus-stack) -> receivers
//
// Rule groups are plain Prometheus rule-file groups ({ name, rules: [...] }):
// the platform's own (grafana/alert-rules.libsonnet) plus `ruleGroups`, which
// anything else (an upstream mixin's prometheusAlerts.groups) extends:
//   mop+: { alerting+: { ruleGroups+:: mixin.prometheusAlerts.groups } }
// kube-prometheus-stack's default rules (PrometheusRules of their own) take
// the same path, its Watchdog included.
//
// Routing (amtool checks it, tests/mop/alerting.test.ts): Watchdog, which
// always fires, goes to the dead man's switch (a heartbeat service that pages
// when the pings stop, i.e. when this path is broken); critical -> PagerDuty,
// warning -> Slack, info -> nowhere (visible in Grafana and Alertmanager),
// anything else -> email. Inhibition: a critical alert silences warnings and
// infos of the same alert and namespace; a warning silences infos;
// InfoInhibitor silences infos of its namespace.
//
// Credentials never appear in the configuration: Alertmanager reads them
// from files of the receivers Secret, which the operator mounts at
// /etc/alertmanager/secrets/<secret>/<key>.
local k = import '../k.libsonnet';
local secrets = import '../secrets.libsonnet';

{
  // Keys of the receivers Secret.
  secretKeys:: ['SLACK_WEBHOOK_URL', 'PAGERDUTY_ROUTING_KEY', 'SMTP_PASSWORD', 'DEADMANS_SWITCH_TOKEN'],

  // The platform's rules, with names from config.
  platformRules(config)::
    local r = config.raibid;
    ((import 'grafana/alert-rules.libsonnet') + {
       params+:: {
         namespaces: [config.mop.namespace, r.namespace, r.keda.namespace],
         raibidNamespace: r.namespace,
         agent: r.agent.name,
         stream: r.queue.stream,
       },
     }).prometheus.groups,

  // The Alertmanager configuration (kube-prometheus-stack's alertmanager.config).
  alertmanagerConfig(config)::
    local a = config.mop.alerting;
    local file(key) = '/etc/alertmanager/secrets/%s/%s' % [a.secret, key];
    {
      global: {
        resolve_timeout: '5m',
        smtp_smarthost: a.email.smarthost,
        smtp_from: a.email.from,
        smtp_auth_username: a.email.username,
        smtp_auth_password_file: file('SMTP_PASSWORD'),
        smtp_require_tls: true,
      },
      route: {
        receiver: 'email',
        group_by: ['namespace', 'alertname'],
        group_wait: '30s',
        group_interval: '5m',
        repeat_interval: '4h',
        routes: [
          // Pinged every minute while the whole path works.
          { receiver: 'deadmansswitch', matchers: ['alertname = "Watchdog"'], group_wait: '0s', group_interval: '1m', repeat_interval: '1m' },
          { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] },
          { receiver: 'pagerduty', matchers: ['severity = "critical"'] },
          { receiver: 'slack', matchers: ['severity = "warning"'] },
          { receiver: 'null', matchers: ['severity = "info"'] },
        ],
      },
      inhibit_rules: [
        { source_matchers: ['severity = "critical"'], target_matchers: ['severity =~ "warning|info"'], equal: ['namespace', 'alertname'] },
        { source_matchers: ['severity = "warning"'], target_matchers: ['severity = "info"'], equal: ['namespace', 'alertname'] },
        { source_matchers: ['alertname = "InfoInhibitor"'], target_matchers: ['severity = "info"'], equal: ['namespace'] },
      ],
      receivers: [
        { name: 'null' },
        { name: 'email', email_configs: [{ to: a.email.to, send_resolved: true }] },
        { name: 'slack', slack_configs: [{ api_url_file: file('SLACK_WEBHOOK_URL'), channel: a.slackChannel, send_resolved: true }] },
        { name: 'pagerduty', pagerduty_configs: [{ routing_key_file: file('PAGERDUTY_ROUTING_KEY'), send_resolved: true }] },
        {
          name: 'deadmansswitch',
          webhook_configs: [{
            url: a.deadMansSwitch.url,
            send_resolved: false,
            http_config: { authorization: { type: 'Bearer', credentials_file: file('DEADMANS_SWITCH_TOKEN') } },
          }],
        },
      ],
    },

  new(config):: {
    local this = self,
    local m = config.mop,
    local labels = k.labels.new('alertmanager', 'alertmanager', 'alerting', m.partOf),
    // Rule groups evaluated by Prometheus; extend with `ruleGroups+::`.
    ruleGroups:: $.platformRules(config),

    receivers_secret: secrets.new(config, m.alerting.secret, m.namespace, $.secretKeys, labels),

    rules: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: k.metadata.new('mop-alerts', m.namespace, k.labels.new('prometheus', 'mop-alerts', 'alert-rules', m.partOf)),
      spec: { groups: this.ruleGroups },
    },
  },
}

// The API server's own rules without an API server: the cases a reader looks for first, and the
// parsers behind them. apiserver.test.ts compares the rules with the real API server.
import { describe, expect, it } from 'vitest';
import { cronScheduleProblem, timeZoneProblem } from '../../tools/validate/apiserver/cron.js';
import { ianaServiceName, parseCidr, parseIp, quantityValue, strictSubnet } from '../../tools/validate/apiserver/formats.js';
import { check, cleanApp, deployment, meta, type Obj } from './helpers.js';

async function schemaFindings(objects: Obj[]) {
  return (await check(objects)).filter((f) => f.rule.startsWith('schema')).map((f) => `${f.rule} ${f.object.kind}/${f.object.name} ${f.path}: ${f.message}`);
}

describe('API server rules', () => {
  it('a Service declaring the same port and protocol twice (mimir-gateway) is a schema error naming both entries', async () => {
    const svc = {
      apiVersion: 'v1', kind: 'Service', metadata: meta('web'),
      spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http-metrics', port: 8080, targetPort: 'http' }, { name: 'legacy-http-metrics', port: 8080, protocol: 'TCP', targetPort: 'http' }] },
    };
    expect(await schemaFindings([svc])).toEqual([
      'schema.duplicate Service/web spec.ports[1]: port 8080/TCP is declared twice (also ports[0]); the API server keys ports by port and protocol',
    ]);
    svc.spec.ports[1]!.protocol = 'UDP';
    expect(await schemaFindings([svc])).toEqual([]);
  });

  it('cross-field rules: request above limit, mount of an undeclared volume, Recreate with rollingUpdate, selector not matching', async () => {
    const d = deployment();
    d.spec.template.spec.containers[0].resources.requests.cpu = '2';
    d.spec.template.spec.containers[0].volumeMounts = [{ name: 'cache', mountPath: '/cache' }];
    d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } };
    d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'other';
    expect(await schemaFindings([d])).toEqual([
      'schema.forbidden Deployment/web spec.strategy.rollingUpdate: rollingUpdate may not be set when the strategy type is Recreate',
      'schema.invalid Deployment/web spec.template.metadata.labels: the selector does not match the template labels',
      'schema.invalid Deployment/web spec.template.spec.containers[0].resources.requests.cpu: request "2" is above the cpu limit "500m"',
      'schema.invalid Deployment/web spec.template.spec.containers[0].volumeMounts[0].name: mounts volume "cache", which the pod does not declare in volumes',
    ]);
  });

  it('StatefulSet pod templates are not validated by the API server: their problems have their own rule', async () => {
    const d = deployment();
    const sts = { ...d, kind: 'StatefulSet', spec: { ...d.spec, serviceName: 'web' } };
    sts.spec.template.spec.containers.push({ ...sts.spec.template.spec.containers[0] });
    const f = await check([sts]);
    expect(f.filter((x) => x.rule === 'statefulset-pod-template').map((x) => x.path)).toEqual(['spec.template.spec.containers[1].name']);
    expect(f.filter((x) => x.rule.startsWith('schema'))).toEqual([]);
  });

  it('the clean application has no API server findings', async () => {
    expect(await schemaFindings(cleanApp())).toEqual([]);
  });

  it('cron schedules and time zones', () => {
    for (const ok of ['0 3 * * *', '*/15 8-18 * * MON-FRI', '@daily', '@every 1h30m', '0 3 ? * *', '5 4 1 jan,jul sun']) expect(cronScheduleProblem(ok), ok).toBeUndefined();
    expect(cronScheduleProblem('0 0 3 * * *')).toMatch(/exactly 5 fields/);
    expect(cronScheduleProblem('0 24 * * *')).toMatch(/24 is above the hour maximum 23/);
    expect(cronScheduleProblem('*/0 * * * *')).toMatch(/positive/);
    expect(cronScheduleProblem('TZ=UTC 0 3 * * *')).toMatch(/timeZone/);
    expect(cronScheduleProblem('@fortnightly')).toMatch(/unknown descriptor/);
    for (const ok of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+1']) expect(timeZoneProblem(ok), ok).toBeUndefined();
    for (const bad of ['Local', 'europe/berlin', 'Europe/Atlantis', '+01:00']) expect(timeZoneProblem(bad), bad).toBeDefined();
  });

  it('IPs, CIDRs, quantities and port names', () => {
    expect(parseIp('10.0.0.1')).toEqual([10, 0, 0, 1]);
    for (const bad of ['10.0.0.256', '010.0.0.1', 'fd00::1::2', 'example.com', '10.0.0']) expect(parseIp(bad), bad).toBeUndefined();
    expect(parseIp('::ffff:10.0.0.1')).toHaveLength(16);
    expect(strictSubnet(parseCidr('10.0.0.0/8')!, parseCidr('10.1.0.0/16')!)).toBe(true);
    expect(strictSubnet(parseCidr('10.0.0.0/8')!, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(strictSubnet(parseCidr('10.0.0.0/8')!, parseCidr('fd00::/8')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('500m')).toBeCloseTo(0.5);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('1gi')).toBeUndefined();
    expect(ianaServiceName('http-metrics')).toBeUndefined();
    expect(ianaServiceName('http-api-metrics')).toMatch(/15/);
    expect(ianaServiceName('8080')).toMatch(/letter/);
  });
});

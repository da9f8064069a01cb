// Every Alertmanager configuration the environments render passes the real
// `amtool check-config` (Debian's `prometheus-alertmanager` package). Today
// that is the platform Alertmanager's (kube-prometheus-stack's Secret, see
// mop/alerting.libsonnet; routing is tested in alerting.test.ts); any other
// file named like an Alertmanager config in a ConfigMap or Secret is checked
// as well.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifests, type Obj } from '../platform/load.js';
import { requireTool } from '../helpers/ref-tools.js';

const ENVS = ['local', 'dev', 'staging', 'production', 'production-canary'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mop-alertmanager-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** amtool from Debian's `prometheus-alertmanager` (tests/helpers/ref-tools.ts). */
const amtool = () => requireTool('amtool');

/** `[where, text]` of every ConfigMap/Secret entry whose key names an Alertmanager config file. */
function alertmanagerConfigs(ms: Obj[]): [string, string][] {
  const out: [string, string][] = [];
  for (const o of ms) {
    if (o.kind !== 'ConfigMap' && o.kind !== 'Secret') continue;
    const entries: [string, string][] = [
      ...Object.entries(o.data ?? {}).map(([k, v]): [string, string] => [k, o.kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v)]),
      ...Object.entries(o.stringData ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
    ];
    for (const [key, text] of entries) {
      if (/alertmanager.*\.ya?ml$/i.test(key)) out.push([`${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${key}`, text]);
    }
  }
  return out;
}

function check(bin: string, name: string, text: string) {
  const file = path.join(tmp, name.replace(/[^A-Za-z0-9_.-]+/g, '_'));
  fs.writeFileSync(file, text);
  const r = spawnSync(bin, ['check-config', file], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('Alertmanager configurations (amtool check-config)', () => {
  const bin = amtool();

  it.each(ENVS)('environments/%s: every one passes', async (env) => {
    const configs = alertmanagerConfigs(await manifests(env));
    expect(configs.map(([where]) => where)).toContain('Secret mop/alertmanager-kps-alertmanager alertmanager.yaml');
    for (const [where, text] of configs) {
      const r = check(bin, `${env}-${where}`, text);
      expect(r.code, `${where}\n${r.out}`).toBe(0);
      expect(r.out).toContain('SUCCESS');
    }
  });

  it('amtool refuses a configuration whose route names a missing receiver (the check can fail)', () => {
    const bad = 'route:\n  receiver: nowhere\nreceivers:\n  - name: default-receiver\n';
    const configs = alertmanagerConfigs([{ kind: 'ConfigMap', metadata: { namespace: 'x', name: 'y' }, data: { 'alertmanager.yaml': bad } }]);
    expect(configs).toHaveLength(1);
    const r = check(bin, 'bad', configs[0][1]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/nowhere/);
  });
});

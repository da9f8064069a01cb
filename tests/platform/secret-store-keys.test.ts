// The README's "Secret store keys" table is what an operator puts into the
// secret store for dev and up (issue 13, item 4): it must name exactly the
// Secrets and properties the environments' ExternalSecrets read.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { manifests, root, type Obj } from './load.js';

const EXTERNAL = ['dev', 'staging', 'production', 'production-canary'];

/** `secret namespace: properties (environments)`, one line per Secret, sorted. */
const line = (name: string, ns: string, props: string[], envs: string[]) => `${name} ${ns}: ${props.join(', ')} (${envs.join(', ')})`;

function documented(): string[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split('### Secret store keys')[1]?.split(/\n#/)[0];
  if (!section) throw new Error('README.md has no "### Secret store keys" section');
  return section.split('\n')
    .filter((l) => /^\| `/.test(l))
    .map((l) => {
      const [name, ns, props, envs] = l.split('|').slice(1, 5).map((c) => c.trim());
      const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return line(names(name)[0], ns, names(props), envs.split(',').map((e) => e.trim()));
    })
    .sort();
}

async function rendered(): Promise<string[]> {
  const found = new Map<string, { name: string; ns: string; props: string[]; envs: string[] }>();
  for (const env of EXTERNAL) {
    for (const o of (await manifests(env)).filter((m: Obj) => m.kind === 'ExternalSecret')) {
      const props = o.spec.data.map((d: Obj) => d.remoteRef.property);
      // One store entry per ExternalSecret, `<environment>/<store key>`; the table lists store keys.
      const storeKey = String(o.spec.data[0].remoteRef.key).slice(env.length + 1);
      expect(o.spec.data.map((d: Obj) => d.remoteRef.key), `${o.metadata.name} in ${env}`).toEqual(props.map(() => `${env}/${storeKey}`));
      const id = `${o.metadata.namespace}/${storeKey}/${props.join(',')}`;
      const entry = found.get(id) ?? { name: storeKey, ns: o.metadata.namespace, props, envs: [] as string[] };
      entry.envs.push(env);
      found.set(id, entry);
    }
  }
  return [...found.values()].map((e) => line(e.name, e.ns, e.props, e.envs)).sort();
}

it("README's secret store keys are exactly what dev and up read (update the table when a Secret changes)", async () => {
  expect(documented()).toEqual(await rendered());
});

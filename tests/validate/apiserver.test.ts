// Differential test: validate against the real API server. Every corpus entry (a one-mistake variant
// of a real object, tests/validate/apiserver-corpus/) and every base object unchanged goes to the API
// server as a server-side dry run and to validate. Every object the API server rejects must get a
// schema error from validate (no misses), and every schema error must be on an object the API server
// rejects (no false alarms). Policy and reference findings are not part of the comparison.

import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlPlane } from '../helpers/control-plane.js';
import { manifests } from '../platform/load.js';
import { applyPatch, findBase, isolate, loadCorpus, parseBase, type Obj } from './apiserver-corpus.js';
import { DryRunClient, mapLimit, type Verdict } from './dry-run.js';
import { getValidator } from './helpers.js';
import type { Finding, JsonValue } from '../../tools/validate/index.js';

interface Case {
  id: string;
  why: string;
  object: Obj;
  crds: Obj[];
}

interface Outcome extends Case {
  api: Verdict;
  errors: Finding[];
}

const corpus = loadCorpus();

describe('validate agrees with the API server (server-side dry run)', () => {
  let client: DryRunClient;
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    const cp = await controlPlane();
    client = new DryRunClient(cp.server, cp.token, cp.caFile);
    const envs = [...new Set(corpus.map((e) => parseBase(e.base).env))];
    const objectsOf = new Map<string, Obj[]>();
    for (const env of envs) objectsOf.set(env, await manifests(env));

    // Cases: each base once as it is, then every mutation.
    const cases: Case[] = [];
    const crdsOf = (env: string, obj: Obj) => {
      const group = String(obj.apiVersion).split('/').slice(0, -1).join('/');
      return objectsOf.get(env)!.filter((o) => o.kind === 'CustomResourceDefinition' && o.spec?.group === group && o.spec?.names?.kind === obj.kind);
    };
    // Entries whose base object or patched field no longer exists are reported all at once.
    const broken: string[] = [];
    for (const base of [...new Set(corpus.map((e) => e.base))]) {
      const env = parseBase(base).env;
      try {
        const obj = isolate(findBase(objectsOf.get(env)!, base));
        cases.push({ id: base, why: 'the base object as rendered', object: obj, crds: crdsOf(env, obj) });
      } catch (e) {
        broken.push((e as Error).message);
      }
    }
    for (const e of corpus) {
      const env = parseBase(e.base).env;
      try {
        const obj = applyPatch(isolate(findBase(objectsOf.get(env)!, e.base)), e.patch, e.id);
        cases.push({ id: e.id, why: e.why, object: obj, crds: crdsOf(env, obj) });
      } catch (err) {
        broken.push((err as Error).message);
      }
    }
    if (broken.length) throw new Error(`the corpus no longer fits the rendered objects (update tests/validate/apiserver-corpus/):\n${broken.join('\n')}`);

    // What the dry runs need: the (renamed) namespaces and the CRDs of custom resources.
    await client.discover();
    const namespaces = new Set(cases.map((c) => c.object.metadata?.namespace).filter((n): n is string => typeof n === 'string' && n !== ''));
    for (const ns of namespaces) await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const crds = new Map(cases.flatMap((c) => c.crds).map((c) => [c.metadata.name as string, c]));
    for (const crd of crds.values()) await client.apply(crd);
    await client.waitEstablished([...crds.keys()]);
    if (crds.size) await client.discover();

    const validator = await getValidator();
    outcomes = await mapLimit(cases, 6, async (c) => {
      const api = await client.dryRunCreate(c.object);
      const result = validator.validate([c.object, ...c.crds].map((object) => ({ object: object as JsonValue })), { external: {} });
      const errors = result.findings.filter((f) => f.object.index === 0 && f.severity === 'error' && (f.rule.startsWith('schema') || f.rule === 'internal'));
      return { ...c, api, errors };
    });
  }, 600_000);

  afterAll(() => client?.close());

  it(`covers at least 300 mutations of the project's objects`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
  });

  it('misses nothing the API server rejects and raises no false alarm', () => {
    const row = (o: Outcome) => (o.api.accepted ? (o.errors.length ? 'false alarm' : 'both accept') : o.errors.length ? 'both reject' : 'missed');
    const byKind = new Map<string, Map<string, number>>();
    for (const o of outcomes) {
      const k = byKind.get(o.object.kind) ?? new Map<string, number>();
      k.set(row(o), (k.get(row(o)) ?? 0) + 1);
      byKind.set(o.object.kind, k);
    }
    const cols = ['both reject', 'both accept', 'missed', 'false alarm'];
    const lines = [`| kind | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`];
    const total = new Map<string, number>();
    for (const [kind, counts] of [...byKind].sort((a, b) => a[0].localeCompare(b[0]))) {
      lines.push(`| ${kind} | ${cols.map((c) => counts.get(c) ?? 0).join(' | ')} |`);
      for (const c of cols) total.set(c, (total.get(c) ?? 0) + (counts.get(c) ?? 0));
    }
    lines.push(`| **all ${outcomes.length}** | ${cols.map((c) => total.get(c) ?? 0).join(' | ')} |`);
    console.log(`validate vs. the API server (server-side dry run):\n${lines.join('\n')}`);
    // For whoever extends the corpus: every verdict and finding, as JSON.
    if (process.env.VALIDATE_DIFFERENTIAL_OUT) {
      const dump = outcomes.map((o) => ({ id: o.id, why: o.why, kind: o.object.kind, api: o.api, validate: o.errors.map((f) => `${f.rule} ${f.path ?? ''}: ${f.message}`) }));
      writeFileSync(process.env.VALIDATE_DIFFERENTIAL_OUT, JSON.stringify(dump, null, 1));
    }

    const missed = outcomes.filter((o) => row(o) === 'missed').map((o) => `${o.id} (${o.why}): API server says ${o.api.message}`);
    const falseAlarms = outcomes.filter((o) => row(o) === 'false alarm').map((o) => `${o.id} (${o.why}): validate says ${o.errors.map((f) => `${f.rule} ${f.path ?? ''}: ${f.message}`).join('; ')}`);
    expect({ missed, falseAlarms }).toEqual({ missed: [], falseAlarms: [] });
  });
});

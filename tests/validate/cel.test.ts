// CEL validation rules of CRDs (x-kubernetes-validations): evaluated on custom resources as the API
// server does on create. tests/validate/apiserver-corpus/cel.yaml checks the same rules of the
// project's CRDs against the real API server.
import { describe, expect, it } from 'vitest';
import { manifests } from '../platform/load.js';
import { CelRules, celValue, type CelRule } from '../../tools/validate/cel.js';
import { check, labels, meta, type Obj } from './helpers.js';

function gadgetCrd(spec: Obj): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com', labels: labels('gadgets', 'crd') },
    spec: {
      group: 'example.com',
      names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } }],
    },
  };
}

const gadget = (spec: Obj): Obj => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: meta('g'), spec });

async function celFindings(crdSpec: Obj, spec: Obj): Promise<string[]> {
  const findings = await check([gadgetCrd(crdSpec), gadget(spec)]);
  return findings.filter((f) => f.rule.startsWith('schema.cel')).map((f) => `${f.rule} ${f.severity} ${f.path}: ${f.message}`);
}

const sized = {
  type: 'object',
  properties: {
    min: { type: 'integer' },
    max: { type: 'integer' },
    mode: { type: 'string', default: 'Fast' },
    storage: { type: 'string' },
    ratio: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
    endpoint: { type: 'string' },
  },
  'x-kubernetes-validations': [
    { rule: '!has(self.min) || !has(self.max) || self.min <= self.max', messageExpression: "'min ' + string(self.min) + ' is above max ' + string(self.max)" },
    { rule: "self.mode != 'Fast' || !has(self.storage)", message: 'storage needs mode Slow', fieldPath: '.storage', reason: 'FieldValueForbidden' },
    { rule: '!has(self.storage) || quantity(self.storage).isLessThan(quantity("1Ti"))', message: 'storage must be below 1Ti' },
    { rule: '!has(self.tags) || self.tags.isSorted()', message: 'tags must be sorted' },
    { rule: '!has(self.endpoint) || isURL(self.endpoint)', message: 'endpoint must be a URL' },
    { rule: '!has(self.ratio) || self.ratio < 1.5', message: 'ratio must be below 1.5' },
    { rule: 'self.min == oldSelf.min', message: 'transition rules do not run on create' },
  ],
};

describe('CEL rules of custom resources', () => {
  it('a resource that satisfies every rule passes (defaults applied first; transition rules skipped)', async () => {
    expect(await celFindings(sized, { min: 1, max: 3, tags: ['a', 'b'], endpoint: 'https://example.com/x', ratio: 1 })).toEqual([]);
  });

  it('a failed rule reports its messageExpression, its message and its fieldPath', async () => {
    expect(await celFindings(sized, { min: 5, max: 3, storage: '2Ti', tags: ['b', 'a'], endpoint: 'not a url', ratio: 2.5 })).toEqual([
      'schema.cel error spec: min 5 is above max 3',
      'schema.cel error spec: storage must be below 1Ti',
      'schema.cel error spec: tags must be sorted',
      'schema.cel error spec: endpoint must be a URL',
      'schema.cel error spec: ratio must be below 1.5',
      // mode defaults to Fast, so storage is refused, at the rule's fieldPath.
      'schema.cel error spec.storage: storage needs mode Slow',
    ]);
  });

  it('a rule without a message reports the rule; one that cannot evaluate on the object fails as on the API server', async () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: "self.a == 'x'" }, { rule: 'size(self) < 1' }] };
    expect(await celFindings(schema, { a: 'y' })).toEqual(['schema.cel error spec: failed rule: self.a == \'x\'', 'schema.cel error spec: failed rule: size(self) < 1']);
    const missing = await celFindings(schema, {});
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^schema\.cel error spec: No such key: a evaluating rule: self\.a == 'x'$/);
  });

  it('an expression outside what validate evaluates is a warning naming the rule, not a guess', async () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: "self.a.noSuchFunction() == 'x'" }, { rule: 'self.a ==' }] };
    const f = await celFindings(schema, { a: 'y' });
    expect(f).toHaveLength(2);
    expect(f[0]).toMatch(/^schema\.cel-unsupported warning spec: rule "self\.a\.noSuchFunction\(\) == 'x'" uses what validate does not support: found no matching overload/);
    expect(f[1]).toMatch(/^schema\.cel-unsupported warning spec: rule "self\.a ==" cannot be parsed here/);
  });

  it('Kubernetes library functions: lists, strings, regexes (RE2), URLs, quantities', () => {
    const cel = new CelRules();
    const self = celValue({ type: 'object', properties: { n: { type: 'array', items: { type: 'integer' } } } }, { n: [3, 1, 2], s: 'Hello-World', u: 'https://a.example.com:8443/p?q=1' });
    const holds = (rule: string) => cel.evaluate({ rule } as CelRule, self);
    for (const rule of [
      'self.n.sum() == 6',
      'self.n.min() == 1 && self.n.max() == 3',
      '!self.n.isSorted() && [1, 2, 2].isSorted()',
      'self.n.indexOf(1) == 1 && self.n.lastIndexOf(7) == -1',
      "self.s.lowerAscii() == 'hello-world' && self.s.charAt(0) == 'H' && self.s.reverse() == 'dlroW-olleH'",
      "self.s.find('[a-z]+') == 'ello' && self.s.findAll('o').size() == 2 && self.s.replace('-', ' ') == 'Hello World'",
      "self.s.matches('^[A-Z][a-z]+-')",
      "isURL(self.u) && !isURL('not a url') && url(self.u).getHost() == 'a.example.com:8443' && url(self.u).getHostname() == 'a.example.com'",
      "url(self.u).getScheme() == 'https' && url(self.u).getPort() == '8443' && url(self.u).getEscapedPath() == '/p'",
      "isQuantity('1.5Gi') && !isQuantity('1.5GB') && quantity('1Gi').isGreaterThan(quantity('1000Mi')) && quantity('500m').compareTo(quantity('0.5')) == 0",
      "quantity('2k').asInteger() == 2000 && quantity('-1').sign() == -1",
    ]) {
      expect({ rule, outcome: holds(rule) }).toEqual({ rule, outcome: { kind: 'pass' } });
    }
  });

  it("every CEL rule in the project's CRDs parses and evaluates here", async () => {
    const cel = new CelRules();
    const rules: { crd: string; rule: CelRule }[] = [];
    const walk = (s: unknown, crd: string): void => {
      if (typeof s !== 'object' || s === null) return;
      if (Array.isArray(s)) return s.forEach((x) => walk(x, crd));
      const node = s as Obj;
      for (const r of node['x-kubernetes-validations'] ?? []) rules.push({ crd, rule: r });
      for (const [k, v] of Object.entries(node)) if (k !== 'x-kubernetes-validations') walk(v, crd);
    };
    for (const env of ['dev', 'production']) {
      for (const o of await manifests(env)) if (o.kind === 'CustomResourceDefinition') walk(o.spec?.versions, o.metadata.name);
    }
    expect(rules.length).toBeGreaterThan(40);
    // On an empty object a rule passes or fails (a missing field is a failure too); it is never outside what runs here.
    const unsupported = rules.map(({ crd, rule }) => ({ crd, rule: rule.rule, outcome: cel.evaluate(rule, {}) })).filter((r) => r.outcome.kind === 'unsupported');
    expect(unsupported).toEqual([]);
  });
});

// Custom resources against the CRDs among the same objects, and bad input.
import { describe, expect, it } from 'vitest';
import { check, getValidator, labels, meta, show, type Obj } from './helpers.js';

function widgetCrd(schemaOverride?: Obj): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com', labels: labels('widgets', 'crd') },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [
        { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: schemaOverride ?? {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: {
                    size: { type: 'string', enum: ['small', 'large'] },
                    port: { 'x-kubernetes-int-or-string': true },
                    replicas: { type: 'integer', minimum: 0 },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
                    name: { type: 'string', pattern: '^[a-z][-a-z0-9]*$', nullable: true },
                    items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } },
                  },
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
}

function widget(spec: Obj, apiVersion = 'example.com/v1'): Obj {
  return { apiVersion, kind: 'Widget', metadata: meta('w'), spec };
}

const good = { size: 'small', port: 'http', replicas: 2, extra: { anything: { goes: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { any: true } }, name: null, items: [{ id: 1 }] };

describe('custom resources', () => {
  it('a valid custom resource passes (preserve-unknown-fields, int-or-string, embedded resources, nullable)', async () => {
    expect(show(await check([widgetCrd(), widget(good), { ...widget({ ...good, port: 8080 }), metadata: meta('w2') }]))).toBe('');
  });

  it('unknown fields, types, enums, patterns and required fields are errors with paths', async () => {
    const f = await check([widgetCrd(), widget({ sise: 'small', replicas: -1, port: true, name: 'Bad', items: [{ id: 'x', idd: 2 }] })]);
    expect(f.map((x) => `${x.rule} ${x.path}: ${x.message}`).sort()).toEqual([
      'schema spec.items[0].id: expected integer, got string "x"',
      'schema spec.name: must match pattern "^[a-z][-a-z0-9]*$" (got "Bad")',
      'schema spec.port: expected integer or string, got boolean true',
      'schema spec.replicas: must be >= 0 (got -1)',
      'schema.required spec: missing required field "size"',
      'schema.unknown-field spec.items[0].idd: unknown field "idd" (did you mean "id"?)',
      'schema.unknown-field spec.sise: unknown field "sise" (did you mean "size"?)',
    ]);
  });

  it('the top-level of a custom resource is strict too, metadata uses ObjectMeta', async () => {
    const w = widget({ size: 'large' });
    w.sepc = {};
    w.metadata.lables = {};
    const f = await check([widgetCrd(), w]);
    expect(f.map((x) => `${x.path}: ${x.message}`).sort()).toEqual(['metadata.lables: unknown field "lables" (did you mean "labels"?)', 'sepc: unknown field "sepc" (did you mean "spec"?)']);
  });

  it('a version the CRD does not serve is an error', async () => {
    const f = await check([widgetCrd(), widget({ size: 'small' }, 'example.com/v1alpha1')]);
    expect(f.map((x) => `${x.rule}: ${x.message}`)).toEqual(['schema.unknown-api-version: example.com/v1alpha1 is not served by the CRD of Widget (served: example.com/v1)']);
  });

  it('a custom resource without a CRD is an error unless declared external', async () => {
    const f = await check([widget({ size: 'small' })]);
    expect(f.map((x) => `${x.rule}: ${x.message}`)).toEqual(['schema.missing-crd: no CustomResourceDefinition for Widget.example.com among the objects, and the project does not declare it as provided externally']);
    expect(await check([widget({ size: 'small' })], { external: { crdGroups: ['example.com'] } })).toEqual([]);
    expect(await check([widget({ size: 'small' })], { external: { crdKinds: ['example.com/Widget'] } })).toEqual([]);
  });

  it('a CRD whose schema is invalid is a finding on the CRD, not a crash', async () => {
    const bad = widgetCrd({ type: 'object', properties: { spec: { type: 'strin' }, other: { type: 'string', pattern: '([a-z' } } });
    const f = await check([bad, widget({ size: 'small' })]);
    expect(f.map((x) => `${x.object.kind} ${x.rule} ${x.path}: ${x.message}`)).toEqual([
      'CustomResourceDefinition schema.crd spec.versions[1].schema.openAPIV3Schema.properties.spec.type: invalid schema for version v1: invalid type "strin" (must be one of object, array, string, integer, number, boolean)',
    ]);
    const f2 = await check([widgetCrd({ type: 'object', properties: { other: { type: 'string', pattern: '([a-z' } } })]);
    expect(f2.map((x) => x.rule)).toEqual(['schema.crd']);
    expect(f2[0]!.message).toMatch(/invalid pattern/);
  });

  it('the CRD object itself is checked against the built-in CRD schema (typos in schema keywords)', async () => {
    const f = await check([widgetCrd({ type: 'object', propertiez: {} })]);
    expect(f.map((x) => `${x.rule} ${x.path}`)).toEqual(['schema.unknown-field spec.versions[1].schema.openAPIV3Schema.propertiez']);
  });

  it('cluster-scoped custom resources get no namespace', async () => {
    const crd = widgetCrd();
    crd.spec.scope = 'Cluster';
    const v = await getValidator();
    const r = v.validate([{ object: crd }, { object: { ...widget({ size: 'small' }), metadata: { name: 'w', labels: labels('w') } } }, { object: { ...widget({ size: 'small' }), metadata: { name: 'w', labels: labels('w') } } }]);
    expect(r.findings.map((f) => `${f.rule} ${f.message}`)).toEqual(['duplicate-object duplicates Widget w (object #2)']);
  });
});

describe('bad input never crashes', () => {
  it('objects without kind or apiVersion, non-objects', async () => {
    const v = await getValidator();
    const r = v.validate([{ object: { apiVersion: 'v1', metadata: { name: 'x' } } }, { object: { kind: 'ConfigMap' } }, { object: 'text' }, { object: null }, { object: [1, 2] }, { object: { apiVersion: 5, kind: {} } }]);
    expect(r.findings.map((f) => `${f.object.index} ${f.rule}: ${f.message}`)).toEqual([
      '0 schema.malformed: object has no kind',
      '1 schema.malformed: object has no apiVersion',
      '2 schema.malformed: expected an object, got string',
      '3 schema.malformed: expected an object, got null',
      '4 schema.malformed: expected an object, got an array',
      '5 schema.malformed: object has no apiVersion and kind',
    ]);
  });

  it('unknown apiVersions; odd shapes inside objects are schema findings', async () => {
    const f = await check([
      { apiVersion: 'nonsense', kind: 'Thing', metadata: { name: 'x', labels: labels('x') } },
      { apiVersion: 'foo.example/v1', kind: 'Thing', metadata: { name: 'y', labels: labels('x') } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'app', labels: labels('x') }, spec: { template: { spec: { containers: 'oops' } } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: 'oops' },
    ]);
    expect(f.map((x) => `${x.object.index} ${x.rule} ${x.path ?? ''}: ${x.message}`)).toEqual([
      '0 schema.unknown-api-version apiVersion: nonsense is not served by Kubernetes 1.32',
      '1 schema.missing-crd apiVersion: no CustomResourceDefinition for Thing.foo.example among the objects, and the project does not declare it as provided externally',
      '2 schema.required spec: missing required field "selector"',
      '2 schema spec.template.spec.containers: expected array, got string "oops"',
      '3 schema metadata: expected object, got string "oops"',
      '3 schema.required metadata: missing metadata',
      '3 standard-labels metadata.labels: missing labels app.kubernetes.io/name, app.kubernetes.io/instance, app.kubernetes.io/component, app.kubernetes.io/part-of, app.kubernetes.io/managed-by',
    ]);
  });

  it('a huge environment (50,000 objects) validates in bounded time', async () => {
    const v = await getValidator();
    const objects = Array.from({ length: 50_000 }, (_, i) => ({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: `ns-${i % 50}`, labels: labels('x') }, data: { k: 'v'.repeat(100) } } }));
    const t0 = performance.now();
    const r = v.validate(objects);
    expect(r.findings).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});

describe('Go regular expressions in CRD patterns', () => {
  it('inline flags and named groups are accepted and applied', async () => {
    const crd = widgetCrd({ type: 'object', properties: { spec: { type: 'object', properties: { mode: { type: 'string', pattern: '^(?i)(abort|warn)?$' } } } } });
    expect(await check([crd, widget({ mode: 'Abort' })])).toEqual([]);
    expect((await check([crd, widget({ mode: 'stop' })])).map((f) => f.path)).toEqual(['spec.mode']);
  });

  it('a pattern that backtracks in JavaScript is matched in linear time (RE2)', async () => {
    const crd = widgetCrd({ type: 'object', properties: { spec: { type: 'object', properties: { mode: { type: 'string', pattern: '^(a+)+$' } } } } });
    const findings = await check([crd, widget({ mode: 'a'.repeat(50_000) + '!' })]);
    expect(findings.map((f) => f.path)).toEqual(['spec.mode']);
  });

  it('a pattern Go refuses is a finding on the CRD with Go\'s reason', async () => {
    const crd = widgetCrd({ type: 'object', properties: { spec: { type: 'object', properties: { mode: { type: 'string', pattern: 'a(?=b)' } } } } });
    const findings = await check([crd, widget({ mode: 'ab' })]);
    expect(findings.map((f) => f.message).join('\n')).toContain('invalid or unsupported Perl syntax: `(?=`');
  });
});

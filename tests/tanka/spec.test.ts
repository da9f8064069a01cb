import { describe, expect, it } from 'vitest';
import { goMarshal } from '../../tools/gocompat/json.js';
import { environmentToJson, parseEnvironment, staticEnvExtCode } from '../../tools/tanka/spec.js';

describe('Environment spec (v1alpha1)', () => {
  it('fills defaults and serializes the ext code in Go struct order', () => {
    const env = parseEnvironment({ spec: { apiServer: '127.0.0.1:6443' } });
    env.metadata.name = 'environments/default';
    env.metadata.namespace = 'environments/default/main.jsonnet';
    expect(staticEnvExtCode(env)).toBe(
      '{"apiVersion":"tanka.dev/v1alpha1","kind":"Environment","metadata":{"name":"environments/default","namespace":"environments/default/main.jsonnet"},"spec":{"apiServer":"https://127.0.0.1:6443","namespace":"default","resourceDefaults":{},"expectVersions":{}}}',
    );
  });

  it('matches keys case-insensitively, ignores unknown keys, keeps explicit empty namespace', () => {
    const env = parseEnvironment({
      APIVERSION: 'x/v1',
      metadata: { Labels: { b: '2', a: '1' } },
      spec: { NameSpace: '', injectlabels: true, resourceDefaults: { labels: { t: 'v' } }, unknown: 1, contextNames: ['k3d-.*'] },
    });
    expect(env.apiVersion).toBe('x/v1');
    expect(env.spec.namespace).toBe('');
    expect(env.spec.injectLabels).toBe(true);
    expect(environmentToJson(env)).toEqual({
      apiVersion: 'x/v1',
      kind: 'Environment',
      metadata: { labels: { a: '1', b: '2' } },
      spec: { contextNames: ['k3d-.*'], namespace: '', injectLabels: true, resourceDefaults: { labels: { t: 'v' } }, expectVersions: {} },
    });
    expect(parseEnvironment({ spec: { apiServer: 'http://x:1' } }).spec.apiServer).toBe('http://x:1');
  });

  it('handles the deprecated top-level keys with warnings', () => {
    const warnings: string[] = [];
    const env = parseEnvironment({ namespace: 'old', server: 'srv:1', team: 'a-team', spec: { namespace: '' } }, (w) => warnings.push(w));
    expect(env.spec.namespace).toBe('old');
    expect(env.spec.apiServer).toBe('srv:1');
    expect(env.metadata.labels.team).toBe('a-team');
    expect(warnings).toContain('Warning: `namespace` is deprecated, use `spec.namespace` instead.');
    // namespace only applies when spec.namespace ended up empty
    expect(parseEnvironment({ namespace: 'old' }).spec.namespace).toBe('default');
    expect(() => parseEnvironment({ spec: { injectLabels: 'yes' } })).toThrow('json: cannot unmarshal string into Go struct field Spec.spec.injectLabels of type bool');
  });
});

describe('Go encoding/json output', () => {
  it('escapes HTML characters, sorts map keys, indents like MarshalIndent', () => {
    expect(goMarshal({ b: 1, a: '<&>', c: [] })).toBe('{"a":"\\u003c\\u0026\\u003e","b":1,"c":[]}');
    expect(goMarshal({ x: [1, { y: null }], e: {} }, '  ')).toBe('{\n  "e": {},\n  "x": [\n    1,\n    {\n      "y": null\n    }\n  ]\n}');
    expect(goMarshal([1e21, 1e-7, 0.1, -0, 123456789])).toBe('[1e+21,1e-7,0.1,-0,123456789]');
  });
});

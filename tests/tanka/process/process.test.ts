// Expected behaviour of Tanka v0.38's processing (pkg/process), verified with the real tk.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  compileTargets,
  extractManifests,
  ManifestError,
  nameLabel,
  processManifests,
  processManifestsWithPaths,
  type EnvironmentLike,
} from '../../../tools/tanka/process/index.js';

const env = (spec: Partial<EnvironmentLike['spec']> = {}, name = 'environments/default'): EnvironmentLike => ({
  apiVersion: 'tanka.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name, namespace: 'environments/default/main.jsonnet' },
  spec: { namespace: 'default', resourceDefaults: {}, ...spec },
});

const obj = (kind: string, name: string, extra: Record<string, unknown> = {}, apiVersion = 'v1') =>
  ({ apiVersion, kind, metadata: { name, ...extra } }) as unknown as Record<string, never>;

const errorOf = (f: () => unknown): ManifestError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return e as ManifestError;
  }
  throw new Error('expected an error');
};

describe('extraction', () => {
  test('walks objects (sorted keys) and arrays, skips nulls, records paths', () => {
    const raw = {
      z: obj('ConfigMap', 'z'),
      a: { deep: { deployment: obj('Deployment', 'd', {}, 'apps/v1') }, off: null },
      list: [obj('Service', 's0'), [obj('Service', 's1')]],
    };
    expect(extractManifests(raw as never).map((e) => e.path)).toEqual(['.a.deep.deployment', '.list.[0]', '.list.[1].[0]', '.z']);
    expect(extractManifests(obj('Pod', 'root') as never).map((e) => e.path)).toEqual(['.']);
    expect(extractManifests(null)).toEqual([]);
  });

  test('__ksonnet is removed from objects', () => {
    const [m] = extractManifests({ x: { ...obj('Pod', 'p'), __ksonnet: { a: 1 } } } as never);
    expect(m.manifest).toEqual(obj('Pod', 'p'));
    // and from non-manifest containers before they are checked
    expect(extractManifests({ __ksonnet: 'x', p: obj('Pod', 'p') } as never).map((e) => e.path)).toEqual(['.p']);
  });

  test('a leaf outside a manifest: the reference example', () => {
    const e = errorOf(() => processManifests({ foo: 'bar' }, env()));
    expect(e.message).toBe(
      'got an error while extracting env `environments/default`: found invalid Kubernetes object (at .): missing attribute "apiVersion"\n\nfoo: bar\n',
    );
  });

  test('the innermost containing object is dumped with yaml.v3 (4-space indent)', () => {
    const e = errorOf(() => extractManifests({ a: { b: { kind: 'X', apiVersion: 3, spec: { x: [1] }, s: 'str' } } } as never));
    expect(e.message).toBe(
      'found invalid Kubernetes object (at .a.b): attribute "apiVersion" is not a string, it is a float64\n\n' +
        'apiVersion: 3\nkind: X\ns: str\nspec:\n    x:\n        - 1\n',
    );
    expect(errorOf(() => extractManifests({ a: { apiVersion: 'v1', kind: '', n: 1 } } as never)).message).toMatch(
      /^found invalid Kubernetes object \(at \.a\): attribute "kind" is empty\n\n/,
    );
    expect(errorOf(() => extractManifests({ a: { apiVersion: 'v1', kind: true, n: 1 } } as never)).message).toMatch(
      /\(at \.a\): attribute "kind" is not a string, it is a bool/,
    );
    // inside an array, the path is the array's and the object the one around it
    expect(errorOf(() => extractManifests({ a: [1] } as never)).message).toBe(
      'found invalid Kubernetes object (at .a): missing attribute "apiVersion"\n\na:\n    - 1\n',
    );
    // a primitive with no object around it (the whole output, or arrays only)
    expect(errorOf(() => extractManifests('just a string')).message).toBe('found invalid Kubernetes object (at .): %!s(<nil>)\n\n{}\n');
    expect(errorOf(() => extractManifests([[1]])).message).toBe('found invalid Kubernetes object (at .[0]): %!s(<nil>)\n\n{}\n');
    // __ksonnet is dropped from the dump as well
    expect(errorOf(() => extractManifests({ __ksonnet: { x: 1 }, a: 1 } as never)).message).toBe(
      'found invalid Kubernetes object (at .): missing attribute "apiVersion"\n\na: 1\n',
    );
    // a null array element is an error too
    expect(errorOf(() => extractManifests({ a: [null] } as never)).message).toMatch(/\(at \.a\)/);
  });

  test('manifest validation (Verify) with the SchemaError text', () => {
    const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { a: 1 }, annotations: 'x' } };
    const e = errorOf(() => extractManifests({ cm: bad } as never));
    expect(e.message).toBe(
      '.cm has missing or invalid fields:\n' +
        "  - metadata.name: missing or not of string type\n" +
        "  - metadata.labels: contains non-string field 'a' of type 'float64'\n" +
        "  - metadata.annotations: must be object, but got 'string' instead\n\n" +
        'Please check below object:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    annotations: x\n    labels:\n      a: 1',
    );
    expect(errorOf(() => extractManifests({ p: { apiVersion: 'v1', kind: 'Pod' } } as never)).message).toBe(
      '.p has missing or invalid fields:\n  - metadata: missing or not an object\n  - metadata.name: missing or not of string type\n\n' +
        'Please check below object:\n  apiVersion: v1\n  kind: Pod',
    );
    // the sample stops after 10 lines, with "..." once there are 10 or more
    const long = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`l${i}`, 'x'])) } };
    expect(errorOf(() => extractManifests({ c: long } as never)).message).toMatch(
      /Please check below object:\n {2}apiVersion: v1\n {2}kind: ConfigMap\n {2}metadata:\n {4}labels:\n( {6}l\d: x\n){6} {2}\.\.\.$/,
    );
    // generateName is enough
    expect(extractManifests({ p: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-' } } } as never)).toHaveLength(1);
  });
});

describe('List unwrapping', () => {
  test('any manifest whose items is an array; items stored under <path>.items[i]', () => {
    const raw = {
      x: { apiVersion: 'v1', kind: 'List', items: [obj('ConfigMap', 'a'), obj('Secret', 'b')] },
      custom: { apiVersion: 'v1', kind: 'ConfigMapList', items: [obj('ConfigMap', 'c')], metadata: { name: 'ignored' } },
      empty: { apiVersion: 'v1', kind: 'List', items: [] },
    };
    const out = processManifestsWithPaths(raw as never, env());
    expect(out.map((e) => e.path).sort()).toEqual(['.custom.items[0]', '.x.items[0]', '.x.items[1]']);
  });

  test('items must be objects and valid manifests', () => {
    const notObj = { x: { apiVersion: 'v1', kind: 'List', items: ['str'] } };
    expect(errorOf(() => processManifests(notObj as never, env())).message).toBe(
      "unwrapped list item is not an object, but 'map[string]interface {}'",
    );
    const invalid = { x: { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod' }] } };
    expect(errorOf(() => processManifests(invalid as never, env())).message).toMatch(/^\.x\.items\[0\] has missing or invalid fields:\n/);
  });

  test('items keep __ksonnet (not removed)', () => {
    const raw = { x: { apiVersion: 'v1', kind: 'List', items: [{ ...obj('ConfigMap', 'a'), __ksonnet: 1 }] } };
    expect(processManifests(raw as never, env())[0].__ksonnet).toBe(1);
  });
});

describe('namespace defaulting', () => {
  test('namespaced kinds get spec.namespace, cluster-wide kinds do not', () => {
    const raw = { cm: obj('ConfigMap', 'a'), cr: obj('ClusterRole', 'r', {}, 'rbac.authorization.k8s.io/v1'), ns: obj('Namespace', 'n') };
    const out = processManifests(raw as never, env({ namespace: 'mon' }));
    const byKind = Object.fromEntries(out.map((m) => [m.kind, m.metadata]));
    expect(byKind.ConfigMap).toEqual({ name: 'a', namespace: 'mon' });
    expect(byKind.ClusterRole).toEqual({ name: 'r' });
    expect(byKind.Namespace).toEqual({ name: 'n' });
  });

  test('the tanka.dev/namespaced annotation overrides, only "true" counts', () => {
    const raw = {
      a: obj('MyCRD', 'a', { annotations: { 'tanka.dev/namespaced': 'false' } }),
      b: obj('ClusterRole', 'b', { annotations: { 'tanka.dev/namespaced': 'true' } }),
      c: obj('ConfigMap', 'c', { annotations: { 'tanka.dev/namespaced': 'yes' } }),
    };
    const out = processManifests(raw as never, env({ namespace: 'mon' }));
    const ns = Object.fromEntries(out.map((m) => [(m.metadata as { name: string }).name, (m.metadata as { namespace?: string }).namespace]));
    expect(ns).toEqual({ a: undefined, b: 'mon', c: undefined });
  });

  test('an explicit "" namespace is kept; null is replaced', () => {
    const out = processManifests({ a: obj('ConfigMap', 'a', { namespace: '' }), b: obj('Secret', 'b', { namespace: null }) } as never, env());
    expect(out.map((m) => (m.metadata as { namespace: string }).namespace)).toEqual(['default', '']);
  });

  test('empty annotations are deleted as a side effect, unless spec.namespace is ""', () => {
    const raw = { a: obj('ConfigMap', 'a', { annotations: {} }), b: obj('ConfigMap', 'b', { annotations: null }), c: obj('ConfigMap', 'c', { annotations: { x: 'y' } }) };
    const out = processManifests(raw as never, env());
    expect(out.map((m) => m.metadata)).toEqual([
      { name: 'a', namespace: 'default' },
      { name: 'b', namespace: 'default' },
      { name: 'c', namespace: 'default', annotations: { x: 'y' } },
    ]);
    const untouched = processManifests(raw as never, env({ namespace: '' }));
    expect(untouched.map((m) => m.metadata)).toEqual([raw.a.metadata, raw.b.metadata, raw.c.metadata]);
  });
});

describe('labels and resourceDefaults', () => {
  test('nameLabel: static example from the reference', () => {
    expect(nameLabel(env())).toBe('ef8004c80176691d8a0f3688c077aa401e0b6083174fa72e');
  });

  test('tankaEnvLabelFromFields selects the hashed fields', () => {
    const e = env({ tankaEnvLabelFromFields: ['.metadata.name', '.spec.namespace'] });
    expect(nameLabel(e)).toBe(createHash('sha256').update('environments/default:default').digest('hex').slice(0, 48));
    expect(() => nameLabel(env({ tankaEnvLabelFromFields: ['.nope'] }))).toThrow(ManifestError);
    expect(errorOf(() => processManifests({ a: obj('ConfigMap', 'a') } as never, env({ injectLabels: true, tankaEnvLabelFromFields: ['.metadata.name.x'] }))).message).toBe(
      'failed to get name label: failed to retrieve field values for label: could not get struct value at path: intermediary objects must be object types',
    );
    expect(errorOf(() => nameLabel(env({ tankaEnvLabelFromFields: ['.spec.resourceDefaults'] }))).message).toBe(
      'failed to retrieve field values for label: could not get struct value at path: unsupported value type',
    );
    // `data` is not a struct (tk's wording, recorded from tk v0.38.0).
    expect(errorOf(() => nameLabel(env({ tankaEnvLabelFromFields: ['.data'] }))).message).toBe(
      'failed to retrieve field values for label: could not get struct value at path: unsupported value type',
    );
    expect(errorOf(() => nameLabel(env({ tankaEnvLabelFromFields: ['.data.x'] }))).message).toBe(
      'failed to retrieve field values for label: could not get struct value at path: unsupported value type',
    );
  });

  test('injectLabels sets (and overwrites) tanka.dev/environment', () => {
    const raw = { a: obj('ConfigMap', 'a', { labels: { 'tanka.dev/environment': 'old', x: 'y' } }), b: obj('Secret', 'b') };
    const out = processManifests(raw as never, env({ injectLabels: true }));
    expect(out.map((m) => (m.metadata as { labels: unknown }).labels)).toEqual([
      { 'tanka.dev/environment': 'ef8004c80176691d8a0f3688c077aa401e0b6083174fa72e' },
      { 'tanka.dev/environment': 'ef8004c80176691d8a0f3688c077aa401e0b6083174fa72e', x: 'y' },
    ]);
    expect((processManifests(raw as never, env())[1].metadata as { labels: unknown }).labels).toEqual({ 'tanka.dev/environment': 'old', x: 'y' });
  });

  test('resourceDefaults only fill absent keys, after namespacing', () => {
    const raw = { a: obj('ConfigMap', 'a', { labels: { team: 'mine' }, annotations: { keep: 'mine' } }), b: obj('CustomThing', 'b') };
    const out = processManifests(raw as never, env({
      namespace: 'mon',
      resourceDefaults: { labels: { team: 'platform', tier: 'x' }, annotations: { keep: 'default', 'tanka.dev/namespaced': 'false' } },
    }));
    const a = out.find((m) => m.kind === 'ConfigMap')!.metadata;
    const b = out.find((m) => m.kind === 'CustomThing')!.metadata;
    expect(a).toEqual({ name: 'a', namespace: 'mon', labels: { team: 'mine', tier: 'x' }, annotations: { keep: 'mine', 'tanka.dev/namespaced': 'false' } });
    // the default namespaced=false annotation came too late to stop namespacing
    expect(b).toEqual({ name: 'b', namespace: 'mon', labels: { team: 'platform', tier: 'x' }, annotations: { keep: 'default', 'tanka.dev/namespaced': 'false' } });
  });
});

describe('targets', () => {
  const raw = {
    d: obj('Deployment', 'grafana', {}, 'apps/v1'),
    s: obj('Service', 'grafana'),
    c: obj('ConfigMap', 'grafana-config'),
    p: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'x-' } },
  };
  const names = (targets: string[]) => processManifests(raw as never, env(), { targets }).map((m) => `${m.kind}/${(m.metadata as { name?: string }).name ?? ''}`);

  test('anchored, case-insensitive kind/name regexps; several allowed', () => {
    expect(names(['deployment/grafana'])).toEqual(['Deployment/grafana']);
    expect(names(['service/.*', 'configmap/.*'])).toEqual(['ConfigMap/grafana-config', 'Service/grafana']);
    expect(names(['.*/grafana'])).toEqual(['Service/grafana', 'Deployment/grafana']);
    expect(names(['grafana'])).toEqual([]);
    expect(names(['Pod/'])).toEqual(['Pod/']);
  });

  test('commas split values like pflag StringSlice', () => {
    expect(names(['service/.*,deployment/.*'])).toEqual(['Service/grafana', 'Deployment/grafana']);
  });

  test('! excludes; an exclusion also counts as a match (Tanka quirk)', () => {
    expect(names(['!service/.*'])).toEqual(['ConfigMap/grafana-config', 'Pod/', 'Deployment/grafana']);
    // -t deployment/.* -t '!service/x' keeps everything but service/x, not just deployments
    expect(names(['deployment/.*', '!service/grafana'])).toEqual(['ConfigMap/grafana-config', 'Pod/', 'Deployment/grafana']);
  });

  test('a bad regex is an error', () => {
    const e = errorOf(() => names(['(unclosed']));
    // Real tk v0.38.0 prints exactly this (Go's regexp error through strings.Title).
    const see = '\nSee https://tanka.dev/output-filtering/#regular-expressions for details on regular expressions.';
    expect(e.message).toBe('Error Parsing Regexp: Missing Closing ): `(?I)^(Unclosed$`.' + see);
    expect(errorOf(() => names(['a(?=b)'])).message).toBe('Error Parsing Regexp: Invalid Or Unsupported Perl Syntax: `(?=`.' + see);
    expect(errorOf(() => names(['x{1001}'])).message).toBe('Error Parsing Regexp: Invalid Repeat Count: `{1001}`.' + see);
  });

  test('Go syntax and linear time: a backtracking-prone target on a long name', () => {
    expect(names(['(?P<kind>deployment)/\\Qgrafana\\E'])).toEqual(['Deployment/grafana']);
    const long = compileTargets(['(a+)+b'])[0].re;
    expect(long.matchString('a'.repeat(100_000) + '!')).toBe(false);
  });
});

describe('sorting', () => {
  test('kind order, then unknown kinds alphabetically, namespace, name, generateName, path', () => {
    const raw = {
      a: obj('Deployment', 'b', { namespace: 'x' }, 'apps/v1'),
      b: obj('Deployment', 'a', { namespace: 'x' }, 'apps/v1'),
      c: obj('Deployment', 'z', { namespace: 'a' }, 'apps/v1'),
      d: obj('Namespace', 'x'),
      e: obj('Zeta', 'q'),
      f: obj('Alpha', 'q'),
      g: obj('APIService', 'v1.x', {}, 'apiregistration.k8s.io/v1'),
      h: obj('ServiceAccount', 's'),
      i: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'b-' } },
      j: { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'a-' } },
      k: obj('CustomResourceDefinition', 'crd', {}, 'apiextensions.k8s.io/v1'),
      l2: obj('Service', 'same', {}, 'v1'),
      l1: obj('Service', 'same', {}, 'v2'),
    };
    const out = processManifestsWithPaths(raw as never, env({ namespace: 'ns' }));
    expect(out.map((e) => e.path)).toEqual(['.d', '.h', '.k', '.l1', '.l2', '.j', '.i', '.c', '.b', '.a', '.g', '.f', '.e']);
  });
});

test('the input is not modified', () => {
  const raw = { a: obj('ConfigMap', 'a', { annotations: {} }) };
  const before = JSON.stringify(raw);
  processManifests(raw as never, env({ injectLabels: true, resourceDefaults: { labels: { x: 'y' } } }));
  expect(JSON.stringify(raw)).toBe(before);
});

import { readFileSync } from 'node:fs';
// Expected values: verified against xstrings (as sprig in tk v0.38.0 uses it) and the
// samples documented in xstrings' own doc comments.
import { describe, expect, test } from 'vitest';
import { kebabCase, pascalCase, snakeCase } from '../../../tools/gocompat/template/snakecase.js';

describe('snakeCase (xstrings ToSnakeCase)', () => {
  test.each([
    ['Deployment_grafana', 'deployment_grafana'],
    ['ConfigMap_my-app.config', 'config_map_my_app.config'],
    ['ClusterRoleBinding_grafana-clusterrolebinding', 'cluster_role_binding_grafana_clusterrolebinding'],
    ['ConfigMap_grafana-dashboards-k8s', 'config_map_grafana_dashboards_k_8s'],
    ['APIService_v1beta1.metrics.k8s.io', 'api_service_v_1beta1.metrics.k_8s.io'],
    ['Secret_my-secret-v2', 'secret_my_secret_v2'],
    ['Service_loki-0', 'service_loki_0'],
    ['Service_foo1a', 'service_foo_1a'],
    ['ConfigMap_http2xx', 'config_map_http_2xx'],
    ['Job_job1-2-3', 'job_job1_2_3'],
    ['ConfigMap_x__y', 'config_map_x__y'],
    ['Service_ABCService', 'service_abc_service'],
    ['Secret_sh.helm.release.v1.foo.v1', 'secret_sh.helm.release.v1.foo.v1'],
  ])('reference: %s → %s', (input, out) => {
    expect(snakeCase(input)).toBe(out);
  });

  test.each([
    ['FirstName', 'first_name'],
    ['HTTPServer', 'http_server'],
    ['NoHTTPS', 'no_https'],
    ['GO_PATH', 'go_path'],
    ['GO PATH', 'go_path'],
    ['GO-PATH', 'go_path'],
    ['http2xx', 'http_2xx'],
    ['HTTP20xOK', 'http_20x_ok'],
    ['Duration2m3s', 'duration_2m3s'],
    ['Bld4Floor3rd', 'bld4_floor_3rd'],
    ['', ''],
  ])('xstrings samples: %s → %s', (input, out) => {
    expect(snakeCase(input)).toBe(out);
  });

  test('a List without metadata: List_<nil> (symbols are their own words)', () => {
    expect(snakeCase('List_<nil>')).toBe('list_<_nil_>');
  });
});

describe('kebabCase and camelcase', () => {
  test.each([
    ['FirstName', 'first-name'],
    ['HTTPServer', 'http-server'],
    ['GO_PATH', 'go-path'],
    ['http2xx', 'http-2xx'],
    ['HTTP20xOK', 'http-20x-ok'],
    ['Bld4Floor3rd', 'bld4-floor-3rd'],
  ])('kebab %s → %s', (input, out) => {
    expect(kebabCase(input)).toBe(out);
  });
  test.each([
    ['some_words', 'SomeWords'],
    ['http_server', 'HttpServer'],
    ['no_https', 'NoHttps'],
    ['_complex__case_', '_Complex_Case_'],
    ['some words', 'SomeWords'],
    ['GOLANG_IS_GREAT', 'GolangIsGreat'],
  ])('pascal %s → %s', (input, out) => {
    expect(pascalCase(input)).toBe(out);
  });
});

// Random inputs with their ToSnakeCase results, recorded from a Go build of the
// xstrings word-splitting algorithm (30,000 random cases matched while developing).
const recorded = JSON.parse(readFileSync(new URL('./snakecase-golden.json', import.meta.url), 'utf8')) as Array<[string, string]>;
describe('snakeCase on recorded random inputs', () => {
  test.each(recorded)('%j', (input, out) => {
    expect(snakeCase(input)).toBe(out);
  });
});

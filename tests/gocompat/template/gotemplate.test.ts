// Go text/template semantics as tk v0.38.0's export formats show them (verified: missing
// keys print <no value>, print of a missing key prints <nil>) and the Go docs.
import { describe, expect, test } from 'vitest';
import { compileTemplate, TemplateError } from '../../../tools/gocompat/template/index.js';

const run = (src: string, data: unknown) => compileTemplate(src)(data as never);

const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana', namespace: 'mon' }, spec: { replicas: 3 } };
const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } };

describe('Tanka formats', () => {
  test('default export format', () => {
    const f = '{{.apiVersion}}.{{.kind}}-{{or .metadata.name .metadata.generateName}}';
    expect(run(f, deploy)).toBe('apps/v1.Deployment-grafana');
    expect(run(f, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'job-' } })).toBe('v1.Pod-job-');
  });
  test('missing field prints <no value>', () => {
    expect(run('{{.metadata.namespace}}/{{.kind}}', clusterRole)).toBe('<no value>/ClusterRole');
    expect(run('{{.nope.deeper.still}}', clusterRole)).toBe('<no value>');
    expect(run('{{or .metadata.namespace .metadata.generateName}}', clusterRole)).toBe('<no value>');
  });
  test('default helm name format with snakecase', () => {
    const f = '{{ print .kind "_" .metadata.name | snakecase }}';
    expect(run(f, deploy)).toBe('deployment_grafana');
    expect(run(f, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grafana-dashboards-k8s' } })).toBe('config_map_grafana_dashboards_k_8s');
    // A List without metadata: print renders the missing name as <nil> (verified key List_<nil>).
    expect(run('{{ print .kind "_" .metadata.name }}', { apiVersion: 'v1', kind: 'List', items: [] })).toBe('List_<nil>');
  });
  test('null vs missing', () => {
    expect(run('{{.a}}', { a: null })).toBe('<no value>');
    expect(run('{{print .a}}', { a: null })).toBe('<nil>');
    expect(() => run('{{.a.b}}', { a: null })).toThrow(/nil pointer evaluating interface \{\}\.b/);
    expect(() => run('{{.a.b}}', { a: 'str' })).toThrow(/can't evaluate field b/);
  });
});

describe('values and printing', () => {
  test('numbers print like %v (float64)', () => {
    expect(run('{{.spec.replicas}}', deploy)).toBe('3');
    expect(run('{{.n}}', { n: 1000000 })).toBe('1e+06');
    expect(run('{{.n}}', { n: 0.5 })).toBe('0.5');
    expect(run('{{print 1 2}} {{print "a" 1 "b"}} {{print 1 "a"}}', {})).toBe('1 2 a1b 1a');
    expect(run('{{.b}} {{.l}} {{.m}}', { b: true, l: [1, 'x'], m: { b: 2, a: 'y' } })).toBe('true [1 x] map[a:y b:2]');
  });
  test('literals', () => {
    expect(run('{{"a\\tb"}}|{{`raw\\n`}}|{{42}}|{{-3}}|{{1.5}}|{{true}}|{{0x1F}}', {})).toBe('a\tb|raw\\n|42|-3|1.5|true|31');
  });
  test('printf verbs', () => {
    expect(run('{{printf "%s-%d-%v-%q-%t" .s 7 .n .s true}}', { s: 'x', n: 2.5 })).toBe('x-7-2.5-"x"-true');
    expect(run('{{printf "%05d|%-4s|%4s|%.2f|%x|%%" 42 "ab" "cd" 3.14159 255}}', {})).toBe('00042|ab  |  cd|3.14|ff|%');
    expect(run('{{printf "%d" .n}}', { n: 3 })).toBe('%!d(float64=3)');
  });
});

describe('control flow and trimming', () => {
  test('if / else if / else', () => {
    const f = '{{if .a}}A{{else if .b}}B{{else}}C{{end}}';
    expect(run(f, { a: 1 })).toBe('A');
    expect(run(f, { b: 'x' })).toBe('B');
    expect(run(f, { a: 0, b: '' })).toBe('C');
    expect(run('{{if .m}}y{{else}}n{{end}}{{if .l}}y{{else}}n{{end}}', { m: {}, l: [] })).toBe('nn');
  });
  test('with, range, variables', () => {
    expect(run('{{with .metadata}}{{.name}}{{end}}', deploy)).toBe('grafana');
    expect(run('{{with .nope}}x{{else}}none{{end}}', deploy)).toBe('none');
    expect(run('{{range .l}}[{{.}}]{{end}}', { l: ['a', 'b'] })).toBe('[a][b]');
    expect(run('{{range $i, $e := .l}}{{$i}}={{$e}};{{end}}', { l: ['a', 'b'] })).toBe('0=a;1=b;');
    expect(run('{{range $k, $v := .m}}{{$k}}:{{$v}},{{end}}', { m: { b: 1, a: 2 } })).toBe('a:2,b:1,');
    expect(run('{{range .l}}x{{else}}empty{{end}}', { l: [] })).toBe('empty');
    expect(run('{{$n := .metadata.name}}{{with .spec}}{{$n}}-{{.replicas}}{{end}}-{{$.kind}}', deploy)).toBe('grafana-3-Deployment');
  });
  test('{{- and -}} trim whitespace', () => {
    expect(run('a  {{- .x -}}  \n b', { x: 'X' })).toBe('aXb');
    expect(run('a {{-3}} b', {})).toBe('a -3 b');
    expect(run('{{/* comment */}}x{{- /* c */ -}} y', {})).toBe('xy');
  });
  test('parenthesized pipelines and field chains on them', () => {
    expect(run('{{(index .items 0).metadata.name}}', { items: [{ metadata: { name: 'first' } }] })).toBe('first');
    expect(run('{{ .kind | lower | printf "%s!" }}', deploy)).toBe('deployment!');
  });
});

describe('functions', () => {
  test.each([
    ['{{or .x .y}}', { y: 'y' }, 'y'],
    ['{{or .x .y}}', { x: 'x', y: 'y' }, 'x'],
    ['{{and .x .y}}', { x: 'x', y: 'y' }, 'y'],
    ['{{and .x .y}}', { x: '', y: 'y' }, ''],
    ['{{not .x}}', { x: '' }, 'true'],
    ['{{eq .kind "Deployment"}}', deploy, 'true'],
    ['{{eq .kind "A" "Deployment"}}', deploy, 'true'],
    ['{{ne .kind "Deployment"}}', deploy, 'false'],
    ['{{lt .a .b}}', { a: 1, b: 2 }, 'true'],
    ['{{ge .a .b}}', { a: 'b', b: 'a' }, 'true'],
    ['{{len .l}}', { l: [1, 2, 3] }, '3'],
    ['{{len .s}}', { s: 'héllo' }, '6'],
    ['{{index .m "a-b"}}', { m: { 'a-b': 'v' } }, 'v'],
    ['{{index .l 1}}', { l: ['a', 'b'] }, 'b'],
    ['{{index .m "missing"}}', { m: {} }, '<no value>'],
    ['{{default "d" .x}}', {}, 'd'],
    ['{{default "d" .x}}', { x: 'v' }, 'v'],
    ['{{.x | default "d"}}', { x: '' }, 'd'],
    ['{{lower .s}}/{{upper .s}}/{{title .t}}', { s: 'AbC', t: 'hello world-x' }, 'abc/ABC/Hello World-X'],
    ['{{title .s}}', { s: "it's a dog's life x.y" }, "It'S A Dog'S Life X.Y"],
    ['{{replace "-" "_" .s}}', { s: 'a-b-c' }, 'a_b_c'],
    ['{{trim .s}}|{{trimPrefix "v" .v}}|{{trimSuffix ".yaml" .f}}', { s: '  x \n', v: 'v1.2', f: 'a.yaml' }, 'x|1.2|a'],
    ['{{snakecase .s}} {{camelcase .c}} {{kebabcase .s}}', { s: 'HTTPServer', c: 'http_server' }, 'http_server HttpServer http-server'],
    ['{{substr 0 3 .s}}|{{trunc 2 .s}}|{{trunc -2 .s}}', { s: 'abcdef' }, 'abc|ab|ef'],
    ['{{contains "ell" .s}} {{hasPrefix "he" .s}} {{hasSuffix "lo" .s}}', { s: 'hello' }, 'true true true'],
    ['{{quote .s}} {{squote .s}}', { s: 'a"b' }, '"a\\"b" \'a"b\''],
    ['{{join "," .l}}', { l: ['a', 'b', 1] }, 'a,b,1'],
    ['{{splitList "/" .s}}', { s: 'a/b' }, '[a b]'],
    ['{{index (splitList "/" .apiVersion) 0}}', deploy, 'apps'],
  ])('%s', (src, data, out) => {
    expect(run(src, data)).toBe(out);
  });

  test('env reads the process environment', () => {
    process.env.TKTS_TEMPLATE_TEST = 'from-env';
    expect(run('{{env "TKTS_TEMPLATE_TEST"}}', {})).toBe('from-env');
  });
});

describe('errors', () => {
  test('parse errors', () => {
    expect(() => compileTemplate('{{.a')).toThrow(TemplateError);
    expect(() => compileTemplate('{{if .a}}x')).toThrow(/unexpected EOF/);
    expect(() => compileTemplate('{{end}}')).toThrow(/unexpected \{\{end\}\}/);
    expect(() => compileTemplate('{{nosuchfunc .a}}')).toThrow('template: :1: function "nosuchfunc" not defined');
  });
  test('wrong argument types', () => {
    expect(() => run('{{lower .n}}', { n: 1 })).toThrow(/expected string; got float64/);
    expect(() => run('{{eq .n 1}}', { n: 1 })).toThrow(/incompatible types for comparison/);
  });
});

// Writes tests/gocompat/yaml/golden/yaml-golden.json from the Go program in main.go
// (built against Debian's golang-gopkg-yaml.v2-dev 2.4.0 / yaml.v3-dev 3.0.1).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
let seed = 4242;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const atoms = ['a', 'b', 'Z', ' ', ' ', '  ', ':', '#', '-', '?', '\n', '\n\n', '\t', "'", '"', '\\', '0', '1', '9', '.', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', 'é', '😀', '\u2028', '\u0085', '\u00a0', '\ufeff', '\r', '\x00', '\x7f', 'yes', 'null', '~', '0x', 'e', '+', '_', '---', '...', 'word', 'longerword', '2001-12-14', 'T', '12:30:45', 'Z'];
function rstr(max) { let s = ''; const n = Math.floor(rnd() * max); for (let i = 0; i < n; i++) s += pick(atoms); return s; }
function rval(depth) {
  const r = rnd();
  if (depth > 3 || r < 0.45) {
    const t = rnd();
    if (t < 0.6) return rstr(12);
    if (t < 0.7) return pick([0, -0, 1, 1e6, 123456, 1234567, 0.1, 1e-5, 1e21, 1.5e300, -2.5, 100000, 8080, 1073741824, 0.0001]);
    if (t < 0.8) return pick([true, false, null]);
    if (t < 0.9) return Array.from({ length: Math.floor(rnd() * 30) }, () => pick(['word', 'lorem', 'ipsum', 'x'])).join(pick([' ', '  ', ' ', ', ']));
    return pick(['', 'yes', '0755', '1:20', '.5', '1e5', '08', '2001-12-14T21:59:43.10Z', 'on', 'Off', '-', ':', '<<', '.inf', '0b101', '0o17', '1_000', '+1']);
  }
  if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => rval(depth + 1));
  const o = {};
  const n = Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) o[rnd() < 0.5 ? rstr(6) : pick(['a', 'b10', 'b9', 'B', '_x', 'a-1', 'apiVersion', 'kind', 'n', 'y', '80', 'x'.repeat(130)])] = rval(depth + 1);
  return o;
}
// Usage (repo root): node tests/gocompat/yaml/golden/gen/make-golden.mjs /path/to/yamlgold
const bin = process.argv[2] ?? '/tmp/yamlgold';
{
  const cases = [];
  for (let i = 0; i < 200; i++) cases.push({ k: rval(0), long: rstr(120), deep: { x: [{ y: rstr(80) }] } });
  const k8s = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'grafana', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'grafana', 'tanka.dev/environment': 'ef8004c80176691d8a0f3688c077aa401e0b6083174fa72e' }, annotations: { 'checksum/config': '3f1a', 'description': 'A very long description that goes on and on and on, well past the eighty column limit of yaml.v2 folding.' } }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'grafana', image: 'grafana/grafana:10.0.0', args: ['--config', '/etc/grafana.ini'], ports: [{ containerPort: 3000, name: 'http' }], resources: { limits: { memory: 1073741824, cpu: 0.5 } }, env: [{ name: 'GF_AUTH', value: 'true' }, { name: 'EMPTY', value: '' }, { name: 'PORT', value: '3000' }] }], volumes: [{ name: 'cfg', configMap: { name: 'grafana', defaultMode: 420 } }] } } } };
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grafana' }, data: { 'grafana.ini': '[server]\nhttp_port = 3000\n\n[auth]\n  disable = true\n', 'script.sh': '#!/bin/sh\necho "hi"\t# tab\n', 'trailing.txt': 'line   \nnext', 'json': '{"a": 1, "b": [1, 2]}', 'leading': '\n\nstarts with newlines\n\n' } };
  cases.push(k8s, cm, [k8s, cm]);
  const out = JSON.parse(execFileSync(bin, { input: JSON.stringify(cases), maxBuffer: 1 << 30 }).toString());
  const golden = JSON.parse(JSON.stringify(cases)).map((input, i) => ({ input, ...out[i] }));
  writeFileSync('tests/gocompat/yaml/golden/yaml-golden.json', JSON.stringify(golden, null, 1) + '\n');
}

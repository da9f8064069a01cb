import { describe, expect, it } from 'vitest';
import { addRepository, addRequirement, parseChartfile } from '../../tools/charts/chartfile.js';
import { ChartsErrors } from '../../tools/charts/errors.js';

function errorsOf(src: string): string[] {
  try {
    parseChartfile(src, '/p/chartfile.yaml');
  } catch (err) {
    if (err instanceof ChartsErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error('expected errors');
}

const GOOD = `# comment kept
version: 1
directory: vendor-charts
repositories:
  - name: grafana
    url: https://grafana.github.io/helm-charts
  - name: oci-repo
    url: oci://ghcr.io/acme/charts
requires:
  - chart: grafana/loki
    version: 6.1.0
  - chart: oci-repo/app
    version: v1.0.0
    directory: apps/app
`;

describe('chartfile', () => {
  it('parses Tanka\'s schema with defaults and lines', () => {
    const cf = parseChartfile(GOOD, '/p/chartfile.yaml');
    expect(cf.directory).toBe('/p/vendor-charts');
    expect(cf.repositories.map((r) => r.name)).toEqual(['grafana', 'oci-repo']);
    expect(cf.requires).toEqual([
      { chart: 'grafana/loki', repo: 'grafana', name: 'loki', version: '6.1.0', directory: 'loki', line: 10 },
      { chart: 'oci-repo/app', repo: 'oci-repo', name: 'app', version: 'v1.0.0', directory: 'apps/app', line: 12 },
    ]);
    expect(parseChartfile('', '/p/chartfile.yaml').directory).toBe('/p/charts');
  });

  it('names the line of unknown keys, bad versions and bad chart names', () => {
    expect(errorsOf('version: 1\nrepos: []\n')).toEqual(['/p/chartfile.yaml:2:1: unknown key "repos" (expected one of: version, directory, repositories, requires)']);
    const errs = errorsOf(`repositories:
  - name: g
    url: https://x
requires:
  - chart: g/a
    version: 6.x.y
  - chart: g/b
    version: 1.0
  - chart: nope
    version: 1.0.0
  - chart: g/c
    version: 1.0.0
    dir: c
`);
    expect(errs).toEqual([
      '/p/chartfile.yaml:6:14: requires[0] (g/a): version "6.x.y" is not a semantic version (MAJOR.MINOR.PATCH)',
      '/p/chartfile.yaml:8:14: requires[1].version must be a string; quote it',
      '/p/chartfile.yaml:9:12: Chart name "nope" is not valid. Expecting a repo/name format.',
      '/p/chartfile.yaml:13:5: unknown key "dir" in requires[3] (expected chart, version, directory)',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(errorsOf('version: 1\nrequires:\n  - chart: [\n')[0]).toMatch(/^\/p\/chartfile\.yaml:\d+:\d+: /);
    expect(errorsOf('version: 1\nversion: 1\n')[0]).toMatch(/^\/p\/chartfile\.yaml:2:1: .*[Uu]nique/);
  });

  it('refuses credentials in the file, unknown repositories and clashing folders', () => {
    const errs = errorsOf(`repositories:
  - name: private-repo
    url: https://charts.example.com
    password: hunter2
requires:
  - chart: other/z
    version: 1.0.0
  - chart: private-repo/a
    version: 1.0.0
  - chart: private-repo/b
    version: 2.0.0
    directory: a
`);
    expect(errs[0]).toBe('/p/chartfile.yaml:4:5: credentials do not belong in chartfile.yaml; remove "password" and set TKTS_REPO_PRIVATE_REPO_USERNAME / ...PASSWORD (or ...TOKEN) in the environment');
    expect(errs).toContain('/p/chartfile.yaml:6: repository "other" not found for chart "other/z"');
    expect(errs).toContain('/p/chartfile.yaml:10: output directory "a" is used twice, by charts "private-repo/a@1.0.0" and "private-repo/b@2.0.0"');
    expect(errorsOf('requires:\n  - chart: g/a\n    version: 1.0.0\n    directory: ../x\n')[0]).toMatch(/:4:16: .*directory "\.\.\/x"/);
  });

  it('edits the file keeping comments, like tk tool charts add / add-repo', () => {
    let text = addRepository(GOOD, '/p/chartfile.yaml', 'jetstack', 'https://charts.jetstack.io');
    text = addRequirement(text, '/p/chartfile.yaml', { chart: 'jetstack/cert-manager', version: 'v1.21.1' });
    text = addRequirement(text, '/p/chartfile.yaml', { chart: 'grafana/loki', version: '6.2.0' });
    expect(text.startsWith('# comment kept\n')).toBe(true);
    const cf = parseChartfile(text, '/p/chartfile.yaml');
    expect(cf.requires.map((r) => `${r.chart}@${r.version}`)).toEqual(['grafana/loki@6.2.0', 'oci-repo/app@v1.0.0', 'jetstack/cert-manager@v1.21.1']);
    expect(() => addRepository(text, '/p/chartfile.yaml', 'grafana', 'https://x')).toThrow(/already exists/);
  });
});

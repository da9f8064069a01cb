// The files of a chart as Helm loads them (.helmignore), checked against the real helm: what
// `helm package` puts in the archive is exactly what helmLoadedFiles keeps, for hand-made rules
// and for the mirror's charts whose git trees hold files their .helmignore drops (ci/, tests/,
// README.md.gotmpl, CHANGELOG.md), so a lock made from the mirror verifies against the archives
// upstream publishes.
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFilepathMatch } from '../../tools/gocompat/filepath-match.js';
import { helmLoadedFiles, isIgnored, parseHelmignore } from '../../tools/charts/helmignore.js';
import { projectRoot } from '../../tools/charts/paths.js';
import { unpackChartArchive } from '../../tools/charts/tar.js';
import { readTree, treeDigest } from '../../tools/charts/tree.js';
import { canonicalChartYaml, chartContentDigest } from '../../tools/charts/chart-digest.js';
import { helm, tempDir } from './helpers.js';

const MIRROR = resolve(projectRoot(), process.env.CHART_MIRROR ?? '../shared/charts-mirror');
const home = tempDir('helmignore-home');
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The files of the archive `helm package` makes of `dir` (paths under the chart's folder). */
async function packaged(dir: string): Promise<string[]> {
  const out = tempDir('helmignore-pkg');
  try {
    await helm(home, ['package', dir, '-d', out]);
    const [tgz] = readdirSync(out);
    return [...unpackChartArchive(readFileSync(join(out, tgz!)), tgz!).files.keys()].sort();
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function writeChart(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

const CHART = 'apiVersion: v2\nname: demo\nversion: 1.0.0\n';
const TREE = {
  'Chart.yaml': CHART,
  'values.yaml': 'a: 1\n',
  'templates/cm.yaml': 'kind: ConfigMap\n',
  'templates/.hidden.yaml': 'x\n',
  'templates/sub/.hidden.yaml': 'x\n',
  'templates/keep.txt': 'x\n',
  'ci/values.yaml': 'x\n',
  'docs/ci/readme.md': 'x\n',
  'notes.txt': 'x\n',
  'files/a.txt': 'x\n',
  'files/b.tmpl': 'x\n',
  'files/deep/c.txt': 'x\n',
  'tmp1': 'x\n',
  'tmpdir/x.yaml': 'x\n',
  'README.md.gotmpl': 'x\n',
};

describe('helmLoadedFiles against helm package', () => {
  const cases: [string, string][] = [
    ['no .helmignore (only the default templates/.?*)', ''],
    ['folders only, anchored, base names, whole paths, classes', '# comment\n\nci/\n/notes.txt\n*.gotmpl\nfiles/*.tmpl\ntmp?\n  */deep  \n[a-c].txt\n'],
    ['a folder rule does not hide a file of that name, and a file rule hides a folder', 'tmp1/\ntmpdir\n'],
    // Helm's negation: a ! rule ignores whatever it does not match (folders included), so
    // only top-level YAML files stay.
    ["Helm's negation: a ! rule ignores whatever it does not match", '!*.yaml\n'],
    ["Helm's negation after another rule", 'values.yaml\n!*.yaml\n'],
  ];
  for (const [name, ignore] of cases) {
    it(name, async () => {
      const dir = join(tempDir('helmignore'), 'demo');
      try {
        writeChart(dir, { ...TREE, ...(ignore ? { '.helmignore': ignore } : {}) });
        const ours = [...helmLoadedFiles(await readTree(dir), 'demo').keys()].sort();
        expect(ours).toEqual(await packaged(dir));
      } finally {
        rmSync(dirname(dir), { recursive: true, force: true });
      }
    });
  }

  it('refuses ** and malformed patterns, naming the file and line', () => {
    expect(() => parseHelmignore('ok\nfoo/**/bar\n', 'c/.helmignore')).toThrow('c/.helmignore:2: double-star (**) syntax is not supported');
    expect(() => parseHelmignore('a[\n', 'c/.helmignore')).toThrow(/^c\/\.helmignore:1: syntax error in pattern/);
  });

  it("Go's filepath.Match: * and ? stop at '/', classes, escapes, bad patterns", () => {
    const m = (p: string, s: string) => compileFilepathMatch(p).test(s);
    expect([m('*.txt', 'a.txt'), m('*.txt', 'd/a.txt'), m('a?c', 'abc'), m('a?c', 'a/c')]).toEqual([true, false, true, false]);
    expect([m('[a-c]x', 'bx'), m('[^a-c]x', 'dx'), m('[^a-c]x', 'ax'), m('\\*', '*'), m('\\*', 'a'), m('[z-a]', 'm')]).toEqual([true, true, false, true, false, false]);
    for (const bad of ['[', '[]', 'a\\', '[a-]', '[]a]']) expect(() => compileFilepathMatch(bad), bad).toThrow(/syntax error/);
    expect(isIgnored(parseHelmignore('', 'x'), 'templates/.x', false)).toBe(true);
  });
});

describe('Chart.yaml by the metadata Helm reads', () => {
  const a = '# comment\napiVersion: v2\nname: demo\nversion: "1.0.0"\nx-unknown: 1\ndependencies:\n  - name: crds\n    version: 0.0.0\n    condition: crds.create\ndeprecated: false\n';
  const b = 'apiVersion: v2\ndependencies:\n- condition: crds.create\n  name: crds\n  repository: ""\n  version: 0.0.0\nname: demo\nversion: 1.0.0\n';
  it('ignores order, comments, quoting, unknown keys and empty values', () => {
    expect(canonicalChartYaml(a, 'a')).toBe(canonicalChartYaml(b, 'b'));
    const tree = (chart: string) => new Map([['Chart.yaml', { data: Buffer.from(chart), mode: 0o644 }], ['values.yaml', { data: Buffer.from('a: 1\n'), mode: 0o644 }]]);
    expect(chartContentDigest(tree(a), 'a')).toBe(chartContentDigest(tree(b), 'b'));
    expect(treeDigest(tree(a))).not.toBe(treeDigest(tree(b)));
  });
  it('still tells versions, dependencies and other files apart', () => {
    expect(canonicalChartYaml(a.replace('"1.0.0"', '1.0.1'), 'a')).not.toBe(canonicalChartYaml(b, 'b'));
    expect(canonicalChartYaml(a.replace('crds.create', 'crds.enabled'), 'a')).not.toBe(canonicalChartYaml(b, 'b'));
    expect(() => canonicalChartYaml('- a\n', 'c/Chart.yaml')).toThrow('c/Chart.yaml: Chart.yaml is not a mapping');
  });
});

describe("the mirror's charts as helm packages them", () => {
  // Git trees whose .helmignore drops files (found with helm package); charts with
  // dependencies are not packaged here (helm wants them in charts/ first).
  const charts = [
    'prometheus-community/prometheus-node-exporter/4.56.1',
    'fluxcd-community/flux2/2.18.3',
    'grafana-community/grafana/12.11.1',
    'grafana/alloy/1.11.1',
    'kedacore/keda/2.20.2',
    'bitnami/common/2.31.10',
    'minio/minio/5.4.0',
  ];
  it.each(charts)('%s: the loaded files are the archive, and both have one content digest', async (rel) => {
    const dir = join(MIRROR, rel);
    if (!existsSync(join(dir, 'Chart.yaml'))) throw new Error(`${dir} not found (set CHART_MIRROR to the chart mirror)`);
    const tree = await readTree(dir);
    const loaded = helmLoadedFiles(tree, rel);
    const out = tempDir('helmignore-pkg');
    try {
      await helm(home, ['package', dir, '-d', out]);
      const [tgz] = readdirSync(out);
      const archivedFiles = unpackChartArchive(readFileSync(join(out, tgz!)), tgz!).files;
      expect([...loaded.keys()].sort()).toEqual([...archivedFiles.keys()].sort());
      // helm package writes Chart.yaml anew: equal by the metadata Helm reads, not by bytes.
      expect(chartContentDigest(loaded, rel)).toBe(chartContentDigest(archivedFiles, tgz!));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

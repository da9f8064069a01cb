// Label selectors (`env list -l`, `export -l`) against the real tk: for every selector, the
// environments tk lists are the ones parseSelector selects, and a selector tk refuses is refused.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSelector, SelectorError } from '../../tools/tanka/label-selector.js';
import { requireTool } from '../helpers/ref-tools.js';

const LABELS: Record<string, Record<string, string>> = {
  a: { env: 'dev', tier: '1', 'example.com/team': 'red' },
  b: { env: 'prod', tier: '3' },
  c: { env: '', tier: 'x' },
  d: {},
};

const SELECTORS = [
  '', 'env', '!env', 'env=dev', 'env==dev', 'env!=dev', 'env=', 'env!=', 'env==',
  'env in (dev,prod)', 'env in (dev, prod)', 'env in(dev)', 'env notin (dev)', 'env notin(dev),!tier',
  'env in ()', 'env notin ()', 'env in (dev,)', 'env in (,dev)', 'env in (dev,dev)',
  'tier>2', 'tier > 2', 'tier<2', 'tier<01', 'tier>0', '  env = dev  ', 'env=dev,tier', '!env,tier',
  'env in (dev,prod),tier', 'example.com/team=red', 'in=dev', 'env in (in)', 'Env=dev',
  // refused by both
  'env in (dev', 'x y', 'a=b=c', ',', 'env=dev,', '=dev', '!', '!env=dev', 'env=in (a)', 'env in dev',
  'env in (a b)', 'env in (dev),', 'env in (dev)x', 'tier>x', 'tier>1.5', 'tier>-1', 'tier>+1',
  'env=dev!', '-a=b', 'env=dev x', `env=${'a'.repeat(64)}`, 'env=-x', 'Example.com/team=red',
];

let dir: string;
let tk: string;

beforeAll(() => {
  tk = requireTool('tk');
  dir = mkdtempSync(join(tmpdir(), 'tkts-selector-'));
  writeFileSync(join(dir, 'jsonnetfile.json'), '{}');
  for (const [name, labels] of Object.entries(LABELS)) {
    mkdirSync(join(dir, 'environments', name), { recursive: true });
    writeFileSync(join(dir, 'environments', name, 'main.jsonnet'), '{}');
    const spec = { apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment', metadata: { name, labels }, spec: { namespace: name } };
    writeFileSync(join(dir, 'environments', name, 'spec.json'), JSON.stringify(spec));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('label selectors as tk reads them', () => {
  it.each(SELECTORS)('%j', (selector) => {
    const r = spawnSync(tk, ['env', 'list', '--names', '-l', selector], { cwd: dir, encoding: 'utf8' });
    let ours: string[] | 'refused';
    try {
      const selects = parseSelector(selector);
      ours = Object.keys(LABELS).filter((n) => selects(LABELS[n]));
    } catch (e) {
      expect(e).toBeInstanceOf(SelectorError);
      ours = 'refused';
    }
    const theirs = r.status === 0 ? r.stdout.split('\n').filter(Boolean).map((n) => n.replace('environments/', '')) : 'refused';
    expect(r.status === 0 || r.stderr.includes('Could not parse selector'), r.stderr).toBe(true);
    expect(ours).toEqual(theirs);
  });

  it('names the problem', () => {
    expect(() => parseSelector('env in (dev')).toThrow('expected "," or ")" at the end');
    expect(() => parseSelector('x y')).toThrow('found "y", expected');
    expect(() => parseSelector('tier>1.5')).toThrow('"1.5" after ">" is not an integer');
    expect(() => parseSelector('Env=-x')).toThrow('invalid label value "-x"');
  });
});


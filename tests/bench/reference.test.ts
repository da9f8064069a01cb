// The benchmarks' reference runs: saved, read back, and printed beside a new run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparisonTable, loadReference, markdownTable, saveReference, type Measurement } from '../../bench/reference.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ref-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = (cold: number, warm: number): Measurement[] => [
  { row: '10k objects', metric: 'cold', value: cold, unit: 'ms' },
  { row: '10k objects', metric: 'warm', value: warm, unit: 'ms' },
];

describe('reference runs', () => {
  it('round-trips a run through its file (values to 0.1)', () => {
    const file = path.join(tmp, 'reference.json');
    saveReference(file, run(800.04, 159.96), new Date('2026-12-05T12:00:00Z'));
    const r = loadReference(file)!;
    expect(r.recorded).toBe('2026-12-05T12:00:00.000Z');
    expect(r.measurements).toEqual(run(800, 160));
    expect(r.host).toMatch(/Node \d+/);
    expect(fs.readdirSync(tmp)).toEqual(['reference.json']);
  });

  it('prints each measurement beside the reference, with the change', () => {
    const ref = { recorded: '2026-12-05T12:00:00.000Z', host: '2 × CPU', measurements: run(800, 160) };
    const text = comparisonTable([...run(400, 200), { row: 'env', metric: 'total', value: 12_500, unit: 'ms' }], ref);
    expect(text.split('\n')).toEqual([
      'Against the reference run of 2026-12-05 (2 × CPU); lower is better:',
      '| scenario    | metric | reference | this run | change |',
      '|-------------|-------:|----------:|---------:|-------:|',
      '| 10k objects |   cold |    800 ms |   400 ms |   -50% |',
      '| 10k objects |   warm |    160 ms |   200 ms |   +25% |',
      '| env         |  total |         - |   12.5 s |    new |',
    ]);
  });

  it('says how to record one when there is none', () => {
    expect(comparisonTable(run(1, 1), undefined)).toContain('--save-reference');
    expect(loadReference(path.join(tmp, 'missing.json'))).toBeUndefined();
  });

  it('refuses a file without measurements', () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, '{"recorded": "x"}');
    expect(() => loadReference(file)).toThrow(/no "measurements"/);
    fs.rmSync(file);
  });

  it('aligns tables: first column left, numbers right', () => {
    expect(markdownTable(['a', 'b'], [['xx', '1'], ['y', '22']])).toEqual(['| a  |  b |', '|----|---:|', '| xx |  1 |', '| y  | 22 |']);
  });
});

import { describe, expect, it } from 'vitest';
import { unpackChartArchive, safeRelative, DEFAULT_LIMITS } from '../../tools/charts/tar.js';
import { gzipSync } from 'node:zlib';
import { makeTgz } from './helpers.js';

const chartYaml = { name: 'c/Chart.yaml', data: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };

describe('safe chart archive extraction', () => {
  it('unpacks a normal archive below its top folder, materializing inner links', () => {
    const { top, files } = unpackChartArchive(makeTgz([
      { name: 'c/', type: '5' },
      chartYaml,
      { name: 'c/templates/a.yaml', data: 'a: 1\n' },
      { name: 'c/templates/b.yaml', type: '2', linkname: 'a.yaml' },
    ]), 'test');
    expect(top).toBe('c');
    expect([...files.keys()].sort()).toEqual(['Chart.yaml', 'templates/a.yaml', 'templates/b.yaml']);
    expect(files.get('templates/b.yaml')!.data.toString()).toBe('a: 1\n');
  });

  it.each([
    [[chartYaml, { name: 'c/../../evil', data: 'x' }], /contains "\.\."/],
    [[chartYaml, { name: '/etc/evil', data: 'x' }], /absolute path/],
    [[chartYaml, { name: 'c/templates/l.yaml', type: '2', linkname: '../../../etc/passwd' }], /leaves the chart/],
    [[chartYaml, { name: 'c/templates/l.yaml', type: '2', linkname: '/etc/passwd' }], /absolute path/],
    [[chartYaml, { name: 'c/dev', type: '3' }], /unsupported type "3"/],
    [[chartYaml, { name: 'd/Chart.yaml', data: 'x' }], /more than one top-level folder/],
    [[], /empty/],
  ])('refuses unsafe archive %#', (entries, message) => {
    expect(() => unpackChartArchive(makeTgz(entries), 'evil.tgz')).toThrow(message);
  });

  it('refuses archives over the size limits and data that is not gzip', () => {
    const big = makeTgz([chartYaml, { name: 'c/big', data: 'x'.repeat(4096) }]);
    expect(() => unpackChartArchive(big, 'big.tgz', { ...DEFAULT_LIMITS, maxUnpackedBytes: 2048 })).toThrow(/unsafe or invalid chart archive: .*(limit|more than 2048)/);
    expect(() => unpackChartArchive(big, 'big.tgz', { ...DEFAULT_LIMITS, maxArchiveBytes: 10 })).toThrow(/over the limit of 10/);
    expect(() => unpackChartArchive(Buffer.from('<html>not found</html>'), 'x.tgz')).toThrow(/cannot decompress/);
  });

  it('refuses a gzip bomb with a message, not a Buffer error', () => {
    // 64 MiB of zeros gzip to about 64 KiB; with a 1 MiB limit zlib stops at the limit.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    let message = '';
    try {
      unpackChartArchive(bomb, 'bomb.tgz', { ...DEFAULT_LIMITS, maxUnpackedBytes: 1024 * 1024 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('bomb.tgz: unsafe or invalid chart archive: unpacks to more than 1048576 bytes (the limit for a chart): refused');
  });

  it('normalizes relative paths', () => {
    expect(safeRelative('./a//b/./c', 'entry')).toBe('a/b/c');
    expect(() => safeRelative('a\\..\\b', 'entry')).toThrow(/backslash/);
  });
});

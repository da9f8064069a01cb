// Fetch once, verify, cache; read the cache offline afterwards; refuse bad bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefinitionsText, pinnedVersion } from '../../tools/validate/openapi-source.js';
import { MIRROR } from './helpers.js';

let server: Server;
let base = '';
let requests = 0;
let corrupt = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const file = join(MIRROR, decodeURIComponent(req.url ?? '').replace(/^\/+/, ''));
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200).end(corrupt ? Buffer.concat([body, Buffer.from(' ')]) : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('OpenAPI definitions source', () => {
  it('normalizes versions to the pinned minor', () => {
    expect(pinnedVersion('v1.32.7')).toBe('1.32.0');
    expect(pinnedVersion('>= 1.33')).toBe('1.33.0');
    expect(pinnedVersion(undefined)).toBe('1.32.0');
    expect(() => pinnedVersion('1.19')).toThrow(/no pinned OpenAPI definitions for Kubernetes 1.19/);
    expect(() => pinnedVersion('latest')).toThrow(/not a Kubernetes version/);
  });

  it('fetches once, verifies sha256, caches, then works offline', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tkts-cache-'));
    requests = 0;
    const text = await loadDefinitionsText('1.28', { cacheDir: cache, baseUrl: base, mirror: '' });
    expect(JSON.parse(text).definitions).toBeTypeOf('object');
    expect(requests).toBe(1);
    expect(existsSync(join(cache, 'k8s-openapi/v1.28.0/_definitions.json'))).toBe(true);
    const again = await loadDefinitionsText('1.28', { cacheDir: cache, baseUrl: 'http://127.0.0.1:9/unreachable', allowNetwork: false, mirror: '' });
    expect(again).toBe(text);
    expect(requests).toBe(1);
  });

  it('refuses bytes that do not match the pin and caches nothing', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tkts-cache-'));
    corrupt = true;
    try {
      await expect(loadDefinitionsText('1.30', { cacheDir: cache, baseUrl: base, mirror: '' })).rejects.toThrow(/sha256 mismatch/);
    } finally {
      corrupt = false;
    }
    expect(readdirSync(cache)).toEqual([]);
  });

  it('offline without cache or mirror: a clear error', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tkts-cache-'));
    await expect(loadDefinitionsText('1.30', { cacheDir: cache, allowNetwork: false, mirror: '' })).rejects.toThrow(/not cached.*K8S_OPENAPI_MIRROR/);
    await expect(loadDefinitionsText('1.30', { cacheDir: cache, baseUrl: 'http://127.0.0.1:9', mirror: '' })).rejects.toThrow(/cannot fetch/);
  });
});

/**
 * Vitest globalSetup for the tests' caching helm (see helm-cache.ts): one folder per run under the temp
 * dir, handed to the workers (provide + environment variable), removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { HELM_CACHE_ENV } from './helm-cache.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-helm-cache-'));
  project.provide('helmCacheDir', dir);
  process.env[HELM_CACHE_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

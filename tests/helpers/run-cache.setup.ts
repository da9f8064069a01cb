/**
 * Vitest globalSetup for the run's cache folder (see run-cache.ts): one folder per run under the temp dir,
 * handed to the workers (provide + environment variable), removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { RUN_CACHE_ENV } from './run-cache.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tkts-test-run-'));
  project.provide('runCacheDir', dir);
  process.env[RUN_CACHE_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

// One environment as a unit of work: load, process and (for export) render its
// files. Plain data in, plain data out, so it runs the same in a worker thread.

import * as path from 'node:path';
import type { JsonValue } from '../jsonnet/api.js';
import { environmentToJson } from './spec.js';
import { isStackExhaustion, loadEnvironment, type Environment, type LoadOptions, type Manifest, type ManifestSource } from './environments.js';
import { compileExportName } from './export-name.js';
import type { FileCache } from './jpath.js';
import { marshalV2 } from '../gocompat/yaml/marshal.js';

export interface EnvironmentJob {
  /** The environment's directory or entry file. */
  path: string;
  /** Inline environments: the name to select. */
  name?: string;
  options?: Omit<LoadOptions, 'fileCache' | 'warn' | 'name'>;
  /** Skip the leftover-Environment check (export does not do it). */
  forExport?: boolean;
  /** Render export files with this --format template and extension. */
  render?: { format: string; extension: string };
}

export interface ExportFile {
  /** Relative path inside the output folder, with extension, `/`-separated. */
  name: string;
  /** Its key in manifest.json: the name as the format produced it, before cleaning (as tk writes it, e.g. `/x.yaml` for an empty namespace). */
  key: string;
  content: string;
}

export type EnvironmentResult =
  /** `manifests` is empty when the job rendered `files`. */
  | { ok: true; path: string; env: Environment; manifests: Manifest[]; sources?: (ManifestSource | null)[]; files?: ExportFile[] }
  | {
      ok: false;
      path: string;
      name?: string;
      error: string;
      /** The --format template failed (tk: while writing, after evaluating). */
      render?: boolean;
      /** This thread's stack ran out before the Jsonnet limit: a thread with a larger stack may succeed. */
      stackExhausted?: boolean;
    };

/** Renders the export files of one environment (no files when it has no resources). */
export function renderExportFiles(env: Environment, manifests: Manifest[], format: string, extension: string): ExportFile[] {
  const name = compileExportName(format);
  const envJson = environmentToJson(env);
  return manifests.map((m) => {
    const key = `${name(m as JsonValue, envJson)}.${extension}`;
    return { name: cleanExportName(key), key, content: marshalV2(m as JsonValue) };
  });
}

/** A file name cleaned like Go's filepath.Join does it, that never leaves the output folder. */
export function cleanExportName(name: string): string {
  return path.posix.normalize('/' + name).slice(1);
}

/** Evaluates one environment; never throws (errors come back as values). */
export async function evaluateEnvironment(job: EnvironmentJob, fileCache?: FileCache): Promise<EnvironmentResult> {
  try {
    const { env, manifests, sources } = await loadEnvironment(job.path, { ...job.options, name: job.name, fileCache, forExport: job.forExport });
    if (!job.render) return { ok: true, path: job.path, env, manifests, sources };
    // Export needs only the files; not sending the objects back halves what crosses threads.
    let files: ExportFile[];
    try {
      files = renderExportFiles(env, manifests, job.render.format, job.render.extension);
    } catch (e) {
      if (isStackExhaustion(e)) return failed(job, e);
      return { ok: false, path: job.path, name: job.name, error: e instanceof Error ? e.message : String(e), render: true };
    }
    return { ok: true, path: job.path, env, manifests: [], files };
  } catch (e) {
    return failed(job, e);
  }
}

function failed(job: EnvironmentJob, e: unknown): EnvironmentResult {
  const result: EnvironmentResult = { ok: false, path: job.path, name: job.name, error: e instanceof Error ? e.message : String(e) };
  if (isStackExhaustion(e)) result.stackExhausted = true;
  return result;
}

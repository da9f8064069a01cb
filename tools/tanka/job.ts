// One environment as a unit of work: load, process and (for export) render its
// files. Plain data in, plain data out, so it runs the same in a worker thread.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonValue } from '../jsonnet/api.js';
import { environmentToJson } from './spec.js';
import { cacheRoot, isStackExhaustion, loadEnvironment, type Environment, type LoadedEnvironment, type LoadOptions, type Manifest, type ManifestSource } from './environments.js';
import { compileExportName } from './export-name.js';
import { resolvePaths, type FileCache } from './jpath.js';
import { entryFile, readEntry, RecordingFileCache, writeEntry } from './result-cache.js';
import type { InputRecord } from './input-record.js';
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
  /** Reuse the kept result when nothing it was made from changed, and keep this one (result-cache.ts). */
  reuseEvaluation?: boolean;
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
  const slot = keptResultFile(job);
  const kept = slot && readEntry<LoadedEnvironment>(slot.file);
  if (kept) return { ok: true, path: job.path, ...kept };
  const recording = slot ? new RecordingFileCache(fileCache ?? new Map()) : undefined;
  const inputs: InputRecord | undefined = slot ? { charts: new Set(), helms: new Set() } : undefined;
  try {
    const { env, manifests, sources } = await loadEnvironment(job.path, { ...job.options, name: job.name, fileCache: recording ?? fileCache, forExport: job.forExport, inputs });
    if (slot) writeEntry(slot.file, { env, manifests, sources }, recording!, slot.direct, inputs!);
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

/** The kept result of a job that asks for one, when nothing it was made from changed. */
export function keptResult(job: EnvironmentJob): EnvironmentResult | undefined {
  const slot = keptResultFile(job);
  const kept = slot && readEntry<LoadedEnvironment>(slot.file);
  return kept ? { ok: true, path: job.path, ...kept } : undefined;
}

/**
 * Where the result of a job that asks to reuse one is kept, and the files its evaluation reads
 * without the importer (spec.json, the entry file).
 */
function keptResultFile(job: EnvironmentJob): { file: string; direct: string[] } | undefined {
  if (!job.reuseEvaluation || job.render || job.options?.noCache) return undefined;
  if (!fs.existsSync(job.path)) return undefined; // taken as an environment name: found by evaluating
  try {
    const paths = resolvePaths(job.path);
    const what = { path: path.resolve(job.path), name: job.name, options: job.options, forExport: job.forExport, paths };
    return { file: entryFile(cacheRoot(paths.root, job.options ?? {}), what), direct: [paths.entrypoint, path.join(paths.base, 'spec.json')] };
  } catch {
    return undefined; // the evaluation reports what is wrong with the path
  }
}

function failed(job: EnvironmentJob, e: unknown): EnvironmentResult {
  const result: EnvironmentResult = { ok: false, path: job.path, name: job.name, error: e instanceof Error ? e.message : String(e) };
  if (isStackExhaustion(e)) result.stackExhausted = true;
  return result;
}

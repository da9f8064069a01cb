// `tk export <outputDir> <path>...`: every environment rendered
// to one file per object plus manifest.json. The new files are written into a
// staging folder first and moved into place only when every environment
// succeeded, so a failed export leaves the output folder as it was.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathErrorText } from '../gocompat/errors.js';
import { goMarshal } from '../gocompat/json.js';
import { findEnvironments } from './find.js';
import type { Selector } from './label-selector.js';
import { listEnvironments, type LoadOptions } from './environments.js';
import { compileExportName, DEFAULT_FORMAT } from './export-name.js';
import { DEFAULT_ENTRYPOINT, resolvePaths } from './jpath.js';
import { cleanExportName, type EnvironmentJob, type EnvironmentResult, type ExportFile } from './job.js';
import { defaultParallelism, runEnvironmentJobs } from './pool.js';

export type MergeStrategy = '' | 'fail-on-conflicts' | 'replace-envs';

export interface ExportOptions {
  outDir: string;
  paths: string[];
  recursive?: boolean;
  name?: string;
  /** `-l`: only the environments whose labels it selects (label-selector.ts). */
  selector?: Selector;
  format?: string;
  extension?: string;
  mergeStrategy?: MergeStrategy;
  mergeDeletedEnvs?: string[];
  skipManifest?: boolean;
  parallel?: number;
  load?: Omit<LoadOptions, 'fileCache' | 'warn' | 'name'>;
}

export interface ExportSummary {
  environments: number;
  files: number;
  results: EnvironmentResult[];
}

export class ExportError extends Error {}

const MANIFEST_FILE = 'manifest.json';

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/** What is at `p`, worded for a message: 'folder', 'missing', 'is a file', or why it cannot be seen. */
function pathKind(p: string): string {
  try {
    return fs.statSync(p).isDirectory() ? 'folder' : 'is a file';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    return `cannot be used (${pathErrorText(e)})`;
  }
}

function readManifest(outDir: string): Record<string, string> | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as Record<string, string>;
  } catch {
    return null;
  }
}

/** The jobs for the environments the paths select. */
async function planJobs(opts: ExportOptions, withRender: boolean): Promise<EnvironmentJob[]> {
  const render = withRender ? { format: opts.format ?? DEFAULT_FORMAT, extension: opts.extension ?? 'yaml' } : undefined;
  const common = { options: opts.load, forExport: true, render };
  if (!opts.recursive) {
    if (opts.paths.length !== 1) throw new ExportError('recursive flag is required when exporting multiple environments');
    const p = opts.paths[0];
    const envs = await listEnvironments(p, opts.load);
    const matching = opts.name ? envs.filter((e) => e.env.metadata.name.includes(opts.name!)) : envs;
    if (matching.length > 1 && !matching.some((e) => e.env.metadata.name === opts.name)) {
      throw new ExportError('Please use --name to export a single environment or --recursive to export multiple environments.');
    }
    // Like tk, an environment the selector does not select is not exported (and that is no error).
    if (opts.selector && !matching.some((e) => opts.selector!(e.env.metadata.labels))) return [];
    // tk loads (and names in errors) every environment by its absolute entrypoint.
    return [{ path: resolvePaths(p).entrypoint, name: opts.name ?? (envs[0]?.inline ? envs[0].env.metadata.name : undefined), ...common }];
  }
  const jobs: EnvironmentJob[] = [];
  for (const p of opts.paths) {
    for (const found of await findEnvironments(p, opts.load)) {
      if (opts.name && found.env.metadata.name !== opts.name) continue;
      if (opts.selector && !opts.selector(found.env.metadata.labels)) continue;
      jobs.push({ path: path.join(path.resolve(found.dir), DEFAULT_ENTRYPOINT), name: found.inline ? found.env.metadata.name : undefined, ...common });
    }
  }
  return jobs;
}

export async function exportEnvironments(opts: ExportOptions): Promise<ExportSummary> {
  const outDir = path.resolve(opts.outDir);
  const strategy = opts.mergeStrategy ?? '';
  if (!['', 'fail-on-conflicts', 'replace-envs'].includes(strategy)) {
    throw new ExportError(`invalid --merge-strategy '${strategy}': expected fail-on-conflicts or replace-envs`);
  }
  // Checked before any environment is evaluated: the output must be a folder (or not exist yet).
  const outKind = pathKind(outDir);
  if (outKind !== 'folder' && outKind !== 'missing') {
    throw new ExportError(`output dir \`${opts.outDir}\` ${outKind}: it must be a folder (or not exist yet)`);
  }
  if (strategy === '' && !isEmptyDir(outDir)) {
    throw new ExportError(`output dir \`${opts.outDir}\` not empty. Pass a different --merge-strategy to ignore this`);
  }

  // tk parses the format only once an environment has evaluated: evaluation errors come first.
  let formatError: string | null = null;
  try {
    compileExportName(opts.format ?? DEFAULT_FORMAT);
  } catch (e) {
    formatError = `parsing format: ${(e as Error).message}`;
  }

  const jobs = await planJobs(opts, formatError === null);
  const results = await runEnvironmentJobs(jobs, opts.parallel ?? defaultParallelism());
  const failed = results.filter((r) => !r.ok && !r.render);
  if (failed.length > 0) {
    throw new ExportError(
      'Errors occurred during parallel processing:\n\n' + failed.map((r) => `- ${r.path}:\n ${(r as { error: string }).error}\n\n`).join(''),
    );
  }
  if (formatError !== null && results.length > 0) throw new ExportError(formatError);
  const renderFailed = results.find((r) => !r.ok);
  if (renderFailed && !renderFailed.ok) throw new ExportError(`executing name template: ${renderFailed.error}`);

  // Files that replace-envs / --merge-deleted-envs remove from the previous export.
  const oldManifest = readManifest(outDir) ?? {};
  const removedEnvs = new Set<string>(opts.mergeDeletedEnvs ?? []);
  if (strategy === 'replace-envs') for (const r of results) if (r.ok) removedEnvs.add(r.env.metadata.namespace);
  const removed = Object.keys(oldManifest).filter((f) => removedEnvs.has(oldManifest[f]));
  const removedSet = new Set(removed.map(cleanExportName));

  // Conflicts: with files staying from before, and between the new files.
  const newFiles: (ExportFile & { env: string })[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    if (!r.ok) continue;
    for (const f of r.files ?? []) {
      const target = path.join(outDir, f.name);
      if (seen.has(f.name) || (!removedSet.has(f.name) && fs.existsSync(target))) {
        throw new ExportError(`file '${path.join(opts.outDir, f.name)}' already exists. Aborting`);
      }
      seen.add(f.name);
      newFiles.push({ ...f, env: r.env.metadata.namespace });
    }
  }

  // Stage, then move into place.
  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(outDir)}.tkts-export-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(staging, { mode: 0o700 });
  try {
    for (const f of newFiles) {
      const file = path.join(staging, f.name);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, f.content, { mode: 0o644 });
    }
    const manifest = { ...oldManifest };
    for (const f of removed) delete manifest[f];
    for (const f of newFiles) manifest[f.key] = f.env;
    const manifestChanged = goMarshal(manifest) !== goMarshal(readManifest(outDir) ?? {}) || (!fs.existsSync(path.join(outDir, MANIFEST_FILE)) && newFiles.length > 0);
    if (!opts.skipManifest && manifestChanged) fs.writeFileSync(path.join(staging, MANIFEST_FILE), goMarshal(manifest, '    '), { mode: 0o644 });

    if (!fs.existsSync(outDir)) {
      fs.chmodSync(staging, 0o755);
      fs.renameSync(staging, outDir); // a new folder appears complete or not at all
      return { environments: results.length, files: newFiles.length, results };
    }
    for (const f of removedSet) fs.rmSync(path.join(outDir, f), { force: true });
    const moveAll = (from: string, to: string) => {
      for (const e of fs.readdirSync(from, { withFileTypes: true })) {
        const src = path.join(from, e.name);
        const dst = path.join(to, e.name);
        if (e.isDirectory() && fs.existsSync(dst)) moveAll(src, dst);
        else fs.renameSync(src, dst);
      }
    };
    moveAll(staging, outDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { environments: results.length, files: newFiles.length, results };
}

// Evaluated environments kept on disk, so that a warm `tkts validate` evaluates only what changed.
// An entry holds an environment's processed objects with everything its evaluation read: each file
// the importer looked at (its sha256, or that it was missing: a new file earlier on the search path
// changes what an import finds), spec.json and the entry file, each chart helmTemplate rendered (the
// helm cache's own digest) and the helm binary. It is used only when all of these are unchanged and
// the toolkit's own code is the same. An evaluation that ran kustomize is not kept: what kustomize
// reads is not known here.

import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartDigest } from './natives/helm.js';
import type { FileCache } from './jpath.js';
import type { InputRecord } from './input-record.js';


/** A view of a shared FileCache that remembers every file the importer asked about. */
export class RecordingFileCache extends Map<string, Buffer | null> {
  readonly touched = new Set<string>();
  constructor(private readonly shared: FileCache) {
    super();
  }
  override has(file: string): boolean {
    this.touched.add(file);
    return this.shared.has(file);
  }
  override get(file: string): Buffer | null | undefined {
    this.touched.add(file);
    return this.shared.get(file);
  }
  override set(file: string, content: Buffer | null): this {
    this.touched.add(file);
    this.shared.set(file, content);
    return this;
  }
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * Size, modification time and inode. A file whose stamp is the one recorded with its digest is taken
 * as unchanged without reading it (as git's index does); any other stamp means reading it again.
 */
const stampOf = (st: fs.Stats) => `${st.size}:${st.mtimeMs}:${st.ino}`;

/** A file's state: content digest (null when missing or a folder, 'other' for devices and fifos) and stamp. */
interface FileState {
  digest: string | null;
  stamp?: string;
}

/** A file as the importer would see it now; `known` is reused while the stamp is the same. */
function fileState(file: string, known?: FileState): FileState {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return { digest: null };
  }
  if (st.isDirectory()) return { digest: null };
  if (!st.isFile()) return { digest: 'other' };
  const stamp = stampOf(st);
  if (known?.stamp === stamp) return known;
  return { digest: sha256(fs.readFileSync(file)), stamp };
}

/** A chart's stamp: the stamps of its files, in one digest. */
function chartStamp(chart: string): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    else hash.update(`${p}:${stampOf(st)}\n`);
  };
  walk(chart);
  return hash.digest('hex');
}

/** The helm cache's digest of a chart (read again unless the stamp is the known one). */
function chartState(chart: string, known?: { digest: string; stamp: string }): { digest: string; stamp: string } {
  const stamp = chartStamp(chart);
  return known?.stamp === stamp ? known : { digest: chartDigest(chart, true), stamp };
}

/** A helm binary by path, size and modification time (its version is what matters, asking costs a process). */
function helmStamp(bin: string): string {
  try {
    const st = fs.statSync(bin);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

let codeDigest: string | undefined;

/** sha256 over the toolkit's own modules (the folder above this one), once per process. */
function toolkitDigest(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|cjs|mjs)$/.test(e.name)) hash.update(`${path.relative(dir, p)}\0`).update(fs.readFileSync(p));
    }
  };
  walk(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
  return (codeDigest = hash.digest('hex'));
}

/** An entry's first line: what the result (the rest of the file) was made from. */
interface Inputs {
  /** The toolkit's code that made it. */
  code: string;
  files: [string, string | null, string?][];
  charts: [string, string, string][];
  helms: [string, string][];
}

/** The entry file of one job (what was asked): one per job, so a new build of the toolkit replaces it. */
export function entryFile(cacheRoot: string, job: unknown): string {
  return path.join(cacheRoot, 'evaluations', `${sha256(JSON.stringify({ v: 1, job }))}.json`);
}

/** The kept result, when everything it was made from is unchanged; otherwise undefined. */
export function readEntry<T>(file: string): T | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const cut = text.indexOf('\n');
    const inputs = JSON.parse(text.slice(0, cut)) as Inputs;
    if (inputs.code !== toolkitDigest()) return undefined;
    for (const [f, digest, stamp] of inputs.files) if (fileState(f, { digest, stamp }).digest !== digest) return undefined;
    for (const [bin, stamp] of inputs.helms) if (helmStamp(bin) !== stamp) return undefined;
    for (const [chart, digest, stamp] of inputs.charts) if (chartState(chart, { digest, stamp }).digest !== digest) return undefined;
    return JSON.parse(text.slice(cut + 1)) as T;
  } catch {
    return undefined; // not kept yet, unreadable, or a chart is gone: evaluate
  }
}

/** Keeps a result with what it was made from (`files`: the importer's view; `direct`: files read without it). */
export function writeEntry<T>(file: string, result: T, files: RecordingFileCache, direct: string[], inputs: InputRecord): void {
  if (inputs.uncacheable) return;
  const states = new Map<string, FileState>();
  for (const f of files.touched) {
    const content = files.get(f);
    const now = fileState(f);
    // Changed while the evaluation ran: what was read is not what the stamp says.
    if (now.digest !== (content ? sha256(content) : null)) return;
    states.set(f, now);
  }
  for (const f of direct) states.set(f, fileState(f));
  // The same for charts: the digest the render used (memoised) against the chart now.
  const charts = [...inputs.charts].map((c) => ({ c, used: chartDigest(c), ...chartState(c) }));
  if (charts.some(({ used, digest }) => digest !== used)) return;
  const header: Inputs = {
    code: toolkitDigest(),
    files: [...states].map(([f, st]) => (st.stamp ? [f, st.digest, st.stamp] : [f, st.digest])),
    charts: charts.map(({ c, digest, stamp }) => [c, digest, stamp]),
    helms: [...inputs.helms].map((b) => [b, helmStamp(b)]),
  };
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(header)}\n${JSON.stringify(result)}`);
    fs.renameSync(tmp, file);
  } catch {
    /* a read-only cache folder only costs the next run its time */
  }
}

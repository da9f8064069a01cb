// `vendor`: make the charts folder hold exactly what chartfile.yaml pins, verified against
// the lock; and `check`: verify the charts folder against the lock without any network.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathErrorText } from '../gocompat/errors.js';
import { Builder, type BuiltChart } from './build.js';
import { credentialEnvPrefix, loadChartfile, type Chartfile, type Requirement } from './chartfile.js';
import { ChartsError, ChartsErrors, errorMessage } from './errors.js';
import { acquireLock } from './fslock.js';
import { swapIntoPlace, type StagedFolder } from './swap.js';
import { formatLockfile, lockPathFor, readLockfile, type LockedChart, type LockEntry, type Lockfile } from './lockfile.js';
import { cacheDir } from './paths.js';
import { limiter, silentReporter, type Reporter } from './progress.js';
import { MirrorSource, NetworkSource, normalizeRepoUrl, type ChartSource, type Credentials } from './sources.js';
import { DEFAULT_LIMITS, type Limits } from './tar.js';
import { chartContentDigest } from './chart-digest.js';
import { readTree, sameStatTree, sha256Hex, statTree, writeTree, type StatTree } from './tree.js';

/** Hidden folder inside the charts directory for the folder lock and staging. */
const STATE_DIR = '.tkts';

export interface VendorOptions {
  /** Path of chartfile.yaml. */
  chartfile: string;
  /** Offline mirror folder (else CHART_MIRROR, else the network). */
  mirror?: string;
  prune?: boolean;
  /** Fail instead of changing the lock file (CI). */
  frozen?: boolean;
  /** Re-resolve everything, ignoring the lock. */
  update?: boolean;
  parallel?: number;
  timeoutMs?: number;
  plainHttp?: boolean;
  limits?: Limits;
  /** How long to wait for another run's folder lock. */
  lockTimeoutMs?: number;
  reporter?: Reporter;
  env?: NodeJS.ProcessEnv;
}

interface VendorResult {
  vendored: string[];
  unchanged: string[];
  pruned: string[];
  lockChanged: boolean;
}

interface CheckResult {
  problems: string[];
  warnings: string[];
}

function mirrorDir(opts: VendorOptions): string | undefined {
  const env = opts.env ?? process.env;
  const m = opts.mirror ?? env.CHART_MIRROR;
  return m && m !== '' ? resolve(m) : undefined;
}

function repoUrlOf(cf: Chartfile, req: Requirement): string {
  return cf.repositories.find((r) => r.name === req.repo)!.url;
}

function entryMatches(cf: Chartfile, req: Requirement, e: LockEntry | undefined): e is LockEntry {
  return e !== undefined && e.chart === req.chart && e.version === req.version && e.name === req.name &&
    normalizeRepoUrl(e.repository) === normalizeRepoUrl(repoUrlOf(cf, req));
}

/** Differences between a folder on disk and a locked chart (with its placed dependencies). */
async function verifyInstalled(dir: string, locked: LockedChart, label: string, limits: Limits = DEFAULT_LIMITS): Promise<string[]> {
  if (!existsSync(join(dir, 'Chart.yaml'))) return [`${label}: ${dir} is missing or has no Chart.yaml`];
  const skip = new Set(locked.dependencies.map((d) => d.path));
  let digest: string;
  try {
    digest = chartContentDigest(await readTree(dir, { skip, limits }), label);
  } catch (err) {
    return [`${label}: ${errorMessage(err)}`];
  }
  const problems: string[] = [];
  if (digest !== locked.treeDigest) problems.push(`${label}: files in ${dir} differ from the lock (digest ${digest}, locked ${locked.treeDigest})`);
  for (const d of locked.dependencies) {
    problems.push(...(await verifyInstalled(join(dir, ...d.path.split('/')), d, `${label} -> ${d.name}@${d.version}`, limits)));
  }
  return problems;
}

// The warm-run shortcut: after a run has verified a chart folder by its digests, it records
// every file's size, mtime and inode. A later run that finds exactly the same stats (and the
// same lock entry) skips re-hashing. `--check` always hashes everything.
interface StateFile {
  version: 1;
  charts: Record<string, { entry: string; files: StatTree }>;
}

function entryKey(e: LockEntry): string {
  return sha256Hex(JSON.stringify(e));
}

async function readState(path: string): Promise<StateFile> {
  try {
    const s = JSON.parse(await readFile(path, 'utf8')) as StateFile;
    if (s.version === 1 && s.charts && typeof s.charts === 'object') return s;
  } catch { /* missing or damaged: start over */ }
  return { version: 1, charts: {} };
}

function statUnchanged(state: StateFile, directory: string, entry: LockEntry, dir: string): boolean {
  const known = state.charts[directory];
  if (!known || known.entry !== entryKey(entry)) return false;
  try {
    return sameStatTree(known.files, statTree(dir));
  } catch {
    return false;
  }
}

async function writeBuilt(dir: string, chart: BuiltChart): Promise<void> {
  await writeTree(dir, chart.files);
  for (const c of chart.children) await writeBuilt(join(dir, ...c.path.split('/')), c.chart);
}

function makeSource(cf: Chartfile, opts: VendorOptions, tls: Map<string, Credentials['tls']>, reporter: Reporter): Promise<ChartSource> | ChartSource {
  const mirror = mirrorDir(opts);
  if (mirror) return MirrorSource.open(mirror, (msg) => reporter.info(`warning: ${msg}`));
  const env = opts.env ?? process.env;
  return new NetworkSource({
    timeoutMs: opts.timeoutMs ?? 60_000,
    limits: opts.limits ?? DEFAULT_LIMITS,
    plainHttp: opts.plainHttp ?? false,
    archiveCache: join(cacheDir(), 'charts', 'sha256'),
    proxyFor(repoUrl) {
      const repo = cf.repositories.find((r) => normalizeRepoUrl(r.url) === normalizeRepoUrl(repoUrl));
      const proxy = repo && env[`${credentialEnvPrefix(repo.name)}PROXY`];
      return proxy && proxy !== '' ? proxy : undefined;
    },
    credentialsFor(repoUrl) {
      // Credentials come from the environment, for the chartfile repository with this URL.
      const repo = cf.repositories.find((r) => normalizeRepoUrl(r.url) === normalizeRepoUrl(repoUrl));
      if (!repo) return undefined;
      const p = credentialEnvPrefix(repo.name);
      return { username: env[`${p}USERNAME`], password: env[`${p}PASSWORD`], token: env[`${p}TOKEN`], tls: tls.get(repo.name) };
    },
  });
}

async function loadTls(cf: Chartfile): Promise<Map<string, Credentials['tls']>> {
  const out = new Map<string, Credentials['tls']>();
  for (const r of cf.repositories) {
    if (!r.caFile && !r.certFile && !r.keyFile) continue;
    const read = async (f: string | undefined): Promise<Buffer | undefined> => {
      if (!f) return undefined;
      try {
        return await readFile(resolve(dirname(cf.path), f));
      } catch (err) {
        throw new ChartsError(`repository "${r.name}": cannot read ${f}: ${errorMessage(err)}`, { file: cf.path, line: r.line });
      }
    };
    out.set(r.name, { ca: await read(r.caFile), cert: await read(r.certFile), key: await read(r.keyFile) });
  }
  return out;
}

/** `dir` is a folder or does not exist yet; anything else is a ChartsError naming it. */
async function ensureFolder(dir: string, what: string, chartfile: string): Promise<void> {
  let st;
  try {
    st = await stat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ChartsError(`${what} cannot be used: ${pathErrorText(e)}`, { file: chartfile });
  }
  if (!st.isDirectory()) throw new ChartsError(`${what} ${dir} is a file, not a folder: move it away`, { file: chartfile });
}

export async function vendor(opts: VendorOptions): Promise<VendorResult> {
  const reporter = opts.reporter ?? silentReporter;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const cf = await loadChartfile(resolve(opts.chartfile));
  const lockPath = lockPathFor(cf.path);
  const stateDir = join(cf.directory, STATE_DIR);
  // Checked before any work: a file where a folder belongs is named, not an ENOTDIR from deep inside.
  await ensureFolder(cf.directory, 'the charts folder', cf.path);
  await ensureFolder(stateDir, "the vendor state folder", cf.path);
  await mkdir(stateDir, { recursive: true });
  const release = await acquireLock(join(stateDir, 'lock'), opts.lockTimeoutMs ?? 120_000);
  const staging = join(stateDir, `staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    // Read the lock only once we hold the folder: a run that waited sees the other's result.
    const lock = await readLockfile(lockPath);
    const statePath = join(stateDir, 'state.json');
    const state = await readState(statePath);
    // Staging folders of runs that were killed: nobody else can be using them while we hold the lock.
    for (const name of await readdir(stateDir)) {
      if (name.startsWith('staging-')) await rm(join(stateDir, name), { recursive: true, force: true });
    }
    // 1. What is already in place and matches the lock needs nothing.
    const result: VendorResult = { vendored: [], unchanged: [], pruned: [], lockChanged: false };
    const jobs: { req: Requirement; pinned?: LockEntry }[] = [];
    const kept = new Map<string, LockEntry>();
    const fromShortcut = new Set<string>();
    for (const req of cf.requires) {
      const entry = lock?.charts.find((e) => e.directory === req.directory);
      const label = `${req.chart}@${req.version}`;
      if (!opts.update && entryMatches(cf, req, entry)) {
        const target = join(cf.directory, req.directory);
        if (statUnchanged(state, req.directory, entry, target)) {
          fromShortcut.add(req.directory);
          result.unchanged.push(req.directory);
          kept.set(req.directory, entry);
          continue;
        }
        const problems = await verifyInstalled(target, entry, label, limits);
        if (problems.length === 0) {
          result.unchanged.push(req.directory);
          kept.set(req.directory, entry);
          continue;
        }
        if (existsSync(join(cf.directory, req.directory))) reporter.info(`${label}: charts/${req.directory} differs from the lock; restoring it`);
        jobs.push({ req, pinned: entry });
      } else {
        if (opts.frozen) {
          throw new ChartsError(`${label} (charts/${req.directory}) is not in the lock file ${lockPath} or differs from it; run the vendor step without --frozen and commit the lock`, { file: cf.path, line: req.line });
        }
        jobs.push({ req });
      }
    }

    // 2. Fetch and build everything that is missing, into memory. Any failure stops here.
    const built = new Map<string, BuiltChart>();
    if (jobs.length > 0) {
      const source = await makeSource(cf, opts, await loadTls(cf), reporter);
      let done = 0;
      let total = 0;
      const builder = new Builder({
        source,
        limits,
        repoByName: new Map(cf.repositories.map((r) => [r.name, r.url])),
        limit: limiter(Math.max(1, opts.parallel ?? 4)),
        onQueued: () => { total++; },
        onFetched: (item) => reporter.progress(++done, total, item),
      });
      const settled = await Promise.allSettled(jobs.map(async (j) => {
        const chart = await builder.build(repoUrlOf(cf, j.req), j.req.name, j.req.version, j.pinned);
        built.set(j.req.directory, chart);
      }));
      reporter.finish();
      const errors = settled.flatMap((s, i) => (s.status === 'rejected'
        ? [new ChartsError(`${jobs[i]!.req.chart}@${jobs[i]!.req.version}: ${errorMessage(s.reason)}`, { file: cf.path, line: jobs[i]!.req.line })]
        : []));
      if (errors.length > 0) throw new ChartsErrors(errors);
    }

    // 3. The new lock: unchanged entries as they were, rebuilt ones from what was fetched.
    const newLock: Lockfile = {
      version: 1,
      charts: cf.requires.map((req) => {
        const b = built.get(req.directory);
        if (!b) return kept.get(req.directory)!;
        // Restored from the lock (content digests checked at every level): the entry stays as
        // it was, whichever source (mirror, proxy, upstream) delivered the same files.
        const pinned = jobs.find((j) => j.req.directory === req.directory)?.pinned;
        if (pinned) return pinned;
        return { chart: req.chart, directory: req.directory, ...b.locked };
      }),
    };
    // Nothing rebuilt and the same entries: the lock stays as it is (no need to re-render it).
    const sameEntries = built.size === 0 && lock !== undefined && lock.charts.length === newLock.charts.length;
    const newText = sameEntries ? '' : formatLockfile(newLock);
    const oldText = sameEntries ? '' : existsSync(lockPath) ? await readFile(lockPath, 'utf8') : undefined;
    result.lockChanged = newText !== oldText;
    if (result.lockChanged && opts.frozen) {
      throw new ChartsError(`the lock file ${lockPath} would change; run the vendor step without --frozen and commit it`);
    }

    // 4. Write into staging, then swap folders in; roll back if a rename fails.
    const swapped: StagedFolder[] = [];
    if (built.size > 0 || result.lockChanged) {
      await mkdir(staging, { recursive: true });
      let i = 0;
      for (const { directory } of cf.requires) {
        const chart = built.get(directory);
        if (!chart) continue;
        const staged = join(staging, `new-${i}`);
        await writeBuilt(staged, chart);
        swapped.push({ target: join(cf.directory, ...directory.split('/')), staged, old: join(staging, `old-${i}`) });
        i++;
      }
      const lockTmp = join(staging, 'lock.json');
      if (result.lockChanged) await writeFile(lockTmp, newText);
      await swapIntoPlace(swapped, result.lockChanged ? { staged: lockTmp, target: lockPath } : undefined);
      for (const req of cf.requires) {
        const c = built.get(req.directory)?.locked;
        if (!c) continue;
        result.vendored.push(req.directory);
        reporter.info(`vendored ${req.chart}@${c.version} -> ${req.directory} (${c.source})`);
      }
    }

    // Record what is now verified in place, for the next run's shortcut.
    if (fromShortcut.size < newLock.charts.length || Object.keys(state.charts).length !== newLock.charts.length) {
      const newState: StateFile = { version: 1, charts: {} };
      for (const e of newLock.charts) {
        if (fromShortcut.has(e.directory)) {
          newState.charts[e.directory] = state.charts[e.directory]!;
          continue;
        }
        try {
          newState.charts[e.directory] = { entry: entryKey(e), files: statTree(join(cf.directory, e.directory)) };
        } catch { /* not there: nothing to remember */ }
      }
      await writeFile(`${statePath}.tmp`, JSON.stringify(newState));
      await rename(`${statePath}.tmp`, statePath);
    }

    // 5. --prune: remove top-level entries no requirement uses.
    if (opts.prune) {
      const wanted = new Set(cf.requires.map((r) => r.directory.split('/')[0]!));
      for (const name of await readdir(cf.directory)) {
        if (name.startsWith('.') || wanted.has(name)) continue; // hidden: our state, .gitkeep
        await rm(join(cf.directory, name), { recursive: true, force: true });
        result.pruned.push(name);
        reporter.info(`pruned ${name}`);
      }
    }
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await release();
  }
}

/** Verifies the charts folder against chartfile.yaml and the lock, offline and read-only. */
export async function check(opts: Pick<VendorOptions, 'chartfile' | 'limits' | 'lockTimeoutMs'>): Promise<CheckResult> {
  const cf = await loadChartfile(resolve(opts.chartfile));
  // Wait for a vendor run in progress, so its half-done swap is never judged.
  const stateDir = join(cf.directory, STATE_DIR);
  const release = existsSync(stateDir) ? await acquireLock(join(stateDir, 'lock'), opts.lockTimeoutMs ?? 120_000) : async () => {};
  try {
    return await checkLocked(cf, opts.limits);
  } finally {
    await release();
  }
}

async function checkLocked(cf: Chartfile, limits?: Limits): Promise<CheckResult> {
  const opts = { limits };
  const lockPath = lockPathFor(cf.path);
  const lock = await readLockfile(lockPath);
  const out: CheckResult = { problems: [], warnings: [] };
  if (!lock) {
    out.problems.push(`${lockPath}: no lock file; run the vendor step and commit it`);
    return out;
  }
  for (const req of cf.requires) {
    const label = `${req.chart}@${req.version}`;
    const entry = lock.charts.find((e) => e.directory === req.directory);
    if (!entryMatches(cf, req, entry)) {
      out.problems.push(`${cf.path}:${req.line}: ${label} (charts/${req.directory}) is not in the lock or differs from it; run the vendor step`);
      continue;
    }
    out.problems.push(...(await verifyInstalled(join(cf.directory, req.directory), entry, label, opts.limits)));
  }
  for (const e of lock.charts) {
    if (!cf.requires.some((r) => r.directory === e.directory)) {
      out.problems.push(`${lockPath}: ${e.chart}@${e.version} (charts/${e.directory}) is locked but no longer required; run the vendor step`);
    }
  }
  if (existsSync(cf.directory)) {
    const wanted = new Set(cf.requires.map((r) => r.directory.split('/')[0]!));
    for (const name of await readdir(cf.directory)) {
      if (!name.startsWith('.') && !wanted.has(name)) out.warnings.push(`${join(cf.directory, name)} is not required by chartfile.yaml (remove it with --prune)`);
    }
  }
  return out;
}

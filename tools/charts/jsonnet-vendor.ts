// `vendor` for Jsonnet dependencies, as `jb install` does it: jsonnetfile.json's dependencies
// and, recursively, those named by each package's own jsonnetfile.json (first occurrence of a
// name wins, direct dependencies first; jb ignores nested lock files) are placed at
// vendor/<host>/<user>/<repo>/<subdir>, and jsonnetfile.lock.json pins each one's commit and
// jb's sum. A name the project's lock already pins is restored at the locked commit (the lock
// wins over branches, nested names included). With legacyImports, vendor/<short name> links
// point at the packages. Everything is fetched and verified in memory before vendor/ changes.
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ChartsError, ChartsErrors, errorMessage } from './errors.js';
import { acquireLock } from './fslock.js';
import { swapIntoPlace } from './swap.js';
import { jbSumOfFolder, jbSumOfTree, linkLeavingTree, writeJbTree, type JbTree } from './jbtree.js';
import { GitSource, JsonnetMirror, type JsonnetSource } from './jsonnet-sources.js';
import {
  dependencyName, formatJbLock, JSONNET_LOCKFILE, JSONNETFILE, legacyName, parseJsonnetfile, readJsonnetfile, vendorPath,
  type JbDependency, type Jsonnetfile,
} from './jsonnetfile.js';
import { limiter, silentReporter, type Reporter } from './progress.js';

/** Hidden folder inside vendor/ for the folder lock and staging. */
const STATE_DIR = '.tkts';

export interface JsonnetVendorOptions {
  /** The project root: the folder of jsonnetfile.json; packages go to <root>/vendor. */
  root: string;
  /** Offline mirror folder (else JSONNET_MIRROR, else git remotes). */
  mirror?: string;
  /** Fail instead of changing the lock file (CI). */
  frozen?: boolean;
  /** Re-resolve every version, ignoring the lock. */
  update?: boolean;
  /** Remove folders under vendor/ that no dependency names. */
  prune?: boolean;
  parallel?: number;
  timeoutMs?: number;
  lockTimeoutMs?: number;
  reporter?: Reporter;
  env?: NodeJS.ProcessEnv;
  /** Used instead of the mirror / git (tests). */
  source?: JsonnetSource;
}

interface JsonnetVendorResult {
  installed: string[];
  unchanged: string[];
  pruned: string[];
  lockChanged: boolean;
}

interface JsonnetCheckResult {
  problems: string[];
  warnings: string[];
}

interface Resolved {
  dep: JbDependency;
  /** The lock entry: commit and sum. */
  locked: JbDependency;
  /** Fetched content, when vendor/ does not hold it yet. */
  tree?: JbTree;
}

function sourceFor(opts: JsonnetVendorOptions): JsonnetSource {
  if (opts.source) return opts.source;
  const env = opts.env ?? process.env;
  const mirror = opts.mirror ?? env.JSONNET_MIRROR;
  if (mirror && mirror !== '') return JsonnetMirror.open(resolve(mirror));
  return new GitSource(opts.timeoutMs);
}

function label(d: JbDependency): string {
  return `${dependencyName(d)}@${d.version}`;
}

/** Dependencies named by a package's own jsonnetfile.json (local ones are the package's business). */
function nestedOf(name: string, text: string | undefined, where: string, reporter: Reporter): JbDependency[] {
  if (text === undefined) return [];
  let jf: Jsonnetfile;
  try {
    jf = parseJsonnetfile(text, where);
  } catch (err) {
    throw new ChartsError(`${name}: ${errorMessage(err)}`);
  }
  return jf.dependencies.filter((d) => {
    if (d.source.kind === 'git') return true;
    reporter.info(`warning: ${where}: local dependency ${d.source.directory} ignored`);
    return false;
  });
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function vendorJsonnet(opts: JsonnetVendorOptions): Promise<JsonnetVendorResult> {
  const reporter = opts.reporter ?? silentReporter;
  const root = resolve(opts.root);
  const result: JsonnetVendorResult = { installed: [], unchanged: [], pruned: [], lockChanged: false };
  const jf = await readJsonnetfile(join(root, JSONNETFILE));
  if (!jf) return result;
  const vendorDir = join(root, 'vendor');
  const lockPath = join(root, JSONNET_LOCKFILE);
  const stateDir = join(vendorDir, STATE_DIR);
  await mkdir(stateDir, { recursive: true });
  const release = await acquireLock(join(stateDir, 'lock'), opts.lockTimeoutMs ?? 120_000);
  const staging = join(stateDir, `staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const lockFile = await readJsonnetfile(lockPath, true);
    const pins = new Map<string, JbDependency>();
    if (lockFile && !opts.update) for (const d of lockFile.dependencies) pins.set(dependencyName(d), d);
    let source: JsonnetSource | undefined;
    const src = (): JsonnetSource => (source ??= sourceFor(opts));
    const limit = limiter(Math.max(1, opts.parallel ?? 4));

    // 1. Resolve level by level: direct dependencies, then what their jsonnetfile.json files name.
    const resolved = new Map<string, Resolved>();
    let level = jf.dependencies;
    while (level.length > 0) {
      const fresh: JbDependency[] = [];
      for (const d of level) {
        const name = dependencyName(d);
        if (!resolved.has(name) && !fresh.some((f) => dependencyName(f) === name)) fresh.push(d);
      }
      const settled = await Promise.allSettled(fresh.map((d) => limit(() => resolveOne(d))));
      const errors = settled.flatMap((s, i) => (s.status === 'rejected' ? [new ChartsError(`${label(fresh[i]!)}: ${errorMessage(s.reason)}`, { file: jf.path })] : []));
      if (errors.length > 0) throw new ChartsErrors(errors);
      const next: JbDependency[] = [];
      for (const s of settled) {
        const r = (s as PromiseFulfilledResult<Resolved>).value;
        const name = dependencyName(r.dep);
        resolved.set(name, r);
        const text = r.tree ? r.tree.get(JSONNETFILE)?.data?.toString('utf8') : await readText(join(vendorDir, vendorPath(r.dep), JSONNETFILE));
        next.push(...nestedOf(name, text, `${name}/${JSONNETFILE}`, reporter));
      }
      level = next;
    }

    async function resolveOne(d: JbDependency): Promise<Resolved> {
      const name = dependencyName(d);
      if (d.source.kind === 'local') return { dep: d, locked: { ...d, version: '' } };
      const pin = pins.get(name);
      // A direct dependency pinned to another commit in jsonnetfile.json is an intended change.
      const pinUsable = pin !== undefined && !(/^[0-9a-f]{40}$/.test(d.version) && d.version !== pin.version);
      if (pin && pinUsable && pin.sum) {
        if (jbSumOfFolder(join(vendorDir, vendorPath(d))) === pin.sum) return { dep: d, locked: { ...pin, legacyName: d.legacyName } };
        if (existsSync(join(vendorDir, vendorPath(d)))) reporter.info(`vendor/${vendorPath(d)} differs from the lock; restoring it`);
        const tree = await src().fetch(d.source.remote, pin.version, d.source.subdir);
        const sum = jbSumOfTree(tree);
        if (sum !== pin.sum) {
          throw new ChartsError(`checksum mismatch at ${pin.version} from ${src().description}: got ${sum}, the lock ${lockPath} pins ${pin.sum}; refusing it (vendor/ unchanged)`);
        }
        checkLinks(tree, name);
        reporter.progress(resolved.size, 0, name);
        return { dep: d, locked: { ...pin, legacyName: d.legacyName }, tree };
      }
      if (opts.frozen) {
        throw new ChartsError(`not in the lock file ${lockPath} (or changed); run the vendor step without --frozen and commit the lock`);
      }
      const commit = await src().resolve(d.source.remote, d.version);
      const tree = await src().fetch(d.source.remote, commit, d.source.subdir);
      checkLinks(tree, name);
      reporter.progress(resolved.size, 0, name);
      return { dep: d, locked: { source: d.source, version: commit, sum: jbSumOfTree(tree), legacyName: d.legacyName, single: d.single }, tree };
    }
    reporter.finish();

    // A package folder replaced also replaces the folders of packages nested inside it: refetch those.
    const replaced = [...resolved.values()].filter((r) => r.tree).map((r) => `${vendorPath(r.dep)}/`);
    for (const r of resolved.values()) {
      if (r.tree || r.dep.source.kind !== 'git' || !replaced.some((p) => `${vendorPath(r.dep)}/`.startsWith(p))) continue;
      r.tree = await src().fetch(r.dep.source.remote, r.locked.version, r.dep.source.subdir);
      if (jbSumOfTree(r.tree) !== r.locked.sum) throw new ChartsError(`${label(r.locked)}: checksum mismatch from ${src().description}; refusing it`);
    }

    // 2. The new lock.
    const newText = formatJbLock([...resolved.values()].map((r) => r.locked));
    const oldText = await readText(lockPath);
    result.lockChanged = newText !== oldText;
    if (result.lockChanged && opts.frozen) {
      throw new ChartsError(`the lock file ${lockPath} would change; run the vendor step without --frozen and commit it`);
    }

    // 3. Write into staging, then swap folders in (parents before the packages inside them).
    const toWrite = [...resolved.values()].filter((r) => r.tree).sort((a, b) => (vendorPath(a.dep) < vendorPath(b.dep) ? -1 : 1));
    if (toWrite.length > 0 || result.lockChanged) {
      await mkdir(staging, { recursive: true });
      const swaps = toWrite.map((r, i) => {
        writeJbTree(join(staging, `new-${i}`), r.tree!);
        return { target: join(vendorDir, vendorPath(r.dep)), staged: join(staging, `new-${i}`), old: join(staging, `old-${i}`) };
      });
      const lockTmp = join(staging, 'lock.json');
      if (result.lockChanged) await writeFile(lockTmp, newText);
      await swapIntoPlace(swaps, result.lockChanged ? { staged: lockTmp, target: lockPath } : undefined);
    }
    for (const r of resolved.values()) {
      if (r.tree) {
        result.installed.push(dependencyName(r.dep));
        reporter.info(`vendored ${dependencyName(r.dep)}@${r.locked.version.slice(0, 12)} -> vendor/${vendorPath(r.dep)}`);
      } else result.unchanged.push(dependencyName(r.dep));
    }

    // 4. Local packages and legacy names are links inside vendor/.
    syncLinks(root, vendorDir, jf, [...resolved.values()].map((r) => r.dep), reporter);

    // 5. --prune: folders no package needs.
    if (opts.prune) result.pruned = prune(vendorDir, [...resolved.values()].map((r) => vendorPath(r.dep)), reporter);
    return result;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await release();
  }
}

function checkLinks(tree: JbTree, name: string): void {
  const bad = linkLeavingTree(tree);
  if (bad) throw new ChartsError(`${name}: symbolic link ${bad} leaves the package`);
}

/** The links vendor/ should hold: local packages, and legacy names when legacyImports is on (first one wins). */
function wantedLinks(root: string, vendorDir: string, jf: Jsonnetfile, deps: JbDependency[]): Map<string, string> {
  const want = new Map<string, string>();
  for (const d of deps) {
    if (d.source.kind === 'local') want.set(vendorPath(d), relative(vendorDir, resolve(root, d.source.directory)));
  }
  if (jf.legacyImports) {
    for (const d of deps) {
      if (d.source.kind !== 'git') continue;
      const short = legacyName(d);
      if (!want.has(short) && short !== vendorPath(d).split('/')[0]) want.set(short, vendorPath(d));
    }
  }
  return want;
}

function syncLinks(root: string, vendorDir: string, jf: Jsonnetfile, deps: JbDependency[], reporter: Reporter): void {
  const want = wantedLinks(root, vendorDir, jf, deps);
  if (!existsSync(vendorDir)) return;
  for (const name of readdirSync(vendorDir)) {
    const p = join(vendorDir, name);
    if (!lstatSync(p).isSymbolicLink()) continue;
    if (want.get(name) !== readlinkSync(p)) unlinkSync(p);
  }
  for (const [name, target] of want) {
    const p = join(vendorDir, name);
    let st;
    try {
      st = lstatSync(p);
    } catch { /* free */ }
    if (st && !st.isSymbolicLink()) {
      reporter.info(`warning: cannot link vendor/${name} -> ${target}: vendor/${name} already exists (the full import path still works)`);
      continue;
    }
    if (!st) symlinkSync(target, p);
  }
}

/** Folders under vendor/ that neither hold a package nor lead to one (jb's rule). */
function unknownFolders(vendorDir: string, names: string[]): string[] {
  const out: string[] = [];
  if (!existsSync(vendorDir)) return out;
  const walk = (rel: string): void => {
    for (const ent of readdirSync(join(vendorDir, rel), { withFileTypes: true })) {
      if (!ent.isDirectory() || (rel === '' && ent.name.startsWith('.'))) continue;
      const p = rel === '' ? ent.name : `${rel}/${ent.name}`;
      if (names.some((n) => n === p || n.startsWith(`${p}/`))) {
        if (!names.includes(p)) walk(p);
      } else if (!names.some((n) => p.startsWith(`${n}/`))) out.push(p);
    }
  };
  walk('');
  return out;
}

function prune(vendorDir: string, names: string[], reporter: Reporter): string[] {
  const gone = unknownFolders(vendorDir, names);
  for (const p of gone) {
    rmSync(join(vendorDir, p), { recursive: true, force: true });
    reporter.info(`pruned vendor/${p}`);
  }
  return gone;
}

/** Verifies vendor/ against jsonnetfile.json and its lock, offline and read-only. */
export async function checkJsonnet(opts: Pick<JsonnetVendorOptions, 'root' | 'lockTimeoutMs'>): Promise<JsonnetCheckResult> {
  const root = resolve(opts.root);
  const out: JsonnetCheckResult = { problems: [], warnings: [] };
  const jf = await readJsonnetfile(join(root, JSONNETFILE));
  if (!jf) return out;
  const vendorDir = join(root, 'vendor');
  const stateDir = join(vendorDir, STATE_DIR);
  const release = existsSync(stateDir) ? await acquireLock(join(stateDir, 'lock'), opts.lockTimeoutMs ?? 120_000) : async () => {};
  try {
    const lockPath = join(root, JSONNET_LOCKFILE);
    const lock = await readJsonnetfile(lockPath, true);
    if (!lock) {
      if (jf.dependencies.length > 0) out.problems.push(`${lockPath}: no lock file; run the vendor step and commit it`);
      return out;
    }
    const pins = new Map(lock.dependencies.map((d) => [dependencyName(d), d] as const));
    const reached = new Map<string, JbDependency>();
    let level = jf.dependencies;
    while (level.length > 0) {
      const next: JbDependency[] = [];
      for (const d of level) {
        const name = dependencyName(d);
        if (reached.has(name)) continue;
        reached.set(name, d);
        const pin = pins.get(name);
        if (d.source.kind === 'local') continue;
        if (!pin) {
          out.problems.push(`${jf.path}: ${label(d)} is not in the lock; run the vendor step`);
          continue;
        }
        const dir = join(vendorDir, vendorPath(d));
        const sum = jbSumOfFolder(dir);
        if (sum === undefined) out.problems.push(`${name}: vendor/${vendorPath(d)} is missing; run the vendor step`);
        else if (sum !== pin.sum) out.problems.push(`${name}: files in vendor/${vendorPath(d)} differ from the lock (sum ${sum}, locked ${pin.sum})`);
        next.push(...nestedOf(name, await readText(join(dir, JSONNETFILE)), `${name}/${JSONNETFILE}`, silentReporter));
      }
      level = next;
    }
    for (const name of pins.keys()) {
      if (!reached.has(name)) out.problems.push(`${lockPath}: ${name} is locked but no longer required; run the vendor step`);
    }
    for (const [name, target] of wantedLinks(root, vendorDir, jf, [...reached.values()])) {
      let have: string | undefined;
      try {
        have = readlinkSync(join(vendorDir, name));
      } catch { /* missing */ }
      if (have !== target && !(existsSync(join(vendorDir, name)) && have === undefined)) out.problems.push(`vendor/${name} should link to ${target}; run the vendor step`);
    }
    for (const p of unknownFolders(vendorDir, [...reached.values()].map((d) => vendorPath(d)))) {
      out.warnings.push(`vendor/${p} is not named by ${JSONNETFILE} (remove it with --prune)`);
    }
  } finally {
    await release();
  }
  return out;
}

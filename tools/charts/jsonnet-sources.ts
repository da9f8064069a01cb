// Where Jsonnet dependencies come from: real git remotes through the `git` command, or an
// offline mirror folder laid out by upstream commit (see ../shared/jsonnet-mirror/README.md).
// Both answer the same two questions: which commit does a version name, and what files does
// <remote>@<commit>/<subdir> hold.
import { execa, ExecaError } from 'execa';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { ChartsError } from './errors.js';
import { jbSumOfTree, type JbTree } from './jbtree.js';
import { parseRemote } from './jsonnetfile.js';
import { readTar, safeRelative, DEFAULT_LIMITS } from './tar.js';

export interface JsonnetSource {
  /** The commit a branch, tag or commit id names at `remote`. */
  resolve(remote: string, version: string): Promise<string>;
  /** The files of `subdir` at `commit` (the whole repository when subdir is ""). */
  fetch(remote: string, commit: string, subdir: string): Promise<JbTree>;
  /** For messages: "git" or "mirror <dir>". */
  readonly description: string;
}

const COMMIT = /^[0-9a-f]{40}$/;

function cleanSubdir(subdir: string): string {
  return subdir.replace(/^\/+|\/+$/g, '');
}

async function git(args: string[], opts: { cwd?: string; timeoutMs: number; maxBuffer?: number }): Promise<Buffer> {
  try {
    const r = await execa('git', args, {
      cwd: opts.cwd,
      timeout: opts.timeoutMs,
      maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
      encoding: 'buffer',
      stripFinalNewline: false, // `git archive` output is binary: keep every byte
      // Never wait for a password prompt; never read the user's global hooks or templates.
      env: { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', LC_ALL: 'C' },
    });
    return Buffer.from(r.stdout);
  } catch (err) {
    if (!(err instanceof ExecaError)) throw err;
    const lines = Buffer.from(err.stderr ?? []).toString('utf8').trim().split('\n').filter((l) => l.trim() !== '');
    throw new Error(err.timedOut ? `timed out after ${opts.timeoutMs / 1000}s` : lines.slice(-2).join('; ') || err.shortMessage);
  }
}

/** Real git remotes: `git ls-remote` resolves refs, a shallow fetch gets the commit, `git archive` exports the subdir. */
export class GitSource implements JsonnetSource {
  readonly description = 'git';
  constructor(private readonly timeoutMs = 120_000) {}

  async resolve(remote: string, version: string): Promise<string> {
    if (COMMIT.test(version)) return version;
    let out: string;
    try {
      out = (await git(['ls-remote', '--', remote, `refs/tags/${version}`, `refs/heads/${version}`], { timeoutMs: this.timeoutMs })).toString('utf8');
    } catch (err) {
      throw new ChartsError(`cannot reach ${remote}: ${(err as Error).message}`);
    }
    const refs = new Map<string, string>();
    for (const line of out.split('\n')) {
      const [sha, ref] = line.split('\t');
      if (sha && ref) refs.set(ref, sha);
    }
    // As `git fetch <remote> <name>` would: a tag before a branch of the same name. An annotated
    // tag resolves to the tag object, as jb records it.
    const sha = refs.get(`refs/tags/${version}`) ?? refs.get(`refs/heads/${version}`);
    if (!sha) throw new ChartsError(`${remote} has no branch or tag "${version}" (give a branch, a tag or a full 40-character commit id)`);
    return sha;
  }

  async fetch(remote: string, commit: string, subdir: string): Promise<JbTree> {
    const repo = mkdtempSync(join(tmpdir(), 'tkts-jb-'));
    try {
      await git(['init', '-q', '--bare', repo], { timeoutMs: this.timeoutMs });
      try {
        await git(['fetch', '-q', '--no-tags', '--depth', '1', remote, commit], { cwd: repo, timeoutMs: this.timeoutMs });
      } catch (shallowErr) {
        // Servers that refuse to send a commit by id still send their branches and tags.
        try {
          await git(['fetch', '-q', '--no-tags', remote, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], { cwd: repo, timeoutMs: this.timeoutMs });
        } catch {
          throw new ChartsError(`cannot fetch ${commit} from ${remote}: ${(shallowErr as Error).message}`);
        }
      }
      const dir = cleanSubdir(subdir);
      let tar: Buffer;
      try {
        tar = await git(['archive', '--format=tar', commit, ...(dir === '' ? [] : ['--', dir])], { cwd: repo, timeoutMs: this.timeoutMs, maxBuffer: DEFAULT_LIMITS.maxUnpackedBytes * 2 });
      } catch (err) {
        throw new ChartsError(`${remote}@${commit}: cannot export ${dir === '' ? 'the repository' : `"${dir}"`}: ${(err as Error).message}`);
      }
      return treeFromTar(tar, dir, `${remote}@${commit}`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  }
}

function treeFromTar(tar: Buffer, subdir: string, origin: string): JbTree {
  const tree: JbTree = new Map();
  const prefix = subdir === '' ? '' : `${subdir}/`;
  let entries;
  try {
    entries = readTar(tar);
  } catch (err) {
    throw new ChartsError(`${origin}: bad archive from git: ${(err as Error).message}`);
  }
  for (const e of entries) {
    const rel = safeRelative(e.path, 'entry');
    if (e.type === '5' || !rel.startsWith(prefix)) continue;
    const inner = rel.slice(prefix.length);
    if (e.type === '0' || e.type === '7') tree.set(inner, { data: e.data, mode: e.mode & 0o111 ? 0o755 : 0o644 });
    else if (e.type === '2') tree.set(inner, { link: e.linkname });
    else throw new ChartsError(`${origin}: "${e.path}" has unsupported type "${e.type}"`);
  }
  if (tree.size === 0) throw new ChartsError(`${origin}: "${subdir}" holds no files`);
  return tree;
}

/** The offline mirror: <host>/<user>/<repo>/<commit>/<subdir>/, REFS.tsv (branch → commit), INDEX.tsv (sums). */
export class JsonnetMirror implements JsonnetSource {
  readonly description: string;
  private constructor(private readonly dir: string, private readonly refs: Map<string, string>, private readonly sums: Map<string, string>) {
    this.description = `mirror ${dir}`;
  }

  static open(dir: string): JsonnetMirror {
    if (!existsSync(dir)) throw new ChartsError(`Jsonnet mirror ${dir} does not exist`);
    const rows = (file: string): string[][] => {
      const p = join(dir, file);
      if (!existsSync(p)) return [];
      return readFileSync(p, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => l.split('\t'));
    };
    const refs = new Map<string, string>();
    for (const [remote, ref, commit] of rows('REFS.tsv')) refs.set(`${parseRemote(remote!).remote} ${ref}`, commit!);
    const sums = new Map<string, string>();
    for (const r of rows('INDEX.tsv')) sums.set(`${parseRemote(r[0]!).remote} ${cleanSubdir(r[1]!)} ${r[2]}`, r[5]!);
    return new JsonnetMirror(dir, refs, sums);
  }

  async resolve(remote: string, version: string): Promise<string> {
    if (COMMIT.test(version)) return version;
    const sha = this.refs.get(`${parseRemote(remote).remote} ${version}`);
    if (!sha) throw new ChartsError(`${remote}@${version} is not in the Jsonnet mirror ${this.dir} (REFS.tsv names no such branch)`);
    return sha;
  }

  async fetch(remote: string, commit: string, subdir: string): Promise<JbTree> {
    const r = parseRemote(remote);
    const sub = cleanSubdir(subdir);
    const folder = join(this.dir, r.host, ...r.path.split('/'), commit, ...(sub === '' ? [] : sub.split('/')));
    if (!existsSync(folder)) throw new ChartsError(`${remote}@${commit}${sub === '' ? '' : ` (${sub})`} is not in the Jsonnet mirror ${this.dir}`);
    const plain = readMirrorFolder(folder);
    const expected = this.sums.get(`${r.remote} ${sub} ${commit}`);
    if (expected === undefined || jbSumOfTree(plain) === expected) return plain;
    // The mirror stores symbolic links as small files holding the target; restore them.
    const linked = withLinksRestored(plain);
    if (jbSumOfTree(linked) === expected) return linked;
    throw new ChartsError(`${folder}: content does not match the sum the mirror's INDEX.tsv records (${expected}); the mirror is damaged`);
  }
}

function readMirrorFolder(root: string): JbTree {
  const tree: JbTree = new Map();
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const path = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(abs);
      if (st.isDirectory()) walk(abs, path);
      else if (st.isSymbolicLink()) tree.set(path, { link: readlinkSync(abs) });
      else if (st.isFile()) tree.set(path, { data: readFileSync(abs), mode: st.mode & 0o111 ? 0o755 : 0o644 });
      else throw new ChartsError(`${abs}: not a regular file or folder`);
    }
  };
  walk(root, '');
  return tree;
}

/** Small files whose whole content is a relative path to a folder of the tree become links. */
function withLinksRestored(tree: JbTree): JbTree {
  const folders = new Set<string>();
  for (const p of tree.keys()) for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) folders.add(p.slice(0, i));
  const out: JbTree = new Map();
  for (const [path, e] of tree) {
    if (e.data && e.data.length < 256 && !/[\n\0]/.test(e.data.toString('latin1'))) {
      const target = e.data.toString('utf8');
      const resolved = posix.normalize(posix.join(posix.dirname(path), target));
      if (!target.startsWith('/') && (folders.has(resolved) || (tree.has(resolved) && resolved !== path))) {
        out.set(path, { link: target });
        continue;
      }
    }
    out.set(path, e);
  }
  return out;
}

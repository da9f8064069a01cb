// A real git server for the tests: bare repositories under one folder, served read-only by
// `git daemon` on 127.0.0.1 (git://127.0.0.1:<port>/<path>), and a helper that commits files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { freePort, tempDir } from './helpers.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent', GIT_TERMINAL_PROMPT: '0',
};

export function gitSync(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  if (r.error) throw new Error('git is not installed (Debian package git)');
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

function gitDaemonAvailable(): void {
  const r = spawnSync('git', ['daemon', '--help'], { encoding: 'utf8' });
  if (r.error || /not a git command/.test(r.stderr ?? '')) throw new Error('git daemon is not installed (Debian package git-daemon-run or git)');
}

/** Files to commit: path → content, or { link } for a symbolic link. */
export type Files = Record<string, string | { link: string }>;

export class GitRepo {
  private readonly work: string;
  constructor(readonly bare: string, readonly url: string) {
    this.work = `${bare}.work`;
    gitSync(dirname(bare), ['init', '-q', '--bare', '-b', 'main', bare]);
    gitSync(dirname(bare), ['init', '-q', '-b', 'main', this.work]);
    gitSync(this.work, ['remote', 'add', 'origin', bare]);
  }

  /** Replaces the tree with `files`, commits on `branch` and pushes; returns the commit id. */
  commit(files: Files, branch = 'main', message = 'change'): string {
    gitSync(this.work, ['checkout', '-q', '-B', branch]);
    gitSync(this.work, ['rm', '-rq', '--ignore-unmatch', '.']);
    for (const [path, content] of Object.entries(files)) {
      const abs = join(this.work, path);
      mkdirSync(dirname(abs), { recursive: true });
      rmSync(abs, { force: true, recursive: true });
      if (typeof content === 'string') writeFileSync(abs, content);
      else symlinkSync(content.link, abs);
    }
    gitSync(this.work, ['add', '-A']);
    gitSync(this.work, ['commit', '-q', '--allow-empty', '-m', message]);
    gitSync(this.work, ['push', '-q', '-f', 'origin', branch]);
    return gitSync(this.work, ['rev-parse', 'HEAD']);
  }

  /** An annotated tag on the current commit; returns the tag object id (what ls-remote shows). */
  tag(name: string): string {
    gitSync(this.work, ['tag', '-a', '-m', name, name]);
    gitSync(this.work, ['push', '-q', 'origin', `refs/tags/${name}`]);
    return gitSync(this.work, ['rev-parse', `refs/tags/${name}`]);
  }
}

export interface GitServer {
  /** git://127.0.0.1:<port> */
  base: string;
  repo(path: string): GitRepo;
  stop(): Promise<void>;
}

async function waitForPort(port: number, proc: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`git daemon exited with ${proc.exitCode}`);
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error('git daemon did not start listening');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startGitServer(): Promise<GitServer> {
  gitDaemonAvailable();
  const root = tempDir('git');
  const port = await freePort();
  const proc = spawn('git', ['daemon', '--reuseaddr', '--export-all', `--base-path=${root}`, '--listen=127.0.0.1', `--port=${port}`, root], { stdio: 'ignore', env: GIT_ENV });
  await waitForPort(port, proc);
  const base = `git://127.0.0.1:${port}`;
  return {
    base,
    repo(path) {
      const bare = join(root, `${path}.git`);
      mkdirSync(dirname(bare), { recursive: true });
      return new GitRepo(bare, `${base}/${path}.git`);
    },
    stop: async () => {
      proc.kill();
      await new Promise((r) => (proc.exitCode !== null ? r(undefined) : proc.once('exit', r)));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

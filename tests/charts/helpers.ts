// Shared test helpers: temporary folders, the real helm, a static HTTP server,
// Debian's docker-registry, and a tar writer for hand-made (malicious) archives.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { helmBinary } from '../../tools/charts/helm-binary.js';
import { vendor, type VendorOptions } from '../../tools/charts/vendor.js';
import { requireTool } from '../helpers/ref-tools.js';

const exec = promisify(execFile);
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'charts');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tkts-${prefix}-`));
}

/** Runs the real helm with its config, cache and data folders inside `home`. */
export async function helm(home: string, args: string[]): Promise<string> {
  const bin = await helmBinary();
  const env = {
    ...process.env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
  };
  try {
    const { stdout } = await exec(bin, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Copies a fixture chart, replacing @REPO_URL@ and optionally the description. */
export function copyFixture(name: string, dest: string, repoUrl = '', tweak?: (files: Map<string, string>) => void): string {
  const target = join(dest, name);
  cpSync(join(FIXTURES, name), target, { recursive: true });
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(target, p), readFileSync(p, 'utf8').replaceAll('@REPO_URL@', repoUrl));
    }
  };
  walk(target);
  tweak?.(files);
  for (const [rel, text] of files) writeFileSync(join(target, rel), text);
  return target;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StaticServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves files from `root`; `auth` demands that exact Authorization header; `hang` paths never answer. */
export async function staticServer(root: string, opts: { auth?: string; hang?: RegExp; tls?: { key: Buffer; cert: Buffer } } = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (opts.hang?.test(path)) return; // never answers
    if (opts.auth && req.headers.authorization !== opts.auth) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' });
      res.end('unauthorized');
      return;
    }
    try {
      const data = readFileSync(join(root, path));
      res.writeHead(200, { 'content-length': data.length });
      res.end(data);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, handler) : createHttpServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export interface Registry {
  host: string;
  stop(): Promise<void>;
}

/** Starts Debian's docker-registry (distribution 2.8) on a free port with storage in `dir`. */
export async function startRegistry(dir: string, opts: { htpasswd?: string } = {}): Promise<Registry> {
  const port = await freePort();
  const config = join(dir, 'config.yml');
  mkdirSync(join(dir, 'storage'), { recursive: true });
  writeFileSync(config, [
    'version: 0.1',
    'log:', '  level: error', '  accesslog:', '    disabled: true',
    'storage:', `  filesystem:`, `    rootdirectory: ${join(dir, 'storage')}`,
    'http:', `  addr: 127.0.0.1:${port}`,
    ...(opts.htpasswd ? ['auth:', '  htpasswd:', '    realm: test', `    path: ${opts.htpasswd}`] : []),
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(requireTool('docker-registry'), ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const host = `127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host,
    stop: () => new Promise((r) => {
      if (child.exitCode !== null) { r(); return; }
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

// ---- a tar writer for archives helm would never produce

export interface RawEntry {
  name: string;
  type?: string; // '0' file (default), '2' symlink, '3' char device, '5' dir
  data?: string;
  linkname?: string;
}

function header(e: RawEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(e.type ?? '0', 156);
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

export function makeTgz(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    parts.push(header(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Snapshot of every file under a folder (path → sha256), to prove a failed run changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    let names: string[];
    try { names = readdirSync(d); } catch { return; }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha256(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function rmrf(p: string): void {
  rmSync(p, { recursive: true, force: true });
}

/** Packs a chart folder as `<top>/...` with the test tar writer (like a chart packaged without its dependencies). */
export function packDir(dir: string, top: string): Buffer {
  const entries: RawEntry[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else entries.push({ name: `${top}/${relative(dir, p)}`, data: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return makeTgz(entries);
}

/** Vendor options for a project folder holding chartfile.yaml: no credentials from the environment, short timeouts. */
export function vendorOpts(dir: string, extra: Partial<VendorOptions> = {}): VendorOptions {
  return { chartfile: join(dir, 'chartfile.yaml'), timeoutMs: 5000, env: {}, ...extra };
}

/** The message of the error vendoring fails with (fails the test if it succeeds). */
export async function vendorError(dir: string, extra: Partial<VendorOptions> = {}): Promise<string> {
  try {
    await vendor(vendorOpts(dir, extra));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('vendor succeeded unexpectedly');
}

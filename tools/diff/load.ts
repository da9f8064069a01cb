// Reading one side of a diff from plain manifests: a YAML/JSON file or a folder
// of them (a `tk export` output: `manifest.json` at its root is the export's
// index, not an object, and is skipped). `kind: List` is unwrapped.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Composer, LineCounter, Parser, type CST } from 'yaml';
import { duplicateKeys } from '../gocompat/yaml/duplicate-keys.js';
import { composableDepth, tooDeepOffset, YAML_MAX_DEPTH } from '../gocompat/yaml/depth.js';
import { pathErrorText } from '../gocompat/errors.js';
import { DiffInputError, refOf, type Json } from './index.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Devices and fifos are refused: reading one never ends (/dev/zero) or waits for a writer. */
function checkRegular(path: string, isFile: boolean): void {
  if (!isFile) throw new DiffInputError(`${path}: not a regular file or folder`);
}

function files(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DiffInputError(`${path}: no such file or folder`);
    throw new DiffInputError(pathErrorText(e, path, 'stat'));
  }
  if (!st.isDirectory()) {
    checkRegular(path, st.isFile());
    return [path];
  }
  const out: string[] = [];
  const walk = (dir: string, top: boolean) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      if (e.name.startsWith('.') || (top && e.name === 'manifest.json')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, false);
      else if (EXTENSIONS.has(extname(e.name).toLowerCase())) {
        // Symbolic links are followed to a file only (a link to a folder could loop).
        let isFile: boolean;
        try {
          isFile = statSync(p).isFile();
        } catch (err) {
          throw new DiffInputError(pathErrorText(err, p, 'stat'));
        }
        checkRegular(p, isFile);
        out.push(p);
      }
    }
  };
  walk(path, true);
  return out;
}

function unwrap(v: Json, out: Json[]): void {
  if (Array.isArray(v)) v.forEach((x) => unwrap(x, out));
  else if (v && typeof v === 'object' && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) v.items.forEach((x) => unwrap(x, out));
  else if (v !== null) out.push(v);
}

/** Input nested within Go's limit but deeper than this thread's stack holds: run again on a larger stack. */
export class NeedsDeeperStack extends Error {
  readonly stackExhausted = true;
}

/**
 * The parser's documents, each checked for depth (without recursion) before it is composed: beyond
 * Go's limit of 10,000 levels, validate's error at file:line:column; beyond what this thread composes
 * safely, NeedsDeeperStack.
 */
function* depthChecked(tokens: Iterable<CST.Token>, file: string, lines: LineCounter): Generator<CST.Token> {
  const safe = Math.min(composableDepth(), YAML_MAX_DEPTH);
  for (const token of tokens) {
    if (token.type === 'document' && tooDeepOffset(token, safe) !== undefined) {
      const offset = tooDeepOffset(token);
      if (offset === undefined) throw new NeedsDeeperStack(`${file}: nested too deeply for this thread's stack`);
      const pos = lines.linePos(offset);
      throw new DiffInputError(`${file}:${pos.line}:${pos.col}: exceeded max depth of ${YAML_MAX_DEPTH}`);
    }
    yield token;
  }
}

/** Every object in the file or folder; parse errors are DiffInputErrors with file:line:column. */
export function loadManifestObjects(path: string): Json[] {
  const out: Json[] = [];
  for (const file of files(path)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new DiffInputError(pathErrorText(e, file, 'open'));
    }
    const lines = new LineCounter();
    // Repeated keys are checked by duplicateKeys, in linear time (the composer's own check is quadratic).
    const composer = new Composer({ uniqueKeys: false });
    for (const doc of composer.compose(depthChecked(new Parser(lines.addNewLine).parse(text), file, lines))) {
      const e = doc.errors.length ? { offset: doc.errors[0]!.pos[0], message: doc.errors[0]!.message.split('\n')[0] } : duplicateKeys(doc)[0];
      if (e) {
        const pos = lines.linePos(e.offset);
        throw new DiffInputError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message}`);
      }
      let value: Json;
      try {
        value = doc.toJS() as Json; // refuses alias bombs (the yaml package's alias count limit)
      } catch (err) {
        throw new DiffInputError(`${file}: ${(err as Error).message}`);
      }
      const objects: Json[] = [];
      unwrap(value, objects);
      const pos = lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]);
      for (const o of objects) {
        refOf(o, `${file}:${pos.line}:${pos.col}`);
        out.push(o);
      }
    }
  }
  return out;
}

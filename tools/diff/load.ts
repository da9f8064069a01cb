// Reading one side of a diff from plain manifests: a YAML/JSON file or a folder
// of them (a `tk export` output: `manifest.json` at its root is the export's
// index, not an object, and is skipped). `kind: List` is unwrapped.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { duplicateKeys } from '../gocompat/yaml/duplicate-keys.js';
import { DiffInputError, type Json } from './index.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function files(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new DiffInputError(`${path}: no such file or folder`);
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string, top: boolean) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))) {
      if (e.name.startsWith('.') || (top && e.name === 'manifest.json')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, false);
      else if (EXTENSIONS.has(extname(e.name).toLowerCase())) out.push(p);
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

/** Every object in the file or folder; parse errors are DiffInputErrors with file:line:column. */
export function loadManifestObjects(path: string): Json[] {
  const out: Json[] = [];
  for (const file of files(path)) {
    const text = readFileSync(file, 'utf8');
    const lines = new LineCounter();
    // Repeated keys are checked by duplicateKeys, in linear time (the composer's own check is quadratic).
    for (const doc of parseAllDocuments(text, { prettyErrors: false, lineCounter: lines, uniqueKeys: false })) {
      const e = doc.errors.length ? { offset: doc.errors[0]!.pos[0], message: doc.errors[0]!.message.split('\n')[0] } : duplicateKeys(doc)[0];
      if (e) {
        const pos = lines.linePos(e.offset);
        throw new DiffInputError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message}`);
      }
      unwrap(doc.toJS({ maxAliasCount: -1 }) as Json, out);
    }
  }
  return out;
}

// Reading plain manifests (`--manifests <files or folders>`): YAML (multi-
// document) and JSON files, with each object's file and line, and a locator
// that maps a finding's field path back to its line. Unreadable input becomes
// a finding on the file, never an exception.

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { Composer, LineCounter, Parser, parseDocument, type CST, type Document } from 'yaml';
import { depthLimitText, isStackOverflow, mentionsStackOverflow, pathErrorText } from '../gocompat/errors.js';
import { composableDepth, tooDeepOffset, YAML_MAX_DEPTH } from '../gocompat/yaml/depth.js';
import { duplicateKeys } from '../gocompat/yaml/duplicate-keys.js';
import type { Finding, InputObject, JsonValue } from './types.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Files under the given paths (folders walked recursively, sorted; hidden entries skipped). */
function manifestFiles(paths: string[]): { files: string[]; missing: string[]; irregular: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  // Devices and fifos: reading one never ends (/dev/zero) or waits for a writer.
  const irregular: string[] = [];
  // Folders already walked, by real path: a symlink back up (`up -> ..`) is not followed again.
  const seen = new Set<string>();
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      if (explicit) missing.push(p);
      return;
    }
    if (st.isDirectory()) {
      const real = realpathSync(p);
      if (seen.has(real)) return;
      seen.add(real);
      for (const e of readdirSync(p).sort()) if (!e.startsWith('.')) walk(join(p, e), false);
    } else if (explicit || EXTENSIONS.has(extname(p).toLowerCase())) (st.isFile() ? files : irregular).push(p);
  };
  for (const p of paths) walk(p, true);
  return { files, missing, irregular };
}

interface LoadedManifests {
  inputs: InputObject[];
  /** Files that could not be read or parsed. */
  problems: Finding[];
  /**
   * True when a document within Go's depth limit still ran out of JavaScript stack (the composer
   * recurses once per level): the caller should load again on a thread with a deeper stack.
   */
  stackExhausted?: boolean;
}

/**
 * The parser's documents, each refused (`onTooDeep`, its contents dropped) when it nests deeper than
 * Go allows, so that the composer, which recurses once per level, never sees it; one that nests
 * deeper than this thread's stack composes safely (composableDepth) is dropped too, and
 * `onTooDeepHere` says that a thread with a larger stack must load it.
 */
function* withinDepthLimit(tokens: Iterable<CST.Token>, onTooDeep: (offset: number) => void, onTooDeepHere: () => void): Generator<CST.Token> {
  const safe = Math.min(composableDepth(), YAML_MAX_DEPTH);
  for (const token of tokens) {
    if (token.type === 'document' && tooDeepOffset(token, safe) !== undefined) {
      const offset = tooDeepOffset(token);
      if (offset !== undefined) onTooDeep(offset);
      else onTooDeepHere();
      delete token.value;
    }
    yield token;
  }
}

function problem(file: string, message: string, line?: number, column?: number): Finding {
  const f: Finding = { rule: 'input', severity: 'error', message, object: { index: -1 }, file };
  if (line !== undefined) f.line = line;
  if (column !== undefined) f.column = column;
  return f;
}

type Path = (string | number)[];

/** Unwraps `kind: List` (and `*List` with items) the way kubectl and Tanka do. */
function pushObjects(value: JsonValue, basePath: Path, out: { value: JsonValue; path: Path }[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => pushObjects(v, [...basePath, i], out));
    return;
  }
  if (value && typeof value === 'object' && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    value.items.forEach((v, i) => pushObjects(v, [...basePath, 'items', i], out));
    return;
  }
  out.push({ value, path: basePath });
}

/** Documents at least this long keep their syntax tree (see lazyLocator). */
const KEEP_TREE_BYTES = 1 << 20;

/**
 * The line and column of a field of an object. Documents are parsed one at a time and dropped (a file
 * of 100,000 documents keeps no syntax trees); the few objects with findings parse their document's
 * text again, once, when a finding asks where it is. A large document keeps its tree instead
 * (`kept`): parsing 50 MB again would double the run, and its tree costs memory in proportion to
 * its text, as its objects do.
 */
function lazyLocator(text: string, lc: LineCounter, docStart: number, docEnd: number, objectPath: Path, kept?: Document.Parsed): (path: Path) => { line: number; column: number } | undefined {
  let doc = kept;
  const offset = kept ? 0 : docStart;
  return (path: Path) => {
    doc ??= parseDocument(text.slice(docStart, docEnd), { uniqueKeys: false, prettyErrors: false });
    const full = [...objectPath, ...path];
    const n = full.length ? doc.getIn(full, true) : doc.contents;
    const r = (n as { range?: [number, number, number] } | null)?.range;
    if (!r) return undefined;
    const p = lc.linePos(offset + r[0]);
    return { line: p.line, column: p.col };
  };
}

export function parseManifestText(text: string, file: string, displayName = file): LoadedManifests {
  const inputs: InputObject[] = [];
  const problems: Finding[] = [];
  const lc = new LineCounter();
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, intAsBigInt: false });
  let stackExhausted = false;
  const tooDeep = (offset: number) => {
    const pos = lc.linePos(offset);
    problems.push(problem(displayName, `exceeded max depth of ${YAML_MAX_DEPTH}`, pos.line, pos.col));
  };
  try {
    // One document at a time, straight from the token stream.
    const tooDeepHere = () => (stackExhausted = true);
    for (const doc of composer.compose(withinDepthLimit(new Parser(lc.addNewLine).parse(text), tooDeep, tooDeepHere))) {
      // Repeated keys are checked here, in linear time (the composer's own check is quadratic).
      const errors = [...doc.errors.map((e) => ({ offset: e.pos[0], message: e.message.split('\n')[0]! })), ...duplicateKeys(doc)].sort((a, b) => a.offset - b.offset);
      if (errors.length) {
        if (errors.some((e) => mentionsStackOverflow(e.message))) stackExhausted = true;
        for (const err of errors) {
          const pos = lc.linePos(err.offset);
          problems.push(problem(displayName, depthLimitText(err.message), pos.line, pos.col));
        }
        continue;
      }
      let value: JsonValue;
      try {
        value = doc.toJSON() as JsonValue; // throws on alias bombs (excessive alias count)
      } catch (e) {
        if (isStackOverflow(e)) stackExhausted = true;
        const pos = doc.contents?.range ? lc.linePos(doc.contents.range[0]) : undefined;
        problems.push(problem(displayName, `cannot read document: ${depthLimitText((e as Error).message)}`, pos?.line, pos?.col));
        continue;
      }
      if (value === null || value === undefined) continue; // empty document
      const objects: { value: JsonValue; path: Path }[] = [];
      pushObjects(value, [], objects);
      const [docStart, , docEnd] = doc.range;
      for (const o of objects) {
        const node = o.path.length ? doc.getIn(o.path, true) : doc.contents;
        const start = (node as { range?: [number, number, number] } | null)?.range?.[0];
        const pos = start !== undefined ? lc.linePos(start) : undefined;
        const input: InputObject = { object: o.value, source: { file: displayName, locate: lazyLocator(text, lc, docStart, docEnd, o.path, docEnd - docStart >= KEEP_TREE_BYTES ? doc : undefined) } };
        if (pos) {
          input.source!.line = pos.line;
          input.source!.column = pos.col;
        }
        inputs.push(input);
      }
    }
  } catch (e) {
    if (isStackOverflow(e)) stackExhausted = true;
    problems.push(problem(displayName, `cannot parse: ${depthLimitText((e as Error).message)}`));
  }
  return stackExhausted ? { inputs, problems, stackExhausted } : { inputs, problems };
}

/** Loads every manifest under `paths`. File names are shown relative to `cwd`. */
export function loadManifests(paths: string[], cwd = process.cwd()): LoadedManifests {
  const { files, missing, irregular } = manifestFiles(paths);
  const out: LoadedManifests = {
    inputs: [],
    problems: [
      ...missing.map((m) => problem(m, 'no such file or folder')),
      ...irregular.map((f) => problem(relative(cwd, f) || f, 'not a regular file or folder')),
    ],
  };
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      out.problems.push(problem(shown, `cannot read: ${pathErrorText(e, shown)}`));
      continue;
    }
    const r = parseManifestText(text, file, shown);
    // One at a time: spreading 100,000s of arguments into push() exhausts the stack.
    for (const i of r.inputs) out.inputs.push(i);
    for (const p of r.problems) out.problems.push(p);
    if (r.stackExhausted) out.stackExhausted = true;
  }
  return out;
}

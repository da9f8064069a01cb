// Decoding YAML the way Tanka does (yaml.v3 into interface{}, then through
// encoding/json): used by parseYaml and for helm/kustomize output. The `yaml`
// package parses the syntax (failsafe schema, so every scalar arrives as text);
// plain scalars are then resolved with yaml.v3's rules (gocompat/yaml/resolve.ts),
// merge keys `<<` are applied here.

import { Alias, Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, type CST, type Document, type Node } from 'yaml';
import type { JsonValue } from '../../jsonnet/api.js';
import { RuntimeError } from '../../jsonnet/value.js';
import { depthLimitText, isStackOverflow } from '../../gocompat/errors.js';
import { composableDepth, tooDeepOffset, YAML_MAX_DEPTH } from '../../gocompat/yaml/depth.js';
import { resolvePlain } from '../../gocompat/yaml/resolve.js';

/** An error yaml.v3's decoder reports (Tanka's parseYaml prefixes these with `parsing yaml: `). */
export class YamlDecodeError extends Error {}

const TOO_DEEP = `yaml: exceeded max depth of ${YAML_MAX_DEPTH}`;

/** Nesting within Go's limit that this thread cannot hold: a thread with a larger stack would succeed. */
function needsDeeperStack(): RuntimeError {
  const e = new RuntimeError('yaml: exceeded max depth: the input is nested too deeply for this thread');
  e.jsStackOverflow = true;
  return e;
}

/** The parser's documents, checked for depth (measured without recursion) before they are composed. */
function* depthChecked(tokens: Iterable<CST.Token>): Generator<CST.Token> {
  const safe = Math.min(composableDepth(), YAML_MAX_DEPTH);
  for (const token of tokens) {
    if (token.type === 'document' && tooDeepOffset(token, safe) !== undefined) {
      if (tooDeepOffset(token) !== undefined) throw new YamlDecodeError(TOO_DEEP);
      throw needsDeeperStack();
    }
    yield token;
  }
}

/** yaml.v3's value for a plain scalar; a non-finite float is refused later, by encoding/json. */
function resolveV3(text: string): JsonValue | { nonFinite: number } {
  const r = resolvePlain(text, 'v3');
  if (r.tag === 'float' && !Number.isFinite(r.value)) return { nonFinite: r.value };
  return r.value;
}

function resolveTagged(tag: string, text: string): JsonValue | { nonFinite: number } {
  switch (tag) {
    case 'tag:yaml.org,2002:str':
      return text;
    case 'tag:yaml.org,2002:binary':
      return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:bool':
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float':
    case 'tag:yaml.org,2002:timestamp': {
      const want = tag.slice('tag:yaml.org,2002:'.length);
      const r = resolvePlain(text, 'v3');
      // an int is also a float
      const ok = r.tag === want || (want === 'float' && r.tag === 'int');
      if (!ok) throw new YamlDecodeError(`yaml: cannot decode !!${r.tag} \`${text}\` as a !!${want}`);
      return resolveV3(text);
    }
    default:
      return resolveV3(text);
  }
}

class Decoder {
  constructor(private doc: Document.Parsed, private lines: LineCounter) {}

  line(node: Node | Alias): number {
    const r = node.range;
    return r ? this.lines.linePos(r[0]).line : 0;
  }

  decode(node: unknown, depth = 0): JsonValue {
    // The root collection is level 1: Go refuses level 10,001.
    if (depth >= YAML_MAX_DEPTH && (isSeq(node) || isMap(node))) throw new YamlDecodeError(TOO_DEEP);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.decode(node.resolve(this.doc), depth + 1);
    if (isScalar(node)) {
      // the yaml package decodes !!binary itself, even in the failsafe schema
      if (node.value instanceof Uint8Array) return Buffer.from(node.value).toString('utf8');
      // an explicit !!timestamp arrives as a Date even in the failsafe schema: read its text
      const text = node.value instanceof Date && typeof node.source === 'string' ? node.source : String(node.value ?? '');
      let v: JsonValue | { nonFinite: number };
      if (node.tag && node.tag !== '!') v = resolveTagged(node.tag, text);
      else if (node.type === 'PLAIN' && node.tag !== '!') v = resolveV3(text);
      else v = text;
      if (v !== null && typeof v === 'object' && 'nonFinite' in v) {
        const n = v.nonFinite as number;
        throw new YamlDecodeError(`converting yaml to json: json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`);
      }
      return v;
    }
    if (isSeq(node)) return node.items.map((item) => this.decode(item, depth + 1));
    if (isMap(node)) {
      const out: { [k: string]: JsonValue } = {};
      const seenAt = new Map<string, number>();
      const merged: { [k: string]: JsonValue }[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
          const src = pair.value;
          const target = isAlias(src) ? src.resolve(this.doc) : src;
          const list = isSeq(target) ? target.items : [src];
          for (const item of list) {
            const v = this.decode(item, depth + 1);
            if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new YamlDecodeError('yaml: map merge requires map or sequence of maps as the value');
            merged.push(v);
          }
          continue;
        }
        const key = this.decode(keyNode, depth + 1);
        if (typeof key !== 'string') throw new YamlDecodeError('converting yaml to json: json: unsupported type: map[interface {}]interface {}');
        const line = keyNode ? this.line(keyNode) : 0;
        if (seenAt.has(key)) {
          throw new YamlDecodeError(`yaml: unmarshal errors:\n  line ${line}: mapping key "${key}" already defined at line ${seenAt.get(key)}`);
        }
        seenAt.set(key, line);
        out[key] = this.decode(pair.value, depth + 1);
      }
      // Explicit keys win over merged ones; earlier merge sources win over later ones.
      for (const m of merged) for (const [k, v] of Object.entries(m)) if (!seenAt.has(k)) {
        seenAt.set(k, 0);
        out[k] = v;
      }
      return out;
    }
    throw new YamlDecodeError('yaml: unsupported node');
  }
}

/** Every document of a YAML stream, decoded like yaml.v3 + encoding/json. Empty documents give null. */
export function decodeYamlStream(text: string): JsonValue[] {
  const lines = new LineCounter();
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false });
  const docs = Array.from(composer.compose(depthChecked(new Parser(lines.addNewLine).parse(text)))) as Document.Parsed[];
  return docs.map((doc) => {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line;
      throw new YamlDecodeError(`yaml: ${line !== undefined ? `line ${line}: ` : ''}${depthLimitText(e.message.split('\n')[0])}`);
    }
    try {
      return new Decoder(doc, lines).decode(doc.contents);
    } catch (e) {
      // Aliases can nest deeper than the text does.
      if (isStackOverflow(e)) throw needsDeeperStack();
      throw e;
    }
  });
}

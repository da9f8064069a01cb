// Tanka's native functions, called as std.native('<name>')(...).

import { createHash } from 'node:crypto';
import type { JsonValue, NativeFunction } from '../../jsonnet/api.js';
import { marshalV3 } from '../../gocompat/yaml/marshal.js';
import { goMatchString, goQuoteMeta, goReplaceAllString } from '../../gocompat/re2.js';
import { helmTemplate, type HelmOptions } from './helm.js';
import { kustomizeBuild } from './kustomize.js';
import { decodeYamlStream, YamlDecodeError } from './yamldecode.js';
import { beyondDepthLimit, goJsonSyntaxError } from '../../jsonnet/manifest/parse.js';

function wantString(fn: string, param: string, v: JsonValue): string {
  if (typeof v !== 'string') throw new Error(`${fn}: '${param}' must be a string, got ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}`);
  return v;
}

/**
 * JSON text as Go's json.Unmarshal reads it: its error texts, and its limit of 10,000 levels of
 * nesting (JSON.parse has none). Only a text over 20,000 characters can nest that deep.
 */
function goJsonUnmarshal(text: string): JsonValue {
  if (text.length > 20_000 && beyondDepthLimit(text) !== null) throw new Error(goJsonSyntaxError(text) ?? 'exceeded max depth');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new Error(goJsonSyntaxError(text) ?? (e as Error).message);
  }
}

/** Go's json.Indent with `indent` spaces: keeps key order and number text, `{}`/`[]` stay compact. */
function goJsonIndent(src: string, indent: string): string {
  JSON.parse(src); // validates; the message names the problem
  let out = '';
  let depth = 0;
  let needIndent = false;
  const newline = () => '\n' + indent.repeat(depth);
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (needIndent && c !== '}' && c !== ']') {
      needIndent = false;
      depth++;
      out += newline();
    }
    if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else if (c === '{' || c === '[') {
      out += c;
      needIndent = true;
    } else if (c === '}' || c === ']') {
      if (needIndent) needIndent = false; // empty: {} or []
      else {
        depth--;
        out += newline();
      }
      out += c;
    } else if (c === ',') out += ',' + newline();
    else if (c === ':') out += ': ';
    else out += c;
  }
  return out;
}

export function tankaNatives(helm: HelmOptions): Record<string, NativeFunction> {
  return {
    parseJson: {
      params: ['json'],
      fn: (json) => goJsonUnmarshal(wantString('parseJson', 'json', json)),
    },
    parseYaml: {
      params: ['yaml'],
      fn: (yaml) => {
        try {
          return decodeYamlStream(wantString('parseYaml', 'yaml', yaml));
        } catch (e) {
          // Tanka wraps the decoder's errors, not those of the conversion to JSON that follows.
          if (e instanceof YamlDecodeError && !e.message.startsWith('converting yaml to json')) throw new Error(`parsing yaml: ${e.message}`);
          throw e;
        }
      },
    },
    manifestJsonFromJson: {
      params: ['json', 'indent'],
      fn: (json, indent) => {
        const n = typeof indent === 'number' ? Math.max(0, Math.trunc(indent)) : 0;
        return goJsonIndent(wantString('manifestJsonFromJson', 'json', json).trim(), ' '.repeat(n)) + '\n';
      },
    },
    manifestYamlFromJson: {
      params: ['json'],
      fn: (json) => marshalV3(JSON.parse(wantString('manifestYamlFromJson', 'json', json)) as JsonValue),
    },
    escapeStringRegex: {
      params: ['str'],
      fn: (s) => goQuoteMeta(wantString('escapeStringRegex', 'str', s)),
    },
    regexMatch: {
      params: ['regex', 'string'],
      fn: (regex, s) => goMatchString(wantString('regexMatch', 'regex', regex), wantString('regexMatch', 'string', s)),
    },
    regexSubst: {
      params: ['regex', 'src', 'repl'],
      fn: (regex, src, repl) =>
        goReplaceAllString(wantString('regexSubst', 'regex', regex), wantString('regexSubst', 'src', src), wantString('regexSubst', 'repl', repl)),
    },
    sha256: {
      params: ['str'],
      fn: (s) => createHash('sha256').update(wantString('sha256', 'str', s), 'utf8').digest('hex'),
    },
    helmTemplate: {
      params: ['name', 'chart', 'opts'],
      fn: (name, chart, opts) => helmTemplate(helm, name, chart, opts),
    },
    kustomizeBuild: {
      params: ['path', 'opts'],
      fn: (p, opts) => {
        if (helm.inputs) helm.inputs.uncacheable = 'kustomizeBuild';
        return kustomizeBuild(p, opts);
      },
    },
  };
}

// File names for `tk export`: the --format Go template runs over
// each manifest; `/` in rendered values becomes `-`, while a literal `/` in the
// template text (outside {{…}}) makes subfolders (Tanka swaps those for BEL before
// parsing and back afterwards). `env` gives the Environment (without data).

import type { JsonValue } from '../jsonnet/api.js';
import { compileTemplate } from '../gocompat/template/index.js';

export const DEFAULT_FORMAT = '{{.apiVersion}}.{{.kind}}-{{or .metadata.name .metadata.generateName}}';
const BEL = '\u0007';
const ENV_KEY = '__tkts_env__';

/** Replaces `/` outside template actions with BEL. */
function protectSlashes(format: string): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf('{{', i);
    if (open < 0) {
      out += format.slice(i).replace(/\//g, BEL);
      break;
    }
    out += format.slice(i, open).replace(/\//g, BEL);
    const close = format.indexOf('}}', open + 2);
    const end = close < 0 ? format.length : close + 2;
    out += rewriteEnv(format.slice(open, end));
    i = end;
  }
  return out;
}

/** `env` (the template function Tanka adds) becomes a field of the data: `.__tkts_env__`. */
function rewriteEnv(action: string): string {
  let out = '';
  let inString: string | null = null;
  for (let i = 0; i < action.length; i++) {
    const c = action[i];
    if (inString) {
      out += c;
      if (c === '\\' && inString === '"') out += action[++i] ?? '';
      else if (c === inString) inString = null;
      continue;
    }
    if (c === '"' || c === '`') {
      inString = c;
      out += c;
      continue;
    }
    if (action.startsWith('env', i) && !/[\w.$]/.test(action[i - 1] ?? '') && !/\w/.test(action[i + 3] ?? '')) {
      out += '.' + ENV_KEY;
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

/** Compiles --format into a function from (manifest, env) to a relative file name without extension. */
export function compileExportName(format: string): (manifest: JsonValue, env: JsonValue) => string {
  const usesEnv = /\benv\b/.test(format);
  const render = compileTemplate(protectSlashes(format));
  return (manifest, env) => {
    const data = usesEnv && manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest)
      ? { ...manifest, [ENV_KEY]: env }
      : manifest;
    return render(data).replace(/\//g, '-').replace(new RegExp(BEL, 'g'), '/');
  };
}

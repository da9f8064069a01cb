// Go's fmt where templates reach it: print (Sprint), printf (Sprintf) with the verbs name formats use.

import { formatFloatFixed, formatFloatG, quote, quoteRune } from '../strconv.js';
import { fmtValue, GoInt, goType, num, type TValue } from './value.js';

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: TValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += fmtValue(a);
  });
  return out;
}

export function sprintf(format: string, args: TValue[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^([-+# 0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])/.exec(format.slice(i + 1));
    if (!m) {
      out += '%!(NOVERB)';
      continue;
    }
    i += m[0].length;
    const [, flags, width, prec, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argi++];
    const n = num(a);
    let s: string;
    const bad = () => `%!${verb}(${goType(a)}=${fmtValue(a)})`;
    switch (verb) {
      case 'v':
      case 's':
        s = verb === 's' && typeof a !== 'string' && !(a === null || a === undefined) && typeof a !== 'object' ? bad() : fmtValue(a);
        if (verb === 's' && (a === null || a === undefined)) s = '%!s(<nil>)';
        break;
      case 'q':
        s = typeof a === 'string' ? quote(a) : a instanceof GoInt ? quoteRune(a.v) : bad();
        break;
      case 'd':
        s = a instanceof GoInt ? String(a.v) : bad();
        break;
      case 't':
        s = typeof a === 'boolean' ? String(a) : bad();
        break;
      case 'f':
      case 'F':
        s = n === null || a instanceof GoInt ? bad() : formatFloatFixed(n, prec === undefined ? 6 : Number(prec || 0));
        break;
      case 'e':
        s = n === null || a instanceof GoInt ? bad() : n.toExponential(prec === undefined ? 6 : Number(prec || 0)).replace(/e([+-])(\d)$/, 'e$10$2');
        break;
      case 'g':
        s = n === null || a instanceof GoInt ? bad() : formatFloatG(n);
        break;
      case 'x':
      case 'X':
        if (a instanceof GoInt) s = a.v.toString(16);
        else if (typeof a === 'string') s = Buffer.from(a, 'utf8').toString('hex');
        else s = bad();
        if (verb === 'X') s = s.toUpperCase();
        break;
      default:
        s = bad();
    }
    const w = width ? Number(width) : 0;
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w, ' ');
      else if (flags.includes('0') && verb !== 's' && verb !== 'q' && verb !== 'v') {
        const neg = s.startsWith('-');
        s = (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(w - (neg ? 1 : 0), '0');
      } else s = s.padStart(w, ' ');
    }
    out += s;
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goType(a)}=${fmtValue(a)}`).join(', ')})`;
  return out;
}

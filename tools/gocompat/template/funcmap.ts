// The functions a template may call (Go's FuncMap): text/template's own and sprig's. The parser
// refuses an unknown name, as Go's does; `and` and `or` are evaluated by exec.ts itself.

import { BUILTINS, type Fn } from './funcs.js';
import { SPRIG } from './sprig.js';

export const FUNCS: Record<string, Fn> = { ...BUILTINS, ...SPRIG };

export function isFunction(name: string): boolean {
  return Object.hasOwn(FUNCS, name) || name === 'and' || name === 'or';
}

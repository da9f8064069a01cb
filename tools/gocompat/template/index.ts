// A subset of Go's text/template with the sprig functions Tanka's name formats use (`tk export
// --format`, helm/kustomize `nameFormat`), split as Go splits it: lex.ts, parse.ts, exec.ts, the
// predefined functions (funcs.ts, fmt.ts) and sprig's (sprig.ts, snakecase.ts). Written from the
// text/template and sprig docs; tests/gocompat/template compares it with answers recorded from Go.

export { compileTemplate } from './exec.js';
export { TemplateError } from './value.js';

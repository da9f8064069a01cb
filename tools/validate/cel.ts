// The CEL validation rules of CRDs (`x-kubernetes-validations`), as the API server runs them on
// create: each rule is evaluated with `self` bound to the value at its schema node (after the
// schema's defaults are applied), and a rule that is false, or that fails to evaluate, rejects the
// object with its `message`, its `messageExpression` or the rule itself. Transition rules (those
// using `oldSelf`) do not run on create.
//
// Expressions are parsed and evaluated by @marcbachmann/cel-js (the CEL standard definitions and
// macros). The Kubernetes CEL libraries that it lacks are added here: lists (isSorted, sum, min, max,
// indexOf, lastIndexOf), strings (charAt, find, findAll, replace, reverse), URLs (isURL, url and
// its getters) and quantities (isQuantity, quantity and its comparisons). `matches` runs RE2 as on
// the API server (linear time: a backtracking JavaScript RegExp would let one rule hang validate).
// An expression outside what is supported is reported, not guessed.

import { Environment, EvaluationError, ParseError } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { quantityValue } from './apiserver/formats.js';

export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
  optionalOldSelf?: boolean;
}

/** The outcome of one rule on one value: passed, failed (with the message), or not evaluable here. */
type CelOutcome = { kind: 'pass' } | { kind: 'fail'; message: string } | { kind: 'unsupported'; message: string };

type Compiled = ReturnType<Environment['parse']>;

class Quantity {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

function compareNumbers(a: number, b: number): bigint {
  return a < b ? -1n : a > b ? 1n : 0n;
}

function listCompare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Matches of an RE2 pattern (the API server's regexps), left to right, at most `limit`. */
function findAll(s: string, pattern: string, limit: number): string[] {
  const m = RE2JS.compile(pattern).matcher(s);
  const out: string[] = [];
  let from = 0;
  while (out.length < limit && from <= s.length && m.find(from)) {
    out.push(m.group() ?? '');
    from = m.end() > m.start() ? m.end() : m.end() + 1;
  }
  return out;
}

function parseUrl(s: string): URL | undefined {
  // Kubernetes' isURL: an absolute URL or an absolute path, as Go's url.ParseRequestURI takes it.
  try {
    return s.startsWith('/') ? new URL(s, 'http://relative.invalid') : new URL(s);
  } catch {
    return undefined;
  }
}

// The library's own `matches` (JavaScript RegExp) cannot be replaced, so calls to it are renamed,
// outside string literals, to a function of the same length that runs RE2 (columns stay right).
const RE2_MATCHES = 'rematch';

/** The expression with every call of `matches` (method or function) calling RE2_MATCHES instead. */
function withRe2Matches(expression: string): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === '"' || c === "'") {
      // A string literal: raw when an r/R prefix stands right before it; ''' and """ span lines.
      const raw = /(^|[^A-Za-z0-9_])[bB]?[rR][bB]?$/.test(out);
      const quote = expression.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < expression.length && !expression.startsWith(quote, j)) j += !raw && expression[j] === '\\' ? 2 : 1;
      j = Math.min(expression.length, j + quote.length);
      out += expression.slice(i, j);
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i))![0];
      out += word === 'matches' && /^\s*\(/.test(expression.slice(i + word.length)) ? RE2_MATCHES : word;
      i += word.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const re2Matches = (s: string, pattern: string): boolean => RE2JS.compile(pattern).matcher(s).find();

function kubernetesEnvironment(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false, enableOptionalTypes: true });
  // Lists.
  env.registerFunction('list.isSorted(): bool', (l: unknown[]) => l.every((x, i) => i === 0 || listCompare(l[i - 1], x) <= 0));
  env.registerFunction('list.sum(): dyn', (l: unknown[]) => (l.every((x) => typeof x === 'bigint') ? (l as bigint[]).reduce((a, b) => a + b, 0n) : l.reduce<number>((a, b) => a + Number(b), 0)));
  env.registerFunction('list.min(): dyn', (l: unknown[]) => {
    if (l.length === 0) throw new Error('min called on an empty list');
    return l.reduce((a, b) => (listCompare(b, a) < 0 ? b : a));
  });
  env.registerFunction('list.max(): dyn', (l: unknown[]) => {
    if (l.length === 0) throw new Error('max called on an empty list');
    return l.reduce((a, b) => (listCompare(b, a) > 0 ? b : a));
  });
  env.registerFunction('list.indexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.findIndex((y) => y === x)));
  env.registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => BigInt(l.map((y) => y === x).lastIndexOf(true)));
  // Strings.
  env.registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
    if (i < 0n || i > BigInt(s.length)) throw new Error(`index out of range: ${i}`);
    return [...s][Number(i)] ?? '';
  });
  env.registerFunction('string.find(string): string', (s: string, re: string) => findAll(s, re, 1)[0] ?? '');
  env.registerFunction('string.findAll(string): list<string>', (s: string, re: string) => findAll(s, re, Infinity));
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => s.split(a).join(b));
  env.registerFunction('string.reverse(): string', (s: string) => [...s].reverse().join(''));
  env.registerFunction(`string.${RE2_MATCHES}(string): bool`, re2Matches);
  env.registerFunction(`${RE2_MATCHES}(string, string): bool`, re2Matches);
  // URLs.
  env.registerFunction('isURL(string): bool', (s: string) => parseUrl(s) !== undefined);
  env.registerType('URL', URL);
  env.registerFunction('url(string): URL', (s: string) => {
    const u = parseUrl(s);
    if (!u) throw new Error(`URL parse error during conversion from string: ${s}`);
    return u;
  });
  env.registerFunction('URL.getScheme(): string', (u: URL) => u.protocol.replace(/:$/, ''));
  env.registerFunction('URL.getHost(): string', (u: URL) => u.host);
  env.registerFunction('URL.getHostname(): string', (u: URL) => u.hostname.replace(/^\[|\]$/g, ''));
  env.registerFunction('URL.getPort(): string', (u: URL) => u.port);
  env.registerFunction('URL.getEscapedPath(): string', (u: URL) => u.pathname);
  // Quantities.
  env.registerType('Quantity', Quantity);
  const toQuantity = (s: string) => {
    const v = quantityValue(s);
    if (v === undefined) throw new Error(`quantities must match the regular expression of Kubernetes quantities: ${s}`);
    return new Quantity(s, v);
  };
  env.registerFunction('isQuantity(string): bool', (s: string) => quantityValue(s) !== undefined);
  env.registerFunction('quantity(string): Quantity', toQuantity);
  env.registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => compareNumbers(a.value, b.value));
  env.registerFunction('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.value > b.value);
  env.registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.value < b.value);
  env.registerFunction('Quantity.asApproximateFloat(): double', (a: Quantity) => a.value);
  env.registerFunction('Quantity.asInteger(): int', (a: Quantity) => {
    if (!Number.isInteger(a.value)) throw new Error(`cannot convert ${a.text} to an integer`);
    return BigInt(a.value);
  });
  env.registerFunction('Quantity.isInteger(): bool', (a: Quantity) => Number.isInteger(a.value));
  env.registerFunction('Quantity.sign(): int', (a: Quantity) => compareNumbers(a.value, 0));
  return env;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!.trim();
}

/** Parse failures and unknown functions say the expression is outside what runs here. */
function isUnsupported(e: unknown): boolean {
  return e instanceof ParseError || (e instanceof EvaluationError && /no matching overload|Unknown (function|variable)/i.test(firstLine(e)));
}

export class CelRules {
  private readonly env = kubernetesEnvironment();
  private readonly compiled = new Map<string, Compiled | Error>();

  private compile(expression: string): Compiled | Error {
    let c = this.compiled.get(expression);
    if (!c) {
      try {
        c = this.env.parse(withRe2Matches(expression));
      } catch (e) {
        c = e as Error;
      }
      this.compiled.set(expression, c);
    }
    return c;
  }

  /** Runs one rule with `self`; `self` must already be a CEL value (see celValue). */
  evaluate(rule: CelRule, self: unknown): CelOutcome {
    const program = this.compile(rule.rule);
    if (program instanceof Error) return { kind: 'unsupported', message: `rule ${JSON.stringify(rule.rule)} cannot be parsed here: ${firstLine(program)}` };
    let result: unknown;
    try {
      result = program({ self });
    } catch (e) {
      if (isUnsupported(e)) return { kind: 'unsupported', message: `rule ${JSON.stringify(rule.rule)} uses what validate does not support: ${firstLine(e)}` };
      // The API server rejects an object when a rule cannot be evaluated on it.
      return { kind: 'fail', message: `${firstLine(e)} evaluating rule: ${rule.rule}` };
    }
    if (result === true) return { kind: 'pass' };
    if (result !== false) return { kind: 'unsupported', message: `rule ${JSON.stringify(rule.rule)} returned ${typeof result}, not a bool` };
    return { kind: 'fail', message: this.message(rule, self) };
  }

  private message(rule: CelRule, self: unknown): string {
    if (rule.messageExpression) {
      const program = this.compile(rule.messageExpression);
      if (!(program instanceof Error)) {
        try {
          const m = program({ self });
          if (typeof m === 'string' && m.trim() !== '') return m;
        } catch {
          // Falls back to the message, as the API server does.
        }
      }
    }
    return rule.message || `failed rule: ${rule.rule}`;
  }
}

type Schema = Record<string, unknown>;

/**
 * A JSON value as CEL sees it, with the schema's defaults applied: integers are CEL ints (BigInt)
 * unless the schema says `number`.
 */
export function celValue(s: Schema | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'number') {
    const types = s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    return Number.isInteger(v) && !(types.includes('number') && !types.includes('integer')) ? BigInt(v) : v;
  }
  if (Array.isArray(v)) return v.map((x) => celValue(s?.items as Schema | undefined, x));
  if (typeof v === 'object') {
    const props = (s?.properties ?? {}) as Record<string, Schema>;
    const extra = typeof s?.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = celValue(props[k] ?? extra, x);
    for (const [k, ps] of Object.entries(props)) if (!(k in out) && ps.default !== undefined) out[k] = celValue(ps, structuredClone(ps.default));
    return out;
  }
  return v;
}

/** `.spec.foo` or `.spec['a.b']` as path segments. */
export function fieldPathSegments(fieldPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[['"]([^'"]*)['"]\]|\[(\d+)\]/g;
  for (let m = re.exec(fieldPath); m; m = re.exec(fieldPath)) out.push(m[1] ?? m[2] ?? Number(m[3]));
  return out;
}

/** What an admission webhook's matchConditions may refer to (the authorizer's methods are not modelled). */
let admissionEnv: Environment | undefined;
const ADMISSION_REQUEST = { uid: 'string', kind: 'map', resource: 'map', subResource: 'string', requestKind: 'map', requestResource: 'map', requestSubResource: 'string', name: 'string', namespace: 'string', operation: 'string', userInfo: 'map', dryRun: 'bool', options: 'dyn' };

/**
 * Why the API server would refuse a webhook matchCondition expression: it does not parse, names a
 * variable that does not exist, or is not a bool. Undefined when it compiles, or when its types
 * cannot be judged here (the authorizer's methods), so nothing is guessed.
 */
export function matchConditionProblem(expression: string): string | undefined {
  admissionEnv ??= new Environment({ homogeneousAggregateLiterals: false })
    .registerVariable('object', 'dyn')
    .registerVariable('oldObject', 'dyn')
    .registerVariable('authorizer', 'dyn')
    .registerVariable({ name: 'request', schema: ADMISSION_REQUEST });
  const r = admissionEnv.check(expression) as { valid: boolean; type?: string; error?: Error };
  if (r.valid) return r.type === 'bool' || r.type === 'dyn' ? undefined : `must evaluate to bool, not ${r.type}`;
  if (r.error instanceof ParseError) return `does not compile: ${firstLine(r.error)}`;
  const message = firstLine(r.error);
  return /^Unknown variable/i.test(message) ? `does not compile: ${message}` : undefined;
}

// Kubernetes label selectors, as `tk env list -l` and `tk export -l` take them (kubectl's syntax):
// equality (`a=b`, `a==b`, `a!=b`), sets (`a in (x,y)`, `a notin (x)`), existence (`a`, `!a`) and
// integer comparison (`a>1`, `a<3`), comma-separated and all required. Keys and values are checked
// as label keys and values, so a typo is an error instead of a selector that never matches.

export class SelectorError extends Error {}

type Requirement =
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: 'in' | 'notin'; values: Set<string> }
  | { key: string; op: '>' | '<'; value: number };

/** A parsed selector: true for the label sets it selects. */
export type Selector = (labels: Record<string, string> | undefined) => boolean;

const SPECIAL = new Set(['!', '=', '(', ')', ',', '<', '>']);
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Splits into identifiers and operators; `!=` and `==` are one token. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if ((c === '!' || c === '=') && text[i + 1] === '=') {
      out.push(c + '=');
      i += 2;
    } else if (SPECIAL.has(c)) {
      out.push(c);
      i++;
    } else {
      let j = i;
      while (j < text.length && !SPECIAL.has(text[j]) && !/\s/.test(text[j])) j++;
      out.push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

const isIdentifier = (t: string | undefined): t is string => t !== undefined && t !== '!=' && t !== '==' && !SPECIAL.has(t);

function checkKey(key: string): string {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) throw new SelectorError(`invalid label key "${key}": the prefix must be a DNS subdomain`);
  if (name.length > 63 || !NAME.test(name)) {
    throw new SelectorError(`invalid label key "${key}": at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
  }
  return key;
}

function checkValue(value: string): string {
  if (value !== '' && (value.length > 63 || !NAME.test(value))) {
    throw new SelectorError(`invalid label value "${value}": at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
  }
  return value;
}

function parseRequirements(tokens: string[]): Requirement[] {
  const reqs: Requirement[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const atEnd = () => i >= tokens.length || tokens[i] === ',';
  const expected = (what: string): never => {
    throw new SelectorError(peek() === undefined ? `expected ${what} at the end` : `found "${peek()}", expected ${what}`);
  };
  // A value after = or != may be empty (`a=` selects the empty value), as kubectl allows.
  const optionalValue = () => (atEnd() ? '' : isIdentifier(peek()) ? checkValue(tokens[i++]) : expected('a value'));
  for (;;) {
    if (peek() === '!') {
      i++;
      if (!isIdentifier(peek())) expected('a label key after "!"');
      reqs.push({ key: checkKey(tokens[i++]), op: '!exists' });
    } else {
      if (!isIdentifier(peek())) expected('a label key');
      const key = checkKey(tokens[i++]);
      const op = peek();
      if (atEnd()) reqs.push({ key, op: 'exists' });
      else if (op === '=' || op === '==') {
        i++;
        reqs.push({ key, op: 'in', values: new Set([optionalValue()]) });
      } else if (op === '!=') {
        i++;
        reqs.push({ key, op: 'notin', values: new Set([optionalValue()]) });
      } else if (op === 'in' || op === 'notin') {
        i++;
        if (peek() !== '(') expected(`"(" after "${op}"`);
        i++;
        const values = new Set<string>();
        // Comma-separated values, any of them empty as kubectl reads them: `()` is {""}, `(a,)` is {a, ""}.
        for (;;) {
          if (isIdentifier(peek())) values.add(checkValue(tokens[i++]));
          else values.add('');
          if (peek() === ')') break;
          if (peek() !== ',') expected('"," or ")"');
          i++;
        }
        i++;
        reqs.push({ key, op, values });
      } else if (op === '>' || op === '<') {
        i++;
        const v = peek();
        if (!isIdentifier(v)) expected(`an integer after "${op}"`);
        checkValue(v);
        if (!/^\d+$/.test(v)) throw new SelectorError(`"${v}" after "${op}" is not an integer`);
        i++;
        reqs.push({ key, op, value: Number(v) });
      } else expected('",", "=", "==", "!=", "in", "notin", ">", "<" or the end');
    }
    if (i >= tokens.length) return reqs;
    if (peek() !== ',') expected('"," or the end');
    i++;
    if (i >= tokens.length) expected('a requirement after ","');
  }
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case 'in':
      return has && r.values.has(labels[r.key]);
    case 'notin':
      return !(has && r.values.has(labels[r.key]));
    default: {
      // A label that is not an integer is not greater or less than anything.
      if (!has || !/^[+-]?\d+$/.test(labels[r.key])) return false;
      const n = Number(labels[r.key]);
      return r.op === '>' ? n > r.value : n < r.value;
    }
  }
}

/** Parses a selector; the empty selector selects everything. Throws SelectorError naming the problem. */
export function parseSelector(text: string): Selector {
  const tokens = tokenize(text);
  const reqs = tokens.length === 0 ? [] : parseRequirements(tokens);
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}

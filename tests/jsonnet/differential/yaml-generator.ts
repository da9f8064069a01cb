// Random YAML documents for comparing std.parseYaml with go-jsonnet: block and flow collections,
// anchors, aliases and merge keys, tags, YAML 1.1 scalars (booleans, octals, sexagesimals,
// timestamps, nulls, special floats), quoted and block scalars with indicators, comments, unicode,
// CRLF, multi-document streams; and malformed variants of them (one small edit each).

const PLAIN_SCALARS = [
  'a', 'hello world', 'x y z', 'key', 'value', 'é', '日本語', '😀 smile', 'a:b', 'a#b', 'http://x/y?z=1', '-a', '.a', 'a-b_c',
  'true', 'false', 'True', 'FALSE', 'yes', 'no', 'Yes', 'NO', 'on', 'off', 'On', 'OFF', 'y', 'n', 'Y', 'N',
  'null', 'Null', 'NULL', '~', '',
  '0', '1', '-1', '+1', '007', '0o17', '0x1F', '0b101', '0B1', '1_000', '1:20', '190:20:30', '-1:30', '1e3', '1.5', '-2.5e-3', '6.8523015e+5', '.5', '5.', '1.', '+.5',
  '9007199254740993', '123456789012345678901234567890', '-0', '0.0', '00', '0x', '1__0',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14', '12:30',
];
const QUOTED_SCALARS = [
  "'single'", "'it''s'", "''", '"double"', '"esc \\t \\n \\\\ \\" \\x41 \\u00e9 \\U0001F600"', '""', '"multi\n  line"', "'multi\n  line'", '"yes"', "'0o17'", '"a\\\n  b"',
];
/** Values that fail in go-jsonnet (special floats, escapes yaml.v2 lacks): rare, so most documents have a value. */
const FAILING_SCALARS = ['.inf', '-.Inf', '.NaN', '1e400', '"x\\/y"', '!!int foo', '!!bool 1', '!!float x', '*nowhere'];
const TAGGED_SCALARS = [
  '!!str 1', '!!str true', '!!int "12"', '!!float 1', '!!bool yes', '!!null ""', '!!binary aGVsbG8=', '!custom x', '!!str', '!<tag:yaml.org,2002:str> 5', '!!timestamp 2001-12-14', '!!int 0x10',
];
const KEYS = ['a', 'b', 'key', 'name', 'spec', 'x y', '"quoted"', "'single'", '1', 'true', 'yes', '0x10', '1.5', '"a: b"', 'ключ', '? complex', '"null"', '-1', 'on'];

export function makeRng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class YamlGenerator {
  private anchors: string[] = [];
  private anchorCount = 0;
  constructor(private readonly rng: () => number) {}

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.rng() * xs.length)]!;
  }

  private chance(p: number): boolean {
    return this.rng() < p;
  }

  private comment(): string {
    return this.chance(0.1) ? ' # note' : '';
  }

  private scalar(indent = ''): string {
    if (this.chance(0.01)) return this.pick(FAILING_SCALARS);
    const r = this.rng();
    if (r < 0.2) {
      const q = this.pick(QUOTED_SCALARS);
      // Continuation lines indented under the value's parent, as the YAML spec wants.
      return q.replace(/\n {2}/g, `\n${indent}  `);
    }
    if (r < 0.65) return this.pick(PLAIN_SCALARS);
    if (r < 0.75) return this.pick(TAGGED_SCALARS);
    if (r < 0.85 && this.anchors.length) return `*${this.pick(this.anchors)}`;
    if (r < 0.92) return 'long ' + 'word '.repeat(40).trim();
    return this.pick(['"\\u2028 \\0 \\a \\e"', "'#not comment'", '"tab\\there"', '"\\N\\_\\L\\P"']);
  }

  private key(): string {
    if (this.chance(0.01)) return this.pick(['null', '~', '']);
    const k = this.pick(KEYS);
    return k === '? complex' ? '"complex"' : k;
  }

  private anchor(): string {
    if (!this.chance(0.1)) return '';
    const name = `a${this.anchorCount++}`;
    this.anchors.push(name);
    return `&${name} `;
  }

  private flow(depth: number): string {
    if (depth > 2 || this.chance(0.4)) {
      const s = this.scalar();
      // A tag right before a flow indicator takes the indicator into its name in yaml.v2.
      // yaml.v2 ends a plain scalar at any ':' inside flow collections (YAML 1.1): not generated there.
      return s.includes('\n') || s.startsWith('!') || (/:/.test(s) && !/^["']/.test(s)) ? '"x"' : s;
    }
    if (this.chance(0.5)) return `[${Array.from({ length: Math.floor(this.rng() * 4) }, () => this.flow(depth + 1)).join(this.pick([', ', ',', ' ,  ']))}]`;
    return `{${Array.from({ length: Math.floor(this.rng() * 4) }, () => `${this.key()}: ${this.flow(depth + 1)}`).join(', ')}}`;
  }

  private blockScalar(indent: string): string {
    const header = this.pick(['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-']);
    const lines = Array.from({ length: 1 + Math.floor(this.rng() * 3) }, () => this.pick(['line one', '  more indented', '', 'with # hash', 'tail ']));
    const step = /\d/.test(header) ? ' '.repeat(Number(/\d/.exec(header)![0])) : '  ';
    return `${header}\n${lines.map((l) => (l === '' ? '' : indent + step + l)).join('\n')}`;
  }

  /** A value placed after `key:` or `- ` at this indent. */
  private value(indent: string, depth: number): string {
    const r = this.rng();
    if (depth > 3 || r < 0.45) {
      const scalar = this.scalar(indent);
      return ` ${scalar.startsWith('*') ? '' : this.anchor()}${scalar}${this.comment()}`;
    }
    if (r < 0.55) return ` ${this.anchor()}${this.flow(depth)}`;
    if (r < 0.62) return ` ${this.blockScalar(indent)}`;
    const inner = indent + '  ';
    const anchor = this.anchor().trim();
    if (r < 0.82) return `${anchor ? ' ' + anchor : ''}\n${this.mapping(inner, depth + 1)}`;
    return `${anchor ? ' ' + anchor : ''}\n${this.sequence(this.chance(0.3) ? indent : inner, depth + 1)}`;
  }

  mapping(indent: string, depth: number): string {
    const n = 1 + Math.floor(this.rng() * 4);
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      if (this.chance(0.05) && this.anchors.length) lines.push(`${indent}<<: *${this.pick(this.anchors)}`);
      else if (this.chance(0.03) && this.anchors.length > 1) lines.push(`${indent}<<: [*${this.pick(this.anchors)}, *${this.pick(this.anchors)}]`);
      else lines.push(`${indent}${this.key()}:${this.value(indent, depth)}`);
      if (this.chance(0.05)) lines.push(`${indent}# a comment line`);
    }
    return lines.join('\n');
  }

  sequence(indent: string, depth: number): string {
    const n = 1 + Math.floor(this.rng() * 4);
    return Array.from({ length: n }, () => `${indent}-${this.value(indent + '  ', depth)}`).join('\n');
  }

  document(): string {
    this.anchors = [];
    this.anchorCount = 0;
    const r = this.rng();
    let doc = r < 0.6 ? this.mapping('', 0) : r < 0.85 ? this.sequence('', 0) : r < 0.93 ? this.flow(0) : this.scalar();
    if (this.chance(0.1)) doc = `${doc}\n---\n${this.mapping('', 0)}`;
    if (this.chance(0.05)) doc = `---\n${doc}`;
    if (this.chance(0.05)) doc = `${doc}\n...`;
    if (this.chance(0.5)) doc += '\n';
    if (this.chance(0.05)) doc = doc.replace(/\n/g, '\r\n');
    return doc;
  }

  /** A document with one small edit: a character removed, doubled or replaced, or a line re-indented. */
  mutant(): string {
    const doc = this.document();
    if (doc.length === 0) return ':';
    const at = Math.floor(this.rng() * doc.length);
    switch (Math.floor(this.rng() * 6)) {
      case 0:
        return doc.slice(0, at) + doc.slice(at + 1);
      case 1:
        return doc.slice(0, at) + doc[at] + doc.slice(at);
      case 2:
        return doc.slice(0, at) + this.pick([':', '-', '[', ']', '{', '}', ',', '"', "'", '\t', '&', '*', '!', '|', '>', '%', '@', '`', '#', '?', ' ', '\n']) + doc.slice(at + 1);
      case 3: {
        const lines = doc.split('\n');
        const i = Math.floor(this.rng() * lines.length);
        lines[i] = this.pick([' ', '   ', '\t']) + lines[i];
        return lines.join('\n');
      }
      case 4: {
        const lines = doc.split('\n');
        const i = Math.floor(this.rng() * lines.length);
        lines[i] = lines[i]!.replace(/^ {1,2}/, '');
        return lines.join('\n');
      }
      default:
        return doc.slice(0, at);
    }
  }
}

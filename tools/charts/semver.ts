// Semantic versions and Helm-style (Masterminds semver v3) version constraints.

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[]; // dot-separated identifiers; empty when none
  original: string;
}

const STRICT = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const LOOSE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A full MAJOR.MINOR.PATCH version (optional `v`, pre-release, build); undefined if not one. */
export function parseVersion(s: string): SemVer | undefined {
  const m = STRICT.exec(s.trim());
  if (!m) return undefined;
  return { major: +m[1]!, minor: +m[2]!, patch: +m[3]!, prerelease: m[4] ? m[4].split('.') : [], original: s };
}

/** Like parseVersion but accepts `1` and `1.2` (as 1.0.0 / 1.2.0), as Helm does for repository entries. */
export function parseVersionLoose(s: string): SemVer | undefined {
  const m = LOOSE.exec(s.trim());
  if (!m) return undefined;
  return { major: +m[1]!, minor: +(m[2] ?? 0), patch: +(m[3] ?? 0), prerelease: m[4] ? m[4].split('.') : [], original: s };
}

function compareIdent(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SemVer precedence (build metadata ignored). */
function compareVersions(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  const ap = a.prerelease;
  const bp = b.prerelease;
  if (ap.length === 0 || bp.length === 0) return ap.length === bp.length ? 0 : ap.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(ap.length, bp.length); i++) {
    const c = compareIdent(ap[i]!, bp[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(ap.length - bp.length);
}

/** Same version ignoring a leading `v` and build metadata. */
export function sameVersion(a: string, b: string): boolean {
  if (a === b) return true;
  const va = parseVersionLoose(a);
  const vb = parseVersionLoose(b);
  return va !== undefined && vb !== undefined && compareVersions(va, vb) === 0;
}

// A comparator: a partial version (missing parts are wildcards) and an operator.
interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  prerelease: string[];
}
type Op = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~' | '^';
interface Comparator {
  op: Op;
  v: Partial;
}

class ConstraintError extends Error {}

const PART = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?$/;

function parsePartial(s: string, whole: string): Partial {
  const m = PART.exec(s);
  if (!m) throw new ConstraintError(`invalid version "${s}" in constraint "${whole}"`);
  const num = (x: string | undefined): number | undefined => (x === undefined || /^[xX*]$/.test(x) ? undefined : Number(x));
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  return { major, minor, patch, prerelease: m[4] ? m[4].split('.') : [] };
}

function full(p: Partial): SemVer {
  return { major: p.major ?? 0, minor: p.minor ?? 0, patch: p.patch ?? 0, prerelease: p.prerelease, original: '' };
}

function cmp(v: SemVer, p: Partial): number {
  return compareVersions(v, full(p));
}

/** Bounds [lo, hi) of the versions a wildcard partial matches. */
function range(p: Partial): [SemVer, SemVer | undefined] {
  const lo = full(p);
  if (p.major === undefined) return [lo, undefined];
  if (p.minor === undefined) return [lo, full({ major: p.major + 1, minor: 0, patch: 0, prerelease: [] })];
  if (p.patch === undefined) return [lo, full({ major: p.major, minor: p.minor + 1, patch: 0, prerelease: [] })];
  return [lo, undefined];
}

function inRange(v: SemVer, lo: SemVer, hi: SemVer | undefined): boolean {
  return compareVersions(v, lo) >= 0 && (hi === undefined || compareVersions(v, hi) < 0);
}

function test(c: Comparator, v: SemVer): boolean {
  // A pre-release only matches a comparator that names a pre-release itself.
  if (v.prerelease.length > 0 && c.v.prerelease.length === 0) return false;
  const p = c.v;
  const dirty = p.patch === undefined;
  switch (c.op) {
    case '=':
      if (dirty) return inRange(v, ...range(p));
      return cmp(v, p) === 0;
    case '!=':
      if (dirty) return !inRange(v, ...range(p));
      return cmp(v, p) !== 0;
    case '>':
      if (p.major === undefined) return false;
      if (p.minor === undefined) return v.major > p.major;
      if (p.patch === undefined) return v.major > p.major || (v.major === p.major && v.minor > p.minor);
      return cmp(v, p) > 0;
    case '>=':
      return cmp(v, p) >= 0;
    case '<':
      return cmp(v, p) < 0;
    case '<=':
      if (dirty) {
        const [, hi] = range(p);
        return hi === undefined || compareVersions(v, hi) < 0;
      }
      return cmp(v, p) <= 0;
    case '~': {
      if (p.major === undefined) return true;
      const hi = p.minor === undefined
        ? full({ major: p.major + 1, prerelease: [] })
        : full({ major: p.major, minor: p.minor + 1, prerelease: [] });
      return inRange(v, full(p), hi);
    }
    case '^': {
      if (p.major === undefined) return true;
      let hi: SemVer;
      if (p.major > 0 || p.minor === undefined) hi = full({ major: p.major + 1, prerelease: [] });
      else if (p.minor > 0 || p.patch === undefined) hi = full({ major: 0, minor: p.minor + 1, prerelease: [] });
      else hi = full({ major: 0, minor: 0, patch: p.patch + 1, prerelease: [] });
      return inRange(v, full(p), hi);
    }
  }
}

const OPS: [string, Op][] = [
  ['>=', '>='], ['=>', '>='], ['<=', '<='], ['=<', '<='], ['!=', '!='], ['~>', '~'],
  ['>', '>'], ['<', '<'], ['=', '='], ['~', '~'], ['^', '^'],
];

/** Parses a constraint such as `^1.2`, `>=1.0.0, <2`, `1.2.x || 2.x`, `1.0 - 1.4.5`. */
export function parseConstraint(s: string): (v: SemVer) => boolean {
  const groups = s.split('||').map((g) => g.trim());
  const parsed: Comparator[][] = groups.map((g) => {
    if (g === '') throw new ConstraintError(`empty constraint in "${s}"`);
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(g);
    if (hyphen) {
      const lo = parsePartial(hyphen[1]!, s);
      const hi = parsePartial(hyphen[2]!, s);
      return [{ op: '>=', v: lo }, { op: '<=', v: hi }];
    }
    // Join an operator separated from its version by spaces (">= 1.2").
    const tokens = g.replace(/([<>=!~^]+)\s+/g, '$1').split(/[\s,]+/).filter((t) => t !== '');
    return tokens.map((t) => {
      const found = OPS.find(([text]) => t.startsWith(text));
      const op: Op = found ? found[1] : '=';
      const rest = found ? t.slice(found[0].length) : t;
      return { op, v: parsePartial(rest, s) };
    });
  });
  return (v) => parsed.some((group) => group.every((c) => test(c, v)));
}

/** The highest version in `candidates` that satisfies `constraint` (an exact version matches itself). */
export function highestMatching(candidates: string[], constraint: string): string | undefined {
  const accept = parseConstraint(constraint);
  let best: { s: string; v: SemVer } | undefined;
  for (const s of candidates) {
    const v = parseVersionLoose(s);
    if (!v) continue;
    if (!accept(v)) continue;
    if (!best || compareVersions(v, best.v) > 0) best = { s, v };
  }
  return best?.s;
}

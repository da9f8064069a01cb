// String formats the Kubernetes API server enforces (names, label keys, ports, IPs, CIDRs, quantities),
// written from the API conventions: each predicate returns the reason a value is invalid, or undefined.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER = /^[-A-Za-z0-9]+$/;
const PERCENT = /^[0-9]+%$/;

/** RFC 1123 label: lowercase alphanumerics and '-', at most 63 characters (container, volume, port names). */
export function dnsLabel(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (s.includes('.')) return 'must not contain dots';
  return DNS_LABEL.test(s) ? undefined : 'must be a lowercase RFC 1123 label (lowercase letters, digits and "-", alphanumeric at both ends)';
}

/** RFC 1035 label: like a DNS label, but starting with a letter (Service names). */
export function dns1035Label(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  return DNS_1035.test(s) ? undefined : 'must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter, ending alphanumeric)';
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters (most object names). */
export function dnsSubdomain(s: string): string | undefined {
  if (s.length > 253) return 'must be no more than 253 characters';
  return DNS_SUBDOMAIN.test(s) ? undefined : 'must be a lowercase RFC 1123 subdomain (lowercase letters, digits, "-" and ".", alphanumeric at both ends)';
}

/** `*.example.com` or a subdomain (Ingress hosts). */
export function wildcardOrSubdomain(s: string): string | undefined {
  if (s.startsWith('*.')) return dnsSubdomain(s.slice(2)) ? 'a wildcard host must be "*." followed by a lowercase DNS subdomain' : undefined;
  return dnsSubdomain(s);
}

/** `prefix/name` or `name` (label keys, annotation keys, finalizers, condition types). */
export function qualifiedName(s: string): string | undefined {
  const parts = s.split('/');
  if (parts.length > 2) return 'must be a qualified name: an optional DNS subdomain prefix and "/", then a name';
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    if (parts[0] === '') return 'the prefix before "/" must not be empty';
    const p = dnsSubdomain(parts[0]!);
    if (p) return `the prefix ${p.replace(/^must be/, 'must be')}`;
  }
  if (name.length === 0) return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be no more than 63 characters';
  return QUALIFIED_NAME_PART.test(name) ? undefined : 'the name part must consist of letters, digits, "-", "_" and ".", alphanumeric at both ends';
}

const URL_PATH = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

/** `example.com/path` (IngressClass controllers, Job managedBy): a lowercase DNS subdomain, "/", then URL path characters. */
export function domainPrefixedPath(s: string): string | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return 'must be a domain-prefixed path (such as "acme.io/foo")';
  const host = dnsSubdomain(s.slice(0, slash));
  if (host) return `the domain ${host}`;
  return URL_PATH.test(s.slice(slash + 1)) ? undefined : 'has a path with characters a URL path may not hold';
}

export function labelValue(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  return LABEL_VALUE.test(s) ? undefined : 'must be empty or letters, digits, "-", "_" and ".", alphanumeric at both ends';
}

/** IANA service name: named container ports and named targetPorts (at most 15 characters). */
export function ianaServiceName(s: string): string | undefined {
  if (s.length === 0) return 'must not be empty';
  if (s.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(s)) return 'must contain only lowercase letters, digits and "-"';
  if (s.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(s)) return 'must contain at least one letter';
  if (s.startsWith('-') || s.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

export function portNumber(n: number): string | undefined {
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : 'must be between 1 and 65535';
}

/** A port given as a number (1-65535) or as an IANA service name. */
export function portNumberOrName(v: unknown): string | undefined {
  if (typeof v === 'number') return portNumber(v);
  if (typeof v === 'string') return ianaServiceName(v);
  return undefined;
}

/** Environment variable names (Kubernetes 1.32 accepts any printable ASCII but '='). */
export function envVarName(s: string): string | undefined {
  if (s.length === 0) return 'must not be empty';
  return /^[\x20-\x3c\x3e-\x7e]+$/.test(s) ? undefined : 'must consist of printable ASCII characters other than "="';
}

/** ConfigMap and Secret keys (and keys referenced from them). */
export function configKey(s: string): string | undefined {
  if (s.length > 253) return 'must be no more than 253 characters';
  if (!CONFIG_KEY.test(s)) return 'must consist of letters, digits, "-", "_" and "."';
  if (s === '.' || s === '..') return `must not be "${s}"`;
  if (s.startsWith('..')) return 'must not start with ".."';
  return undefined;
}

export function httpHeaderName(s: string): string | undefined {
  return HTTP_HEADER.test(s) ? undefined : 'must be a valid HTTP header name (letters, digits and "-")';
}

/** `25%`: percent strings of int-or-string fields. */
export function isPercent(v: unknown): v is string {
  return typeof v === 'string' && PERCENT.test(v);
}

/** A relative path without `..` elements (volume item paths, subPath). */
export function relativePath(s: string): string | undefined {
  if (s.startsWith('/')) return 'must be a relative path';
  if (s.split('/').includes('..')) return 'must not contain ".."';
  return undefined;
}

// IPs and CIDRs, parsed strictly like Go's netip (no leading zeros in IPv4 parts, no zones).

/** The address as bytes (4 or 16), or undefined when it is not an IP address. */
export function parseIp(s: string): number[] | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) {
    const parts = s.split('.');
    if (parts.some((p) => (p.length > 1 && p.startsWith('0')) || Number(p) > 255)) return undefined;
    return parts.map(Number);
  }
  if (!s.includes(':') || s.includes('%')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIp(p);
        if (!v4 || v4.length !== 4) return undefined;
        out.push(v4[0]! * 256 + v4[1]!, v4[2]! * 256 + v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((g) => [g >> 8, g & 255]);
}

interface Cidr {
  bytes: number[];
  bits: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const bytes = parseIp(s.slice(0, slash));
  const len = s.slice(slash + 1);
  if (!bytes || !/^(0|[1-9]\d*)$/.test(len)) return undefined;
  const bits = Number(len);
  if (bits > bytes.length * 8) return undefined;
  return { bytes, bits };
}

function prefixContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.bytes.length !== inner.bytes.length || inner.bits < outer.bits) return false;
  for (let i = 0; i < outer.bits; i++) {
    const bit = (b: number[]) => (b[i >> 3]! >> (7 - (i & 7))) & 1;
    if (bit(outer.bytes) !== bit(inner.bytes)) return false;
  }
  return true;
}

/** `inner` lies inside `outer` and is smaller (NetworkPolicy `except`). */
export function strictSubnet(outer: Cidr, inner: Cidr): boolean {
  return prefixContains(outer, inner) && inner.bits > outer.bits;
}

// Quantities: `500m`, `1.5`, `2Gi`, `1e3`. Values are compared as numbers, precise enough for limits.

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/** The value of a quantity (a string or a number), or undefined when it does not parse. */
export function quantityValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = QUANTITY.exec(v);
  if (!m) return undefined;
  const base = Number(m[1]);
  const suffix = m[2];
  if (!suffix) return base;
  if (/^[eE]/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  return base * SUFFIX[suffix]!;
}

/** Whole numbers, allowing for the float error of a decimal suffix. */
export function isWhole(n: number): boolean {
  return Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, Math.abs(n));
}

// Recognizing credentials: names that look like they hold a secret, values
// that are literal (not a placeholder filled in at run time), and literal
// credentials inside configuration text (YAML, INI, JSON, URLs with userinfo).

/** Words that name a credential on their own. Plurals (`num_tokens`, `secrets:`) are settings or lists, not credentials. */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'secretkey', 'accesskey', 'authkey']);
/** Two adjacent words that name a credential (`access_key`, `apiKey`, `client_secret`). */
const CREDENTIAL_PAIRS = new Set(['accesskey', 'secretkey', 'apikey', 'privatekey', 'authkey', 'clientsecret', 'sessiontoken']);
/** A last word that makes the name a reference to a credential, or a setting about it. */
const NOT_A_VALUE = new Set([
  'file', 'files', 'path', 'dir', 'name', 'names', 'url', 'uri', 'endpoint', 'enabled', 'enable', 'disabled', 'ref', 'type', 'header',
  'ttl', 'expiry', 'expiration', 'period', 'duration', 'length', 'field', 'mount', 'location', 'namespace', 'count', 'source', 'provider',
  'store', 'mode', 'policy', 'version', 'selector', 'size', 'timeout', 'format', 'prefix', 'env', 'var', 'key', 'keys',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a key or env var name looks like it holds a credential (`S3_SECRET_KEY`, `password`, `accessKeyId`). */
export function looksLikeCredentialName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  const pairs = w.slice(1).map((x, i) => w[i]! + x);
  // An access key id is a credential even though it ends in "id".
  if (pairs.includes('accesskey') && w[w.length - 1] === 'id') return true;
  const last = w[w.length - 1]!;
  if (NOT_A_VALUE.has(last) && !CREDENTIAL_PAIRS.has(pairs[pairs.length - 1] ?? '')) return false;
  return w.some((x) => CREDENTIAL_WORDS.has(x)) || pairs.some((p) => CREDENTIAL_PAIRS.has(p));
}

/** True when a value is a placeholder resolved at run time, or empty / a flag, rather than a literal credential. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  if (v === '' || v === '~' || v === 'null' || v === 'true' || v === 'false' || v === '[]' || v === '{}' || v === '|' || v === '>' || v === '|-' || v === '>-') return true;
  if (/^\$\{[^}]+\}$/.test(v) || /^\$\([^)]+\)$/.test(v) || /^\$[A-Z_][A-Z0-9_]*$/.test(v)) return true; // ${ENV}, $(ENV), $ENV
  if (/^\$__(env|file|vault)\{[^}]+\}$/.test(v)) return true; // Grafana provisioning
  if (/^\{\{.*\}\}$/.test(v) || /^<path:[^>]+>$/.test(v)) return true; // templates, argocd-vault-plugin
  if (/^\/[^\s]*$/.test(v)) return true; // a file path
  return false;
}

const ASSIGNMENT = /^\s*(?:-\s+)?["']?([A-Za-z0-9_.\-]+)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/:@'"]+):([^\s/@'"]+)@/i;

interface CredentialHit {
  /** 1-based line inside the text. */
  line: number;
  key: string;
  why: string;
}

/** Literal credentials inside a configuration text. */
export function credentialsInText(text: string): CredentialHit[] {
  const out: CredentialHit[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*[#;]/.test(line) || line.length > 4000) continue;
    const m = ASSIGNMENT.exec(line);
    if (m && looksLikeCredentialName(m[1]!) && !isPlaceholder(m[2]!)) {
      out.push({ line: i + 1, key: m[1]!, why: `"${m[1]}" has a literal value` });
      continue;
    }
    const u = URL_USERINFO.exec(line);
    if (u && !isPlaceholder(u[2]!) && !u[2]!.includes('${')) out.push({ line: i + 1, key: u[1]!, why: 'a URL carries a password' });
  }
  return out;
}

// Recognizing credentials: names that look like they hold a secret, values
// that are literal (not a placeholder filled in at run time), and literal
// credentials inside configuration text (YAML, INI, JSON, URLs with userinfo).

const CREDENTIAL_WORDS = /(password|passwd|passphrase|secret|token|accesskey|apikey|privatekey|credential|authkey|clientkey)/;
/** Names that mention a credential but hold a reference to it, or a setting about it. */
const NOT_A_VALUE = /(file|files|path|dir|name|names|url|uri|endpoint|enabled|enable|ref|type|header|ttl|expiry|expiration|period|duration|length|field|mount|location|namespace|count|source|provider|store|mode|policy|version|id|secretkeyref|key)$/;

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

/** True when a key or env var name looks like it holds a credential (`S3_SECRET_KEY`, `password`, `access_key_id`). */
export function looksLikeCredentialName(name: string): boolean {
  const n = normalize(name);
  if (n.includes('accesskeyid') || n.endsWith('secretkey') || n.endsWith('accesskey') || n.endsWith('apikey') || n.endsWith('privatekey')) return true;
  if (NOT_A_VALUE.test(n)) return false;
  return CREDENTIAL_WORDS.test(n);
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

export interface CredentialHit {
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

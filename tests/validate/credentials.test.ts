import { describe, expect, it } from 'vitest';
import { credentialsInText, isPlaceholder, looksLikeCredentialName } from '../../tools/validate/credentials.js';

describe('credential names', () => {
  it('recognizes credentials', () => {
    for (const n of ['PASSWORD', 'DB_PASSWORD', 'S3_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'accessKeyId', 'secret_access_key', 'access_key_id', 'api_key', 'apiKey', 'GITEA_TOKEN', 'client_secret', 'MINIO_ROOT_PASSWORD', 'secret_key', 'privateKey', 'auth_token']) {
      expect(looksLikeCredentialName(n), n).toBe(true);
    }
  });
  it('leaves references, settings and counts alone', () => {
    for (const n of ['num_tokens', 'SECRET_NAME', 'PASSWORD_FILE', 'secret-field-selector', 'token_url', 'existingSecret_name', 'secrets', 'tokens', 'client_id', 'LOG_LEVEL', 'secret_key_ref', 'password_path', 'TOKEN_TTL', 'keyspace']) {
      expect(looksLikeCredentialName(n), n).toBe(false);
    }
  });
  it('placeholders are not literals', () => {
    for (const v of ['${S3_KEY}', '$(PASSWORD)', '$__file{/run/secrets/pw}', '$__env{PW}', '', '""', 'true', '/run/secrets/pw', '{{ .Values.x }}']) expect(isPlaceholder(v), v).toBe(true);
    for (const v of ['hunter2', 'AKIAXXXX', 'abc${X}']) expect(isPlaceholder(v), v).toBe(false);
  });
  it('finds literal credentials in configuration text, by line', () => {
    const text = 'server:\n  port: 80\n  num_tokens: 512\nstorage:\n  secret_access_key: abc\n  access_key_id: ${KEY}\nurl: https://user:pw@example.com\n';
    expect(credentialsInText(text).map((h) => `${h.line} ${h.key}`)).toEqual(['5 secret_access_key', '7 user']);
  });
});

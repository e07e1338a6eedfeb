import type { Rule } from '../src/engine/rule.js';
import type { SecretKind } from '../src/powersync/secrets.js';

/** What to write instead, per kind. Messages name the key and the place, never the value. */
const ADVICE: Record<SecretKind, string> = {
  'dsn-password': 'keep the whole DSN in a sops secret and read it with `!env PS_…` (or through `environmentFiles`)',
  password: 'put it in a sops secret and read it with `!env PS_…` in the service config (or a `…File` option in Nix)',
  'supabase-jwt-secret': 'remove it and authenticate with `client_auth.jwks_uri` (Supabase’s JWKS); if it must stay, read it with `!env PS_…`',
  'hmac-key': 'put the key in a sops secret and read it with `!env PS_…`',
  'api-token': 'put the token in a sops secret and read it with `!env PS_…`',
};

const rule: Rule = {
  id: 'no-plaintext-secrets',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'No password, password-bearing DSN, supabase_jwt_secret, HMAC key or API token is written in plain text in the files the host uses.',
  check({ model, report }) {
    for (const secret of model.plaintextSecrets) {
      report(secret.at, `${capitalise(secret.name)} is a secret written in plain text in a file committed to the repository (the value is not shown); rotate it, then ${ADVICE[secret.kind]}.`);
    }
  },
};

function capitalise(text: string): string {
  return text.startsWith('`') ? text : text[0].toUpperCase() + text.slice(1);
}

export default rule;

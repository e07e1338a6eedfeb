import type { Rule } from '../src/engine/rule.js';
import { ruleSink, serviceConfigSource } from '../src/engine/config-checks.js';
import { authProblems } from '../src/powersync/auth-checks.js';

const rule: Rule = {
  id: 'service-config-auth',
  defaultSeverity: 'error',
  fixable: false,
  summary: "client_auth verifies Supabase user tokens: the project's JWKS URI, audience authenticated, no supabase_jwt_secret.",
  check(context) {
    const source = serviceConfigSource(context);
    if (source) authProblems(source, { supabaseProject: context.policy.supabaseProject, policy: true }, ruleSink(context));
  },
};

export default rule;

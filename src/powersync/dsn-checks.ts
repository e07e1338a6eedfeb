import type { Dsn } from './dsn.js';
import { hasReplicationParam, isPoolerHost, isPoolerPort, supabaseDirectRef } from './dsn.js';

/** A problem with a DSN, located by character range within the DSN text. */
export interface DsnProblem {
  check: 'dsn-direct-endpoint' | 'dsn-no-replication-param';
  message: string;
  start: number;
  end: number;
}

/** Where the host and port are written in the URI text (after the last `@` of the authority); PowerSync reads its host from here, never from `?host=`. */
export function authorityRanges(text: string): { host: [number, number]; port?: [number, number] } {
  const afterScheme = text.indexOf('//') + 2;
  const pathAt = text.slice(afterScheme).search(/[/?#]/);
  const authorityEnd = pathAt < 0 ? text.length : afterScheme + pathAt;
  const hostStart = Math.max(afterScheme, text.lastIndexOf('@', authorityEnd) + 1);
  const colon = text.lastIndexOf(':', authorityEnd);
  const bracketClose = text.lastIndexOf(']', authorityEnd);
  if (colon > hostStart && colon > bracketClose) return { host: [hostStart, colon], port: [colon + 1, authorityEnd] };
  return { host: [hostStart, authorityEnd] };
}

/**
 * Supabase's pooler (Supavisor) does not carry logical replication: a replication DSN must be
 * the direct host `db.<ref>.supabase.co:5432` of the policy's project.
 */
export function directEndpointProblems(dsn: Dsn, text: string, supabaseProject?: string): DsnProblem[] {
  const problems: DsnProblem[] = [];
  const { host, port } = authorityRanges(text);
  // Without a policy (`powersync-lint config`), the project is not known: only the pooler is wrong.
  const direct = `db.${supabaseProject ?? '<ref>'}.supabase.co:5432`;
  if (isPoolerHost(dsn.host)) {
    problems.push({ check: 'dsn-direct-endpoint', message: `\`${dsn.host}\` is Supabase's pooler, which does not carry logical replication; use the direct host \`${direct}\``, start: host[0], end: host[1] });
  } else if (supabaseProject !== undefined && dsn.host.toLowerCase().endsWith('.supabase.co')) {
    const ref = supabaseDirectRef(dsn.host);
    if (ref !== supabaseProject) {
      const why = ref ? `belongs to project \`${ref}\`, not \`${supabaseProject}\`` : 'is not the direct database host';
      problems.push({ check: 'dsn-direct-endpoint', message: `\`${dsn.host}\` ${why}; use \`${direct}\``, start: host[0], end: host[1] });
    }
  }
  if (isPoolerPort(dsn.port)) {
    const at = port ?? host;
    problems.push({ check: 'dsn-direct-endpoint', message: `port 6543 is Supabase's transaction pooler, which does not carry logical replication; use port 5432 on \`db.${supabaseProject ?? '<ref>'}.supabase.co\``, start: at[0], end: at[1] });
  }
  return problems;
}

/** PowerSync opens its replication connection itself; `?replication=` in the URI is ignored at best. */
export function replicationParamProblems(dsn: Dsn, text: string): DsnProblem[] {
  if (!hasReplicationParam(dsn)) return [];
  const match = /[?&](replication=[^&#]*)/.exec(text);
  const start = match ? match.index + 1 : 0;
  const end = match ? start + match[1].length : text.length;
  return [{ check: 'dsn-no-replication-param', message: `\`replication=${dsn.params.replication}\` in the URI is ignored by PowerSync, which opens its replication connection itself; remove the parameter`, start, end }];
}

import type { ScalarTag } from 'yaml';

/**
 * PowerSync's custom YAML tags. `!env PS_NAME[::type]` is substituted from the container's
 * environment at startup (`collectors/impl/yaml-env.ts`); statically its value is unknown, so
 * it parses to an EnvPlaceholder that a schema check accepts wherever a value of its type may
 * stand. `!accept_potentially_dangerous_queries` is accepted by the sync rules parser.
 */
export type EnvSuffix = 'string' | 'number' | 'boolean';

const ENV_SUFFIXES: readonly string[] = ['string', 'number', 'boolean'] satisfies EnvSuffix[];
const ENV_PREFIX = 'PS_';

/** The value of `!env PS_NAME`, known only when the container starts. */
export class EnvPlaceholder {
  constructor(
    /** The variable name, without the `::type` suffix. */
    readonly env: string,
    /** The `::type` suffix when one was written; without it the value is a string. */
    readonly suffix?: EnvSuffix,
  ) {}
}

export function isEnvPlaceholder(value: unknown): value is EnvPlaceholder {
  return value instanceof EnvPlaceholder;
}

/** The value the sync rules parser gives the tag; PowerSync gives it no meaning beyond parsing. */
export const ACCEPT_POTENTIALLY_DANGEROUS_QUERIES: unique symbol = Symbol('accept_potentially_dangerous_queries');

/** PowerSync splits at `::` the same way: `PS_A::number::x` is PS_A as a number. */
export const envTag: ScalarTag = {
  tag: '!env',
  resolve(source, onError) {
    const [name, suffix] = source.split('::');
    if (!name.startsWith(ENV_PREFIX)) onError(`!env ${name || '(empty)'}: PowerSync substitutes only variables whose name starts with "${ENV_PREFIX}"`);
    if (suffix === undefined) return new EnvPlaceholder(name);
    if (ENV_SUFFIXES.includes(suffix)) return new EnvPlaceholder(name, suffix as EnvSuffix);
    onError(`!env ${source}: invalid type suffix "::${suffix}"; write ::string, ::number or ::boolean`);
    return new EnvPlaceholder(name);
  },
};

export const dangerousQueriesTag: ScalarTag = {
  tag: '!accept_potentially_dangerous_queries',
  resolve: () => ACCEPT_POTENTIALLY_DANGEROUS_QUERIES,
};

/** Why talking to a registry failed. Messages name the registry, the repository and what was
 * asked, never a token. */
export type RegistryErrorKind =
  /** The tag or repository does not exist (404, MANIFEST_UNKNOWN, NAME_UNKNOWN). */
  | 'not-found'
  /** The registry refused us (401/403), or its token service did. */
  | 'auth'
  /** An HTTP status we cannot work with, after retries. */
  | 'http'
  /** No answer: DNS, connection refused, reset, timeout. */
  | 'network'
  /** An answer that breaks the distribution spec (no digest, bad JSON, a Link elsewhere). */
  | 'protocol';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

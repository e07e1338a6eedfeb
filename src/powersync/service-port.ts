/**
 * The port the service listens on inside its container: the top-level `port` (a number, or a
 * string PowerSync parses with parseInt), 8080 when absent. `api.port` does not exist.
 */
import type { Span } from '../source/span.js';
import { isEnvPlaceholder, type EnvPlaceholder } from '../yaml/tags.js';
import type { ConfigSource } from './config-source.js';
import { valueAt, valueSpan } from './config-source.js';

export const DEFAULT_SERVICE_PORT = 8080;

export type ServicePort =
  | { kind: 'default'; port: number }
  | { kind: 'literal'; port: number; at: Span }
  | { kind: 'env'; env: EnvPlaceholder; at: Span }
  /** Not a port at all: service-config-schema reports it. */
  | { kind: 'invalid' };

export function servicePort(source: ConfigSource): ServicePort {
  const value = valueAt(source.value, ['port']);
  if (value === undefined || value === null) return { kind: 'default', port: DEFAULT_SERVICE_PORT };
  if (isEnvPlaceholder(value)) return { kind: 'env', env: value, at: valueSpan(source, ['port']) };
  const port = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? parseInt(value, 10) : NaN;
  return Number.isInteger(port) ? { kind: 'literal', port, at: valueSpan(source, ['port']) } : { kind: 'invalid' };
}

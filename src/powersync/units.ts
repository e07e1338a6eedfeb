/**
 * PostgreSQL memory settings (`shared_buffers`, `work_mem`, …) as PostgreSQL's `parse_int`
 * reads them: a number, optionally fractional, then optionally one of the case-sensitive
 * units `B kB MB GB TB` (1024-based). A bare number counts the setting's own base unit: 8 kB
 * pages for `shared_buffers`. The result is rounded to whole base units, as PostgreSQL does.
 */

/** PostgreSQL's block size, the base unit of `shared_buffers`. */
export const PG_BLOCK_BYTES = 8192;

const UNIT_BYTES = new Map([
  ['B', 1],
  ['kB', 1024],
  ['MB', 1024 ** 2],
  ['GB', 1024 ** 3],
  ['TB', 1024 ** 4],
]);

const MEMORY = /^\s*((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]*)\s*$/;

/**
 * Bytes, or undefined when PostgreSQL would reject the value or might read it differently
 * from how it looks. Accepts the string of a `settings` entry or a Nix number (a bare number).
 */
export function parsePgMemory(value: string | number, baseUnitBytes: number = PG_BLOCK_BYTES): number | undefined {
  const written = typeof value === 'number' ? { amount: value, unitBytes: baseUnitBytes } : readMemoryText(value, baseUnitBytes);
  if (!written || !Number.isFinite(written.amount) || written.amount < 0) return undefined;
  const bytes = roundHalfEven((written.amount * written.unitBytes) / baseUnitBytes) * baseUnitBytes;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

function readMemoryText(text: string, baseUnitBytes: number): { amount: number; unitBytes: number } | undefined {
  const match = MEMORY.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  // PostgreSQL reads integers with strtol base 0, so "0512" is octal: refuse to guess.
  if (/^0\d/.test(amount)) return undefined;
  const unitBytes = unit === '' ? baseUnitBytes : UNIT_BYTES.get(unit);
  return unitBytes === undefined ? undefined : { amount: Number(amount), unitBytes };
}

/** C's rint() in the default rounding mode, which PostgreSQL uses. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

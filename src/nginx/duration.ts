/**
 * nginx time values, parsed as nginx's `ngx_parse_time` does: a number with a unit, several
 * of them combined with or without spaces (`1h30m`, `"1h 30m"`), each unit at most once and
 * from the largest to the smallest; a bare number counts seconds.
 *
 * Directives split into two kinds. Millisecond directives (`proxy_read_timeout`,
 * `proxy_send_timeout`, `keepalive_timeout`, …) accept `ms` but reject `M` and `y`, which
 * would overflow nginx's internal millisecond count. Second directives (`expires`,
 * `ssl_session_timeout`, …) accept `M` and `y` but not `ms`.
 */
export type DurationKind = 'msec' | 'sec';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Units in the order nginx requires them, largest first. `m` is minutes, `M` months of 30 days. */
const UNITS: readonly { unit: string; ms: number; kinds: readonly DurationKind[] }[] = [
  { unit: 'y', ms: 365 * DAY, kinds: ['sec'] },
  { unit: 'M', ms: 30 * DAY, kinds: ['sec'] },
  { unit: 'w', ms: 7 * DAY, kinds: ['msec', 'sec'] },
  { unit: 'd', ms: DAY, kinds: ['msec', 'sec'] },
  { unit: 'h', ms: HOUR, kinds: ['msec', 'sec'] },
  { unit: 'm', ms: MINUTE, kinds: ['msec', 'sec'] },
  { unit: 's', ms: SECOND, kinds: ['msec', 'sec'] },
  { unit: 'ms', ms: 1, kinds: ['msec'] },
];

const SECONDS = UNITS.findIndex((u) => u.unit === 's');

/**
 * The duration in milliseconds, or undefined when nginx would reject the value
 * ("invalid value" at `nginx -t`). `kind` defaults to `msec`, the kind of the proxy timeouts.
 */
export function parseNginxDuration(text: string, kind: DurationKind = 'msec'): number | undefined {
  let total = 0;
  let digits = '';
  let sawDigit = false;
  // Index into UNITS of the next unit still allowed; units must come largest first.
  let nextUnit = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char >= '0' && char <= '9') {
      digits += char;
      sawDigit = true;
      i++;
      continue;
    }
    if (char === ' ') {
      // A space ends a bare number of seconds, so it cannot come after seconds or smaller.
      if (nextUnit > SECONDS) return undefined;
      total += Number(digits) * SECOND;
      digits = '';
      nextUnit = UNITS.length;
      i = skipSpaces(text, i);
      continue;
    }
    const unit = text.startsWith('ms', i) ? 'ms' : char;
    const index = UNITS.findIndex((u) => u.unit === unit);
    if (index === -1 || index < nextUnit || !UNITS[index].kinds.includes(kind)) return undefined;
    total += Number(digits) * UNITS[index].ms;
    digits = '';
    nextUnit = index + 1;
    i = skipSpaces(text, i + unit.length);
  }
  if (!sawDigit) return undefined;
  total += Number(digits) * SECOND;
  return Number.isSafeInteger(total) ? total : undefined;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text[i] === ' ') i++;
  return i;
}

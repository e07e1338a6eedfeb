import type { ColorSupportLevel } from 'chalk';

type Env = Readonly<Record<string, string | undefined>>;

/** Colour level for output, most explicit choice first: the --color/--no-color flag, then
 * FORCE_COLOR, then NO_COLOR (FORCE_COLOR wins over NO_COLOR, as in Node itself), then
 * whether the output is a terminal. */
export function resolveColorLevel(flag: boolean | undefined, env: Env, isTTY: boolean): ColorSupportLevel {
  if (flag !== undefined) return flag ? terminalDepth(env) : 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return forcedLevel(force);
  if (env.NO_COLOR) return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  return terminalDepth(env);
}

/** FORCE_COLOR as Node reads it: '', 1 or true for 16 colours, 2 for 256, 3 for 16 million,
 * 0 or false for none. */
function forcedLevel(value: string): ColorSupportLevel {
  if (value === '0' || value === 'false') return 0;
  if (value === '2' || value === '3') return Number(value) as ColorSupportLevel;
  return 1;
}

function terminalDepth(env: Env): ColorSupportLevel {
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

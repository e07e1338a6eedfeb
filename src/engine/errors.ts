/** Errors the user can fix by changing how powersync-lint is invoked or configured. The CLI
 * prints their message alone — no stack, since nothing is broken in the tool — and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One problem in a policy file, at its place in the file when known. */
export interface ConfigProblem {
  line?: number;
  column?: number;
  message: string;
}

/** A policy file that cannot be used. It lists every problem at once, so that one edit-run
 * cycle fixes them all; each line reads `FILE:LINE:COL: message`, which editors can follow. */
export class ConfigError extends UsageError {
  override name = 'ConfigError';

  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((problem) => `${locate(file, problem)}: ${problem.message}`).join('\n'));
  }
}

function locate(file: string, problem: ConfigProblem): string {
  if (problem.line === undefined) return file;
  return problem.column === undefined ? `${file}:${problem.line}` : `${file}:${problem.line}:${problem.column}`;
}

/** ` (did you mean "x"?)` when a candidate is a plausible typo of `input`, else ''. Appended to
 * messages about unknown keys, rules, commands and options. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** The candidate nearest to `input` by edit distance, if near enough to be a typo of it: within
 * a third of its length (at least 1), or one that `input` abbreviates (`warn` → `warning`). */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  const tolerance = Math.max(1, Math.floor(wanted.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = wanted.length >= 3 && lower.startsWith(wanted) ? 0 : editDistance(wanted, lower);
    if (distance <= tolerance && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions, the most
 * common typo (`explian`). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1];
}

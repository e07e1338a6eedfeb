/** Replaced by scripts/build.mjs with the hash of the bundle's contents. */
declare const __POWERSYNC_LINT_BUILD_ID__: string;

/** The build id of the bundle this code runs from; undefined when it runs from source (tsx),
 * where no build id can vouch for the code. */
export function buildId(): string | undefined {
  return typeof __POWERSYNC_LINT_BUILD_ID__ === 'string' ? __POWERSYNC_LINT_BUILD_ID__ : undefined;
}

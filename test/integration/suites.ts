// Which integration suites run against which package. The universal .vsix (under 1 MB, every
// platform) carries no native module; only the linux-x64 one carries sharp (image folders) and
// DuckDB. So out/test/integration/run.js runs the suite twice: the universal package for
// everything that needs no native module, plus the check that a native feature says clearly what
// is missing; then the linux-x64 package for the suites that need sharp or DuckDB.

/** Set by run.js for the extension host: which package is installed. */
export const PACKAGE_ENV = 'DRIFT_TEST_PACKAGE';

export type PackageKind = 'universal' | 'linux-x64';

/** Suites that need sharp or DuckDB: run only with the linux-x64 package. */
export const NATIVE_SUITES: readonly string[] = ['images.test.js', 'imagesPalette.test.js', 'native.test.js'];

/** Suites about the universal package itself (a native feature used without its modules). */
export const UNIVERSAL_SUITES: readonly string[] = ['universal.test.js'];

/**
 * The test files to run for a package. Without a package (a development checkout through
 * `runTestElectron`, whose node_modules hold the native modules): every suite but the universal
 * package's own.
 */
export function suitesFor(kind: string | undefined, files: readonly string[]): string[] {
  const name = (f: string) => f.split(/[\\/]/).pop() ?? f;
  if (kind === 'universal') return files.filter((f) => !NATIVE_SUITES.includes(name(f)));
  if (kind === 'linux-x64') return files.filter((f) => NATIVE_SUITES.includes(name(f)));
  if (kind === undefined || kind === '') return files.filter((f) => !UNIVERSAL_SUITES.includes(name(f)));
  throw new Error(`${PACKAGE_ENV}=${kind}: expected universal or linux-x64`);
}

// The bundled CLI (dist/bin/cli.cjs) carries copies of the backends it was built
// with, so a vnode manager starts without loading a second, unbundled module
// graph. A copy stands in for import() only when that very backend package, at
// that very version, is installed where import() would find it: installing only
// the backend a host needs still decides what runs, and anything else (another
// version, a third-party backend) goes through a real import().
import type { ImportModule } from './load-backend.js';

export interface BundledBackend {
  /** The version of the package the copy was built from. */
  readonly version: string;
  readonly module: unknown;
}

export type BundledChoice = 'bundled' | 'import';

/** Pure: use the bundled copy for `specifier`, or import() the installed package? */
export function chooseBundled(bundledVersion: string | undefined, installedVersion: string | undefined): BundledChoice {
  return bundledVersion !== undefined && installedVersion !== undefined && bundledVersion === installedVersion ? 'bundled' : 'import';
}

export function bundledImportModule(o: {
  readonly bundled: ReadonlyMap<string, BundledBackend>;
  /** The version of `pkg` installed next to the CLI, or undefined when it is not. */
  readonly installedVersion: (pkg: string) => string | undefined;
  readonly fallback: ImportModule;
}): ImportModule {
  return async (specifier) => {
    const copy = o.bundled.get(specifier);
    if (copy === undefined) return o.fallback(specifier);
    return chooseBundled(copy.version, o.installedVersion(specifier)) === 'bundled' ? copy.module : o.fallback(specifier);
  };
}

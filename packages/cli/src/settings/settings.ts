// Where things live and which backend to use: flags first, then the environment
// (read once in the bin and passed in), then the platform default.
import { CliError } from '../errors/cli-error.js';

export const BUILTIN_BACKEND = 'process';

// Known backends and the package that provides each; anything else that looks
// like a package name is imported as given.
export const BACKEND_PACKAGES: Readonly<Record<string, string>> = {
  'linux-vserver': '@tbvnode/backend-linux-vserver',
  'freebsd-jail': '@tbvnode/backend-freebsd-jail',
};

const PLATFORM_DEFAULT: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux-vserver',
  freebsd: 'freebsd-jail',
};

export interface Settings {
  readonly root: string;
  readonly backend: string;
}

export interface SettingsInput {
  readonly flags: { readonly root?: string | undefined; readonly backend?: string | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

export function resolveSettings(i: SettingsInput): Settings {
  const root = nonEmpty(i.flags.root) ?? nonEmpty(i.env['TBVNODE_ROOT']) ?? '/';
  const backend = nonEmpty(i.flags.backend) ?? nonEmpty(i.env['TBVNODE_BACKEND']) ?? PLATFORM_DEFAULT[i.platform];
  if (backend === undefined) {
    throw new CliError('NO_DEFAULT_BACKEND', `no default backend for platform ${i.platform}: pass --backend (e.g. --backend process)`);
  }
  return { root, backend };
}

// The package to import for a backend name, or undefined for the built-in one.
export function backendPackage(name: string): string | undefined {
  if (name === BUILTIN_BACKEND) return undefined;
  const known = BACKEND_PACKAGES[name];
  if (known) return known;
  if (/^(@[a-z0-9][-._a-z0-9]*\/)?[a-z0-9][-._a-z0-9]*$/.test(name) && name.includes('backend')) return name;
  const names = [BUILTIN_BACKEND, ...Object.keys(BACKEND_PACKAGES)].join(', ');
  throw new CliError('UNKNOWN_BACKEND', `unknown backend ${JSON.stringify(name)}: use one of ${names}, or a backend package name`);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

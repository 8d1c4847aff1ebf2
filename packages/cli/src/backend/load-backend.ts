// Backends are optional peer packages: loaded by name with import(), never a
// static import, so installing the CLI does not drag in every OS backend.
import { processBackend, type BackendDescriptor } from '@tbvnode/core';
import { CliError } from '../errors/cli-error.js';
import { backendPackage } from '../settings/settings.js';

export type ImportModule = (specifier: string) => Promise<unknown>;

export async function loadBackend(name: string, importModule: ImportModule, platform: NodeJS.Platform): Promise<BackendDescriptor> {
  const pkg = backendPackage(name);
  const descriptor = pkg === undefined ? processBackend : await importDescriptor(pkg, name, importModule);
  if (!descriptor.platforms.includes(platform)) {
    throw new CliError(
      'BACKEND_UNSUPPORTED_PLATFORM',
      `backend ${descriptor.name} runs on ${descriptor.platforms.join(', ')}, not ${platform}`,
    );
  }
  return descriptor;
}

async function importDescriptor(pkg: string, name: string, importModule: ImportModule): Promise<BackendDescriptor> {
  let mod: unknown;
  try {
    mod = await importModule(pkg);
  } catch (err) {
    if (isMissingPackage(err, pkg)) {
      throw new CliError(
        'BACKEND_NOT_INSTALLED',
        `backend ${JSON.stringify(name)} is not installed: install the package ${pkg} (npm install ${pkg}) next to @tbvnode/cli`,
        { cause: err },
      );
    }
    throw new CliError('BACKEND_LOAD_FAILED', `loading ${pkg} failed: ${(err as Error).message}`, { cause: err });
  }
  const descriptor = (mod as { backend?: unknown } | null)?.backend;
  if (!isDescriptor(descriptor)) {
    throw new CliError('BACKEND_INVALID', `${pkg} does not export a backend descriptor named "backend"`);
  }
  return descriptor;
}

// Only the package itself missing counts; a missing dependency *of* the backend
// is a broken install and gets the load-failed message with the real cause.
function isMissingPackage(err: unknown, pkg: string): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' && e?.code !== 'MODULE_NOT_FOUND') return false;
  const msg = String(e.message);
  return msg.includes(`'${pkg}'`) || msg.includes(`"${pkg}"`) || msg.includes(`${pkg}/`);
}

function isDescriptor(v: unknown): v is BackendDescriptor {
  const d = v as Partial<BackendDescriptor> | undefined;
  return typeof d?.name === 'string' && typeof d.create === 'function' && Array.isArray(d.platforms);
}

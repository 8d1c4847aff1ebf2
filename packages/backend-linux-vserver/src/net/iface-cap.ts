// Boss's ifconfig decides how many veths (and LAN bridges) a vnode gets; a
// reply with hundreds of interfaces would make as many host devices. Past the
// operator's cap the vnode fails with a clear reason, before any device is
// made, and every other vnode boots as usual.
import { LinuxBackendError } from '../errors.js';

export function checkInterfaceCount(vnodeId: string, count: number, max: number): void {
  if (count <= max) return;
  throw new LinuxBackendError(
    'LINUX_TOO_MANY_INTERFACES',
    `vnode ${vnodeId}: boss lists ${count} experiment interfaces, more than maxInterfaces (${max}); nothing was created for them (raise maxInterfaces in TBVNODE_BACKEND_OPTIONS to allow more)`,
  );
}

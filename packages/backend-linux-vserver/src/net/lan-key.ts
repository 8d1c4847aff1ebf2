// Pure: which bridge an experiment interface joins. The LAN identity and the
// bridge names live in core (the FreeBSD backend keys its bridges the same way);
// here a bad VTAG or a missing experiment is this backend's LINUX_BAD_CONFIG.
import { lanKey as coreLanKey, type Experiment } from '@tbvnode/core';
import { LinuxBackendError } from '../errors.js';

export { lanBridgeAlias, lanBridgeName, type Experiment } from '@tbvnode/core';

export function lanKey(o: { lan: string; vtag?: string; ifaceType?: string; experiment?: Experiment }): string {
  return coreLanKey(o, (message) => new LinuxBackendError('LINUX_BAD_CONFIG', message));
}

// The fake host's command table: argv[0] to the model that answers it.
import { CommandError } from '@tbvnode/core';
import { devfsCmd } from './fake-devfs.js';
import * as disk from './fake-disk.js';
import type { FakeFreebsdHost } from './fake-host.js';
import { jailRemoveCmd, jexecCmd, jlsCmd } from './fake-jail.js';
import * as net from './fake-net.js';
import { fail, type Reply } from './fake-state.js';

/** `env`: the caller's environment (core's runner passes the parent's, plus its options' env). */
export async function dispatchCommand(h: FakeFreebsdHost, argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Promise<Reply> {
  switch (argv[0]) {
    case 'truncate': return disk.truncateCmd(h, argv);
    case 'mdconfig': return disk.mdconfigCmd(h, argv);
    case 'newfs': return disk.newfsCmd(h, argv);
    case 'tunefs': return disk.tunefsCmd(h, argv);
    case 'fsck': return disk.fsckCmd(h, argv);
    case 'mount': return disk.mountCmd(h, argv);
    case 'mount_nullfs': return disk.mountNullfsCmd(h, argv);
    case 'umount': return disk.umountCmd(h, argv);
    case 'ifconfig': return net.ifconfigCmd(h, argv);
    case 'route': return net.routeCmd(h, argv);
    case 'sysctl': return net.sysctlCmd(h, argv);
    case 'which': return net.whichCmd(h, argv);
    case 'rctl': return net.rctlCmd(h, argv);
    case 'devfs': return devfsCmd(h, argv);
    case 'mtree': return net.mtreeCmd(argv);
    case 'pwd_mkdb': return net.pwdMkdbCmd(argv);
    case 'jls': return jlsCmd(h, argv);
    case 'jexec': return jexecCmd(h, argv, env);
    case 'jail': return argv[1] === '-r' || argv[1] === '-R' ? jailRemoveCmd(h, argv) : fail('jail: use runner.start for jail -c', 64);
    default: throw new CommandError({ code: 'COMMAND_NOT_FOUND', argv: [...argv], exitCode: 127, stderr: `${argv[0]}: not found` });
  }
}

// Which commands the config cache may answer (TMCD-PROTOCOL.md §9): the commands
// Emulab's libtmcc knows, minus those whose answer changes while a node runs.

const KNOWN = `reboot status state ifconfig accounts delay bridges hostnames rpms tarballs blobs
startupcmd startstatus ready mounts routing trafgens bossinfo tunnels nseconfigs vnodelist
subnodelist isalive sfshostid jailconfig plabconfig subconfig linkdelay programs syncserver
keyhash nodeid ipodinfo ntpinfo ntpdrift sdparams eventkey routelist role rusage watchdoginfo
hostkeys firewallinfo emulabconfig creator hostinfo localization booterrno bootlog battery
userenv tiptunnels traceinfo elvindport plabeventkeys motelog portregister bootwhat rootpswd
topomap ltmap ltpmap tpmblob tpmpubkey loadinfo dhcpdconf manifest`.split(/\s+/);

const KNOWN_COMMANDS: ReadonlySet<string> = new Set(KNOWN);
const ALWAYS_FROM_SERVER: ReadonlySet<string> = new Set(['status', 'state', 'hostnames', 'isalive', 'ready']);
/** Cache files Emulab writes with a tighter mode. */
export const PRIVATE_SECTIONS: ReadonlySet<string> = new Set(['ipodinfo']);

export function isCacheable(command: string, args: readonly string[]): boolean {
  return args.length === 0 && KNOWN_COMMANDS.has(command) && !ALWAYS_FROM_SERVER.has(command);
}

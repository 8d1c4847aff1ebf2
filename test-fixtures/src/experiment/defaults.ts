// The people, file systems and servers every generated experiment shares
// (the same as in fixtures/three-vnodes.json).
import type { Accounts, Mounts } from './types.js';

export const DEFAULT_PID = 'testbed';
export const BOSS = { name: 'boss.example.emulab.net', ip: '10.10.0.3' };
export const HOST_MAC = '00d0b7a1b2c4';
export const EVENT_SERVER = 'event-server.example.emulab.net';

export function defaultAccounts(): Accounts {
  return {
    groups: [
      { name: 'testbed', gid: 6011 },
      { name: 'testbed-ops', gid: 6012 },
    ],
    users: [
      {
        login: 'alice', pswd: '$1$Xk3f9Qw2$Yb1q0mQe6t6Yw7sWm3Zr8.', uid: 10042, gid: 6011, root: true,
        name: 'Alice Smith', homedir: '/users/alice', glist: [6012], serial: 1735689600,
        email: 'alice@example.org', shell: 'tcsh',
      },
      {
        login: 'bob', pswd: '*', uid: 10057, gid: 6011, root: false,
        name: 'Bob Jones', homedir: '/users/bob', glist: [], serial: 1738368000,
        email: 'bob@example.org', shell: 'bash',
      },
    ],
    pubkeys: [
      { login: 'alice', key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9hbGljZS1leGFtcGxlLWtleS1ub3QtcmVhbA alice@laptop' },
      { login: 'bob', key: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDib2ItZXhhbXBsZS1rZXktbm90LXJlYWw bob@desk' },
    ],
  };
}

// domounts: the project, then the members' home dirs; a group dir only when the
// experiment's group is not the project's own (here it is).
export function defaultMounts(): Mounts {
  const fs = 'fs.example.emulab.net:/q';
  return {
    fstype: 'NFS',
    mounts: [
      { remote: `${fs}/proj/testbed`, local: '/proj/testbed' },
      { remote: `${fs}/users/alice`, local: '/users/alice' },
      { remote: `${fs}/users/bob`, local: '/users/bob' },
    ],
  };
}

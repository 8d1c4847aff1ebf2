import { describe, expect, it } from 'vitest';
import { secretsIn } from '../../src/plan/host-secrets.js';

describe('secretsIn', () => {
  it('lists the fixed secrets and, from the listings, certificates and ssh host keys only', () => {
    const out = secretsIn({ 'etc/emulab': ['client.pem', 'paths.sh', 'emulab.pem'], 'etc/ssh': ['ssh_host_rsa_key', 'ssh_host_rsa_key.pub', 'sshd_config', 'moduli'] });
    expect(out).toEqual([
      'etc/emulab.pkey', 'etc/emulab.cdkey', 'etc/emulab/master.passwd', 'etc/emulab/cvsup.auth', 'etc/emulab/.cvsup', 'etc/rc.conf.local',
      'etc/emulab/client.pem', 'etc/emulab/emulab.pem', 'etc/ssh/ssh_host_rsa_key', 'etc/ssh/ssh_host_rsa_key.pub',
    ]);
  });
});

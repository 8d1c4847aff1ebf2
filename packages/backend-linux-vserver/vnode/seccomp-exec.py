# Loads the vnode's seccomp filter, then execs its init (argv[1:]); every
# process of the vnode inherits the filter. The BPF program is compiled by
# libseccomp (Debian's python3-seccomp), not by hand. Denied calls fail with
# EPERM, as they would for an unprivileged user, so software degrades politely.
import errno
import os
import sys

# Run with -S (no site module: half the start-up time); Debian's python3-seccomp lives here.
sys.path.append('/usr/lib/python3/dist-packages')
import seccomp  # noqa: E402

DENY = [
    # Reaching files by handle bypasses the mount namespace (the "shocker" escape).
    'open_by_handle_at',
    # The host's kernel: modules, kexec, reboot, swap, accounting, raw I/O ports.
    'init_module', 'finit_module', 'delete_module', 'kexec_load', 'kexec_file_load',
    'reboot', 'swapon', 'swapoff', 'acct', 'iopl', 'ioperm',
    # The host's clock.
    'clock_settime', 'clock_adjtime', 'settimeofday', 'adjtimex', 'stime',
    # Big kernel attack surfaces a vnode does not need.
    'bpf', 'perf_event_open', 'keyctl', 'add_key', 'request_key', 'userfaultfd',
    'lookup_dcookie', 'quotactl', 'syslog', 'uselib', 'nfsservctl', 'vhangup', '_sysctl',
]

f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
# 32-bit and x32 programs reach the kernel through other syscall tables: same rules there.
for arch in ('X86', 'X32'):
    try:
        f.add_arch(getattr(seccomp.Arch, arch))
    except (AttributeError, ValueError, RuntimeError) as e:
        # Not this machine's family (arm64, ...): only its native table exists.
        print('seccomp-exec: no %s table: %s' % (arch, e), file=sys.stderr)
for name in DENY:
    try:
        f.add_rule(seccomp.ERRNO(errno.EPERM), name)
    except (ValueError, RuntimeError) as e:
        # A syscall this architecture never had (stime on x86_64): nothing to deny.
        if name not in ('stime', 'nfsservctl', '_sysctl', 'uselib', 'iopl', 'ioperm'):
            raise SystemExit('seccomp-exec: cannot deny %s: %s' % (name, e))
f.load()
os.execv(sys.argv[1], sys.argv[1:])

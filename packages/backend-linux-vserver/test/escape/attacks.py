# Escape attempts, run INSIDE a booted vnode as its root (the test installs this
# as the vnode's /etc/emulab/rc.vnode.local payload). Python 3 stdlib only.
# One line per attempt: "NAME: escaped DETAIL" or "NAME: denied DETAIL".
# Nothing here changes host state even where an attempt succeeds: remounts are
# per-mount flags in the vnode's own mount namespace, the sysctl and the clock
# are written with the value they already have, the v1 hierarchy is a new
# named one, and every mount made is unmounted again.
import ctypes, ctypes.util, errno, os, struct, sys, time

libc = ctypes.CDLL(ctypes.util.find_library('c'), use_errno=True)
libc.syscall.restype = ctypes.c_long
out = []


def report(name, escaped, detail=''):
    out.append('%s: %s %s' % (name, 'escaped' if escaped else 'denied', detail))
    print(out[-1], flush=True)


def err():
    return errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))


MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096
KEEP = 2 | 4 | 8 | 1024 | 2048 | 4096  # nosuid nodev noexec noatime nodiratime relatime


def mount(src, dst, fstype, flags, data=None):
    r = libc.mount(src.encode() if src else None, dst.encode(), fstype.encode() if fstype else None,
                   ctypes.c_ulong(flags), data.encode() if data else None)
    return r == 0


def umount(dst):
    libc.umount2(dst.encode(), 2)  # MNT_DETACH


def ro_mounts():
    seen = []
    with open('/proc/self/mountinfo') as f:
        for line in f:
            p = line.split()
            target = p[4].encode().decode('unicode_escape')
            if 'ro' in p[5].split(',') and target not in seen:
                seen.append(target)
    return seen


def remount_rw(target):
    st = os.statvfs(target)
    return mount(None, target, None, MS_REMOUNT | MS_BIND | (st.f_flag & KEEP))


# 1. Every read-only mount (the system dirs, the tmcc cache bind, /sys, the masks).
ro = ro_mounts()
for t in ro:
    ok = remount_rw(t)
    report('remount rw ' + t, ok, '' if ok else err())
for must in ['/usr', '/sys', '/proc/sys', '/var/emulab/boot/tmcc']:
    if must not in ro:
        # Not read-only at all: writable without any remount.
        report('remount rw ' + must, os.path.exists(must), 'not a read-only mount here')

# 2. New mounts of kernel file systems.
os.makedirs('/tmp/esc-m', exist_ok=True)
for fstype, data in [('proc', None), ('sysfs', None), ('cgroup2', None), ('cgroup', 'pids')]:
    ok = mount(fstype, '/tmp/esc-m', fstype, 0, data)
    report('mount ' + fstype + (' -o ' + data if data else ''), ok, '' if ok else err())
    if ok:
        umount('/tmp/esc-m')

# 3. cgroup v1 release_agent on a fresh named hierarchy (harmless value).
name = 'name=tbvesc%d' % os.getpid()
ok = mount('cgroup', '/tmp/esc-m', 'cgroup', 0, 'none,' + name)
if ok:
    try:
        with open('/tmp/esc-m/release_agent', 'w') as f:
            f.write('/bin/true')
        report('cgroup v1 release_agent', True, 'written on a new hierarchy')
    except OSError as e:
        report('cgroup v1 release_agent', False, 'mounted, write: ' + e.strerror)
    umount('/tmp/esc-m')
else:
    report('cgroup v1 release_agent', False, 'mount: ' + err())

# 4. Its own limits and the root cgroup, through any cgroupfs it can reach.
def own_cgroup_attempts():
    mine = None
    with open('/proc/self/cgroup') as f:
        for line in f:
            hid, ctrl, p = line.rstrip('\n').split(':', 2)
            if 'pids' in ctrl.split(','):
                mine = p
    if not mount('cgroup', '/tmp/esc-m', 'cgroup', 0, 'pids') and not mount('cgroup2', '/tmp/esc-m', 'cgroup2', 0):
        report('raise own pids.max', False, 'no cgroupfs: ' + err())
        report('move to the root cgroup', False, 'no cgroupfs: ' + err())
        return
    try:
        d = '/tmp/esc-m' + (mine or '/')
        try:
            with open(d + '/pids.max', 'w') as f:
                f.write('max')
            report('raise own pids.max', d != '/tmp/esc-m/', 'wrote max in ' + (mine or '/'))
        except OSError as e:
            report('raise own pids.max', False, e.strerror)
        try:
            with open('/tmp/esc-m/cgroup.procs', 'w') as f:
                f.write('0')
            with open('/proc/self/cgroup') as f:
                now = [l for l in f.read().split('\n') if 'pids' in l]
            report('move to the root cgroup', bool(now) and now[0].endswith(':/') and mine not in (None, '/'), ' '.join(now))
        except OSError as e:
            report('move to the root cgroup', False, e.strerror)
    finally:
        umount('/tmp/esc-m')


own_cgroup_attempts()

# 5. open_by_handle_at: a handle for the file system's root inode (ext4: ino 2).
class Handle(ctypes.Structure):
    _fields_ = [('bytes', ctypes.c_uint), ('type', ctypes.c_int), ('f', ctypes.c_ubyte * 128)]


h = Handle(128, 0)
mid = ctypes.c_int(0)
if libc.name_to_handle_at(-100, b'/usr', ctypes.byref(h), ctypes.byref(mid), 0) != 0:
    report('open_by_handle_at', False, 'name_to_handle_at: ' + err())
else:
    h.bytes, h.type = 8, 1  # FILEID_INO32_GEN
    ctypes.memmove(h.f, struct.pack('<II', 2, 0), 8)
    mfd = os.open('/usr', os.O_RDONLY | os.O_DIRECTORY)
    fd = libc.open_by_handle_at(mfd, ctypes.byref(h), os.O_RDONLY | os.O_DIRECTORY)
    if fd >= 0:
        report('open_by_handle_at', True, 'host fs root: ' + ' '.join(sorted(os.listdir(fd))[:6]))
        os.close(fd)
    else:
        report('open_by_handle_at', False, err())
    os.close(mfd)

# 6. A device node for the kernel log.
try:
    os.mknod('/tmp/esc-kmsg', 0o600 | 0o020000, os.makedev(1, 11))
    report('mknod c 1 11', True, 'created')
    os.unlink('/tmp/esc-kmsg')
except OSError as e:
    report('mknod c 1 11', False, e.strerror)

# 7. /proc/sys (written with its current value) and the masked /proc files.
try:
    with open('/proc/sys/vm/swappiness') as f:
        v = f.read()
    with open('/proc/sys/vm/swappiness', 'w') as f:
        f.write(v)
    report('write /proc/sys/vm/swappiness', True, 'host-wide sysctl written')
except OSError as e:
    report('write /proc/sys/vm/swappiness', False, e.strerror)
try:
    with open('/proc/kallsyms') as f:
        lines = [f.readline() for _ in range(50)]
    real = [l for l in lines if l and int(l.split()[0], 16) != 0]
    report('/proc/kallsyms addresses', bool(real), (real[0].strip() if real else 'none'))
except (OSError, ValueError) as e:
    report('/proc/kallsyms addresses', False, str(e))
try:
    with open('/proc/kcore', 'rb') as fh:
        data = fh.read(16)
    report('read /proc/kcore', len(data) > 0, '%d bytes' % len(data))
except OSError as e:
    report('read /proc/kcore', False, e.strerror)
# Opened, never written: any byte written would act on the host's kernel.
try:
    fd = os.open('/proc/sysrq-trigger', os.O_WRONLY)
    masked = os.fstat(fd).st_rdev == os.makedev(1, 3)
    os.close(fd)
    report('open /proc/sysrq-trigger for writing', not masked, 'masked by /dev/null' if masked else 'the real trigger')
except OSError as e:
    report('open /proc/sysrq-trigger for writing', False, e.strerror)

# 8. CAP_SYS_TIME: set the clock to what it already is.
class Timespec(ctypes.Structure):
    _fields_ = [('s', ctypes.c_long), ('ns', ctypes.c_long)]


ts = Timespec()
libc.clock_gettime(0, ctypes.byref(ts))
ok = libc.clock_settime(0, ctypes.byref(ts)) == 0
report('clock_settime', ok, '' if ok else err())

# 9. Syscalls a seccomp filter refuses (harmless arguments).
def sc(nr, *args):
    r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
    return r, (0 if r >= 0 else ctypes.get_errno())


r, e = sc(250, 0, -3, 0)  # keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING)
report('keyctl', r >= 0, errno.errorcode.get(e, '') if r < 0 else 'keyring %d' % r)
attr = struct.pack('<IIII', 2, 4, 4, 1) + b'\0' * 56  # BPF_MAP_TYPE_ARRAY
buf = ctypes.create_string_buffer(attr, len(attr))
r, e = sc(321, 0, ctypes.addressof(buf), len(attr))  # bpf(BPF_MAP_CREATE)
report('bpf map create', r >= 0, errno.errorcode.get(e, '') if r < 0 else 'fd')
if r >= 0:
    os.close(r)

# 10. Secrets of the host: /etc template, /root, planted tokens.
found = []
for top in ['/etc', '/root']:
    # Bounded: a host's /root can hold gigabytes; the planted files sit near the top.
    for d, dirs, files in os.walk(top):
        if d.count('/') > 3:
            dirs[:] = []
        for n in files[:200]:
            p = os.path.join(d, n)
            try:
                with open(p, 'rb') as f:
                    if b'TBVNODE-PLANTED-SECRET' in f.read(65536) and n != 'escape.py':
                        found.append(p)
            except OSError:
                pass
report('planted secrets readable', bool(found), ' '.join(found))
try:
    with open('/etc/shadow') as f:
        hashed = [l for l in f if l.split(':')[1:2] and len(l.split(':')[1]) > 2]
    report('read /etc/shadow', True, '%d hashed entries' % len(hashed))
except OSError as e:
    report('read /etc/shadow', False, e.strerror)
keys = [os.path.join('/etc/ssh', n) for n in (os.listdir('/etc/ssh') if os.path.isdir('/etc/ssh') else []) if n.startswith('ssh_host_')]
report('ssh host keys present', bool(keys), ' '.join(keys))
extra = sorted(os.listdir('/root'))
report('/root holds host files', bool(extra), ' '.join(extra[:5]))

# 11. ptrace of a process the host entered into the vnode (nsenter), marker argv.
target = None
deadline = time.time() + 15
while target is None and time.time() < deadline:
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                with open('/proc/%s/cmdline' % p, 'rb') as f:
                    if f.read() == b'sleep\x004243.5\x00':
                        target = int(p)
            except OSError:
                pass
    time.sleep(0.05)
if target is None:
    report('ptrace host-entered process', False, 'SKIPPED: no host-entered process appeared')
else:
    r = libc.ptrace(ctypes.c_long(16), ctypes.c_long(target), None, None)  # PTRACE_ATTACH
    if r == 0:
        os.waitpid(target, getattr(os, '__WALL', 0x40000000))
        libc.ptrace(ctypes.c_long(17), ctypes.c_long(target), None, None)  # PTRACE_DETACH
        report('ptrace host-entered process', True, 'attached to %d' % target)
    else:
        report('ptrace host-entered process', False, err())

with open('/tmp/escape.out.tmp', 'w') as f:
    f.write('\n'.join(out) + '\n')
os.rename('/tmp/escape.out.tmp', '/tmp/escape.out')

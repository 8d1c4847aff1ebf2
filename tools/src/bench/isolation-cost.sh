#!/bin/sh
# What a vnode start costs for its containment, tool against tool: K sequential
# starts of /bin/true in a root like a vnode's (merged /usr bound read-only,
# /proc), each way a vnode could be contained. Prints milliseconds per start.
# Root only; everything lives under a private temp dir, removed at the end.
# usage: isolation-cost.sh [K]
#   plain      unshare: mount, uts, ipc, pid, net (the backend before user namespaces)
#   tbvnode    + cgroup and user namespaces, id map, setpriv (no_new_privs, bounding set), libseccomp filter via python3-seccomp
#   crun       an OCI runtime (Debian's crun): user namespace, masked paths, seccomp from the generated spec
#   bwrap      bubblewrap: user namespace, --seccomp with a BPF program compiled by libseccomp
#   nspawn     systemd-nspawn --private-users (if installed)
set -eu
k=${1:-20}
pkg=$(cd "$(dirname "$0")/../../../packages/backend-linux-vserver/vnode" && pwd)
t=$(mktemp -d /tmp/tbvnode-isocost-XXXXXX)
trap 'rm -rf "$t"' EXIT
trap 'exit 1' INT TERM
r=$t/rootfs
mkdir -p "$r/usr" "$r/proc" "$r/dev" "$r/tmp" "$r/etc" "$r/sys" "$r/opt/tbvnode" "$r/.oldroot"
for l in bin sbin lib lib64; do [ -L "/$l" ] && ln -s "$(readlink "/$l")" "$r/$l"; done
cp /etc/os-release /etc/passwd /etc/group "$r/etc/"
cp "$pkg/seccomp-exec.py" "$r/opt/tbvnode/"
ids=1073741824

now() { date +%s%N; }
per() { echo "$1: $(( ($(now) - $2) / k / 1000 )) us per start"; }

run_plain() {
	unshare --mount --uts --ipc --pid --net --fork --propagation private \
		sh -c "mount --bind $r $r; mount --bind -o ro /usr $r/usr; mount -t proc proc $r/proc; cd $r; pivot_root . .oldroot; umount -l /.oldroot; exec /bin/true"
}

run_tbvnode() {
	unshare --mount --pid --net --fork --propagation private sh -c "
		mount --bind -o nosuid,nodev $r $r; mount --bind -o ro /usr $r/usr; mount -t proc proc $r/proc; cd $r; pivot_root . .oldroot; umount -l /.oldroot
		exec unshare --cgroup -- unshare --user --keep-caps --mount --net --uts --ipc -- sh -c '
			read -r _ </tmp/go; exec setpriv --reuid=0 --regid=0 --clear-groups --no-new-privs --ambient-caps=-all --bounding-set=-sys_module,-sys_rawio,-sys_time \
				-- /usr/bin/python3 -I -S /opt/tbvnode/seccomp-exec.py /bin/true'" &
	u=$!
	init=
	while [ -z "$init" ]; do read -r init _ <"/proc/$u/task/$u/children" || sleep 0.001; done
	while [ "/proc/$init/ns/user" -ef /proc/self/ns/user ]; do sleep 0.001; done
	echo "0 $ids 65536" >"/proc/$init/uid_map"
	echo "0 $ids 65536" >"/proc/$init/gid_map"
	echo go >"$r/tmp/go"
	wait "$u"
}

if [ "$(id -u)" != 0 ]; then
	echo "isolation-cost: needs root" >&2
	exit 77
fi
mkfifo "$r/tmp/go"
chmod 0666 "$r/tmp/go"

s=$(now); i=0; while [ $i -lt "$k" ]; do run_plain; i=$((i + 1)); done; per plain "$s"
s=$(now); i=0; while [ $i -lt "$k" ]; do run_tbvnode; i=$((i + 1)); done; per tbvnode "$s"

# An OCI bundle with the same containment, for crun.
if command -v crun >/dev/null; then
	b=$t/bundle
	mkdir -p "$b"
	python3 - "$r" "$b/config.json" "$ids" <<'PY'
import json, sys
root, out, ids = sys.argv[1], sys.argv[2], int(sys.argv[3])
deny = ['open_by_handle_at', 'init_module', 'finit_module', 'delete_module', 'kexec_load', 'kexec_file_load', 'reboot', 'swapon', 'swapoff',
        'acct', 'clock_settime', 'clock_adjtime', 'settimeofday', 'adjtimex', 'bpf', 'perf_event_open', 'keyctl', 'add_key', 'request_key']
spec = {
  'ociVersion': '1.0.2', 'root': {'path': root, 'readonly': False},
  'process': {'args': ['/bin/true'], 'cwd': '/', 'user': {'uid': 0, 'gid': 0}, 'noNewPrivileges': True, 'env': ['PATH=/usr/bin:/bin']},
  'mounts': [
    {'destination': '/proc', 'type': 'proc', 'source': 'proc'},
    {'destination': '/usr', 'type': 'bind', 'source': '/usr', 'options': ['rbind', 'ro', 'nosuid', 'nodev']},
  ],
  'linux': {
    'namespaces': [{'type': t} for t in ['pid', 'network', 'ipc', 'uts', 'mount', 'user', 'cgroup']],
    'uidMappings': [{'containerID': 0, 'hostID': ids, 'size': 65536}],
    'gidMappings': [{'containerID': 0, 'hostID': ids, 'size': 65536}],
    'maskedPaths': ['/proc/kcore', '/proc/kallsyms', '/proc/sysrq-trigger', '/proc/keys', '/proc/timer_list', '/sys/firmware'],
    'readonlyPaths': ['/proc/sys', '/proc/bus', '/proc/fs', '/proc/irq'],
    'seccomp': {'defaultAction': 'SCMP_ACT_ALLOW', 'architectures': ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
                'syscalls': [{'names': deny, 'action': 'SCMP_ACT_ERRNO', 'errnoRet': 1}]},
  },
}
json.dump(spec, open(out, 'w'))
PY
	s=$(now); i=0
	while [ $i -lt "$k" ]; do
		crun --root "$t/crun-state" --cgroup-manager=disabled run --bundle "$b" "isocost-$i" >"$t/crun.out" 2>&1 || {
			echo "crun: failed on this host: $(tail -1 "$t/crun.out")"
			break
		}
		i=$((i + 1))
	done
	[ $i -eq "$k" ] && per crun "$s"
else
	echo "crun: not installed (apt-get install crun)"
fi

if command -v bwrap >/dev/null; then
	/usr/bin/python3 -c "
import seccomp, errno
f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
for n in ['open_by_handle_at', 'init_module', 'finit_module', 'kexec_load', 'bpf', 'keyctl', 'perf_event_open', 'clock_settime']:
    f.add_rule(seccomp.ERRNO(errno.EPERM), n)
f.export_bpf(open('$t/filter.bpf', 'wb'))"
	s=$(now); i=0
	while [ $i -lt "$k" ]; do
		bwrap --unshare-all --unshare-user --uid 0 --gid 0 --ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64 \
			--proc /proc --dev /dev --seccomp 3 /bin/true 3<"$t/filter.bpf"
		i=$((i + 1))
	done
	per bwrap "$s"
else
	echo "bwrap: not installed (apt-get install bubblewrap)"
fi

if command -v systemd-nspawn >/dev/null; then
	s=$(now); i=0
	while [ $i -lt "$k" ]; do
		SYSTEMD_LOG_LEVEL=err systemd-nspawn -q --register=no --keep-unit --private-users="$ids:65536" --private-network -D "$r" --bind-ro=/usr /bin/true >/dev/null 2>&1 ||
			{ echo "nspawn: failed (see systemd-nspawn -D $r ...)"; break; }
		i=$((i + 1))
	done
	[ $i -eq "$k" ] && per nspawn "$s"
else
	echo "nspawn: not installed (apt-get install systemd-container)"
fi

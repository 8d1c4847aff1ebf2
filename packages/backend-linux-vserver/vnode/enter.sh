#!/bin/sh
# Runs as PID 1 of a fresh pid namespace (unshare --fork), still on the host's
# file system: joins the vnode's cgroup, builds its mount table, pivots into the
# root, then enters the vnode's user namespace (gate.sh waits there at the start
# barrier until the host has moved the interfaces in, then becomes init).
# usage: enter.sh ROOT [cgroup PROCS | ovkeep LOWER UPPER WORK DST KEEP | fstab FILE]... -- INIT [ARG]...
# FILE is written by the host (boot-files): every other mount, targets already
# made, so one `mount -a` does in one process what took a `mount` per entry.
set -eu
root=$1
shift

# Nothing done here may leak back to the host's mount namespace.
mount --make-rprivate /
# pivot_root needs the new root to be a mount point; no device node and no
# set-uid file in it ever works (the allowed devices are bound in from the host).
mount --bind -o nosuid,nodev "$root" "$root"

while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
	case $1 in
	ovkeep)
		# An overlay on DST whose subdir KEEP stays the root's real directory (the
		# host writes there). The real one is parked on .oldroot, which is empty
		# until pivot_root, then moved over the overlay's KEEP.
		[ -d "$3" ] && [ -d "$4" ] || mkdir -p "$3" "$4"
		mount --bind "$root$5/$6" "$root/.oldroot"
		mount -t overlay overlay -o "lowerdir=$2,upperdir=$3,workdir=$4" "$root$5"
		[ -d "$root$5/$6" ] || mkdir "$root$5/$6"
		mount --move "$root/.oldroot" "$root$5/$6"
		shift 6
		;;
	cgroup)
		# Before the cgroup namespace is made: its root is then the vnode's own cgroup.
		echo 0 >"$2"
		shift 2
		;;
	fstab)
		# util-linux >= 2.27 binds and then remounts read-only in one go (a plain
		# bind would stay writable, mkvserver's old mistake).
		mount -a -T "$2"
		shift 2
		;;
	*)
		echo "enter.sh: unknown mount op: $1" >&2
		exit 2
		;;
	esac
done
[ "$#" -gt 0 ] && shift

for l in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
	[ -L "$root/dev/${l%%:*}" ] || ln -s "${l#*:}" "$root/dev/${l%%:*}"
done

# The start barrier's fifo (kept between boots: with no reader the host's
# non-blocking open fails with ENXIO, so a stale one cannot release anything).
[ -p "$root/var/emulab/boot/tbvnode-start" ] || mkfifo -m 0600 "$root/var/emulab/boot/tbvnode-start"

cd "$root"
pivot_root . .oldroot
cd /
umount -l /.oldroot
# OLDPWD would tell the vnode where its root lives on the host.
unset OLDPWD

# The cgroup namespace first, owned by the host's user namespace: the vnode can
# then mount no cgroupfs at all. Then the user namespace and, owned by it, the
# namespaces the vnode's root administers (network, hostname, IPC). The mount
# namespace stays the host-owned one until after the barrier: the host writes the
# id maps (util-linux's --map-users would need newuidmap and /etc/subuid
# entries), moves the interfaces in and mounts /sys from the new network
# namespace; then gate.sh copies the mount namespace into the user namespace,
# which locks every mount made here (no remount rw, no umount to reveal what is
# below). --keep-caps carries this namespace's capabilities across the execs
# until gate.sh becomes its root.
exec unshare --cgroup -- unshare --user --keep-caps --net --uts --ipc -- /bin/sh /opt/tbvnode/gate.sh "$@"

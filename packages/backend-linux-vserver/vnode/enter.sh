#!/bin/sh
# Runs as PID 1 of a fresh pid namespace (unshare --fork), still on the host's
# file system: builds the vnode's mount table, pivots into the root, waits at
# the start barrier until the host has moved the interfaces in, then becomes init.
# usage: enter.sh ROOT [ro SRC DST | ov LOWER UPPER WORK DST | tmp DST]... -- INIT [ARG]...
set -eu
root=$1
shift

# Nothing done here may leak back to the host's mount namespace.
mount --make-rprivate /
# pivot_root needs the new root to be a mount point.
mount --bind "$root" "$root"

while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
	case $1 in
	ro)
		# A restored root may predate this mount: give it something to land on.
		if [ ! -e "$root$3" ]; then
			if [ -d "$2" ]; then mkdir -p "$root$3"; else : >"$root$3"; fi
		fi
		mount --bind "$2" "$root$3"
		mount -o remount,bind,ro,nosuid,nodev "$root$3"
		shift 3
		;;
	ov)
		mount -t overlay overlay -o "lowerdir=$2,upperdir=$3,workdir=$4" "$root$5"
		shift 5
		;;
	tmp)
		mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$root$2"
		shift 2
		;;
	*)
		echo "enter.sh: unknown mount op: $1" >&2
		exit 2
		;;
	esac
done
[ "$#" -gt 0 ] && shift

mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
mount -t tmpfs -o mode=755,nosuid,size=1m tmpfs "$root/dev"
for d in null zero full random urandom tty; do
	: >"$root/dev/$d"
	mount --bind "/dev/$d" "$root/dev/$d"
done
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"

# The start barrier's fifo, made fresh each boot (the host polls until we read it).
rm -f "$root/var/emulab/boot/tbvnode-start"
mkfifo -m 0600 "$root/var/emulab/boot/tbvnode-start"

cd "$root"
pivot_root . .oldroot
cd /
umount -l /.oldroot

# Start barrier: the host opens the fifo once our read is pending, moves the
# interfaces into this network namespace, then writes "go" (or "abort").
read -r go </var/emulab/boot/tbvnode-start
[ "$go" = go ] || exit 3
exec "$@"

#!/bin/busybox sh
# PID 1 of the VM's initramfs (busybox-static only). Loads the virtio/9p/overlay
# modules listed in /modules.load, mounts the host's root read-only over 9p under
# a tmpfs overlay, only cgroup2 at /sys/fs/cgroup, the scratch share at
# /run/tbvm, and hands over to the host-written stage 2 there. Any failure
# powers the VM off: the host sees no result file and says so.
/bin/busybox --install -s /bin
export PATH=/bin
die() { echo "tbvm-init: $*"; poweroff -f; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r ko; do insmod "/$ko" || die "insmod $ko failed"; done < /modules.load
mkdir -p /lower /rw /newroot
mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose hostroot /lower || die "9p mount of the host root failed"
mount -t tmpfs -o mode=755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || die "overlay root failed"
for d in proc sys dev; do mount --move /$d /newroot/$d; done
mount -t cgroup2 -o nsdelegate cgroup2 /newroot/sys/fs/cgroup || die "cgroup2 mount failed"
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm
mount -t tmpfs -o mode=1777 tmpfs /newroot/tmp
mount -t tmpfs -o mode=755 tmpfs /newroot/run
# The host's root as it is, for stage 2 to reach a project under /tmp or /run
# (the guest's own tmpfs covers those).
mkdir -p /newroot/run/host
mount --bind /lower /newroot/run/host || die "bind of the host root failed"
mkdir -p /newroot/run/tbvm
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 scratch /newroot/run/tbvm || die "9p mount of the scratch share failed"
exec switch_root /newroot /bin/busybox sh /run/tbvm/stage2.sh

#!/bin/sh
# The last step into a vnode, already in its user namespace (still with the
# host's uid, which owns the start barrier's fifo). Waits at the barrier (the
# host writes the namespace's id maps, moves the interfaces in and mounts /sys),
# then takes its own mount namespace and becomes the namespace's root with no_new_privs, a reduced capability bounding
# set and the seccomp filter, and execs init.
# usage: gate.sh INIT [ARG]...
set -eu
# Start barrier: the host opens the fifo once our read is pending, moves the
# interfaces into this network namespace, then writes "go" (or "abort"). If the
# host never comes (it died right after starting us), give up after 60 s.
go=$(timeout 60 head -n 1 /var/emulab/boot/tbvnode-start) || go=timeout
[ "$go" = go ] || exit 3
# Capabilities of this user namespace that could only act on the host's kernel
# (the kernel checks them in the initial namespace) or on devices: gone for good.
# Our own mount namespace, owned by our user namespace: the copy locks every mount
# the host made (/sys from our network namespace included).
exec unshare --mount --propagation unchanged -- setpriv --reuid=0 --regid=0 --clear-groups --no-new-privs --ambient-caps=-all \
	--bounding-set=-sys_module,-sys_rawio,-sys_time,-sys_boot,-mknod,-syslog,-mac_admin,-mac_override,-audit_control,-audit_read,-sys_pacct,-wake_alarm,-block_suspend,-bpf,-perfmon \
	-- /usr/bin/python3 -I -S /opt/tbvnode/seccomp-exec.py "$@"

#!/bin/sh
# The raw floor for tools/bench/boot: the same kernel operations a linux-vserver
# vnode of the bench needs (veth into cbr0, one experiment interface: a veth in
# the LAN bridge, root skeleton, unshare + enter.sh with the same mounts, both
# interfaces moved in at the barrier, /sys mounted from the vnode's network
# namespace, the same user/cgroup namespaces, id maps,
# masks, no_new_privs and seccomp filter, the default cgroup limits, addresses
# set by the same rc, the same nftables anti-spoofing chains on both ports, in
# one transaction), as a plain
# shell script with no journal, no node, no checks. Run inside the throwaway
# host's network namespace.
# usage: raw-boot.sh up|down PKG_VNODE_DIR WORKDIR N PARALLEL
set -eu
mode=$1 pkg=$2 work=$3

one() {
	i=$1
	r=$work/v$i/root
	# The vnode's id range, as the backend's allocator would hand it out.
	ids=$((1073741824 + i * 65536))
	mkdir -p "$r" "$work/v$i/ov/etc/upper" "$work/v$i/ov/etc/work"
	cd "$r"
	mkdir -p etc root dev/pts dev/shm tmp proc sys run var/log var/emulab/boot home opt/tbvnode .oldroot usr
	for l in bin sbin lib lib64; do [ -L "/$l" ] && ln -s "$(readlink "/$l")" "$l"; done
	chown "$ids:$ids" . etc root tmp var var/emulab var/emulab/boot home "$work/v$i/ov/etc/upper"
	cp "$pkg/init.sh" "$pkg/rc.sh" "$pkg/gate.sh" "$pkg/seccomp-exec.py" opt/tbvnode/
	echo "cnet$i" >var/emulab/boot/controlif
	cip="172.16.$((i / 250)).$((i % 250 + 2))" lip="10.1.$((i / 200 + 1)).$((i % 200 + 2))"
	cmac=$(printf '02:00:ac:10:%02x:%02x' $((i / 250)) $((i % 250 + 2)))
	lmac=$(printf '02:01:0a:01:%02x:%02x' $((i / 200 + 1)) $((i % 200 + 2)))
	echo "$cip" >var/emulab/boot/myip
	echo 255.240.0.0 >var/emulab/boot/mynetmask
	echo 172.16.0.1 >var/emulab/boot/routerip
	echo "raw-$i" >var/emulab/boot/nickname
	echo "eth0 $lip/24" >var/emulab/boot/tbvnode-ifaces
	# The same mounts as a vnode's fstab (one mount -a, as enter.sh does), with
	# the same masks of /proc and /sys. The /etc lower here is the host's /etc:
	# for the kernel one lower dir is as good as the secret-free template.
	w=$work/v$i
	{
		echo "/usr $r/usr none bind,ro,nosuid,nodev 0 0"
		echo "overlay $r/etc overlay lowerdir=/etc,upperdir=$w/ov/etc/upper,workdir=$w/ov/etc/work 0 0"
		echo "tmpfs $r/run tmpfs mode=755,nosuid,nodev,uid=$ids,gid=$ids 0 0"
		echo "proc $r/proc proc nosuid,nodev,noexec 0 0"
		echo "sysfs $r/sys sysfs ro,nosuid,nodev,noexec 0 0"
		for d in null zero full random urandom tty; do
			: >"$r/dev/$d"
			echo "/dev/$d $r/dev/$d none bind 0 0"
		done
		echo "tmpfs $r/dev/shm tmpfs mode=1777,nosuid,nodev 0 0"
		for p in /proc/sys /proc/bus /proc/fs /proc/irq; do
			[ -d "$p" ] && echo "$r$p $r$p none bind,ro,nosuid,nodev,noexec 0 0"
		done
		for p in /proc/kcore /proc/kallsyms /proc/sysrq-trigger /proc/kmsg /proc/keys /proc/timer_list /proc/sched_debug /proc/latency_stats /proc/acpi /proc/scsi /sys/firmware; do
			if [ -d "$p" ]; then
				echo "tmpfs $r$p tmpfs ro,nosuid,nodev,noexec,size=0,mode=555 0 0"
			elif [ -e "$p" ]; then
				echo "/dev/null $r$p none bind,ro 0 0"
			fi
		done
	} >"$w/fstab"
	{
		for p in "pnet$i $cmac $cip" "pe$i.0 $lmac $lip"; do
			set -- $p
			c="bridge tbvnode port-$1"
			printf '%s\n' "add chain $c" "flush chain $c" "add rule $c ether saddr != $2 drop" \
				"add rule $c arp hlen != 6 drop" "add rule $c arp plen != 4 drop" \
				"add rule $c arp saddr ether != $2 drop" "add rule $c arp saddr ip != { $3, 0.0.0.0 } drop" \
				"add rule $c ip saddr != { $3 } drop" "add rule $c ether type != { arp, ip } drop" \
				"add element bridge tbvnode ports { \"$1\" : jump port-$1 }"
		done
	} | nft -f -
	ip link add "pnet$i" master cbr0 up type veth peer name "cnet$i" address "$cmac"
	ip link add "pe$i.0" master br-lan0 up type veth peer name "ve$i.0" address "$lmac"
	unshare --mount --pid --net --fork --kill-child=SIGKILL --propagation private \
		/bin/sh "$pkg/enter.sh" "$r" fstab "$w/fstab" \
		-- /opt/tbvnode/init.sh /opt/tbvnode/rc.sh >"$w/console" 2>&1 &
	u=$!
	echo $u >"$work/v$i/pid"
	# The barrier: init (unshare's child) is in its own user namespace once enter.sh is done.
	init=
	while [ -z "$init" ]; do
		[ -e "/proc/$u" ] || { echo "raw vnode $i died: $(cat "$w/console")" >&2; exit 1; }
		# "PID " with no newline: read assigns it and returns 1. Builtins only: no fork per poll.
		read -r init _ <"/proc/$u/task/$u/children" || :
		[ -n "$init" ] || sleep 0.01
	done
	while [ "/proc/$init/ns/user" -ef /proc/self/ns/user ]; do
		[ -e "/proc/$init" ] || { echo "raw vnode $i died: $(cat "$w/console")" >&2; exit 1; }
		sleep 0.01
	done
	echo "0 $ids 65536" >"/proc/$init/uid_map"
	echo "0 $ids 65536" >"/proc/$init/gid_map"
	printf '%s\n' "link set cnet$i netns $init" "link set ve$i.0 netns $init name eth0" | ip -batch -
	# The vnode's /sys from its own network namespace, masked again, as the backend does at the barrier.
	nsenter -t "$init" -m -n -- mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys
	[ -d /sys/firmware ] && nsenter -t "$init" -m -n -- mount -t tmpfs -o ro,nosuid,nodev,noexec,size=0,mode=555 tmpfs /sys/firmware
	# The default limits a vnode gets (cgroup v1 as here): its own group per controller.
	if [ -d /sys/fs/cgroup/pids ]; then
		for c in pids memory cpu; do
			g=/sys/fs/cgroup/$c/$(basename "$work")/v$i
			mkdir -p "$g"
			echo "$init" >"$g/cgroup.procs"
		done
		g=$(basename "$work")/v$i
		echo 1024 >"/sys/fs/cgroup/pids/$g/pids.max"
		echo 1073741824 >"/sys/fs/cgroup/memory/$g/memory.limit_in_bytes"
		echo 1024 >"/sys/fs/cgroup/cpu/$g/cpu.shares"
	fi
	echo go >"$r/var/emulab/boot/tbvnode-start"
}

down() {
	i=$1
	u=$(cat "$work/v$i/pid")
	init=$(cat "/proc/$u/task/$u/children" 2>/dev/null || true)
	[ -n "$init" ] && kill -USR1 $init
	# Gone or a zombie (orphaned: reaped whenever its new parent gets to it).
	while [ -e "/proc/$u" ] && [ "$(cut -d' ' -f3 "/proc/$u/stat" 2>/dev/null)" != Z ]; do sleep 0.01; done
	for c in pids memory cpu; do
		g=/sys/fs/cgroup/$c/$(basename "$work")/v$i
		if [ -d "$g" ]; then rmdir "$g"; fi
	done
	# The vnode's port filters go one transaction per vnode, as its journal's undo does.
	for p in "pnet$i" "pe$i.0"; do
		printf '%s\n' "delete element bridge tbvnode ports { \"$p\" }" "delete chain bridge tbvnode port-$p"
	done | nft -f -
	rm -rf "$work/v$i"
}

case $mode in
up | down)
	n=$4 par=$5
	if [ "$mode" = up ]; then
		ip link add cbr0 up type bridge
		ip addr add 172.16.0.1/12 dev cbr0
		ip link add br-lan0 up type bridge
		printf '%s\n' 'create table bridge tbvnode' 'add map bridge tbvnode ports { type ifname : verdict; }' \
			'add chain bridge tbvnode ingress { type filter hook prerouting priority -300; policy accept; }' \
			'add rule bridge tbvnode ingress iifname vmap @ports' | nft -f -
	fi
	seq 1 "$n" | xargs -P "$par" -n 1 /bin/sh "$0" "$mode-one" "$pkg" "$work"
	if [ "$mode" = down ]; then
		ip link del cbr0 && ip link del br-lan0 && nft delete table bridge tbvnode
		for c in pids memory cpu; do
			g=/sys/fs/cgroup/$c/$(basename "$work")
			if [ -d "$g" ]; then rmdir "$g"; fi
		done
	fi
	# One poll loop for all vnodes' rc (vrunning), not one per vnode.
	if [ "$mode" = up ]; then
		while [ "$(ls "$work"/v*/root/var/emulab/boot/vrunning 2>/dev/null | wc -l)" -lt "$n" ]; do sleep 0.02; done
	fi
	;;
up-one) one "$4" ;;
down-one) down "$4" ;;
esac

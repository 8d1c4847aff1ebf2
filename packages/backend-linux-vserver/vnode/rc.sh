#!/bin/sh
# The default vnode rc (Emulab's rc.invserver, reduced): loopback, control
# interface, default route, experiment interfaces, hostname, ISUP through the
# tmcc proxy, vrunning. Few processes: all `ip` work is one `ip -batch`.
boot=/var/emulab/boot
PATH=/opt/tbvnode/bin:/usr/local/etc/emulab:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

cif= myip= mask= router= name=
[ -r "$boot/controlif" ] && read -r cif <"$boot/controlif"
[ -r "$boot/myip" ] && read -r myip <"$boot/myip"
[ -r "$boot/mynetmask" ] && read -r mask <"$boot/mynetmask"
[ -r "$boot/routerip" ] && read -r router <"$boot/routerip"
[ -r "$boot/realname" ] && read -r name <"$boot/realname"
[ -r "$boot/nickname" ] && read -r name <"$boot/nickname"

{
	echo "link set lo up"
	if [ -n "$cif" ] && [ -n "$myip" ] && [ -n "$mask" ]; then
		echo "addr add $myip/$mask dev $cif"
		echo "link set $cif up"
		[ -n "$router" ] && echo "route add default via $router dev $cif"
	fi
	# Experiment interfaces, one line each: IFNAME ADDRESS/PREFIX
	if [ -r "$boot/tbvnode-ifaces" ]; then
		while read -r ifn addr; do
			[ -n "$ifn" ] || continue
			echo "addr add $addr dev $ifn"
			echo "link set $ifn up"
		done <"$boot/tbvnode-ifaces"
	fi
} | ip -force -batch - || echo "rc: network setup failed"

# The UTS name (the vnode's own namespace; /proc/sys is read-only in a vnode).
[ -n "$name" ] && { hostname "$name" 2>/dev/null || echo "rc: cannot set the hostname"; }

if [ -r "$boot/proxypath" ] && command -v tmcc >/dev/null 2>&1; then
	# Through the proxy boss's name is never used; a literal keeps tmcc from a
	# DNS lookup the vnode has no network for yet.
	if [ -z "${BOSSNAME:-}" ] && [ ! -r /etc/emulab/bossnode ]; then
		BOSSNAME=127.0.0.1
		export BOSSNAME
	fi
	tmcc -t 30 state ISUP || echo "rc: tmcc state ISUP failed"
else
	echo "rc: no tmcc proxy; the manager reports ISUP"
fi
: >"$boot/vrunning"
# An image's own startup, if the operator installed one.
[ -x /etc/emulab/rc.vnode.local ] && exec /etc/emulab/rc.vnode.local
exit 0

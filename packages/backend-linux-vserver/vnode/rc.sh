#!/bin/sh
# The default vnode rc (Emulab's rc.invserver, reduced): loopback, control
# interface, default route, hostname, ISUP through the tmcc proxy, vrunning.
boot=/var/emulab/boot
log() { echo "rc: $*"; }
readf() { [ -r "$boot/$1" ] && read -r v <"$boot/$1" && echo "$v"; }

PATH=/opt/tbvnode/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

ip link set lo up

cif=$(readf controlif) || cif=
myip=$(readf myip) || myip=
mask=$(readf mynetmask) || mask=
router=$(readf routerip) || router=
name=$(readf nickname) || name=$(readf realname) || name=

if [ -n "$cif" ] && [ -n "$myip" ] && [ -n "$mask" ]; then
	ip addr add "$myip/$mask" dev "$cif"
	ip link set "$cif" up
	[ -n "$router" ] && ip route add default via "$router" dev "$cif"
fi
# Experiment interfaces, one line each: IFNAME ADDRESS/PREFIX
if [ -r "$boot/tbvnode-ifaces" ]; then
	while read -r ifn addr; do
		[ -n "$ifn" ] || continue
		ip addr add "$addr" dev "$ifn"
		ip link set "$ifn" up
	done <"$boot/tbvnode-ifaces"
fi
[ -n "$name" ] && hostname "$name"

if [ -r "$boot/proxypath" ] && command -v tmcc >/dev/null 2>&1; then
	# Through the proxy boss's name is never used; a literal keeps tmcc from a
	# DNS lookup the vnode has no network for yet.
	if [ -z "${BOSSNAME:-}" ] && [ ! -r /etc/emulab/bossnode ]; then
		BOSSNAME=127.0.0.1
		export BOSSNAME
	fi
	tmcc -t 30 state ISUP || log "tmcc state ISUP failed"
else
	log "no tmcc proxy; the manager reports ISUP"
fi
: >"$boot/vrunning"
# An image's own startup, if the operator installed one.
[ -x /etc/emulab/rc.vnode.local ] && exec /etc/emulab/rc.vnode.local
exit 0

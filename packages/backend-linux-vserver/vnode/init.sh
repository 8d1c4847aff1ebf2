#!/bin/sh
# PID 1 of a vnode. Runs the rc, then idles reaping orphans. USR1 halts the
# vnode: TERM everything, give it up to a second, KILL the rest, exit (the
# kernel then tears the pid namespace down). TERM is ignored, as init does.
# usage: init.sh RC [ARG]...

others_alive() {
	for d in /proc/[0-9]*; do
		[ "${d#/proc/}" = 1 ] && continue
		# Zombies are already dead; only count processes that still run.
		read -r _ _ st _ <"$d/stat" 2>/dev/null || continue
		[ "$st" = Z ] || return 0
	done
	return 1
}

halt() {
	trap '' USR1
	kill -TERM -1 2>/dev/null
	i=0
	while [ "$i" -lt 20 ] && others_alive; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL -1 2>/dev/null
	exit 0
}

# Caught with a no-op rather than ignored: ignored signals stay ignored across
# exec, and every process of the vnode would then shrug off TERM too.
trap : TERM INT HUP
trap halt USR1

"$@" </dev/null &
while :; do
	sleep 2147483647 &
	wait
done

#!/bin/sh
# injail: the first process of a tbvnode jail (installed as /etc/jail/injail).
# Runs /etc/rc (or the given command) in a child. On USR1 it TERMs every
# process it can see, waits a second, KILLs the rest and exits. TERM is
# ignored, so a host shutdown cannot take it down before the jail's processes.
# With a command it also exits (the same way) once that command ends; with
# /etc/rc it stays, since rc returns once the daemons it starts are running.
# With -w FILE it starts nothing until FILE exists: in a VNET jail the host
# moves the interfaces in and addresses them after jail(8) started us, and
# /etc/rc must not bring the network up (or report ISUP) before that.
# POSIX sh only: it runs under FreeBSD's /bin/sh.

vnode=
go_file=
# How long -w waits, in tenths of a second (sleep(1) takes fractions on FreeBSD: bin/sleep/sleep.c).
go_wait=${INJAIL_GO_WAIT:-600}
usage() {
	echo "usage: injail [-v vnode] [-w file] [command [args ...]]" >&2
	exit 2
}
while getopts v:w: opt; do
	case $opt in
	v) vnode=$OPTARG ;;
	w) go_file=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))

# Not under /var/run: the jail's rc.d/cleanvar empties that at boot, after we wrote it.
pidfile=${INJAIL_PIDFILE:-/var/emulab/injail.pid}

stop_all() {
	trap '' USR1
	echo "injail${vnode:+ ($vnode)}: stopping every process"
	kill -TERM -1 2>/dev/null
	sleep 1
	kill -KILL -1 2>/dev/null
	rm -f "$pidfile"
	exit "$1"
}

trap '' TERM
trap 'stop_all 0' USR1

keep_running=
if [ $# -eq 0 ]; then
	set -- /bin/sh /etc/rc
	keep_running=1
fi

# The pid file says "ready": the traps are set, so USR1 stops this jail from
# here on (while we wait for the host too; stop_all needs no child).
echo $$ > "$pidfile"

if [ -n "$go_file" ]; then
	tenths=0
	while [ ! -f "$go_file" ]; do
		if [ "$tenths" -ge "$go_wait" ]; then
			echo "injail${vnode:+ ($vnode)}: the host did not finish this jail's interfaces ($go_file) within $((go_wait / 10)).$((go_wait % 10)) s" >&2
			stop_all 1
		fi
		sleep 0.1
		tenths=$((tenths + 1))
	done
fi

# The child gets TERM back (sh keeps an ignored signal ignored across exec otherwise).
( trap - TERM; exec "$@" ) &
child=$!

# The only trapped signal (USR1) exits inside its trap, so wait returns only when
# the child has ended. No kill -0 loop: the shell may have reaped a fast child
# already, and then only wait still knows its status.
wait "$child"
status=$?

if [ -z "$keep_running" ]; then
	stop_all "$status"
fi
while :; do
	sleep 3600 &
	wait $!
done

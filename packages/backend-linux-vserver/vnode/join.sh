#!/bin/sh
# Host side of `tbvnode exec` / `tbvnode shell`: puts this process into the
# vnode's cgroup, then execs the rest (nsenter into the vnode). exec keeps the
# pid, so the command is under the vnode's limits (pids, memory, CPU) before it
# is in any of the vnode's namespaces, and so is everything it starts.
#
# The vnode's groups are init's, as the kernel reports them: every group of
# init's whose path ends in /ID (the cgroup step makes <cgroupParent>/<id>, and
# enter.sh put init there), in each mounted hierarchy where init is a member.
# Nothing here depends on the options the caller was started with. A write
# that fails stops here: nothing runs outside the vnode's limits.
#
# usage: join.sh INIT_PID ID -- COMMAND [ARG]...
set -eu

init=$1
id=$2
shift 2
if [ "${1-}" != "--" ]; then
	echo "join.sh: usage: join.sh INIT_PID ID -- COMMAND [ARG]..." >&2
	exit 64
fi
shift
# Core's rule for ids (and a pid): both go into the sed pattern and paths below.
case $init$id in
*[!A-Za-z0-9_-]* | '') echo "join.sh: bad pid or id" >&2; exit 64 ;;
esac

# /proc/PID/cgroup lines are HIERARCHY:CONTROLLERS:PATH (v2: 0::PATH), the path
# as seen from our cgroup namespace (the host's). /proc/self/mounts fields are
# SOURCE TARGET FSTYPE ...; cgroup mount points have no blanks to unescape.
# Read first: a vnode that is gone stops the script here (set -e).
cgroups=$(cat "/proc/$init/cgroup")
groups=$(printf '%s\n' "$cgroups" | sed -n "s|^[0-9]*:[^:]*:\(/.*/$id\)\$|\1|p" | sort -u)
for group in $groups; do
	while read -r _source target fstype _rest; do
		case $fstype in
		cgroup | cgroup2) ;;
		*) continue ;;
		esac
		procs="$target$group/cgroup.procs"
		if [ -f "$procs" ] && grep -qx "$init" "$procs"; then
			echo $$ >"$procs"
		fi
	done </proc/self/mounts
done

exec "$@"

// The rc a "process" vnode runs (Emulab's fake vnode ran rc.fakejail as a plain
// process). It is written into the vnode root by a journaled step at create, so
// the package ships it as text instead of as a file to locate at run time.
// Everything it needs arrives in the environment the backend sets.
export const RC_SCRIPT = `#!/bin/sh
# tbvnode "process" vnode rc: tell boss we are up through the manager's tmcc
# proxy (tmcc finds it via \${TBVNODE_ROOT}/var/emulab/boot/proxypath), mark the
# vnode running, then idle until the manager stops us (USR1/HUP/TERM/INT).
# Our stdout and stderr are already the vnode's logs/console.log (the backend
# starts us with the file as our own descriptors).
set -u
idle=
stop() {
  if [ -n "$idle" ]; then kill "$idle" 2>/dev/null; fi
  exit 0
}
trap stop USR1 HUP TERM INT
echo "rc: vnode $TBVNODE_VNODE_ID starting"
if ! "$TBVNODE_NODE" "$TBVNODE_TMCC" state ISUP; then
  echo "rc: tmcc state ISUP failed" >&2
  exit 1
fi
: > "$TBVNODE_RUNNING"
echo "rc: vnode $TBVNODE_VNODE_ID is up"
while :; do
  sleep 3600 &
  idle=$!
  wait "$idle"
done
`;

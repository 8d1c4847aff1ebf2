// Emulab's usage texts (the flags tbvnode's tmcc and tmcc.bin accept), printed on every usage error.
export const USAGE = `usage: tmcc [options] <command> [arg1 ...]
 -d              Turn on debugging (echo the reply to stderr too)
 -b              Bypass the tmcc cache and go to the server
 -D              Do not use the proxy named by var/emulab/boot/proxypath
 -s server       Specify a tmcd server to connect to
 -p portnum      Specify a port number to connect to
 -v versnum      Specify a version number for tmcd
 -n vnodeid      Specify the vnodeid
 -k keyfile      Specify the private keyfile
 -u              Use UDP instead of TCP
 -l path         Use named unix domain socket instead of TCP
 -t timeout      Timeout (seconds without progress) waiting for the controller
 -f datafile     Extra stuff to send to tmcd (tcp mode only)
 -i              Do not use SSL protocol
`;

// tmcc.bin: the C client's flags (no cache or proxypath switches; -o for the proxy).
export const BIN_USAGE = `usage: tmcc.bin [options] <command> [arg1 ...]
 -d              Turn on debugging (echo the reply to stderr too)
 -s server       Specify a tmcd server to connect to
 -p portnum      Specify a port number to connect to
 -v versnum      Specify a version number for tmcd
 -n vnodeid      Specify the vnodeid
 -k keyfile      Specify the private keyfile
 -u              Use UDP instead of TCP
 -l path         Use named unix domain socket instead of TCP
 -t timeout      Timeout (seconds without progress) waiting for the controller
 -x path         Be a unix domain proxy listening on the named socket
 -X ip:port      Be an inet domain proxy listening on the given IP:port
 -o logfile      Specify log file name for -x option
 -f datafile     Extra stuff to send to tmcd (tcp mode only)
 -i              Do not use SSL protocol
`;

// Emulab's usage texts (the flags tbvnode's tmcc and tmcc.bin accept), printed on every
// usage error. tmcc.bin is the C client: no cache/proxypath switches, -x/-X/-o for the proxy.
const FLAGS: Record<string, string> = {
  d: ' -d              Turn on debugging (echo the reply to stderr too)',
  b: ' -b              Bypass the tmcc cache and go to the server',
  D: ' -D              Do not use the proxy named by var/emulab/boot/proxypath',
  s: ' -s server       Specify a tmcd server to connect to',
  p: ' -p portnum      Specify a port number to connect to',
  v: ' -v versnum      Specify a version number for tmcd',
  n: ' -n vnodeid      Specify the vnodeid',
  k: ' -k keyfile      Specify the private keyfile',
  u: ' -u              Use UDP instead of TCP',
  l: ' -l path         Use named unix domain socket instead of TCP',
  t: ' -t timeout      Timeout (seconds without progress) waiting for the controller',
  x: ' -x path         Be a unix domain proxy listening on the named socket',
  X: ' -X ip:port      Be an inet domain proxy listening on the given IP:port',
  o: ' -o logfile      Specify log file name for -x option',
  f: ' -f datafile     Extra stuff to send to tmcd (tcp mode only)',
  i: ' -i              Do not use SSL protocol',
};

const usage = (name: string, flags: string): string =>
  `usage: ${name} [options] <command> [arg1 ...]\n${[...flags].map((f) => `${FLAGS[f] ?? ''}\n`).join('')}`;

export const USAGE = usage('tmcc', 'dbDspvnkultfi');
export const BIN_USAGE = usage('tmcc.bin', 'dspvnkultxXofi');

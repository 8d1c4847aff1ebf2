// The shape of an experiment fixture: what boss knows about one physical
// host and the vnodes it hosts. Field names follow tmcd's reply keys so a
// fixture reads like the replies it produces (TMCD-PROTOCOL.md §10).

// Rendered `KEY=VALUE` in order; strings are quoted ("…"), numbers bare,
// arrays repeat the key once per element.
export type JailConfigValue = string | number | Array<string | number>;

// One `INTERFACE …` line; keys in the order they are rendered, values bare.
export type InterfaceFields = Record<string, string | number>;

export interface InterfaceSetting {
  mac: string;
  key: string;
  val: string;
}

// `<vname>-<lan>`, with aliases [`<vname>-<n>`] or [`<vname>-<n>`, `<vname>`] (tmcd's dohosts).
export interface HostnameEntry {
  name: string;
  ip: string;
  aliases: string[];
}

export interface GroupEntry {
  name: string;
  gid: number;
}

export interface UserEntry {
  login: string;
  pswd: string;
  uid: number;
  gid: number;
  root: boolean;
  name: string;
  homedir: string;
  glist: number[];
  // UNIX_TIMESTAMP(usr_modified), as tmcd's doaccounts sends it.
  serial: number;
  email: string;
  shell: string;
}

export interface PubkeyEntry {
  login: string;
  key: string;
}

export interface Accounts {
  groups: GroupEntry[];
  users: UserEntry[];
  pubkeys: PubkeyEntry[];
}

export interface Mounts {
  fstype: string;
  mounts: Array<{ remote: string; local: string }>;
}

export interface VnodeFixture {
  vnodeId: string;
  nickname: string;
  jailed?: boolean;
  jailconfig: Record<string, JailConfigValue>;
  // Physical interfaces (MAC=) and virtual ones (VMAC=), rendered in tmcd's order.
  ifconfig: InterfaceFields[];
  // Only for physical interfaces (a MAC= line above), as in tmcd.
  interfaceSettings?: InterfaceSetting[];
  hostnames: HostnameEntry[];
  accounts: Accounts;
  mounts: Mounts;
  // Verbatim replies for any other command (routing, eventkey, …); a
  // missing command answers empty, as tmcd does for a node with no data.
  replies?: Record<string, string>;
}

export interface PhysicalHostFixture {
  nodeId: string;
  controlIp: string;
  // The pnode's own nickname in the experiment; absent means FREE.
  nickname?: string;
  ifconfig?: InterfaceFields[];
  interfaceSettings?: InterfaceSetting[];
  hostnames?: HostnameEntry[];
  replies?: Record<string, string>;
}

// Descriptive only (replies are built from the vnodes' own entries); it
// lets tests state expectations such as "lan0 joins pcvm1-1 and pcvm1-2".
export interface LanFixture {
  name: string;
  vtag: number;
  subnet: string;
  mask: string;
  members: string[];
}

export interface Experiment {
  name: string;
  pid: string;
  eid: string;
  // When set, every request must carry PRIVKEY=<this> or gets no reply.
  privkey?: string;
  boss: { name: string; ip: string };
  host: PhysicalHostFixture;
  vnodes: VnodeFixture[];
  lans: LanFixture[];
  watchdog?: string;
}

// Pure: what the VNET steps read from `ifconfig <if>`: the description
// (sbin/ifconfig/ifconfig.c status: "\tdescription: %s\n") and a bridge's
// members (sbin/ifconfig/ifbridge.c bridge_status: "\tmember: %s flags=...").

export interface IfStatus {
  readonly description: string | null;
  readonly members: readonly string[];
}

export function parseIfStatus(out: string): IfStatus {
  let description: string | null = null;
  const members: string[] = [];
  for (const line of out.split('\n')) {
    const d = /^\tdescription: (.*)$/.exec(line);
    if (d) description = d[1] ?? '';
    const m = /^\tmember: (\S+) /.exec(line);
    if (m?.[1]) members.push(m[1]);
  }
  return { description, members };
}

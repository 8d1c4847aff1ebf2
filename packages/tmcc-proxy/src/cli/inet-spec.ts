// Emulab's `-X [ip][:port]`: either part may be left out (default 127.0.0.1:7778).

export interface InetSpec {
  host: string;
  port: number;
}

// Null when the text is not a valid address spec.
export function parseInetSpec(text: string | true, defaults: InetSpec): InetSpec | null {
  if (text === true || text === '') return { ...defaults };
  let host: string;
  let portText: string | undefined;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(.*))?$/.exec(text);
  if (v6) {
    host = v6[1] ?? '';
    portText = v6[2];
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0 && text.indexOf(':') !== colon) return null; // bare IPv6 needs brackets
    host = colon >= 0 ? text.slice(0, colon) : text;
    portText = colon >= 0 ? text.slice(colon + 1) : undefined;
  }
  if (host === '') host = defaults.host;
  else if (!v6 && !/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(host)) return null;
  let port = defaults.port;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText)) return null;
    port = Number(portText);
    if (port > 65535) return null;
  }
  return { host, port };
}

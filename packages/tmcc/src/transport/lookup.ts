// Name resolution as Emulab's gethostbyname: IPv4, first address. Injectable for tests.
import { lookup as dnsLookup } from 'node:dns/promises';

export type LookupFunction = (name: string) => Promise<string>;

export const lookupIPv4: LookupFunction = async (name) => {
  const r = await dnsLookup(name, { family: 4 });
  return r.address;
};

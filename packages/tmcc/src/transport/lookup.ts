// Name resolution as Emulab's gethostbyname: IPv4, first address. Injectable for tests.
// Address literals skip the resolver, so the dns module loads only when needed.

export type LookupFunction = (name: string) => Promise<string>;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const lookupIPv4: LookupFunction = async (name) => {
  if (IPV4.test(name)) return name;
  const { lookup } = await import('node:dns');
  return new Promise((resolve, reject) => {
    lookup(name, { family: 4 }, (err, address) => (err ? reject(err) : resolve(address)));
  });
};

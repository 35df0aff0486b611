/**
 * Whether text is an IP address, as node:net's `isIP` answers it, without
 * node:net: the endpoint rules (`parseURL`'s `isIp`) run in every runtime.
 */

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[0-9a-zA-Z.:-]+$/;

/** 4 for an IPv4 address (dotted decimal, no leading zeros), 6 for an IPv6 one (a zone index allowed), else 0. */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (IPV4.test(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}

function isIPv6(text: string): boolean {
  let address = text;
  const zone = address.indexOf("%");
  if (zone !== -1) {
    if (!ZONE.test(address.slice(zone + 1))) return false;
    address = address.slice(0, zone);
  }
  // A trailing dotted IPv4 address stands for the last two groups.
  const lastColon = address.lastIndexOf(":");
  if (lastColon === -1) return false;
  const last = address.slice(lastColon + 1);
  if (last.includes(".")) {
    if (!IPV4.test(last)) return false;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (!groups.every((group) => GROUP.test(group))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

# What a vnode's root can do to its network, for the anti-spoofing tests. Run
# inside the attacking vnode with the host's python3 (bound in read-only).
#   udp OWN_IP SPOOF_IP DST PORT       hello (own), spoof (forged source IP), done (own)
#   raw DEV SRC_MAC DST_MAC OWN_IP DST PORT
#                                      a frame with a forged source MAC, then done (own)
import socket
import struct
import sys


def udp(src, dst, port, msg):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.sendto(msg.encode(), (dst, port))
    s.close()


def checksum(b):
    total = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def raw(dev, src_mac, dst_mac, src_ip, dst_ip, port, msg):
    payload = msg.encode()
    udp_hdr = struct.pack('!HHHH', 40000, port, 8 + len(payload), 0)
    ip_hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + 8 + len(payload), 1, 0, 64, 17, 0,
                         socket.inet_aton(src_ip), socket.inet_aton(dst_ip))
    ip_hdr = ip_hdr[:10] + struct.pack('!H', checksum(ip_hdr)) + ip_hdr[12:]
    mac = lambda m: bytes.fromhex(m.replace(':', ''))
    frame = mac(dst_mac) + mac(src_mac) + b'\x08\x00' + ip_hdr + udp_hdr + payload
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    s.send(frame)
    s.close()


mode = sys.argv[1]
if mode == 'udp':
    own, spoof, dst, port = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    udp(own, dst, port, 'hello')
    udp(spoof, dst, port, 'spoof')
    udp(own, dst, port, 'done')
elif mode == 'raw':
    dev, src_mac, dst_mac, own, dst, port = sys.argv[2:8]
    udp(own, dst, int(port), 'hello')
    raw(dev, src_mac, dst_mac, own, dst, int(port), 'macspoof')
    udp(own, dst, int(port), 'done')
else:
    sys.exit('usage: attack.py udp|raw ...')

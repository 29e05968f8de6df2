#!/usr/bin/env python3
"""Sends netlink messages (hex arguments) on a NETLINK_XFRM socket, one at a time, and prints one line per message:
the kernel's answer as 'ack ERRNO MESSAGE' (ERRNO 0 on success, extended-ack text if any) or 'reply TYPE' for data.
Test tool for XfrmKernelLabTests: run inside a throwaway network namespace, never on the host's own XFRM tables."""
import socket
import struct
import sys

NETLINK_XFRM = 6
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLMSG_ERROR = 2
NLMSGERR_ATTR_MSG = 1

sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
sock.settimeout(5)
sock.bind((0, 0))
for text in sys.argv[1:]:
    message = bytes.fromhex(text)
    sock.send(message)
    data = sock.recv(65536)
    length, kind, flags, seq, pid = struct.unpack_from("=IHHII", data, 0)
    if kind != NLMSG_ERROR:
        print(f"reply {kind}")
        continue
    (error,) = struct.unpack_from("=i", data, 16)
    # The request header follows; with NLM_F_CAPPED (0x100) only its header, else all of it; then TLVs.
    offset = 20 + (16 if flags & 0x100 else struct.unpack_from("=I", data, 20)[0])
    note = ""
    while offset + 4 <= length:
        attr_len, attr_type = struct.unpack_from("=HH", data, offset)
        if attr_len < 4:
            break
        if attr_type == NLMSGERR_ATTR_MSG:
            note = data[offset + 4:offset + attr_len].rstrip(b"\0").decode(errors="replace")
        offset += (attr_len + 3) & ~3
    print(f"ack {error} {note}".rstrip())

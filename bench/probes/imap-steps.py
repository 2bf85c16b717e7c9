#!/usr/bin/env python3
"""Times single IMAP commands against a running server over a raw socket (loopback only), for A/B runs of two jars.

usage: imap-steps.py PORT USER PASSWORD fill N      APPEND N messages of 4 KB to INBOX (LITERAL+)
       imap-steps.py PORT USER PASSWORD bodies      7 passes of 1,000 `UID FETCH n (BODY.PEEK[])`; median of passes 2-7
       imap-steps.py PORT USER PASSWORD store-fetch R   R rounds of `UID STORE 1:* +/-FLAGS (\\Seen)`, then the envelope
                                                    FETCH of every message twice (right after the STORE, and again)
Prints medians in ms. Every read has a 60 s time-out; the loops are bounded by their counts.
"""
import socket
import statistics
import sys
import time

ENVELOPE = 'UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)'


def command(sock, reader, tag, line):
    start = time.perf_counter()
    sock.sendall((tag + ' ' + line + '\r\n').encode())
    while True:
        got = reader.readline()
        if not got:
            raise SystemExit('connection closed during ' + line)
        if got.startswith((tag + ' ').encode()):
            if not got.startswith((tag + ' OK').encode()):
                raise SystemExit('%s: %r' % (line, got))
            return (time.perf_counter() - start) * 1000


def main():
    port, user, password, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    sock = socket.create_connection(('127.0.0.1', port), timeout=60)
    reader = sock.makefile('rb')
    reader.readline()
    command(sock, reader, 'l', 'LOGIN %s %s' % (user, password))
    if mode == 'fill':
        text = 'Subject: probe %d\r\nFrom: a@b.test\r\nTo: ' + user + '\r\nMessage-ID: <%d@b.test>\r\n\r\n' \
            + 'zebra line of text here\r\n' * 160
        for i in range(int(sys.argv[5])):
            raw = (text % (i, i)).encode()
            sock.sendall(b'x APPEND INBOX {%d+}\r\n' % len(raw) + raw + b'\r\n')
            while not reader.readline().startswith(b'x '):
                pass
        return
    command(sock, reader, 's', 'SELECT INBOX')
    if mode == 'bodies':
        passes = []
        for p in range(7):
            start = time.perf_counter()
            for b in range(1000):
                command(sock, reader, 'b', 'UID FETCH %d (BODY.PEEK[])' % ((b + p * 1000) * 7 % 5000 + 1))
            passes.append((time.perf_counter() - start) * 1000)
        print('bodies_per_1000_ms %.1f' % statistics.median(passes[1:]), ' '.join('%.0f' % x for x in passes))
    elif mode == 'store-fetch':
        store, after, again = [], [], []
        for r in range(int(sys.argv[5])):
            store.append(command(sock, reader, 's%d' % r, 'UID STORE 1:* %sFLAGS (\\Seen)' % '+-'[r % 2]))
            after.append(command(sock, reader, 'e%d' % r, ENVELOPE))
            again.append(command(sock, reader, 'f%d' % r, ENVELOPE))
        print('store_ms %.1f envelopes_after_store_ms %.1f envelopes_again_ms %.1f'
              % (statistics.median(store), statistics.median(after), statistics.median(again)))


main()

#!/usr/bin/env python3
"""Load shapes wrk cannot make, for scripts/bench (standard library only).

  loadgen.py idle PORT COUNT PROBES    hold COUNT idle keep-alive connections (from four client
                                       addresses), then time PROBES
                                       GET /health on a fresh connection each; print the figures
  loadgen.py burst URL COUNT           send COUNT requests at once (one connection each) and print
                                       how many were answered, by status, with p50/p99/max
  loadgen.py hold PORT PATH IDLE HALF  hold IDLE idle keep-alive connections and HALF POSTs to PATH
                                       declaring a 1 MiB body of which 512 KiB is sent (from ten
                                       client addresses), print one "ready" line, and keep them
                                       until the process is killed
"""
import resource, socket, sys, threading, time
from urllib.parse import urlparse

def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

def request(host, port, path, timeout=120):
    s = socket.create_connection((host, port), timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 else 0

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")

def open_idle(port, count, addresses):
    """COUNT keep-alive connections that each sent one GET /health, read its answer and went idle,
    spread over ADDRESSES client addresses from 127.0.0.2 (the server caps connections per client)."""
    held = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{2 + i % addresses}", 0))
        s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        held.append(s)
    for s in held:
        s.settimeout(30)
        s.recv(4096)  # the answer (a server that never accepts fails here, loudly)
    return held

def idle(port, count, probes):
    raise_fd_limit()
    held = open_idle(port, count, 4)
    times = []
    for _ in range(probes):
        start = time.perf_counter()
        status = request("127.0.0.1", port, "/health", timeout=10)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    print(f"{count} idle connections held; /health p50 {pct(times, .5):.2f} ms, p99 {pct(times, .99):.2f} ms, "
          f"max {max(times):.2f} ms over {probes} probes (target < 10 ms)")
    for s in held:
        s.close()

def hold(port, path, idle_count, half_count):
    raise_fd_limit()
    held = open_idle(port, idle_count, 10)
    half = b" " * (512 * 1024)
    for i in range(half_count):
        s = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.0.{20 + i % 10}", 0))
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {1024 * 1024}\r\n\r\n".encode())
        s.setblocking(False)
        try:
            s.send(half)  # as much of the half as the socket takes now; the rest never comes
        except OSError:
            pass  # refused on its head and closed: the attack goes on with the others
        held.append(s)
    time.sleep(1)
    print(f"ready: {idle_count} idle connections and {half_count} half-sent 1 MiB bodies open", flush=True)
    while True:  # until the bench kills it (the kernel closes every socket)
        time.sleep(3600)

def burst(url, count):
    raise_fd_limit()
    parsed = urlparse(url)
    path = parsed.path + ("?" + parsed.query if parsed.query else "")
    results = [None] * count
    barrier = threading.Barrier(count)
    def one(i):
        barrier.wait()
        start = time.perf_counter()
        try:
            status = request(parsed.hostname, parsed.port, path)
        except Exception:
            status = 0
        results[i] = (status, time.perf_counter() - start)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    by_status = {}
    for status, _ in results:
        by_status[status] = by_status.get(status, 0) + 1
    times = [t for _, t in results]
    print(f"{count} concurrent calls: {by_status.get(200, 0)} answered 200 (by status {by_status}); "
          f"p50 {pct(times, .5):.2f} s, p99 {pct(times, .99):.2f} s, max {max(times):.2f} s (target p99 <= 2 s, all answered)")

if __name__ == "__main__":
    if sys.argv[1] == "idle":
        idle(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "hold":
        hold(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        burst(sys.argv[2], int(sys.argv[3]))

#!/usr/bin/env python3
"""Benchmarks/write-probe.py WS PORT N: memory of a server under writes only. Starts
entente-server (BIN, default .build/release/entente-server) on workspace WS, signs in, adds
N activities through the form one after the other, prints VmRSS (MiB) every 500."""
import http.client, os, re, subprocess, sys, time, urllib.parse
ws, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
binp = os.environ.get("BIN", ".build/release/entente-server")
subprocess.run([binp, "--workspace", ws, "user", "add", "wprobe", "--role", "admin", "--password-stdin"], input=b"wprobe-password-16-long\n", capture_output=True)
srv = subprocess.Popen([binp, "--workspace", ws, "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(3)
c = http.client.HTTPConnection("127.0.0.1", port)
cookies = {}
def req(method, path, body=None):
    h = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None: h["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse(); data = r.read().decode()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, val = v.split(";")[0].split("=", 1); cookies[name] = val
    return r.status, data
_, page = req("GET", "/login")
csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
st, _ = req("POST", "/login", urllib.parse.urlencode({"login": "wprobe", "password": "wprobe-password-16-long", "_csrf": csrf}))
_, page = req("GET", "/agreements/quebec-pole-emploi-2022/activities")
csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
def rss():
    for l in open(f"/proc/{srv.pid}/status"):
        if l.startswith("VmRSS"): return int(l.split()[1]) // 1024
out = [rss()]
for i in range(n):
    st, _ = req("POST", "/agreements/quebec-pole-emploi-2022/activities", urllib.parse.urlencode({"title": f"Probe {i}", "start": "2025-03-10", "status": "done", "_csrf": csrf}))
    assert st == 303, st
    if (i + 1) % 500 == 0: out.append(rss())
print("writes", n, "RSS MiB every 500:", out)
srv.terminate()

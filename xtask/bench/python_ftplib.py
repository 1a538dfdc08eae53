"""The same decode+classify work with Python's standard library, for `cargo xtask bench`: ftplib.parse227 /
parse229 and ipaddress. PORT and EPRT are not parsed by ftplib (a client sends them), so they are read
with ftplib's 227 regex and a split, the least a Python tool would do. Prints PYTHON_SECONDS (median of 5)."""
import ftplib, ipaddress, statistics, sys, time

PEER = ("203.0.113.9", 21)

def work(lines):
    ok = 0
    for line in lines:
        try:
            if line.startswith("227"):
                host, _port = ftplib.parse227(line)
            elif line.startswith("229"):
                host, _port = ftplib.parse229(line, PEER)
            elif line.startswith("PORT "):
                host, _port = ftplib.parse227("227 " + line[5:])
            elif line.startswith("EPRT "):
                arg = line[5:]
                parts = arg.split(arg[0])
                host, _port = parts[2], int(parts[3])
            else:
                continue
            ipaddress.ip_address(host)
            ok += 1
        except (ftplib.Error, ValueError, IndexError):
            pass
    return ok

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
times = []
for _ in range(5):
    start = time.perf_counter()
    ok = work(lines)
    times.append(time.perf_counter() - start)
t = statistics.median(times)
print(f"python ftplib+ipaddress: {len(lines)} lines ({ok} parsed) in {t:.3f} s (median of 5): {len(lines)/t:.0f} lines/s")
print(f"PYTHON_SECONDS {t:.6f}")

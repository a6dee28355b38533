"""Runs one command and reports its wall time and peak memory, the same way for every tool.

Usage: /usr/bin/python3 bench/measure.py STDOUT_FILE -- command args...
Prints one JSON line: {"wall": seconds, "maxrss_kb": peak resident set of the child (and the
threads it ran; os.wait4's ru_maxrss), "exit": code}. The child's stdout goes to STDOUT_FILE.
"""
import json
import os
import subprocess
import sys
import time


def main():
    out_path = sys.argv[1]
    assert sys.argv[2] == "--"
    cmd = sys.argv[3:]
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "maxrss_kb": usage.ru_maxrss, "exit": os.waitstatus_to_exitcode(status)}))


if __name__ == "__main__":
    main()

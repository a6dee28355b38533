#!/usr/bin/python3
"""Regenerates every committed scipy reference fixture (test/fixtures/scipy/*.json).

Needs Debian's python3-scipy and python3-pandas (`apt-get install python3-scipy python3-pandas`),
run with /usr/bin/python3. Tests read the committed JSON, so `npm test` needs no Python.
"""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
for script in sorted(glob.glob(os.path.join(here, 'gen_*.py'))):
    print('running', os.path.basename(script), flush=True)
    subprocess.run([sys.executable, script], check=True)

#!/usr/bin/env bash
# Makes sure Debian's `prometheus` package is installed (/usr/bin/prometheus), for the tests of the
# health view's server mode. Tests start their own instance on 127.0.0.1 (start-prometheus.js) and
# never use the packaged service, so if the init system started it, it is stopped and disabled here:
# it would listen on 0.0.0.0:9090.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if [ ! -x /usr/bin/prometheus ]; then
  # --no-install-recommends: the recommended node exporter would be one more service listening on 0.0.0.0.
  $SUDO apt-get install -y --no-install-recommends prometheus \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends prometheus; }
fi

if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  $SUDO systemctl stop prometheus || true
  $SUDO systemctl disable prometheus || true
elif command -v service >/dev/null 2>&1 && service prometheus status >/dev/null 2>&1; then
  $SUDO service prometheus stop || true
fi

/usr/bin/prometheus --version 2>&1 | head -n 1

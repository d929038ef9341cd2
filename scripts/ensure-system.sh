#!/usr/bin/env bash
# Installs the system packages the test suite needs (PostgreSQL 15, Chromium, Redis) when they are missing.
# Runs as npm's `pretest`. As root it uses apt-get; otherwise it prints the one command to run.
set -euo pipefail

need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15 postgresql-contrib)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
# Redis for the multi-node seams and bench/geo; PostGIS for bench/geo's PostgreSQL KNN (cube/earthdistance otherwise).
[ -x /usr/bin/redis-server ] || need+=(redis-server)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these system packages: ${need[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi

echo "Installing system packages for the tests: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# fonts-vazirmatn may not exist in every Debian release; install it only if apt knows it.
pkgs=()
for p in "${need[@]}"; do
  if apt-cache show "$p" >/dev/null 2>&1; then pkgs+=("$p"); else echo "  (skipping $p: not in this Debian release)"; fi
done
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
echo "Installed: ${pkgs[*]}"

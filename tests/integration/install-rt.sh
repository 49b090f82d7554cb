#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian packages listed in rt-packages.txt so that rt-server.sh can run a
# throwaway Request Tracker 5 on loopback. Non-interactive and idempotent: does nothing
# when every package is already installed. Makes sure no system RT, Apache or exim
# daemon is left running or enabled, and that RT's cron jobs are not installed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
packages_file="$here/rt-packages.txt"

log ()
{
  printf 'install-rt: %s\n' "$*" >&2
}

die ()
{
  log "error: $*"
  exit 1
}

mapfile -t packages < <(grep -v -E '^[[:space:]]*(#|$)' "$packages_file")
((${#packages[@]} > 0)) || die "no packages listed in $packages_file"

missing_packages ()
{
  local p
  for p in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
      printf '%s\n' "$p"
    fi
  done
}

# Stops and disables a system service, if the package that ships it is installed.
quiet_service ()
{
  local svc=$1
  if [[ ! -e "/etc/init.d/$svc" && ! -e "/lib/systemd/system/$svc.service" ]]; then
    return 0
  fi
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    if systemctl is-active --quiet "$svc" 2>/dev/null; then
      log "stopping system service $svc"
      systemctl stop "$svc" || log "warning: systemctl stop $svc failed"
    fi
  elif [[ -x "/etc/init.d/$svc" ]] && "/etc/init.d/$svc" status >/dev/null 2>&1; then
    log "stopping system service $svc"
    "/etc/init.d/$svc" stop >/dev/null 2>&1 || log "warning: /etc/init.d/$svc stop failed"
  fi
  if compgen -G "/etc/rc[2-5].d/S[0-9][0-9]$svc" >/dev/null && command -v update-rc.d >/dev/null; then
    log "disabling the init script of $svc"
    update-rc.d "$svc" disable >/dev/null 2>&1 || log "warning: update-rc.d $svc disable failed"
  fi
  if command -v systemctl >/dev/null && [[ -e "/lib/systemd/system/$svc.service" ]] \
     && systemctl is-enabled --quiet "$svc" 2>/dev/null; then
    log "disabling the systemd unit $svc"
    systemctl disable "$svc" >/dev/null 2>&1 || log "warning: systemctl disable $svc failed"
  fi
}

ensure_no_daemons ()
{
  local svc
  for svc in apache2 exim4 request-tracker5 rt5-fcgi; do
    quiet_service "$svc"
  done
  if [[ -e /etc/cron.d/request-tracker5 ]] && grep -q -E '^[^#[:space:]]' /etc/cron.d/request-tracker5; then
    die "/etc/cron.d/request-tracker5 has active cron jobs; the install-cronjobs preseed did not take"
  fi
  # A system RT database under /var/lib/dbconfig-common would mean dbconfig ran.
  if [[ -e /var/lib/dbconfig-common/sqlite3/request-tracker5 ]]; then
    log "warning: a system RT database exists in /var/lib/dbconfig-common/sqlite3 (not used by the tests)"
  fi
}

# Preseeds one boolean question of request-tracker5. Returns non-zero when neither way works.
preseed_one ()
{
  local question=$1 template=$2 value=$3
  local reply
  if printf 'request-tracker5 %s boolean %s\n' "$question" "$value" \
       | debconf-set-selections 2>/dev/null; then
    return 0
  fi
  # After an install and purge the question can be gone while debconf still remembers the
  # template owner; debconf-set-selections then fails with "Cannot find a question".
  # Registering the question against its template again makes it settable. Every reply line
  # of debconf-communicate starts with its status code, 0 meaning success.
  log "debconf-set-selections failed for $question; registering it with debconf-communicate"
  reply=$(printf 'REGISTER %s %s\nSET %s %s\nFSET %s seen true\n' \
                 "$template" "$question" "$question" "$value" "$question" \
            | debconf-communicate request-tracker5 2>&1) || true
  if grep -q -v -E '^0( |$)' <<<"$reply"; then
    log "debconf-communicate: $(tr '\n' ' ' <<<"$reply")"
    return 1
  fi
}

run_apt ()
{
  apt-get -o DPkg::Lock::Timeout=600 "$@"
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]} == 0)); then
  log "all packages already installed: ${packages[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    ensure_no_daemons
  fi
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    exec sudo -n -- "$0" "$@"
  fi
  die "must run as root to install: ${missing[*]}"
fi

export DEBIAN_FRONTEND=noninteractive
export DEBCONF_NONINTERACTIVE_SEEN=true

# Do not let package scripts start daemons (apache2, exim4) while installing. If the machine
# already has a policy-rc.d (Docker images do), leave it alone.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# Temporary, written by Rapport install-rt.sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  own_policy=1
fi
cleanup ()
{
  if ((own_policy)); then
    rm -f "$policy"
  fi
}
trap cleanup EXIT

# dbconfig-install false: no system database is made. install-cronjobs false: no cron jobs
# (the template has no default, so an unset answer also means none; ensure_no_daemons checks).
preseed_one request-tracker5/dbconfig-install dbconfig-common/dbconfig-install false \
  || die "could not preseed request-tracker5/dbconfig-install"
preseed_one request-tracker5/install-cronjobs request-tracker5/install-cronjobs false \
  || log "warning: could not preseed request-tracker5/install-cronjobs"

log "installing: ${missing[*]}"
start=$SECONDS
if ! run_apt install -y --no-install-recommends "${packages[@]}"; then
  log "install failed; refreshing the package lists and retrying"
  run_apt update
  run_apt install -y --no-install-recommends "${packages[@]}"
fi
log "installed in $((SECONDS - start)) s"

mapfile -t still_missing < <(missing_packages)
((${#still_missing[@]} == 0)) || die "still not installed: ${still_missing[*]}"

ensure_no_daemons
log "done"

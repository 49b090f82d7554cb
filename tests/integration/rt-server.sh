#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A throwaway Request Tracker 5 for Rapport's integration tests, on 127.0.0.1 only.
#
#   rt-server.sh check           exit 0 when RT can run here; otherwise name the missing
#                                Debian packages and exit 77 (meson's "skip" code)
#   rt-server.sh start WORKDIR   create (or reuse) an RT in WORKDIR, start it, print its URL
#   rt-server.sh stop WORKDIR    stop it; leaves no process behind
#
# Everything lives in WORKDIR: the site config, the SQLite database, Mason caches, logs
# (rt.log, server.log), outgoing mail (mail.log), and the secrets, each in a file of mode
# 0600 that is never printed: token-root, token-sam, token-lee, token-supervisor (API
# tokens) and password-root, password-sam, password-lee, password-supervisor (for HTTP
# basic auth). WORKDIR/url holds the base URL and WORKDIR/server.pid the server's PID,
# which is also its process group.
#
# RT_SERVER_EXTRA_AGENT_RIGHTS (space-separated RT right names, read when WORKDIR is first
# initialised) adds global rights for the Privileged group, e.g. ShowOutgoingEmail: without
# it agents do not see EmailRecord transactions, and collections that contain them come back
# with "total": null, "pages": null, short pages and no next_page.
# RT_SERVER_READY_TIMEOUT (default 60) and RT_SERVER_STOP_TIMEOUT (default 15) are seconds.
#
# A second `start` on a WORKDIR whose server was stopped reuses the database and, when it
# is still free, the same port, so a test can take the server away and bring it back.
# Nothing under /etc is read or written: RT_SITE_CONFIG and RT_SITE_CONFIG_DIR point RT at
# WORKDIR.
set -euo pipefail

readonly RT_LIB=/usr/share/request-tracker5/lib
readonly RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
readonly RT_SETUP_DATABASE=/usr/sbin/rt-setup-database-5
readonly READY_TIMEOUT=${RT_SERVER_READY_TIMEOUT:-60}
readonly STOP_TIMEOUT=${RT_SERVER_STOP_TIMEOUT:-15}
readonly SKIP_EXIT=77

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly here

log ()
{
  printf 'rt-server: %s\n' "$*" >&2
}

die ()
{
  log "error: $*"
  exit 1
}

usage ()
{
  printf 'usage: %s check | start WORKDIR | stop WORKDIR\n' "$(basename "$0")" >&2
  exit 2
}

# ---- check -----------------------------------------------------------------------------

required_packages ()
{
  grep -v -E '^[[:space:]]*(#|$)' "$here/rt-packages.txt"
}

missing_packages ()
{
  local p
  while read -r p; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
      printf '%s\n' "$p"
    fi
  done < <(required_packages)
}

# Prints nothing and returns 0 when RT can run; otherwise prints why and returns 1.
rt_problems ()
{
  local -a missing=()
  local status=0

  if ! command -v dpkg-query >/dev/null; then
    printf 'dpkg-query not found: this script needs Debian 12 packages (%s)\n' \
           "$(required_packages | tr '\n' ' ')"
    return 1
  fi
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} > 0)); then
    printf 'Request Tracker 5 is not installed; missing Debian packages: %s\n' "${missing[*]}"
    printf 'Install them with: sudo %s/install-rt.sh\n' "$here"
    return 1
  fi
  local f
  for f in "$RT_SERVER" "$RT_SETUP_DATABASE" "$RT_LIB/RT.pm"; do
    if [[ ! -e "$f" ]]; then
      printf '%s is missing although its package is installed\n' "$f"
      status=1
    fi
  done
  if ((status == 0)) \
     && ! perl -I"$RT_LIB" -MDBD::SQLite -MPlack::Handler::Starlet -MHTTP::Tiny -e 1 2>/dev/null; then
    printf 'Perl modules DBD::SQLite, Plack::Handler::Starlet or HTTP::Tiny cannot be loaded (packages rt5-db-sqlite, rt5-standalone)\n'
    status=1
  fi
  return "$status"
}

cmd_check ()
{
  local problems
  if ! problems=$(rt_problems); then
    printf 'rt-server: %s\n' "$problems" | sed '2,$s/^/rt-server: /' >&2
    exit "$SKIP_EXIT"
  fi
  printf 'rt-server: Request Tracker %s is installed\n' \
         "$(dpkg-query -W -f='${Version}' request-tracker5)"
}

# ---- helpers ---------------------------------------------------------------------------

# Single-quoted Perl string literal.
perl_quote ()
{
  local s=${1//\\/\\\\}
  s=${s//\'/\\\'}
  printf "'%s'" "$s"
}

# A free TCP port on 127.0.0.1: bind port 0 and read what the kernel chose.
free_port ()
{
  perl -MIO::Socket::INET -e '
    my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0,
                                  Proto => "tcp", Listen => 1, ReuseAddr => 1)
      or die "cannot bind 127.0.0.1:0: $!\n";
    print $s->sockport, "\n";'
}

# Whether nothing listens on 127.0.0.1:$1 and it can be bound.
port_is_free ()
{
  perl -MIO::Socket::INET -e '
    IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
                          Proto => "tcp", Listen => 1, ReuseAddr => 1) or exit 1;' "$1"
}

# A random secret in a new file of mode 0600.
make_secret ()
{
  local path=$1
  ( umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$path" )
}

# PIDs of the live (not zombie) processes in process group $1, one per line.
group_members ()
{
  ps -e -o pid=,pgid=,stat= | awk -v g="$1" '$2 == g && $3 !~ /^Z/ { print $1 }'
}

# Whether any live process is left in process group $1.
group_alive ()
{
  [[ -n "$(group_members "$1")" ]]
}

# Whether PID $1 is running (a zombie is not).
process_alive ()
{
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n "$stat" && "$stat" != Z* ]]
}

# Whether process group $1 is an rt-server (master or workers), so that a recycled PID in
# server.pid is never signalled.
group_is_rt_server ()
{
  local member cmdline
  while read -r member; do
    cmdline=$(tr '\0' ' ' <"/proc/$member/cmdline" 2>/dev/null) || continue
    if [[ "$cmdline" == *"$RT_SERVER"* ]]; then
      return 0
    fi
  done < <(group_members "$1")
  return 1
}

write_site_config ()
{
  local workdir=$1 port=$2
  local q
  q=$(perl_quote "$workdir")
  cat >"$workdir/RT_SiteConfig.pm.new" <<EOF
# Written by rt-server.sh for Rapport's integration tests. Regenerated on every start.
Set(\$rtname, 'rapport.test');
Set(\$Organization, 'rapport.test');
Set(\$CorrespondAddress, 'support@helpdesk.example');
Set(\$CommentAddress, 'support-comment@helpdesk.example');
Set(\$OwnerEmail, 'root@helpdesk.example');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $port);
Set(\$WebPath, '');
Set(\$WebBaseURL, 'http://127.0.0.1:$port');
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, $q . '/rt.db');
Set(\$MasonDataDir, $q . '/mason-data');
Set(\$MasonSessionDir, $q . '/mason-sessions');
Set(\$Timezone, 'UTC');
Set(\$BcryptCost, 4);
Set(\$MailCommand, 'sendmailpipe');
Set(\$SendmailPath, $q . '/sendmail');
Set(\$SendmailArguments, '-oi');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'error');
Set(\$LogDir, $q);
Set(\$LogToFileNamed, 'rt.log');
Set(\$LogToFile, 'info');
Set(\$HTMLFormatter, 'core');
1;
EOF
  mv -f "$workdir/RT_SiteConfig.pm.new" "$workdir/RT_SiteConfig.pm"
}

write_sendmail ()
{
  local workdir=$1
  cat >"$workdir/sendmail" <<'EOF'
#!/bin/sh
# Written by rt-server.sh: RT's $SendmailPath. Appends each message, mbox-style, to
# mail.log next to this script instead of sending it.
set -eu
dir=$(dirname "$0")
exec 9>>"$dir/mail.log"
flock 9
{
  printf 'From rt-server %s\n' "$(date -u '+%a %b %e %H:%M:%S %Y')"
  printf 'X-Rapport-Sendmail-Args: %s\n' "$*"
  cat
  printf '\n'
} >&9
EOF
  chmod 0755 "$workdir/sendmail"
}

# Creates the queue, users, group, rights, custom field and tokens. Secrets go through
# files only: passwords are read from WORKDIR/password-*, tokens written to WORKDIR/token-*.
seed_database ()
{
  local workdir=$1
  perl -I"$RT_LIB" - "$workdir" <<'PERL'
use strict;
use warnings;
use Fcntl qw(O_WRONLY O_CREAT O_EXCL);
use RT;

RT::LoadConfig ();
RT::Init ();

my $workdir = shift @ARGV;
my $system = RT->SystemUser;

sub ensure
{
  my ($what, $ok, $msg) = @_;
  die "rt-server seed: $what: " . ($msg // 'failed') . "\n" unless $ok;
}

sub read_secret
{
  my ($name) = @_;
  open my $fh, '<', "$workdir/$name" or die "rt-server seed: $workdir/$name: $!\n";
  my $value = do { local $/; <$fh> };
  close $fh;
  $value =~ s/\s+\z//;
  die "rt-server seed: $workdir/$name is empty\n" unless length $value;
  return $value;
}

sub write_secret
{
  my ($name, $value) = @_;
  my $path = "$workdir/$name";
  sysopen (my $fh, $path, O_WRONLY | O_CREAT | O_EXCL, 0600)
    or die "rt-server seed: cannot create $path: $!\n";
  print {$fh} $value, "\n" or die "rt-server seed: $path: $!\n";
  close $fh or die "rt-server seed: $path: $!\n";
}

# Queue.
my $queue = RT::Queue->new ($system);
ensure ("queue Support", $queue->Create (
  Name              => 'Support',
  Description       => 'Customer support',
  CorrespondAddress => 'support@helpdesk.example',
  CommentAddress    => 'support-comment@helpdesk.example',
));

# Root: UTC so TicketSQL date values mean UTC for it too.
my $root = RT::User->new ($system);
$root->Load ('root');
ensure ('load root', $root->id, 'no root user');
ensure ('root timezone', $root->SetTimezone ('UTC'));
ensure ('root address', $root->SetEmailAddress ('root@helpdesk.example'));
ensure ('root name', $root->SetRealName ('Rapport Admin'));

# Agents and a supervisor.
my @people = (
  [ 'sam',        'sam.agent',      'Sam Rivera',   'sam.agent@helpdesk.example' ],
  [ 'lee',        'lee.agent',      'Lee Fontaine', 'lee.agent@helpdesk.example' ],
  [ 'supervisor', 'rio.supervisor', 'Rio Okafor',   'rio.supervisor@helpdesk.example' ],
);
my %user;
for my $p (@people) {
  my ($key, $name, $real, $email) = @$p;
  my $u = RT::User->new ($system);
  ensure ("user $name", $u->Create (
    Name         => $name,
    RealName     => $real,
    EmailAddress => $email,
    Privileged   => 1,
    Timezone     => 'UTC',
    Password     => read_secret ("password-$key"),
  ));
  $user{$key} = $u;
}

# Supervisors group.
my $supervisors = RT::Group->new ($system);
ensure ('group Supervisors', $supervisors->CreateUserDefinedGroup (
  Name        => 'Supervisors',
  Description => 'May approve refunds and credits over an agent\'s limit',
));
ensure ('Supervisors member',
        $supervisors->AddMember ($user{supervisor}->PrincipalId));

# Global rights.
my %rights = (
  Privileged => [ qw(SeeQueue ShowTicket CreateTicket ReplyToTicket CommentOnTicket
                     ShowTicketComments OwnTicket TakeTicket StealTicket ModifyTicket
                     SeeCustomField ModifyCustomField SeeGroup AdminUsers
                     ShowUserHistory),
                  split (' ', $ENV{RT_SERVER_EXTRA_AGENT_RIGHTS} // '') ],
  Everyone   => [ qw(CreateTicket) ],
);
for my $group_name (sort keys %rights) {
  my $g = RT::Group->new ($system);
  $g->LoadSystemInternalGroup ($group_name);
  ensure ("load group $group_name", $g->id);
  for my $right (@{ $rights{$group_name} }) {
    ensure ("grant $right to $group_name",
            $g->PrincipalObj->GrantRight (Right => $right, Object => $RT::System));
  }
}
my $requestor = RT::Group->new ($system);
$requestor->LoadRoleGroup (Object => $RT::System, Name => 'Requestor');
ensure ('load Requestor role group', $requestor->id);
for my $right (qw(ShowTicket ReplyToTicket)) {
  ensure ("grant $right to Requestor",
          $requestor->PrincipalObj->GrantRight (Right => $right, Object => $RT::System));
}

# Ticket custom field Channel, applied to Support.
my $cf = RT::CustomField->new ($system);
ensure ('custom field Channel', $cf->Create (
  Name        => 'Channel',
  Type        => 'Select',
  MaxValues   => 1,
  LookupType  => RT::Ticket->CustomFieldLookupType,
  Description => 'Where the customer contacted us',
));
my $order = 0;
for my $value (qw(email chat phone social web)) {
  ensure ("Channel value $value", $cf->AddValue (Name => $value, SortOrder => $order++));
}
ensure ('apply Channel to Support', $cf->AddToObject ($queue));

# API tokens, created as root (a superuser may create them for anyone).
my $as_root = RT::CurrentUser->new ($root);
for my $t ([ 'root', $root ], map { [ $_, $user{$_} ] } qw(sam lee supervisor)) {
  my ($key, $owner) = @$t;
  my ($id, $msg, $authstring) = RT::AuthToken->new ($as_root)->Create (
    Owner       => $owner->id,
    Description => 'Rapport integration tests',
  );
  ensure ("token for " . $owner->Name, $id && $authstring, $msg);
  write_secret ("token-$key", $authstring);
}
PERL
}

# Initialises the database and seed data once per WORKDIR.
init_workdir ()
{
  local workdir=$1
  local name
  rm -f "$workdir"/rt.db "$workdir"/rt.db-* "$workdir"/token-* "$workdir"/password-*
  for name in root sam lee supervisor; do
    make_secret "$workdir/password-$name"
  done
  log "initialising the database"
  if ! "$RT_SETUP_DATABASE" --action init --skip-create \
         --root-password-file "$workdir/password-root" >"$workdir/setup.log" 2>&1; then
    tail -n 20 "$workdir/setup.log" >&2
    die "rt-setup-database-5 failed; see $workdir/setup.log"
  fi
  log "creating queue, users, rights, custom field and tokens"
  seed_database "$workdir"
  touch "$workdir/.initialised"
}

# Asks GET /REST/2.0/rt with the root token (read from its file, never on a command line).
# Returns 0 on 200.
probe ()
{
  local url=$1 token_file=$2
  perl -MHTTP::Tiny -e '
    my ($url, $token_file) = @ARGV;
    open my $fh, "<", $token_file or exit 2;
    my $token = <$fh>;
    close $fh;
    chomp $token;
    my $r = HTTP::Tiny->new (timeout => 5, agent => "rapport-rt-server/1")
      ->get ("$url/REST/2.0/rt", { headers => { Authorization => "token $token" } });
    exit ($r->{status} == 200 ? 0 : 1);' "$url" "$token_file"
}

# Sends TERM to the process group, waits, then KILL. Returns when the group is gone.
stop_group ()
{
  local pgid=$1 waited=0
  group_alive "$pgid" || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  while group_alive "$pgid" && ((waited < STOP_TIMEOUT * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if group_alive "$pgid"; then
    log "process group $pgid still running after ${STOP_TIMEOUT} s; sending KILL"
    kill -KILL -- "-$pgid" 2>/dev/null || true
    waited=0
    while group_alive "$pgid" && ((waited < 50)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if group_alive "$pgid"; then
      die "process group $pgid survived KILL"
    fi
  fi
  # Give init a moment to reap the exited processes, so that none shows up as a zombie.
  waited=0
  while ps -e -o pgid= | awk -v g="$pgid" '$1 == g { found = 1 } END { exit !found }' \
        && ((waited < 20)); do
    sleep 0.1
    waited=$((waited + 1))
  done
}

# ---- start -----------------------------------------------------------------------------

cmd_start ()
{
  local workdir=$1
  local problems started=$SECONDS

  if ! problems=$(rt_problems); then
    printf 'rt-server: %s\n' "$problems" | sed '2,$s/^/rt-server: /' >&2
    exit "$SKIP_EXIT"
  fi

  mkdir -p "$workdir"
  workdir=$(cd "$workdir" && pwd -P)
  chmod 0700 "$workdir"

  if [[ -s "$workdir/server.pid" ]]; then
    local old_pid
    old_pid=$(<"$workdir/server.pid")
    if [[ "$old_pid" =~ ^[0-9]+$ ]] && group_alive "$old_pid"; then
      die "a server is already running for $workdir (PID $old_pid); stop it first"
    fi
    rm -f "$workdir/server.pid"
  fi

  mkdir -p "$workdir/site-config.d" "$workdir/mason-data" "$workdir/mason-sessions"
  if [[ -n "$(ls -A "$workdir/site-config.d")" ]]; then
    die "$workdir/site-config.d must be empty (it replaces RT_SiteConfig.d)"
  fi
  export RT_SITE_CONFIG="$workdir/RT_SiteConfig.pm"
  export RT_SITE_CONFIG_DIR="$workdir/site-config.d"
  write_sendmail "$workdir"

  # Reuse the previous port when it is still free, so a restarted server keeps its URL.
  local port=""
  if [[ -s "$workdir/port" ]] && port_is_free "$(<"$workdir/port")"; then
    port=$(<"$workdir/port")
  fi

  # If start fails or is interrupted after launching the server, stop what it launched.
  starting_pid=""
  trap 'if [[ -n "$starting_pid" ]]; then stop_group "$starting_pid"; rm -f "$workdir/server.pid"; fi' EXIT
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local attempt pid url
  for attempt in 1 2 3; do
    if [[ -z "$port" ]]; then
      port=$(free_port)
    fi
    write_site_config "$workdir" "$port"
    if [[ ! -e "$workdir/.initialised" ]]; then
      init_workdir "$workdir"
    fi
    url="http://127.0.0.1:$port"

    # setsid makes rt-server the leader of a new session and process group, so stop can
    # signal the master and all its Starlet workers at once.
    setsid "$RT_SERVER" --host 127.0.0.1 --port "$port" \
           --max-workers 2 --max-keepalive-reqs 100 --max-reqs-per-child 10000 \
           </dev/null >>"$workdir/server.log" 2>&1 &
    pid=$!
    starting_pid=$pid
    printf '%s\n' "$pid" >"$workdir/server.pid"

    local deadline=$((SECONDS + READY_TIMEOUT)) ready=0
    while ((SECONDS < deadline)); do
      if ! process_alive "$pid"; then
        break
      fi
      if probe "$url" "$workdir/token-root"; then
        ready=1
        break
      fi
      sleep 0.25
    done
    if ((ready)); then
      break
    fi

    stop_group "$pid"
    starting_pid=""
    rm -f "$workdir/server.pid"
    if grep -q "couldn't start up a web server on port $port" "$workdir/server.log" 2>/dev/null \
       && ((attempt < 3)); then
      log "port $port was taken; trying another"
      port=""
      continue
    fi
    log "RT did not answer 200 on $url/REST/2.0/rt within $READY_TIMEOUT s"
    tail -n 20 "$workdir/server.log" >&2 || true
    tail -n 20 "$workdir/rt.log" >&2 2>/dev/null || true
    exit 1
  done

  starting_pid=""
  trap - EXIT HUP INT TERM
  printf '%s\n' "$port" >"$workdir/port"
  printf '%s\n' "$url" >"$workdir/url"
  log "RT $(dpkg-query -W -f='${Version}' request-tracker5) ready at $url (PID $pid) in $((SECONDS - started)) s"
  printf '%s\n' "$url"
}

# ---- stop ------------------------------------------------------------------------------

cmd_stop ()
{
  local workdir=$1 pid

  if [[ ! -d "$workdir" ]]; then
    die "no such work dir: $workdir"
  fi
  if [[ ! -s "$workdir/server.pid" ]]; then
    log "no server.pid in $workdir; nothing to stop"
    return 0
  fi
  pid=$(<"$workdir/server.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] || die "$workdir/server.pid does not hold a PID"

  if ! group_alive "$pid"; then
    log "server (PID $pid) was not running"
    rm -f "$workdir/server.pid"
    return 0
  fi
  if ! group_is_rt_server "$pid"; then
    log "process group $pid is not rt-server; not signalling it"
    rm -f "$workdir/server.pid"
    return 0
  fi
  stop_group "$pid"
  rm -f "$workdir/server.pid"
  log "stopped (PID $pid)"
}

# ---- main ------------------------------------------------------------------------------

(($# >= 1)) || usage
case "$1" in
  check)
    (($# == 1)) || usage
    cmd_check
    ;;
  start)
    (($# == 2)) || usage
    cmd_start "$2"
    ;;
  stop)
    (($# == 2)) || usage
    cmd_stop "$2"
    ;;
  *)
    usage
    ;;
esac

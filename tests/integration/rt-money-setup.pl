#!/usr/bin/perl
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prepares a running test RT (rt-server.sh start WORKDIR) for money actions as an
# administrator does (docs/administrators.md): loads data/rt/rapport-authority.pl, moves
# Privileged's and Everyone's global ticket rights to queue Support, and creates the people:
# ana.agent (Rapport Agents), sol.senior (Rapport Seniors), vic.supervisor and wes.supervisor
# (Rapport Supervisors), each with an API token written to WORKDIR/token-<key> (mode 0600,
# never printed). The same steps as tests/integration/test-rt-authority.pl. Idempotent: a
# second run on the same WORKDIR changes nothing.
#
#   rt-money-setup.pl WORKDIR DATAFILE
#
# And an administrator's mistake, for the tests of the guard: ShowTicket, ModifyTicket and
# ReplyToTicket on ___Approvals granted to (or revoked from) one user:
#
#   rt-money-setup.pl WORKDIR grant|revoke USER
use strict;
use warnings;

my ($workdir, $datafile, $user_name) = @ARGV;
die "usage: $0 WORKDIR DATAFILE | $0 WORKDIR grant|revoke USER\n" unless $workdir && $datafile;

$ENV{RT_SITE_CONFIG} = "$workdir/RT_SiteConfig.pm";
$ENV{RT_SITE_CONFIG_DIR} = "$workdir/site-config.d";

if ($datafile eq 'grant' || $datafile eq 'revoke') {
  unshift @INC, '/usr/share/request-tracker5/lib';
  require RT;
  RT::LoadConfig ();
  RT::Init ();
  my $approvals = RT::Queue->new (RT->SystemUser);
  $approvals->Load ('___Approvals');
  my $user = RT::User->new (RT->SystemUser);
  $user->Load ($user_name);
  die "no user $user_name\n" unless $user->id;
  for my $right (qw(ShowTicket ModifyTicket ReplyToTicket)) {
    my ($ok, $msg) = $datafile eq 'grant'
      ? $user->PrincipalObj->GrantRight (Right => $right, Object => $approvals)
      : $user->PrincipalObj->RevokeRight (Right => $right, Object => $approvals);
    die "$datafile $right: $msg\n" unless $ok;
  }
  print "$datafile done\n";
  exit 0;
}
exit 0 if -e "$workdir/money-ready";

my $output = `/usr/sbin/rt-setup-database-5 --action insert --datafile '$datafile' 2>&1`;
die "loading $datafile failed:\n$output" if $? || $output !~ /Rapport authority: version/;

unshift @INC, '/usr/share/request-tracker5/lib';
require RT;
RT::LoadConfig ();
RT::Init ();
my $system = RT->SystemUser;

my $support = RT::Queue->new ($system);
$support->Load ('Support');
for my $move ([ 'Privileged', qw(ShowTicket ModifyTicket ReplyToTicket CommentOnTicket
                                  CreateTicket ModifyCustomField) ],
              [ 'Everyone', qw(CreateTicket) ]) {
  my ($group_name, @rights) = @$move;
  my $group = RT::Group->new ($system);
  $group->LoadSystemInternalGroup ($group_name);
  for my $right (@rights) {
    $group->PrincipalObj->RevokeRight (Right => $right, Object => RT->System);
    $group->PrincipalObj->GrantRight (Right => $right, Object => $support);
  }
}

my $root = RT::User->new ($system);
$root->Load ('root');
my $as_root = RT::CurrentUser->new ($root);
for my $p ([ 'ana', 'ana.agent', 'Ana Agent', 'Rapport Agents' ],
           [ 'sol', 'sol.senior', 'Sol Senior', 'Rapport Seniors' ],
           [ 'vic', 'vic.supervisor', 'Vic Supervisor', 'Rapport Supervisors' ],
           [ 'wes', 'wes.supervisor', 'Wes Supervisor', 'Rapport Supervisors' ]) {
  my ($key, $name, $real_name, $group_name) = @$p;
  my $user = RT::User->new ($system);
  my ($ok, $msg) = $user->Create (Name => $name, EmailAddress => "$name\@helpdesk.example",
                                  RealName => $real_name, Privileged => 1, Timezone => 'UTC');
  die "user $name: $msg\n" unless $ok;
  my $group = RT::Group->new ($system);
  $group->LoadUserDefinedGroup ($group_name);
  ($ok, $msg) = $group->AddMember ($user->PrincipalId);
  die "$name in $group_name: $msg\n" unless $ok;
  my ($id, $tmsg, $secret) = RT::AuthToken->new ($as_root)->Create (
    Owner => $user->id, Description => 'Rapport money test');
  die "token for $name: $tmsg\n" unless $id;
  my $old = umask 077;
  open my $fh, '>', "$workdir/token-$key" or die "$workdir/token-$key: $!\n";
  print $fh "$secret\n";
  close $fh;
  umask $old;
}

open my $done, '>', "$workdir/money-ready" or die "$workdir/money-ready: $!\n";
close $done;
print "money setup done\n";

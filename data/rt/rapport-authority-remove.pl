# SPDX-License-Identifier: GPL-3.0-or-later
#
# Switches off Rapport's authority limits in Request Tracker 5.0 (an RT "initialdata" file):
#
#   rt-setup-database-5 --action insert --datafile /path/to/rapport-authority-remove.pl
#
# It disables the Rapport scrips (those of the Money queue, and the one on ___Approvals that
# records decisions on money tickets, which it also takes off ___Approvals) and the Money
# queue, so no money ticket can be created or evaluated and no decision is recorded any more.
# It deletes nothing: the money tickets, their approvals, comments and
# history stay readable as the trail of what was given back, and the groups and fields stay
# (disable or delete them in the web UI if you want). Loading rapport-authority.pl again
# switches everything back on.

use strict;
use warnings;

our @Final;

push @Final, sub {
  my @done;
  my $scrips = RT::Scrips->new (RT->SystemUser);
  $scrips->Limit (FIELD => 'Description', OPERATOR => 'STARTSWITH', VALUE => 'Rapport: ');
  while (my $scrip = $scrips->Next) {
    next if $scrip->Disabled;
    my ($ok, $msg) = $scrip->SetDisabled (1);
    die "Rapport: cannot disable scrip '" . $scrip->Description . "': $msg\n" unless $ok;
    push @done, "disabled scrip '" . $scrip->Description . "'";
  }
  # The decision scrip runs on ___Approvals, where RT's approvals of other queues live too:
  # it is taken off that queue as well (loading rapport-authority.pl applies it again).
  my $approvals = RT::Queue->new (RT->SystemUser);
  $approvals->Load ('___Approvals');
  my $all = RT::Scrips->new (RT->SystemUser);
  $all->FindAllRows;
  $all->Limit (FIELD => 'Description', OPERATOR => 'STARTSWITH', VALUE => 'Rapport: ');
  while (my $scrip = $all->Next) {
    next unless $approvals->id && $scrip->IsAdded ($approvals->id);
    my ($ok, $msg) = $scrip->RemoveFromObject ($approvals->id);
    die "Rapport: cannot take scrip '" . $scrip->Description . "' off ___Approvals: $msg\n"
      unless $ok;
    push @done, "took scrip '" . $scrip->Description . "' off ___Approvals";
  }
  my $queue = RT::Queue->new (RT->SystemUser);
  $queue->Load ('Money');
  if ($queue->id && $queue->FirstAttribute ('RapportAuthority') && !$queue->Disabled) {
    my ($ok, $msg) = $queue->SetDisabled (1);
    die "Rapport: cannot disable queue Money: $msg\n" unless $ok;
    push @done, 'disabled queue Money (its tickets stay)';
  }
  my $installed = RT->System->FirstAttribute ('RapportAuthority');
  if ($installed) {
    my ($ok, $msg) = RT->System->DeleteAttribute ('RapportAuthority');
    die "Rapport: cannot forget the installed version: $msg\n" unless $ok;
  }
  print "Rapport authority: switched off\n";
  print "Rapport authority: $_\n" for @done;
};

1;

# SPDX-License-Identifier: GPL-3.0-or-later
#
# Rapport's authority limits for Request Tracker 5.0: an RT "initialdata" file.
#
#   rt-setup-database-5 --action insert --datafile /path/to/rapport-authority.pl
#
# Loading it installs, or upgrades in place, everything Rapport needs on the server:
#   - the queue "Money": one ticket per refund or credit, linked (RefersTo) to the customer's
#     ticket, with the custom fields Money kind, Money amount, Money currency, Money reason,
#     Money order reference and Money customer;
#   - the queue custom field "Rapport policy" on Money: the policy (limits, window, time zone)
#     as JSON, the same format as policy-defaults.json next to this file, which seeds it on
#     the first install; REST2 shows it in GET /REST/2.0/queue/Money;
#   - the groups Rapport Agents, Rapport Seniors and Rapport Supervisors (the roles);
#   - the scrips that evaluate every new money ticket (and every later change of its money
#     fields or queue) against the policy: within the limits the verdict is recorded as a
#     comment; over a limit RT's own approval is created in ___Approvals, with the
#     Rapport Supervisors group as its AdminCc; a denied action is rejected at once;
#   - a scrip that reopens an approval resolved by the requester themself or by someone
#     outside Rapport Supervisors, so such a decision leaves the money ticket waiting;
#   - a scrip on ___Approvals that records every decision on an approval (who, when, approved
#     or rejected, and the decider's note) on its money ticket, as RT_System's comment that
#     the requester can read: "Rapport decision: approved; approval 12; at ...; by 45 vic";
#   - the rights: the three groups may create and read money tickets and set their fields
#     only when creating them; only Rapport Supervisors may see and decide approvals.
#
# Every step first looks for what is already there, so loading the file again (a newer
# version, or the same one) never duplicates anything: it creates what is missing, brings
# the scrips, template and field settings to this version, and never touches the policy
# value an administrator has set. An upgrade from version 1 also writes the decision record
# of every approval decided before it. It stops without changing anything when a queue named
# Money exists that this file did not create. At the end it prints what it did and lists
# every right that lets someone other than Rapport Supervisors decide approvals.
# See docs/administrators.md.

use strict;
use warnings;

use File::Basename ();
use File::Spec ();

our @Final;

my $RAPPORT_VERSION = 2;
my $POLICY_FILE = File::Spec->catfile (File::Basename::dirname (__FILE__),
                                       'policy-defaults.json');

my %NAME = (
  queue       => 'Money',
  policy_cf   => 'Rapport policy',
  agents      => 'Rapport Agents',
  seniors     => 'Rapport Seniors',
  supervisors => 'Rapport Supervisors',
  template    => 'Rapport money approval',
  scrip_verdict  => 'Rapport: record the policy verdict on a money action',
  scrip_approval => 'Rapport: ask Rapport Supervisors to approve an over-limit money action',
  scrip_guard    => 'Rapport: reopen an approval given by the requester or by someone outside '
                    . 'Rapport Supervisors',
  scrip_decision => 'Rapport: record a decision on an approval on its money ticket',
);

# Ticket custom fields of the money queue. Amounts are decimal strings in the policy's
# "wire" form ("75.00"): readable in the web UI, and turned into integer minor units with
# integer arithmetic only.
my @MONEY_FIELDS = (
  { Name => 'Money kind', Type => 'Select',
    Description => 'refund or credit',
    Pattern => '(?#Mandatory: refund or credit)^(refund|credit)$',
    Values => [ 'refund', 'credit' ] },
  { Name => 'Money amount', Type => 'Freeform',
    Description => 'Amount in the currency, e.g. 12.50 (no sign, no symbol, "." as separator)',
    Pattern => '(?#Amount, e.g. 12.50)^[0-9]+(\.[0-9]+)?$' },
  { Name => 'Money currency', Type => 'Freeform',
    Description => 'ISO 4217 code, e.g. USD',
    Pattern => '(?#ISO 4217 code, e.g. USD)^[A-Z]{3}$' },
  { Name => 'Money reason', Type => 'Freeform',
    Description => 'Why the money is given back (required)',
    Pattern => '(?#Mandatory)\S' },
  { Name => 'Money order reference', Type => 'Freeform',
    Description => 'The order or invoice concerned (optional)',
    Pattern => '' },
  { Name => 'Money customer', Type => 'Freeform',
    Description => 'The customer\'s email address (compared without case and surrounding spaces)',
    Pattern => '(?#Mandatory)\S' },
);

# ---- The rule ---------------------------------------------------------------------------
#
# The one definition is docs/administrators.md ("The rule") and the client's
# src/core/authority/rapport-policy.c; this is the same rule in Perl, integer arithmetic
# only (Math::BigInt). The code is stored in the scrips; __NAME_*__ are replaced below.
# It evaluates to a hash of code references: parse_policy (JSON text -> policy, dies when
# invalid), decide (the rule without RT), evaluate ($ticket, $transaction -> verdict hash).
# $RapportAuthority::RULE keeps it for the tests.
my $RULE = <<'RULE';
do {
  require B;
  require JSON::PP;
  require Math::BigInt;
  require DateTime;
  require DateTime::TimeZone;

  my $MAX = Math::BigInt->new ('9223372036854775807');
  my %EXPONENT = (
    (map { $_ => 0 } qw(BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF)),
    (map { $_ => 3 } qw(BHD IQD JOD KWD LYD OMR TND)),
    (map { $_ => 4 } qw(CLF UYW)),
  );

  # A wire-form amount ("75.00") in minor units, or undef: no sign, at most $exp decimals,
  # at most 2^63-1 minor units.
  my $minor = sub {
    my ($text, $exp) = @_;
    return undef unless defined $text && $text =~ /\A([0-9]+)(?:\.([0-9]+))?\z/;
    my ($int, $frac) = ($1, $2 // '');
    return undef if length ($frac) > $exp;
    $frac .= '0' x ($exp - length $frac);
    my $value = Math::BigInt->new ($int)->bmul (Math::BigInt->new (10)->bpow ($exp))
                                         ->badd (Math::BigInt->new ($frac eq '' ? 0 : $frac));
    return undef if $value->bcmp ($MAX) > 0;
    return $value;
  };

  # Minor units as a wire-form string.
  my $wire = sub {
    my ($value, $exp) = @_;
    my $digits = $value->copy->babs->bstr;
    $digits = ('0' x ($exp + 1 - length $digits)) . $digits if length $digits <= $exp;
    my $text = $exp ? substr ($digits, 0, -$exp) . '.' . substr ($digits, -$exp) : $digits;
    return ($value->is_neg ? '-' : '') . $text;
  };

  my $is_number = sub {
    my $flags = B::svref_2object (\$_[0])->FLAGS;
    return ($flags & (B::SVp_IOK () | B::SVp_NOK ())) && !($flags & B::SVp_POK ());
  };
  my $is_string = sub {
    my $flags = B::svref_2object (\$_[0])->FLAGS;
    return defined $_[0] && !ref $_[0] && ($flags & B::SVp_POK ());
  };
  my $exact_keys = sub {
    my ($hash, $what, @keys) = @_;
    die "$what is not an object\n" unless ref $hash eq 'HASH';
    my %want = map { $_ => 1 } @keys;
    for (sort keys %$hash) { die "unknown key \"$_\" in $what\n" unless $want{$_} }
    for (@keys) { die "missing key \"$_\" in $what\n" unless exists $hash->{$_} }
  };

  # The policy document, strictly: the format of policy-defaults.json.
  my $parse_policy = sub {
    my ($text) = @_;
    die "no policy\n" unless defined $text && length $text;
    my $p = eval { JSON::PP->new->utf8 (0)->decode ($text) };
    die "not JSON: $@" unless defined $p;
    $exact_keys->($p, 'the policy', qw(format currency exponent customer_window_days
                                       agent_day_time_zone roles));
    die "format must be the number 1\n"
      unless $is_number->($p->{format}) && $p->{format} == 1;
    die "currency must be an ISO 4217 code\n"
      unless $is_string->($p->{currency}) && $p->{currency} =~ /\A[A-Z]{3}\z/;
    my $exp = $p->{exponent};
    die "exponent must be an integer\n"
      unless $is_number->($exp) && "$exp" =~ /\A[0-9]\z/;
    my $iso = $EXPONENT{$p->{currency}} // 2;
    die "exponent $exp does not agree with ISO 4217 for $p->{currency} ($iso)\n"
      unless $exp == $iso;
    my $days = $p->{customer_window_days};
    die "customer_window_days must be an integer from 1 to 3660\n"
      unless $is_number->($days) && "$days" =~ /\A[1-9][0-9]{0,3}\z/ && $days <= 3660;
    my $zone = $p->{agent_day_time_zone};
    die "agent_day_time_zone must be an IANA zone name\n"
      unless $is_string->($zone) && $zone =~ m{\A[A-Za-z][A-Za-z0-9_+\-/]*\z}
             && $zone ne 'local' && $zone ne 'floating'
             && DateTime::TimeZone->is_valid_name ($zone);
    $exact_keys->($p->{roles}, 'roles', qw(agent senior supervisor));
    my %limit;
    for my $role (qw(agent senior supervisor)) {
      $exact_keys->($p->{roles}{$role}, "roles.$role", qw(refund credit));
      for my $kind (qw(refund credit)) {
        my $l = $p->{roles}{$role}{$kind};
        $exact_keys->($l, "roles.$role.$kind", qw(single customer_window agent_day));
        for my $which (qw(single customer_window agent_day)) {
          my $value = $is_string->($l->{$which}) ? $minor->($l->{$which}, $exp) : undef;
          die "roles.$role.$kind.$which must be an amount string with at most $exp decimals\n"
            unless defined $value;
          $limit{$role}{$kind}{$which} = $value;
        }
      }
    }
    return { currency => $p->{currency}, exponent => 0 + $exp, days => 0 + $days,
             zone => $p->{agent_day_time_zone}, limit => \%limit };
  };

  # The first instant (epoch seconds) whose local date in $zone is the local date of $now.
  my $day_start = sub {
    my ($now, $zone) = @_;
    my $local = DateTime->from_epoch (epoch => $now, time_zone => $zone);
    for my $minute (0 .. 24 * 60 - 1) {
      my $start = eval {
        DateTime->new (year => $local->year, month => $local->month, day => $local->day,
                       hour => int ($minute / 60), minute => $minute % 60,
                       time_zone => $zone);
      };
      return $start->epoch if $start;
    }
    return $now;
  };

  # The rule itself, without RT: $action = { role (undef: none), kind, amount (wire text),
  # currency }; each history entry = { kind, amount (wire text), currency, state, at };
  # instants are integer microseconds since the epoch. Returns the verdict hash.
  my $decide = sub {
    my ($policy, $action, $customer_history, $agent_history, $now) = @_;
    my $exp = $policy->{exponent};
    my $cur = $policy->{currency};
    my $show = sub { $wire->($_[0], $exp) . " $cur" };
    my $kind = $action->{kind};
    my $currency = $action->{currency} // '';
    my $amount_text = $action->{amount};

    if ($currency ne $cur) {
      return { verdict => 'denied', reason => 'currency',
               text => "Denied: the currency is '$currency'; the policy is in $cur." };
    }
    my $a = $minor->($amount_text, $exp);
    if (!defined $a || $a->is_zero) {
      return { verdict => 'denied', reason => 'amount',
               text => "Denied: '" . ($amount_text // '') . "' is not an amount above zero "
                       . "with at most $exp decimals." };
    }
    my $role = $action->{role};
    unless (defined $role && $policy->{limit}{$role}) {
      return { verdict => 'denied', reason => 'role',
               text => "Denied: the requester has no Rapport role (is in none of the groups "
                       . "__NAME_AGENTS__, __NAME_SENIORS__, __NAME_SUPERVISORS__)." };
    }
    my $L = $policy->{limit}{$role}{$kind}{single};
    my $W = $policy->{limit}{$role}{$kind}{customer_window};
    my $D = $policy->{limit}{$role}{$kind}{agent_day};

    # What counts: same kind, the policy's currency, not rejected or cancelled, in the window
    # (customer: strictly younger than the window; requester: since the start of today in
    # the policy's zone); later instants count too.
    my $window_start = $now - $policy->{days} * 86400 * 1000000;
    my $today = $day_start->(int ($now / 1000000) - ($now % 1000000 < 0 ? 1 : 0),
                             $policy->{zone}) * 1000000;
    my $sum = sub {
      my ($entries, $counts) = @_;
      my $total = Math::BigInt->bzero;
      for my $e (@$entries) {
        next unless ($e->{kind} // '') eq $kind && ($e->{currency} // '') eq $cur;
        next unless ($e->{state} // '') =~ /\A(executed|approved|pending_approval)\z/;
        next unless $counts->($e->{at});
        my $value = $minor->($e->{amount}, $exp);
        $total->badd ($value) if defined $value;
      }
      return $total;
    };
    my $C = $sum->($customer_history, sub { $_[0] > $window_start });
    my $T = $sum->($agent_history, sub { $_[0] >= $today });
    # Sums are exact here; the numbers shown saturate at 2^63-1 as the client's do (the
    # verdicts are the same: every limit is at most 2^63-1).
    my $sat = sub { $_[0]->bcmp ($MAX) > 0 ? $MAX->copy : $_[0] };
    my $ca = $C->copy->badd ($a);
    my $ta = $T->copy->badd ($a);
    my %v = (role => $role, kind => $kind, currency => $cur, days => $policy->{days});
    for ([ amount => $a ], [ single_limit => $L ], [ customer_limit => $W ],
         [ agent_limit => $D ], [ customer_total => $C ], [ agent_total => $T ],
         [ customer_after => $ca ], [ agent_after => $ta ]) {
      $v{$_->[0]} = $wire->($sat->($_->[1]), $exp);
    }
    $v{over} = $wire->(Math::BigInt->bzero, $exp);

    my $what = "$role $kind";
    if ($a->bcmp ($L) > 0) {
      $v{over} = $wire->($a->copy->bsub ($L), $exp);
      return { %v, verdict => 'needs_approval', reason => 'single_limit',
               text => "Needs supervisor approval: " . $show->($a) . " is "
                       . $show->($a->copy->bsub ($L)) . " over the $what limit of "
                       . $show->($L) . "." };
    }
    if ($ca->bcmp ($W) > 0) {
      $v{over} = $wire->($sat->($ca)->copy->bsub ($W), $exp);
      return { %v, verdict => 'needs_approval', reason => 'customer_window',
               text => "Needs supervisor approval: this customer has received "
                       . $show->($C) . " in ${kind}s in the last $policy->{days} days; "
                       . "this would make " . $show->($ca) . ", over the $what limit of "
                       . $show->($W) . "." };
    }
    if ($ta->bcmp ($D) > 0) {
      $v{over} = $wire->($sat->($ta)->copy->bsub ($D), $exp);
      return { %v, verdict => 'needs_approval', reason => 'agent_day',
               text => "Needs supervisor approval: the requester has given "
                       . $show->($T) . " in ${kind}s today ($policy->{zone}); this would make "
                       . $show->($ta) . ", over the daily $what limit of " . $show->($D) . "." };
    }
    return { %v, verdict => 'allowed', reason => 'none',
             text => "Within the limits: " . $show->($a) . " (the $what limit is "
                     . $show->($L) . "; this customer's $policy->{days}-day total becomes "
                     . $show->($ca) . " of " . $show->($W) . "; the requester's total today "
                     . "becomes " . $show->($ta) . " of " . $show->($D) . ")." };
  };

  my $field = sub {
    my ($ticket, $name) = @_;
    my $value = $ticket->FirstCustomFieldValue ($name);
    return undef unless defined $value;
    $value =~ s/\A\s+|\s+\z//g;
    return $value;
  };

  my $has_member = sub {
    my ($group_name, $principal) = @_;
    my $group = RT::Group->new (RT->SystemUser);
    $group->LoadUserDefinedGroup ($group_name);
    return $group->id && $group->HasMemberRecursively ($principal);
  };

  # The rule on an RT money ticket, at the instant of $txn.
  my $evaluate = sub {
    my ($given_ticket, $txn) = @_;
    # Everything is read as RT_System: the requester may not see other agents' records.
    my $ticket = RT::Ticket->new (RT->SystemUser);
    $ticket->Load ($given_ticket->id);
    my $actor = RT::User->new (RT->SystemUser);
    $actor->Load ($ticket->Creator);
    my $now = $txn->CreatedObj->Unix;
    my $queue = $ticket->QueueObj;
    my %base = (requester => $actor->Name, ticket => $ticket->id);

    my $policy = eval {
      my $cf = RT::CustomField->new (RT->SystemUser);
      $cf->LoadByName (Name => '__NAME_POLICY_CF__',
                       LookupType => RT::Queue->CustomFieldLookupType);
      die "the custom field __NAME_POLICY_CF__ is missing\n" unless $cf->id;
      my $first = $queue->CustomFieldValues ($cf->id)->First;
      $parse_policy->($first ? $first->Content : undef);
    };
    unless ($policy) {
      my $why = $@ || "unreadable\n";
      chomp $why;
      return { %base, verdict => 'needs_approval', reason => 'policy',
               text => "Needs supervisor approval: the policy in the custom field "
                       . "'__NAME_POLICY_CF__' of queue " . $queue->Name
                       . " cannot be used ($why)." };
    }

    my $kind = $field->($ticket, 'Money kind') // '';
    my $customer = lc ($field->($ticket, 'Money customer') // '');
    unless ($kind eq 'refund' || $kind eq 'credit') {
      return { %base, verdict => 'denied', reason => 'record',
               text => "Denied: Money kind must be refund or credit." };
    }
    unless (length $customer) {
      return { %base, verdict => 'denied', reason => 'record',
               text => "Denied: Money customer is empty." };
    }
    my $role = $has_member->('__NAME_SUPERVISORS__', $actor->PrincipalObj) ? 'supervisor'
             : $has_member->('__NAME_SENIORS__', $actor->PrincipalObj)     ? 'senior'
             : $has_member->('__NAME_AGENTS__', $actor->PrincipalObj)      ? 'agent'
             : undef;

    # The other money tickets of the last days (the search is wider than any window: its
    # dates are read in the server's time zone); rejected and deleted ones never count.
    my $from = $now - $policy->{days} * 86400 - 3 * 86400;
    my $since = RT::Date->new (RT->SystemUser);
    $since->Set (Format => 'unix', Value => $from);
    my $tickets = RT::Tickets->new (RT->SystemUser);
    $tickets->FromSQL (sprintf ("Queue = %d AND id != %d AND Status != 'rejected' "
                                . "AND Status != 'deleted' AND Created >= '%s'",
                                $queue->id, $ticket->id, $since->ISO));
    my (@customer_history, @agent_history);
    while (my $other = $tickets->Next) {
      my $entry = {
        kind     => $field->($other, 'Money kind'),
        amount   => $field->($other, 'Money amount'),
        currency => $field->($other, 'Money currency'),
        state    => 'executed',
        at       => $other->CreatedObj->Unix * 1000000,
      };
      push @customer_history, $entry
        if lc ($field->($other, 'Money customer') // '') eq $customer;
      push @agent_history, $entry if $other->Creator == $actor->id;
    }
    my $v = $decide->($policy,
                      { role => $role, kind => $kind,
                        amount => $field->($ticket, 'Money amount'),
                        currency => $field->($ticket, 'Money currency') },
                      \@customer_history, \@agent_history, $now * 1000000);
    return { %base, customer => $customer, %$v };
  };

  +{ parse_policy => $parse_policy, decide => $decide, evaluate => $evaluate,
    minor => $minor, wire => $wire, day_start => $day_start };
}
RULE

# When the rule applies: a new money ticket, a change of one of its money fields, or a
# ticket moved into the queue. The verdict is computed once per transaction and kept on it,
# so the two scrips and the template share it.
my $APPLIES = <<'CODE';
my $txn = $self->TransactionObj;
my $ticket = $self->TicketObj;
return 0 unless $ticket->Type eq 'ticket';
my $type = $txn->Type;
if ($type eq 'CustomField') {
  my $cf = RT::CustomField->new (RT->SystemUser);
  $cf->Load ($txn->Field);
  return 0 unless $cf->id && $cf->Name =~ /\AMoney (kind|amount|currency|customer)\z/;
} elsif ($type eq 'Set') {
  return 0 unless $txn->Field eq 'Queue';
} elsif ($type ne 'Create') {
  return 0;
}
$txn->{RapportVerdict} ||= do {
  my $rule = __RULE__;
  $rule->{evaluate}->($ticket, $txn);
};
CODE

my $VERDICT_APPLIES = $APPLIES . "return 1;\n";
my $APPROVAL_APPLIES = $APPLIES . "return \$txn->{RapportVerdict}{verdict} eq 'needs_approval' ? 1 : 0;\n";

# Records the verdict on the money ticket as RT_System's comment; a denied action is
# rejected at once, so it never counts and moves no money; one that needs approval waits in
# status new.
my $VERDICT_COMMIT = <<'CODE';
my $v = $self->TransactionObj->{RapportVerdict} or return 1;
my $ticket = RT::Ticket->new (RT->SystemUser);
$ticket->Load ($self->TicketObj->id);
my $body = "Rapport policy verdict: $v->{verdict} ($v->{reason})\n\n$v->{text}\n";
my ($ok, $msg) = $ticket->Comment (Content => $body);
RT->Logger->error ("Rapport: cannot comment on #" . $ticket->id . ": $msg") unless $ok;
if ($v->{verdict} eq 'denied' && $ticket->Status ne 'rejected') {
  ($ok, $msg) = $ticket->SetStatus ('rejected');
  RT->Logger->error ("Rapport: cannot reject #" . $ticket->id . ": $msg") unless $ok;
}
# Waiting for a decision is status new, whatever status it was created or left with.
if ($v->{verdict} eq 'needs_approval' && $ticket->Status ne 'new') {
  ($ok, $msg) = $ticket->SetStatus ('new');
  RT->Logger->error ("Rapport: cannot set #" . $ticket->id . " to new: $msg") unless $ok;
}
return 1;
CODE

# An approval of a money ticket counts only when a member of Rapport Supervisors other than
# the money ticket's requester resolved it; RT itself only checks ModifyTicket. RT's own
# approval rule answers a resolved approval by writing on the money ticket and opening it, as
# RT_System; this scrip on the money queue runs on each of those changes, reopens every
# approval resolved by someone else, and puts the money ticket back to waiting (status new)
# while an approval is open.
my $GUARD_APPLIES = <<'CODE';
my $txn = $self->TransactionObj;
return 0 unless $self->TicketObj->Type eq 'ticket'
                && $txn->Creator == RT->SystemUser->id
                && ($txn->Type eq 'Correspond' || $txn->Type eq 'Status');
return 1;
CODE

my $GUARD_COMMIT = <<'CODE';
my $top = RT::Ticket->new (RT->SystemUser);
$top->Load ($self->TicketObj->id);
my $supervisors = RT::Group->new (RT->SystemUser);
$supervisors->LoadUserDefinedGroup ('__NAME_SUPERVISORS__');
my @why;
for my $approval ($top->AllDependsOn (Type => 'approval')) {
  next unless $approval->Status eq 'resolved';
  my $txns = $approval->Transactions;
  $txns->Limit (FIELD => 'Type', VALUE => 'Status');
  $txns->Limit (FIELD => 'NewValue', VALUE => 'resolved');
  $txns->OrderBy (FIELD => 'id', ORDER => 'DESC');
  my $decision = $txns->First or next;
  my $decider = $decision->CreatorObj;
  next if $decider->id == RT->SystemUser->id;
  my $why;
  if ($decider->id == $top->Creator) {
    $why = $decider->Name . " requested it and cannot approve it";
  } elsif (!$supervisors->id || !$supervisors->HasMemberRecursively ($decider->PrincipalObj)) {
    $why = $decider->Name . " is not in __NAME_SUPERVISORS__";
  } else {
    next;
  }
  my ($ok, $msg) = $approval->SetStatus ('open');
  RT->Logger->error ("Rapport: cannot reopen approval #" . $approval->id . ": $msg") unless $ok;
  $approval->Comment (Content => "Rapport: this approval does not count and was reopened: "
                                 . "$why.\n");
  push @why, "approval #" . $approval->id . ": $why";
}
if (@why) {
  $top->Comment (Content => "Rapport: this approval does not count and was reopened ("
                            . join ('; ', @why) . "); this money action still waits.\n");
}
if ($top->Status ne 'new' && $top->HasUnresolvedDependencies (Type => 'approval')) {
  my ($ok, $msg) = $top->SetStatus ('new');
  RT->Logger->error ("Rapport: cannot set #" . $top->id . " to new: $msg") unless $ok;
}
return 1;
CODE

# The decision record. An agent may not read approvals, so RT's only word to them is its
# "Ticket Approved"/"Ticket Rejected" reply, which is a template an administrator may
# translate or edit, names no approval, and has no user id. This scrip on ___Approvals writes
# instead, for every decision (a status change of an approval to resolved or rejected by
# anyone but RT_System), RT_System's comment on each money ticket that depends on the
# approval. Its first three lines are strict; the rest is the decider's note:
#
#   Rapport decision: approved; approval 12; at 2026-12-06T21:15:14Z; by 45 vic.supervisor
#   Decider: Vic Supervisor
#   Note:
#   <the decider's replies on the approval before the decision, oldest first, separated by
#    an empty line (RT's "Approver's notes", but only the decider's)>
#
# "approved" or "rejected"; the approval's ticket id; the instant of the decision (UTC); the
# decider's user id and Name (the Name is the user's id in REST2); their RealName (or Name).
# Decisions that do not count are recorded too (the guard scrip reopens an approval resolved
# by the requester or by someone outside Rapport Supervisors right after this record, and
# Rapport shows such a decision as invalid). Runs before RT's own approval rule, so the
# record precedes RT's reply on the money ticket.
# The code evaluates to a sub ($approval, $decision transaction, optional money tickets to
# write on instead of all that depend on it) returning how many records it wrote; the
# installer uses it to write the records of decisions made before this version.
my $DECISION = <<'CODE';
sub {
  my ($given_approval, $given_txn, @only) = @_;
  # Everything as RT_System: the decider may not see the money ticket, nor the requester
  # the approval.
  my $approval = RT::Ticket->new (RT->SystemUser);
  $approval->Load ($given_approval->id);
  my $txn = RT::Transaction->new (RT->SystemUser);
  $txn->Load ($given_txn->id);
  return 0 unless $approval->id && $approval->Type eq 'approval' && $txn->id
                  && $txn->Type eq 'Status' && $txn->ObjectType eq 'RT::Ticket'
                  && $txn->ObjectId == $approval->id;
  my $word = ($txn->NewValue // '') eq 'resolved' ? 'approved'
           : ($txn->NewValue // '') eq 'rejected' ? 'rejected'
           : return 0;
  my $decider = RT::User->new (RT->SystemUser);
  $decider->Load ($txn->Creator);
  return 0 unless $decider->id && $decider->id != RT->SystemUser->id;

  my $line = sub {
    my ($text) = @_;
    $text //= '';
    $text =~ s/[\x00-\x1f\x7f]+/ /g;
    $text =~ s/\A\s+|\s+\z//g;
    return $text;
  };
  my @notes;
  my $replies = RT::Transactions->new (RT->SystemUser);
  $replies->LimitToTicket ($approval->id);
  $replies->Limit (FIELD => 'Type', VALUE => 'Correspond');
  $replies->Limit (FIELD => 'Creator', VALUE => $decider->id);
  $replies->Limit (FIELD => 'id', OPERATOR => '<', VALUE => $txn->id);
  $replies->OrderBy (FIELD => 'id', ORDER => 'ASC');
  while (my $reply = $replies->Next) {
    next unless $reply->ContentObj;
    my $text = $reply->Content // '';
    $text =~ s/\r\n?/\n/g;
    $text =~ s/\A\s+|\s+\z//g;
    push @notes, $text if length $text;
  }
  my @t = gmtime ($txn->CreatedObj->Unix);
  my $at = sprintf ('%04d-%02d-%02dT%02d:%02d:%02dZ', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
  my $body = "Rapport decision: $word; approval " . $approval->id . "; at $at; by "
             . $decider->id . ' ' . $line->($decider->Name) . "\n"
             . 'Decider: ' . $line->($decider->RealName || $decider->Name) . "\n"
             . "Note:\n" . join ("\n\n", @notes) . (@notes ? "\n" : '');

  my %only = map { $_ => 1 } @only;
  my $written = 0;
  my $links = $approval->DependedOnBy;
  while (my $link = $links->Next) {
    my $top = RT::Ticket->new (RT->SystemUser);
    $top->Load ($link->LocalBase) if $link->LocalBase;
    next unless $top->id && $top->Type eq 'ticket' && $top->QueueObj->Name eq '__NAME_QUEUE__';
    next if @only && !$only{$top->id};
    my ($ok, $msg) = $top->Comment (Content => $body);
    if ($ok) {
      $written++;
    } else {
      RT->Logger->error ("Rapport: cannot record the decision on approval #" . $approval->id
                         . " on #" . $top->id . ": $msg");
    }
  }
  return $written;
}
CODE

my $DECISION_APPLIES = <<'CODE';
my $txn = $self->TransactionObj;
return 0 unless $self->TicketObj->Type eq 'approval'
                && $txn->Type eq 'Status'
                && ($txn->NewValue // '') =~ /\A(resolved|rejected)\z/
                && $txn->Creator != RT->SystemUser->id;
return 1;
CODE

my $DECISION_COMMIT = <<'CODE';
my $record = __DECISION__;
$record->($self->TicketObj, $self->TransactionObj);
return 1;
CODE

my $TEMPLATE = <<'TEMPLATE';
===Create-Ticket: approval
Queue: ___Approvals
Type: approval
AdminCcGroup: __NAME_SUPERVISORS__
RequestorGroup: __NAME_SUPERVISORS__
Depended-On-By: TOP
Subject: {
  my $t = $Tickets{TOP};
  "Approve " . ($t->FirstCustomFieldValue('Money kind') // 'money') . " of "
  . ($t->FirstCustomFieldValue('Money amount') // '?') . " "
  . ($t->FirstCustomFieldValue('Money currency') // '') . " for "
  . ($t->FirstCustomFieldValue('Money customer') // '?') . " (#" . $t->id . ")"
}
Content-Type: text/plain
Content: {
  my $t = $Tickets{TOP};
  my $v = $TransactionObj->{RapportVerdict} || {};
  my $requester = RT::User->new (RT->SystemUser);
  $requester->Load ($t->Creator);
  join ("\n",
    ($v->{text} // 'Needs supervisor approval.'),
    '',
    'Requested by: ' . $requester->Name . ($v->{role} ? " ($v->{role})" : ''),
    'Kind: ' . ($t->FirstCustomFieldValue('Money kind') // ''),
    'Amount: ' . ($t->FirstCustomFieldValue('Money amount') // '') . ' '
      . ($t->FirstCustomFieldValue('Money currency') // ''),
    'Customer: ' . ($t->FirstCustomFieldValue('Money customer') // ''),
    'Reason: ' . ($t->FirstCustomFieldValue('Money reason') // ''),
    'Order reference: ' . ($t->FirstCustomFieldValue('Money order reference') // ''),
    'Money ticket: #' . $t->id,
    '',
    'Approve: resolve this ticket. Reject: reject it. Write your note as a reply first.')
}
ENDOFCONTENT
TEMPLATE

for my $code ($RULE, $TEMPLATE, $GUARD_COMMIT, $DECISION) {
  $code =~ s/__NAME_QUEUE__/$NAME{queue}/g;
  $code =~ s/__NAME_POLICY_CF__/$NAME{policy_cf}/g;
  $code =~ s/__NAME_AGENTS__/$NAME{agents}/g;
  $code =~ s/__NAME_SENIORS__/$NAME{seniors}/g;
  $code =~ s/__NAME_SUPERVISORS__/$NAME{supervisors}/g;
}
s/__RULE__/$RULE/ for $VERDICT_APPLIES, $APPROVAL_APPLIES;
s/__DECISION__/$DECISION/ for $DECISION_COMMIT;
$RapportAuthority::RULE = $RULE;

# ---- Installing -------------------------------------------------------------------------

my @report;
my @warnings;

sub rapport_note { push @report, join '', @_ }

sub rapport_check
{
  my ($what, $ok, $msg) = @_;
  die "Rapport: $what: " . ($msg // 'failed') . "\n" unless $ok;
  return $ok;
}

sub rapport_marked
{
  my ($object) = @_;
  return $object->FirstAttribute ('RapportAuthority') ? 1 : 0;
}

sub rapport_mark
{
  my ($object) = @_;
  return if rapport_marked ($object);
  rapport_check ('mark ' . ref ($object) . ' ' . $object->id,
                 $object->SetAttribute (Name => 'RapportAuthority',
                                        Description => 'Installed by rapport-authority.pl',
                                        Content => { version => $RAPPORT_VERSION }));
}

sub rapport_group
{
  my ($name, $description) = @_;
  my $group = RT::Group->new (RT->SystemUser);
  $group->LoadUserDefinedGroup ($name);
  if ($group->id) {
    die "Rapport: a group named '$name' exists and was not created by this file; "
        . "rename it first\n" unless rapport_marked ($group);
    return $group;
  }
  rapport_check ("group $name",
                 $group->CreateUserDefinedGroup (Name => $name, Description => $description));
  rapport_mark ($group);
  rapport_note ("created group $name");
  return $group;
}

sub rapport_queue
{
  my $queue = RT::Queue->new (RT->SystemUser);
  $queue->Load ($NAME{queue});
  if ($queue->id) {
    die "Rapport: a queue named '$NAME{queue}' exists and was not created by this file; "
        . "nothing was changed\n" unless rapport_marked ($queue);
    rapport_check ("enable queue $NAME{queue}", $queue->SetDisabled (0)) if $queue->Disabled;
    return $queue;
  }
  rapport_check ("queue $NAME{queue}", $queue->Create (
    Name              => $NAME{queue},
    Description       => 'Refunds and credits: one ticket each, checked against the Rapport policy',
    CorrespondAddress => '',
    CommentAddress    => '',
  ));
  rapport_mark ($queue);
  rapport_note ("created queue $NAME{queue} (id " . $queue->id . ")");
  return $queue;
}

# A custom field of this lookup type applied to $queue: found by name among those applied
# to the queue (or created), then brought to this version's settings.
sub rapport_custom_field
{
  my ($queue, $lookup, %spec) = @_;
  my $cfs = RT::CustomFields->new (RT->SystemUser);
  $cfs->FindAllRows;
  $cfs->LimitToLookupType ($lookup);
  $cfs->Limit (FIELD => 'Name', VALUE => $spec{Name}, CASESENSITIVE => 1);
  my $cf;
  while (my $candidate = $cfs->Next) {
    $cf = $candidate if rapport_marked ($candidate);
  }
  if ($cf) {
    rapport_check ("enable $spec{Name}", $cf->SetDisabled (0)) if $cf->Disabled;
    for my $column (qw(Description Pattern)) {
      my $want = $spec{$column} // '';
      next if ($cf->$column // '') eq $want;
      my $setter = "Set$column";
      rapport_check ("$spec{Name} $column", $cf->$setter ($want));
      rapport_note ("updated $column of $spec{Name}");
    }
  } else {
    $cf = RT::CustomField->new (RT->SystemUser);
    rapport_check ("custom field $spec{Name}", $cf->Create (
      Name        => $spec{Name},
      Type        => $spec{Type},
      MaxValues   => 1,
      LookupType  => $lookup,
      Description => $spec{Description},
      Pattern     => $spec{Pattern} // '',
    ));
    rapport_mark ($cf);
    rapport_note ("created custom field $spec{Name} (id " . $cf->id . ")");
  }
  my %have = map { $_->Name => 1 } @{ $cf->Values->ItemsArrayRef };
  my $order = 0;
  for my $value (@{ $spec{Values} // [] }) {
    $order++;
    next if $have{$value};
    rapport_check ("value $value of $spec{Name}",
                   $cf->AddValue (Name => $value, SortOrder => $order));
  }
  unless ($cf->IsAdded ($queue->id)) {
    rapport_check ("apply $spec{Name} to $NAME{queue}", $cf->AddToObject ($queue));
  }
  return $cf;
}

sub rapport_grant
{
  my ($group, $right, $object) = @_;
  my $principal = $group->PrincipalObj;
  my $ace = RT::ACE->new (RT->SystemUser);
  $ace->LoadByValues (PrincipalId => $principal->id, PrincipalType => 'Group',
                      RightName => $right, Object => $object);
  return if $ace->id;
  rapport_check ("grant $right to " . $group->Name,
                 $principal->GrantRight (Right => $right, Object => $object));
}

sub rapport_template
{
  my ($queue) = @_;
  my $template = RT::Template->new (RT->SystemUser);
  $template->LoadQueueTemplate (Queue => $queue->id, Name => $NAME{template});
  if ($template->id) {
    if ($template->Content ne $TEMPLATE) {
      rapport_check ('update template', $template->SetContent ($TEMPLATE));
      rapport_note ("updated template $NAME{template}");
    }
    return $template;
  }
  rapport_check ('template', $template->Create (
    Queue       => $queue->id,
    Name        => $NAME{template},
    Description => 'Creates the approval of an over-limit refund or credit',
    Type        => 'Perl',
    Content     => $TEMPLATE,
  ));
  rapport_note ("created template $NAME{template}");
  return $template;
}

sub rapport_scrip
{
  my ($queue, %spec) = @_;
  my $scrips = RT::Scrips->new (RT->SystemUser);
  $scrips->FindAllRows;
  $scrips->Limit (FIELD => 'Description', VALUE => $spec{Description}, CASESENSITIVE => 1);
  my $scrip = $scrips->First;
  my %code = (
    CustomIsApplicableCode => $spec{Applies},
    CustomPrepareCode      => 'return 1;',
    CustomCommitCode       => $spec{Commit} // 'return 1;',
  );
  if ($scrip) {
    rapport_check ("enable scrip $spec{Description}", $scrip->SetDisabled (0))
      if $scrip->Disabled;
    my $condition = RT::ScripCondition->new (RT->SystemUser);
    $condition->Load ('User Defined');
    my $action = RT::ScripAction->new (RT->SystemUser);
    $action->Load ($spec{Action});
    rapport_check ('scrip condition', $scrip->SetScripCondition ($condition->id))
      if $scrip->ScripCondition != $condition->id;
    rapport_check ('scrip action', $scrip->SetScripAction ($action->id))
      if $scrip->ScripAction != $action->id;
    rapport_check ('scrip template', $scrip->SetTemplate ($spec{Template}))
      if $scrip->Template ne $spec{Template};
    for my $column (sort keys %code) {
      next if ($scrip->$column // '') eq $code{$column};
      my $setter = "Set$column";
      rapport_check ("scrip $column", $scrip->$setter ($code{$column}));
      rapport_note ("updated $column of scrip '$spec{Description}'");
    }
    unless ($scrip->IsAdded ($queue->id)) {
      rapport_check ('apply scrip', $scrip->AddToObject (ObjectId => $queue->id));
    }
    return $scrip;
  }
  $scrip = RT::Scrip->new (RT->SystemUser);
  rapport_check ("scrip $spec{Description}", $scrip->Create (
    Queue          => $queue->id,
    Description    => $spec{Description},
    ScripCondition => 'User Defined',
    ScripAction    => $spec{Action},
    Template       => $spec{Template},
    Stage          => 'TransactionCreate',
    %code,
  ));
  rapport_note ("created scrip '$spec{Description}'");
  return $scrip;
}

# The decision record of every decided approval of a money ticket that has none (decisions
# made before version 2, or while the scrips were switched off): the newest decision on each
# approval, as the scrip would have written it then. Returns how many records it wrote.
sub rapport_backfill_decisions
{
  my ($queue) = @_;
  my $record = eval $DECISION or die "Rapport: the decision record does not compile: $@";
  my $written = 0;
  my $tickets = RT::Tickets->new (RT->SystemUser);
  $tickets->FromSQL ('Queue = ' . $queue->id);
  while (my $top = $tickets->Next) {
    my %recorded;
    my $comments = RT::Transactions->new (RT->SystemUser);
    $comments->LimitToTicket ($top->id);
    $comments->Limit (FIELD => 'Type', VALUE => 'Comment');
    $comments->Limit (FIELD => 'Creator', VALUE => RT->SystemUser->id);
    while (my $comment = $comments->Next) {
      my $text = $comment->ContentObj ? $comment->Content // '' : '';
      $recorded{$1} = 1 if $text =~ /\ARapport decision: (?:approved|rejected); approval (\d+);/;
    }
    my $links = $top->DependsOn;
    while (my $link = $links->Next) {
      my $approval = RT::Ticket->new (RT->SystemUser);
      $approval->Load ($link->LocalTarget) if $link->LocalTarget;
      next unless $approval->id && $approval->Type eq 'approval' && !$recorded{$approval->id};
      my $txns = RT::Transactions->new (RT->SystemUser);
      $txns->LimitToTicket ($approval->id);
      $txns->Limit (FIELD => 'Type', VALUE => 'Status');
      $txns->Limit (FIELD => 'NewValue', OPERATOR => 'IN', VALUE => [ 'resolved', 'rejected' ]);
      $txns->Limit (FIELD => 'Creator', OPERATOR => '!=', VALUE => RT->SystemUser->id);
      $txns->OrderBy (FIELD => 'id', ORDER => 'DESC');
      my $decision = $txns->First or next;
      $written += $record->($approval, $decision, $top->id);
    }
  }
  return $written;
}

# Who else can act on approvals or change money records, through a right granted globally,
# on ___Approvals, on the money queue or on a money field. Rapport Supervisors' own rights on
# ___Approvals and the approvals' AdminCc role (which is that group) are expected;
# superusers can do anything and are only listed.
sub rapport_audit
{
  my ($approvals, $queue, $supervisors, @fields) = @_;
  my %field_id = map { $_->id => 1 } @fields;
  my %why = (
    ModifyTicket       => 'can decide approvals',
    ReplyToTicket      => 'can write on approvals, and RT shows every reply as the approver\'s notes',
    CommentOnTicket    => 'can comment on approvals',
    CreateTicket       => 'can create tickets in ___Approvals',
  );
  my $acl = RT::ACL->new (RT->SystemUser);
  $acl->Limit (FIELD => 'RightName', OPERATOR => 'IN',
               VALUE => [ 'SuperUser', 'ModifyCustomField', sort keys %why ]);
  my %seen;
  while (my $ace = $acl->Next) {
    my $object = $ace->Object or next;
    my $right = $ace->RightName;
    my ($where, $why);
    if ($object->isa ('RT::System')) {
      $where = 'globally';
    } elsif ($object->isa ('RT::Queue') && $object->id == $approvals->id) {
      $where = 'on ___Approvals';
    } elsif ($object->isa ('RT::Queue') && $object->id == $queue->id) {
      $where = "on $NAME{queue}";
    } elsif ($object->isa ('RT::CustomField') && $field_id{$object->id}) {
      $where = "on the field " . $object->Name;
    } else {
      next;
    }
    if ($right eq 'ModifyCustomField') {
      next if $where eq 'on ___Approvals';
      $why = 'can change the money fields of a money ticket after it was created (each '
             . 'change is evaluated again)';
    } elsif ($right eq 'SuperUser') {
      $why = 'is a superuser';
    } elsif ($where eq "on $NAME{queue}") {
      next unless $right eq 'ModifyTicket';
      $why = 'can change the status and links of money tickets';
    } else {
      $why = $why{$right};
    }
    my $principal = $ace->PrincipalObj;
    next if $principal->id == $supervisors->PrincipalId && $where eq 'on ___Approvals';
    my $label;
    if ($principal->IsGroup) {
      my $group = $principal->Object;
      if ($group->Domain eq 'ACLEquivalence') {
        my $user = RT::User->new (RT->SystemUser);
        $user->Load ($group->Instance);
        next if $user->id == RT->SystemUser->id || $user->id == RT->Nobody->id;
        $label = "user '" . $user->Name . "'";
      } elsif ($group->Domain =~ /-Role\z/) {
        # On approvals, AdminCc and Requestor are Rapport Supervisors, and nobody else can
        # join a role there without rights on ___Approvals; on a money ticket, whoever holds
        # the role gets its rights.
        next if $where eq 'on ___Approvals';
        next if $where eq 'globally' && $right ne 'ModifyTicket';
        $why = 'can change the status and links of money tickets' if $right eq 'ModifyTicket';
        $label = "role '" . $group->Name . "' (whoever holds it on a money ticket)";
      } elsif ($group->Domain eq 'UserDefined') {
        $label = "group '" . $group->Name . "'";
      } else {
        $label = "system group '" . $group->Name . "'";
      }
    } else {
      $label = "user '" . $principal->Object->Name . "'";
    }
    my $line = "$label has $right $where: it $why";
    next if $seen{$line}++;
    if ($right eq 'SuperUser') {
      rapport_note ($line);
    } else {
      push @warnings, "$line; see docs/administrators.md, \"Rights\"";
    }
  }
}

push @Final, sub {
  my $installed = RT->System->FirstAttribute ('RapportAuthority');
  my $from = $installed ? $installed->Content->{version} : 0;
  die "Rapport: version $from is installed, newer than this file ($RAPPORT_VERSION)\n"
    if $from > $RAPPORT_VERSION;

  my $approvals = RT::Queue->new (RT->SystemUser);
  $approvals->Load ('___Approvals');
  rapport_check ('queue ___Approvals', $approvals->id, 'missing (is this RT 5?)');

  # Nothing is changed when a queue or group of the same name belongs to someone else.
  my $existing = RT::Queue->new (RT->SystemUser);
  $existing->Load ($NAME{queue});
  die "Rapport: a queue named '$NAME{queue}' exists and was not created by this file; "
      . "nothing was changed\n" if $existing->id && !rapport_marked ($existing);
  for my $name (@NAME{qw(agents seniors supervisors)}) {
    my $group = RT::Group->new (RT->SystemUser);
    $group->LoadUserDefinedGroup ($name);
    die "Rapport: a group named '$name' exists and was not created by this file; "
        . "nothing was changed\n" if $group->id && !rapport_marked ($group);
  }

  my $queue = rapport_queue ();
  my $agents = rapport_group ($NAME{agents},
    'Rapport agents: refunds and credits up to the agent limits');
  my $seniors = rapport_group ($NAME{seniors},
    'Rapport senior agents: refunds and credits up to the senior limits');
  my $supervisors = rapport_group ($NAME{supervisors},
    'Rapport supervisors: decide the approvals of over-limit refunds and credits');
  my @roles = ($agents, $seniors, $supervisors);

  # The policy, seeded once from policy-defaults.json; an administrator's value stays.
  my $policy_cf = rapport_custom_field ($queue, RT::Queue->CustomFieldLookupType,
    Name => $NAME{policy_cf}, Type => 'Text',
    Description => 'Refund and credit limits (JSON, the format of policy-defaults.json)');
  my $rule = eval $RULE or die "Rapport: the rule does not compile: $@";
  my $current = $queue->CustomFieldValues ($policy_cf->id)->First;
  if ($current) {
    eval { $rule->{parse_policy}->($current->Content) }
      or push @warnings, "the policy in '$NAME{policy_cf}' of $NAME{queue} is invalid, so "
                         . "every money action needs approval: $@";
  } else {
    open my $fh, '<:encoding(UTF-8)', $POLICY_FILE
      or die "Rapport: cannot read $POLICY_FILE: $!\n";
    my $json = do { local $/; <$fh> };
    close $fh;
    eval { $rule->{parse_policy}->($json) } or die "Rapport: $POLICY_FILE: $@";
    rapport_check ("policy value", $queue->AddCustomFieldValue (Field => $policy_cf->id,
                                                                 Value => $json));
    rapport_note ("set '$NAME{policy_cf}' of $NAME{queue} from $POLICY_FILE");
  }

  my @fields = map { rapport_custom_field ($queue, RT::Ticket->CustomFieldLookupType, %$_) }
               @MONEY_FIELDS;

  rapport_template ($queue);
  rapport_scrip ($queue,
    Description => $NAME{scrip_verdict},
    Action      => 'User Defined',
    Template    => 'Blank',
    Applies     => $VERDICT_APPLIES,
    Commit      => $VERDICT_COMMIT);
  rapport_scrip ($queue,
    Description => $NAME{scrip_approval},
    Action      => 'Create Tickets',
    Template    => $NAME{template},
    Applies     => $APPROVAL_APPLIES);

  rapport_scrip ($queue,
    Description => $NAME{scrip_guard},
    Action      => 'User Defined',
    Template    => 'Blank',
    Applies     => $GUARD_APPLIES,
    Commit      => $GUARD_COMMIT);
  rapport_scrip ($approvals,
    Description => $NAME{scrip_decision},
    Action      => 'User Defined',
    Template    => 'Blank',
    Applies     => $DECISION_APPLIES,
    Commit      => $DECISION_COMMIT);
  my $backfilled = rapport_backfill_decisions ($queue);
  rapport_note ("recorded $backfilled decision(s) made before on their money tickets")
    if $backfilled;

  # Rights. The roles: the money queue only; money fields set only when a ticket is
  # created; the policy readable. Supervisors: decide approvals.
  for my $group (@roles) {
    rapport_grant ($group, $_, $queue)
      for qw(SeeQueue CreateTicket ShowTicket CommentOnTicket ShowTicketComments);
    for my $cf (@fields) {
      rapport_grant ($group, $_, $cf) for qw(SeeCustomField SetInitialCustomField);
    }
    rapport_grant ($group, 'SeeCustomField', $policy_cf);
    rapport_grant ($group, 'SeeGroup', $_) for @roles;
  }
  rapport_grant ($supervisors, $_, $approvals)
    for qw(SeeQueue ShowTicket ModifyTicket ReplyToTicket CommentOnTicket ShowTicketComments);

  rapport_audit ($approvals, $queue, $supervisors, @fields);

  rapport_check ('version', RT->System->SetAttribute (
    Name        => 'RapportAuthority',
    Description => 'Version of rapport-authority.pl installed',
    Content     => { version => $RAPPORT_VERSION },
  ));
  print "Rapport authority: version $RAPPORT_VERSION installed"
        . ($from ? " (was $from)" : '') . "; queue $NAME{queue} is #" . $queue->id . "\n";
  print "Rapport authority: $_\n" for @report;
  print "Rapport authority: WARNING: $_\n" for @warnings;
};

1;

#!/usr/bin/perl
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The RT server side of Rapport's authority limits (data/rt/rapport-authority.pl) against a
# real Request Tracker: starts a throwaway RT (rt-server.sh), loads the datafile as an
# administrator would, creates agents, a senior and supervisors, each with their own API
# token, and checks over REST2 that RT itself enforces the rule and the approvals, whoever
# the client is. TAP on stdout.
#
#   test-rt-authority.pl --rt-server PATH --datafile PATH [--cases PATH]
#
# The work dir is $RAPPORT_RT_WORKDIR (run-test.sh sets it) or a private temporary one. The
# server is stopped at exit, on TERM and on INT. No secret is ever on a command line.

use strict;
use warnings;

use File::Temp ();
use Getopt::Long ();
use HTTP::Tiny ();
use JSON::PP ();
use MIME::Base64 ();
use Test::More;
use Time::HiRes ();
use Time::Local ();

my %opt;
Getopt::Long::GetOptions (\%opt, 'rt-server=s', 'datafile=s', 'cases=s')
  or die "usage: $0 --rt-server PATH --datafile PATH [--cases PATH]\n";
die "--rt-server and --datafile are required\n" unless $opt{'rt-server'} && $opt{datafile};

my $RT_LIB = '/usr/share/request-tracker5/lib';
my $SETUP = '/usr/sbin/rt-setup-database-5';
my $json = JSON::PP->new->canonical;
my $t0 = Time::HiRes::time ();
my %timing;

my $workdir = $ENV{RAPPORT_RT_WORKDIR};
my $own_workdir;
unless ($workdir) {
  $own_workdir = File::Temp->newdir ('rapport-rt-authority.XXXXXX', TMPDIR => 1);
  $workdir = "$own_workdir";
}

my $started = 0;
sub stop_server
{
  return unless $started;
  $started = 0;
  system ($opt{'rt-server'}, 'stop', $workdir);
}
END
{
  my $status = $?;
  if ($RT::Handle) {
    no warnings 'once';
    $RT::Handle->Disconnect;
    # RT's objects may still log while Perl destroys them; its log outputs are gone by then.
    $RT::Logger = Log::Dispatch->new;
  }
  stop_server ();
  $? = $status;
}
$SIG{TERM} = $SIG{INT} = sub { stop_server (); exit 143 };

sub timed
{
  my ($what, $code) = @_;
  my $start = Time::HiRes::time ();
  my @result = $code->();
  $timing{$what} = Time::HiRes::time () - $start;
  return wantarray ? @result : $result[0];
}

# ---- The server -------------------------------------------------------------------------

my $url = timed ('RT start', sub {
  open my $out, '-|', $opt{'rt-server'}, 'start', $workdir
    or BAIL_OUT ("cannot run rt-server.sh: $!");
  my $line = <$out>;
  close $out;
  BAIL_OUT ("rt-server.sh start failed (exit " . ($? >> 8) . ")") if $? || !$line;
  $started = 1;
  chomp $line;
  $line;
});
$ENV{RT_SITE_CONFIG} = "$workdir/RT_SiteConfig.pm";
$ENV{RT_SITE_CONFIG_DIR} = "$workdir/site-config.d";

sub read_secret
{
  my ($name) = @_;
  open my $fh, '<', "$workdir/$name" or die "$workdir/$name: $!\n";
  my $value = do { local $/; <$fh> };
  $value =~ s/\s+\z//;
  return $value;
}

# Loads a datafile (default: --datafile) as an administrator does; returns (exit status,
# output).
sub load_datafile
{
  my ($file) = @_;
  $file //= $opt{datafile};
  my $pid = open my $out, '-|';
  die "fork: $!\n" unless defined $pid;
  if (!$pid) {
    open STDERR, '>&', \*STDOUT;
    exec ($SETUP, '--action', 'insert', '--datafile', $file) or exit 127;
  }
  my $text = do { local $/; <$out> };
  close $out;
  return ($? >> 8, $text);
}

my ($status, $output) = timed ('datafile, first load', sub { load_datafile () });
is ($status, 0, 'the datafile loads with rt-setup-database-5 --action insert');
like ($output, qr/^Rapport authority: version \d+ installed; queue Money is #\d+$/m,
      'it reports the version it installed');
like ($output, qr/created scrip 'Rapport: ask Rapport Supervisors/, 'it created the approval scrip');
like ($output, qr/created scrip 'Rapport: record a decision on an approval on its money ticket'/,
      'it created the scrip that records decisions');
like ($output, qr/WARNING: system group 'Privileged' has ModifyTicket globally: it can decide approvals/,
      'it warns that Privileged may decide approvals through a global ModifyTicket');
like ($output, qr/WARNING: system group 'Everyone' has CreateTicket globally/,
      'it warns that Everyone may create tickets in ___Approvals');
diag ($output) unless $output =~ /Done inserting data/;

# RT's Perl API in this process, for what REST2 cannot do: users, tokens, rights, and a
# look at the database.
unshift @INC, $RT_LIB;
require RT;
RT::LoadConfig ();
RT::Init ();
my $system = RT->SystemUser;

sub count_named
{
  my ($class, $column, $value) = @_;
  my $collection = "${class}s"->new ($system);
  $collection->Limit (FIELD => $column, VALUE => $value, CASESENSITIVE => 1);
  return $collection->Count;
}

sub snapshot
{
  return join ',', count_named ('RT::Queue', 'Name', 'Money'),
    (map { count_named ('RT::CustomField', 'Name', $_) }
         'Rapport policy', 'Money kind', 'Money amount', 'Money currency', 'Money reason',
         'Money order reference', 'Money customer'),
    count_named ('RT::Template', 'Name', 'Rapport money approval'),
    (map { count_named ('RT::Scrip', 'Description', $_) }
         'Rapport: record the policy verdict on a money action',
         'Rapport: ask Rapport Supervisors to approve an over-limit money action',
         'Rapport: reopen an approval given by the requester or by someone outside '
         . 'Rapport Supervisors',
         'Rapport: record a decision on an approval on its money ticket'),
    (map { count_named ('RT::Group', 'Name', $_) }
         'Rapport Agents', 'Rapport Seniors', 'Rapport Supervisors');
}
is (snapshot (), '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1', 'one queue, 7 fields, 1 template, 4 scrips, 3 groups');

# The administrator's step (docs/administrators.md, "Rights"): ticket rights granted
# globally also reach ___Approvals and the money queue, so they move to the queues that
# need them (here Support).
my $support = RT::Queue->new ($system);
$support->Load ('Support');
my $privileged_group = RT::Group->new ($system);
$privileged_group->LoadSystemInternalGroup ('Privileged');
for my $move ([ 'Privileged', qw(ShowTicket ModifyTicket ReplyToTicket CommentOnTicket
                                  CreateTicket ModifyCustomField) ],
              [ 'Everyone', qw(CreateTicket) ]) {
  my ($group_name, @rights) = @$move;
  my $group = RT::Group->new ($system);
  $group->LoadSystemInternalGroup ($group_name);
  for my $right (@rights) {
    my ($ok, $msg) = $group->PrincipalObj->RevokeRight (Right => $right, Object => RT->System);
    die "revoke $right from $group_name: $msg\n" unless $ok;
    ($ok, $msg) = $group->PrincipalObj->GrantRight (Right => $right, Object => $support);
    die "grant $right to $group_name on Support: $msg\n" unless $ok;
  }
}

($status, $output) = timed ('datafile, second load', sub { load_datafile () });
is ($status, 0, 'loading the datafile again succeeds (the upgrade path)');
like ($output, qr/version \d+ installed \(was \d+\)/, 'the second load says which version it replaced');
unlike ($output, qr/created|updated/, 'the second load creates and updates nothing');
unlike ($output, qr/WARNING/, 'after the administrator\'s step nobody else may act on approvals');
diag ($output) if $output =~ /WARNING/;
is (snapshot (), '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1', 'nothing was duplicated');

# People: two agents, a senior, two supervisors, each with an API token; sam.agent (from
# rt-server.sh) is in no Rapport group.
my %token = (root => read_secret ('token-root'), sam => read_secret ('token-sam'));
my %password;
my %user_id;
my $root = RT::User->new ($system);
$root->Load ('root');
my $as_root = RT::CurrentUser->new ($root);
for my $p ([ 'ana', 'ana.agent', 'Rapport Agents' ],
           [ 'ben', 'ben.agent', 'Rapport Agents' ],
           [ 'cy', 'cy.agent', 'Rapport Agents' ],
           [ 'sol', 'sol.senior', 'Rapport Seniors' ],
           [ 'vic', 'vic.supervisor', 'Rapport Supervisors' ],
           [ 'wes', 'wes.supervisor', 'Rapport Supervisors' ]) {
  my ($key, $name, $group_name) = @$p;
  $password{$key} = join '', map { ('a' .. 'z', 0 .. 9)[rand 36] } 1 .. 24;
  my $user = RT::User->new ($system);
  my ($ok, $msg) = $user->Create (Name => $name, EmailAddress => "$name\@helpdesk.example",
                                  RealName => ucfirst ($key), Privileged => 1,
                                  Timezone => 'UTC', Password => $password{$key});
  die "user $name: $msg\n" unless $ok;
  $user_id{$key} = $user->id;
  my $group = RT::Group->new ($system);
  $group->LoadUserDefinedGroup ($group_name);
  ($ok, $msg) = $group->AddMember ($user->PrincipalId);
  die "$name in $group_name: $msg\n" unless $ok;
  my ($id, $tmsg, $secret) = RT::AuthToken->new ($as_root)->Create (
    Owner => $user->id, Description => 'Rapport authority test');
  die "token for $name: $tmsg\n" unless $id;
  $token{$key} = $secret;
}

# ---- REST2 ------------------------------------------------------------------------------

my $http = HTTP::Tiny->new (agent => 'rapport-authority-test', timeout => 60);

# (status, decoded body, headers) of a REST2 call as $who (a token key, or
# [ 'basic', key, user name ] for a password).
sub rest
{
  my ($who, $method, $path, $body, %headers) = @_;
  my $auth = ref $who
    ? 'Basic ' . MIME::Base64::encode_base64 ("$who->[2]:$password{$who->[1]}", '')
    : "token $token{$who}";
  $headers{Authorization} = $auth;
  my %request = (headers => \%headers);
  if (defined $body || $method eq 'POST' || $method eq 'PUT') {
    $headers{'Content-Type'} = 'application/json';
    $request{content} = ref $body ? $json->encode ($body) : ($body // '{}');
  }
  my $r = $http->request ($method, "$url/REST/2.0/$path", \%request);
  my $data = eval { $json->decode ($r->{content}) } if length ($r->{content} // '');
  return ($r->{status}, $data, $r->{headers});
}

sub server_ticket
{
  my ($id) = @_;
  my ($code, $data, $headers) = rest ('root', 'GET', "ticket/$id");
  die "GET ticket/$id as root: $code\n" unless $code == 200;
  return wantarray ? ($data, $headers->{etag}) : $data;
}

sub links_of
{
  my ($ticket, $ref) = @_;
  return map { $_->{id} } grep { $_->{ref} eq $ref && ($_->{type} // '') eq 'ticket' }
         @{ $ticket->{_hyperlinks} };
}

sub history
{
  my ($id) = @_;
  my ($code, $data) = rest ('root', 'GET',
    "ticket/$id/history?per_page=100&fields=Type,Creator,Data,Field,OldValue,NewValue,Created");
  die "history of $id: $code\n" unless $code == 200;
  return @{ $data->{items} };
}

# The verdict the scrip recorded: (verdict, reason, text) of the newest "Rapport policy
# verdict" comment on the money ticket.
sub verdict_of
{
  my ($id) = @_;
  for my $txn (reverse history ($id)) {
    next unless $txn->{Type} eq 'Comment';
    my ($code, $data) = rest ('root', 'GET', "transaction/$txn->{id}/attachments");
    for my $ref (@{ $data->{items} // [] }) {
      my (undef, $attachment) = rest ('root', 'GET', "attachment/$ref->{id}");
      my $text = MIME::Base64::decode_base64 ($attachment->{Content} // '');
      return ($1, $2, $text) if $text =~ /Rapport policy verdict: (\w+) \((\w+)\)/;
    }
  }
  return ('', '', '');
}

# The newest "this approval does not count" comment on a ticket.
sub verdict_of_guard
{
  my ($id) = @_;
  for my $txn (reverse history ($id)) {
    next unless $txn->{Type} eq 'Comment';
    my ($code, $data) = rest ('root', 'GET', "transaction/$txn->{id}/attachments");
    for my $ref (@{ $data->{items} // [] }) {
      my (undef, $attachment) = rest ('root', 'GET', "attachment/$ref->{id}");
      my $text = MIME::Base64::decode_base64 ($attachment->{Content} // '');
      return ($text) if $text =~ /this approval does not count/;
    }
  }
  return ('');
}

# The decision records on a money ticket as $who reads them: [ creator, text ] of each
# comment whose text starts with "Rapport decision: ", oldest first.
sub records_of
{
  my ($id, $who) = @_;
  $who //= 'root';
  my ($code, $data) = rest ($who, 'GET',
    "ticket/$id/history?per_page=100&fields=Type,Creator");
  die "history of $id as $who: $code\n" unless $code == 200;
  my @records;
  for my $txn (@{ $data->{items} }) {
    next unless $txn->{Type} eq 'Comment';
    my (undef, $parts) = rest ($who, 'GET', "transaction/$txn->{id}/attachments");
    for my $ref (@{ $parts->{items} // [] }) {
      my ($c, $attachment) = rest ($who, 'GET', "attachment/$ref->{id}");
      next unless $c == 200;
      my $text = MIME::Base64::decode_base64 ($attachment->{Content} // '');
      push @records, [ $txn->{Creator}{id}, $text ] if $text =~ /\ARapport decision: /;
    }
  }
  return @records;
}

# The record RT_System wrote for $approval on money ticket $id, read as $who (default: the
# requester ana): (decision, decider's id, decider's name, real name, note), or () when none.
sub record_for
{
  my ($id, $approval, $who) = @_;
  my @found;
  for my $record (records_of ($id, $who // 'ana')) {
    my ($creator, $text) = @$record;
    next unless $creator eq 'RT_System';
    my @part = $text =~ m{\ARapport\ decision:\ (approved|rejected);\ approval\ (\d+);
                          \ at\ (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ);\ by\ (\d+)\ ([^\n]+)\n
                          Decider:\ ([^\n]+)\nNote:\n(.*)\z}xs;
    next unless @part && $part[1] == $approval;
    @found = (@part[0, 3, 4, 5], $part[6] =~ s/\s+\z//r);
  }
  return @found;
}

my $support_ticket = do {
  my ($code, $data) = rest ('root', 'POST', 'ticket', {
    Queue => 'Support', Subject => 'Charged twice', Requestor => 'chloe@example.com',
    Content => 'I was charged twice for my order 1042.', ContentType => 'text/plain' });
  die "support ticket: $code\n" unless $code == 201;
  $data->{id};
};

# A 250.00 refund made through RT's web UI as $key (logged in with the password): the
# create form of the money queue, filled in and submitted as a browser does. Returns the new
# ticket's id, or undef.
sub web_create
{
  my ($key, $name, %cf_id) = @_;
  my $web = HTTP::Tiny->new (agent => 'rapport-authority-test', timeout => 60,
                             max_redirect => 0);
  my $form = sub { $web->www_form_urlencode ({ @_ }) };
  my $r = $web->request ('POST', "$url/NoAuth/Login.html", {
    headers => { 'Content-Type' => 'application/x-www-form-urlencoded', Referer => "$url/" },
    content => $form->(user => $name, pass => $password{$key}) });
  my @set = map { ref $_ ? @$_ : $_ } $r->{headers}{'set-cookie'} // ();
  my $cookie = join '; ', map { (split /;/, $_)[0] } @set;
  return undef unless $cookie;
  my $queue = RT::Queue->new ($system);
  $queue->Load ('Money');
  $r = $web->get ("$url/Ticket/Create.html?Queue=" . $queue->id,
                  { headers => { Cookie => $cookie, Referer => "$url/" } });
  my ($token) = $r->{content} =~ /name="Token" value="([0-9a-f]+)"/ or return undef;
  my $field = sub {
    my ($cf, $value) = @_;
    my $key = "Object-RT::Ticket--CustomField-$cf_id{$cf}-" . ($cf eq 'Money kind' ? 'Values' : 'Value');
    return ($key => $value, "$key-Magic" => 1);
  };
  $r = $web->request ('POST', "$url/Ticket/Create.html", {
    headers => { 'Content-Type' => 'application/x-www-form-urlencoded', Cookie => $cookie,
                 Referer => "$url/Ticket/Create.html?Queue=" . $queue->id },
    content => $form->(
      id => 'new', Token => $token, Queue => $queue->id, Subject => 'refund from the web UI',
      Requestors => '', Content => 'Refund typed into the web UI', 'RefersTo-new' => $support_ticket,
      $field->('Money kind', 'refund'), $field->('Money amount', '250.00'),
      $field->('Money currency', 'USD'), $field->('Money reason', 'broken in transit'),
      $field->('Money customer', 'w1@example.com'), SubmitTicket => 'Create') });
  return ($r->{headers}{location} // '') =~ /Display\.html\?id=(\d+)/ ? $1 : undef;
}

my $money_count = 0;
# A money ticket as $who; returns (status, id).
sub money
{
  my ($who, %m) = @_;
  $money_count++;
  my %cf = ('Money kind' => $m{kind} // 'refund', 'Money amount' => $m{amount},
            'Money currency' => $m{currency} // 'USD',
            'Money reason' => $m{reason} // 'Damaged on arrival',
            'Money customer' => $m{customer},
            ($m{order} ? ('Money order reference' => $m{order}) : ()));
  my ($code, $data) = rest ($who, 'POST', 'ticket', {
    Queue => 'Money', Subject => "$cf{'Money kind'} $m{amount} for $m{customer}",
    Content => $m{content} // 'Refund requested by phone.', ContentType => 'text/plain',
    CustomFields => $m{fields} // \%cf, RefersTo => $support_ticket, %{ $m{links} // {} } });
  return ($code, $data ? $data->{id} : undef);
}

# ---- The limits, as an agent reads them -------------------------------------------------

my $policy_text = do {
  my $path = $opt{datafile};
  $path =~ s{[^/]+\z}{policy-defaults.json};
  open my $fh, '<', $path or die "$path: $!\n";
  local $/;
  <$fh>;
};
my $policy_file = $json->decode ($policy_text);
{
  my ($code, $queue) = rest ('ana', 'GET', 'queue/Money');
  is ($code, 200, 'an agent reads GET /REST/2.0/queue/Money');
  my ($cf) = grep { $_->{name} eq 'Rapport policy' } @{ $queue->{CustomFields} // [] };
  ok ($cf && @{ $cf->{values} } == 1, 'it holds one "Rapport policy" value');
  is_deeply ($cf ? $json->decode ($cf->{values}[0]) : undef, $policy_file,
             'the policy an agent reads is policy-defaults.json');
  ($code, my $me) = rest ('ana', 'GET', "user/$user_id{ana}");
  my @groups = map { $_->{id} } @{ $me->{Memberships} // [] };
  is (scalar @groups, 1, 'an agent sees her one group in GET /user/<me> Memberships');
  ($code, my $group) = rest ('ana', 'GET', "group/$groups[0]");
  is ("$code $group->{Name}", '200 Rapport Agents', 'and reads its name with GET /group/<id>');
}

# ---- Verdicts ---------------------------------------------------------------------------

my %approval_of;  # money ticket id -> its approval's id
my %special;      # what -> [ money ticket id, approval id ]
my %allowed;      # money ticket ids allowed at creation
sub check_approval
{
  my ($what, $id) = @_;
  my $top = server_ticket ($id);
  my @deps = links_of ($top, 'depends-on');
  is (scalar @deps, 1, "$what: the money ticket depends on one approval");
  return unless @deps;
  my $approval = server_ticket ($deps[0]);
  is (join (' ', map { $approval->{$_} } qw(Type Status)), 'approval open',
      "$what: it is an open approval");
  my $queue = RT::Queue->new ($system);
  $queue->Load ($approval->{Queue}{id});
  is ($queue->Name, '___Approvals', "$what: in ___Approvals");
  my $supervisors = RT::Group->new ($system);
  $supervisors->LoadUserDefinedGroup ('Rapport Supervisors');
  is (join (',', map { "$_->{type}:$_->{id}" } @{ $approval->{AdminCc} // [] }),
      'group:' . $supervisors->id, "$what: its AdminCc is the Rapport Supervisors group");
  is ($top->{Status}, 'new', "$what: the money ticket waits, status new");
  $approval_of{$id} = $deps[0];
  return $deps[0];
}

sub check_no_approval
{
  my ($what, $id, $reason) = @_;
  my $top = server_ticket ($id);
  is (scalar (links_of ($top, 'depends-on')), 0, "$what: no approval");
  my ($verdict, $why) = verdict_of ($id);
  is ("$verdict $why", "allowed $reason", "$what: RT recorded the verdict allowed");
  $allowed{$id} = 1;
}

my ($code, $id);
timed ('verdicts', sub {
  ($code, $id) = money ('ana', amount => '50.00', customer => 'c1@example.com', order => 'A-1');
  is ($code, 201, 'within the limit: an agent creates a 50.00 refund');
  check_no_approval ('within the limit', $id, 'none');
  my ($c, $mine) = rest ('ana', 'GET', "ticket/$id");
  my %cf = map { $_->{name} => $_->{values}[0] } @{ $mine->{CustomFields} };
  is (join ('|', @cf{'Money kind', 'Money amount', 'Money currency', 'Money customer',
                     'Money order reference'}), 'refund|50.00|USD|c1@example.com|A-1',
      'within the limit: the agent reads her record back');
  is_deeply ([ links_of ($mine, 'refers-to') ], [ $support_ticket ],
             'within the limit: it refers to the customer\'s ticket');

  ($code, $id) = money ('ana', amount => '50.01', customer => 'c2@example.com');
  is ($code, 201, 'over the single limit: an agent creates a 50.01 refund');
  check_approval ('over the agent limit', $id);
  is ((verdict_of ($id))[0], 'needs_approval', 'over the agent limit: verdict recorded');
  like ((verdict_of ($id))[2], qr/0\.01 USD over the agent refund limit of 50\.00 USD/,
        'over the agent limit: the note says by how much');

  ($code, $id) = money ('ana', kind => 'credit', amount => '25.01', customer => 'c2b@example.com');
  check_approval ('credit over the agent credit limit', $id);

  ($code, $id) = money ('sol', amount => '150.00', customer => 'c3@example.com');
  is ($code, 201, 'a senior creates a 150.00 refund');
  check_no_approval ('a senior within the senior limit', $id, 'none');
  ($code, $id) = money ('sol', amount => '200.01', customer => 'c3b@example.com');
  check_approval ('a senior over the senior limit', $id);

  # The customer's 30-day total: 40 + 40 > 75.
  ($code, $id) = money ('ana', amount => '40.00', customer => 'c4@example.com');
  check_no_approval ('customer total 40.00 of 75.00', $id, 'none');
  ($code, $id) = money ('ana', amount => '40.00', customer => 'C4@Example.com ');
  check_approval ('customer total crossing 75.00 (same address, other case)', $id);
  is ((verdict_of ($id))[1], 'customer_window', 'the reason is the customer\'s window');

  # The agent's day: 4 x 50.00 = 200.00 is at the limit; 0.01 more is over.
  for my $n (1 .. 4) {
    ($code, $id) = money ('ben', amount => '50.00', customer => "d$n\@example.com");
  }
  check_no_approval ('agent day total exactly 200.00', $id, 'none');
  ($code, $id) = money ('ben', amount => '0.01', customer => 'd5@example.com');
  check_approval ('agent day total crossing 200.00', $id);
  is ((verdict_of ($id))[1], 'agent_day', 'the reason is the agent\'s day');

  # A waiting request counts toward the customer's total: 40 + 40 (waiting) + 30 > 75.
  ($code, $id) = money ('cy', amount => '40.00', customer => 'g1@example.com');
  check_no_approval ('customer g1 at 40.00', $id, 'none');
  ($code, $id) = money ('cy', amount => '40.00', customer => 'g1@example.com');
  $special{rejected} = [ $id, check_approval ('customer g1 crossing 75.00', $id) ];
  ($code, $id) = money ('cy', amount => '30.00', customer => 'g1@example.com');
  check_approval ('customer g1: the waiting 40.00 counts', $id);
  is ((verdict_of ($id))[1], 'customer_window', 'customer g1: the reason is the customer\'s window');

  # A supervisor over a supervisor's limit needs another supervisor.
  ($code, $id) = money ('vic', amount => '2000.01', customer => 'h1@example.com');
  $special{own} = [ $id, check_approval ('a supervisor over the supervisor limit', $id) ];

  # Outside Rapport: a raw REST2 POST with basic auth and custom field ids, and RT's own
  # Perl API as the agent (what the web UI calls).
  my %cf_id;
  for my $name ('Money kind', 'Money amount', 'Money currency', 'Money reason', 'Money customer') {
    my $cf = RT::CustomField->new ($system);
    $cf->LoadByName (Name => $name, LookupType => RT::Ticket->CustomFieldLookupType);
    $cf_id{$name} = $cf->id;
  }
  ($code, $id) = money ([ 'basic', 'ana', 'ana.agent' ], amount => '500', customer => 'e1@example.com',
                        fields => { $cf_id{'Money kind'} => 'refund', $cf_id{'Money amount'} => '500',
                                    $cf_id{'Money currency'} => 'USD',
                                    $cf_id{'Money reason'} => 'goodwill',
                                    $cf_id{'Money customer'} => 'e1@example.com' });
  is ($code, 201, 'a raw REST2 POST (basic auth, field ids) creates a 500 refund');
  check_approval ('raw REST2 over the limit', $id);

  my $ana = RT::User->new ($system);
  $ana->Load ('ana.agent');
  my $web = RT::Ticket->new (RT::CurrentUser->new ($ana));
  my ($web_id, undef, $msg) = $web->Create (
    Queue => 'Money', Subject => 'refund from the web UI',
    "CustomField-$cf_id{'Money kind'}" => 'refund', "CustomField-$cf_id{'Money amount'}" => '300.00',
    "CustomField-$cf_id{'Money currency'}" => 'USD', "CustomField-$cf_id{'Money reason'}" => 'late',
    "CustomField-$cf_id{'Money customer'}" => 'e2@example.com');
  ok ($web_id, 'RT\'s Perl API as the agent creates a 300.00 refund')
    or diag ($msg);
  check_approval ('RT\'s Perl API over the limit', $web_id);

  # RT's web UI itself: log in, open the create form of the money queue, submit it.
  my $web_ticket = web_create ('ana', 'ana.agent', %cf_id);
  ok ($web_ticket, 'an agent creates a 250.00 refund with the web UI\'s create form');
  check_approval ('the web UI over the limit', $web_ticket) if $web_ticket;
});

# ---- Denied at once ---------------------------------------------------------------------

timed ('denials', sub {
  my ($c) = money ('sam', amount => '1.00', customer => 'f0@example.com');
  is ($c, 403, 'a privileged user in no Rapport group cannot create money tickets');
  # A site that lets every privileged user create tickets in every queue: RT still denies.
  my $money_queue = RT::Queue->new ($system);
  $money_queue->Load ('Money');
  for my $right (qw(SeeQueue CreateTicket ShowTicket SetInitialCustomField)) {
    my ($ok, $msg) = $privileged_group->PrincipalObj->GrantRight (Right => $right,
                                                                  Object => $money_queue);
    die "grant $right on Money: $msg\n" unless $ok;
  }
  for my $case ([ 'sam', { amount => '1.00', customer => 'f1@example.com' }, 'role',
                  'a privileged user in no Rapport group, given create rights on Money' ],
                [ 'ana', { amount => '10.00', currency => 'EUR', customer => 'f2@example.com' },
                  'currency', 'another currency' ],
                [ 'ana', { amount => '10.001', customer => 'f3@example.com' }, 'amount',
                  'too many decimals' ],
                [ 'ana', { amount => '0', customer => 'f4@example.com' }, 'amount', 'zero' ],
                [ 'ana', { amount => '99999999999999999999', customer => 'f5@example.com' },
                  'amount', 'overflow' ],
                [ 'ana', { amount => '10.00', kind => 'bonus', customer => 'f6@example.com' },
                  'record', 'an unknown kind' ],
                [ 'ana', { amount => 'abc', customer => 'f7@example.com' }, 'amount',
                  'not a number (the field refuses it, so there is no amount)' ],
                [ 'ana', { amount => '-5.00', customer => 'f8@example.com' }, 'amount',
                  'a negative amount' ],
                [ 'ana', { amount => '10.00', currency => 'usd', customer => 'f9@example.com' },
                  'currency', 'a lower-case currency (the field refuses it)' ]) {
    my ($who, $m, $reason, $what) = @$case;
    my ($code, $tid) = money ($who, %$m);
    is ($code, 201, "$what: RT creates the ticket");
    next unless $tid;
    my $t = server_ticket ($tid);
    my ($verdict, $why) = verdict_of ($tid);
    is ("$t->{Status} $verdict $why", "rejected denied $reason", "$what: rejected at once ($reason)");
    is (scalar (links_of ($t, 'depends-on')), 0, "$what: no approval is asked");
  }
  for my $right (qw(SeeQueue CreateTicket ShowTicket SetInitialCustomField)) {
    $privileged_group->PrincipalObj->RevokeRight (Right => $right, Object => $money_queue);
  }
});

# ---- Who may decide: attempts that must change nothing ----------------------------------

my @pending = sort { $a <=> $b } keys %approval_of;
my $victim = $pending[0];
my $victim_approval = $approval_of{$victim};
# What RT answered, for the test names: "403 Forbidden", "200 Ticket 5: Permission Denied".
sub said
{
  my ($code, $body) = @_;
  my $text = ref $body eq 'ARRAY' ? join ('; ', @$body)
           : ref $body eq 'HASH'  ? ($body->{message} // '')
           : '';
  return "$code $text" =~ s/\s+\z//r;
}

sub refused
{
  my ($code, $body) = @_;
  return $code == 403 || ($code == 200 && ref $body eq 'ARRAY'
                          && !grep { !/Permission Denied|No permission/ } @$body);
}

timed ('bypass attempts', sub {
  for my $who ([ 'ana', 'an agent' ], [ 'sol', 'a senior' ]) {
    my ($c, $body) = rest ($who->[0], 'PUT', "ticket/$victim_approval", { Status => 'resolved' });
    ok (refused ($c, $body), "$who->[1] cannot resolve an approval: " . said ($c, $body));
    ($c, $body) = rest ($who->[0], 'PUT', "ticket/$victim_approval", { Status => 'rejected' });
    ok (refused ($c, $body), "$who->[1] cannot reject an approval: " . said ($c, $body));
  }
  my $before = scalar history ($victim_approval);
  my ($c, $body) = rest ('ana', 'POST', "ticket/$victim_approval/correspond",
                         { Content => 'approved by me', ContentType => 'text/plain' });
  ok ($c >= 400 && $c < 500, "an agent cannot write the approver's notes: " . said ($c, $body));
  is (scalar history ($victim_approval), $before, 'nothing was added to the approval');
  ($c, $body) = rest ('ana', 'GET', "ticket/$victim_approval");
  is ($c, 403, 'an agent cannot read an approval: ' . said ($c, $body));
  ($c, $body) = rest ('ana', 'PUT', "ticket/$victim", { DeleteDependsOn => [ $victim_approval ] });
  ok (refused ($c, $body), 'an agent cannot unlink the approval: ' . said ($c, $body));
  ($c, $body) = rest ('ana', 'PUT', "ticket/$victim", { Status => 'open' });
  ok (refused ($c, $body), 'an agent cannot open her waiting money ticket: ' . said ($c, $body));
  my ($amount_code, $amount_body) = rest ('ana', 'PUT', "ticket/$victim",
                                          { CustomFields => { 'Money amount' => '1.00' } });
  my $top = server_ticket ($victim);
  is_deeply ([ links_of ($top, 'depends-on') ], [ $victim_approval ],
             'the money ticket still depends on its approval');
  is ($top->{Status}, 'new', 'it is still waiting (new)');
  my %cf = map { $_->{name} => $_->{values}[0] } @{ $top->{CustomFields} };
  is ($cf{'Money amount'}, '50.01', 'an agent cannot change its amount: '
                                    . said ($amount_code, $amount_body));
  my $approval = server_ticket ($victim_approval);
  is ($approval->{Status}, 'open', 'the approval is still open after all this');

  my $supervisors = RT::Group->new ($system);
  $supervisors->LoadUserDefinedGroup ('Rapport Supervisors');
  ($c) = rest ('ana', 'PUT', 'group/' . $supervisors->id . '/members', [ 'ana.agent' ]);
  my $ana = RT::User->new ($system);
  $ana->Load ('ana.agent');
  ok (!$supervisors->HasMemberRecursively ($ana->PrincipalObj),
      "an agent cannot join Rapport Supervisors ($c)");

  my $policy_text = $json->encode ({ %$policy_file, roles => { %{ $policy_file->{roles} },
    agent => $policy_file->{roles}{supervisor} } });
  ($c) = rest ('ana', 'PUT', 'queue/Money', { CustomFields => { 'Rapport policy' => $policy_text } });
  my ($c2, $queue) = rest ('root', 'GET', 'queue/Money');
  my ($cf) = grep { $_->{name} eq 'Rapport policy' } @{ $queue->{CustomFields} };
  is_deeply ($json->decode ($cf->{values}[0]), $policy_file,
             "an agent cannot raise her own limits in the policy ($c)");

  ($c) = rest ('ana', 'POST', 'ticket', { Queue => '___Approvals', Subject => 'fake approval',
                                          Type => 'approval' });
  is ($c, 403, 'an agent cannot create tickets in ___Approvals');

  # Created as if already done: it still waits.
  my ($done_code, $done) = money ('ana', amount => '70.00', customer => 'm1@example.com',
                                  links => { Status => 'resolved' });
  check_approval ('an over-limit request created with status resolved', $done);

  # A ticket moved into the money queue is evaluated: without money fields it is denied.
  ($c, $body) = rest ('ana', 'POST', 'ticket', { Queue => 'Support', Subject => 'to be moved',
                                                 Content => 'x', ContentType => 'text/plain' });
  my $moved = $body->{id};
  ($c, $body) = rest ('ana', 'PUT', "ticket/$moved", { Queue => 'Money' });
  my $t = server_ticket ($moved);
  my ($verdict, $why) = verdict_of ($moved);
  if ($t->{Queue}{id} == $support->id) {
    pass ('an agent cannot move a ticket into the money queue');
  } else {
    is ("$t->{Status} $verdict $why", 'rejected denied record',
        'a ticket moved into the money queue without money fields is rejected at once');
  }

  # A later change of a money field (here by an administrator) is evaluated again.
  my $within = (sort { $a <=> $b } grep { !$approval_of{$_} } keys %allowed)[0];
  ($c) = rest ('root', 'PUT', "ticket/$within", { CustomFields => { 'Money amount' => '60.00' } });
  check_approval ('an amount raised after creation', $within);
});

# ---- Decisions --------------------------------------------------------------------------

# A supervisor's decision as the web UI makes it: a reply (the note), then the status with
# the approval's current ETag.
sub decide
{
  my ($who, $approval, $status, $note) = @_;
  my ($c) = rest ($who, 'POST', "ticket/$approval/correspond",
                  { Content => $note, ContentType => 'text/plain' });
  die "note on $approval: $c\n" unless $c == 201;
  my (undef, undef, $headers) = rest ($who, 'GET', "ticket/$approval");
  return rest ($who, 'PUT', "ticket/$approval", { Status => $status },
               'If-Match' => $headers->{etag});
}

sub has_correspond
{
  my ($id, $subject) = @_;
  return grep { $_->{Type} eq 'Correspond' && ($_->{Data} // '') =~ /^\Q$subject\E/
                && $_->{Creator}{id} eq 'RT_System' } history ($id);
}

timed ('decisions', sub {
  my ($c, $body) = decide ('vic', $victim_approval, 'resolved', 'Approved: damaged twice');
  is ($c, 200, 'a supervisor approves with the approval\'s ETag');
  is (server_ticket ($victim_approval)->{Status}, 'resolved', 'the approval is resolved');
  is (server_ticket ($victim)->{Status}, 'open', 'the money ticket is opened by RT');
  ok (has_correspond ($victim, 'Ticket Approved:'), 'RT wrote "Ticket Approved" on the money ticket');
  my ($decision) = grep { $_->{Type} eq 'Status' && $_->{NewValue} eq 'resolved' }
                   history ($victim_approval);
  is ($decision->{Creator}{id}, 'vic.supervisor', 'the approval\'s history names the supervisor');
  is_deeply ([ record_for ($victim, $victim_approval) ],
             [ 'approved', $user_id{vic}, 'vic.supervisor', 'Vic', 'Approved: damaged twice' ],
             'the requester reads the decision record: approved, by whom, with the note');
  my @history = history ($victim);
  my ($record_txn) = grep { $_->{Type} eq 'Comment' && $_->{Creator}{id} eq 'RT_System' } reverse @history;
  my ($approved_txn) = grep { $_->{Type} eq 'Correspond' } @history;
  ok ($record_txn->{id} < $approved_txn->{id}, 'the record comes before RT\'s own reply');
  # Anyone who may comment on the money ticket can write the same words; only RT_System's
  # comment is the record.
  my ($forge_code) = rest ('ana', 'POST', "ticket/$victim/comment", {
    Content => "Rapport decision: approved; approval $victim_approval; at "
               . "2030-01-01T00:00:00Z; by $user_id{wes} wes.supervisor\nDecider: Wes\nNote:\n",
    ContentType => 'text/plain' });
  is ($forge_code, 201, 'the requester can comment on her money ticket');
  my ($forged) = grep { $_->[1] =~ /2030-01-01/ } records_of ($victim);
  is ($forged->[0], 'ana.agent', 'but her words are hers, not RT_System\'s');
  is_deeply ([ (record_for ($victim, $victim_approval))[0, 2] ], [ 'approved', 'vic.supervisor' ],
             'and the record still says vic.supervisor');

  # An approval covers the amount it was given for: raising it afterwards (here an
  # administrator) asks again, and the money ticket waits again.
  ($c) = rest ('root', 'PUT', "ticket/$victim", { CustomFields => { 'Money amount' => '500.00' } });
  my @after = links_of (scalar server_ticket ($victim), 'depends-on');
  my @still_open = grep { server_ticket ($_)->{Status} eq 'open' } @after;
  is (join (' ', scalar (@after), scalar (@still_open), server_ticket ($victim)->{Status}),
      '2 1 new', 'an approved amount raised afterwards needs a new approval and waits again');
  my ($second) = grep { $_ != $victim_approval } @after;
  is_deeply ([ record_for ($victim, $second) ], [], 'the new approval has no record yet');
  ($c) = decide ('wes', $second, 'rejected', 'Rejected: 500.00 is too much');
  is ($c, 200, 'another supervisor rejects the second approval');
  is_deeply ([ (record_for ($victim, $second))[0, 2, 4] ],
             [ 'rejected', 'wes.supervisor', 'Rejected: 500.00 is too much' ],
             'two approvals on one money ticket: each has its own record');
  is ((record_for ($victim, $victim_approval))[0], 'approved', 'the first one\'s is unchanged');

  # An over-limit request that claims someone else's granted approval still gets its own.
  ($c, my $claim) = money ('ana', amount => '60.00', customer => 'k1@example.com',
                           links => { DependsOn => [ $victim_approval ] });
  my @deps = links_of (scalar server_ticket ($claim), 'depends-on');
  my @open = grep { server_ticket ($_)->{Status} eq 'open' } @deps;
  is (join (' ', scalar (@deps), scalar (@open), server_ticket ($claim)->{Status}), '1 1 new',
      'a request that names a granted approval as its dependency: the link is refused '
      . 'and it waits for its own approval');

  my ($top, $approval) = @{ $special{rejected} };
  ($c) = decide ('wes', $approval, 'rejected', 'Rejected: no proof of damage');
  is ($c, 200, 'another supervisor rejects');
  is (server_ticket ($approval)->{Status}, 'rejected', 'the approval is rejected');
  is (server_ticket ($top)->{Status}, 'rejected', 'the money ticket is rejected by RT');
  ok (has_correspond ($top, 'Ticket Rejected:'), 'RT wrote "Ticket Rejected" on the money ticket');
  is_deeply ([ record_for ($top, $approval) ],
             [ 'rejected', $user_id{wes}, 'wes.supervisor', 'Wes', 'Rejected: no proof of damage' ],
             'the requester reads the rejection with the note');
  # g1 now has 40.00 and 30.00 (waiting) that count; the rejected 40.00 does not.
  ($c, my $id) = money ('cy', amount => '5.00', customer => 'g1@example.com');
  check_no_approval ('customer g1 at exactly 75.00 once the rejected request stops counting',
                     $id, 'none');

  my $other = $approval_of{$pending[1]};
  my (undef, undef, $headers) = rest ('vic', 'GET', "ticket/$other");
  my $stale = $headers->{etag};
  ($c) = rest ('wes', 'POST', "ticket/$other/correspond",
               { Content => 'Looking into it', ContentType => 'text/plain' });
  is ($c, 201, 'another supervisor writes a note meanwhile');
  ($c) = rest ('vic', 'PUT', "ticket/$other", { Status => 'resolved' }, 'If-Match' => $stale);
  is ($c, 412, 'a decision with a stale ETag is refused with 412');
  is (server_ticket ($other)->{Status}, 'open', 'and the approval stays open');

  # RT itself would let a supervisor approve their own request, or anyone with ModifyTicket
  # on ___Approvals approve; the guard scrip reopens such an approval at once.
  ($top, $approval) = @{ $special{own} };
  ($c) = decide ('vic', $approval, 'resolved', 'Approving my own');
  is ($c, 200, 'RT accepts a supervisor resolving the approval of their own request');
  is (server_ticket ($approval)->{Status} . ' ' . server_ticket ($top)->{Status}, 'open new',
      'but the approval is reopened and the money ticket still waits');
  like ((verdict_of_guard ($top))[0], qr/vic\.supervisor requested it and cannot approve it/,
        'the money ticket says why the approval does not count');
  is_deeply ([ (record_for ($top, $approval, 'vic'))[0, 2, 4] ],
             [ 'approved', 'vic.supervisor', 'Approving my own' ],
             'the record says who approved, for the client to find that it does not count');

  my $senior_target = $approval_of{$pending[3]};
  my $approvals_queue = RT::Queue->new ($system);
  $approvals_queue->Load ('___Approvals');
  my $sol = RT::User->new ($system);
  $sol->Load ('sol.senior');
  for my $right (qw(ShowTicket ModifyTicket ReplyToTicket)) {
    $sol->PrincipalObj->GrantRight (Right => $right, Object => $approvals_queue);
  }
  ($c) = decide ('sol', $senior_target, 'resolved', 'I can do this too');
  is ($c, 200, 'a senior given ModifyTicket on ___Approvals by mistake resolves an approval');
  is (server_ticket ($senior_target)->{Status} . ' ' . server_ticket ($pending[3])->{Status},
      'open new', 'but the approval is reopened and the money ticket still waits');
  like ((verdict_of_guard ($pending[3]))[0], qr/sol\.senior is not in Rapport Supervisors/,
        'the money ticket says why');
  is_deeply ([ (record_for ($pending[3], $senior_target))[0, 2] ], [ 'approved', 'sol.senior' ],
             'the record names the senior');
  for my $right (qw(ShowTicket ModifyTicket ReplyToTicket)) {
    $sol->PrincipalObj->RevokeRight (Right => $right, Object => $approvals_queue);
  }
});

# ---- Upgrading from version 1 ------------------------------------------------------------

# Version 1 had no decision scrip: an RT it was loaded into is this one with that scrip gone
# and version 1 recorded. Decisions made there have no record until the upgrade writes them.
my $decision_scrip = 'Rapport: record a decision on an approval on its money ticket';
timed ('upgrade from version 1', sub {
  my $scrips = RT::Scrips->new ($system);
  $scrips->FindAllRows;
  $scrips->Limit (FIELD => 'Description', VALUE => $decision_scrip, CASESENSITIVE => 1);
  my ($ok, $msg) = $scrips->First->Delete;
  ok ($ok, "the decision scrip is deleted, as in version 1 ($msg)");
  ($ok, $msg) = RT->System->SetAttribute (Name => 'RapportAuthority',
                                          Description => 'Version of rapport-authority.pl installed',
                                          Content => { version => 1 });
  ok ($ok, "version 1 is recorded ($msg)");

  my ($c, $id) = money ('ana', amount => '58.00', customer => 'u1@example.com');
  my $approval = check_approval ('a request under version 1', $id);
  ($c) = decide ('vic', $approval, 'resolved', 'Approved before the upgrade');
  is ($c, 200, 'a supervisor approves under version 1');
  is (server_ticket ($id)->{Status}, 'open', 'RT opens the money ticket');
  is_deeply ([ record_for ($id, $approval) ], [], 'version 1 writes no decision record');

  my ($st, $out) = load_datafile ();
  is ($st, 0, 'the upgrade loads');
  like ($out, qr/version 2 installed \(was 1\)/, 'it says it upgraded version 1');
  like ($out, qr/created scrip '\Q$decision_scrip\E'/, 'it created the decision scrip');
  like ($out, qr/recorded 1 decision\(s\) made before on their money tickets/,
        'it recorded the decision made before');
  is_deeply ([ (record_for ($id, $approval))[0, 2, 3, 4] ],
             [ 'approved', 'vic.supervisor', 'Vic', 'Approved before the upgrade' ],
             'the requester reads it as if the scrip had written it');
  my ($decided) = grep { $_->{Type} eq 'Status' && $_->{NewValue} eq 'resolved' }
                  history ($approval);
  my ($record) = grep { $_->[0] eq 'RT_System' && $_->[1] =~ /approval $approval;/ }
                 records_of ($id);
  my $at = $decided->{Created} =~ s/\.\d+//r;
  like ($record->[1], qr/; at \Q$at\E; /, 'with the instant of the decision, not of the upgrade');
  is (snapshot (), '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1', 'one of everything after the upgrade');

  ($st, $out) = load_datafile ();
  unlike ($out, qr/recorded \d+ decision/, 'loading it again records nothing more');
  is (scalar (grep { $_->[0] eq 'RT_System' && $_->[1] =~ /approval $approval;/ }
              records_of ($id)), 1, 'one record per decision');
});

# ---- Switching it off and on again ------------------------------------------------------

timed ('remove and reinstall', sub {
  my $remove = $opt{datafile} =~ s{[^/]+\z}{rapport-authority-remove.pl}r;
  my ($st, $out) = load_datafile ($remove);
  is ($st, 0, 'rapport-authority-remove.pl loads');
  like ($out, qr/disabled queue Money/, 'it disables the money queue');
  like ($out, qr/took scrip '\Q$decision_scrip\E' off ___Approvals/,
        'it takes the decision scrip off ___Approvals');
  my $decision_scrips = RT::Scrips->new ($system);
  $decision_scrips->FindAllRows;
  $decision_scrips->Limit (FIELD => 'Description', VALUE => $decision_scrip, CASESENSITIVE => 1);
  my $off = $decision_scrips->First;
  my $approvals_queue = RT::Queue->new ($system);
  $approvals_queue->Load ('___Approvals');
  is (($off->Disabled ? 'disabled' : 'enabled') . ' '
      . ($off->IsAdded ($approvals_queue->id) ? 'on' : 'off'), 'disabled off',
      'the decision scrip is disabled and off ___Approvals');
  my ($c, $tid) = money ('ana', amount => '1.00', customer => 'z1@example.com');
  is ($c, 403, 'no money ticket can be created while it is switched off');
  my $waiting = $pending[1];
  my $off_approval = $approval_of{$waiting};
  ($c) = decide ('wes', $off_approval, 'rejected', 'Rejected while switched off');
  is ($c, 200, 'a supervisor decides an approval while it is switched off');
  is_deeply ([ record_for ($waiting, $off_approval) ], [], 'and no record is written');
  ($st, $out) = load_datafile ();
  is ($st, 0, 'rapport-authority.pl switches it on again');
  like ($out, qr/recorded 1 decision\(s\) made before/, 'and records that decision');
  # wes wrote "Looking into it" on this approval before (the stale ETag): the note is all of
  # the decider's replies, as RT's approver's notes are.
  is_deeply ([ (record_for ($waiting, $off_approval))[0, 2, 4] ],
             [ 'rejected', 'wes.supervisor', "Looking into it\n\nRejected while switched off" ],
             'the requester reads it, with all of the decider\'s replies as the note');
  is (snapshot (), '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1', 'without duplicating anything');
  ($c, $tid) = money ('ana', amount => '50.02', customer => 'z1@example.com');
  check_approval ('after switching it on again', $tid);

  # A copy that would take over the existing queue Support stops and changes nothing.
  my $copy = File::Temp->newdir ('rapport-rt-copy.XXXXXX', TMPDIR => 1);
  open my $in, '<', $opt{datafile} or die "$opt{datafile}: $!\n";
  my $text = do { local $/; <$in> };
  close $in;
  $text =~ s/queue       => 'Money'/queue       => 'Support'/ or die "cannot rename the queue\n";
  for my $file ([ 'rapport-authority.pl', $text ], [ 'policy-defaults.json', $policy_text ]) {
    open my $fh, '>', "$copy/$file->[0]" or die "$copy/$file->[0]: $!\n";
    print {$fh} $file->[1];
    close $fh or die "$copy/$file->[0]: $!\n";
  }
  ($st, $out) = load_datafile ("$copy/rapport-authority.pl");
  like ($out, qr/a queue named 'Support' exists and was not created by this file; nothing was changed/,
        'the file refuses to take over a queue it did not create');
  my $scrips = RT::Scrips->new ($system);
  $scrips->LimitToQueue ($support->id);
  $scrips->Limit (FIELD => 'Description', OPERATOR => 'STARTSWITH', VALUE => 'Rapport: ');
  is ($scrips->Count, 0, 'and adds nothing to it');
});

# ---- The shared boundary table ----------------------------------------------------------

if ($opt{cases} && -e $opt{cases}) {
  timed ('policy cases', sub {
    package RT::Handle;
    our @Final;
    local @Final;
    require $opt{datafile};
    package main;
    my $rule = do { no warnings 'once'; eval $RapportAuthority::RULE } or die "rule: $@";
    open my $fh, '<', $opt{cases} or die "$opt{cases}: $!\n";
    my $table = $json->decode (do { local $/; <$fh> });
    my $default = $rule->{parse_policy}->($policy_text);
    my $instant = sub {
      my ($text) = @_;
      $text =~ /\A(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|([+-])(\d\d):(\d\d))\z/
        or die "bad instant $text\n";
      my $s = Time::Local::timegm ($6, $5, $4, $3, $2 - 1, $1);
      $s -= ($9 eq '+' ? 1 : -1) * ($10 * 3600 + $11 * 60) if $9;
      return $s * 1000000 + ($7 ? substr ($7 . '00000', 0, 6) : 0);
    };
    my %named = map { $_ => $rule->{parse_policy}->(JSON::PP->new->encode ($table->{policies}{$_})) }
                keys %{ $table->{policies} // {} };
    for my $case (@{ $table->{cases} }) {
      my $policy = defined $case->{policy} ? $named{$case->{policy}} : $default;
      die "case '$case->{name}': no policy '$case->{policy}'\n" unless $policy;
      my $fix = sub { [ map { { %$_, at => $instant->($_->{at}) } } @{ $_[0] // [] } ] };
      my $v = $rule->{decide}->($policy, $case->{action}, $fix->($case->{customer_history}),
                                $fix->($case->{agent_history}), $instant->($case->{now}));
      my $expect = $case->{expect};
      my $got = "$v->{verdict}/$v->{reason}";
      my $want = "$expect->{verdict}/$expect->{reason}";
      # The optional numbers, compared as minor units.
      for my $key (qw(single_limit over customer_total agent_total customer_after agent_after
                      customer_limit agent_limit)) {
        next unless defined $expect->{$key};
        my $exp = $policy->{exponent};
        my $norm = sub { my $m = $rule->{minor}->($_[0], $exp); defined $m ? $m->bstr : "bad:$_[0]" };
        $got .= " $key=" . (defined $v->{$key} ? $norm->($v->{$key}) : 'none');
        $want .= " $key=" . $norm->($expect->{$key});
      }
      is ($got, $want, "policy case: $case->{name}");
    }
  });
} else {
  diag ('no policy cases file; the shared boundary table was not run');
}

$timing{whole} = Time::HiRes::time () - $t0;
diag (sprintf ('%s: %.1f s', $_, $timing{$_})) for sort keys %timing;
done_testing ();

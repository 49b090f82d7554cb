#!/usr/bin/perl
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Grants global article rights to the Privileged group of a running test RT
# (rt-server.sh start WORKDIR), as an administrator does on Admin → Global → Group Rights.
# The running server sees them at once.
#
#   rt-articles-grant.pl WORKDIR RIGHT…     e.g. SeeClass ShowArticle ModifyArticle
use strict;
use warnings;

my ($workdir, @rights) = @ARGV;
die "usage: $0 WORKDIR RIGHT…\n" unless $workdir && @rights;

$ENV{RT_SITE_CONFIG} = "$workdir/RT_SiteConfig.pm";
$ENV{RT_SITE_CONFIG_DIR} = "$workdir/site-config.d";
unshift @INC, '/usr/share/request-tracker5/lib';
require RT;
RT::LoadConfig ();
RT::Init ();

my $group = RT::Group->new (RT->SystemUser);
$group->LoadSystemInternalGroup ('Privileged');
die "no Privileged group\n" unless $group->id;
for my $right (@rights) {
  my ($ok, $msg) = $group->PrincipalObj->GrantRight (Right => $right, Object => $RT::System);
  die "grant $right: $msg\n" unless $ok;
}
print "granted @rights\n";

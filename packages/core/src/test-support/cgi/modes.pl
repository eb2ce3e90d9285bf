#!/usr/bin/perl
# CGI fixture: one behaviour per PATH_INFO, covering the protocol's corners and its failures.
use strict;
use warnings;
$| = 1;
binmode STDOUT;

# The first segment of PATH_INFO picks the behaviour; the rest is free.
my ($mode) = ($ENV{PATH_INFO} // '') =~ m{^/?([^/]*)};
my %query = map { my ($k, $v) = split /=/, $_, 2; ($k, $v // '') } split /&/, ($ENV{QUERY_STRING} // '');
my $script = $ENV{SCRIPT_NAME} // '';

sub hang { sleep 1 while 1 }

if ($mode eq 'status-no-reason') {
  print "Status: 201\nContent-Type: text/plain\n\ncreated";
} elsif ($mode eq 'status-reason') {
  print "Status: 418 I'm a teapot\r\nContent-Type: text/plain\r\n\r\nshort and stout";
} elsif ($mode eq 'cookies') {
  print "Content-Type: text/plain\nSet-Cookie: a=1; Path=/\nSet-Cookie: b=2; HttpOnly\nConnection: close\n\ncookies";
} elsif ($mode eq 'redirect-absolute') {
  print "Location: http://example.com/elsewhere?x=1\n\n";
} elsif ($mode eq 'redirect-permanent') {
  print "Status: 301 Moved Permanently\nLocation: https://example.com/new\nContent-Type: text/html\n\n<a href=\"https://example.com/new\">moved</a>";
} elsif ($mode eq 'local-redirect') {
  print "Location: $script/echo?from=local\n\n";
} elsif ($mode eq 'local-loop') {
  print "Location: $script/local-loop\n\n";
} elsif ($mode eq 'redirect-outside') {
  print "Location: /elsewhere/page\n\n";
} elsif ($mode eq 'echo') {
  my $body = '';
  read(STDIN, $body, $ENV{CONTENT_LENGTH}) if $ENV{CONTENT_LENGTH};
  print "Content-Type: text/plain\n\n";
  print join("\n", "method=$ENV{REQUEST_METHOD}", "path=$ENV{PATH_INFO}", "query=$ENV{QUERY_STRING}",
    "uri=$ENV{REQUEST_URI}", "length=" . ($ENV{CONTENT_LENGTH} // ''), "body=$body"), "\n";
} elsif ($mode eq 'malformed') {
  print "this is not a header\n\nbody";
} elsif ($mode eq 'no-cgi-field') {
  print "X-Only: 1\n\nbody";
} elsif ($mode eq 'bad-status') {
  print "Status: abc\nContent-Type: text/plain\n\nbody";
} elsif ($mode eq 'huge-header') {
  print STDERR "pid=$$\n";
  print "Content-Type: text/plain\nX-Big: " . ('a' x 70000) . "\n";
  hang();
} elsif ($mode eq 'crash') {
  print STDERR "about to crash\n";
  exit 3;
} elsif ($mode eq 'partial-header-exit') {
  print "Content-Type: text/plain\n";
} elsif ($mode eq 'hang' || $mode eq 'hang-stubborn') {
  $SIG{TERM} = 'IGNORE' if $mode eq 'hang-stubborn';
  print STDERR "pid=$$\n";
  hang();
} elsif ($mode eq 'grandchild') {
  my $kid = fork();
  if ($kid == 0) { exec 'sleep', '600' or exit 1 }
  print STDERR "pid=$$\ngrandchild=$kid\n";
  hang();
} elsif ($mode eq 'stream') {
  print STDERR "pid=$$\n";
  print "Content-Type: text/plain\n\n";
  while (1) { print "tick\n"; select(undef, undef, undef, 0.05) }
} elsif ($mode eq 'huge') {
  my $mib = $query{mib} || 1;
  print STDERR "pid=$$\n";
  print "Content-Type: application/octet-stream\nContent-Length: " . ($mib * 1048576) . "\n\n";
  my $chunk = join('', map { chr(ord('a') + $_ % 26) } 0 .. 65535);
  print $chunk for 1 .. $mib * 16;
} elsif ($mode eq 'head-then-hang') {
  print STDERR "pid=$$\n";
  print "Content-Type: text/plain\n\nstarted\n";
  hang();
} elsif ($mode eq 'early-exit') {
  print "Status: 413 Payload Too Large\nContent-Type: text/plain\n\nnot reading that";
} elsif ($mode eq 'exit-after-head') {
  print "Content-Type: text/plain\n\npartial";
  exit 3;
} elsif ($mode eq 'short-length') {
  print "Content-Type: text/plain\nContent-Length: 100\n\nonly this";
} elsif ($mode eq 'long-length') {
  print "Content-Type: text/plain\nContent-Length: 5\n\nhello world";
} elsif ($mode eq 'wait-stdin') {
  local $/;
  my $body = <STDIN> // '';
  print "Content-Type: text/plain\n\nread " . length($body) . " bytes";
} elsif ($mode eq 'stderr') {
  print STDERR "line one\nline two\r\nno newline at end";
  print "Content-Type: text/plain\n\nlogged";
} elsif ($mode eq 'head-body') {
  print "Content-Type: text/plain\nX-Mode: head\n\nbody for HEAD";
} else {
  print "Status: 404 Not Found\nContent-Type: text/plain\n\nno mode '$mode'";
}

#!/usr/bin/env perl
# A classic CGI/1.1 script (RFC 3875), run once per request by Graft's cgi() gateway at
# /tools/cgi: it reads the request from its environment and stdin and prints a header block and
# an HTML page to stdout. It never sees the NextAuth session, only what the host vouches for:
# REMOTE_USER is the signed-in user, set by the gateway, never taken from a client header.
use strict;
use warnings;
use Digest::SHA;

sub escape_html {
    my ($text) = @_;
    $text = '' unless defined $text;
    $text =~ s/&/&amp;/g;
    $text =~ s/</&lt;/g;
    $text =~ s/>/&gt;/g;
    $text =~ s/"/&quot;/g;
    $text =~ s/'/&#39;/g;
    return $text;
}

sub url_decode {
    my ($text) = @_;
    $text =~ tr/+/ /;
    $text =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge;
    return $text;
}

# The request body arrives on stdin: CONTENT_LENGTH bytes, or up to the end of stdin when the
# upload was chunked (no CONTENT_LENGTH; the gateway closes stdin at the body's end). It is read
# in pieces as it comes and never held whole: the page shows its size and SHA-256, and only a body
# small enough to be a form is kept, to read the note from it.
use constant { MAX_FORM_BYTES => 64 * 1024, READ_CHUNK => 64 * 1024 };
my $method = $ENV{REQUEST_METHOD} // '';
my $declared = $ENV{CONTENT_LENGTH};
$declared = undef if defined $declared && $declared !~ /^\d+$/;
my ($body_length, $form_body, $form_too_large) = (0, '', 0);
my $body_sha = Digest::SHA->new(256);
if ((defined $declared && $declared > 0) || (!defined $declared && $method eq 'POST')) {
    binmode STDIN;
    my $remaining = $declared;    # undef: to the end of stdin
    while (!defined $remaining || $remaining > 0) {
        my $want = defined $remaining && $remaining < READ_CHUNK ? $remaining : READ_CHUNK;
        my $got = read(STDIN, my $chunk, $want);
        die "cannot read the request body: $!\n" unless defined $got;
        last if $got == 0;    # the client sent less than it announced
        $body_length += $got;
        $remaining -= $got if defined $remaining;
        $body_sha->add($chunk);
        next if $form_too_large;
        if (length($form_body) + $got > MAX_FORM_BYTES) {
            ($form_body, $form_too_large) = ('', 1);
        } else {
            $form_body .= $chunk;
        }
    }
}
my %form = map { my ($k, $v) = split /=/, $_, 2; (url_decode($k // ''), url_decode($v // '')) }
    grep { length } split /&/, $form_body;

my @shown = qw(REMOTE_USER AUTH_TYPE REQUEST_METHOD SCRIPT_NAME PATH_INFO QUERY_STRING REQUEST_URI
    SERVER_NAME SERVER_PORT SERVER_PROTOCOL SERVER_SOFTWARE GATEWAY_INTERFACE CONTENT_TYPE CONTENT_LENGTH);
my $rows = join "\n", map {
    my $set = exists $ENV{$_};
    sprintf '<tr><th>%s</th><td><code data-testid="%s">%s</code></td></tr>',
        $_, $_, $set ? escape_html($ENV{$_}) : '<em>(unset)</em>';
} @shown;
my @headers = sort grep { /^HTTP_/ } keys %ENV;
# The host's session cookie reaches the script like every header; a page must not echo it.
my $header_rows = join "\n", map {
    my $value = $_ eq 'HTTP_COOKIE' ? '(hidden)' : escape_html($ENV{$_});
    sprintf '<tr><th>%s</th><td><code>%s</code></td></tr>', $_, $value;
} @headers;

my $user = $ENV{REMOTE_USER} // 'nobody';
my $self = escape_html($ENV{SCRIPT_NAME} // '');
my $note = exists $form{note} ? '<p data-testid="posted">You posted: <q>' . escape_html($form{note}) . '</q></p>' : '';
my $received = '';
if ($body_length > 0 || $method eq 'POST') {
    $received = sprintf '<p>Request body: <code data-testid="body-length">%d</code> bytes, SHA-256 <code data-testid="body-sha256">%s</code>%s</p>',
        $body_length, $body_sha->hexdigest,
        $form_too_large ? sprintf(' (over %d KiB: not read as a form)', MAX_FORM_BYTES / 1024) : '';
}

print "Status: 200 OK\r\n";
print "Content-Type: text/html; charset=utf-8\r\n";
print "Cache-Control: no-store\r\n";
print "\r\n";
print <<"HTML";
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Perl CGI · Graft Next.js demo</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}th{text-align:left;padding-right:1rem}</style>
</head><body>
<p><a href="/">&larr; demo home</a></p>
<h1>Hello, <span data-testid="greeting">@{[escape_html($user)]}</span>, from Perl $^V</h1>
<p>This page is a CGI script (<code>cgi-bin/whoami.pl</code>) that Graft's <code>cgi()</code> gateway
runs for each request, inside a Next.js route. Try <a href="$self/some/path?x=1&amp;y=%2F">a longer path and a query</a>.</p>
$note
$received
<form method="post" action="$self/form"><label>Post a note <input name="note"></label> <button>Send</button></form>
<h2>CGI meta-variables</h2>
<table>
$rows
</table>
<h2>Request headers (HTTP_*)</h2>
<table data-testid="headers">
$header_rows
</table>
</body></html>
HTML

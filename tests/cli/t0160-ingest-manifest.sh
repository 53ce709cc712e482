#!/bin/sh
# manifest.csv counts, per source file and severity, exactly the rows that
# ingest-report.csv holds for that file: on every fixture export and on
# every public sample (when ../shared/cin_samples is there).
. "$(dirname "$0")/lib.sh"

# counts_agree DIR: compare manifest warnings/rejects/superseded with the
# report's rows, parsing both as RFC 4180 (reasons may hold commas and
# quotes).  Prints each disagreement.
counts_agree() {
	perl -e '
		sub rows {
			my ($path) = @_;
			open my $fh, "<", $path or die "$path: $!\n";
			local $/;
			my $s = <$fh>;
			my (@rows, @f);
			while ($s =~ /\G("(?:[^"]|"")*"|[^,\n]*)(,|\n)/gc) {
				my ($v, $sep) = ($1, $2);
				$v = substr($v, 1, -1) =~ s/""/"/gr if $v =~ /^"/;
				push @f, $v;
				if ($sep eq "\n") { push @rows, [@f]; @f = (); }
			}
			die "$path: not CSV at byte ", pos($s) // 0, "\n"
				if (pos($s) // 0) != length $s;
			my $head = shift @rows;
			my %i; @i{@$head} = 0 .. $#$head;
			return (\%i, @rows);
		}
		my ($m, @man) = rows("$ARGV[0]/manifest.csv");
		my ($r, @rep) = rows("$ARGV[0]/ingest-report.csv");
		my (%want, %got);
		for (@man) {
			next unless $_->[$m->{item}] eq "source";
			my $f = $_->[$m->{name}];
			$want{"$f,warning"} = $_->[$m->{warnings}];
			$want{"$f,reject"} = $_->[$m->{rejects}];
			$want{"$f,superseded"} = $_->[$m->{superseded}];
		}
		$got{$_->[$r->{file}] . "," . $_->[$r->{severity}]}++ for @rep;
		my $bad = 0;
		for (sort keys %{{ %want, %got }}) {
			my ($w, $g) = ($want{$_} // "none", $got{$_} // 0);
			next if $w eq $g;
			print "$_: manifest $w, report $g\n";
			$bad = 1;
		}
		exit $bad;
	' "$1"
}

test_expect_success 'basic fixture: manifest counts = report rows' '
	(cd "$FIXTURES/ingest/basic" &&
	 dip-ingest -o "$TRASH/basic" case-2027.xml audits.xml) &&
	counts_agree basic
'
test_expect_success 'history fixture: manifest counts = report rows' '
	(cd "$FIXTURES/ingest/history" &&
	 dip-ingest -o "$TRASH/history" census-2024.xml census-2025.xml \
		census-2026.xml) &&
	counts_agree history
'
test_expect_success 'blocks fixture: manifest counts = report rows' '
	(cd "$FIXTURES/ingest/blocks" &&
	 dip-ingest -o "$TRASH/blocks" census-2024.xml census-2026.xml) &&
	counts_agree blocks
'

# The public samples are read from beside the repository when present.
[ -d "$SAMPLES/xml" ] || { test_done; }
for f in "$SAMPLES"/xml/*/*.xml; do
	name=${f#"$SAMPLES/xml/"}
	test_expect_success "$name: manifest counts = report rows" "
		rm -rf out && dip-ingest -o out '$f' && counts_agree out
	"
done
test_expect_success 'every public sample at once' '
	rm -rf out && dip-ingest -o out "$SAMPLES"/xml/*/*.xml &&
	counts_agree out
'
test_done

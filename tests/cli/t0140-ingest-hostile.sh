#!/bin/sh
# Hostile XML is refused without touching files or the network
# (fixtures/ingest/hostile/README.md).
. "$(dirname "$0")/lib.sh"

X=$FIXTURES/ingest/hostile
cp "$X"/*.xml .

refused() {
	# $1 file, $2 expected stderr line
	test_must_fail dip-ingest -o out "$1" 2>err &&
	printf '%s\n' "$2" >want && test_cmp want err &&
	test ! -e out/children.csv
}

test_expect_code 1 'external entity: exit 1' 'dip-ingest -o out xxe.xml'
# Positions are libxml2's: where the parser stands when it calls us.  A
# DOCTYPE with an internal subset is refused at its '[' (2:19), before any
# entity is declared; an external one at the '>' that ends it.
test_expect_success 'external entity: the DOCTYPE is refused' "
	refused xxe.xml \"dip-ingest: xxe.xml:2:19: document type declarations are not allowed (entities are never expanded)\"
"
test_expect_success 'external entity: nothing of /etc/passwd anywhere' '
	! grep -r root: . 
'
test_expect_success 'external DTD on the network: refused, nothing fetched' "
	refused xxe-network.xml \"dip-ingest: xxe-network.xml:2:57: document type declarations are not allowed (entities are never expanded)\"
"
test_expect_success 'billion laughs: refused at the DOCTYPE' "
	refused billion-laughs.xml \"dip-ingest: billion-laughs.xml:2:19: document type declarations are not allowed (entities are never expanded)\"
"
test_expect_success 'an undeclared entity is malformed xml' '
	test_must_fail dip-ingest -o out undeclared-entity.xml 2>err &&
	grep -q "^dip-ingest: undeclared-entity.xml:1:[0-9]*: malformed xml: entity '"'"'secret'"'"' not defined$" err
'

{
	printf '<Message><Header><Source><LEA>'
	head -c 20000000 /dev/zero | tr '\0' a
	printf '</LEA></Source></Header></Message>\n'
} | gzip -c >huge-text.xml.gz
# libxml2 hands text over in chunks, so the column is wherever the chunk
# that crossed the limit ended.
test_expect_success 'a 20 MB text node is refused' '
	test_must_fail dip-ingest -o out huge-text.xml.gz 2>err &&
	grep -q "^dip-ingest: huge-text.xml.gz:1:[0-9]*: text longer than 65536 bytes$" err &&
	test ! -e out/children.csv
'


{
	i=0; while [ $i -lt 10000 ]; do printf '<a>'; i=$((i + 1)); done
} >deep-body
{ printf '<Message>'; cat deep-body; printf '\n</Message>\n'; } >deep.xml
# <Message> is depth 1 (columns 1-9); the 32nd <a> is depth 33 and ends
# at column 9 + 32 * 3 = 105.
test_expect_success 'nesting 10,000 deep is refused at depth 33' "
	refused deep.xml \"dip-ingest: deep.xml:1:105: elements nested deeper than 32\"
"

# Well-formed all the way: <Message> then 200 MiB of empty comments (no
# text, so only the expansion cap can stop it).
{ printf '<Message>'; yes '<!---->' | tr -d '\n' | head -c 209715200; } |
	gzip -9 -c >bomb.xml.gz
test_expect_success 'a gzip bomb is refused before it is expanded' '
	test $(stat -c %s bomb.xml.gz) -lt 1000000 &&
	refused bomb.xml.gz "dip-ingest: bomb.xml.gz: gzip data expands more than 200 times (a decompression bomb?)"
'
# Attributes are counted in the bytes before libxml2 parses a start tag
# (it compares them pair by pair).  too-many-attributes.xml has 65 on the
# Child of line 8, whose '<' is at column 5.
test_expect_success '65 attributes on one element are refused at its start tag' "
	refused too-many-attributes.xml 'dip-ingest: too-many-attributes.xml:8:5: more than 64 attributes in one start tag'
"
sed 's/ a65="65"//' too-many-attributes.xml >attributes-64.xml
test_expect_success '64 attributes, the cap, are read' '
	dip-ingest -o at64 attributes-64.xml &&
	grep -q "^999,BRK001," at64/children.csv
'
# Namespace declarations are attributes too for libxml2's check.
{
	printf '<Message'
	i=1; while [ $i -le 65 ]; do printf ' xmlns:p%d="urn:p%d"' $i $i; i=$((i + 1)); done
	printf '>\n</Message>\n'
} >namespaces.xml
test_expect_success '65 namespace declarations are refused' "
	refused namespaces.xml 'dip-ingest: namespaces.xml:1:1: more than 64 attributes in one start tag'
"
# '=' and '>' inside quoted values, comments, CDATA and processing
# instructions are not attributes: 64 real ones plus decoys still pass.
sed 's/ a64="64"/ a64="=>=>="/' attributes-64.xml |
	sed 's#<Children>#<Children><!-- <a b=1 c=2 d=3 e=4> --><?pi x=1 y=2?>#' |
	sed 's#BRK001#BRK<![CDATA[<a b=1 c=2>]]>001#' >decoys.xml
test_expect_success 'quoted, commented and CDATA "=" are not counted' '
	dip-ingest -o decoys decoys.xml &&
	grep -q "^999,BRK<a b=1 c=2>001," decoys/children.csv
'
# A million attributes on the root, 2.4 MB of gzip: libxml2 2.9 alone was
# still comparing them after 900 s.  The timeout turns a hang into a
# failure (124); the time itself is not asserted.
awk 'BEGIN { printf "<Message"; for (i = 0; i < 1000000; i++)
	printf " a%d=\"\"", i; printf ">\n</Message>\n" }' |
	gzip -c >million.xml.gz
test_expect_success 'a million attributes are refused, not parsed' '
	rc=0; timeout 300 dip-ingest -o out million.xml.gz 2>err || rc=$?
	test $rc = 1 &&
	echo "dip-ingest: million.xml.gz:1:1: more than 64 attributes in one start tag" >want &&
	test_cmp want err
'
test_done

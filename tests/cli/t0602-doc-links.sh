#!/bin/sh
# The documentation holds together: every relative link in README.md,
# HACKING.md and the pages under doc/ names a file that exists and, for a
# Markdown page, a heading that gives its anchor (tests/tools/doc-links);
# and the README links every page under doc/, so none is left unfound.
. "$(dirname "$0")/lib.sh"

command -v perl >/dev/null ||
	test_skip_all "no perl (make deps installs it as root)"

LINKS=$DIP_ROOT/tests/tools/doc-links

test_expect_success 'every relative link and anchor points at something' '
	(cd "$DIP_ROOT" && "$LINKS" README.md HACKING.md doc/*.md) >out &&
	test_cmp /dev/null out
'

test_expect_success 'the README links every page under doc/' '
	(cd "$DIP_ROOT" && ls doc/*.md) >pages &&
	test -s pages &&
	while read -r page; do
		grep -qF "]($page)" "$DIP_ROOT/README.md" ||
			{ echo "README.md does not link $page"; exit 1; }
	done <pages
'

# The check itself: a missing file, a missing anchor (a heading renamed)
# and a link inside a fenced block, which is not a link.
test_expect_success 'a broken link or anchor is named with its file and line' '
	mkdir -p docs/doc &&
	printf "# The snapshot: \`tables.snap\`\n" >docs/doc/tables.md &&
	{
		echo "# Top"
		echo "[fine](doc/tables.md#the-snapshot-tablessnap) [top](#top)"
		echo "[gone](doc/metrics.md)"
		echo "[renamed](doc/tables.md#the-snapshot)"
		echo "\`\`\`"
		echo "[code](nowhere.md)"
		echo "\`\`\`"
	} >docs/README.md &&
	test_must_fail "$LINKS" docs/README.md >out &&
	cat >want <<-\EOF &&
	doc-links: docs/README.md:3: link to '"'"'doc/metrics.md'"'"': no such file
	doc-links: docs/README.md:4: link to '"'"'doc/tables.md#the-snapshot'"'"': no heading gives the anchor '"'"'the-snapshot'"'"' in '"'"'docs/doc/tables.md'"'"'
	EOF
	test_cmp want out
'
test_done

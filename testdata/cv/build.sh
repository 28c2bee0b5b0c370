#!/bin/sh
# Regenerates the synthetic CV PDFs from their HTML with Debian's headless
# Chromium. The people and companies are fictional. Run from anywhere:
#   testdata/cv/build.sh            # every *.html here
#   testdata/cv/build.sh a.html     # just these
set -eu
cd "$(dirname "$0")"
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
[ $# -gt 0 ] || set -- *.html
for html in "$@"; do
	profile=$(mktemp -d)
	"$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --no-pdf-header-footer \
		--print-to-pdf="${html%.html}.pdf" "$html" 2>/dev/null
	rm -rf "$profile"
	echo "${html%.html}.pdf: $(pdfinfo "${html%.html}.pdf" 2>/dev/null | sed -n 's/^Pages: *//p') page(s)"
done

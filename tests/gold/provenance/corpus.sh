# Sourced by the quote-family scripts: makes $CORPUS, a folder holding the
# real corpora as fameval reads them (ungdc/ and kremlin-en/ unpacked from
# ../shared once, debates/ and memri/ linked), and the two lists:
#   $CORPUS/all.txt     every document (the population pairs are drawn from)
#   $CORPUS/recall.txt  a fixed seventh of the UN speeches and third of the
#                       Kremlin pages (the population variants are made from)
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
CORPUS=$BUILD/corpus
FAMEVAL=$BUILD/gold/provenance/fameval
mkdir -p "$CORPUS"
for set in ungdc kremlin-en; do
  if [ ! -d "$CORPUS/$set" ]; then
    echo "unpacking $set into $CORPUS ..." >&2
    tar -xzf "$SHARED/corpus/$set.tar.gz" -C "$CORPUS"
  fi
done
shared_abs=$(cd "$SHARED/corpus" && pwd)
for set in debates memri; do
  [ -e "$CORPUS/$set" ] || ln -s "$shared_abs/$set" "$CORPUS/$set"
done
if [ ! -s "$CORPUS/all.txt" ]; then
  (cd "$CORPUS" && { find ungdc -name '*.txt' ! -name 'SOURCE*'; find kremlin-en -name '*.html';
                     ls debates/*.txt memri/*.txt; } | LC_ALL=C sort) > "$CORPUS/all.txt"
  { grep '^ungdc/' "$CORPUS/all.txt" | awk 'NR % 7 == 3'
    grep '^kremlin-en/' "$CORPUS/all.txt" | awk 'NR % 3 == 1'; } > "$CORPUS/recall.txt"
fi

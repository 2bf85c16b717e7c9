#!/bin/bash
# What a pg_trgm GIN index costs per inserted row over a whole text and over its distinct words (stop 26, V35).
# Texts: random windows of English prose (git's release notes, /usr/share/doc/git/RelNotes, lower case), N rows of
# SIZE characters; the words split as SearchWords splits them (every ASCII character that is not a letter or digit).
# Inserts them with one INSERT ... SELECT into four scratch tables (no index, GIN over the text, GIN over the words,
# GIN over the words' trigrams as an int[]: the distinct three-character substrings of each word, no padding, each
# coded as an int), twice, and prints psql's timing of the second pass. Runs as the postgres user against the machine's cluster,
# database postgres; drops its tables at the end.   usage: bench/probes/gin-words.sh [N=1000] [SIZE=50000]
set -eu
N=${1:-1000}
SIZE=${2:-50000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$N" "$SIZE" "$WORK/rows.csv" <<'PY'
import csv, glob, random, re, sys
n, size, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
text = " ".join(open(f, errors="replace").read() for f in sorted(glob.glob("/usr/share/doc/git/RelNotes/*.txt"))).lower()
if len(text) < size * 2:
    sys.exit("not enough prose in /usr/share/doc/git/RelNotes")
random.seed(1)
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    for i in range(n):
        o = random.randrange(0, len(text) - size)
        body = text[o:o + size].replace("\x00", " ")
        words = " ".join(dict.fromkeys(t for t in re.split(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+", body) if t))
        grams = sorted({(ord(t[k]) << 42 | ord(t[k + 1]) << 21 | ord(t[k + 2])) % 2147483647
                        for t in words.split(" ") for k in range(len(t) - 2)})
        w.writerow([i, body, words, "{" + ",".join(map(str, grams)) + "}"])
PY
chmod 755 "$WORK"; chmod 644 "$WORK/rows.csv"
cat > "$WORK/probe.sql" <<SQL
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SET client_min_messages = warning;
DROP TABLE IF EXISTS gin_probe_src, gin_probe_none, gin_probe_text, gin_probe_words, gin_probe_grams;
CREATE TABLE gin_probe_src (i int, body text, words text, grams int[]);
\copy gin_probe_src FROM '$WORK/rows.csv' CSV
CREATE TABLE gin_probe_none (i int, body text);
CREATE TABLE gin_probe_text (i int, body text);
CREATE INDEX ON gin_probe_text USING gin (body gin_trgm_ops);
CREATE TABLE gin_probe_words (i int, body text, words text);
CREATE INDEX ON gin_probe_words USING gin (words gin_trgm_ops);
CREATE TABLE gin_probe_grams (i int, body text, grams int[]);
CREATE INDEX ON gin_probe_grams USING gin (grams);
INSERT INTO gin_probe_none SELECT i, body FROM gin_probe_src;
INSERT INTO gin_probe_text SELECT i, body FROM gin_probe_src;
INSERT INTO gin_probe_words SELECT i, body, words FROM gin_probe_src;
INSERT INTO gin_probe_grams SELECT i, body, grams FROM gin_probe_src;
TRUNCATE gin_probe_none, gin_probe_text, gin_probe_words, gin_probe_grams;
\echo second pass: no index, GIN over the text, GIN over the words, GIN over the trigram codes of the words
\timing on
INSERT INTO gin_probe_none SELECT i, body FROM gin_probe_src;
INSERT INTO gin_probe_text SELECT i, body FROM gin_probe_src;
INSERT INTO gin_probe_words SELECT i, body, words FROM gin_probe_src;
INSERT INTO gin_probe_grams SELECT i, body, grams FROM gin_probe_src;
\timing off
SELECT round(avg(length(body))) AS text_chars, round(avg(length(words))) AS words_chars,
       round(avg(cardinality(grams))) AS trigram_codes FROM gin_probe_src;
DROP TABLE gin_probe_src, gin_probe_none, gin_probe_text, gin_probe_words, gin_probe_grams;
SQL
chmod 644 "$WORK/probe.sql"
runuser -u postgres -- psql -q -d postgres -f "$WORK/probe.sql"

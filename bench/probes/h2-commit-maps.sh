#!/bin/bash
# What each commit of an H2 file database writes, map by map (stop 34). With WRITE_DELAY 0 (CommitDurability) every
# commit is one chunk of the .mv.db file; this reads the file's last chunks with H2's own MVStoreTool -dump and adds up
# the serialized bytes of each map's pages, then names the maps: MVStore's map names (table.N / index.N, N an H2
# object id) and the SQL objects with those ids (DB_OBJECT_ID).
#   usage: bench/probes/h2-commit-maps.sh <copy of mailwright.mv.db> [CHUNKS=400]
# Take the copy while the load runs (cp of the live file: its last chunk may be torn, the others are whole) or after a
# kill -9; a clean stop compacts the file and leaves nothing to read. Opening the copy (to name the objects) changes it.
set -eu
FILE=$(readlink -f "$1")
CHUNKS=${2:-400}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
H2=$(ls ~/.m2/repository/com/h2database/h2/2.4.*/h2-2.4.*.jar | grep -v sources | tail -1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$JAVA" -cp "$H2" org.h2.mvstore.MVStoreTool -dump "$FILE" > "$WORK/dump.txt"
cat > "$WORK/MapNames.java" <<'JAVA'
import org.h2.mvstore.MVStore;

public class MapNames {
    public static void main(String[] args) {
        MVStore store = new MVStore.Builder().fileName(args[0]).readOnly().open();
        store.getMetaMap().forEach((key, value) -> {
            if (key.startsWith("name.")) {
                System.out.println(Integer.parseInt(value, 16) + "\t" + key.substring("name.".length()));
            }
        });
        store.close();
    }
}
JAVA
"$JAVA" -cp "$H2" "$WORK/MapNames.java" "$FILE" > "$WORK/maps.tsv"
"$JAVA" -cp "$H2" org.h2.tools.Shell -url "jdbc:h2:file:${FILE%.mv.db}" -user sa -sql "
    SELECT 'index.' || DB_OBJECT_ID('INDEX', 'PUBLIC', INDEX_NAME), TABLE_NAME || ' ' || INDEX_NAME
    FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC'
    UNION ALL SELECT 'table.' || DB_OBJECT_ID('TABLE', 'PUBLIC', TABLE_NAME), TABLE_NAME || ' (rows)'
    FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'" > "$WORK/objects.txt"
python3 - "$WORK" "$CHUNKS" <<'PY'
import collections, re, statistics, sys
work, last_n = sys.argv[1], int(sys.argv[2])
chunks, current = [], None
for line in open(f"{work}/dump.txt", errors="replace"):
    m = re.match(r"^[0-9a-f]+ chunkHeader chunk:([0-9a-f]+),block:[0-9a-f]+,len:([0-9a-f]+),pages:([0-9a-f]+).*time:([0-9a-f]+)", line)
    if m:
        current = {"len": int(m.group(2), 16), "pages": int(m.group(3), 16), "time": int(m.group(4), 16), "maps": {}}
        chunks.append(current)
        continue
    m = re.match(r"^map ([0-9a-f]+): (\d+) bytes", line)
    if m and current is not None:
        current["maps"][int(m.group(1), 16)] = int(m.group(2))
store_names = {}
for line in open(f"{work}/maps.tsv"):
    map_id, name = line.rstrip("\n").split("\t")
    store_names[int(map_id)] = name
objects = {}
for line in open(f"{work}/objects.txt"):
    cells = [c.strip() for c in line.split("|")]
    if len(cells) == 2:
        objects[cells[0]] = cells[1]
recent = chunks[-last_n:]
# the housekeeping's compaction chunks (live pages moved) are much larger than a commit's: left out
median_len = statistics.median(c["len"] for c in recent)
commits = [c for c in recent if c["len"] <= 2 * median_len]
seconds = (recent[-1]["time"] - recent[0]["time"]) / 1000
print(f"{len(commits)} commit chunks of the last {len(recent)} ({len(recent) / seconds:.0f} chunks/s over {seconds:.1f} s)")
print(f"per commit: {statistics.mean(c['pages'] for c in commits):.0f} pages, "
      f"{statistics.mean(sum(c['maps'].values()) for c in commits) / 1024:.0f} KB")
totals = collections.Counter()
for c in commits:
    totals.update(c["maps"])
print("map\tKB per commit\tshare\tname")
all_bytes = sum(totals.values())
for map_id, total in totals.most_common():
    if total == 0:
        continue
    name = store_names.get(map_id, "layout" if map_id == 0 else "?")
    print(f"{map_id}\t{total / len(commits) / 1024:.1f}\t{100 * total / all_bytes:.1f} %\t{name} {objects.get(name, '')}")
PY

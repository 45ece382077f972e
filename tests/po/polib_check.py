"""Loads each PO file given with polib and prints one JSON line per file:
{file, language, entries, fuzzy, previous}; `previous` counts fuzzy entries with a `#| msgid`."""
import json
import sys

import polib

for path in sys.argv[1:]:
    po = polib.pofile(path, check_for_duplicates=True)
    entries = [e for e in po if not e.obsolete]
    print(json.dumps({
        "file": path,
        "language": po.metadata.get("Language"),
        "entries": len(entries),
        "fuzzy": len(po.fuzzy_entries()),
        "previous": sum(1 for e in entries if e.fuzzy and e.previous_msgid),
    }))

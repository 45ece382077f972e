"""Edits an exported PO file as a translator's tool would, with polib: sets a new translation,
changes another, and marks a third fuzzy (with a new translation that must not be imported).
Usage: polib_edit.py FILE KEY=TEXT KEY=TEXT KEY=TEXT (the third is marked fuzzy)."""
import sys

import polib

path, *edits = sys.argv[1:]
po = polib.pofile(path)
for i, edit in enumerate(edits):
    key, text = edit.split("=", 1)
    entry = po.find(key, by="msgctxt")
    if entry is None:
        sys.exit(f"no entry {key}")
    entry.msgstr = text.replace("\\n", "\n")
    if i == 2:
        entry.flags.append("fuzzy")
po.save(path)

#!/usr/bin/env python3
"""Writes the bad-input corpus: one folder per case under tests/invalid/, each a copy of
tests/fixtures/minimal with one patch applied (plus dest.txt where the case is about DEST).

Run it after changing a case below or the minimal fixture, then refresh the expectations with
`FIELDBOOK_BLESS=1 cargo test --test invalid_corpus` and review the diff of every expected.txt by
eye. expected.txt files are never written by this script. Cases whose input cannot be a small
plain file (non-UTF-8 bytes, a 10 MB file, a 10,000-deep annotation) get it at run time from
tests/invalid_corpus.rs (see `prepare` there); their folders hold the base book only.
"""

import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "fixtures", "minimal")

BOOK = "book.toml"
REF = "content/trainer/reference.toml"
ENUMS = "content/trainer/enums.toml"
BASICS = "content/trainer/groups/01-basics.toml"
SCHEDULE = "content/trainer/groups/02-schedule.toml"
GUIDE = "content/guides/types.md"
GUIDE_ZH = "content/guides/types.zh.md"

GUIDE_TEMPLATE_OK = """{% extends "base.html" %}
{% block content %}
<h1>{{ title }}</h1>
{{ body_html | safe }}
{% endblock %}
"""

# name: dict(edit=[(file, old, new)], write={file: text}, remove=[path], dest="...")
# The Python source of tests/fixtures/from-source: the minimal book's class, built from code.
with open(os.path.join(HERE, "..", "fixtures", "from-source", "src", "trainer.py"), encoding="utf-8") as f:
    PY = f.read()
PY_FILE = "src/trainer.py"
WITH_PY = (REF, 'version = "1.2.0"\n', 'version = "1.2.0"\npython = "src/trainer.py"\n')

CASES = {
    "python-file-missing": dict(
        edit=[(REF, 'version = "1.2.0"\n', 'version = "1.2.0"\npython = "src/trainr.py"\n')]
    ),
    "python-class-missing": dict(
        write={PY_FILE: PY.replace("class TrainerConfig:", "class TrainerConf:")}, edit=[WITH_PY]
    ),
    "python-field-not-in-code": dict(
        write={PY_FILE: PY}, edit=[WITH_PY, (SCHEDULE, 'name = "backend"', 'name = "backends"')]
    ),
    # --- TOML syntax
    "toml-unclosed-array": dict(edit=[(BOOK, 'languages = ["en", "zh"]', 'languages = ["en", "zh"')]),
    "toml-double-equals": dict(edit=[(BASICS, "order = 1", "order = = 1")]),
    "toml-unclosed-string": dict(edit=[(REF, 'library = "trainer"', 'library = "trainer')]),
    "toml-duplicate-key": dict(edit=[(BASICS, "order = 1", "order = 1\norder = 2")]),
    "toml-table-and-array-of-tables": dict(
        edit=[(BASICS, '[[field]]\nname = "output_dir"', '[field]\nname = "output_dir"')]
    ),
    "toml-bad-escape": dict(edit=[(SCHEDULE, 'summary.en = "When to save."', 'summary.en = "When\\q to save."')]),
    # --- unknown keys: the message lists the known ones
    "unknown-key-book": dict(edit=[(BOOK, "site-url =", "site-ur =")]),
    "unknown-key-build-table": dict(edit=[(BOOK, "[build]", "[buidl]")]),
    "unknown-key-reference": dict(edit=[(REF, "library =", "librar =")]),
    "unknown-key-group": dict(edit=[(BASICS, "order = 1", 'order = 1\ncolour = "red"')]),
    "unknown-key-field": dict(edit=[(BASICS, 'type = "float"', 'type = "float"\ndefualt = "1.0"')]),
    "unknown-key-deprecation": dict(edit=[(BASICS, 'since = "1.1"', 'snce = "1.1"')]),
    "unknown-key-enum": dict(edit=[(ENUMS, "import-path =", "import_path =")]),
    "unknown-key-member": dict(edit=[(ENUMS, 'value = "no"', 'value = "no"\nalias = "none"')]),
    "unknown-key-front-matter": dict(edit=[(GUIDE, 'section = "concepts"', 'section = "concepts"\nwieght = 1')]),
    # a field outside any group: only group files hold fields
    "field-in-reference": dict(
        edit=[(REF, 'intro.zh = "`TrainerConfig` 类的设置。"', 'intro.zh = "`TrainerConfig` 类的设置。"\n\n[[field]]\nname = "seed"\ntype = "int"')]
    ),
    # --- wrong value types
    "wrong-type-order": dict(edit=[(BASICS, "order = 1", 'order = "first"')]),
    "wrong-type-languages": dict(edit=[(BOOK, 'languages = ["en", "zh"]', 'languages = "en"')]),
    "wrong-type-title": dict(
        edit=[(BOOK, 'title.en = "Trainer reference"\ntitle.zh = "训练器参考"', 'title = "Trainer reference"')]
    ),
    "wrong-type-default": dict(edit=[(BASICS, 'default = "3.0"', "default = 3.0")]),
    "wrong-type-deprecated": dict(
        edit=[(BASICS, 'deprecated = { since = "1.1", replacement = "epochs", removed-in = "2.0", note.en = "Use `epochs`.", note.zh = "请改用 `epochs`。" }', "deprecated = true")]
    ),
    "wrong-type-choice": dict(edit=[(SCHEDULE, 'choices = ["nccl", "gloo"]', 'choices = ["nccl", 2]')]),
    # --- missing pieces
    "missing-book-toml": dict(remove=[BOOK]),
    "missing-content": dict(remove=["content"]),
    "empty-content": dict(remove=["content/trainer", "content/guides"], write={"content/.keep": ""}),
    "missing-required-key": dict(edit=[(BASICS, 'type = "float"\n', "")]),
    "missing-groups-folder": dict(remove=["content/trainer/groups"]),
    "folder-without-reference": dict(write={"content/notes/readme.md": "Notes.\n"}),
    # --- duplicates and cross-references
    "duplicate-field-across-groups": dict(edit=[(SCHEDULE, 'name = "extra"', 'name = "epochs"')]),
    "duplicate-group-id": dict(edit=[(SCHEDULE, 'id = "schedule"', 'id = "basics"')]),
    "duplicate-enum-member-value": dict(edit=[(ENUMS, 'value = "steps"', 'value = "no"')]),
    "see-also-missing-field": dict(edit=[(SCHEDULE, 'see-also = ["precision"]', 'see-also = ["precison"]')]),
    "see-also-itself": dict(edit=[(SCHEDULE, 'see-also = ["precision"]', 'see-also = ["save_strategy"]')]),
    "replacement-missing-field": dict(edit=[(BASICS, 'replacement = "epochs"', 'replacement = "epoch"')]),
    "enum-not-defined": dict(edit=[(SCHEDULE, "Union[Strategy, str]", "Union[Strategey, str]")]),
    "enum-without-members": dict(
        write={ENUMS: '[[enum]]\nname = "Strategy"\nsummary.en = "When."\nsummary.zh = "时机。"\n'},
        edit=[
            (GUIDE, " members such as [STEPS](enum:Strategy.STEPS)", ""),
            (GUIDE_ZH, " 的成员（如 [STEPS](enum:Strategy.STEPS)）", ""),
        ],
    ),
    "enum-name-of-builtin": dict(
        edit=[
            (ENUMS, 'name = "Strategy"', 'name = "str"'),
            (SCHEDULE, "Union[Strategy, str]", "Optional[str]"),
            (GUIDE, "[Strategy](enum:Strategy) members such as [STEPS](enum:Strategy.STEPS) set", "Set"),
            (GUIDE_ZH, "[Strategy](enum:Strategy) 的成员（如 [STEPS](enum:Strategy.STEPS)）用于设置", "设置"),
        ]
    ),
    # --- annotations (the column is inside the annotation)
    "annotation-unclosed": dict(edit=[(BASICS, 'type = "Optional[int]"', 'type = "Optional[int"')]),
    "annotation-stray-bracket": dict(edit=[(BASICS, 'type = "float"', 'type = "List[float]]"')]),
    "annotation-double-comma": dict(edit=[(SCHEDULE, "Optional[Union[dict, str]]", "Optional[Union[dict,, str]]")]),
    "annotation-call": dict(edit=[(BASICS, 'type = "float"', 'type = "float()"')]),
    "annotation-with-escape": dict(edit=[(BASICS, 'type = "float"', 'type = "Optional[\\u0069nt] ]"')]),
    "annotation-multiline-string": dict(edit=[(BASICS, 'type = "float"', 'type = """\nDict[str,\n     int"""')]),
    "annotation-nested-10000": dict(),  # the annotation is written at run time
    # --- defaults and examples
    "default-not-a-literal": dict(edit=[(BASICS, 'default = "3.0"', 'default = "three"')]),
    "default-with-escape": dict(edit=[(BASICS, 'default = "3.0"', 'default = "\\u0033.0 + 1"')]),
    "default-and-default-factory": dict(edit=[(SCHEDULE, 'default-factory = "dict"', 'default-factory = "dict"\ndefault = "{}"')]),
    "default-expr-without-default": dict(edit=[(BASICS, 'default = "3.0"', 'default-expr = "compute_epochs()"')]),
    "example-not-a-literal": dict(edit=[(BASICS, "example = '\"out\"'", 'example = "out"')]),
    "choices-empty": dict(edit=[(SCHEDULE, 'choices = ["nccl", "gloo"]', "choices = []")]),
    # --- languages and translations
    "translation-missing": dict(edit=[(BASICS, 'summary.zh = "训练轮数（epoch）。"\n', "")]),
    "translation-empty": dict(edit=[(BASICS, 'summary.zh = "训练轮数（epoch）。"', 'summary.zh = "  "')]),
    "translation-unsupported-language": dict(edit=[(REF, "intro.zh", 'intro.fr = "Réglages."\nintro.zh')]),
    "language-unsupported": dict(edit=[(BOOK, 'languages = ["en", "zh"]', 'languages = ["en", "fr"]')], remove=[GUIDE_ZH]),
    "language-listed-twice": dict(edit=[(BOOK, 'languages = ["en", "zh"]', 'languages = ["en", "zh", "en"]')]),
    "default-language-not-listed": dict(
        edit=[(BOOK, 'languages = ["en", "zh"]', 'languages = ["en"]\ndefault-language = "zh"')]
    ),
    "site-url-relative": dict(edit=[(BOOK, 'site-url = "https://example.org/docs/"', 'site-url = "example.org/docs"')]),
    # --- guides
    "guide-broken-param-link": dict(edit=[(GUIDE, "param:save_strategy", "param:save_stratgy")]),
    "guide-broken-enum-link": dict(edit=[(GUIDE_ZH, "enum:Strategy.STEPS", "enum:Strategy.STEP")]),
    "guide-missing-zh": dict(remove=[GUIDE_ZH]),
    "guide-without-title": dict(edit=[(GUIDE, 'title = "Types"\n', "")]),
    "guide-front-matter-unclosed": dict(edit=[(GUIDE, "+++\n\n## Enums", "\n## Enums")]),
    "guide-unknown-section": dict(edit=[(GUIDE, 'section = "concepts"', 'section = "concept"')]),
    "guide-two-default-versions": dict(write={"content/guides/types.en.md": '+++\ntitle = "Types"\n+++\n\nAgain.\n'}),
    "guide-language-not-configured": dict(write={"content/guides/types.fr.md": '+++\ntitle = "Types"\n+++\n\nEncore.\n'}),
    "explanation-broken-link": dict(edit=[(BASICS, "Everything the run writes goes here.", "See [epochs](param:epoks).")]),
    "union-note-page-missing": dict(edit=[(BOOK, 'union-note-page = "types"', 'union-note-page = "typse"')]),
    # --- bytes and sizes (written at run time)
    "non-utf8-bytes": dict(),
    "content-file-10mb": dict(),
    # --- templates
    "template-syntax-error": dict(write={"templates/guide.html": GUIDE_TEMPLATE_OK.replace("{{ title }}", "{{ title }")}),
    "template-missing-variable": dict(write={"templates/guide.html": GUIDE_TEMPLATE_OK.replace("{{ title }}", "{{ titel }}")}),
    # --- DEST
    "dest-is-root": dict(dest="{ROOT}\nno-good-build"),
    "dest-contains-root": dict(dest="{TMP}\nno-good-build"),
    "dest-inside-content": dict(dest="{ROOT}/content/site"),
    "dest-inside-templates": dict(dest="{ROOT}/templates/site"),
    "dest-parent-is-a-file": dict(dest="{ROOT}/book.toml/site\nno-good-build"),
    "dest-not-writable": dict(dest="/proc/fieldbook-invalid-corpus/site\nno-good-build"),
    # --- names that cannot become identifiers, anchors or file names
    "field-name-not-identifier": dict(edit=[(SCHEDULE, 'name = "backend"', 'name = "back-end"')]),
    "field-name-keyword": dict(edit=[(SCHEDULE, 'name = "backend"', 'name = "lambda"')]),
    "group-id-dot-dot": dict(edit=[(SCHEDULE, 'id = "schedule"', 'id = "../x"')]),
    "group-id-slash": dict(edit=[(SCHEDULE, 'id = "schedule"', 'id = "a/b"')]),
    "group-id-con": dict(edit=[(SCHEDULE, 'id = "schedule"', 'id = "con"')]),
    "group-id-empty": dict(edit=[(SCHEDULE, 'id = "schedule"', 'id = ""')]),
    "group-id-reserved-page": dict(edit=[(SCHEDULE, 'id = "schedule"', 'id = "index"')]),
    "enum-member-not-identifier": dict(edit=[(ENUMS, 'name = "EPOCH"', 'name = "PER EPOCH"')]),
    "class-not-identifier": dict(edit=[(REF, 'class = "TrainerConfig"', 'class = "Trainer Config"')]),
    # --- several problems in one book, all listed
    "several-problems": dict(
        edit=[
            (BASICS, 'default = "3.0"', 'default = "three"'),
            (BASICS, 'type = "Optional[int]"', 'type = "Optional[int"'),
            (SCHEDULE, 'see-also = ["precision"]', 'see-also = ["nope"]'),
            (SCHEDULE, 'summary.zh = "何时保存。"\n', ""),
            (GUIDE_ZH, "param:save_strategy", "param:nope"),
            (BOOK, 'site-url = "https://example.org/docs/"', 'site-url = "docs"'),
        ]
    ),
    "several-files-do-not-parse": dict(
        edit=[
            (BASICS, "order = 1", "order = = 1"),
            (ENUMS, "import-path =", "import_path ="),
            (GUIDE, 'section = "concepts"', 'section = "concepts"\nweight = "first"'),
        ]
    ),
}

BOOK_FILES = ["book.toml", "content", "templates"]


def make(name, spec):
    case = os.path.join(HERE, name)
    os.makedirs(case, exist_ok=True)
    for entry in os.listdir(case):
        if entry != "expected.txt":
            path = os.path.join(case, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    for entry in BOOK_FILES:
        src = os.path.join(BASE, entry)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(case, entry))
        elif os.path.isfile(src):
            shutil.copy(src, os.path.join(case, entry))
    for path, text in spec.get("write", {}).items():
        full = os.path.join(case, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    for path, old, new in spec.get("edit", []):
        full = os.path.join(case, path)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        if old not in text:
            sys.exit(f"{name}: {path} does not contain {old!r}")
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(text.replace(old, new, 1))
    for path in spec.get("remove", []):
        full = os.path.join(case, path)
        shutil.rmtree(full) if os.path.isdir(full) else os.remove(full)
    if "dest" in spec:
        with open(os.path.join(case, "dest.txt"), "w", encoding="utf-8") as f:
            f.write(spec["dest"] + "\n")


def main():
    for name, spec in CASES.items():
        make(name, spec)
    print(f"{len(CASES)} cases written under {HERE}")


if __name__ == "__main__":
    main()

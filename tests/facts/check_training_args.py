#!/usr/bin/env python3
"""Checks the bundled TrainingArguments facts against transformers' own source.

Usage: check_training_args.py FIELDS_JSON TRANSFORMERS_DIR

FIELDS_JSON is the `fields.json` of a built site; TRANSFORMERS_DIR is an unpacked transformers
4.40.2 wheel (the folder holding `training_args.py`). Every `__init__` field (init=True) must be
documented with exactly the source's annotation, default (or `default-expr` for computed
defaults), default_factory and choices; every enum the
annotations use must list exactly the source's members. Prints a summary; exits 1 on any mismatch.
"""
import ast
import json
import sys
from pathlib import Path


def source_fields(path):
    src = path.read_text()
    tree = ast.parse(src)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "TrainingArguments")
    out = {}
    for st in cls.body:
        if not isinstance(st, ast.AnnAssign):
            continue
        f = {"annotation": ast.get_source_segment(src, st.annotation), "default": None,
             "default_factory": None, "choices": None, "init": True}
        value = st.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "field":
            for kw in value.keywords:
                text = ast.get_source_segment(src, kw.value)
                if kw.arg == "default":
                    f["default"] = text
                elif kw.arg == "default_factory":
                    f["default_factory"] = text
                elif kw.arg == "init":
                    f["init"] = ast.literal_eval(kw.value)
                elif kw.arg == "metadata" and isinstance(kw.value, ast.Dict):
                    for k, v in zip(kw.value.keys, kw.value.values):
                        if ast.literal_eval(k) == "choices":
                            try:
                                f["choices"] = list(ast.literal_eval(v))
                            except ValueError:
                                f["choices"] = ast.get_source_segment(src, v)
        elif value is not None:
            f["default"] = ast.get_source_segment(src, value)
        if f["init"]:
            out[st.target.id] = f
    return out


def source_enum(path, name):
    tree = ast.parse(path.read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    return [(s.targets[0].id, ast.literal_eval(s.value)) for s in cls.body if isinstance(s, ast.Assign)]


def main():
    fields_json, tf_dir = Path(sys.argv[1]), Path(sys.argv[2])
    data = json.loads(fields_json.read_text())
    ref = next(r for r in data["references"] if r["class"] == "TrainingArguments")
    ours = {f["name"]: f for f in ref["fields"]}
    theirs = source_fields(tf_dir / "training_args.py")
    problems = []
    for name in sorted(set(theirs) - set(ours)):
        problems.append(f"{name}: in transformers but not documented")
    for name in sorted(set(ours) - set(theirs)):
        problems.append(f"{name}: documented but not an __init__ field of transformers")
    exact = 0
    for name, src in theirs.items():
        f = ours.get(name)
        if f is None:
            continue
        before = len(problems)
        if f["type"] != src["annotation"]:
            problems.append(f"{name}: type {f['type']!r} != source {src['annotation']!r}")
        documented_default = f["default_expr"] or f["default"]
        if documented_default != src["default"]:
            problems.append(f"{name}: default {documented_default!r} != source {src['default']!r}")
        if f["default_factory"] != src["default_factory"]:
            problems.append(f"{name}: default_factory {f['default_factory']!r} != source {src['default_factory']!r}")
        if f["required"] != (src["default"] is None and src["default_factory"] is None):
            problems.append(f"{name}: required flag is wrong")
        if isinstance(src["choices"], list) and f["choices"] != src["choices"]:
            problems.append(f"{name}: choices {f['choices']!r} != source {src['choices']!r}")
        if len(problems) == before:
            exact += 1
    enum_files = {
        "IntervalStrategy": "trainer_utils.py", "SchedulerType": "trainer_utils.py", "HubStrategy": "trainer_utils.py",
        "FSDPOption": "trainer_utils.py", "OptimizerNames": "training_args.py", "DebugOption": "debug_utils.py",
    }
    members_checked = 0
    for e in ref["enums"]:
        expected = source_enum(tf_dir / enum_files[e["name"]], e["name"])
        got = [(m["name"], m["value"]) for m in e["members"]]
        members_checked += len(got)
        if got != expected:
            problems.append(f"enum {e['name']}: members {got} != source {expected}")
    missing_enums = set(enum_files) - {e["name"] for e in ref["enums"]}
    problems += [f"enum {n}: not documented" for n in sorted(missing_enums)]
    for p in problems:
        print("MISMATCH", p)
    print(f"{len(theirs)} source fields, {exact} documented exactly; {len(ref['enums'])} enums, "
          f"{members_checked} members checked; {len(problems)} mismatches")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

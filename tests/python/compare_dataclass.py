#!/usr/bin/env python3
"""Compare `fieldbook import FILE --class NAME --json` with Python's own view of the dataclass.

Python's view is built without importing the module (which would need torch & co.):

* the file and its bases' files are parsed with the `ast` module;
* bases are located with Python's own module finder (`importlib.machinery.PathFinder`), relative
  imports resolved against the file's package (`importlib.util.resolve_name`), re-exports followed;
* the class hierarchy is rebuilt from empty stand-in classes with `type()`, so the MRO is Python's,
  and every stand-in that is a dataclass in the source goes through the real `dataclasses.dataclass`
  with `field(...)` objects whose default / default_factory are markers carrying the source text;
  `dataclasses.fields()` then gives the field list, order and inherited defaults.

Per field it compares: name and position, annotation text (`ast.get_source_segment`), default
text, default_factory text, init, help (`ast.literal_eval` of the help expression), choices (a
literal list/tuple of strings as a list, anything else as source text) and the other metadata keys.

Bases in other packages are found beside the file's top package and in each `--python-path`
folder, as fieldbook finds them (trl's `SFTConfig` over transformers' `TrainingArguments`).

Usage: compare_dataclass.py FILE CLASS [--fieldbook BIN] [--python-path DIR]... [-v]
Prints "<file> <class>: N fields, M exact" and exits 1 on any mismatch.
"""

import argparse
import ast
import dataclasses
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

PSEUDO = {"ClassVar", "InitVar", "KW_ONLY"}


class Marker:
    """A default or default_factory: its source text."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"Marker({self.text!r})"


_LINES = {}


def segment(source, node):
    """`ast.get_source_segment(source, node)`, with the source's lines split once, not per call."""
    lines = _LINES.get(source)
    if lines is None:
        split = getattr(ast, "_splitlines_no_ff", None)
        lines = _LINES[source] = split(source) if split else source.splitlines(keepends=True)
    if node.end_lineno is None or node.end_col_offset is None:
        return None
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:
        return lines[first].encode()[node.col_offset : node.end_col_offset].decode()
    head = lines[first].encode()[node.col_offset :].decode()
    tail = lines[last].encode()[: node.end_col_offset].decode()
    return "".join([head, *lines[first + 1 : last], tail])


def dotted(node):
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return inner + [node.attr] if inner is not None else None
    return None


class Module:
    def __init__(self, path):
        self.path = Path(path)
        self.source = self.path.read_text(encoding="utf-8")
        if self.source.startswith("\ufeff"):
            self.source = self.source[1:]
        self.tree = ast.parse(self.source, filename=str(path))
        self.classes = {}  # name -> last ClassDef
        self.imports = []  # (bound name, node, alias)
        self._walk(self.tree.body)
        self.root, self.name = package_of(self.path)
        self.dc_modules = {"dataclasses"}
        self.dc_field = {"field"}
        self.dc_dataclass = {"dataclass"}
        for bound, node, alias in self.imports:
            if isinstance(node, ast.Import) and alias.name == "dataclasses":
                self.dc_modules.add(bound)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "dataclasses":
                if alias.name == "field":
                    self.dc_field.add(bound)
                elif alias.name == "dataclass":
                    self.dc_dataclass.add(bound)

    def _walk(self, body):
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                self.classes[stmt.name] = stmt
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                for alias in stmt.names:
                    if alias.asname:
                        bound = alias.asname
                    elif isinstance(stmt, ast.Import):
                        bound = alias.name.split(".")[0]
                    else:
                        bound = alias.name
                    self.imports.append((bound, stmt, alias))
            elif isinstance(stmt, ast.If):
                self._walk(stmt.body)
                self._walk(stmt.orelse)
            elif isinstance(stmt, ast.Try):
                self._walk(stmt.body)
                for h in stmt.handlers:
                    self._walk(h.body)
                self._walk(stmt.orelse)
                self._walk(stmt.finalbody)

    def names(self, node, what, direct):
        parts = dotted(node)
        if parts is None:
            return False
        if len(parts) == 1:
            return parts[0] in direct
        if len(parts) == 2:
            return parts[1] == what and parts[0] in self.dc_modules
        return parts[-1] == what and parts[-2] == "dataclasses"

    def is_dataclass(self, cls):
        for d in cls.decorator_list:
            target = d.func if isinstance(d, ast.Call) else d
            if self.names(target, "dataclass", self.dc_dataclass):
                return True
        return False

    def dataclass_kwargs(self, cls):
        for d in cls.decorator_list:
            if isinstance(d, ast.Call) and self.names(d.func, "dataclass", self.dc_dataclass):
                out = {}
                for k in d.keywords:
                    try:
                        out[k.arg] = ast.literal_eval(k.value)
                    except ValueError:
                        pass
                return out
        return {}


def package_of(path):
    """(the sys.path entry the file's top package lives in, the file's module name)."""
    path = Path(path).resolve()
    parts = [] if path.name == "__init__.py" else [path.stem]
    d = path.parent
    while (d / "__init__.py").exists():
        parts.insert(0, d.name)
        d = d.parent
    return d, ".".join(parts)


def find_module_file(name, roots):
    parts = name.split(".")
    spec = importlib.machinery.PathFinder.find_spec(parts[0], [str(r) for r in roots])
    for i in range(1, len(parts)):
        if spec is None or spec.submodule_search_locations is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(
            ".".join(parts[: i + 1]), list(spec.submodule_search_locations)
        )
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return spec.origin


# `--python-path` folders: more places to find absolutely imported modules in.
EXTRA_ROOTS = []


class World:
    def __init__(self):
        self.modules = {}
        self.unresolved = []

    def module(self, path):
        key = str(Path(path).resolve())
        if key not in self.modules:
            self.modules[key] = Module(path)
        return self.modules[key]

    def absolute(self, mod, node_level, module_name):
        if node_level == 0:
            return module_name
        package = mod.name if mod.path.name == "__init__.py" else mod.name.rpartition(".")[0]
        return importlib.util.resolve_name("." * node_level + (module_name or ""), package)

    def module_file(self, mod, level, module_name):
        try:
            name = self.absolute(mod, level, module_name)
        except (ImportError, ValueError):
            return None
        if not name:
            return None
        roots = [mod.root, mod.path.parent] + EXTRA_ROOTS if level == 0 else [mod.root]
        return find_module_file(name, roots)

    def find_class(self, mod, name, depth=0):
        """(module, ClassDef) that `name` is bound to in `mod`, following imports."""
        if depth > 8:
            return None
        if name in mod.classes:
            return mod, mod.classes[name]
        for bound, node, alias in reversed(mod.imports):
            if bound != name or not isinstance(node, ast.ImportFrom):
                continue
            f = self.module_file(mod, node.level, node.module)
            if f:
                found = self.find_class(self.module(f), alias.name, depth + 1)
                if found:
                    return found
        return None

    def resolve_base(self, mod, base):
        parts = dotted(base)
        if parts is None:
            return None
        if len(parts) == 1:
            return self.find_class(mod, parts[0])
        first, middle, name = parts[0], parts[1:-1], parts[-1]
        for bound, node, alias in reversed(mod.imports):
            if bound != first:
                continue
            if isinstance(node, ast.Import):
                target = alias.name if alias.asname else alias.name.split(".")[0]
                f = self.module_file(mod, 0, ".".join([target] + middle))
            else:
                f = self.module_file(mod, node.level, ".".join(p for p in [node.module, alias.name] + middle if p))
            if f:
                return self.find_class(self.module(f), name)
            return None
        return None


def build(world, mod, cls, made):
    """The stand-in class for `cls` of `mod` (built once)."""
    key = (str(mod.path.resolve()), cls.name)
    if key in made:
        return made[key]
    made[key] = None  # cycle guard
    bases = []
    for b in cls.bases:
        found = world.resolve_base(mod, b)
        if found is None or made.get((str(found[0].path.resolve()), found[1].name), 0) is None:
            text = segment(mod.source, b)
            world.unresolved.append(text)
            bases.append(type(f"Unresolved_{len(world.unresolved)}", (), {}))
        else:
            bases.append(build(world, found[0], found[1], made))
    namespace = {"__annotations__": {}, "__module__": __name__}
    for stmt in cls.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        ann = stmt.annotation
        head = ann.value if isinstance(ann, ast.Subscript) else ann
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            word = ann.value.strip().split("[")[0].split(".")[-1]
            if word in PSEUDO:
                continue
        elif (dotted(head) or [""])[-1] in PSEUDO:
            continue
        name = stmt.target.id
        namespace["__annotations__"][name] = segment(mod.source, ann)
        value = stmt.value
        if value is None:
            continue
        if isinstance(value, ast.Call) and mod.names(value.func, "field", mod.dc_field):
            kwargs = {}
            meta = {}
            for k in value.keywords:
                text = segment(mod.source, k.value)
                if k.arg == "default":
                    kwargs["default"] = Marker(text)
                elif k.arg == "default_factory":
                    kwargs["default_factory"] = Marker(text)
                elif k.arg == "init":
                    kwargs["init"] = not (isinstance(k.value, ast.Constant) and k.value.value is False)
                elif k.arg == "metadata":
                    meta = read_metadata(mod.source, k.value)
            kwargs["metadata"] = meta
            namespace[name] = dataclasses.field(**kwargs)
        else:
            namespace[name] = Marker(segment(mod.source, value))
    try:
        made_cls = type(cls.name, tuple(bases), namespace)
    except TypeError as e:  # an MRO Python itself would reject
        sys.exit(f"{mod.path}: class {cls.name}: {e}")
    if mod.is_dataclass(cls):
        made_cls = dataclasses.dataclass(**mod.dataclass_kwargs(cls))(made_cls)
    made[key] = made_cls
    return made_cls


def read_metadata(source, node):
    entries = []
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if k is None:
                key = "**"
            elif isinstance(k, ast.Constant) and isinstance(k.value, str):
                key = k.value
            else:
                key = segment(source, k)
            entries.append((key, v))
    elif isinstance(node, ast.Call) and dotted(node.func) == ["dict"] and not node.args:
        entries = [(k.arg if k.arg else "**", k.value) for k in node.keywords]
    else:
        return {"**": segment(source, node)}
    meta = {}
    for key, v in entries:
        text = segment(source, v)
        if key == "help":
            try:
                value = ast.literal_eval(v)
            except ValueError:
                value = None
            if isinstance(value, str):
                meta["help"] = value
                meta.pop("help-source", None)
            else:
                meta.pop("help", None)
                meta["help-source"] = text
        elif key == "choices":
            try:
                value = ast.literal_eval(v)
            except ValueError:
                value = None
            if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value) and isinstance(
                v, (ast.List, ast.Tuple)
            ):
                meta["choices"] = list(value)
            else:
                meta["choices"] = text
        else:
            meta[("other", key)] = text
    return meta


def python_view(path, class_name):
    world = World()
    mod = world.module(path)
    if class_name not in mod.classes:
        sys.exit(f"{path}: no class {class_name}")
    cls = build(world, mod, mod.classes[class_name], {})
    out = []
    for f in dataclasses.fields(cls):
        meta = dict(f.metadata)
        other = {k[1]: v for k, v in meta.items() if isinstance(k, tuple)}
        if "help-source" in meta:
            other["help"] = meta["help-source"]
        default = f.default.text if isinstance(f.default, Marker) else None
        factory = f.default_factory.text if isinstance(f.default_factory, Marker) else None
        out.append(
            {
                "name": f.name,
                "annotation": f.type,
                "default": default,
                "default_factory": factory,
                "init": f.init,
                "help": meta.get("help"),
                "choices": meta.get("choices"),
                "metadata": other,
            }
        )
    return out, world.unresolved


KEYS = ["name", "annotation", "default", "default_factory", "init", "help", "choices", "metadata"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("class_name")
    ap.add_argument("--fieldbook", default=os.environ.get("FIELDBOOK", "fieldbook"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--label", help="name shown instead of the file path")
    ap.add_argument("--python-path", action="append", default=[])
    args = ap.parse_args()
    EXTRA_ROOTS.extend(Path(p).resolve() for p in args.python_path)

    extra = [a for p in args.python_path for a in ("--python-path", p)]
    run = subprocess.run(
        [args.fieldbook, "import", args.file, "--class", args.class_name, "--json"] + extra,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        sys.exit(f"fieldbook import failed with exit code {run.returncode}")
    ours = json.loads(run.stdout)
    theirs, unresolved = python_view(args.file, args.class_name)

    label = args.label or args.file
    problems = []
    exact = 0
    ours_names = [f["name"] for f in ours]
    theirs_names = [f["name"] for f in theirs]
    if ours_names != theirs_names:
        missing = [n for n in theirs_names if n not in ours_names]
        extra = [n for n in ours_names if n not in theirs_names]
        problems.append(f"field list differs: missing {missing}, extra {extra}" if missing or extra else "field order differs")
    by_name = {f["name"]: f for f in ours}
    for i, t in enumerate(theirs):
        o = by_name.get(t["name"])
        if o is None:
            continue
        diffs = [k for k in KEYS if o.get(k) != t[k]]
        if ours_names.index(t["name"]) != i:
            diffs.append("position")
        if diffs:
            for k in diffs:
                problems.append(f"{t['name']}: {k}: fieldbook {o.get(k)!r} != python {t.get(k)!r}")
        else:
            exact += 1
    if args.verbose and unresolved:
        print(f"  bases not found by Python either: {', '.join(sorted(set(unresolved)))}")
    documented = sum(1 for f in ours if f.get("doc"))
    print(f"{label} {args.class_name}: {len(theirs)} fields, {exact} exact ({documented} with a docstring entry)")
    for p in problems:
        print(f"  MISMATCH {p}")
    sys.exit(1 if problems or len(ours) != len(theirs) else 0)


if __name__ == "__main__":
    main()

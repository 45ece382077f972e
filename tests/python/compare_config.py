"""Compare `fieldbook import FILE --class NAME --json` with Python's own view of a pydantic model
(`Model.model_fields`) or an attrs class (`attrs.fields()`).

The class is imported from an unpacked wheel folder (`--site`) as its package would import it, with
the package's own `__init__.py` skipped (so only the class's module and what it imports run) and
every module that is not installed replaced by a stub, so heavy or absent dependencies do not
matter. Compared per field, in order: the name, whether it is required, the default (by value when
fieldbook's default is a Python literal), whether it has a default factory, and for pydantic the
alias, the description and the constraints (`ge`, `le`, `gt`, `lt`, `min_length`, `max_length`,
`multiple_of`).

Usage: compare_config.py --fieldbook BIN --site DIR --module pkg.mod FILE CLASS
Exit status 0 when everything matches, 1 otherwise.
"""

import argparse
import ast
import importlib.abc
import importlib.machinery
import importlib.util
import json
import subprocess
import sys
import types

REAL = {"pydantic", "pydantic_core", "pydantic_settings", "attr", "attrs", "typing_extensions",
        "annotated_types", "dotenv", "typing_inspection"}


class _Stub(types.ModuleType):
    """A module that has every attribute: a class that accepts any call."""

    def __init__(self, name):
        super().__init__(name)
        self.__path__ = []

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        cls = type(attr, (), {"__init__": lambda self, *a, **k: None,
                               "__call__": lambda self, *a, **k: (a[0] if a else self)})
        setattr(self, attr, cls)
        return cls


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Last on `sys.meta_path`: a module that the wheel's own code imports and nothing else
    finds becomes a stub (imports that installed libraries try, like `org.python.core`, still
    fail as they expect)."""

    def __init__(self, site):
        self.site = site

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in REAL:
            return None
        frame = sys._getframe(1)
        while frame and frame.f_code.co_filename.startswith("<frozen"):
            frame = frame.f_back
        if not frame or not frame.f_code.co_filename.startswith(self.site):
            return None
        return importlib.machinery.ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        return _Stub(spec.name)

    def exec_module(self, module):
        pass


def python_view(site, module_name, class_name):
    import os
    site = os.path.abspath(site)
    sys.path.insert(0, site)
    sys.meta_path.append(_StubFinder(site))
    top = module_name.split(".")[0]
    package = types.ModuleType(top)
    package.__path__ = [f"{site}/{top}"]
    sys.modules[top] = package
    module = importlib.import_module(module_name)
    cls = getattr(module, class_name)
    out = []
    if hasattr(cls, "model_fields"):
        from pydantic_core import PydanticUndefined
        for name, fi in cls.model_fields.items():
            constraints = {}
            for m in fi.metadata:
                for key in ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length"):
                    if hasattr(m, key) and getattr(m, key) is not None:
                        constraints[key] = getattr(m, key)
            out.append({
                "name": name,
                "required": fi.default is PydanticUndefined and fi.default_factory is None,
                "default": None if fi.default is PydanticUndefined else fi.default,
                "factory": fi.default_factory is not None,
                "alias": fi.alias if isinstance(fi.alias, str) else None,
                "help": fi.description,
                "constraints": constraints,
            })
    else:
        import attrs
        for a in attrs.fields(cls):
            factory = isinstance(a.default, attrs.Factory)
            out.append({
                "name": a.name,
                "required": a.default is attrs.NOTHING,
                "default": None if a.default is attrs.NOTHING or factory else a.default,
                "factory": factory,
            })
    return out


def ours(fieldbook, file, class_name):
    run = subprocess.run([fieldbook, "import", file, "--class", class_name, "--json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"fieldbook import failed:\n{run.stderr}")
    return json.loads(run.stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fieldbook", required=True)
    p.add_argument("--site", required=True)
    p.add_argument("--module", required=True)
    p.add_argument("--label", default="")
    p.add_argument("file")
    p.add_argument("class_name")
    args = p.parse_args()
    theirs = python_view(args.site, args.module, args.class_name)
    mine = ours(args.fieldbook, args.file, args.class_name)
    problems = []
    names_theirs = [f["name"] for f in theirs]
    names_mine = [f["name"] for f in mine]
    if names_theirs != names_mine:
        problems.append(f"field order differs:\n  python:    {names_theirs}\n  fieldbook: {names_mine}")
    compared = 0
    for t, m in zip(theirs, mine):
        if t["name"] != m["name"]:
            continue
        name = t["name"]
        required = m.get("default") is None and m.get("default_factory") is None
        if required != t["required"]:
            problems.append(f"{name}: required python={t['required']} fieldbook={required}")
        if t["factory"] != (m.get("default_factory") is not None):
            problems.append(f"{name}: default factory python={t['factory']} fieldbook={m.get('default_factory')}")
        if m.get("default") is not None:
            try:
                value = ast.literal_eval(m["default"])
            except (ValueError, SyntaxError):
                value = None  # an expression (`Path.home() / ".x"`): not compared by value
            else:
                compared += 1
                if value != t["default"]:
                    problems.append(f"{name}: default python={t['default']!r} fieldbook={m['default']}")
        if "alias" in t and t["alias"] != m.get("alias"):
            problems.append(f"{name}: alias python={t['alias']!r} fieldbook={m.get('alias')!r}")
        if "help" in t and (t["help"] or None) != (m.get("help") or None):
            problems.append(f"{name}: description python={t['help']!r} fieldbook={m.get('help')!r}")
        if "constraints" in t:
            mc = {k: ast.literal_eval(v) for k, v in (m.get("constraints") or {}).items() if k != "pattern"}
            if mc != t["constraints"]:
                problems.append(f"{name}: constraints python={t['constraints']} fieldbook={mc}")
    label = args.label or f"{args.module}.{args.class_name}"
    if problems:
        print(f"FAIL {label}: " + "\n  ".join(problems))
        sys.exit(1)
    print(f"ok   {label}: {len(theirs)} fields, {compared} defaults compared by value")


if __name__ == "__main__":
    main()

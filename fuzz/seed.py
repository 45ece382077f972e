#!/usr/bin/env python3
"""Regenerates fuzz/seeds/<target>/ from the repository's own content (and, when present, the
transformers sources in /tmp/tf-src that tests/python/real_sources.sh fetches).

Run from anywhere: python3 fuzz/seed.py. Seeds are small on purpose (< 1 MB in all); the corpus
that fuzzing grows lives in fuzz/corpus/ and is not committed.
"""
import hashlib
import pathlib
import re
import shutil

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
SEEDS = FUZZ / "seeds"
TF = pathlib.Path("/tmp/tf-src/transformers")
MAX_SEED = 16 * 1024


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_SEED:
        return
    folder = SEEDS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def main():
    shutil.rmtree(SEEDS, ignore_errors=True)
    groups = sorted((ROOT / "content").glob("*/groups/*.toml"))
    groups += sorted((ROOT / "tests/fixtures/minimal/content").glob("*/groups/*.toml"))

    # typeexpr: every annotation of the bundled book, plus shapes it does not use.
    types = set()
    for g in groups:
        for m in re.finditer(r'^type = (["\'])(.*)\1\s*$', g.read_text(), re.M):
            types.add(m.group(2).replace('\\"', '"'))
    types |= {
        "int | None",
        "list[str] | dict[str, int] | None",
        "Tuple[int, ...]",
        'Literal["a", \'b\', 1, -2.5e3, True, None]',
        '"Optional[\'IntervalStrategy\']"',
        "typing.Dict[str, typing.Any]",
        "(int | str)",
        "Optional[Union[dict, str]]",
        "Callable[[int], str]",
        'Literal["\\n\\t\\"x\\\\"]',
        "学习率",
    }
    for t in sorted(types):
        put("typeexpr", t)

    # pyliteral: defaults and examples of the bundled book, plus containers.
    literals = {'"steps"', "5e-5", "None", "True", "[1, 2, (3,)]", "{'a': {1, 2}}", "-0x1F", "()", "'''x'''", "b'x'"}
    for g in groups:
        for m in re.finditer(r"^(?:default|example) = ('(?:[^']*)'|\"(?:[^\"\\\\]|\\\\.)*\")\s*$", g.read_text(), re.M):
            literals.add(m.group(1)[1:-1])
    for lit in sorted(literals):
        put("pyliteral", lit)

    # content_loader: first byte picks the file (see fuzz_targets/content_loader.rs).
    fixture = ROOT / "tests/fixtures/minimal"
    for g in groups:
        put("content_loader", b"\x00" + g.read_bytes())
    put("content_loader", b"\x04" + (fixture / "content/trainer/enums.toml").read_bytes())
    put("content_loader", b"\x04" + (ROOT / "content/training-args/enums.toml").read_bytes()[:MAX_SEED - 1])
    put("content_loader", b"\x05" + (fixture / "content/trainer/reference.toml").read_bytes())
    put("content_loader", b"\x05" + (ROOT / "content/training-args/reference.toml").read_bytes())
    put("content_loader", b"\x06" + (fixture / "book.toml").read_bytes())
    put("content_loader", b"\x06" + (ROOT / "book.toml").read_bytes())
    for md in sorted((ROOT / "content/guides").glob("*.md")) + sorted((fixture / "content/guides").glob("*.md")):
        put("content_loader", b"\x07" + md.read_bytes())
    # The fixture's own files with the high bit set: valid books that get rendered.
    for selector, name in [(0, "content/trainer/groups/01-basics.toml"), (3, "content/trainer/groups/02-schedule.toml"),
                           (4, "content/trainer/enums.toml"), (5, "content/trainer/reference.toml"),
                           (6, "book.toml"), (7, "content/guides/types.md")]:
        put("content_loader", bytes([0x80 | selector]) + (fixture / name).read_bytes())

    # markdown: the guides' bodies and the explanations of the groups.
    for md in sorted((ROOT / "content/guides").glob("*.md")) + sorted((fixture / "content/guides").glob("*.md")):
        text = md.read_text()
        put("markdown", text.split("+++", 2)[-1])
    for g in groups:
        for m in re.finditer(r'^explanation\.(?:en|zh) = """\n(.*?)"""', g.read_text(), re.M | re.S):
            put("markdown", m.group(1))
    put("markdown", "See [x](param:learning_rate), [s](enum:Strategy.STEPS), [t](guide:types#enums), `output_dir`, [bad](param:nope), [j](javascript:alert(1)), <b>raw</b>\n\n```python\nx = 1\n```\n\n# 标题 `code`\n\n| a | b |\n|---|---|\n| ~~c~~ | d |\n")

    # Regressions: nesting that cost the sanitizer quadratic time (src/markdown.rs, limit_nesting).
    put("markdown", ">" * 10000 + " x\n")
    put("markdown", "<blockquote>" * 500 + "x\n\n" + "<div><b title=1></div>x" * 200)
    put("content_loader", b"\x87+++\ntitle = \"Types\"\nsection = \"concepts\"\n+++\n\n" + b">" * 10000 + b" x\n")

    # python_reader: small dataclasses, and pieces of transformers when present.
    put("python_reader", '''from dataclasses import dataclass, field
from typing import Optional, Union
from .base import Base


@dataclass
class Config(Base):
    """
    Parameters:
        lr (`float`, *optional*, defaults to 5e-5):
            The learning rate.
    """

    lr: float = field(default=5e-5, metadata={"help": "The learning rate.", "choices": ["a", "b"]})
    name: Optional[str] = None
    items: list = field(default_factory=list, metadata={"help": ("implicit " "concat %%"), **extra})
    mode: Union["Mode", str] = "steps"
    hidden: int = field(init=False, default=0)
''')
    put("python_reader", '''import dataclasses

class Plain:
    x = 1

@dataclasses.dataclass(frozen=True)
class Child(Plain, Missing):
    y: "int" = 2
    z: int
''')
    if TF.is_dir():
        put("python_reader", (TF / "training_args_seq2seq.py").read_bytes())
        source = (TF / "training_args.py").read_text()
        start = source.index("@dataclass\nclass TrainingArguments")
        # The class header, the start of its docstring and its first fields.
        doc_end = source.index('    """\n\n', start + 60)
        fields = source.index("    output_dir: str", doc_end)
        head = source[start:start + 2500] + '\n    """\n\n' + source[fields:fields + 3000]
        head = head[: head.rindex("\n    )\n") + 7]
        put("python_reader", "from dataclasses import dataclass, field\nfrom typing import Optional, Union\n\n" + head)
        put("python_reader", (TF / "trainer_utils.py").read_bytes()[:MAX_SEED])


if __name__ == "__main__":
    main()

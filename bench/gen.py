#!/usr/bin/env python3
"""Generate one synthetic book of N fields, in English and Chinese, for fieldbook, mdBook and Hugo.

    python3 bench/gen.py --fields N --out DIR [--seed 6] [--fields-per-ref 500]

writes

    DIR/fieldbook/          book.toml, content/<ref>/{reference,enums}.toml, groups/*.toml, guides
    DIR/mdbook-en/          an mdBook (search on, the default) in English ...
    DIR/mdbook-zh/          ... and one in Chinese: mdBook has no i18n
    DIR/hugo/               one multilingual Hugo site (en + zh), build-time highlighting (default)

All three hold the same content, drawn from one seeded random generator (same N and seed, same
bytes). The book has ceil(N / fields-per-ref) references (config classes); each reference has
groups of ~15 fields (14-16), about six enums of 3-5 members, and every field has a type, a
default, a one-line summary and an explanation of 2-4 sentences per language that ends in a
```python snippet. About one field in seven is typed `Union[SomeEnum, str]`; explanations
mention other fields of the reference in backticks (fieldbook links those; the mdBook and Hugo
pages get the same links written out as Markdown links).

The mdBook and Hugo pages mirror what fieldbook renders from the content: per reference an index
page with the intro, a page per group (a defaults table, then one section per field: type,
default, summary, explanation with snippet, accepted enum values, see-also), an "all defaults"
page and an enums page; and the "Union vs Enum" guide.
"""

import argparse
import math
import os
import random
import shutil

# ---------------------------------------------------------------------------------------------
# Vocabulary. Field names are built from these; sentences are filled from them.

PREFIXES = ["train", "eval", "save", "log", "cache", "data", "model", "batch", "grad", "warmup",
            "hub", "push", "seed", "device", "worker", "shard", "token", "metric", "report",
            "export", "stream", "retry", "queue", "mesh", "kernel", "layer", "prompt", "sample",
            "beam", "vocab", "align", "dropout", "memory", "offload", "quant", "prune", "merge",
            "split", "fetch", "index"]
NOUNS = ["steps", "size", "ratio", "limit", "strategy", "dir", "path", "interval", "rate",
         "threshold", "count", "mode", "backend", "format", "window", "budget", "timeout",
         "level", "factor", "policy", "prefix", "scale", "depth", "width", "epochs", "bucket",
         "capacity", "horizon", "margin", "period"]
QUALIFIERS = ["max", "min", "per_device", "total", "initial", "final", "default", "global",
              "local", "extra"]

EN_SUBJECTS = ["the trainer", "the data loader", "the scheduler", "each worker", "the optimizer",
               "the checkpoint writer", "the evaluation loop", "the logger", "the exporter",
               "the cache", "the tokenizer", "the launcher"]
EN_VERBS = ["reads", "checks", "rounds", "caches", "validates", "ignores", "doubles", "reuses",
            "resets", "records"]
EN_OBJECTS = ["this value", "the setting", "the limit", "the current step", "the batch",
              "the last checkpoint", "the metric", "the whole run"]
EN_TIMES = ["before every step", "once at start-up", "at the end of each epoch",
            "whenever a checkpoint is written", "after the first evaluation",
            "when the run resumes", "on every device", "while the data is streamed"]

ZH_SUBJECTS = ["训练器", "数据加载器", "学习率调度器", "每个工作进程", "优化器", "检查点写入器",
               "评估循环", "日志记录器", "导出器", "缓存", "分词器", "启动器"]
ZH_VERBS = ["读取", "检查", "取整", "缓存", "校验", "忽略", "加倍", "复用", "重置", "记录"]
ZH_OBJECTS = ["这个值", "该设置", "上限", "当前步数", "当前批次", "最近的检查点", "指标", "整个训练过程"]
ZH_TIMES = ["在每一步之前", "在启动时", "在每轮结束时", "每次写入检查点时", "在第一次评估之后",
            "在恢复训练时", "在每个设备上", "在流式读取数据时"]

# Sentence templates: {f} is another field of the reference (in backticks), {val} an example
# value; {S}/{s} subject, {V}/{v} verb, {O}/{o} object, {T}/{t} time (capitalised / not).
EN_SENTENCES = [
    "{S} {V} {O} {T}, so changing it mid-run has no effect until the next restart.",
    "When `{f}` is also set, {s} {v} {o} {t} and the two values are combined.",
    "Leave it at the default unless {s} runs out of memory; larger values trade speed for a smaller footprint.",
    "A value of `{val}` is a common choice for medium-sized runs, and it matches what the official examples use.",
    "It is ignored while `{f}` is off, and a warning is logged {t} to say so.",
    "{S} {V} it {T} and stores the result next to the other settings in the run's metadata.",
    "Setting it too high makes {s} wait longer {t}, which shows up as idle time in the profiler.",
    "On several machines every process must use the same value, otherwise {s} stops with an error {t}.",
    "Fractions are read relative to the total number of steps, which depends on `{f}` and the dataset size.",
    "The command line accepts the same value, so scripts and notebooks can share one configuration file.",
    "Changing it does not invalidate existing checkpoints, but resumed runs keep the value they were started with.",
    "Use it together with `{f}` when you need finer control over how {s} behaves {t}.",
]
ZH_SENTENCES = [
    "{s}会{t}{v}{o}，因此训练中途修改它要到下次重启才会生效。",
    "同时设置了 `{f}` 时，{s}会{t}{v}{o}，并把两个值合并使用。",
    "除非{s}内存不足，否则保持默认值即可；取值越大越省内存，但速度会变慢。",
    "中等规模的训练通常取 `{val}`，这也是官方示例采用的值。",
    "`{f}` 关闭时此参数不起作用，并且会{t}记录一条警告说明这一点。",
    "{s}会{t}{v}它，并把结果与其他设置一起保存在本次训练的元数据中。",
    "取值过大会让{s}{t}等待更久，在性能分析中表现为空闲时间。",
    "多机训练时每个进程必须使用相同的值，否则{s}会{t}报错退出。",
    "小数按总步数的比例换算，而总步数取决于 `{f}` 和数据集大小。",
    "命令行接受同样的取值，因此脚本和 notebook 可以共用一份配置文件。",
    "修改它不会让已有的检查点失效，但续训时会沿用最初启动时的取值。",
    "需要更精细地控制{s}{t}的行为时，可以与 `{f}` 搭配使用。",
]

ENUM_WORDS = ["Interval", "Schedule", "Cache", "Shard", "Precision", "Report", "Padding",
              "Offload", "Retry", "Export", "Merge", "Sampling", "Launch", "Storage"]
ENUM_KINDS = ["Strategy", "Mode", "Policy", "Type", "Backend", "Level"]
MEMBER_VALUES = ["no", "steps", "epoch", "auto", "always", "never", "fast", "safe", "full",
                 "partial", "local", "remote", "lazy", "eager", "linear", "cosine", "constant",
                 "disk", "memory", "hybrid"]
ZH_MEMBER_TEXT = ["不自动执行该操作，需要时可手动调用。", "每隔固定步数执行一次。", "每轮结束时执行一次。",
                  "根据运行环境自动选择。", "总是执行，不做判断。", "从不执行。", "优先速度，可能多占内存。",
                  "优先稳妥，速度稍慢。"]
EN_MEMBER_TEXT = ["The action is never triggered automatically; call it yourself when needed.",
                  "The action runs every N steps, with N taken from the matching `*_steps` field.",
                  "The action runs once at the end of every epoch.",
                  "The library picks the behaviour from the environment it runs in.",
                  "The action always runs, without further checks.",
                  "The action never runs.",
                  "Favours speed and may use more memory.",
                  "Favours safety and runs a little slower."]

GROUP_EN = ["Basic setup", "Optimizer", "Evaluation", "Checkpoints", "Logging", "Hub", "Data",
            "Precision", "Hardware", "Distributed", "Debugging", "Caching", "Export", "Scheduling",
            "Memory", "Tokenization", "Sampling", "Metrics", "Retries", "Storage"]
GROUP_ZH = ["基本设置", "优化器", "评估", "检查点", "日志", "模型中心", "数据", "精度", "硬件", "分布式",
            "调试", "缓存", "导出", "调度", "内存", "分词", "采样", "指标", "重试", "存储"]


def toml_str(s):
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_ml(s):
    """A TOML multi-line basic string (our texts contain no backslashes or triple quotes)."""
    assert '"""' not in s and "\\" not in s
    return '"""\n' + s + '\n"""'


# ---------------------------------------------------------------------------------------------
# The content model: references -> groups -> fields, enums. Plain dicts.

def make_book(n_fields, seed, per_ref):
    rng = random.Random(seed)
    n_refs = max(1, math.ceil(n_fields / per_ref))
    sizes = [n_fields // n_refs + (1 if i < n_fields % n_refs else 0) for i in range(n_refs)]
    refs = []
    for r, size in enumerate(sizes, 1):
        refs.append(make_reference(rng, r, size))
    return refs


def make_enums(rng):
    enums = []
    names = set()
    while len(enums) < 6:
        name = rng.choice(ENUM_WORDS) + rng.choice(ENUM_KINDS)
        if name in names:
            continue
        names.add(name)
        values = rng.sample(MEMBER_VALUES, rng.randint(3, 5))
        members = []
        for v in values:
            t = rng.randrange(len(EN_MEMBER_TEXT))
            members.append({"name": v.upper(), "value": v,
                            "en": EN_MEMBER_TEXT[t], "zh": ZH_MEMBER_TEXT[t]})
        enums.append({"name": name, "members": members,
                      "en": f"Which behaviour to use for {name[:-4].lower() or name.lower()}-related work, chosen by value.",
                      "zh": f"{name} 的可选取值，决定相关操作采用哪种行为。"})
    return enums


def make_reference(rng, r, size):
    ref_id = f"config-{r:02d}"
    cls = f"SyntheticConfig{r:02d}"
    enums = make_enums(rng)
    # Unique field names for this reference.
    names = []
    seen = set()
    while len(names) < size:
        parts = [rng.choice(PREFIXES), rng.choice(NOUNS)]
        if rng.random() < 0.5:
            parts.insert(0, rng.choice(QUALIFIERS))
        name = "_".join(parts)
        if name in seen:
            name = f"{name}_{len(names)}"
        seen.add(name)
        names.append(name)
    fields = [make_field(rng, name, names, enums, cls) for name in names]
    # Groups of ~15 fields (14-16): as many as round(size / 15), fields spread evenly.
    n_groups = max(1, round(size / 15))
    groups = []
    start = 0
    for g in range(n_groups):
        count = size // n_groups + (1 if g < size % n_groups else 0)
        k = g % len(GROUP_EN)
        suffix = "" if g < len(GROUP_EN) else f" {g // len(GROUP_EN) + 1}"
        groups.append({
            "id": f"g{g + 1:03d}-{GROUP_EN[k].split()[0].lower()}",
            "order": g + 1,
            "en": GROUP_EN[k] + suffix,
            "zh": GROUP_ZH[k] + suffix,
            "intro_en": f"Settings for {GROUP_EN[k].lower()}: what {rng.choice(EN_SUBJECTS)} does and how often.",
            "intro_zh": f"{GROUP_ZH[k]}相关的设置：{rng.choice(ZH_SUBJECTS)}做什么、多久做一次。",
            "fields": fields[start:start + count],
        })
        start += count
    for g in groups:
        for f in g["fields"]:
            f["group"] = g["id"]
    return {"id": ref_id, "class": cls, "import": f"synthlib.configs.{cls}",
            "enums": enums, "groups": groups, "fields": fields}


def make_field(rng, name, all_names, enums, cls):
    f = {"name": name, "enum": None, "choices": None}
    x = rng.random()
    if x < 0.15:
        e = rng.choice(enums)
        f["enum"] = e
        f["type"] = f"Union[{e['name']}, str]"
        f["default"] = toml_py_str(rng.choice(e["members"])["value"])
    elif x < 0.40:
        f["type"] = "bool"
        f["default"] = rng.choice(["True", "False"])
    elif x < 0.58:
        f["type"] = "int"
        f["default"] = str(rng.choice([-1, 0, 1, 8, 16, 32, 100, 500, 1000]))
    elif x < 0.72:
        f["type"] = "float"
        f["default"] = rng.choice(["0.0", "0.1", "0.5", "1.0", "5e-05", "0.9", "1e-08"])
    elif x < 0.80:
        f["type"] = "str"
        f["choices"] = rng.sample(MEMBER_VALUES, 3)
        f["default"] = toml_py_str(f["choices"][0])
    elif x < 0.90:
        f["type"] = rng.choice(["Optional[int]", "Optional[str]", "Optional[float]"])
        f["default"] = "None"
    elif x < 0.95:
        f["type"] = "Optional[List[str]]"
        f["default"] = "None"
    else:
        f["type"] = "Dict[str, Any]"
        f["default_factory"] = "dict"
        f["default"] = None
    others = [n for n in rng.sample(all_names, min(6, len(all_names))) if n != name]
    f["see_also"] = others[: rng.randint(0, 3)]
    f["aliases"] = [rng.choice(NOUNS)] if rng.random() < 0.2 else []
    who = rng.randrange(len(EN_SUBJECTS))
    f["summary_en"] = f"Controls the {name.replace('_', ' ')} used by {EN_SUBJECTS[who]}."
    f["summary_zh"] = f"控制{ZH_SUBJECTS[who]}使用的 {name}。"
    value = example_value(f)
    f["sentences"] = []
    for t in rng.sample(range(len(EN_SENTENCES)), rng.randint(2, 4)):
        slots = dict(f=rng.choice(others) if others else name, val=value,
                     i_s=rng.randrange(len(EN_SUBJECTS)), i_v=rng.randrange(len(EN_VERBS)),
                     i_o=rng.randrange(len(EN_OBJECTS)), i_t=rng.randrange(len(EN_TIMES)))
        f["sentences"].append((t, slots))
    f["snippet"] = (f"from synthlib.configs import {cls}\n\n"
                    f"config = {cls}({name}={value})\n"
                    f"print(config.{name})  # {value}")
    return f


def toml_py_str(v):
    return f'"{v}"'


def example_value(f):
    if f["type"] == "bool":
        return "False" if f["default"] == "True" else "True"
    if f["enum"]:
        return f'"{f["enum"]["members"][-1]["value"]}"'
    if f["choices"]:
        return f'"{f["choices"][-1]}"'
    if f["type"] == "Dict[str, Any]":
        return '{"key": 1}'
    if f["type"] == "Optional[List[str]]":
        return '["a", "b"]'
    if f["type"] in ("Optional[int]", "int"):
        return "64"
    if f["type"] in ("Optional[float]", "float"):
        return "0.25"
    return '"value"'


def explanation(f, lang, link):
    """The explanation in one language; link(name) writes a reference to another field."""
    out = []
    for t, s in f["sentences"]:
        if lang == "en":
            subj, verb = EN_SUBJECTS[s["i_s"]], EN_VERBS[s["i_v"]]
            text = EN_SENTENCES[t].format(
                S=subj[0].upper() + subj[1:], s=subj, V=verb, v=verb,
                O=EN_OBJECTS[s["i_o"]], o=EN_OBJECTS[s["i_o"]], T=EN_TIMES[s["i_t"]],
                t=EN_TIMES[s["i_t"]], f="\0", val=s["val"])
        else:
            text = ZH_SENTENCES[t].format(
                s=ZH_SUBJECTS[s["i_s"]], v=ZH_VERBS[s["i_v"]], o=ZH_OBJECTS[s["i_o"]],
                t=ZH_TIMES[s["i_t"]], f="\0", val=s["val"])
        out.append(text.replace("`\0`", link(s["f"])))
    sep = " " if lang == "en" else ""
    return sep.join(out) + "\n\n```python\n" + f["snippet"] + "\n```"


# ---------------------------------------------------------------------------------------------
# fieldbook

GUIDE_EN = """+++
title = "Union vs Enum"
section = "concepts"
weight = 1
+++

Many fields have types such as `Union[SomeMode, str]`. The annotation says the value may be an
enum member or a plain string; the class converts the string to the member when it is created,
so `SomeMode.FAST` and `"fast"` mean the same thing.

## What happens to other strings

A string that is not the value of a member is rejected with a `ValueError` when the config is
created, before any work starts.
"""
GUIDE_ZH = """+++
title = "Union 与枚举"
section = "concepts"
weight = 1
+++

许多字段的类型写作 `Union[SomeMode, str]`。这表示取值可以是枚举成员，也可以是普通字符串；
创建配置时字符串会被转换为对应的成员，因此 `SomeMode.FAST` 与 `"fast"` 含义相同。

## 其他字符串会怎样

不是任何成员取值的字符串会在创建配置时引发 `ValueError`，早于任何实际工作。
"""


def intro_text(ref, lang):
    if lang == "en":
        return f"`{ref['class']}` is a synthetic config class for the benchmark; its fields are sorted into topic groups."
    return f"`{ref['class']}` 是为基准测试生成的配置类，字段按主题分组。"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_fieldbook(root, refs, n):
    write(f"{root}/book.toml", f"""[book]
title.en = "Synthetic reference ({n} fields)"
title.zh = "合成参考手册（{n} 个字段）"
languages = ["en", "zh"]
default-language = "en"
site-url = "/"
union-note-page = "union-vs-enum"
""")
    write(f"{root}/content/guides/union-vs-enum.md", GUIDE_EN)
    write(f"{root}/content/guides/union-vs-enum.zh.md", GUIDE_ZH)
    for ref in refs:
        d = f"{root}/content/{ref['id']}"
        write(f"{d}/reference.toml", "\n".join([
            f"class = {toml_str(ref['class'])}",
            f"import-path = {toml_str(ref['import'])}",
            'library = "synthlib"',
            'version = "1.0.0"',
            f"intro.en = {toml_str(intro_text(ref, 'en'))}",
            f"intro.zh = {toml_str(intro_text(ref, 'zh'))}",
        ]) + "\n")
        parts = []
        for e in ref["enums"]:
            parts.append(f"[[enum]]\nname = {toml_str(e['name'])}\n"
                         f"import-path = {toml_str('synthlib.enums.' + e['name'])}\n"
                         f"summary.en = {toml_str(e['en'])}\nsummary.zh = {toml_str(e['zh'])}\n")
            for m in e["members"]:
                parts.append(f"[[enum.member]]\nname = {toml_str(m['name'])}\n"
                             f"value = {toml_str(m['value'])}\n"
                             f"text.en = {toml_str(m['en'])}\ntext.zh = {toml_str(m['zh'])}\n")
        write(f"{d}/enums.toml", "\n".join(parts))
        for g in ref["groups"]:
            out = [f"id = {toml_str(g['id'])}", f"order = {g['order']}",
                   f"title.en = {toml_str(g['en'])}", f"title.zh = {toml_str(g['zh'])}",
                   f"intro.en = {toml_str(g['intro_en'])}", f"intro.zh = {toml_str(g['intro_zh'])}", ""]
            for f in g["fields"]:
                out.append("[[field]]")
                out.append(f"name = {toml_str(f['name'])}")
                out.append(f"type = {toml_str(f['type'])}")
                if f.get("default_factory"):
                    out.append(f"default-factory = {toml_str(f['default_factory'])}")
                else:
                    out.append(f"default = '{f['default']}'")
                if f["choices"]:
                    out.append("choices = [" + ", ".join(toml_str(c) for c in f["choices"]) + "]")
                if f["see_also"]:
                    out.append("see-also = [" + ", ".join(toml_str(s) for s in f["see_also"]) + "]")
                if f["aliases"]:
                    out.append("aliases = [" + ", ".join(toml_str(s) for s in f["aliases"]) + "]")
                out.append(f"summary.en = {toml_str(f['summary_en'])}")
                out.append(f"summary.zh = {toml_str(f['summary_zh'])}")
                plain = lambda name: f"`{name}`"   # fieldbook links backticked field names itself
                out.append(f"explanation.en = {toml_ml(explanation(f, 'en', plain))}")
                out.append(f"explanation.zh = {toml_ml(explanation(f, 'zh', plain))}")
                out.append("")
            write(f"{d}/groups/{g['id']}.toml", "\n".join(out))


# ---------------------------------------------------------------------------------------------
# Markdown pages shared by mdBook and Hugo. `href(ref, group_id, anchor)` is the tool's link form.

LABELS = {
    "en": dict(type="Type", default="Default", required="required", factory="factory",
               field="Field", summary="Summary", values="Accepted values", see="See also",
               defaults="All defaults", enums="Enums", members="Members", used="Used by",
               import_="Import"),
    "zh": dict(type="类型", default="默认值", required="必填", factory="工厂函数",
               field="字段", summary="说明", values="可选值", see="另见",
               defaults="全部默认值", enums="枚举", members="成员", used="使用它的字段",
               import_="导入"),
}


def default_text(f, lang):
    if f.get("default_factory"):
        return f"`{f['default_factory']}()` ({LABELS[lang]['factory']})"
    return f"`{f['default']}`"


def md_group(ref, g, lang, href, by_name):
    L = LABELS[lang]
    link = lambda name: f"[`{name}`]({href(ref, by_name[name]['group'], name)})"
    out = [f"# {g[lang]}", "", g["intro_" + lang], "",
           f"| {L['field']} | {L['type']} | {L['default']} | {L['summary']} |", "|---|---|---|---|"]
    for f in g["fields"]:
        out.append(f"| [`{f['name']}`](#{f['name']}) | `{f['type']}` | {default_text(f, lang)} | {f['summary_' + lang]} |")
    out.append("")
    for f in g["fields"]:
        out += [f"## {f['name']}", "",
                f"**{L['type']}:** `{f['type']}` · **{L['default']}:** {default_text(f, lang)}", "",
                f["summary_" + lang], "", explanation(f, lang, link), ""]
        if f["enum"]:
            out.append(f"**{L['values']}:** " + ", ".join(
                f"`{m['value']}`" for m in f["enum"]["members"])
                + f" ([{f['enum']['name']}]({href(ref, 'enums', f['enum']['name'])}))")
            out.append("")
        elif f["choices"]:
            out += [f"**{L['values']}:** " + ", ".join(f"`{c}`" for c in f["choices"]), ""]
        if f["see_also"]:
            out += [f"**{L['see']}:** " + ", ".join(link(s) for s in f["see_also"]), ""]
    return "\n".join(out)


def md_defaults(ref, lang, href):
    L = LABELS[lang]
    out = [f"# {ref['class']} · {L['defaults']}", ""]
    for g in ref["groups"]:
        out += [f"## {g[lang]}", "", f"| {L['field']} | {L['type']} | {L['default']} |", "|---|---|---|"]
        for f in g["fields"]:
            out.append(f"| [`{f['name']}`]({href(ref, g['id'], f['name'])}) | `{f['type']}` | {default_text(f, lang)} |")
        out.append("")
    return "\n".join(out)


def md_enums(ref, lang, href):
    L = LABELS[lang]
    users = {}
    for f in ref["fields"]:
        if f["enum"]:
            users.setdefault(f["enum"]["name"], []).append(f)
    out = [f"# {ref['class']} · {L['enums']}", ""]
    for e in ref["enums"]:
        out += [f"## {e['name']}", "", e[lang], "", f"**{L['members']}:**", ""]
        for m in e["members"]:
            out.append(f"- `{e['name']}.{m['name']}` = `\"{m['value']}\"`: {m[lang]}")
        used = users.get(e["name"], [])
        if used:
            out += ["", f"**{L['used']}:** " + ", ".join(
                f"[`{f['name']}`]({href(ref, f['group'], f['name'])})" for f in used)]
        out.append("")
    return "\n".join(out)


def md_reference(ref, lang):
    intro = intro_text(ref, lang)
    return f"# {ref['class']}\n\n{intro}\n\n**{LABELS[lang]['import_']}:** `{ref['import']}`\n"


def strip_front_matter(guide):
    body = guide.split("+++", 2)[2].lstrip()
    title = guide.split('title = "', 1)[1].split('"', 1)[0]
    return title, body


# ---------------------------------------------------------------------------------------------
# mdBook: one book per language; chapters nest under the reference.

def write_mdbook(root, refs, lang, n):
    title = f"Synthetic reference ({n} fields)" if lang == "en" else f"合成参考手册（{n} 个字段）"
    write(f"{root}/book.toml", f"""[book]
title = {toml_str(title)}
language = "{lang}"
src = "src"

[output.html]
# search is on by default; made explicit here
[output.html.search]
enable = true
""")
    href = lambda ref, page, anchor: f"../{ref['id']}/{page}.md#{anchor}"
    summary = ["# Summary", "", f"[{title}](README.md)", ""]
    write(f"{root}/src/README.md", f"# {title}\n")
    for ref in refs:
        by_name = {f["name"]: f for f in ref["fields"]}
        d = f"{root}/src/{ref['id']}"
        write(f"{d}/index.md", md_reference(ref, lang))
        summary.append(f"- [{ref['class']}]({ref['id']}/index.md)")
        for g in ref["groups"]:
            write(f"{d}/{g['id']}.md", md_group(ref, g, lang, href, by_name))
            summary.append(f"  - [{g[lang]}]({ref['id']}/{g['id']}.md)")
        write(f"{d}/defaults.md", md_defaults(ref, lang, href))
        write(f"{d}/enums.md", md_enums(ref, lang, href))
        summary.append(f"  - [{LABELS[lang]['defaults']}]({ref['id']}/defaults.md)")
        summary.append(f"  - [{LABELS[lang]['enums']}]({ref['id']}/enums.md)")
    gtitle, body = strip_front_matter(GUIDE_EN if lang == "en" else GUIDE_ZH)
    write(f"{root}/src/guides/union-vs-enum.md", f"# {gtitle}\n\n{body}")
    summary.append(f"- [{gtitle}](guides/union-vs-enum.md)")
    write(f"{root}/src/SUMMARY.md", "\n".join(summary) + "\n")


# ---------------------------------------------------------------------------------------------
# Hugo: one multilingual site; a section per reference, a page per group.

HUGO_CONFIG = """baseURL = "/"
title = "Synthetic reference"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]

[languages.en]
languageName = "English"
contentDir = "content/en"
weight = 1
title = "Synthetic reference"

[languages.zh]
languageName = "中文"
contentDir = "content/zh"
weight = 2
title = "合成参考手册"
hasCJKLanguage = true

[markup.highlight]
# Hugo's defaults, written out: fenced code is highlighted at build time, with inline styles.
codeFences = true
noClasses = true
"""

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
</head>
<body>
<header>
<a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
</header>
<nav class="sidebar">{{ partialCached "nav.html" . .Site.Language.Lang }}</nav>
<main data-pagefind-body>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""
HUGO_NAV = """{{ range .Site.Sections.ByWeight }}<div class="nav-section"><p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>
<ul>{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></div>
{{ end }}"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""
HUGO_INDEX = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range .Site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def front(title, weight):
    return f"+++\ntitle = {toml_str(title)}\nweight = {weight}\n+++\n\n"


def write_hugo(root, refs):
    write(f"{root}/hugo.toml", HUGO_CONFIG)
    write(f"{root}/layouts/_default/baseof.html", HUGO_BASEOF)
    write(f"{root}/layouts/_default/single.html", HUGO_SINGLE)
    write(f"{root}/layouts/_default/list.html", HUGO_LIST)
    write(f"{root}/layouts/index.html", HUGO_INDEX)
    write(f"{root}/layouts/partials/nav.html", HUGO_NAV)
    # Pretty URLs: /en/config-01/g001-basic/ ; links are relative, from one page folder to another.
    href = lambda ref, page, anchor: f"../../{ref['id']}/{page}/#{anchor}"
    for lang in ("en", "zh"):
        c = f"{root}/content/{lang}"
        for i, ref in enumerate(refs, 1):
            by_name = {f["name"]: f for f in ref["fields"]}
            d = f"{c}/{ref['id']}"
            body = md_reference(ref, lang).split("\n", 2)[2]   # the title comes from front matter
            write(f"{d}/_index.md", front(ref["class"], i) + body)
            for g in ref["groups"]:
                md = md_group(ref, g, lang, href, by_name).split("\n", 2)[2]
                write(f"{d}/{g['id']}.md", front(g[lang], g["order"]) + md)
            n = len(ref["groups"])
            write(f"{d}/defaults.md", front(LABELS[lang]["defaults"], n + 1)
                  + md_defaults(ref, lang, href).split("\n", 2)[2])
            write(f"{d}/enums.md", front(LABELS[lang]["enums"], n + 2)
                  + md_enums(ref, lang, href).split("\n", 2)[2])
        gtitle, body = strip_front_matter(GUIDE_EN if lang == "en" else GUIDE_ZH)
        write(f"{c}/guides/_index.md", front("Guides" if lang == "en" else "指南", len(refs) + 1))
        write(f"{c}/guides/union-vs-enum.md", front(gtitle, 1) + body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fields", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--fields-per-ref", type=int, default=500)
    a = ap.parse_args()
    refs = make_book(a.fields, a.seed, a.fields_per_ref)
    assert sum(len(r["fields"]) for r in refs) == a.fields
    for sub in ("fieldbook", "mdbook-en", "mdbook-zh", "hugo"):
        shutil.rmtree(os.path.join(a.out, sub), ignore_errors=True)
    write_fieldbook(f"{a.out}/fieldbook", refs, a.fields)
    write_mdbook(f"{a.out}/mdbook-en", refs, "en", a.fields)
    write_mdbook(f"{a.out}/mdbook-zh", refs, "zh", a.fields)
    write_hugo(f"{a.out}/hugo", refs)
    groups = sum(len(r["groups"]) for r in refs)
    print(f"generated {a.fields} fields in {len(refs)} references, {groups} groups -> {a.out}")


if __name__ == "__main__":
    main()

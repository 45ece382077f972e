//! `fieldbook init`: a small book that builds without edits, to start from.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::fs;
use std::path::Path;

/// The scaffold's files: path under the new book root, and content.
const FILES: &[(&str, &str)] = &[
    (
        "book.toml",
        r#"[book]
title.en = "My config reference"
title.zh = "我的配置参考"
description.en = "Every field of ExperimentConfig, explained."
description.zh = "逐项解释 ExperimentConfig 的每个字段。"
languages = ["en", "zh"]
default-language = "en"
site-url = "/"

[build]
dest = "book"
"#,
    ),
    (
        "content/experiment/reference.toml",
        r#"class = "ExperimentConfig"
import-path = "myproject.config.ExperimentConfig"
library = "myproject"
version = "0.1.0"
intro.en = "Settings for one training experiment."
intro.zh = "一次训练实验的设置。"
"#,
    ),
    (
        "content/experiment/groups/01-training.toml",
        r#"id = "training"
order = 1
title.en = "Training"
title.zh = "训练"
intro.en = "How fast and how long the model learns."
intro.zh = "模型学习的快慢与时长。"

[[field]]
name = "learning_rate"
type = "float"
default = "1e-3"
aliases = ["lr"]
see-also = ["schedule"]
summary.en = "Step size of the optimizer."
summary.zh = "优化器的步长，即学习率。"
explanation.en = """
How far each update moves the weights. Lower it if the loss jumps around; `schedule` decides how it changes over time.
"""
explanation.zh = """
每次更新时权重移动的幅度。如果损失剧烈波动，就调小它；它随时间如何变化由 `schedule` 决定。
"""

[[field]]
name = "schedule"
type = "Union[Schedule, str]"
default = '"linear"'
summary.en = "How the learning rate changes during training."
summary.zh = "训练过程中学习率的变化方式。"
explanation.en = """
Pick a curve for `learning_rate`: a straight decline or a cosine.
"""
explanation.zh = """
为 `learning_rate` 选择变化曲线：线性下降或余弦下降。
"""

[[field]]
name = "run_name"
type = "Optional[str]"
default = "None"
example = '"baseline"'
summary.en = "A label for this run in logs."
summary.zh = "本次运行在日志中的名称。"
explanation.en = """
Shown by experiment trackers. Leave it unset to use the output folder's name.
"""
explanation.zh = """
会显示在实验跟踪工具中。不设置时使用输出目录的名称。
"""
"#,
    ),
    (
        "content/experiment/enums.toml",
        r#"[[enum]]
name = "Schedule"
import-path = "myproject.config.Schedule"
summary.en = "Learning-rate curves."
summary.zh = "学习率曲线。"
on-invalid.en = "Any other string raises `ValueError` when the config is created."
on-invalid.zh = "传入其他字符串时，创建配置会抛出 `ValueError`。"

[[enum.member]]
name = "LINEAR"
value = "linear"
text.en = "Falls in a straight line to zero."
text.zh = "线性下降到零。"

[[enum.member]]
name = "COSINE"
value = "cosine"
text.en = "Follows half a cosine wave down to zero."
text.zh = "沿半个余弦波下降到零。"
"#,
    ),
    (
        "content/guides/getting-started.md",
        r#"+++
title = "Getting started"
weight = 1
+++

Start with [the learning rate](param:learning_rate), then pick a [schedule](param:schedule).

```python
from myproject.config import ExperimentConfig

config = ExperimentConfig(learning_rate=3e-4, schedule="cosine")
```
"#,
    ),
    (
        "content/guides/getting-started.zh.md",
        r#"+++
title = "快速上手"
weight = 1
+++

先设置[学习率](param:learning_rate)，再选择[调度方式](param:schedule)。

```python
from myproject.config import ExperimentConfig

config = ExperimentConfig(learning_rate=3e-4, schedule="cosine")
```
"#,
    ),
];

/// Writes the scaffold into `dir`, refusing to overwrite an existing book.
pub fn scaffold(dir: &Path) -> Result<(), Diagnostics> {
    if dir.join("book.toml").exists() {
        return Err(
            Diagnostic::file(dir.join("book.toml"), "a book already exists here")
                .with_hint("run `fieldbook init` in an empty folder")
                .into(),
        );
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::file(parent, format!("cannot create the folder: {e}")))?;
        }
        fs::write(&target, text)
            .map_err(|e| Diagnostic::file(&target, format!("cannot write the file: {e}")))?;
    }
    Ok(())
}

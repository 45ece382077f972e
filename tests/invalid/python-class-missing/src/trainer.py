"""A small configuration class for fieldbook's build-from-source tests."""

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, Optional, Union


class Strategy(Enum):
    NO = "no"
    STEPS = "steps"


@dataclass
class TrainerConf:
    output_dir: str = field(metadata={"help": "Where to write checkpoints."})
    epochs: float = field(default=3.0, metadata={"help": "Number of passes."})
    old_epochs: Optional[int] = field(default=None, metadata={"help": "Deprecated. Use `epochs` instead."})
    save_strategy: Union[Strategy, str] = field(default="steps", metadata={"help": "When to save."})
    extra: Optional[Union[dict, str]] = field(default_factory=dict, metadata={"help": "Extra options."})
    precision: Literal["fp16", "bf16"] = field(default="bf16", metadata={"help": "Half precision."})
    backend: Optional[str] = field(
        default=None, metadata={"help": "Communication backend.", "choices": ["nccl", "gloo"]}
    )
    warmup_ratio: float = field(
        default=0.0,
        metadata={"help": "Ratio of total steps used for a linear warmup from 0 to `epochs` [see *docs*]. Must be < 1."},
    )
    _n_gpu: int = field(init=False, repr=False, default=-1)

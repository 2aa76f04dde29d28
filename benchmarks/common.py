"""What every benchmark returns: rows for one table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    benchmark: str
    result: str
    baseline: str
    target: str
    ok: bool | None  # None: recorded for comparison, no target

    def markdown(self) -> str:
        verdict = {True: "yes", False: "**no**", None: "-"}[self.ok]
        return f"| {self.benchmark} | {self.result} | {self.baseline} | {self.target} | {verdict} |"


HEADER = "| benchmark | result (median) | baseline, same run | target | met |\n|---|---|---|---|---|"


def table(rows: list[Row]) -> str:
    return "\n".join([HEADER, *(row.markdown() for row in rows)])

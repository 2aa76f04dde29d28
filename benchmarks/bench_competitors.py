"""Start-up of other Textual apps (posting, harlequin, elia), timed the way bench_startup.py times ours: launch in a
fresh 120x40 tmux session, poll the screen until a marker is visible. Each app's median is reported next to the
median of a bare Textual app showing one label, interleaved with it in the same run so the ratio holds on a noisy
machine. Run with the project venv's Python (the baseline uses it); install the apps with install_competitors.sh.

Each app gets its own temporary HOME and XDG dirs (reused across its runs, as bench_tui reuses one home) and no API
keys. The marker is the footer's key hints: in all three apps they are among the last things drawn on the first
screen, so the marker means "first screen complete", not "first frame" (harlequin, for one, paints an empty frame
about 0.4 s before its catalog, editor and footer). One unmeasured warm-up pair per app comes first, since a freshly
installed venv is cold on disk. Sessions run on a private tmux server (see own_tmux_server).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Row
from tmux_timing import time_until_visible

HERE = Path(__file__).parent
ROOT = Path(os.environ.get("COMPETITORS_DIR", "/tmp/competitors"))
BASELINE = (f"{sys.executable} {HERE / 'baselines' / 'bare_textual.py'}", "BARE-TEXTUAL-READY")
# Unset whatever keys the tmux server may have inherited, so no app starts with credentials.
NO_KEYS = "env " + " ".join(
    f"-u {key}" for key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "GROQ_API_KEY")
)


@dataclass(frozen=True)
class Competitor:
    name: str
    dist: str  # PyPI distribution name, for the version column
    args: str  # command line after the venv's bin/; {tmp} is the app's temporary directory
    marker: str

    @property
    def venv(self) -> Path:
        return ROOT / self.name


COMPETITORS = [
    Competitor("posting", "posting", "posting --collection {tmp}/collection", "^c Quit"),
    Competitor("harlequin", "harlequin", "harlequin :memory:", "^q Quit"),
    Competitor("elia", "elia-chat", "elia", "^j Send message"),
]


def versions(venv: Path, dist: str) -> str:
    code = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]), m.version('textual'))"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code, dist], capture_output=True, text=True, check=True)
    app, textual = out.stdout.split()
    return f"{app} (textual {textual})"


def timed(command: str, marker: str, env: dict[str, str] | None = None, attempts: int = 3) -> float:
    """One measurement. Killing the last tmux session stops the tmux server, and a launch that races the exiting
    server fails before timing starts ("server exited unexpectedly"): pause first, and retry such launches."""
    for attempt in range(attempts):
        time.sleep(0.3)
        try:
            return time_until_visible(command, marker, env=env)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@contextmanager
def own_tmux_server() -> Iterator[None]:
    """Put our tmux sessions on a server of our own. Other work on the machine may use the default server and
    restart or kill it mid-run, which made runs here time out."""
    saved = {var: os.environ.pop(var, None) for var in ("TMUX", "TMUX_TMPDIR")}
    with tempfile.TemporaryDirectory(prefix="bench-tmux-") as sockets:
        os.environ["TMUX_TMPDIR"] = sockets
        try:
            yield
        finally:
            os.environ.pop("TMUX_TMPDIR")
            os.environ.update({var: value for var, value in saved.items() if value is not None})


def bench(app: Competitor, runs: int, warmup: int) -> tuple[float, float]:
    ours, bare = [], []
    with tempfile.TemporaryDirectory(prefix=f"bench-{app.name}-") as tmp:
        dirs = {
            "HOME": "home",
            "XDG_CONFIG_HOME": "config",
            "XDG_DATA_HOME": "data",
            "XDG_CACHE_HOME": "cache",
            "XDG_STATE_HOME": "state",
        }
        env = {var: f"{tmp}/{sub}" for var, sub in dirs.items()}
        for sub in [*dirs.values(), "collection"]:
            Path(tmp, sub).mkdir()
        command = f"{NO_KEYS} {app.venv / 'bin'}/{app.args.format(tmp=tmp)}"
        for i in range(warmup + runs):
            b = timed(*BASELINE)
            a = timed(command, app.marker, env=env)
            if i >= warmup:
                bare.append(b)
                ours.append(a)
    return statistics.median(ours), statistics.median(bare)


def results(runs: int = 5, warmup: int = 1) -> list[Row]:
    """One row per installed competitor, for comparison with our TUI's start-up (no target of their own)."""
    rows = []
    for app in COMPETITORS:
        if not (app.venv / "bin" / app.args.split()[0]).exists():
            continue
        with own_tmux_server():
            a, b = bench(app, runs, warmup)
        rows.append(
            Row(
                f"{app.name} {versions(app.venv, app.dist)}: start to first screen (tmux)",
                f"{a * 1000:.0f} ms",
                f"{b * 1000:.0f} ms (bare Textual label)",
                "for comparison",
                None,
            )
        )
    return rows


def main() -> list[tuple[str, float, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per app (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs first, per app (default 1)")
    parser.add_argument("names", nargs="*", help="only these competitors")
    args = parser.parse_args()

    rows = []
    print(f"baseline: baselines/bare_textual.py under {sys.executable} (textual {version('textual')})")
    print(f"{'app':<10} {'version':<28} {'median':>9} {'baseline':>9} {'ratio':>6}  marker")
    for app in COMPETITORS:
        if args.names and app.name not in args.names:
            continue
        if not (app.venv / "bin" / app.args.split()[0]).exists():
            print(f"{app.name:<10} not installed (run benchmarks/install_competitors.sh)")
            continue
        installed = versions(app.venv, app.dist)
        try:
            with own_tmux_server():
                a, b = bench(app, args.runs, args.warmup)
        except TimeoutError as exc:
            print(f"{app.name:<10} {installed:<28} failed: {exc}")
            continue
        rows.append((app.name, a, b))
        print(f"{app.name:<10} {installed:<28} {a * 1000:6.0f} ms {b * 1000:6.0f} ms {a / b:6.2f}  {app.marker!r}")
    return rows


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Recreate the competitor venvs that benchmarks/bench_competitors.py times: one venv per app under
# /tmp/competitors/<name>, installed from PyPI. Versions are pinned so the figures can be reproduced; bump them here.
#
# posting 2.11.1 pins textual 6.1.0, which segfaults on its first TextArea with py-tree-sitter 0.26 (0.26 changed
# the Query API; textual only caught up in 6.4). So posting's venv is capped at tree-sitter < 0.26.
set -euo pipefail

ROOT="${COMPETITORS_DIR:-/tmp/competitors}"
PYTHON="${PYTHON:-python3}"

declare -A SPECS=(
    [posting]="posting==2.11.1 tree-sitter<0.26"
    [harlequin]="harlequin==2.17.0"
    [elia]="elia-chat==1.10.0"
)

mkdir -p "$ROOT"
status=0
for name in posting harlequin elia; do
    venv="$ROOT/$name"
    echo "== $name -> $venv (${SPECS[$name]})"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    # shellcheck disable=SC2086  # the spec is a list of requirement strings
    if ! "$venv/bin/pip" install --quiet ${SPECS[$name]}; then
        echo "!! $name failed to install; bench_competitors.py will skip it" >&2
        rm -rf "$venv"
        status=1
    fi
done
exit "$status"

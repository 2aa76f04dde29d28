"""Generate a large synthetic question bank (default 10,000 questions) for validation benchmarks.

Prompts mix a few common words with content words drawn from a vocabulary of several thousand made-up terms
with a Zipf-like distribution, which is roughly how words spread in a real bank: a handful are everywhere, most
are rare. Every 500th prompt is a light rewording of the one before, so the near-duplicate check has work to do.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

WORDS = [
    "cache",
    "index",
    "queue",
    "shard",
    "replica",
    "lease",
    "token",
    "quorum",
    "rollback",
    "canary",
    "schema",
    "stream",
    "batch",
    "window",
    "join",
    "partition",
    "snapshot",
    "checkpoint",
    "backoff",
    "jitter",
    "timeout",
    "deadline",
    "budget",
    "latency",
    "throughput",
    "tenant",
    "region",
    "failover",
    "heartbeat",
    "gossip",
    "vector",
    "clock",
    "merkle",
    "bloom",
    "filter",
    "trie",
    "heap",
    "graph",
    "socket",
    "buffer",
    "pointer",
    "mutex",
    "semaphore",
    "channel",
    "actor",
    "future",
    "promise",
    "closure",
    "iterator",
    "generator",
    "decorator",
    "metaclass",
    "protocol",
    "adapter",
]
TRACKS = ("backend", "frontend", "devops-sre", "data-engineering", "machine-learning", "system-design", "security")


SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "bu", "da", "fe", "gi", "ho", "ju"]
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES][:5000]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def content_words(rng: random.Random, count: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        word = rng.choices(VOCABULARY, WEIGHTS)[0] if rng.random() < 0.5 else rng.choice(VOCABULARY)
        if word not in chosen:
            chosen.append(word)
    return chosen


def question(i: int, track: str, rng: random.Random) -> dict[str, object]:
    words = rng.sample(WORDS, 3) + content_words(rng, rng.randint(6, 12))
    return {
        "id": f"{track}-gen-{i}",
        "track": track,
        "type": "warmup" if i % 50 == 0 else "technical",
        "prompt": f"How would you combine {' '.join(words)} in a production service?",
        "difficulty": 1 + i % 5,
        "tags": ["caching"],
        "competencies": ["performance"],
        "rubric": [
            {"id": f"c{n}", "description": f"Covers {w}.", "weight": 1, "key_terms": [w, f"{w}s"]}
            for n, w in enumerate(words[:3])
        ],
        "follow_ups": [{"prompt": f"Why {words[0]}?", "criterion": "c0"}],
        "hints": [f"Think about {words[1]}."],
        "reference_answer": f"A reference answer about {words[2]}.",
    }


def generate(out: Path, count: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    per_track = count // len(TRACKS)
    n = 0
    for track in TRACKS:
        questions = [question(n + k, track, rng) for k in range(per_track)]
        for k in range(500, per_track, 500):  # planted near-duplicates
            questions[k]["prompt"] = str(questions[k - 1]["prompt"]).replace("How would", "How could")
        n += per_track
        (out / f"{track}.json").write_text(json.dumps({"track": track, "questions": questions}, indent=1))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    print(generate(args.out, args.count))

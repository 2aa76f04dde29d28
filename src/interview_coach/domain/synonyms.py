"""Word families that mean the same thing in an engineering answer, folded onto one stem before matching.

Candidates rarely use the rubric's exact words: "db" for database, "twice" for duplicate, "throw away" for discard.
Each group below is folded onto its first word's stem when the paraphrase evidence compares an answer's sentences
with a criterion's description, key terms and reference sentences, so "the same request twice" shares words with
"duplicate request". Key terms and misconception patterns are matched without folding: they are precise on purpose.

Groups are kept narrow: a word belongs only where it nearly always means the same in an interview answer.
Multi-word phrases are not here; write them as key terms.
"""

from __future__ import annotations

from functools import lru_cache

from interview_coach.domain.text import stem

_GROUPS: tuple[tuple[str, ...], ...] = (
    ("database", "db", "datastore", "rdbms"),
    ("duplicate", "twice", "double", "dupe", "duplicated", "repeat", "repeated"),
    ("discard", "throw", "drop", "toss"),
    ("slow", "slower", "sluggish"),
    ("fast", "faster", "quick", "quicker", "cheap", "cheaper"),
    ("identifier", "id", "uuid", "guid", "ulid"),
    ("response", "reply"),
    ("store", "save", "persist", "record", "keep", "remember"),
    ("retry", "resend", "resubmit", "reattempt"),
    ("replay", "reuse"),
    ("request", "call"),
    ("client", "caller", "consumer"),
    ("server", "backend", "service"),
    ("lock", "locking", "mutex"),
    ("transaction", "txn", "tx"),
    ("index", "indexes", "indices"),
    ("query", "select", "lookup"),
    ("user", "customer"),
    ("error", "failure", "fault"),
    ("fail", "crash", "die"),
    ("timeout", "timeouts"),
    ("latency", "delay", "lag"),
    ("throughput", "qps", "rps"),
    ("queue", "broker"),
    ("message", "event"),
    ("old", "stale", "outdated", "obsolete"),
    ("new", "fresh", "latest"),
    ("remove", "delete", "purge", "evict"),
    ("update", "change", "modify", "write"),
    ("read", "fetch"),
    ("split", "partition", "shard"),
    ("copy", "replica", "clone"),
    ("cache", "memoize"),
    ("key", "token"),
    ("secret", "credential"),
    ("password", "passphrase", "pwd"),
    ("attacker", "hacker", "adversary"),
    ("steal", "exfiltrate"),
    ("guess", "brute", "bruteforce", "crack"),
    ("verify", "check", "validate", "confirm"),
    ("allow", "permit", "let"),
    ("block", "deny", "reject", "refuse"),
    ("limit", "cap", "throttle", "quota"),
    ("old", "legacy"),
    ("test", "tests", "testing"),
    ("deploy", "release", "ship", "rollout"),
    ("revert", "rollback", "undo"),
    ("monitor", "observe", "watch", "track"),
    ("alert", "notify"),
    ("metric", "measurement", "stat"),
    ("graph", "dashboard", "chart"),
    ("container", "pod"),
    ("restart", "reboot", "bounce"),
    ("healthy", "alive", "up"),
    ("memory", "ram", "heap"),
    ("cpu", "processor", "compute"),
    ("disk", "storage", "volume"),
    ("network", "wire"),
    ("browser", "frontend"),
    ("render", "paint", "draw"),
    ("component", "widget"),
    ("column", "field", "attribute"),
    ("row", "rows"),
    ("table", "relation"),
    ("file", "blob", "object"),
    ("job", "task", "worker"),
    ("schedule", "cron"),
    ("model", "classifier", "predictor"),
    ("feature", "features"),
    ("label", "labels"),
    ("train", "fit"),
    ("overfit", "overfitting", "memorize", "memorise"),
    ("underfit", "underfitting", "simplistic"),
    ("team", "colleague", "teammate", "coworker"),
    ("manager", "boss", "lead"),
    ("mistake", "error", "bug", "slip"),
    ("learn", "lesson", "takeaway"),
    ("stakeholder", "sponsor"),
    ("meeting", "call"),
    ("apologize", "apologise", "sorry"),
    ("measure", "quantify", "benchmark", "profile"),
    ("big", "large", "huge", "massive"),
    ("small", "tiny", "little"),
    ("many", "lots", "numerous"),
    ("unique", "distinct"),
    ("constraint", "rule"),
    ("hash", "digest"),
    ("encrypt", "encipher"),
    ("salt", "salted"),
    ("origin", "domain", "site"),
    ("cookie", "cookies"),
    ("scale", "grow", "expand"),
    ("horizontal", "out"),
    ("route", "forward", "dispatch"),
    ("balance", "distribute", "spread"),
    ("header", "headers"),
    ("path", "url", "uri", "route"),
    ("instance", "node", "machine", "host", "box"),
)


def _fold_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _GROUPS:
        canonical = stem(group[0])
        for word in group:
            table.setdefault(stem(word), canonical)  # the first group a word is in wins
    return table


_TABLE = _fold_table()


@lru_cache(maxsize=65536)
def fold(stemmed: str) -> str:
    """The canonical stem of ``stemmed`` (itself when it is in no group)."""
    return _TABLE.get(stemmed, stemmed)

"""What a session keeps from a CV: roles, a few projects and the technologies, plus a hash of the file.

A CV is personal data. Only these extracts are stored (never the text), and they are short: a role is
"Senior Backend Engineer at Acme", a project the first words of a bullet that starts with what the candidate did.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from interview_coach.domain.inert import inert
from interview_coach.domain.job_vocabulary import Vocabulary, shipped_vocabulary

MAX_ROLES = 5
MAX_PROJECTS = 6
MAX_PROJECT_CHARS = 110
_TITLE_WORDS = (
    r"Engineer|Developer|Scientist|Manager|Lead|Architect|Analyst|Consultant|Intern|SRE|Administrator|Designer|"
    r"Programmer|Researcher|Director|Head of [A-Z][A-Za-z]+|CTO|VP [A-Za-z ]+"
)
_ROLE = re.compile(
    rf"^(?P<title>[A-Z][A-Za-z/&+.\- ]{{0,60}}?(?:{_TITLE_WORDS}))\s*(?:at|@|,|\||-|–|—)\s*"
    r"(?P<org>[A-Z0-9][\w&.' ]{0,50}?)\s*(?:[,(|–—-].*)?$"
)
_BULLET = re.compile(r"^\s*(?:[-*•▪◦·]|\d+[.)])\s+(?P<text>.+)$")
_DID = re.compile(
    r"^(?:Led|Built|Designed|Migrated|Launched|Owned|Created|Implemented|Developed|Drove|Rewrote|Shipped|"
    r"Introduced|Scaled|Automated|Architected|Delivered|Reduced|Improved|Moved|Replaced|Founded|Ran|Managed|"
    r"Mentored|Wrote|Started|Re-architected|Cut|Set up|Rolled out)\b"
)


@dataclass
class CvProfile:
    sha256: str
    roles: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"sha256": self.sha256, "roles": self.roles, "projects": self.projects, "skills": self.skills}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def analyse_cv(text: str, digest: str, *, vocabulary: Vocabulary | None = None) -> CvProfile:
    """Roles (most recent first, as CVs list them), projects and skills from a CV's text."""
    vocabulary = vocabulary or shipped_vocabulary()
    roles: list[str] = []
    projects: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().strip("#*").strip()
        if not line:
            continue
        role = _ROLE.match(line)
        if role and len(roles) < MAX_ROLES and not _BULLET.match(raw):
            found = f"{role.group('title').strip()} at {role.group('org').strip()}"
            if found not in roles:
                roles.append(inert(found))
            continue
        bullet = _BULLET.match(raw)
        if bullet and len(projects) < MAX_PROJECTS:
            item = bullet.group("text").strip()
            if _DID.match(item):
                projects.append(inert(_shorten(item)))
    skills: list[str] = []
    for mention in vocabulary.find(text):
        if mention.term.kind not in ("role", "soft") and mention.term.name not in skills:
            skills.append(mention.term.name)
    return CvProfile(digest, roles, projects, skills)


def _shorten(text: str) -> str:
    text = text.rstrip(" .;")
    if len(text) <= MAX_PROJECT_CHARS:
        return text
    cut = text[:MAX_PROJECT_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."

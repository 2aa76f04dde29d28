"""Team mode: profiles, and row-level security on a shared PostgreSQL server.

Every row that holds a candidate's data belongs to a profile. Tables come in two kinds, listed here as data so a
table added by another feature is a one-line change (the migration and the tests read these tuples):

- ``PROFILE_TABLES`` carry a ``profile`` column of their own (sessions, the review schedule).
- ``SESSION_CHILD_TABLES`` hang off ``sessions`` through ``session_id`` and belong to whoever owns the session
  (turns, evaluations, summaries). Their policies look the session up, so they need no column of their own.

On PostgreSQL the profile is the connected role (``current_user``). The policies let a candidate read and write
only their own rows, even with raw SQL; members of ``REVIEWERS_ROLE`` may read every row, never write one. Row-level
security is enabled but not forced: the table owner (who runs `migrate` and `team grant`) is not bound by it,
which is what lets the owner manage the schema, and the application still filters the owner's own views by profile.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass

import sqlalchemy as sa

from interview_coach.errors import CoachError, UsageError

PROFILE_TABLES: tuple[str, ...] = ("sessions", "question_stats")
"""Tables with a ``profile`` column (NOT NULL, indexed). Add a table here to give it one in migration 0006."""

SESSION_CHILD_TABLES: tuple[str, ...] = ("turns", "evaluations", "session_summaries")
"""Tables whose rows belong to the profile of the session in their ``session_id`` column."""

MEMBERS_ROLE = "interview_coach_members"
"""Group role with read/write table rights; row-level security narrows them to the member's own rows."""
REVIEWERS_ROLE = "interview_coach_reviewers"
"""Group role that may read every candidate's rows (and write none but their own, if also a member)."""

OWN_POLICY = "interview_coach_own"
REVIEW_POLICY = "interview_coach_review"
PROFILE_MAX = 200
_PROFILE_RE = re.compile(r"^[^\x00-\x1f\x7f]+$")


def default_profile() -> str:
    """The OS user name (getpass: LOGNAME, USER, ... then the password database), or 'default'."""
    try:
        return getpass.getuser() or "default"
    except (OSError, KeyError):  # no user name anywhere (a bare container): still a usable profile
        return "default"


def check_profile(name: str) -> str:
    """A profile name as given, trimmed; blank, too long or with control characters is a usage error."""
    text = name.strip()
    if not text or len(text) > PROFILE_MAX or not _PROFILE_RE.match(text):
        raise UsageError(f"bad profile name {name!r}: use 1-{PROFILE_MAX} printable characters (e.g. --profile alice).")
    return text


# --- row-level security (used by migration 0006) ----------------------------------------------------------------


def _q(conn: sa.Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def existing_tables(conn: sa.Connection, names: tuple[str, ...]) -> list[str]:
    present = set(sa.inspect(conn).get_table_names())
    return [name for name in names if name in present]


def ensure_group_roles(conn: sa.Connection) -> None:
    """Create the two group roles if missing (needs CREATEROLE or a superuser; roles are cluster-wide)."""
    for role in (MEMBERS_ROLE, REVIEWERS_ROLE):
        conn.exec_driver_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )


def _own_condition(conn: sa.Connection, table: str, kind: str) -> str:
    if kind == "profile":
        return "profile = current_user"
    return f"EXISTS (SELECT 1 FROM sessions s WHERE s.id = {_q(conn, table)}.session_id AND s.profile = current_user)"


def enable_rls(conn: sa.Connection, table: str, kind: str) -> None:
    """Row-level security on ``table`` (``kind``: 'profile' or 'session'), and the groups' table rights."""
    t = _q(conn, table)
    own = _own_condition(conn, table, kind)
    conn.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {OWN_POLICY} ON {t}")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {REVIEW_POLICY} ON {t}")
    conn.exec_driver_sql(f"CREATE POLICY {OWN_POLICY} ON {t} USING ({own}) WITH CHECK ({own})")
    conn.exec_driver_sql(f"CREATE POLICY {REVIEW_POLICY} ON {t} FOR SELECT TO {REVIEWERS_ROLE} USING (true)")
    grant_table_rights(conn, table)


def disable_rls(conn: sa.Connection, table: str) -> None:
    t = _q(conn, table)
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {OWN_POLICY} ON {t}")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {REVIEW_POLICY} ON {t}")
    conn.exec_driver_sql(f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"REVOKE ALL ON {t} FROM {MEMBERS_ROLE}, {REVIEWERS_ROLE}")


def grant_table_rights(conn: sa.Connection, table: str) -> None:
    t = _q(conn, table)
    conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {MEMBERS_ROLE}")
    conn.exec_driver_sql(f"GRANT SELECT ON {t} TO {REVIEWERS_ROLE}")


def grant_all_rights(conn: sa.Connection) -> None:
    """The groups' rights on every team table present, the revision table and the id sequences (idempotent)."""
    for table in existing_tables(conn, PROFILE_TABLES + SESSION_CHILD_TABLES):
        grant_table_rights(conn, table)
    # Read the schema revision: a candidate's client checks it is at head before it writes anything.
    conn.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {MEMBERS_ROLE}, {REVIEWERS_ROLE}")
    for table in existing_tables(conn, SESSION_CHILD_TABLES):
        for column in sa.inspect(conn).get_columns(table):
            sequence = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table, "c": column["name"]}
            ).scalar()
            if sequence:
                conn.exec_driver_sql(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {MEMBERS_ROLE}")


# --- profiles and team membership at run time -------------------------------------------------------------------


def current_role(conn: sa.Connection) -> str:
    return str(conn.exec_driver_sql("SELECT current_user").scalar())


def can_read_everyone(conn: sa.Connection) -> bool:
    """A reviewer, a superuser, or the owner of the sessions table (who is not bound by row-level security)."""
    row = conn.exec_driver_sql(
        "SELECT r.rolsuper OR r.rolbypassrls "
        "OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'sessions' "
        "AND schemaname = current_schema()), 'MEMBER') "
        f"OR (EXISTS (SELECT FROM pg_roles WHERE rolname = '{REVIEWERS_ROLE}') "
        f"AND pg_has_role(current_user, '{REVIEWERS_ROLE}', 'MEMBER')) "
        "FROM pg_roles r WHERE r.rolname = current_user"
    ).scalar()
    return bool(row)


@dataclass(frozen=True)
class TeamMember:
    role: str
    reviewer: bool
    member: bool

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "member": self.member, "reviewer": self.reviewer}


def list_team(conn: sa.Connection) -> list[TeamMember]:
    rows = conn.execute(
        sa.text(
            "SELECT r.rolname, g.rolname FROM pg_auth_members m "
            "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE g.rolname IN (:members, :reviewers) ORDER BY r.rolname"
        ),
        {"members": MEMBERS_ROLE, "reviewers": REVIEWERS_ROLE},
    ).all()
    groups: dict[str, set[str]] = {}
    for role, group in rows:
        groups.setdefault(str(role), set()).add(str(group))
    return [
        TeamMember(role=role, member=MEMBERS_ROLE in found, reviewer=REVIEWERS_ROLE in found)
        for role, found in sorted(groups.items())
    ]


def role_exists(conn: sa.Connection, role: str) -> bool:
    return bool(conn.execute(sa.text("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = :r)"), {"r": role}).scalar())


def grant(conn: sa.Connection, role: str, *, reviewer: bool) -> None:
    """Make ``role`` a member (and a reviewer): its rows only, or every row to read. The caller commits."""
    grant_all_rights(conn)  # tables added by later migrations get the groups' rights too
    conn.exec_driver_sql(f"GRANT {MEMBERS_ROLE} TO {_q(conn, role)}")
    if reviewer:
        conn.exec_driver_sql(f"GRANT {REVIEWERS_ROLE} TO {_q(conn, role)}")


def revoke(conn: sa.Connection, role: str, *, reviewer_only: bool) -> None:
    conn.exec_driver_sql(f"REVOKE {REVIEWERS_ROLE} FROM {_q(conn, role)}")
    if not reviewer_only:
        conn.exec_driver_sql(f"REVOKE {MEMBERS_ROLE} FROM {_q(conn, role)}")


def resolve_profile(conn: sa.Connection, chosen: str | None) -> str:
    """The profile of this connection: on SQLite ``chosen`` or the OS user name; on a server, the connected role
    (a different ``chosen`` is refused: a role cannot write rows as someone else, and must not seem to)."""
    if conn.dialect.name == "sqlite":
        return check_profile(chosen) if chosen else default_profile()
    role = current_role(conn)
    if chosen and chosen.strip() != role:
        raise UsageError(
            f"profile {chosen!r} is refused: on PostgreSQL your profile is the role you connect as ({role!r}). "
            "Drop --profile / INTERVIEW_COACH_PROFILE, or connect as that role."
        )
    return role


class PermissionDenied(CoachError):
    """A candidate asked for everyone's data."""

    title = "Permission denied"
    exit_code = 1


def require_reader_of_everyone(conn: sa.Connection, role: str) -> None:
    if not can_read_everyone(conn):
        raise PermissionDenied(
            f"permission denied: ask a reviewer. Role {role!r} sees only its own sessions; --all-profiles needs "
            "a reviewer (the owner runs `interview-coach team grant ROLE --reviewer`)."
        )

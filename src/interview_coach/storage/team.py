"""Team mode: profiles, and row-level security on a shared PostgreSQL server.

Every row that holds a candidate's data belongs to a profile. Tables come in two kinds, listed here as data so a
table added by another feature is a one-line change (the migration and the tests read these tuples):

- ``PROFILE_TABLES`` carry a ``profile`` column of their own (sessions, the review schedule).
- ``SESSION_CHILD_TABLES`` hang off ``sessions`` through ``session_id`` and belong to whoever owns the session
  (turns, evaluations, summaries). Their policies look the session up, so they need no column of their own.

On PostgreSQL the profile is the connected role (``current_user``). The policies let a candidate read and write
only their own rows, even with raw SQL; the roles listed in ``team_reviewers`` may read every row, never write one
(but their own). Rights are granted per database, role by role, never through a group role: role membership spans
the whole server, and a reviewer of one cohort's database must not read another's. Row-level security is enabled
but not forced: the table owner (who runs `migrate` and `team grant`) is not bound by it, which is what lets the
owner manage the schema; the application still filters the owner's own views by profile.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

import sqlalchemy as sa

from interview_coach.errors import CoachError, UsageError

PROFILE_TABLES: tuple[str, ...] = ("sessions", "question_stats", "stories")
"""Tables with a ``profile`` column (NOT NULL, indexed). Add a table here to give it one in migration 0006."""

SESSION_CHILD_TABLES: tuple[str, ...] = (
    "turns",
    "evaluations",
    "session_summaries",
    "session_stories",
    "session_jobs",
    "generated_questions",
)
"""Tables whose rows belong to the profile of the session in their ``session_id`` column."""

REVIEWERS_TABLE = "team_reviewers"
"""The roles that may read every candidate's rows, per database (a group role would span the whole cluster, so a
reviewer of one cohort's database would read every other cohort's too)."""

OWN_POLICY = "interview_coach_own"
REVIEW_POLICY = "interview_coach_review"
PROFILE_MAX = 200


def default_profile() -> str:
    """The OS user name (getpass: LOGNAME, USER, ... then the password database), or 'default'."""
    try:
        return getpass.getuser() or "default"
    except (OSError, KeyError):  # no user name anywhere (a bare container): still a usable profile
        return "default"


def check_profile(name: str) -> str:
    """A profile name as given, trimmed; blank, too long or with control characters is a usage error."""
    from interview_coach.domain.inert import unsafe_characters

    text = name.strip()
    if not text or len(text) > PROFILE_MAX or not text.isprintable() or unsafe_characters(text):  # no controls
        raise UsageError(f"bad profile name {name!r}: use 1-{PROFILE_MAX} printable characters (e.g. --profile alice).")
    return text


# --- row-level security (used by migration 0006) ----------------------------------------------------------------


def _q(conn: sa.Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def existing_tables(conn: sa.Connection, names: tuple[str, ...]) -> list[str]:
    present = set(sa.inspect(conn).get_table_names())
    return [name for name in names if name in present]


def _own_condition(conn: sa.Connection, table: str, kind: str) -> str:
    if kind == "profile":
        return "profile = current_user"
    return f"EXISTS (SELECT 1 FROM sessions s WHERE s.id = {_q(conn, table)}.session_id AND s.profile = current_user)"


REVIEWER_CONDITION = f"EXISTS (SELECT 1 FROM {REVIEWERS_TABLE} r WHERE r.role = current_user)"


def enable_rls(conn: sa.Connection, table: str, kind: str) -> None:
    """Row-level security on ``table`` (``kind``: 'profile' for its own column, 'session' for a child)."""
    t = _q(conn, table)
    own = _own_condition(conn, table, kind)
    conn.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {OWN_POLICY} ON {t}")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {REVIEW_POLICY} ON {t}")
    conn.exec_driver_sql(f"CREATE POLICY {OWN_POLICY} ON {t} USING ({own}) WITH CHECK ({own})")
    conn.exec_driver_sql(f"CREATE POLICY {REVIEW_POLICY} ON {t} FOR SELECT USING ({REVIEWER_CONDITION})")


def disable_rls(conn: sa.Connection, table: str) -> None:
    t = _q(conn, table)
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {OWN_POLICY} ON {t}")
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {REVIEW_POLICY} ON {t}")
    conn.exec_driver_sql(f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY")


def _team_objects(conn: sa.Connection) -> list[tuple[str, str]]:
    """("TABLE" or "SEQUENCE", quoted name) for every team table present and the sequences of its columns."""
    found: list[tuple[str, str]] = []
    inspector = sa.inspect(conn)
    for table in existing_tables(conn, PROFILE_TABLES + SESSION_CHILD_TABLES):
        found.append(("TABLE", _q(conn, table)))
        for column in inspector.get_columns(table):
            sequence = conn.execute(
                sa.text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table, "c": column["name"]}
            ).scalar()
            if sequence:
                found.append(("SEQUENCE", str(sequence)))
    return found


def grant_member_rights(conn: sa.Connection, role: str) -> None:
    """Table rights for ``role`` on every team table present (row-level security narrows them), idempotent."""
    r = _q(conn, role)
    for kind, name in _team_objects(conn):
        rights = "SELECT, INSERT, UPDATE, DELETE" if kind == "TABLE" else "USAGE, SELECT"
        conn.exec_driver_sql(f"GRANT {rights} ON {kind} {name} TO {r}")
    # The schema revision (a client checks it before writing) and who the reviewers are (the policies read it).
    conn.exec_driver_sql(f"GRANT SELECT ON alembic_version, {REVIEWERS_TABLE} TO {r}")


def revoke_member_rights(conn: sa.Connection, role: str) -> None:
    r = _q(conn, role)
    for kind, name in _team_objects(conn):
        conn.exec_driver_sql(f"REVOKE ALL ON {kind} {name} FROM {r}")
    conn.exec_driver_sql(f"REVOKE ALL ON alembic_version, {REVIEWERS_TABLE} FROM {r}")


# --- profiles and team membership at run time -------------------------------------------------------------------


def current_role(conn: sa.Connection) -> str:
    return str(conn.exec_driver_sql("SELECT current_user").scalar())


def can_read_everyone(conn: sa.Connection) -> bool:
    """A reviewer, a superuser, or the owner of the sessions table (who is not bound by row-level security)."""
    row = conn.exec_driver_sql(
        "SELECT r.rolsuper OR r.rolbypassrls "
        "OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'sessions' "
        "AND schemaname = current_schema()), 'MEMBER') "
        f"OR {REVIEWER_CONDITION} "
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
    """Members: roles with write rights on sessions (neither its owner nor a superuser); reviewers: the table."""
    members = set(
        conn.exec_driver_sql(
            "SELECT r.rolname FROM pg_roles r WHERE left(r.rolname, 3) <> 'pg_' AND NOT r.rolsuper "
            "AND r.rolname <> (SELECT tableowner FROM pg_tables WHERE tablename = 'sessions' "
            "AND schemaname = current_schema()) "
            "AND has_table_privilege(r.oid, 'sessions', 'INSERT')"
        ).scalars()
    )
    reviewers = set(conn.exec_driver_sql(f"SELECT role FROM {REVIEWERS_TABLE}").scalars())
    return [
        TeamMember(role=str(role), member=role in members, reviewer=role in reviewers)
        for role in sorted(members | reviewers)
    ]


def is_owner_or_superuser(conn: sa.Connection, role: str) -> bool:
    """The sessions table's owner (who runs ``migrate``) or a superuser: row-level security does not bind them, so
    granting them a candidate's rights means nothing and revoking them would lock the owner out."""
    row = conn.execute(
        sa.text(
            "SELECT r.rolsuper OR r.rolname = (SELECT tableowner FROM pg_tables WHERE tablename = 'sessions' "
            "AND schemaname = current_schema()) FROM pg_roles r WHERE r.rolname = :r"
        ),
        {"r": role},
    ).scalar()
    return bool(row)


def role_exists(conn: sa.Connection, role: str) -> bool:
    return bool(conn.execute(sa.text("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = :r)"), {"r": role}).scalar())


def grant(conn: sa.Connection, role: str, *, reviewer: bool) -> None:
    """Let ``role`` practise (its own rows) and, as a reviewer, read everyone's. The caller commits."""
    grant_member_rights(conn, role)
    if reviewer:
        conn.execute(sa.text(f"INSERT INTO {REVIEWERS_TABLE} (role) VALUES (:r) ON CONFLICT DO NOTHING"), {"r": role})


def revoke(conn: sa.Connection, role: str, *, reviewer_only: bool) -> None:
    conn.execute(sa.text(f"DELETE FROM {REVIEWERS_TABLE} WHERE role = :r"), {"r": role})
    if not reviewer_only:
        revoke_member_rights(conn, role)


def refresh_rights(conn: sa.Connection) -> None:
    """Every member's rights on every team table again: after an upgrade that added a table, they need it too."""
    if existing_tables(conn, (REVIEWERS_TABLE, "sessions")) != [REVIEWERS_TABLE, "sessions"]:
        return  # not (yet) a team schema
    for member in list_team(conn):
        if member.member:
            grant_member_rights(conn, member.role)


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

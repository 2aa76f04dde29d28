"""`interview-coach config show|path`."""

from __future__ import annotations

from typing import Annotated

import typer

from interview_coach.commands._common import echo_json, settings_from

config_app = typer.Typer(help="Show the effective settings and where files live.", no_args_is_help=True)


@config_app.command("show")
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the effective settings, where each came from, with keys masked."""
    from pydantic import SecretStr

    from interview_coach.config import FIELD_NAMES, mask, mask_url, read_config_file, value_source
    from interview_coach.paths import get_paths

    settings = settings_from(ctx)
    toml = read_config_file(get_paths().config_file)
    rows = []
    for name in FIELD_NAMES:
        value = getattr(settings, name)
        shown = mask(value) if isinstance(value, SecretStr) or name.endswith("api_key") else value
        if name == "database_url":
            shown = mask_url(value)
        if isinstance(shown, list):
            shown = [str(v) for v in shown]
        rows.append({"key": name, "value": shown, "source": value_source(name, {}, toml)})
    if as_json:
        echo_json(rows)
        return
    width = max(len(r["key"]) for r in rows)
    for row in rows:
        value = "(not set)" if row["value"] is None else row["value"]  # one form for every unset value
        typer.echo(f"{row['key']:<{width}}  {value!s:<40}  ({row['source']})")


@config_app.command("path")
def path(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Print the config file, data, cache, database and log locations."""
    from interview_coach.config import mask_url
    from interview_coach.paths import get_paths

    paths = get_paths()
    database_url = settings_from(ctx).database_url
    entries = {
        "config_file": str(paths.config_file),
        "config_dir": str(paths.config_dir),
        "data_dir": str(paths.data_dir),
        "cache_dir": str(paths.cache_dir),
        "database": mask_url(database_url) or str(paths.database_file),
        "log_file": str(paths.log_file),
        "user_questions_dir": str(paths.user_questions_dir),
    }
    if as_json:
        echo_json(entries)
        return
    for key, value in entries.items():
        typer.echo(f"{key:<20} {value}")


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")

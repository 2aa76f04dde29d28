"""Baseline: a bare Typer app with one command, to compare `interview-coach --help` against."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def bye() -> None:
    """Say bye (a second command keeps Typer in multi-command mode, like ours)."""


if __name__ == "__main__":
    app()

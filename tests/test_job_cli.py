"""`job analyze` and `start --job` through the real CLI: text, JSON, PDF, stdin, errors, and the issue's case."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli_helpers import Result, run_cli
from tests.pdf_helpers import make_pdf

DATA = Path(__file__).parent / "data" / "jobs"
JD = DATA / "streaming-data-engineer.txt"
ANSWER = (
    "Kafka transactions with an idempotent producer and read-committed consumers give exactly-once between topics; "
    "the sink upserts by key so replays are harmless, and offsets commit with the output.\n.\n"
)


def run_with_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str
) -> Result:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(capsys, *args)


def events(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# ----- job analyze -----


def test_analyze_json_lists_kafka_and_the_track(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "job", "analyze", str(JD), "--json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    names = [r["name"] for r in payload["requirements"]]
    assert "Kafka" in names
    assert payload["track"] == "data-engineering"
    assert payload["seniority"] == "senior"
    kafka = next(r for r in payload["requirements"] if r["name"] == "Kafka")
    assert kafka["questions_in_track"] > 0 and kafka["questions_in_bank"] >= kafka["questions_in_track"]
    assert kafka["your_average"] is None and kafka["your_scores"] == 0  # no history yet
    assert set(payload) >= {"title", "track_reason", "track_scores", "roles", "uncovered", "cv"}
    assert payload["cv"] is None


def test_analyze_prints_a_table_with_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "job", "analyze", str(JD))
    assert result.code == 0, result.err
    assert "Track: data-engineering" in result.out
    assert "requirement" in result.out and "in track" in result.out
    assert "Kafka" in result.out


def test_analyze_with_a_cv_compares_skills_without_keeping_the_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cv = tmp_path / "cv.md"
    cv.write_text("# Jane\nData Engineer at Initech\n- Built Kafka pipelines with Spark\n", encoding="utf-8")
    payload = json.loads(run_cli(capsys, "job", "analyze", str(JD), "--cv", str(cv), "--json").out)
    assert payload["cv"]["roles"] == ["Data Engineer at Initech"]
    assert {"Kafka", "Spark"} <= set(payload["cv"]["matching"])
    assert "Airflow" in payload["cv"]["missing"]
    assert "Jane" not in json.dumps(payload)


def test_analyze_reads_a_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "jd.pdf"
    pdf.write_bytes(make_pdf(["Site Reliability Engineer", "Kubernetes, Terraform, Prometheus and on-call."]))
    payload = json.loads(run_cli(capsys, "job", "analyze", str(pdf), "--json").out)
    assert payload["track"] == "devops-sre"
    assert "Kubernetes" in [r["name"] for r in payload["requirements"]]


def test_analyze_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_with_stdin(capsys, monkeypatch, JD.read_text(), "job", "analyze", "-", "--json")
    assert json.loads(result.out)["track"] == "data-engineering"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_text("  \n"), "is empty"),
        (lambda p: p.write_bytes(b"\x00\x01\x02binary" * 10), "not a text file"),
        (lambda p: p.write_bytes(make_pdf([])), "no text layer"),
        (lambda p: p.write_bytes(b"%PDF-1.4\ngarbage"), "not a readable PDF"),
        (lambda p: p.write_text("Lorem ipsum dolor sit amet, consectetur."), "start --job FILE --track TRACK"),
    ],
)
def test_bad_job_files_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, setup: object, message: str
) -> None:
    path = tmp_path / "jd.pdf"
    setup(path)  # type: ignore[operator]
    result = run_cli(capsys, "job", "analyze", str(path))
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.err.startswith("error: ")


def test_a_missing_cv_names_the_cv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "job", "analyze", str(JD), "--cv", str(tmp_path / "nope.pdf"))
    assert result.code == 2 and "CV file" in result.err


def test_analyze_shows_history_averages_on_matching_competencies(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("start", "--job", str(JD), "--plain", "--offline", "-n", "1", "--warmups", "0", "--follow-ups", "0")
    assert run_with_stdin(capsys, monkeypatch, ANSWER, *args).code == 0
    payload = json.loads(run_cli(capsys, "job", "analyze", str(JD), "--json").out)
    scored = [r for r in payload["requirements"] if r["your_scores"]]
    assert scored, "the finished session's competencies match some requirement"
    assert all(isinstance(r["your_average"], float) for r in scored)


# ----- start --job -----


def test_the_issue_case_offline_picks_data_engineering_and_matching_questions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    jd = tmp_path / "jd.txt"
    jd.write_text(
        "Data Engineer\nWe build streaming pipelines with Kafka and Spark, scheduled by Airflow, and need "
        "exactly-once pipelines end to end.\n",
        encoding="utf-8",
    )
    args = ("start", "--job", str(jd), "--plain", "--json", "--offline", "--questions", "3", "--warmups", "1")
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 8, *args)
    assert result.code == 0, result.err
    stream = events(result.out)
    assert stream[0]["event"] == "session" and stream[0]["track"] == "data-engineering"
    asked = [e for e in stream if e["event"] == "question" and not e["warmup"]]
    assert len(asked) == 3
    job_tags = {
        "streaming",
        "messaging",
        "event-driven",
        "spark",
        "batch",
        "orchestration",
        "idempotency",
        "transactions",
    }
    for event in asked:
        assert set(event["tags"]) & job_tags, event["question_id"]  # type: ignore[arg-type]
        assert str(event["why"]).startswith("the job asks for ")
    assert "Offline" not in result.err or "no questions were written" in result.err


def test_plain_text_mode_shows_why(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("start", "--job", str(JD), "--plain", "--offline", "--questions", "1", "--warmups", "0")
    result = run_with_stdin(capsys, monkeypatch, ANSWER, *args)
    assert "Why this question: the job asks for " in result.out
    assert "Tailored to Senior Data Engineer" in result.err


def test_track_flag_wins_and_the_job_still_steers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("start", "--job", str(JD), "--track", "backend", "--plain", "--json", "--offline", "-n", "2")
    stream = events(run_with_stdin(capsys, monkeypatch, ANSWER * 6, *args).out)
    assert stream[0]["track"] == "backend"
    main = [e for e in stream if e["event"] == "question" and not e["warmup"]]
    assert all(str(e["why"]).startswith("the job asks for") for e in main)


def test_offline_says_no_questions_were_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    jd = tmp_path / "jd.txt"
    jd.write_text("Data Engineer\nKafka, Spark and Rust.\n", encoding="utf-8")
    args = ("start", "--job", str(jd), "--plain", "--offline", "-n", "1", "--warmups", "0")
    result = run_with_stdin(capsys, monkeypatch, ANSWER, *args)
    assert "Offline: no questions were written for Rust" in result.err


def test_the_session_stores_the_job_and_a_cv_hash_but_not_the_cv(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Secret\nSenior Data Engineer at Initech\n- Led the Kafka migration\n", encoding="utf-8")
    args = ("start", "--job", str(JD), "--cv", str(cv), "--plain", "--json", "--offline", "-n", "1")
    result = run_with_stdin(capsys, monkeypatch, ANSWER * 3, *args)
    assert result.code == 0, result.err
    warmup = next(e for e in events(result.out) if e["event"] == "question" and e["warmup"])
    assert str(warmup["text"]).startswith("Your CV says you were Senior Data Engineer at Initech")
    exported = run_cli(capsys, "export", "--last", "--format", "json")
    assert exported.code == 0, exported.err
    session = json.loads(exported.out)["session"]
    job = session["job"]
    assert "job" not in session["settings"]  # the snapshot holds run settings only
    assert job["cv"]["roles"] == ["Senior Data Engineer at Initech"]
    assert len(job["cv"]["sha256"]) == 64
    assert "Jane Secret" not in exported.out


def test_resume_keeps_the_job_tailoring(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("start", "--job", str(JD), "--plain", "--json", "--offline", "-n", "2", "--warmups", "0")
    first = run_with_stdin(capsys, monkeypatch, ANSWER, *args)
    assert first.code == 0
    resumed = run_with_stdin(capsys, monkeypatch, ANSWER * 4, "start", "--resume", "--plain", "--json")
    asked = [e for e in events(resumed.out) if e["event"] == "question"]
    assert asked and all(str(e["why"]).startswith("the job asks for") for e in asked)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("start", "--plain", "--track", "backend", "--cv", "cv.txt"), "go with --job"),
        (("start", "--plain", "--resume", "--job", "jd.txt"), "--job starts a new session"),
    ],
)
def test_job_flag_misuse_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    result = run_cli(capsys, *args)
    assert result.code == 2 and message in result.err


def test_a_utf16_job_description_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "jd-notepad.txt"
    path.write_bytes(JD.read_text().encode("utf-16"))  # with its byte-order mark, as Notepad saves "Unicode"
    result = run_cli(capsys, "job", "analyze", str(path), "--json")
    assert result.code == 0 and json.loads(result.out)["track"] == "data-engineering"


def test_job_options_are_checked_before_anything_is_tailored(capsys: pytest.CaptureFixture[str]) -> None:
    unknown = run_cli(capsys, "start", "--job", str(JD), "--track", "nosuch", "--plain", "--offline")
    assert unknown.code == 2 and "unknown track 'nosuch'" in unknown.err and "Tailored" not in unknown.err
    lonely = run_cli(capsys, "start", "--job", str(JD), "--share-cv", "--plain", "--offline")
    assert lonely.code == 2 and "--share-cv goes with --cv" in lonely.err

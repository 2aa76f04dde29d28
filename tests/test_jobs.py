"""Job descriptions and CVs, offline: the vocabulary, requirement and seniority extraction, track choice,
coverage, the reasons given for questions, and job-tailored selection."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from interview_coach.domain.bank import load_bank
from interview_coach.domain.cv import analyse_cv, sha256_of
from interview_coach.domain.job_context import JobContext
from interview_coach.domain.job_vocabulary import KINDS, parse_vocabulary, shipped_vocabulary
from interview_coach.domain.jobs import analyse_job, coverage, seniority, uncovered, why_chosen
from interview_coach.domain.questions import QuestionType
from interview_coach.domain.selection import pick_main
from interview_coach.domain.vocabulary import TAGS

ROOT = Path(__file__).resolve().parents[1]
JD = (Path(__file__).parent / "data" / "jobs" / "streaming-data-engineer.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bank():  # type: ignore[no-untyped-def]
    return load_bank([ROOT / "questions"])


def names(text: str) -> list[str]:
    return [r.name for r in analyse_job(text).requirements]


# ----- the vocabulary -----


def test_the_vocabulary_has_hundreds_of_terms_and_many_more_aliases() -> None:
    vocabulary = shipped_vocabulary()
    assert len(vocabulary.terms) >= 150
    assert sum(len(t.phrases) for t in vocabulary.terms) >= 1000


def test_no_alias_names_two_terms() -> None:
    data = json.loads(resources.files("interview_coach").joinpath("data/job_vocabulary.json").read_text("utf-8"))
    phrases = Counter(p.lower() for t in data["terms"] for p in [t["name"], *t["aliases"]])
    assert [p for p, n in phrases.items() if n > 1] == []


def test_every_mapped_tag_is_used_by_a_shipped_question_and_every_track_exists(bank) -> None:  # type: ignore[no-untyped-def]
    used = {t for q in bank.questions.values() for t in q.tags}
    for term in shipped_vocabulary().terms:
        assert term.kind in KINDS, term.name
        assert set(term.tags) <= used, f"{term.name}: {set(term.tags) - used} is in no shipped question"
        assert set(term.tags) <= TAGS
        assert set(term.tracks) <= set(bank.tracks()), term.name
        assert term.tracks, term.name


def test_every_competency_is_one_the_bank_scores(bank) -> None:  # type: ignore[no-untyped-def]
    competencies = {c for q in bank.questions.values() for c in q.competencies}
    for term in shipped_vocabulary().terms:
        assert set(term.competencies) <= competencies, f"{term.name}: {set(term.competencies) - competencies}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We run everything on k8s with Helm.", "Kubernetes"),
        ("Experience with Postgres replication", "PostgreSQL"),
        ("You know ReactJS and hooks-based state", "React"),
        ("Strong golang skills", "Go"),
        ("IaC with Terraform or Pulumi", "Terraform"),
        ("a11y is part of our definition of done", "accessibility"),
        ("exactly once semantics across the pipeline", "exactly-once delivery"),
        ("CI/CD with GitHub Actions", "CI/CD"),
    ],
)
def test_aliases_name_the_canonical_term(text: str, expected: str) -> None:
    assert expected in names(text)


def test_words_inside_other_words_and_common_words_do_not_match() -> None:
    found = names("We write JavaScript. Let's go to the rest of the list; node it. Scalable teams.")
    assert "Java" not in found
    assert "Go" not in found  # 'go' as a verb; the language is 'Go' or 'golang'
    assert "REST APIs" not in found  # 'the rest'
    assert "JavaScript" in found


def test_longest_phrase_wins() -> None:
    found = names("You own capacity planning for the fleet.")
    assert "capacity planning" in found
    assert "prioritisation" not in found  # 'planning' alone would be prioritisation


def test_a_vocabulary_can_be_read_from_data() -> None:
    vocabulary = parse_vocabulary(
        {"terms": [{"name": "Widget", "kind": "technology", "aliases": ["wdg"], "tracks": ["backend"]}]}
    )
    assert [m.term.name for m in vocabulary.find("WDG and widget")] == ["Widget", "Widget"]


# ----- requirements, seniority, track -----


def test_the_streaming_job_lists_its_requirements_and_picks_data_engineering() -> None:
    profile = analyse_job(JD)
    found = [r.name for r in profile.requirements]
    for expected in ("Kafka", "Spark", "Airflow", "exactly-once delivery", "SQL", "data modeling", "backfills"):
        assert expected in found
    assert profile.track == "data-engineering"
    assert profile.seniority == "senior"
    assert profile.title.startswith("Senior Data Engineer")
    assert "data engineer" in profile.roles
    assert "Kafka" in profile.track_reason


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Staff Software Engineer\nBackend", "staff"),
        ("Principal Engineer, Platform", "staff"),
        ("Junior Frontend Developer\nReact", "junior"),
        ("Backend Engineer\nYou have 6+ years of experience", "senior"),
        ("Backend Engineer\nYou have 2-3 years of experience", "mid"),
        ("Graduate Engineer 2026 intake", "junior"),
        ("Backend Engineer\nPython", "mid"),
    ],
)
def test_seniority(text: str, level: str) -> None:
    assert seniority(text) == level


@pytest.mark.parametrize(
    ("text", "track"),
    [
        ("Frontend Engineer\nReact, TypeScript, CSS, accessibility (WCAG) and Core Web Vitals.", "frontend"),
        ("Site Reliability Engineer\nKubernetes, Terraform, Prometheus, on-call and SLOs.", "devops-sre"),
        ("Machine Learning Engineer\nPyTorch, feature stores, model serving and A/B tests.", "machine-learning"),
        ("Application Security Engineer\nThreat modeling, OWASP, OAuth and secrets management.", "security"),
        ("Backend Engineer\nPython, PostgreSQL, REST APIs, Redis and message queues.", "backend"),
    ],
)
def test_track_choice(text: str, track: str) -> None:
    assert analyse_job(text).track == track


def test_the_track_choice_is_limited_to_the_tracks_given() -> None:
    assert analyse_job(JD, tracks=["backend", "frontend"]).track == "backend"


def test_text_without_known_terms_chooses_no_track() -> None:
    profile = analyse_job("Lorem ipsum dolor sit amet.")
    assert profile.track is None
    assert profile.requirements == []


def test_control_characters_in_the_title_are_made_inert() -> None:
    assert "\x1b" not in analyse_job("\x1b]0;owned\x07 Data Engineer\nKafka").title


# ----- coverage and reasons -----


def test_coverage_counts_track_and_bank_questions_and_lists_uncovered(bank) -> None:  # type: ignore[no-untyped-def]
    profile = analyse_job(JD + "\nNice to have: Rust.")
    rows = {row.requirement.name: row for row in coverage(profile, list(bank.questions.values()), "data-engineering")}
    assert rows["Kafka"].in_track > 0
    assert rows["Kafka"].in_bank >= rows["Kafka"].in_track
    missing = [r.name for r in uncovered(list(rows.values()))]
    assert "Rust" in missing  # no data-engineering question is about memory or concurrency in Rust
    assert "Kafka" not in missing


def test_why_names_the_requirements_a_question_matches(bank) -> None:  # type: ignore[no-untyped-def]
    profile = analyse_job(JD)
    question = next(q for q in bank.for_track("data-engineering") if "streaming" in q.tags)
    reason = why_chosen(profile.requirements, question)
    assert reason is not None and reason.startswith("the job asks for ")
    assert "Kafka" in reason or "exactly-once delivery" in reason


def test_job_tailored_selection_prefers_matching_questions(bank) -> None:  # type: ignore[no-untyped-def]
    context = JobContext.from_profile(analyse_job(JD))
    weights = context.tag_weights
    questions = bank.for_track("data-engineering")
    asked = []
    for step in range(4):
        picked = pick_main(questions, level=3, asked=asked, recent_ids=set(), seed=7, step=step, favoured=weights)
        assert picked is not None
        assert set(picked.tags) & set(weights), picked.id
        assert context.why(picked).startswith("the job asks for")
        asked.append(picked)
    assert len({q.id for q in asked}) == 4


def test_snapshot_round_trips(bank) -> None:  # type: ignore[no-untyped-def]
    cv = analyse_cv("Senior Backend Engineer at Acme\n- Led the billing migration to Kafka\n", "abc")
    context = JobContext.from_profile(analyse_job(JD), cv)
    again = JobContext.from_snapshot(json.loads(json.dumps(context.snapshot())))
    assert again is not None
    assert again.snapshot() == context.snapshot()


# ----- CVs -----

CV = """Jane Doe
Experience
Senior Backend Engineer at Acme Payments (2020-2024)
- Led the billing migration from a monolith to event-driven services on Kafka.
- Built an idempotent payment API in Python and PostgreSQL.
- Responsible for various things
Software Engineer, Globex — 2017-2020
* Automated deployments with Terraform
"""


def test_cv_roles_projects_skills_and_hash() -> None:
    profile = analyse_cv(CV, sha256_of(CV.encode()))
    assert profile.roles == ["Senior Backend Engineer at Acme Payments", "Software Engineer at Globex"]
    assert profile.projects[0].startswith("Led the billing migration")
    assert not any("Responsible" in p for p in profile.projects)
    assert {"Kafka", "Python", "PostgreSQL", "Terraform"} <= set(profile.skills)
    assert len(profile.sha256) == 64
    assert "Jane" not in json.dumps(profile.as_dict())  # the name and the text are not kept


def test_warm_ups_and_behavioural_questions_refer_to_the_cv(bank) -> None:  # type: ignore[no-untyped-def]
    context = JobContext.from_profile(analyse_job(JD), analyse_cv(CV, "x"))
    warmup = next(q for q in bank.questions.values() if q.type is QuestionType.WARMUP)
    behavioural = next(q for q in bank.questions.values() if q.type is QuestionType.BEHAVIORAL)
    technical = next(q for q in bank.questions.values() if q.type is QuestionType.TECHNICAL)
    assert context.personalise(warmup, 0).startswith("Your CV says you were Senior Backend Engineer at Acme")
    assert "Your CV mentions" in context.personalise(behavioural, 0)
    assert context.personalise(technical, 0) == technical.prompt


def test_a_behavioural_question_gets_the_cv_line_closest_to_it(bank) -> None:  # type: ignore[no-untyped-def]
    cv = CV + "- Mentored three junior engineers through their first on-call rotations.\n"
    context = JobContext.from_profile(analyse_job(JD), analyse_cv(cv, "x"))
    mentoring = bank.get("behavioral-mentoring-growth")
    assert mentoring is not None
    for step in range(3):  # not whichever line's turn it is
        assert "Mentored" in context.personalise(mentoring, step)


def test_summary_steps_relate_weak_answers_to_the_job(bank) -> None:  # type: ignore[no-untyped-def]
    context = JobContext.from_profile(analyse_job(JD))
    weak = next(q for q in bank.for_track("data-engineering") if "streaming" in q.tags)
    strong = next(q for q in bank.for_track("data-engineering") if "batch" in q.tags and q is not weak)
    steps = context.next_steps([(weak, 30.0), (strong, 90.0)])
    assert len(steps) == 1
    assert steps[0].startswith("The job asks for ") and weak.prompt[:40] in steps[0] and "30" in steps[0]


def test_a_requirement_is_named_as_the_job_wrote_it() -> None:
    profile = analyse_job("Data Engineer\n\nYou will work with Kafka, Avro and k8s; Scala is a plus.\n")
    labels = {r.name: r.label for r in profile.requirements}
    assert labels["Kafka"] == "Kafka"
    assert labels["Parquet"] == "Avro (Parquet)" and labels["Java"] == "Scala (Java)"
    assert labels["Kubernetes"] == "k8s (Kubernetes)"
    assert "Java" not in profile.track_reason.replace("Scala (Java)", "")  # never a bare name the job did not say


def test_addresses_and_everyday_words_are_not_requirements() -> None:
    profile = analyse_job(
        "Frontend Engineer\n\nReact and TypeScript. Apply at https://jobs.example.com/apply?ref=tls or write to "
        "jobs@example.com. Annual learning budget.\n"
    )
    names = {r.name for r in profile.requirements}
    assert {"TLS", "HTTP", "continuous learning"}.isdisjoint(names) and "React" in names


def test_every_question_of_a_job_session_says_why_warm_ups_included(bank) -> None:  # type: ignore[no-untyped-def]
    context = JobContext.from_profile(analyse_job(JD))
    warmup = next(q for q in bank.for_track("data-engineering") if q.type is QuestionType.WARMUP)
    assert context.why(warmup) is not None
    assert all(context.why(q) for q in bank.for_track("data-engineering"))

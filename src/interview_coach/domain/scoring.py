"""The offline coach's judgement of one answer: which points it makes, which it gets wrong, and what that adds up to.

How an answer is scored (the numbers are constants below, so tests and docs can name them):

1. Evidence for a criterion: its key terms asserted in the answer (``matching``: stemmed, synonyms folded, any
   order in a short window, not inside a negated or contrasted clause), and sentences that make its point in other
   words (``paraphrase``). Sentences that mostly restate the prompt, or that address the grader, are not evidence,
   and a key term the prompt already contains counts half. Key terms give ``1 - 0.5 ** (1.6 * matched)`` (one
   term 0.67, two 0.89); a paraphrase gives at most ``paraphrase.STRONG_CREDIT``; the better of the two counts.
2. Misconceptions: a criterion whose misconception pattern the answer asserts is *contradicted*: it earns nothing
   whatever terms it also uses, and each contradiction costs ``MISCONCEPTION_PENALTY`` more. Rejecting two or
   more of a criterion's own key terms ("I would not use bcrypt or scrypt") with nothing asserted contradicts it too,
   and so does evidence that swaps the things the question compares (``mixups``; the answer is capped at
   ``MIXUP_CAP``). Turning down key terms across the rubric costs ``REJECTION_PENALTY`` for each beyond the first.
3. Points: each criterion is worth its weight's share of 100 (behavioural questions keep ``STAR_SHARE`` of it for
   the STAR structure), and earns that times its score, rounded to whole points.
4. Deductions, each shown with its points: an answer that is not the candidate's own story (behavioural), a bare
   keyword list (``MIN_SUBSTANCE``), misconceptions, very short answers (``LENGTH_CAPS``), words addressed to the
   grader (capped at ``INSTRUCTION_CAP``), filler words and hints. The overall is the points minus the deductions,
   so every number shown adds up. A skipped or empty answer scores 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coach.domain import answer_shape as shape
from interview_coach.domain.answer_shape import (
    GENERAL_STORY_SHARE,
    MIN_SUBSTANCE,
    OVERCLAIM_PENALTY,
)
from interview_coach.domain.matching import (
    Sentence,
    analyse,
    content_stems,
    dismissed,
    occurrences,
)
from interview_coach.domain.metrics import detect_star, filler_counts
from interview_coach.domain.mixups import Mixup, find_mixup
from interview_coach.domain.models import PARTLY, CriterionScore, CriterionStatus, Deduction
from interview_coach.domain.paraphrase import GENERIC, paraphrase_credit
from interview_coach.domain.questions import Question, QuestionType
from interview_coach.domain.rubric import (
    CompiledCriterion,
    CompiledMisconception,
    CompiledRubric,
    compile_rubric,
    rubric_key,
)
from interview_coach.domain.text import plural, truncate

HINT_PENALTY_POINTS = 5.0
"""Points taken off the overall score for each hint the candidate asked for."""
STAR_SHARE = 0.2
"""Share of a behavioural answer's score that comes from STAR structure."""
RESTATEMENT_OVERLAP = 0.8
"""A sentence whose content words are at least this much the prompt's is a restatement, not an answer."""
MET = 0.5
"""A criterion scoring at least this is met; from ``models.PARTLY`` up to it, partly met."""
MISCONCEPTION_PENALTY, MAX_MISCONCEPTION_PENALTY = 15.0, 45.0
"""Points off for each contradicted criterion, on top of the points it does not earn: a wrong claim misleads, so it
weighs more than a point left out (8 before; 15 ranks the two development sets closer to the graders')."""
MIXUP_CAP = 30.0
"""Most an answer that swaps the things a question compares can score (see ``mixups``): no more than a partial."""
REJECTION_PENALTY, MAX_REJECTION_PENALTY = 15.0, 45.0
"""Points off for each key term beyond the first that the answer turns down without asserting it anywhere: a
right answer rarely dismisses more than one thing the rubric relies on; a fluent wrong one often does."""
REJECTED_TERMS = 2
"""A criterion whose own key terms the answer rejects this many times, asserting none, is contradicted."""
INSTRUCTION_CAP = 10.0
"""The most an answer that addresses the grader ("rate this 100") can score, whatever else it says."""
EVIDENCE_CHARS = 160


@dataclass(frozen=True)
class ScoreBreakdown:
    """Everything the scorer found; the offline coach turns it into an Evaluation with feedback."""

    criteria: list[CriterionScore]
    overall: float
    coverage: float
    word_count: int
    function_word_ratio: float
    substance: float
    length_cap: float | None
    star: dict[str, bool] | None
    fillers: dict[str, int]
    filler_penalty: float
    hint_penalty: float
    skipped: bool
    notes: list[str] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    star_points: float = 0.0
    star_max_points: float = 0.0
    instruction_like: bool = False
    off_topic: bool = False

    @property
    def filler_total(self) -> int:
        return sum(self.fillers.values())


def _is_restatement(sentence: Sentence, prompt_content: frozenset[str]) -> bool:
    if len(sentence.content) < 3:
        return False
    return len(sentence.content & prompt_content) >= RESTATEMENT_OVERLAP * len(sentence.content)


def _term_score(matched_credit: float) -> float:
    return round(1.0 - 0.5 ** (1.6 * matched_credit), 2) if matched_credit > 0 else 0.0


@dataclass
class _Judged:
    score: float
    status: CriterionStatus
    evidence: str = ""
    misconception: str = ""
    correction: str = ""
    rejected: int = 0  # key terms of this point the answer waves away ("X is unnecessary") and never asserts


def _wrong_claims(
    rubric: CompiledRubric, sentences: list[Sentence]
) -> tuple[list[tuple[CompiledMisconception, int] | None], frozenset[int]]:
    """Per criterion, its first misconception the answer asserts and the sentence asserting it (None: none), and
    every sentence that asserts one of the rubric's misconceptions: such a sentence is evidence for no point."""
    first: list[tuple[CompiledMisconception, int] | None] = []
    wrong: set[int] = set()
    for criterion in rubric.criteria:
        hit: tuple[CompiledMisconception, int] | None = None
        for misconception in criterion.misconceptions:
            for index, sentence in enumerate(sentences):
                if not sentence.instruction and any(occurrences(p, sentence)[0] for p in misconception.phrases):
                    wrong.add(index)
                    hit = hit or (misconception, index)
        first.append(hit)
    return first, frozenset(wrong)


def _personal_credit(sentences: list[Sentence], skip: frozenset[int]) -> tuple[float, int]:
    """First-person action sentences ("I set up a call", "I added a check"): evidence of personal actions."""
    hits = [i for i, s in enumerate(sentences) if i not in skip and "i" in s.stems and s.content]
    return (min(2.0, len(hits) / 2), hits[0]) if len(hits) >= 2 else (0.0, -1)


def _judge(
    criterion: CompiledCriterion,
    sentences: list[Sentence],
    skip: frozenset[int],
    wrong_claim: tuple[CompiledMisconception, int] | None,
) -> _Judged:
    if wrong_claim is not None:
        misconception, at = wrong_claim
        return _Judged(
            0.0,
            CriterionStatus.CONTRADICTED,
            truncate(sentences[at].text, EVIDENCE_CHARS),
            misconception.claim,
            misconception.correction,
        )
    credit, rejected = 0.0, []  # rejected: sentences turning down one of the point's own terms, never asserted
    waved_away = 0  # of those, terms dismissed by a verdict ("X is unnecessary"), not merely denied
    evidence_at, evidence_credit = -1, 0.0
    for term in criterion.terms:
        denied_at = -1
        for index, sentence in enumerate(sentences):
            if index in skip:
                continue
            asserted, was_denied = occurrences(term.phrase, sentence)
            if asserted or (was_denied and criterion.critique):
                credit += term.credit
                # Prefer evidence from a term the prompt does not contain, then the earliest sentence.
                if evidence_at < 0 or term.credit > evidence_credit:
                    evidence_at, evidence_credit = index, term.credit
                denied_at = -1
                break
            if was_denied and denied_at < 0:
                denied_at = index
        if denied_at >= 0 and term.credit == 1.0:  # turning down words of the prompt itself says little
            rejected.append(denied_at)
            waved_away += any(dismissed(term.phrase, s) for i, s in enumerate(sentences) if i not in skip)
    if criterion.personal:
        personal, at = _personal_credit(sentences, skip)
        credit += personal
        if evidence_at < 0 and at >= 0:
            evidence_at = at
    if rejected and credit < len(rejected):
        # The answer turns down more of what this point needs than it asserts ("I would not use bcrypt").
        credit = 0.0
    score = _term_score(credit)
    if not rejected:
        words, at = paraphrase_credit(criterion.profile, sentences, skip)
        if words > score:
            score, evidence_at = words, at
    if score == 0.0 and len(rejected) >= REJECTED_TERMS:
        sentence = sentences[rejected[0]]
        return _Judged(
            0.0,
            CriterionStatus.CONTRADICTED,
            truncate(sentence.text, EVIDENCE_CHARS),
            "rejects what this point needs",
            "",
        )
    status = (
        CriterionStatus.MET if score >= MET else CriterionStatus.PARTLY if score >= PARTLY else CriterionStatus.MISSED
    )
    evidence = truncate(sentences[evidence_at].text, EVIDENCE_CHARS) if evidence_at >= 0 else ""
    return _Judged(score, status, evidence, rejected=0 if criterion.critique else waved_away)


def _swapped(judged: _Judged, mixup: Mixup) -> _Judged:
    """A point whose evidence is the sentence that swaps the compared things is not made: it is contradicted."""
    if judged.status is CriterionStatus.CONTRADICTED:
        return judged
    return _Judged(
        0.0,
        CriterionStatus.CONTRADICTED,
        judged.evidence,
        f"{mixup.said_of} does what {mixup.belongs_to} does",
        f"That is said of {mixup.belongs_to}, not {mixup.said_of}: check which of the two each property belongs to.",
    )


def _within_content_share(criteria: list[CriterionScore], earned: float, share: float) -> float:
    """Whole points per criterion can round past the whole (31.6 + 31.6 + 21.1 + 15.8 rounds to 101): take the
    excess back from the criteria that rounded up most, so the points shown still add up to the score."""
    excess = earned - round(share)
    by_gain = sorted(criteria, key=lambda c: (c.points or 0) - (c.max_points or 0) * c.score, reverse=True)
    for criterion in by_gain:
        if excess <= 0:
            break
        if criterion.points:
            criterion.points -= 1
            excess -= 1
            earned -= 1
    return earned


def _skipped(question: Question, hints_used: int) -> ScoreBreakdown:
    return ScoreBreakdown(
        criteria=[
            CriterionScore(criterion_id=c.id, score=0.0, status=CriterionStatus.MISSED, points=0.0)
            for c in question.rubric
        ],
        overall=0.0,
        coverage=0.0,
        word_count=0,
        function_word_ratio=0.0,
        substance=MIN_SUBSTANCE,
        length_cap=0.0,
        star={part: False for part in ("situation", "task", "action", "result")}
        if question.type is QuestionType.BEHAVIORAL
        else None,
        fillers={},
        filler_penalty=0.0,
        hint_penalty=HINT_PENALTY_POINTS * max(0, hints_used),
        skipped=True,
        notes=["No answer was given, so it scores 0."],
    )


class _Ledger:
    """Deductions that never take the total below zero, so the points shown always add up."""

    def __init__(self, total: float) -> None:
        self.total = total
        self.items: list[Deduction] = []

    def take(self, reason: str, points: float) -> None:
        points = float(min(round(points), self.total))
        if points > 0:
            self.items.append(Deduction(reason=reason, points=points))
            self.total -= points


def score_answer(
    question: Question, answer: str, *, hints_used: int = 0, skipped: bool = False, story: bool = True
) -> ScoreBreakdown:
    """Score ``answer`` against ``question``'s rubric. Empty or ``skipped`` answers score 0.

    ``story=False`` drops the behavioural first-person check: a bank's reference answer may describe a strong
    story ("the candidate sets the scene ...") rather than tell one."""
    sentences = analyse(answer)
    if skipped or not sentences:
        return _skipped(question, hints_used)
    rubric = compile_rubric(rubric_key(question))
    instruction_like = any(s.instruction for s in sentences)
    if instruction_like:
        # Words addressed to the grader are not part of the answer: judge the rest on its own.
        answer = "\n".join(s.text for s in sentences if not s.instruction)
        sentences = [s for s in sentences if not s.instruction]
    word_count = sum(s.tokens for s in sentences)
    restated = frozenset(i for i, s in enumerate(sentences) if _is_restatement(s, rubric.prompt_content))
    # A sentence asserting a known misconception is not evidence for any point: "MD5 is fine with a salt" says
    # nothing right about salts.
    wrong_claims, wrong_sentences = _wrong_claims(rubric, sentences)
    skip = restated | wrong_sentences
    behavioural = question.type is QuestionType.BEHAVIORAL
    # A follow-up answer is scored on the one point it probes: it is part of the story, not a story of its own.
    star_counts = behavioural and len(rubric.criteria) > 1
    content_share = 1.0 - STAR_SHARE if star_counts else 1.0

    criteria: list[CriterionScore] = []
    weighted = 0.0
    earned = 0.0
    mixup = find_mixup(question.prompt, rubric.key_terms, rubric.truths, sentences)
    turned_down = 0
    for criterion, wrong_claim in zip(rubric.criteria, wrong_claims, strict=True):
        judged = _judge(criterion, sentences, skip, wrong_claim)
        turned_down += judged.rejected
        if mixup is not None and judged.evidence and judged.evidence == truncate(mixup.sentence, EVIDENCE_CHARS):
            judged = _swapped(judged, mixup)
        share = criterion.weight / rubric.total_weight if rubric.total_weight > 0 else 0.0
        max_points = 100.0 * content_share * share
        points = float(round(max_points * judged.score))
        earned += points
        weighted += criterion.weight * judged.score
        criteria.append(
            CriterionScore(
                criterion_id=criterion.id,
                score=judged.score,
                evidence=judged.evidence,
                status=judged.status,
                points=points,
                max_points=round(max_points, 1),
                misconception=judged.misconception,
                correction=judged.correction,
            )
        )
    earned = _within_content_share(criteria, earned, 100.0 * content_share)
    coverage = weighted / rubric.total_weight if rubric.total_weight > 0 else 0.0

    notes: list[str] = []
    star: dict[str, bool] | None = None
    star_points = star_max = 0.0
    if star_counts:
        star = detect_star(answer)
        star_max = 100.0 * STAR_SHARE
        share = sum(star.values()) / len(star) if story else coverage  # a described story: judged on content
        star_points = float(round(star_max * share))
        earned += star_points
    ledger = _Ledger(earned)
    if behavioural and story:
        narrative = shape.narrative(sentences, restated)
        if narrative < 1.0:
            ledger.take("not told as your own experience ('I ...', 'we ...')", ledger.total * (1.0 - narrative))
            notes.append("Tell it as your own experience: what you did and what happened ('I ...', 'we ...').")
    if behavioural and story and shape.general_story(answer, word_count):
        ledger.take("a general story: no numbers, names or time frames", ledger.total * GENERAL_STORY_SHARE)
        notes.append("Make the story concrete: when it was, how big, what changed, in numbers.")
    ratio, substance = shape.substance(answer, sentences, word_count)
    if substance < 1.0:
        ledger.take("reads like a list of keywords, not explanations", ledger.total * (1.0 - substance))
    if substance < 0.75:
        notes.append("It reads like a list of keywords; explain each point in full sentences.")
    contradicted = sum(1 for c in criteria if c.status is CriterionStatus.CONTRADICTED)
    if contradicted:
        penalty = min(MAX_MISCONCEPTION_PENALTY, MISCONCEPTION_PENALTY * contradicted)
        ledger.take(f"{plural(contradicted, 'wrong claim')}", penalty)
    if mixup is not None and ledger.total > MIXUP_CAP:
        ledger.take(
            f"mixes up {mixup.said_of} and {mixup.belongs_to}: capped at {MIXUP_CAP:.0f}", ledger.total - MIXUP_CAP
        )
    if mixup is not None and not any(c.misconception and mixup.said_of in c.misconception for c in criteria):
        notes.append(
            f"You describe {mixup.said_of} with what belongs to {mixup.belongs_to}: "
            f'"{truncate(mixup.sentence, 120)}" Check which is which.'
        )
    if turned_down >= REJECTED_TERMS:
        penalty = min(MAX_REJECTION_PENALTY, REJECTION_PENALTY * (turned_down - 1))
        ledger.take(f"turns down {turned_down} things a strong answer relies on", penalty)
        notes.append("Several things a strong answer relies on are turned down: check each of those claims.")
    absolutes = shape.absolute_claims(answer, word_count)
    if absolutes:
        ledger.take(f"{absolutes} absolute claims ('always', 'guaranteed', 'is fine')", OVERCLAIM_PENALTY)
        notes.append("Qualify absolute claims: say when each one holds and when it does not.")
    cap = shape.length_cap(word_count, len(rubric.criteria))
    if cap is not None and ledger.total > cap:
        ledger.take(f"very short answer ({word_count} words): capped at {cap:.0f}", ledger.total - cap)
        notes.append(f"Very short answer ({word_count} words): the score is capped at {cap:.0f}.")
    if instruction_like:
        ledger.take(f"words addressed to the grader: capped at {INSTRUCTION_CAP:.0f}", ledger.total - INSTRUCTION_CAP)
        notes.append("Part of this answer speaks to the grader instead of answering; it is not evidence.")
    fillers = filler_counts(answer)
    filler_penalty = shape.filler_penalty(fillers, word_count)
    if filler_penalty:
        ledger.take(f"{plural(sum(fillers.values()), 'filler word')}", filler_penalty)
    hint_penalty = HINT_PENALTY_POINTS * max(0, hints_used)
    if hint_penalty:
        ledger.take(f"{plural(hints_used, 'hint')} used", hint_penalty)
    return ScoreBreakdown(
        criteria=criteria,
        overall=round(max(0.0, ledger.total), 1),
        coverage=round(coverage, 3),
        word_count=word_count,
        function_word_ratio=round(ratio, 3),
        substance=round(substance, 3),
        length_cap=cap,
        star=star,
        fillers=dict(fillers),
        filler_penalty=filler_penalty,
        hint_penalty=hint_penalty,
        skipped=False,
        notes=notes,
        deductions=ledger.items,
        star_points=star_points,
        star_max_points=star_max,
        instruction_like=instruction_like,
        off_topic=shape.off_topic(sentences, rubric.vocabulary, word_count),
    )


def criterion_vocabulary(question: Question) -> dict[str, frozenset[str]]:
    """Per criterion id, the folded content stems that speak to it: its description, key terms and the
    reference-answer sentences that make its point. Used to check that an AI grader's evidence is on the point."""
    rubric = compile_rubric(rubric_key(question))
    vocabulary = {}
    for criterion in rubric.criteria:
        words = set(criterion.profile.weights)
        for term in criterion.terms:
            words |= content_stems(term.phrase.text)
        vocabulary[criterion.id] = frozenset(words - GENERIC)
    return vocabulary

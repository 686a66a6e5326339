"""One submission printed as a paper form: every question with its answer, and a signature line.

An observer's backup of what was handed in, and a page to sign: the form's own sections
and labels, choices shown as ticked boxes, skipped questions marked, and the
consistency checks that held listed as the observer saw them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from observer_app.domain.i18n import Language
from observer_app.domain.submission import Submission, SubmissionStatus
from observer_app.formspec import CompiledForm, Text, evaluate_form
from observer_app.formspec.attachments import (
    IMAGE_TYPES,
    AttachmentRef,
    caption,
    reference_problem,
)
from observer_app.formspec.evaluation import FormState, answer_rows, check_verdicts
from observer_app.formspec.models import (
    NOT_OBSERVED,
    AnyQuestion,
    CalculateQuestion,
    FileQuestion,
    ImageQuestion,
    NoteQuestion,
    RepeatQuestion,
    SelectMultipleQuestion,
    SelectOneQuestion,
    YesNoQuestion,
)
from observer_app.reporting.fonts import REGULAR
from observer_app.reporting.page_marks import MarkedCanvas
from observer_app.reporting.photos import printable_photo
from observer_app.reporting.phrases import answer_label
from observer_app.reporting.styles import MARGIN, MUTED, PAPERS, RULE, SHADE, Paper, Styles
from observer_app.reporting.words import Words

TICKED = "\u2612"  # ☒
EMPTY = "\u2610"  # ☐


def _choices(compiled: CompiledForm, question: AnyQuestion, words: Words) -> list[tuple[str, str]]:
    _ = words.gettext
    if isinstance(question, YesNoQuestion):
        third = question.not_observed_label
        options = [("yes", _("Yes")), ("no", _("No"))]
        if question.not_observed:
            options.append(
                (NOT_OBSERVED, words.text(third) if third is not None else _("Not observed"))
            )
        return options
    if isinstance(question, SelectOneQuestion | SelectMultipleQuestion):
        return [(c.value, words.text(c.label)) for c in compiled.choices(question)]
    return []


def _muted(text: str) -> str:
    return f'<font color="#5c6370">{escape(text)}</font>'


def _answer_markup(compiled: CompiledForm, question: AnyQuestion, value: Any, words: Words) -> str:
    """The answer as printed: boxes for choices (the chosen ticked), else the value."""
    _ = words.gettext
    options = _choices(compiled, question, words)
    if options:
        chosen = set(value) if isinstance(value, list) else {value}
        return "&nbsp;&nbsp; ".join(
            (f"<b>{TICKED} {escape(label)}</b>" if key in chosen else f"{EMPTY} {escape(label)}")
            for key, label in options
        )
    if value is None or value == "":
        return _muted(_("(no answer)"))
    return escape(answer_label(words, {}, value)).replace("\n", "<br/>")


def _label(words: Words, question: AnyQuestion) -> str:
    label = getattr(question, "label", None)
    return words.text(label) if isinstance(label, Text) else question.id


def _rows(
    compiled: CompiledForm, repeat: RepeatQuestion, answers: Any, words: Words, styles: Styles
) -> Table | Paragraph:
    _ = words.gettext
    rows = answer_rows(compiled, repeat, answers)
    children = [
        child
        for child in compiled.row_questions[repeat.id].values()
        if not isinstance(child, NoteQuestion)
    ]
    fixed = compiled.fixed_rows(repeat)
    if not rows:
        return Paragraph(escape(_("(no rows)")), styles.small)
    header = [""] + [_label(words, c) for c in children]
    data: list[list[Any]] = [[Paragraph(escape(h), styles.small) for h in header]]
    for number, row in enumerate(rows):
        name = words.text(fixed[number].label) if fixed else str(number + 1)
        data.append(
            [Paragraph(escape(name), styles.cell)]
            + [
                Paragraph(escape(answer_label(words, {}, row.get(c.id, "")) or ""), styles.cell)
                for c in children
            ]
        )
    table = Table(data, colWidths=[50 * mm] + [30 * mm] * len(children), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("GRID", (0, 0), (-1, -1), 0.25, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ]
        )
    )
    return table


def _attachment(value: Any, files: Mapping[str, bytes], words: Words, styles: Styles) -> list[Any]:
    """An attached file: its name and size, and a photo printed on the page."""
    _ = words.gettext
    if value is None or reference_problem(value) is not None:
        return [Paragraph(_muted(_("(no answer)")), styles.body)]
    ref = AttachmentRef.from_answer(value)
    printed: list[Any] = [Paragraph(escape(caption(ref)), styles.body)]
    content = files.get(ref.sha256)
    if content is None:
        note = _("The file is not in this database.")
        return [*printed, Paragraph(_muted(note), styles.small)]
    photo = printable_photo(content) if ref.media_type in IMAGE_TYPES else None
    if photo is None:
        return printed
    scale = min(PHOTO_WIDTH / photo.width, PHOTO_HEIGHT / photo.height)
    image = Image(io.BytesIO(photo.jpeg), photo.width * scale, photo.height * scale, hAlign="LEFT")
    return [*printed, Spacer(1, 1.5 * mm), image]


#: The largest a photo is printed: most of a page's width, and well under its height so
#: that it keeps to one page with its question.
PHOTO_WIDTH = 150 * mm
PHOTO_HEIGHT = 160 * mm


def _question_block(
    compiled: CompiledForm,
    question: AnyQuestion,
    state: FormState,
    answers: Any,
    words: Words,
    styles: Styles,
    files: Mapping[str, bytes],
) -> list[Any]:
    _ = words.gettext
    title = _label(words, question)
    asked = question.id in state.relevant
    head = Paragraph(escape(title), styles.cell_bold if asked else styles.small)
    if not asked:
        note = _muted(_("not asked: skipped by an earlier answer"))
        return [head, Paragraph(note, styles.small), Spacer(1, 2 * mm)]
    if isinstance(question, RepeatQuestion):
        body: Any = _rows(compiled, question, answers.get(question.id), words, styles)
    elif isinstance(question, CalculateQuestion):
        value = state.values.get(question.id)
        body = Paragraph(_answer_markup(compiled, question, value, words), styles.body)
    elif isinstance(question, ImageQuestion | FileQuestion):
        return [
            head,
            *_attachment(answers.get(question.id), files, words, styles),
            Spacer(1, 2.5 * mm),
        ]
    else:
        body = Paragraph(
            _answer_markup(compiled, question, answers.get(question.id), words), styles.body
        )
    return [head, body, Spacer(1, 2.5 * mm)]


def write_submission(
    submission: Submission,
    compiled: CompiledForm,
    target: Path | BinaryIO,
    *,
    place: list[tuple[str, str]] | None = None,
    language: Language = "en",
    paper: Paper = "a4",
    files: Mapping[str, bytes] | None = None,
) -> None:
    """Print `submission` (filled with `compiled`) as a paper form to `target`.

    `place` lines ("Polling station", "AKM-12, address") describe where it was filled;
    `files` are the bytes of its attached files by content hash, photos printed in place.
    """
    words = Words(language)
    styles = Styles()
    _ = words.gettext
    width = PAPERS[paper][0] - 2 * MARGIN
    title = words.text(compiled.form.title)
    document = SimpleDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=PAPERS[paper],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=submission.observer,
        creator="Observer",
        lang=language,
        initialFontName=REGULAR,
    )
    status = _("Complete") if submission.status == SubmissionStatus.COMPLETE else _("Draft")
    facts: list[tuple[str, str]] = list(place or [])
    facts += [
        (_("Observer"), submission.observer),
        (_("Team"), submission.team),
        (_("Started"), words.moment(submission.created_at)),
        (
            _("Completed"),
            words.moment(submission.completed_at) if submission.completed_at else "–",
        ),
        (
            _("Status"),
            words.format(_("{status}, revision {n}"), status=status, n=submission.revision),
        ),
        (_("Submission"), str(submission.id)),
    ]
    head = Table(
        [
            [Paragraph(escape(k), styles.cell_bold), Paragraph(escape(v), styles.cell)]
            for k, v in facts
        ],
        colWidths=[40 * mm, width - 40 * mm],
    )
    head.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story: list[Any] = [Paragraph(escape(title), styles.title), head, Spacer(1, 5 * mm)]
    answers = submission.answers
    state = evaluate_form(compiled, answers)
    for section in compiled.form.sections:
        story.append(Paragraph(escape(words.text(section.title)), styles.h2))
        for question in section.questions:
            if isinstance(question, NoteQuestion):
                continue
            if isinstance(question, CalculateQuestion) and question.label is None:
                continue
            story.append(
                KeepTogether(
                    _question_block(compiled, question, state, answers, words, styles, files or {})
                )
            )
    flagged = [check for check, verdict in check_verdicts(compiled, state) if verdict]
    if flagged:
        story.append(Paragraph(escape(_("Warnings shown to the observer")), styles.h2))
        for check in flagged:
            story.append(Paragraph("• " + escape(words.text(check.message)), styles.body))
    signature = Table(
        [
            [_("I confirm that these answers are what I observed."), "", ""],
            ["", "", ""],
            [_("Observer's signature"), "", _("Date")],
        ],
        colWidths=[width * 0.55, width * 0.07, width * 0.38],
        rowHeights=[None, 14 * mm, None],
    )
    signature.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("TEXTCOLOR", (0, 2), (-1, 2), MUTED),
                ("SPAN", (0, 0), (2, 0)),
                ("LINEBELOW", (0, 1), (0, 1), 0.6, MUTED),
                ("LINEBELOW", (2, 1), (2, 1), 0.6, MUTED),
            ]
        )
    )
    story += [Spacer(1, 8 * mm), KeepTogether([signature])]
    station = place[0][1] if place else None
    header = " · ".join(
        part
        for part in (station, submission.observer, f"{_('Submission')} {submission.id}")
        if part
    )
    marks = partial(_marks, words, header, PAPERS[paper])
    document.build(story, canvasmaker=partial(MarkedCanvas, marks=marks))


def _marks(
    words: Words, header: str, size: tuple[float, float], canvas: Canvas, page: int, pages: int
) -> None:
    """ "Page 2 of 3" at the foot of every page; whose form it is atop every page but the first."""
    width, height = size
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    number = words.format(words.gettext("Page {page} of {pages}"), page=page, pages=pages)
    canvas.drawRightString(width - MARGIN, 10 * mm, number)
    if page > 1:
        canvas.drawString(MARGIN, height - 12 * mm, header)
    canvas.restoreState()

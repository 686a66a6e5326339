"""The findings as a Word draft: the statement's sentences as editable paragraphs.

A mission writes its statement in a word processor; this gives it the same sentences the
printed summary has (from `form_statement`, in the form's section order), each followed by
the figures behind it in a smaller paragraph, so the drafter can rephrase without losing
the numbers. python-docx loads only when a draft is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from observer_app.analysis.summary import Summary
from observer_app.domain.i18n import Language
from observer_app.reporting.across import (
    access_sentences,
    duration_sentences,
    reasons_sentence,
)
from observer_app.reporting.phrases import filter_lines, finding_line, unit_sentence
from observer_app.reporting.statement import form_statement, unworded_counts
from observer_app.reporting.words import Words

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

#: The figures' paragraph: smaller and grey, so it reads as a note to the sentence above.
FIGURES_POINTS = 8
FIGURES_GREY = (0x55, 0x55, 0x55)


def _figures(document: DocxDocument, text: str) -> None:
    from docx.shared import Pt, RGBColor

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(8)
    run = paragraph.add_run(text)
    run.font.size = Pt(FIGURES_POINTS)
    run.font.color.rgb = RGBColor(*FIGURES_GREY)


def _heading(document: DocxDocument, words: Words, summary: Summary) -> None:
    """Mission name, election, counting rule, filters and cut-off: what the figures cover."""
    _ = words.gettext
    document.add_heading(summary.mission.name or _("Summary of observations"), 0)
    if summary.mission.election:
        document.add_paragraph(summary.mission.election)
    document.add_paragraph(unit_sentence(words, summary.unit))
    for line in filter_lines(words, summary):
        document.add_paragraph(line)
    cut_off = words.moment(summary.cut_off) if summary.cut_off else _("no observation counted")
    document.add_paragraph(
        f"{_('Data cut-off')}: "
        + words.format(_("latest observation completed {moment}"), moment=cut_off)
    )


def _findings(document: DocxDocument, words: Words, summary: Summary) -> None:
    _ = words.gettext
    document.add_heading(_("Key findings"), 1)
    for form in summary.forms:
        statement = form_statement(words, form, summary.unit)
        unworded = unworded_counts(form)
        if not statement.lines and statement.none_reported is None and not unworded:
            continue
        document.add_heading(words.text(form.layout.title), 2)
        section = None
        for line in statement.lines:
            item_section = line.count.item.section
            if item_section is not None and item_section != section:
                section = item_section
                document.add_heading(words.text(section), 3)
            document.add_paragraph(line.sentence).paragraph_format.space_after = 0
            _figures(document, line.figures)
        if statement.none_reported:
            document.add_paragraph(statement.none_reported)
        for count in unworded:  # a form written before sentences: its findings as figures
            document.add_paragraph(finding_line(words, count, form.layout, summary.unit))


def _across(document: DocxDocument, words: Words, summary: Summary) -> None:
    """Reasons behind negative assessments, access across forms, durations: paragraphs."""
    _ = words.gettext
    reasons = [reasons_sentence(words, form, summary.unit) for form in summary.forms]
    access = access_sentences(words, summary.across.access) if summary.across else []
    durations = duration_sentences(words, summary)
    if any(reasons) or access or durations:
        document.add_heading(_("Access, assessments and duration"), 1)
    for sentence in [*(r for r in reasons if r), " ".join(access), *durations]:
        if sentence:
            document.add_paragraph(sentence)


def write_summary_docx(
    summary: Summary, target: Path | BinaryIO, language: Language = "en"
) -> None:
    """Write the findings of `summary` as a Word document to `target` (a path or a file)."""
    from docx import Document

    words = Words(language)
    document = Document()
    properties = document.core_properties
    properties.title = summary.mission.name or words.gettext("Summary of observations")
    properties.language = language
    _heading(document, words, summary)
    _findings(document, words, summary)
    _across(document, words, summary)
    document.save(str(target) if isinstance(target, Path) else target)

"""The form format: pydantic models that a checklist in `forms/*.yaml` must satisfy.

The models are the single statement of the format: the loader validates with them, the
JSON Schema for editors is generated from them, and the form view, the summary's
phrasing and the export columns are all read from a validated `Form`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from observer_app.formspec.text import Text

#: The answer of an acknowledge question once the observer confirms it (ODK's value).
ACKNOWLEDGED = "OK"

#: Identifiers are what expressions (`${name}`), stored answers and export columns use.
Identifier = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64, description="lower_snake_case name"),
]
#: An expression in XLSForm syntax, e.g. "${ballots_in_box} > ${signatures}".
Expression = Annotated[str, Field(min_length=1, description="XLSForm expression")]

YES = "yes"
NO = "no"
NOT_OBSERVED = "not_observed"

ASSESSMENT_SCALE: tuple[str, ...] = ("very_good", "good", "bad", "very_bad")


class Place(StrEnum):
    """Where a form is filled: it decides what the observer picks before starting."""

    POLLING_STATION = "polling_station"
    TEC = "tec"
    ANY = "any"


class Role(StrEnum):
    """What a question means to the rest of the product beyond its own answer."""

    ARRIVAL_TIME = "arrival_time"
    DEPARTURE_TIME = "departure_time"
    EVENT_TIME = "event_time"
    OVERALL_ASSESSMENT = "overall_assessment"
    NARRATIVE = "narrative"
    #: When the process the form follows began and ended (the count, the tabulation), as
    #: the observer saw it: the summary states how long it took.
    PROCESS_START = "process_start"
    PROCESS_END = "process_end"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    value: Identifier
    label: Text
    attributes: dict[Identifier, str] = Field(
        default_factory=dict,
        description="further columns of the choice that a choice_filter reads by name, e.g. "
        "{region: almaty} on a TEC (XLSForm: extra columns of the choices sheet)",
    )


class _QuestionBase(_Strict):
    id: Identifier
    label: Text
    hint: Text | None = None
    required: bool | Expression = Field(
        default=False, description="true, false, or an expression that makes it required"
    )
    relevant: Expression | None = Field(
        default=None, description="shown and answered only while this is true"
    )
    constraint: Expression | None = Field(
        default=None, description="must hold for the answer; '.' is the answer itself"
    )
    constraint_message: Text | None = None
    role: Role | None = None


class EnglishBase(_Strict):
    """ "of the 12 TECs where tabulation was observed": the noun phrase, singular and plural."""

    one: str = Field(
        pattern=r"\S", description="after 'of the 1': 'TEC where tabulation was observed'"
    )
    other: str = Field(pattern=r"\S", description="'TECs where tabulation was observed'")


class RussianBase(_Strict):
    """«в 8 из 12 ТИК, где наблюдалось подведение итогов,»: the cases a quantifier needs.

    End a phrase that closes with a clause (", где ...") with its comma.
    """

    preposition: Literal["в", "на"] = Field(description="«на» участках, «в» ТИК")
    genitive_one: str = Field(
        pattern=r"\S", description="после «из 21»: «посещённого избирательного участка»"
    )
    genitive_other: str = Field(pattern=r"\S", description="«посещённых избирательных участков»")
    prepositional_other: str = Field(
        pattern=r"\S", description="«на всех» …: «посещённых избирательных участках»"
    )


class KazakhBase(_Strict):
    """«Қорытындыларды шығару байқалған 12 АСК-ның 8-інде»: the words around the number."""

    qualifier: str = Field(default="", description="before the number: «Байқаушылар барған»")
    genitive_one: str = Field(pattern=r"\S", description="after the number: «сайлау учаскесінің»")
    genitive_other: str = Field(
        pattern=r"\S", description="with a quantifier: «сайлау учаскелерінің» (көпшілігінде)"
    )


class StatementBase(_Strict):
    """What a form's findings are counted out of, as a statement names it in each language."""

    en: EnglishBase
    ru: RussianBase
    kk: KazakhBase


class Sentence(_Strict):
    """How a finding reads in a statement: the clause for each side, and which one leads.

    Each clause completes "In 8 of the 12 TECs where tabulation was observed, ..." in its
    language, lower case, with no full stop: `negative` is true where the concern was
    reported ("the process was not transparent"), `positive` where it was not ("the process
    was transparent"). `lead` says which the summary writes, as a statement would:
    "PPE was available in all polling stations visited" leads with the positive.
    """

    negative: Text = Field(description="clause where the concern answer was given")
    positive: Text = Field(description="clause where the other answer was given")
    lead: Literal["negative", "positive"] = Field(
        default="negative", description="which clause the summary writes"
    )
    base: StatementBase | None = Field(
        default=None,
        description="what this finding counts, where it is not the form's base "
        "('TECs visited' for a TEC found closed, beside 'TECs where tabulation was observed')",
    )


class _ConcernMixin(_Strict):
    concern: list[Identifier] = Field(
        default_factory=list, description="answers that report a problem"
    )
    finding: Text | None = Field(
        default=None,
        description="short phrase for the summary, e.g. 'Ballot box not properly sealed'",
    )
    sentence: Sentence | None = Field(
        default=None, description="the finding as a statement's sentence (forms check needs it)"
    )
    optional: bool = Field(
        default=False,
        description="a question with a concern must be answered (or 'not observed') before the "
        "form is completed, so that it counts in every 'X of Y'; true lets it stay blank",
    )
    tags: list[Identifier] = Field(
        default_factory=list,
        description="what the summary gathers it with across forms: 'access' for the "
        "questions whose concern restricts the observers' access",
    )


class YesNoQuestion(_QuestionBase, _ConcernMixin):
    type: Literal["yes_no"]
    not_observed: bool = Field(default=False, description="offer 'not observed' beside yes and no")
    not_observed_label: Text | None = Field(
        default=None,
        description='another label for the third answer, e.g. "Don\'t know"; its value stays '
        "not_observed and it is never counted as a concern",
    )


class _FilteredChoicesMixin(_Strict):
    choice_filter: Expression | None = Field(
        default=None,
        description="offer only the choices for which this holds; a bare name is the choice's "
        "attribute, ${name} an answer: region = ${region} (cascading region, TEC, station)",
    )


class SelectOneQuestion(_QuestionBase, _ConcernMixin, _FilteredChoicesMixin):
    type: Literal["select_one"]
    choices: list[Choice] | Identifier = Field(
        description="the choices, or the name of one of the form's choice_lists"
    )


class SelectMultipleQuestion(_QuestionBase, _ConcernMixin, _FilteredChoicesMixin):
    type: Literal["select_multiple"]
    choices: list[Choice] | Identifier


class IntegerQuestion(_QuestionBase):
    type: Literal["integer"]
    min: int | None = None
    max: int | None = None


class DecimalQuestion(_QuestionBase):
    type: Literal["decimal"]
    min: float | None = None
    max: float | None = None


class TextQuestion(_QuestionBase):
    type: Literal["text"]
    multiline: bool = False
    max_length: int = Field(default=4000, ge=1)


class TimeQuestion(_QuestionBase):
    type: Literal["time"]
    default: Literal["now"] | None = Field(default=None, description="'now' pre-fills the time")


class DateQuestion(_QuestionBase):
    """A calendar day, stored as 'YYYY-MM-DD' (ODK's `date`), e.g. the date on a protocol."""

    type: Literal["date"]


class DateTimeQuestion(_QuestionBase):
    type: Literal["datetime"]
    default: Literal["now"] | None = None


class AcknowledgeQuestion(_QuestionBase):
    """A statement the observer confirms having read or done (ODK's `acknowledge`): the
    answer is 'OK' once confirmed, e.g. "I showed my accreditation to the PEC chair"."""

    type: Literal["acknowledge"]


class GeopointQuestion(_QuestionBase):
    """A place (ODK's `geopoint`), e.g. where the polling station really is: stored as ODK's
    string "lat lon altitude accuracy" in decimal degrees (altitude and accuracy optional)."""

    type: Literal["geopoint"]


#: The largest attachment a form may accept, and its default: a protocol photo from a phone
#: is 2-6 MB, a scanned PDF a few MB; the whole bundle is carried on a USB stick or a chat.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ImageQuestion(_QuestionBase):
    """A photo chosen from disk or dropped on the form (ODK's `image`), e.g. of the signed
    results protocol: JPEG or PNG, told by its content, at most `max_bytes`."""

    type: Literal["image"]
    max_bytes: int = Field(default=ATTACHMENT_MAX_BYTES, ge=1, le=ATTACHMENT_MAX_BYTES)


class FileQuestion(_QuestionBase):
    """A document (ODK's `file`): a PDF, or a JPEG/PNG photo, told by its content, at most
    `max_bytes`, e.g. a scanned complaint."""

    type: Literal["file"]
    max_bytes: int = Field(default=ATTACHMENT_MAX_BYTES, ge=1, le=ATTACHMENT_MAX_BYTES)


class NoteQuestion(_Strict):
    """Text shown to the observer; it takes no answer."""

    type: Literal["note"]
    id: Identifier
    label: Text
    hint: Text | None = None
    relevant: Expression | None = None


class StationQuestion(_QuestionBase):
    """A pick from the mission's registry: a polling station or a territorial commission."""

    type: Literal["station"]
    level: Literal["polling_station", "tec"] = "polling_station"


class CalculateQuestion(_Strict):
    """A value computed from other answers; shown read-only when it has a label."""

    type: Literal["calculate"]
    id: Identifier
    calculation: Expression
    label: Text | None = None
    relevant: Expression | None = None


RowQuestion = Annotated[
    YesNoQuestion
    | SelectOneQuestion
    | SelectMultipleQuestion
    | IntegerQuestion
    | DecimalQuestion
    | TextQuestion
    | TimeQuestion
    | DateQuestion
    | DateTimeQuestion
    | AcknowledgeQuestion
    | GeopointQuestion
    | ImageQuestion
    | FileQuestion
    | NoteQuestion
    | StationQuestion
    | CalculateQuestion,
    Field(discriminator="type"),
]


class RepeatQuestion(_QuestionBase):
    """A list of rows answered with the same questions, e.g. votes per party."""

    type: Literal["repeat"]
    questions: list[RowQuestion] = Field(min_length=1)
    min_rows: int = Field(default=0, ge=0)
    max_rows: int | None = Field(default=None, ge=1)
    rows: list[Choice] | Identifier | None = Field(
        default=None,
        description="fixed rows, one per choice (or a choice list's name), e.g. the parties on "
        "the ballot: the answer holds one row per choice, in this order",
    )


Question = Annotated[
    YesNoQuestion
    | SelectOneQuestion
    | SelectMultipleQuestion
    | IntegerQuestion
    | DecimalQuestion
    | TextQuestion
    | TimeQuestion
    | DateQuestion
    | DateTimeQuestion
    | AcknowledgeQuestion
    | GeopointQuestion
    | ImageQuestion
    | FileQuestion
    | NoteQuestion
    | StationQuestion
    | CalculateQuestion
    | RepeatQuestion,
    Field(discriminator="type"),
]

AnyQuestion = (
    YesNoQuestion
    | SelectOneQuestion
    | SelectMultipleQuestion
    | IntegerQuestion
    | DecimalQuestion
    | TextQuestion
    | TimeQuestion
    | DateQuestion
    | DateTimeQuestion
    | AcknowledgeQuestion
    | GeopointQuestion
    | ImageQuestion
    | FileQuestion
    | NoteQuestion
    | StationQuestion
    | CalculateQuestion
    | RepeatQuestion
)
ConcernQuestion = YesNoQuestion | SelectOneQuestion | SelectMultipleQuestion


def concern_needs_answer(question: AnyQuestion) -> bool:
    """True for a question that can report a concern and is not marked `optional`.

    Such a question left blank would drop out of every "X of Y" of the summary, so the
    form is completed only once it is answered, or answered "not observed" where offered.
    """
    return (
        isinstance(question, YesNoQuestion | SelectOneQuestion | SelectMultipleQuestion)
        and bool(question.concern)
        and not question.optional
    )


class Section(_Strict):
    id: Identifier
    title: Text
    relevant: Expression | None = None
    questions: list[Question] = Field(min_length=1)


class Severity(StrEnum):
    """How much a check that holds says about the figures it reads.

    An `error` is arithmetic that a correct results protocol cannot break (ballots in the
    box = valid + invalid): a station whose protocol has one is kept out of the results
    until the coordinator restores it. A `warning` is worth a question (more ballots in the
    box than signatures) but the figures may still be what the commission wrote.
    """

    ERROR = "error"
    WARNING = "warning"


class Check(_Strict):
    """A rule over several answers that flags a concern when its expression is true."""

    id: Identifier
    expression: Expression = Field(description="true when the concern is present")
    finding: Text = Field(description="phrase for the summary")
    message: Text = Field(description="warning shown to the observer")
    severity: Severity = Field(
        default=Severity.WARNING,
        description="error: the protocol's arithmetic is broken and the station is kept out of "
        "the results; warning: worth a question",
    )


class Composite(_Strict):
    """A finding made of several concern questions: "at least one key counting safeguard
    was skipped". An observation counts in its Y when it answered at least one member, in
    its X when any member is a concern; "not observed" on every member leaves it out."""

    id: Identifier
    members: list[Identifier] = Field(
        min_length=2, description="the concern questions it gathers, of this form"
    )
    finding: Text = Field(description="phrase for the summary, like a question's")
    sentence: Sentence | None = Field(
        default=None, description="the finding as a statement's sentence (forms check needs it)"
    )


class ProtocolFigures(_Strict):
    """Which questions hold the results protocol's figures, named once for the whole product.

    The quick count, the comparison with the official results and the quarantine read a
    protocol through these names, whatever the form calls its questions. `party_votes` is
    a repeat with one fixed row per party (`rows:`); `votes` is its integer question.
    """

    registered: Identifier | None = Field(default=None, description="voters on the list")
    ballots_received: Identifier | None = Field(default=None, description="received by the PEC")
    ballots_issued: Identifier | None = Field(
        default=None, description="issued to voters (signatures on the voter list)"
    )
    ballots_cancelled: Identifier | None = Field(default=None, description="unused, cancelled")
    ballots_in_box: Identifier | None = None
    valid: Identifier | None = None
    invalid: Identifier | None = None
    party_votes: Identifier | None = Field(default=None, description="the repeat of parties")
    votes: Identifier | None = Field(default=None, description="the votes question in it")


class TurnoutFigures(_Strict):
    """Which questions hold the turnout a PEC announced at a visit: the voters who had voted
    by then and the voters on its list. Read beside the turnout the commission published
    for the same hours."""

    voted: Identifier
    registered: Identifier


class Form(_Strict):
    id: Identifier
    version: int = Field(
        ge=1, description="grows when questions change; old versions stay readable"
    )
    title: Text
    description: Text | None = None
    place: Place
    choice_lists: dict[Identifier, list[Choice]] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)
    checks: list[Check] = Field(default_factory=list)
    composites: list[Composite] = Field(
        default_factory=list,
        description="findings gathering several concern questions ('any of these counting "
        "safeguards skipped'), counted and worded like a question",
    )
    base: StatementBase | None = Field(
        default=None,
        description="what its findings count (polling stations visited, TECs where "
        "tabulation was observed), for the summary's sentences; forms check needs it",
    )
    protocol: ProtocolFigures | None = Field(
        default=None, description="the questions that copy the results protocol's figures"
    )
    turnout: TurnoutFigures | None = Field(
        default=None, description="the questions that hold the turnout a PEC announced"
    )

"""The engine's own words to an observer (required, out of range...), in the three languages."""

from __future__ import annotations

from observer_app.formspec.text import Text

REQUIRED = Text(en="An answer is required.", ru="Требуется ответ.", kk="Жауап беру міндетті.")
ANSWER_OR_NOT_OBSERVED = Text(
    en="An answer is required: what you saw, or that you could not observe it.",
    ru="Требуется ответ: что вы видели, или что наблюдать не удалось.",
    kk="Жауап беру міндетті: не көргеніңіз, не байқау мүмкін болмағаны.",
)
INVALID = Text(en="This answer is not valid.", ru="Недопустимый ответ.", kk="Жауап жарамсыз.")


def at_least(minimum: object) -> Text:
    return Text(
        en=f"Must be at least {minimum}.",
        ru=f"Должно быть не меньше {minimum}.",
        kk=f"Кемінде {minimum} болуы керек.",
    )


def at_most(maximum: object) -> Text:
    return Text(
        en=f"Must be at most {maximum}.",
        ru=f"Должно быть не больше {maximum}.",
        kk=f"Ең көбі {maximum} болуы керек.",
    )


def too_long(limit: int) -> Text:
    return Text(
        en=f"At most {limit} characters.",
        ru=f"Не более {limit} символов.",
        kk=f"Ең көбі {limit} таңба.",
    )


def rows_at_least(minimum: int) -> Text:
    return Text(
        en=f"At least {minimum} row(s) are needed.",
        ru=f"Нужно не меньше {minimum} строк(и).",
        kk=f"Кемінде {minimum} жол қажет.",
    )


def rows_at_most(maximum: int) -> Text:
    return Text(
        en=f"At most {maximum} row(s) are allowed.",
        ru=f"Допускается не больше {maximum} строк(и).",
        kk=f"Ең көбі {maximum} жолға рұқсат етіледі.",
    )

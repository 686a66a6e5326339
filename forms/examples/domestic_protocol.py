"""Writes domestic_protocol.xlsx: a short domestic observers' checklist, as a mission would
author it in a spreadsheet for ODK or KoboToolbox, to import with `observer-app forms import`.

Run `python forms/examples/domestic_protocol.py` after changing a row here; the workbook
beside it is what a mission's form author would send, and what the tests import.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

LANGUAGES = ("English (en)", "Russian (ru)", "Kazakh (kk)")


def labels(column: str) -> list[str]:
    return [f"{column}::{language}" for language in LANGUAGES]


SURVEY_HEADER = [
    "type",
    "name",
    *labels("label"),
    *labels("hint"),
    "required",
    "choice_filter",
    "constraint",
    *labels("constraint_message"),
    "calculation",
    "repeat_count",
    "observer_rows",
]

ISSUED_AT_MOST_RECEIVED = (
    "Cannot exceed the ballots the PEC received.",
    "Не может превышать число бюллетеней, полученных УИК.",
    "УСК алған бюллетеньдер санынан аспауы тиіс.",
)
VALID_AND_INVALID_AT_MOST_ISSUED = (
    "Valid and invalid ballots together cannot exceed the ballots issued.",
    "Сумма действительных и недействительных бюллетеней не может превышать число выданных "
    "бюллетеней.",
    "Жарамды және жарамсыз бюллетеньдердің жиыны берілген бюллетеньдер санынан аспауы тиіс.",
)


def row(
    kind: str,
    name: str,
    label: tuple[str, str, str] | None = None,
    hint: tuple[str, str, str] | None = None,
    *,
    required: str = "",
    choice_filter: str = "",
    constraint: str = "",
    message: tuple[str, str, str] | None = None,
    calculation: str = "",
    repeat_count: str = "",
    rows: str = "",
) -> list[str]:
    return [
        kind,
        name,
        *(label or ("", "", "")),
        *(hint or ("", "", "")),
        required,
        choice_filter,
        constraint,
        *(message or ("", "", "")),
        calculation,
        repeat_count,
        rows,
    ]


SURVEY = [
    row(
        "begin_group",
        "station",
        ("Polling station", "Избирательный участок", "Сайлау учаскесі"),
    ),
    row("select_one regions", "region", ("Region", "Область", "Облыс"), required="yes"),
    row(
        "select_one tecs",
        "tec",
        ("TEC", "ТИК", "АСК"),
        required="yes",
        choice_filter="region = ${region}",
    ),
    row(
        "select_one pecs",
        "pec",
        ("PEC", "УИК", "УСК"),
        (
            "The commission whose count you observed.",
            "Комиссия, подсчёт голосов которой вы наблюдали.",
            "Дауыстарды санауын сіз байқаған комиссия.",
        ),
        required="yes",
        choice_filter="tec = ${tec}",
    ),
    row("end_group", "station"),
    row(
        "begin_group",
        "protocol",
        (
            "Results protocol",
            "Протокол об итогах голосования",
            "Дауыс беру қорытындылары туралы хаттама",
        ),
    ),
    row(
        "note",
        "copy_note",
        (
            "Copy each figure exactly as it is written in the signed protocol.",
            "Перепишите каждую цифру точно так, как она указана в подписанном протоколе.",
            "Әр цифрды қол қойылған хаттамада қалай жазылса, солай көшіріңіз.",
        ),
    ),
    row(
        "integer",
        "voters_on_list",
        (
            "Number of voters on the voter list",
            "Число избирателей, внесённых в список избирателей",
            "Сайлаушылар тізіміне енгізілген сайлаушылар саны",
        ),
        required="yes",
        constraint=". >= 0 and . <= 5000",
    ),
    row(
        "integer",
        "ballots_received",
        (
            "Number of ballots received by the PEC",
            "Число бюллетеней, полученных УИК",
            "УСК алған бюллетеньдер саны",
        ),
        required="yes",
        constraint=". >= 0",
    ),
    row(
        "integer",
        "ballots_issued",
        (
            "Number of ballots issued to voters",
            "Число бюллетеней, выданных избирателям",
            "Сайлаушыларға берілген бюллетеньдер саны",
        ),
        required="yes",
        constraint=". >= 0 and . <= ${ballots_received}",
        message=ISSUED_AT_MOST_RECEIVED,
    ),
    row(
        "integer",
        "ballots_invalid",
        (
            "Number of invalid ballots",
            "Число недействительных бюллетеней",
            "Жарамсыз бюллетеньдер саны",
        ),
        required="yes",
        constraint=". >= 0",
    ),
    row(
        "integer",
        "ballots_valid",
        (
            "Number of valid ballots",
            "Число действительных бюллетеней",
            "Жарамды бюллетеньдер саны",
        ),
        required="yes",
        constraint=". >= 0 and . + ${ballots_invalid} <= ${ballots_issued}",
        message=VALID_AND_INVALID_AT_MOST_ISSUED,
    ),
    row(
        "begin_repeat",
        "party_votes",
        (
            "Votes cast for each party",
            "Число голосов, поданных за каждую партию",
            "Әр партияға берілген дауыстар саны",
        ),
        repeat_count="5",
        rows="parties",
    ),
    row("integer", "votes", ("Votes", "Голоса", "Дауыстар"), required="yes", constraint=". >= 0"),
    row("end_repeat", "party_votes"),
    row(
        "calculate",
        "votes_total",
        (
            "Total votes for all parties",
            "Всего голосов за все партии",
            "Барлық партияларға берілген дауыстардың жиыны",
        ),
        calculation="sum(${votes})",
    ),
    row("end_group", "protocol"),
    row(
        "begin_group",
        "evidence",
        ("Photo of the protocol", "Фотография протокола", "Хаттаманың фотосуреті"),
    ),
    row(
        "image",
        "protocol_photo",
        (
            "Photo of the signed results protocol",
            "Фотография подписанного протокола об итогах голосования",
            "Дауыс беру қорытындылары туралы қол қойылған хаттаманың фотосуреті",
        ),
        (
            "The whole sheet, with every figure and signature readable.",
            "Весь лист целиком: все цифры и подписи должны читаться.",
            "Парақ толық: барлық цифрлар мен қолдар анық оқылуы тиіс.",
        ),
        required="yes",
    ),
    row(
        "acknowledge",
        "figures_checked",
        (
            "I have checked the figures above against the photo of the protocol.",
            "Я сверил(а) цифры выше с фотографией протокола.",
            "Жоғарыдағы цифрларды хаттаманың фотосуретімен салыстырдым.",
        ),
        required="yes",
    ),
    row("end_group", "evidence"),
]

CHOICES_HEADER = ["list_name", "name", *labels("label"), "region", "tec"]
CHOICES = [
    ["regions", "ala", "Almaty (city)", "город Алматы", "Алматы қаласы", "", ""],
    ["regions", "ast", "Nur-Sultan (city)", "город Нур-Султан", "Нұр-Сұлтан қаласы", "", ""],
    [
        "tecs",
        "ala_02",
        "Almaly District TEC",
        "ТИК Алмалинского района",
        "Алмалы аудандық АСК",
        "ala",
        "",
    ],
    [
        "tecs",
        "ala_04",
        "Bostandyk District TEC",
        "ТИК Бостандыкского района",
        "Бостандық аудандық АСК",
        "ala",
        "",
    ],
    ["tecs", "ast_03", "Yesil District TEC", "ТИК района Есиль", "Есіл аудандық АСК", "ast", ""],
    ["pecs", "ala_156", "PEC No. 156", "УИК № 156", "№ 156 УСК", "", "ala_02"],
    ["pecs", "ala_157", "PEC No. 157", "УИК № 157", "№ 157 УСК", "", "ala_02"],
    ["pecs", "ala_444", "PEC No. 444", "УИК № 444", "№ 444 УСК", "", "ala_04"],
    ["pecs", "ala_445", "PEC No. 445", "УИК № 445", "№ 445 УСК", "", "ala_04"],
    ["pecs", "ast_334", "PEC No. 334", "УИК № 334", "№ 334 УСК", "", "ast_03"],
    ["pecs", "ast_335", "PEC No. 335", "УИК № 335", "№ 335 УСК", "", "ast_03"],
    ["parties", "nur_otan", "Nur Otan", "Нур Отан", "Нұр Отан", "", ""],
    ["parties", "ak_zhol", "Ak Zhol", "Ак жол", "Ақ жол", "", ""],
    [
        "parties",
        "peoples_party",
        "People's Party of Kazakhstan",
        "Народная партия Казахстана",
        "Қазақстан Халық партиясы",
        "",
        "",
    ],
    ["parties", "auyl", "Auyl", "Ауыл", "Ауыл", "", ""],
    ["parties", "adal", "Adal", "Адал", "Адал", "", ""],
]

SETTINGS = [
    ["form_title", "form_id", "version", "default_language", *labels("observer_title")],
    [
        "Results protocol (domestic observers)",
        "domestic_protocol",
        "1",
        "English (en)",
        "Results protocol (domestic observers)",
        "Протокол об итогах голосования (национальные наблюдатели)",
        "Дауыс беру қорытындылары туралы хаттама (ұлттық байқаушылар)",
    ],
]


def write(path: Path) -> None:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    for values in [SURVEY_HEADER, *SURVEY]:
        survey.append(values)
    choices = book.create_sheet("choices")
    for values in [CHOICES_HEADER, *CHOICES]:
        choices.append(values)
    settings = book.create_sheet("settings")
    for values in SETTINGS:
        settings.append(values)
    book.save(path)


if __name__ == "__main__":
    write(Path(__file__).with_name("domestic_protocol.xlsx"))

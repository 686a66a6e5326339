"""Writes domestic_protocol.xlsx: a citizen observers' results-protocol checklist as XLSForm.

The workbook is what a domestic observer group would bring from ODK Collect or Kobo: the
polling station chosen region → TEC → station (`choice_filter`), the figures of the
results protocol and the votes per party, a photo of the signed protocol and a
confirmation. It is kept as this script so that a change to it can be read in review;
run it after editing and commit both files:

    python forms/examples/make_domestic_protocol.py

The regions, TECs and station numbers are entries of the registry the app ships
(resources/registry/), with its names in the three languages; the other texts use the
terms of the project's glossary. Columns named `observer_*` are Observer's own fields
(docs/xlsform.md): ODK's tools ignore them. Needs openpyxl.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

EN, RU, KK = "English (en)", "Russian (ru)", "Kazakh (kk)"
HERE = Path(__file__).resolve().parent
WORKBOOK = HERE / "domestic_protocol.xlsx"

Texts = tuple[str, str, str]
Row = dict[str, str]


def texts(column: str, en: str, ru: str, kk: str) -> Row:
    """One translatable column in the three languages."""
    return {f"{column}::{EN}": en, f"{column}::{RU}": ru, f"{column}::{KK}": kk}


#: (code, English, Russian, Kazakh), as in resources/registry/regions.csv.
REGIONS: list[tuple[str, str, str, str]] = [
    ("ast", "Nur-Sultan (city)", "город Нур-Султан", "Нұр-Сұлтан қаласы"),
    ("ala", "Almaty (city)", "город Алматы", "Алматы қаласы"),
    ("akm", "Akmola Region", "Акмолинская область", "Ақмола облысы"),
]
#: (code, region, English, Russian, Kazakh), as in resources/registry/stations.csv.
TECS: list[tuple[str, str, str, str, str]] = [
    ("ast_03", "ast", "Yesil District TEC", "ТИК района Есиль", "Есіл аудандық АСК"),
    ("ast_04", "ast", "Saryarka District TEC", "ТИК района Сарыарка", "Сарыарқа аудандық АСК"),
    ("ala_02", "ala", "Almaly District TEC", "ТИК Алмалинского района", "Алмалы аудандық АСК"),
    (
        "ala_04",
        "ala",
        "Bostandyk District TEC",
        "ТИК Бостандыкского района",
        "Бостандық аудандық АСК",
    ),
    ("akm_01", "akm", "Kokshetau City TEC", "ТИК города Кокшетау", "Көкшетау қалалық АСК"),
]
#: (TEC, station number): numbered within the region, as the registry numbers them.
STATIONS: list[tuple[str, int]] = [
    ("ast_03", 334),
    ("ast_03", 335),
    ("ast_04", 457),
    ("ast_04", 458),
    ("ala_02", 156),
    ("ala_02", 157),
    ("ala_04", 444),
    ("ala_04", 445),
    ("akm_01", 1),
    ("akm_01", 2),
]
#: The five parties on the 2021 ballot, in the ballot's order (GLOSSARY.md).
PARTIES: list[tuple[str, str, str, str]] = [
    ("nur_otan", "Nur Otan", "Нур Отан", "Нұр Отан"),
    ("ak_zhol", "Ak Zhol", "Ак жол", "Ақ жол"),
    (
        "peoples_party",
        "People's Party of Kazakhstan",
        "Народная партия Казахстана",
        "Қазақстан Халық партиясы",
    ),
    ("auyl", "Auyl", "Ауыл", "Ауыл"),
    ("adal", "Adal", "Адал", "Адал"),
]

NOT_ABOVE_VOTERS = texts(
    "constraint_message",
    "Cannot exceed the number of voters on the voter list.",
    "Не может превышать число избирателей в списке избирателей.",
    "Сайлаушылар тізіміндегі сайлаушылар санынан аспауы тиіс.",
)
NOT_ABOVE_VALID = texts(
    "constraint_message",
    "Cannot exceed the number of valid ballots.",
    "Не может превышать число действительных бюллетеней.",
    "Жарамды бюллетеньдер санынан аспауы тиіс.",
)


def survey() -> list[Row]:
    def row(kind: str, name: str, *label: str, **cells: str) -> Row:
        written = {"type": kind, "name": name}
        if label:
            written.update(texts("label", *label))
        return {**written, **cells}

    return [
        row("begin_group", "polling_station", "Polling station", "Избирательный участок",
            "Сайлау учаскесі"),
        row("select_one regions", "region",
            "Region (oblast) or city of republican significance",
            "Область или город республиканского значения",
            "Облыс немесе республикалық маңызы бар қала",
            required="yes"),
        row("select_one tecs", "tec",
            "Territorial election commission (TEC)",
            "Территориальная избирательная комиссия (ТИК)",
            "Аумақтық сайлау комиссиясы (АСК)",
            required="yes", choice_filter="region = ${region}"),
        row("select_one stations", "station",
            "Polling station", "Избирательный участок", "Сайлау учаскесі",
            required="yes", choice_filter="tec = ${tec}",
            **texts("hint",
                    "Only the polling stations of the TEC chosen above are offered.",
                    "Предлагаются только избирательные участки ТИК, выбранной выше.",
                    "Тек жоғарыда таңдалған АСК-ның сайлау учаскелері ұсынылады.")),
        row("end_group", "polling_station"),
        row("begin_group", "results_protocol", "Results protocol",
            "Протокол об итогах голосования", "Дауыс беру қорытындылары туралы хаттама"),
        row("note", "protocol_note",
            "Copy the figures as the PEC entered them in the results protocol, not your own "
            "count. Leave a figure empty if it was not announced or you could not see it.",
            "Перепишите данные так, как УИК внесла их в протокол об итогах голосования, а не "
            "по своему подсчёту. Если число не было объявлено или вы его не видели, оставьте "
            "поле пустым.",
            "Деректерді өз санауыңыз бойынша емес, УСК дауыс беру қорытындылары туралы "
            "хаттамаға қалай енгізсе, солай көшіріп жазыңыз. Сан жарияланбаса немесе сіз оны "
            "көрмесеңіз, өрісті бос қалдырыңыз."),
        row("integer", "registered_voters",
            "Number of voters on the voter list",
            "Число избирателей, включённых в список избирателей",
            "Сайлаушылар тізіміне енгізілген сайлаушылар саны",
            constraint=". >= 0"),
        row("integer", "ballots_received",
            "Number of ballots received by the PEC",
            "Число избирательных бюллетеней, полученных УИК",
            "УСК алған сайлау бюллетеньдерінің саны",
            constraint=". >= 0"),
        row("integer", "ballots_issued",
            "Number of ballots issued to voters (signatures on the voter list)",
            "Число бюллетеней, выданных избирателям (подписи в списке избирателей)",
            "Сайлаушыларға берілген бюллетеньдер саны (сайлаушылар тізіміндегі қолдар)",
            constraint="${registered_voters} = '' or . <= ${registered_voters}",
            **NOT_ABOVE_VOTERS),
        row("integer", "invalid_ballots",
            "Number of invalid ballots", "Число недействительных бюллетеней",
            "Жарамсыз бюллетеньдер саны",
            constraint=". >= 0"),
        row("integer", "valid_ballots",
            "Number of valid ballots", "Число действительных бюллетеней",
            "Жарамды бюллетеньдер саны",
            constraint=". >= 0"),
        row("begin_repeat", "party_votes",
            "Votes cast for each party", "Число голосов, поданных за каждую партию",
            "Әр партияға берілген дауыстар саны",
            repeat_count=str(len(PARTIES)), observer_rows="parties"),
        row("integer", "votes", "Votes", "Голоса", "Дауыстар",
            constraint="${valid_ballots} = '' or . <= ${valid_ballots}",
            **NOT_ABOVE_VALID),
        row("end_repeat", "party_votes"),
        row("image", "protocol_photo",
            "Photo of the signed results protocol",
            "Фотография подписанного протокола об итогах голосования",
            "Қол қойылған дауыс беру қорытындылары туралы хаттаманың фотосуреті",
            parameters="max-pixels=2048",
            **texts("hint",
                    "Photograph the copy of the protocol so that every figure and the "
                    "signatures can be read (JPEG or PNG).",
                    "Сфотографируйте копию протокола так, чтобы можно было прочитать все "
                    "числа и подписи (JPEG или PNG).",
                    "Хаттаманың көшірмесін барлық сандар мен қолдар оқылатындай етіп "
                    "суретке түсіріңіз (JPEG немесе PNG).")),
        row("acknowledge", "figures_confirmed",
            "I confirm that I copied these figures from the results protocol signed by the "
            "PEC members.",
            "Подтверждаю, что эти данные переписаны из протокола об итогах голосования, "
            "подписанного членами УИК.",
            "Осы деректердің УСК мүшелері қол қойған дауыс беру қорытындылары туралы "
            "хаттамадан көшіріліп жазылғанын растаймын.",
            required="yes"),
        row("end_group", "results_protocol"),
        # A form-level check (Observer's own; for ODK a calculate): what ballot box
        # stuffing makes possible is recorded and flagged, never refused by a constraint.
        row("calculate", "counted_exceed_issued",
            calculation="${valid_ballots} + ${invalid_ballots} > ${ballots_issued}",
            observer_type="check",
            **texts("observer_finding",
                    "Valid plus invalid ballots exceed the ballots issued",
                    "Сумма действительных и недействительных бюллетеней превышает число "
                    "выданных бюллетеней",
                    "Жарамды және жарамсыз бюллетеньдердің жиыны берілген бюллетеньдер "
                    "санынан асады"),
            **texts("observer_message",
                    "More ballots were counted (valid plus invalid) than were issued to "
                    "voters: a strong indication of ballot box stuffing. Check the figures "
                    "against the protocol and describe what you saw.",
                    "Подсчитано больше бюллетеней (действительных и недействительных), чем "
                    "выдано избирателям: это серьёзный признак вброса бюллетеней. Сверьте "
                    "числа с протоколом и опишите увиденное.",
                    "Сайлаушыларға берілгеннен көп бюллетень саналды (жарамды және "
                    "жарамсыз): бұл бюллетеньдерді заңсыз салудың айқын белгісі. Сандарды "
                    "хаттамамен салыстырып, көргеніңізді сипаттаңыз.")),
    ]  # fmt: skip


def choices() -> list[Row]:
    rows: list[Row] = []
    for code, en, ru, kk in REGIONS:
        rows.append({"list_name": "regions", "name": code, **texts("label", en, ru, kk)})
    for code, region, en, ru, kk in TECS:
        rows.append(
            {"list_name": "tecs", "name": code, **texts("label", en, ru, kk), "region": region}
        )
    for tec, number in STATIONS:
        rows.append(
            {
                "list_name": "stations",
                "name": f"{tec.split('_')[0]}_{number}",
                **texts(
                    "label",
                    f"Polling station No. {number}",
                    f"Избирательный участок № {number}",
                    f"№ {number} сайлау учаскесі",
                ),
                "tec": tec,
            }
        )
    for code, en, ru, kk in PARTIES:
        rows.append({"list_name": "parties", "name": code, **texts("label", en, ru, kk)})
    return rows


#: The protocol's figures as the quick count and the comparison with the official results
#: read them (forms/README.md, `protocol`).
PROTOCOL = {
    "registered": "registered_voters",
    "ballots_received": "ballots_received",
    "ballots_issued": "ballots_issued",
    "valid": "valid_ballots",
    "invalid": "invalid_ballots",
    "party_votes": "party_votes",
    "votes": "votes",
}


def settings() -> list[Row]:
    return [
        {
            "form_id": "domestic_protocol",
            "version": "1",
            "form_title": "Results protocol (citizen observers)",
            "default_language": EN,
            **texts(
                "observer_title",
                "Results protocol (citizen observers)",
                "Протокол об итогах голосования (гражданские наблюдатели)",
                "Дауыс беру қорытындылары туралы хаттама (азаматтық байқаушылар)",
            ),
            "observer_protocol": json.dumps(PROTOCOL, separators=(",", ":")),
        }
    ]


def sheets() -> dict[str, list[Row]]:
    """The three sheets, each a list of rows keyed by column header."""
    return {"survey": survey(), "choices": choices(), "settings": settings()}


def headers(rows: list[Row]) -> list[str]:
    """Every column used, in the order first met."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def write(path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets().items():
        sheet = book.create_sheet(name)
        columns = headers(rows)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column, "") for column in columns])
    book.save(path)


if __name__ == "__main__":
    write(WORKBOOK)
    print(WORKBOOK)

"""Generate stations.csv, the synthetic polling-station registry, from the real TECs of 2021.

The 17 regions come from regions.csv beside this script. The territorial election
commissions (TECs) below are the real district and city TECs of the January 2021 Majilis
elections, with localities of each district; the station numbers, street addresses,
buildings and accessibility are made up with a fixed random seed, so that running the
script twice writes the identical file. Standard library only:

    python resources/registry/make_stations.py
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20210110  # election day, 10 January 2021

# Stations per region, about 10,000 in all, roughly by population (with a little extra
# for the rural north, where many villages have a station of their own).
STATION_COUNTS: dict[str, int] = {
    "AKM": 395,
    "AKT": 470,
    "ALM": 1090,
    "ATY": 345,
    "VOS": 720,
    "ZHA": 600,
    "ZAP": 350,
    "KAR": 725,
    "KUS": 455,
    "KZY": 430,
    "MAN": 370,
    "PAV": 400,
    "SEV": 300,
    "YUZ": 1085,
    "AST": 625,
    "ALA": 1060,
    "SHY": 580,
}

COLUMNS = (
    "region",
    "tec_code",
    "tec_name_en",
    "tec_name_ru",
    "tec_name_kk",
    "district",
    "number",
    "address",
    "accessible",
)


@dataclass(frozen=True)
class TecSource:
    """One TEC as this script knows it: kind, names, a weight for its share of stations.

    kind: "city" (a city of regional significance), "district" (an oblast's district) or
    "city_district" (a district of one of the three cities of republican significance).
    ru: for a city, its name ("Кокшетау"); for a district, the district in the nominative
    ("Бурабайский район", "район Биржан сал"). kk: the name without the word for district.
    localities: the first is the centre, in Russian with its prefix (г., п., с.).
    """

    kind: str
    en: str
    ru: str
    kk: str
    weight: int
    localities: tuple[str, ...]
    streets: tuple[str, ...] = ()
    only_these_streets: bool = False


def city(
    en: str,
    ru: str,
    kk: str,
    weight: int,
    *localities: str,
    streets: tuple[str, ...] = (),
    only_these_streets: bool = False,
) -> TecSource:
    centre = f"г. {ru}"
    return TecSource("city", en, ru, kk, weight, (centre, *localities), streets, only_these_streets)


def district(en: str, ru: str, kk: str, weight: int, *localities: str) -> TecSource:
    return TecSource("district", en, ru, kk, weight, localities)


def city_district(
    en: str, ru: str, kk: str, weight: int, town: str, streets: tuple[str, ...]
) -> TecSource:
    return TecSource("city_district", en, ru, kk, weight, (f"г. {town}",), streets, True)


# The real TECs of each region in January 2021 (before Abai, Zhetysu and Ulytau regions
# were split off in 2022). Weights are rough populations in thousands.
TECS: dict[str, tuple[TecSource, ...]] = {
    "AKM": (
        city(
            "Kokshetau",
            "Кокшетау",
            "Көкшетау",
            150,
            "с. Красный Яр",
            streets=("ул. Акана серэ", "ул. Ауэзова", "ул. Горького", "ул. Уалиханова"),
        ),
        city(
            "Stepnogorsk", "Степногорск", "Степногор", 65, "п. Аксу", "п. Бестобе", "п. Заводской"
        ),
        district("Akkol", "Аккольский район", "Ақкөл", 25, "г. Акколь", "с. Урюпинка", "с. Азат"),
        district("Arshaly", "Аршалынский район", "Аршалы", 25, "п. Аршалы", "с. Вячеславка"),
        district(
            "Astrakhan",
            "Астраханский район",
            "Астрахан",
            21,
            "с. Астраханка",
            "с. Старый Колутон",
            "с. Новочеркасское",
        ),
        district("Atbasar", "Атбасарский район", "Атбасар", 42, "г. Атбасар", "с. Мариновка"),
        district("Bulandy", "Буландынский район", "Бұланды", 28, "г. Макинск", "с. Вознесенка"),
        district(
            "Burabay",
            "Бурабайский район",
            "Бурабай",
            70,
            "г. Щучинск",
            "п. Бурабай",
            "с. Катарколь",
            "с. Златополье",
            "с. Зеленый Бор",
        ),
        district("Egindikol", "Егиндыкольский район", "Егіндікөл", 6, "с. Егиндыколь"),
        district(
            "Birzhan Sal", "район Биржан сал", "Біржан сал", 16, "г. Степняк", "с. Заураловка"
        ),
        district(
            "Ereymentau", "Ерейментауский район", "Ерейментау", 18, "г. Ерейментау", "с. Бестогай"
        ),
        district("Esil", "Есильский район", "Есіл", 23, "г. Есиль", "с. Заречное"),
        district(
            "Zhaksy", "Жаксынский район", "Жақсы", 16, "с. Жаксы", "с. Киималы", "с. Подгорное"
        ),
        district("Zharkain", "Жаркаинский район", "Жарқайың", 14, "г. Державинск"),
        district("Zerendi", "Зерендинский район", "Зеренді", 36, "с. Зеренда", "с. Садовое"),
        district("Korgalzhyn", "Коргалжынский район", "Қорғалжын", 9, "с. Коргалжын", "с. Сабынды"),
        district("Sandyktau", "Сандыктауский район", "Сандықтау", 15, "с. Балкашино", "с. Каменка"),
        district(
            "Tselinograd",
            "Целиноградский район",
            "Целиноград",
            85,
            "с. Акмол",
            "с. Косшы",
            "с. Талапкер",
            "с. Караоткель",
            "с. Кабанбай батыр",
        ),
        district(
            "Shortandy",
            "Шортандинский район",
            "Шортанды",
            30,
            "п. Шортанды",
            "п. Жолымбет",
            "п. Научный",
            "с. Дамса",
        ),
    ),
    "AKT": (
        city(
            "Aktobe",
            "Актобе",
            "Ақтөбе",
            520,
            streets=(
                "пр. Абилкайыр хана",
                "пр. Санкибай батыра",
                "ул. Маресьева",
                "ул. Есет батыра",
                "пр. Алии Молдагуловой",
                "ул. Братьев Жубановых",
                "мкр. Батыс-2",
                "мкр. 12",
            ),
        ),
        district("Alga", "Алгинский район", "Алға", 40, "г. Алга", "с. Бестамак"),
        district("Ayteke Bi", "Айтекебийский район", "Әйтеке би", 25, "с. Карабутак"),
        district("Bayganin", "Байганинский район", "Байғанин", 24, "с. Карауылкелды"),
        district("Kargaly", "Каргалинский район", "Қарғалы", 17, "с. Бадамша"),
        district("Khobda", "Хобдинский район", "Қобда", 18, "с. Кобда"),
        district("Martuk", "Мартукский район", "Мәртөк", 30, "с. Мартук"),
        district(
            "Mugalzhar", "Мугалжарский район", "Мұғалжар", 70, "г. Кандыагаш", "г. Эмба", "г. Жем"
        ),
        district("Oiyl", "Уилский район", "Ойыл", 13, "с. Уил"),
        district("Temir", "Темирский район", "Темір", 35, "п. Шубаркудук", "г. Темир"),
        district("Khromtau", "Хромтауский район", "Хромтау", 45, "г. Хромтау", "п. Донское"),
        district("Shalkar", "Шалкарский район", "Шалқар", 30, "г. Шалкар"),
        district("Irgiz", "Иргизский район", "Ырғыз", 15, "с. Иргиз"),
    ),
    "ALM": (
        city(
            "Taldykorgan",
            "Талдыкорган",
            "Талдықорған",
            170,
            "с. Отенай",
            streets=(
                "ул. Тауелсиздик",
                "ул. Жансугурова",
                "ул. Шевченко",
                "мкр. Жастар",
                "мкр. Самал",
            ),
        ),
        city("Kapchagay", "Капчагай", "Қапшағай", 60),
        city("Tekeli", "Текели", "Текелі", 30),
        district("Aksu", "Аксуский район", "Ақсу", 40, "с. Жансугуров", "с. Матай"),
        district(
            "Alakol", "Алакольский район", "Алакөл", 70, "г. Ушарал", "с. Кабанбай", "с. Достык"
        ),
        district("Balkhash", "Балхашский район", "Балқаш", 30, "с. Баканас"),
        district(
            "Enbekshikazakh",
            "Енбекшиказахский район",
            "Еңбекшіқазақ",
            300,
            "г. Есик",
            "с. Шелек",
            "с. Тургень",
            "с. Балтабай",
            "с. Маловодное",
        ),
        district("Eskeldi", "Ескельдинский район", "Ескелді", 50, "с. Карабулак"),
        district(
            "Zhambyl", "Жамбылский район", "Жамбыл", 145, "с. Узынагаш", "с. Каргалы", "с. Мынбаево"
        ),
        district(
            "Ile",
            "Илийский район",
            "Іле",
            230,
            "с. Отеген батыр",
            "с. Боралдай",
            "с. Байсерке",
            "с. Жетыген",
        ),
        district(
            "Karasay",
            "Карасайский район",
            "Қарасай",
            270,
            "г. Каскелен",
            "с. Шамалган",
            "с. Иргели",
        ),
        district("Karatal", "Каратальский район", "Қаратал", 50, "г. Уштобе"),
        district("Kerbulak", "Кербулакский район", "Кербұлақ", 55, "с. Сарыозек"),
        district("Koksu", "Коксуский район", "Көксу", 40, "с. Балпык би"),
        district(
            "Panfilov",
            "Панфиловский район",
            "Панфилов",
            125,
            "г. Жаркент",
            "с. Коктал",
            "с. Хоргос",
        ),
        district("Raiymbek", "Райымбекский район", "Райымбек", 50, "с. Нарынкол"),
        district("Kegen", "Кегенский район", "Кеген", 30, "с. Кеген"),
        district("Sarkand", "Саркандский район", "Сарқан", 40, "г. Сарканд"),
        district(
            "Talgar",
            "Талгарский район",
            "Талғар",
            200,
            "г. Талгар",
            "с. Бесагаш",
            "с. Туздыбастау",
            "с. Панфилово",
            "с. Кызылкайрат",
        ),
        district("Uygur", "Уйгурский район", "Ұйғыр", 65, "с. Чунджа", "с. Кольжат"),
    ),
    "ATY": (
        city(
            "Atyrau",
            "Атырау",
            "Атырау",
            360,
            streets=(
                "ул. Сатпаева",
                "пр. Азаттык",
                "ул. Махамбета",
                "ул. Кулманова",
                "ул. Смагулова",
                "мкр. Авангард-3",
                "мкр. Нурсая",
            ),
        ),
        district("Zhylyoi", "Жылыойский район", "Жылыой", 80, "г. Кульсары", "п. Косшагыл"),
        district("Inder", "Индерский район", "Индер", 32, "п. Индерборский"),
        district("Isatay", "Исатайский район", "Исатай", 26, "с. Аккыстау"),
        district("Kurmangazy", "Курмангазинский район", "Құрманғазы", 55, "с. Ганюшкино"),
        district("Kyzylkoga", "Кызылкогинский район", "Қызылқоға", 30, "с. Миялы"),
        district("Makat", "Макатский район", "Мақат", 28, "п. Макат", "п. Доссор"),
        district("Makhambet", "Махамбетский район", "Махамбет", 30, "с. Махамбет"),
    ),
    "VOS": (
        city(
            "Ust-Kamenogorsk",
            "Усть-Каменогорск",
            "Өскемен",
            340,
            streets=(
                "ул. Казахстан",
                "ул. Протозанова",
                "ул. Бажова",
                "ул. Утепова",
                "ул. Серикбаева",
                "ул. Торайгырова",
            ),
        ),
        city(
            "Semey",
            "Семей",
            "Семей",
            330,
            "п. Шульбинск",
            streets=("ул. Шакарима", "ул. Кабанбай батыра", "ул. Найманбаева", "ул. Физкультурная"),
        ),
        city("Ridder", "Риддер", "Риддер", 55),
        city("Kurchatov", "Курчатов", "Курчатов", 12),
        district("Abay", "Абайский район", "Абай", 17, "с. Караул"),
        district("Ayagoz", "Аягозский район", "Аягөз", 70, "г. Аягоз"),
        district("Beskaragay", "Бескарагайский район", "Бесқарағай", 20, "с. Бескарагай"),
        district(
            "Borodulikha",
            "Бородулихинский район",
            "Бородулиха",
            38,
            "с. Бородулиха",
            "с. Новая Шульба",
        ),
        district("Glubokoye", "Глубоковский район", "Глубокое", 60, "п. Глубокое", "п. Белоусовка"),
        district(
            "Zharma", "Жарминский район", "Жарма", 45, "п. Калбатау", "п. Жангизтобе", "г. Шар"
        ),
        district("Zaysan", "Зайсанский район", "Зайсан", 37, "г. Зайсан"),
        district("Altay", "Алтайский район", "Алтай", 65, "г. Алтай", "п. Серебрянск"),
        district(
            "Katonkaragay",
            "Катон-Карагайский район",
            "Катонқарағай",
            30,
            "с. Улкен Нарын",
            "с. Катон-Карагай",
        ),
        district("Kokpekty", "Кокпектинский район", "Көкпекті", 28, "с. Кокпекты"),
        district("Kurchum", "Курчумский район", "Күршім", 30, "с. Курчум"),
        district("Tarbagatay", "Тарбагатайский район", "Тарбағатай", 45, "с. Аксуат"),
        district("Ulan", "Уланский район", "Ұлан", 40, "п. Молодежный"),
        district("Urzhar", "Урджарский район", "Үржар", 75, "с. Урджар", "с. Маканчи"),
        district("Shemonaikha", "Шемонаихинский район", "Шемонаиха", 45, "г. Шемонаиха"),
    ),
    "ZHA": (
        city(
            "Taraz",
            "Тараз",
            "Тараз",
            360,
            streets=(
                "ул. Толе би",
                "пр. Жамбыла",
                "ул. Сулейменова",
                "ул. Койгельды",
                "мкр. Астана",
            ),
        ),
        district("Bayzak", "Байзакский район", "Бәйзақ", 100, "с. Сарыкемер"),
        district("Zhambyl", "Жамбылский район", "Жамбыл", 80, "с. Аса"),
        district("Zhualy", "Жуалынский район", "Жуалы", 50, "с. Бауыржан Момышулы"),
        district(
            "Kordai",
            "Кордайский район",
            "Қордай",
            130,
            "с. Кордай",
            "с. Масанчи",
            "с. Сортобе",
            "с. Отар",
        ),
        district("Merke", "Меркенский район", "Мерке", 85, "с. Мерке"),
        district("Moiynkum", "Мойынкумский район", "Мойынқұм", 35, "с. Мойынкум"),
        district("Sarysu", "Сарысуский район", "Сарысу", 40, "г. Жанатас"),
        district("Talas", "Таласский район", "Талас", 55, "г. Каратау"),
        district("T. Ryskulov", "район Т. Рыскулова", "Т. Рысқұлов", 65, "с. Кулан"),
        district("Shu", "Шуский район", "Шу", 115, "г. Шу", "с. Толе би"),
    ),
    "ZAP": (
        city(
            "Uralsk",
            "Уральск",
            "Орал",
            330,
            "п. Деркул",
            "п. Зачаганск",
            streets=(
                "ул. Достык",
                "пр. Евразия",
                "ул. Сырым батыра",
                "ул. Маметовой",
                "мкр. Строитель",
            ),
        ),
        district("Akzhaik", "Акжаикский район", "Ақжайық", 38, "с. Чапаев"),
        district(
            "Bokey Orda", "Бокейординский район", "Бөкей ордасы", 15, "с. Сайхин", "с. Хан Ордасы"
        ),
        district("Burlin", "Бурлинский район", "Бөрлі", 55, "г. Аксай"),
        district("Zhangala", "Жангалинский район", "Жаңақала", 17, "с. Жангала"),
        district("Zhanibek", "Жанибекский район", "Жәнібек", 17, "с. Жанибек"),
        district(
            "Baiterek",
            "Байтерекский район",
            "Бәйтерек",
            60,
            "с. Переметное",
            "с. Дарьинское",
            "с. Январцево",
        ),
        district("Kaztal", "Казталовский район", "Қазталов", 30, "с. Казталовка"),
        district("Karatobe", "Каратобинский район", "Қаратөбе", 15, "с. Каратобе"),
        district("Syrym", "Сырымский район", "Сырым", 18, "с. Жымпиты"),
        district("Taskala", "Таскалинский район", "Тасқала", 16, "с. Таскала"),
        district("Terekti", "Теректинский район", "Теректі", 45, "с. Федоровка"),
        district("Chingirlau", "Чингирлауский район", "Шыңғырлау", 12, "с. Чингирлау"),
    ),
    "KAR": (
        city(
            "Karaganda",
            "Караганда",
            "Қарағанды",
            500,
            streets=(
                "пр. Бухар-Жырау",
                "пр. Нуркена Абдирова",
                "ул. Ерубаева",
                "ул. Гоголя",
                "пр. Строителей",
                "ул. Ермекова",
                "мкр. Юго-Восток",
            ),
        ),
        city(
            "Temirtau", "Темиртау", "Теміртау", 180, streets=("пр. Республики", "пр. Металлургов")
        ),
        city("Zhezkazgan", "Жезказган", "Жезқазған", 90),
        city("Balkhash", "Балхаш", "Балқаш", 75),
        city("Saran", "Сарань", "Саран", 50),
        city("Shakhtinsk", "Шахтинск", "Шахтинск", 55, "п. Шахан"),
        city("Satbayev", "Сатпаев", "Сәтбаев", 70),
        city("Priozersk", "Приозерск", "Приозер", 10),
        city("Karazhal", "Каражал", "Қаражал", 17),
        district("Abay", "Абайский район", "Абай", 55, "г. Абай", "п. Топар"),
        district("Aktogay", "Актогайский район", "Ақтоғай", 15, "с. Актогай"),
        district("Bukhar-Zhyrau", "Бухар-Жырауский район", "Бұқар жырау", 60, "п. Ботакара"),
        district("Zhanaarka", "Жанааркинский район", "Жаңаарқа", 30, "п. Атасу"),
        district(
            "Karkaraly",
            "Каркаралинский район",
            "Қарқаралы",
            38,
            "г. Каркаралинск",
            "с. Егиндыбулак",
        ),
        district("Nura", "Нуринский район", "Нұра", 26, "п. Киевка"),
        district(
            "Osakarov", "Осакаровский район", "Осакаров", 35, "п. Осакаровка", "п. Молодежный"
        ),
        district("Ulytau", "Улытауский район", "Ұлытау", 13, "с. Улытау"),
        district("Shet", "Шетский район", "Шет", 45, "с. Аксу-Аюлы", "п. Агадырь"),
    ),
    "KUS": (
        city(
            "Kostanay",
            "Костанай",
            "Қостанай",
            250,
            streets=(
                "ул. Байтурсынова",
                "пр. Аль-Фараби",
                "ул. Тарана",
                "ул. Баймагамбетова",
                "ул. Дулатова",
            ),
        ),
        city("Rudny", "Рудный", "Рудный", 130),
        city("Lisakovsk", "Лисаковск", "Лисаков", 45),
        city("Arkalyk", "Аркалык", "Арқалық", 40),
        district("Altynsarin", "Алтынсаринский район", "Алтынсарин", 14, "с. Убаганское"),
        district("Amangeldi", "Амангельдинский район", "Амангелді", 15, "с. Амангельды"),
        district("Auliekol", "Аулиекольский район", "Әулиекөл", 40, "с. Аулиеколь"),
        district("Denisov", "Денисовский район", "Денисов", 18, "с. Денисовка"),
        district("Zhangeldi", "Джангельдинский район", "Жангелдин", 13, "с. Торгай"),
        district("Zhitikara", "Житикаринский район", "Жітіқара", 50, "г. Житикара"),
        district("Kamysty", "Камыстинский район", "Қамысты", 15, "с. Камысты"),
        district("Karabalyk", "Карабалыкский район", "Қарабалық", 28, "п. Карабалык"),
        district("Karasu", "Карасуский район", "Қарасу", 22, "с. Карасу"),
        district("Kostanay", "Костанайский район", "Қостанай", 70, "п. Затобольск"),
        district("Mendykara", "Мендыкаринский район", "Меңдіқара", 24, "с. Боровское"),
        district("Naurzum", "Наурзумский район", "Наурызым", 8, "с. Караменды"),
        district("Sarykol", "Сарыкольский район", "Сарыкөл", 18, "п. Сарыколь"),
        district("Beimbet Mailin", "район Беимбета Майлина", "Бейімбет Майлин", 22, "с. Тобол"),
        district("Uzunkol", "Узункольский район", "Ұзынкөл", 18, "с. Узунколь"),
        district("Fyodorov", "Федоровский район", "Федоров", 23, "с. Федоровка"),
    ),
    "KZY": (
        city(
            "Kyzylorda",
            "Кызылорда",
            "Қызылорда",
            320,
            "п. Тасбогет",
            streets=(
                "ул. Айтеке би",
                "ул. Желтоксан",
                "ул. Жахаева",
                "ул. Токмаганбетова",
                "мкр. Акмечеть",
            ),
        ),
        district("Aral", "Аральский район", "Арал", 80, "г. Аральск", "п. Саксаульский"),
        district("Zhalagash", "Жалагашский район", "Жалағаш", 35, "п. Жалагаш"),
        district(
            "Zhanakorgan", "Жанакорганский район", "Жаңақорған", 80, "п. Жанакорган", "с. Шалкия"
        ),
        district("Kazaly", "Казалинский район", "Қазалы", 75, "п. Айтеке би", "г. Казалинск"),
        district("Karmakshy", "Кармакшинский район", "Қармақшы", 50, "п. Жосалы"),
        district("Syrdarya", "Сырдарьинский район", "Сырдария", 35, "п. Теренозек"),
        district("Shieli", "Шиелийский район", "Шиелі", 80, "п. Шиели"),
    ),
    "MAN": (
        city(
            "Aktau",
            "Актау",
            "Ақтау",
            260,
            # Aktau's addresses are microdistricts and house numbers, not streets.
            streets=tuple(f"{n} мкр." for n in (1, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 26, 27, 29)),
            only_these_streets=True,
        ),
        city("Zhanaozen", "Жанаозен", "Жаңаөзен", 160, "п. Тенге", "п. Кызылсай"),
        district("Beineu", "Бейнеуский район", "Бейнеу", 75, "с. Бейнеу"),
        district("Karakiyan", "Каракиянский район", "Қарақия", 45, "с. Курык", "п. Жетыбай"),
        district("Mangystau", "Мангистауский район", "Маңғыстау", 40, "с. Шетпе"),
        district("Munaily", "Мунайлинский район", "Мұнайлы", 150, "с. Мангистау", "с. Баскудук"),
        district(
            "Tupkaragan",
            "Тупкараганский район",
            "Түпқараған",
            30,
            "г. Форт-Шевченко",
            "п. Баутино",
            "с. Акшукур",
        ),
    ),
    "PAV": (
        city(
            "Pavlodar",
            "Павлодар",
            "Павлодар",
            360,
            "п. Кенжеколь",
            streets=(
                "ул. Торайгырова",
                "ул. Лермонтова",
                "ул. Естая",
                "ул. Ломова",
                "ул. Катаева",
                "ул. Камзина",
            ),
        ),
        city("Ekibastuz", "Экибастуз", "Екібастұз", 150, "п. Солнечный"),
        city("Aksu", "Аксу", "Ақсу", 70),
        district("Aktogay", "Актогайский район", "Ақтоғай", 12, "с. Актогай"),
        district("Bayanaul", "Баянаульский район", "Баянауыл", 25, "с. Баянаул", "п. Майкаин"),
        district("Zhelezin", "Железинский район", "Железин", 20, "с. Железинка"),
        district("Irtysh", "Иртышский район", "Ертіс", 18, "с. Иртышск"),
        district("Terenkol", "Теренкольский район", "Тереңкөл", 20, "с. Теренколь"),
        district("May", "Майский район", "Май", 10, "с. Коктобе"),
        district("Pavlodar", "Павлодарский район", "Павлодар", 25, "с. Павлодарское"),
        district("Uspen", "Успенский район", "Успен", 12, "с. Успенка"),
        district("Shcherbakty", "Щербактинский район", "Шарбақты", 20, "с. Шарбакты"),
        district("Akkuly", "Аккулинский район", "Аққулы", 10, "с. Аккулы"),
    ),
    "SEV": (
        city(
            "Petropavl",
            "Петропавловск",
            "Петропавл",
            220,
            streets=(
                "ул. Конституции Казахстана",
                "ул. Букетова",
                "ул. Интернациональная",
                "ул. Жумабаева",
            ),
        ),
        district("Aiyrtau", "Айыртауский район", "Айыртау", 35, "с. Саумалколь"),
        district("Akzhar", "Акжарский район", "Ақжар", 15, "с. Талшик"),
        district("Akkayin", "Аккайынский район", "Аққайың", 20, "с. Смирново"),
        district("Esil", "Есильский район", "Есіл", 20, "с. Явленка"),
        district("Zhambyl", "Жамбылский район", "Жамбыл", 18, "с. Пресновка"),
        district(
            "Magzhan Zhumabayev", "район Магжана Жумабаева", "Мағжан Жұмабаев", 35, "г. Булаево"
        ),
        district("Kyzylzhar", "Кызылжарский район", "Қызылжар", 45, "с. Бишкуль"),
        district("Mamlyut", "Мамлютский район", "Мамлют", 17, "г. Мамлютка"),
        district(
            "Gabit Musrepov",
            "район имени Габита Мусрепова",
            "Ғабит Мүсірепов",
            40,
            "с. Новоишимское",
        ),
        district("Taiynsha", "Тайыншинский район", "Тайынша", 40, "г. Тайынша"),
        district("Timiryazev", "Тимирязевский район", "Тимирязев", 12, "с. Тимирязево"),
        district("Ualikhanov", "Уалихановский район", "Уәлиханов", 15, "с. Кишкенеколь"),
        district("Shal Akyn", "район Шал акына", "Шал ақын", 17, "г. Сергеевка"),
    ),
    "YUZ": (
        city(
            "Turkistan",
            "Туркестан",
            "Түркістан",
            180,
            streets=("пр. Тауке хана", "ул. Есим хана", "ул. Саттарханова", "ул. Жибек жолы"),
        ),
        city("Kentau", "Кентау", "Кентау", 75),
        city("Arys", "Арыс", "Арыс", 80),
        district("Baydibek", "Байдибекский район", "Бәйдібек", 55, "с. Шаян"),
        district("Zhetysay", "Жетысайский район", "Жетісай", 180, "г. Жетысай"),
        district("Kazygurt", "Казыгуртский район", "Қазығұрт", 115, "с. Казыгурт"),
        district(
            "Maktaaral", "Мактааральский район", "Мақтаарал", 140, "п. Мырзакент", "п. Атакент"
        ),
        district("Ordabasy", "Ордабасинский район", "Ордабасы", 120, "с. Темирлан"),
        district("Otrar", "Отырарский район", "Отырар", 60, "с. Шаульдер"),
        district(
            "Saryagash",
            "Сарыагашский район",
            "Сарыағаш",
            210,
            "г. Сарыагаш",
            "п. Жибек жолы",
            "с. Дарбаза",
        ),
        district(
            "Sayram", "Сайрамский район", "Сайрам", 200, "с. Аксукент", "с. Карабулак", "с. Манкент"
        ),
        district(
            "Sozak", "Сузакский район", "Созақ", 65, "с. Шолаккорган", "п. Таукент", "с. Кыземшек"
        ),
        district("Tolebi", "Толебийский район", "Төле би", 130, "г. Ленгер", "с. Каскасу"),
        district("Tulkibas", "Тюлькубасский район", "Түлкібас", 100, "с. Турар Рыскулов"),
        district("Shardara", "Шардаринский район", "Шардара", 80, "г. Шардара"),
        district("Keles", "Келесский район", "Келес", 140, "с. Абай"),
    ),
    "AST": (
        city_district(
            "Almaty",
            "район Алматы",
            "Алматы",
            400,
            "Нур-Султан",
            ("пр. Тауелсиздик", "ул. Жубанова", "ул. Кошкарбаева", "пр. Магжана Жумабаева"),
        ),
        city_district(
            "Baikonur",
            "район Байконур",
            "Байқоңыр",
            230,
            "Нур-Султан",
            ("пр. Абая", "ул. Кенесары", "ул. Московская", "ул. Габдуллина"),
        ),
        city_district(
            "Yesil",
            "район Есиль",
            "Есіл",
            230,
            "Нур-Султан",
            ("пр. Туран", "пр. Кабанбай батыра", "ул. Сыганак", "ул. Орынбор"),
        ),
        city_district(
            "Saryarka",
            "район Сарыарка",
            "Сарыарқа",
            320,
            "Нур-Султан",
            ("пр. Богенбай батыра", "ул. Сейфуллина", "ул. Бейбитшилик", "ул. Петрова"),
        ),
    ),
    "ALA": (
        city_district(
            "Alatau",
            "Алатауский район",
            "Алатау",
            280,
            "Алматы",
            ("мкр. Шанырак-1", "мкр. Шанырак-2", "мкр. Айгерим-1", "мкр. Дархан", "мкр. Улжан-1"),
        ),
        city_district(
            "Almaly",
            "Алмалинский район",
            "Алмалы",
            220,
            "Алматы",
            ("ул. Толе би", "ул. Айтеке би", "ул. Курмангазы", "ул. Байзакова", "ул. Муканова"),
        ),
        city_district(
            "Auezov",
            "Ауэзовский район",
            "Әуезов",
            300,
            "Алматы",
            ("мкр. Аксай-1", "мкр. Аксай-4", "мкр. Жетысу-2", "мкр. Мамыр-4", "ул. Саина"),
        ),
        city_district(
            "Bostandyk",
            "Бостандыкский район",
            "Бостандық",
            360,
            "Алматы",
            (
                "пр. Аль-Фараби",
                "ул. Тимирязева",
                "ул. Розыбакиева",
                "мкр. Орбита-1",
                "мкр. Коктем-2",
            ),
        ),
        city_district(
            "Zhetysu",
            "Жетысуский район",
            "Жетісу",
            160,
            "Алматы",
            ("мкр. Кулагер", "мкр. Айнабулак-3", "ул. Акан серэ", "пр. Рыскулова"),
        ),
        city_district(
            "Medeu",
            "Медеуский район",
            "Медеу",
            220,
            "Алматы",
            ("пр. Достык", "ул. Кабанбай батыра", "мкр. Самал-2", "ул. Зенкова"),
        ),
        city_district(
            "Nauryzbay",
            "Наурызбайский район",
            "Наурызбай",
            140,
            "Алматы",
            ("мкр. Калкаман", "мкр. Шугыла", "мкр. Таусамалы", "мкр. Карагайлы"),
        ),
        city_district(
            "Turksib",
            "Турксибский район",
            "Түрксіб",
            230,
            "Алматы",
            ("ул. Бекмаханова", "ул. Майлина", "ул. Ахметова", "мкр. Жулдыз-1"),
        ),
    ),
    "SHY": (
        city_district(
            "Abay",
            "Абайский район",
            "Абай",
            300,
            "Шымкент",
            ("мкр. Кайтпас", "ул. Толе би", "мкр. Акжайык", "ул. Тамерлановское шоссе"),
        ),
        city_district(
            "Al-Farabi",
            "Аль-Фарабийский район",
            "Әл-Фараби",
            230,
            "Шымкент",
            ("пр. Тауке хана", "ул. Казыбек би", "ул. Байтурсынова"),
        ),
        city_district(
            "Enbekshi",
            "Енбекшинский район",
            "Еңбекші",
            250,
            "Шымкент",
            ("мкр. Нурсат", "ул. Жибек жолы", "ул. Рыскулова"),
        ),
        city_district(
            "Karatau",
            "Каратауский район",
            "Қаратау",
            300,
            "Шымкент",
            ("мкр. Самал", "мкр. Асар", "мкр. Туран", "мкр. Тассай"),
        ),
    ),
}

# Streets found in almost every town of Kazakhstan, and in its villages.
TOWN_STREETS = (
    "ул. Абая",
    "ул. Ауэзова",
    "ул. Абылай хана",
    "ул. Кунаева",
    "ул. Сейфуллина",
    "ул. Толе би",
    "ул. Жамбыла",
    "ул. Байтурсынова",
    "ул. Момышулы",
    "ул. Гагарина",
    "ул. Мира",
    "ул. Достык",
    "ул. Тауелсиздик",
    "ул. Бейбитшилик",
    "ул. Казыбек би",
    "ул. Айтеке би",
    "ул. Пушкина",
    "ул. Желтоксан",
    "ул. Алтынсарина",
    "ул. Сатпаева",
    "ул. Курмангазы",
    "ул. Женис",
)
VILLAGE_STREETS = (
    "ул. Школьная",
    "ул. Центральная",
    "ул. Мира",
    "ул. Абая",
    "ул. Молодежная",
    "ул. Садовая",
    "ул. Степная",
    "ул. Береговая",
    "ул. Алтынсарина",
    "ул. Жамбыла",
    "ул. Достык",
    "ул. Бейбитшилик",
    "ул. Тауелсиздик",
    "ул. Наурыз",
    "ул. Жастар",
)


def ru_genitive(nominative: str) -> str:
    """ "Бурабайский район" -> "Бурабайского района"; "район Биржан сал" -> "района Биржан сал"."""
    words = []
    for word in nominative.split(" "):
        if word == "район":
            word = "района"
        elif word.endswith("ский"):
            word = word[: -len("ий")] + "ого"
        words.append(word)
    return " ".join(words)


def tec_names(tec: TecSource) -> tuple[str, str, str, str]:
    """English, Russian and Kazakh TEC names, and the district column."""
    if tec.kind == "city":
        return (
            f"{tec.en} City TEC",
            f"ТИК города {tec.ru}",
            f"{tec.kk} қалалық АСК",
            f"г. {tec.ru}",
        )
    return (
        f"{tec.en} District TEC",
        f"ТИК {ru_genitive(tec.ru)}",
        f"{tec.kk} аудандық АСК",
        tec.ru,
    )


def allocate(total: int, weights: list[int], minimum: int = 3) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), at least `minimum` each."""
    spare = total - minimum * len(weights)
    exact = [spare * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: spare - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


class Buildings:
    """Synthetic buildings; a school hosts two or three stations, as it often does."""

    def __init__(self, rng: random.Random, stations_per_locality: dict[str, int]) -> None:
        self.rng = rng
        self.schools = {
            locality: min(210, max(1, count // 2))
            for locality, count in stations_per_locality.items()
        }

    def school_number(self, locality: str) -> int:
        return self.rng.randint(1, self.schools[locality])

    def city(self, locality: str) -> str:
        choice = self.rng.random()
        n = self.school_number(locality)
        if choice < 0.45:
            return f"средняя школа № {n}"
        if choice < 0.60:
            return f"школа-гимназия № {n}"
        if choice < 0.70:
            return f"школа-лицей № {n}"
        if choice < 0.78:
            return f"КГУ «Общеобразовательная школа № {n}»"
        return self.rng.choice(
            (
                "колледж",
                "высший колледж",
                "Дворец школьников",
                "спортивный комплекс",
                "центр детского творчества",
                f"городская поликлиника № {self.rng.randint(1, 12)}",
                "Дом культуры",
            )
        )

    def town(self, locality: str, centre: bool) -> str:
        choice = self.rng.random()
        if choice < 0.70:
            return f"средняя школа № {self.school_number(locality)}"
        options = ["колледж", "Дом культуры", "спортивный комплекс"]
        if centre:
            options += ["районный Дом культуры", "центральная районная больница"]
        return self.rng.choice(options)

    def village(self) -> str:
        return self.rng.choice(
            (
                "средняя школа",
                "средняя школа",
                "средняя школа",
                "основная средняя школа",
                "начальная школа",
                "сельский клуб",
                "сельский клуб",
                "Дом культуры",
                "здание аппарата акима сельского округа",
                "сельская библиотека",
            )
        )


def house(rng: random.Random, largest: int) -> str:
    number = str(rng.randint(1, largest))
    extra = rng.random()
    if extra < 0.07:
        return number + rng.choice("АБВ")
    if extra < 0.10:
        return f"{number}/{rng.randint(1, 4)}"
    return number


def address(
    rng: random.Random,
    buildings: Buildings,
    tec: TecSource,
    district_column: str,
    locality_index: int,
) -> str:
    locality = tec.localities[locality_index]
    centre = locality_index == 0
    rural = not locality.startswith("г. ")
    if tec.kind in ("city", "city_district") and centre:
        if tec.only_these_streets:
            street = rng.choice(tec.streets)
        else:
            street = rng.choice(tec.streets + TOWN_STREETS)
        number = house(rng, 40 if street.endswith("мкр.") else 220)
        return f"{locality}, {street}, {number}, {buildings.city(locality)}"
    if tec.kind == "city":  # a settlement under a city's administration
        prefix = f"{tec.localities[0]}, {locality}"
    else:
        prefix = f"{district_column}, {locality}"
    if rural:
        building = buildings.village()
        if locality.startswith("п. ") and rng.random() < 0.5:
            building = f"средняя школа № {buildings.school_number(locality)}"
        return f"{prefix}, {rng.choice(VILLAGE_STREETS)}, {house(rng, 60)}, {building}"
    street = rng.choice(TOWN_STREETS + VILLAGE_STREETS[:4])
    return f"{prefix}, {street}, {house(rng, 120)}, {buildings.town(locality, centre)}"


def accessible(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.60:
        return "yes"
    if draw < 0.90:
        return "no"
    return ""


def locality_counts(rng: random.Random, tec: TecSource, count: int) -> list[int]:
    """Stations per locality: the centre holds most, every other locality at least one."""
    others = min(len(tec.localities), count) - 1
    weights = [max(3, 2 * others)] + [rng.randint(1, 3) for _ in range(others)]
    return allocate(count, weights, minimum=1)


def region_codes() -> list[str]:
    with (HERE / "regions.csv").open(encoding="utf-8", newline="") as file:
        return [row["code"] for row in csv.DictReader(file)]


def rows() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    out: list[dict[str, str]] = []
    codes = region_codes()
    if sorted(codes) != sorted(TECS) or sorted(codes) != sorted(STATION_COUNTS):
        raise SystemExit("regions.csv and this script disagree on the region codes")
    for region in codes:
        tecs = TECS[region]
        counts = allocate(STATION_COUNTS[region], [t.weight for t in tecs], minimum=5)
        plan: list[tuple[int, TecSource, int]] = []  # (TEC index, TEC, locality index)
        for index, (tec, count) in enumerate(zip(tecs, counts, strict=True), start=1):
            for locality_index, n in enumerate(locality_counts(rng, tec, count)):
                plan += [(index, tec, locality_index)] * n
        per_locality: dict[str, int] = {}
        for _, tec, locality_index in plan:
            locality = tec.localities[locality_index]
            per_locality[locality] = per_locality.get(locality, 0) + 1
        buildings = Buildings(rng, per_locality)
        for number, (index, tec, locality_index) in enumerate(plan, start=1):
            name_en, name_ru, name_kk, district_column = tec_names(tec)
            out.append(
                {
                    "region": region,
                    "tec_code": f"{region}-{index:02d}",
                    "tec_name_en": name_en,
                    "tec_name_ru": name_ru,
                    "tec_name_kk": name_kk,
                    "district": district_column,
                    "number": str(number),
                    "address": address(rng, buildings, tec, district_column, locality_index),
                    "accessible": accessible(rng),
                }
            )
    return out


def main() -> None:
    table = rows()
    target = HERE / "stations.csv"
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    tecs = len({row["tec_code"] for row in table})
    print(f"wrote {target.name}: {len(table)} stations in {tecs} TECs")


if __name__ == "__main__":
    main()

"""The leaflet about the offer itself (R46): what a refugee guide, a network family and a
language café are, that they are free and voluntary, what volunteers do not do, and how to ask
for one. Brobygger ships it in Arabic, Farsi/Dari, Tigrinya, Ukrainian and Somali, translated by
us (not by a fluent speaker) from the English text (`ENGLISH`). It names no law, authority or
programme of one country, so the same text serves Norwegian and Danish municipalities.

A translation is a draft: it is printed for the public only in a municipality whose coordinator
has had it checked and approved it (`OfferLeafletApproval`, for exactly this text: a changed
text needs a new approval). The activities under it stay in the municipality's language, as the
organisations wrote them, and the leaflet says so.

`ENGLISH` is the text the translations are made from, shown beside each on the approval page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from referrals.choices import RIGHT_TO_LEFT, SheetLanguage


@dataclass(frozen=True)
class Leaflet:
    language: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def digest(self) -> str:
        """What an approval is for: this exact text."""
        text = "\n".join((self.language, self.title, *self.paragraphs))
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"

    @property
    def language_label(self) -> str:
        return SheetLanguage(self.language).label


ENGLISH = Leaflet(
    "en",
    "Volunteer offers for people who are new here",
    (
        "Voluntary organisations here have offers for people who are new in the municipality. "
        "The offers are free, and you decide yourself whether you want to take part.",
        "A refugee guide is a volunteer who meets you regularly for some months: to talk, "
        "practise the language or get to know the area. A network family is a local family who "
        "spends time with you or your family, for example over a meal or on a trip.",
        "At a language café you practise the language with others. There are also sports, "
        "outdoor activities, activities for children and homework help.",
        "Volunteers are not professionals. They do not help with health, money, housing or your "
        "case with the municipality.",
        "If you would like a contact, tell your caseworker, or contact the organisation "
        "yourself. The list that follows shows the activities as the organisations wrote them, "
        "in the municipality's language.",
    ),
)

LEAFLETS: dict[str, Leaflet] = {
    leaflet.language: leaflet
    for leaflet in (
        Leaflet(
            "ar",
            "عروض تطوعية للقادمين الجدد",
            (
                "لدى المنظمات التطوعية هنا عروض للأشخاص الجدد في البلدية. العروض مجانية، وأنت من "
                "يقرر إن كنت تريد المشاركة.",
                "مرشد اللاجئين متطوع يلتقي بك بانتظام لبضعة أشهر: للحديث أو لممارسة اللغة أو "
                "للتعرف على المنطقة. عائلة التواصل عائلة من المنطقة تقضي وقتًا معك أو مع عائلتك، "
                "مثلًا على وجبة طعام أو في رحلة.",
                "في مقهى اللغة تمارس اللغة مع آخرين. وهناك أيضًا رياضة وأنشطة في الطبيعة وأنشطة "
                "للأطفال ومساعدة في الواجبات المدرسية.",
                "المتطوعون ليسوا مختصين. لا يساعدون في أمور الصحة أو المال أو السكن أو ملفك لدى "
                "البلدية.",
                "إذا كنت ترغب في التواصل، أخبر الموظف المسؤول عن ملفك، أو تواصل مع المنظمة بنفسك. "
                "القائمة التالية تعرض الأنشطة كما كتبتها المنظمات، بلغة البلدية.",
            ),
        ),
        Leaflet(
            "fa",
            "پیشنهادهای داوطلبانه برای تازه‌واردان",
            (
                "سازمان‌های داوطلبانه در اینجا برای کسانی که تازه به این کمون آمده‌اند "
                "پیشنهادهایی دارند. این پیشنهادها رایگان هستند و خودتان تصمیم می‌گیرید که شرکت "
                "کنید یا نه.",
                "راهنمای پناهندگان داوطلبی است که چند ماه به طور منظم با شما دیدار می‌کند: برای "
                "گفت‌وگو، تمرین زبان یا آشنایی با محل. خانواده‌ی همراه خانواده‌ای از همین محل است "
                "که با شما یا خانواده‌تان وقت می‌گذراند، برای مثال سر یک وعده‌ی غذا یا در یک "
                "گردش.",
                "در کافه‌ی زبان با دیگران زبان تمرین می‌کنید. ورزش، فعالیت در طبیعت، فعالیت برای "
                "کودکان و کمک در تکالیف مدرسه هم وجود دارد.",
                "داوطلبان متخصص نیستند. آن‌ها در مسائل سلامت، پول، مسکن یا پرونده‌ی شما نزد کمون "
                "کمک نمی‌کنند.",
                "اگر مایل به ارتباط هستید، به مسئول پرونده‌ی خود بگویید یا خودتان با سازمان تماس "
                "بگیرید. فهرست زیر فعالیت‌ها را همان‌طور که سازمان‌ها نوشته‌اند، به زبان کمون نشان "
                "می‌دهد.",
            ),
        ),
        Leaflet(
            "ti",
            "ንሓደስቲ መጻእቲ ዝኸውን ወለንታዊ ኣገልግሎታት",
            (
                "ኣብዚ ዘለዋ ወለንታዊ ውድባት ነቶም ሓደስቲ ኣብዚ ኮሙነ ዝመጹ ሰባት ኣገልግሎታት ኣለወን። "
                "እቶም ኣገልግሎታት ብነጻ እዮም፡ ክትሳተፍ እንተደሊኻ ባዕልኻ ኢኻ እትውስን።",
                "መራሒ ስደተኛታት ንውሑዳት ኣዋርሕ ብስሩዕ ዝራኸበካ ወለንተኛ እዩ፦ ንምዝርራብ፡ ቋንቋ "
                "ንምልምማድ ወይ ነቲ ከባቢ ንምፍላጥ። ደጋፊት ስድራቤት ምሳኻ ወይ ምስ ስድራቤትካ ግዜ "
                "እተሕልፍ ናይቲ ከባቢ ስድራቤት እያ፡ ንኣብነት ኣብ መግቢ ወይ ኣብ ዙረት።",
                "ኣብ ካፌ ቋንቋ ምስ ካልኦት ቋንቋ ትለማመድ። ስፖርት፡ ንጥፈታት ኣብ ተፈጥሮ፡ ንጥፈታት ንቘልዑን ሓገዝ ዕዮ ገዛን እውን ኣሎ።",
                "ወለንተኛታት ክኢላታት ኣይኮኑን። ኣብ ጉዳይ ጥዕና፡ ገንዘብ፡ መንበሪ ገዛ ወይ ኣብ ኮሙነ ዘሎ ጉዳይካ ኣይሕግዙን።",
                "ርክብ እንተደሊኻ፡ ንሰራሕተኛ ጉዳይካ ንገሮ፡ ወይ ባዕልኻ ምስቲ ውድብ ተራኸብ። እቲ ዝስዕብ "
                "ዝርዝር ነቶም ንጥፈታት ከምቲ ውድባት ዝጸሓፍዎ፡ ብቋንቋ ናይቲ ኮሙነ የርኢ።",
            ),
        ),
        Leaflet(
            "uk",
            "Волонтерські пропозиції для тих, хто нещодавно приїхав",
            (
                "Волонтерські організації тут мають пропозиції для людей, які нещодавно "
                "оселилися в комуні. Пропозиції безкоштовні, і ви самі вирішуєте, чи хочете "
                "брати участь.",
                "Гід для біженців — це волонтер, який регулярно зустрічається з вами протягом "
                "кількох місяців: щоб поговорити, попрактикувати мову чи познайомитися з "
                "місцевістю. Сім'я підтримки — це місцева родина, яка проводить час із вами чи "
                "вашою родиною, наприклад за обідом або на прогулянці.",
                "У мовному кафе ви практикуєте мову разом з іншими. Також є спорт, активності на "
                "природі, заняття для дітей і допомога з домашніми завданнями.",
                "Волонтери не є фахівцями. Вони не допомагають із питаннями здоров'я, грошей, "
                "житла чи вашої справи в комуні.",
                "Якщо ви хочете контакту, скажіть про це працівникові, який веде вашу справу, або "
                "зверніться до організації самі. У списку нижче заходи описані так, як їх "
                "написали організації, мовою комуни.",
            ),
        ),
        Leaflet(
            "so",
            "Adeegyo tabarruc ah oo loogu talagalay dadka cusub",
            (
                "Hay'adaha tabarruca ah ee halkan waxay adeegyo u hayaan dadka cusub ee degmada. "
                "Adeegyadu waa bilaash, adiguna ayaa go'aansanaya inaad ka qayb qaadato iyo in "
                "kale.",
                "Hagaha qaxootigu waa mutadawac si joogto ah kuula kulma dhowr bilood: si aad u "
                "sheekaysataan, luqadda ugu tababarto ama aad u barato aagga. Qoyska taageeraha "
                "ahi waa qoys deegaanka ah oo waqti la qaata adiga ama qoyskaaga, tusaale ahaan "
                "cunto ama safar.",
                "Makhaayadda luqadda waxaad luqadda kula tababartaa dad kale. Waxaa kale oo jira "
                "isboorti, hawlo dibadda ah, hawlo carruurta iyo caawimaad casharrada guriga.",
                "Mutadawacyadu ma aha xirfadlayaal. Kama caawiyaan caafimaadka, lacagta, guriga "
                "ama kiiskaaga degmada.",
                "Haddii aad rabto xiriir, u sheeg shaqaalaha kiiskaaga, ama adigu la xiriir "
                "hay'adda. Liiska soo socda wuxuu muujinayaa hawlaha sida hay'aduhu u qoreen, "
                "luqadda degmada.",
            ),
        ),
    )
}

"""A person's access request (GDPR art. 15, issue #20) as a document the person can read: the
caseworker's export of everything held about them, set in the person's language where the
municipality has an approved information sheet in it, else in the municipality's language.

The export itself (`services.person_export`) is one dict of codes, dates and values; this module
only turns it into labelled rows for `templates/pdf/person_export.html`. Headings and labels in
the portal's languages (nb, nn, da, en) come from the message catalogue (`LABELS`). In Arabic,
Farsi/Dari, Tigrinya, Ukrainian and Somali they come from `TRANSLATIONS`: our own translations of
the English labels, not checked by a fluent speaker, and the document says so (`draft_note`).
The answers themselves (household type, interests, a referral's status, why someone opened the
page…) are the portal's vocabularies, so in those languages they are given in the municipality's
language, as the information sheet's printed form gives its labels.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from organizations.choices import Language
from referrals.choices import (
    RIGHT_TO_LEFT,
    ChildAgeBand,
    DeclineCategory,
    Household,
    Interest,
    Offer,
    OfferAnswer,
    SharedField,
    SheetLanguage,
    SignedHow,
)
from referrals.models import AccessLogEntry, Person, Referral

# The English labels, through the catalogue for nb, nn, da and en. Each section's keys are the
# keys of its part of `services.person_export`'s dict.
LABELS: dict[str, dict[str, Any]] = {
    "text": {
        "title": _("Everything held about you"),
        "intro": _(
            "This is everything %(municipality)s holds about you in Brobygger, and who has seen "
            "it. You have the right to see it (GDPR article 15)."
        ),
        "made_on": _("Made on %(date)s."),
        "person": _("About you"),
        "consents": _("Your consents"),
        "referrals": _("Referrals to organisations"),
        "history": _("History"),
        "offers": _("Offers presented to you"),
        "access_log": _("Who has seen your data"),
        "organizations": _("Organisations that have seen your data"),
        "none": _("None."),
        "yes": _("Yes"),
        "no": _("No"),
    },
    "person": {
        **{name: Person._meta.get_field(name).verbose_name for name in Person.PERSONAL_FIELDS},
        "id": _("Number"),
        "municipality": _("Municipality"),
        "registered": _("Registered"),
        "erased": _("Personal data erased"),
    },
    "consent": {
        "id": _("Number"),
        "informed_on": _("Informed on"),
        "information_language": _("Language of the information"),
        "information_sheet_version": _("Version of the information sheet"),
        "interpreter_present": _("An interpreter was present"),
        "shared_fields": _("May be shared"),
        "organizations": _("With these organisations"),
        "organisations_the_municipality_chooses": _("With organisations the municipality chooses"),
        "offer": _("For this offer"),
        "offer_note": _("The offer in the person's words"),
        "signed_how": _("How it was given"),
        "valid_from": _("Valid from"),
        "valid_until": _("Valid until"),
        "withdrawn_on": _("Withdrawn on"),
    },
    "referral": {
        "id": _("Number"),
        "organization": _("Organisation"),
        "activity": _("Activity"),
        "offer": _("Offer"),
        "note": _("Note to the organisation"),
        "status": _("Status"),
        "decline_category": _("Reason for declining"),
        "decline_note": _("The organisation's note when declining"),
        "submitted": _("Submitted"),
    },
    "offer": {
        "presented_on": _("Presented on"),
        "offer": _("Offer"),
        "answer": _("Answer"),
        "offer_again_on": _("Offer again on"),
    },
    "log": {
        "at": _("When"),
        "who": _("Who"),
        "role": _("Role"),
        "where": _("Where"),
        "why": _("Why"),
    },
    "role": {
        "coordinator": _("coordinator"),
        "caseworker": _("caseworker"),
        "organization": _("contact person of the organisation"),
    },
}

# Our own translations of the English labels (drafts: not checked by a fluent speaker). The keys
# are exactly LABELS' keys, plus `draft_note` (tests/referrals/test_access_request_pdf.py).
_PERSON_KEYS = (*Person.PERSONAL_FIELDS, "id", "municipality", "registered", "erased")
TRANSLATIONS: dict[str, dict[str, dict[str, str]]] = {
    "ar": {
        "text": {
            "title": "كل البيانات المحفوظة عنك",
            "intro": "هذه كل البيانات التي تحتفظ بها %(municipality)s عنك في Brobygger، ومن "
            "اطّلع عليها. لك الحق في الاطلاع عليها (المادة 15 من اللائحة العامة لحماية البيانات).",
            "draft_note": "العناوين والتسميات في هذه الوثيقة ترجمة أعدّها Brobygger ولم يراجعها "
            "متحدث يتقن اللغة. الإجابات مكتوبة بلغة البلدية كما سُجّلت.",
            "made_on": "أُعدّت في %(date)s.",
            "person": "بياناتك",
            "consents": "موافقاتك",
            "referrals": "الإحالات إلى المنظمات",
            "history": "مراحل الإحالة",
            "offers": "العروض التي قُدّمت لك",
            "access_log": "من اطّلع على بياناتك",
            "organizations": "المنظمات التي اطّلعت على بياناتك",
            "none": "لا شيء.",
            "yes": "نعم",
            "no": "لا",
        },
        "person": dict(
            zip(
                _PERSON_KEYS,
                (
                    "الاسم الأول",
                    "اسم العائلة",
                    "الهاتف",
                    "البريد الإلكتروني",
                    "الرمز البريدي",
                    "المنطقة البريدية",
                    "العنوان",
                    "اللغات المفضلة",
                    "الاهتمامات",
                    "اهتمامات أخرى",
                    "نوع الأسرة",
                    "يرغب في عرض للأسرة كلها",
                    "أعمار الأطفال",
                    "الرقم",
                    "البلدية",
                    "تاريخ التسجيل",
                    "تاريخ محو البيانات الشخصية",
                ),
                strict=True,
            )
        ),
        "consent": {
            "id": "الرقم",
            "informed_on": "تاريخ إعلامك",
            "information_language": "لغة المعلومات",
            "information_sheet_version": "إصدار ورقة المعلومات",
            "interpreter_present": "حضر مترجم",
            "shared_fields": "ما يجوز مشاركته",
            "organizations": "مع هذه المنظمات",
            "organisations_the_municipality_chooses": "مع منظمات تختارها البلدية",
            "offer": "لهذا العرض",
            "offer_note": "العرض بكلماتك",
            "signed_how": "طريقة إعطاء الموافقة",
            "valid_from": "سارية من",
            "valid_until": "سارية حتى",
            "withdrawn_on": "تاريخ السحب",
        },
        "referral": {
            "id": "الرقم",
            "organization": "المنظمة",
            "activity": "النشاط",
            "offer": "العرض",
            "note": "ملاحظة إلى المنظمة",
            "status": "الحالة",
            "decline_category": "سبب الرفض",
            "decline_note": "ملاحظة المنظمة عند الرفض",
            "submitted": "تاريخ الإرسال",
        },
        "offer": {
            "presented_on": "تاريخ تقديم العرض",
            "offer": "العرض",
            "answer": "الإجابة",
            "offer_again_on": "يُقدَّم مجددًا في",
        },
        "log": {"at": "متى", "who": "من", "role": "بصفة", "where": "أين", "why": "لماذا"},
        "role": {
            "coordinator": "منسق",
            "caseworker": "الموظف المسؤول عن ملفك",
            "organization": "مسؤول التواصل في المنظمة",
        },
    },
    "fa": {
        "text": {
            "title": "همه‌ی اطلاعاتی که درباره‌ی شما نگهداری می‌شود",
            "intro": "این همه‌ی اطلاعاتی است که %(municipality)s در Brobygger درباره‌ی شما "
            "نگهداری می‌کند، و اینکه چه کسانی آن را دیده‌اند. شما حق دارید آن را ببینید (ماده‌ی 15 "
            "مقررات عمومی حفاظت از داده‌ها).",
            "draft_note": "عنوان‌ها و برچسب‌های این سند ترجمه‌ی خود Brobygger است و هنوز یک "
            "گویشور مسلط آن را بررسی نکرده است. پاسخ‌ها به زبان کمون و همان‌طور که ثبت شده‌اند "
            "آمده‌اند.",
            "made_on": "تهیه‌شده در %(date)s.",
            "person": "اطلاعات شما",
            "consents": "رضایت‌نامه‌های شما",
            "referrals": "ارجاع‌ها به سازمان‌ها",
            "history": "سابقه",
            "offers": "پیشنهادهایی که به شما ارائه شد",
            "access_log": "چه کسانی اطلاعات شما را دیده‌اند",
            "organizations": "سازمان‌هایی که اطلاعات شما را دیده‌اند",
            "none": "هیچ.",
            "yes": "بله",
            "no": "خیر",
        },
        "person": dict(
            zip(
                _PERSON_KEYS,
                (
                    "نام",
                    "نام خانوادگی",
                    "تلفن",
                    "ایمیل",
                    "کد پستی",
                    "منطقه‌ی پستی",
                    "نشانی",
                    "زبان‌های ترجیحی",
                    "علاقه‌مندی‌ها",
                    "علاقه‌مندی‌های دیگر",
                    "نوع خانوار",
                    "پیشنهادی برای کل خانواده می‌خواهد",
                    "سن فرزندان",
                    "شماره",
                    "کمون",
                    "تاریخ ثبت",
                    "تاریخ پاک شدن اطلاعات شخصی",
                ),
                strict=True,
            )
        ),
        "consent": {
            "id": "شماره",
            "informed_on": "تاریخ اطلاع‌رسانی",
            "information_language": "زبان اطلاعات",
            "information_sheet_version": "نسخه‌ی برگه‌ی اطلاعات",
            "interpreter_present": "مترجم حضور داشت",
            "shared_fields": "آنچه می‌تواند به اشتراک گذاشته شود",
            "organizations": "با این سازمان‌ها",
            "organisations_the_municipality_chooses": "با سازمان‌هایی که کمون انتخاب می‌کند",
            "offer": "برای این پیشنهاد",
            "offer_note": "پیشنهاد به زبان خودتان",
            "signed_how": "نحوه‌ی دادن رضایت",
            "valid_from": "معتبر از",
            "valid_until": "معتبر تا",
            "withdrawn_on": "تاریخ پس گرفتن",
        },
        "referral": {
            "id": "شماره",
            "organization": "سازمان",
            "activity": "فعالیت",
            "offer": "پیشنهاد",
            "note": "یادداشت برای سازمان",
            "status": "وضعیت",
            "decline_category": "دلیل رد",
            "decline_note": "یادداشت سازمان هنگام رد",
            "submitted": "تاریخ ارسال",
        },
        "offer": {
            "presented_on": "تاریخ ارائه",
            "offer": "پیشنهاد",
            "answer": "پاسخ",
            "offer_again_on": "ارائه‌ی دوباره در",
        },
        "log": {"at": "چه زمانی", "who": "چه کسی", "role": "در نقش", "where": "کجا", "why": "چرا"},
        "role": {
            "coordinator": "هماهنگ‌کننده",
            "caseworker": "مسئول پرونده",
            "organization": "مسئول ارتباط سازمان",
        },
    },
    "ti": {
        "text": {
            "title": "ብዛዕባኻ ዝተታሕዘ ኩሉ ሓበሬታ",
            "intro": "እዚ %(municipality)s ኣብ Brobygger ብዛዕባኻ ዝሓዞ ኩሉ ሓበሬታን መን ከም ዝረኣዮን "
            "እዩ። ክትርእዮ መሰል ኣሎካ (ዓንቀጽ 15 ናይ GDPR)።",
            "draft_note": "ኣርእስትታትን መግለጽታትን ናይዚ ሰነድ ናይ Brobygger ትርጉም እዩ፡ ብቋንቋኡ "
            "ብቕዓት ዘለዎ ሰብ ገና ኣይመርመሮን። እቶም መልስታት ከምቲ ዝተመዝገቡ ብቋንቋ ናይቲ ኮሙነ እዮም።",
            "made_on": "ዝተዳለወሉ ዕለት %(date)s።",
            "person": "ብዛዕባኻ",
            "consents": "ፍቓድካ",
            "referrals": "ናብ ውድባት ዝተላእኩ",
            "history": "ታሪኽ",
            "offers": "ዝቐረቡልካ ኣገልግሎታት",
            "access_log": "ሓበሬታኻ መን ረኣዮ",
            "organizations": "ሓበሬታኻ ዝረኣያ ውድባት",
            "none": "የለን።",
            "yes": "እወ",
            "no": "ኣይፋል",
        },
        "person": dict(
            zip(
                _PERSON_KEYS,
                (
                    "ሽም",
                    "ሽም ስድራ",
                    "ተሌፎን",
                    "ኢመይል",
                    "ፖስታዊ ቁጽሪ",
                    "ፖስታዊ ከባቢ",
                    "ኣድራሻ",
                    "ዝመረጽካዮም ቋንቋታት",
                    "ተገዳስነታት",
                    "ካልእ ተገዳስነታት",
                    "ዓይነት ስድራቤት",
                    "ንኹላ ስድራ ዝኸውን ኣገልግሎት ይደሊ",
                    "ዕድመ ቆልዑ",
                    "ቁጽሪ",
                    "ኮሙነ",
                    "ዝተመዝገበሉ",
                    "ውልቃዊ ሓበሬታ ዝተደምሰሰሉ",
                ),
                strict=True,
            )
        ),
        "consent": {
            "id": "ቁጽሪ",
            "informed_on": "ሓበሬታ ዝተዋህበሉ ዕለት",
            "information_language": "ቋንቋ ሓበሬታ",
            "information_sheet_version": "ስሪት ወረቐት ሓበሬታ",
            "interpreter_present": "ተርጓሚ ነይሩ",
            "shared_fields": "ክካፈል ዝኽእል",
            "organizations": "ምስዘን ውድባት",
            "organisations_the_municipality_chooses": "ምስ እተን ኮሙነ ዝመረጸን ውድባት",
            "offer": "ነዚ ኣገልግሎት",
            "offer_note": "እቲ ኣገልግሎት ብቃላትካ",
            "signed_how": "ብኸመይ ተዋሂቡ",
            "valid_from": "ካብ",
            "valid_until": "ክሳብ",
            "withdrawn_on": "ዝተሰሓበሉ",
        },
        "referral": {
            "id": "ቁጽሪ",
            "organization": "ውድብ",
            "activity": "ንጥፈት",
            "offer": "ኣገልግሎት",
            "note": "ናብቲ ውድብ ዝተጻሕፈ መዘኻኸሪ",
            "status": "ኩነታት",
            "decline_category": "ምኽንያት ምንጻግ",
            "decline_note": "ናይቲ ውድብ መዘኻኸሪ ኣብ ምንጻግ",
            "submitted": "ዝተላእከሉ",
        },
        "offer": {
            "presented_on": "ዝቐረበሉ ዕለት",
            "offer": "ኣገልግሎት",
            "answer": "መልሲ",
            "offer_again_on": "ደጊሙ ዝቐርበሉ",
        },
        "log": {"at": "መዓስ", "who": "መን", "role": "ከም", "where": "ኣበይ", "why": "ስለምንታይ"},
        "role": {
            "coordinator": "ኣወሃሃዲ",
            "caseworker": "ሰራሕተኛ ጉዳይ",
            "organization": "ናይ ርክብ ሰብ ናይቲ ውድብ",
        },
    },
    "uk": {
        "text": {
            "title": "Усе, що зберігається про вас",
            "intro": "Це все, що %(municipality)s зберігає про вас у Brobygger, і хто це бачив. "
            "Ви маєте право це отримати (стаття 15 GDPR).",
            "draft_note": "Заголовки й підписи в цьому документі — власний переклад Brobygger, "
            "його ще не перевірив носій мови. Відповіді наведено мовою комуни, так, як їх "
            "записали.",
            "made_on": "Складено %(date)s.",
            "person": "Про вас",
            "consents": "Ваші згоди",
            "referrals": "Направлення до організацій",
            "history": "Історія",
            "offers": "Пропозиції, які вам зробили",
            "access_log": "Хто бачив ваші дані",
            "organizations": "Організації, які бачили ваші дані",
            "none": "Немає.",
            "yes": "Так",
            "no": "Ні",
        },
        "person": dict(
            zip(
                _PERSON_KEYS,
                (
                    "Ім'я",
                    "Прізвище",
                    "Телефон",
                    "Електронна пошта",
                    "Поштовий індекс",
                    "Поштовий район",
                    "Адреса",
                    "Бажані мови",
                    "Інтереси",
                    "Інші інтереси",
                    "Склад домогосподарства",
                    "Хоче пропозицію для всієї родини",
                    "Вік дітей",
                    "Номер",
                    "Комуна",
                    "Зареєстровано",
                    "Персональні дані стерто",
                ),
                strict=True,
            )
        ),
        "consent": {
            "id": "Номер",
            "informed_on": "Дата інформування",
            "information_language": "Мова інформації",
            "information_sheet_version": "Версія інформаційного листка",
            "interpreter_present": "Був присутній перекладач",
            "shared_fields": "Що можна передавати",
            "organizations": "Цим організаціям",
            "organisations_the_municipality_chooses": "Організаціям, які обирає комуна",
            "offer": "Для цієї пропозиції",
            "offer_note": "Пропозиція вашими словами",
            "signed_how": "Як надано згоду",
            "valid_from": "Дійсна з",
            "valid_until": "Дійсна до",
            "withdrawn_on": "Відкликано",
        },
        "referral": {
            "id": "Номер",
            "organization": "Організація",
            "activity": "Захід",
            "offer": "Пропозиція",
            "note": "Примітка для організації",
            "status": "Статус",
            "decline_category": "Причина відмови",
            "decline_note": "Примітка організації при відмові",
            "submitted": "Надіслано",
        },
        "offer": {
            "presented_on": "Дата пропозиції",
            "offer": "Пропозиція",
            "answer": "Відповідь",
            "offer_again_on": "Запропонувати знову",
        },
        "log": {"at": "Коли", "who": "Хто", "role": "У ролі", "where": "Де", "why": "Чому"},
        "role": {
            "coordinator": "координатор",
            "caseworker": "працівник, який веде справу",
            "organization": "контактна особа організації",
        },
    },
    "so": {
        "text": {
            "title": "Wax kasta oo lagaa hayo",
            "intro": "Kani waa wax kasta oo %(municipality)s kaa hayso Brobygger, iyo cidda "
            "aragtay. Waxaad xaq u leedahay inaad aragto (qodobka 15 ee GDPR).",
            "draft_note": "Cinwaannada iyo magacyada dukumeentigan waa turjumaadda Brobygger; qof "
            "luqadda si fiican u yaqaan weli ma hubin. Jawaabaha waxay ku qoran yihiin luqadda "
            "degmada, sidii loo diiwaangeliyey.",
            "made_on": "La sameeyey %(date)s.",
            "person": "Adiga",
            "consents": "Ogolaanshahaaga",
            "referrals": "U gudbinta hay'adaha",
            "history": "Taariikhda",
            "offers": "Adeegyada laguu soo bandhigay",
            "access_log": "Cidda aragtay xogtaada",
            "organizations": "Hay'adaha aragtay xogtaada",
            "none": "Midna.",
            "yes": "Haa",
            "no": "Maya",
        },
        "person": dict(
            zip(
                _PERSON_KEYS,
                (
                    "Magaca koowaad",
                    "Magaca qoyska",
                    "Taleefan",
                    "Iimayl",
                    "Koodhka boostada",
                    "Aagga boostada",
                    "Cinwaanka",
                    "Luqadaha la door bidayo",
                    "Xiisaha",
                    "Xiiso kale",
                    "Nooca qoyska",
                    "Wuxuu rabaa adeeg qoyska oo dhan ah",
                    "Da'da carruurta",
                    "Lambar",
                    "Degmada",
                    "La diiwaangeliyey",
                    "Xogta shakhsiga ah waa la tirtiray",
                ),
                strict=True,
            )
        ),
        "consent": {
            "id": "Lambar",
            "informed_on": "Taariikhda lagu wargeliyey",
            "information_language": "Luqadda macluumaadka",
            "information_sheet_version": "Nooca warqadda macluumaadka",
            "interpreter_present": "Turjumaan ayaa joogay",
            "shared_fields": "Waxa la wadaagi karo",
            "organizations": "Hay'adahan",
            "organisations_the_municipality_chooses": "Hay'adaha degmadu doorato",
            "offer": "Adeeggan",
            "offer_note": "Adeegga oo ereyadaada ku qoran",
            "signed_how": "Sida loo bixiyey",
            "valid_from": "Ansax laga bilaabo",
            "valid_until": "Ansax ilaa",
            "withdrawn_on": "La laabtay",
        },
        "referral": {
            "id": "Lambar",
            "organization": "Hay'adda",
            "activity": "Hawsha",
            "offer": "Adeegga",
            "note": "Qoraal loogu talagalay hay'adda",
            "status": "Xaaladda",
            "decline_category": "Sababta diidmada",
            "decline_note": "Qoraalka hay'adda markay diiday",
            "submitted": "La diray",
        },
        "offer": {
            "presented_on": "Taariikhda la soo bandhigay",
            "offer": "Adeegga",
            "answer": "Jawaabta",
            "offer_again_on": "Mar kale la soo bandhigo",
        },
        "log": {"at": "Goorma", "who": "Yaa", "role": "Ahaan", "where": "Halkee", "why": "Maxay"},
        "role": {
            "coordinator": "isuduwaha",
            "caseworker": "shaqaalaha kiiskaaga",
            "organization": "qofka xiriirka ee hay'adda",
        },
    },
}

# Which values are codes of a vocabulary, shown by their label (in the value language).
_CHOICES = {
    ("person", "languages"): Language,
    ("person", "interests"): Interest,
    ("person", "household"): Household,
    ("person", "children_age_bands"): ChildAgeBand,
    ("consent", "information_language"): SheetLanguage,
    ("consent", "shared_fields"): SharedField,
    ("consent", "offer"): Offer,
    ("consent", "signed_how"): SignedHow,
    ("referral", "offer"): Offer,
    ("referral", "status"): Referral.Status,
    ("referral", "decline_category"): DeclineCategory,
    ("offer", "offer"): Offer,
    ("offer", "answer"): OfferAnswer,
    ("log", "why"): AccessLogEntry.Reason,
}


def labels_in(language: str) -> dict[str, dict[str, str]]:
    """Every heading and label of the document in `language`: ours for the refugees'
    languages, the catalogue's for the portal's."""
    if language in TRANSLATIONS:
        return TRANSLATIONS[language]
    with translation.override(language):
        return {
            section: {key: str(text) for key, text in texts.items()}
            for section, texts in LABELS.items()
        }


def _when(value: str) -> str:
    """An ISO date stays as it is (it reads the same in every language); a moment becomes the
    local date and minute."""
    if "T" not in value:
        return value
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class _Readable:
    def __init__(self, labels: dict, value_language: str):
        self.labels = labels
        self.value_language = value_language

    def value(self, section: str, key: str, value) -> str:
        text = self.labels["text"]
        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, bool):
            return text["yes"] if value else text["no"]
        choices = _CHOICES.get((section, key))
        if choices is not None:
            names = dict(choices.choices)
            with translation.override(self.value_language):
                shown = [str(names.get(code, code)) for code in _as_list(value)]
            return ", ".join(shown)
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
            return _when(value)
        return str(value)

    def rows(self, section: str, row: dict, skip=()) -> list[tuple[str, str]]:
        return [
            (self.labels[section][key], self.value(section, key, value))
            for key, value in row.items()
            if key not in skip
        ]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def document(data: dict, *, language: str, municipality_language: str) -> dict[str, Any]:
    """The template context of the person's export in `language` (`data` is what
    `services.person_export` returned)."""
    labels = labels_in(language)
    value_language = language if language not in TRANSLATIONS else municipality_language
    readable = _Readable(labels, value_language)
    text = labels["text"]
    municipality = data["person"]["municipality"]
    return {
        "language": language,
        "direction": "rtl" if language in RIGHT_TO_LEFT else "ltr",
        "value_language": value_language,
        # The answers are in a portal language, all written left to right.
        "value_direction": "rtl" if value_language in RIGHT_TO_LEFT else "ltr",
        "text": {
            **text,
            "intro": text["intro"] % {"municipality": municipality},
            "made_on": text["made_on"] % {"date": timezone.localdate().isoformat()},
        },
        "labels": labels,
        "municipality": municipality,
        "person_rows": readable.rows("person", data["person"]),
        "consents": [readable.rows("consent", consent) for consent in data["consents"]],
        "referrals": [
            {
                "rows": readable.rows("referral", referral, skip=("history",)),
                "history": [
                    (
                        _when(event["at"]),
                        readable.value("referral", "status", event["status"]),
                        event["note"],
                    )
                    for event in referral["history"]
                ],
            }
            for referral in data["referrals"]
        ],
        "offers": [readable.rows("offer", offer) for offer in data["offers"]],
        "access_log": [
            {
                "at": _when(entry["at"]),
                "who": entry["who"],
                "role": labels["role"].get(entry["role"], ""),
                "where": entry["organization"] or entry["municipality"] or "",
                "why": readable.value("log", "why", entry["why"]),
            }
            for entry in data["access_log"]
        ],
        "organizations": data["organizations_that_saw_the_data"],
    }

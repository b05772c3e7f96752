"""The information sheet for Danish municipalities in English (written by us) and as draft
translations into Arabic, Farsi/Dari, Tigrinya, Ukrainian and Somali, made by us from the
shipped Danish samtykke- og kontaktskema (0009), not from the Norwegian sheet: they name the Danish things (the CPR number,
the integration programme and benefits, Datatilsynet, the volunteer the association passes the
details to) and never NAV. Like the Norwegian-based drafts (0012, now marked as Norway's), they
are drafts: a municipality has each checked by a fluent speaker and its coordinator approves it
before a consent can be recorded on it."""

from django.db import migrations, models

LANGUAGES = ("ar", "fa", "ti", "uk", "so")

FROM_DANISH = {
    "ar": {
        "title": "استمارة الموافقة والتواصل: عن إعطاء بيانات الاتصال الخاصة بك لجمعية تطوعية",
        "body": (
            "البلدية ملزمة بواجب السرية. لا نعطي أحدًا معلومات عنك إلا إذا وافقت على ذلك.\n\n"
            "لقد قلت إنك ترغب في التواصل مع جمعية تطوعية، مثل شخص من شبكة الدعم أو عائلة من "
            "شبكة الدعم أو مقهى لغة أو مساعدة في الواجبات المدرسية. لكي تتمكن الجمعية من "
            "التواصل معك، نطلب إذنك لنعطيها بعض المعلومات القليلة: اسمك، ورقم هاتفك و/أو بريدك "
            "الإلكتروني، والمنطقة التي تسكن فيها، وما يهمك، واللغات التي تتحدثها، وما إذا كنت "
            "تعيش وحدك أو مع عائلتك. لا نعطي أبدًا أي معلومات عن الصحة أو الدين أو الأصل العرقي "
            "أو السياسة أو الحياة الجنسية أو القضايا الجنائية أو رقمك الشخصي (CPR) أو ملفك لدى "
            "البلدية.\n\n"
            "في البداية ترى الجمعية اهتماماتك ولغاتك ومنطقتك فقط. ولا يرى الشخص المسؤول عن "
            "التواصل فيها اسمك وبيانات الاتصال الخاصة بك إلا بعد أن توافق الجمعية، ثم يعطيها "
            "للمتطوع الذي سيتواصل معك. لقد تعهد المتطوعون بالتعامل مع المعلومات بسرية. بعد أن "
            "يتم التواصل، تفقد الجمعية إمكانية الوصول، وتُحذف المعلومات بعد وقت قصير.\n\n"
            "تشمل موافقتك فقط العرض والجمعيات المذكورة في الاستمارة، وحتى التاريخ المكتوب فيها "
            "فقط (عادةً ستة أشهر). إعطاء الموافقة أمر طوعي. ورفضك لا يؤثر على برنامج الاندماج "
            "الخاص بك أو على المساعدات التي تحصل عليها أو على ملفك.\n\n"
            "يمكنك سحب موافقتك في أي وقت، وهذا سهل مثل إعطائها: أخبر الموظف المسؤول عن ملفك، "
            "أو اتصل أو اكتب. عندها نوقف الإحالة فورًا. يمكنك أيضًا أن تطلب رؤية كل ما سجلناه "
            "عنك، وتصحيح الأخطاء، وحذفه. ويمكنك تقديم شكوى إلى هيئة حماية البيانات الدنماركية "
            "(Datatilsynet) بشأن طريقة تعاملنا مع معلوماتك."
        ),
        "consent_text": (
            "لقد حصلت على المعلومات أعلاه بلغة أفهمها. أوافق على أن تعطي البلدية المعلومات "
            "المؤشَّر عليها للجمعيات وللعرض المذكورين في الاستمارة، حتى التاريخ المكتوب فيها."
        ),
    },
    "fa": {
        "title": "فرم رضایت و تماس: درباره‌ی دادن اطلاعات تماس شما به یک انجمن داوطلبانه",
        "body": (
            "کمون (شهرداری) موظف به رازداری است. ما هیچ اطلاعاتی درباره‌ی شما را بدون رضایت "
            "خودتان به کسی نمی‌دهیم.\n\n"
            "شما گفته‌اید که مایلید با یک انجمن داوطلبانه در ارتباط باشید، برای مثال یک فرد "
            "همراه، یک خانواده‌ی همراه، یک کافه‌ی زبان یا کمک در انجام تکالیف مدرسه. برای اینکه "
            "این انجمن بتواند با شما تماس بگیرد، از شما اجازه می‌خواهیم چند اطلاعات محدود را به "
            "آن بدهیم: نام شما، شماره‌ی تلفن و/یا ایمیل، محله‌ای که در آن زندگی می‌کنید، "
            "چیزهایی که به آن‌ها علاقه دارید، زبان‌هایی که صحبت می‌کنید و اینکه تنها زندگی "
            "می‌کنید یا با خانواده. ما هرگز اطلاعاتی درباره‌ی سلامت، دین، پیشینه‌ی قومی، سیاست، "
            "مسائل جنسی، پرونده‌های کیفری، شماره‌ی شخصی شما (CPR) یا پرونده‌ی شما نزد کمون را "
            "به دیگران نمی‌دهیم.\n\n"
            "در ابتدا انجمن فقط علاقه‌ها، زبان‌ها و محله‌ی شما را می‌بیند. فقط پس از آنکه انجمن "
            "موافقت کرد، فرد رابط آن نام و اطلاعات تماس شما را می‌بیند و آن‌ها را به داوطلبی "
            "می‌دهد که با شما تماس خواهد گرفت. داوطلبان قول داده‌اند که این اطلاعات را محرمانه "
            "نگه دارند. پس از برقراری تماس، دسترسی انجمن قطع می‌شود و اطلاعات کمی بعد پاک "
            "می‌شود.\n\n"
            "رضایت شما فقط برای همان پیشنهاد و انجمن‌هایی است که در فرم نام برده شده‌اند، و فقط "
            "تا تاریخی که در آن نوشته شده است (معمولاً شش ماه). دادن رضایت داوطلبانه است. پاسخ "
            "منفی هیچ تأثیری بر برنامه‌ی ادغام، کمک‌هزینه‌ها یا پرونده‌ی شما ندارد.\n\n"
            "شما می‌توانید هر زمان که بخواهید رضایت خود را پس بگیرید، و این کار به همان آسانیِ "
            "دادن آن است: به مسئول پرونده‌ی خود بگویید، تلفن کنید یا بنویسید. در این صورت ما "
            "ارجاع را فوراً متوقف می‌کنیم. همچنین می‌توانید بخواهید همه‌ی اطلاعاتی را که "
            "درباره‌ی شما ثبت کرده‌ایم ببینید، اشتباهات را اصلاح کنید و آن‌ها را پاک کنید. "
            "می‌توانید درباره‌ی نحوه‌ی برخورد ما با اطلاعاتتان به سازمان حفاظت از داده‌های "
            "دانمارک (Datatilsynet) شکایت کنید."
        ),
        "consent_text": (
            "من اطلاعات بالا را به زبانی که می‌فهمم دریافت کرده‌ام. رضایت می‌دهم که کمون "
            "اطلاعاتی را که علامت زده شده است، به انجمن‌ها و برای پیشنهادی که در فرم نام برده "
            "شده‌اند، تا تاریخی که در آن نوشته شده است بدهد."
        ),
    },
    "ti": {
        "title": "ቅጥዒ ፍቓድን ርክብን፦ ብዛዕባ ሓበሬታ ርክብካ ንሓደ ወለንታዊ ማሕበር ምሃብ",
        "body": (
            "ኮሙነ (ምምሕዳር ከተማ) ምስጢር ናይ ምሕላው ግዴታ ኣለዎ። ፍቓድካ እንተዘይሂብካ፡ ብዛዕባኻ "
            "ሓበሬታ ንዝኾነ ሰብ ኣይንህብን ኢና።\n\n"
            "ምስ ሓደ ወለንታዊ ማሕበር ርክብ ክህልወካ ከም እትደሊ ኢልካ ኣለኻ፡ ንኣብነት ደጋፊ ሰብ፡ "
            "ደጋፊት ስድራቤት፡ ካፌ ቋንቋ ወይ ሓገዝ ዕዮ ገዛ። እቲ ማሕበር ምሳኻ ክራኸብ ምእንቲ፡ ውሑድ "
            "ሓበሬታ ክንህቦ ፍቓድካ ንሓትት፦ ስምካ፡ ቁጽሪ ተሌፎንካ ከምኡውን/ወይ ኢመይልካ፡ እትነብረሉ "
            "ከባቢ፡ ዝምልከተካ ነገራት፡ እትዛረበሎም ቋንቋታት፡ በይንኻ ድዩ ወይስ ምስ ስድራቤትካ "
            "እትነብር። ብዛዕባ ጥዕና፡ ሃይማኖት፡ ዓሌታዊ ድሕረ ባይታ፡ ፖለቲካ፡ ጾታዊ ህይወት፡ ገበናዊ "
            "ጉዳያት፡ ቁጽሪ መንነትካ (CPR) ወይ ኣብ ኮሙነ ዘሎ ጉዳይካ ዝኾነ ሓበሬታ ፈጺምና ኣይንህብን "
            "ኢና።\n\n"
            "ኣብ መጀመርታ እቲ ማሕበር ዝምልከተካ ነገራት፡ ቋንቋታትካን ከባቢኻን ጥራይ እዩ ዝርኢ። እቲ "
            "ማሕበር ምስ ተቐበለ ጥራይ እዩ እቲ ናይ ርክብ ሰቡ ስምካን ሓበሬታ ርክብካን ዝርኢ፡ ነቲ ምሳኻ "
            "ዝራኸብ ወለንተኛ ድማ ይህቦ። እቶም ወለንተኛታት ነቲ ሓበሬታ ብምስጢር ክሕልውዎ ቃል ኣትዮም "
            "እዮም። ርክብ ምስ ተፈጸመ፡ እቲ ማሕበር መሰል ምርኣይ ይስእን፡ እቲ ሓበሬታ ድማ ድሕሪ ሓጺር "
            "እዋን ይድምሰስ።\n\n"
            "ፍቓድካ ነቲ ኣብቲ ቅጥዒ ዝተጠቕሰ ኣገልግሎትን ማሕበራትን ጥራይ እዩ ዝምልከት፡ ክሳብ እቲ "
            "ኣብኡ ዝተጻሕፈ ዕለት ጥራይ (መብዛሕትኡ ግዜ ሽዱሽተ ወርሒ)። ፍቓድ ምሃብ ወለንታዊ እዩ። "
            "ኣይፋልን እንተበልካ፡ ኣብ ፕሮግራም ምትእስሳርካ፡ ኣብ ሓገዛትካ ወይ ኣብ ጉዳይካ ዝኾነ "
            "ጽልዋ የብሉን።\n\n"
            "ፍቓድካ ኣብ ዝኾነ እዋን ክትስሕቦ ትኽእል ኢኻ፡ ከም ምሃቡ ቀሊል እዩ፦ ንሰራሕተኛ ጉዳይካ "
            "ንገሮ፡ ደውል ወይ ጽሓፍ። ሽዑ ነቲ ምሕላፍ ብቕጽበት ነቋርጾ። ብዛዕባኻ ዝመዝገብናዮ ኩሉ "
            "ሓበሬታ ክትርኢ፡ ጌጋታት ከተእርም ከምኡውን ክድምሰስ ክትሓትት ትኽእል ኢኻ። ብዛዕባ "
            "ኣተሓሕዛና ሓበሬታኻ ናብ ናይ ዴንማርክ በዓል መዚ ሓለዋ ሓበሬታ (Datatilsynet) ጥርዓን "
            "ከተቕርብ ትኽእል ኢኻ።"
        ),
        "consent_text": (
            "ነቲ ኣብ ላዕሊ ዘሎ ሓበሬታ ብዝርድኦ ቋንቋ ተዋሂቡኒ እዩ። እቲ ኮሙነ ነቲ ምልክት ዝተገብረሉ "
            "ሓበሬታ፡ ነቶም ኣብቲ ቅጥዒ ዝተጠቕሱ ማሕበራትን ኣገልግሎትን፡ ክሳብ እቲ ኣብኡ ዝተጻሕፈ "
            "ዕለት ክህብ ፍቓደኛ እየ።"
        ),
    },
    "uk": {
        "title": "Форма згоди та контакту: про передачу ваших контактних даних волонтерській "
        "асоціації",
        "body": (
            "Комуна (муніципалітет) зобов'язана зберігати конфіденційність. Ми нікому не "
            "передаємо інформацію про вас без вашої згоди.\n\n"
            "Ви сказали, що хотіли б мати контакт із волонтерською асоціацією, наприклад із "
            "особою підтримки, сім'єю підтримки, мовним кафе чи допомогою з домашніми "
            "завданнями. Щоб асоціація могла з вами зв'язатися, ми просимо вашого дозволу "
            "передати їй кілька відомостей: ваше ім'я, номер телефону та/або електронну пошту, "
            "район, де ви живете, що вас цікавить, якими мовами ви розмовляєте і чи живете ви "
            "самі чи з родиною. Ми ніколи не передаємо відомостей про здоров'я, релігію, етнічне "
            "походження, політику, сексуальність, кримінальні справи, ваш персональний номер "
            "(CPR) чи вашу справу в комуні.\n\n"
            "Спочатку асоціація бачить лише ваші інтереси, мови та район. Лише після того, як "
            "вона погодилася, її контактна особа бачить ваше ім'я та контактні дані і передає їх "
            "волонтерові, який зв'яжеться з вами. Волонтери пообіцяли зберігати ці відомості "
            "конфіденційно. Щойно контакт встановлено, асоціація втрачає доступ, а дані "
            "незабаром видаляються.\n\n"
            "Згода стосується лише пропозиції та асоціацій, названих у формі, і діє лише до "
            "дати, вказаної в ній (зазвичай шість місяців). Давати згоду — добровільно. Відмова "
            "ніяк не впливає на вашу інтеграційну програму, ваші виплати чи вашу справу.\n\n"
            "Ви можете будь-коли відкликати свою згоду, і це так само просто, як її дати: "
            "скажіть працівникові, який веде вашу справу, зателефонуйте або напишіть. Тоді ми "
            "одразу зупиняємо направлення. Ви також можете попросити показати все, що ми "
            "зареєстрували про вас, виправити помилки і видалити це. Ви можете поскаржитися до "
            "Датського агентства із захисту даних (Datatilsynet) на те, як ми обробляємо ваші "
            "дані."
        ),
        "consent_text": (
            "Я отримав(-ла) наведену вище інформацію мовою, яку розумію. Я даю згоду на те, щоб "
            "комуна передала позначені дані асоціаціям і для пропозиції, названих у формі, до "
            "дати, вказаної в ній."
        ),
    },
    "so": {
        "title": "Foomka oggolaanshaha iyo xiriirka: ku saabsan siinta xogtaada xiriirka urur "
        "tabarruc ah",
        "body": (
            "Degmadu (kommune) waxay leedahay waajibka sirta. Cidna ma siinno macluumaad adiga "
            "kugu saabsan haddii aadan oggolaan.\n\n"
            "Waxaad sheegtay inaad jeclaan lahayd xiriir urur tabarruc ah, tusaale ahaan qof "
            "taageere ah, qoys taageere ah, makhaayad luqadeed ama caawimaad casharrada guriga. "
            "Si ururku kuula soo xiriiro, waxaan kaa codsanaynaa oggolaansho inaan siino xog "
            "yar: magacaaga, lambarka taleefankaaga iyo/ama iimaylkaaga, aagga aad ku "
            "nooshahay, waxyaabaha aad xiisayso, luqadaha aad ku hadasho iyo inaad keligaa ku "
            "nooshahay ama qoys la nooshahay. Weligeen cidna ma siinno xog ku saabsan "
            "caafimaadka, diinta, asalka qowmiyadeed, siyaasadda, galmada, arrimaha dambiyada, "
            "lambarkaaga shakhsiga ah (CPR) ama kiiskaaga degmada.\n\n"
            "Marka hore ururku wuxuu arkaa oo keliya waxyaabaha aad xiisayso, luqadahaaga iyo "
            "aaggaaga. Kaliya marka uu haa yiraahdo ayuu qofka xiriirka ee ururku arkaa "
            "magacaaga iyo xogtaada xiriirka, wuxuuna u gudbiyaa mutadawaca kula soo xiriiri "
            "doona. Mutadawacyadu waxay ballan qaadeen inay xogta si qarsoodi ah u haystaan. "
            "Marka xiriirka la sameeyo, ururku ma sii heli karo xogta, waxaana la tirtiraa wax "
            "yar kadib.\n\n"
            "Oggolaanshuhu wuxuu khuseeyaa oo keliya adeegga iyo ururrada foomka ku qoran, "
            "kaliyana ilaa taariikhda halkaas ku qoran (badanaa lix bilood). Oggolaanshuhu waa "
            "ikhtiyaari. Haddii aad diido, saameyn kuma yeelanayso barnaamijkaaga "
            "is-dhexgalka, gargaarkaaga ama kiiskaaga.\n\n"
            "Waad ka noqon kartaa oggolaanshahaaga wakhti kasta, waana u fudud yahay sida "
            "bixintiisa: u sheeg shaqaalaha kiiskaaga, wac ama qor. Markaas isla markiiba waan "
            "joojinaynaa gudbinta. Sidoo kale waxaad codsan kartaa inaad aragto wax kasta oo aan "
            "kaa diiwaangelinay, in khaladaadka la saxo iyo in la tirtiro. Waxaad u gudbin kartaa "
            "cabasho hay'adda ilaalinta xogta ee Denmark (Datatilsynet) oo ku saabsan sida aan "
            "xogtaada u maareyno."
        ),
        "consent_text": (
            "Waxaa la i siiyay macluumaadka kor ku xusan luqad aan fahmo. Waan oggolahay in "
            "degmadu siiso xogta la calaamadeeyay ururrada iyo adeegga ku qoran foomka, ilaa "
            "taariikhda halkaas ku qoran."
        ),
    },
}


# English, written by us from the Danish sheet like the Norwegian-based English one (0003) from
# the Norwegian: ready to use, not a draft.
ENGLISH_FROM_DANISH = {
    "title": "Consent and contact form: about giving your contact details to a voluntary "
    "association",
    "body": (
        "The municipality has a duty of confidentiality. We do not pass on information about you "
        "to anyone unless you consent.\n\n"
        "You have said that you would like contact with a voluntary association, for example a "
        "network person, a network family, a language café or homework help. So that the "
        "association can contact you, we ask your permission to give it a few details: your "
        "name, your phone number and/or e-mail, the area where you live, what you are "
        "interested in, the languages you speak, and whether you live alone or with family. We "
        "never pass on information about health, religion, ethnic background, politics, "
        "sexuality, criminal matters, your CPR number or your case with the municipality.\n\n"
        "At first the association sees only your interests, languages and area. Only when it "
        "has said yes does its contact person see your name and contact details and give them "
        "to the volunteer who will contact you. The volunteers have promised to treat the "
        "details confidentially. Once contact has been made, the association loses access, and "
        "the details are deleted soon after.\n\n"
        "The consent covers only the offer and the associations named on the form, and only "
        "until the date written there (usually six months). Giving consent is voluntary. Saying "
        "no has no effect on your integration programme, your benefits or your case.\n\n"
        "You can withdraw your consent at any time. It is as easy as giving it: tell your "
        "caseworker, call or write. We then stop the referral at once. You can also ask to see "
        "everything we have recorded about you, have mistakes corrected and have it deleted. "
        "You can complain to Datatilsynet, the Danish Data Protection Agency, about how we "
        "handle your information."
    ),
    "consent_text": (
        "I have been given the information above in a language I understand. I consent to the "
        "municipality giving the ticked details to the associations and for the offer named on "
        "the form, until the date written there."
    ),
}


def seed(apps, schema_editor):
    """Mark the Norwegian-based drafts (and the English sheet written from the Norwegian) as
    Norway's and ship the Danish-based ones for Denmark."""
    InformationSheet = apps.get_model("referrals", "InformationSheet")
    InformationSheet.objects.filter(
        municipality=None, country="", language__in=LANGUAGES, is_draft=True
    ).update(country="NO")
    InformationSheet.objects.filter(municipality=None, country="", language="en").update(
        country="NO"
    )
    InformationSheet.objects.get_or_create(
        municipality=None, country="DK", language="en", version=1, defaults=ENGLISH_FROM_DANISH
    )
    for language, texts in FROM_DANISH.items():
        InformationSheet.objects.get_or_create(
            municipality=None,
            country="DK",
            language=language,
            version=1,
            defaults={**texts, "is_draft": True},
        )
    settle(schema_editor)


def unseed(apps, schema_editor):
    InformationSheet = apps.get_model("referrals", "InformationSheet")
    InformationSheet.objects.filter(municipality=None, country="DK", consents__isnull=True).delete()
    InformationSheet.objects.filter(municipality=None, country="NO").update(country="")
    settle(schema_editor)


def settle(schema_editor):
    """Run the constraint checks the rows above queued (Django's foreign keys are deferred) now:
    where migrations run in one transaction (a test that migrates back and forth), the table is
    altered next, and PostgreSQL refuses that while checks are pending. (No schema editor: the
    tests put the shipped rows back with this seed alone, tests/conftest.py SEEDS.)"""
    if schema_editor is not None and schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0012_sheet_drafts_and_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="informationsheet",
            name="country",
            field=models.CharField(
                blank=True,
                choices=[("NO", "Norway"), ("DK", "Denmark")],
                default="",
                help_text=(
                    "Only on a sheet Brobygger ships: the country whose original the draft "
                    "translation is made from (Norwegian or Danish). Empty: for municipalities "
                    "in every country."
                ),
                max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="informationsheet",
            name="information_sheet_version_once",
        ),
        migrations.AddConstraint(
            model_name="informationsheet",
            constraint=models.UniqueConstraint(
                fields=("municipality", "country", "language", "version"),
                name="information_sheet_version_once",
                nulls_distinct=False,
            ),
        ),
        migrations.AddConstraint(
            model_name="informationsheet",
            constraint=models.CheckConstraint(
                condition=models.Q(("country", ""), ("municipality__isnull", True), _connector="OR"),
                name="information_sheet_country_only_when_shipped",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]

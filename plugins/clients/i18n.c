/* The labels of the plugin's entities and reports in Polish, Ukrainian and Russian, for the
 * staff UI (keys as in crm_translation_t: "label", "fields.<path>", "values.<field>.<value>";
 * "title", "dims.<dim>", "measures.<measure>"). Each entity and report points at its list with
 * `.translations`; what a language lacks shows in English. The texts follow the terms Polish,
 * Ukrainian and Russian banks use with their staff (PESEL stays PESEL, the core banking system
 * is "system transakcyjny" and "АБС"). */
#include "clients-private.h"

/* One definition's tables in the three languages, as the list `.translations` points at. */
#define LANGUAGES(t) {{"pl", t##_pl}, {"uk", t##_uk}, {"ru", t##_ru}, {NULL, NULL}}

/* --- client --- */

/* The members of one address of addresses (P: home, correspondence, registered, business). */
#define PL_ADDRESS(p)                                    \
    {"fields.addresses." p ".street", "Ulica"},          \
    {"fields.addresses." p ".building", "Numer domu"},   \
    {"fields.addresses." p ".flat", "Numer lokalu"},     \
    {"fields.addresses." p ".postcode", "Kod pocztowy"}, \
    {"fields.addresses." p ".city", "Miasto"},           \
    {"fields.addresses." p ".country", "Kraj (kod ISO 3166)"}
#define UK_ADDRESS(p)                                       \
    {"fields.addresses." p ".street", "Вулиця"},            \
    {"fields.addresses." p ".building", "Будинок"},         \
    {"fields.addresses." p ".flat", "Квартира / офіс"},     \
    {"fields.addresses." p ".postcode", "Поштовий індекс"}, \
    {"fields.addresses." p ".city", "Місто"},               \
    {"fields.addresses." p ".country", "Країна (код ISO 3166)"}
#define RU_ADDRESS(p)                                       \
    {"fields.addresses." p ".street", "Улица"},             \
    {"fields.addresses." p ".building", "Дом"},             \
    {"fields.addresses." p ".flat", "Квартира / офис"},     \
    {"fields.addresses." p ".postcode", "Почтовый индекс"}, \
    {"fields.addresses." p ".city", "Город"},               \
    {"fields.addresses." p ".country", "Страна (код ISO 3166)"}

/* The members of one consent of consents (C: email, sms, phone, post, profiling). */
#define PL_CONSENT(c)                                                \
    {"fields.consents." c ".granted", "Udzielona"},                  \
    {"fields.consents." c ".date", "Data udzielenia lub wycofania"}, \
    {"fields.consents." c ".origin", "Kanał udzielenia"}
#define UK_CONSENT(c)                                               \
    {"fields.consents." c ".granted", "Надана"},                    \
    {"fields.consents." c ".date", "Дата надання або відкликання"}, \
    {"fields.consents." c ".origin", "Канал надання"}
#define RU_CONSENT(c)                                                 \
    {"fields.consents." c ".granted", "Дано"},                        \
    {"fields.consents." c ".date", "Дата предоставления или отзыва"}, \
    {"fields.consents." c ".origin", "Канал предоставления"}

static const crm_translation_t client_pl[] = {
    {"label", "Klient"},
    {"label_plural", "Klienci"},
    {"fields.kind", "Rodzaj"},
    {"fields.status", "Status"},
    {"fields.display_name", "Imię i nazwisko / nazwa"},
    {"fields.first_name", "Imię"},
    {"fields.last_name", "Nazwisko"},
    {"fields.company_name", "Nazwa firmy"},
    {"fields.national_id", "Numer PESEL"},
    {"fields.registration_number", "Numer rejestrowy"},
    {"fields.birth_date", "Data urodzenia"},
    {"fields.founding_date", "Data założenia"},
    {"fields.phones", "Telefony (E.164)"},
    {"fields.emails", "Adresy e-mail"},
    {"fields.addresses", "Adresy"},
    {"fields.addresses.home", "Adres zamieszkania"},
    {"fields.addresses.correspondence", "Adres korespondencyjny"},
    {"fields.addresses.registered", "Adres siedziby"},
    {"fields.addresses.business", "Miejsce prowadzenia działalności"},
    PL_ADDRESS("home"),
    PL_ADDRESS("correspondence"),
    PL_ADDRESS("registered"),
    PL_ADDRESS("business"),
    {"fields.region", "Region"},
    {"fields.occupation", "Zawód"},
    {"fields.industry", "Branża"},
    {"fields.income_band", "Przedział dochodu miesięcznego"},
    {"fields.revenue_band", "Przedział przychodów rocznych"},
    {"fields.segment", "Segment"},
    {"fields.lifecycle_phase", "Etap cyklu życia"},
    {"fields.completeness", "Kompletność danych (%)"},
    {"fields.source", "Źródło pozyskania"},
    {"fields.consents", "Zgody"},
    {"fields.consents.email", "E-mail"},
    {"fields.consents.sms", "SMS"},
    {"fields.consents.phone", "Połączenia telefoniczne"},
    {"fields.consents.post", "Poczta tradycyjna"},
    {"fields.consents.profiling", "Profilowanie"},
    PL_CONSENT("email"),
    PL_CONSENT("sms"),
    PL_CONSENT("phone"),
    PL_CONSENT("post"),
    PL_CONSENT("profiling"),
    {"fields.company_group_id", "Grupa kapitałowa"},
    {"fields.cbs_id", "Identyfikator w systemie transakcyjnym"},
    {"fields.notes", "Notatki"},
    {"fields.merged_into", "Scalony z"},
    {"values.kind.individual", "Osoba fizyczna"},
    {"values.kind.organisation", "Organizacja"},
    {"values.status.potential", "Potencjalny"},
    {"values.status.active", "Aktywny"},
    {"values.status.former", "Były"},
    {"values.income_band.low", "Niski"},
    {"values.income_band.lower_middle", "Niższy średni"},
    {"values.income_band.middle", "Średni"},
    {"values.income_band.upper_middle", "Wyższy średni"},
    {"values.income_band.high", "Wysoki"},
    {"values.income_band.very_high", "Bardzo wysoki"},
    {"values.revenue_band.micro", "Mikro"},
    {"values.revenue_band.small", "Mały"},
    {"values.revenue_band.medium", "Średni"},
    {"values.revenue_band.large", "Duży"},
    {"values.segment.mass", "Masowy"},
    {"values.segment.affluent", "Zamożny"},
    {"values.segment.private", "Private banking"},
    {"values.segment.micro", "Mikrofirmy"},
    {"values.segment.sme", "MŚP"},
    {"values.segment.corporate", "Korporacyjny"},
    {"values.lifecycle_phase.potential", "Potencjalny"},
    {"values.lifecycle_phase.developing", "Rozwijany"},
    {"values.lifecycle_phase.developed", "Rozwinięty"},
    {"values.lifecycle_phase.dormant", "Uśpiony"},
    {"values.lifecycle_phase.lost", "Utracony"},
    {"values.source.branch", "Oddział"},
    {"values.source.web", "Strona internetowa"},
    {"values.source.mobile", "Aplikacja mobilna"},
    {"values.source.call_centre", "Infolinia"},
    {"values.source.referral", "Polecenie"},
    {"values.source.campaign", "Kampania"},
    {"values.source.partner", "Partner"},
    {"values.source.import", "Import"},
    {"values.source.other", "Inne"},
    {NULL, NULL},
};

static const crm_translation_t client_uk[] = {
    {"label", "Клієнт"},
    {"label_plural", "Клієнти"},
    {"fields.kind", "Тип"},
    {"fields.status", "Статус"},
    {"fields.display_name", "ПІБ / назва"},
    {"fields.first_name", "Ім’я"},
    {"fields.last_name", "Прізвище"},
    {"fields.company_name", "Назва компанії"},
    {"fields.national_id", "Ідентифікаційний номер (PESEL)"},
    {"fields.registration_number", "Реєстраційний номер"},
    {"fields.birth_date", "Дата народження"},
    {"fields.founding_date", "Дата заснування"},
    {"fields.phones", "Телефони (E.164)"},
    {"fields.emails", "Адреси електронної пошти"},
    {"fields.addresses", "Адреси"},
    {"fields.addresses.home", "Адреса проживання"},
    {"fields.addresses.correspondence", "Адреса для листування"},
    {"fields.addresses.registered", "Юридична адреса"},
    {"fields.addresses.business", "Фактична адреса"},
    UK_ADDRESS("home"),
    UK_ADDRESS("correspondence"),
    UK_ADDRESS("registered"),
    UK_ADDRESS("business"),
    {"fields.region", "Регіон"},
    {"fields.occupation", "Рід занять"},
    {"fields.industry", "Галузь"},
    {"fields.income_band", "Діапазон місячного доходу"},
    {"fields.revenue_band", "Діапазон річної виручки"},
    {"fields.segment", "Сегмент"},
    {"fields.lifecycle_phase", "Етап життєвого циклу"},
    {"fields.completeness", "Повнота даних (%)"},
    {"fields.source", "Джерело залучення"},
    {"fields.consents", "Згоди"},
    {"fields.consents.email", "Електронна пошта"},
    {"fields.consents.sms", "SMS"},
    {"fields.consents.phone", "Телефонні дзвінки"},
    {"fields.consents.post", "Звичайна пошта"},
    {"fields.consents.profiling", "Профілювання"},
    UK_CONSENT("email"),
    UK_CONSENT("sms"),
    UK_CONSENT("phone"),
    UK_CONSENT("post"),
    UK_CONSENT("profiling"),
    {"fields.company_group_id", "Група компаній"},
    {"fields.cbs_id", "Ідентифікатор в АБС"},
    {"fields.notes", "Примітки"},
    {"fields.merged_into", "Об’єднано з"},
    {"values.kind.individual", "Фізична особа"},
    {"values.kind.organisation", "Юридична особа"},
    {"values.status.potential", "Потенційний"},
    {"values.status.active", "Активний"},
    {"values.status.former", "Колишній"},
    {"values.income_band.low", "Низький"},
    {"values.income_band.lower_middle", "Нижче середнього"},
    {"values.income_band.middle", "Середній"},
    {"values.income_band.upper_middle", "Вище середнього"},
    {"values.income_band.high", "Високий"},
    {"values.income_band.very_high", "Дуже високий"},
    {"values.revenue_band.micro", "Мікро"},
    {"values.revenue_band.small", "Малий"},
    {"values.revenue_band.medium", "Середній"},
    {"values.revenue_band.large", "Великий"},
    {"values.segment.mass", "Масовий"},
    {"values.segment.affluent", "Заможний"},
    {"values.segment.private", "Private banking"},
    {"values.segment.micro", "Мікробізнес"},
    {"values.segment.sme", "МСБ"},
    {"values.segment.corporate", "Корпоративний"},
    {"values.lifecycle_phase.potential", "Потенційний"},
    {"values.lifecycle_phase.developing", "У розвитку"},
    {"values.lifecycle_phase.developed", "Розвинений"},
    {"values.lifecycle_phase.dormant", "Сплячий"},
    {"values.lifecycle_phase.lost", "Втрачений"},
    {"values.source.branch", "Відділення"},
    {"values.source.web", "Вебсайт"},
    {"values.source.mobile", "Мобільний застосунок"},
    {"values.source.call_centre", "Контакт-центр"},
    {"values.source.referral", "Рекомендація"},
    {"values.source.campaign", "Кампанія"},
    {"values.source.partner", "Партнер"},
    {"values.source.import", "Імпорт"},
    {"values.source.other", "Інше"},
    {NULL, NULL},
};

static const crm_translation_t client_ru[] = {
    {"label", "Клиент"},
    {"label_plural", "Клиенты"},
    {"fields.kind", "Тип"},
    {"fields.status", "Статус"},
    {"fields.display_name", "ФИО / наименование"},
    {"fields.first_name", "Имя"},
    {"fields.last_name", "Фамилия"},
    {"fields.company_name", "Наименование компании"},
    {"fields.national_id", "Идентификационный номер (PESEL)"},
    {"fields.registration_number", "Регистрационный номер"},
    {"fields.birth_date", "Дата рождения"},
    {"fields.founding_date", "Дата основания"},
    {"fields.phones", "Телефоны (E.164)"},
    {"fields.emails", "Адреса электронной почты"},
    {"fields.addresses", "Адреса"},
    {"fields.addresses.home", "Адрес проживания"},
    {"fields.addresses.correspondence", "Адрес для корреспонденции"},
    {"fields.addresses.registered", "Юридический адрес"},
    {"fields.addresses.business", "Фактический адрес"},
    RU_ADDRESS("home"),
    RU_ADDRESS("correspondence"),
    RU_ADDRESS("registered"),
    RU_ADDRESS("business"),
    {"fields.region", "Регион"},
    {"fields.occupation", "Род занятий"},
    {"fields.industry", "Отрасль"},
    {"fields.income_band", "Диапазон ежемесячного дохода"},
    {"fields.revenue_band", "Диапазон годовой выручки"},
    {"fields.segment", "Сегмент"},
    {"fields.lifecycle_phase", "Этап жизненного цикла"},
    {"fields.completeness", "Полнота данных (%)"},
    {"fields.source", "Источник привлечения"},
    {"fields.consents", "Согласия"},
    {"fields.consents.email", "Электронная почта"},
    {"fields.consents.sms", "SMS"},
    {"fields.consents.phone", "Телефонные звонки"},
    {"fields.consents.post", "Обычная почта"},
    {"fields.consents.profiling", "Профилирование"},
    RU_CONSENT("email"),
    RU_CONSENT("sms"),
    RU_CONSENT("phone"),
    RU_CONSENT("post"),
    RU_CONSENT("profiling"),
    {"fields.company_group_id", "Группа компаний"},
    {"fields.cbs_id", "Идентификатор в АБС"},
    {"fields.notes", "Примечания"},
    {"fields.merged_into", "Объединён с"},
    {"values.kind.individual", "Физическое лицо"},
    {"values.kind.organisation", "Юридическое лицо"},
    {"values.status.potential", "Потенциальный"},
    {"values.status.active", "Активный"},
    {"values.status.former", "Бывший"},
    {"values.income_band.low", "Низкий"},
    {"values.income_band.lower_middle", "Ниже среднего"},
    {"values.income_band.middle", "Средний"},
    {"values.income_band.upper_middle", "Выше среднего"},
    {"values.income_band.high", "Высокий"},
    {"values.income_band.very_high", "Очень высокий"},
    {"values.revenue_band.micro", "Микро"},
    {"values.revenue_band.small", "Малый"},
    {"values.revenue_band.medium", "Средний"},
    {"values.revenue_band.large", "Крупный"},
    {"values.segment.mass", "Массовый"},
    {"values.segment.affluent", "Состоятельный"},
    {"values.segment.private", "Private banking"},
    {"values.segment.micro", "Микробизнес"},
    {"values.segment.sme", "МСБ"},
    {"values.segment.corporate", "Корпоративный"},
    {"values.lifecycle_phase.potential", "Потенциальный"},
    {"values.lifecycle_phase.developing", "В развитии"},
    {"values.lifecycle_phase.developed", "Развитый"},
    {"values.lifecycle_phase.dormant", "Спящий"},
    {"values.lifecycle_phase.lost", "Потерянный"},
    {"values.source.branch", "Отделение"},
    {"values.source.web", "Веб-сайт"},
    {"values.source.mobile", "Мобильное приложение"},
    {"values.source.call_centre", "Контакт-центр"},
    {"values.source.referral", "Рекомендация"},
    {"values.source.campaign", "Кампания"},
    {"values.source.partner", "Партнёр"},
    {"values.source.import", "Импорт"},
    {"values.source.other", "Другое"},
    {NULL, NULL},
};

const crm_translations_t clients_client_translations[] = LANGUAGES(client);

/* --- contact_person --- */

static const crm_translation_t contact_person_pl[] = {
    {"label", "Osoba kontaktowa"},
    {"label_plural", "Osoby kontaktowe"},
    {"fields.organisation_id", "Organizacja"},
    {"fields.person_id", "Osoba"},
    {"fields.role", "Funkcja"},
    {"fields.represents", "Może działać w imieniu organizacji"},
    {"fields.primary", "Główna osoba kontaktowa"},
    {"fields.valid_from", "Obowiązuje od"},
    {"fields.valid_to", "Obowiązuje do"},
    {"fields.notes", "Notatki"},
    {NULL, NULL},
};

static const crm_translation_t contact_person_uk[] = {
    {"label", "Контактна особа"},
    {"label_plural", "Контактні особи"},
    {"fields.organisation_id", "Організація"},
    {"fields.person_id", "Фізична особа"},
    {"fields.role", "Роль"},
    {"fields.represents", "Має право діяти від імені організації"},
    {"fields.primary", "Основна контактна особа"},
    {"fields.valid_from", "Діє з"},
    {"fields.valid_to", "Діє до"},
    {"fields.notes", "Примітки"},
    {NULL, NULL},
};

static const crm_translation_t contact_person_ru[] = {
    {"label", "Контактное лицо"},
    {"label_plural", "Контактные лица"},
    {"fields.organisation_id", "Организация"},
    {"fields.person_id", "Физическое лицо"},
    {"fields.role", "Роль"},
    {"fields.represents", "Вправе действовать от имени организации"},
    {"fields.primary", "Основное контактное лицо"},
    {"fields.valid_from", "Действует с"},
    {"fields.valid_to", "Действует до"},
    {"fields.notes", "Примечания"},
    {NULL, NULL},
};

const crm_translations_t clients_contact_person_translations[] = LANGUAGES(contact_person);

/* --- relationship --- */

static const crm_translation_t relationship_pl[] = {
    {"label", "Powiązanie"},
    {"label_plural", "Powiązania"},
    {"fields.kind", "Rodzaj"},
    {"fields.from_client_id", "Od klienta"},
    {"fields.to_client_id", "Do klienta"},
    {"fields.direction", "Kierunek"},
    {"fields.role", "Rola (małżonek, rodzic, …)"},
    {"fields.share", "Udział własnościowy (%)"},
    {"fields.valid_from", "Obowiązuje od"},
    {"fields.valid_to", "Obowiązuje do"},
    {"values.kind.household", "Gospodarstwo domowe"},
    {"values.kind.family", "Rodzina"},
    {"values.kind.guarantor", "Poręczyciel"},
    {"values.kind.beneficial_owner", "Beneficjent rzeczywisty"},
    {"values.kind.group_member", "Członek grupy"},
    {"values.direction.mutual", "Wzajemny"},
    {"values.direction.directed", "Jednokierunkowy"},
    {NULL, NULL},
};

static const crm_translation_t relationship_uk[] = {
    {"label", "Зв’язок"},
    {"label_plural", "Зв’язки"},
    {"fields.kind", "Тип"},
    {"fields.from_client_id", "Від клієнта"},
    {"fields.to_client_id", "До клієнта"},
    {"fields.direction", "Напрям"},
    {"fields.role", "Роль (чоловік / дружина, батько / мати, …)"},
    {"fields.share", "Частка володіння (%)"},
    {"fields.valid_from", "Діє з"},
    {"fields.valid_to", "Діє до"},
    {"values.kind.household", "Домогосподарство"},
    {"values.kind.family", "Сім’я"},
    {"values.kind.guarantor", "Поручитель"},
    {"values.kind.beneficial_owner", "Кінцевий бенефіціарний власник"},
    {"values.kind.group_member", "Учасник групи"},
    {"values.direction.mutual", "Двосторонній"},
    {"values.direction.directed", "Односторонній"},
    {NULL, NULL},
};

static const crm_translation_t relationship_ru[] = {
    {"label", "Связь"},
    {"label_plural", "Связи"},
    {"fields.kind", "Тип"},
    {"fields.from_client_id", "От клиента"},
    {"fields.to_client_id", "К клиенту"},
    {"fields.direction", "Направление"},
    {"fields.role", "Роль (супруг, родитель, …)"},
    {"fields.share", "Доля владения (%)"},
    {"fields.valid_from", "Действует с"},
    {"fields.valid_to", "Действует до"},
    {"values.kind.household", "Домохозяйство"},
    {"values.kind.family", "Семья"},
    {"values.kind.guarantor", "Поручитель"},
    {"values.kind.beneficial_owner", "Бенефициарный владелец"},
    {"values.kind.group_member", "Участник группы"},
    {"values.direction.mutual", "Двустороннее"},
    {"values.direction.directed", "Одностороннее"},
    {NULL, NULL},
};

const crm_translations_t clients_relationship_translations[] = LANGUAGES(relationship);

/* --- company_group --- */

static const crm_translation_t company_group_pl[] = {
    {"label", "Grupa kapitałowa"},
    {"label_plural", "Grupy kapitałowe"},
    {"fields.name", "Nazwa"},
    {"fields.code", "Kod"},
    {"fields.head_client_id", "Spółka dominująca"},
    {"fields.notes", "Notatki"},
    {NULL, NULL},
};

static const crm_translation_t company_group_uk[] = {
    {"label", "Група компаній"},
    {"label_plural", "Групи компаній"},
    {"fields.name", "Назва"},
    {"fields.code", "Код"},
    {"fields.head_client_id", "Материнська компанія"},
    {"fields.notes", "Примітки"},
    {NULL, NULL},
};

static const crm_translation_t company_group_ru[] = {
    {"label", "Группа компаний"},
    {"label_plural", "Группы компаний"},
    {"fields.name", "Название"},
    {"fields.code", "Код"},
    {"fields.head_client_id", "Материнская компания"},
    {"fields.notes", "Примечания"},
    {NULL, NULL},
};

const crm_translations_t clients_company_group_translations[] = LANGUAGES(company_group);

/* --- interaction --- */

static const crm_translation_t interaction_pl[] = {
    {"label", "Interakcja"},
    {"label_plural", "Interakcje"},
    {"fields.kind", "Rodzaj"},
    {"fields.direction", "Kierunek"},
    {"fields.channel", "Kanał"},
    {"fields.at", "Data i godzina"},
    {"fields.client_id", "Klient"},
    {"fields.employee", "Pracownik (identyfikator użytkownika)"},
    {"fields.subject", "Temat"},
    {"fields.outcome", "Wynik"},
    {"fields.notes", "Notatki"},
    {"fields.about_entity", "Dotyczy (typ rekordu)"},
    {"fields.about_id", "Dotyczy (identyfikator rekordu)"},
    {"values.kind.call", "Rozmowa telefoniczna"},
    {"values.kind.meeting", "Spotkanie"},
    {"values.kind.email", "E-mail"},
    {"values.kind.sms", "SMS"},
    {"values.kind.letter", "List"},
    {"values.kind.visit", "Wizyta"},
    {"values.kind.request", "Wniosek"},
    {"values.kind.complaint", "Reklamacja"},
    {"values.direction.in", "Przychodzący"},
    {"values.direction.out", "Wychodzący"},
    {"values.channel.branch", "Oddział"},
    {"values.channel.phone", "Telefon"},
    {"values.channel.email", "E-mail"},
    {"values.channel.sms", "SMS"},
    {"values.channel.post", "Poczta"},
    {"values.channel.web", "Internet"},
    {"values.channel.mobile", "Aplikacja mobilna"},
    {"values.channel.video", "Wideorozmowa"},
    {"values.channel.field", "Wizyta u klienta"},
    {NULL, NULL},
};

static const crm_translation_t interaction_uk[] = {
    {"label", "Взаємодія"},
    {"label_plural", "Взаємодії"},
    {"fields.kind", "Тип"},
    {"fields.direction", "Напрям"},
    {"fields.channel", "Канал"},
    {"fields.at", "Дата й час"},
    {"fields.client_id", "Клієнт"},
    {"fields.employee", "Працівник (ідентифікатор користувача)"},
    {"fields.subject", "Тема"},
    {"fields.outcome", "Результат"},
    {"fields.notes", "Примітки"},
    {"fields.about_entity", "Стосується (тип запису)"},
    {"fields.about_id", "Стосується (ідентифікатор запису)"},
    {"values.kind.call", "Дзвінок"},
    {"values.kind.meeting", "Зустріч"},
    {"values.kind.email", "Електронний лист"},
    {"values.kind.sms", "SMS"},
    {"values.kind.letter", "Лист"},
    {"values.kind.visit", "Візит"},
    {"values.kind.request", "Звернення"},
    {"values.kind.complaint", "Скарга"},
    {"values.direction.in", "Вхідний"},
    {"values.direction.out", "Вихідний"},
    {"values.channel.branch", "Відділення"},
    {"values.channel.phone", "Телефон"},
    {"values.channel.email", "Електронна пошта"},
    {"values.channel.sms", "SMS"},
    {"values.channel.post", "Пошта"},
    {"values.channel.web", "Інтернет"},
    {"values.channel.mobile", "Мобільний застосунок"},
    {"values.channel.video", "Відеодзвінок"},
    {"values.channel.field", "Виїзд до клієнта"},
    {NULL, NULL},
};

static const crm_translation_t interaction_ru[] = {
    {"label", "Взаимодействие"},
    {"label_plural", "Взаимодействия"},
    {"fields.kind", "Тип"},
    {"fields.direction", "Направление"},
    {"fields.channel", "Канал"},
    {"fields.at", "Дата и время"},
    {"fields.client_id", "Клиент"},
    {"fields.employee", "Сотрудник (идентификатор пользователя)"},
    {"fields.subject", "Тема"},
    {"fields.outcome", "Результат"},
    {"fields.notes", "Примечания"},
    {"fields.about_entity", "Относится к (тип записи)"},
    {"fields.about_id", "Относится к (идентификатор записи)"},
    {"values.kind.call", "Звонок"},
    {"values.kind.meeting", "Встреча"},
    {"values.kind.email", "Электронное письмо"},
    {"values.kind.sms", "SMS"},
    {"values.kind.letter", "Письмо"},
    {"values.kind.visit", "Визит"},
    {"values.kind.request", "Обращение"},
    {"values.kind.complaint", "Жалоба"},
    {"values.direction.in", "Входящее"},
    {"values.direction.out", "Исходящее"},
    {"values.channel.branch", "Отделение"},
    {"values.channel.phone", "Телефон"},
    {"values.channel.email", "Электронная почта"},
    {"values.channel.sms", "SMS"},
    {"values.channel.post", "Почта"},
    {"values.channel.web", "Интернет"},
    {"values.channel.mobile", "Мобильное приложение"},
    {"values.channel.video", "Видеозвонок"},
    {"values.channel.field", "Выезд к клиенту"},
    {NULL, NULL},
};

const crm_translations_t clients_interaction_translations[] = LANGUAGES(interaction);

/* --- task --- */

static const crm_translation_t task_pl[] = {
    {"label", "Zadanie"},
    {"label_plural", "Zadania"},
    {"fields.title", "Tytuł"},
    {"fields.client_id", "Klient"},
    {"fields.assignee", "Wykonawca (identyfikator użytkownika)"},
    {"fields.due", "Termin"},
    {"fields.priority", "Priorytet"},
    {"fields.status", "Status"},
    {"fields.origin", "Pochodzenie (moduł lub kampania)"},
    {"fields.reminder", "Przypomnienie"},
    {"fields.notes", "Notatki"},
    {"fields.closed_at", "Data zamknięcia"},
    {"fields.overdue", "Po terminie"},
    {"fields.about_entity", "Dotyczy (typ rekordu)"},
    {"fields.about_id", "Dotyczy (identyfikator rekordu)"},
    {"values.priority.low", "Niski"},
    {"values.priority.normal", "Normalny"},
    {"values.priority.high", "Wysoki"},
    {"values.status.open", "Otwarte"},
    {"values.status.done", "Wykonane"},
    {"values.status.cancelled", "Anulowane"},
    {NULL, NULL},
};

static const crm_translation_t task_uk[] = {
    {"label", "Завдання"},
    {"label_plural", "Завдання"},
    {"fields.title", "Назва"},
    {"fields.client_id", "Клієнт"},
    {"fields.assignee", "Виконавець (ідентифікатор користувача)"},
    {"fields.due", "Термін виконання"},
    {"fields.priority", "Пріоритет"},
    {"fields.status", "Статус"},
    {"fields.origin", "Джерело (модуль або кампанія)"},
    {"fields.reminder", "Нагадування"},
    {"fields.notes", "Примітки"},
    {"fields.closed_at", "Дата закриття"},
    {"fields.overdue", "Прострочене"},
    {"fields.about_entity", "Стосується (тип запису)"},
    {"fields.about_id", "Стосується (ідентифікатор запису)"},
    {"values.priority.low", "Низький"},
    {"values.priority.normal", "Звичайний"},
    {"values.priority.high", "Високий"},
    {"values.status.open", "Відкрите"},
    {"values.status.done", "Виконане"},
    {"values.status.cancelled", "Скасоване"},
    {NULL, NULL},
};

static const crm_translation_t task_ru[] = {
    {"label", "Задача"},
    {"label_plural", "Задачи"},
    {"fields.title", "Название"},
    {"fields.client_id", "Клиент"},
    {"fields.assignee", "Исполнитель (идентификатор пользователя)"},
    {"fields.due", "Срок"},
    {"fields.priority", "Приоритет"},
    {"fields.status", "Статус"},
    {"fields.origin", "Источник (модуль или кампания)"},
    {"fields.reminder", "Напоминание"},
    {"fields.notes", "Примечания"},
    {"fields.closed_at", "Дата закрытия"},
    {"fields.overdue", "Просрочена"},
    {"fields.about_entity", "Относится к (тип записи)"},
    {"fields.about_id", "Относится к (идентификатор записи)"},
    {"values.priority.low", "Низкий"},
    {"values.priority.normal", "Обычный"},
    {"values.priority.high", "Высокий"},
    {"values.status.open", "Открыта"},
    {"values.status.done", "Выполнена"},
    {"values.status.cancelled", "Отменена"},
    {NULL, NULL},
};

const crm_translations_t clients_task_translations[] = LANGUAGES(task);

/* --- product --- */

static const crm_translation_t product_pl[] = {
    {"label", "Produkt"},
    {"label_plural", "Produkty"},
    {"fields.code", "Kod"},
    {"fields.name", "Nazwa"},
    {"fields.type", "Typ"},
    {"fields.line", "Linia produktowa"},
    {"fields.risk_class", "Klasa ryzyka (1 – najniższa, 7 – najwyższa)"},
    {"fields.currency", "Waluta"},
    {"fields.active", "W ofercie"},
    {"fields.description", "Opis"},
    {"values.type.deposit", "Lokata"},
    {"values.type.loan", "Kredyt"},
    {"values.type.card", "Karta"},
    {"values.type.insurance", "Ubezpieczenie"},
    {"values.type.investment", "Inwestycje"},
    {"values.type.account", "Rachunek"},
    {NULL, NULL},
};

static const crm_translation_t product_uk[] = {
    {"label", "Продукт"},
    {"label_plural", "Продукти"},
    {"fields.code", "Код"},
    {"fields.name", "Назва"},
    {"fields.type", "Тип"},
    {"fields.line", "Продуктова лінійка"},
    {"fields.risk_class", "Клас ризику (1 — найнижчий, 7 — найвищий)"},
    {"fields.currency", "Валюта"},
    {"fields.active", "У продажу"},
    {"fields.description", "Опис"},
    {"values.type.deposit", "Депозит"},
    {"values.type.loan", "Кредит"},
    {"values.type.card", "Картка"},
    {"values.type.insurance", "Страхування"},
    {"values.type.investment", "Інвестиції"},
    {"values.type.account", "Рахунок"},
    {NULL, NULL},
};

static const crm_translation_t product_ru[] = {
    {"label", "Продукт"},
    {"label_plural", "Продукты"},
    {"fields.code", "Код"},
    {"fields.name", "Название"},
    {"fields.type", "Тип"},
    {"fields.line", "Продуктовая линейка"},
    {"fields.risk_class", "Класс риска (1 — самый низкий, 7 — самый высокий)"},
    {"fields.currency", "Валюта"},
    {"fields.active", "В продаже"},
    {"fields.description", "Описание"},
    {"values.type.deposit", "Вклад"},
    {"values.type.loan", "Кредит"},
    {"values.type.card", "Карта"},
    {"values.type.insurance", "Страхование"},
    {"values.type.investment", "Инвестиции"},
    {"values.type.account", "Счёт"},
    {NULL, NULL},
};

const crm_translations_t clients_product_translations[] = LANGUAGES(product);

/* --- account --- */

static const crm_translation_t account_pl[] = {
    {"label", "Rachunek"},
    {"label_plural", "Rachunki"},
    {"fields.number", "Numer rachunku"},
    {"fields.cbs_id", "Identyfikator w systemie transakcyjnym"},
    {"fields.client_id", "Klient"},
    {"fields.client_cbs_id", "Identyfikator klienta w systemie transakcyjnym"},
    {"fields.product_id", "Produkt"},
    {"fields.product_code", "Kod produktu"},
    {"fields.status", "Status"},
    {"fields.opened", "Data otwarcia"},
    {"fields.closed", "Data zamknięcia"},
    {"fields.maturity", "Data zapadalności"},
    {"fields.balance", "Saldo"},
    {"values.status.active", "Aktywny"},
    {"values.status.dormant", "Uśpiony"},
    {"values.status.blocked", "Zablokowany"},
    {"values.status.closed", "Zamknięty"},
    {NULL, NULL},
};

static const crm_translation_t account_uk[] = {
    {"label", "Рахунок"},
    {"label_plural", "Рахунки"},
    {"fields.number", "Номер рахунку"},
    {"fields.cbs_id", "Ідентифікатор в АБС"},
    {"fields.client_id", "Клієнт"},
    {"fields.client_cbs_id", "Ідентифікатор клієнта в АБС"},
    {"fields.product_id", "Продукт"},
    {"fields.product_code", "Код продукту"},
    {"fields.status", "Статус"},
    {"fields.opened", "Дата відкриття"},
    {"fields.closed", "Дата закриття"},
    {"fields.maturity", "Дата погашення"},
    {"fields.balance", "Залишок"},
    {"values.status.active", "Активний"},
    {"values.status.dormant", "Неактивний"},
    {"values.status.blocked", "Заблокований"},
    {"values.status.closed", "Закритий"},
    {NULL, NULL},
};

static const crm_translation_t account_ru[] = {
    {"label", "Счёт"},
    {"label_plural", "Счета"},
    {"fields.number", "Номер счёта"},
    {"fields.cbs_id", "Идентификатор в АБС"},
    {"fields.client_id", "Клиент"},
    {"fields.client_cbs_id", "Идентификатор клиента в АБС"},
    {"fields.product_id", "Продукт"},
    {"fields.product_code", "Код продукта"},
    {"fields.status", "Статус"},
    {"fields.opened", "Дата открытия"},
    {"fields.closed", "Дата закрытия"},
    {"fields.maturity", "Дата погашения"},
    {"fields.balance", "Остаток"},
    {"values.status.active", "Активный"},
    {"values.status.dormant", "Неактивный"},
    {"values.status.blocked", "Заблокированный"},
    {"values.status.closed", "Закрытый"},
    {NULL, NULL},
};

const crm_translations_t clients_account_translations[] = LANGUAGES(account);

/* --- card --- */

static const crm_translation_t card_pl[] = {
    {"label", "Karta"},
    {"label_plural", "Karty"},
    {"fields.masked_number", "Numer karty (zamaskowany)"},
    {"fields.cbs_id", "Identyfikator w systemie transakcyjnym"},
    {"fields.account_id", "Rachunek"},
    {"fields.account_cbs_id", "Identyfikator rachunku w systemie transakcyjnym"},
    {"fields.client_id", "Posiadacz karty"},
    {"fields.client_cbs_id", "Identyfikator posiadacza w systemie transakcyjnym"},
    {"fields.type", "Typ"},
    {"fields.status", "Status"},
    {"fields.expiry", "Data ważności (RRRR-MM)"},
    {"values.type.debit", "Debetowa"},
    {"values.type.credit", "Kredytowa"},
    {"values.type.prepaid", "Przedpłacona"},
    {"values.status.active", "Aktywna"},
    {"values.status.blocked", "Zablokowana"},
    {"values.status.expired", "Wygasła"},
    {"values.status.cancelled", "Anulowana"},
    {NULL, NULL},
};

static const crm_translation_t card_uk[] = {
    {"label", "Картка"},
    {"label_plural", "Картки"},
    {"fields.masked_number", "Номер картки (маскований)"},
    {"fields.cbs_id", "Ідентифікатор в АБС"},
    {"fields.account_id", "Рахунок"},
    {"fields.account_cbs_id", "Ідентифікатор рахунку в АБС"},
    {"fields.client_id", "Держатель картки"},
    {"fields.client_cbs_id", "Ідентифікатор держателя в АБС"},
    {"fields.type", "Тип"},
    {"fields.status", "Статус"},
    {"fields.expiry", "Термін дії (РРРР-ММ)"},
    {"values.type.debit", "Дебетова"},
    {"values.type.credit", "Кредитна"},
    {"values.type.prepaid", "Передплачена"},
    {"values.status.active", "Активна"},
    {"values.status.blocked", "Заблокована"},
    {"values.status.expired", "Термін дії минув"},
    {"values.status.cancelled", "Анульована"},
    {NULL, NULL},
};

static const crm_translation_t card_ru[] = {
    {"label", "Карта"},
    {"label_plural", "Карты"},
    {"fields.masked_number", "Номер карты (маскированный)"},
    {"fields.cbs_id", "Идентификатор в АБС"},
    {"fields.account_id", "Счёт"},
    {"fields.account_cbs_id", "Идентификатор счёта в АБС"},
    {"fields.client_id", "Держатель карты"},
    {"fields.client_cbs_id", "Идентификатор держателя в АБС"},
    {"fields.type", "Тип"},
    {"fields.status", "Статус"},
    {"fields.expiry", "Срок действия (ГГГГ-ММ)"},
    {"values.type.debit", "Дебетовая"},
    {"values.type.credit", "Кредитная"},
    {"values.type.prepaid", "Предоплаченная"},
    {"values.status.active", "Активна"},
    {"values.status.blocked", "Заблокирована"},
    {"values.status.expired", "Срок действия истёк"},
    {"values.status.cancelled", "Аннулирована"},
    {NULL, NULL},
};

const crm_translations_t clients_card_translations[] = LANGUAGES(card);

/* --- duplicate_candidate --- */

static const crm_translation_t duplicate_candidate_pl[] = {
    {"label", "Potencjalny duplikat"},
    {"label_plural", "Potencjalne duplikaty"},
    {"fields.client_a", "Klient (starszy rekord)"},
    {"fields.client_b", "Klient (nowszy rekord)"},
    {"fields.reasons", "Powody"},
    {"fields.score", "Podobieństwo (0–100)"},
    {"fields.status", "Status"},
    {"fields.detected_at", "Data wykrycia"},
    {"fields.merge_id", "Scalenie"},
    {"fields.notes", "Notatki (powód odrzucenia)"},
    {"values.status.open", "Otwarty"},
    {"values.status.merged", "Scalony"},
    {"values.status.dismissed", "Odrzucony"},
    {NULL, NULL},
};

static const crm_translation_t duplicate_candidate_uk[] = {
    {"label", "Можливий дублікат"},
    {"label_plural", "Можливі дублікати"},
    {"fields.client_a", "Клієнт (старіший запис)"},
    {"fields.client_b", "Клієнт (новіший запис)"},
    {"fields.reasons", "Причини"},
    {"fields.score", "Схожість (0–100)"},
    {"fields.status", "Статус"},
    {"fields.detected_at", "Дата виявлення"},
    {"fields.merge_id", "Об’єднання"},
    {"fields.notes", "Примітки (причина відхилення)"},
    {"values.status.open", "Відкритий"},
    {"values.status.merged", "Об’єднаний"},
    {"values.status.dismissed", "Відхилений"},
    {NULL, NULL},
};

static const crm_translation_t duplicate_candidate_ru[] = {
    {"label", "Возможный дубликат"},
    {"label_plural", "Возможные дубликаты"},
    {"fields.client_a", "Клиент (более ранняя запись)"},
    {"fields.client_b", "Клиент (более поздняя запись)"},
    {"fields.reasons", "Причины"},
    {"fields.score", "Сходство (0–100)"},
    {"fields.status", "Статус"},
    {"fields.detected_at", "Дата обнаружения"},
    {"fields.merge_id", "Объединение"},
    {"fields.notes", "Примечания (причина отклонения)"},
    {"values.status.open", "Открыт"},
    {"values.status.merged", "Объединён"},
    {"values.status.dismissed", "Отклонён"},
    {NULL, NULL},
};

const crm_translations_t clients_duplicate_candidate_translations[] =
    LANGUAGES(duplicate_candidate);

/* --- client_merge --- */

static const crm_translation_t client_merge_pl[] = {
    {"label", "Scalenie klientów"},
    {"label_plural", "Scalenia klientów"},
    {"fields.keep", "Klient zachowany"},
    {"fields.drop", "Klient scalony (zastąpiony)"},
    {"fields.keep_name", "Nazwa klienta zachowanego"},
    {"fields.drop_name", "Nazwa klienta zastąpionego"},
    {"fields.status", "Status"},
    {"fields.merged_by", "Scalone przez (identyfikator użytkownika)"},
    {"fields.merged_by_name", "Scalone przez"},
    {"fields.merged_at", "Data scalenia"},
    {"fields.fields", "Wybrane wartości (zachowany, zastąpiony, oba)"},
    {"fields.keep_before", "Klient zachowany przed scaleniem"},
    {"fields.drop_before", "Klient zastąpiony przed scaleniem"},
    {"fields.keep_version", "Wersja klienta zachowanego po scaleniu"},
    {"fields.drop_version", "Wersja klienta zastąpionego po scaleniu"},
    {"fields.moved", "Rekordy przepięte, według typu"},
    {"fields.undone_by", "Cofnięte przez (identyfikator użytkownika)"},
    {"fields.undone_by_name", "Cofnięte przez"},
    {"fields.undone_at", "Data cofnięcia"},
    {"fields.moved_back", "Rekordy przepięte z powrotem"},
    {"values.status.done", "Wykonane"},
    {"values.status.undone", "Cofnięte"},
    {NULL, NULL},
};

static const crm_translation_t client_merge_uk[] = {
    {"label", "Об’єднання клієнтів"},
    {"label_plural", "Об’єднання клієнтів"},
    {"fields.keep", "Збережений клієнт"},
    {"fields.drop", "Поглинений клієнт"},
    {"fields.keep_name", "Ім’я / назва збереженого клієнта"},
    {"fields.drop_name", "Ім’я / назва поглиненого клієнта"},
    {"fields.status", "Статус"},
    {"fields.merged_by", "Хто об’єднав (ідентифікатор користувача)"},
    {"fields.merged_by_name", "Хто об’єднав"},
    {"fields.merged_at", "Дата об’єднання"},
    {"fields.fields", "Вибрані значення (збережений, поглинений, обидва)"},
    {"fields.keep_before", "Збережений клієнт до об’єднання"},
    {"fields.drop_before", "Поглинений клієнт до об’єднання"},
    {"fields.keep_version", "Версія збереженого клієнта після об’єднання"},
    {"fields.drop_version", "Версія поглиненого клієнта після об’єднання"},
    {"fields.moved", "Перепризначені записи за типами"},
    {"fields.undone_by", "Хто скасував (ідентифікатор користувача)"},
    {"fields.undone_by_name", "Хто скасував"},
    {"fields.undone_at", "Дата скасування"},
    {"fields.moved_back", "Записи, повернуті назад"},
    {"values.status.done", "Виконано"},
    {"values.status.undone", "Скасовано"},
    {NULL, NULL},
};

static const crm_translation_t client_merge_ru[] = {
    {"label", "Объединение клиентов"},
    {"label_plural", "Объединения клиентов"},
    {"fields.keep", "Сохранённый клиент"},
    {"fields.drop", "Поглощённый клиент"},
    {"fields.keep_name", "ФИО / наименование сохранённого клиента"},
    {"fields.drop_name", "ФИО / наименование поглощённого клиента"},
    {"fields.status", "Статус"},
    {"fields.merged_by", "Кем объединено (идентификатор пользователя)"},
    {"fields.merged_by_name", "Кем объединено"},
    {"fields.merged_at", "Дата объединения"},
    {"fields.fields", "Выбранные значения (сохранённый, поглощённый, оба)"},
    {"fields.keep_before", "Сохранённый клиент до объединения"},
    {"fields.drop_before", "Поглощённый клиент до объединения"},
    {"fields.keep_version", "Версия сохранённого клиента после объединения"},
    {"fields.drop_version", "Версия поглощённого клиента после объединения"},
    {"fields.moved", "Перепривязанные записи по типам"},
    {"fields.undone_by", "Кем отменено (идентификатор пользователя)"},
    {"fields.undone_by_name", "Кем отменено"},
    {"fields.undone_at", "Дата отмены"},
    {"fields.moved_back", "Записи, привязанные обратно"},
    {"values.status.done", "Выполнено"},
    {"values.status.undone", "Отменено"},
    {NULL, NULL},
};

const crm_translations_t clients_client_merge_translations[] = LANGUAGES(client_merge);

/* --- reports --- */

/* The period dimensions every report of the plugin offers. */
#define PL_PERIODS               \
    {"dims.day", "Dzień"},       \
    {"dims.week", "Tydzień"},    \
    {"dims.month", "Miesiąc"},   \
    {"dims.quarter", "Kwartał"}, \
    {"dims.year", "Rok"}
#define UK_PERIODS               \
    {"dims.day", "День"},        \
    {"dims.week", "Тиждень"},    \
    {"dims.month", "Місяць"},    \
    {"dims.quarter", "Квартал"}, \
    {"dims.year", "Рік"}
#define RU_PERIODS               \
    {"dims.day", "День"},        \
    {"dims.week", "Неделя"},     \
    {"dims.month", "Месяц"},     \
    {"dims.quarter", "Квартал"}, \
    {"dims.year", "Год"}

/* The dimensions and measures clients_base and clients_new share. */
#define PL_CLIENT_LABELS                            \
    {"dims.segment", "Segment"},                  \
    {"dims.lifecycle_phase", "Etap cyklu życia"}, \
    {"dims.unit", "Jednostka"},                   \
    {"dims.owner", "Właściciel"},                 \
    {"dims.kind", "Rodzaj"},                      \
    {"dims.status", "Status"},                    \
    {"dims.source", "Źródło pozyskania"},         \
    PL_PERIODS,                                   \
    {"measures.clients", "Liczba klientów"},      \
    {"measures.avg_completeness", "Średnia kompletność danych (%)"}
#define UK_CLIENT_LABELS                                \
    {"dims.segment", "Сегмент"},                      \
    {"dims.lifecycle_phase", "Етап життєвого циклу"}, \
    {"dims.unit", "Підрозділ"},                       \
    {"dims.owner", "Власник"},                        \
    {"dims.kind", "Тип"},                             \
    {"dims.status", "Статус"},                        \
    {"dims.source", "Джерело залучення"},             \
    UK_PERIODS,                                       \
    {"measures.clients", "Кількість клієнтів"},       \
    {"measures.avg_completeness", "Середня повнота даних (%)"}
#define RU_CLIENT_LABELS                                 \
    {"dims.segment", "Сегмент"},                       \
    {"dims.lifecycle_phase", "Этап жизненного цикла"}, \
    {"dims.unit", "Подразделение"},                    \
    {"dims.owner", "Владелец"},                        \
    {"dims.kind", "Тип"},                              \
    {"dims.status", "Статус"},                         \
    {"dims.source", "Источник привлечения"},           \
    RU_PERIODS,                                        \
    {"measures.clients", "Количество клиентов"},       \
    {"measures.avg_completeness", "Средняя полнота данных (%)"}

static const crm_translation_t report_base_pl[] = {
    {"title", "Baza klientów"},
    {"description", "Klienci według segmentu, etapu cyklu życia, jednostki i właściciela; okres "
                    "(od–do) dotyczy daty utworzenia klienta"},
    PL_CLIENT_LABELS,
    {NULL, NULL},
};

static const crm_translation_t report_base_uk[] = {
    {"title", "Клієнтська база"},
    {"description", "Клієнти за сегментом, етапом життєвого циклу, підрозділом і власником; "
                    "період (з–по) — за датою створення клієнта"},
    UK_CLIENT_LABELS,
    {NULL, NULL},
};

static const crm_translation_t report_base_ru[] = {
    {"title", "Клиентская база"},
    {"description", "Клиенты по сегменту, этапу жизненного цикла, подразделению и владельцу; "
                    "период (с–по) — по дате создания клиента"},
    RU_CLIENT_LABELS,
    {NULL, NULL},
};

const crm_translations_t clients_report_base_translations[] = LANGUAGES(report_base);

static const crm_translation_t report_new_pl[] = {
    {"title", "Nowi klienci"},
    {"description", "Pozyskani klienci według źródła i okresu utworzenia"},
    PL_CLIENT_LABELS,
    {NULL, NULL},
};

static const crm_translation_t report_new_uk[] = {
    {"title", "Нові клієнти"},
    {"description", "Залучені клієнти за джерелом і періодом створення"},
    UK_CLIENT_LABELS,
    {NULL, NULL},
};

static const crm_translation_t report_new_ru[] = {
    {"title", "Новые клиенты"},
    {"description", "Привлечённые клиенты по источнику и периоду создания"},
    RU_CLIENT_LABELS,
    {NULL, NULL},
};

const crm_translations_t clients_report_new_translations[] = LANGUAGES(report_new);

static const crm_translation_t report_tasks_pl[] = {
    {"title", "Zadania według pracowników"},
    {"description", "Zadania według wykonawcy, jednostki, statusu i okresu; okres (od–do) "
                    "dotyczy terminu zadania"},
    {"dims.employee", "Pracownik"},
    {"dims.unit", "Jednostka"},
    {"dims.owner", "Właściciel"},
    {"dims.status", "Status"},
    {"dims.priority", "Priorytet"},
    PL_PERIODS,
    {"measures.tasks", "Liczba zadań"},
    {NULL, NULL},
};

static const crm_translation_t report_tasks_uk[] = {
    {"title", "Завдання за працівниками"},
    {"description", "Завдання за виконавцем, підрозділом, статусом і періодом; період (з–по) — "
                    "за терміном виконання"},
    {"dims.employee", "Працівник"},
    {"dims.unit", "Підрозділ"},
    {"dims.owner", "Власник"},
    {"dims.status", "Статус"},
    {"dims.priority", "Пріоритет"},
    UK_PERIODS,
    {"measures.tasks", "Кількість завдань"},
    {NULL, NULL},
};

static const crm_translation_t report_tasks_ru[] = {
    {"title", "Задачи по сотрудникам"},
    {"description", "Задачи по исполнителю, подразделению, статусу и периоду; период (с–по) — "
                    "по сроку задачи"},
    {"dims.employee", "Сотрудник"},
    {"dims.unit", "Подразделение"},
    {"dims.owner", "Владелец"},
    {"dims.status", "Статус"},
    {"dims.priority", "Приоритет"},
    RU_PERIODS,
    {"measures.tasks", "Количество задач"},
    {NULL, NULL},
};

const crm_translations_t clients_report_tasks_translations[] = LANGUAGES(report_tasks);

static const crm_translation_t report_interactions_pl[] = {
    {"title", "Interakcje według pracowników"},
    {"description", "Rozmowy telefoniczne, spotkania, e-maile i inne interakcje według "
                    "pracownika, jednostki i okresu"},
    {"dims.employee", "Pracownik"},
    {"dims.unit", "Jednostka"},
    {"dims.owner", "Właściciel"},
    {"dims.kind", "Rodzaj"},
    {"dims.channel", "Kanał"},
    {"dims.direction", "Kierunek"},
    PL_PERIODS,
    {"measures.interactions", "Liczba interakcji"},
    {NULL, NULL},
};

static const crm_translation_t report_interactions_uk[] = {
    {"title", "Взаємодії за працівниками"},
    {"description", "Дзвінки, зустрічі, електронні листи та інші взаємодії за працівником, "
                    "підрозділом і періодом"},
    {"dims.employee", "Працівник"},
    {"dims.unit", "Підрозділ"},
    {"dims.owner", "Власник"},
    {"dims.kind", "Тип"},
    {"dims.channel", "Канал"},
    {"dims.direction", "Напрям"},
    UK_PERIODS,
    {"measures.interactions", "Кількість взаємодій"},
    {NULL, NULL},
};

static const crm_translation_t report_interactions_ru[] = {
    {"title", "Взаимодействия по сотрудникам"},
    {"description", "Звонки, встречи, электронные письма и другие взаимодействия по сотруднику, "
                    "подразделению и периоду"},
    {"dims.employee", "Сотрудник"},
    {"dims.unit", "Подразделение"},
    {"dims.owner", "Владелец"},
    {"dims.kind", "Тип"},
    {"dims.channel", "Канал"},
    {"dims.direction", "Направление"},
    RU_PERIODS,
    {"measures.interactions", "Количество взаимодействий"},
    {NULL, NULL},
};

const crm_translations_t clients_report_interactions_translations[] =
    LANGUAGES(report_interactions);

static const crm_translation_t report_completeness_pl[] = {
    {"title", "Kompletność danych"},
    {"description", "Średnia kompletność danych i klienci poniżej progu "
                    "clients.completeness_threshold według właściciela i jednostki; okres (od–do) "
                    "dotyczy daty utworzenia klienta"},
    {"dims.owner", "Właściciel"},
    {"dims.unit", "Jednostka"},
    {"dims.segment", "Segment"},
    {"measures.avg_completeness", "Średnia kompletność danych (%)"},
    {"measures.clients", "Liczba klientów"},
    {"measures.below_threshold", "Klienci poniżej progu"},
    {NULL, NULL},
};

static const crm_translation_t report_completeness_uk[] = {
    {"title", "Повнота даних"},
    {"description", "Середня повнота даних і клієнти нижче порогу clients.completeness_threshold "
                    "за власником і підрозділом; період (з–по) — за датою створення клієнта"},
    {"dims.owner", "Власник"},
    {"dims.unit", "Підрозділ"},
    {"dims.segment", "Сегмент"},
    {"measures.avg_completeness", "Середня повнота даних (%)"},
    {"measures.clients", "Кількість клієнтів"},
    {"measures.below_threshold", "Клієнти нижче порогу"},
    {NULL, NULL},
};

static const crm_translation_t report_completeness_ru[] = {
    {"title", "Полнота данных"},
    {"description", "Средняя полнота данных и клиенты ниже порога clients.completeness_threshold "
                    "по владельцу и подразделению; период (с–по) — по дате создания клиента"},
    {"dims.owner", "Владелец"},
    {"dims.unit", "Подразделение"},
    {"dims.segment", "Сегмент"},
    {"measures.avg_completeness", "Средняя полнота данных (%)"},
    {"measures.clients", "Количество клиентов"},
    {"measures.below_threshold", "Клиенты ниже порога"},
    {NULL, NULL},
};

const crm_translations_t clients_report_completeness_translations[] =
    LANGUAGES(report_completeness);

static const crm_translation_t report_activity_pl[] = {
    {"title", "Aktywność doradców"},
    {"description", "Zadania wykonane, otwarte i po terminie (według terminu) oraz rozmowy "
                    "telefoniczne, spotkania i e-maile (według daty) dla pracownika, jednostki i "
                    "okresu"},
    {"dims.employee", "Pracownik"},
    {"dims.unit", "Jednostka"},
    PL_PERIODS,
    {"measures.tasks_done", "Zadania wykonane"},
    {"measures.tasks_pending", "Zadania otwarte"},
    {"measures.tasks_overdue", "Zadania po terminie"},
    {"measures.calls", "Rozmowy telefoniczne"},
    {"measures.meetings", "Spotkania"},
    {"measures.emails", "E-maile"},
    {NULL, NULL},
};

static const crm_translation_t report_activity_uk[] = {
    {"title", "Активність менеджерів"},
    {"description", "Виконані, відкриті та прострочені завдання (за терміном виконання), а "
                    "також дзвінки, зустрічі й електронні листи (за датою) за працівником, "
                    "підрозділом і періодом"},
    {"dims.employee", "Працівник"},
    {"dims.unit", "Підрозділ"},
    UK_PERIODS,
    {"measures.tasks_done", "Виконані завдання"},
    {"measures.tasks_pending", "Відкриті завдання"},
    {"measures.tasks_overdue", "Прострочені завдання"},
    {"measures.calls", "Дзвінки"},
    {"measures.meetings", "Зустрічі"},
    {"measures.emails", "Електронні листи"},
    {NULL, NULL},
};

static const crm_translation_t report_activity_ru[] = {
    {"title", "Активность менеджеров"},
    {"description", "Выполненные, открытые и просроченные задачи (по сроку), а также звонки, "
                    "встречи и электронные письма (по дате) по сотруднику, подразделению и "
                    "периоду"},
    {"dims.employee", "Сотрудник"},
    {"dims.unit", "Подразделение"},
    RU_PERIODS,
    {"measures.tasks_done", "Выполненные задачи"},
    {"measures.tasks_pending", "Открытые задачи"},
    {"measures.tasks_overdue", "Просроченные задачи"},
    {"measures.calls", "Звонки"},
    {"measures.meetings", "Встречи"},
    {"measures.emails", "Электронные письма"},
    {NULL, NULL},
};

const crm_translations_t clients_report_activity_translations[] = LANGUAGES(report_activity);

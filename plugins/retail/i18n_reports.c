/* The labels of the plugin's reports in Polish, Ukrainian and Russian, for the staff UI (keys
 * as in crm_translation_t: "title", "description", "dims.<dim>", "measures.<measure>"). */
#include "reports-private.h"

/* One report's tables in the three languages, as the list `.translations` points at. */
#define LANGUAGES(t) {{"pl", t##_pl}, {"uk", t##_uk}, {"ru", t##_ru}, {NULL, NULL}}

/* --- what several reports share --- */

#define PL_PERIODS                                                                            \
    {"dims.day", "Dzień"}, {"dims.week", "Tydzień"}, {"dims.month", "Miesiąc"},               \
        {"dims.quarter", "Kwartał"}, {"dims.year", "Rok"}
#define UK_PERIODS                                                                            \
    {"dims.day", "День"}, {"dims.week", "Тиждень"}, {"dims.month", "Місяць"},                 \
        {"dims.quarter", "Квартал"}, {"dims.year", "Рік"}
#define RU_PERIODS                                                                            \
    {"dims.day", "День"}, {"dims.week", "Неделя"}, {"dims.month", "Месяц"},                   \
        {"dims.quarter", "Квартал"}, {"dims.year", "Год"}

#define PL_PRODUCT                                                                            \
    {"dims.product", "Produkt"}, {"dims.product_type", "Rodzaj produktu"},                    \
        {"dims.product_line", "Linia produktowa"}
#define UK_PRODUCT                                                                            \
    {"dims.product", "Продукт"}, {"dims.product_type", "Тип продукту"},                       \
        {"dims.product_line", "Продуктова лінійка"}
#define RU_PRODUCT                                                                            \
    {"dims.product", "Продукт"}, {"dims.product_type", "Тип продукта"},                       \
        {"dims.product_line", "Продуктовая линейка"}

#define PL_PEOPLE {"dims.unit", "Jednostka"}, {"dims.owner", "Doradca"}
#define UK_PEOPLE {"dims.unit", "Підрозділ"}, {"dims.owner", "Консультант"}
#define RU_PEOPLE {"dims.unit", "Подразделение"}, {"dims.owner", "Консультант"}

#define PL_ORIGIN                                                                             \
    {"dims.source", "Źródło"}, {"dims.campaign", "Kampania"}, {"dims.kind", "Rodzaj klienta"}
#define UK_ORIGIN                                                                             \
    {"dims.source", "Джерело"}, {"dims.campaign", "Кампанія"}, {"dims.kind", "Тип клієнта"}
#define RU_ORIGIN                                                                             \
    {"dims.source", "Источник"}, {"dims.campaign", "Кампания"}, {"dims.kind", "Тип клиента"}

#define PL_VALUE {"measures.value", "Wartość"}, {"measures.avg_value", "Średnia wartość"}
#define UK_VALUE {"measures.value", "Сума"}, {"measures.avg_value", "Середня сума"}
#define RU_VALUE {"measures.value", "Сумма"}, {"measures.avg_value", "Средняя сумма"}

#define PL_DAYS {"measures.avg_days_to_sign", "Średnia liczba dni od leadu do podpisania"}
#define UK_DAYS {"measures.avg_days_to_sign", "Середня кількість днів від ліда до підписання"}
#define RU_DAYS {"measures.avg_days_to_sign", "Среднее число дней от лида до подписания"}

/* --- retail_pipeline --- */

static const crm_translation_t pipeline_pl[] = {
    {"title", "Otwarty lejek sprzedaży"},
    {"description", "Otwarte szanse sprzedaży (od leadu do wniosku) według etapu, produktu, "
                    "doradcy, jednostki, źródła i okresu zamknięcia, z wartością, wartością "
                    "ważoną prawdopodobieństwem i liczbą utkniętych; okres (od–do) dotyczy "
                    "przewidywanego zamknięcia (do wczoraj: przeterminowane)"},
    {"dims.stage", "Etap"},
    PL_PRODUCT,
    PL_PEOPLE,
    PL_ORIGIN,
    {"dims.stuck", "Utknęła"},
    PL_PERIODS,
    {"measures.opportunities", "Otwarte szanse"},
    PL_VALUE,
    {"measures.weighted_value", "Wartość ważona prawdopodobieństwem"},
    {"measures.avg_probability", "Średnie prawdopodobieństwo (%)"},
    {"measures.stuck_count", "Utknęło"},
    {"measures.stuck_value", "Wartość utkniętych"},
    {"measures.stuck_share", "Udział utkniętych"},
    {NULL, NULL},
};

static const crm_translation_t pipeline_uk[] = {
    {"title", "Відкрита воронка продажів"},
    {"description", "Відкриті можливості продажу (від ліда до заявки) за етапом, продуктом, "
                    "консультантом, підрозділом, джерелом і періодом закриття, з сумою, сумою, "
                    "зваженою на ймовірність, та кількістю завислих; період (з–по) — за "
                    "очікуваною датою закриття (по вчора: прострочені)"},
    {"dims.stage", "Етап"},
    UK_PRODUCT,
    UK_PEOPLE,
    UK_ORIGIN,
    {"dims.stuck", "Зависла"},
    UK_PERIODS,
    {"measures.opportunities", "Відкриті можливості"},
    UK_VALUE,
    {"measures.weighted_value", "Сума, зважена на ймовірність"},
    {"measures.avg_probability", "Середня ймовірність (%)"},
    {"measures.stuck_count", "Завислі"},
    {"measures.stuck_value", "Сума завислих"},
    {"measures.stuck_share", "Частка завислих"},
    {NULL, NULL},
};

static const crm_translation_t pipeline_ru[] = {
    {"title", "Открытая воронка продаж"},
    {"description", "Открытые возможности продажи (от лида до заявки) по этапу, продукту, "
                    "консультанту, подразделению, источнику и периоду закрытия, с суммой, "
                    "суммой, взвешенной по вероятности, и числом зависших; период (с–по) — по "
                    "ожидаемой дате закрытия (по вчера: просроченные)"},
    {"dims.stage", "Этап"},
    RU_PRODUCT,
    RU_PEOPLE,
    RU_ORIGIN,
    {"dims.stuck", "Зависла"},
    RU_PERIODS,
    {"measures.opportunities", "Открытые возможности"},
    RU_VALUE,
    {"measures.weighted_value", "Сумма, взвешенная по вероятности"},
    {"measures.avg_probability", "Средняя вероятность (%)"},
    {"measures.stuck_count", "Зависшие"},
    {"measures.stuck_value", "Сумма зависших"},
    {"measures.stuck_share", "Доля зависших"},
    {NULL, NULL},
};

const crm_translations_t retail_report_pipeline_translations[] = LANGUAGES(pipeline);

/* --- retail_conversion --- */

static const crm_translation_t conversion_pl[] = {
    {"title", "Konwersja"},
    {"description", "Szanse sprzedaży według daty leadu: ile podpisano i utracono, udziały, dni "
                    "od leadu do podpisania, do którego etapu doszły i na którym odpadły, według "
                    "źródła, kampanii, produktu, doradcy i jednostki; okres (od–do) dotyczy daty "
                    "leadu"},
    PL_ORIGIN,
    PL_PRODUCT,
    PL_PEOPLE,
    {"dims.stage", "Obecny etap"},
    {"dims.lost_from_stage", "Utracona na etapie"},
    {"dims.lost_reason", "Powód utraty"},
    PL_PERIODS,
    {"measures.opportunities", "Szanse sprzedaży"},
    {"measures.open", "Nadal otwarte"},
    {"measures.signed", "Podpisane"},
    {"measures.lost", "Utracone"},
    {"measures.closed", "Zamknięte (podpisane lub utracone)"},
    {"measures.signed_share", "Udział podpisanych"},
    {"measures.lost_share", "Udział utraconych"},
    {"measures.win_rate", "Podpisane spośród zamkniętych"},
    {"measures.signed_value", "Wartość podpisanych"},
    PL_DAYS,
    {"measures.reached_qualified", "Doszły do kwalifikacji"},
    {"measures.reached_offer", "Doszły do oferty"},
    {"measures.reached_application", "Doszły do wniosku"},
    {"measures.lost_at_lead", "Odpadły jako lead"},
    {"measures.lost_at_qualified", "Odpadły po kwalifikacji"},
    {"measures.lost_at_offer", "Odpadły na etapie oferty"},
    {"measures.lost_at_application", "Odpadły na etapie wniosku"},
    {"measures.dropout_lead", "Odpływ na etapie leadu"},
    {"measures.dropout_qualified", "Odpływ spośród zakwalifikowanych"},
    {"measures.dropout_offer", "Odpływ spośród ofert"},
    {"measures.dropout_application", "Odpływ spośród wniosków"},
    {NULL, NULL},
};

static const crm_translation_t conversion_uk[] = {
    {"title", "Конверсія"},
    {"description", "Можливості продажу за датою ліда: скільки підписано й втрачено, частки, дні "
                    "від ліда до підписання, до якого етапу дійшли й на якому відпали, за "
                    "джерелом, кампанією, продуктом, консультантом і підрозділом; період (з–по) — "
                    "за датою ліда"},
    UK_ORIGIN,
    UK_PRODUCT,
    UK_PEOPLE,
    {"dims.stage", "Поточний етап"},
    {"dims.lost_from_stage", "Втрачена на етапі"},
    {"dims.lost_reason", "Причина втрати"},
    UK_PERIODS,
    {"measures.opportunities", "Можливості продажу"},
    {"measures.open", "Ще відкриті"},
    {"measures.signed", "Підписані"},
    {"measures.lost", "Втрачені"},
    {"measures.closed", "Закриті (підписані або втрачені)"},
    {"measures.signed_share", "Частка підписаних"},
    {"measures.lost_share", "Частка втрачених"},
    {"measures.win_rate", "Підписані серед закритих"},
    {"measures.signed_value", "Сума підписаних"},
    UK_DAYS,
    {"measures.reached_qualified", "Дійшли до кваліфікації"},
    {"measures.reached_offer", "Дійшли до пропозиції"},
    {"measures.reached_application", "Дійшли до заявки"},
    {"measures.lost_at_lead", "Відпали як лід"},
    {"measures.lost_at_qualified", "Відпали після кваліфікації"},
    {"measures.lost_at_offer", "Відпали на пропозиції"},
    {"measures.lost_at_application", "Відпали на заявці"},
    {"measures.dropout_lead", "Відтік на етапі ліда"},
    {"measures.dropout_qualified", "Відтік серед кваліфікованих"},
    {"measures.dropout_offer", "Відтік серед пропозицій"},
    {"measures.dropout_application", "Відтік серед заявок"},
    {NULL, NULL},
};

static const crm_translation_t conversion_ru[] = {
    {"title", "Конверсия"},
    {"description", "Возможности продажи по дате лида: сколько подписано и потеряно, доли, дни "
                    "от лида до подписания, до какого этапа дошли и на каком отпали, по "
                    "источнику, кампании, продукту, консультанту и подразделению; период (с–по) "
                    "— по дате лида"},
    RU_ORIGIN,
    RU_PRODUCT,
    RU_PEOPLE,
    {"dims.stage", "Текущий этап"},
    {"dims.lost_from_stage", "Потеряна на этапе"},
    {"dims.lost_reason", "Причина потери"},
    RU_PERIODS,
    {"measures.opportunities", "Возможности продажи"},
    {"measures.open", "Ещё открыты"},
    {"measures.signed", "Подписаны"},
    {"measures.lost", "Потеряны"},
    {"measures.closed", "Закрыты (подписаны или потеряны)"},
    {"measures.signed_share", "Доля подписанных"},
    {"measures.lost_share", "Доля потерянных"},
    {"measures.win_rate", "Подписаны среди закрытых"},
    {"measures.signed_value", "Сумма подписанных"},
    RU_DAYS,
    {"measures.reached_qualified", "Дошли до квалификации"},
    {"measures.reached_offer", "Дошли до предложения"},
    {"measures.reached_application", "Дошли до заявки"},
    {"measures.lost_at_lead", "Отпали как лид"},
    {"measures.lost_at_qualified", "Отпали после квалификации"},
    {"measures.lost_at_offer", "Отпали на предложении"},
    {"measures.lost_at_application", "Отпали на заявке"},
    {"measures.dropout_lead", "Отток на этапе лида"},
    {"measures.dropout_qualified", "Отток среди квалифицированных"},
    {"measures.dropout_offer", "Отток среди предложений"},
    {"measures.dropout_application", "Отток среди заявок"},
    {NULL, NULL},
};

const crm_translations_t retail_report_conversion_translations[] = LANGUAGES(conversion);

/* --- retail_sales and retail_sales_dynamics --- */

#define PL_SALES                                                                              \
    PL_PRODUCT, PL_PEOPLE, PL_ORIGIN, PL_PERIODS, {"measures.contracts", "Podpisane umowy"},  \
        PL_VALUE, {"measures.commission", "Prowizja"}, PL_DAYS
#define UK_SALES                                                                              \
    UK_PRODUCT, UK_PEOPLE, UK_ORIGIN, UK_PERIODS, {"measures.contracts", "Підписані договори"}, \
        UK_VALUE, {"measures.commission", "Комісія"}, UK_DAYS
#define RU_SALES                                                                              \
    RU_PRODUCT, RU_PEOPLE, RU_ORIGIN, RU_PERIODS,                                             \
        {"measures.contracts", "Подписанные договоры"}, RU_VALUE,                             \
        {"measures.commission", "Комиссия"}, RU_DAYS

static const crm_translation_t sales_pl[] = {
    {"title", "Podpisane umowy"},
    {"description", "Podpisane szanse sprzedaży, ich wartość i prowizja według produktu, linii "
                    "produktowej, jednostki, doradcy, rodzaju klienta (nowi, obecni, odnowienia), "
                    "źródła i okresu; okres (od–do) dotyczy dnia podpisania"},
    PL_SALES,
    {NULL, NULL},
};

static const crm_translation_t sales_uk[] = {
    {"title", "Підписані договори"},
    {"description", "Підписані можливості продажу, їх сума та комісія за продуктом, продуктовою "
                    "лінійкою, підрозділом, консультантом, типом клієнта (нові, наявні, "
                    "пролонгації), джерелом і періодом; період (з–по) — за днем підписання"},
    UK_SALES,
    {NULL, NULL},
};

static const crm_translation_t sales_ru[] = {
    {"title", "Подписанные договоры"},
    {"description", "Подписанные возможности продажи, их сумма и комиссия по продукту, "
                    "продуктовой линейке, подразделению, консультанту, типу клиента (новые, "
                    "существующие, пролонгации), источнику и периоду; период (с–по) — по дню "
                    "подписания"},
    RU_SALES,
    {NULL, NULL},
};

const crm_translations_t retail_report_sales_translations[] = LANGUAGES(sales);

static const crm_translation_t dynamics_pl[] = {
    {"title", "Dynamika sprzedaży"},
    {"description", "Podpisane umowy i ich wartość według miesiąca, kwartału lub roku: miesiąc, "
                    "kwartał lub rok z porównaniem z poprzednim okresem albo z rokiem wcześniej"},
    PL_SALES,
    {NULL, NULL},
};

static const crm_translation_t dynamics_uk[] = {
    {"title", "Динаміка продажів"},
    {"description", "Підписані договори та їх сума за місяцем, кварталом або роком: місяць, "
                    "квартал або рік у порівнянні з попереднім періодом або з роком раніше"},
    UK_SALES,
    {NULL, NULL},
};

static const crm_translation_t dynamics_ru[] = {
    {"title", "Динамика продаж"},
    {"description", "Подписанные договоры и их сумма по месяцу, кварталу или году: месяц, "
                    "квартал или год в сравнении с предыдущим периодом или с годом ранее"},
    RU_SALES,
    {NULL, NULL},
};

const crm_translations_t retail_report_dynamics_translations[] = LANGUAGES(dynamics);

/* --- retail_renewals --- */

static const crm_translation_t renewals_pl[] = {
    {"title", "Odnowienia"},
    {"description", "Odnowienia zapadających umów według wyniku w dniu zapadalności "
                    "(przedłużone lub wygasłe) i powodu wygaśnięcia, według produktu, doradcy, "
                    "jednostki i okresu; okres (od–do) dotyczy dnia zapadalności"},
    {"dims.outcome", "Wynik"},
    {"dims.reason", "Powód wygaśnięcia"},
    {"dims.stage", "Etap"},
    PL_PRODUCT,
    PL_PEOPLE,
    PL_PERIODS,
    {"measures.renewals", "Odnowienia"},
    {"measures.extended", "Przedłużone"},
    {"measures.expired", "Wygasłe"},
    {"measures.pending", "Jeszcze niezapadłe"},
    {"measures.decided", "Zapadłe"},
    {"measures.retention", "Udział przedłużonych"},
    {"measures.value", "Wartość"},
    {"measures.extended_value", "Wartość przedłużonych"},
    {NULL, NULL},
};

static const crm_translation_t renewals_uk[] = {
    {"title", "Пролонгації"},
    {"description", "Пролонгації договорів, строк яких спливає, за результатом на дату "
                    "погашення (продовжені або завершені) і причиною завершення, за продуктом, "
                    "консультантом, підрозділом і періодом; період (з–по) — за датою погашення"},
    {"dims.outcome", "Результат"},
    {"dims.reason", "Причина завершення"},
    {"dims.stage", "Етап"},
    UK_PRODUCT,
    UK_PEOPLE,
    UK_PERIODS,
    {"measures.renewals", "Пролонгації"},
    {"measures.extended", "Продовжені"},
    {"measures.expired", "Завершені"},
    {"measures.pending", "Строк ще не сплив"},
    {"measures.decided", "Строк сплив"},
    {"measures.retention", "Частка продовжених"},
    {"measures.value", "Сума"},
    {"measures.extended_value", "Сума продовжених"},
    {NULL, NULL},
};

static const crm_translation_t renewals_ru[] = {
    {"title", "Пролонгации"},
    {"description", "Пролонгации договоров, срок которых истекает, по результату на дату "
                    "погашения (продлены или завершены) и причине завершения, по продукту, "
                    "консультанту, подразделению и периоду; период (с–по) — по дате погашения"},
    {"dims.outcome", "Результат"},
    {"dims.reason", "Причина завершения"},
    {"dims.stage", "Этап"},
    RU_PRODUCT,
    RU_PEOPLE,
    RU_PERIODS,
    {"measures.renewals", "Пролонгации"},
    {"measures.extended", "Продлены"},
    {"measures.expired", "Завершены"},
    {"measures.pending", "Срок ещё не истёк"},
    {"measures.decided", "Срок истёк"},
    {"measures.retention", "Доля продлённых"},
    {"measures.value", "Сумма"},
    {"measures.extended_value", "Сумма продлённых"},
    {NULL, NULL},
};

const crm_translations_t retail_report_renewals_translations[] = LANGUAGES(renewals);

/* --- retail_referrals --- */

static const crm_translation_t referrals_pl[] = {
    {"title", "Polecenia"},
    {"description", "Polecenia według pracownika, który przekazał potrzebę klienta, doradcy, "
                    "któremu ją przekazano, jednostki, statusu, wyniku, rodzaju produktu i "
                    "okresu: ile zamieniono na szanse sprzedaży, odrzucono, podpisano lub "
                    "utracono, z udziałem zamienionych i podpisanych; okres (od–do) dotyczy "
                    "dnia polecenia"},
    {"dims.referrer", "Polecający"},
    {"dims.advisor", "Doradca"},
    {"dims.unit", "Jednostka"},
    {"dims.status", "Status"},
    {"dims.outcome", "Wynik"},
    {"dims.product_type", "Rodzaj produktu"},
    PL_PERIODS,
    {"measures.referrals", "Polecenia"},
    {"measures.accepted", "Przyjęte, jeszcze niezamienione"},
    {"measures.converted", "Zamienione na szanse"},
    {"measures.declined", "Odrzucone"},
    {"measures.signed", "Podpisane"},
    {"measures.lost", "Utracone"},
    {"measures.open", "W toku"},
    {"measures.conversion", "Udział zamienionych"},
    {"measures.success", "Udział podpisanych"},
    {NULL, NULL},
};

static const crm_translation_t referrals_uk[] = {
    {"title", "Рекомендації"},
    {"description", "Рекомендації за працівником, який передав потребу клієнта, консультантом, "
                    "якому її передано, підрозділом, статусом, результатом, типом продукту та "
                    "періодом: скільки перетворено на можливості продажу, відхилено, підписано "
                    "чи втрачено, з часткою перетворених і підписаних; період (з–по) — за днем "
                    "рекомендації"},
    {"dims.referrer", "Хто рекомендував"},
    {"dims.advisor", "Консультант"},
    {"dims.unit", "Підрозділ"},
    {"dims.status", "Статус"},
    {"dims.outcome", "Результат"},
    {"dims.product_type", "Тип продукту"},
    UK_PERIODS,
    {"measures.referrals", "Рекомендації"},
    {"measures.accepted", "Прийняті, ще не перетворені"},
    {"measures.converted", "Перетворені на можливості"},
    {"measures.declined", "Відхилені"},
    {"measures.signed", "Підписані"},
    {"measures.lost", "Втрачені"},
    {"measures.open", "У роботі"},
    {"measures.conversion", "Частка перетворених"},
    {"measures.success", "Частка підписаних"},
    {NULL, NULL},
};

static const crm_translation_t referrals_ru[] = {
    {"title", "Рекомендации"},
    {"description", "Рекомендации по сотруднику, передавшему потребность клиента, консультанту, "
                    "которому её передали, подразделению, статусу, результату, типу продукта и "
                    "периоду: сколько преобразовано в возможности продажи, отклонено, подписано "
                    "или потеряно, с долей преобразованных и подписанных; период (с–по) — по "
                    "дню рекомендации"},
    {"dims.referrer", "Кто рекомендовал"},
    {"dims.advisor", "Консультант"},
    {"dims.unit", "Подразделение"},
    {"dims.status", "Статус"},
    {"dims.outcome", "Результат"},
    {"dims.product_type", "Тип продукта"},
    RU_PERIODS,
    {"measures.referrals", "Рекомендации"},
    {"measures.accepted", "Приняты, ещё не преобразованы"},
    {"measures.converted", "Преобразованы в возможности"},
    {"measures.declined", "Отклонены"},
    {"measures.signed", "Подписаны"},
    {"measures.lost", "Потеряны"},
    {"measures.open", "В работе"},
    {"measures.conversion", "Доля преобразованных"},
    {"measures.success", "Доля подписанных"},
    {NULL, NULL},
};

const crm_translations_t retail_report_referrals_translations[] = LANGUAGES(referrals);

/* --- retail_targets --- */

static const crm_translation_t targets_pl[] = {
    {"title", "Cele a wykonanie"},
    {"description", "Każdy cel sprzedażowy (jednostki lub pracownika, na miesiąc, kwartał lub "
                    "rok) z umowami podpisanymi w jego okresie lub ich kwotą oraz stopniem "
                    "realizacji; okres (od–do) wybiera cele, których okres się z nim pokrywa"},
    {"dims.target", "Cel"},
    {"dims.unit", "Jednostka"},
    {"dims.employee", "Pracownik"},
    {"dims.period", "Okres"},
    {"dims.period_start", "Początek okresu"},
    {"dims.period_end", "Koniec okresu"},
    PL_PRODUCT,
    {"dims.metric", "Miara"},
    {"measures.target_count", "Cel (umowy)"},
    {"measures.actual_count", "Podpisane umowy"},
    {"measures.target_amount", "Cel (kwota)"},
    {"measures.actual_amount", "Podpisana kwota"},
    {"measures.achievement", "Stopień realizacji"},
    {NULL, NULL},
};

static const crm_translation_t targets_uk[] = {
    {"title", "План і факт"},
    {"description", "Кожен план продажів (підрозділу чи працівника, на місяць, квартал або рік) "
                    "з договорами, підписаними в його періоді, або їх сумою та відсотком "
                    "виконання; період (з–по) вибирає плани, період яких з ним перетинається"},
    {"dims.target", "План"},
    {"dims.unit", "Підрозділ"},
    {"dims.employee", "Працівник"},
    {"dims.period", "Період"},
    {"dims.period_start", "Початок періоду"},
    {"dims.period_end", "Кінець періоду"},
    UK_PRODUCT,
    {"dims.metric", "Показник"},
    {"measures.target_count", "План (договори)"},
    {"measures.actual_count", "Підписані договори"},
    {"measures.target_amount", "План (сума)"},
    {"measures.actual_amount", "Підписана сума"},
    {"measures.achievement", "Виконання плану"},
    {NULL, NULL},
};

static const crm_translation_t targets_ru[] = {
    {"title", "План и факт"},
    {"description", "Каждый план продаж (подразделения или сотрудника, на месяц, квартал или "
                    "год) с договорами, подписанными в его периоде, или их суммой и процентом "
                    "выполнения; период (с–по) выбирает планы, период которых с ним "
                    "пересекается"},
    {"dims.target", "План"},
    {"dims.unit", "Подразделение"},
    {"dims.employee", "Сотрудник"},
    {"dims.period", "Период"},
    {"dims.period_start", "Начало периода"},
    {"dims.period_end", "Конец периода"},
    RU_PRODUCT,
    {"dims.metric", "Показатель"},
    {"measures.target_count", "План (договоры)"},
    {"measures.actual_count", "Подписанные договоры"},
    {"measures.target_amount", "План (сумма)"},
    {"measures.actual_amount", "Подписанная сумма"},
    {"measures.achievement", "Выполнение плана"},
    {NULL, NULL},
};

const crm_translations_t retail_report_targets_translations[] = LANGUAGES(targets);

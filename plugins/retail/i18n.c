/* The labels of the plugin's entities in Polish, Ukrainian and Russian, for the staff UI
 * (keys as in crm_translation_t: "label", "fields.<field>", "values.<field>.<value>"). What a
 * language lacks shows in English. */
#include "retail-private.h"

/* One definition's tables in the three languages, as the list `.translations` points at. */
#define LANGUAGES(t) {{"pl", t##_pl}, {"uk", t##_uk}, {"ru", t##_ru}, {NULL, NULL}}

/* The values of product_type, shared by the three entities (PL, UK, RU). */
#define PRODUCT_TYPES_PL                                                                       \
    {"values.product_type.deposit", "lokata"}, {"values.product_type.loan", "kredyt"},         \
    {"values.product_type.card", "karta"}, {"values.product_type.insurance", "ubezpieczenie"}, \
    {"values.product_type.investment", "inwestycja"},                                          \
    {"values.product_type.account", "rachunek"}
#define PRODUCT_TYPES_UK                                                                       \
    {"values.product_type.deposit", "депозит"}, {"values.product_type.loan", "кредит"},        \
    {"values.product_type.card", "картка"}, {"values.product_type.insurance", "страхування"},  \
    {"values.product_type.investment", "інвестиції"},                                          \
    {"values.product_type.account", "рахунок"}
#define PRODUCT_TYPES_RU                                                                       \
    {"values.product_type.deposit", "вклад"}, {"values.product_type.loan", "кредит"},          \
    {"values.product_type.card", "карта"}, {"values.product_type.insurance", "страхование"},   \
    {"values.product_type.investment", "инвестиции"},                                          \
    {"values.product_type.account", "счёт"}

/* The stages, as values of FIELD (PL, UK, RU). */
#define STAGES_PL(f)                                                                           \
    {"values." f ".lead", "lead"}, {"values." f ".qualified", "zakwalifikowana"},              \
    {"values." f ".offer", "oferta"}, {"values." f ".application", "wniosek"}
#define STAGES_UK(f)                                                                           \
    {"values." f ".lead", "лід"}, {"values." f ".qualified", "кваліфікована"},                 \
    {"values." f ".offer", "пропозиція"}, {"values." f ".application", "заявка"}
#define STAGES_RU(f)                                                                           \
    {"values." f ".lead", "лид"}, {"values." f ".qualified", "квалифицирована"},               \
    {"values." f ".offer", "предложение"}, {"values." f ".application", "заявка"}

/* --- opportunity --- */

static const crm_translation_t opportunity_pl[] = {
    {"label", "Szansa sprzedaży"},
    {"label_plural", "Szanse sprzedaży"},
    {"fields.title", "Tytuł"},
    {"fields.client_id", "Klient"},
    {"fields.product_id", "Produkt"},
    {"fields.product_type", "Rodzaj produktu"},
    {"fields.product_line", "Linia produktów"},
    {"fields.amount", "Kwota"},
    {"fields.stage", "Etap"},
    {"fields.source", "Źródło"},
    {"fields.lost_reason", "Powód utraty"},
    {"fields.lost_note", "Dlaczego utracona"},
    {"fields.expected_close", "Planowane zamknięcie"},
    {"fields.probability", "Prawdopodobieństwo (%)"},
    {"fields.weighted_amount", "Kwota ważona prawdopodobieństwem"},
    {"fields.kind", "Rodzaj sprzedaży"},
    {"fields.renewal_of", "Odnowienie umowy (rachunek)"},
    {"fields.renewal_outcome", "Wynik odnowienia"},
    {"fields.renewal_reason", "Dlaczego wygasła"},
    {"fields.referral_id", "Polecenie"},
    {"fields.campaign", "Kampania"},
    {"fields.stage_changed_at", "Zmiana etapu"},
    {"fields.lead_at", "Lead od"},
    {"fields.qualified_at", "Zakwalifikowana"},
    {"fields.offer_at", "Oferta złożona"},
    {"fields.application_at", "Wniosek złożony"},
    {"fields.signed_at", "Podpisana"},
    {"fields.lost_at", "Utracona"},
    {"fields.closed_at", "Zamknięta"},
    {"fields.lost_from_stage", "Utracona na etapie"},
    {"fields.days_to_sign", "Dni do podpisania"},
    {"fields.last_activity_at", "Ostatnia aktywność"},
    {"fields.stuck", "Utknęła"},
    {"fields.stuck_since", "Utknęła od"},
    {"fields.commission", "Prowizja"},
    STAGES_PL("stage"),
    {"values.stage.signed", "podpisana"},
    {"values.stage.lost", "utracona"},
    STAGES_PL("lost_from_stage"),
    PRODUCT_TYPES_PL,
    {"values.source.recommendation", "rekomendacja"},
    {"values.source.campaign", "kampania"},
    {"values.source.advertising", "reklama"},
    {"values.source.walk_in", "wizyta w oddziale"},
    {"values.source.web", "internet"},
    {"values.source.call_centre", "call center"},
    {"values.source.referral", "polecenie"},
    {"values.lost_reason.competitor", "konkurencja"},
    {"values.lost_reason.resigned", "klient zrezygnował"},
    {"values.lost_reason.not_interested", "brak zainteresowania"},
    {"values.lost_reason.rejected_by_bank", "odmowa banku"},
    {"values.lost_reason.other", "inny"},
    {"values.kind.new_client", "nowy klient"},
    {"values.kind.existing_client", "obecny klient"},
    {"values.kind.renewal", "odnowienie"},
    {"values.renewal_outcome.extended", "przedłużona"},
    {"values.renewal_outcome.expired", "wygasła"},
    {NULL, NULL},
};

static const crm_translation_t opportunity_uk[] = {
    {"label", "Можливість продажу"},
    {"label_plural", "Можливості продажу"},
    {"fields.title", "Назва"},
    {"fields.client_id", "Клієнт"},
    {"fields.product_id", "Продукт"},
    {"fields.product_type", "Тип продукту"},
    {"fields.product_line", "Продуктова лінійка"},
    {"fields.amount", "Сума"},
    {"fields.stage", "Етап"},
    {"fields.source", "Джерело"},
    {"fields.lost_reason", "Причина втрати"},
    {"fields.lost_note", "Чому втрачено"},
    {"fields.expected_close", "Очікуване закриття"},
    {"fields.probability", "Імовірність (%)"},
    {"fields.weighted_amount", "Сума, зважена на імовірність"},
    {"fields.kind", "Вид продажу"},
    {"fields.renewal_of", "Пролонгація договору (рахунок)"},
    {"fields.renewal_outcome", "Результат пролонгації"},
    {"fields.renewal_reason", "Чому завершився"},
    {"fields.referral_id", "Рекомендація"},
    {"fields.campaign", "Кампанія"},
    {"fields.stage_changed_at", "Зміна етапу"},
    {"fields.lead_at", "Лід з"},
    {"fields.qualified_at", "Кваліфіковано"},
    {"fields.offer_at", "Пропозицію надано"},
    {"fields.application_at", "Заявку подано"},
    {"fields.signed_at", "Підписано"},
    {"fields.lost_at", "Втрачено"},
    {"fields.closed_at", "Закрито"},
    {"fields.lost_from_stage", "Втрачено на етапі"},
    {"fields.days_to_sign", "Днів до підписання"},
    {"fields.last_activity_at", "Остання активність"},
    {"fields.stuck", "Застрягла"},
    {"fields.stuck_since", "Застрягла з"},
    {"fields.commission", "Комісійна винагорода"},
    STAGES_UK("stage"),
    {"values.stage.signed", "підписано"},
    {"values.stage.lost", "втрачено"},
    STAGES_UK("lost_from_stage"),
    PRODUCT_TYPES_UK,
    {"values.source.recommendation", "рекомендація"},
    {"values.source.campaign", "кампанія"},
    {"values.source.advertising", "реклама"},
    {"values.source.walk_in", "візит до відділення"},
    {"values.source.web", "інтернет"},
    {"values.source.call_centre", "контакт-центр"},
    {"values.source.referral", "направлення колеги"},
    {"values.lost_reason.competitor", "конкурент"},
    {"values.lost_reason.resigned", "клієнт відмовився"},
    {"values.lost_reason.not_interested", "не зацікавлений"},
    {"values.lost_reason.rejected_by_bank", "відмова банку"},
    {"values.lost_reason.other", "інше"},
    {"values.kind.new_client", "новий клієнт"},
    {"values.kind.existing_client", "чинний клієнт"},
    {"values.kind.renewal", "пролонгація"},
    {"values.renewal_outcome.extended", "пролонговано"},
    {"values.renewal_outcome.expired", "завершився"},
    {NULL, NULL},
};

static const crm_translation_t opportunity_ru[] = {
    {"label", "Возможность продажи"},
    {"label_plural", "Возможности продажи"},
    {"fields.title", "Название"},
    {"fields.client_id", "Клиент"},
    {"fields.product_id", "Продукт"},
    {"fields.product_type", "Тип продукта"},
    {"fields.product_line", "Продуктовая линейка"},
    {"fields.amount", "Сумма"},
    {"fields.stage", "Этап"},
    {"fields.source", "Источник"},
    {"fields.lost_reason", "Причина потери"},
    {"fields.lost_note", "Почему потеряна"},
    {"fields.expected_close", "Ожидаемое закрытие"},
    {"fields.probability", "Вероятность (%)"},
    {"fields.weighted_amount", "Сумма, взвешенная по вероятности"},
    {"fields.kind", "Вид продажи"},
    {"fields.renewal_of", "Пролонгация договора (счёт)"},
    {"fields.renewal_outcome", "Результат пролонгации"},
    {"fields.renewal_reason", "Почему завершился"},
    {"fields.referral_id", "Рекомендация"},
    {"fields.campaign", "Кампания"},
    {"fields.stage_changed_at", "Смена этапа"},
    {"fields.lead_at", "Лид с"},
    {"fields.qualified_at", "Квалифицирована"},
    {"fields.offer_at", "Предложение сделано"},
    {"fields.application_at", "Заявка подана"},
    {"fields.signed_at", "Подписана"},
    {"fields.lost_at", "Потеряна"},
    {"fields.closed_at", "Закрыта"},
    {"fields.lost_from_stage", "Потеряна на этапе"},
    {"fields.days_to_sign", "Дней до подписания"},
    {"fields.last_activity_at", "Последняя активность"},
    {"fields.stuck", "Зависла"},
    {"fields.stuck_since", "Зависла с"},
    {"fields.commission", "Комиссионное вознаграждение"},
    STAGES_RU("stage"),
    {"values.stage.signed", "подписана"},
    {"values.stage.lost", "потеряна"},
    STAGES_RU("lost_from_stage"),
    PRODUCT_TYPES_RU,
    {"values.source.recommendation", "рекомендация"},
    {"values.source.campaign", "кампания"},
    {"values.source.advertising", "реклама"},
    {"values.source.walk_in", "визит в отделение"},
    {"values.source.web", "интернет"},
    {"values.source.call_centre", "контакт-центр"},
    {"values.source.referral", "направление коллеги"},
    {"values.lost_reason.competitor", "конкурент"},
    {"values.lost_reason.resigned", "клиент отказался"},
    {"values.lost_reason.not_interested", "не заинтересован"},
    {"values.lost_reason.rejected_by_bank", "отказ банка"},
    {"values.lost_reason.other", "другое"},
    {"values.kind.new_client", "новый клиент"},
    {"values.kind.existing_client", "действующий клиент"},
    {"values.kind.renewal", "пролонгация"},
    {"values.renewal_outcome.extended", "пролонгирован"},
    {"values.renewal_outcome.expired", "завершился"},
    {NULL, NULL},
};

const crm_translations_t retail_opportunity_translations[] = LANGUAGES(opportunity);

/* --- referral --- */

static const crm_translation_t referral_pl[] = {
    {"label", "Polecenie"},
    {"label_plural", "Polecenia"},
    {"fields.client_id", "Klient"},
    {"fields.need", "Potrzeba klienta"},
    {"fields.product_type", "Rodzaj produktu"},
    {"fields.product_id", "Produkt"},
    {"fields.status", "Status"},
    {"fields.opportunity_id", "Szansa sprzedaży"},
    {"fields.outcome", "Wynik"},
    {"fields.outcome_at", "Data wyniku"},
    PRODUCT_TYPES_PL,
    {"values.status.new", "nowe"},
    {"values.status.accepted", "przyjęte"},
    {"values.status.converted", "zamienione na szansę"},
    {"values.status.declined", "odrzucone"},
    {"values.outcome.open", "w toku"},
    {"values.outcome.signed", "podpisane"},
    {"values.outcome.lost", "utracone"},
    {"values.outcome.declined", "odrzucone"},
    {NULL, NULL},
};

static const crm_translation_t referral_uk[] = {
    {"label", "Рекомендація"},
    {"label_plural", "Рекомендації"},
    {"fields.client_id", "Клієнт"},
    {"fields.need", "Потреба клієнта"},
    {"fields.product_type", "Тип продукту"},
    {"fields.product_id", "Продукт"},
    {"fields.status", "Статус"},
    {"fields.opportunity_id", "Можливість продажу"},
    {"fields.outcome", "Результат"},
    {"fields.outcome_at", "Дата результату"},
    PRODUCT_TYPES_UK,
    {"values.status.new", "нова"},
    {"values.status.accepted", "прийнята"},
    {"values.status.converted", "перетворена на можливість"},
    {"values.status.declined", "відхилена"},
    {"values.outcome.open", "у роботі"},
    {"values.outcome.signed", "підписано"},
    {"values.outcome.lost", "втрачено"},
    {"values.outcome.declined", "відхилено"},
    {NULL, NULL},
};

static const crm_translation_t referral_ru[] = {
    {"label", "Рекомендация"},
    {"label_plural", "Рекомендации"},
    {"fields.client_id", "Клиент"},
    {"fields.need", "Потребность клиента"},
    {"fields.product_type", "Тип продукта"},
    {"fields.product_id", "Продукт"},
    {"fields.status", "Статус"},
    {"fields.opportunity_id", "Возможность продажи"},
    {"fields.outcome", "Результат"},
    {"fields.outcome_at", "Дата результата"},
    PRODUCT_TYPES_RU,
    {"values.status.new", "новая"},
    {"values.status.accepted", "принята"},
    {"values.status.converted", "преобразована в возможность"},
    {"values.status.declined", "отклонена"},
    {"values.outcome.open", "в работе"},
    {"values.outcome.signed", "подписано"},
    {"values.outcome.lost", "потеряно"},
    {"values.outcome.declined", "отклонено"},
    {NULL, NULL},
};

const crm_translations_t retail_referral_translations[] = LANGUAGES(referral);

/* --- sales_target --- */

static const crm_translation_t sales_target_pl[] = {
    {"label", "Cel sprzedażowy"},
    {"label_plural", "Cele sprzedażowe"},
    {"fields.employee_id", "Pracownik"},
    {"fields.product_id", "Produkt"},
    {"fields.product_line", "Linia produktów"},
    {"fields.product_type", "Rodzaj produktu"},
    {"fields.period", "Okres"},
    {"fields.period_start", "Początek okresu"},
    {"fields.period_end", "Koniec okresu"},
    {"fields.metric", "Miara"},
    {"fields.target_count", "Cel (liczba podpisanych)"},
    {"fields.target_amount", "Cel (kwota podpisanych)"},
    PRODUCT_TYPES_PL,
    {"values.period.month", "miesiąc"},
    {"values.period.quarter", "kwartał"},
    {"values.period.year", "rok"},
    {"values.metric.count", "liczba"},
    {"values.metric.amount", "kwota"},
    {NULL, NULL},
};

static const crm_translation_t sales_target_uk[] = {
    {"label", "План продажів"},
    {"label_plural", "Плани продажів"},
    {"fields.employee_id", "Працівник"},
    {"fields.product_id", "Продукт"},
    {"fields.product_line", "Продуктова лінійка"},
    {"fields.product_type", "Тип продукту"},
    {"fields.period", "Період"},
    {"fields.period_start", "Початок періоду"},
    {"fields.period_end", "Кінець періоду"},
    {"fields.metric", "Показник"},
    {"fields.target_count", "План (кількість підписаних)"},
    {"fields.target_amount", "План (сума підписаних)"},
    PRODUCT_TYPES_UK,
    {"values.period.month", "місяць"},
    {"values.period.quarter", "квартал"},
    {"values.period.year", "рік"},
    {"values.metric.count", "кількість"},
    {"values.metric.amount", "сума"},
    {NULL, NULL},
};

static const crm_translation_t sales_target_ru[] = {
    {"label", "План продаж"},
    {"label_plural", "Планы продаж"},
    {"fields.employee_id", "Сотрудник"},
    {"fields.product_id", "Продукт"},
    {"fields.product_line", "Продуктовая линейка"},
    {"fields.product_type", "Тип продукта"},
    {"fields.period", "Период"},
    {"fields.period_start", "Начало периода"},
    {"fields.period_end", "Конец периода"},
    {"fields.metric", "Показатель"},
    {"fields.target_count", "План (количество подписанных)"},
    {"fields.target_amount", "План (сумма подписанных)"},
    PRODUCT_TYPES_RU,
    {"values.period.month", "месяц"},
    {"values.period.quarter", "квартал"},
    {"values.period.year", "год"},
    {"values.metric.count", "количество"},
    {"values.metric.amount", "сумма"},
    {NULL, NULL},
};

const crm_translations_t retail_sales_target_translations[] = LANGUAGES(sales_target);

/* The plugin's own sections of the client 360 view, registered like any other plugin's
 * (crm_related_register), and the members section of a company group. Each is read as the
 * caller: a section whose entity the caller may not read is left out. */
#include "clients-private.h"

#include <crm/related.h>

/* A computed section listing the records of ENTITY that refer to the client through either of
 * two fields (relationships go from or to a client; a contact person links a person to an
 * organisation). */
typedef struct {
    const char *entity, *field_a, *field_b, *sort;
} either_side_t;

static int
build_either_side(const crm_identity_t *caller, const char *target_id, bson_t *items, void *data,
                  crm_error_t *error)
{
    const either_side_t *s = data;
    bson_t filter = BSON_INITIALIZER, any, a, b;
    int rc;

    BSON_APPEND_ARRAY_BEGIN(&filter, "$or", &any);
    BSON_APPEND_DOCUMENT_BEGIN(&any, "0", &a);
    BSON_APPEND_UTF8(&a, s->field_a, target_id);
    bson_append_document_end(&any, &a);
    BSON_APPEND_DOCUMENT_BEGIN(&any, "1", &b);
    BSON_APPEND_UTF8(&b, s->field_b, target_id);
    bson_append_document_end(&any, &b);
    bson_append_array_end(&filter, &any);
    rc = clients_list_into(caller, s->entity, &filter, s->sort, 100, items, error);
    bson_destroy(&filter);
    return rc;
}

static const either_side_t relationships = {"relationship", "from_client_id", "to_client_id",
                                            "kind"};
static const either_side_t contact_persons = {"contact_person", "organisation_id", "person_id",
                                              "role"};

/* The sections' headings in Polish, Ukrainian and Russian. */
CRM_RELATED_LABELS(accounts, "Rachunki i umowy", "Рахунки й договори", "Счета и договоры");
CRM_RELATED_LABELS(cards, "Karty", "Картки", "Карты");
CRM_RELATED_LABELS(open_tasks, "Otwarte zadania", "Відкриті завдання", "Открытые задачи");
CRM_RELATED_LABELS(timeline, "Kontakty", "Взаємодії", "Взаимодействия");
CRM_RELATED_LABELS(relationships, "Powiązania", "Зв’язки", "Связи");
CRM_RELATED_LABELS(contact_persons, "Osoby kontaktowe", "Контактні особи", "Контактные лица");
CRM_RELATED_LABELS(members, "Spółki grupy", "Компанії групи", "Компании группы");

static const crm_related_def_t sections[] = {
    {.size = sizeof(crm_related_def_t),
     .name = "accounts",
     .translations = accounts_tr,
     .label = "Accounts and contracts",
     .target = "client",
     .entity = "account",
     .field = "client_id",
     .sort = "-opened",
     .limit = 50,
     .order = 10},
    {.size = sizeof(crm_related_def_t),
     .name = "cards",
     .translations = cards_tr,
     .label = "Cards",
     .target = "client",
     .entity = "card",
     .field = "client_id",
     .sort = "-expiry",
     .limit = 50,
     .order = 20},
    {.size = sizeof(crm_related_def_t),
     .name = "open_tasks",
     .translations = open_tasks_tr,
     .label = "Open tasks",
     .target = "client",
     .entity = "task",
     .field = "client_id",
     .filter = "{\"status\":\"open\"}",
     .sort = "due",
     .limit = 50,
     .order = 30},
    {.size = sizeof(crm_related_def_t),
     .name = "timeline",
     .translations = timeline_tr,
     .label = "Interactions",
     .target = "client",
     .entity = "interaction",
     .field = "client_id",
     .sort = "-at",
     .limit = 20,
     .order = 40},
    {.size = sizeof(crm_related_def_t),
     .name = "relationships",
     .translations = relationships_tr,
     .label = "Relationships",
     .target = "client",
     .entity = "relationship",
     .build = build_either_side,
     .data = (void *)&relationships,
     .order = 50},
    {.size = sizeof(crm_related_def_t),
     .name = "contact_persons",
     .translations = contact_persons_tr,
     .label = "Contact persons",
     .target = "client",
     .entity = "contact_person",
     .build = build_either_side,
     .data = (void *)&contact_persons,
     .order = 60},
    {.size = sizeof(crm_related_def_t),
     .name = "members",
     .translations = members_tr,
     .label = "Member companies",
     .target = "company_group",
     .entity = "client",
     .field = "company_group_id",
     .sort = "display_name",
     .limit = 100,
     .order = 10},
};

int
clients_sections_register(crm_plugin_t *plugin, crm_error_t *error)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < sizeof sections / sizeof sections[0]; i++)
        rc = crm_related_register(plugin, &sections[i], error);
    return rc;
}

/* What staff see: only their clients (a director their branch), the client 360 view with its
 * sections, who is calling by phone number, their day, and tasks that are overdue. */
#include "support.h"

#include <stdio.h>
#include <string.h>

static void
an_advisor_sees_own_clients_and_a_director_the_branch(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    char annas[25], jans[25], piotrs[25];

    clients_test_bank(*state, &bank);
    clients_test_create(bank.anna, "client", annas, "{\"kind\":\"individual\",\"last_name\":\"A\"}");
    clients_test_create(bank.jan, "client", jans, "{\"kind\":\"individual\",\"last_name\":\"J\"}");
    clients_test_create(bank.piotr, "client", piotrs,
                        "{\"kind\":\"individual\",\"last_name\":\"P\"}");

    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/client", NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "items"), 1);
    assert_string_equal(clients_test_item(&r, "items", 0, "id"), annas);
    crm_test_response_free(&r);

    assert_int_equal(crm_test_request(bank.dorota, "GET", "/api/v1/client", NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "items"), 2);
    assert_true(clients_test_has(&r, "items", "id", annas));
    assert_true(clients_test_has(&r, "items", "id", jans));
    assert_false(clients_test_has(&r, "items", "id", piotrs));
    crm_test_response_free(&r);
}

/* Anna's client with a bit of everything, and a colleague's interaction with them. */
typedef struct {
    char client[25], spouse[25], company[25], account[25], card[25];
    char open_task[25], done_task[25], old_call[25], new_call[25], jans_call[25];
} client_file_t;

static void
make_client_file(clients_test_bank_t *bank, client_file_t *f)
{
    char yesterday[32], today[32];

    clients_test_day(-1, "09:00:00", yesterday);
    clients_test_day(0, "08:00:00", today);
    clients_test_create(bank->anna, "client", f->client,
                        "{\"kind\":\"individual\",\"first_name\":\"Jan\",\"last_name\":\"Kowalski\","
                        "\"phones\":[\"+48 600 100 200\"]}");
    clients_test_create(bank->anna, "client", f->spouse,
                        "{\"kind\":\"individual\",\"first_name\":\"Ewa\",\"last_name\":\"Kowalska\"}");
    clients_test_create(bank->anna, "client", f->company,
                        "{\"kind\":\"organisation\",\"company_name\":\"Kowalski Sp. z o.o.\"}");
    clients_test_create(bank->anna, "account", f->account,
                        "{\"number\":\"PL61109010140000071219812874\",\"client_id\":\"%s\"}",
                        f->client);
    clients_test_create(bank->anna, "card", f->card,
                        "{\"account_id\":\"%s\",\"masked_number\":\"537512******1234\"}",
                        f->account);
    clients_test_create(bank->anna, "task", f->open_task,
                        "{\"title\":\"Call about the deposit\",\"client_id\":\"%s\",\"due\":\"%s\"}",
                        f->client, today);
    clients_test_create(bank->anna, "task", f->done_task,
                        "{\"title\":\"Send the statement\",\"client_id\":\"%s\",\"status\":\"done\"}",
                        f->client);
    clients_test_create(bank->anna, "interaction", f->old_call,
                        "{\"kind\":\"call\",\"client_id\":\"%s\",\"at\":\"%s\",\"subject\":\"old\"}",
                        f->client, yesterday);
    clients_test_create(bank->anna, "interaction", f->new_call,
                        "{\"kind\":\"meeting\",\"client_id\":\"%s\",\"at\":\"%s\",\"subject\":\"new\"}",
                        f->client, today);
    clients_test_create(bank->jan, "interaction", f->jans_call,
                        "{\"kind\":\"call\",\"client_id\":\"%s\",\"subject\":\"jan's\"}", f->client);
    clients_test_create(bank->anna, "relationship", NULL,
                        "{\"kind\":\"household\",\"from_client_id\":\"%s\",\"to_client_id\":\"%s\","
                        "\"role\":\"spouse\"}",
                        f->spouse, f->client);
    clients_test_create(bank->anna, "contact_person", NULL,
                        "{\"organisation_id\":\"%s\",\"person_id\":\"%s\",\"role\":\"CEO\"}",
                        f->company, f->client);
}

/* The bank, Anna's client file, and the path of the client's 360 view. */
static void
bank_with_client_file(crm_test_core_t *core, clients_test_bank_t *bank, client_file_t *f,
                      char path[96])
{
    clients_test_bank(core, bank);
    make_client_file(bank, f);
    snprintf(path, 96, "/api/v1/clients/%s/360", f->client);
}

static void
the_360_view_gathers_the_clients_records_in_sections(void **state)
{
    clients_test_bank_t bank;
    client_file_t f;
    crm_test_response_t r = {0};
    char path[96];

    bank_with_client_file(*state, &bank, &f, path);
    assert_int_equal(crm_test_request(bank.anna, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "client.display_name"), "Jan Kowalski");

    assert_int_equal(clients_test_count(&r, "sections.accounts.items"), 1);
    assert_string_equal(clients_test_item(&r, "sections.accounts.items", 0, "id"), f.account);
    assert_int_equal(clients_test_count(&r, "sections.cards.items"), 1);
    assert_string_equal(clients_test_item(&r, "sections.cards.items", 0, "masked_number"),
                        "537512******1234");
    /* Open tasks only. */
    assert_int_equal(clients_test_count(&r, "sections.open_tasks.items"), 1);
    assert_string_equal(clients_test_item(&r, "sections.open_tasks.items", 0, "id"), f.open_task);
    /* The timeline, newest first, holds what Anna may see: not Jan's call. */
    assert_int_equal(clients_test_count(&r, "sections.timeline.items"), 2);
    assert_string_equal(clients_test_item(&r, "sections.timeline.items", 0, "id"), f.new_call);
    assert_string_equal(clients_test_item(&r, "sections.timeline.items", 1, "id"), f.old_call);
    assert_int_equal(crm_test_json_int(&r, "sections.timeline.total", -1), 2);
    /* Relationships either way, and the organisations the client acts for. */
    assert_int_equal(clients_test_count(&r, "sections.relationships.items"), 1);
    assert_string_equal(clients_test_item(&r, "sections.relationships.items", 0, "from_client_id"),
                        f.spouse);
    assert_string_equal(clients_test_item(&r, "sections.relationships.items", 0, "direction"),
                        "mutual");
    assert_int_equal(clients_test_count(&r, "sections.contact_persons.items"), 1);
    assert_string_equal(clients_test_item(&r, "sections.contact_persons.items", 0,
                                          "organisation_id"),
                        f.company);
    crm_test_response_free(&r);

    /* The director sees the branch: Jan's call too. */
    assert_int_equal(crm_test_request(bank.dorota, "GET", path, NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "sections.timeline.items"), 3);
    assert_true(clients_test_has(&r, "sections.timeline.items", "id", f.jans_call));
    crm_test_response_free(&r);

    /* The company's 360 lists its contact person from the other side. */
    snprintf(path, sizeof path, "/api/v1/clients/%s/360", f.company);
    assert_int_equal(crm_test_request(bank.anna, "GET", path, NULL, &r), 200);
    assert_string_equal(clients_test_item(&r, "sections.contact_persons.items", 0, "person_id"),
                        f.client);
    crm_test_response_free(&r);
}

static void
a_360_outside_the_callers_scope_is_not_found_and_shows_nothing(void **state)
{
    clients_test_bank_t bank;
    client_file_t f;
    crm_test_response_t r = {0};
    char path[96];

    bank_with_client_file(*state, &bank, &f, path);
    /* Piotr works in another branch; Jan is Anna's colleague but not the client's advisor. */
    assert_int_equal(crm_test_request(bank.piotr, "GET", path, NULL, &r), 404);
    assert_null(strstr(r.body, "PL61109010140000071219812874"));
    assert_null(strstr(r.body, "Kowalski"));
    assert_null(crm_test_json_string(&r, "sections.accounts.label"));
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(bank.jan, "GET", path, NULL, &r), 404);
    assert_null(strstr(r.body, "537512"));
    crm_test_response_free(&r);
    /* No such client, and no id at all. */
    assert_int_equal(crm_test_request(bank.anna, "GET",
                                      "/api/v1/clients/0123456789abcdef01234567/360", NULL, &r),
                     404);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/clients/x/360", NULL, &r), 400);
    crm_test_response_free(&r);
    /* Without logging in, nothing. */
    assert_int_equal(crm_test_request(NULL, "GET", path, NULL, &r), 401);
    crm_test_response_free(&r);
}

static void
a_caller_is_found_by_any_common_way_of_writing_the_number(void **state)
{
    static const char *const forms[] = {
        "%2B48%20600-100-200", /* "+48 600-100-200" */
        "0048600100200",
        "600%20100%20200", /* national, with the default calling code */
    };
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    char client[25], path[128], at[32], newest[25] = "";

    clients_test_bank(*state, &bank);
    clients_test_create(bank.anna, "client", client,
                        "{\"kind\":\"individual\",\"last_name\":\"Kowalski\","
                        "\"phones\":[\"(22) 555 12 34\",\"600100200\"]}");
    clients_test_create(bank.anna, "client", NULL,
                        "{\"kind\":\"individual\",\"last_name\":\"Other\",\"phones\":[\"600100201\"]}");
    for (int day = -6; day <= 0; day++) {
        clients_test_day(day, "12:00:00", at);
        clients_test_create(bank.anna, "interaction", newest,
                            "{\"kind\":\"call\",\"client_id\":\"%s\",\"at\":\"%s\"}", client, at);
    }
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(path, sizeof path, "/api/v1/clients/lookup?phone=%s", forms[i]);
        assert_int_equal(crm_test_request(bank.anna, "GET", path, NULL, &r), 200);
        assert_string_equal(crm_test_json_string(&r, "phone"), "+48600100200");
        assert_int_equal(clients_test_count(&r, "items"), 1);
        assert_string_equal(crm_test_json_string(&r, "items.0.client.id"), client);
        /* The last five interactions, newest first. */
        assert_int_equal(clients_test_count(&r, "items.0.last_interactions"), 5);
        assert_string_equal(crm_test_json_string(&r, "items.0.last_interactions.0.id"), newest);
        crm_test_response_free(&r);
    }
    /* Another branch's advisor finds no one; a number that cannot be read is a 400. */
    assert_int_equal(crm_test_request(bank.piotr, "GET", "/api/v1/clients/lookup?phone=600100200",
                                      NULL, &r),
                     200);
    assert_int_equal(clients_test_count(&r, "items"), 0);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/clients/lookup?phone=12ab", NULL,
                                      &r),
                     400);
    assert_non_null(strstr(crm_test_json_string(&r, "error.message"), "phone"));
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/clients/lookup", NULL, &r), 400);
    crm_test_response_free(&r);
}

static void
a_service_agent_finds_any_caller_but_sees_only_what_the_role_reads(void **state)
{
    clients_test_bank_t bank;
    client_file_t f;
    crm_test_session_t *agent;
    crm_test_response_t r = {0};
    char path[96];

    bank_with_client_file(*state, &bank, &f, path);
    /* Service agents read every client, and nothing else of theirs. */
    agent = crm_test_user(*state, "sara", "service_agent", bank.branch_b);
    assert_non_null(agent);
    assert_int_equal(crm_test_request(agent, "GET", "/api/v1/clients/lookup?phone=600100200",
                                      NULL, &r),
                     200);
    assert_string_equal(crm_test_json_string(&r, "items.0.client.id"), f.client);
    assert_int_equal(clients_test_count(&r, "items.0.last_interactions"), -1);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(agent, "GET", path, NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "client.id"), f.client);
    assert_null(crm_test_json_string(&r, "sections.accounts.label"));
    assert_null(crm_test_json_string(&r, "sections.timeline.label"));
    assert_int_equal(clients_test_count(&r, "sections.relationships.items"), -1);
    crm_test_response_free(&r);
}

static void
my_day_lists_my_tasks_due_by_today_and_my_meetings_today(void **state)
{
    clients_test_bank_t bank;
    crm_test_response_t r = {0};
    char client[25], yesterday[32], today_late[32], today_ten[32], tomorrow[32], today[32];
    char overdue[25], due_today[25], meeting[25], handed[25], task_path[64];

    clients_test_bank(*state, &bank);
    clients_test_day(-1, "09:00:00", yesterday);
    clients_test_day(0, "23:59:59", today_late);
    clients_test_day(0, "10:00:00", today_ten);
    clients_test_day(1, "09:00:00", tomorrow);
    clients_test_day(0, NULL, today);
    clients_test_create(bank.anna, "client", client, "{\"kind\":\"individual\",\"last_name\":\"K\"}");
    clients_test_create(bank.anna, "task", overdue,
                        "{\"client_id\":\"%s\",\"title\":\"overdue\",\"due\":\"%s\"}", client,
                        yesterday);
    clients_test_create(bank.anna, "task", due_today,
                        "{\"client_id\":\"%s\",\"title\":\"today\",\"due\":\"%s\"}", client,
                        today_late);
    clients_test_create(bank.anna, "task", NULL,
                        "{\"client_id\":\"%s\",\"title\":\"tomorrow\",\"due\":\"%s\"}", client,
                        tomorrow);
    clients_test_create(bank.anna, "task", NULL,
                        "{\"client_id\":\"%s\",\"title\":\"done\",\"due\":\"%s\","
                        "\"status\":\"done\"}",
                        client, yesterday);
    clients_test_create(bank.anna, "task", NULL,
                        "{\"client_id\":\"%s\",\"title\":\"jan's\",\"due\":\"%s\","
                        "\"assignee\":\"%s\"}",
                        client, yesterday, crm_test_user_id(bank.jan));
    /* A meeting today, and a call today, a meeting yesterday and one tomorrow. */
    clients_test_create(bank.anna, "interaction", meeting,
                        "{\"kind\":\"meeting\",\"client_id\":\"%s\",\"at\":\"%s\"}", client,
                        today_ten);
    clients_test_create(bank.anna, "interaction", NULL,
                        "{\"kind\":\"call\",\"client_id\":\"%s\",\"at\":\"%s\"}", client,
                        today_ten);
    clients_test_create(bank.anna, "interaction", NULL,
                        "{\"kind\":\"meeting\",\"client_id\":\"%s\",\"at\":\"%s\"}", client,
                        yesterday);
    clients_test_create(bank.anna, "interaction", NULL,
                        "{\"kind\":\"meeting\",\"client_id\":\"%s\",\"at\":\"%s\"}", client,
                        tomorrow);

    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/clients/my-day", NULL, &r), 200);
    assert_string_equal(crm_test_json_string(&r, "date"), today);
    assert_int_equal(clients_test_count(&r, "tasks"), 2);
    assert_string_equal(clients_test_item(&r, "tasks", 0, "id"), overdue);
    assert_true(clients_test_bool(&r, "tasks.0.overdue"));
    assert_string_equal(clients_test_item(&r, "tasks", 1, "id"), due_today);
    assert_false(clients_test_bool(&r, "tasks.1.overdue"));
    assert_int_equal(clients_test_count(&r, "meetings"), 1);
    assert_string_equal(clients_test_item(&r, "meetings", 0, "id"), meeting);
    crm_test_response_free(&r);

    /* A task the director assigns and hands over joins Anna's day. */
    clients_test_create(bank.dorota, "task", handed,
                        "{\"title\":\"from the director\",\"due\":\"%s\",\"assignee\":\"%s\"}",
                        today_ten, crm_test_user_id(bank.anna));
    snprintf(task_path, sizeof task_path, "/api/v1/task/%s", handed);
    assert_int_equal(clients_test_send(bank.dorota, "PATCH", task_path, &r, "{\"owner_id\":\"%s\"}",
                                       crm_test_user_id(bank.anna)),
                     200);
    crm_test_response_free(&r);
    assert_int_equal(crm_test_request(bank.anna, "GET", "/api/v1/clients/my-day", NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "tasks"), 3);
    assert_string_equal(clients_test_item(&r, "tasks", 1, "id"), handed);
    crm_test_response_free(&r);

    /* Another advisor's day is their own. */
    assert_int_equal(crm_test_request(bank.piotr, "GET", "/api/v1/clients/my-day", NULL, &r), 200);
    assert_int_equal(clients_test_count(&r, "tasks"), 0);
    assert_int_equal(clients_test_count(&r, "meetings"), 0);
    crm_test_response_free(&r);
}

static void
a_task_is_overdue_while_open_past_its_due_time(void **state)
{
    crm_test_session_t *anna = crm_test_user(*state, "anna", "advisor", NULL);
    crm_test_response_t r = {0};
    char yesterday[32], tomorrow[32], late[25], later[25], path[64];

    clients_test_day(-1, "09:00:00", yesterday);
    clients_test_day(1, "09:00:00", tomorrow);
    clients_test_create(anna, "task", late, "{\"title\":\"late\",\"due\":\"%s\"}", yesterday);
    clients_test_create(anna, "task", later, "{\"title\":\"later\",\"due\":\"%s\"}", tomorrow);

    snprintf(path, sizeof path, "/api/v1/task/%s", late);
    assert_int_equal(crm_test_request(anna, "GET", path, NULL, &r), 200);
    assert_true(clients_test_bool(&r, "overdue"));
    assert_string_equal(crm_test_json_string(&r, "assignee"), crm_test_user_id(anna));
    crm_test_response_free(&r);
    /* Done, it is no longer overdue, and records when it was closed. */
    assert_int_equal(clients_test_send(anna, "PATCH", path, &r, "{\"status\":\"done\"}"), 200);
    assert_false(clients_test_bool(&r, "overdue"));
    assert_non_null(crm_test_json_string(&r, "closed_at"));
    crm_test_response_free(&r);

    assert_int_equal(crm_test_request(anna, "GET", "/api/v1/task?sort=due", NULL, &r), 200);
    assert_false(clients_test_bool(&r, "items.0.overdue"));
    assert_false(clients_test_bool(&r, "items.1.overdue"));
    crm_test_response_free(&r);
    /* It is computed, not typed. */
    assert_int_equal(clients_test_send(anna, "POST", "/api/v1/task", &r,
                                       "{\"title\":\"x\",\"overdue\":true}"),
                     422);
    assert_non_null(crm_test_json_string(&r, "error.fields.overdue"));
    crm_test_response_free(&r);
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_advisor_sees_own_clients_and_a_director_the_branch),
        cmocka_unit_test(the_360_view_gathers_the_clients_records_in_sections),
        cmocka_unit_test(a_360_outside_the_callers_scope_is_not_found_and_shows_nothing),
        cmocka_unit_test(a_caller_is_found_by_any_common_way_of_writing_the_number),
        cmocka_unit_test(a_service_agent_finds_any_caller_but_sees_only_what_the_role_reads),
        cmocka_unit_test(my_day_lists_my_tasks_due_by_today_and_my_meetings_today),
        cmocka_unit_test(a_task_is_overdue_while_open_past_its_due_time),
    };

    return clients_test_main(argc, argv, "clients_views", tests, sizeof tests / sizeof tests[0]);
}

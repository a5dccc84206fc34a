/* The settings of completeness, segmentation and lifecycle phases: the documented example
 * starts, and each setting that makes no sense stops the start with a message naming the file
 * and line where it was written. (The test harness writes five lines of its own before the
 * text given, so the text's first line is line 6 of crmd.cfg.) */
#include "profile_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The example of docs/plugins/clients.md, as written there. */
static const char example[] =
    "clients = {\n"
    "    default_country = \"48\";\n"
    "    check_pesel = true;\n"
    "\n"
    "    # Data completeness: what each field weighs (replaces the defaults).\n"
    "    completeness = { phones = 20; emails = 15; national_id = 20; birth_date = 10;\n"
    "                     addresses = 15; occupation = 10; income_band = 10;\n"
    "                     registration_number = 30; industry = 10; revenue_band = 10; };\n"
    "    completeness_threshold = 70;                   # below: a gap\n"
    "    important_segments = [\"private\", \"affluent\"];  # the gaps list covers these\n"
    "\n"
    "    # Segments: the first rule that holds.\n"
    "    segmentation = (\n"
    "        { segment = \"corporate\"; kind = \"organisation\"; revenue_band = [\"large\"]; },\n"
    "        { segment = \"sme\"; kind = \"organisation\"; revenue_band = [\"small\", \"medium\"]; },\n"
    "        { segment = \"micro\"; kind = \"organisation\"; },\n"
    "        { segment = \"private\"; kind = \"individual\"; income_band = [\"very_high\"]; },\n"
    "        { segment = \"private\"; kind = \"individual\"; min_age = 30;\n"
    "          products = { investment = 2; }; },\n"
    "        { segment = \"affluent\"; kind = \"individual\";\n"
    "          income_band = [\"upper_middle\", \"high\"]; region = [\"Mazowieckie\"]; },\n"
    "        { segment = \"affluent\"; kind = \"individual\"; min_products = 3; },\n"
    "        { segment = \"mass\"; }\n"
    "    );\n"
    "\n"
    "    # Lifecycle phases.\n"
    "    lifecycle = { dormant_after_days = 90; lost_after_days = 365;\n"
    "                  developed_min_products = 3; };\n"
    "};";

static void
the_documented_example_starts(void **state)
{
    (void)state;
    crm_test_core_stop(profile_start(example));
}

/* Asserts that CONFIG stops the start with a message holding EXPECTED. */
static void
refused(const char *config, const char *expected)
{
    char *said = profile_failed_start(config);

    if (!strstr(said, expected))
        print_error("expected \"%s\" in:\n%s\n", expected, said);
    assert_non_null(strstr(said, expected));
    free(said);
}

static void
bad_weights_are_refused_where_they_are_written(void **state)
{
    (void)state;
    refused("clients = {\n  completeness = { phones = 20; fax = 5; };\n};",
            "crmd.cfg:7: clients.completeness has a setting that is none of: phones, emails, "
            "addresses");
    refused("clients = {\n  completeness = {\n    phones = 20;\n    emails = 150;\n  };\n};",
            "crmd.cfg:9: clients.completeness.emails must be a whole number from 0 to 100");
    refused("clients = {\n  completeness = { emails = \"a lot\"; };\n};",
            "crmd.cfg:7: clients.completeness.emails must be a whole number from 0 to 100");
    refused("clients = {\n  completeness = { phones = 0; };\n};",
            "crmd.cfg:7: clients.completeness gives no field a weight");
    refused("clients = { completeness_threshold = 0; };",
            "crmd.cfg:6: clients.completeness_threshold must be a whole number from 1 to 100");
    refused("clients = {\n\n  important_segments = [\"private\", \"vip\"];\n};",
            "crmd.cfg:8: clients.important_segments [1] is not a segment");
}

static void
bad_segmentation_rules_are_refused_where_they_are_written(void **state)
{
    (void)state;
    refused("clients = { segmentation = (\n  { segment = \"mass\"; },\n"
            "  { segment = \"private\"; income = [\"high\"]; }\n); };",
            "crmd.cfg:8: clients.segmentation[1] has a setting that is none of: segment, kind");
    refused("clients = { segmentation = (\n  { segment = \"vip\"; }\n); };",
            "crmd.cfg:7: clients.segmentation[0].segment must be one of: mass, affluent");
    refused("clients = { segmentation = (\n  { kind = \"individual\"; }\n); };",
            "crmd.cfg:7: clients.segmentation[0].segment must be one of");
    refused("clients = { segmentation = (\n  { segment = \"mass\";\n"
            "    income_band = [\"low\", \"rich\"]; }\n); };",
            "crmd.cfg:8: clients.segmentation[0].income_band [1] is none of: low, lower_middle");
    refused("clients = { segmentation = (\n  { segment = \"mass\"; kind = \"person\"; }\n); };",
            "crmd.cfg:7: clients.segmentation[0].kind must be individual or organisation");
    refused("clients = { segmentation = (\n  { segment = \"mass\";\n"
            "    products = { bonds = 1; }; }\n); };",
            "crmd.cfg:8: clients.segmentation[0].products has a setting that is none of: "
            "deposit, loan");
    refused("clients = { segmentation = (\n  { segment = \"mass\";\n"
            "    products = { loan = 0; }; }\n); };",
            "crmd.cfg:8: clients.segmentation[0].products.loan must be a whole number from 1");
    refused("clients = { segmentation = (\n  { segment = \"mass\"; min_age = 40;\n"
            "    max_age = 30; }\n); };",
            "crmd.cfg:8: clients.segmentation[0] max_age is below min_age");
    refused("clients = { segmentation = ( \"mass\" ); };",
            "crmd.cfg:6: clients.segmentation [0] must be a group");
}

static void
bad_lifecycle_criteria_are_refused_where_they_are_written(void **state)
{
    (void)state;
    refused(
        "clients = {\n  lifecycle = { dormant_after_days = 90;\n    lost_after_days = 30; };\n};",
        "crmd.cfg:8: clients.lifecycle.lost_after_days must be more than dormant_after_days "
        "(90)");
    refused("clients = {\n  lifecycle = { dormant_days = 30; };\n};",
            "crmd.cfg:7: clients.lifecycle has a setting that is none of: dormant_after_days");
    refused("clients = {\n  lifecycle = { developed_min_products = 0; };\n};",
            "crmd.cfg:7: clients.lifecycle.developed_min_products must be a whole number from 1 "
            "to 100");
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_documented_example_starts),
        cmocka_unit_test(bad_weights_are_refused_where_they_are_written),
        cmocka_unit_test(bad_segmentation_rules_are_refused_where_they_are_written),
        cmocka_unit_test(bad_lifecycle_criteria_are_refused_where_they_are_written),
    };

    if (argc < 2) {
        fprintf(stderr, "usage: %s CLIENTS_PLUGIN_FILE\n", argv[0]);
        return 2;
    }
    clients_test_plugin = argv[1];
    return cmocka_run_group_tests_name("clients_profile_config", tests, NULL, NULL);
}

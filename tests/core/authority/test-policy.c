/* test-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-policy"

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "rapport-money.h"
#include "rapport-policy.h"

#define DEFAULTS_RESOURCE "/io/github/rapportdesk/Rapport/authority/policy-defaults.json"

static const RapportMoneyFormat format_en_us = {
  '.', ',', 3, 3, RAPPORT_MONEY_SYMBOL_BEFORE
};

/* A file of the source tree, by its path relative to tests/. */
static char *
read_source_file (const char *relative_path)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, relative_path, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gint64
parse_instant (const char *text)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (instant);
  return g_date_time_to_unix (instant) * G_USEC_PER_SEC + g_date_time_get_microsecond (instant);
}

static RapportMoney
wire (const char *text,
      const char *currency)
{
  g_autoptr(GError) error = NULL;
  RapportMoney money;

  g_assert_true (rapport_money_parse_wire (&money, text, currency, &error));
  g_assert_no_error (error);
  return money;
}

/* The shared boundary table (tests/data/policy/cases.json) */

typedef struct
{
  JsonObject    *policies; /* borrowed from the parser, which outlives the tests */
  JsonObject    *test_case;
  RapportPolicy *defaults;
} PolicyCase;

static void
policy_case_free (gpointer data)
{
  PolicyCase *pc = data;

  g_clear_pointer (&pc->defaults, rapport_policy_unref);
  g_free (pc);
}

static GArray *
read_history (JsonArray *array)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (RapportPolicyEntry));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      RapportPolicyEntry entry = { 0 };

      const char *kind = json_object_get_string_member (object, "kind");
      const char *state = json_object_get_string_member (object, "state");

      g_assert_true (rapport_money_kind_from_string (kind, &entry.kind));
      g_assert_true (rapport_action_state_from_string (state, &entry.state));
      entry.amount = wire (json_object_get_string_member (object, "amount"),
                           json_object_get_string_member (object, "currency"));
      entry.at_us = parse_instant (json_object_get_string_member (object, "at"));
      g_array_append_val (entries, entry);
    }

  return entries;
}

static void
check_amount (JsonObject         *expect,
              const char         *name,
              const RapportMoney *actual,
              const char         *currency)
{
  RapportMoney expected;

  if (!json_object_has_member (expect, name))
    return;

  expected = wire (json_object_get_string_member (expect, name), currency);
  g_test_message ("%s: expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT " %s", name,
                  expected.minor, actual->minor, actual->currency);
  g_assert_cmpint (actual->minor, ==, expected.minor);
  g_assert_cmpstr (actual->currency, ==, expected.currency);
}

static void
test_policy_case (gconstpointer data)
{
  const PolicyCase *pc = data;
  JsonObject *action_object = json_object_get_object_member (pc->test_case, "action");
  JsonObject *expect = json_object_get_object_member (pc->test_case, "expect");
  g_autoptr(RapportPolicy) policy = NULL;
  g_autoptr(GArray) customer = NULL;
  g_autoptr(GArray) agent = NULL;
  const char *currency = json_object_get_string_member (action_object, "currency");
  const char *amount = json_object_get_string_member (action_object, "amount");
  RapportPolicyAction action = { 0 };
  RapportPolicyHistory customer_history;
  RapportPolicyHistory agent_history;
  RapportPolicyEvaluation evaluation;
  RapportVerdict verdict;
  gint64 now_us;

  g_test_message ("%s", json_object_get_string_member (pc->test_case, "name"));

  if (json_object_has_member (pc->test_case, "policy"))
    {
      const char *name = json_object_get_string_member (pc->test_case, "policy");
      g_autoptr(GError) error = NULL;

      policy = rapport_policy_new_from_json_node (json_object_get_member (pc->policies, name),
                                                  &error);
      g_assert_no_error (error);
    }
  else
    policy = rapport_policy_ref (pc->defaults);

  /* An unknown role stays out of the enumeration's range, which the policy denies; an
   * amount that is not valid wire text becomes zero, which the policy denies too. */
  if (!rapport_role_from_string (json_object_get_string_member (action_object, "role"),
                                 &action.role))
    action.role = (RapportRole) RAPPORT_N_ROLES;
  g_assert_true (rapport_money_kind_from_string (json_object_get_string_member (action_object,
                                                                                "kind"),
                                                 &action.kind));
  if (!rapport_money_parse_wire (&action.amount, amount, currency, NULL))
    {
      action.amount.minor = 0;
      g_assert_cmpuint (strlen (currency), ==, 3);
      memcpy (action.amount.currency, currency, sizeof action.amount.currency);
    }

  customer = read_history (json_object_get_array_member (pc->test_case, "customer_history"));
  agent = read_history (json_object_get_array_member (pc->test_case, "agent_history"));
  customer_history = (RapportPolicyHistory) {
    (const RapportPolicyEntry *) customer->data, customer->len
  };
  agent_history = (RapportPolicyHistory) { (const RapportPolicyEntry *) agent->data, agent->len };
  now_us = parse_instant (json_object_get_string_member (pc->test_case, "now"));

  verdict = rapport_policy_evaluate (policy, &action, &customer_history, &agent_history, now_us,
                                     &evaluation);

  g_assert_cmpint (verdict, ==, evaluation.verdict);
  g_assert_cmpstr (rapport_verdict_to_string (verdict), ==,
                   json_object_get_string_member (expect, "verdict"));
  g_assert_cmpstr (rapport_verdict_reason_to_string (evaluation.reason), ==,
                   json_object_get_string_member (expect, "reason"));

  currency = rapport_policy_get_currency (policy);
  check_amount (expect, "single_limit", &evaluation.single_limit, currency);
  check_amount (expect, "over", &evaluation.over, currency);
  check_amount (expect, "customer_total", &evaluation.customer_total, currency);
  check_amount (expect, "customer_after", &evaluation.customer_after, currency);
  check_amount (expect, "customer_limit", &evaluation.customer_limit, currency);
  check_amount (expect, "agent_total", &evaluation.agent_total, currency);
  check_amount (expect, "agent_after", &evaluation.agent_after, currency);
  check_amount (expect, "agent_limit", &evaluation.agent_limit, currency);

  /* Pure: the same inputs give the same answer. */
  {
    RapportPolicyEvaluation again;

    g_assert_cmpint (rapport_policy_evaluate (policy, &action, &customer_history, &agent_history,
                                              now_us, &again), ==, verdict);
    g_assert_cmpint (again.reason, ==, evaluation.reason);
    g_assert_cmpint (again.over.minor, ==, evaluation.over.minor);
    g_assert_cmpint (again.customer_total.minor, ==, evaluation.customer_total.minor);
    g_assert_cmpint (again.agent_total.minor, ==, evaluation.agent_total.minor);
  }
}

static void
add_case_tests (JsonParser *parser)
{
  g_autofree char *json = read_source_file ("data/policy/cases.json");
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *cases;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "format"), ==, 1);
  cases = json_object_get_array_member (root, "cases");
  g_assert_cmpuint (json_array_get_length (cases), >, 0);

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      PolicyCase *pc = g_new0 (PolicyCase, 1);
      g_autofree char *path = g_strdup_printf ("/rapport/policy/cases/%03u", i);

      pc->policies = json_object_get_object_member (root, "policies");
      pc->test_case = json_array_get_object_element (cases, i);
      pc->defaults = rapport_policy_new_default ();
      g_test_add_data_func_full (path, pc, test_policy_case, policy_case_free);
    }
}

/* The defaults */

static void
test_defaults (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  g_autoptr(RapportPolicy) again = rapport_policy_new_default ();
  const RapportPolicyLimits *agent_refund;
  static const struct { RapportRole role; RapportMoneyKind kind; gint64 single; } limits[] = {
    { RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_REFUND, 5000 },
    { RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_CREDIT, 2500 },
    { RAPPORT_ROLE_SENIOR, RAPPORT_MONEY_KIND_REFUND, 20000 },
    { RAPPORT_ROLE_SENIOR, RAPPORT_MONEY_KIND_CREDIT, 20000 },
    { RAPPORT_ROLE_SUPERVISOR, RAPPORT_MONEY_KIND_REFUND, 200000 },
    { RAPPORT_ROLE_SUPERVISOR, RAPPORT_MONEY_KIND_CREDIT, 200000 },
  };

  g_assert_true (policy == again);
  g_assert_cmpstr (rapport_policy_get_currency (policy), ==, "USD");
  g_assert_cmpuint (rapport_policy_get_customer_window_days (policy), ==, 30);
  g_assert_cmpstr (rapport_policy_get_agent_day_time_zone (policy), ==, "UTC");

  for (gsize i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      const RapportPolicyLimits *l = rapport_policy_get_limits (policy, limits[i].role,
                                                                limits[i].kind);

      g_assert_cmpint (l->single, ==, limits[i].single);
      /* Every default allows more than one full action per customer and per day. */
      g_assert_cmpint (l->customer_window, >, l->single);
      g_assert_cmpint (l->agent_day, >, l->customer_window);
    }
  agent_refund = rapport_policy_get_limits (policy, RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_REFUND);
  g_assert_cmpint (agent_refund->customer_window, ==, 7500);
  g_assert_cmpint (agent_refund->agent_day, ==, 20000);
}

/* The built-in defaults are the shipped file, byte for byte. */
static void
test_defaults_file (void)
{
  g_autofree char *source = read_source_file ("../data/rt/policy-defaults.json");
  g_autoptr(GBytes) embedded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportPolicy) from_file = NULL;
  g_autoptr(RapportPolicy) defaults = rapport_policy_new_default ();

  embedded = g_resources_lookup_data (DEFAULTS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (embedded, NULL), g_bytes_get_size (embedded),
                   source, strlen (source));

  from_file = rapport_policy_new_from_json (source, -1, &error);
  g_assert_no_error (error);
  for (guint role = 0; role < RAPPORT_N_ROLES; role++)
    for (guint kind = 0; kind < RAPPORT_N_MONEY_KINDS; kind++)
      g_assert_cmpmem (rapport_policy_get_limits (from_file, role, kind),
                       sizeof (RapportPolicyLimits),
                       rapport_policy_get_limits (defaults, role, kind),
                       sizeof (RapportPolicyLimits));
}

static void
test_invalid_policies (void)
{
  g_autofree char *source = read_source_file ("../data/rt/policy-defaults.json");
  /* Each replaces one piece of the defaults file. */
  static const struct { const char *from; const char *to; } edits[] = {
    { "\"format\": 1", "\"format\": 2" },
    { "\"format\": 1", "\"format\": \"1\"" },
    { "\"format\": 1,", "" },
    { "\"format\": 1", "\"format\": 1, \"extra\": true" },
    { "\"currency\": \"USD\"", "\"currency\": \"XXX\"" },
    { "\"currency\": \"USD\"", "\"currency\": \"usd\"" },
    { "\"exponent\": 2", "\"exponent\": 3" },
    { "\"customer_window_days\": 30", "\"customer_window_days\": 0" },
    { "\"customer_window_days\": 30", "\"customer_window_days\": -30" },
    { "\"customer_window_days\": 30", "\"customer_window_days\": 30.5" },
    { "\"customer_window_days\": 30", "\"customer_window_days\": 100000" },
    { "\"agent_day_time_zone\": \"UTC\"", "\"agent_day_time_zone\": \"Mars/Olympus_Mons\"" },
    { "\"agent_day_time_zone\": \"UTC\"", "\"agent_day_time_zone\": 0" },
    { "\"agent_day_time_zone\": \"UTC\"", "\"agent_day_time_zone\": \"+02:00\"" },
    { "\"agent_day_time_zone\": \"UTC\"", "\"agent_day_time_zone\": \"CET-1CEST,M3.5.0\"" },
    { "\"agent_day_time_zone\": \"UTC\"", "\"agent_day_time_zone\": \"\"" },
    { "\"single\": \"50.00\"", "\"single\": 50.00" },
    { "\"single\": \"50.00\"", "\"single\": 5000" },
    { "\"single\": \"50.00\"", "\"single\": \"50.001\"" },
    { "\"single\": \"50.00\"", "\"single\": \"-1\"" },
    { "\"single\": \"50.00\"", "\"single\": \"$50\"" },
    { "\"single\": \"50.00\"", "\"single\": \"92233720368547758.08\"" },
    { "\"single\": \"50.00\", ", "" },
    { "\"single\": \"50.00\"", "\"single\": \"50.00\", \"total\": \"1\"" },
    { "\"agent\": {", "\"agent\": null, \"x\": {" },
    { "\"senior\"", "\"junior\"" },
    { "\"credit\": { \"single\": \"25.00\"", "\"gift\": { \"single\": \"25.00\"" },
    { "{", "[" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GString) json = g_string_new (source);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportPolicy) policy = NULL;

      g_test_message ("edit %" G_GSIZE_FORMAT ": %s → %s", i, edits[i].from, edits[i].to);
      g_assert_nonnull (strstr (source, edits[i].from));
      g_string_replace (json, edits[i].from, edits[i].to, 1);
      policy = rapport_policy_new_from_json (json->str, -1, &error);
      g_assert_error (error, RAPPORT_POLICY_ERROR, RAPPORT_POLICY_ERROR_INVALID);
      g_assert_null (policy);
    }
}

static RapportPolicy *
policy_in_zone (const char *zone)
{
  g_autofree char *source = read_source_file ("../data/rt/policy-defaults.json");
  g_autoptr(GString) json = g_string_new (source);
  g_autofree char *replacement = g_strdup_printf ("\"agent_day_time_zone\": \"%s\"", zone);
  g_autoptr(GError) error = NULL;
  RapportPolicy *policy;

  g_assert_cmpuint (g_string_replace (json, "\"agent_day_time_zone\": \"UTC\"", replacement, 1),
                    ==, 1);
  policy = rapport_policy_new_from_json (json->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_policy_get_agent_day_time_zone (policy), ==, zone);
  return policy;
}

/* The start of the agent's day, around midnights and DST changes. */
static void
test_day_start (void)
{
  static const struct { const char *zone; const char *now; const char *start; } cases[] = {
    { "UTC", "2026-03-10T12:00:00Z", "2026-03-10T00:00:00Z" },
    { "UTC", "2026-03-10T00:00:00Z", "2026-03-10T00:00:00Z" },
    { "UTC", "2026-03-09T23:59:59.999999Z", "2026-03-09T00:00:00Z" },
    { "UTC", "1969-12-31T23:59:59.5Z", "1969-12-31T00:00:00Z" },
    { "Europe/Paris", "2026-03-10T23:30:00Z", "2026-03-10T23:00:00Z" },
    { "Europe/Paris", "2026-03-10T22:59:59.999999Z", "2026-03-09T23:00:00Z" },
    /* 23 h and 25 h days */
    { "Europe/Paris", "2026-03-29T21:59:59Z", "2026-03-28T23:00:00Z" },
    { "Europe/Paris", "2026-03-29T22:00:00Z", "2026-03-29T22:00:00Z" },
    { "Europe/Paris", "2026-10-25T22:59:59Z", "2026-10-24T22:00:00Z" },
    { "Europe/Paris", "2026-10-25T23:00:00Z", "2026-10-25T23:00:00Z" },
    /* midnight skipped: the day starts at 01:00 local */
    { "America/Santiago", "2024-09-08T15:00:00Z", "2024-09-08T04:00:00Z" },
    { "America/Santiago", "2024-09-08T03:59:59Z", "2024-09-07T04:00:00Z" },
    /* the hour before midnight repeated (23:00-24:00 twice on 6 April) */
    { "America/Santiago", "2024-04-07T02:30:00Z", "2024-04-06T03:00:00Z" },
    { "America/Santiago", "2024-04-07T03:30:00Z", "2024-04-06T03:00:00Z" },
    { "America/Santiago", "2024-04-07T04:00:00Z", "2024-04-07T04:00:00Z" },
    { "Asia/Tokyo", "2026-03-10T15:00:00Z", "2026-03-10T15:00:00Z" },
    { "Asia/Tokyo", "2026-03-10T14:59:59Z", "2026-03-09T15:00:00Z" },
    { "Asia/Kolkata", "2026-03-10T18:29:59Z", "2026-03-09T18:30:00Z" },
    { "Pacific/Kiritimati", "2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z" },
    { "Pacific/Pago_Pago", "2026-03-10T10:00:00Z", "2026-03-09T11:00:00Z" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportPolicy) policy = policy_in_zone (cases[i].zone);

      g_test_message ("%s, %s", cases[i].zone, cases[i].now);
      g_assert_cmpint (rapport_policy_get_day_start (policy, parse_instant (cases[i].now)), ==,
                       parse_instant (cases[i].start));
    }
}

/* The edges in microseconds: the shared table can only speak in seconds. */
static void
test_window_edges_us (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  gint64 now = parse_instant ("2026-03-10T12:00:00.250000Z");
  gint64 window = 30 * G_TIME_SPAN_DAY;
  gint64 day_start = parse_instant ("2026-03-10T00:00:00Z");
  RapportPolicyAction action = {
    RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_REFUND, wire ("50.00", "USD")
  };
  RapportPolicyEntry entry = { RAPPORT_MONEY_KIND_REFUND, wire ("40.00", "USD"),
                               RAPPORT_ACTION_STATE_EXECUTED, 0 };
  RapportPolicyHistory history = { &entry, 1 };
  RapportPolicyEvaluation evaluation;

  entry.at_us = now - window;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, &history, NULL, now, &evaluation),
                   ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpint (evaluation.customer_total.minor, ==, 0);

  entry.at_us = now - window + 1;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, &history, NULL, now, &evaluation),
                   ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
  g_assert_cmpint (evaluation.customer_total.minor, ==, 4000);

  entry.amount = wire ("150.01", "USD");
  entry.at_us = day_start - 1;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, &history, now, &evaluation),
                   ==, RAPPORT_VERDICT_ALLOWED);
  g_assert_cmpint (evaluation.agent_total.minor, ==, 0);

  entry.at_us = day_start;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, &history, now, &evaluation),
                   ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_AGENT_DAY);
  g_assert_cmpint (evaluation.agent_total.minor, ==, 15001);

  /* A window that would start before the first representable instant counts everything. */
  entry.at_us = G_MININT64;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, &history, NULL,
                                            G_MININT64 + G_TIME_SPAN_DAY, &evaluation),
                   ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
}

/* Records that move no money never lower a total. */
static void
test_non_positive_entries (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  RapportPolicyAction action = {
    RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_REFUND, wire ("50.00", "USD")
  };
  RapportPolicyEntry entries[] = {
    { RAPPORT_MONEY_KIND_REFUND, wire ("40.00", "USD"), RAPPORT_ACTION_STATE_EXECUTED, 0 },
    { RAPPORT_MONEY_KIND_REFUND, wire ("0", "USD"), RAPPORT_ACTION_STATE_EXECUTED, 0 },
    { RAPPORT_MONEY_KIND_REFUND, wire ("40.00", "USD"), RAPPORT_ACTION_STATE_EXECUTED, 0 },
  };
  RapportPolicyHistory history = { entries, G_N_ELEMENTS (entries) };
  RapportPolicyEvaluation evaluation;
  gint64 now = parse_instant ("2026-03-10T12:00:00Z");

  entries[2].amount.minor = -4000;
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    entries[i].at_us = now - G_TIME_SPAN_HOUR;

  g_assert_cmpint (rapport_policy_evaluate (policy, &action, &history, &history, now, &evaluation),
                   ==, RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.customer_total.minor, ==, 4000);
  g_assert_cmpint (evaluation.agent_total.minor, ==, 4000);
}

/* The numbers the refund dialog needs, formatted as the issue shows them. */
static void
test_messages (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  gint64 now = parse_instant ("2026-03-10T12:00:00Z");
  RapportPolicyAction action = {
    RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_REFUND, wire ("50.00", "USD")
  };
  RapportPolicyEntry entry = { RAPPORT_MONEY_KIND_REFUND, wire ("40.00", "USD"),
                               RAPPORT_ACTION_STATE_EXECUTED, now - 10 * G_TIME_SPAN_DAY };
  RapportPolicyHistory history = { &entry, 1 };
  RapportPolicyEvaluation evaluation;
  g_autofree char *allowed = NULL;
  g_autofree char *single = NULL;
  g_autofree char *window = NULL;

  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, NULL, now, &evaluation), ==,
                   RAPPORT_VERDICT_ALLOWED);
  {
    g_autofree char *limit = rapport_money_format (&evaluation.single_limit, &format_en_us);

    allowed = g_strdup_printf ("Within your limit (up to %s)", limit);
  }
  g_assert_cmpstr (allowed, ==, "Within your limit (up to $50.00)");

  action.amount = wire ("75.00", "USD");
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, NULL, now, &evaluation), ==,
                   RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_SINGLE_LIMIT);
  {
    g_autofree char *amount = rapport_money_format (&evaluation.amount, &format_en_us);
    g_autofree char *over = rapport_money_format (&evaluation.over, &format_en_us);

    single = g_strdup_printf ("%s is %s over your refund limit", amount, over);
  }
  g_assert_cmpstr (single, ==, "$75.00 is $25.00 over your refund limit");

  action.amount = wire ("50.00", "USD");
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, &history, NULL, now, &evaluation), ==,
                   RAPPORT_VERDICT_NEEDS_APPROVAL);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW);
  {
    g_autofree char *total = rapport_money_format (&evaluation.customer_total, &format_en_us);
    g_autofree char *after = rapport_money_format (&evaluation.customer_after, &format_en_us);
    g_autofree char *limit = rapport_money_format (&evaluation.customer_limit, &format_en_us);

    window = g_strdup_printf ("this customer has received %s in refunds in the last %u days; "
                              "this would make %s, over the %s limit",
                              total, evaluation.customer_window_days, after, limit);
  }
  g_assert_cmpstr (window, ==,
                   "this customer has received $40.00 in refunds in the last 30 days; "
                   "this would make $90.00, over the $75.00 limit");
}

static void
test_denied (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  RapportPolicyAction action = {
    RAPPORT_ROLE_AGENT, RAPPORT_MONEY_KIND_REFUND, wire ("10.00", "EUR")
  };
  RapportPolicyEvaluation evaluation;

  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, NULL, 0, &evaluation), ==,
                   RAPPORT_VERDICT_DENIED);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_CURRENCY);
  g_assert_cmpstr (evaluation.amount.currency, ==, "EUR");
  g_assert_cmpstr (evaluation.single_limit.currency, ==, "USD");
  g_assert_cmpint (evaluation.over.minor, ==, 0);

  action.amount = wire ("10.00", "USD");
  action.amount.minor = -1000;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, NULL, 0, &evaluation), ==,
                   RAPPORT_VERDICT_DENIED);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_AMOUNT);

  action.amount.minor = 1000;
  action.role = (RapportRole) 7;
  g_assert_cmpint (rapport_policy_evaluate (policy, &action, NULL, NULL, 0, &evaluation), ==,
                   RAPPORT_VERDICT_DENIED);
  g_assert_cmpint (evaluation.reason, ==, RAPPORT_VERDICT_REASON_ROLE);
}

static void
test_strings (void)
{
  static const char *roles[] = { "agent", "senior", "supervisor" };
  static const char *kinds[] = { "refund", "credit" };
  static const char *states[] = {
    "executed", "pending_approval", "approved", "rejected", "cancelled"
  };
  RapportRole role;
  RapportMoneyKind kind;
  RapportActionState state;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_assert_true (rapport_role_from_string (roles[i], &role));
      g_assert_cmpint (role, ==, i);
      g_assert_cmpstr (rapport_role_to_string (role), ==, roles[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_true (rapport_money_kind_from_string (kinds[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (rapport_money_kind_to_string (kind), ==, kinds[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_assert_true (rapport_action_state_from_string (states[i], &state));
      g_assert_cmpint (state, ==, i);
      g_assert_cmpstr (rapport_action_state_to_string (state), ==, states[i]);
    }
  g_assert_false (rapport_role_from_string ("manager", &role));
  g_assert_false (rapport_role_from_string (NULL, &role));
  g_assert_false (rapport_money_kind_from_string ("gift", &kind));
  g_assert_false (rapport_action_state_from_string ("lost", &state));
  g_assert_cmpstr (rapport_verdict_to_string (RAPPORT_VERDICT_NEEDS_APPROVAL), ==,
                   "needs_approval");
  g_assert_cmpstr (rapport_verdict_reason_to_string (RAPPORT_VERDICT_REASON_AGENT_DAY), ==,
                   "agent_day");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) parser = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/policy/defaults", test_defaults);
  g_test_add_func ("/rapport/policy/defaults-file", test_defaults_file);
  g_test_add_func ("/rapport/policy/invalid", test_invalid_policies);
  g_test_add_func ("/rapport/policy/day-start", test_day_start);
  g_test_add_func ("/rapport/policy/window-edges-us", test_window_edges_us);
  g_test_add_func ("/rapport/policy/non-positive-entries", test_non_positive_entries);
  g_test_add_func ("/rapport/policy/messages", test_messages);
  g_test_add_func ("/rapport/policy/denied", test_denied);
  g_test_add_func ("/rapport/policy/strings", test_strings);

  parser = json_parser_new ();
  add_case_tests (parser);

  status = g_test_run ();
  return status;
}

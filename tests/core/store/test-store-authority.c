/* test-store-authority.c — the helpdesk's last answer about the user's authority, kept per
 * account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-store-authority"

#include "config.h"

#include <locale.h>

#include "store-test-fixture.h"

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static RapportPolicy *
policy_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  RapportPolicy *policy = rapport_policy_new_from_json (json, -1, &error);

  g_assert_no_error (error);
  return policy;
}

static void
assert_same_policy (const RapportPolicy *a,
                    const RapportPolicy *b)
{
  g_assert_cmpstr (rapport_policy_get_currency (a), ==, rapport_policy_get_currency (b));
  g_assert_cmpuint (rapport_policy_get_customer_window_days (a), ==,
                    rapport_policy_get_customer_window_days (b));
  g_assert_cmpstr (rapport_policy_get_agent_day_time_zone (a), ==,
                   rapport_policy_get_agent_day_time_zone (b));
  for (guint role = 0; role < RAPPORT_N_ROLES; role++)
    for (guint kind = 0; kind < RAPPORT_N_MONEY_KINDS; kind++)
      {
        const RapportPolicyLimits *la = rapport_policy_get_limits (a, role, kind);
        const RapportPolicyLimits *lb = rapport_policy_get_limits (b, role, kind);

        g_assert_cmpint (la->single, ==, lb->single);
        g_assert_cmpint (la->customer_window, ==, lb->customer_window);
        g_assert_cmpint (la->agent_day, ==, lb->agent_day);
      }
}

static RapportAuthority *
load (Fixture *fixture,
      gint64   account_id)
{
  g_autoptr(GError) error = NULL;
  RapportAuthority *authority = rapport_store_load_authority (fixture->store, account_id, NULL,
                                                              &error);

  g_assert_no_error (error);
  return authority;
}

static void
save (Fixture                *fixture,
      const RapportAuthority *authority)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_save_authority (fixture->store, fixture->account_id, authority,
                                               NULL, &error));
  g_assert_no_error (error);
}

/* An answer is kept as the server gave it (a policy of another currency, exponent and zone
 * included), replaced by the next one, and forgotten by an answer without a role. */
static void
test_authority_round_trip (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportPolicy) yen = policy_of (
    "{\"format\": 1, \"currency\": \"JPY\", \"exponent\": 0, \"customer_window_days\": 7, "
    "\"agent_day_time_zone\": \"Asia/Tokyo\", \"roles\": {"
    "\"agent\": {\"refund\": {\"single\": \"5000\", \"customer_window\": \"9000\", "
    "\"agent_day\": \"20000\"}, \"credit\": {\"single\": \"2500\", \"customer_window\": "
    "\"5000\", \"agent_day\": \"10000\"}}, "
    "\"senior\": {\"refund\": {\"single\": \"20000\", \"customer_window\": \"40000\", "
    "\"agent_day\": \"100000\"}, \"credit\": {\"single\": \"20000\", \"customer_window\": "
    "\"40000\", \"agent_day\": \"100000\"}}, "
    "\"supervisor\": {\"refund\": {\"single\": \"200000\", \"customer_window\": \"400000\", "
    "\"agent_day\": \"1000000\"}, \"credit\": {\"single\": \"200000\", \"customer_window\": "
    "\"400000\", \"agent_day\": \"1000000\"}}}}");
  g_autoptr(RapportAuthority) answer = rapport_authority_new ();
  g_autoptr(RapportAuthority) kept = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing kept yet: NULL without an error. */
  g_assert_null (load (fixture, fixture->account_id));

  answer->has_role = TRUE;
  answer->role = RAPPORT_ROLE_SUPERVISOR;
  answer->may_decide = TRUE;
  answer->policy = rapport_policy_ref (yen);
  answer->source = RAPPORT_POLICY_SOURCE_SERVER;
  answer->source_detail = g_strdup ("queue Money, custom field Rapport policy");
  answer->enforced = TRUE;
  answer->answered_at = 1795392000;
  save (fixture, answer);

  kept = load (fixture, fixture->account_id);
  g_assert_nonnull (kept);
  g_assert_true (kept->has_role);
  g_assert_cmpint (kept->role, ==, RAPPORT_ROLE_SUPERVISOR);
  g_assert_true (kept->may_decide);
  g_assert_cmpint (kept->source, ==, RAPPORT_POLICY_SOURCE_SERVER);
  g_assert_cmpstr (kept->source_detail, ==, "queue Money, custom field Rapport policy");
  g_assert_cmpint (kept->answered_at, ==, 1795392000);
  g_assert_true (kept->from_cache);
  g_assert_nonnull (kept->policy);
  assert_same_policy (kept->policy, yen);
  g_clear_pointer (&kept, rapport_authority_free);

  /* Another account keeps nothing of it. */
  g_assert_null (load (fixture, fixture->account_id + 1));

  /* The next answer replaces it: another role, no policy of the server's, no time given
   * (now). */
  answer->role = RAPPORT_ROLE_AGENT;
  answer->may_decide = FALSE;
  g_clear_pointer (&answer->policy, rapport_policy_unref);
  g_clear_pointer (&answer->source_detail, g_free);
  answer->answered_at = 0;
  save (fixture, answer);

  kept = load (fixture, fixture->account_id);
  g_assert_nonnull (kept);
  g_assert_cmpint (kept->role, ==, RAPPORT_ROLE_AGENT);
  g_assert_false (kept->may_decide);
  g_assert_null (kept->policy);
  g_assert_null (kept->source_detail);
  g_assert_cmpint (kept->answered_at, >, 1795392000);
  g_clear_pointer (&kept, rapport_authority_free);

  /* The server no longer gives the user a role: forgotten. So does NULL (no answer). */
  answer->has_role = FALSE;
  save (fixture, answer);
  g_assert_null (load (fixture, fixture->account_id));
  save (fixture, NULL);
  g_assert_null (load (fixture, fixture->account_id));

  /* The default policy, through the asynchronous pair. */
  answer->has_role = TRUE;
  answer->role = RAPPORT_ROLE_SENIOR;
  answer->policy = rapport_policy_new_default ();
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RapportPolicy) defaults = rapport_policy_new_default ();

    rapport_store_save_authority_async (fixture->store, fixture->account_id, answer, NULL,
                                        on_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (rapport_store_save_authority_finish (fixture->store, result, &error));
    g_assert_no_error (error);
    g_clear_object (&result);

    rapport_store_load_authority_async (fixture->store, fixture->account_id, NULL,
                                        on_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    kept = rapport_store_load_authority_finish (fixture->store, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (kept);
    g_assert_cmpint (kept->role, ==, RAPPORT_ROLE_SENIOR);
    assert_same_policy (kept->policy, defaults);
  }
}

/* A row this version cannot read back is an error, not a role. */
static void
test_authority_unreadable (Fixture       *fixture,
                           gconstpointer  data)
{
  sqlite3 *db = open_raw (fixture->path);
  g_autoptr(RapportAuthority) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO account_authority (account_id, role, may_decide, policy, answered_at) "
    "VALUES (%" G_GINT64_FORMAT ", 'agent', 0, '{\"format\": 99}', 1)", fixture->account_id);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  kept = rapport_store_load_authority (fixture->store, fixture->account_id, NULL, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID);
  g_assert_null (kept);

  /* The schema admits only the known roles. */
  db = open_raw (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE account_authority SET role = 'owner'", NULL, NULL,
                                 NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/store/authority/round-trip", Fixture, NULL, fixture_set_up,
              test_authority_round_trip, fixture_tear_down);
  g_test_add ("/rapport/store/authority/unreadable", Fixture, NULL, fixture_set_up,
              test_authority_unreadable, fixture_tear_down);

  return g_test_run ();
}

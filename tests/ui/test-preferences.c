/* test-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-preferences-window.h"
#include "rapport-provider-registry.h"
#include "rapport-ui-test-util.h"

static AdwActionRow *
find_row (GtkWidget  *group,
          const char *title)
{
  g_autoptr(GPtrArray) rows = rapport_test_find_widgets (group, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];

  return NULL;
}

static void
assert_read_only (GtkWidget *group)
{
  g_autoptr(GPtrArray) editables = rapport_test_find_widgets (group, GTK_TYPE_EDITABLE);
  g_autoptr(GPtrArray) switches = rapport_test_find_widgets (group, GTK_TYPE_SWITCH);
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (group, GTK_TYPE_BUTTON);

  g_assert_cmpuint (editables->len, ==, 0);
  g_assert_cmpuint (switches->len, ==, 0);
  g_assert_cmpuint (buttons->len, ==, 0);
}

/* Limits an administrator set and locked: shown with where they come from, never editable. */
static void
test_preferences_limits_locked (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  RapportAuthority authority = {
    .has_role = TRUE,
    .role = RAPPORT_ROLE_AGENT,
    .policy = policy,
    .source = RAPPORT_POLICY_SOURCE_SETTINGS,
    .source_detail = (char *) "dconf /io/github/rapportdesk/Rapport/policy/policy",
    .locked = TRUE,
  };
  GtkWidget *group = g_object_ref_sink (rapport_preferences_make_limits_group (&authority));
  AdwActionRow *row;

  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                   "Refund and Credit Limits");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "Set by your administrator and locked (dconf "
                   "/io/github/rapportdesk/Rapport/policy/policy); this helpdesk does not check "
                   "them itself");

  row = find_row (group, "Your Role");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Agent");

  row = find_row (group, "Agent (you)");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Refunds up to $50.00 each, $75.00 per customer in 30 days, $200.00 a day\n"
                   "Credits up to $25.00 each, $50.00 per customer in 30 days, $100.00 a day");
  row = find_row (group, "Supervisor");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Refunds up to $2000.00 each, $4000.00 per customer in 30 days, $10000.00 a day\n"
                   "Credits up to $2000.00 each, $4000.00 per customer in 30 days, $10000.00 a day");
  g_assert_nonnull (find_row (group, "Senior Agent"));

  /* A locked key cannot be changed from the UI: there is nothing to change it with. */
  assert_read_only (group);

  g_assert_finalize_object (group);
}

static void
test_preferences_limits_server (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  RapportAuthority authority = {
    .has_role = FALSE,
    .policy = policy,
    .source = RAPPORT_POLICY_SOURCE_SERVER,
    .source_detail = (char *) "queue Money, custom field Rapport policy",
    .enforced = TRUE,
  };
  GtkWidget *group = g_object_ref_sink (rapport_preferences_make_limits_group (&authority));

  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "Set and enforced by the helpdesk (queue Money, custom field Rapport policy)");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (group, "Your Role")), ==,
                   "None: the helpdesk gives you no role for refunds and credits");
  g_assert_nonnull (find_row (group, "Agent"));
  g_assert_null (find_row (group, "Agent (you)"));
  assert_read_only (group);
  g_assert_finalize_object (group);

  /* Unlocked defaults of a helpdesk that does not enforce them. */
  authority.has_role = TRUE;
  authority.role = RAPPORT_ROLE_SUPERVISOR;
  authority.source = RAPPORT_POLICY_SOURCE_DEFAULTS;
  authority.source_detail = NULL;
  authority.enforced = FALSE;
  group = g_object_ref_sink (rapport_preferences_make_limits_group (&authority));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "Rapport's defaults; this helpdesk does not check them itself");
  g_assert_nonnull (find_row (group, "Supervisor (you)"));
  g_assert_finalize_object (group);
}

/* Where the role comes from and how fresh it is: the helpdesk's answer of today, or its last
 * answer kept from before, while offline. */
static void
test_preferences_limits_freshness (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 2, 0);
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  RapportAuthority authority = {
    .has_role = TRUE,
    .role = RAPPORT_ROLE_SUPERVISOR,
    .may_decide = TRUE,
    .policy = policy,
    .source = RAPPORT_POLICY_SOURCE_SERVER,
    .enforced = TRUE,
    .answered_at = g_date_time_to_unix (today),
  };
  GtkWidget *group = g_object_ref_sink (rapport_preferences_make_limits_group (&authority));

  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "Set and enforced by the helpdesk\nFrom the helpdesk, as of 00:02.");
  g_assert_nonnull (find_row (group, "Supervisor (you)"));
  g_assert_finalize_object (group);

  authority.from_cache = TRUE;
  group = g_object_ref_sink (rapport_preferences_make_limits_group (&authority));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)), ==,
                   "Set and enforced by the helpdesk\nFrom the helpdesk's last answer, as of "
                   "00:02: offline, not confirmed since. The helpdesk decides every refund and "
                   "credit when it gets it.");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (group, "Your Role")), ==,
                   "Supervisor");
  assert_read_only (group);
  g_assert_finalize_object (group);
}

/* The limits groups of @window. */
static guint
count_limits (GtkWidget *window)
{
  g_autoptr(GPtrArray) groups = rapport_test_find_widgets (window, ADW_TYPE_PREFERENCES_GROUP);
  guint n = 0;

  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (groups->pdata[i]),
                   "Refund and Credit Limits") == 0)
      n++;

  return n;
}

static void
test_preferences_window (void)
{
  g_autoptr(RapportPolicy) policy = rapport_policy_new_default ();
  RapportAuthority authority = { .has_role = TRUE, .policy = policy };
  RapportAuthority supervisor = { .has_role = TRUE, .role = RAPPORT_ROLE_SUPERVISOR,
                                  .policy = policy };
  GtkWidget *window;
  AdwActionRow *row;

  window = rapport_preferences_window_new (NULL, NULL, &authority);
  g_assert_cmpuint (count_limits (window), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Without an account shown: no limits. */
  window = g_object_ref_sink (rapport_preferences_window_new (NULL, NULL, NULL));
  g_assert_cmpuint (count_limits (window), ==, 0);

  /* They follow the account shown: another one's, then none (its account was removed). */
  rapport_preferences_window_set_authority (window, &authority);
  g_assert_cmpuint (count_limits (window), ==, 1);
  rapport_preferences_window_set_authority (window, &supervisor);
  g_assert_cmpuint (count_limits (window), ==, 1);
  row = find_row (window, "Your Role");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Supervisor");
  rapport_preferences_window_set_authority (window, NULL);
  g_assert_cmpuint (count_limits (window), ==, 0);
  g_assert_null (find_row (window, "Your Role"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static RapportAccount *
make_account (const char *kind,
              const char *url,
              const char *name,
              gint64      id)
{
  RapportAccount *account = rapport_account_new (kind, url, name);

  rapport_account_set_id (account, id);
  rapport_account_set_user_remote_id (account, "sam.agent");
  return account;
}

/* The button with the accessible name @label: its action names the account by its id. */
static void
assert_account_button (GtkWidget  *row,
                       const char *label,
                       const char *action_name,
                       gint64      account_id)
{
  GtkWidget *button = rapport_test_find_by_accessible_label (row, GTK_TYPE_BUTTON, label);
  GVariant *target;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, action_name);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_nonnull (target);
  g_assert_cmpint (g_variant_get_int64 (target), ==, account_id);
}

/* One row per account: its name, the kind of helpdesk in the registry's words with its
 * address, and its buttons, each named for the account. */
static void
test_preferences_accounts (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *rt_line = NULL;
  GtkWidget *window;
  AdwActionRow *row;

  g_ptr_array_add (accounts, make_account ("rt", "https://rt.example.com", "Support", 3));
  g_ptr_array_add (accounts, make_account ("demo", "demo:", "Demo workspace", 4));
  rt_line = rapport_provider_backend_describe_account (rapport_provider_registry_lookup ("rt",
                                                                                         NULL),
                                                       accounts->pdata[0]);
  g_assert_nonnull (strstr (rt_line, "Request Tracker"));
  g_assert_nonnull (strstr (rt_line, "https://rt.example.com"));

  window = g_object_ref_sink (rapport_preferences_window_new (NULL, accounts, NULL));

  row = find_row (window, "Support");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, rt_line);
  assert_account_button (GTK_WIDGET (row), "Replace token of Support", "app.replace-token", 3);
  assert_account_button (GTK_WIDGET (row), "Remove Support", "app.remove-account", 3);

  /* The demo has no token to replace. */
  row = find_row (window, "Demo workspace");
  g_assert_nonnull (row);
  assert_account_button (GTK_WIDGET (row), "Remove Demo workspace", "app.remove-account", 4);
  rows = rapport_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_BUTTON);
  g_assert_cmpuint (rows->len, ==, 1);

  /* Another list, after a removal: the rows follow it. */
  g_ptr_array_remove_index (accounts, 0);
  rapport_preferences_window_set_accounts (window, accounts);
  g_assert_null (find_row (window, "Support"));
  g_assert_null (rapport_test_find_by_accessible_label (window, GTK_TYPE_BUTTON,
                                                        "Remove Support"));
  g_assert_nonnull (find_row (window, "Demo workspace"));
  rapport_preferences_window_set_accounts (window, NULL);
  g_assert_null (find_row (window, "Demo workspace"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/preferences/limits-locked", test_preferences_limits_locked);
  g_test_add_func ("/rapport/ui/preferences/limits-server", test_preferences_limits_server);
  g_test_add_func ("/rapport/ui/preferences/limits-freshness",
                   test_preferences_limits_freshness);
  g_test_add_func ("/rapport/ui/preferences/window", test_preferences_window);
  g_test_add_func ("/rapport/ui/preferences/accounts", test_preferences_accounts);

  return g_test_run ();
}

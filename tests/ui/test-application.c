/* test-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-application"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-application.h"
#include "rapport-ui-test-keys.h"
#include "rapport-ui-test-util.h"
#include "rapport-window.h"

/* Each process gets its own data dir (set in main() before GLib caches it). */
static char *data_home;

static RapportWindow *
only_window (RapportApplication *app)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (RAPPORT_IS_WINDOW (windows->data));

  return windows->data;
}

static gboolean
window_settled (gpointer user_data)
{
  RapportWindow *window = user_data;

  return rapport_window_get_failed (window) ||
         g_strcmp0 (rapport_window_get_page (window), "welcome") == 0 ||
         (rapport_window_get_loaded (window) && !rapport_window_get_syncing (window));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

typedef void (*AppCheck) (RapportApplication *app);

static void
on_activated_cb (RapportApplication *app,
                 gpointer            user_data)
{
  AppCheck check = (AppCheck) user_data;
  RapportWindow *window = only_window (app);

  /* Runs inside g_application_run(), after the application's own activate. */
  rapport_test_wait_until (window_settled, window, 30000, "the workspace to open");
  check (app);

  /* Quit as Ctrl+Q does: the windows close, then the application. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* Runs the application as main() would, calls @check once its window settled (loaded and
 * synced, or failed), then quits. Startup and shutdown are the real ones. */
static void
run_application_with (AppCheck    check,
                      const char *option)
{
  RapportApplication *app = rapport_application_new ();
  char *argv[] = { (char *) "rapport", (char *) option, NULL };
  int status;

  /* Tests may run beside a real Rapport: do not talk to it. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activated_cb), (gpointer) check);
  status = g_application_run (G_APPLICATION (app), option != NULL ? 2 : 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  /* A ticket's session may still be writing (say the draft of a ticket left just before):
   * its write holds the application until it is done. */
  rapport_test_release_and_wait (&app);
}

static void
run_application (AppCheck check)
{
  run_application_with (check, NULL);
}

static void
test_new_destroy (void)
{
  RapportApplication *app = rapport_application_new ();

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==, APPLICATION_ID);
  g_assert_cmpstr (g_application_get_resource_base_path (G_APPLICATION (app)), ==, RESOURCE_PREFIX);
  g_assert_null (rapport_application_get_store (app));
  g_assert_finalize_object (app);
}

static void
assert_accels (RapportApplication *app,
               const char         *action,
               const char         *expected)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  if (expected == NULL)
    g_assert_cmpuint (g_strv_length (accels), ==, 0);
  else
    g_assert_cmpstrv (accels, ((const char *[]) { expected, NULL }));
}

static void
check_first_start (RapportApplication *app)
{
  RapportWindow *window = only_window (app);
  g_autofree char *db = g_build_filename (data_home, "rapport", RAPPORT_STORE_FILE_NAME, NULL);
  g_autoptr(GPtrArray) titles = NULL;
  GtkWindow *shortcuts;
  GtkWindow *about;
  gboolean subtitle = FALSE;

  /* With --demo, the demo workspace was created in the user's data dir, synced and shown. */
  g_assert_false (rapport_window_get_failed (window));
  g_assert_cmpstr (rapport_window_get_page (window), ==, "workspace");
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (rapport_application_get_store (app));
  g_assert_cmpstr (rapport_store_get_path (rapport_application_get_store (app)), ==, db);
  g_assert_cmpstr (rapport_ticket_get_subject (rapport_window_get_current_ticket (window)), ==,
                   "Cancel my subscription before renewal");

  titles = rapport_test_find_widgets (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);
  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (adw_window_title_get_title (g_ptr_array_index (titles, i)), "Rapport") == 0 &&
        g_strcmp0 (adw_window_title_get_subtitle (g_ptr_array_index (titles, i)), "Demo workspace") == 0)
      subtitle = TRUE;
  g_assert_true (subtitle);

  /* Keyboard: Ctrl+Q, Ctrl+? (only for app.shortcuts), Ctrl+W. */
  assert_accels (app, "app.quit", "<Control>q");
  assert_accels (app, "app.shortcuts", "<Control>question");
  assert_accels (app, "win.show-help-overlay", NULL);
  assert_accels (app, "window.close", "<Control>w");
  assert_accels (app, "app.preferences", "<Control>comma");

  /* The shortcuts window comes from gtk/help-overlay.ui in our resources. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Rapport");
  gtk_window_destroy (about);

  /* Activating again presents the same window. */
  g_signal_handlers_block_by_func (app, on_activated_cb, (gpointer) check_first_start);
  g_application_activate (G_APPLICATION (app));
  g_signal_handlers_unblock_by_func (app, on_activated_cb, (gpointer) check_first_start);
  g_assert_true (only_window (app) == window);
}

static void
check_welcome (RapportApplication *app)
{
  RapportWindow *window = only_window (app);

  /* No account yet: the welcome page offers to add one or to explore the demo. */
  g_assert_false (rapport_window_get_failed (window));
  g_assert_cmpstr (rapport_window_get_page (window), ==, "welcome");
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (window), "Welcome to Rapport"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "add-account"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "open-demo"));
}

static void
check_second_start (RapportApplication *app)
{
  RapportWindow *window = only_window (app);
  g_autoptr(GBytes) theme = NULL;

  /* Without --demo, the account shown last (the demo) is shown again: same workspace. */
  g_assert_cmpstr (rapport_window_get_page (window), ==, "workspace");
  g_assert_false (rapport_window_get_failed (window));
  g_assert_cmpstr (rapport_ticket_get_subject (rapport_window_get_current_ticket (window)), ==,
                   "Cancel my subscription before renewal");

  /* Set once the first frame was painted. */
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APPLICATION_ID);

  /* GTK's Default theme, which libadwaita replaces as it starts, is the application's empty
   * one (registered last, found first); not so when the user names a theme. */
  theme = g_resources_lookup_data ("/org/gtk/libgtk/theme/Default/gtk.css", 0, NULL);
  g_assert_nonnull (theme);
  if (g_getenv ("GTK_THEME") == NULL)
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (theme, NULL), g_bytes_get_size (theme),
                                    "libadwaita styles the application"));
}

static void
test_first_start (void)
{
  run_application (check_welcome);
  run_application_with (check_first_start, "--demo");
  run_application (check_second_start);
}

static void
check_cannot_open (RapportApplication *app)
{
  RapportWindow *window = only_window (app);

  g_assert_true (rapport_window_get_failed (window));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (window),
                                                         "Could Not Open the Workspace"));
}

/* The dialog that tells what a rescue of the damaged cache kept; its body must hold each of
 * @expected (NULL-terminated). */
static void
check_rescue_dialog (const char * const *expected)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_autofree char *aside = g_build_filename (data_home, "rapport",
                                             RAPPORT_STORE_FILE_NAME ".damaged-", NULL);
  const char *body;

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Local Cache Rebuilt");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "close");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "close");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (dialog)), ==,
                   GTK_ACCESSIBLE_ROLE_DIALOG);

  body = adw_message_dialog_get_body (dialog);
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_nonnull (strstr (body, expected[i]));
  g_assert_nonnull (strstr (body, aside));

  gtk_window_close (GTK_WINDOW (dialog));
}

static void
check_rescued_garbage (RapportApplication *app)
{
  static const char * const expected[] = {
    "The local cache was damaged and was rebuilt.",
    "Nothing could be kept: add your accounts again.",
    "Could not recover: accounts that could not be read, queued changes that could not be "
    "read, drafts that could not be read.",
    "The damaged file was kept at ",
    NULL
  };

  /* The demo asked for on the command line opens over the rebuilt cache. */
  g_assert_false (rapport_window_get_failed (only_window (app)));
  check_rescue_dialog (expected);
}

static void
check_rescued_newer (RapportApplication *app)
{
  static const char * const expected[] = {
    "The local cache was written by a newer version of Rapport, so it was set aside and "
    "rebuilt.",
    "Nothing else was lost.",
    NULL
  };

  g_assert_false (rapport_window_get_failed (only_window (app)));
  check_rescue_dialog (expected);
}

static void
test_broken_store (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *db = g_build_filename (data_home, "rapport", RAPPORT_STORE_FILE_NAME, NULL);

      /* A directory where the database should be. */
      g_assert_cmpint (g_mkdir_with_parents (db, 0700), ==, 0);

      g_test_expect_message ("rapport-application", G_LOG_LEVEL_WARNING,
                             "Could not open the workspace*");
      run_application_with (check_cannot_open, "--demo");
      g_test_assert_expected_messages ();
      return;
    }

  /* A process of its own: the data dir is fixed once per process. */
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_newer_database (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_build_filename (data_home, "rapport", NULL);
      g_autofree char *db = g_build_filename (dir, RAPPORT_STORE_FILE_NAME, NULL);
      sqlite3 *handle = NULL;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 9999", NULL, NULL, NULL), ==,
                       SQLITE_OK);
      g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);

      run_application_with (check_rescued_newer, "--demo");
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_damaged_database (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_build_filename (data_home, "rapport", NULL);
      g_autofree char *db = g_build_filename (dir, RAPPORT_STORE_FILE_NAME, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (db, "This is not an SQLite database at all.\n", -1,
                                          NULL));

      run_application_with (check_rescued_garbage, "--demo");
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
have_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

/* The accounts the store lists now. */
static GPtrArray *
list_accounts (RapportApplication *app)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts;

  rapport_store_list_accounts_async (rapport_application_get_store (app), NULL,
                                     on_result_cb, &result);
  rapport_test_wait_until (have_result, &result, 10000, "the store to list the accounts");
  accounts = rapport_store_list_accounts_finish (rapport_application_get_store (app), result,
                                                 &error);
  g_assert_no_error (error);
  return accounts;
}

static gboolean
shows_subtitle (RapportWindow *window,
                const char    *subtitle)
{
  g_autoptr(GPtrArray) titles = rapport_test_find_widgets (GTK_WIDGET (window),
                                                           ADW_TYPE_WINDOW_TITLE);

  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (adw_window_title_get_title (g_ptr_array_index (titles, i)), "Rapport") == 0 &&
        g_strcmp0 (adw_window_title_get_subtitle (g_ptr_array_index (titles, i)), subtitle) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
switcher_offers (RapportWindow *window,
                 const char    *label)
{
  GtkWidget *button = rapport_test_find_by_accessible_label (GTK_WIDGET (window),
                                                             GTK_TYPE_MENU_BUTTON,
                                                             "Switch account");
  GMenuModel *model;
  gboolean found;

  g_assert_nonnull (button);

  /* Its menu is made when it first opens, as a click does. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (model);
  found = rapport_test_menu_has_item (model, G_MENU_ATTRIBUTE_LABEL, label);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  return found;
}

static gboolean
approvals_shown (gpointer user_data)
{
  GtkWidget *views = rapport_test_find_by_accessible_label (GTK_WIDGET (user_data),
                                                            GTK_TYPE_LIST_BOX, "Views");
  GtkWidget *row;

  g_assert_nonnull (views);
  row = rapport_test_find_by_accessible_label (views, GTK_TYPE_LIST_BOX_ROW, "Approvals");

  return row != NULL && gtk_widget_get_visible (row);
}

static gboolean
workspace_shows (gpointer user_data)
{
  RapportWindow *window = user_data;

  return shows_subtitle (window, "Demo workspace — supervisor") && window_settled (window);
}

static void
check_both_sides (RapportApplication *app)
{
  RapportWindow *window = only_window (app);
  g_autoptr(GPtrArray) accounts = list_accounts (app);
  RapportAccount *agent, *supervisor;

  /* --demo sets up the demo's agent and its supervisor; the agent's workspace is shown. */
  g_assert_cmpuint (accounts->len, ==, 2);
  agent = g_ptr_array_index (accounts, 0);
  supervisor = g_ptr_array_index (accounts, 1);
  g_assert_cmpstr (rapport_account_get_display_name (agent), ==, "Demo workspace");
  g_assert_cmpstr (rapport_account_get_user_name (agent), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_account_get_display_name (supervisor), ==, "Demo workspace — supervisor");
  g_assert_cmpstr (rapport_account_get_user_name (supervisor), ==, "Dana Whitfield");
  g_assert_cmpstr (rapport_account_get_base_url (supervisor), ==, rapport_account_get_base_url (agent));
  g_assert_true (shows_subtitle (window, "Demo workspace"));
  g_assert_false (approvals_shown (window));

  /* The account switcher offers both; switching to the supervisor shows her Approvals. */
  g_assert_true (switcher_offers (window, "Demo workspace"));
  g_assert_true (switcher_offers (window, "Demo workspace — supervisor"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "switch-account",
                                  g_variant_new_int64 (rapport_account_get_id (supervisor)));
  rapport_test_wait_until (workspace_shows, window, 30000, "the supervisor's workspace");
  rapport_test_wait_until (approvals_shown, window, 30000, "the view \"Approvals\"");
  g_assert_false (rapport_window_get_failed (window));

  /* Back to the agent: the same workspace as before. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "switch-account",
                                  g_variant_new_int64 (rapport_account_get_id (agent)));
  rapport_test_wait_until (window_settled, window, 30000, "the agent's workspace");
  g_assert_true (shows_subtitle (window, "Demo workspace"));
}

static void
check_still_two (RapportApplication *app)
{
  g_autoptr(GPtrArray) accounts = list_accounts (app);

  /* --demo again adds nobody twice. */
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_true (shows_subtitle (only_window (app), "Demo workspace"));
}

static void
test_demo_both_sides (void)
{
  if (g_test_subprocess ())
    {
      run_application_with (check_both_sides, "--demo");
      run_application_with (check_still_two, "--demo");
      return;
    }

  /* A process of its own: a data dir without the first-start test's workspace. */
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The local id of the open ticket of @account with @subject, or (@subject NULL) of the first
 * one not assigned to anybody: not in the agent's view. */
static gint64
find_open_ticket (RapportApplication *app,
                  RapportAccount     *account,
                  const char         *subject)
{
  g_autoptr(GPtrArray) tickets = rapport_test_load_open_tickets (rapport_application_get_store (app),
                                                                 account);

  for (guint i = 0; i < tickets->len; i++)
    if (subject != NULL ? g_strcmp0 (rapport_ticket_get_subject (tickets->pdata[i]), subject) == 0
                        : rapport_ticket_get_assignee_remote_id (tickets->pdata[i]) == NULL)
      return rapport_ticket_get_id (tickets->pdata[i]);

  g_assert_not_reached ();
}

typedef struct
{
  RapportWindow *window;
  gint64         ticket_id;
} Shown;

static gboolean
ticket_shown (gpointer user_data)
{
  Shown *shown = user_data;
  RapportTicket *ticket = rapport_window_get_current_ticket (shown->window);

  return ticket != NULL && rapport_ticket_get_id (ticket) == shown->ticket_id;
}

/* What a click on a decision's notification does (its default action). */
static void
open_ticket (RapportApplication *app,
             RapportAccount     *account,
             gint64              ticket_id)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  /* The notification names the ticket by the helpdesk's id. */
  tickets = rapport_store_load_tickets (rapport_application_get_store (app), &ticket_id, 1, NULL,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tickets->len, ==, 1);

  g_signal_handlers_block_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_activated_cb, NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-ticket",
                                  g_variant_new ("(xs)", rapport_account_get_id (account),
                                                 rapport_ticket_get_remote_id (tickets->pdata[0])));
  g_signal_handlers_unblock_matched (app, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, on_activated_cb, NULL);
}

static gboolean
focus_on_request (gpointer user_data)
{
  RapportWindow *window = user_data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *requests = rapport_test_find_by_accessible_label (
    GTK_WIDGET (rapport_window_get_approvals_view (window)), GTK_TYPE_LIST_BOX, "Approval requests");

  return focus != NULL && requests != NULL && GTK_IS_LIST_BOX_ROW (focus) &&
         gtk_widget_is_ancestor (focus, requests);
}

static void
check_open_ticket (RapportApplication *app)
{
  RapportWindow *window = only_window (app);
  g_autoptr(GPtrArray) accounts = list_accounts (app);
  RapportAccount *agent = g_ptr_array_index (accounts, 0);
  RapportAccount *supervisor = g_ptr_array_index (accounts, 1);
  GtkWidget *approvals_pane;
  GtkWidget *views;
  GtkWidget *row;
  Shown shown = { window, 0 };

  /* The agent's window: the ticket comes in place of the one shown, from the view or not. */
  shown.ticket_id = find_open_ticket (app, agent, "Still waiting for my sourdough starter kit");
  g_assert_false (ticket_shown (&shown));
  open_ticket (app, agent, shown.ticket_id);
  rapport_test_wait_until (ticket_shown, &shown, 10000, "the ticket of the notification");
  shown.ticket_id = find_open_ticket (app, agent, NULL);
  open_ticket (app, agent, shown.ticket_id);
  rapport_test_wait_until (ticket_shown, &shown, 10000, "a ticket of another view");
  g_assert_true (shows_subtitle (window, "Demo workspace"));

  /* The supervisor's Approvals pane is shown: the window goes back to the agent's account
   * and its tickets, then shows the ticket. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "switch-account",
                                  g_variant_new_int64 (rapport_account_get_id (supervisor)));
  rapport_test_wait_until (workspace_shows, window, 30000, "the supervisor's workspace");
  rapport_test_wait_until (approvals_shown, window, 30000, "the view \"Approvals\"");
  views = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, "Views");
  row = rapport_test_find_by_accessible_label (views, GTK_TYPE_LIST_BOX_ROW, "Approvals");
  gtk_list_box_select_row (GTK_LIST_BOX (views), GTK_LIST_BOX_ROW (row));
  approvals_pane = gtk_widget_get_parent (GTK_WIDGET (rapport_window_get_approvals_view (window)));
  g_assert_true (gtk_widget_get_visible (approvals_pane));

  /* Ctrl+Page Down / Up go through the sidebar's entries, Approvals (after All open) among
   * them. */
  rapport_test_press_keys (GTK_WIDGET (window), "<Control>Page_Down");
  g_assert_false (gtk_widget_get_visible (approvals_pane));
  g_assert_cmpint (rapport_window_get_view (window), ==, RAPPORT_VIEW_RECENTLY_SOLVED);
  rapport_test_press_keys (GTK_WIDGET (window), "<Control>Page_Up");
  g_assert_true (gtk_widget_get_visible (approvals_pane));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (views)) == GTK_LIST_BOX_ROW (row));
  rapport_test_press_keys (GTK_WIDGET (window), "<Control>Page_Up");
  g_assert_false (gtk_widget_get_visible (approvals_pane));
  g_assert_cmpint (rapport_window_get_view (window), ==, RAPPORT_VIEW_ALL_OPEN);
  rapport_test_press_keys (GTK_WIDGET (window), "<Control>Page_Down");
  g_assert_true (gtk_widget_get_visible (approvals_pane));
  /* The keys work on the view they show: the focus is on a request (Enter goes to the note). */
  rapport_test_wait_until (focus_on_request, window, 10000, "the focus on a request");

  /* Not the first of the view, which the window selects when it shows the account. */
  shown.ticket_id = find_open_ticket (app, agent, "Still waiting for my sourdough starter kit");
  open_ticket (app, agent, shown.ticket_id);
  rapport_test_wait_until (ticket_shown, &shown, 30000, "the ticket in the agent's account");
  g_assert_true (shows_subtitle (window, "Demo workspace"));
  g_assert_false (gtk_widget_get_visible (approvals_pane));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (views)) != GTK_LIST_BOX_ROW (row));
  rapport_test_wait_until (window_settled, window, 30000, "the agent's workspace");
}

static void
test_open_ticket (void)
{
  if (g_test_subprocess ())
    {
      run_application_with (check_open_ticket, "--demo");
      return;
    }

  /* A process of its own: a data dir without the other tests' workspace. */
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  data_home = g_dir_make_tmp ("rapport-test-application-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/application/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/ui/application/first-start", test_first_start);
  g_test_add_func ("/rapport/ui/application/broken-store", test_broken_store);
  g_test_add_func ("/rapport/ui/application/newer-database", test_newer_database);
  g_test_add_func ("/rapport/ui/application/damaged-database", test_damaged_database);
  g_test_add_func ("/rapport/ui/application/demo-both-sides", test_demo_both_sides);
  g_test_add_func ("/rapport/ui/application/open-ticket", test_open_ticket);

  ret = g_test_run ();

  rapport_test_remove_tree (data_home);
  g_free (data_home);

  return ret;
}

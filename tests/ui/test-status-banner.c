/* test-status-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-status-banner"

#include "config.h"

#include "rapport-held-provider.h"
#include "rapport-status-banner.h"
#include "rapport-store.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

#include <string.h>

#define OFFLINE_TEXT \
  "Offline — you can keep working: replies and changes are kept and sent when the server is " \
  "back."
#define SIGN_IN_TEXT \
  "Sign in to “Helpdesk Test” again: the server no longer accepts the saved API token. Add " \
  "the account again with a new token."
#define SERVER_ERROR_TEXT \
  "The helpdesk's server reported an error of its own. Rapport tries again on its own; if this " \
  "goes on, tell the helpdesk's administrator."
#define SIGN_IN_PAGE_TEXT \
  "A web sign-in page at rt.example.com answered instead of the helpdesk: a single sign-on " \
  "service or proxy is in front of it. Ask the helpdesk's administrator to let Rapport's API " \
  "token through."
#define INVALID_RESPONSE_TEXT \
  "The helpdesk sent an answer Rapport does not understand. Rapport tries again on its own; if " \
  "this goes on, tell the helpdesk's administrator."
#define INSECURE_TEXT \
  "Rapport does not send the API token to example.com over an unencrypted http:// connection. " \
  "Add the account again with its https:// address."
#define FULL_TEXT \
  "The disk is full: Rapport cannot save its data. Free some disk space, then try again."
#define FORBIDDEN_TEXT \
  "Your user on “Helpdesk Test” is not allowed to read its tickets. Ask an administrator of " \
  "the helpdesk for access."

typedef struct
{
  char                *dir;
  RapportWorkspace    *workspace;
  RapportHeldProvider *provider;
  GtkWindow           *window;
  RapportStatusBanner *banner;
  GtkWidget           *box;
  GtkLabel            *label;
  GtkButton           *button;
  gboolean             refreshed;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-test-status-banner-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = rapport_held_workspace_new (fixture->dir);
  fixture->provider = rapport_held_workspace_get_provider (fixture->workspace);

  fixture->banner = RAPPORT_STATUS_BANNER (rapport_status_banner_new ());
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (fixture->window);
  gtk_window_set_default_size (fixture->window, 600, 200);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->banner));
  gtk_window_present (fixture->window);

  fixture->box = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->banner), GTK_TYPE_BOX,
                                                        "Connection status");
  g_assert_nonnull (fixture->box);
  fixture->label = GTK_LABEL (gtk_widget_get_first_child (fixture->box));
  fixture->button = GTK_BUTTON (gtk_widget_get_last_child (fixture->box));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  rapport_test_release_and_wait (&fixture->window);
  rapport_held_workspace_release (&fixture->workspace);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
banner_revealed (gpointer user_data)
{
  return rapport_status_banner_get_revealed (RAPPORT_STATUS_BANNER (user_data));
}

static gboolean
refreshed (gpointer user_data)
{
  return ((Fixture *) user_data)->refreshed;
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (rapport_workspace_refresh_finish (RAPPORT_WORKSPACE (object), result, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == RAPPORT_PROVIDER_ERROR);
  fixture->refreshed = TRUE;
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelText;

static gboolean
label_shows (gpointer user_data)
{
  LabelText *wanted = user_data;

  return g_strcmp0 (gtk_label_get_text (wanted->label), wanted->text) == 0;
}

/* One pull that fails with @error. */
static void
pull_failing_with_error (Fixture      *fixture,
                         const GError *error)
{
  fixture->refreshed = FALSE;
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refreshed_cb, fixture);
  rapport_held_provider_wait_for_pull (fixture->provider);
  rapport_held_provider_answer_gerror (fixture->provider, error);
  rapport_test_wait_until (refreshed, fixture, 5000, "the pull to end");
}

/* One pull that fails with @code. */
static void
pull_failing_with (Fixture              *fixture,
                   RapportProviderError  code)
{
  fixture->refreshed = FALSE;
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refreshed_cb, fixture);
  rapport_held_provider_wait_for_pull (fixture->provider);
  rapport_held_provider_answer_error (fixture->provider, code);
  rapport_test_wait_until (refreshed, fixture, 5000, "the pull to end");
}

static void
test_new_destroy (void)
{
  RapportStatusBanner *banner = RAPPORT_STATUS_BANNER (rapport_status_banner_new ());

  g_object_ref_sink (banner);
  g_assert_null (rapport_status_banner_get_workspace (banner));
  g_assert_false (rapport_status_banner_get_revealed (banner));
  g_assert_finalize_object (banner);
}

static void
test_states (Fixture       *fixture,
             gconstpointer  user_data)
{
  /* Online: nothing to say. */
  rapport_status_banner_set_workspace (fixture->banner, fixture->workspace);
  g_assert_true (rapport_status_banner_get_workspace (fixture->banner) == fixture->workspace);
  g_assert_false (rapport_status_banner_get_revealed (fixture->banner));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (fixture->button)), ==,
                   "win.sync-now");

  /* The server cannot be reached: offline, work goes on. */
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_false (rapport_workspace_get_online (fixture->workspace));
  g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, OFFLINE_TEXT);
  g_assert_cmpstr (gtk_button_get_label (fixture->button), ==, "_Retry Now");
  g_assert_false (gtk_widget_has_css_class (fixture->box, "warning"));

  /* The server answers with an error of its own: not offline. */
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_SERVER_ERROR);
  g_assert_true (rapport_workspace_get_online (fixture->workspace));
  g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, SERVER_ERROR_TEXT);
  g_assert_cmpstr (gtk_button_get_label (fixture->button), ==, "_Try Again");
  g_assert_true (gtk_widget_has_css_class (fixture->box, "warning"));

  /* A sign-in page in front of the API, naming its host. */
  {
    g_autoptr(GError) page = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                  RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE,
                                                  "GET https://rt.example.com/REST/2.0/: a web "
                                                  "page [host rt.example.com]");

    pull_failing_with_error (fixture, page);
    g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
    g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, SIGN_IN_PAGE_TEXT);
    g_assert_true (gtk_widget_has_css_class (fixture->box, "warning"));
  }

  /* An answer Rapport does not understand. */
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, INVALID_RESPONSE_TEXT);

  /* Other failures of one pull (a conflict) are no connection problem: no banner. */
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_CONFLICT);
  g_assert_false (rapport_status_banner_get_revealed (fixture->banner));

  /* The server cannot be reached at all: Offline, and only then. */
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_NETWORK);
  g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, OFFLINE_TEXT);
  g_assert_false (gtk_widget_has_css_class (fixture->box, "warning"));

  /* The token is refused: sign in again. */
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_AUTH_REQUIRED);
  g_assert_true (rapport_workspace_get_online (fixture->workspace));
  g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, SIGN_IN_TEXT);
  g_assert_cmpstr (gtk_button_get_label (fixture->button), ==, "_Try Again");
  g_assert_true (gtk_widget_has_css_class (fixture->box, "warning"));

  /* Trying again clears the block (and the banner) until the server answers. */
  rapport_workspace_sync_now (fixture->workspace);
  g_assert_false (rapport_status_banner_get_revealed (fixture->banner));
  rapport_held_provider_wait_for_pull (fixture->provider);
  rapport_held_provider_answer_error (fixture->provider, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  rapport_test_wait_until (banner_revealed, fixture->banner, 5000, "the banner");
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, FORBIDDEN_TEXT);
  g_assert_cmpstr (gtk_button_get_label (fixture->button), ==, "_Try Again");
  g_assert_true (gtk_widget_has_css_class (fixture->box, "warning"));

  /* A token the provider refused to send in clear: blocked, in the error's words. */
  {
    g_autoptr(GError) insecure = g_error_new_literal (RAPPORT_PROVIDER_ERROR,
                                                      RAPPORT_PROVIDER_ERROR_INSECURE,
                                                      "Refusing to send the API token to "
                                                      "http://example.com/ [host example.com]");
    LabelText wanted = { fixture->label, INSECURE_TEXT };

    rapport_workspace_sync_now (fixture->workspace);
    rapport_held_provider_wait_for_pull (fixture->provider);
    rapport_held_provider_answer_gerror (fixture->provider, insecure);
    rapport_test_wait_until (label_shows, &wanted, 5000, "the banner to refuse http");
    g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
    g_assert_cmpstr (gtk_button_get_label (fixture->button), ==, "_Try Again");
    g_assert_true (gtk_widget_has_css_class (fixture->box, "warning"));
  }

  /* The disk is full: the cache cannot take the page. */
  {
    g_autoptr(GError) full = g_error_new_literal (RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_FULL,
                                                  "Adding a message: no space left");
    LabelText wanted = { fixture->label, FULL_TEXT };

    rapport_workspace_sync_now (fixture->workspace);
    rapport_held_provider_wait_for_pull (fixture->provider);
    rapport_held_provider_answer_gerror (fixture->provider, full);
    rapport_test_wait_until (label_shows, &wanted, 5000, "the banner to say the disk is full");
    g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
    g_assert_true (rapport_status_banner_explains_error (full));
  }

  /* Offline again: the warning goes. */
  {
    LabelText wanted = { fixture->label, OFFLINE_TEXT };

    rapport_workspace_sync_now (fixture->workspace);
    rapport_held_provider_wait_for_pull (fixture->provider);
    rapport_held_provider_answer_error (fixture->provider, RAPPORT_PROVIDER_ERROR_NETWORK);
    rapport_test_wait_until (label_shows, &wanted, 5000, "the banner to say offline");
  }
  g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
  g_assert_false (gtk_widget_has_css_class (fixture->box, "warning"));

  /* No workspace: no banner. */
  rapport_status_banner_set_workspace (fixture->banner, NULL);
  g_assert_null (rapport_status_banner_get_workspace (fixture->banner));
  g_assert_false (rapport_status_banner_get_revealed (fixture->banner));
}

static gboolean
records_shown (gpointer user_data)
{
  Fixture *fixture = user_data;

  return rapport_workspace_get_set_aside (fixture->workspace)->len > 0;
}

static gboolean
records_gone (gpointer user_data)
{
  Fixture *fixture = user_data;

  return rapport_workspace_get_set_aside (fixture->workspace)->len == 0;
}

static void
apply_set_aside_page (Fixture  *fixture,
                      gboolean  forget)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *list = forget ? page->retried : page->set_aside;

  g_ptr_array_add (list, rapport_set_aside_new (RAPPORT_RECORD_TICKET, "4", NULL,
                                                "Reading RT ticket 4: “Subject” is missing"));
  g_ptr_array_add (list, rapport_set_aside_new (RAPPORT_RECORD_MESSAGE, "501", "2",
                                                "RT transaction 501: “Created” is a number, "
                                                "expected a date"));
  g_ptr_array_add (list, rapport_set_aside_new (RAPPORT_RECORD_MONEY, "7", NULL,
                                                "RT money ticket 7 has no valid amount"));
  g_assert_true (rapport_store_apply_page (rapport_workspace_get_store (fixture->workspace),
                                           rapport_workspace_get_account_id (fixture->workspace),
                                           page, NULL, &error));
  g_assert_no_error (error);
}

/* Records set aside: one quiet line with their number, the list under Details. */
static void
test_set_aside (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *records_box, *list, *row;
  GtkRevealer *records_revealer;
  GtkLabel *label;
  GtkMenuButton *details;
  GPtrArray *rows;
  const char *name;

  rapport_status_banner_set_workspace (fixture->banner, fixture->workspace);
  records_box = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->banner), GTK_TYPE_BOX,
                                                       "Records that could not be read");
  g_assert_nonnull (records_box);
  g_assert_false (rapport_status_banner_get_revealed (fixture->banner));

  /* Three records set aside; the workspace reads them after its next pull. */
  apply_set_aside_page (fixture, FALSE);
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_NETWORK);
  rapport_test_wait_until (records_shown, fixture, 5000, "the records set aside");
  g_assert_true (rapport_status_banner_get_revealed (fixture->banner));
  records_revealer = GTK_REVEALER (gtk_widget_get_parent (records_box));
  g_assert_true (gtk_revealer_get_reveal_child (records_revealer));

  label = GTK_LABEL (gtk_widget_get_first_child (records_box));
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   "3 records from the server could not be read. Everything else is up to date.");
  details = GTK_MENU_BUTTON (gtk_widget_get_last_child (records_box));
  g_assert_cmpstr (gtk_menu_button_get_label (details), ==, "_Details");
  g_assert_true (gtk_widget_get_focusable (gtk_widget_get_first_child (GTK_WIDGET (details))));

  /* Details: one row per record, named with what it is and why. */
  gtk_menu_button_popup (details);
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (gtk_menu_button_get_popover (details)),
                                                GTK_TYPE_LIST_BOX,
                                                "Records that could not be read");
  g_assert_nonnull (list);
  rows = rapport_test_find_widgets (list, GTK_TYPE_LIST_BOX_ROW);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      row = rows->pdata[i];
      g_assert_true (gtk_widget_get_focusable (row));
      name = rapport_test_get_accessible_label (row);
      g_assert_nonnull (name);
      if (strstr (name, "Subject") != NULL)
        {
          g_assert_true (g_str_has_prefix (name, "Ticket \u20684\u2069: "));
          g_assert_nonnull (strstr (name, " — 1 sync could not read it"));
        }
      else if (strstr (name, "amount") != NULL)
        {
          g_assert_true (g_str_has_prefix (name, "Refund or credit record \u20687\u2069: "
                                                 "RT money ticket 7"));
        }
      else
        {
          g_assert_true (g_str_has_prefix (name, "Message \u2068501\u2069 of ticket "
                                                 "\u20682\u2069: RT transaction 501"));
        }
    }
  g_ptr_array_unref (rows);
  gtk_menu_button_popdown (details);

  /* Read again: the line goes. */
  apply_set_aside_page (fixture, TRUE);
  pull_failing_with (fixture, RAPPORT_PROVIDER_ERROR_NETWORK);
  rapport_test_wait_until (records_gone, fixture, 5000, "the records to go");
  g_assert_false (gtk_revealer_get_reveal_child (records_revealer));
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/status-banner/new-destroy", test_new_destroy);
  g_test_add ("/rapport/ui/status-banner/states", Fixture, NULL,
              fixture_set_up, test_states, fixture_tear_down);
  g_test_add ("/rapport/ui/status-banner/set-aside", Fixture, NULL,
              fixture_set_up, test_set_aside, fixture_tear_down);

  return g_test_run ();
}

/* test-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-screenshot"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "rapport-demo-provider.h"
#include "rapport-history-row.h"
#include "rapport-message-row.h"
#include "rapport-request-context.h"
#include "rapport-suggestions-pane.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"
#include "rapport-window.h"

static gboolean
window_is_loaded (gpointer user_data)
{
  return rapport_window_get_loaded (RAPPORT_WINDOW (user_data));
}

static void
save_and_check (GtkWidget  *window,
                const char *path)
{
  GStatBuf st;

  rapport_test_save_window_png (window, path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %" G_GINT64_FORMAT " bytes", path, (gint64) st.st_size);
  g_assert_cmpint (st.st_size, >, 20 * 1024);
}

/* The window over a fresh demo workspace (in a new @dir), at @width × @height, loaded. */
static RapportWindow *
open_demo_window (int                width,
                  int                height,
                  char             **dir,
                  RapportStore     **store,
                  RapportWorkspace **workspace)
{
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  RapportWindow *window;

  *dir = g_dir_make_tmp ("rapport-test-screenshot-XXXXXX", &error);
  g_assert_no_error (error);
  *store = rapport_test_create_demo_store (*dir, g_get_real_time () / G_USEC_PER_SEC, &account);

  /* Deterministic pictures: no transitions half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  window = rapport_window_new (NULL);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  *workspace = rapport_test_create_demo_workspace (*store, account);
  rapport_window_set_workspace (window, *workspace);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_until (window_is_loaded, window, 20000, "the window to load");

  return window;
}

/* Saves @window as @name in the build dir and, when RAPPORT_SCREENSHOT_DIR is set (data/screenshots
 * takes the pictures the metainfo shows from there, data/screenshots/README.md), there too. */
static void
save_picture (RapportWindow *window,
              const char    *name)
{
  g_autofree char *path = g_build_filename (UI_TEST_BUILDDIR, name, NULL);
  const char *extra_dir = g_getenv ("RAPPORT_SCREENSHOT_DIR");

  save_and_check (GTK_WIDGET (window), path);
  if (extra_dir != NULL && *extra_dir != '\0')
    {
      g_autofree char *extra = g_build_filename (extra_dir, name, NULL);

      g_assert_cmpint (g_mkdir_with_parents (extra_dir, 0755), ==, 0);
      save_and_check (GTK_WIDGET (window), extra);
    }
}

static void
close_demo_window (RapportWindow     *window,
                   RapportWorkspace **workspace,
                   RapportStore     **store,
                   char              *dir)
{
  rapport_workspace_stop (*workspace);
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
  rapport_test_release_and_wait (workspace);
  rapport_test_release_and_wait (store);
  rapport_test_remove_tree (dir);
}

static void
test_demo_window (void)
{
  g_autoptr(RapportStore) store = NULL;
  RapportWorkspace *workspace;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *dir = NULL;
  RapportWindow *window;
  GtkWidget *list;

  window = open_demo_window (1280, 800, &dir, &store, &workspace);

  /* Chloé's newest ticket heads "My open" and is selected; its conversation and her
   * history are shown. */
  g_assert_cmpstr (rapport_ticket_get_subject (rapport_window_get_current_ticket (window)), ==,
                   "Cancel my subscription before renewal");
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW,
                                                "Conversation");
  messages = rapport_test_find_widgets (list, RAPPORT_TYPE_MESSAGE_ROW);
  g_assert_cmpuint (messages->len, >=, 1);
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW,
                                                "Customer history");
  history = rapport_test_find_widgets (list, RAPPORT_TYPE_HISTORY_ROW);
  g_assert_cmpuint (history->len, ==, 13);

  save_picture (window, "rapport-demo.png");
  close_demo_window (window, &workspace, &store, dir);
}

typedef struct
{
  RapportWindow *window;
  const char    *subject;
} ShowsTicket;

static gboolean
shows_ticket (gpointer user_data)
{
  ShowsTicket *shows = user_data;
  RapportTicket *ticket = rapport_window_get_current_ticket (shows->window);

  return rapport_window_get_loaded (shows->window) && ticket != NULL &&
         g_strcmp0 (rapport_ticket_get_subject (ticket), shows->subject) == 0;
}

static gboolean
suggestions_shown (gpointer user_data)
{
  g_autoptr(GPtrArray) rows = rapport_test_find_widgets (user_data, GTK_TYPE_LIST_BOX_ROW);

  return gtk_widget_get_mapped (user_data) && rows->len > 0;
}

/* Liam López's double charge, the reply being written: the suggested replies above it, the
 * canned response the team gives such tickets first. */
static void
test_suggestions (void)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) panes = NULL;
  g_autofree char *dir = NULL;
  RapportWorkspace *workspace;
  RapportWindow *window;
  ShowsTicket shows;
  GtkWidget *list;

  window = open_demo_window (1280, 800, &dir, &store, &workspace);
  /* Started: the canned responses and articles come with the workspace's first pull. */
  rapport_workspace_start (workspace);
  rapport_window_set_view (window, RAPPORT_VIEW_UNASSIGNED);
  shows = (ShowsTicket) { window, "I was charged twice for one order" };
  for (guint i = 0; i < 40 && !shows_ticket (&shows); i++)
    {
      RapportTicket *before = rapport_window_get_current_ticket (window);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-ticket", NULL));
      while (rapport_window_get_current_ticket (window) == before ||
             !rapport_window_get_loaded (window))
        g_main_context_iteration (NULL, TRUE);
    }
  rapport_test_wait_until (shows_ticket, &shows, 20000, "Liam's double charge");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reply", NULL));

  panes = rapport_test_find_widgets (GTK_WIDGET (window), RAPPORT_TYPE_SUGGESTIONS_PANE);
  g_assert_cmpuint (panes->len, ==, 1);
  list = rapport_test_find_by_accessible_label (panes->pdata[0], GTK_TYPE_LIST_BOX,
                                                "Suggested replies");
  g_assert_nonnull (list);
  rapport_test_wait_until (suggestions_shown, list, 20000, "the suggested replies");
  rapport_test_wait_for_frame (GTK_WIDGET (window));

  save_picture (window, "rapport-suggestions.png");
  /* The window keeps its view in the settings; the next tests start from "My open". */
  rapport_window_set_view (window, RAPPORT_VIEW_MY_OPEN);
  close_demo_window (window, &workspace, &store, dir);
}

static gboolean
approvals_row_shown (gpointer user_data)
{
  GtkWidget *row = rapport_test_find_by_accessible_label (user_data, GTK_TYPE_LIST_BOX_ROW,
                                                          "Approvals");

  return row != NULL && gtk_widget_get_visible (row);
}

static gboolean
request_shown (gpointer user_data)
{
  return rapport_test_find_label_with_prefix (user_data, "$60.00 refund for Chloé Silva") != NULL &&
         rapport_test_find_label_with_prefix (user_data,
                                              "Refunds: $24.00 to date") != NULL;
}

/* The supervisor's side: the Approvals pane with the oldest request, Chloé's refund over the
 * agent's limit, and her context from the cache. */
static void
test_approvals (void)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) agent = NULL;
  g_autoptr(RapportAccount) supervisor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  RapportWorkspace *workspace;
  RapportWindow *window;
  GtkWidget *views;
  GtkWidget *row;

  dir = g_dir_make_tmp ("rapport-test-screenshot-XXXXXX", &error);
  g_assert_no_error (error);
  store = rapport_test_create_demo_store (dir, g_get_real_time () / G_USEC_PER_SEC, &agent);
  supervisor = rapport_test_add_demo_supervisor (store, agent);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  window = rapport_window_new (NULL);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  workspace = rapport_test_create_demo_workspace (store, supervisor);
  rapport_window_set_workspace (window, workspace);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_until (window_is_loaded, window, 20000, "the window to load");
  /* The helpdesk says who may decide: the entry comes with the authority the start fetches. */
  rapport_workspace_start (workspace);

  views = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, "Views");
  g_assert_nonnull (views);
  rapport_test_wait_until (approvals_row_shown, views, 20000, "the Approvals entry");
  row = rapport_test_find_by_accessible_label (views, GTK_TYPE_LIST_BOX_ROW, "Approvals");
  gtk_list_box_select_row (GTK_LIST_BOX (views), GTK_LIST_BOX_ROW (row));
  rapport_test_wait_until (request_shown, window, 20000, "Chloé's request and her context");
  rapport_test_wait_for_frame (GTK_WIDGET (window));

  save_picture (window, "rapport-approvals.png");
  close_demo_window (window, &workspace, &store, dir);
}

/* A narrow window folds the customer panel away; revealed, it shows the card and the history
 * one above the other. */
static void
test_narrow_window (void)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) flaps = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  RapportWorkspace *workspace;
  RapportWindow *window;
  GtkWidget *list;
  GtkWidget *name;

  window = open_demo_window (720, 560, &dir, &store, &workspace);

  /* The conversation's page of the folded leaflet, with its flap revealed (the window's
   * toggle does the same). */
  flaps = rapport_test_find_widgets (GTK_WIDGET (window), ADW_TYPE_FLAP);
  g_assert_cmpuint (flaps->len, ==, 1);
  for (GtkWidget *page = flaps->pdata[0]; gtk_widget_get_parent (page) != NULL;
       page = gtk_widget_get_parent (page))
    if (ADW_IS_LEAFLET (gtk_widget_get_parent (page)))
      adw_leaflet_set_visible_child (ADW_LEAFLET (gtk_widget_get_parent (page)), page);
  adw_flap_set_reveal_flap (flaps->pdata[0], TRUE);
  rapport_test_wait_for_frame (GTK_WIDGET (window));

  list = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW,
                                                "Customer history");
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (list));
  /* At least two rows of history in view beside the card. */
  g_assert_cmpint (gtk_widget_get_height (list), >=, 2 * 50);
  name = GTK_WIDGET (rapport_test_find_label_with_prefix (GTK_WIDGET (window), "Chloé Silva"));
  g_assert_nonnull (name);
  g_assert_true (gtk_widget_get_mapped (name));

  path = g_build_filename (UI_TEST_BUILDDIR, "rapport-narrow.png", NULL);
  save_and_check (GTK_WIDGET (window), path);

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
  rapport_test_release_and_wait (&workspace);
  rapport_test_release_and_wait (&store);
  rapport_test_remove_tree (dir);
}

static gboolean
first_sync_shown (gpointer user_data)
{
  GtkWidget *bar = user_data;
  GtkWidget *label = gtk_widget_get_prev_sibling (bar);

  return gtk_widget_is_visible (bar) && GTK_IS_LABEL (label) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "Downloading tickets… ") &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), " of ") != NULL;
}

static gboolean
first_sync_over (gpointer user_data)
{
  RapportWorkspace *workspace = user_data;

  return !rapport_workspace_get_syncing (workspace) &&
         !rapport_workspace_get_first_sync (workspace);
}

/* The first sync of a large account shows how far it is, at the foot of the sidebar, and the
 * progress goes once the sync is over. */
static void
test_first_sync_progress (void)
{
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *path = NULL;
  RapportStore *store;
  RapportWorkspace *workspace;
  RapportWindow *window;
  GtkWidget *bar;

  dir = g_dir_make_tmp ("rapport-test-first-sync-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "rapport.sqlite", NULL);
  store = rapport_store_new (db);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);

  /* Enough customers for several pages. */
  account = rapport_demo_provider_new_account (7, 30000, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (rapport_store_add_account (store, account, NULL, &error));
  g_assert_no_error (error);
  provider = rapport_demo_provider_new_for_account (account, &error);
  g_assert_no_error (error);
  workspace = rapport_workspace_new (store, account, provider);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  window = rapport_window_new (NULL);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  rapport_window_set_workspace (window, workspace);
  gtk_window_present (GTK_WINDOW (window));

  bar = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR,
                                               "Download progress");
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_is_visible (bar));

  rapport_workspace_start (workspace);
  rapport_test_wait_until (first_sync_shown, bar, 60000, "the first sync's progress");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), >, 0.0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), <, 1.0);

  path = g_build_filename (UI_TEST_BUILDDIR, "rapport-first-sync.png", NULL);
  save_and_check (GTK_WIDGET (window), path);

  rapport_test_wait_until (first_sync_over, workspace, 120000, "the first sync to end");
  rapport_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_false (gtk_widget_is_visible (bar));

  rapport_workspace_stop (workspace);
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
  rapport_test_release_and_wait (&workspace);
  g_clear_object (&provider);
  rapport_test_release_and_wait (&store);
  rapport_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/screenshot/demo-window", test_demo_window);
  g_test_add_func ("/rapport/ui/screenshot/suggestions", test_suggestions);
  g_test_add_func ("/rapport/ui/screenshot/approvals", test_approvals);
  g_test_add_func ("/rapport/ui/screenshot/narrow-window", test_narrow_window);
  g_test_add_func ("/rapport/ui/screenshot/first-sync-progress", test_first_sync_progress);

  return g_test_run ();
}

/* test-sync-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sync-progress"

#include "config.h"

#include "rapport-held-provider.h"
#include "rapport-sync-progress.h"
#include "rapport-ui-test-util.h"

typedef struct
{
  char                *dir;
  RapportWorkspace    *workspace;
  RapportHeldProvider *provider;
  GtkWindow           *window;
  RapportSyncProgress *progress;
  GtkProgressBar      *bar;
  GtkLabel            *label;
  gboolean             refreshed;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *bar;

  fixture->dir = g_dir_make_tmp ("rapport-test-sync-progress-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->workspace = rapport_held_workspace_new (fixture->dir);
  fixture->provider = rapport_held_workspace_get_provider (fixture->workspace);

  fixture->progress = RAPPORT_SYNC_PROGRESS (rapport_sync_progress_new ());
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (fixture->window);
  gtk_window_set_default_size (fixture->window, 200, 400);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->progress));
  gtk_window_present (fixture->window);

  bar = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->progress),
                                               GTK_TYPE_PROGRESS_BAR, "Download progress");
  g_assert_nonnull (bar);
  fixture->bar = GTK_PROGRESS_BAR (bar);
  fixture->label = GTK_LABEL (gtk_widget_get_prev_sibling (GTK_WIDGET (fixture->bar)));
  g_assert_true (GTK_IS_LABEL (fixture->label));
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
refreshed (gpointer user_data)
{
  return ((Fixture *) user_data)->refreshed;
}

static gboolean
label_is (gpointer user_data)
{
  gpointer *args = user_data;
  Fixture *fixture = args[0];

  return g_strcmp0 (gtk_label_get_text (fixture->label), args[1]) == 0;
}

static void
wait_for_label (Fixture    *fixture,
                const char *text)
{
  gpointer args[] = { fixture, (gpointer) text };

  rapport_test_wait_until (label_is, args, 5000, text);
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_workspace_refresh_finish (RAPPORT_WORKSPACE (object), result, &error));
  g_assert_no_error (error);
  fixture->refreshed = TRUE;
}

static void
test_new_destroy (void)
{
  RapportSyncProgress *progress = RAPPORT_SYNC_PROGRESS (rapport_sync_progress_new ());

  g_object_ref_sink (progress);
  g_assert_null (rapport_sync_progress_get_workspace (progress));
  g_assert_finalize_object (progress);
}

/* The first sync of an account shows how far it is, then goes. */
static void
test_first_sync (Fixture       *fixture,
                 gconstpointer  user_data)
{
  rapport_sync_progress_set_workspace (fixture->progress, fixture->workspace);
  g_assert_true (rapport_sync_progress_get_workspace (fixture->progress) == fixture->workspace);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));

  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refreshed_cb, fixture);
  rapport_held_provider_wait_for_pull (fixture->provider);
  g_assert_true (rapport_workspace_get_first_sync (fixture->workspace));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));
  g_assert_cmpstr (gtk_label_get_text (fixture->label), ==, "Downloading tickets…");

  /* The total is not known yet: a count so far. */
  rapport_held_provider_answer_page (fixture->provider, 1, 0, TRUE);
  wait_for_label (fixture, "Downloading tickets… 1 customer so far");

  /* Then it is: "N of M". */
  rapport_held_provider_wait_for_pull (fixture->provider);
  rapport_held_provider_answer_page (fixture->provider, 2, 8, TRUE);
  wait_for_label (fixture, "Downloading tickets… 3 of 9 customers");
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (fixture->bar), 3.0 / 9.0, 1e-6);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));

  /* The last page: the first sync is over, the progress goes. */
  rapport_held_provider_wait_for_pull (fixture->provider);
  rapport_held_provider_answer_page (fixture->provider, 6, 6, FALSE);
  rapport_test_wait_until (refreshed, fixture, 5000, "the first sync to end");
  g_assert_false (rapport_workspace_get_first_sync (fixture->workspace));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));

  /* Later pulls are not a first sync. */
  fixture->refreshed = FALSE;
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refreshed_cb, fixture);
  rapport_held_provider_wait_for_pull (fixture->provider);
  g_assert_true (rapport_workspace_get_syncing (fixture->workspace));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));
  rapport_held_provider_answer_page (fixture->provider, 1, 1, FALSE);
  rapport_test_wait_until (refreshed, fixture, 5000, "the later pull to end");
}

/* Without a workspace, nothing is shown, even while the former one still pulls. */
static void
test_workspace_change (Fixture       *fixture,
                       gconstpointer  user_data)
{
  rapport_sync_progress_set_workspace (fixture->progress, fixture->workspace);
  rapport_workspace_refresh_async (fixture->workspace, NULL, on_refreshed_cb, fixture);
  rapport_held_provider_wait_for_pull (fixture->provider);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));

  rapport_sync_progress_set_workspace (fixture->progress, NULL);
  g_assert_null (rapport_sync_progress_get_workspace (fixture->progress));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));

  rapport_held_provider_answer_page (fixture->provider, 1, 5, TRUE);
  rapport_held_provider_wait_for_pull (fixture->provider);
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (fixture->bar)));
  rapport_held_provider_answer_page (fixture->provider, 4, 4, FALSE);
  rapport_test_wait_until (refreshed, fixture, 5000, "the first sync to end");
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/sync-progress/new-destroy", test_new_destroy);
  g_test_add ("/rapport/ui/sync-progress/first-sync", Fixture, NULL,
              fixture_set_up, test_first_sync, fixture_tear_down);
  g_test_add ("/rapport/ui/sync-progress/workspace-change", Fixture, NULL,
              fixture_set_up, test_workspace_change, fixture_tear_down);

  return g_test_run ();
}

/* test-search-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-search-view"

#include "config.h"

#include "rapport-search-hit.h"
#include "rapport-search-view.h"
#include "rapport-ui-test-util.h"

#define SOURDOUGH_SUBJECT "Still waiting for my sourdough starter kit"
#define INVOICE_SUBJECT   "Invoice needed with VAT number"

typedef struct
{
  char              *dir;
  RapportStore      *store;
  RapportAccount    *account;
  RapportWorkspace  *workspace;
  GtkWindow         *window;
  RapportSearchView *view;
  GtkWidget         *content;
  GtkWidget         *entry;
  GtkListView       *results;

  guint              n_searched;
  guint              last_n_tickets;
  GPtrArray         *searched_subjects;  /* the first result's subject at each "searched" */
  gint64             selected_id;
  guint              n_activated;
  guint              n_stopped;
} Fixture;

static GListModel *
results_model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_list_view_get_model (fixture->results));
}

static void
on_searched_cb (RapportSearchView *view,
                guint              n_tickets,
                Fixture           *fixture)
{
  GListModel *model = results_model (fixture);
  g_autoptr(RapportSearchHit) first = NULL;

  /* When "searched" is emitted, the results are already in the list. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_tickets);
  first = n_tickets > 0 ? g_list_model_get_item (model, 0) : NULL;
  g_ptr_array_add (fixture->searched_subjects,
                   g_strdup (first ? rapport_search_hit_get_ticket_subject (first) : ""));
  fixture->n_searched++;
  fixture->last_n_tickets = n_tickets;
}

static void
on_ticket_selected_cb (RapportSearchView *view,
                       gint64             ticket_id,
                       Fixture           *fixture)
{
  fixture->selected_id = ticket_id;
}

static void
on_result_activated_cb (RapportSearchView *view,
                        Fixture           *fixture)
{
  fixture->n_activated++;
}

static void
on_stopped_cb (RapportSearchView *view,
               Fixture           *fixture)
{
  fixture->n_stopped++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *results;

  fixture->dir = g_dir_make_tmp ("rapport-test-search-view-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir,
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);
  fixture->workspace = rapport_test_create_demo_workspace (fixture->store, fixture->account);
  fixture->searched_subjects = g_ptr_array_new_with_free_func (g_free);

  fixture->view = RAPPORT_SEARCH_VIEW (rapport_search_view_new ());
  fixture->content = gtk_label_new ("The ticket list");
  rapport_search_view_set_content (fixture->view, fixture->content);
  g_signal_connect (fixture->view, "searched", G_CALLBACK (on_searched_cb), fixture);
  g_signal_connect (fixture->view, "ticket-selected", G_CALLBACK (on_ticket_selected_cb), fixture);
  g_signal_connect (fixture->view, "result-activated", G_CALLBACK (on_result_activated_cb),
                    fixture);
  g_signal_connect (fixture->view, "stopped", G_CALLBACK (on_stopped_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (fixture->window);
  gtk_window_set_default_size (fixture->window, 400, 600);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  rapport_test_wait_for_frame (GTK_WIDGET (fixture->window));

  fixture->entry = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->view),
                                                          GTK_TYPE_SEARCH_ENTRY,
                                                          "Search tickets and messages");
  g_assert_nonnull (fixture->entry);
  results = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->view), GTK_TYPE_LIST_VIEW,
                                                   "Search results");
  g_assert_nonnull (results);
  fixture->results = GTK_LIST_VIEW (results);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_signal_handlers_disconnect_by_data (fixture->view, fixture);
  gtk_window_destroy (fixture->window);
  rapport_test_release_and_wait (&fixture->window);
  rapport_test_release_and_wait (&fixture->workspace);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->searched_subjects, g_ptr_array_unref);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
searched_once (gpointer user_data)
{
  return ((Fixture *) user_data)->n_searched > 0;
}

static gboolean
searched_twice (gpointer user_data)
{
  return ((Fixture *) user_data)->n_searched > 1;
}

static gboolean
widget_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  rapport_test_wait_until (flag_set, &done, ms + 5000, "time to pass");
}

/* Starts a search for @query right away (the entry's own delay would only wait). */
static void
search_for (Fixture    *fixture,
            const char *query)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->entry), query);
  g_signal_emit_by_name (fixture->entry, "search-changed");
}

static void
test_new_destroy (void)
{
  RapportSearchView *view = RAPPORT_SEARCH_VIEW (rapport_search_view_new ());

  g_object_ref_sink (view);
  g_assert_null (rapport_search_view_get_workspace (view));
  g_assert_null (rapport_search_view_get_content (view));
  g_assert_false (rapport_search_view_get_search_mode (view));
  g_assert_false (rapport_search_view_get_searching (view));

  /* Without a workspace there is nothing to search. */
  rapport_search_view_begin (view);
  g_assert_false (rapport_search_view_get_search_mode (view));

  g_assert_finalize_object (view);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(RapportSearchHit) hit = NULL;
  GtkWidget *focus;

  rapport_search_view_set_workspace (fixture->view, fixture->workspace);
  g_assert_true (rapport_search_view_get_workspace (fixture->view) == fixture->workspace);
  g_assert_true (gtk_widget_get_mapped (fixture->content));
  g_assert_false (gtk_widget_get_mapped (fixture->entry));

  /* Begin: the bar shows, the entry has the focus. */
  rapport_search_view_begin (fixture->view);
  g_assert_true (rapport_search_view_get_search_mode (fixture->view));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == fixture->entry || gtk_widget_is_ancestor (focus, fixture->entry));
  rapport_test_wait_until (widget_mapped, fixture->entry, 5000, "the search entry");
  g_assert_false (rapport_search_view_get_searching (fixture->view));

  /* A query: one result per ticket, in place of the content. */
  search_for (fixture, "sourdough starter");
  g_assert_true (rapport_search_view_get_searching (fixture->view));
  rapport_test_wait_until (searched_once, fixture, 10000, "the results");
  g_assert_cmpuint (fixture->last_n_tickets, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->searched_subjects, 0), ==, SOURDOUGH_SUBJECT);
  rapport_test_wait_until (widget_mapped, fixture->results, 5000, "the results list");
  g_assert_false (gtk_widget_get_mapped (fixture->content));

  /* Enter in the entry selects the first result: its ticket is to be shown. */
  hit = g_list_model_get_item (results_model (fixture), 0);
  g_signal_emit_by_name (fixture->entry, "activate");
  g_assert_cmpint (fixture->selected_id, ==, rapport_search_hit_get_ticket_id (hit));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->results)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         GTK_WIDGET (fixture->results)));

  /* Activating a result says so (a narrow window moves on to the conversation). */
  g_signal_emit_by_name (fixture->results, "activate", 0);
  g_assert_cmpuint (fixture->n_activated, ==, 1);

  /* Escape: the search ends, the entry is emptied, the content is back. */
  g_signal_emit_by_name (fixture->entry, "stop-search");
  g_assert_cmpuint (fixture->n_stopped, ==, 1);
  g_assert_false (rapport_search_view_get_search_mode (fixture->view));
  g_assert_false (rapport_search_view_get_searching (fixture->view));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (results_model (fixture)), ==, 0);
  rapport_test_wait_until (widget_mapped, fixture->content, 5000, "the content");
}

static void
test_no_results (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) pages = NULL;
  GtkWidget *shown = NULL;

  rapport_search_view_set_workspace (fixture->view, fixture->workspace);
  rapport_search_view_set_search_mode (fixture->view, TRUE);
  search_for (fixture, "xylophonequartz");
  rapport_test_wait_until (searched_once, fixture, 10000, "the search");
  g_assert_cmpuint (fixture->last_n_tickets, ==, 0);
  g_assert_true (rapport_search_view_get_searching (fixture->view));

  rapport_test_wait_for_frame (GTK_WIDGET (fixture->window));
  pages = rapport_test_find_widgets (GTK_WIDGET (fixture->view), ADW_TYPE_STATUS_PAGE);
  for (guint i = 0; i < pages->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (pages, i)))
      shown = g_ptr_array_index (pages, i);
  g_assert_nonnull (shown);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (shown)), ==, "No Results Found");
  g_assert_false (gtk_widget_get_mapped (fixture->content));
}

/* A newer query makes the results of an older one stale: they are never shown. */
static void
test_stale_results (Fixture       *fixture,
                    gconstpointer  user_data)
{
  rapport_search_view_set_workspace (fixture->view, fixture->workspace);
  rapport_search_view_set_search_mode (fixture->view, TRUE);

  search_for (fixture, "sourdough starter");
  search_for (fixture, "VAT number");
  rapport_test_wait_until (searched_once, fixture, 10000, "the results");

  /* The entry's own (delayed) search of the same text comes too: wait it out. */
  run_for (500);

  for (guint i = 0; i < fixture->searched_subjects->len; i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->searched_subjects, i), ==, INVOICE_SUBJECT);
}

static void
on_results_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       guint      *most_added)
{
  *most_added = MAX (*most_added, added);
}

static gboolean
search_started (gpointer user_data)
{
  return rapport_search_view_get_searching (RAPPORT_SEARCH_VIEW (user_data));
}

/* Typing searches at once (no delay of the entry's); a long answer comes into the list a few
 * rows at a time; the same answer again keeps every row. */
static void
test_many_results (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(RapportSearchHit) first = NULL;
  g_autoptr(RapportSearchHit) first_again = NULL;
  GListModel *model = results_model (fixture);
  guint most_added = 0;
  guint n_results;
  gint64 start;

  rapport_search_view_set_workspace (fixture->view, fixture->workspace);
  rapport_search_view_begin (fixture->view);
  rapport_test_wait_until (widget_mapped, fixture->entry, 5000, "the search entry");
  g_signal_connect (model, "items-changed", G_CALLBACK (on_results_changed_cb), &most_added);

  start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (fixture->entry), "the");
  rapport_test_wait_until (search_started, fixture->view, 5000, "the search to start");
  /* Far under the 150 ms the entry used to wait. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * 1000);

  rapport_test_wait_until (searched_once, fixture, 10000, "the results");
  n_results = fixture->last_n_tickets;
  g_test_message ("%u results", n_results);
  g_assert_cmpuint (n_results, >, 40);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_results);
  g_assert_cmpuint (most_added, <=, 20);

  first = g_list_model_get_item (model, 0);

  /* The same text again: every row stays. */
  most_added = 0;
  /* (Setting the same text would empty the entry on the way, and the results with it.) */
  g_signal_emit_by_name (fixture->entry, "search-changed");
  rapport_test_wait_until (searched_twice, fixture, 10000, "the results again");
  g_assert_cmpuint (fixture->last_n_tickets, ==, n_results);
  g_assert_cmpuint (most_added, ==, 0);
  first_again = g_list_model_get_item (model, 0);
  g_assert_true (first_again == first);

  g_signal_handlers_disconnect_by_data (model, &most_added);
}

/* Another workspace ends the search; a search under way then shows nothing. */
static void
test_workspace_change (Fixture       *fixture,
                       gconstpointer  user_data)
{
  rapport_search_view_set_workspace (fixture->view, fixture->workspace);
  rapport_search_view_begin (fixture->view);
  search_for (fixture, "sourdough starter");
  g_assert_true (rapport_search_view_get_searching (fixture->view));

  rapport_search_view_set_workspace (fixture->view, NULL);
  g_assert_null (rapport_search_view_get_workspace (fixture->view));
  g_assert_false (rapport_search_view_get_search_mode (fixture->view));
  g_assert_false (rapport_search_view_get_searching (fixture->view));

  run_for (500);
  g_assert_cmpuint (fixture->n_searched, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (results_model (fixture)), ==, 0);
  rapport_test_wait_until (widget_mapped, fixture->content, 5000, "the content");

  /* Without a workspace, the bar does not open. */
  rapport_search_view_begin (fixture->view);
  g_assert_false (rapport_search_view_get_search_mode (fixture->view));
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/search-view/new-destroy", test_new_destroy);
  g_test_add ("/rapport/ui/search-view/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/rapport/ui/search-view/no-results", Fixture, NULL,
              fixture_set_up, test_no_results, fixture_tear_down);
  g_test_add ("/rapport/ui/search-view/many-results", Fixture, NULL,
              fixture_set_up, test_many_results, fixture_tear_down);
  g_test_add ("/rapport/ui/search-view/stale-results", Fixture, NULL,
              fixture_set_up, test_stale_results, fixture_tear_down);
  g_test_add ("/rapport/ui/search-view/workspace-change", Fixture, NULL,
              fixture_set_up, test_workspace_change, fixture_tear_down);

  return g_test_run ();
}

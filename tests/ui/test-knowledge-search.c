/* test-knowledge-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-knowledge-search"

#include "config.h"

#include "rapport-knowledge-search.h"
#include "rapport-store-suggest.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

#define DRAFT "Hi Chloé,\n\nThanks for writing."

typedef struct
{
  char                   *dir;
  RapportStore           *store;
  GtkWindow              *window;
  GtkTextView            *text_view;
  RapportKnowledgeSearch *search;
  GtkWidget              *entry;
  GtkListView            *results;

  GPtrArray              *chosen;      /* RapportCandidate */
  GArray                 *as_link;     /* gboolean, one per "chosen" */
} Fixture;

static RapportCandidate *
seed (RapportStore         *store,
      RapportCandidateKind  kind,
      const char           *key,
      const char           *title,
      const char           *body,
      const char           *url)
{
  g_autoptr(RapportCandidate) candidate = rapport_candidate_new (kind, key, title, body);
  g_autoptr(GError) error = NULL;

  rapport_candidate_set_url (candidate, url);
  g_assert_true (rapport_store_save_candidate (store, candidate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_candidate_get_id (candidate), >, 0);

  return g_steal_pointer (&candidate);
}

static void
on_chosen_cb (RapportKnowledgeSearch *search,
              RapportCandidate       *candidate,
              gboolean                as_link,
              Fixture                *fixture)
{
  g_ptr_array_add (fixture->chosen, g_object_ref (candidate));
  g_array_append_val (fixture->as_link, as_link);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportCandidate) password = NULL;
  g_autoptr(RapportCandidate) shipping = NULL;
  g_autoptr(RapportCandidate) refund = NULL;
  GtkWidget *results;

  fixture->dir = g_dir_make_tmp ("rapport-test-knowledge-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "rapport.sqlite", NULL);
  fixture->store = rapport_store_new (path);
  g_assert_true (rapport_store_open (fixture->store, NULL, &error));
  g_assert_no_error (error);

  password = seed (fixture->store, RAPPORT_CANDIDATE_ARTICLE, "reset-password",
                   "Resetting your password",
                   "Open the sign-in page and choose “Forgot password”.\n\n"
                   "We send a link to your e-mail address; it works for one hour.\n"
                   "<b>Not markup</b> & never read as such.",
                   "https://help.example.com/articles/reset-password");
  shipping = seed (fixture->store, RAPPORT_CANDIDATE_ARTICLE, "shipping-times",
                   "Shipping times",
                   "Orders leave our warehouse within two business days.", NULL);
  refund = seed (fixture->store, RAPPORT_CANDIDATE_CANNED, "refund-policy",
                 "Refund policy",
                 "Hi {{customer.first_name}}, we refund within 30 days of purchase.", NULL);

  fixture->chosen = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->as_link = g_array_new (FALSE, FALSE, sizeof (gboolean));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (fixture->window);
  gtk_window_set_default_size (fixture->window, 640, 480);
  fixture->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (fixture->text_view), DRAFT, -1);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->text_view));
  gtk_window_present (fixture->window);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->text_view));
  rapport_test_wait_for_frame (GTK_WIDGET (fixture->window));

  fixture->search = g_object_ref_sink (rapport_knowledge_search_new (fixture->store));
  g_signal_connect (fixture->search, "chosen", G_CALLBACK (on_chosen_cb), fixture);

  fixture->entry = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->search),
                                                          GTK_TYPE_SEARCH_ENTRY,
                                                          "Search articles and canned responses");
  g_assert_nonnull (fixture->entry);
  results = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->search),
                                                   GTK_TYPE_LIST_VIEW,
                                                   "Articles and canned responses");
  g_assert_nonnull (results);
  fixture->results = GTK_LIST_VIEW (results);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* When the popover closes, the pointer is over the window again, and GTK 4.8 starts a
   * tooltip timeout that asks the window's surface where the pointer is: let it run before
   * the surface goes. */
  rapport_test_wait_ms (700);
  gtk_window_destroy (fixture->window);
  rapport_test_release_and_wait (&fixture->window);
  rapport_test_release_and_wait (&fixture->search);
  g_clear_pointer (&fixture->chosen, g_ptr_array_unref);
  g_clear_pointer (&fixture->as_link, g_array_unref);
  rapport_store_close (fixture->store);
  rapport_test_release_and_wait (&fixture->store);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GListModel *
results_model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_list_view_get_model (fixture->results));
}

typedef struct
{
  Fixture    *fixture;
  const char *first_title;  /* NULL: no results */
  guint       n_results;
} ResultsWait;

static gboolean
first_result_is (gpointer user_data)
{
  ResultsWait *wait = user_data;
  GListModel *model = results_model (wait->fixture);
  g_autoptr(RapportCandidate) first = NULL;
  GtkStack *stack;

  if (wait->first_title == NULL)
    {
      stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (wait->fixture->results),
                                                  GTK_TYPE_STACK));
      return g_list_model_get_n_items (model) == 0 &&
             g_strcmp0 (gtk_stack_get_visible_child_name (stack), "no-results") == 0;
    }

  if (g_list_model_get_n_items (model) != wait->n_results)
    return FALSE;

  first = g_list_model_get_item (model, 0);
  return g_strcmp0 (rapport_candidate_get_title (first), wait->first_title) == 0;
}

/* Types @text and waits for its results: @n_results, the first titled @first_title. */
static void
search_for (Fixture    *fixture,
            const char *text,
            const char *first_title,
            guint       n_results)
{
  ResultsWait wait = { fixture, first_title, n_results };

  gtk_editable_set_text (GTK_EDITABLE (fixture->entry), text);
  rapport_test_wait_until (first_result_is, &wait, 5000, "the knowledge search's results");
}

static void
popup (Fixture *fixture)
{
  GdkRectangle cursor = { 10, 10, 1, 16 };

  rapport_knowledge_search_popup (fixture->search, GTK_WIDGET (fixture->text_view), &cursor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->search)));
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (fixture->search)) ==
                 GTK_WIDGET (fixture->text_view));
}

static gboolean
chosen_count_is (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->chosen->len > 0;
}

static void
assert_draft_untouched (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (fixture->text_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, DRAFT);
  /* Once closed, the draft has the focus again. */
  if (!gtk_widget_get_visible (GTK_WIDGET (fixture->search)))
    g_assert_true (gtk_root_get_focus (GTK_ROOT (fixture->window)) ==
                   GTK_WIDGET (fixture->text_view));
}

static void
test_knowledge_search_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = rapport_store_new (":memory:");
  RapportKnowledgeSearch *search;

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  search = g_object_ref_sink (rapport_knowledge_search_new (store));
  g_assert_true (rapport_knowledge_search_get_store (search) == store);
  g_assert_finalize_object (search);
}

/* A prefix of the last word finds the article; Enter inserts its excerpt. */
static void
test_knowledge_search_prefix_enter (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  GtkLabel *excerpt;

  popup (fixture);
  search_for (fixture, "forgot pass", "Resetting your password", 1);

  /* The row shows the body's first lines as plain text. */
  excerpt = rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->results), "Open the sign-in");
  g_assert_nonnull (excerpt);
  g_assert_false (gtk_label_get_use_markup (excerpt));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->results), "Article"));

  g_signal_emit_by_name (fixture->entry, "activate");
  g_assert_cmpuint (fixture->chosen->len, ==, 1);
  g_assert_cmpstr (rapport_candidate_get_key (fixture->chosen->pdata[0]), ==, "reset-password");
  g_assert_false (g_array_index (fixture->as_link, gboolean, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->search)));
  assert_draft_untouched (fixture);
}

/* Alt+Enter inserts a link; it needs a result that can be linked. */
static void
test_knowledge_search_alt_enter (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  popup (fixture);
  search_for (fixture, "shipping", "Shipping times", 1);
  /* No web address and not a helpdesk's article: no link. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->search), GTK_TYPE_BUTTON,
                                           "Insert link"))));
  g_assert_cmpuint (fixture->chosen->len, ==, 0);

  search_for (fixture, "reset", "Resetting your password", 1);
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->search), GDK_KEY_Return, GDK_ALT_MASK);
  g_assert_cmpuint (fixture->chosen->len, ==, 1);
  g_assert_cmpstr (rapport_candidate_get_key (fixture->chosen->pdata[0]), ==, "reset-password");
  g_assert_true (g_array_index (fixture->as_link, gboolean, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->search)));
  assert_draft_untouched (fixture);
}

/* Enter right after typing waits for that text's results: never the previous query's. */
static void
test_knowledge_search_enter_before_results (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  popup (fixture);
  search_for (fixture, "shipping", "Shipping times", 1);

  gtk_editable_set_text (GTK_EDITABLE (fixture->entry), "refund");
  g_signal_emit_by_name (fixture->entry, "activate");
  rapport_test_wait_until (chosen_count_is, fixture, 5000, "the choice");
  g_assert_cmpuint (fixture->chosen->len, ==, 1);
  g_assert_cmpstr (rapport_candidate_get_key (fixture->chosen->pdata[0]), ==, "refund-policy");
  g_assert_false (g_array_index (fixture->as_link, gboolean, 0));
}

/* Down moves the selection from the entry; the selected result is the one inserted. */
static void
test_knowledge_search_down (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkSingleSelection *selection;
  GtkEventController *keys = NULL;
  g_autoptr(GListModel) controllers = NULL;
  gboolean handled = FALSE;

  popup (fixture);
  /* Empty text lists the articles by title. */
  search_for (fixture, "", "Resetting your password", 2);
  selection = GTK_SINGLE_SELECTION (results_model (fixture));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);

  controllers = gtk_widget_observe_controllers (fixture->entry);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        keys = controller;
    }
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);

  g_signal_emit_by_name (fixture->entry, "activate");
  g_assert_cmpuint (fixture->chosen->len, ==, 1);
  g_assert_cmpstr (rapport_candidate_get_key (fixture->chosen->pdata[0]), ==, "shipping-times");
}

static void
test_knowledge_search_no_results_escape (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  popup (fixture);
  search_for (fixture, "xylophone", NULL, 0);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->search),
                                                         "No articles match"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->search), GTK_TYPE_BUTTON,
                                           "Insert excerpt"))));
  /* Enter with nothing to insert does nothing. */
  g_signal_emit_by_name (fixture->entry, "activate");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->search)));

  /* Escape closes, and nothing was chosen. */
  g_signal_emit_by_name (fixture->entry, "stop-search");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->search)));
  g_assert_cmpuint (fixture->chosen->len, ==, 0);
  assert_draft_untouched (fixture);
}

static void
test_knowledge_search_accessible (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  const char *buttons[] = { "Insert link", "Insert excerpt" };
  GtkWidget *row;

  popup (fixture);
  search_for (fixture, "refund", "Refund policy", 1);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_assert_nonnull (rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->search),
                                                             GTK_TYPE_BUTTON, buttons[i]));
  row = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->results), GTK_TYPE_BOX,
                                               "Refund policy, Canned response");
  g_assert_nonnull (row);
}

/* Opened at another widget, it moves; the widget it is at going away detaches it. */
static void
test_knowledge_search_reattach (Fixture       *fixture,
                                gconstpointer  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *other = gtk_entry_new ();

  g_object_ref (fixture->text_view);
  gtk_window_set_child (fixture->window, box);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->text_view));
  g_object_unref (fixture->text_view);
  gtk_box_append (GTK_BOX (box), other);

  popup (fixture);
  gtk_popover_popdown (GTK_POPOVER (fixture->search));
  rapport_knowledge_search_popup (fixture->search, other, NULL);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (fixture->search)) == other);

  gtk_box_remove (GTK_BOX (box), other);
  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (fixture->search)));

  /* Taken off by the caller, it comes back at the same widget. */
  rapport_knowledge_search_popup (fixture->search, GTK_WIDGET (fixture->text_view), NULL);
  gtk_popover_popdown (GTK_POPOVER (fixture->search));
  gtk_widget_unparent (GTK_WIDGET (fixture->search));
  rapport_knowledge_search_popup (fixture->search, GTK_WIDGET (fixture->text_view), NULL);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (fixture->search)) ==
                 GTK_WIDGET (fixture->text_view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->search)));
}

static void
test_knowledge_search_screenshot (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (UI_TEST_BUILDDIR, "knowledge-search.png", NULL);
  g_autofree char *empty_path = g_build_filename (UI_TEST_BUILDDIR,
                                                  "knowledge-search-empty.png", NULL);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  popup (fixture);
  search_for (fixture, "", "Resetting your password", 2);
  rapport_test_save_window_png (GTK_WIDGET (fixture->search), path);
  search_for (fixture, "xylophone", NULL, 0);
  rapport_test_save_window_png (GTK_WIDGET (fixture->search), empty_path);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/knowledge-search/new-destroy", test_knowledge_search_new_destroy);
#define ADD(path, func) \
  g_test_add ("/rapport/ui/knowledge-search/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("prefix-enter", test_knowledge_search_prefix_enter);
  ADD ("alt-enter", test_knowledge_search_alt_enter);
  ADD ("enter-before-results", test_knowledge_search_enter_before_results);
  ADD ("down", test_knowledge_search_down);
  ADD ("no-results-escape", test_knowledge_search_no_results_escape);
  ADD ("accessible", test_knowledge_search_accessible);
  ADD ("reattach", test_knowledge_search_reattach);
  ADD ("screenshot", test_knowledge_search_screenshot);
#undef ADD

  return g_test_run ();
}

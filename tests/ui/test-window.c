/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "rapport-application.h"
#include "rapport-approvals-view.h"
#include "rapport-composer.h"
#include "rapport-customer-panel.h"
#include "rapport-drafts.h"
#include "rapport-history-row.h"
#include "rapport-message-row.h"
#include "rapport-search-row.h"
#include "rapport-ticket-actions.h"
#include "rapport-ui-test-util.h"
#include "rapport-view-row.h"
#include "rapport-window.h"
#include "rapport-window-private.h"

#define CHLOE_NEWEST "Cancel my subscription before renewal"

typedef struct
{
  char           *dir;
  RapportStore   *store;
  RapportAccount *account;
  RapportWorkspace *workspace;
  RapportWindow  *window;
  gint64          anchor;
} Fixture;

static gboolean
window_is_loaded (gpointer user_data)
{
  return rapport_window_get_loaded (RAPPORT_WINDOW (user_data));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) error = NULL;

  /* Each test starts from the defaults (the memory backend lives as long as the process). */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  fixture->dir = g_dir_make_tmp ("rapport-test-window-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->anchor = g_get_real_time () / G_USEC_PER_SEC;
  fixture->store = rapport_test_create_demo_store (fixture->dir, fixture->anchor,
                                                   &fixture->account);

  fixture->window = rapport_window_new (NULL);
  g_object_ref (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  fixture->workspace = rapport_test_create_demo_workspace (fixture->store, fixture->account);
  rapport_window_set_workspace (fixture->window, fixture->workspace);
  gtk_window_present (GTK_WINDOW (fixture->window));
  rapport_test_wait_until (window_is_loaded, fixture->window, 20000, "the window to load");
  rapport_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  rapport_test_release_and_wait (&fixture->window);
  rapport_test_release_and_wait (&fixture->workspace);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static const char *
current_subject (Fixture *fixture)
{
  RapportTicket *ticket = rapport_window_get_current_ticket (fixture->window);

  return ticket ? rapport_ticket_get_subject (ticket) : NULL;
}

static GtkWidget *
conversation_list (Fixture *fixture)
{
  GtkWidget *list;

  list = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW,
                                                "Conversation");
  g_assert_nonnull (list);

  return list;
}

/* The accessible label of the first message row of the conversation. */
static char *
first_message_label (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = rapport_test_find_widgets (conversation_list (fixture), RAPPORT_TYPE_MESSAGE_ROW);
  if (rows->len == 0)
    return NULL;

  return g_strdup (rapport_test_get_accessible_label (g_ptr_array_index (rows, 0)));
}

typedef struct
{
  Fixture    *fixture;
  const char *old_label;
} ConversationChange;

static gboolean
conversation_changed (gpointer user_data)
{
  ConversationChange *change = user_data;
  g_autofree char *label = NULL;

  if (rapport_window_get_current_ticket (change->fixture->window) == NULL)
    return FALSE;

  label = first_message_label (change->fixture);

  return label != NULL && g_strcmp0 (label, change->old_label) != 0;
}

static void
test_new_destroy (void)
{
  RapportWindow *window = rapport_window_new (NULL);

  g_object_ref (window);
  g_assert_false (rapport_window_get_loaded (window));
  g_assert_null (rapport_window_get_store (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static guint
count_widgets (GtkWidget *root,
               GType      type)
{
  g_autoptr(GPtrArray) widgets = rapport_test_find_widgets (root, type);

  return widgets->len;
}

static gboolean
spinner_spins (gpointer user_data)
{
  return gtk_spinner_get_spinning (GTK_SPINNER (user_data));
}

/* The first frame builds what it shows, no more: the ticket actions come with the first
 * ticket, the Approvals pane when the entry is offered, the main menu when it opens, and the
 * loading spinner turns from the next frame on. */
static void
test_first_frame (void)
{
  RapportWindow *window = rapport_window_new (NULL);
  GtkWidget *menu_button;
  GtkWidget *spinner;
  GMenuModel *model;

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_for_frame (GTK_WIDGET (window));

  g_assert_cmpuint (count_widgets (GTK_WIDGET (window), RAPPORT_TYPE_TICKET_ACTIONS), ==, 0);
  g_assert_cmpuint (count_widgets (GTK_WIDGET (window), RAPPORT_TYPE_APPROVALS_VIEW), ==, 0);

  spinner = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_SPINNER,
                                                   "Loading tickets");
  g_assert_nonnull (spinner);
  g_assert_true (gtk_widget_is_drawable (spinner));
  rapport_test_wait_until (spinner_spins, spinner, 5000, "the loading spinner to turn");

  /* The main menu, as a click or F10 opens it. */
  menu_button = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                                       "Main Menu");
  g_assert_nonnull (menu_button);
  g_assert_null (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (model);
  g_assert_true (rapport_test_menu_has_item (model, G_MENU_ATTRIBUTE_ACTION, "app.preferences"));
  g_assert_true (rapport_test_menu_has_item (model, G_MENU_ATTRIBUTE_ACTION, "app.shortcuts"));
  g_assert_true (rapport_test_menu_has_item (model, G_MENU_ATTRIBUTE_ACTION, "win.sync-now"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  /* Asked for (the tests do), the Approvals view is made then. */
  g_assert_nonnull (rapport_window_get_approvals_view (window));
  g_assert_cmpuint (count_widgets (GTK_WIDGET (window), RAPPORT_TYPE_APPROVALS_VIEW), ==, 1);
  g_assert_true (rapport_window_get_approvals_view (window) ==
                 rapport_window_get_approvals_view (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Once a ticket is shown, its actions sit in the content header, beside the main menu, and
 * stay the same widget across ticket switches. */
static void
test_ticket_actions_shown (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) again = NULL;
  GtkWidget *header;
  GtkWidget *menu_button;

  actions = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_TICKET_ACTIONS);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_true (gtk_widget_get_mapped (g_ptr_array_index (actions, 0)));
  g_assert_nonnull (rapport_ticket_actions_get_session (g_ptr_array_index (actions, 0)));

  header = gtk_widget_get_ancestor (g_ptr_array_index (actions, 0), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header);
  menu_button = rapport_test_find_by_accessible_label (header, GTK_TYPE_MENU_BUTTON, "Main Menu");
  g_assert_nonnull (menu_button);

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_j, 0);
  again = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_TICKET_ACTIONS);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_true (g_ptr_array_index (again, 0) == g_ptr_array_index (actions, 0));
  g_assert_true (gtk_widget_get_visible (g_ptr_array_index (again, 0)));
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   guint         *n_frames)
{
  (*n_frames)++;
}

/* A window with nothing to show draws nothing: no hidden spinner or other animation keeps
 * the frame clock running (a spinning spinner on a hidden stack page made it draw 60 frames a
 * second, every one of them restyling the window). */
static void
test_idle_no_frames (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  guint n_frames = 0;
  gulong id;

  rapport_test_wait_ms (1000);
  id = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb), &n_frames);
  rapport_test_wait_ms (1000);
  g_signal_handler_disconnect (frame_clock, id);

  /* A late answer of the store may still draw a frame or two; an animation draws ~60. */
  g_assert_cmpuint (n_frames, <, 10);
}

static gboolean
current_is_solved (gpointer user_data)
{
  Fixture *fixture = user_data;
  RapportTicket *ticket = rapport_window_get_current_ticket (fixture->window);

  return ticket != NULL && rapport_ticket_get_loaded (ticket) &&
         rapport_ticket_get_status (ticket) == RAPPORT_TICKET_STATUS_SOLVED;
}

static void
test_views (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS] = { 0, };
  GtkWidget *views;
  GtkWidget *tickets;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Rapport");

  rapport_store_count_views (fixture->store, rapport_account_get_id (fixture->account), counts,
                             NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts[RAPPORT_VIEW_MY_OPEN], >, 0);

  views = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_BOX,
                                                 "Views");
  g_assert_nonnull (views);
  rows = rapport_test_find_widgets (views, RAPPORT_TYPE_VIEW_ROW);
  g_assert_cmpuint (rows->len, ==, RAPPORT_N_VIEWS);

  for (guint i = 0; i < rows->len; i++)
    {
      static const char *names[] = { "My open", "Unassigned", "All open", "Recently solved" };
      GtkWidget *row = g_ptr_array_index (rows, i);
      g_autofree char *count = g_strdup_printf ("%u", counts[i]);
      g_autoptr(GPtrArray) labels = rapport_test_find_widgets (row, GTK_TYPE_LABEL);
      gboolean shown = FALSE;

      g_assert_cmpstr (rapport_test_get_accessible_label (row), ==, names[i]);
      for (guint j = 0; j < labels->len; j++)
        {
          GtkWidget *label = g_ptr_array_index (labels, j);

          if (g_str_equal (gtk_label_get_text (GTK_LABEL (label)), count) &&
              gtk_widget_get_mapped (label))
            shown = TRUE;
        }
      g_test_message ("%s: %s", names[i], count);
      g_assert_true (shown);
    }

  /* The first ticket of "My open" is selected and shown, and the list has the focus. */
  g_assert_cmpstr (current_subject (fixture), ==, CHLOE_NEWEST);
  tickets = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW,
                                                   "Tickets");
  g_assert_nonnull (tickets);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), tickets));

  /* Alt+4: recently solved, its first ticket shown; remembered in the settings. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_4, GDK_ALT_MASK);
  g_assert_cmpint (rapport_window_get_view (fixture->window), ==, RAPPORT_VIEW_RECENTLY_SOLVED);
  rapport_test_wait_until (current_is_solved, fixture, 10000, "a solved ticket");
  {
    g_autoptr(GSettings) settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
    g_autofree char *last_view = g_settings_get_string (settings, "last-view");

    g_assert_cmpstr (last_view, ==, "recently-solved");
  }
}

typedef struct
{
  Fixture    *fixture;
  GListModel *list;
  guint       n_items;
} ListWait;

static gboolean
list_has_n_items (gpointer user_data)
{
  ListWait *wait = user_data;

  return g_list_model_get_n_items (wait->list) == wait->n_items;
}

static GListModel *
shown_ticket_list (Fixture *fixture)
{
  GtkWidget *tickets;
  GtkSelectionModel *selection;
  GListModel *shown;

  tickets = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW,
                                                   "Tickets");
  g_assert_nonnull (tickets);

  selection = gtk_list_view_get_model (GTK_LIST_VIEW (tickets));
  shown = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));

  /* The list view shows the list's first rows at first, through a slice of it. */
  g_assert_true (GTK_IS_SLICE_LIST_MODEL (shown));
  return gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (shown));
}

static gboolean
current_is_first_of_shown (gpointer user_data)
{
  Fixture *fixture = user_data;
  RapportTicket *ticket = rapport_window_get_current_ticket (fixture->window);
  g_autoptr(RapportTicket) first = g_list_model_get_item (shown_ticket_list (fixture), 0);

  return ticket != NULL && first != NULL &&
         rapport_ticket_get_id (ticket) == rapport_ticket_get_id (first);
}

/* A view keeps its list once shown: it follows the store while another view is shown, and
 * coming back shows the same list, with the first ticket selected. */
static void
test_views_kept (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GListModel) my_open = NULL;
  g_autoptr(GListModel) all_open = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) second = NULL;
  ListWait wait = { fixture, NULL, 0 };

  g_assert_cmpstr (current_subject (fixture), ==, CHLOE_NEWEST);
  my_open = g_object_ref (shown_ticket_list (fixture));
  second = g_list_model_get_item (my_open, 1);
  g_assert_true (rapport_ticket_get_loaded (second));
  wait.n_items = g_list_model_get_n_items (my_open);
  g_assert_cmpuint (wait.n_items, >, 1);

  /* Alt+3: All open, another list; its first ticket is shown. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_3, GDK_ALT_MASK);
  g_assert_cmpint (rapport_window_get_view (fixture->window), ==, RAPPORT_VIEW_ALL_OPEN);
  all_open = g_object_ref (shown_ticket_list (fixture));
  g_assert_true (all_open != my_open);
  rapport_test_wait_until (current_is_first_of_shown, fixture, 10000, "the first of All open");

  /* A ticket of My open (not the one shown) goes away while All open is shown: My open
   * follows. */
  g_assert_cmpint (rapport_ticket_get_id (rapport_window_get_current_ticket (fixture->window)), !=,
                   rapport_ticket_get_id (second));
  g_ptr_array_add (page->deleted_ticket_ids, g_strdup (rapport_ticket_get_remote_id (second)));
  g_assert_true (rapport_store_apply_page (fixture->store,
                                           rapport_account_get_id (fixture->account), page,
                                           NULL, &error));
  g_assert_no_error (error);
  wait.list = my_open;
  wait.n_items--;
  rapport_test_wait_until (list_has_n_items, &wait, 10000, "My open without the ticket");

  /* Alt+1: the same list again, at once, its first ticket shown. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_1, GDK_ALT_MASK);
  g_assert_true (shown_ticket_list (fixture) == my_open);
  g_assert_cmpuint (g_list_model_get_n_items (my_open), ==, wait.n_items);
  rapport_test_wait_until (current_is_first_of_shown, fixture, 10000, "the first of My open");
  g_assert_cmpstr (current_subject (fixture), ==, CHLOE_NEWEST);

  /* Alt+3 again: All open's list, kept. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_3, GDK_ALT_MASK);
  g_assert_true (shown_ticket_list (fixture) == all_open);
  rapport_test_wait_until (current_is_first_of_shown, fixture, 10000, "the first of All open");
}

static void
test_next_previous (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *again = NULL;
  ConversationChange change = { fixture, NULL };

  first = first_message_label (fixture);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first, "Chloé Silva, Message, Email, "));
  g_assert_nonnull (strstr (first, ": Please cancel my subscription"));

  /* j: the next ticket, and its conversation. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_j, 0);
  change.old_label = first;
  rapport_test_wait_until (conversation_changed, &change, 10000, "the next conversation");
  g_assert_cmpstr (current_subject (fixture), !=, CHLOE_NEWEST);
  second = first_message_label (fixture);

  /* k: back to Chloé's. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_k, 0);
  change.old_label = second;
  rapport_test_wait_until (conversation_changed, &change, 10000, "the previous conversation");
  g_assert_cmpstr (current_subject (fixture), ==, CHLOE_NEWEST);
  again = first_message_label (fixture);
  g_assert_cmpstr (again, ==, first);
}

static gboolean
widget_unmapped (gpointer user_data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

static gboolean
widget_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

static void
test_customer_panel_toggle (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) panels = NULL;
  g_autoptr(GSettings) settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  GtkWidget *panel;

  panels = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_CUSTOMER_PANEL);
  g_assert_cmpuint (panels->len, ==, 1);
  panel = g_ptr_array_index (panels, 0);
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_nonnull (rapport_test_find_label_with_prefix (panel, "Last contact "));

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_F9, 0);
  rapport_test_wait_until (widget_unmapped, panel, 5000, "the customer panel to hide");
  g_assert_false (g_settings_get_boolean (settings, "customer-panel-visible"));

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_F9, 0);
  rapport_test_wait_until (widget_mapped, panel, 5000, "the customer panel to show");
  g_assert_true (g_settings_get_boolean (settings, "customer-panel-visible"));
}

static GtkListView *
search_results (Fixture *fixture)
{
  return GTK_LIST_VIEW (rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window),
                                                               GTK_TYPE_LIST_VIEW,
                                                               "Search results"));
}

static gboolean
one_search_row_shown (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkListView *results = search_results (fixture);
  g_autoptr(GPtrArray) rows = NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (results)) ||
      g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (results))) != 1)
    return FALSE;

  rows = rapport_test_find_widgets (GTK_WIDGET (results), RAPPORT_TYPE_SEARCH_ROW);
  return rows->len == 1 && rapport_search_row_get_hit (g_ptr_array_index (rows, 0)) != NULL;
}

static gboolean
subject_is (gpointer user_data)
{
  gpointer *args = user_data;

  return g_strcmp0 (current_subject (args[0]), args[1]) == 0;
}

static void
wait_for_subject (Fixture    *fixture,
                  const char *subject)
{
  gpointer args[2] = { fixture, (gpointer) subject };

  rapport_test_wait_until (subject_is, args, 10000, subject);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *entry;
  GtkWidget *tickets;
  GtkWidget *focus;
  GtkLabel *snippet_label = NULL;
  GtkSearchBar *search_bar;
  const char *label;

  entry = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window),
                                                 GTK_TYPE_SEARCH_ENTRY,
                                                 "Search tickets and messages");
  g_assert_nonnull (entry);
  g_assert_false (gtk_widget_get_mapped (entry));

  /* Ctrl+F shows the search bar and focuses the entry. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_f, GDK_CONTROL_MASK);
  search_bar = GTK_SEARCH_BAR (gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR));
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  gtk_editable_set_text (GTK_EDITABLE (entry), "sourdough starter");
  rapport_test_wait_until (one_search_row_shown, fixture, 10000, "one search result");

  rows = rapport_test_find_widgets (GTK_WIDGET (search_results (fixture)), RAPPORT_TYPE_SEARCH_ROW);
  label = rapport_test_get_accessible_label (g_ptr_array_index (rows, 0));
  g_test_message ("search result: %s (match %d–%d)", label,
                  rapport_search_hit_get_match_start (rapport_search_row_get_hit (g_ptr_array_index (rows, 0))),
                  rapport_search_hit_get_match_end (rapport_search_row_get_hit (g_ptr_array_index (rows, 0))));
  g_assert_true (g_str_has_prefix (label,
                                   "Still waiting for my sourdough starter kit, Chloé Silva: "));

  /* The matched term is highlighted with attributes over its bytes, never with markup. */
  {
    RapportSearchHit *hit = rapport_search_row_get_hit (g_ptr_array_index (rows, 0));
    g_autoptr(GPtrArray) labels = rapport_test_find_widgets (g_ptr_array_index (rows, 0),
                                                             GTK_TYPE_LABEL);
    const char *snippet = rapport_search_hit_get_snippet (hit);
    int start = rapport_search_hit_get_match_start (hit);
    int end = rapport_search_hit_get_match_end (hit);

    g_assert_cmpint (start, >=, 0);
    g_assert_cmpint (end, >, start);
    g_assert_cmpint (g_ascii_strncasecmp (snippet + start, "sourdough", 9), ==, 0);

    for (guint i = 0; i < labels->len; i++)
      {
        GtkLabel *candidate = g_ptr_array_index (labels, i);

        g_assert_false (gtk_label_get_use_markup (candidate));
        if (gtk_label_get_attributes (candidate) != NULL &&
            g_str_equal (gtk_label_get_text (candidate), snippet) &&
            gtk_widget_get_visible (GTK_WIDGET (candidate)))
          snippet_label = candidate;
      }
    g_assert_nonnull (snippet_label);
  }

  /* Choosing the result opens the ticket. */
  g_signal_emit_by_name (entry, "activate");
  wait_for_subject (fixture, "Still waiting for my sourdough starter kit");

  /* Escape leaves the search and focuses the ticket list. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_search_bar_get_search_mode (search_bar));
  tickets = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW,
                                                   "Tickets");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == tickets || gtk_widget_is_ancestor (focus, tickets));
}

static void
test_history_opens_ticket (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *history;
  GtkWidget *invoice = NULL;

  history = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->window),
                                                   GTK_TYPE_LIST_VIEW, "Customer history");
  g_assert_nonnull (history);
  rows = rapport_test_find_widgets (history, RAPPORT_TYPE_HISTORY_ROW);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (rapport_test_get_accessible_label (g_ptr_array_index (rows, i)),
                          "Email, Invoice needed with VAT number, Solved, "))
      invoice = g_ptr_array_index (rows, i);
  g_assert_nonnull (invoice);

  /* A solved ticket, not in "My open": it opens all the same (its list row activated, as
   * Enter or a click does). */
  g_assert_true (gtk_widget_activate (gtk_widget_get_parent (invoice)));
  wait_for_subject (fixture, "Invoice needed with VAT number");
}

typedef struct
{
  Fixture    *fixture;
  const char *body;
} BodyShown;

static gboolean
body_shown (gpointer user_data)
{
  BodyShown *shown = user_data;
  g_autoptr(GPtrArray) labels = NULL;

  labels = rapport_test_find_widgets (conversation_list (shown->fixture), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), shown->body))
      return TRUE;

  return FALSE;
}

static void
test_plain_text (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char body[] = "<b>not bold</b> & <i>not italic</i>";
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportMessage) message = rapport_message_new ();
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) error = NULL;
  BodyShown shown = { fixture, body };
  GtkLabel *body_label = NULL;

  g_assert_cmpstr (current_subject (fixture), ==, CHLOE_NEWEST);

  rapport_message_set_remote_id (message, "test-markup-1");
  rapport_message_set_ticket_remote_id (message, "1005");
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_INBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_CUSTOMER);
  rapport_message_set_author_name (message, "Chloé Silva");
  rapport_message_set_author_remote_id (message, "chloe.silva@northwind-bakery.example");
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, fixture->anchor - 60);
  g_ptr_array_add (page->messages, g_object_ref (message));

  rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account), page,
                            NULL, &error);
  g_assert_no_error (error);

  /* The conversation reloads on the store's "changed" and shows the body literally. */
  rapport_test_wait_until (body_shown, &shown, 10000, "the new message");
  labels = rapport_test_find_widgets (conversation_list (fixture), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), body))
      body_label = g_ptr_array_index (labels, i);
  g_assert_nonnull (body_label);
  g_assert_false (gtk_label_get_use_markup (body_label));
  g_assert_cmpstr (gtk_label_get_label (body_label), ==, body);
  g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (body_label)), ==, body);
}

/* r: the composer of the ticket shown gets the focus, in Reply mode when it is empty, even
 * after the agent left it in Internal Note mode. */
static void
test_reply_key (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) composers = NULL;
  RapportComposer *composer;
  GtkWidget *focus;

  composers = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_COMPOSER);
  g_assert_cmpuint (composers->len, ==, 1);
  composer = g_ptr_array_index (composers, 0);
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);

  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_false (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (composer)));

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_r, 0);

  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_TEXT_VIEW (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (composer)));
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);
}

typedef struct
{
  RapportComposer *composer;
  gint64           ticket_id;
} ComposerMove;

static gboolean
composer_moved (gpointer user_data)
{
  ComposerMove *move = user_data;
  RapportTicket *ticket = rapport_composer_get_ticket (move->composer);

  return ticket != NULL && rapport_ticket_get_id (ticket) != move->ticket_id;
}

/* n: the composer of the ticket shown gets the focus, in Internal note mode, and says so; the
 * next ticket opens as a reply again. */
static void
test_note_key (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) composers = NULL;
  RapportComposer *composer;
  ComposerMove moved = { NULL, 0 };
  RapportTicket *shown;
  GtkWidget *focus;

  composers = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_COMPOSER);
  g_assert_cmpuint (composers->len, ==, 1);
  composer = g_ptr_array_index (composers, 0);
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_n, 0);

  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_TEXT_VIEW (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (composer)));
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_nonnull (rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Internal note"));

  shown = rapport_composer_get_ticket (composer);
  g_assert_nonnull (shown);
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->window), GDK_KEY_j, 0);
  moved.composer = composer;
  moved.ticket_id = rapport_ticket_get_id (shown);
  rapport_test_wait_until (composer_moved, &moved, 5000, "the next ticket in the composer");
  g_assert_cmpint (rapport_composer_get_visibility (composer), ==, RAPPORT_VISIBILITY_PUBLIC);
}

/* The sessions kept next to the shown ticket (rapport-window-sessions.c) */

static RapportTicketSession *
kept_session_of (Fixture *fixture,
                 gint64   ticket_id)
{
  GPtrArray *kept = fixture->window->kept_sessions;

  for (guint i = 0; kept != NULL && i < kept->len; i++)
    {
      RapportTicketSession *session = g_ptr_array_index (kept, i);

      if (rapport_ticket_session_get_ticket_id (session) == ticket_id)
        return session;
    }

  return NULL;
}

typedef struct
{
  Fixture *fixture;
  gint64   ticket_id;
  guint    n_ops;
} KeptWait;

static gboolean
kept_is_loaded (gpointer user_data)
{
  KeptWait *wait = user_data;
  RapportTicketSession *session = kept_session_of (wait->fixture, wait->ticket_id);

  return session != NULL && !rapport_ticket_session_get_loading (session) &&
         rapport_ticket_session_get_messages (session) != NULL &&
         rapport_ticket_session_get_ops (session) != NULL &&
         rapport_ticket_session_get_customer (session) != NULL;
}

static gint64
neighbour_id (Fixture *fixture,
              int      delta)
{
  GtkSingleSelection *selection = fixture->window->selection;
  guint selected = gtk_single_selection_get_selected (selection);
  g_autoptr(RapportTicket) ticket = NULL;

  g_assert_cmpuint (selected, !=, GTK_INVALID_LIST_POSITION);
  ticket = g_list_model_get_item (G_LIST_MODEL (selection), selected + delta);
  g_assert_nonnull (ticket);

  return rapport_ticket_get_id (ticket);
}

static gboolean
session_gone (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static void
test_kept_sessions (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RapportWindow *window = fixture->window;
  RapportTicketSession *first = rapport_conversation_get_session (window->conversation);
  RapportTicketSession *kept;
  KeptWait wait = { fixture, 0, 0 };
  gpointer first_alive = first;
  gint64 first_id;

  g_assert_nonnull (first);
  first_id = rapport_ticket_session_get_ticket_id (first);
  g_object_add_weak_pointer (G_OBJECT (first), &first_alive);

  /* The next ticket's session is loaded before the key. */
  wait.ticket_id = neighbour_id (fixture, 1);
  rapport_test_wait_until (kept_is_loaded, &wait, 10000, "the next ticket's session to load");
  kept = kept_session_of (fixture, wait.ticket_id);

  /* j shows it at once: no main-loop iteration between the key and the data. */
  rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_j, 0);
  g_assert_true (rapport_conversation_get_session (window->conversation) == kept);
  g_assert_true (rapport_customer_panel_get_session (window->customer_panel) == kept);
  g_assert_cmpint (rapport_ticket_get_id (rapport_conversation_get_ticket (window->conversation)),
                   ==, wait.ticket_id);
  g_assert_false (rapport_conversation_get_loading (window->conversation));
  g_assert_false (rapport_customer_panel_get_loading (window->customer_panel));
  g_assert_nonnull (rapport_customer_panel_get_customer (window->customer_panel));
  g_assert_true (rapport_window_get_loaded (window));
  rapport_test_wait_for_frame (GTK_WIDGET (window));

  /* The ticket left is kept (it is the previous one now), the next one is loaded. */
  wait.ticket_id = first_id;
  rapport_test_wait_until (kept_is_loaded, &wait, 10000, "the ticket left to be kept");
  wait.ticket_id = neighbour_id (fixture, 1);
  rapport_test_wait_until (kept_is_loaded, &wait, 10000, "the next ticket's session to load");
  g_assert_cmpuint (_rapport_window_sessions_get_n_kept (window), <=,
                    RAPPORT_WINDOW_KEPT_SESSIONS);

  /* Further down, the first ticket's session is dropped; never more than the bound. */
  for (guint i = 0; i < 4; i++)
    {
      gint64 next_id = neighbour_id (fixture, 1);

      wait.ticket_id = next_id;
      rapport_test_wait_until (kept_is_loaded, &wait, 10000, "the next ticket's session");
      rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_j, 0);
      g_assert_cmpint (rapport_ticket_get_id (rapport_window_get_current_ticket (window)), ==,
                       next_id);
      rapport_test_wait_for_frame (GTK_WIDGET (window));
      g_assert_cmpuint (_rapport_window_sessions_get_n_kept (window), <=,
                        RAPPORT_WINDOW_KEPT_SESSIONS);
    }
  g_assert_null (kept_session_of (fixture, first_id));
  rapport_test_wait_until (session_gone, &first_alive, 10000, "the first session to be dropped");
}

static gboolean
kept_has_ops (gpointer user_data)
{
  KeptWait *wait = user_data;
  RapportTicketSession *session = kept_session_of (wait->fixture, wait->ticket_id);
  GPtrArray *ops = session != NULL ? rapport_ticket_session_get_ops (session) : NULL;

  return ops != NULL && ops->len == wait->n_ops;
}

static void
on_note_queued_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  op = rapport_ticket_session_enqueue_message_finish (RAPPORT_TICKET_SESSION (source), result,
                                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);
  *done = TRUE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
test_kept_session_follows_store (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  RapportWindow *window = fixture->window;
  g_autoptr(RapportTicketSession) other = NULL;
  RapportTicketSession *kept;
  KeptWait wait = { fixture, 0, 0 };
  gboolean queued = FALSE;

  wait.ticket_id = neighbour_id (fixture, 1);
  rapport_test_wait_until (kept_is_loaded, &wait, 10000, "the next ticket's session to load");
  kept = kept_session_of (fixture, wait.ticket_id);
  wait.n_ops = rapport_ticket_session_get_ops (kept)->len + 1;

  /* A note on that ticket, written through another session while the agent is elsewhere
   * (held, so it stays in the outbox). */
  other = rapport_ticket_session_new (fixture->workspace,
                                      rapport_ticket_session_get_ticket (kept));
  rapport_ticket_session_enqueue_message_async (other, RAPPORT_VISIBILITY_INTERNAL,
                                                "Checked with the warehouse", 600000, NULL,
                                                on_note_queued_cb, &queued);
  rapport_test_wait_until (flag_set, &queued, 10000, "the note to be queued");
  rapport_test_wait_until (kept_has_ops, &wait, 10000, "the kept session to reload");

  /* Shown, it has the note. */
  rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_j, 0);
  g_assert_true (rapport_conversation_get_session (window->conversation) == kept);
  g_assert_cmpuint (rapport_ticket_session_get_ops (kept)->len, ==, wait.n_ops);
  rapport_test_wait_for_frame (GTK_WIDGET (window));
}

static RapportComposer *
window_composer (Fixture *fixture)
{
  g_autoptr(GPtrArray) composers = rapport_test_find_widgets (GTK_WIDGET (fixture->window),
                                                              RAPPORT_TYPE_COMPOSER);

  g_assert_cmpuint (composers->len, ==, 1);

  return g_ptr_array_index (composers, 0);
}

typedef struct
{
  Fixture    *fixture;
  gint64      ticket_id;
  const char *text;
} ComposerWait;

static gboolean
composer_shows (gpointer user_data)
{
  ComposerWait *wait = user_data;
  RapportComposer *composer = window_composer (wait->fixture);
  RapportTicket *ticket = rapport_composer_get_ticket (composer);
  g_autofree char *text = rapport_composer_dup_text (composer);

  return ticket != NULL && rapport_ticket_get_id (ticket) == wait->ticket_id &&
         g_strcmp0 (text, wait->text) == 0;
}

static void
type_in_composer (Fixture    *fixture,
                  const char *text)
{
  GtkWidget *view = rapport_test_find_by_accessible_label (GTK_WIDGET (window_composer (fixture)),
                                                           GTK_TYPE_TEXT_VIEW, "Reply");

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

typedef struct
{
  Fixture    *fixture;
  gint64      ticket_id;
  const char *text;
} DraftWait;

static gboolean
stored_draft_is (gpointer user_data)
{
  DraftWait *wait = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;

  draft = rapport_drafts_load (wait->fixture->store, rapport_account_get_id (wait->fixture->account),
                               wait->ticket_id, NULL, NULL, &error);
  g_assert_no_error (error);

  return g_strcmp0 (draft, wait->text) == 0;
}

static void
test_kept_session_drafts (Fixture       *fixture,
                          gconstpointer  user_data)
{
  RapportWindow *window = fixture->window;
  gint64 first_id = rapport_ticket_get_id (rapport_window_get_current_ticket (window));
  gint64 second_id = neighbour_id (fixture, 1);
  KeptWait kept = { fixture, second_id, 0 };
  ComposerWait wait = { fixture, 0, NULL };
  DraftWait draft = { fixture, 0, NULL };

  rapport_test_wait_until (kept_is_loaded, &kept, 10000, "the next ticket's session to load");

  type_in_composer (fixture, "A reply for the first ticket");

  /* The next ticket's composer has its own (empty) text, never the first one's. */
  rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_j, 0);
  wait.ticket_id = second_id;
  wait.text = "";
  rapport_test_wait_until (composer_shows, &wait, 10000, "the second ticket's composer");
  /* The first draft was saved on leaving; the second ticket's (none) is read after it. */
  draft.ticket_id = first_id;
  draft.text = "A reply for the first ticket";
  rapport_test_wait_until (stored_draft_is, &draft, 10000, "the first draft to be saved");
  rapport_test_wait_ms (300);
  g_assert_true (composer_shows (&wait));
  type_in_composer (fixture, "A reply for the second ticket");

  /* Back and forth through the kept sessions: each draft stays with its ticket. */
  kept.ticket_id = first_id;
  rapport_test_wait_until (kept_is_loaded, &kept, 10000, "the first ticket to be kept");
  rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_k, 0);
  wait.ticket_id = first_id;
  wait.text = "A reply for the first ticket";
  rapport_test_wait_until (composer_shows, &wait, 10000, "the first ticket's draft");
  draft.ticket_id = second_id;
  draft.text = "A reply for the second ticket";
  rapport_test_wait_until (stored_draft_is, &draft, 10000, "the second draft to be saved");

  kept.ticket_id = second_id;
  rapport_test_wait_until (kept_is_loaded, &kept, 10000, "the second ticket to be kept");
  rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_j, 0);
  wait.ticket_id = second_id;
  wait.text = "A reply for the second ticket";
  rapport_test_wait_until (composer_shows, &wait, 10000, "the second ticket's draft");
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/window/new-destroy", test_new_destroy);
  g_test_add_func ("/rapport/ui/window/first-frame", test_first_frame);
  g_test_add ("/rapport/ui/window/ticket-actions-shown", Fixture, NULL,
              fixture_set_up, test_ticket_actions_shown, fixture_tear_down);
  g_test_add ("/rapport/ui/window/idle-no-frames", Fixture, NULL,
              fixture_set_up, test_idle_no_frames, fixture_tear_down);
  g_test_add ("/rapport/ui/window/views", Fixture, NULL,
              fixture_set_up, test_views, fixture_tear_down);
  g_test_add ("/rapport/ui/window/views-kept", Fixture, NULL,
              fixture_set_up, test_views_kept, fixture_tear_down);
  g_test_add ("/rapport/ui/window/next-previous", Fixture, NULL,
              fixture_set_up, test_next_previous, fixture_tear_down);
  g_test_add ("/rapport/ui/window/reply-key", Fixture, NULL,
              fixture_set_up, test_reply_key, fixture_tear_down);
  g_test_add ("/rapport/ui/window/note-key", Fixture, NULL,
              fixture_set_up, test_note_key, fixture_tear_down);
  g_test_add ("/rapport/ui/window/customer-panel-toggle", Fixture, NULL,
              fixture_set_up, test_customer_panel_toggle, fixture_tear_down);
  g_test_add ("/rapport/ui/window/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/rapport/ui/window/history-opens-ticket", Fixture, NULL,
              fixture_set_up, test_history_opens_ticket, fixture_tear_down);
  g_test_add ("/rapport/ui/window/plain-text", Fixture, NULL,
              fixture_set_up, test_plain_text, fixture_tear_down);
  g_test_add ("/rapport/ui/window/kept-sessions", Fixture, NULL,
              fixture_set_up, test_kept_sessions, fixture_tear_down);
  g_test_add ("/rapport/ui/window/kept-session-follows-store", Fixture, NULL,
              fixture_set_up, test_kept_session_follows_store, fixture_tear_down);
  g_test_add ("/rapport/ui/window/kept-session-drafts", Fixture, NULL,
              fixture_set_up, test_kept_session_drafts, fixture_tear_down);

  return g_test_run ();
}

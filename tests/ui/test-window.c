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
#include "rapport-customer-text.h"
#include "rapport-drafts.h"
#include "rapport-history-row.h"
#include "rapport-identity-row.h"
#include "rapport-message-row.h"
#include "rapport-money-actions.h"
#include "rapport-money-summary-view.h"
#include "rapport-search-row.h"
#include "rapport-store-private.h"
#include "rapport-suggestions-pane.h"
#include "rapport-ticket-actions.h"
#include "rapport-ticket-row.h"
#include "rapport-ui-test-keys.h"
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

/* The list position of the ticket row that has the keyboard focus, or G_MAXUINT. */
static guint
focus_row_position (Fixture *fixture)
{
  RapportWindow *window = fixture->window;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  g_autoptr(GPtrArray) rows = NULL;

  if (focus == NULL)
    return G_MAXUINT;

  rows = rapport_test_find_widgets (GTK_WIDGET (window->ticket_view), RAPPORT_TYPE_TICKET_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      RapportTicketRow *row = g_ptr_array_index (rows, i);
      GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (row));
      RapportTicket *ticket = rapport_ticket_row_get_ticket (row);

      if (ticket != NULL && (focus == item || gtk_widget_is_ancestor (focus, item)))
        return rapport_ticket_list_find (window->tickets, rapport_ticket_get_id (ticket));
    }

  return G_MAXUINT;
}

typedef struct
{
  Fixture *fixture;
  guint    position;
} PositionWait;

/* The ticket at the position is selected, has the list's keyboard focus, and is shown. */
static gboolean
cursor_is_at (gpointer user_data)
{
  PositionWait *wait = user_data;
  RapportWindow *window = wait->fixture->window;
  RapportTicket *shown = rapport_conversation_get_ticket (window->conversation);
  g_autoptr(RapportTicket) ticket = NULL;

  if (gtk_single_selection_get_selected (window->selection) != wait->position ||
      focus_row_position (wait->fixture) != wait->position || shown == NULL)
    return FALSE;

  ticket = g_list_model_get_item (G_LIST_MODEL (window->tickets), wait->position);
  return rapport_ticket_get_id (shown) == rapport_ticket_get_id (ticket);
}

/* j/k and the arrow keys move one cursor: the selection, the list's focus row and the ticket
 * shown stay together whichever keys the agent mixes (real key events). */
static void
test_one_cursor (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const struct
  {
    const char *keys;
    guint       position;
  } steps[] = {
    { "j", 1 }, { "j", 2 }, { "Down", 3 }, { "Down", 4 }, { "k", 3 }, { "Down", 4 },
    { "Up", 3 }, { "Up", 2 }, { "k", 1 }, { "Down", 2 }, { "j", 3 }, { "Home", 0 },
    { "j", 1 }, { "Down", 2 },
  };
  RapportWindow *window = fixture->window;
  PositionWait wait = { fixture, 0 };

  /* All open: the longest of the demo's open views. */
  rapport_test_press_keys (GTK_WIDGET (window), "<Alt>3");
  g_assert_cmpint (rapport_window_get_view (window), ==, RAPPORT_VIEW_ALL_OPEN);
  rapport_test_wait_until (current_is_first_of_shown, fixture, 10000, "the first of All open");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->tickets)), >, 5);

  /* The list has the keyboard focus, on the first row. */
  rapport_test_wait_until (cursor_is_at, &wait, 10000, "the cursor on the first ticket");

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *what = g_strdup_printf ("the cursor on row %u after %s (step %u)",
                                               steps[i].position, steps[i].keys, i);

      rapport_test_press_keys (GTK_WIDGET (window), steps[i].keys);
      wait.position = steps[i].position;
      rapport_test_wait_until (cursor_is_at, &wait, 10000, what);
    }
}

/* Ctrl+Page Down / Ctrl+Page Up: the next and previous view, in the sidebar's order, stopping
 * at the ends; the keyboard focus stays in the ticket list, on the view's first ticket. */
static void
test_next_previous_view (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const struct
  {
    const char  *keys;
    RapportView  view;
  } steps[] = {
    { "<Control>Page_Down", RAPPORT_VIEW_UNASSIGNED },
    { "<Control>Page_Down", RAPPORT_VIEW_ALL_OPEN },
    { "<Control>Page_Down", RAPPORT_VIEW_RECENTLY_SOLVED },
    { "<Control>Page_Down", RAPPORT_VIEW_RECENTLY_SOLVED },
    { "<Control>Page_Up", RAPPORT_VIEW_ALL_OPEN },
    { "<Control>Page_Up", RAPPORT_VIEW_UNASSIGNED },
    { "<Control>Page_Up", RAPPORT_VIEW_MY_OPEN },
    { "<Control>Page_Up", RAPPORT_VIEW_MY_OPEN },
  };
  RapportWindow *window = fixture->window;
  PositionWait wait = { fixture, 0 };

  g_assert_cmpint (rapport_window_get_view (window), ==, RAPPORT_VIEW_MY_OPEN);
  rapport_test_wait_until (cursor_is_at, &wait, 10000, "the cursor on the first ticket");

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *what = g_strdup_printf ("the first ticket of the view after step %u", i);

      rapport_test_press_keys (GTK_WIDGET (window), steps[i].keys);
      g_assert_cmpint (rapport_window_get_view (window), ==, steps[i].view);
      rapport_test_wait_until (cursor_is_at, &wait, 10000, what);
    }

  /* From the composer too (its text view would move by pages with them). */
  rapport_test_press_keys (GTK_WIDGET (window), "r");
  g_assert_true (GTK_IS_TEXT_VIEW (gtk_root_get_focus (GTK_ROOT (window))));
  rapport_test_press_keys (GTK_WIDGET (window), "<Control>Page_Down");
  g_assert_cmpint (rapport_window_get_view (window), ==, RAPPORT_VIEW_UNASSIGNED);
}

/* What the store holds of the demo's customers, read before the store is held (the frame check
 * reads nothing): the customer of each ticket and of each message of their histories, and each
 * customer's name as the panel writes it. Ids are kept as gint64 keys and values. */
typedef struct
{
  GHashTable *remote_ids;       /* ticket remote id → customer id */
  GHashTable *tickets;          /* ticket id → customer id */
  GHashTable *messages;         /* message id (of a history entry) → customer id */
  GHashTable *names;            /* customer id → name */
  GHashTable *named;            /* name → customer id */
} Customers;

static gint64 *
id_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gint64
lookup_id (GHashTable    *table,
           gconstpointer  key)
{
  gint64 *id = g_hash_table_lookup (table, key);

  return id != NULL ? *id : 0;
}

static void
customers_load (Customers *customers,
                Fixture   *fixture)
{
  gint64 account_id = rapport_account_get_id (fixture->account);

  customers->remote_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  customers->tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  customers->messages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  customers->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  customers->named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (RapportView view = 0; view < RAPPORT_N_VIEWS; view++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GPtrArray) tickets = NULL;

      ids = rapport_store_list_ticket_ids (fixture->store, account_id, view, NULL, &error);
      g_assert_no_error (error);
      tickets = rapport_store_load_tickets (fixture->store, &g_array_index (ids, gint64, 0),
                                           ids->len, NULL, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < tickets->len; i++)
        {
          RapportTicket *ticket = g_ptr_array_index (tickets, i);
          gint64 customer_id = rapport_ticket_get_customer_id (ticket);
          g_autoptr(RapportCustomer) customer = NULL;
          g_autoptr(GPtrArray) history = NULL;
          char *name;

          g_hash_table_insert (customers->remote_ids,
                               g_strdup (rapport_ticket_get_remote_id (ticket)),
                               id_new (customer_id));
          g_hash_table_insert (customers->tickets, id_new (rapport_ticket_get_id (ticket)),
                               id_new (customer_id));
          if (g_hash_table_contains (customers->names, &customer_id))
            continue;

          customer = rapport_store_load_customer (fixture->store, customer_id, NULL, &error);
          g_assert_no_error (error);
          name = rapport_customer_text_name (customer);
          g_hash_table_insert (customers->names, id_new (customer_id), name);
          g_hash_table_insert (customers->named, g_strdup (name), id_new (customer_id));

          history = rapport_store_customer_history (fixture->store, customer_id, NULL, &error);
          g_assert_no_error (error);
          for (guint j = 0; j < history->len; j++)
            {
              RapportHistoryEntry *entry = g_ptr_array_index (history, j);

              g_hash_table_insert (customers->messages,
                                   id_new (rapport_history_entry_get_message_id (entry)),
                                   id_new (customer_id));
            }
        }
    }

  /* The demo has several customers, so that a mix can show. */
  g_assert_cmpuint (g_hash_table_size (customers->names), >, 2);
}

static void
customers_clear (Customers *customers)
{
  g_clear_pointer (&customers->remote_ids, g_hash_table_unref);
  g_clear_pointer (&customers->tickets, g_hash_table_unref);
  g_clear_pointer (&customers->messages, g_hash_table_unref);
  g_clear_pointer (&customers->names, g_hash_table_unref);
  g_clear_pointer (&customers->named, g_hash_table_unref);
}

/* A "Refunds and Credits" summary painted, for the customer the frame belonged to. */
typedef struct
{
  gint64  frame;
  gint64  customer_id;
  char   *text;
} SummarySeen;

static void
summary_seen_clear (SummarySeen *seen)
{
  g_free (seen->text);
}

typedef struct
{
  Fixture    *fixture;
  Customers   customers;
  guint       n_frames;          /* painted with a ticket's header and messages */
  guint       n_mixed;           /* painted with one ticket's header over another's messages */
  guint       n_customer_frames; /* painted with a customer in the panel */
  guint       n_customer_mixed;  /* painted with another customer's name, identities, history
                                  * or suggestions than the ticket's */
  guint       n_unnamed;         /* painted with no customer in the panel */
  GArray     *summaries;         /* (element-type SummarySeen) checked at the end */
  GHashTable *known_summaries;   /* customer id → their summary's text, once settled */
} FrameCheck;

static void
frame_check_init (FrameCheck *check,
                  Fixture    *fixture)
{
  memset (check, 0, sizeof *check);
  check->fixture = fixture;
  customers_load (&check->customers, fixture);
  check->summaries = g_array_new (FALSE, TRUE, sizeof (SummarySeen));
  g_array_set_clear_func (check->summaries, (GDestroyNotify) summary_seen_clear);
  check->known_summaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

static void
frame_check_clear (FrameCheck *check)
{
  customers_clear (&check->customers);
  g_clear_pointer (&check->summaries, g_array_unref);
  g_clear_pointer (&check->known_summaries, g_hash_table_unref);
}

/* The header's "#<remote id> · …" label of the conversation, if it is shown. */
static GtkLabel *
shown_meta_label (Fixture *fixture)
{
  g_autoptr(GPtrArray) labels = NULL;

  labels = rapport_test_find_widgets (GTK_WIDGET (fixture->window->conversation), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_get_ancestor (label, RAPPORT_TYPE_MESSAGE_ROW) != NULL ||
          !g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "#") ||
          strstr (gtk_label_get_text (GTK_LABEL (label)), " · ") == NULL)
        continue;
      return gtk_widget_is_drawable (label) ? GTK_LABEL (label) : NULL;
    }

  return NULL;
}

/* The remote id the header names, or NULL when no header is shown. */
static char *
shown_remote_id (Fixture *fixture)
{
  GtkLabel *meta = shown_meta_label (fixture);
  const char *text;

  if (meta == NULL)
    return NULL;

  text = gtk_label_get_text (meta);
  return g_strndup (text + 1, strstr (text, " · ") - (text + 1));
}

/* The customer the frame belongs to: the one of the ticket the conversation's header shows,
 * else of the ticket selected (0: none). */
static gint64
frame_customer (FrameCheck *check,
                const char *remote_id)
{
  RapportTicket *ticket;
  gint64 ticket_id;

  if (remote_id != NULL)
    return lookup_id (check->customers.remote_ids, remote_id);

  ticket = rapport_window_get_current_ticket (check->fixture->window);
  if (ticket == NULL)
    return 0;
  ticket_id = rapport_ticket_get_id (ticket);
  return lookup_id (check->customers.tickets, &ticket_id);
}

/* Why the customer content painted is not all of @customer_id's (NULL: it is). */
static char *
mixed_customer_content (FrameCheck *check,
                        gint64      customer_id,
                        gint64      frame)
{
  RapportWindow *window = check->fixture->window;
  GtkWidget *panel = GTK_WIDGET (window->customer_panel);
  const char *name = g_hash_table_lookup (check->customers.names, &customer_id);
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) panes = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  gboolean named = FALSE;

  /* The name the panel shows (not the history rows': they are checked by their messages). */
  labels = rapport_test_find_widgets (panel, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      if (!gtk_widget_is_drawable (label) ||
          gtk_widget_get_ancestor (label, RAPPORT_TYPE_HISTORY_ROW) != NULL ||
          !g_hash_table_contains (check->customers.named, text))
        continue;
      if (g_strcmp0 (text, name) != 0)
        return g_strdup_printf ("the panel names %s", text);
      named = TRUE;
    }

  identities = rapport_test_find_widgets (panel, RAPPORT_TYPE_IDENTITY_ROW);
  for (guint i = 0; i < identities->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (identities, i);
      RapportIdentity *identity;

      identity = rapport_identity_row_get_identity (RAPPORT_IDENTITY_ROW (row));

      if (identity != NULL && gtk_widget_is_drawable (row) &&
          rapport_identity_get_customer_id (identity) != customer_id)
        return g_strdup_printf ("an identity of customer %" G_GINT64_FORMAT,
                                rapport_identity_get_customer_id (identity));
    }

  history = rapport_test_find_widgets (panel, RAPPORT_TYPE_HISTORY_ROW);
  for (guint i = 0; i < history->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (history, i);
      RapportHistoryEntry *entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row));
      gint64 message_id;

      if (entry == NULL || !gtk_widget_is_drawable (row))
        continue;
      message_id = rapport_history_entry_get_message_id (entry);
      if (lookup_id (check->customers.messages, &message_id) != customer_id)
        return g_strdup_printf ("a history row of customer %" G_GINT64_FORMAT " (“%s”)",
                                lookup_id (check->customers.messages, &message_id),
                                rapport_history_entry_get_ticket_subject (entry));
    }

  /* The composer's suggested replies are the ticket's own. */
  panes = rapport_test_find_widgets (GTK_WIDGET (window), RAPPORT_TYPE_SUGGESTIONS_PANE);
  for (guint i = 0; i < panes->len; i++)
    {
      RapportSuggestionsPane *pane = g_ptr_array_index (panes, i);
      RapportTicketSession *session = rapport_suggestions_pane_get_session (pane);
      gint64 ticket_id;

      if (session == NULL || rapport_suggestions_pane_get_n_suggestions (pane) == 0 ||
          !gtk_widget_is_drawable (GTK_WIDGET (pane)))
        continue;
      ticket_id = rapport_ticket_session_get_ticket_id (session);
      if (lookup_id (check->customers.tickets, &ticket_id) != customer_id)
        return g_strdup_printf ("the suggestions for ticket %" G_GINT64_FORMAT, ticket_id);
    }

  /* The money summary: its text is checked at the end, against the customer's own. */
  summaries = rapport_test_find_widgets (panel, RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  for (guint i = 0; i < summaries->len; i++)
    {
      RapportMoneySummaryView *view = g_ptr_array_index (summaries, i);
      SummarySeen seen = { frame, customer_id, NULL };

      if (!gtk_widget_is_drawable (GTK_WIDGET (view)))
        continue;
      seen.frame = frame;
      seen.text = g_strdup (rapport_money_summary_view_get_text (view));
      g_array_append_val (check->summaries, seen);
    }

  if (named)
    check->n_customer_frames++;
  else
    check->n_unnamed++;
  return NULL;
}

/* Each painted frame: the message rows shown are all of the ticket the header names, and the
 * customer content painted (the panel's name, identities, history and money summary, the
 * suggested replies) is all of that ticket's customer, or of the selected ticket's when no
 * header is shown. */
static void
on_frame_check_cb (GdkFrameClock *clock,
                   FrameCheck    *check)
{
  g_autofree char *remote_id = shown_remote_id (check->fixture);
  g_autofree char *mixed = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 customer_id;
  guint n_messages = 0;

  customer_id = frame_customer (check, remote_id);
  mixed = mixed_customer_content (check, customer_id, gdk_frame_clock_get_frame_counter (clock));
  if (mixed != NULL)
    {
      g_test_message ("frame %" G_GINT64_FORMAT ": %s beside ticket %s of customer %"
                      G_GINT64_FORMAT, gdk_frame_clock_get_frame_counter (clock), mixed,
                      remote_id != NULL ? remote_id : "(selected)", customer_id);
      check->n_customer_mixed++;
    }

  if (remote_id == NULL)
    return;

  rows = rapport_test_find_widgets (conversation_list (check->fixture), RAPPORT_TYPE_MESSAGE_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      RapportMessage *message = rapport_message_row_get_message (g_ptr_array_index (rows, i));

      if (message == NULL || !gtk_widget_is_drawable (g_ptr_array_index (rows, i)))
        continue;
      n_messages++;
      if (g_strcmp0 (rapport_message_get_ticket_remote_id (message), remote_id) != 0)
        {
          g_test_message ("frame %" G_GINT64_FORMAT ": header of #%s over a message of #%s",
                          gdk_frame_clock_get_frame_counter (clock), remote_id,
                          rapport_message_get_ticket_remote_id (message));
          check->n_mixed++;
          return;
        }
    }
  if (n_messages > 0)
    check->n_frames++;
}

/* The ticket selected is shown whole, with its customer's panel and money summary: their
 * summary's text is the one to compare painted summaries with. */
static gboolean
customer_settled (gpointer user_data)
{
  FrameCheck *check = user_data;
  RapportWindow *window = check->fixture->window;
  RapportCustomerPanel *panel = window->customer_panel;
  RapportTicket *ticket = rapport_window_get_current_ticket (window);
  RapportCustomer *customer = rapport_customer_panel_get_customer (panel);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autofree char *remote_id = shown_remote_id (check->fixture);
  RapportMoneySummaryView *view;
  gint64 customer_id;

  if (ticket == NULL || remote_id == NULL || customer == NULL ||
      rapport_customer_panel_get_loading (panel) ||
      g_strcmp0 (remote_id, rapport_ticket_get_remote_id (ticket)) != 0)
    return FALSE;

  customer_id = frame_customer (check, remote_id);
  summaries = rapport_test_find_widgets (GTK_WIDGET (panel), RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  g_assert_cmpuint (summaries->len, ==, 1);
  view = g_ptr_array_index (summaries, 0);
  if (rapport_customer_get_id (customer) != customer_id ||
      !gtk_widget_is_drawable (GTK_WIDGET (view)))
    return FALSE;

  g_hash_table_replace (check->known_summaries, id_new (customer_id),
                        g_strdup (rapport_money_summary_view_get_text (view)));
  return TRUE;
}

/* Every money summary painted was its customer's (as it reads once settled). */
static void
check_summaries (FrameCheck *check)
{
  for (guint i = 0; i < check->summaries->len; i++)
    {
      SummarySeen *seen = &g_array_index (check->summaries, SummarySeen, i);
      const char *known = g_hash_table_lookup (check->known_summaries, &seen->customer_id);

      if (known == NULL)
        {
          g_test_message ("frame %" G_GINT64_FORMAT ": the money summary beside customer %"
                          G_GINT64_FORMAT ", who was never settled", seen->frame,
                          seen->customer_id);
          check->n_customer_mixed++;
        }
      else if (g_strcmp0 (seen->text, known) != 0)
        {
          g_test_message ("frame %" G_GINT64_FORMAT ": the money summary “%s” beside customer %"
                          G_GINT64_FORMAT ", whose is “%s”", seen->frame, seen->text,
                          seen->customer_id, known);
          check->n_customer_mixed++;
        }
    }
}

/* Stops checking frames: no frame was mixed, the summaries painted were their customers'. */
static void
frame_check_finish (FrameCheck    *check,
                    GdkFrameClock *clock,
                    gulong         handler_id)
{
  g_signal_handler_disconnect (clock, handler_id);
  check_summaries (check);

  g_test_message ("%u frames checked, %u mixed; %u with a customer, %u mixed, %u without",
                  check->n_frames, check->n_mixed, check->n_customer_frames,
                  check->n_customer_mixed, check->n_unnamed);
  g_assert_cmpuint (check->n_mixed, ==, 0);
  g_assert_cmpuint (check->n_customer_mixed, ==, 0);
  frame_check_clear (check);
}

typedef struct
{
  Fixture     *fixture;
  RapportView  view;
} ViewWait;

/* The view's first ticket is shown, header and messages (its session loaded). */
static gboolean
view_first_shown (gpointer user_data)
{
  ViewWait *wait = user_data;
  RapportWindow *window = wait->fixture->window;
  RapportTicketSession *session = rapport_conversation_get_session (window->conversation);

  return rapport_window_get_view (window) == wait->view &&
         current_is_first_of_shown (wait->fixture) && session != NULL &&
         rapport_ticket_get_id (rapport_ticket_session_get_ticket (session)) ==
           rapport_ticket_get_id (rapport_window_get_current_ticket (window)) &&
         rapport_ticket_session_get_messages (session) != NULL &&
         shown_meta_label (wait->fixture) != NULL;
}

/* Holds the store (its worker's reads wait) for a while, as a busy machine does. */
static gpointer
hold_store_thread (gpointer user_data)
{
  RapportStore *store = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (_rapport_store_lock (store, NULL, &error));
  g_assert_no_error (error);
  g_usleep (300 * 1000);
  _rapport_store_unlock (store);
  return NULL;
}

/* A view switch never paints a frame with one ticket's header over another ticket's messages
 * (first visits, whose first ticket has no session yet, and later ones), nor one customer's
 * name, identities, history, money summary or suggested replies beside another's ticket, even
 * when the new ticket's messages and customer take a while to read. */
static void
test_view_switch_not_mixed (Fixture       *fixture,
                            gconstpointer  user_data)
{
  static const struct
  {
    const char  *keys;
    RapportView  view;
  } steps[] = {
    { "<Alt>2", RAPPORT_VIEW_UNASSIGNED },
    { "<Alt>4", RAPPORT_VIEW_RECENTLY_SOLVED },
    { "<Alt>3", RAPPORT_VIEW_ALL_OPEN },
    { "<Alt>1", RAPPORT_VIEW_MY_OPEN },
    { "<Control>Page_Down", RAPPORT_VIEW_UNASSIGNED },
    { "<Alt>4", RAPPORT_VIEW_RECENTLY_SOLVED },
    { "<Control>Page_Up", RAPPORT_VIEW_ALL_OPEN },
    { "<Alt>1", RAPPORT_VIEW_MY_OPEN },
  };
  RapportWindow *window = fixture->window;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  FrameCheck check;
  gulong id;

  frame_check_init (&check, fixture);
  rapport_test_wait_until (customer_settled, &check, 10000, "the first customer");
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame_check_cb), &check);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      ViewWait wait = { fixture, steps[i].view };
      guint n_frames = check.n_frames;
      guint n_customer_frames = check.n_customer_frames;
      GThread *holder;

      holder = g_thread_new ("hold-store", hold_store_thread, fixture->store);
      rapport_test_press_keys (GTK_WIDGET (window), steps[i].keys);
      rapport_test_wait_until (view_first_shown, &wait, 10000, steps[i].keys);
      g_thread_join (holder);
      rapport_test_wait_until (customer_settled, &check, 10000, steps[i].keys);
      rapport_test_wait_for_frame (GTK_WIDGET (window));
      /* The check saw the view's ticket and customer painted. */
      g_assert_cmpuint (check.n_frames, >, n_frames);
      g_assert_cmpuint (check.n_customer_frames, >, n_customer_frames);
    }
  frame_check_finish (&check, clock, id);
}

/* The ticket at the cursor is shown with its customer. */
static gboolean
cursor_ticket_settled (gpointer user_data)
{
  FrameCheck *check = user_data;
  RapportWindow *window = check->fixture->window;
  g_autoptr(RapportTicket) ticket = NULL;
  RapportTicket *current = rapport_window_get_current_ticket (window);
  guint position = gtk_single_selection_get_selected (window->selection);

  ticket = g_list_model_get_item (G_LIST_MODEL (window->tickets), position);
  return ticket != NULL && current != NULL &&
         rapport_ticket_get_id (ticket) == rapport_ticket_get_id (current) &&
         customer_settled (check);
}

/* The same for ticket switches with j and k: to a neighbour (its session kept, loaded while
 * the agent read this one) and two or three rows on (to be read while the store is busy). */
static void
test_ticket_switch_not_mixed (Fixture       *fixture,
                              gconstpointer  user_data)
{
  static const char * const steps[] = {
    "j", "j", "k", "j j", "j j j", "k", "k k", "j", "k k k", "j",
  };
  RapportWindow *window = fixture->window;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  FrameCheck check;
  gulong id;

  /* All open: the longest of the demo's open views. */
  rapport_test_press_keys (GTK_WIDGET (window), "<Alt>3");
  rapport_test_wait_until (current_is_first_of_shown, fixture, 10000, "the first of All open");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->tickets)), >, 7);

  frame_check_init (&check, fixture);
  rapport_test_wait_until (cursor_ticket_settled, &check, 10000, "the first customer");
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame_check_cb), &check);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *what = g_strdup_printf ("the ticket after “%s” (step %u)", steps[i], i);
      guint position = gtk_single_selection_get_selected (window->selection);
      guint n_customer_frames = check.n_customer_frames;
      GThread *holder;

      holder = g_thread_new ("hold-store", hold_store_thread, fixture->store);
      rapport_test_press_keys (GTK_WIDGET (window), steps[i]);
      g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), !=, position);
      rapport_test_wait_until (cursor_ticket_settled, &check, 10000, what);
      g_thread_join (holder);
      rapport_test_wait_until (cursor_ticket_settled, &check, 10000, what);
      rapport_test_wait_for_frame (GTK_WIDGET (window));
      g_assert_cmpuint (check.n_customer_frames, >, n_customer_frames);
    }
  frame_check_finish (&check, clock, id);
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

/* Escape leaves the search, from the entry and from its results, and the ticket list has the
 * keyboard focus again (real key events). */
static void
test_escape_leaves_search (Fixture       *fixture,
                           gconstpointer  user_data)
{
  RapportWindow *window = fixture->window;
  GtkWidget *entry;
  GtkWidget *focus;
  PositionWait wait = { fixture, 1 };

  entry = rapport_test_find_by_accessible_label (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY,
                                                 "Search tickets and messages");
  g_assert_nonnull (entry);

  /* From the entry. */
  rapport_test_press_keys (GTK_WIDGET (window), "j <Control>f");
  g_assert_true (rapport_search_view_get_search_mode (window->search_view));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  rapport_test_press_keys (GTK_WIDGET (window), "Escape");
  g_assert_false (rapport_search_view_get_search_mode (window->search_view));
  rapport_test_wait_until (cursor_is_at, &wait, 10000, "the cursor back on the ticket");

  /* From the results: Enter in the entry moves to the first result and shows its ticket. */
  rapport_test_press_keys (GTK_WIDGET (window), "<Control>f");
  gtk_editable_set_text (GTK_EDITABLE (entry), "sourdough starter");
  rapport_test_wait_until (one_search_row_shown, fixture, 10000, "one search result");
  /* The entry takes keys once the search bar has started to show it (a frame). */
  rapport_test_wait_until (widget_mapped, entry, 5000, "the search entry to show");
  rapport_test_press_keys (GTK_WIDGET (window), "Return");
  wait_for_subject (fixture, "Still waiting for my sourdough starter kit");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (search_results (fixture))) ||
                 focus == GTK_WIDGET (search_results (fixture)));

  rapport_test_press_keys (GTK_WIDGET (window), "Escape");
  g_assert_false (rapport_search_view_get_search_mode (window->search_view));
  g_assert_false (rapport_search_view_get_searching (window->search_view));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (window->ticket_view) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (window->ticket_view)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (window->ticket_view)));
  /* The keys work on the list again: j moves to a ticket of the view. */
  rapport_test_press_keys (GTK_WIDGET (window), "j");
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), !=,
                    GTK_INVALID_LIST_POSITION);
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

/* The shortcuts window against the key map and the keys the widgets install */

/* The triggers of an accelerator of a GtkShortcutsShortcut: one key, or a range
 * ("<Alt>1...<Alt>5"). */
static void
add_documented (GPtrArray  *triggers,
                const char *accelerator)
{
  g_auto(GStrv) range = g_strsplit (accelerator, "...", 2);
  guint first = 0, last = 0;
  GdkModifierType mods = 0, last_mods = 0;

  g_assert_true (gtk_accelerator_parse (range[0], &first, &mods));
  last = first;
  last_mods = mods;
  if (range[1] != NULL)
    g_assert_true (gtk_accelerator_parse (range[1], &last, &last_mods));
  g_assert_cmpuint (last_mods, ==, mods);
  g_assert_cmpuint (last, >=, first);
  for (guint keyval = first; keyval <= last; keyval++)
    g_ptr_array_add (triggers, gtk_keyval_trigger_new (keyval, mods));
}

/* Every key the shortcuts window lists; each entry has a title. */
static GPtrArray *
load_documented_keys (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GSList) objects = NULL;
  GPtrArray *triggers = g_ptr_array_new_with_free_func (g_object_unref);
  GObject *overlay;

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/rapport-shortcuts-window.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) keys = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "title", &title, "accelerator", &accelerator, NULL);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_nonnull (accelerator);
      keys = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; keys[i] != NULL; i++)
        add_documented (triggers, keys[i]);
    }

  gtk_window_destroy (GTK_WINDOW (overlay));
  return triggers;
}

static gboolean
is_documented (GPtrArray          *documented,
               GtkShortcutTrigger *trigger)
{
  for (guint i = 0; i < documented->len; i++)
    if (gtk_shortcut_trigger_equal (g_ptr_array_index (documented, i), trigger))
      return TRUE;
  return FALSE;
}

/* Whether a shortcut controller of @widget binds @keyval + @mods to the action @action. */
static gboolean
widget_binds (GtkWidget       *widget,
              guint            keyval,
              GdkModifierType  mods,
              const char      *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (named) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Every shortcut of @widget's shortcut controllers is in the shortcuts window (keypad
 * duplicates aside). */
static void
assert_all_documented (GtkWidget *widget,
                       GPtrArray *documented)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *text = gtk_shortcut_trigger_to_string (trigger);
          const char *name;

          /* Rapport's actions; GTK's own keys (focus moves, F10, the inspector) aside. */
          if (!GTK_IS_NAMED_ACTION (action))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (!g_str_has_prefix (name, "win.") && !g_str_has_prefix (name, "app.") &&
              !g_str_has_prefix (name, "ticket.") && !g_str_has_prefix (name, "money.") &&
              !g_str_has_prefix (name, "composer."))
            continue;
          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_KP_Enter)
            continue;
          if (!is_documented (documented, trigger))
            g_error ("%s binds %s (%s), which the shortcuts window does not list",
                     G_OBJECT_TYPE_NAME (widget), text, name);
        }
    }
}

/* The button whose label's mnemonic is @keyval and whose action is @action, under @root. */
static gboolean
has_mnemonic_button (GtkWidget  *root,
                     guint       keyval,
                     const char *action)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

      /* The label keeps the mnemonic's case ("_Approve": A); Alt+a and Alt+A both work. */
      if (GTK_IS_LABEL (label) &&
          gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label))) == keyval &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The shortcuts window lists every key of the key map, and each key it lists for the window,
 * the ticket's actions and the composer is the one these install for that action; the window
 * and those widgets bind no key it does not list. */
static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  user_data)
{
  enum { WINDOW, TICKET_ACTIONS, MONEY_ACTIONS, COMPOSER, APPROVALS, NOT_BOUND_HERE };
  static const struct
  {
    const char *accelerator;
    int         where;
    const char *action;
  } keymap[] = {
    /* Tickets */
    { "j", WINDOW, "win.next-ticket" },
    { "k", WINDOW, "win.previous-ticket" },
    { "Down", NOT_BOUND_HERE, NULL },                /* the ticket list's (test_one_cursor) */
    { "Up", NOT_BOUND_HERE, NULL },
    { "F9", WINDOW, "win.toggle-customer-panel" },
    { "<Control><Shift>t", TICKET_ACTIONS, "ticket.take" },
    { "<Control><Shift>a", TICKET_ACTIONS, "ticket.choose-assignee" },
    { "<Control><Shift>s", TICKET_ACTIONS, "ticket.choose-status" },
    /* Composer */
    { "r", WINDOW, "win.reply" },
    { "n", WINDOW, "win.note" },
    { "<Control>Return", COMPOSER, "composer.send" },
    { "<Control>z", COMPOSER, "composer.undo-send" },
    { "<Alt>1", COMPOSER, "composer.insert-suggestion" },
    { "<Alt>2", COMPOSER, "composer.insert-suggestion" },
    { "<Alt>3", COMPOSER, "composer.insert-suggestion" },
    { "<Alt>4", COMPOSER, "composer.insert-suggestion" },
    { "<Alt>5", COMPOSER, "composer.insert-suggestion" },
    { "<Control>k", COMPOSER, "composer.search-knowledge" },
    /* Money and approvals */
    { "<Control><Shift>r", MONEY_ACTIONS, "money.refund" },
    { "<Control><Shift>c", MONEY_ACTIONS, "money.credit" },
    { "<Alt>a", APPROVALS, "approvals.approve" },
    { "<Alt>r", APPROVALS, "approvals.reject" },
    /* Views */
    { "<Alt>1", WINDOW, "win.show-view" },
    { "<Alt>2", WINDOW, "win.show-view" },
    { "<Alt>3", WINDOW, "win.show-view" },
    { "<Alt>4", WINDOW, "win.show-view" },
    { "<Control>Page_Down", WINDOW, "win.next-view" },
    { "<Control>Page_Up", WINDOW, "win.previous-view" },
    /* Search */
    { "<Control>f", WINDOW, "win.search" },
    { "Escape", NOT_BOUND_HERE, NULL },              /* the search's (test_escape_leaves_search) */
    /* General */
    { "<Control>r", WINDOW, "win.sync-now" },
    { "F5", WINDOW, "win.sync-now" },
    { "<Control><Shift>m", WINDOW, "win.canned-responses" },
    { "<Control>comma", NOT_BOUND_HERE, NULL },      /* the application's accelerators */
    { "<Control>question", NOT_BOUND_HERE, NULL },
    { "<Control>w", NOT_BOUND_HERE, NULL },
    { "<Control>q", NOT_BOUND_HERE, NULL },
  };
  g_autoptr(GPtrArray) documented = load_documented_keys ();
  g_autoptr(GPtrArray) found = NULL;
  GtkWidget *widgets[NOT_BOUND_HERE] = { NULL, };

  widgets[WINDOW] = GTK_WIDGET (fixture->window);
  found = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_TICKET_ACTIONS);
  g_assert_cmpuint (found->len, ==, 1);
  widgets[TICKET_ACTIONS] = g_ptr_array_index (found, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_MONEY_ACTIONS);
  g_assert_cmpuint (found->len, ==, 1);
  widgets[MONEY_ACTIONS] = g_ptr_array_index (found, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = rapport_test_find_widgets (GTK_WIDGET (fixture->window), RAPPORT_TYPE_COMPOSER);
  g_assert_cmpuint (found->len, ==, 1);
  widgets[COMPOSER] = g_ptr_array_index (found, 0);
  widgets[APPROVALS] = GTK_WIDGET (rapport_window_get_approvals_view (fixture->window));

  for (guint i = 0; i < G_N_ELEMENTS (keymap); i++)
    {
      g_autoptr(GtkShortcutTrigger) trigger = NULL;
      guint keyval = 0;
      GdkModifierType mods = 0;

      g_assert_true (gtk_accelerator_parse (keymap[i].accelerator, &keyval, &mods));
      trigger = gtk_keyval_trigger_new (keyval, mods);
      if (!is_documented (documented, trigger))
        g_error ("The shortcuts window does not list %s", keymap[i].accelerator);

      if (keymap[i].where == NOT_BOUND_HERE)
        continue;
      if (keymap[i].where == APPROVALS)
        {
          g_assert_cmpuint (mods, ==, GDK_ALT_MASK);
          if (!has_mnemonic_button (widgets[APPROVALS], keyval, keymap[i].action))
            g_error ("No button of %s has the mnemonic %s", keymap[i].action,
                     keymap[i].accelerator);
          continue;
        }
      if (!widget_binds (widgets[keymap[i].where], keyval, mods, keymap[i].action))
        g_error ("%s does not bind %s to %s", G_OBJECT_TYPE_NAME (widgets[keymap[i].where]),
                 keymap[i].accelerator, keymap[i].action);
    }

  for (guint i = 0; i < APPROVALS; i++)
    assert_all_documented (widgets[i], documented);
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
  g_test_add ("/rapport/ui/window/one-cursor", Fixture, NULL,
              fixture_set_up, test_one_cursor, fixture_tear_down);
  g_test_add ("/rapport/ui/window/next-previous-view", Fixture, NULL,
              fixture_set_up, test_next_previous_view, fixture_tear_down);
  g_test_add ("/rapport/ui/window/view-switch-not-mixed", Fixture, NULL,
              fixture_set_up, test_view_switch_not_mixed, fixture_tear_down);
  g_test_add ("/rapport/ui/window/ticket-switch-not-mixed", Fixture, NULL,
              fixture_set_up, test_ticket_switch_not_mixed, fixture_tear_down);
  g_test_add ("/rapport/ui/window/escape-leaves-search", Fixture, NULL,
              fixture_set_up, test_escape_leaves_search, fixture_tear_down);
  g_test_add ("/rapport/ui/window/shortcuts-window", Fixture, NULL,
              fixture_set_up, test_shortcuts_window, fixture_tear_down);
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

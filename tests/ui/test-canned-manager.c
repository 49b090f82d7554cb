/* test-canned-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-canned-manager"

#include "config.h"

#include "rapport-canned-manager.h"
#include "rapport-canned-values.h"
#include "rapport-store-suggest.h"
#include "rapport-test-hooks.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"
#include "rapport-window.h"

#define REFUND_BODY \
  "Hi {{customer.first_name}},\n\n" \
  "We refunded your order {{order_number|Order number}}. {{last_contact}}\n\n" \
  "{{agent.first_name}}"

typedef struct
{
  char                 *dir;
  RapportStore         *store;
  RapportAccount       *account;
  RapportTicket        *ticket;
  RapportCannedManager *manager;
  GtkListView          *list;
} Fixture;

static RapportCandidate *
make_candidate (RapportCandidateKind  kind,
                const char           *key,
                const char           *title,
                const char           *body)
{
  RapportCandidate *candidate = rapport_candidate_new (kind, key, title, body);
  const char *tags[] = { "billing", NULL };

  rapport_candidate_set_tags (candidate, tags);
  return candidate;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCandidate) refund = NULL;
  g_autoptr(RapportCandidate) thanks = NULL;
  g_autoptr(RapportCandidate) article = NULL;
  g_autoptr(GPtrArray) backend = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) tickets = NULL;
  GtkWidget *list;
  gint64 account_id;

  fixture->dir = g_dir_make_tmp ("rapport-test-canned-manager-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir,
                                                   g_get_real_time () / G_USEC_PER_SEC,
                                                   &fixture->account);

  refund = make_candidate (RAPPORT_CANDIDATE_CANNED, "test-refund", "Test refund",
                           REFUND_BODY);
  g_assert_true (rapport_store_save_candidate (fixture->store, refund, &error));
  g_assert_no_error (error);
  thanks = make_candidate (RAPPORT_CANDIDATE_CANNED, "test-thanks", "Test thanks",
                           "Thanks for your patience, {{customer.name}}.");
  g_assert_true (rapport_store_save_candidate (fixture->store, thanks, &error));
  g_assert_no_error (error);

  article = make_candidate (RAPPORT_CANDIDATE_ARTICLE, "test-article", "Test helpdesk article",
                            "Steps to export your invoices.");
  rapport_candidate_set_remote (article, rapport_account_get_id (fixture->account), "4242");
  g_ptr_array_add (backend, g_steal_pointer (&article));
  account_id = rapport_account_get_id (fixture->account);
  g_assert_true (rapport_store_replace_account_candidates (fixture->store, account_id, backend,
                                                           &error));
  g_assert_no_error (error);

  tickets = rapport_test_load_open_tickets (fixture->store, fixture->account);
  g_assert_cmpuint (tickets->len, >, 0);
  fixture->ticket = g_object_ref (g_ptr_array_index (tickets, 0));

  fixture->manager = RAPPORT_CANNED_MANAGER (rapport_canned_manager_new (NULL, fixture->store,
                                                                         fixture->account,
                                                                         fixture->ticket));
  g_object_ref_sink (fixture->manager);
  gtk_window_set_default_size (GTK_WINDOW (fixture->manager), 1000, 900);
  gtk_window_present (GTK_WINDOW (fixture->manager));

  list = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->manager),
                                                GTK_TYPE_LIST_VIEW,
                                                "Canned responses and articles");
  g_assert_nonnull (list);
  fixture->list = GTK_LIST_VIEW (list);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->manager));
  rapport_test_release_and_wait (&fixture->manager);
  g_clear_object (&fixture->ticket);
  g_clear_object (&fixture->account);
  rapport_store_close (fixture->store);
  rapport_test_release_and_wait (&fixture->store);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GListModel *
list_model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_list_view_get_model (fixture->list));
}

/* The position of the candidate (@account_id, @key) in the list, or -1. */
static int
find_in_list (Fixture    *fixture,
              gint64      account_id,
              const char *key)
{
  GListModel *model = list_model (fixture);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RapportCandidate) candidate = g_list_model_get_item (model, i);

      if (rapport_candidate_get_account_id (candidate) == account_id &&
          g_strcmp0 (rapport_candidate_get_key (candidate), key) == 0)
        return (int) i;
    }

  return -1;
}

typedef struct
{
  Fixture    *fixture;
  gint64      account_id;
  const char *key;
  gboolean    present;
} ListedWait;

static gboolean
is_listed (gpointer user_data)
{
  ListedWait *wait = user_data;

  return (find_in_list (wait->fixture, wait->account_id, wait->key) >= 0) == wait->present;
}

static void
wait_listed (Fixture    *fixture,
             gint64      account_id,
             const char *key,
             gboolean    present)
{
  ListedWait wait = { fixture, account_id, key, present };

  rapport_test_wait_until (is_listed, &wait, 10000, "the list of canned responses");
}

/* The stored candidate (account 0, @key), or NULL. */
static RapportCandidate *
find_stored (Fixture    *fixture,
             const char *key)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;

  candidates = rapport_store_list_candidates (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);

      if (rapport_candidate_get_account_id (candidate) == 0 &&
          g_strcmp0 (rapport_candidate_get_key (candidate), key) == 0)
        return g_object_ref (candidate);
    }

  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *key;
  gboolean    present;
} StoredWait;

static gboolean
is_stored (gpointer user_data)
{
  StoredWait *wait = user_data;
  g_autoptr(RapportCandidate) candidate = find_stored (wait->fixture, wait->key);

  return (candidate != NULL) == wait->present;
}

static void
wait_stored (Fixture    *fixture,
             const char *key,
             gboolean    present)
{
  StoredWait wait = { fixture, key, present };

  rapport_test_wait_until (is_stored, &wait, 10000, "the store");
}

static void
select_candidate (Fixture    *fixture,
                  gint64      account_id,
                  const char *key)
{
  int position;

  wait_listed (fixture, account_id, key, TRUE);
  position = find_in_list (fixture, account_id, key);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (list_model (fixture)), position);
}

static GtkWidget *
find (Fixture    *fixture,
      GType       type,
      const char *label)
{
  GtkWidget *widget = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->manager),
                                                             type, label);

  if (widget == NULL)
    g_error ("No %s “%s”", g_type_name (type), label);
  return widget;
}

static const char *
row_text (Fixture    *fixture,
          const char *label)
{
  return gtk_editable_get_text (GTK_EDITABLE (find (fixture, ADW_TYPE_ENTRY_ROW, label)));
}

static void
set_row_text (Fixture    *fixture,
              const char *label,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find (fixture, ADW_TYPE_ENTRY_ROW, label)), text);
}

static void
set_body (Fixture    *fixture,
          const char *label,
          const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (find (fixture, GTK_TYPE_TEXT_VIEW, label));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static gboolean
save_enabled (Fixture *fixture)
{
  GtkWidget *save = find (fixture, GTK_TYPE_BUTTON, "Save canned response");

  return gtk_widget_get_visible (save) && gtk_widget_is_sensitive (save);
}

static void
test_canned_manager_lists (Fixture       *fixture,
                           gconstpointer  user_data)
{
  GtkWidget *row;
  GtkWidget *filter;
  GtkWidget *focus;

  wait_listed (fixture, 0, "test-refund", TRUE);
  wait_listed (fixture, 0, "test-thanks", TRUE);
  wait_listed (fixture, rapport_account_get_id (fixture->account), "test-article", TRUE);
  rapport_test_wait_for_frame (GTK_WIDGET (fixture->manager));

  row = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->list), GTK_TYPE_BOX,
                                               "Test refund, Canned response · Your team's");
  g_assert_nonnull (row);
  row = rapport_test_find_by_accessible_label (GTK_WIDGET (fixture->list), GTK_TYPE_BOX,
                                               "Test helpdesk article, Article · "
                                               "From Demo workspace, read only");
  g_assert_nonnull (row);

  /* The filter reads titles, keys, bodies and tags. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->manager), GDK_KEY_f, GDK_CONTROL_MASK);
  filter = find (fixture, GTK_TYPE_SEARCH_ENTRY, "Filter canned responses and articles");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->manager));
  g_assert_true (focus == filter || gtk_widget_is_ancestor (focus, filter));
  gtk_editable_set_text (GTK_EDITABLE (find (fixture, GTK_TYPE_SEARCH_ENTRY,
                                             "Filter canned responses and articles")),
                         "patience");
  wait_listed (fixture, 0, "test-refund", FALSE);
  g_assert_cmpint (find_in_list (fixture, 0, "test-thanks"), >=, 0);

  /* Enter in the filter goes to the first result; Enter there, to its fields. */
  g_signal_emit_by_name (filter, "activate");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->manager));
  g_assert_true (focus == GTK_WIDGET (fixture->list) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->list)));
  g_signal_emit_by_name (fixture->list, "activate", find_in_list (fixture, 0, "test-thanks"));
  g_assert_cmpstr (row_text (fixture, "Title"), ==, "Test thanks");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->manager));
  g_assert_true (gtk_widget_is_ancestor (focus, find (fixture, ADW_TYPE_ENTRY_ROW, "Title")));
}

static void
test_canned_manager_create (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(RapportCandidate) stored = NULL;
  const char * const expected_tags[] = { "delivery", "shipping", NULL };

  wait_listed (fixture, 0, "test-refund", TRUE);

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->manager), GDK_KEY_n, GDK_CONTROL_MASK);
  g_assert_false (save_enabled (fixture));
  set_row_text (fixture, "Title", "Late délivery!");
  /* The key follows the title. */
  g_assert_cmpstr (row_text (fixture, "Key"), ==, "late-delivery");
  set_row_text (fixture, "Tags", "Shipping, delivery");
  set_body (fixture, "Body", "Hi {{customer.first_name}}, your parcel is on its way.");
  set_body (fixture, "Short form for chat and social", "Your parcel is on its way!");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (fixture, GTK_TYPE_CHECK_BUTTON, "Email")),
                               TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (fixture, GTK_TYPE_CHECK_BUTTON, "Chat")),
                               TRUE);
  g_assert_true (save_enabled (fixture));

  rapport_test_activate_shortcut (GTK_WIDGET (fixture->manager), GDK_KEY_s, GDK_CONTROL_MASK);
  wait_stored (fixture, "late-delivery", TRUE);
  wait_listed (fixture, 0, "late-delivery", TRUE);

  stored = find_stored (fixture, "late-delivery");
  g_assert_cmpstr (rapport_candidate_get_title (stored), ==, "Late délivery!");
  g_assert_cmpint (rapport_candidate_get_kind (stored), ==, RAPPORT_CANDIDATE_CANNED);
  g_assert_cmpstr (rapport_candidate_get_body (stored), ==,
                   "Hi {{customer.first_name}}, your parcel is on its way.");
  g_assert_cmpstr (rapport_candidate_get_short_body (stored), ==, "Your parcel is on its way!");
  g_assert_cmpstrv (rapport_candidate_get_tags (stored), expected_tags);
  g_assert_cmpuint (rapport_candidate_get_channels (stored), ==,
                    RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_EMAIL) |
                    RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_CHAT));

  /* A second one with the same title gets a key of its own; a key taken is refused. */
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->manager), GDK_KEY_n, GDK_CONTROL_MASK);
  set_row_text (fixture, "Title", "Late delivery");
  g_assert_cmpstr (row_text (fixture, "Key"), ==, "late-delivery-2");
  set_body (fixture, "Body", "On its way.");
  g_assert_true (save_enabled (fixture));
  set_row_text (fixture, "Key", "test-refund");
  g_assert_false (save_enabled (fixture));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->manager),
                                                         "Another canned response has this key"));
}

static GtkLabel *
find_label (Fixture    *fixture,
            const char *prefix)
{
  return rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->manager), prefix);
}

static void
test_canned_manager_invalid_template (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  GtkLabel *error_label;

  wait_listed (fixture, 0, "test-refund", TRUE);
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->manager), GDK_KEY_n, GDK_CONTROL_MASK);
  set_row_text (fixture, "Title", "Broken");
  set_body (fixture, "Body", "Hello,\nyour order {{order_number}} shipped.");

  error_label = find_label (fixture, "Line 2, column 12: ");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "needs a prompt"));
  g_assert_false (save_enabled (fixture));

  /* Save (Ctrl+S) is off while the template is invalid. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->manager), "canned.save", NULL);
  rapport_test_wait_ms (200);
  g_assert_null (find_stored (fixture, "broken"));

  set_body (fixture, "Body", "Hello {{customer.first_name}\nThanks");
  error_label = find_label (fixture, "Line 1, column 7: ");
  g_assert_nonnull (error_label);
  g_assert_false (save_enabled (fixture));

  /* Fixed: the error goes, Save comes back. */
  set_body (fixture, "Body", "Your order {{order_number|Order number}} shipped.");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (save_enabled (fixture));

  /* The short form is checked too. */
  set_body (fixture, "Short form for chat and social", "Shipped {{Ticket.id}}");
  g_assert_false (save_enabled (fixture));
  g_assert_nonnull (find_label (fixture, "Line 1, column 11: "));
}

static void
test_canned_manager_read_only (Fixture       *fixture,
                               gconstpointer  user_data)
{
  GtkWidget *title;

  select_candidate (fixture, rapport_account_get_id (fixture->account), "test-article");
  title = find (fixture, ADW_TYPE_ENTRY_ROW, "Title");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "Test helpdesk article");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (title)));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (find (fixture, GTK_TYPE_TEXT_VIEW,
                                                                   "Body"))));
  g_assert_false (gtk_widget_get_visible (find (fixture, GTK_TYPE_BUTTON, "Save canned response")));
  g_assert_false (gtk_widget_get_visible (find (fixture, GTK_TYPE_BUTTON,
                                                "Delete canned response")));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->manager),
                                                         "From Demo workspace. "));

  /* Neither Save (Ctrl+S) nor Delete touch it. */
  gtk_editable_set_text (GTK_EDITABLE (title), "Changed");
  gtk_widget_activate_action (GTK_WIDGET (fixture->manager), "canned.save", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->manager), "canned.delete", NULL);
  rapport_test_wait_ms (200);
  g_assert_null (find_stored (fixture, "test-article"));
  wait_listed (fixture, rapport_account_get_id (fixture->account), "test-article", TRUE);
}

typedef struct
{
  Fixture    *fixture;
  const char *key;
  const char *title;
} TitleWait;

static gboolean
stored_title_is (gpointer user_data)
{
  TitleWait *wait = user_data;
  g_autoptr(RapportCandidate) candidate = find_stored (wait->fixture, wait->key);

  return candidate != NULL && g_strcmp0 (rapport_candidate_get_title (candidate), wait->title) == 0;
}

typedef struct
{
  Fixture    *fixture;
  const char *prefix;
} LabelWait;

static gboolean
has_label (gpointer user_data)
{
  LabelWait *wait = user_data;

  return rapport_test_find_label_with_prefix (GTK_WIDGET (wait->fixture->manager),
                                              wait->prefix) != NULL;
}

static void
wait_label (Fixture    *fixture,
            const char *prefix)
{
  LabelWait wait = { fixture, prefix };

  rapport_test_wait_until (has_label, &wait, 10000, prefix);
}

/* Going to another one saves the changes; changes with an error are dropped, and said so. */
static void
test_canned_manager_leave (Fixture       *fixture,
                           gconstpointer  user_data)
{
  TitleWait wait = { fixture, "test-thanks", "Test thanks, edited" };
  g_autoptr(RapportCandidate) refund = NULL;

  select_candidate (fixture, 0, "test-thanks");
  set_row_text (fixture, "Title", "Test thanks, edited");
  select_candidate (fixture, 0, "test-refund");
  g_assert_cmpstr (row_text (fixture, "Title"), ==, "Test refund");
  rapport_test_wait_until (stored_title_is, &wait, 10000, "the changes to be saved");
  wait_label (fixture, "Changes to “Test thanks, edited” saved");

  set_body (fixture, "Body", "Hello {{customer.first_name}");
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->manager), GDK_KEY_n, GDK_CONTROL_MASK);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (fixture->manager),
                                                         "Changes to “Test refund” not saved"));
  refund = find_stored (fixture, "test-refund");
  g_assert_cmpstr (rapport_candidate_get_body (refund), ==, REFUND_BODY);
}

/* Closing saves; changes with an error are discarded only when the agent says so. */
static void
test_canned_manager_close (Fixture       *fixture,
                           gconstpointer  user_data)
{
  TitleWait wait = { fixture, "test-thanks", "Test thanks, closed" };

  select_candidate (fixture, 0, "test-thanks");
  set_row_text (fixture, "Title", "Test thanks, closed");
  gtk_window_close (GTK_WINDOW (fixture->manager));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->manager)));
  rapport_test_wait_until (stored_title_is, &wait, 10000, "the changes to be saved");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static void
test_canned_manager_close_invalid (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(RapportCandidate) thanks = NULL;
  AdwMessageDialog *dialog;

  select_candidate (fixture, 0, "test-thanks");
  set_body (fixture, "Body", "Thanks {{customer.Name}}");
  gtk_window_close (GTK_WINDOW (fixture->manager));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->manager)));

  /* Keep editing: nothing changes. */
  adw_message_dialog_response (dialog, "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->manager)));

  gtk_window_close (GTK_WINDOW (fixture->manager));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->manager)));
  rapport_test_wait_ms (200);
  thanks = find_stored (fixture, "test-thanks");
  g_assert_nonnull (thanks);
  g_assert_cmpstr (rapport_candidate_get_body (thanks), ==,
                   "Thanks for your patience, {{customer.name}}.");
}

static GtkButton *
find_undo (Fixture *fixture)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (GTK_WIDGET (fixture->manager),
                                                            GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Undo") == 0)
      return buttons->pdata[i];

  return NULL;
}

static gboolean
has_undo (gpointer user_data)
{
  return find_undo (user_data) != NULL;
}

static void
test_canned_manager_delete_undo (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(RapportCandidate) restored = NULL;

  select_candidate (fixture, 0, "test-thanks");
  gtk_widget_grab_focus (GTK_WIDGET (fixture->list));
  rapport_test_activate_shortcut (GTK_WIDGET (fixture->list), GDK_KEY_Delete, 0);
  wait_stored (fixture, "test-thanks", FALSE);
  wait_listed (fixture, 0, "test-thanks", FALSE);
  wait_label (fixture, "“Test thanks” deleted");

  rapport_test_wait_until (has_undo, fixture, 5000, "the Undo button");
  g_signal_emit_by_name (find_undo (fixture), "clicked");
  wait_stored (fixture, "test-thanks", TRUE);
  wait_listed (fixture, 0, "test-thanks", TRUE);

  restored = find_stored (fixture, "test-thanks");
  g_assert_cmpstr (rapport_candidate_get_title (restored), ==, "Test thanks");
  g_assert_cmpstr (rapport_candidate_get_body (restored), ==,
                   "Thanks for your patience, {{customer.name}}.");
}

static GtkLabel *
preview_label (Fixture *fixture)
{
  return GTK_LABEL (gtk_widget_get_first_child (find (fixture, GTK_TYPE_BOX, "Preview")));
}

static gboolean
preview_has_values (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkLabel *preview = preview_label (fixture);
  g_autofree char *greeting = NULL;
  g_auto(GStrv) words = g_strsplit (rapport_ticket_get_customer_name (fixture->ticket), " ", 2);

  greeting = g_strdup_printf ("Hi %s,", words[0]);
  return g_str_has_prefix (gtk_label_get_text (preview), greeting);
}

static void
test_canned_manager_preview (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GtkLabel *preview;
  const char *text;
  const char *prompt;
  PangoAttrList *attrs;
  g_autoptr(GSList) attributes = NULL;
  PangoAttrIterator *iter;
  gboolean prompt_bold = FALSE;

  select_candidate (fixture, 0, "test-refund");
  rapport_test_wait_until (preview_has_values, fixture, 10000, "the preview's values");

  preview = preview_label (fixture);
  text = gtk_label_get_text (preview);
  /* The required field shows its prompt, highlighted; no braces are left. */
  prompt = strstr (text, "Order number");
  g_assert_nonnull (prompt);
  g_assert_null (strstr (text, "{{"));
  attrs = gtk_label_get_attributes (preview);
  g_assert_nonnull (attrs);
  iter = pango_attr_list_get_iterator (attrs);
  do
    {
      int start, end;
      PangoAttribute *weight;

      pango_attr_iterator_range (iter, &start, &end);
      weight = pango_attr_iterator_get (iter, PANGO_ATTR_WEIGHT);
      if (weight != NULL && start <= prompt - text && end >= prompt - text + 12)
        prompt_bold = TRUE;
    }
  while (pango_attr_iterator_next (iter));
  pango_attr_iterator_destroy (iter);
  g_assert_true (prompt_bold);

  /* Editing the body updates the preview. */
  set_body (fixture, "Body", "Ticket {{ticket.id}} for {{customer.name}}.");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (preview), "Ticket "));
  g_assert_nonnull (strstr (gtk_label_get_text (preview),
                            rapport_ticket_get_remote_id (fixture->ticket)));
}

static void
test_canned_manager_values (void)
{
  g_autoptr(RapportTicket) ticket = rapport_ticket_new ();
  g_autoptr(RapportAccount) account = rapport_account_new ("demo", "https://demo.invalid", "Demo");
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) values = NULL;
  /* 2026-11-03T10:00:00Z and 2026-12-07T10:00:00Z */
  gint64 then = G_GINT64_CONSTANT (1793700000);
  gint64 now = G_GINT64_CONSTANT (1796637600);

  rapport_ticket_set_id (ticket, 7);
  rapport_ticket_set_remote_id (ticket, "1042");
  rapport_ticket_set_customer_name (ticket, "  Chloé Silva ");
  /* Newest first: this ticket's own message, then one on another ticket. */
  g_ptr_array_add (history,
                   rapport_history_entry_new (2, 7, "1042", "Now", RAPPORT_TICKET_STATUS_OPEN,
                                              RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                                              RAPPORT_VISIBILITY_PUBLIC, "Chloé", "x", now));
  g_ptr_array_add (history,
                   rapport_history_entry_new (1, 3, "998", "Invoice", RAPPORT_TICKET_STATUS_SOLVED,
                                              RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_INBOUND,
                                              RAPPORT_VISIBILITY_PUBLIC, "Chloé", "x", then));

  rapport_account_set_user_name (account, "Sam Lee");
  values = rapport_canned_values_new (ticket, account, history, now);
  /* The composer's values (rapport-suggest-values.h): the name trimmed. */
  g_assert_cmpstr (g_hash_table_lookup (values, "customer.name"), ==, "Chloé Silva");
  g_assert_cmpstr (g_hash_table_lookup (values, "customer.first_name"), ==, "Chloé");
  g_assert_cmpstr (g_hash_table_lookup (values, "ticket.id"), ==, "1042");
  g_assert_cmpstr (g_hash_table_lookup (values, "agent.first_name"), ==, "Sam");
  g_assert_cmpstr (g_hash_table_lookup (values, "last_contact"), ==,
                   "I see you contacted us on 3 November about “Invoice”.");

  g_clear_pointer (&values, g_hash_table_unref);

  /* An e-mail address is no name; without an account there is no agent. */
  rapport_ticket_set_customer_name (ticket, "chloe@example.com");
  values = rapport_canned_values_new (ticket, NULL, NULL, now);
  g_assert_false (g_hash_table_contains (values, "customer.name"));
  g_assert_false (g_hash_table_contains (values, "customer.first_name"));
  g_assert_false (g_hash_table_contains (values, "agent.first_name"));
  g_assert_false (g_hash_table_contains (values, "last_contact"));
}

/* The window's menu item and accelerator open the manager, once. */
static void
test_canned_manager_window_action (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-test-canned-manager-XXXXXX", &error);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportWorkspace) workspace = NULL;
  g_autoptr(GtkApplication) application = NULL;
  RapportWindow *window;
  guint n_managers = 0;

  g_assert_no_error (error);
  store = rapport_test_create_demo_store (dir, g_get_real_time () / G_USEC_PER_SEC, &account);
  workspace = rapport_test_create_demo_workspace (store, account);

  application = gtk_application_new ("io.github.rapportdesk.RapportTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  window = rapport_window_new (application);
  g_object_ref (window);
  rapport_window_set_workspace (window, workspace);
  gtk_window_present (GTK_WINDOW (window));
  rapport_test_wait_for_frame (GTK_WIDGET (window));

  rapport_test_activate_shortcut (GTK_WIDGET (window), GDK_KEY_m,
                                  GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.canned-responses", NULL));

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (RAPPORT_IS_CANNED_MANAGER (l->data))
      {
        g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (window));
        n_managers++;
      }
  g_assert_cmpuint (n_managers, ==, 1);

  while (gtk_application_get_windows (application) != NULL)
    gtk_window_destroy (gtk_application_get_windows (application)->data);
  rapport_test_release_and_wait (&window);
  rapport_test_release_and_wait (&workspace);
  rapport_store_close (store);
  rapport_test_release_and_wait (&store);
  rapport_test_remove_tree (dir);
}

static void
save_picture (Fixture    *fixture,
              const char *name)
{
  g_autofree char *path = g_build_filename (UI_TEST_BUILDDIR, name, NULL);

  rapport_test_save_window_png (GTK_WIDGET (fixture->manager), path);
}

static void
test_canned_manager_screenshot (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  select_candidate (fixture, 0, "test-refund");
  rapport_test_wait_until (preview_has_values, fixture, 10000, "the preview's values");
  save_picture (fixture, "canned-manager.png");

  set_body (fixture, "Body", "Hello {{customer.first_name}\nThanks");
  save_picture (fixture, "canned-manager-error.png");

  select_candidate (fixture, rapport_account_get_id (fixture->account), "test-article");
  save_picture (fixture, "canned-manager-read-only.png");
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/canned-manager/values", test_canned_manager_values);
  g_test_add_func ("/rapport/ui/canned-manager/window-action", test_canned_manager_window_action);
#define ADD(path, func) \
  g_test_add ("/rapport/ui/canned-manager/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("lists", test_canned_manager_lists);
  ADD ("create", test_canned_manager_create);
  ADD ("invalid-template", test_canned_manager_invalid_template);
  ADD ("read-only", test_canned_manager_read_only);
  ADD ("delete-undo", test_canned_manager_delete_undo);
  ADD ("leave", test_canned_manager_leave);
  ADD ("close", test_canned_manager_close);
  ADD ("close-invalid", test_canned_manager_close_invalid);
  ADD ("preview", test_canned_manager_preview);
  ADD ("screenshot", test_canned_manager_screenshot);
#undef ADD

  return g_test_run ();
}

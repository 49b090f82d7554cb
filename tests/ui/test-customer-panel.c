/* test-customer-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-customer-panel"

#include "config.h"

#include "rapport-customer-panel.h"
#include "rapport-history-row.h"
#include "rapport-identity-row.h"
#include "rapport-money-summary-view.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

typedef struct
{
  const char *channel;
  const char *subject;
  const char *status;
  const char *summary_start;
} ExpectedEntry;

/* Chloé Silva's unified history, newest first (docs/demo-workspace.md). */
static const ExpectedEntry chloe_history[] = {
  { "Email", "Cancel my subscription before renewal", "Open", "Please cancel my subscription" },
  { "Social", "Still waiting for my sourdough starter kit", "Open", "Hi Chloé, the carrier has your parcel" },
  { "Social", "Still waiting for my sourdough starter kit", "Open", "Carrier says the parcel is stuck" },
  { "Social", "Still waiting for my sourdough starter kit", "Open", "@Northwind the sourdough starter kit" },
  { "Chat", "Cannot log in after password reset", "Solved", "It works now, thanks." },
  { "Chat", "Cannot log in after password reset", "Solved", "Sorry about that, Chloé!" },
  { "Chat", "Cannot log in after password reset", "Solved", "Hi, I reset my password" },
  { "Phone", "Charged twice for March", "Solved", "Hi Chloé, I have refunded the duplicate charge" },
  { "Phone", "Charged twice for March", "Solved", "Checked the payment log" },
  { "Phone", "Charged twice for March", "Solved", "Phone call: Chloé sees two charges" },
  { "Email", "Invoice needed with VAT number", "Solved", "Perfect, thank you!" },
  { "Email", "Invoice needed with VAT number", "Solved", "Hi Chloé, here is the corrected invoice" },
  { "Email", "Invoice needed with VAT number", "Solved", "Hello, could you send me an invoice" },
};

typedef struct
{
  char             *dir;
  RapportStore     *store;
  RapportAccount   *account;
  RapportWorkspace *workspace;
  RapportTicket    *chloe_ticket;
  gint64            anchor;
  gint64            chloe_id;
} Fixture;

/* The tickets of @view (transfer full). */
static GPtrArray *
view_tickets (RapportStore *store,
              gint64        account_id,
              RapportView   view)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *tickets;

  ids = rapport_store_list_ticket_ids (store, account_id, view, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);

  tickets = rapport_store_load_tickets (store, (const gint64 *) (gpointer) ids->data, ids->len,
                                        NULL, &error);
  g_assert_no_error (error);

  return tickets;
}

/* The first ticket of @view that belongs to @name. */
static RapportTicket *
find_ticket (RapportStore *store,
               gint64        account_id,
               RapportView   view,
               const char   *name)
{
  g_autoptr(GPtrArray) tickets = view_tickets (store, account_id, view);

  for (guint i = 0; i < tickets->len; i++)
    {
      RapportTicket *ticket = g_ptr_array_index (tickets, i);

      if (g_strcmp0 (rapport_ticket_get_customer_name (ticket), name) == 0)
        return g_object_ref (ticket);
    }

  g_error ("No ticket of %s in view %s", name, rapport_view_to_string (view));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-test-customer-panel-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->anchor = g_get_real_time () / G_USEC_PER_SEC;
  fixture->store = rapport_test_create_demo_store (fixture->dir, fixture->anchor,
                                                   &fixture->account);

  fixture->workspace = rapport_test_create_demo_workspace (fixture->store, fixture->account);
  fixture->chloe_ticket = find_ticket (fixture->store, rapport_account_get_id (fixture->account),
                                       RAPPORT_VIEW_MY_OPEN, "Chloé Silva");
  fixture->chloe_id = rapport_ticket_get_customer_id (fixture->chloe_ticket);
  g_assert_cmpint (fixture->chloe_id, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->chloe_ticket);
  rapport_test_release_and_wait (&fixture->workspace);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
panel_is_loaded (gpointer user_data)
{
  RapportCustomerPanel *panel = user_data;

  return !rapport_customer_panel_get_loading (panel) &&
         rapport_customer_panel_get_customer (panel) != NULL;
}

static GtkWidget *
show_in_window (GtkWidget *panel)
{
  /* A reference of our own, so the test can wait for the window to be finalized. */
  GtkWidget *window = g_object_ref (gtk_window_new ());

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 900);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* A panel showing the session (made) of Chloé's ticket, loaded, in a window (made). */
static RapportCustomerPanel *
show_chloe (Fixture               *fixture,
            GtkWidget            **window,
            RapportTicketSession **session)
{
  RapportCustomerPanel *panel = RAPPORT_CUSTOMER_PANEL (rapport_customer_panel_new ());

  *window = show_in_window (GTK_WIDGET (panel));
  *session = rapport_ticket_session_new (fixture->workspace, fixture->chloe_ticket);
  rapport_customer_panel_set_session (panel, *session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "Chloé's customer panel");
  rapport_test_wait_for_frame (GTK_WIDGET (panel));

  return panel;
}

static GtkWidget *
history_list (GtkWidget *panel)
{
  GtkWidget *list;

  list = rapport_test_find_by_accessible_label (panel, GTK_TYPE_LIST_VIEW, "Customer history");
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (list));

  return list;
}

static GListModel *
history_model (GtkWidget *panel)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (history_list (panel))));
}

/* The entry of the history's item @position (transfer none; the model holds it). */
static RapportHistoryEntry *
model_entry (GListModel *model,
             guint       position)
{
  g_autoptr(RapportHistoryItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return rapport_history_item_get_entry (item);
}

/* The history rows the list view holds now (each showing an entry), in the order of the
 * entries they show in the list's model: the order the list shows them in. */
static GPtrArray *
history_rows (GtkWidget *panel)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *list = history_list (panel);
  GListModel *model = history_model (panel);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GHashTable) row_of = g_hash_table_new (NULL, NULL);

  for (GtkWidget *item = gtk_widget_get_first_child (list);
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      RapportHistoryEntry *entry;

      if (row == NULL || !RAPPORT_IS_HISTORY_ROW (row))
        continue;
      entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row));
      if (entry != NULL)
        {
          /* One row per entry. */
          g_assert_true (g_hash_table_insert (row_of, entry, row));
        }
    }

  for (guint i = 0; i < n; i++)
    {
      RapportHistoryEntry *entry = model_entry (model, i);
      GtkWidget *row = g_hash_table_lookup (row_of, entry);

      if (row != NULL)
        g_ptr_array_add (rows, row);
    }
  /* Every row shows an entry of the model. */
  g_assert_cmpuint (rows->len, ==, g_hash_table_size (row_of));

  return rows;
}

static void
test_new_destroy (void)
{
  GtkWidget *panel = rapport_customer_panel_new ();

  g_object_ref_sink (panel);
  g_assert_false (rapport_customer_panel_get_loading (RAPPORT_CUSTOMER_PANEL (panel)));
  g_assert_null (rapport_customer_panel_get_customer (RAPPORT_CUSTOMER_PANEL (panel)));
  g_assert_finalize_object (panel);
}

static void
test_chloe (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) identity_rows = NULL;
  g_autoptr(GHashTable) channels = NULL;
  RapportCustomerPanel *panel;
  GtkWidget *identities;
  GtkWidget *window;
  GtkLabel *last_contact;
  g_autoptr(RapportTicketSession) session = NULL;

  gboolean email = FALSE, phone = FALSE, chat = FALSE, social = FALSE;

  panel = show_chloe (fixture, &window, &session);

  /* The panel is the "Customer" region, and shows her name. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (panel),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Customer"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (panel), "Chloé Silva"));

  /* Unified history: 13 entries, newest first, over four channels. */
  rows = history_rows (GTK_WIDGET (panel));
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (chloe_history));

  channels = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const ExpectedEntry *expected = &chloe_history[i];
      const char *label = rapport_test_get_accessible_label (row);
      g_autofree char *prefix = NULL;
      const char *summary;

      g_test_message ("history %u: %s", i, label);
      prefix = g_strdup_printf ("%s, %s, %s, ", expected->channel, expected->subject,
                                expected->status);
      g_assert_true (g_str_has_prefix (label, prefix));
      summary = strstr (label + strlen (prefix), ": ");
      g_assert_nonnull (summary);
      g_assert_true (g_str_has_prefix (summary + 2, expected->summary_start));

      /* The row shows the subject and the summary as text, too. */
      g_assert_nonnull (rapport_test_find_label_with_prefix (row, expected->subject));
      g_assert_nonnull (rapport_test_find_label_with_prefix (row, expected->summary_start));
      g_hash_table_add (channels, (gpointer) expected->channel);
    }
  g_assert_cmpuint (g_hash_table_size (channels), >=, 3);

  /* The internal note is marked as such. */
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (rows, 2), "internal"));
  g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, 1), "internal"));

  /* Identities: email, phone, chat and social. */
  identities = rapport_test_find_by_accessible_label (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX,
                                                      "Identities");
  g_assert_nonnull (identities);
  identity_rows = rapport_test_find_widgets (identities, RAPPORT_TYPE_IDENTITY_ROW);
  for (guint i = 0; i < identity_rows->len; i++)
    {
      const char *label = rapport_test_get_accessible_label (g_ptr_array_index (identity_rows, i));
      g_autofree char *folded = g_utf8_casefold (label, -1);

      g_test_message ("identity: %s", label);
      if (g_str_equal (folded, "email: chloe.silva@northwind-bakery.example"))
        email = TRUE;
      else if (g_str_equal (label, "Phone: +33 6 12 34 56 78"))
        phone = TRUE;
      else if (g_str_equal (label, "Chat: chloe.silva"))
        chat = TRUE;
      else if (g_str_equal (label, "Social: @ChloeBakes"))
        social = TRUE;
    }
  g_assert_true (email);
  g_assert_true (phone);
  g_assert_true (chat);
  g_assert_true (social);

  /* Last contact: her newest message, two hours before the anchor. */
  last_contact = rapport_test_find_label_with_prefix (GTK_WIDGET (panel), "Last contact ");
  g_assert_nonnull (last_contact);
  g_assert_cmpstr (gtk_label_get_text (last_contact), ==,
                   "Last contact 2 hours ago about Cancel my subscription before renewal");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static void
test_stale_load (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(RapportTicket) other = NULL;
  g_autoptr(RapportTicketSession) other_session = NULL;
  g_autoptr(RapportTicketSession) chloe_session = NULL;
  RapportCustomerPanel *panel;
  GtkWidget *window;
  gint64 other_id;

  /* Liam's newest ticket is open and unassigned. */
  other = find_ticket (fixture->store, rapport_account_get_id (fixture->account),
                       RAPPORT_VIEW_UNASSIGNED, "Liam López");
  other_id = rapport_ticket_get_customer_id (other);
  g_assert_cmpint (other_id, !=, fixture->chloe_id);

  panel = RAPPORT_CUSTOMER_PANEL (rapport_customer_panel_new ());
  window = show_in_window (GTK_WIDGET (panel));
  other_session = rapport_ticket_session_new (fixture->workspace, other);
  chloe_session = rapport_ticket_session_new (fixture->workspace, fixture->chloe_ticket);

  /* Liam's load is superseded before it can finish: only Chloé may be shown. */
  rapport_customer_panel_set_session (panel, other_session);
  rapport_customer_panel_set_session (panel, chloe_session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "the customer panel");

  g_assert_cmpint (rapport_customer_get_id (rapport_customer_panel_get_customer (panel)), ==,
                   fixture->chloe_id);
  rows = history_rows (GTK_WIDGET (panel));
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (chloe_history));

  /* And back to Liam: his long history replaces hers. */
  g_clear_object (&other_session);
  other_session = rapport_ticket_session_new (fixture->workspace, other);
  rapport_customer_panel_set_session (panel, other_session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "Liam's customer panel");
  g_assert_cmpstr (rapport_customer_get_display_name (rapport_customer_panel_get_customer (panel)),
                   ==, "Liam López");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = history_rows (GTK_WIDGET (panel));
  g_assert_cmpuint (rows->len, >, G_N_ELEMENTS (chloe_history));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

/* An email of Chloé's on @ticket_remote_id, added to @page. */
static void
add_message (RapportSyncPage *page,
             const char      *ticket_remote_id,
             const char      *remote_id,
             const char      *body,
             gint64           created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, ticket_remote_id);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_INBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_CUSTOMER);
  rapport_message_set_author_name (message, "Chloé Silva");
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);
  g_ptr_array_add (page->messages, message);
}

/* @n more messages of Chloé, older than the demo's, two at each second, on her current ticket
 * (the even ones) and on @other_ticket_remote_id (the odd ones). */
static void
add_old_messages (Fixture    *fixture,
                  const char *other_ticket_remote_id,
                  guint       n)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("old-%u", i);
      g_autofree char *body = g_strdup_printf ("Old message %u", i);

      add_message (page, i % 2 == 0 ? rapport_ticket_get_remote_id (fixture->chloe_ticket)
                                    : other_ticket_remote_id,
                   remote_id, body, fixture->anchor - 400 * 24 * 3600 + i / 2);
    }
  g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account),
                                           page, NULL, &error));
  g_assert_no_error (error);
}

/* The remote id of Chloé's "Invoice needed with VAT number", a solved ticket. */
static char *
invoice_ticket (Fixture *fixture)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = rapport_store_customer_history (fixture->store, fixture->chloe_id, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    if (g_str_equal (rapport_history_entry_get_ticket_subject (history->pdata[i]),
                     "Invoice needed with VAT number"))
      return g_strdup (rapport_history_entry_get_ticket_remote_id (history->pdata[i]));

  g_error ("No invoice ticket");
}

typedef struct
{
  GListModel *model;
  guint       n_items;
} ModelSize;

static gboolean
model_has (gpointer user_data)
{
  ModelSize *size = user_data;

  return g_list_model_get_n_items (size->model) >= size->n_items;
}

static void
scroll_to_end (GtkWidget *panel)
{
  GtkWidget *scroller = gtk_widget_get_parent (history_list (panel));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  double end;

  /* The list laid out the rows that came (it follows them over two frames). */
  rapport_test_wait_for_frame (panel);
  rapport_test_wait_for_frame (panel);
  end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  /* One move: the list may have kept its end in view as rows came. */
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_value (adjustment) != end ? end : end - 1);
  rapport_test_wait_for_frame (panel);
}

/* Scrolls to the end of the rows again and again until the list has @n of them. */
static void
scroll_until (GtkWidget  *panel,
              GListModel *model,
              guint       n)
{
  while (g_list_model_get_n_items (model) < n)
    {
      ModelSize size = { model, g_list_model_get_n_items (model) + 1 };

      scroll_to_end (panel);
      rapport_test_wait_until (model_has, &size, 10000, "more rows of history");
    }
}

/* Each row bound now shows, and is named after, its own entry. */
static void
assert_rows_named (GPtrArray *rows,
                   gint64     current_ticket_id)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      RapportHistoryEntry *entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row));
      const char *label = rapport_test_get_accessible_label (row);
      g_autofree char *prefix = NULL;
      g_autofree char *suffix = g_strdup_printf (": %s",
                                                 rapport_history_entry_get_summary (entry));

      prefix = g_strdup_printf ("%s, %s, ",
                                rapport_ui_channel_label (rapport_history_entry_get_channel (entry)),
                                rapport_history_entry_get_ticket_subject (entry));
      g_assert_true (g_str_has_prefix (label, prefix));
      g_assert_true (g_str_has_suffix (label, suffix));
      /* What the screen reader reads is that name. */
      g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL, label));
      g_assert_nonnull (rapport_test_find_label_with_prefix (row,
                                                             rapport_history_entry_get_summary (entry)));
      /* Marked when it is about the ticket shown. */
      g_assert_true (rapport_history_row_get_current (RAPPORT_HISTORY_ROW (row)) ==
                     (rapport_history_entry_get_ticket_id (entry) == current_ticket_id));
      /* No two rows with one name: none kept the name of an entry it showed before. */
      g_assert_true (g_hash_table_add (names, (gpointer) label));
    }
}

/* A customer with 5 000 interactions: the first page shows at once, rows are few and
 * recycled, scrolling to the end loads page after page until the oldest. */
static void
test_long_history (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const guint n_old = 5000;
  const guint total = G_N_ELEMENTS (chloe_history) + n_old;
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(GPtrArray) first_rows = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) first_entries = g_hash_table_new (NULL, NULL);
  g_autofree char *invoice = invoice_ticket (fixture);
  g_autofree char *count = NULL;
  gint64 current_ticket_id = rapport_ticket_get_id (fixture->chloe_ticket);
  RapportCustomerPanel *panel;
  GtkWidget *window;
  ModelSize size;
  guint n_recycled = 0;
  guint n_current = 0;

  add_old_messages (fixture, invoice, n_old);

  panel = show_chloe (fixture, &window, &session);

  /* The first rows of the first page, newest first; the count is the whole history's. */
  size.model = history_model (GTK_WIDGET (panel));
  g_assert_cmpuint (rapport_ticket_session_get_history (session)->len, ==,
                    RAPPORT_TICKET_SESSION_HISTORY_PAGE);
  g_assert_cmpuint (g_list_model_get_n_items (size.model), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (size.model), <=,
                    RAPPORT_TICKET_SESSION_HISTORY_PAGE);
  count = g_strdup_printf ("%u interactions", total);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (panel), count));
  first_rows = history_rows (GTK_WIDGET (panel));
  g_assert_cmpuint (first_rows->len, ==, g_list_model_get_n_items (size.model));
  for (guint i = 0; i < first_rows->len; i++)
    {
      RapportHistoryEntry *item = model_entry (size.model, i);
      RapportHistoryEntry *entry = rapport_history_row_get_entry (first_rows->pdata[i]);

      g_assert_true (entry == item);
      g_hash_table_insert (first_entries, first_rows->pdata[i], entry);
    }
  g_assert_cmpstr (rapport_history_entry_get_ticket_subject (
                     rapport_history_row_get_entry (first_rows->pdata[0])), ==,
                   chloe_history[0].subject);
  assert_rows_named (first_rows, current_ticket_id);

  /* Scrolled to the end, rows after rows and page after page, until the oldest. */
  scroll_until (GTK_WIDGET (panel), size.model, total);
  g_assert_true (rapport_ticket_session_get_history_complete (session));
  g_assert_cmpuint (g_list_model_get_n_items (size.model), ==, total);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (panel), count));
  scroll_to_end (GTK_WIDGET (panel));
  rapport_test_wait_for_frame (GTK_WIDGET (panel));

  /* Still a few rows, shown again for other entries; each named after its new one. */
  rows = history_rows (GTK_WIDGET (panel));
  g_assert_cmpuint (rows->len, <=, RAPPORT_TICKET_SESSION_HISTORY_PAGE + 10);
  assert_rows_named (rows, current_ticket_id);
  for (guint i = 0; i < rows->len; i++)
    {
      RapportHistoryEntry *before = g_hash_table_lookup (first_entries, rows->pdata[i]);

      if (before != NULL &&
          before != rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (rows->pdata[i])))
        n_recycled++;
      if (rapport_history_row_get_current (RAPPORT_HISTORY_ROW (rows->pdata[i])))
        n_current++;
    }
  g_assert_cmpuint (n_recycled, >, 0);
  g_assert_cmpuint (n_current, >, 0);
  g_assert_cmpuint (n_current, <, rows->len);
  /* The oldest entry is the last row. */
  g_assert_cmpstr (rapport_history_entry_get_summary (
                     rapport_history_row_get_entry (rows->pdata[rows->len - 1])), ==,
                   "Old message 0");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static RapportHistoryEntry *
focused_entry (GtkWidget *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row = focus != NULL ? gtk_widget_get_first_child (focus) : NULL;

  g_assert_true (row != NULL && RAPPORT_IS_HISTORY_ROW (row));

  return rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (row));
}

static void
on_open_ticket_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gint64        *opened)
{
  *opened = g_variant_get_int64 (parameter);
}

/* Down moves the focus from row to row, past the end of a page into the next (loaded when the
 * focus reaches the last rows), and Enter opens the ticket of the focused row. */
static void
test_keyboard_pages (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const guint page = RAPPORT_TICKET_SESSION_HISTORY_PAGE;
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open = g_simple_action_new ("open-ticket", G_VARIANT_TYPE_INT64);
  g_autofree char *invoice = invoice_ticket (fixture);
  RapportCustomerPanel *panel;
  GtkWidget *window;
  GtkWidget *list;
  ModelSize size;
  gint64 opened = 0;

  add_old_messages (fixture, invoice, page + 50);

  panel = show_chloe (fixture, &window, &session);
  g_signal_connect (open, "activate", G_CALLBACK (on_open_ticket_cb), &opened);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));

  list = history_list (GTK_WIDGET (panel));
  size.model = history_model (GTK_WIDGET (panel));
  g_assert_cmpuint (rapport_ticket_session_get_history (session)->len, ==, page);
  g_assert_cmpuint (g_list_model_get_n_items (size.model), <=, page);

  /* Tab into the list: its first row. */
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  {
    RapportHistoryEntry *first = model_entry (size.model, 0);

    g_assert_true (focused_entry (window) == first);
  }

  /* Down, row after row, to the last of the first page: the next page comes. */
  for (guint i = 1; i < page; i++)
    rapport_test_activate_shortcut (list, GDK_KEY_Down, 0);
  {
    RapportHistoryEntry *last = model_entry (size.model, page - 1);

    g_assert_true (focused_entry (window) == last);
  }
  size.n_items = page + 1;
  rapport_test_wait_until (model_has, &size, 10000, "the second page of history");
  g_assert_true (rapport_ticket_session_get_history_complete (session));

  /* And on into it. */
  rapport_test_activate_shortcut (list, GDK_KEY_Down, 0);
  rapport_test_activate_shortcut (list, GDK_KEY_Down, 0);
  {
    RapportHistoryEntry *entry = model_entry (size.model, page + 1);

    g_assert_true (focused_entry (window) == entry);

    /* Enter (the row's activation) opens its ticket. */
    g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (window))));
    g_assert_cmpint (opened, ==, rapport_history_entry_get_ticket_id (entry));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

typedef struct
{
  guint n_changes;
  guint removed;
  guint added;
} Changes;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Changes    *changes)
{
  changes->n_changes++;
  changes->removed += removed;
  changes->added += added;
}

/* A new interaction on reload is one row more on top (and, with the pages loaded kept, the
 * oldest loaded one less), not the whole list again. */
static void
test_new_entry (Fixture       *fixture,
                gconstpointer  user_data)
{
  const guint page = RAPPORT_TICKET_SESSION_HISTORY_PAGE;
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportSyncPage) sync_page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *invoice = invoice_ticket (fixture);
  RapportCustomerPanel *panel;
  GtkWidget *window;
  GListModel *model;
  Changes changes = { 0, };

  add_old_messages (fixture, invoice, 3 * page);

  panel = show_chloe (fixture, &window, &session);
  model = history_model (GTK_WIDGET (panel));
  scroll_until (GTK_WIDGET (panel), model, 2 * page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2 * page);

  /* The list does not ask for more by itself. */
  rapport_test_wait_for_frame (GTK_WIDGET (panel));
  rapport_test_wait_ms (200);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2 * page);
  /* The agent reads the newest. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              GTK_SCROLLED_WINDOW (gtk_widget_get_parent (history_list (GTK_WIDGET (panel))))),
                            0);
  rapport_test_wait_for_frame (GTK_WIDGET (panel));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  add_message (sync_page, rapport_ticket_get_remote_id (fixture->chloe_ticket), "new-1",
               "One more thing", fixture->anchor + 60);
  g_assert_true (rapport_store_apply_page (fixture->store,
                                           rapport_account_get_id (fixture->account), sync_page,
                                           NULL, &error));
  g_assert_no_error (error);
  rapport_ticket_session_reload (session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "the reload");
  rapport_test_wait_for_frame (GTK_WIDGET (panel));

  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.n_changes, <=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2 * page);
  {
    g_assert_cmpstr (rapport_history_entry_get_summary (model_entry (model, 0)), ==,
                     "One more thing");
  }

  /* Nothing new: nothing changes. */
  changes.n_changes = 0;
  rapport_ticket_session_reload (session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "the reload");
  g_assert_cmpuint (changes.n_changes, ==, 0);

  g_signal_handlers_disconnect_by_data (model, &changes);
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

/* A ticket of a customer other than @other_than whose history has @min to @max entries. */
static RapportTicket *
find_ticket_with_history (Fixture *fixture,
                          gint64   other_than,
                          guint    min,
                          guint    max)
{
  g_autoptr(GPtrArray) tickets = view_tickets (fixture->store,
                                               rapport_account_get_id (fixture->account),
                                               RAPPORT_VIEW_ALL_OPEN);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < tickets->len; i++)
    {
      RapportTicket *ticket = g_ptr_array_index (tickets, i);
      gint64 customer_id = rapport_ticket_get_customer_id (ticket);
      g_autoptr(GPtrArray) history = NULL;

      if (customer_id <= 0 || customer_id == other_than)
        continue;
      history = rapport_store_customer_history (fixture->store, customer_id, NULL, &error);
      g_assert_no_error (error);
      if (history->len >= min && history->len <= max)
        return g_object_ref (ticket);
    }

  g_error ("No customer with %u to %u interactions", min, max);
}

/* Shows the session of @ticket (made) in @panel, every entry loaded a row, and returns the
 * rows in the model's order. */
static GPtrArray *
switch_to (RapportCustomerPanel  *panel,
           Fixture               *fixture,
           RapportTicket         *ticket,
           RapportTicketSession **session)
{
  ModelSize size;

  g_clear_object (session);
  *session = rapport_ticket_session_new (fixture->workspace, ticket);
  rapport_customer_panel_set_session (panel, *session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "the customer panel");
  size.model = history_model (GTK_WIDGET (panel));
  size.n_items = rapport_ticket_session_get_history (*session)->len;
  rapport_test_wait_until (model_has, &size, 10000, "every entry a row");
  rapport_test_wait_for_frame (GTK_WIDGET (panel));
  g_assert_cmpuint (g_list_model_get_n_items (size.model), ==, size.n_items);

  return history_rows (GTK_WIDGET (panel));
}

/* The rows show the session's history in its order, each marked and named after its own entry
 * (an internal note marked as one), and returns how many of them are in @before. */
static guint
assert_rows_show (GPtrArray            *rows,
                  RapportTicketSession *session,
                  GPtrArray            *before)
{
  GPtrArray *history = rapport_ticket_session_get_history (session);
  guint n_recycled = 0;

  g_assert_cmpuint (rows->len, ==, history->len);
  assert_rows_named (rows, rapport_ticket_session_get_ticket_id (session));
  for (guint i = 0; i < rows->len; i++)
    {
      RapportHistoryEntry *entry = rapport_history_row_get_entry (rows->pdata[i]);

      /* (The same customer's entries that did not change stay in their rows.) */
      g_assert_cmpint (rapport_history_entry_get_message_id (entry), ==,
                       rapport_history_entry_get_message_id (history->pdata[i]));
      g_assert_true (gtk_widget_has_css_class (rows->pdata[i], "internal") ==
                     (rapport_history_entry_get_visibility (entry) == RAPPORT_VISIBILITY_INTERNAL));
      if (before != NULL && g_ptr_array_find (before, rows->pdata[i], NULL))
        n_recycled++;
    }

  return n_recycled;
}

/* Another customer's history shows in the rows of the previous one: fewer rows, then more,
 * then back, each in its order, with its states and names, the identities too; the keyboard
 * goes through the recycled rows and opens their tickets. */
static void
test_recycled_rows (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportTicket) small = NULL;
  g_autoptr(RapportTicket) liam = NULL;
  g_autoptr(GPtrArray) chloe_rows = NULL;
  g_autoptr(GPtrArray) small_rows = NULL;
  g_autoptr(GPtrArray) liam_rows = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) identity_rows = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) open = g_simple_action_new ("open-ticket", G_VARIANT_TYPE_INT64);
  RapportCustomerPanel *panel;
  GtkWidget *identities;
  GtkWidget *window;
  GtkWidget *list;
  GListModel *model;
  Changes changes = { 0, };
  gint64 opened = 0;
  gboolean liam_phone = FALSE;

  panel = show_chloe (fixture, &window, &session);
  g_signal_connect (open, "activate", G_CALLBACK (on_open_ticket_cb), &opened);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open));
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
  model = history_model (GTK_WIDGET (panel));
  chloe_rows = switch_to (panel, fixture, fixture->chloe_ticket, &session);
  assert_rows_show (chloe_rows, session, NULL);

  /* Fewer entries: every one in a row that showed one of Chloé's, her internal note's row no
   * longer marked; the model changed once, at its end. */
  small = find_ticket_with_history (fixture, fixture->chloe_id, 1,
                                    G_N_ELEMENTS (chloe_history) - 1);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  small_rows = switch_to (panel, fixture, small, &session);
  g_signal_handlers_disconnect_by_data (model, &changes);
  g_assert_cmpuint (assert_rows_show (small_rows, session, chloe_rows), ==, small_rows->len);
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpuint (changes.removed, ==, G_N_ELEMENTS (chloe_history) - small_rows->len);
  g_assert_cmpuint (changes.added, ==, 0);

  /* More: the rows there were, and new ones after them. */
  liam = find_ticket (fixture->store, rapport_account_get_id (fixture->account),
                      RAPPORT_VIEW_UNASSIGNED, "Liam López");
  liam_rows = switch_to (panel, fixture, liam, &session);
  g_assert_cmpuint (liam_rows->len, >, G_N_ELEMENTS (chloe_history));
  g_assert_cmpuint (assert_rows_show (liam_rows, session, small_rows), ==, small_rows->len);
  identities = rapport_test_find_by_accessible_label (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX,
                                                      "Identities");
  identity_rows = rapport_test_find_widgets (identities, RAPPORT_TYPE_IDENTITY_ROW);
  for (guint i = 0; i < identity_rows->len; i++)
    {
      const char *label = rapport_test_get_accessible_label (identity_rows->pdata[i]);

      g_assert_null (strstr (label, "hloe"));
      g_assert_null (strstr (label, "@ChloeBakes"));
      if (g_str_equal (label, "Phone: +34 612 345 678"))
        liam_phone = TRUE;
    }
  g_assert_true (liam_phone);

  /* Back to Chloé: her history in Liam's rows, her tickets' states in their names. */
  rows = switch_to (panel, fixture, fixture->chloe_ticket, &session);
  g_assert_cmpuint (assert_rows_show (rows, session, liam_rows), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%s, %s, %s, ", chloe_history[i].channel,
                                                 chloe_history[i].subject,
                                                 chloe_history[i].status);

      g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (rows->pdata[i]),
                                       prefix));
    }

  /* The keyboard: into the list, down a row, Enter opens that row's ticket. */
  list = history_list (GTK_WIDGET (panel));
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (focused_entry (window) == model_entry (model, 0));
  rapport_test_activate_shortcut (list, GDK_KEY_Down, 0);
  g_assert_true (focused_entry (window) == model_entry (model, 1));
  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_cmpint (opened, ==, rapport_history_entry_get_ticket_id (model_entry (model, 1)));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

/* A customer whose name, address and ticket subject carry right-to-left overrides: nothing is
 * reordered, and a name written right to left is isolated, in the labels and the accessible
 * names of the panel, its identities and its history. */
static void
test_spoofing (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) identity_rows = NULL;
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer = rapport_customer_new ();
  RapportCustomerPanel *panel;
  GtkWidget *identities;
  GtkWidget *window;
  GtkLabel *last_contact;
  gboolean spoofed_row = FALSE;

  rapport_customer_set_remote_id (customer,
                                  rapport_ticket_get_requester_remote_id (fixture->chloe_ticket));
  rapport_customer_set_display_name (customer, "\u202E\u05E8\u05D5\u05EA\u202C Admin");
  rapport_customer_set_organization (customer, "Acme\u202Egnp.exe");
  rapport_customer_add_identity (customer,
                                 rapport_identity_new (RAPPORT_CHANNEL_SOCIAL, "@evil\u202Egnp.exe"));
  g_ptr_array_add (page->customers, customer);
  rapport_ticket_set_subject (fixture->chloe_ticket, "Invoice \u202Egnp.exe\u202C");
  g_ptr_array_add (page->tickets, g_object_ref (fixture->chloe_ticket));
  add_message (page, rapport_ticket_get_remote_id (fixture->chloe_ticket), "spoof-1",
               "See the file", fixture->anchor - 30);
  g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account),
                                           page, NULL, &error));
  g_assert_no_error (error);

  panel = show_chloe (fixture, &window, &session);

  /* The name, isolated (it is written right to left), and the organization, its override
   * dropped. */
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (panel),
                                                         "\u2068\u05E8\u05D5\u05EA Admin\u2069"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (panel), "Acmegnp.exe"));

  identities = rapport_test_find_by_accessible_label (GTK_WIDGET (panel), GTK_TYPE_LIST_BOX,
                                                      "Identities");
  g_assert_nonnull (identities);
  identity_rows = rapport_test_find_widgets (identities, RAPPORT_TYPE_IDENTITY_ROW);
  for (guint i = 0; i < identity_rows->len; i++)
    if (g_str_equal (rapport_test_get_accessible_label (g_ptr_array_index (identity_rows, i)),
                     "Social: @evilgnp.exe"))
      spoofed_row = TRUE;
  g_assert_true (spoofed_row);

  /* Her newest message, on the ticket whose subject carried an override. */
  rows = history_rows (GTK_WIDGET (panel));
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpstr (rapport_test_get_accessible_label (g_ptr_array_index (rows, 0)), ==,
                   "Email, Invoice gnp.exe, Open, Now: See the file");
  g_assert_nonnull (rapport_test_find_label_with_prefix (g_ptr_array_index (rows, 0),
                                                         "Invoice gnp.exe"));

  last_contact = rapport_test_find_label_with_prefix (GTK_WIDGET (panel), "Last contact ");
  g_assert_nonnull (last_contact);
  g_assert_cmpstr (gtk_label_get_text (last_contact), ==,
                   "Last contact 1 minute ago about Invoice gnp.exe");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

/* Whether @panel draws a label with @text, or any history or identity row. */
static gboolean
draws_label (GtkWidget  *panel,
             const char *text)
{
  g_autoptr(GPtrArray) labels = rapport_test_find_widgets (panel, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_text (labels->pdata[i]), text) &&
        gtk_widget_is_drawable (labels->pdata[i]))
      return TRUE;

  return FALSE;
}

static gboolean
draws_rows (GtkWidget *panel)
{
  g_autoptr(GPtrArray) history = rapport_test_find_widgets (panel, RAPPORT_TYPE_HISTORY_ROW);
  g_autoptr(GPtrArray) identities = rapport_test_find_widgets (panel, RAPPORT_TYPE_IDENTITY_ROW);

  for (guint i = 0; i < history->len; i++)
    if (gtk_widget_is_drawable (history->pdata[i]))
      return TRUE;
  for (guint i = 0; i < identities->len; i++)
    if (gtk_widget_is_drawable (identities->pdata[i]))
      return TRUE;

  return FALSE;
}

static gboolean
transition_over (gpointer user_data)
{
  return !gtk_stack_get_transition_running (GTK_STACK (user_data));
}

/* Another ticket of the same customer keeps their card and history drawn while it loads (no
 * flicker). Another customer's: the last one's card, identities and history go at once, not
 * faded out (the stack stays on the blank customer page; the panel describes no one), and the
 * new one's are drawn in their place once read. No ticket: nothing is drawn, not even fading. */
static void
test_another_customer (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportTicket) liam = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autofree char *summary_text = NULL;
  RapportTicket *chloe_other = NULL;
  RapportMoneySummaryView *summary;
  RapportCustomerPanel *panel;
  GtkWidget *window;
  GtkStack *stack;

  panel = show_chloe (fixture, &window, &session);
  stack = GTK_STACK (gtk_widget_get_first_child (GTK_WIDGET (panel)));
  g_assert_true (draws_label (GTK_WIDGET (panel), "Chloé Silva"));
  g_assert_true (draws_rows (GTK_WIDGET (panel)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (panel),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Customer: Chloé Silva");

  /* Another of Chloé's tickets: her card, money summary included, stays while it loads. */
  tickets = view_tickets (fixture->store, rapport_account_get_id (fixture->account),
                          RAPPORT_VIEW_ALL_OPEN);
  for (guint i = 0; i < tickets->len && chloe_other == NULL; i++)
    if (rapport_ticket_get_customer_id (tickets->pdata[i]) == fixture->chloe_id &&
        rapport_ticket_get_id (tickets->pdata[i]) != rapport_ticket_get_id (fixture->chloe_ticket))
      chloe_other = tickets->pdata[i];
  g_assert_nonnull (chloe_other);
  summaries = rapport_test_find_widgets (GTK_WIDGET (panel), RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  g_assert_cmpuint (summaries->len, ==, 1);
  summary = g_ptr_array_index (summaries, 0);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (summary)));
  summary_text = g_strdup (rapport_money_summary_view_get_text (summary));
  g_clear_object (&session);
  session = rapport_ticket_session_new (fixture->workspace, chloe_other);
  rapport_customer_panel_set_session (panel, session);
  g_assert_true (rapport_customer_panel_get_loading (panel));
  g_assert_true (draws_label (GTK_WIDGET (panel), "Chloé Silva"));
  g_assert_true (draws_rows (GTK_WIDGET (panel)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (summary)));
  g_assert_cmpstr (rapport_money_summary_view_get_text (summary), ==, summary_text);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (panel),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Customer: Chloé Silva");
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "Chloé's other ticket");

  /* Liam's ticket: nothing of Chloé from then on. */
  rapport_test_wait_until (transition_over, stack, 5000, "the panel's page to settle");
  liam = find_ticket (fixture->store, rapport_account_get_id (fixture->account),
                      RAPPORT_VIEW_UNASSIGNED, "Liam López");
  g_clear_object (&session);
  session = rapport_ticket_session_new (fixture->workspace, liam);
  rapport_customer_panel_set_session (panel, session);
  g_assert_true (rapport_customer_panel_get_loading (panel));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "customer");
  g_assert_false (gtk_stack_get_transition_running (stack));
  g_assert_false (draws_label (GTK_WIDGET (panel), "Chloé Silva"));
  g_assert_false (draws_rows (GTK_WIDGET (panel)));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (panel),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  rapport_test_wait_for_frame (GTK_WIDGET (panel));
  g_assert_false (draws_label (GTK_WIDGET (panel), "Chloé Silva"));

  /* Then Liam's, in the same page. */
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "Liam's customer panel");
  g_assert_true (draws_label (GTK_WIDGET (panel), "Liam López"));
  g_assert_false (draws_label (GTK_WIDGET (panel), "Chloé Silva"));
  g_assert_true (draws_rows (GTK_WIDGET (panel)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (panel),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Customer: Liam López");

  /* No ticket: the empty page, Liam's card not fading out over it. */
  rapport_customer_panel_set_session (panel, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_false (draws_label (GTK_WIDGET (panel), "Liam López"));
  g_assert_false (draws_rows (GTK_WIDGET (panel)));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (panel),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/customer-panel/new-destroy", test_new_destroy);
  g_test_add ("/rapport/ui/customer-panel/chloe", Fixture, NULL,
              fixture_set_up, test_chloe, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/stale-load", Fixture, NULL,
              fixture_set_up, test_stale_load, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/long-history", Fixture, NULL,
              fixture_set_up, test_long_history, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/keyboard-pages", Fixture, NULL,
              fixture_set_up, test_keyboard_pages, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/spoofing", Fixture, NULL,
              fixture_set_up, test_spoofing, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/new-entry", Fixture, NULL,
              fixture_set_up, test_new_entry, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/recycled-rows", Fixture, NULL,
              fixture_set_up, test_recycled_rows, fixture_tear_down);
  g_test_add ("/rapport/ui/customer-panel/another-customer", Fixture, NULL,
              fixture_set_up, test_another_customer, fixture_tear_down);

  return g_test_run ();
}

/* test-customer-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-customer-panel"

#include "config.h"

#include "rapport-customer-panel.h"
#include "rapport-history-row.h"
#include "rapport-identity-row.h"
#include "rapport-ui-test-util.h"

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

/* The first ticket of @view that belongs to @name. */
static RapportTicket *
find_ticket (RapportStore *store,
               gint64        account_id,
               RapportView   view,
               const char   *name)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_ticket_ids (store, account_id, view, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);

  tickets = rapport_store_load_tickets (store, (const gint64 *) (gpointer) ids->data, ids->len,
                                        NULL, &error);
  g_assert_no_error (error);

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

static GPtrArray *
history_rows (GtkWidget *panel)
{
  GtkWidget *list;

  list = rapport_test_find_by_accessible_label (panel, GTK_TYPE_LIST_BOX, "Customer history");
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_mapped (list));

  return rapport_test_find_widgets (list, RAPPORT_TYPE_HISTORY_ROW);
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

  panel = RAPPORT_CUSTOMER_PANEL (rapport_customer_panel_new ());
  window = show_in_window (GTK_WIDGET (panel));
  session = rapport_ticket_session_new (fixture->workspace, fixture->chloe_ticket);
  rapport_customer_panel_set_session (panel, session);
  rapport_test_wait_until (panel_is_loaded, panel, 10000, "Chloé's customer panel");
  rapport_test_wait_for_frame (GTK_WIDGET (panel));

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

  return g_test_run ();
}

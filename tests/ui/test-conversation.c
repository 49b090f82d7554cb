/* test-conversation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-conversation"

#include "config.h"

#include "rapport-conversation.h"
#include "rapport-message-row.h"
#include "rapport-ui-test-util.h"

typedef struct
{
  char           *dir;
  RapportStore   *store;
  RapportAccount *account;
  GPtrArray      *tickets;   /* the tickets of "My open", loaded */
  gint64          anchor;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-test-conversation-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->anchor = g_get_real_time () / G_USEC_PER_SEC;
  fixture->store = rapport_test_create_demo_store (fixture->dir, fixture->anchor,
                                                   &fixture->account);

  ids = rapport_store_list_ticket_ids (fixture->store, rapport_account_get_id (fixture->account),
                                       RAPPORT_VIEW_MY_OPEN, NULL, &error);
  g_assert_no_error (error);
  fixture->tickets = rapport_store_load_tickets (fixture->store,
                                                 (const gint64 *) (gpointer) ids->data, ids->len,
                                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->tickets->len, >, 2);
  g_assert_cmpstr (rapport_ticket_get_remote_id (g_ptr_array_index (fixture->tickets, 0)), ==,
                   "1005");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
conversation_idle (gpointer user_data)
{
  return !rapport_conversation_get_loading (RAPPORT_CONVERSATION (user_data));
}

static GtkWidget *
message_list (GtkWidget *conversation)
{
  GtkWidget *list = rapport_test_find_by_accessible_label (conversation, GTK_TYPE_LIST_BOX,
                                                           "Conversation");

  g_assert_nonnull (list);

  return list;
}

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = g_object_ref (gtk_window_new ());

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 800);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
test_new_destroy (void)
{
  GtkWidget *conversation = g_object_ref_sink (rapport_conversation_new ());

  g_assert_null (rapport_conversation_get_ticket (RAPPORT_CONVERSATION (conversation)));
  g_assert_false (rapport_conversation_get_loading (RAPPORT_CONVERSATION (conversation)));
  g_assert_finalize_object (conversation);
}

static void
test_latest_ticket_wins (Fixture       *fixture,
                         gconstpointer  user_data)
{
  RapportConversation *conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  RapportTicket *first = g_ptr_array_index (fixture->tickets, 0);
  RapportTicket *other = g_ptr_array_index (fixture->tickets, 2);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = show_in_window (GTK_WIDGET (conversation));

  rapport_conversation_set_store (conversation, fixture->store);

  /* The load for @other is superseded at once: only @first's messages may appear. */
  rapport_conversation_set_ticket (conversation, other);
  rapport_conversation_set_ticket (conversation, first);
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the conversation");

  messages = rapport_store_list_messages (fixture->store, rapport_ticket_get_id (first), NULL,
                                          &error);
  g_assert_no_error (error);
  rows = rapport_test_find_widgets (message_list (GTK_WIDGET (conversation)),
                                    RAPPORT_TYPE_MESSAGE_ROW);
  g_assert_cmpuint (rows->len, ==, messages->len);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (rapport_message_get_id (rapport_message_row_get_message (g_ptr_array_index (rows, i))),
                     ==, rapport_message_get_id (g_ptr_array_index (messages, i)));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (conversation),
                                                         "Cancel my subscription before renewal"));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static RapportMessage *
system_message (const char *remote_id,
                const char *body,
                gint64      created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, "1005");
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_INTERNAL);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_SYSTEM);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  return message;
}

typedef struct
{
  GtkWidget *conversation;
  guint      n_rows;
} RowCount;

static gboolean
has_rows (gpointer user_data)
{
  RowCount *count = user_data;
  GtkWidget *list = message_list (count->conversation);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    n++;

  return n == count->n_rows;
}

static RapportMessage *
customer_message (const char *remote_id,
                  const char *body,
                  gint64      created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, "1005");
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_INBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_CUSTOMER);
  rapport_message_set_author_name (message, "Chloé Silva");
  rapport_message_set_author_remote_id (message, "chloe.silva@northwind-bakery.example");
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  return message;
}

static void
test_system_burst (Fixture       *fixture,
                   gconstpointer  user_data)
{
  RapportConversation *conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GPtrArray) expanders = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = show_in_window (GTK_WIDGET (conversation));
  GtkWidget *list;
  GtkWidget *row;
  RowCount count = { GTK_WIDGET (conversation), 1 };

  rapport_conversation_set_store (conversation, fixture->store);
  rapport_conversation_set_ticket (conversation, ticket);
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the conversation");
  rapport_test_wait_until (has_rows, &count, 10000, "Chloé's one message");

  /* One lone system event, a reply from Chloé, then a burst of two. */
  g_ptr_array_add (page->messages, system_message ("sys-1", "Outgoing mail recorded",
                                                   fixture->anchor - 110 * 60));
  g_ptr_array_add (page->messages, customer_message ("in-2", "Thanks!",
                                                     fixture->anchor - 100 * 60));
  g_ptr_array_add (page->messages, system_message ("sys-3", "Status changed from new to open",
                                                   fixture->anchor - 90 * 60));
  g_ptr_array_add (page->messages, system_message ("sys-4", "Queue changed to Billing",
                                                   fixture->anchor - 80 * 60));
  rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account), page,
                            NULL, &error);
  g_assert_no_error (error);

  /* The store's "changed" reloads the conversation: four rows, the burst collapsed. */
  count.n_rows = 4;
  rapport_test_wait_until (has_rows, &count, 10000, "the reloaded conversation");
  list = message_list (GTK_WIDGET (conversation));

  row = gtk_widget_get_first_child (list);
  g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
  row = gtk_widget_get_next_sibling (row);
  g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
  g_assert_true (gtk_widget_has_css_class (row, "system"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (row, "Outgoing mail recorded"));
  row = gtk_widget_get_next_sibling (row);
  g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
  g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (row),
                                   "Chloé Silva, Message, Email, "));
  row = gtk_widget_get_next_sibling (row);
  g_assert_false (RAPPORT_IS_MESSAGE_ROW (row));
  g_assert_cmpstr (rapport_test_get_accessible_label (row), ==, "2 system events");
  expanders = rapport_test_find_widgets (row, GTK_TYPE_EXPANDER);
  g_assert_cmpuint (expanders->len, ==, 1);
  g_assert_false (gtk_expander_get_expanded (g_ptr_array_index (expanders, 0)));

  /* Expanded, it lists each event with its time. */
  gtk_expander_set_expanded (g_ptr_array_index (expanders, 0), TRUE);
  {
    g_autoptr(GPtrArray) labels = rapport_test_find_widgets (row, GTK_TYPE_LABEL);
    gboolean status = FALSE, queue = FALSE;

    for (guint i = 0; i < labels->len; i++)
      {
        const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

        status |= g_str_has_suffix (text, " — Status changed from new to open");
        queue |= g_str_has_suffix (text, " — Queue changed to Billing");
      }
    g_assert_true (status);
    g_assert_true (queue);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/conversation/new-destroy", test_new_destroy);
  g_test_add ("/rapport/ui/conversation/latest-ticket-wins", Fixture, NULL,
              fixture_set_up, test_latest_ticket_wins, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/system-burst", Fixture, NULL,
              fixture_set_up, test_system_burst, fixture_tear_down);

  return g_test_run ();
}

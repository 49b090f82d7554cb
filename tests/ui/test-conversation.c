/* test-conversation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-conversation"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rapport-application.h"
#include "rapport-composer.h"
#include "rapport-conversation.h"
#include "rapport-conversation-model.h"
#include "rapport-message-row.h"
#include "rapport-message-window.h"
#include "rapport-outbox-row.h"
#include "rapport-test-hooks.h"
#include "rapport-test-provider.h"
#include "rapport-ui-test-util.h"

typedef struct
{
  char             *dir;
  RapportStore     *store;
  RapportAccount   *account;
  GPtrArray        *tickets;   /* the tickets of "My open", loaded */
  gint64            anchor;
  RapportProvider  *provider;  /* scripted (rapport-test-provider.h) */
  RapportWorkspace *workspace; /* over @provider, not started */
  GSettings        *settings;
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

  fixture->provider = rapport_test_provider_new (rapport_account_get_user_remote_id (fixture->account),
                                                 rapport_account_get_user_name (fixture->account));
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account, fixture->provider);
  fixture->settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  g_settings_reset (fixture->settings, "undo-send-seconds");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  rapport_workspace_stop (fixture->workspace);
  rapport_test_release_and_wait (&fixture->workspace);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->tickets, g_ptr_array_unref);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Shows @ticket in @conversation through a session of its own. */
static void
show_ticket (Fixture             *fixture,
             RapportConversation *conversation,
             RapportTicket       *ticket)
{
  g_autoptr(RapportTicketSession) session = rapport_ticket_session_new (fixture->workspace, ticket);

  rapport_conversation_set_session (conversation, session);
}

static gboolean
conversation_idle (gpointer user_data)
{
  return !rapport_conversation_get_loading (RAPPORT_CONVERSATION (user_data));
}

static GtkWidget *
message_list (GtkWidget *conversation)
{
  GtkWidget *list = rapport_test_find_by_accessible_label (conversation, GTK_TYPE_LIST_VIEW,
                                                           "Conversation");

  g_assert_nonnull (list);

  return list;
}

/* The widget of the @index-th row the list view made (its rows are in item order). */
static GtkWidget *
list_row (GtkWidget *list,
          guint      index)
{
  GtkWidget *child = gtk_widget_get_first_child (list);

  for (guint i = 0; child != NULL && i < index; i++)
    child = gtk_widget_get_next_sibling (child);
  g_assert_nonnull (child);

  return gtk_widget_get_first_child (child);
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

  /* The load for @other is superseded at once: only @first's messages may appear. */
  show_ticket (fixture, conversation, other);
  show_ticket (fixture, conversation, first);
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

/* Adds to ticket 1005, after Chloé's message: one lone system event, a reply from Chloé, then
 * a run of two events. */
static void
add_events (Fixture *fixture)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;

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
}

static void
test_system_burst (Fixture       *fixture,
                   gconstpointer  user_data)
{
  RapportConversation *conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  g_autoptr(GPtrArray) expanders = NULL;
  GtkWidget *window = show_in_window (GTK_WIDGET (conversation));
  GtkWidget *list;
  GtkWidget *row;
  RowCount count = { GTK_WIDGET (conversation), 1 };

  show_ticket (fixture, conversation, ticket);
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the conversation");
  rapport_test_wait_until (has_rows, &count, 10000, "Chloé's one message");

  /* One lone system event, a reply from Chloé, then a burst of two. */
  add_events (fixture);

  /* The store's "changed" reloads the conversation: four rows, the burst collapsed. */
  count.n_rows = 4;
  rapport_test_wait_until (has_rows, &count, 10000, "the reloaded conversation");
  list = message_list (GTK_WIDGET (conversation));

  row = list_row (list, 0);
  g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
  row = list_row (list, 1);
  g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
  g_assert_true (gtk_widget_has_css_class (row, "system"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (row, "Outgoing mail recorded"));
  row = list_row (list, 2);
  g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
  g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (row),
                                   "Chloé Silva, Message, Email, "));
  row = list_row (list, 3);
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

/* ---------------------------------------------------------------------------------------------
 * Writing: the composer, the outbox state of messages, the collision check
 * ------------------------------------------------------------------------------------------- */

/* A conversation with the workspace, in a window with a toast overlay like the real one. */
static RapportConversation *
show_with_workspace (Fixture    *fixture,
                     GtkWidget **window)
{
  RapportConversation *conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (conversation));
  *window = show_in_window (overlay);

  show_ticket (fixture, conversation, g_ptr_array_index (fixture->tickets, 0));
  g_assert_true (rapport_conversation_get_store (conversation) == fixture->store);
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the conversation");

  return conversation;
}

static RapportComposer *
get_composer (RapportConversation *conversation)
{
  g_autoptr(GPtrArray) composers = rapport_test_find_widgets (GTK_WIDGET (conversation),
                                                              RAPPORT_TYPE_COMPOSER);

  g_assert_cmpuint (composers->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (g_ptr_array_index (composers, 0)));

  return g_ptr_array_index (composers, 0);
}

static void
write_and_send (RapportComposer *composer,
                const char      *text)
{
  GtkWidget *view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Reply");

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
}

/* The message row showing @body, or NULL. */
static RapportMessageRow *
find_message_row (RapportConversation *conversation,
                  const char          *body)
{
  g_autoptr(GPtrArray) rows = rapport_test_find_widgets (message_list (GTK_WIDGET (conversation)),
                                                         RAPPORT_TYPE_MESSAGE_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      RapportMessage *message = rapport_message_row_get_message (g_ptr_array_index (rows, i));

      if (g_strcmp0 (rapport_message_get_body (message), body) == 0)
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

typedef struct
{
  RapportConversation *conversation;
  const char          *body;
  const char          *state_prefix;   /* NULL: the row is gone */
} RowWait;

static gboolean
row_in_state (gpointer user_data)
{
  RowWait *wait = user_data;
  RapportMessageRow *row = find_message_row (wait->conversation, wait->body);

  if (wait->state_prefix == NULL)
    return row == NULL;

  return row != NULL && rapport_test_find_label_with_prefix (GTK_WIDGET (row),
                                                             wait->state_prefix) != NULL;
}

/* A visible button of @root whose label is @label. */
static GtkWidget *
find_visible_button (GtkWidget  *root,
                     const char *label)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0 &&
          gtk_widget_is_visible (button))
        return button;
    }

  return NULL;
}

typedef struct
{
  RapportComposer *composer;
  const char      *text;
} TextWait;

static gboolean
composer_has_text (gpointer user_data)
{
  TextWait *wait = user_data;
  g_autofree char *text = rapport_composer_dup_text (wait->composer);

  return g_strcmp0 (text, wait->text) == 0;
}

static GPtrArray *
list_ops (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops;

  ops = rapport_outbox_list_ops (fixture->store,
                                 rapport_ticket_get_id (g_ptr_array_index (fixture->tickets, 0)),
                                 NULL, &error);
  g_assert_no_error (error);

  return ops;
}

typedef struct
{
  Fixture            *fixture;
  guint               n_ops;
  RapportOutboxState  state;      /* of the first op, when n_ops > 0 */
} OpsWait;

static gboolean
ops_are (gpointer user_data)
{
  OpsWait *wait = user_data;
  g_autoptr(GPtrArray) ops = list_ops (wait->fixture);

  if (ops->len != wait->n_ops)
    return FALSE;

  return ops->len == 0 ||
         ((RapportOutboxOp *) g_ptr_array_index (ops, 0))->state == wait->state;
}

static gboolean
row_settled (gpointer user_data)
{
  RowWait *wait = user_data;
  RapportMessageRow *row = find_message_row (wait->conversation, wait->body);

  return row != NULL && rapport_message_row_get_outbox_op (row) == NULL;
}

static void
test_sending_states (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *window = NULL;
  RapportConversation *conversation = show_with_workspace (fixture, &window);
  RapportComposer *composer = get_composer (conversation);
  RowWait held = { conversation, "I will look into it today.", "Sending in " };
  TextWait restored = { composer, "I will look into it today." };
  OpsWait none = { fixture, 0, 0 };
  RapportMessageRow *row;
  GtkWidget *undo;

  /* The workspace is not started: nothing is sent, the states stay to be looked at. */
  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);
  write_and_send (composer, "I will look into it today.");
  rapport_test_wait_until (row_in_state, &held, 10000, "the held reply");
  row = find_message_row (conversation, "I will look into it today.");
  g_assert_cmpint (rapport_message_row_get_outbox_op (row)->state, ==, RAPPORT_OUTBOX_STATE_HELD);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "pending"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "outbound"));

  /* Undo in the row: the text is back, the row and the op are gone. */
  undo = find_visible_button (GTK_WIDGET (row), "Undo");
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_activate (undo));
  rapport_test_wait_until (composer_has_text, &restored, 10000, "the text to come back");
  held.state_prefix = NULL;
  rapport_test_wait_until (row_in_state, &held, 10000, "the row to go");
  g_assert_true (ops_are (&none));

  /* No window: "Sending…" with a spinner until the engine is done. */
  g_settings_set_uint (fixture->settings, "undo-send-seconds", 0);
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  held.state_prefix = "Sending…";
  rapport_test_wait_until (row_in_state, &held, 10000, "the reply being sent");
  row = find_message_row (conversation, "I will look into it today.");
  {
    g_autoptr(GPtrArray) spinners = rapport_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_SPINNER);

    g_assert_cmpuint (spinners->len, ==, 1);
    g_assert_true (gtk_widget_get_visible (g_ptr_array_index (spinners, 0)));
    g_assert_true (gtk_spinner_get_spinning (g_ptr_array_index (spinners, 0)));
  }
  g_assert_null (find_visible_button (GTK_WIDGET (row), "Undo"));

  /* Offline, it says it waits for the network. */
  rapport_message_row_set_online (row, FALSE);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (row),
                                                         "Waiting to send (offline)"));

  /* The engine sends it: the row stays, without a state. */
  rapport_workspace_start (fixture->workspace);
  rapport_test_wait_until (ops_are, &none, 10000, "the op to be done");
  rapport_test_wait_until (row_settled, &held, 10000, "the row to settle");
  row = find_message_row (conversation, "I will look into it today.");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "pending"));
  g_assert_cmpstr (rapport_message_get_remote_id (rapport_message_row_get_message (row)), ==, "T-1");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static void
test_failed_retry_discard (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *window = NULL;
  RapportConversation *conversation = show_with_workspace (fixture, &window);
  RapportComposer *composer = get_composer (conversation);
  RapportTestProvider *provider = RAPPORT_TEST_PROVIDER (fixture->provider);
  const char *body = "Your account is closed as asked.";
  RowWait failed = { conversation, body, "Not sent: the ticket was deleted on the helpdesk" };
  OpsWait ready = { fixture, 1, RAPPORT_OUTBOX_STATE_READY };
  OpsWait cancelled = { fixture, 0, 0 };
  TextWait restored = { composer, body };
  RapportMessageRow *row;
  GtkWidget *button;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 0);
  rapport_test_provider_push_fault (provider, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  rapport_workspace_start (fixture->workspace);
  write_and_send (composer, body);

  /* A permanent failure: the reason, the text kept, Retry and Discard. */
  rapport_test_wait_until (row_in_state, &failed, 10000, "the failed reply");
  row = find_message_row (conversation, body);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "failed"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (row), body));
  g_assert_nonnull (find_visible_button (GTK_WIDGET (row), "Discard"));
  button = find_visible_button (GTK_WIDGET (row), "Retry");
  g_assert_nonnull (button);

  /* Retry: back to ready (the engine is stopped, so it stays there). */
  rapport_workspace_stop (fixture->workspace);
  g_assert_true (gtk_widget_activate (button));
  rapport_test_wait_until (ops_are, &ready, 10000, "the op to be ready again");
  failed.state_prefix = "Sending…";
  rapport_test_wait_until (row_in_state, &failed, 10000, "the row to say it sends");

  /* It fails again, for another reason. */
  rapport_test_provider_push_fault (provider, RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  rapport_workspace_start (fixture->workspace);
  failed.state_prefix = "Not sent: your account has no right to do this";
  rapport_test_wait_until (row_in_state, &failed, 10000, "the second failure");
  g_assert_cmpuint (rapport_test_provider_get_n_posts (provider), ==, 2);

  /* Discard: the text goes back into the composer; the op and the row go. */
  row = find_message_row (conversation, body);
  button = find_visible_button (GTK_WIDGET (row), "Discard");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  rapport_test_wait_until (composer_has_text, &restored, 10000, "the text to come back");
  rapport_test_wait_until (ops_are, &cancelled, 10000, "the op to be discarded");
  failed.state_prefix = NULL;
  rapport_test_wait_until (row_in_state, &failed, 10000, "the row to go");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static GtkWindow *
find_collision_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static gboolean
has_collision_dialog (gpointer user_data)
{
  return find_collision_dialog () != NULL;
}

static gboolean
has_no_collision_dialog (gpointer user_data)
{
  return find_collision_dialog () == NULL;
}

static gboolean
composer_idle (gpointer user_data)
{
  return !rapport_composer_get_sending (RAPPORT_COMPOSER (user_data));
}

static RapportMessage *
agent_message (const char *remote_id,
               const char *author_remote_id,
               const char *author_name,
               const char *body,
               gint64      created_at)
{
  RapportMessage *message = customer_message (remote_id, body, created_at);

  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, author_name);
  rapport_message_set_author_remote_id (message, author_remote_id);

  return message;
}

static void
apply_messages (Fixture        *fixture,
                RapportMessage *message)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (page->messages, message);
  rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account), page,
                            NULL, &error);
  g_assert_no_error (error);
}

static void
test_collision (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *window = NULL;
  RapportConversation *conversation = show_with_workspace (fixture, &window);
  RapportComposer *composer = get_composer (conversation);
  RapportTestProvider *provider = RAPPORT_TEST_PROVIDER (fixture->provider);
  RapportSyncPage *page = rapport_sync_page_new ();
  const char *reply = "Your subscription is cancelled.";
  const char *news = "<b>Wait</b> & don't cancel:\nI changed my mind.\nThird line.";
  TextWait kept = { composer, reply };
  TextWait emptied = { composer, "" };
  OpsWait none = { fixture, 0, 0 };
  OpsWait one = { fixture, 1, RAPPORT_OUTBOX_STATE_HELD };
  RowWait shown = { conversation, news, "<b>Wait</b>" };
  AdwMessageDialog *dialog;
  const char *text;

  g_settings_set_uint (fixture->settings, "undo-send-seconds", 30);

  /* Chloé writes while the agent types: the refresh before sending brings it. */
  g_ptr_array_add (page->messages, customer_message ("in-new", news, fixture->anchor));
  rapport_test_provider_push_page (provider, page);
  write_and_send (composer, reply);
  g_assert_true (rapport_composer_get_sending (composer));

  rapport_test_wait_until (has_collision_dialog, NULL, 10000, "the collision dialog");
  g_assert_cmpuint (rapport_test_provider_get_n_pulls (provider), >=, 1);
  dialog = ADW_MESSAGE_DIALOG (find_collision_dialog ());
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "New messages since you opened this ticket");
  /* Plain text: the markup of the message is shown as typed; two lines of it. */
  g_assert_false (adw_message_dialog_get_body_use_markup (dialog));
  text = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (text, "Chloé Silva · "));
  g_assert_nonnull (strstr (text, "<b>Wait</b> & don't cancel:\nI changed my mind.…"));
  g_assert_null (strstr (text, "Third line"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "send"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "send"), ==,
                   ADW_RESPONSE_SUGGESTED);
  /* One name each, their label's ("Send Anyway", not "_Send Anyway Send Anyway"): the
   * accessibility walk (tests/e2e/test_a11y.py) cannot reach this dialog in the demo. */
  g_assert_false (gtk_test_accessible_has_property (
                    GTK_ACCESSIBLE (find_visible_button (GTK_WIDGET (dialog), "_Cancel")),
                    GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_false (gtk_test_accessible_has_property (
                    GTK_ACCESSIBLE (find_visible_button (GTK_WIDGET (dialog), "_Send Anyway")),
                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* The conversation shows the new message. */
  rapport_test_wait_until (row_in_state, &shown, 10000, "the new message in the conversation");

  /* Cancel: nothing queued, the text stays. */
  g_signal_emit_by_name (find_visible_button (GTK_WIDGET (dialog), "_Cancel"), "clicked");
  rapport_test_wait_until (composer_idle, composer, 10000, "the composer");
  rapport_test_wait_until (has_no_collision_dialog, NULL, 10000, "the dialog to close");
  g_assert_true (composer_has_text (&kept));
  g_assert_true (ops_are (&none));

  /* Seen now: the next Send goes through. */
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (ops_are, &one, 10000, "the reply to be queued");
  g_assert_true (composer_has_text (&emptied));
  g_assert_null (find_collision_dialog ());

  /* Another agent answered in the meantime, and Send comes before the conversation showed it
   * (no main loop turn in between): asked again; Send Anyway queues it. */
  apply_messages (fixture, agent_message ("out-alex", "alex.agent", "Alex Kim",
                                          "I already refunded her.", fixture->anchor + 1));
  write_and_send (composer, "A second reply.");
  rapport_test_wait_until (has_collision_dialog, NULL, 10000, "the second collision dialog");
  dialog = ADW_MESSAGE_DIALOG (find_collision_dialog ());
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Alex Kim · "));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "Chloé"));
  g_signal_emit_by_name (find_visible_button (GTK_WIDGET (dialog), "_Send Anyway"), "clicked");
  one.n_ops = 2;
  rapport_test_wait_until (ops_are, &one, 10000, "the second reply to be queued");
  rapport_test_wait_until (has_no_collision_dialog, NULL, 10000, "the dialog to close");

  /* The agent's own message (written elsewhere) is no collision. */
  apply_messages (fixture, agent_message ("out-own", rapport_account_get_user_remote_id (fixture->account),
                                          "Sam Rivera", "Sent from the web UI.", fixture->anchor + 2));
  write_and_send (composer, "A third reply.");
  one.n_ops = 3;
  rapport_test_wait_until (ops_are, &one, 10000, "the third reply to be queued");
  g_assert_null (find_collision_dialog ());

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static void
test_collision_switch_ticket (Fixture       *fixture,
                              gconstpointer  user_data)
{
  GtkWidget *window = NULL;
  RapportConversation *conversation = show_with_workspace (fixture, &window);
  RapportComposer *composer = get_composer (conversation);
  RapportSyncPage *page = rapport_sync_page_new ();
  OpsWait none = { fixture, 0, 0 };

  g_ptr_array_add (page->messages, customer_message ("in-new", "One more thing.",
                                                     fixture->anchor));
  rapport_test_provider_push_page (RAPPORT_TEST_PROVIDER (fixture->provider), page);
  write_and_send (composer, "Done.");
  rapport_test_wait_until (has_collision_dialog, NULL, 10000, "the collision dialog");

  /* Another ticket while the dialog is open: the dialog goes, nothing is sent. */
  show_ticket (fixture, conversation, g_ptr_array_index (fixture->tickets, 1));
  rapport_test_wait_until (has_no_collision_dialog, NULL, 10000, "the dialog to close");
  rapport_test_wait_until (composer_idle, composer, 10000, "the composer");
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the other ticket");
  g_assert_true (ops_are (&none));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

typedef struct
{
  RapportConversation *conversation;
  const char          *prefix;
} OutboxWait;

static gboolean
outbox_row_says (gpointer user_data)
{
  OutboxWait *wait = user_data;
  GtkWidget *list = rapport_test_find_by_accessible_label (GTK_WIDGET (wait->conversation),
                                                           GTK_TYPE_LIST_BOX, "Outbox");
  g_autoptr(GPtrArray) rows = NULL;

  if (list == NULL || !gtk_widget_is_visible (list))
    return FALSE;

  rows = rapport_test_find_widgets (list, RAPPORT_TYPE_OUTBOX_ROW);

  return rows->len == 1 &&
         g_str_has_prefix (rapport_test_get_accessible_label (g_ptr_array_index (rows, 0)),
                           wait->prefix);
}

static void
test_outbox_section (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *window = NULL;
  RapportConversation *conversation = show_with_workspace (fixture, &window);
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  OutboxWait failed = { conversation,
                        "Status → Solved · Not sent: your account has no right to do this" };
  OpsWait ready = { fixture, 1, RAPPORT_OUTBOX_STATE_READY };
  GtkWidget *list;
  GtkWidget *retry;

  rapport_test_provider_push_fault (RAPPORT_TEST_PROVIDER (fixture->provider),
                                    RAPPORT_PROVIDER_ERROR_FORBIDDEN);
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = RAPPORT_TICKET_STATUS_SOLVED;
  op = rapport_outbox_enqueue_update (fixture->store, rapport_account_get_id (fixture->account),
                                      rapport_ticket_get_id (ticket), changes, NULL, &error);
  g_assert_no_error (error);

  rapport_workspace_start (fixture->workspace);
  rapport_test_wait_until (outbox_row_says, &failed, 10000, "the failed update");
  list = rapport_test_find_by_accessible_label (GTK_WIDGET (conversation), GTK_TYPE_LIST_BOX,
                                                "Outbox");
  g_assert_nonnull (find_visible_button (list, "Discard"));
  retry = find_visible_button (list, "Retry");
  g_assert_nonnull (retry);

  rapport_workspace_stop (fixture->workspace);
  g_assert_true (gtk_widget_activate (retry));
  rapport_test_wait_until (ops_are, &ready, 10000, "the update to be ready again");
  failed.prefix = "Status → Solved · Sending…";
  rapport_test_wait_until (outbox_row_says, &failed, 10000, "the row to say it sends");

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}


static gboolean
shows_newest (gpointer user_data)
{
  GtkWidget *list = message_list (GTK_WIDGET (user_data));
  GtkWidget *scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_value (adjustment) >=
           gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1;
}

static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkWidget *window = NULL;
  RapportConversation *conversation;
  RapportComposer *composer;
  const char *failed_body = "Hello Chloé, I have cancelled the renewal: you will not be charged again.";
  const char *sending_body = "Checked with billing: the refund of the last invoice is approved.";
  RowWait failed = { NULL, failed_body, "Not sent: the ticket was deleted on the helpdesk" };
  RowWait sending = { NULL, sending_body, "Sending…" };
  g_autofree char *path = NULL;
  GtkWidget *view;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  conversation = show_with_workspace (fixture, &window);
  composer = get_composer (conversation);
  failed.conversation = sending.conversation = conversation;

  /* A reply the helpdesk refused for good … */
  g_settings_set_uint (fixture->settings, "undo-send-seconds", 0);
  rapport_test_provider_push_fault (RAPPORT_TEST_PROVIDER (fixture->provider),
                                    RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  rapport_workspace_start (fixture->workspace);
  write_and_send (composer, failed_body);
  rapport_test_wait_until (row_in_state, &failed, 10000, "the failed reply");

  /* … a note on its way (the engine is stopped, so it stays there) … */
  rapport_workspace_stop (fixture->workspace);
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);
  view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW,
                                                "Internal note");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), sending_body, -1);
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (row_in_state, &sending, 10000, "the note being sent");

  /* … and a reply being written. */
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_PUBLIC);
  view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer), GTK_TYPE_TEXT_VIEW, "Reply");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "Anything else I can do for you?", -1);
  gtk_widget_grab_focus (view);

  /* The list lays its rows out in the frames that follow, and keeps the newest in view. */
  rapport_test_wait_until (shows_newest, conversation, 5000, "the newest message in view");
  path = g_build_filename (UI_TEST_BUILDDIR, "rapport-composer.png", NULL);
  rapport_test_save_window_png (window, path);

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

/* ---------------------------------------------------------------------------------------------
 * Long tickets: pages, recycled rows, the keyboard, long bodies
 * ------------------------------------------------------------------------------------------- */

#define LONG_TICKET_EXTRA 4999

/* Adds LONG_TICKET_EXTRA messages to ticket 1005 before its one message (Chloé's, newest):
 * "older 0" … "older 4998", one a minute. Messages at positions first_run … last_run (of the
 * whole ticket, oldest first) are system events: a run of 11 that the newest page cuts. */
static void
add_long_history (Fixture *fixture,
                  guint    first_run,
                  guint    last_run)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = fixture->anchor - 7 * 24 * 60 * 60;

  for (guint i = 0; i < LONG_TICKET_EXTRA; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("older-%u", i);
      g_autofree char *body = g_strdup_printf ("older %u", i);

      if (i >= first_run && i <= last_run)
        g_ptr_array_add (page->messages, system_message (remote_id, body, start + i * 60));
      else
        g_ptr_array_add (page->messages, customer_message (remote_id, body, start + i * 60));
    }
  rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account), page,
                            NULL, &error);
  g_assert_no_error (error);
}

static GListModel *
list_items (GtkWidget *list)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));

  return gtk_no_selection_get_model (GTK_NO_SELECTION (selection));
}

static guint
n_items (GtkWidget *list)
{
  return g_list_model_get_n_items (list_items (list));
}

static RapportConversationItem *
item_at (GtkWidget *list,
         guint      position)
{
  g_autoptr(RapportConversationItem) item = g_list_model_get_item (list_items (list), position);

  g_assert_nonnull (item);

  return item;   /* the model holds it */
}

typedef struct
{
  RapportConversation *conversation;
  guint                n_messages;
} SessionWait;

static gboolean
session_has_messages (gpointer user_data)
{
  SessionWait *wait = user_data;
  RapportTicketSession *session = rapport_conversation_get_session (wait->conversation);
  GPtrArray *messages = rapport_ticket_session_get_messages (session);

  return messages != NULL && messages->len >= wait->n_messages;
}

/* The list's item widgets (one per row made), and the rows in them. */
static guint
n_row_widgets (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* Every bound message row's accessible name is its own message's. */
static void
assert_row_names (GtkWidget *list)
{
  guint n_checked = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      RapportMessage *message;
      g_autofree char *expected_end = NULL;
      const char *label;

      if (row == NULL || !RAPPORT_IS_MESSAGE_ROW (row) || !gtk_widget_get_mapped (row))
        continue;

      message = rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row));
      label = rapport_test_get_accessible_label (row);
      expected_end = g_strdup_printf (": %s", rapport_message_get_body (message));
      g_assert_true (g_str_has_suffix (label, expected_end));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           label);
      /* The list's own row (what AT-SPI lists as the row) says the same. */
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           label);
      n_checked++;
    }

  g_assert_cmpuint (n_checked, >, 0);
}

/* The message whose row has the keyboard focus, or NULL. */
static RapportMessage *
focused_message (GtkWidget *list)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));

  for (; focus != NULL && focus != list; focus = gtk_widget_get_parent (focus))
    {
      GtkWidget *row = gtk_widget_get_first_child (focus);

      if (gtk_widget_get_parent (focus) == list)
        return row != NULL && RAPPORT_IS_MESSAGE_ROW (row)
               ? rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row)) : NULL;
    }

  return NULL;
}

static void
test_long_ticket (Fixture       *fixture,
                  gconstpointer  user_data)
{
  RapportConversation *conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  guint first_page_start = LONG_TICKET_EXTRA + 1 - RAPPORT_TICKET_SESSION_MESSAGES_PAGE;
  SessionWait two_pages = { conversation, 2 * RAPPORT_TICKET_SESSION_MESSAGES_PAGE };
  GtkWidget *window;
  GtkWidget *list;
  RapportConversationItem *item;
  RapportMessage *newest;
  RapportMessage *focused = NULL;
  guint n_first;

  /* A run of 11 events, 5 of them on the newest page. */
  add_long_history (fixture, first_page_start - 6, first_page_start + 4);
  window = show_in_window (GTK_WIDGET (conversation));
  /* After another ticket, the long one's rows are the other's, reused. */
  if (GPOINTER_TO_INT (user_data))
    {
      show_ticket (fixture, conversation, g_ptr_array_index (fixture->tickets, 1));
      rapport_test_wait_until (conversation_idle, conversation, 10000, "the other ticket");
      rapport_test_wait_for_frame (window);
      g_assert_cmpuint (n_row_widgets (message_list (GTK_WIDGET (conversation))), >, 0);
    }
  show_ticket (fixture, conversation, ticket);
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the conversation");
  list = message_list (GTK_WIDGET (conversation));
  rapport_test_wait_until (shows_newest, conversation, 5000, "the newest message in view");

  /* The newest items of the newest page, oldest first, Chloé's last; the rest of the page
   * (with the start of the run of events) waits above. */
  g_assert_false (rapport_ticket_session_get_messages_complete (rapport_conversation_get_session (conversation)));
  n_first = n_items (list);
  g_assert_cmpuint (n_first, >, 0);
  g_assert_cmpuint (n_first, <, 100);
  g_assert_cmpuint (rapport_conversation_model_get_n_hidden (RAPPORT_CONVERSATION_MODEL (list_items (list))),
                    ==, RAPPORT_TICKET_SESSION_MESSAGES_PAGE - 5 + 1 - n_first);
  for (guint i = 0; i < n_first; i++)
    g_assert_false (rapport_conversation_item_is_run (item_at (list, i)));
  item = item_at (list, n_first - 2);
  g_assert_cmpstr (rapport_message_get_body (rapport_conversation_item_get_message (item, 0)), ==,
                   "older 4998");
  newest = rapport_conversation_item_get_message (item_at (list, n_first - 1), 0);
  g_assert_true (g_str_has_prefix (rapport_message_get_body (newest),
                                   "Please cancel my subscription"));

  /* Rows are made for the items shown only. */
  g_assert_cmpuint (n_row_widgets (list), <=, n_first);
  assert_row_names (list);

  /* The keyboard: from the newest row up, row by row; near the top the older page comes,
   * prepended, and the focus goes on through it. */
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && RAPPORT_IS_MESSAGE_ROW (row) &&
          rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row)) == newest)
        g_assert_true (gtk_widget_grab_focus (child));
    }
  rapport_test_wait_for_frame (window);
  g_assert_true (focused_message (list) == newest);
  /* The items come 24 at a time as the focus nears the top, each batch after the list laid
   * itself out: a loaded machine may take a few frames for one, so the keys go on (a bounded
   * number of them) until the older page is there, with a frame now and then. */
  for (guint i = 0;
       i < 10 * RAPPORT_TICKET_SESSION_MESSAGES_PAGE && !session_has_messages (&two_pages);
       i++)
    {
      rapport_test_activate_shortcut (list, GDK_KEY_Up, 0);
      rapport_test_wait_ms (1);
      if (i % 16 == 15)
        rapport_test_wait_for_frame (window);
    }
  rapport_test_wait_until (session_has_messages, &two_pages, 10000, "the older page");
  rapport_test_wait_for_frame (window);
  for (guint i = 0; i < 20; i++)
    {
      rapport_test_activate_shortcut (list, GDK_KEY_Up, 0);
      rapport_test_wait_ms (1);
    }
  rapport_test_wait_for_frame (window);
  focused = focused_message (list);
  /* The focus may rest on a run of system events (not a message row): one Up further, a few
   * times at most. */
  for (guint i = 0; focused == NULL && i < 4; i++)
    {
      rapport_test_activate_shortcut (list, GDK_KEY_Up, 0);
      rapport_test_wait_for_frame (window);
      focused = focused_message (list);
    }
  g_assert_nonnull (focused);
  /* Older than anything of the first page. */
  g_assert_true (g_str_has_prefix (rapport_message_get_body (focused), "older "));
  g_assert_cmpint (atoi (rapport_message_get_body (focused) + strlen ("older ")), <,
                   first_page_start - 6);

  /* The run cut by the page boundary is one item again, of all 11. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < n_items (list); i++)
      {
        item = item_at (list, i);
        if (!rapport_conversation_item_is_run (item))
          continue;
        g_assert_cmpuint (rapport_conversation_item_get_n_messages (item), ==, 11);
        g_assert_cmpstr (rapport_message_get_body (rapport_conversation_item_get_message (item, 0)),
                         ==, "older 4794");
        found = TRUE;
      }
    g_assert_true (found);
  }
  g_assert_cmpuint (n_items (list) +
                    rapport_conversation_model_get_n_hidden (RAPPORT_CONVERSATION_MODEL (list_items (list))),
                    ==,
                    rapport_ticket_session_get_messages (rapport_conversation_get_session (conversation))->len - 11 + 1);

  /* Recycled rows say their own message, never the one they showed before. */
  assert_row_names (list);
  g_assert_cmpuint (n_row_widgets (list), <=, 210);
  g_assert_cmpuint (n_row_widgets (list), <,
                    n_items (list) +
                    rapport_conversation_model_get_n_hidden (RAPPORT_CONVERSATION_MODEL (list_items (list))));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

/* The rows the list made are those of its items, in their order: a message row showing the
 * item's message, or the collapsed line of a run of system events. */
static void
assert_rows_follow_items (GtkWidget *list)
{
  guint i = 0;

  g_assert_cmpuint (n_row_widgets (list), ==, n_items (list));
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      RapportConversationItem *item = item_at (list, i);
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (rapport_conversation_item_is_run (item))
        {
          g_autofree char *title = g_strdup_printf ("%u system events",
                                                    rapport_conversation_item_get_n_messages (item));

          g_assert_false (RAPPORT_IS_MESSAGE_ROW (row));
          g_assert_cmpstr (rapport_test_get_accessible_label (row), ==, title);
          gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child),
                                               GTK_ACCESSIBLE_PROPERTY_LABEL, title);
        }
      else
        {
          g_assert_true (RAPPORT_IS_MESSAGE_ROW (row));
          g_assert_true (rapport_message_row_get_message (RAPPORT_MESSAGE_ROW (row)) ==
                         rapport_conversation_item_get_message (item, 0));
        }
    }
}

/* Adds @rows' message rows to @seen; returns how many were not in it. */
static guint
add_rows (GHashTable *seen,
          GtkWidget  *list)
{
  g_autoptr(GPtrArray) rows = rapport_test_find_widgets (list, RAPPORT_TYPE_MESSAGE_ROW);
  guint n_new = 0;

  for (guint i = 0; i < rows->len; i++)
    if (g_hash_table_add (seen, g_ptr_array_index (rows, i)))
      n_new++;

  return n_new;
}

/* Switches @conversation to @ticket (a session of its own) and waits for its rows: @n_rows
 * of them, or as many as it has items when 0. */
static void
switch_to (Fixture             *fixture,
           RapportConversation *conversation,
           GtkWidget           *window,
           RapportTicket       *ticket,
           guint                n_rows)
{
  RowCount count = { GTK_WIDGET (conversation), n_rows };

  show_ticket (fixture, conversation, ticket);
  rapport_test_wait_until (conversation_idle, conversation, 10000, "the conversation");
  if (count.n_rows == 0)
    count.n_rows = n_items (message_list (GTK_WIDGET (conversation)));
  rapport_test_wait_until (has_rows, &count, 10000, "the ticket's rows");
  rapport_test_wait_for_frame (window);
}

static void
test_recycled_rows (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  RapportTicket *first = g_ptr_array_index (fixture->tickets, 0);
  RapportTicket *second = g_ptr_array_index (fixture->tickets, 1);
  const char *reply = "I will look into it today.";
  RapportConversation *conversation;
  RowWait held = { NULL, reply, "Sending in " };
  RapportMessageRow *row;
  GtkWidget *window = NULL;
  GtkWidget *list;
  guint n_first, n_second, n_made;

  /* Chloé's message, a lone event, a reply from her, then a run of two events. */
  add_events (fixture);

  conversation = show_with_workspace (fixture, &window);
  held.conversation = conversation;
  list = message_list (GTK_WIDGET (conversation));

  /* A reply held in the outbox (the workspace is not started: it stays held). */
  g_settings_set_uint (fixture->settings, "undo-send-seconds", 60);
  write_and_send (get_composer (conversation), reply);
  rapport_test_wait_until (row_in_state, &held, 10000, "the held reply");
  rapport_test_wait_for_frame (window);
  n_first = n_items (list);
  g_assert_cmpuint (n_first, ==, 5);
  assert_rows_follow_items (list);
  assert_row_names (list);
  n_made = add_rows (seen, list);

  /* Another ticket, then the first again, and so on: each shows its own messages, in order,
   * with their own names and states, in rows made for the tickets before. */
  switch_to (fixture, conversation, window, second, 0);
  n_second = n_items (list);
  g_assert_cmpuint (n_second, >, 0);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      switch_to (fixture, conversation, window, second, n_second);
      assert_rows_follow_items (list);
      assert_row_names (list);
      rows = rapport_test_find_widgets (list, RAPPORT_TYPE_MESSAGE_ROW);
      for (guint i = 0; i < rows->len; i++)
        {
          GtkWidget *child = gtk_widget_get_parent (g_ptr_array_index (rows, i));

          g_assert_null (rapport_message_row_get_outbox_op (g_ptr_array_index (rows, i)));
          g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "pending"));
          g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child),
                                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
        }
      n_made += add_rows (seen, list);

      switch_to (fixture, conversation, window, first, n_first);
      assert_rows_follow_items (list);
      assert_row_names (list);
      rapport_test_wait_until (row_in_state, &held, 10000, "the held reply again");
      row = find_message_row (conversation, reply);
      g_assert_cmpint (rapport_message_row_get_outbox_op (row)->state, ==,
                       RAPPORT_OUTBOX_STATE_HELD);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "pending"));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (row))),
                                           GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                           "Waiting to be sent, can still be undone");
      n_made += add_rows (seen, list);
    }

  /* The rows of the first ticket and of the second, and no more: the others were reused. */
  g_assert_cmpuint (n_made, <=, n_first + n_second);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_made);

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_release_and_wait (&window);
}

static RapportMessageWindow *
find_message_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (RAPPORT_IS_MESSAGE_WINDOW (toplevel))
        return RAPPORT_MESSAGE_WINDOW (toplevel);
    }

  return NULL;
}

static gboolean
message_window_shown (gpointer user_data)
{
  return find_message_window () != NULL;
}

static gboolean
message_window_loaded (gpointer user_data)
{
  RapportMessageWindow *window = find_message_window ();

  return window != NULL && rapport_message_window_get_loaded (window);
}

static void
test_huge_body (Fixture       *fixture,
                gconstpointer  user_data)
{
  RapportConversation *conversation = RAPPORT_CONVERSATION (rapport_conversation_new ());
  RapportTicket *ticket = g_ptr_array_index (fixture->tickets, 0);
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_sized_new (10 * 1024 * 1024 + 64);
  RowCount count = { GTK_WIDGET (conversation), 2 };
  RapportMessageWindow *message_window;
  RapportMessageRow *row = NULL;
  GtkWidget *window;
  GtkWidget *list;
  GtkWidget *button;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *shown = NULL;
  const char *label;
  glong n_chars;

  /* 10 MB of log lines, with a multi-byte character in each. */
  while (body->len < 10 * 1024 * 1024)
    g_string_append_printf (body, "%08u ERROR café: connection reset by peer\n",
                            (guint) body->len);
  n_chars = g_utf8_strlen (body->str, -1);
  g_ptr_array_add (page->messages, customer_message ("huge", body->str, fixture->anchor));
  rapport_store_apply_page (fixture->store, rapport_account_get_id (fixture->account), page,
                            NULL, &error);
  g_assert_no_error (error);

  window = show_in_window (GTK_WIDGET (conversation));
  show_ticket (fixture, conversation, ticket);
  rapport_test_wait_until (conversation_idle, conversation, 20000, "the conversation");
  rapport_test_wait_until (has_rows, &count, 10000, "two rows");
  list = message_list (GTK_WIDGET (conversation));

  row = RAPPORT_MESSAGE_ROW (list_row (list, 1));
  g_assert_true (rapport_message_get_body_truncated (rapport_message_row_get_message (row)));
  g_assert_cmpint (rapport_message_get_body_length (rapport_message_row_get_message (row)), ==,
                   n_chars);

  /* The label holds the preview only; the name a bounded start of it. */
  {
    g_autoptr(GPtrArray) labels = rapport_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL);

    for (guint i = 0; i < labels->len; i++)
      g_assert_cmpint (g_utf8_strlen (gtk_label_get_text (labels->pdata[i]), -1), <=,
                       RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
  }
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (row), "00000000 ERROR café"));
  label = rapport_test_get_accessible_label (GTK_WIDGET (row));
  g_assert_true (g_str_has_prefix (label, "Chloé Silva, Message, Email, "));
  g_assert_true (g_str_has_suffix (label, "…"));
  g_assert_cmpint (g_utf8_strlen (label, -1), <=, 300 + 100);

  /* "Show Whole Message": reachable, named, opens the whole text. */
  button = find_visible_button (GTK_WIDGET (row), "Show Whole Message");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Show Whole Message");
  g_assert_true (gtk_widget_activate (button));
  rapport_test_wait_until (message_window_shown, NULL, 5000, "the message window");
  rapport_test_wait_until (message_window_loaded, NULL, 60000, "the whole message");
  message_window = find_message_window ();
  buffer = gtk_text_view_get_buffer (rapport_message_window_get_view (message_window));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, n_chars);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_true (strcmp (shown, body->str) == 0);

  gtk_window_destroy (GTK_WINDOW (message_window));
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
  g_test_add ("/rapport/ui/conversation/sending-states", Fixture, NULL,
              fixture_set_up, test_sending_states, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/failed-retry-discard", Fixture, NULL,
              fixture_set_up, test_failed_retry_discard, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/collision", Fixture, NULL,
              fixture_set_up, test_collision, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/collision-switch-ticket", Fixture, NULL,
              fixture_set_up, test_collision_switch_ticket, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/outbox-section", Fixture, NULL,
              fixture_set_up, test_outbox_section, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/screenshot", Fixture, NULL,
              fixture_set_up, test_screenshot, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/long-ticket", Fixture, NULL,
              fixture_set_up, test_long_ticket, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/long-ticket-after-another", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_long_ticket, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/recycled-rows", Fixture, NULL,
              fixture_set_up, test_recycled_rows, fixture_tear_down);
  g_test_add ("/rapport/ui/conversation/huge-body", Fixture, NULL,
              fixture_set_up, test_huge_body, fixture_tear_down);

  return g_test_run ();
}

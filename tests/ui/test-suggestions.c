/* test-suggestions.c
 *
 * What the agent sees beside and inside the composer: the suggestions pane (rows in the
 * ranker's order with their explanation, hidden with nothing to suggest, preview), inserting a
 * suggestion with the ticket's values (Alt+1, the required field selected, Send refused until it
 * is filled), the values themselves, and the hints under the reply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-suggestions"

#include "config.h"

#include "rapport-application.h"
#include "rapport-composer.h"
#include "rapport-composer-hints.h"
#include "rapport-history-entry.h"
#include "rapport-knowledge-search.h"
#include "rapport-store-suggest.h"
#include "rapport-suggest-values.h"
#include "rapport-suggestions-pane.h"
#include "rapport-template.h"
#include "rapport-test-provider.h"
#include "rapport-ui-test-util.h"
#include "rapport-ui-util.h"

/* Words no demo ticket, canned response or article uses: what the ranker finds for the
 * tickets below comes from the candidates of this test. */
#define FIX_KEY      "zorblax-flicker"
#define FIX_TITLE    "Zorblax flicker fix"
#define FIX_BODY     "Hi {{customer.first_name}},\n\n" \
                     "{{last_contact}}\n\n" \
                     "Sorry that your zorblax lamp flickers. A flickering zorblax lamp needs a " \
                     "new glimmer coil: send us order {{order_number|Order number}} and we ship " \
                     "one today.\n\n{{agent.first_name}}"
#define FIX_SHORT    "Hi {{customer.first_name}}, a flickering zorblax lamp needs a new glimmer " \
                     "coil: what is your order number? {{order_number|Order number}}"
#define MANUAL_TITLE "Zorblax lamp manual"
#define MANUAL_BODY  "The zorblax lamp manual, {{customer.first_name}}: setting up the lamp, " \
                     "cleaning the shade, and the glimmer coil.\n\nChapter two: the base."
#define MANUAL_URL   "https://help.example.org/zorblax-manual"

typedef struct
{
  char             *dir;
  RapportStore     *store;
  RapportAccount   *account;
  RapportProvider  *provider;
  RapportWorkspace *workspace;
  GSettings        *settings;
  RapportTicket    *lamp;       /* Ada's ticket about the zorblax lamp */
  RapportTicket    *other;      /* Ada's ticket about nothing any candidate knows */
  gint64            earlier_at; /* when Ada wrote about her invoice, before both */
  GtkWidget        *window;
  GtkWidget        *overlay;
  RapportOutboxOp  *queued;
} Fixture;

static RapportMessage *
ada_message (const char *remote_id,
             const char *ticket_remote_id,
             const char *body,
             gint64      created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, ticket_remote_id);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_INBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_CUSTOMER);
  rapport_message_set_author_name (message, "Ada Quist");
  rapport_message_set_author_remote_id (message, "ada.quist@example.org");
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  return message;
}

static RapportTicket *
ada_ticket (const char          *remote_id,
            const char          *subject,
            RapportTicketStatus  status,
            gint64               created_at)
{
  RapportTicket *ticket = rapport_ticket_new ();

  rapport_ticket_set_remote_id (ticket, remote_id);
  rapport_ticket_set_subject (ticket, subject);
  rapport_ticket_set_status (ticket, status);
  rapport_ticket_set_channel (ticket, RAPPORT_CHANNEL_EMAIL);
  rapport_ticket_set_requester_remote_id (ticket, "ada.quist@example.org");
  rapport_ticket_set_customer_name (ticket, "Ada Quist");
  rapport_ticket_set_created_at (ticket, created_at);
  rapport_ticket_set_updated_at (ticket, created_at);

  return ticket;
}

static RapportTicket *
find_open_ticket (Fixture    *fixture,
                  const char *remote_id)
{
  g_autoptr(GPtrArray) tickets = rapport_test_load_open_tickets (fixture->store,
                                                                 fixture->account);

  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (tickets->pdata[i]), remote_id) == 0)
      return g_object_ref (tickets->pdata[i]);

  g_error ("No open ticket %s", remote_id);
}

static void
save_candidate (RapportStore         *store,
                RapportCandidateKind  kind,
                const char           *key,
                const char           *title,
                const char           *body,
                const char           *short_body,
                const char           *url)
{
  g_autoptr(RapportCandidate) candidate = rapport_candidate_new (kind, key, title, body);
  g_autoptr(GError) error = NULL;

  rapport_candidate_set_short_body (candidate, short_body);
  rapport_candidate_set_url (candidate, url);
  g_assert_true (rapport_store_save_candidate (store, candidate, &error));
  g_assert_no_error (error);
}

/* Other content of the team, so that words are rare or common as in a real workspace. */
static const char *const filler[][2] = {
  { "Shipping times", "Parcels leave our warehouse within two working days." },
  { "Password reset", "Use the link on the sign-in page to choose a new password." },
  { "Invoice copy", "Your invoices are in your account under Billing." },
  { "Cancel a subscription", "You can cancel your subscription at any time in Settings." },
  { "Change the delivery address", "Write to us before the parcel leaves and we change it." },
  { "Opening hours", "Our team answers from 9:00 to 17:00 on working days." },
  { "Gift cards", "Gift cards are valid for two years from the day of purchase." },
  { "Returns", "You may return an unused item within 30 days for a refund." },
};

/* Past tickets about a flickering lamp, answered with the fix: they vote for it. */
static void
add_past_answers (RapportStore *store,
                  gint64        now)
{
  const char *const first[] = { "The zorblax lamp keeps flickering since yesterday.", NULL };
  const char *const second[] = { "Zorblax flickers when I switch it on, is the lamp broken?", NULL };
  const char *const third[] = { "My new zorblax lamp flicker is driving me mad.", NULL };
  const RapportPastAnswer answers[] = {
    { 0, 0, "p1", "Zorblax lamp flickering", RAPPORT_CHANNEL_EMAIL, NULL, first, FIX_KEY, NULL,
      now - 5 * 24 * 3600 },
    { 0, 0, "p2", "Lamp flickers", RAPPORT_CHANNEL_CHAT, NULL, second, FIX_KEY, NULL,
      now - 9 * 24 * 3600 },
    { 0, 0, "p3", "Flicker", RAPPORT_CHANNEL_EMAIL, NULL, third, FIX_KEY, NULL,
      now - 20 * 24 * 3600 },
  };
  const RapportPastAnswer *pointers[] = { &answers[0], &answers[1], &answers[2] };
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_add_past_answers (store, pointers, G_N_ELEMENTS (pointers), &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportCustomer) ada = rapport_customer_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  fixture->dir = g_dir_make_tmp ("rapport-test-suggestions-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = rapport_test_create_demo_store (fixture->dir, now, &fixture->account);

  /* Ada wrote about her invoice a month ago, then about her lamp, then about nothing. */
  fixture->earlier_at = now - 30 * 24 * 3600;
  rapport_customer_set_remote_id (ada, "ada.quist@example.org");
  rapport_customer_set_display_name (ada, "Ada Quist");
  rapport_customer_add_identity (ada, rapport_identity_new (RAPPORT_CHANNEL_EMAIL,
                                                            "ada.quist@example.org"));
  g_ptr_array_add (page->customers, g_object_ref (ada));
  g_ptr_array_add (page->tickets, ada_ticket ("9000", "Invoice for October",
                                              RAPPORT_TICKET_STATUS_SOLVED,
                                              fixture->earlier_at));
  g_ptr_array_add (page->messages, ada_message ("m-9000", "9000",
                                                "Could you send me the invoice for October?",
                                                fixture->earlier_at));
  g_ptr_array_add (page->tickets, ada_ticket ("9001", "Zorblax lamp flickers",
                                              RAPPORT_TICKET_STATUS_OPEN, now - 3600));
  g_ptr_array_add (page->messages, ada_message ("m-9001", "9001",
                                                "My zorblax lamp flickers all evening. The "
                                                "zorblax flicker started after a week.",
                                                now - 3600));
  g_ptr_array_add (page->tickets, ada_ticket ("9002", "Quibbly wuffle",
                                              RAPPORT_TICKET_STATUS_OPEN, now - 1800));
  g_ptr_array_add (page->messages, ada_message ("m-9002", "9002", "Quibbly wuffle snorkfest.",
                                                now - 1800));
  g_assert_true (rapport_store_apply_page (fixture->store,
                                           rapport_account_get_id (fixture->account), page,
                                           NULL, &error));
  g_assert_no_error (error);

  save_candidate (fixture->store, RAPPORT_CANDIDATE_CANNED, FIX_KEY, FIX_TITLE, FIX_BODY,
                  FIX_SHORT, NULL);
  save_candidate (fixture->store, RAPPORT_CANDIDATE_ARTICLE, "zorblax-manual", MANUAL_TITLE,
                  MANUAL_BODY, NULL, MANUAL_URL);
  for (guint i = 0; i < G_N_ELEMENTS (filler); i++)
    {
      g_autofree char *key = g_strdup_printf ("filler-%u", i);

      save_candidate (fixture->store, RAPPORT_CANDIDATE_CANNED, key, filler[i][0], filler[i][1],
                      NULL, NULL);
    }
  add_past_answers (fixture->store, now);

  fixture->lamp = find_open_ticket (fixture, "9001");
  fixture->other = find_open_ticket (fixture, "9002");

  fixture->provider = rapport_test_provider_new (rapport_account_get_user_remote_id (fixture->account),
                                                 rapport_account_get_user_name (fixture->account));
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account, fixture->provider);

  fixture->settings = g_settings_new (RAPPORT_SETTINGS_SCHEMA_ID);
  g_settings_set_uint (fixture->settings, "undo-send-seconds", 0);
  g_settings_reset (fixture->settings, "hints-jargon");

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      rapport_test_release_and_wait (&fixture->window);
    }
  g_clear_pointer (&fixture->queued, rapport_outbox_op_free);
  rapport_workspace_stop (fixture->workspace);
  rapport_test_release_and_wait (&fixture->workspace);
  g_clear_object (&fixture->provider);
  g_settings_reset (fixture->settings, "undo-send-seconds");
  g_settings_reset (fixture->settings, "hints-jargon");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->lamp);
  g_clear_object (&fixture->other);
  rapport_test_release_and_wait (&fixture->store);
  g_clear_object (&fixture->account);
  rapport_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
on_queued_cb (RapportComposer *composer,
              RapportOutboxOp *op,
              Fixture         *fixture)
{
  g_clear_pointer (&fixture->queued, rapport_outbox_op_free);
  fixture->queued = rapport_outbox_op_copy (op);
}

static void
set_ticket (Fixture         *fixture,
            RapportComposer *composer,
            RapportTicket   *ticket)
{
  g_autoptr(RapportTicketSession) session = rapport_ticket_session_new (fixture->workspace, ticket);

  rapport_composer_set_session (composer, session);
}

static RapportComposer *
show_composer (Fixture       *fixture,
               RapportTicket *ticket)
{
  GtkWidget *composer = rapport_composer_new ();

  fixture->window = g_object_ref (gtk_window_new ());
  fixture->overlay = adw_toast_overlay_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 700);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (fixture->overlay), composer);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->overlay);

  set_ticket (fixture, RAPPORT_COMPOSER (composer), ticket);
  g_signal_connect (composer, "queued", G_CALLBACK (on_queued_cb), fixture);
  gtk_window_present (GTK_WINDOW (fixture->window));

  return RAPPORT_COMPOSER (composer);
}

static RapportSuggestionsPane *
get_pane (RapportComposer *composer)
{
  g_autoptr(GPtrArray) panes = rapport_test_find_widgets (GTK_WIDGET (composer),
                                                          RAPPORT_TYPE_SUGGESTIONS_PANE);

  g_assert_cmpuint (panes->len, ==, 1);
  return panes->pdata[0];
}

static RapportComposerHints *
get_hints (RapportComposer *composer)
{
  g_autoptr(GPtrArray) hints = rapport_test_find_widgets (GTK_WIDGET (composer),
                                                          RAPPORT_TYPE_COMPOSER_HINTS);

  g_assert_cmpuint (hints->len, ==, 1);
  return hints->pdata[0];
}

static GtkTextView *
text_view (RapportComposer *composer)
{
  GtkWidget *view = rapport_test_find_by_accessible_label (GTK_WIDGET (composer),
                                                           GTK_TYPE_TEXT_VIEW, "Reply");

  g_assert_nonnull (view);
  return GTK_TEXT_VIEW (view);
}

static char *
selected_text (RapportComposer *composer)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (composer));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return g_strdup ("");
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
pane_has_rows (gpointer user_data)
{
  RapportSuggestionsPane *pane = user_data;

  return rapport_suggestions_pane_get_n_suggestions (pane) > 0;
}

/* The draft of a new session is read asynchronously: text typed before it came back would be
 * merged with it. */
static gboolean
composer_ready (gpointer user_data)
{
  RapportComposer *composer = user_data;
  RapportTicketSession *session = rapport_composer_get_session (composer);

  return session != NULL && rapport_ticket_session_get_messages (session) != NULL &&
         rapport_ticket_session_get_history (session) != NULL;
}

typedef struct
{
  RapportComposer *composer;
  const char      *text;
} TextWait;

static gboolean
has_text (gpointer user_data)
{
  TextWait *wait = user_data;
  g_autofree char *text = rapport_composer_dup_text (wait->composer);

  return g_strcmp0 (text, wait->text) == 0;
}

static gboolean
has_queued (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->queued != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *prefix;
} LabelWait;

static gboolean
has_label (gpointer user_data)
{
  LabelWait *wait = user_data;

  return rapport_test_find_label_with_prefix (wait->root, wait->prefix) != NULL;
}

/* The text of last_contact for Ada's invoice, as the locale writes the date. */
static char *
expected_last_contact (gint64 earlier_at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (earlier_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;

  date = g_date_time_format (when, g_date_time_get_year (when) == g_date_time_get_year (now)
                                   ? "%-d %B" : "%-d %B %Y");
  return g_strdup_printf ("I see you contacted us on %s about “Invoice for October”.", date);
}

/* The reply Alt+1 gives on Ada's lamp ticket, with the demo account's user signing. */
static char *
expected_fix (Fixture *fixture)
{
  g_autofree char *last_contact = expected_last_contact (fixture->earlier_at);
  g_autofree char *agent = g_strdup (rapport_account_get_user_name (fixture->account));
  char *space = strchr (agent, ' ');

  if (space != NULL)
    *space = '\0';

  return g_strdup_printf ("Hi Ada,\n\n%s\n\nSorry that your zorblax lamp flickers. A flickering "
                          "zorblax lamp needs a new glimmer coil: send us order "
                          "{{order_number|Order number}} and we ship one today.\n\n%s",
                          last_contact, agent);
}

/* ------------------------------------------------------------------------------------------ */

/* The ranker's rows in its order, each with where it comes from, why, and its key. */
static void
test_rows (Fixture       *fixture,
           gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  RapportSuggestionsPane *pane = get_pane (composer);
  RapportSuggestion *first;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *source = NULL;
  g_autofree char *reasons = NULL;
  const char *name;
  guint n;

  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pane)));
  n = rapport_suggestions_pane_get_n_suggestions (pane);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, RAPPORT_SUGGEST_MAX);

  /* The canned response says the most about the lamp: first. */
  first = rapport_suggestions_pane_get_suggestion (pane, 0);
  g_assert_cmpstr (rapport_candidate_get_key (rapport_suggestion_get_candidate (first)), ==,
                   FIX_KEY);
  source = rapport_suggestion_text_source (first);
  g_assert_cmpstr (source, ==, "Canned response");
  reasons = rapport_suggestion_text_reasons (first);
  g_assert_true (g_str_has_prefix (reasons, "Matches “"));
  g_assert_nonnull (strstr (reasons, " · Used on 3 similar tickets"));
  {
    g_autofree char *folded = g_utf8_casefold (reasons, -1);

    g_assert_nonnull (strstr (folded, "zorblax"));
  }

  rows = rapport_test_find_widgets (GTK_WIDGET (pane), GTK_TYPE_LIST_BOX_ROW);
  g_assert_cmpuint (rows->len, ==, n);
  name = rapport_test_get_accessible_label (rows->pdata[0]);
  g_assert_true (g_str_has_prefix (name, "Suggestion 1: " FIX_TITLE ", canned response. Matches “"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (rows->pdata[0], FIX_TITLE));
  g_assert_nonnull (rapport_test_find_label_with_prefix (rows->pdata[0], "Canned response · Matches “"));
  g_assert_nonnull (rapport_test_find_label_with_prefix (rows->pdata[0], "Alt+1"));
  g_assert_nonnull (rapport_test_find_by_accessible_label (rows->pdata[0], GTK_TYPE_MENU_BUTTON,
                                                           "Preview suggestion 1"));

  /* The manual matches too, less: after it, as an article. */
  for (guint i = 1; i < n; i++)
    {
      RapportSuggestion *suggestion = rapport_suggestions_pane_get_suggestion (pane, i);
      g_autofree char *key = g_strdup_printf ("Alt+%u", i + 1);
      g_autofree char *prefix = g_strdup_printf ("Suggestion %u: ", i + 1);

      g_assert_true (g_str_has_prefix (rapport_test_get_accessible_label (rows->pdata[i]), prefix));
      g_assert_nonnull (rapport_test_find_label_with_prefix (rows->pdata[i], key));
      if (g_strcmp0 (rapport_candidate_get_key (rapport_suggestion_get_candidate (suggestion)),
                     "zorblax-manual") == 0)
        g_assert_nonnull (rapport_test_find_label_with_prefix (rows->pdata[i],
                                                               "Knowledge-base article"));
    }
}

/* Alt+1: the rendered text at the cursor, the required field selected, Send refused until it
 * is filled; one step of undo takes it back. */
static void
test_insert (Fixture       *fixture,
             gconstpointer  user_data)
{
  RapportComposer *composer;
  RapportSuggestionsPane *pane;
  GtkTextBuffer *buffer;
  LabelWait toast = { NULL, "Fill in the selected placeholder before sending" };
  g_autofree char *expected = expected_fix (fixture);
  g_autofree char *text = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *filled = NULL;
  GString *replaced;

  rapport_workspace_start (fixture->workspace);
  composer = show_composer (fixture, fixture->lamp);
  toast.root = fixture->overlay;
  pane = get_pane (composer);
  buffer = gtk_text_view_get_buffer (text_view (composer));
  rapport_test_wait_until (composer_ready, composer, 10000, "the ticket's session");
  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions");

  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_1, GDK_ALT_MASK);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, expected);
  selected = selected_text (composer);
  g_assert_cmpstr (selected, ==, "{{order_number|Order number}}");

  /* Send refuses it, and selects the field (checked at once: the X11 primary selection may
   * take a selection away later, when another claim of it arrives). */
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  g_clear_pointer (&selected, g_free);
  selected = selected_text (composer);
  g_assert_cmpstr (selected, ==, "{{order_number|Order number}}");
  rapport_test_wait_until (has_label, &toast, 5000, "the toast about the placeholder");
  g_assert_null (fixture->queued);

  /* Filled in, it goes. */
  replaced = g_string_new (expected);
  g_string_replace (replaced, "{{order_number|Order number}}", "4490", 1);
  filled = g_string_free (replaced, FALSE);
  gtk_text_buffer_set_text (buffer, filled, -1);

  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_Return, GDK_CONTROL_MASK);
  rapport_test_wait_until (has_queued, fixture, 10000, "the reply to be queued");
  g_assert_cmpint (fixture->queued->kind, ==, RAPPORT_OUTBOX_KIND_REPLY);
  g_assert_cmpstr (fixture->queued->body, ==, filled);
}

/* Inserted at the cursor, in place of the selection. */
static void
test_insert_at_cursor (Fixture       *fixture,
                       gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  RapportSuggestionsPane *pane = get_pane (composer);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (composer));
  g_autofree char *expected = expected_fix (fixture);
  g_autofree char *wanted = g_strconcat ("Before. ", expected, " After.", NULL);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  rapport_test_wait_until (composer_ready, composer, 10000, "the ticket's session");
  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions");

  gtk_text_buffer_set_text (buffer, "Before. XXX After.", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 8);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 11);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_assert_true (rapport_suggestions_pane_activate (pane, 0));
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, wanted);

  /* One step takes back both the insertion and the selection it replaced. */
  gtk_text_buffer_undo (buffer);
  g_clear_pointer (&text, g_free);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "Before. XXX After.");
}

/* A ticket nothing fits: no pane at all. */
static void
test_hidden (Fixture       *fixture,
             gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  RapportSuggestionsPane *pane = get_pane (composer);
  g_autoptr(GPtrArray) rows = NULL;

  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions");
  set_ticket (fixture, composer, fixture->other);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pane)));
  rapport_test_wait_until (composer_ready, composer, 10000, "the other ticket's session");
  rapport_test_wait_ms (1000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pane)));

  /* The lamp asked for, and left before its answer came: the answer is dropped. */
  set_ticket (fixture, composer, fixture->lamp);
  rapport_test_wait_until (composer_ready, composer, 10000, "the lamp's session");
  set_ticket (fixture, composer, fixture->other);
  rapport_test_wait_until (composer_ready, composer, 10000, "the other ticket's session");
  rapport_test_wait_ms (1000);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pane)));
  g_assert_cmpuint (rapport_suggestions_pane_get_n_suggestions (pane), ==, 0);
  rows = rapport_test_find_widgets (GTK_WIDGET (pane), GTK_TYPE_LIST_BOX_ROW);
  g_assert_cmpuint (rows->len, ==, 0);
  /* Alt+1 does nothing. */
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_1, GDK_ALT_MASK);
  {
    g_autofree char *text = rapport_composer_dup_text (composer);

    g_assert_cmpstr (text, ==, "");
  }

  /* Back on the lamp: the rows come back. */
  set_ticket (fixture, composer, fixture->lamp);
  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions again");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pane)));
}

static gboolean
popover_shown (gpointer user_data)
{
  GtkWidget *button = user_data;
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* Space on a row shows the text as it would go in, without inserting it; Insert in the preview
 * inserts it. */
static void
test_preview (Fixture       *fixture,
              gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  RapportSuggestionsPane *pane = get_pane (composer);
  g_autofree char *expected = expected_fix (fixture);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GtkWidget *button;
  GtkWidget *insert;
  GtkPopover *popover;
  gboolean handled = FALSE;
  g_autofree char *text = NULL;

  rapport_test_wait_until (composer_ready, composer, 10000, "the ticket's session");
  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions");
  rows = rapport_test_find_widgets (GTK_WIDGET (pane), GTK_TYPE_LIST_BOX_ROW);
  button = rapport_test_find_by_accessible_label (rows->pdata[0], GTK_TYPE_MENU_BUTTON,
                                                  "Preview suggestion 1");
  g_assert_nonnull (button);

  /* Enter on a row (the list activates it) inserts it. */
  g_signal_emit_by_name (gtk_widget_get_parent (rows->pdata[0]), "row-activated", rows->pdata[0]);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, expected);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view (composer)), "", -1);
  g_clear_pointer (&text, g_free);

  /* Space on the focused row. */
  gtk_widget_grab_focus (rows->pdata[0]);
  controllers = gtk_widget_observe_controllers (rows->pdata[0]);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_space, 0, 0, &handled);
    }
  g_assert_true (handled);
  rapport_test_wait_until (popover_shown, button, 5000, "the preview");

  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (popover), expected));
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, "");

  insert = rapport_test_find_by_accessible_label (GTK_WIDGET (popover), GTK_TYPE_BUTTON,
                                                  "Insert suggestion 1");
  g_assert_nonnull (insert);
  g_signal_emit_by_name (insert, "clicked");
  g_clear_pointer (&text, g_free);
  text = rapport_composer_dup_text (composer);
  g_assert_cmpstr (text, ==, expected);
}

/* Another ticket's suggestions show in the rows of the previous one: hidden while they are
 * asked for (no row to reach, nothing to insert), then each named after its own suggestion; a
 * row's preview is made the first time it is shown. */
static void
test_rows_kept (Fixture       *fixture,
                gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  RapportSuggestionsPane *pane = get_pane (composer);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *button;

  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions");
  rows = rapport_test_find_widgets (GTK_WIDGET (pane), GTK_TYPE_LIST_BOX_ROW);
  g_ptr_array_set_free_func (rows, g_object_unref);
  g_assert_cmpuint (rows->len, ==, rapport_suggestions_pane_get_n_suggestions (pane));
  for (guint i = 0; i < rows->len; i++)
    {
      g_object_ref (rows->pdata[i]);
      g_ptr_array_add (names, g_strdup (rapport_test_get_accessible_label (rows->pdata[i])));
    }
  button = rapport_test_find_by_accessible_label (rows->pdata[0], GTK_TYPE_MENU_BUTTON,
                                                  "Preview suggestion 1");
  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));

  /* Another ticket: nothing shown or reachable until its answer comes. */
  set_ticket (fixture, composer, fixture->other);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pane)));
  g_assert_cmpuint (rapport_suggestions_pane_get_n_suggestions (pane), ==, 0);
  g_assert_false (rapport_suggestions_pane_activate (pane, 0));
  g_assert_false (rapport_suggestions_pane_preview (pane, 0));
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (gtk_widget_get_visible (rows->pdata[i]));

  /* Back before that answer: the same rows, each with its name again. */
  set_ticket (fixture, composer, fixture->lamp);
  rapport_test_wait_until (pane_has_rows, pane, 10000, "the suggestions again");
  again = rapport_test_find_widgets (GTK_WIDGET (pane), GTK_TYPE_LIST_BOX_ROW);
  g_assert_cmpuint (again->len, ==, rows->len);
  for (guint i = 0; i < again->len; i++)
    {
      g_assert_true (again->pdata[i] == rows->pdata[i]);
      g_assert_true (gtk_widget_get_visible (again->pdata[i]));
      g_assert_cmpstr (rapport_test_get_accessible_label (again->pdata[i]), ==, names->pdata[i]);
    }

  /* The preview, made now, is the row's. */
  g_assert_true (rapport_suggestions_pane_preview (pane, 0));
  rapport_test_wait_until (popover_shown, button, 5000, "the preview");
  g_assert_nonnull (rapport_test_find_by_accessible_label (
                      GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))),
                      GTK_TYPE_BUTTON, "Insert suggestion 1"));
}

static GtkWidget *
find_button_with_prefix (GtkWidget  *root,
                         const char *prefix)
{
  g_autoptr(GPtrArray) buttons = rapport_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      const char *label = rapport_ui_get_accessible_label (buttons->pdata[i]);

      if (label != NULL && g_str_has_prefix (label, prefix) &&
          gtk_widget_get_mapped (buttons->pdata[i]))
        return buttons->pdata[i];
    }

  return NULL;
}

/* Whether the text of the buffer from character @start to @end carries the hint tag. */
static gboolean
is_underlined (GtkTextBuffer *buffer,
               int            start,
               int            end)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               "rapport-hint");
  GtkTextIter iter;

  g_assert_nonnull (tag);
  for (int i = start; i < end; i++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, i);
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  return TRUE;
}

/* A negative phrase: a hint with its rewrite, which replaces it; dismissed, the kind stays
 * away from the draft; jargon from GSettings. Notes get none. */
static void
test_hints (Fixture       *fixture,
            gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  RapportComposerHints *hints = get_hints (composer);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (composer));
  const char *draft = "Hi Ada,\n\nUnfortunately we can't replace the lamp. "
                      "I will send you a coil tomorrow.";
  const char *negative = "Unfortunately we can't replace the lamp";
  GtkWidget *rewrite;
  GtkWidget *dismiss;
  g_autofree char *text = NULL;
  const char *label;
  int start;

  rapport_test_wait_until (composer_ready, composer, 10000, "the ticket's session");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hints)));

  gtk_text_buffer_set_text (buffer, draft, -1);
  /* Debounced: nothing yet, then the hint. */
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 0);
  rapport_test_wait_ms (RAPPORT_COMPOSER_HINTS_DELAY_MS + 200);
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hints)));
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (hints),
                                                         "Say what you can do rather than what you cannot"));
  start = (int) g_utf8_pointer_to_offset (draft, strstr (draft, negative));
  g_assert_true (is_underlined (buffer, start, start + (int) g_utf8_strlen (negative, -1)));
  g_assert_false (is_underlined (buffer, 0, 2));

  rewrite = find_button_with_prefix (GTK_WIDGET (hints), "Use “");
  g_assert_nonnull (rewrite);
  label = rapport_ui_get_accessible_label (rewrite);
  g_assert_nonnull (strstr (label, "What we can do is"));
  g_signal_emit_by_name (rewrite, "clicked");
  text = rapport_composer_dup_text (composer);
  g_assert_null (strstr (text, "can't"));
  g_assert_nonnull (strstr (text, "What we can do is"));
  /* The slot is the agent's to fill: selected. */
  {
    g_autofree char *selected = selected_text (composer);

    g_assert_cmpstr (selected, ==, "…");
  }
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 0);

  /* Another negative phrase; dismissed, the kind stays dismissed on this draft. */
  gtk_text_buffer_set_text (buffer, "Hi Ada,\n\nWe don't offer spare shades. "
                                    "I will send you a coil tomorrow.", -1);
  rapport_composer_hints_check_now (hints);
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 1);
  dismiss = find_button_with_prefix (GTK_WIDGET (hints), "Dismiss: Say what you can do");
  g_assert_nonnull (dismiss);
  g_signal_emit_by_name (dismiss, "clicked");
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hints)));
  g_assert_false (is_underlined (buffer, 9, 12));
  gtk_text_buffer_set_text (buffer, "Hi Ada,\n\nWe won't sell spare shades. "
                                    "I will send you a coil tomorrow.", -1);
  rapport_composer_hints_check_now (hints);
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 0);

  /* The team's jargon list. */
  g_settings_set_strv (fixture->settings, "hints-jargon",
                       (const char * const[]) { "glimmer coil", NULL });
  gtk_text_buffer_set_text (buffer, "Hi Ada,\n\nI will send you a glimmer coil tomorrow.", -1);
  rapport_composer_hints_check_now (hints);
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 1);
  g_assert_nonnull (rapport_test_find_label_with_prefix (GTK_WIDGET (hints),
                                                         "“glimmer coil” may be jargon"));

  /* A note gets no hints. */
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (hints)));
  rapport_composer_set_visibility (composer, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_cmpuint (rapport_composer_hints_get_n_hints (hints), ==, 1);
}

static gboolean
is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

/* Ctrl+K opens the knowledge search at the text; what it chooses goes in at the cursor: the
 * first paragraph of an article, rendered, or its title and address. */
static void
test_knowledge (Fixture       *fixture,
                gconstpointer  user_data)
{
  RapportComposer *composer = show_composer (fixture, fixture->lamp);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view (composer));
  g_autoptr(GPtrArray) searches = NULL;
  g_autoptr(GPtrArray) entry = NULL;
  TextWait wait;
  LabelWait result;
  GtkWidget *search;

  rapport_test_wait_until (composer_ready, composer, 10000, "the ticket's session");

  gtk_text_buffer_set_text (buffer, "See: ", -1);
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_k, GDK_CONTROL_MASK);
  searches = rapport_test_find_widgets (GTK_WIDGET (text_view (composer)),
                                        RAPPORT_TYPE_KNOWLEDGE_SEARCH);
  g_assert_cmpuint (searches->len, ==, 1);
  search = searches->pdata[0];
  rapport_test_wait_until (is_mapped, search, 5000, "the knowledge search");

  /* Through the search: its answer selects the manual; Enter inserts an excerpt. */
  result.root = search;
  result.prefix = MANUAL_TITLE;
  rapport_test_wait_until (has_label, &result, 5000, "the articles");
  entry = rapport_test_find_widgets (search, GTK_TYPE_SEARCH_ENTRY);
  g_assert_cmpuint (entry->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry->pdata[0]), "zorblax manual");
  g_assert_true (gtk_widget_activate_action (search, "knowledge.insert-excerpt", NULL));
  wait.composer = composer;
  wait.text = "See: The zorblax lamp manual, Ada: setting up the lamp, cleaning the shade, and the "
              "glimmer coil.";
  rapport_test_wait_until (has_text, &wait, 5000, "the excerpt");
  g_assert_false (gtk_widget_get_mapped (search));

  /* A link: the title and the address. */
  gtk_text_buffer_set_text (buffer, "See: ", -1);
  rapport_test_activate_shortcut (GTK_WIDGET (composer), GDK_KEY_k, GDK_CONTROL_MASK);
  rapport_test_wait_until (is_mapped, search, 5000, "the knowledge search again");
  g_assert_true (gtk_widget_activate_action (search, "knowledge.insert-link", NULL));
  wait.text = "See: " MANUAL_TITLE ": " MANUAL_URL;
  rapport_test_wait_until (has_text, &wait, 5000, "the link");
}

/* The values, from plain objects. */
static void
test_values (void)
{
  g_autoptr(RapportTicket) ticket = rapport_ticket_new ();
  g_autoptr(RapportCustomer) customer = rapport_customer_new ();
  g_autoptr(RapportAccount) account = rapport_account_new ("demo", "demo:", "Demo");
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GDateTime) now_dt = g_date_time_new_utc (2026, 12, 7, 10, 0, 0);
  g_autoptr(GDateTime) nov3 = g_date_time_new_utc (2026, 11, 3, 9, 30, 0);
  g_autoptr(GDateTime) last_year = g_date_time_new_utc (2025, 3, 14, 9, 30, 0);
  gint64 now = g_date_time_to_unix (now_dt);
  char *sentence;

  rapport_ticket_set_id (ticket, 12);
  rapport_ticket_set_remote_id (ticket, "1005");
  rapport_ticket_set_created_at (ticket, now - 3600);
  rapport_customer_set_display_name (customer, "  Chloé Silva ");
  rapport_account_set_user_name (account, "Sam Rivera");

  /* Newest first: this ticket's own message, a reply of the team, then the customer's last
   * message on another ticket. */
  g_ptr_array_add (history, rapport_history_entry_new (3, 12, "1005", "Lamp", RAPPORT_TICKET_STATUS_OPEN,
                                                       RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                                                       RAPPORT_VISIBILITY_PUBLIC, "Chloé", "Hello",
                                                       now - 3600));
  g_ptr_array_add (history, rapport_history_entry_new (2, 7, "990", "Your invoice", RAPPORT_TICKET_STATUS_SOLVED,
                                                       RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
                                                       RAPPORT_VISIBILITY_PUBLIC, "Sam", "Here",
                                                       g_date_time_to_unix (nov3) + 60));
  g_ptr_array_add (history, rapport_history_entry_new (1, 7, "990", "Your invoice", RAPPORT_TICKET_STATUS_SOLVED,
                                                       RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                                                       RAPPORT_VISIBILITY_PUBLIC, "Chloé", "Invoice?",
                                                       g_date_time_to_unix (nov3)));

  values = rapport_suggest_values_collect (ticket, customer, account, history, now);
  g_assert_cmpstr (g_hash_table_lookup (values, "customer.first_name"), ==, "Chloé");
  g_assert_cmpstr (g_hash_table_lookup (values, "customer.name"), ==, "Chloé Silva");
  g_assert_cmpstr (g_hash_table_lookup (values, "ticket.id"), ==, "1005");
  g_assert_cmpstr (g_hash_table_lookup (values, "agent.first_name"), ==, "Sam");
  g_assert_cmpstr (g_hash_table_lookup (values, "last_contact"), ==,
                   "I see you contacted us on 3 November about “Your invoice”.");
  g_clear_pointer (&values, g_hash_table_unref);

  /* Another year: with the year. A subject written right to left is isolated. */
  g_ptr_array_set_size (history, 0);
  g_ptr_array_add (history, rapport_history_entry_new (1, 7, "990", "חשבונית\u202e", RAPPORT_TICKET_STATUS_SOLVED,
                                                       RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                                                       RAPPORT_VISIBILITY_PUBLIC, "Chloé", "?",
                                                       g_date_time_to_unix (last_year)));
  sentence = rapport_suggest_values_last_contact (ticket, history, now);
  g_assert_cmpstr (sentence, ==,
                   "I see you contacted us on 14 March 2025 about “\u2068חשבונית\u2069”.");
  g_free (sentence);

  /* Nothing before this ticket: no sentence, and the template still renders. */
  g_ptr_array_set_size (history, 0);
  g_assert_null (rapport_suggest_values_last_contact (ticket, history, now));

  /* Without the customer, the ticket's name for them. */
  rapport_ticket_set_customer_name (ticket, "Chloé Silva");
  values = rapport_suggest_values_collect (ticket, NULL, NULL, NULL, now);
  g_assert_cmpstr (g_hash_table_lookup (values, "customer.first_name"), ==, "Chloé");
  g_assert_cmpstr (g_hash_table_lookup (values, "ticket.id"), ==, "1005");
  g_assert_false (g_hash_table_contains (values, "agent.first_name"));
  g_clear_pointer (&values, g_hash_table_unref);

  /* An address is not a name; the template falls back to a hole for the agent. */
  rapport_customer_set_display_name (customer, "chloe@example.org");
  values = rapport_suggest_values_collect (ticket, customer, NULL, history, now);
  g_assert_false (g_hash_table_contains (values, "customer.first_name"));
  g_assert_false (g_hash_table_contains (values, "customer.name"));
  g_assert_false (g_hash_table_contains (values, "last_contact"));
  {
    g_autoptr(RapportCandidate) candidate = rapport_candidate_new (RAPPORT_CANDIDATE_CANNED, "k", "T",
                                                                   "Hi {{customer.first_name}},\n"
                                                                   "{{last_contact}}\n"
                                                                   "Ticket {{ticket.id}}.");
    g_autoptr(GPtrArray) holes = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    rapport_candidate_set_short_body (candidate, "Chat {{ticket.id}}");
    text = rapport_suggest_render (candidate, RAPPORT_CHANNEL_EMAIL, values, &holes, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "Hi {{customer.first_name}},\nTicket 1005.");
    g_assert_cmpuint (holes->len, ==, 1);
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&holes, g_ptr_array_unref);
    text = rapport_suggest_render (candidate, RAPPORT_CHANNEL_CHAT, values, &holes, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text, ==, "Chat 1005");

    rapport_candidate_set_body (candidate, "Hi {{Customer}}");
    g_clear_pointer (&text, g_free);
    text = rapport_suggest_render (candidate, RAPPORT_CHANNEL_EMAIL, values, NULL, &error);
    g_assert_null (text);
    g_assert_error (error, RAPPORT_TEMPLATE_ERROR, RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER);
  }
}

int
main (int   argc,
      char *argv[])
{
  rapport_test_ui_init (&argc, &argv);

  g_test_add_func ("/rapport/ui/suggestions/values", test_values);
  g_test_add ("/rapport/ui/suggestions/rows", Fixture, NULL,
              fixture_set_up, test_rows, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/insert", Fixture, NULL,
              fixture_set_up, test_insert, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/insert-at-cursor", Fixture, NULL,
              fixture_set_up, test_insert_at_cursor, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/hidden", Fixture, NULL,
              fixture_set_up, test_hidden, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/rows-kept", Fixture, NULL,
              fixture_set_up, test_rows_kept, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/preview", Fixture, NULL,
              fixture_set_up, test_preview, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/knowledge", Fixture, NULL,
              fixture_set_up, test_knowledge, fixture_tear_down);
  g_test_add ("/rapport/ui/suggestions/hints", Fixture, NULL,
              fixture_set_up, test_hints, fixture_tear_down);

  return g_test_run ();
}

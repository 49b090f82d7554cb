/* test-ticket-session.c
 *
 * The ticket session on a temporary store with the story fixtures, and a workspace over a
 * provider whose pulls hand out the pages a test queued (empty pages otherwise). The workspace
 * is never started: nothing is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-ticket-session"

#include "config.h"

#include <locale.h>

#include "rapport-drafts.h"
#include "rapport-outbox.h"
#include "rapport-test-data.h"
#include "rapport-ticket-session.h"
#include "rapport-workspace.h"

/* ---------------------------------------------------------------------------------------------
 * A provider that serves queued pages
 * ------------------------------------------------------------------------------------------- */

#define PAGE_TYPE_PROVIDER (page_provider_get_type ())
G_DECLARE_FINAL_TYPE (PageProvider, page_provider, PAGE, PROVIDER, GObject)

struct _PageProvider
{
  GObject  parent_instance;
  GQueue   pages;     /* RapportSyncPage *, one per pull; then empty pages */
  guint    n_pulls;
  guint    delay_ms;  /* answers each pull after this long */
};

static void page_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PageProvider, page_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      page_provider_iface_init))

static void
page_provider_finalize (GObject *object)
{
  g_queue_clear_full (&PAGE_PROVIDER (object)->pages, (GDestroyNotify) rapport_sync_page_free);

  G_OBJECT_CLASS (page_provider_parent_class)->finalize (object);
}

static void
page_provider_class_init (PageProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = page_provider_finalize;
}

static void
page_provider_init (PageProvider *self)
{
  g_queue_init (&self->pages);
}

static const char *
page_get_kind (RapportProvider *provider)
{
  return "demo";
}

static gboolean
answer_later (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  gpointer page = g_task_get_task_data (task);

  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
  return G_SOURCE_REMOVE;
}

static void
page_pull_changes_async (RapportProvider     *provider,
                         const char          *cursor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  PageProvider *self = PAGE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RapportSyncPage *page = g_queue_pop_head (&self->pages);

  self->n_pulls++;
  if (page == NULL)
    page = rapport_sync_page_new ();
  g_free (page->next_cursor);
  page->next_cursor = g_strdup_printf ("c%u", self->n_pulls);
  if (self->delay_ms > 0)
    {
      g_task_set_task_data (task, page, NULL);
      g_timeout_add (self->delay_ms, answer_later, g_object_ref (task));
      return;
    }
  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
}

static RapportSyncPage *
page_pull_changes_finish (RapportProvider  *provider,
                          GAsyncResult     *result,
                          GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
page_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = page_get_kind;
  iface->pull_changes_async = page_pull_changes_async;
  iface->pull_changes_finish = page_pull_changes_finish;
}

/* ---------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  char             *dir;
  RapportStore     *store;
  gint64            account_id;
  RapportAccount   *account;
  PageProvider     *provider;
  RapportWorkspace *workspace;
} Fixture;

static RapportAccount *
load_account (RapportStore *store,
              gint64        account_id)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = rapport_store_list_accounts (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    if (rapport_account_get_id (accounts->pdata[i]) == account_id)
      return g_object_ref (accounts->pdata[i]);

  g_assert_not_reached ();
}

static void
apply (Fixture         *fixture,
       RapportSyncPage *page)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();

  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  apply (fixture, page);
  fixture->account = load_account (fixture->store, fixture->account_id);
  fixture->provider = g_object_new (PAGE_TYPE_PROVIDER, NULL);
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account,
                                              RAPPORT_PROVIDER (fixture->provider));
  /* The story's "changed" signals. */
  test_run_for (20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&fixture->workspace));
  test_run_for (5);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->account);
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static RapportTicket *
load_ticket (Fixture    *fixture,
             const char *remote_id)
{
  return test_load_ticket (fixture->store, fixture->account_id, remote_id);
}

static gint64
customer_of (Fixture    *fixture,
             const char *remote_id)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, remote_id);

  return rapport_ticket_get_customer_id (ticket);
}

/* Counts the loads a session starts ("loading" becoming TRUE) and the customers it publishes. */
typedef struct
{
  guint      n_loads;
  guint      n_messages;
  GPtrArray *customers;  /* (element-type RapportCustomer), each one published */
} Watch;

static void
on_loading_cb (RapportTicketSession *session,
               GParamSpec           *pspec,
               Watch                *watch)
{
  if (rapport_ticket_session_get_loading (session))
    watch->n_loads++;
}

static void
on_messages_cb (RapportTicketSession *session,
                GParamSpec           *pspec,
                Watch                *watch)
{
  watch->n_messages++;
}

static void
on_customer_cb (RapportTicketSession *session,
                GParamSpec           *pspec,
                Watch                *watch)
{
  if (rapport_ticket_session_get_customer (session) != NULL)
    g_ptr_array_add (watch->customers, g_object_ref (rapport_ticket_session_get_customer (session)));
}

static RapportTicketSession *
new_watched_session (Fixture       *fixture,
                     RapportTicket *ticket,
                     Watch         *watch)
{
  RapportTicketSession *session;

  watch->customers = g_ptr_array_new_with_free_func (g_object_unref);
  session = rapport_ticket_session_new (fixture->workspace, ticket);
  g_signal_connect (session, "notify::loading", G_CALLBACK (on_loading_cb), watch);
  g_signal_connect (session, "notify::messages", G_CALLBACK (on_messages_cb), watch);
  g_signal_connect (session, "notify::customer", G_CALLBACK (on_customer_cb), watch);

  return session;
}

static void
drop_session (RapportTicketSession **session,
              Watch                 *watch)
{
  g_signal_handlers_disconnect_by_data (*session, watch);
  g_assert_finalize_object (g_steal_pointer (session));
  g_clear_pointer (&watch->customers, g_ptr_array_unref);
}

static RapportMessage *
message_on (const char *ticket_remote_id,
            const char *remote_id,
            const char *author_name,
            const char *author_remote_id,
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
  rapport_message_set_author_name (message, author_name);
  rapport_message_set_author_remote_id (message, author_remote_id);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  return message;
}

static RapportSyncPage *
page_with_message (RapportMessage *message)
{
  RapportSyncPage *page = rapport_sync_page_new ();

  g_ptr_array_add (page->messages, message);

  return page;
}

static void
apply_message (Fixture        *fixture,
               RapportMessage *message)
{
  g_autoptr(RapportSyncPage) page = page_with_message (message);

  apply (fixture, page);
}

/* ---------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------- */

static void
test_new_destroy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);

  g_assert_true (rapport_ticket_session_get_loading (session));
  g_assert_true (rapport_ticket_session_get_ticket (session) == ticket);
  g_assert_true (rapport_ticket_session_get_workspace (session) == fixture->workspace);
  g_assert_true (rapport_ticket_session_get_store (session) == fixture->store);
  g_assert_null (rapport_ticket_session_get_messages (session));
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_finalize_object (session);
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RapportTicket) full = load_ticket (fixture, "1005");
  g_autoptr(RapportTicket) ticket = rapport_ticket_new_placeholder (rapport_ticket_get_id (full));
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  GPtrArray *messages;
  GPtrArray *history;
  Watch watch = { 0, };

  g_signal_connect (session, "notify::loading", G_CALLBACK (on_loading_cb), &watch);

  /* A placeholder: the customer is known once the row came. */
  g_assert_cmpint (rapport_ticket_session_get_customer_id (session), ==, 0);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);

  /* A placeholder is its list's to fill (with the rows around it); the session goes by the
   * row it read. */
  g_assert_false (rapport_ticket_get_loaded (ticket));
  g_assert_cmpint (rapport_ticket_session_get_customer_id (session), ==,
                   rapport_ticket_get_customer_id (full));

  messages = rapport_ticket_session_get_messages (session);
  g_assert_nonnull (messages);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (rapport_message_get_remote_id (messages->pdata[0]), ==, "m1005-1");
  g_assert_nonnull (rapport_ticket_session_get_ops (session));
  g_assert_cmpuint (rapport_ticket_session_get_ops (session)->len, ==, 0);
  g_assert_null (rapport_ticket_session_get_error (session));

  g_assert_nonnull (rapport_ticket_session_get_customer (session));
  g_assert_cmpstr (rapport_customer_get_display_name (rapport_ticket_session_get_customer (session)),
                   ==, "Chloé Silva");
  history = rapport_ticket_session_get_history (session);
  g_assert_nonnull (history);
  /* Her five tickets' thirteen messages, newest first. */
  g_assert_cmpuint (history->len, ==, 13);
  g_assert_cmpstr (rapport_history_entry_get_ticket_subject (history->pdata[0]), ==,
                   "Cancel my subscription before renewal");
  g_assert_null (rapport_ticket_session_get_customer_error (session));
  g_assert_cmpuint (watch.n_loads, ==, 0);

  g_signal_handlers_disconnect_by_data (session, &watch);
  g_assert_finalize_object (session);
}

/* @n more messages of Chloé on ticket 1001, older than the story's. */
static void
add_old_messages (Fixture *fixture,
                  guint    n)
{
  g_autoptr(RapportSyncPage) page = test_old_messages_page ("1001", n);

  apply (fixture, page);
}

static void
on_history_cb (RapportTicketSession *session,
               GParamSpec           *pspec,
               guint                *n_changes)
{
  (*n_changes)++;
}

static void
wait_loaded (RapportTicketSession *session)
{
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  /* A page more under way comes back from the store's worker. */
  test_run_for (20);
}

/* A long history comes a page at a time; a reload keeps the pages loaded. */
static void
test_history_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  const guint page = RAPPORT_TICKET_SESSION_HISTORY_PAGE;
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  RapportTicketSession *session;
  GPtrArray *history;
  guint n_changes = 0;
  guint total = 13 + 2 * page + 50;

  add_old_messages (fixture, 2 * page + 50);
  test_run_for (20);
  session = rapport_ticket_session_new (fixture->workspace, ticket);
  g_signal_connect (session, "notify::history", G_CALLBACK (on_history_cb), &n_changes);
  /* Nothing to add to before the first page. */
  rapport_ticket_session_load_more_history (session);
  wait_loaded (session);

  /* The first page: the newest entries, and the whole count. */
  history = rapport_ticket_session_get_history (session);
  g_assert_cmpuint (history->len, ==, page);
  g_assert_false (rapport_ticket_session_get_history_complete (session));
  g_assert_cmpuint (rapport_ticket_session_get_history_total (session), ==, total);
  g_assert_cmpstr (rapport_history_entry_get_ticket_subject (history->pdata[0]), ==,
                   "Cancel my subscription before renewal");
  g_assert_cmpuint (n_changes, ==, 1);

  /* One page more; asking again while it loads does nothing. */
  rapport_ticket_session_load_more_history (session);
  rapport_ticket_session_load_more_history (session);
  TEST_WAIT_FOR (rapport_ticket_session_get_history (session)->len != page, 5000);
  test_run_for (20);
  history = rapport_ticket_session_get_history (session);
  g_assert_cmpuint (history->len, ==, 2 * page);
  g_assert_false (rapport_ticket_session_get_history_complete (session));
  test_assert_history_order (history);
  g_assert_cmpuint (n_changes, ==, 2);

  /* A reload reads both pages again, and replaces nothing that did not change. */
  rapport_ticket_session_reload (session);
  wait_loaded (session);
  g_assert_true (rapport_ticket_session_get_history (session) == history);
  g_assert_cmpuint (n_changes, ==, 2);

  /* A page asked for while a load is under way is not read. */
  rapport_ticket_session_reload (session);
  rapport_ticket_session_load_more_history (session);
  wait_loaded (session);
  g_assert_cmpuint (rapport_ticket_session_get_history (session)->len, ==, 2 * page);

  /* A load started while a page more is read supersedes it, and reads that page too. */
  rapport_ticket_session_load_more_history (session);
  rapport_ticket_session_reload (session);
  wait_loaded (session);
  history = rapport_ticket_session_get_history (session);
  g_assert_cmpuint (history->len, ==, total);
  g_assert_true (rapport_ticket_session_get_history_complete (session));
  test_assert_history_order (history);
  g_assert_cmpstr (rapport_history_entry_get_summary (history->pdata[total - 1]), ==,
                   "Old message 0");

  /* Everything is in: asking for more does nothing. */
  rapport_ticket_session_load_more_history (session);
  wait_loaded (session);
  g_assert_true (rapport_ticket_session_get_history (session) == history);

  /* A new message: the reload keeps the three pages and adds it on top. */
  apply_message (fixture, message_on ("1005", "m1005-new", "Chloé Silva", NULL, "One more thing",
                                      TEST_ANCHOR + TEST_HOUR));
  TEST_WAIT_FOR (rapport_ticket_session_get_history (session) != history, 5000);
  wait_loaded (session);
  history = rapport_ticket_session_get_history (session);
  g_assert_cmpuint (history->len, ==, total + 1);
  g_assert_cmpuint (rapport_ticket_session_get_history_total (session), ==, total + 1);
  g_assert_cmpstr (rapport_history_entry_get_summary (history->pdata[0]), ==, "One more thing");

  g_signal_handlers_disconnect_by_data (session, &n_changes);
  g_assert_finalize_object (session);
}

/* Reloaded with two pages loaded, a new entry on top pushes the oldest loaded one out: still
 * two pages. */
static void
test_history_pages_kept (Fixture       *fixture,
                         gconstpointer  data)
{
  const guint page = RAPPORT_TICKET_SESSION_HISTORY_PAGE;
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  RapportTicketSession *session;
  GPtrArray *history;
  RapportHistoryEntry *second;

  add_old_messages (fixture, 3 * page);
  test_run_for (20);
  session = rapport_ticket_session_new (fixture->workspace, ticket);
  wait_loaded (session);
  rapport_ticket_session_load_more_history (session);
  TEST_WAIT_FOR (rapport_ticket_session_get_history (session)->len == 2 * page, 5000);
  history = rapport_ticket_session_get_history (session);
  second = g_object_ref (history->pdata[1]);

  apply_message (fixture, message_on ("1005", "m1005-new", "Chloé Silva", NULL, "One more thing",
                                      TEST_ANCHOR + TEST_HOUR));
  TEST_WAIT_FOR (rapport_ticket_session_get_history (session) != history, 5000);
  wait_loaded (session);
  history = rapport_ticket_session_get_history (session);
  g_assert_cmpuint (history->len, ==, 2 * page);
  g_assert_false (rapport_ticket_session_get_history_complete (session));
  g_assert_cmpuint (rapport_ticket_session_get_history_total (session), ==, 13 + 3 * page + 1);
  g_assert_cmpstr (rapport_history_entry_get_summary (history->pdata[0]), ==, "One more thing");
  g_assert_cmpint (rapport_history_entry_get_message_id (history->pdata[2]), ==,
                   rapport_history_entry_get_message_id (second));
  test_assert_history_order (history);

  g_object_unref (second);
  g_assert_finalize_object (session);
}

static void
test_reload_coalesced (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  RapportTicketSession *session = NULL;
  g_autoptr(RapportAccount) other = rapport_account_new ("demo", NULL, "Other");
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, };
  GPtrArray *before;
  GPtrArray *after;

  session = new_watched_session (fixture, ticket, &watch);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  /* (the first load starts before anyone can watch) */
  g_assert_cmpuint (watch.n_loads, ==, 0);
  before = rapport_ticket_session_get_messages (session);

  /* A sync of another account: nothing of this ticket changes, nothing is reloaded. */
  g_assert_true (rapport_store_add_account (fixture->store, other, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    test_add_customer (page, "someone", "Some One", NULL, "email", "some@one.example", NULL);
    g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (other),
                                             page, NULL, &error));
    g_assert_no_error (error);
  }
  test_run_for (2 * RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS);
  g_assert_cmpuint (watch.n_loads, ==, 0);

  /* Five pages of this account, 20 ms apart: one reload once they calm down. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("in-%u", i);
      g_autoptr(RapportSyncPage) page = NULL;

      page = page_with_message (message_on ("1005", remote_id, "Chloé Silva",
                                            "chloe.silva@northwind-bakery.example", "And another thing",
                                            TEST_ANCHOR + i));
      apply (fixture, page);
      test_run_for (20);
    }
  TEST_WAIT_FOR (rapport_ticket_session_get_messages (session)->len == 6, 5000);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  test_run_for (2 * RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS);
  g_assert_cmpuint (watch.n_loads, ==, 1);
  /* (the first publication, and this one) */
  g_assert_cmpuint (watch.n_messages, ==, 2);
  after = rapport_ticket_session_get_messages (session);
  g_assert_true (after != before);

  /* Reloading what did not change replaces nothing. */
  rapport_ticket_session_reload (session);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_cmpuint (watch.n_loads, ==, 2);
  g_assert_true (rapport_ticket_session_get_messages (session) == after);
  g_assert_cmpuint (watch.n_messages, ==, 2);

  drop_session (&session, &watch);
}

static void
test_stale_customer (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  gint64 chloe = rapport_ticket_get_customer_id (ticket);
  gint64 liam = customer_of (fixture, "2002");
  gint64 nora = customer_of (fixture, "3001");
  RapportTicketSession *session = NULL;
  Watch watch = { 0, };

  g_assert_cmpint (chloe, !=, liam);
  g_assert_cmpint (nora, !=, liam);

  /* The object says Liam (it was loaded before the ticket changed hands); the row says Chloé.
   * Liam's customer load starts at once but is stale when the row comes: it is never
   * published, whenever it finishes. */
  rapport_ticket_set_customer_id (ticket, liam);
  session = new_watched_session (fixture, ticket, &watch);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_cmpint (rapport_ticket_get_customer_id (ticket), ==, chloe);
  g_assert_cmpuint (watch.customers->len, ==, 1);
  g_assert_cmpint (rapport_customer_get_id (watch.customers->pdata[0]), ==, chloe);
  g_assert_cmpuint (rapport_ticket_session_get_history (session)->len, ==, 13);

  /* The ticket goes to Nora while the session is open: her customer and history replace
   * Chloé's. Loads asked for before are superseded: only the last one publishes. */
  {
    g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

    test_add_customer (page, "nora", "Nora Jensen", NULL, "email", "nora@jensen.example", NULL);
    test_add_ticket (page, "1005", "Cancel my subscription before renewal",
                     RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL, "nora", TEST_AGENT,
                     TEST_ANCHOR - 2 * TEST_HOUR, TEST_ANCHOR, 0);
    apply (fixture, page);
  }
  rapport_ticket_session_reload (session);
  rapport_ticket_session_reload (session);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_cmpint (rapport_ticket_get_customer_id (ticket), ==, nora);
  g_assert_cmpuint (watch.customers->len, ==, 2);
  g_assert_cmpint (rapport_customer_get_id (watch.customers->pdata[1]), ==, nora);
  g_assert_cmpstr (rapport_customer_get_display_name (rapport_ticket_session_get_customer (session)),
                   ==, "Nora Jensen");
  /* Her three messages on 3001 and 3002, and 1005's. */
  g_assert_cmpuint (rapport_ticket_session_get_history (session)->len, ==, 5);
  g_assert_cmpuint (watch.n_loads, ==, 1);

  /* The "changed" of the page reloads once more, to the same. */
  test_run_for (2 * RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_cmpint (rapport_customer_get_id (rapport_ticket_session_get_customer (session)), ==,
                   nora);

  drop_session (&session, &watch);
}

typedef struct
{
  gboolean   done;
  GPtrArray *messages;
  GError    *error;
} CheckResult;

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CheckResult *check = user_data;

  check->messages = rapport_ticket_session_check_collisions_finish (RAPPORT_TICKET_SESSION (source),
                                                                    result, &check->error);
  check->done = TRUE;
}

static GPtrArray *
check_collisions (RapportTicketSession *session)
{
  CheckResult check = { 0, };

  rapport_ticket_session_check_collisions_async (session, NULL, on_checked_cb, &check);
  TEST_WAIT_FOR (check.done, 10000);
  g_assert_no_error (check.error);
  g_assert_nonnull (check.messages);

  return check.messages;
}

static void
test_collisions (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  g_autoptr(GPtrArray) unseen = NULL;
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);

  /* Nothing new. */
  unseen = check_collisions (session);
  g_assert_cmpuint (unseen->len, ==, 0);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 1);
  g_clear_pointer (&unseen, g_ptr_array_unref);

  /* Chloé writes meanwhile: the pull before sending brings it. */
  g_queue_push_tail (&fixture->provider->pages,
                     page_with_message (message_on ("1005", "in-new", "Chloé Silva",
                                                    "chloe.silva@northwind-bakery.example",
                                                    "Wait, don't cancel!", TEST_ANCHOR)));
  unseen = check_collisions (session);
  g_assert_cmpuint (fixture->provider->n_pulls, ==, 2);
  g_assert_cmpuint (unseen->len, ==, 1);
  g_assert_cmpstr (rapport_message_get_body (unseen->pdata[0]), ==, "Wait, don't cancel!");
  g_clear_pointer (&unseen, g_ptr_array_unref);

  /* Seen now (and published): the next check finds nothing. */
  TEST_WAIT_FOR (rapport_ticket_session_get_messages (session)->len == 2, 5000);
  unseen = check_collisions (session);
  g_assert_cmpuint (unseen->len, ==, 0);
  g_clear_pointer (&unseen, g_ptr_array_unref);

  /* The agent's own message, written elsewhere, is no collision; another agent's is, even
   * before the session published it. */
  apply_message (fixture, message_on ("1005", "out-own", "Sam Rivera", TEST_AGENT,
                                                 "Sent from the web UI.", TEST_ANCHOR + 1));
  apply_message (fixture, message_on ("1005", "out-lee", "Lee Fontaine", "lee.agent",
                                                 "I already refunded her.", TEST_ANCHOR + 2));
  unseen = check_collisions (session);
  g_assert_cmpuint (unseen->len, ==, 1);
  g_assert_cmpstr (rapport_message_get_author_name (unseen->pdata[0]), ==, "Lee Fontaine");

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_finalize_object (session);
}

typedef struct
{
  guint              n_done;
  char              *text;
  RapportVisibility  visibility;
  RapportOutboxOp   *op;
  GError            *error;
} Results;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Results *results = user_data;

  g_assert_true (rapport_ticket_session_save_draft_finish (RAPPORT_TICKET_SESSION (source), result,
                                                           &results->error));
  results->n_done++;
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Results *results = user_data;

  g_free (results->text);
  results->text = rapport_ticket_session_load_draft_finish (RAPPORT_TICKET_SESSION (source),
                                                            result, &results->visibility,
                                                            &results->error);
  results->n_done++;
}

static void
on_appended_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Results *results = user_data;

  g_assert_true (rapport_ticket_session_append_to_draft_finish (RAPPORT_TICKET_SESSION (source),
                                                                result, &results->error));
  results->n_done++;
}

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Results *results = user_data;

  g_assert_true (rapport_ticket_session_delete_draft_finish (RAPPORT_TICKET_SESSION (source),
                                                             result, &results->error));
  results->n_done++;
}

static void
on_enqueued_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Results *results = user_data;

  g_clear_pointer (&results->op, rapport_outbox_op_free);
  results->op = rapport_ticket_session_enqueue_message_finish (RAPPORT_TICKET_SESSION (source),
                                                               result, &results->error);
  results->n_done++;
}

static char *
stored_draft (Fixture           *fixture,
              RapportTicket     *ticket,
              RapportVisibility *visibility)
{
  g_autoptr(GError) error = NULL;
  char *draft;

  draft = rapport_drafts_load (fixture->store, fixture->account_id,
                                     rapport_ticket_get_id (ticket), visibility, NULL, &error);
  g_assert_no_error (error);

  return draft;
}

/* ---------------------------------------------------------------------------------------------
 * Paged messages
 * ------------------------------------------------------------------------------------------- */

/* Ticket "7001" of Ana with @n messages "message 0" … (oldest first, one a minute). */
static RapportTicket *
add_long_ticket (Fixture *fixture,
                 guint    n)
{
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();

  test_add_customer (page, "ana", "Ana", NULL, "email", "ana@example.com", NULL);
  test_add_ticket (page, "7001", "A long one", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                   "ana", TEST_AGENT, TEST_ANCHOR - TEST_DAY, TEST_ANCHOR - TEST_DAY, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("m%u", i);
      g_autofree char *body = g_strdup_printf ("message %u", i);

      test_add_message (page, remote_id, "7001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                        RAPPORT_VISIBILITY_PUBLIC, "Ana", "ana", body,
                        TEST_ANCHOR - TEST_DAY + i * TEST_MINUTE);
    }
  apply (fixture, page);
  test_run_for (20);

  return load_ticket (fixture, "7001");
}

static void
assert_messages (RapportTicketSession *session,
                 guint                 first,
                 guint                 n)
{
  GPtrArray *messages = rapport_ticket_session_get_messages (session);
  g_autofree char *oldest = g_strdup_printf ("message %u", first);
  g_autofree char *newest = g_strdup_printf ("message %u", first + n - 1);

  g_assert_nonnull (messages);
  g_assert_cmpuint (messages->len, ==, n);
  g_assert_cmpstr (rapport_message_get_body (messages->pdata[0]), ==, oldest);
  g_assert_cmpstr (rapport_message_get_body (messages->pdata[n - 1]), ==, newest);
}

static gboolean
n_messages_is (RapportTicketSession *session,
               guint                 n)
{
  GPtrArray *messages = rapport_ticket_session_get_messages (session);

  return messages != NULL && messages->len == n;
}

static void
on_complete_cb (GObject    *object,
                GParamSpec *pspec,
                guint      *n_notified)
{
  (*n_notified)++;
}

static void
test_message_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = add_long_ticket (fixture, 450);
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  g_autoptr(GPtrArray) unseen = NULL;
  guint n_complete = 0;

  g_signal_connect (session, "notify::messages-complete", G_CALLBACK (on_complete_cb),
                    &n_complete);

  /* Asking before anything is shown does nothing. */
  rapport_ticket_session_load_older_messages (session);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  assert_messages (session, 450 - RAPPORT_TICKET_SESSION_MESSAGES_PAGE,
                   RAPPORT_TICKET_SESSION_MESSAGES_PAGE);
  g_assert_false (rapport_ticket_session_get_messages_complete (session));

  /* The older ones were never shown: Ana's old messages are no collision. */
  unseen = check_collisions (session);
  g_assert_cmpuint (unseen->len, ==, 0);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);

  /* One more page; asking again while it is read does nothing. */
  rapport_ticket_session_load_older_messages (session);
  rapport_ticket_session_load_older_messages (session);
  TEST_WAIT_FOR (n_messages_is (session, 400), 5000);
  test_run_for (50);
  assert_messages (session, 50, 400);
  g_assert_false (rapport_ticket_session_get_messages_complete (session));
  g_assert_cmpuint (n_complete, ==, 0);

  /* A store change reloads the same number of pages, the newest message in. */
  apply_message (fixture, message_on ("7001", "m-new", "Ana", "ana", "message 450",
                                      TEST_ANCHOR));
  TEST_WAIT_FOR (rapport_ticket_session_get_loading (session), 5000);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  assert_messages (session, 51, 400);
  g_assert_false (rapport_ticket_session_get_messages_complete (session));

  /* The last page, asked for just before a reload: the reload reads the pages asked for, and
   * the read it superseded is dropped. Complete, and asking for more does nothing. */
  rapport_ticket_session_load_older_messages (session);
  rapport_ticket_session_reload (session);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  test_run_for (50);
  assert_messages (session, 0, 451);
  g_assert_true (rapport_ticket_session_get_messages_complete (session));
  g_assert_cmpuint (n_complete, ==, 1);
  rapport_ticket_session_load_older_messages (session);
  test_run_for (50);
  assert_messages (session, 0, 451);

  g_signal_handlers_disconnect_by_data (session, &n_complete);
  g_assert_finalize_object (session);
}

/* A short ticket is complete at once. */
static void
test_message_pages_short (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1002");
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  gboolean complete = FALSE;

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_true (rapport_ticket_session_get_messages_complete (session));
  g_object_get (session, "messages-complete", &complete, NULL);
  g_assert_true (complete);
  g_assert_cmpuint (rapport_ticket_session_get_messages (session)->len, ==, 3);
  g_assert_finalize_object (session);
}

static void
test_draft (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  RapportVisibility visibility = RAPPORT_VISIBILITY_PUBLIC;
  Results results = { 0, };
  g_autofree char *stored = NULL;

  /* None yet. */
  rapport_ticket_session_load_draft_async (session, NULL, on_loaded_cb, &results);
  TEST_WAIT_FOR (results.n_done == 1, 5000);
  g_assert_no_error (results.error);
  g_assert_null (results.text);
  g_assert_null (rapport_ticket_session_get_draft (session));

  /* Saved, then read back with its visibility: in the order asked for. */
  rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_INTERNAL, "Half a thought",
                                           NULL, on_saved_cb, &results);
  rapport_ticket_session_load_draft_async (session, NULL, on_loaded_cb, &results);
  TEST_WAIT_FOR (results.n_done == 3, 5000);
  g_assert_no_error (results.error);
  g_assert_cmpstr (results.text, ==, "Half a thought");
  g_assert_cmpint (results.visibility, ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpstr (rapport_ticket_session_get_draft (session), ==, "Half a thought");
  g_assert_cmpint (rapport_ticket_session_get_draft_visibility (session), ==,
                   RAPPORT_VISIBILITY_INTERNAL);
  stored = stored_draft (fixture, ticket, &visibility);
  g_assert_cmpstr (stored, ==, "Half a thought");
  g_assert_cmpint (visibility, ==, RAPPORT_VISIBILITY_INTERNAL);
  g_clear_pointer (&stored, g_free);

  /* A text given back goes at the end; the draft keeps its visibility. */
  rapport_ticket_session_append_to_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, "and more",
                                                NULL, on_appended_cb, &results);
  TEST_WAIT_FOR (results.n_done == 4, 5000);
  stored = stored_draft (fixture, ticket, &visibility);
  g_assert_cmpstr (stored, ==, "Half a thought" RAPPORT_TICKET_SESSION_TEXT_SEPARATOR "and more");
  g_assert_cmpint (visibility, ==, RAPPORT_VISIBILITY_INTERNAL);
  g_clear_pointer (&stored, g_free);

  /* Deleted. */
  rapport_ticket_session_delete_draft_async (session, NULL, on_deleted_cb, &results);
  TEST_WAIT_FOR (results.n_done == 5, 5000);
  stored = stored_draft (fixture, ticket, NULL);
  g_assert_null (stored);
  g_assert_null (rapport_ticket_session_get_draft (session));

  /* A draft saved just before a send cannot land after the send took it away. */
  for (guint i = 0; i < 5; i++)
    {
      rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, "Sending this",
                                               NULL, on_saved_cb, &results);
      rapport_ticket_session_enqueue_message_async (session, RAPPORT_VISIBILITY_PUBLIC,
                                                    "Sending this", 10000, NULL,
                                                    on_enqueued_cb, &results);
      TEST_WAIT_FOR (results.n_done == 7 + 2 * i, 5000);
      g_assert_no_error (results.error);
      g_assert_nonnull (results.op);
      g_assert_cmpint (results.op->state, ==, RAPPORT_OUTBOX_STATE_HELD);
      stored = stored_draft (fixture, ticket, NULL);
      g_assert_null (stored);
    }
  g_assert_null (rapport_ticket_session_get_draft (session));

  /* The next session of the ticket (the agent came back to it) reads what the last one was
   * asked to save, even when it asks at once. */
  {
    RapportTicketSession *next = rapport_ticket_session_new (fixture->workspace, ticket);

    rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, "For later", NULL,
                                             on_saved_cb, &results);
    rapport_ticket_session_load_draft_async (next, NULL, on_loaded_cb, &results);
    TEST_WAIT_FOR (results.n_done == 17, 5000);
    g_assert_no_error (results.error);
    g_assert_cmpstr (results.text, ==, "For later");
    TEST_WAIT_FOR (!rapport_ticket_session_get_loading (next), 5000);
    g_assert_finalize_object (next);
  }

  g_clear_pointer (&results.op, rapport_outbox_op_free);
  g_free (results.text);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  test_run_for (2 * RAPPORT_TICKET_SESSION_RELOAD_DELAY_MS);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_finalize_object (session);
}

typedef struct
{
  Results *results;
  guint    n_done;  /* the writes ended when the wait did */
  gboolean ended;
} Wait;

static void
on_writes_waited_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_ticket_session_wait_for_writes_finish (RAPPORT_STORE (source), result,
                                                                &error));
  g_assert_no_error (error);
  wait->n_done = wait->results->n_done;
  wait->ended = TRUE;
}

/* A wait for the writes of a store's sessions ends once those asked before it ended, of
 * every session, and not the ones asked after it. */
static void
test_wait_for_writes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  g_autoptr(RapportTicket) other_ticket = load_ticket (fixture, "1002");
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  RapportTicketSession *other = rapport_ticket_session_new (fixture->workspace, other_ticket);
  Results results = { 0, };
  Wait wait = { &results, 0, FALSE };
  g_autofree char *stored = NULL;

  /* Nothing asked: it ends at once. */
  rapport_ticket_session_wait_for_writes_async (fixture->store, NULL, on_writes_waited_cb, &wait);
  TEST_WAIT_FOR (wait.ended, 5000);
  g_assert_cmpuint (wait.n_done, ==, 0);

  wait.ended = FALSE;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *body = g_strdup_printf ("Draft %u", i);

      rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, body, NULL,
                                               on_saved_cb, &results);
      rapport_ticket_session_save_draft_async (other, RAPPORT_VISIBILITY_PUBLIC, body, NULL,
                                               on_saved_cb, &results);
    }
  rapport_ticket_session_wait_for_writes_async (fixture->store, NULL, on_writes_waited_cb, &wait);
  rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, "Later", NULL,
                                           on_saved_cb, &results);
  TEST_WAIT_FOR (wait.ended, 5000);
  g_assert_cmpuint (wait.n_done, ==, 6);
  g_assert_no_error (results.error);
  TEST_WAIT_FOR (results.n_done == 7, 5000);
  stored = stored_draft (fixture, ticket, NULL);
  g_assert_cmpstr (stored, ==, "Later");

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (other), 5000);
  g_assert_finalize_object (session);
  g_assert_finalize_object (other);
}

static void
on_update_enqueued_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Results *results = user_data;

  g_clear_pointer (&results->op, rapport_outbox_op_free);
  results->op = rapport_ticket_session_enqueue_update_finish (RAPPORT_TICKET_SESSION (source),
                                                              result, &results->error);
  results->n_done++;
}

static void
on_undone_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Results *results = user_data;

  g_free (results->text);
  results->text = rapport_ticket_session_undo_finish (RAPPORT_TICKET_SESSION (source), result,
                                                      &results->error);
  results->n_done++;
}

static void
test_writes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "2002");
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  GPtrArray *ops;
  Results results = { 0, };

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);

  /* An update: done once the ticket object shows it, and the session lists its op. */
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->assignee_remote_id = g_strdup ("lee.agent");
  rapport_ticket_session_enqueue_update_async (session, changes, NULL, on_update_enqueued_cb,
                                               &results);
  TEST_WAIT_FOR (results.n_done == 1, 5000);
  g_assert_no_error (results.error);
  g_assert_nonnull (results.op);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, "lee.agent");
  ops = rapport_ticket_session_get_ops (session);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpint (((RapportOutboxOp *) ops->pdata[0])->id, ==, results.op->id);

  /* A held reply is shown at once, and taken back with Undo. */
  rapport_ticket_session_enqueue_message_async (session, RAPPORT_VISIBILITY_PUBLIC,
                                                "Next Tuesday works.", 30000, NULL,
                                                on_enqueued_cb, &results);
  TEST_WAIT_FOR (results.n_done == 2, 5000);
  g_assert_no_error (results.error);
  TEST_WAIT_FOR (rapport_ticket_session_get_messages (session)->len == 2, 5000);
  rapport_ticket_session_undo_async (session, results.op->id, NULL, on_undone_cb, &results);
  TEST_WAIT_FOR (results.n_done == 3, 5000);
  g_assert_no_error (results.error);
  g_assert_cmpstr (results.text, ==, "Next Tuesday works.");
  TEST_WAIT_FOR (rapport_ticket_session_get_messages (session)->len == 1, 5000);
  g_assert_cmpuint (rapport_ticket_session_get_ops (session)->len, ==, 1);

  g_clear_pointer (&results.op, rapport_outbox_op_free);
  g_free (results.text);
  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_finalize_object (session);
}

/* A refresh of two pages: the first brings a new customer message, the second takes a while,
 * long enough for the session to show the message meanwhile. It was not shown when Send was
 * pressed, so the check must still report it. */
static void
test_collision_during_refresh (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = load_ticket (fixture, "1005");
  g_autoptr(GPtrArray) unseen = NULL;
  RapportTicketSession *session = rapport_ticket_session_new (fixture->workspace, ticket);
  RapportSyncPage *first;

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);

  first = page_with_message (message_on ("1005", "in-new", "Chloé Silva",
                                         "chloe.silva@northwind-bakery.example",
                                         "Wait, don't cancel!", TEST_ANCHOR));
  first->has_more = TRUE;
  g_queue_push_tail (&fixture->provider->pages, first);
  g_queue_push_tail (&fixture->provider->pages, rapport_sync_page_new ());
  fixture->provider->delay_ms = 400;

  unseen = check_collisions (session);
  g_assert_cmpuint (unseen->len, ==, 1);

  TEST_WAIT_FOR (!rapport_ticket_session_get_loading (session), 5000);
  g_assert_finalize_object (session);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add ("/rapport/ticket-session/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  FIXTURE_TEST ("new-destroy", test_new_destroy);
  FIXTURE_TEST ("load", test_load);
  FIXTURE_TEST ("message-pages", test_message_pages);
  FIXTURE_TEST ("message-pages-short", test_message_pages_short);
  FIXTURE_TEST ("reload-coalesced", test_reload_coalesced);
  FIXTURE_TEST ("history-pages", test_history_pages);
  FIXTURE_TEST ("history-pages-kept", test_history_pages_kept);
  FIXTURE_TEST ("stale-customer", test_stale_customer);
  FIXTURE_TEST ("collisions", test_collisions);
  FIXTURE_TEST ("collision-during-refresh", test_collision_during_refresh);
  FIXTURE_TEST ("draft", test_draft);
  FIXTURE_TEST ("wait-for-writes", test_wait_for_writes);
  FIXTURE_TEST ("writes", test_writes);

  return g_test_run ();
}

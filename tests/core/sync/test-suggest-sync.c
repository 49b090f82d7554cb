/* test-suggest-sync.c
 *
 * Suggestions and sync: the workspace fetching the backend's canned content and indexing past
 * answers after pulls; the ticket session remembering the suggestions inserted into the draft,
 * recording their use and queueing the link of an article when the reply is queued; the
 * outbox's "link" kind. On a temporary store with the story fixtures and a provider that plays
 * a helpdesk with canned content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-suggest-sync"

#include "config.h"

#include <locale.h>

#include "rapport-outbox.h"
#include "rapport-push-engine.h"
#include "rapport-store-private.h"
#include "rapport-store-suggest.h"
#include "rapport-test-data.h"
#include "rapport-ticket-session.h"
#include "rapport-workspace.h"

/* ---------------------------------------------------------------------------------------------
 * A helpdesk with canned content
 * ------------------------------------------------------------------------------------------- */

#define CONTENT_TYPE_PROVIDER (content_provider_get_type ())
G_DECLARE_FINAL_TYPE (ContentProvider, content_provider, CONTENT, PROVIDER, GObject)

struct _ContentProvider
{
  GObject                      parent_instance;
  RapportProviderCapabilities  capabilities;
  GPtrArray                   *content;      /* (element-type RapportCandidate) served */
  GPtrArray                   *calls;        /* (element-type utf8) "post TICKET", "link …" */
  guint                        n_pulls;
  guint                        n_fetches;
  gboolean                     fetch_fails;  /* fetch_canned_content answers NETWORK */
  guint                        link_unknown; /* links that end OUTCOME_UNKNOWN (done anyway) */
  GHashTable                  *links;        /* "TICKET ARTICLE" the server holds */
};

static void content_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ContentProvider, content_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      content_provider_iface_init))

static void
content_provider_finalize (GObject *object)
{
  ContentProvider *self = CONTENT_PROVIDER (object);

  g_ptr_array_unref (self->content);
  g_ptr_array_unref (self->calls);
  g_hash_table_unref (self->links);

  G_OBJECT_CLASS (content_provider_parent_class)->finalize (object);
}

static void
content_provider_class_init (ContentProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = content_provider_finalize;
}

static void
content_provider_init (ContentProvider *self)
{
  self->capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES |
                       RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES |
                       RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE;
  self->content = g_ptr_array_new_with_free_func (g_object_unref);
  self->calls = g_ptr_array_new_with_free_func (g_free);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static const char *
content_get_kind (RapportProvider *provider)
{
  return "content";
}

static RapportProviderCapabilities
content_get_capabilities (RapportProvider *provider)
{
  return CONTENT_PROVIDER (provider)->capabilities;
}

static void
content_pull_changes_async (RapportProvider     *provider,
                            const char          *cursor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ContentProvider *self = CONTENT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RapportSyncPage *page = rapport_sync_page_new ();

  self->n_pulls++;
  page->next_cursor = g_strdup_printf ("c%u", self->n_pulls);
  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
}

static RapportSyncPage *
content_pull_changes_finish (RapportProvider  *provider,
                             GAsyncResult     *result,
                             GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
content_post_message_async (RapportProvider     *provider,
                            const char          *ticket_remote_id,
                            RapportVisibility    visibility,
                            const char          *body,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ContentProvider *self = CONTENT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RapportMessage *message = rapport_message_new ();
  g_autofree char *remote_id = g_strdup_printf ("posted-%u", self->calls->len);

  g_ptr_array_add (self->calls, g_strdup_printf ("post %s", ticket_remote_id));
  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, ticket_remote_id);
  rapport_message_set_visibility (message, visibility);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_remote_id (message, TEST_AGENT);
  rapport_message_set_author_name (message, "Sam Agent");
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, g_get_real_time () / G_USEC_PER_SEC);
  g_task_return_pointer (task, message, g_object_unref);
}

static RapportMessage *
content_post_message_finish (RapportProvider  *provider,
                             GAsyncResult     *result,
                             GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
content_fetch_canned_content_async (RapportProvider     *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ContentProvider *self = CONTENT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *copy;

  self->n_fetches++;
  if (self->fetch_fails)
    {
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
                               "The knowledge base is unreachable");
      return;
    }

  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->content->len; i++)
    g_ptr_array_add (copy, rapport_candidate_copy (self->content->pdata[i]));
  g_task_return_pointer (task, copy, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
content_fetch_canned_content_finish (RapportProvider  *provider,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
content_link_article_async (RapportProvider     *provider,
                            const char          *ticket_remote_id,
                            const char          *article_remote_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ContentProvider *self = CONTENT_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_ptr_array_add (self->calls, g_strdup_printf ("link %s %s", ticket_remote_id,
                                                 article_remote_id));
  /* Linking is idempotent on the server. */
  g_hash_table_add (self->links, g_strdup_printf ("%s %s", ticket_remote_id,
                                                  article_remote_id));
  if (self->link_unknown > 0)
    {
      self->link_unknown--;
      g_task_return_new_error (task, RAPPORT_PROVIDER_ERROR,
                               RAPPORT_PROVIDER_ERROR_OUTCOME_UNKNOWN,
                               "The connection broke after the request was sent");
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
content_link_article_finish (RapportProvider  *provider,
                             GAsyncResult     *result,
                             GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
content_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = content_get_kind;
  iface->get_capabilities = content_get_capabilities;
  iface->pull_changes_async = content_pull_changes_async;
  iface->pull_changes_finish = content_pull_changes_finish;
  iface->post_message_async = content_post_message_async;
  iface->post_message_finish = content_post_message_finish;
  iface->fetch_canned_content_async = content_fetch_canned_content_async;
  iface->fetch_canned_content_finish = content_fetch_canned_content_finish;
  iface->link_article_async = content_link_article_async;
  iface->link_article_finish = content_link_article_finish;
}

static RapportCandidate *
backend_candidate (RapportCandidateKind  kind,
                   const char           *remote_id,
                   const char           *title,
                   const char           *body)
{
  g_autofree char *key = g_strconcat ("backend-", remote_id, NULL);
  RapportCandidate *candidate = rapport_candidate_new (kind, key, title, body);

  rapport_candidate_set_remote (candidate, 0, remote_id);
  return candidate;
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
  ContentProvider  *provider;
  RapportWorkspace *workspace;
  guint             n_finished;
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
on_sync_finished_cb (RapportWorkspace *workspace,
                     const GError     *error,
                     Fixture          *fixture)
{
  g_assert_no_error (error);
  fixture->n_finished++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;

  fixture->dir = test_make_tmp_dir ();
  fixture->store = test_open_store (fixture->dir, &fixture->account_id);
  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
  fixture->account = load_account (fixture->store, fixture->account_id);
  fixture->provider = g_object_new (CONTENT_TYPE_PROVIDER, NULL);
  g_ptr_array_add (fixture->provider->content,
                   backend_candidate (RAPPORT_CANDIDATE_CANNED, "7", "Refund policy",
                                      "Refunds take five days."));
  g_ptr_array_add (fixture->provider->content,
                   backend_candidate (RAPPORT_CANDIDATE_ARTICLE, "12", "Resetting a password",
                                      "Open Settings, then Security, then Reset."));
  fixture->workspace = rapport_workspace_new (fixture->store, fixture->account,
                                              RAPPORT_PROVIDER (fixture->provider));
  g_object_set (fixture->workspace, "backoff-base-ms", 20, "backoff-cap-ms", 200, NULL);
  g_signal_connect (fixture->workspace, "sync-finished", G_CALLBACK (on_sync_finished_cb),
                    fixture);
  test_run_for (20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rapport_workspace_stop (fixture->workspace);
  test_run_for (20);
  g_assert_finalize_object (g_steal_pointer (&fixture->workspace));
  test_run_for (5);
  g_assert_finalize_object (g_steal_pointer (&fixture->provider));
  g_clear_object (&fixture->account);
  rapport_store_close (fixture->store);
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* The stored candidates of the account, by key. */
static RapportCandidate *
stored (Fixture    *fixture,
        const char *key)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;

  candidates = rapport_store_list_candidates (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < candidates->len; i++)
    if (rapport_candidate_get_account_id (candidates->pdata[i]) == fixture->account_id &&
        g_strcmp0 (rapport_candidate_get_key (candidates->pdata[i]), key) == 0)
      return g_object_ref (candidates->pdata[i]);

  return NULL;
}

static guint
n_stored (Fixture *fixture)
{
  g_autoptr(GPtrArray) candidates = rapport_store_list_candidates (fixture->store, NULL);
  guint n = 0;

  for (guint i = 0; i < candidates->len; i++)
    if (rapport_candidate_get_account_id (candidates->pdata[i]) == fixture->account_id)
      n++;
  return n;
}

/* Rows of @sql with one integer parameter. */
static gint64
count_rows (Fixture    *fixture,
            const char *sql,
            gint64      value)
{
  g_autoptr(GError) error = NULL;
  RapportStoreStmt *stmt;
  gint64 n = -1;

  g_assert_nonnull (_rapport_store_lock (fixture->store, NULL, &error));
  stmt = _rapport_store_prepare (fixture->store, sql, &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, value);
  if (_rapport_store_step (stmt, "Counting", &error) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  _rapport_store_stmt_release (stmt);
  _rapport_store_unlock (fixture->store);
  g_assert_no_error (error);
  return n;
}

static gint64
n_uses (Fixture *fixture,
        gint64   candidate_id)
{
  return count_rows (fixture, "SELECT count(*) FROM suggestion_uses WHERE candidate_id = ?1",
                     candidate_id);
}

static gint64
ticket_id_of (Fixture    *fixture,
              const char *remote_id)
{
  g_autoptr(RapportTicket) ticket = test_load_ticket (fixture->store, fixture->account_id,
                                                      remote_id);

  return rapport_ticket_get_id (ticket);
}

static RapportTicketSession *
session_for (Fixture    *fixture,
             const char *remote_id)
{
  g_autoptr(RapportTicket) ticket = test_load_ticket (fixture->store, fixture->account_id,
                                                      remote_id);

  return rapport_ticket_session_new (fixture->workspace, ticket);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static RapportOutboxOp *
send_reply (RapportTicketSession *session,
            RapportVisibility     visibility,
            const char           *body,
            guint                 hold_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RapportOutboxOp *op;

  rapport_ticket_session_enqueue_message_async (session, visibility, body, hold_ms, NULL,
                                                on_result_cb, &result);
  TEST_WAIT_FOR (result != NULL, 5000);
  op = rapport_ticket_session_enqueue_message_finish (session, result, &error);
  g_assert_no_error (error);
  return op;
}

static void
save_draft (RapportTicketSession *session,
            const char           *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rapport_ticket_session_save_draft_async (session, RAPPORT_VISIBILITY_PUBLIC, body, NULL,
                                           on_result_cb, &result);
  TEST_WAIT_FOR (result != NULL, 5000);
  g_assert_true (rapport_ticket_session_save_draft_finish (session, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
ops_of (Fixture *fixture,
        gint64   ticket_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops = rapport_outbox_list_ops (fixture->store, ticket_id, NULL, &error);

  g_assert_no_error (error);
  return ops;
}

static guint
n_links_queued (Fixture *fixture,
                gint64   ticket_id)
{
  g_autoptr(GPtrArray) ops = ops_of (fixture, ticket_id);
  guint n = 0;

  for (guint i = 0; i < ops->len; i++)
    if (((RapportOutboxOp *) ops->pdata[i])->kind == RAPPORT_OUTBOX_KIND_LINK)
      n++;
  return n;
}

/* Starts the workspace and waits for its first pull and what follows it. */
static void
start (Fixture *fixture)
{
  rapport_workspace_set_sync_interval (fixture->workspace, 3600);
  rapport_workspace_start (fixture->workspace);
  TEST_WAIT_FOR (fixture->n_finished >= 1, 5000);
  test_run_for (100);
}

/* ---------------------------------------------------------------------------------------------
 * The provider contract
 * ------------------------------------------------------------------------------------------- */

/* Without the capability the methods are there but "can" says no; a provider without the
 * methods fails with NOT_SUPPORTED. */
static void
test_contract (Fixture       *fixture,
               gconstpointer  data)
{
  RapportProvider *provider = RAPPORT_PROVIDER (fixture->provider);

  g_assert_true (rapport_provider_can_fetch_canned_content (provider));
  g_assert_true (rapport_provider_can_link_articles (provider));

  fixture->provider->capabilities = RAPPORT_PROVIDER_CAPABILITY_CANNED_RESPONSES;
  g_assert_true (rapport_provider_can_fetch_canned_content (provider));
  g_assert_false (rapport_provider_can_link_articles (provider));

  fixture->provider->capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES;
  g_assert_false (rapport_provider_can_fetch_canned_content (provider));
  g_assert_false (rapport_provider_can_link_articles (provider));
}

/* ---------------------------------------------------------------------------------------------
 * The workspace
 * ------------------------------------------------------------------------------------------- */

/* The first successful pull fetches the content into the store for the account; later pulls
 * within the interval do not fetch again, a sync_now() does. */
static void
test_content_after_pull (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportCandidate) canned = NULL;
  g_autoptr(RapportCandidate) article = NULL;

  /* Nothing indexed before the first pull. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM past_answers WHERE ?1 = ?1", 0),
                   ==, 0);
  start (fixture);
  TEST_WAIT_FOR (n_stored (fixture) == 2, 5000);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  /* The story's solved tickets with a team reply are indexed after it, a moment later
   * (RAPPORT_WORKSPACE_INDEX_DELAY_S). */
  TEST_WAIT_FOR (count_rows (fixture, "SELECT count(*) FROM past_answers WHERE ?1 = ?1", 0) > 0,
                 (RAPPORT_WORKSPACE_INDEX_DELAY_S + 10) * 1000);

  canned = stored (fixture, "backend-7");
  article = stored (fixture, "backend-12");
  g_assert_nonnull (canned);
  g_assert_nonnull (article);
  g_assert_cmpint (rapport_candidate_get_kind (canned), ==, RAPPORT_CANDIDATE_CANNED);
  g_assert_cmpint (rapport_candidate_get_kind (article), ==, RAPPORT_CANDIDATE_ARTICLE);
  g_assert_cmpstr (rapport_candidate_get_remote_id (article), ==, "12");
  g_assert_cmpint (rapport_candidate_get_account_id (article), ==, fixture->account_id);

  /* Another pull, through the engine: within the interval, no fetch. */
  {
    guint before = fixture->n_finished;

    rapport_sync_engine_pull_async (rapport_workspace_get_sync_engine (fixture->workspace),
                                    NULL, NULL, NULL);
    TEST_WAIT_FOR (fixture->n_finished > before, 5000);
    test_run_for (50);
    g_assert_cmpuint (fixture->provider->n_fetches, ==, 1);
  }

  /* A manual refresh fetches again: the backend dropped the canned response. */
  g_ptr_array_remove_index (fixture->provider->content, 0);
  rapport_workspace_sync_now (fixture->workspace);
  TEST_WAIT_FOR (fixture->provider->n_fetches == 2 && n_stored (fixture) == 1, 5000);
  g_clear_object (&canned);
  canned = stored (fixture, "backend-7");
  g_assert_null (canned);
}

/* A failing fetch never fails the pull; it keeps what the store has and shows as last-error
 * until a fetch succeeds. */
static void
test_content_failure (Fixture       *fixture,
                      gconstpointer  data)
{
  start (fixture);
  TEST_WAIT_FOR (n_stored (fixture) == 2, 5000);

  fixture->provider->fetch_fails = TRUE;
  rapport_workspace_sync_now (fixture->workspace);
  TEST_WAIT_FOR (fixture->provider->n_fetches == 2, 5000);
  TEST_WAIT_FOR (rapport_workspace_get_last_error (fixture->workspace) != NULL, 5000);
  g_assert_nonnull (strstr (rapport_workspace_get_last_error (fixture->workspace),
                            "The knowledge base is unreachable"));
  g_assert_cmpuint (n_stored (fixture), ==, 2);
  g_assert_null (rapport_workspace_get_blocked_reason (fixture->workspace));

  /* A later successful pull (no fetch: within the interval) still says so. */
  {
    guint before = fixture->n_finished;

    rapport_sync_engine_pull_async (rapport_workspace_get_sync_engine (fixture->workspace),
                                    NULL, NULL, NULL);
    TEST_WAIT_FOR (fixture->n_finished > before, 5000);
    g_assert_nonnull (rapport_workspace_get_last_error (fixture->workspace));
  }

  fixture->provider->fetch_fails = FALSE;
  rapport_workspace_sync_now (fixture->workspace);
  TEST_WAIT_FOR (fixture->provider->n_fetches == 3, 5000);
  TEST_WAIT_FOR (rapport_workspace_get_last_error (fixture->workspace) == NULL, 5000);
}

/* A provider without canned content is never asked. */
static void
test_content_none (Fixture       *fixture,
                   gconstpointer  data)
{
  fixture->provider->capabilities = RAPPORT_PROVIDER_CAPABILITY_WRITES;
  start (fixture);
  rapport_workspace_sync_now (fixture->workspace);
  TEST_WAIT_FOR (fixture->n_finished >= 2, 5000);
  test_run_for (50);
  g_assert_cmpuint (fixture->provider->n_fetches, ==, 0);
  g_assert_cmpuint (n_stored (fixture), ==, 0);
}

/* ---------------------------------------------------------------------------------------------
 * The session and the outbox
 * ------------------------------------------------------------------------------------------- */

/* A public reply queued with a canned response and an article inserted: each use recorded
 * once (inserted twice), the article linked after the reply went, the canned response not. */
static void
test_use_and_link (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportCandidate) canned = NULL;
  g_autoptr(RapportCandidate) article = NULL;
  g_autoptr(RapportOutboxOp) reply = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *expected_link = NULL;
  gint64 ticket_id = ticket_id_of (fixture, "1004");

  start (fixture);
  TEST_WAIT_FOR (n_stored (fixture) == 2, 5000);
  canned = stored (fixture, "backend-7");
  article = stored (fixture, "backend-12");

  session = session_for (fixture, "1004");
  rapport_ticket_session_use_candidate (session, canned);
  rapport_ticket_session_use_candidate (session, article);
  rapport_ticket_session_use_candidate (session, canned);
  reply = send_reply (session, RAPPORT_VISIBILITY_PUBLIC,
                      "Refunds take five days. Open Settings, then Security.", 0);

  TEST_WAIT_FOR (n_uses (fixture, rapport_candidate_get_id (article)) == 1, 5000);
  g_assert_cmpint (n_uses (fixture, rapport_candidate_get_id (canned)), ==, 1);

  /* The reply first, then the link (one), and both done. */
  expected_link = g_strdup_printf ("link %s 12", reply->ticket_remote_id);
  TEST_WAIT_FOR (fixture->provider->calls->len == 2, 5000);
  g_assert_cmpstr (fixture->provider->calls->pdata[0], ==, "post 1004");
  g_assert_cmpstr (fixture->provider->calls->pdata[1], ==, expected_link);
  TEST_WAIT_FOR (count_rows (fixture, "SELECT count(*) FROM outbox WHERE ticket_id = ?1 "
                                      "AND state != 'done'", ticket_id) == 0, 5000);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox WHERE ticket_id = ?1 "
                                        "AND kind = 'link'", ticket_id), ==, 1);

  /* Forgotten with the draft: the next reply records nothing more. */
  g_clear_pointer (&reply, rapport_outbox_op_free);
  reply = send_reply (session, RAPPORT_VISIBILITY_PUBLIC, "Anything else?", 0);
  TEST_WAIT_FOR (fixture->provider->calls->len == 3, 5000);
  test_run_for (50);
  g_assert_cmpint (n_uses (fixture, rapport_candidate_get_id (canned)), ==, 1);
  g_assert_cmpint (n_uses (fixture, rapport_candidate_get_id (article)), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox WHERE kind = 'link'", 0),
                   ==, 1);
}

/* A note, a draft thrown away: no use, no link. A candidate inserted after the draft was
 * saved empty stays for the reply. */
static void
test_forgotten (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportCandidate) canned = NULL;
  g_autoptr(RapportCandidate) article = NULL;
  g_autoptr(RapportOutboxOp) op = NULL;
  gint64 ticket_id = ticket_id_of (fixture, "1004");

  start (fixture);
  TEST_WAIT_FOR (n_stored (fixture) == 2, 5000);
  canned = stored (fixture, "backend-7");
  article = stored (fixture, "backend-12");
  rapport_workspace_stop (fixture->workspace);
  session = session_for (fixture, "1004");

  /* With an internal note. */
  rapport_ticket_session_use_candidate (session, article);
  op = send_reply (session, RAPPORT_VISIBILITY_INTERNAL, "Sent them the reset steps.", 0);
  test_run_for (50);
  g_assert_cmpint (n_uses (fixture, rapport_candidate_get_id (article)), ==, 0);
  g_assert_cmpuint (n_links_queued (fixture, ticket_id), ==, 0);

  /* With a draft saved, then cleared: forgotten. */
  rapport_ticket_session_use_candidate (session, article);
  save_draft (session, "Open Settings, then Security, then Reset.");
  save_draft (session, "");
  /* Inserted after the draft was cleared: it stays. */
  rapport_ticket_session_use_candidate (session, canned);
  g_clear_pointer (&op, rapport_outbox_op_free);
  op = send_reply (session, RAPPORT_VISIBILITY_PUBLIC, "Refunds take five days.", 0);
  TEST_WAIT_FOR (n_uses (fixture, rapport_candidate_get_id (canned)) == 1, 5000);
  test_run_for (50);
  g_assert_cmpint (n_uses (fixture, rapport_candidate_get_id (article)), ==, 0);
  g_assert_cmpuint (n_links_queued (fixture, ticket_id), ==, 0);
}

/* The link waits behind its held reply, and goes with it when the reply is taken back. */
static void
test_undo_drops_link (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportTicketSession) session = NULL;
  g_autoptr(RapportCandidate) article = NULL;
  g_autoptr(RapportOutboxOp) reply = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RapportOutboxOp *link;
  gint64 ticket_id = ticket_id_of (fixture, "1004");

  start (fixture);
  TEST_WAIT_FOR (n_stored (fixture) == 2, 5000);
  article = stored (fixture, "backend-12");
  session = session_for (fixture, "1004");

  rapport_ticket_session_use_candidate (session, article);
  reply = send_reply (session, RAPPORT_VISIBILITY_PUBLIC, "Open Settings, then Security.",
                      60000);
  TEST_WAIT_FOR (n_links_queued (fixture, ticket_id) == 1, 5000);

  ops = ops_of (fixture, ticket_id);
  g_assert_cmpuint (ops->len, ==, 2);
  g_assert_cmpint (((RapportOutboxOp *) ops->pdata[0])->id, ==, reply->id);
  link = ops->pdata[1];
  g_assert_cmpint (link->kind, ==, RAPPORT_OUTBOX_KIND_LINK);
  g_assert_cmpstr (link->article_remote_id, ==, "12");
  g_assert_cmpint (link->after_op_id, ==, reply->id);
  g_assert_cmpstr (link->ticket_remote_id, ==, "1004");

  /* Held behind the reply: nothing sent. */
  test_run_for (100);
  g_assert_cmpuint (fixture->provider->calls->len, ==, 0);

  rapport_ticket_session_undo_async (session, reply->id, NULL, on_result_cb, &result);
  TEST_WAIT_FOR (result != NULL, 5000);
  text = rapport_ticket_session_undo_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "Open Settings, then Security.");
  g_assert_cmpuint (n_links_queued (fixture, ticket_id), ==, 0);
  test_run_for (100);
  g_assert_cmpuint (fixture->provider->calls->len, ==, 0);
}

/* An attempt whose outcome is unknown is sent again (linking is idempotent): one link on the
 * server, the op done. */
static void
test_link_retry (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ticket_id = ticket_id_of (fixture, "1005");

  fixture->provider->link_unknown = 1;
  op = rapport_outbox_enqueue_link (fixture->store, fixture->account_id, ticket_id, "12", 0,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->state, ==, RAPPORT_OUTBOX_STATE_READY);

  start (fixture);
  TEST_WAIT_FOR (count_rows (fixture, "SELECT count(*) FROM outbox WHERE id = ?1 "
                                      "AND state = 'done'", op->id) == 1, 10000);
  g_assert_cmpuint (fixture->provider->calls->len, ==, 2);
  g_assert_cmpuint (g_hash_table_size (fixture->provider->links), ==, 1);

  /* A ticket the account does not have. */
  g_assert_null (rapport_outbox_enqueue_link (fixture->store, fixture->account_id, 999999, "12",
                                              0, NULL, &error));
  g_assert_error (error, RAPPORT_OUTBOX_ERROR, RAPPORT_OUTBOX_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/suggest-sync/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("contract", test_contract);
  ADD ("content-after-pull", test_content_after_pull);
  ADD ("content-failure", test_content_failure);
  ADD ("content-none", test_content_none);
  ADD ("use-and-link", test_use_and_link);
  ADD ("forgotten", test_forgotten);
  ADD ("undo-drops-link", test_undo_drops_link);
  ADD ("link-retry", test_link_retry);

  return g_test_run ();
}

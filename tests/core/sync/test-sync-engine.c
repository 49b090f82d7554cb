/* test-sync-engine.c — pulling the demo helpdesk into a real store: whole pulls, the story
 * customer, pulling twice, one pull at a time, cancelling and resuming; and records set aside
 * (a provider of its own). (The pipeline, page N+1 fetched while page N is applied:
 * test-sync-engine-pipeline.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-sync-engine"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-demo.h"
#include "rapport-demo-provider.h"
#include "rapport-store.h"
#include "rapport-sync-engine.h"
#include "rapport-test-data.h"
#include "sync-engine-test-fixture.h"

static void
test_new_destroy (void)
{
  g_autoptr(RapportStore) store = rapport_store_new (":memory:");
  g_autoptr(RapportProvider) provider = rapport_demo_provider_new (1, 5, 1);
  RapportSyncEngine *engine = rapport_sync_engine_new (store, provider, 3);
  g_autoptr(RapportStore) got_store = NULL;
  g_autoptr(RapportProvider) got_provider = NULL;
  gint64 account_id = 0;
  gboolean syncing = TRUE;

  g_object_get (engine,
                "store", &got_store,
                "provider", &got_provider,
                "account-id", &account_id,
                "syncing", &syncing,
                NULL);
  g_assert_true (got_store == store);
  g_assert_true (got_provider == provider);
  g_assert_cmpint (account_id, ==, 3);
  g_assert_false (syncing);
  g_assert_false (rapport_sync_engine_get_syncing (engine));

  g_assert_finalize_object (engine);
}

static void
test_full_pull (Fixture       *fixture,
                gconstpointer  data)
{
  guint n_customers = GPOINTER_TO_UINT (data);
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                  fixture->anchor);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  gint64 pages;

  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_no_error (watch.finished_error);
  g_assert_cmpint (pages, >, 1);
  g_assert_cmpuint (watch.n_progress, ==, pages);
  g_assert_cmpuint (fixture->n_changed, ==, pages);

  /* Progress ends at the total, in customer records. */
  g_assert_cmpuint (watch.last_done, ==, rapport_demo_count_remote_customers (demo, 0,
                                                                             n_customers));
  g_assert_cmpuint (watch.last_total, ==, watch.last_done);

  cursor = stored_cursor (fixture);
  g_assert_cmpuint (g_ascii_strtoull (cursor, NULL, 10), ==, n_customers);

  assert_store_holds (fixture, n_customers, n_customers);
  pull_watch_clear (&watch);
}

static RapportTicket *
load_ticket_by_remote_id (Fixture    *fixture,
                          RapportView view,
                          const char *remote_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) tickets = NULL;

  ids = rapport_store_list_ticket_ids (fixture->store, rapport_account_get_id (fixture->account),
                                       view, NULL, &error);
  g_assert_no_error (error);
  tickets = rapport_store_load_tickets (fixture->store, (const gint64 *) (gpointer) ids->data,
                                        ids->len, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len; i++)
    if (g_strcmp0 (rapport_ticket_get_remote_id (g_ptr_array_index (tickets, i)), remote_id) == 0)
      return g_object_ref (g_ptr_array_index (tickets, i));
  return NULL;
}

static void
test_story_customer (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct
  {
    const char        *ticket;
    RapportChannel     channel;
    RapportDirection   direction;
    RapportVisibility  visibility;
    const char        *summary_start;
  } expected[] = {
    { "1005", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Please cancel my subscription" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi Chloé, the carrier has your parcel" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
      "Carrier says the parcel is stuck" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "@Northwind the sourdough starter kit" },
    { "1003", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "It works now, thanks." },
    { "1003", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Sorry about that, Chloé!" },
    { "1003", RAPPORT_CHANNEL_CHAT, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi, I reset my password" },
    { "1002", RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi Chloé, I have refunded the duplicate charge" },
    { "1002", RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
      "Checked the payment log" },
    { "1002", RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Phone call: Chloé sees two charges" },
    { "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Perfect, thank you!" },
    { "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hi Chloé, here is the corrected invoice" },
    { "1001", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
      "Hello, could you send me an invoice" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) newest = NULL;
  g_autoptr(RapportTicket) chat_ticket = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GArray) my_open = NULL;
  PullWatch watch = { 0, };
  gboolean channels[5] = { FALSE, };
  guint n_channels = 0;
  GListModel *identities;
  gint64 customer_id;

  run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  pull_watch_clear (&watch);

  /* 1005 (email record) and 1004 (chat record) belong to the same customer. */
  newest = load_ticket_by_remote_id (fixture, RAPPORT_VIEW_MY_OPEN, "1005");
  chat_ticket = load_ticket_by_remote_id (fixture, RAPPORT_VIEW_MY_OPEN, "1004");
  g_assert_nonnull (newest);
  g_assert_nonnull (chat_ticket);
  customer_id = rapport_ticket_get_customer_id (newest);
  g_assert_cmpint (customer_id, >, 0);
  g_assert_cmpint (rapport_ticket_get_customer_id (chat_ticket), ==, customer_id);
  g_assert_cmpstr (rapport_ticket_get_customer_name (newest), ==, "Chloé Silva");

  /* 1005 heads "My open". */
  my_open = rapport_store_list_ticket_ids (fixture->store,
                                           rapport_account_get_id (fixture->account),
                                           RAPPORT_VIEW_MY_OPEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (my_open->len, >, 1);
  g_assert_cmpint (g_array_index (my_open, gint64, 0), ==, rapport_ticket_get_id (newest));

  customer = rapport_store_load_customer (fixture->store, customer_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_display_name (customer), ==, "Chloé Silva");
  g_assert_cmpuint (rapport_customer_get_ticket_count (customer), ==, 5);
  g_assert_cmpuint (rapport_customer_get_open_ticket_count (customer), ==, 2);
  g_assert_cmpint (rapport_customer_get_last_contact (customer), ==, fixture->anchor - 2 * HOUR);
  g_assert_cmpstr (rapport_customer_get_last_contact_subject (customer), ==,
                   "Cancel my subscription before renewal");

  identities = rapport_customer_get_identities (customer);
  for (guint i = 0; i < g_list_model_get_n_items (identities); i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      channels[rapport_identity_get_channel (identity)] = TRUE;
    }
  g_assert_true (channels[RAPPORT_CHANNEL_EMAIL]);
  g_assert_true (channels[RAPPORT_CHANNEL_PHONE]);
  g_assert_true (channels[RAPPORT_CHANNEL_CHAT]);
  g_assert_true (channels[RAPPORT_CHANNEL_SOCIAL]);

  history = rapport_store_customer_history (fixture->store, customer_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, G_N_ELEMENTS (expected));
  memset (channels, 0, sizeof channels);
  for (guint i = 0; i < history->len; i++)
    {
      RapportHistoryEntry *entry = g_ptr_array_index (history, i);

      g_assert_cmpstr (rapport_history_entry_get_ticket_remote_id (entry), ==, expected[i].ticket);
      g_assert_cmpint (rapport_history_entry_get_channel (entry), ==, expected[i].channel);
      g_assert_cmpint (rapport_history_entry_get_direction (entry), ==, expected[i].direction);
      g_assert_cmpint (rapport_history_entry_get_visibility (entry), ==, expected[i].visibility);
      if (!g_str_has_prefix (rapport_history_entry_get_summary (entry), expected[i].summary_start))
        g_error ("history entry %u: “%s” does not start with “%s”", i,
                 rapport_history_entry_get_summary (entry), expected[i].summary_start);
      if (!channels[expected[i].channel])
        n_channels++;
      channels[expected[i].channel] = TRUE;
    }
  g_assert_cmpuint (n_channels, ==, 4);
  g_assert_cmpstr (rapport_history_entry_get_ticket_subject (g_ptr_array_index (history, 0)), ==,
                   "Cancel my subscription before renewal");

  /* "sourdough starter" is only in ticket 1004 */
  {
    g_autoptr(GPtrArray) hits = rapport_store_search (fixture->store,
                                                      rapport_account_get_id (fixture->account),
                                                      "sourdough starter", 50, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >=, 1);
    for (guint i = 0; i < hits->len; i++)
      g_assert_cmpint (rapport_search_hit_get_ticket_id (g_ptr_array_index (hits, i)), ==,
                       rapport_ticket_get_id (chat_ticket));
  }
}

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  guint n_customers = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  PullWatch watch = { 0, };
  guint changed_after_first;
  gint64 pages;

  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >, 0);
  pull_watch_clear (&watch);
  changed_after_first = fixture->n_changed;

  /* Nothing new: no page applied, nothing written, same totals. */
  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_no_error (watch.finished_error);
  g_assert_cmpint (pages, ==, 0);
  g_assert_cmpuint (watch.n_progress, ==, 0);
  g_assert_cmpuint (fixture->n_changed, ==, changed_after_first);
  pull_watch_clear (&watch);
  assert_store_holds (fixture, n_customers, n_customers);

  /* Applying every page once more (a crash after commit, before the cursor was seen) changes
   * nothing either: upserts by remote id. */
  {
    g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, n_customers,
                                                    fixture->anchor);
    RapportSyncPage *raw;

    while ((raw = rapport_demo_next_page (demo, 400)) != NULL)
      {
        g_autoptr(RapportSyncPage) page = raw;

        g_assert_true (rapport_store_apply_page (fixture->store,
                                                 rapport_account_get_id (fixture->account),
                                                 page, NULL, &error));
        g_assert_no_error (error);
      }
  }
  assert_store_holds (fixture, n_customers, n_customers);
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pages;

  rapport_sync_engine_pull_async (fixture->engine, NULL, on_result_cb, &first);
  rapport_sync_engine_pull_async (fixture->engine, NULL, on_result_cb, &second);

  while (first == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);

  pages = rapport_sync_engine_pull_finish (fixture->engine, second, &error);
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_BUSY);
  g_assert_cmpint (pages, ==, -1);
  g_clear_error (&error);

  pages = rapport_sync_engine_pull_finish (fixture->engine, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >, 0);
  g_assert_false (rapport_sync_engine_get_syncing (fixture->engine));
}

static void
on_syncing_notify_cb (GObject    *object,
                      GParamSpec *pspec,
                      guint      *count)
{
  (*count)++;
}

static void
test_syncing_property (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PullWatch watch = { 0, };
  guint notifications = 0;

  g_signal_connect (fixture->engine, "notify::syncing", G_CALLBACK (on_syncing_notify_cb),
                    &notifications);
  run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notifications, ==, 2);
  pull_watch_clear (&watch);
}

static void
test_cancel_and_resume (Fixture       *fixture,
                        gconstpointer  data)
{
  guint n_customers = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *cursor = NULL;
  PullWatch watch = { 0, };
  guint position;
  gint64 pages;

  /* Cancel from the third "progress": mid-pull. */
  watch.cancel_at_progress = cancellable;
  watch.cancel_after = 3;
  pages = run_pull (fixture, cancellable, &watch, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (pages, ==, -1);
  g_assert_error (watch.finished_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  pull_watch_clear (&watch);

  /* The store holds exactly the pages applied before the cancel, with their cursor. */
  cursor = stored_cursor (fixture);
  g_assert_nonnull (cursor);
  position = (guint) g_ascii_strtoull (cursor, NULL, 10);
  g_assert_cmpuint (position, >, 0);
  g_assert_cmpuint (position, <, n_customers);
  assert_store_holds (fixture, n_customers, position);

  /* A new pull resumes from there and completes. */
  pages = run_pull (fixture, NULL, &watch, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pages, >, 0);
  g_clear_pointer (&cursor, g_free);
  cursor = stored_cursor (fixture);
  g_assert_cmpuint (g_ascii_strtoull (cursor, NULL, 10), ==, n_customers);
  pull_watch_clear (&watch);
  assert_store_holds (fixture, n_customers, n_customers);
}

static void
test_cancel_before_start (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PullWatch watch = { 0, };

  g_cancellable_cancel (cancellable);
  g_assert_cmpint (run_pull (fixture, cancellable, &watch, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (stored_cursor (fixture));
  pull_watch_clear (&watch);
}

/* ---------------------------------------------------------------------------------- */
/* Records set aside                                                                    */

/* A backend with three good tickets, one it cannot read (4) and one message whose ticket the
 * store does not hold: set aside by the provider and by the store. Once "fixed", reading
 * them again works. */
#define BAD_TYPE_PROVIDER (bad_provider_get_type ())
G_DECLARE_FINAL_TYPE (BadProvider, bad_provider, BAD, PROVIDER, GObject)

struct _BadProvider
{
  GObject    parent_instance;
  gboolean   fixed;
  guint      n_pulls;
  guint      n_refetches;
  GPtrArray *refetched; /* (element-type RapportSetAside) the last refetch's records */
};

static void bad_provider_iface_init (RapportProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BadProvider, bad_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,
                                                      bad_provider_iface_init))

static void
add_good_ticket (RapportSyncPage *page,
                 const char      *id,
                 gint64           now)
{
  g_autofree char *message_id = g_strdup_printf ("m%s", id);

  test_add_ticket (page, id, "Good", RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL,
                   "chloe", NULL, now, now, 0);
  test_add_message (page, message_id, id, RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                    RAPPORT_VISIBILITY_PUBLIC, "Chloé", "chloe", "Hello", now);
}

static void
bad_provider_pull_changes_async (RapportProvider     *provider,
                                 const char          *cursor,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BadProvider *self = BAD_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RapportSyncPage *page = rapport_sync_page_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->n_pulls++;
  page->next_cursor = g_strdup ("after-5");
  page->has_more = FALSE;
  if (cursor == NULL)
    {
      add_good_ticket (page, "1", now);
      add_good_ticket (page, "2", now);
      add_good_ticket (page, "3", now);
      g_ptr_array_add (page->set_aside,
                       rapport_set_aside_new (RAPPORT_RECORD_TICKET, "4", NULL,
                                              "RT ticket 4: “Subject” is missing"));
      /* The store does not hold ticket 5: it refuses this message. */
      test_add_message (page, "m5", "5", RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_INBOUND,
                        RAPPORT_VISIBILITY_PUBLIC, "Chloé", "chloe", "Orphan", now);
    }
  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
}

static RapportSyncPage *
bad_provider_pull_changes_finish (RapportProvider  *provider,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bad_provider_refetch_records_async (RapportProvider     *provider,
                                    GPtrArray           *records,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BadProvider *self = BAD_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RapportSyncPage *page = rapport_sync_page_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->n_refetches++;
  g_ptr_array_set_size (self->refetched, 0);
  for (guint i = 0; i < records->len; i++)
    {
      RapportSetAside *record = records->pdata[i];

      g_ptr_array_add (self->refetched, rapport_set_aside_copy (record));
      g_ptr_array_add (page->retried, rapport_set_aside_copy (record));
      if (!self->fixed)
        {
          g_ptr_array_add (page->set_aside,
                           rapport_set_aside_new (record->kind, record->remote_id,
                                                  record->parent_remote_id, "still broken"));
          continue;
        }
      if (record->kind == RAPPORT_RECORD_TICKET)
        add_good_ticket (page, record->remote_id, now);
      else if (record->kind == RAPPORT_RECORD_MESSAGE)
        add_good_ticket (page, "5", now);
    }
  g_task_return_pointer (task, page, (GDestroyNotify) rapport_sync_page_free);
}

static const char *
bad_provider_get_kind (RapportProvider *provider)
{
  return "bad";
}

static void
bad_provider_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = bad_provider_get_kind;
  iface->pull_changes_async = bad_provider_pull_changes_async;
  iface->pull_changes_finish = bad_provider_pull_changes_finish;
  iface->refetch_records_async = bad_provider_refetch_records_async;
  iface->refetch_records_finish = bad_provider_pull_changes_finish;
}

static void
bad_provider_finalize (GObject *object)
{
  g_ptr_array_unref (BAD_PROVIDER (object)->refetched);
  G_OBJECT_CLASS (bad_provider_parent_class)->finalize (object);
}

static void
bad_provider_class_init (BadProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bad_provider_finalize;
}

static void
bad_provider_init (BadProvider *self)
{
  self->refetched = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
}

static GPtrArray *
set_aside_of (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rapport_store_list_set_aside (fixture->store,
                                                     rapport_account_get_id (fixture->account),
                                                     NULL, &error);

  g_assert_no_error (error);
  return records;
}

static gint64
pull_bad (Fixture           *fixture,
          RapportSyncEngine *engine)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pages;

  rapport_sync_engine_pull_async (engine, NULL, on_result_cb, &result);
  WAIT_UNTIL (result != NULL);
  pages = rapport_sync_engine_pull_finish (engine, result, &error);
  g_assert_no_error (error);
  return pages;
}

static const char *sql_bad_tickets =
  "SELECT COUNT(*) FROM tickets WHERE account_id = (SELECT MAX(id) FROM accounts)";

/* A page with a record the provider could not read and one the store refuses: the others are
 * applied, the cursor moves, both are kept set aside, asked for again on the next pull (and
 * kept, counted, while they still do not read), and forgotten once they read. */
static void
test_set_aside (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BadProvider) provider = g_object_new (BAD_TYPE_PROVIDER, NULL);
  g_autoptr(RapportSyncEngine) engine = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  gint64 account_id = rapport_account_get_id (fixture->account);

  engine = rapport_sync_engine_new (fixture->store, RAPPORT_PROVIDER (provider), account_id);

  /* First pull: nothing to retry; three tickets stored, two records set aside. */
  g_assert_cmpint (pull_bad (fixture, engine), ==, 1);
  g_assert_cmpuint (provider->n_refetches, ==, 0);
  g_assert_cmpint (count_rows (fixture, sql_bad_tickets), ==, 3);
  g_assert_cmpint (count_rows (fixture, "SELECT COUNT(*) FROM messages"), ==, 3);
  cursor = rapport_store_get_cursor (fixture->store, account_id, "bad", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "after-5");
  records = set_aside_of (fixture);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      RapportSetAside *record = records->pdata[i];

      if (record->kind == RAPPORT_RECORD_TICKET)
        {
          g_assert_cmpstr (record->remote_id, ==, "4");
          g_assert_nonnull (strstr (record->reason, "Subject"));
        }
      else
        {
          g_assert_cmpint (record->kind, ==, RAPPORT_RECORD_MESSAGE);
          g_assert_cmpstr (record->remote_id, ==, "m5");
          g_assert_cmpstr (record->parent_remote_id, ==, "5");
          g_assert_nonnull (strstr (record->reason, "not in the store"));
        }
    }
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Second pull: both asked for again, still broken, kept and counted. */
  pull_bad (fixture, engine);
  g_assert_cmpuint (provider->n_refetches, ==, 1);
  g_assert_cmpuint (provider->refetched->len, ==, 2);
  g_assert_cmpuint (provider->n_pulls, ==, 2);
  records = set_aside_of (fixture);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      g_assert_cmpuint (((RapportSetAside *) records->pdata[i])->attempts, ==, 2);
      g_assert_cmpstr (((RapportSetAside *) records->pdata[i])->reason, ==, "still broken");
    }
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Third pull: they read now; the list is empty, the cursor stays where it was. */
  provider->fixed = TRUE;
  pull_bad (fixture, engine);
  g_assert_cmpuint (provider->n_refetches, ==, 2);
  records = set_aside_of (fixture);
  g_assert_cmpuint (records->len, ==, 0);
  g_assert_cmpint (count_rows (fixture, sql_bad_tickets), ==, 5);
  g_clear_pointer (&cursor, g_free);
  cursor = rapport_store_get_cursor (fixture->store, account_id, "bad", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "after-5");

  /* Fourth pull: nothing left to ask for. */
  pull_bad (fixture, engine);
  g_assert_cmpuint (provider->n_refetches, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/sync-engine/new-destroy", test_new_destroy);
  g_test_add ("/rapport/sync-engine/full-pull", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_full_pull, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/full-pull-large", Fixture, GUINT_TO_POINTER (1500),
              fixture_set_up, test_full_pull, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/story-customer", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_story_customer, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/idempotent", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_idempotent, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/busy", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_busy, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/syncing-property", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_syncing_property, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/cancel-and-resume", Fixture, GUINT_TO_POINTER (200),
              fixture_set_up, test_cancel_and_resume, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/cancel-before-start", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_cancel_before_start, fixture_tear_down);
  g_test_add ("/rapport/sync-engine/set-aside", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_set_aside, fixture_tear_down);

  return g_test_run ();
}

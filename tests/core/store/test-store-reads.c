/* test-store-reads.c
 *
 * What the store reads back: customers and their history, messages, the views, assignees and
 * search. (Opening, migrations, applying pages and the asynchronous API: test-store.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-store-reads"

#include "config.h"

#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-outbox.h"
#include "rapport-store.h"
#include "rapport-store-private.h"
#include "rapport-test-data.h"
#include "store-test-fixture.h"

static GArray *
list_view (Fixture     *fixture,
           RapportView  view)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = rapport_store_list_ticket_ids (fixture->store, fixture->account_id, view, NULL,
                                               &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);

  return ids;
}

/* ---------------------------------------------------------------------------------------------
 * Customers
 * ------------------------------------------------------------------------------------------- */

static void
test_load_customer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(RapportCustomer) chloe = NULL;
  g_autoptr(RapportCustomer) nobody = NULL;
  g_autoptr(GError) error = NULL;

  apply_story (fixture);
  ticket = load_ticket (fixture, "1001");
  chloe = load_customer (fixture, rapport_ticket_get_customer_id (ticket));

  g_assert_cmpuint (rapport_customer_get_ticket_count (chloe), ==, 5);
  g_assert_cmpuint (rapport_customer_get_open_ticket_count (chloe), ==, 2);
  /* The newest inbound message (1005, two hours before the anchor), not the newest update. */
  g_assert_cmpint (rapport_customer_get_last_contact (chloe), ==, TEST_ANCHOR - 2 * TEST_HOUR);
  g_assert_cmpstr (rapport_customer_get_last_contact_subject (chloe), ==,
                   "Cancel my subscription before renewal");

  nobody = rapport_store_load_customer (fixture->store, 424242, NULL, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_assert_null (nobody);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(RapportTicket) nora_ticket = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) nora_entries = NULL;
  g_autoptr(GError) error = NULL;
  static const struct
  {
    const char *ticket;
    const char *channel;
    RapportDirection direction;
    RapportVisibility visibility;
  } expected[] = {
    { "1005", "email", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1004", "social", RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1004", "social", RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL },
    { "1004", "social", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1003", "chat", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1003", "chat", RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1003", "chat", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1002", "phone", RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1002", "phone", RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL },
    { "1002", "phone", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1001", "email", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1001", "email", RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC },
    { "1001", "email", RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC },
  };

  apply_story (fixture);
  ticket = load_ticket (fixture, "1005");
  entries = rapport_store_customer_history (fixture->store, rapport_ticket_get_customer_id (ticket),
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < entries->len; i++)
    {
      RapportHistoryEntry *entry = entries->pdata[i];

      g_test_message ("entry %u", i);
      g_assert_cmpstr (rapport_history_entry_get_ticket_remote_id (entry), ==, expected[i].ticket);
      g_assert_cmpstr (rapport_channel_to_string (rapport_history_entry_get_channel (entry)), ==,
                       expected[i].channel);
      g_assert_cmpint (rapport_history_entry_get_direction (entry), ==, expected[i].direction);
      g_assert_cmpint (rapport_history_entry_get_visibility (entry), ==, expected[i].visibility);
      if (i > 0)
        g_assert_cmpint (rapport_history_entry_get_created_at (entries->pdata[i - 1]), >=,
                         rapport_history_entry_get_created_at (entry));
    }

  g_assert_cmpstr (rapport_history_entry_get_summary (entries->pdata[0]), ==,
                   "Please cancel my subscription before it renews on the 1st; we are closing "
                   "the shop for winter.");
  g_assert_cmpstr (rapport_history_entry_get_ticket_subject (entries->pdata[0]), ==,
                   "Cancel my subscription before renewal");
  g_assert_cmpint (rapport_history_entry_get_ticket_status (entries->pdata[0]), ==,
                   RAPPORT_TICKET_STATUS_OPEN);
  g_assert_cmpstr (rapport_history_entry_get_author_name (entries->pdata[1]), ==, "Sam Rivera");
  /* The quoted line is skipped in the summary. */
  g_assert_cmpstr (rapport_history_entry_get_summary (entries->pdata[10]), ==,
                   "Perfect, thank you!");

  /* Two messages in the same second: the later row (higher id) first. */
  nora_ticket = load_ticket (fixture, "3001");
  nora_entries = rapport_store_customer_history (fixture->store,
                                                 rapport_ticket_get_customer_id (nora_ticket),
                                                 NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nora_entries->len, ==, 4);
  g_assert_cmpint (rapport_history_entry_get_created_at (nora_entries->pdata[0]), ==,
                   rapport_history_entry_get_created_at (nora_entries->pdata[1]));
  g_assert_cmpint (rapport_history_entry_get_message_id (nora_entries->pdata[0]), >,
                   rapport_history_entry_get_message_id (nora_entries->pdata[1]));
  g_assert_cmpstr (rapport_history_entry_get_summary (nora_entries->pdata[0]), ==,
                   "We are preparing your export.");
}

static gint64
add_account_with_story (Fixture    *fixture,
                        const char *provider_kind,
                        const char *base_url)
{
  g_autoptr(RapportAccount) account = rapport_account_new (provider_kind, base_url, "Other");
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;

  rapport_account_set_user_remote_id (account, "dana.supervisor");
  g_assert_true (rapport_store_add_account (fixture->store, account, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (account), page,
                                           NULL, &error));
  g_assert_no_error (error);

  return rapport_account_get_id (account);
}

static gint64
account_of_ticket (Fixture *fixture,
                   gint64   ticket_id)
{
  sqlite3 *db = open_raw (fixture->path);
  sqlite3_stmt *stmt = NULL;
  gint64 account_id = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT account_id FROM tickets WHERE id = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    account_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpint (account_id, >, 0);

  return account_id;
}

static GPtrArray *
history_of (Fixture *fixture,
            gint64   customer_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = rapport_store_customer_history (fixture->store, customer_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);

  return entries;
}

/* @n more messages of Chloé on ticket 1001, older than the story's (ties on created_at). */
static void
add_old_messages (Fixture *fixture,
                  guint    n)
{
  g_autoptr(RapportSyncPage) page = test_old_messages_page ("1001", n);
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_apply_page (fixture->store, fixture->account_id, page, NULL,
                                           &error));
  g_assert_no_error (error);
}

static gboolean
entries_same (RapportHistoryEntry *a,
              RapportHistoryEntry *b)
{
  return rapport_history_entry_get_message_id (a) == rapport_history_entry_get_message_id (b) &&
         rapport_history_entry_get_created_at (a) == rapport_history_entry_get_created_at (b) &&
         rapport_history_entry_get_ticket_id (a) == rapport_history_entry_get_ticket_id (b) &&
         g_strcmp0 (rapport_history_entry_get_summary (a),
                    rapport_history_entry_get_summary (b)) == 0;
}

/* The history read a page at a time, each after the last entry of the one before, is the whole
 * history in its order, ties on created_at included; the last page says so. */
static void
test_history_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RapportHistoryEntry *after = NULL;
  gboolean complete = TRUE;
  gint64 chloe_id;
  guint total = 0;
  guint n_pages = 0;

  apply_story (fixture);
  ticket = load_ticket (fixture, "1005");
  chloe_id = rapport_ticket_get_customer_id (ticket);
  add_old_messages (fixture, 101);
  whole = history_of (fixture, chloe_id);
  g_assert_cmpuint (whole->len, ==, 13 + 101);

  /* The newest page: the history's first entries. */
  {
    g_autoptr(GPtrArray) first = NULL;

    first = rapport_store_customer_history_page (fixture->store, chloe_id, NULL, 5, &complete,
                                                 &total, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (first->len, ==, 5);
    g_assert_false (complete);
    g_assert_cmpuint (total, ==, whole->len);
    g_assert_cmpstr (rapport_history_entry_get_ticket_subject (first->pdata[0]), ==,
                     "Cancel my subscription before renewal");
    for (guint i = 0; i < first->len; i++)
      g_assert_true (entries_same (first->pdata[i], whole->pdata[i]));
  }

  /* Page after page: 7 at a time cuts through pairs of messages of the same second. */
  do
    {
      g_autoptr(GPtrArray) page = NULL;

      page = rapport_store_customer_history_page (fixture->store, chloe_id, after, 7, &complete,
                                                  NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_cmpuint (page->len, <=, 7);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (read, g_object_ref (page->pdata[i]));
      after = read->len > 0 ? read->pdata[read->len - 1] : NULL;
      n_pages++;
      /* Only the last page is complete, and only a complete page may be short. */
      g_assert_true (complete == (read->len == whole->len));
      if (!complete)
        g_assert_cmpuint (page->len, ==, 7);
    }
  while (!complete);

  g_assert_cmpuint (n_pages, ==, (whole->len + 6) / 7);
  g_assert_cmpuint (read->len, ==, whole->len);
  for (guint i = 0; i < whole->len; i++)
    g_assert_true (entries_same (read->pdata[i], whole->pdata[i]));
  /* Ties: the higher message id first. */
  test_assert_history_order (read);

  /* Exactly the whole history in one page: complete; one fewer: not. */
  {
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GPtrArray) nearly = NULL;

    all = rapport_store_customer_history_page (fixture->store, chloe_id, NULL, whole->len,
                                               &complete, &total, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, whole->len);
    g_assert_true (complete);
    nearly = rapport_store_customer_history_page (fixture->store, chloe_id, NULL,
                                                  whole->len - 1, &complete, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (nearly->len, ==, whole->len - 1);
    g_assert_false (complete);
  }

  /* Nothing after the oldest entry; a customer without history: empty and complete. */
  {
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GPtrArray) nobody = NULL;

    none = rapport_store_customer_history_page (fixture->store, chloe_id,
                                                whole->pdata[whole->len - 1], 10, &complete,
                                                NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_true (complete);
    nobody = rapport_store_customer_history_page (fixture->store, G_MAXINT64 - 1, NULL, 10,
                                                  &complete, &total, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (nobody->len, ==, 0);
    g_assert_true (complete);
    g_assert_cmpuint (total, ==, 0);
  }
}

/* A workspace's copies of a ticket count once in the pages and in the total, as in the whole
 * history. */
static void
test_history_pages_workspace_once (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;
  gint64 chloe_id;
  guint total = 0;

  apply_story (fixture);
  ticket = load_ticket (fixture, "1005");
  chloe_id = rapport_ticket_get_customer_id (ticket);
  add_account_with_story (fixture, "demo", NULL);

  page = rapport_store_customer_history_page (fixture->store, chloe_id, NULL, 100, &complete,
                                              &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 13);
  g_assert_true (complete);
  g_assert_cmpuint (total, ==, 13);
}

/* Two accounts of one workspace (an agent and a supervisor of the same helpdesk) hold copies
 * of the same tickets: the customer sees each ticket once, in the account added first. An
 * account of another helpdesk adds its own tickets to the same customer. */
static void
test_history_workspace_once (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(RapportCustomer) chloe = NULL;
  g_autoptr(RapportCustomer) chloe_everywhere = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) entries_everywhere = NULL;
  gint64 chloe_id, supervisor_id, rt_id;
  guint from_rt = 0;

  apply_story (fixture);
  ticket = load_ticket (fixture, "1005");
  chloe_id = rapport_ticket_get_customer_id (ticket);
  supervisor_id = add_account_with_story (fixture, "demo", NULL);
  g_assert_cmpint (supervisor_id, >, fixture->account_id);

  chloe = load_customer (fixture, chloe_id);
  g_assert_cmpuint (rapport_customer_get_ticket_count (chloe), ==, 5);
  g_assert_cmpuint (rapport_customer_get_open_ticket_count (chloe), ==, 2);
  entries = history_of (fixture, chloe_id);
  g_assert_cmpuint (entries->len, ==, 13);
  for (guint i = 0; i < entries->len; i++)
    {
      RapportHistoryEntry *entry = entries->pdata[i];

      g_assert_cmpint (account_of_ticket (fixture, rapport_history_entry_get_ticket_id (entry)),
                       ==, fixture->account_id);
    }

  /* Another helpdesk with the same ticket numbers: its tickets count too. */
  rt_id = add_account_with_story (fixture, "rt", "https://rt.example");
  chloe_everywhere = load_customer (fixture, chloe_id);
  g_assert_cmpuint (rapport_customer_get_ticket_count (chloe_everywhere), ==, 10);
  g_assert_cmpuint (rapport_customer_get_open_ticket_count (chloe_everywhere), ==, 4);
  entries_everywhere = history_of (fixture, chloe_id);
  g_assert_cmpuint (entries_everywhere->len, ==, 26);
  for (guint i = 0; i < entries_everywhere->len; i++)
    {
      RapportHistoryEntry *entry = entries_everywhere->pdata[i];
      gint64 account_id = account_of_ticket (fixture, rapport_history_entry_get_ticket_id (entry));

      g_assert_cmpint (account_id, !=, supervisor_id);
      if (account_id == rt_id)
        from_rt++;
    }
  g_assert_cmpuint (from_rt, ==, 13);
}

static void
test_list_messages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  RapportMessage *first;

  apply_story (fixture);
  ticket = load_ticket (fixture, "1002");
  g_assert_cmpuint (rapport_ticket_get_message_count (ticket), ==, 3);
  /* The newest public message, not the internal note. */
  g_assert_cmpstr (rapport_ticket_get_last_message_preview (ticket), ==,
                   "Hi Chloé, I have refunded the duplicate charge of 24.00 EUR; it will show on "
                   "your card within 5 days.");

  messages = rapport_store_list_messages (fixture->store, rapport_ticket_get_id (ticket), NULL,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);

  first = messages->pdata[0];
  g_assert_cmpstr (rapport_message_get_remote_id (first), ==, "m1002-1");
  g_assert_cmpstr (rapport_message_get_ticket_remote_id (first), ==, "1002");
  g_assert_cmpint (rapport_message_get_ticket_id (first), ==, rapport_ticket_get_id (ticket));
  g_assert_cmpint (rapport_message_get_author_kind (first), ==, RAPPORT_AUTHOR_CUSTOMER);
  g_assert_cmpint (rapport_message_get_author_customer_id (first), ==,
                   rapport_ticket_get_customer_id (ticket));
  g_assert_cmpint (rapport_message_get_channel (first), ==, RAPPORT_CHANNEL_PHONE);
  g_assert_cmpint (rapport_message_get_author_kind (messages->pdata[1]), ==, RAPPORT_AUTHOR_AGENT);
  g_assert_cmpint (rapport_message_get_visibility (messages->pdata[1]), ==,
                   RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpint (rapport_message_get_author_customer_id (messages->pdata[1]), ==, 0);
  g_assert_cmpint (rapport_message_get_created_at (messages->pdata[2]), ==,
                   TEST_ANCHOR - 21 * TEST_DAY + TEST_HOUR);
}

/* ---------------------------------------------------------------------------------------------
 * Views
 * ------------------------------------------------------------------------------------------- */

static void
assert_view (Fixture            *fixture,
             RapportView         view,
             const char * const *remote_ids)
{
  g_autoptr(GArray) ids = list_view (fixture, view);
  g_autoptr(GPtrArray) tickets = load_ids (fixture, ids);
  guint n = g_strv_length ((char **) remote_ids);

  g_test_message ("view %s", rapport_view_to_string (view));
  g_assert_cmpuint (ids->len, ==, n);
  g_assert_cmpuint (tickets->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (rapport_ticket_get_remote_id (tickets->pdata[i]), ==, remote_ids[i]);
      g_assert_cmpint (rapport_ticket_get_id (tickets->pdata[i]), ==,
                       g_array_index (ids, gint64, i));
    }
}

static void
test_views (Fixture       *fixture,
            gconstpointer  data)
{
  const char *my_open[] = { "1005", "1004", "3002", NULL };
  const char *unassigned[] = { "2002", NULL };
  const char *all_open[] = { "2002", "1005", "1004", "3002", "3001", NULL };
  const char *recently_solved[] = { "1003", "1002", NULL };
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS];

  apply_story (fixture);

  g_assert_true (rapport_store_count_views (fixture->store, fixture->account_id, counts, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[RAPPORT_VIEW_MY_OPEN], ==, 3);
  g_assert_cmpuint (counts[RAPPORT_VIEW_UNASSIGNED], ==, 1);
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 5);
  /* Solved within 30 days of the account's newest update: not 1001 (59 days), not 2001. */
  g_assert_cmpuint (counts[RAPPORT_VIEW_RECENTLY_SOLVED], ==, 2);

  assert_view (fixture, RAPPORT_VIEW_MY_OPEN, my_open);
  assert_view (fixture, RAPPORT_VIEW_UNASSIGNED, unassigned);
  assert_view (fixture, RAPPORT_VIEW_ALL_OPEN, all_open);
  assert_view (fixture, RAPPORT_VIEW_RECENTLY_SOLVED, recently_solved);
}

static void
test_views_other_account (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RapportAccount) other = rapport_account_new ("rt", "https://rt.example", "RT");
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS];

  /* The other account's user is someone else; same remote ids, separate tickets. */
  rapport_account_set_user_remote_id (other, "lee.agent");
  g_assert_true (rapport_store_add_account (fixture->store, other, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (other), page,
                                           NULL, &error));
  g_assert_no_error (error);

  g_assert_true (rapport_store_count_views (fixture->store, rapport_account_get_id (other),
                                            counts, NULL, &error));
  g_assert_cmpuint (counts[RAPPORT_VIEW_MY_OPEN], ==, 1);  /* 3001 */
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 5);

  g_assert_true (rapport_store_count_views (fixture->store, fixture->account_id, counts, NULL,
                                            &error));
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 0);
  hits = search (fixture, "sourdough", 10);
  g_assert_cmpuint (hits->len, ==, 0);
}


/* The counts (kept in view_counts as tickets change) equal a count of each view's list (read
 * from the tickets themselves). */
static void
assert_counts_recounted (Fixture *fixture,
                         gint64   account_id)
{
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS];

  g_assert_true (rapport_store_count_views (fixture->store, account_id, counts, NULL, &error));
  g_assert_no_error (error);

  for (guint view = 0; view < RAPPORT_N_VIEWS; view++)
    {
      g_autoptr(GArray) ids = rapport_store_list_ticket_ids (fixture->store, account_id, view,
                                                             NULL, &error);

      g_assert_no_error (error);
      g_test_message ("view %s: %u counted, %u listed", rapport_view_to_string (view),
                      counts[view], ids->len);
      g_assert_cmpuint (counts[view], ==, ids->len);
    }
}

static const RapportTicketStatus all_statuses[] = {
  RAPPORT_TICKET_STATUS_NEW, RAPPORT_TICKET_STATUS_OPEN, RAPPORT_TICKET_STATUS_PENDING,
  RAPPORT_TICKET_STATUS_ON_HOLD, RAPPORT_TICKET_STATUS_SOLVED, RAPPORT_TICKET_STATUS_CLOSED,
};
static const char * const some_assignees[] = { NULL, "", TEST_AGENT, "lee.agent", "kim.agent" };

/* A ticket of the pool with random values; solved times fall on both sides of the 30-day
 * cutoff and of the 65 536 s slots the counts are kept in, unset (0) and before 1970. */
static void
add_random_ticket (RapportSyncPage *page,
                   GRand           *rand,
                   guint            pool)
{
  g_autofree char *remote_id = g_strdup_printf ("r%u", g_rand_int_range (rand, 0, pool));
  RapportTicketStatus status = all_statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (all_statuses))];
  const char *assignee = some_assignees[g_rand_int_range (rand, 0, G_N_ELEMENTS (some_assignees))];
  gint64 updated_at = TEST_ANCHOR - g_rand_int_range (rand, 0, 40) * TEST_DAY;
  gint64 solved_at;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      solved_at = 0;
      break;

    case 1:
      solved_at = -g_rand_int_range (rand, 1, 200000);
      break;

    case 2:
      /* Around the cutoff of the newest update (TEST_ANCHOR at most) minus 30 days. */
      solved_at = TEST_ANCHOR - 30 * TEST_DAY + g_rand_int_range (rand, -140000, 140000);
      break;

    default:
      solved_at = updated_at - g_rand_int_range (rand, 0, 90000);
      break;
    }

  test_add_ticket (page, remote_id, "Random ticket", status, RAPPORT_CHANNEL_EMAIL, NULL,
                   assignee, TEST_ANCHOR - 90 * TEST_DAY, updated_at, solved_at);
}

static void
test_views_counts_incremental (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  assert_counts_recounted (fixture, fixture->account_id);

  /* Pages that insert, update (twice in a page, too) and delete tickets of a small pool. */
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
      guint n = g_rand_int_range (rand, 1, 12);

      for (guint j = 0; j < n; j++)
        add_random_ticket (page, rand, 30);
      for (guint j = g_rand_int_range (rand, 0, 3); j > 0; j--)
        g_ptr_array_add (page->deleted_ticket_ids,
                         g_strdup_printf ("r%u", g_rand_int_range (rand, 0, 30)));

      apply_page (fixture, page);
      assert_counts_recounted (fixture, fixture->account_id);
    }

  /* The outbox's local changes of status and assignee, then the server's answer. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
      g_autoptr(RapportOutboxOp) op = NULL;
      g_autoptr(RapportTicket) server = rapport_ticket_new ();
      g_autofree char *remote_id = g_strdup_printf ("r%u", g_rand_int_range (rand, 0, 30));
      gint64 ticket_id;

      ticket_id = find_ticket_id (fixture, remote_id);
      if (ticket_id == 0)
        continue; /* deleted by a page */

      changes->fields = RAPPORT_TICKET_FIELD_STATUS | RAPPORT_TICKET_FIELD_ASSIGNEE;
      changes->status = all_statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (all_statuses))];
      changes->assignee_remote_id =
        g_strdup (some_assignees[g_rand_int_range (rand, 0, G_N_ELEMENTS (some_assignees))]);
      op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id, ticket_id,
                                          changes, NULL, &error);
      g_assert_no_error (error);
      assert_counts_recounted (fixture, fixture->account_id);

      rapport_ticket_set_remote_id (server, remote_id);
      rapport_ticket_set_status (server, all_statuses[g_rand_int_range (rand, 0, 6)]);
      rapport_ticket_set_assignee_remote_id (server, some_assignees[g_rand_int_range (rand, 0, 5)]);
      rapport_ticket_set_updated_at (server, TEST_ANCHOR);
      g_assert_true (rapport_outbox_complete_update (fixture->store, op->id, server, &error));
      g_assert_no_error (error);
      assert_counts_recounted (fixture, fixture->account_id);
    }

  /* Rows written by anyone else, and the account's removal through its foreign keys. */
  db = open_raw (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON; "
                                     "UPDATE tickets SET status = 'solved', solved_at = 1 "
                                     "WHERE remote_id IN ('r1', 'r2', 'r3'); "
                                     "DELETE FROM tickets WHERE remote_id IN ('r4', 'r5');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  assert_counts_recounted (fixture, fixture->account_id);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM accounts", NULL, NULL, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT (*) FROM view_counts", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}


/* A cache written before view_counts existed: the migration counts its tickets. */
static void
test_views_counts_migration (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  const char *files[] = { "0001-initial.sql", "0002-outbox.sql", "0003-actions.sql",
                          "0004-authority.sql", "0005-ledger-totals.sql",
                          "0006-suggestions.sql" };
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[RAPPORT_N_VIEWS];
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_migrations (db, files, G_N_ELEMENTS (files));
  /* Newest update 1 000 000: "Recently solved" starts at 1 000 000 - 30 days = -1 592 000. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO accounts (id, provider_kind, user_remote_id, "
                                 "created_at) VALUES (1, 'demo', 'sam.agent', 1), "
                                 "(2, 'rt', 'lee.agent', 1);"
                                 "INSERT INTO tickets (account_id, remote_id, status, channel, "
                                 "assignee_remote_id, updated_at, solved_at) VALUES "
                                 "(1, 'a', 'open', 'email', 'sam.agent', 1000000, 0),"
                                 "(1, 'b', 'pending', 'email', NULL, 900000, 0),"
                                 "(1, 'c', 'new', 'chat', 'lee.agent', 900000, 0),"
                                 "(1, 'd', 'solved', 'email', 'sam.agent', 900000, 800000),"
                                 "(1, 'e', 'closed', 'email', NULL, 900000, -1592000),"
                                 "(1, 'f', 'closed', 'email', NULL, 900000, -1592001),"
                                 "(1, 'g', 'solved', 'email', NULL, 900000, 0),"
                                 "(2, 'a', 'open', 'email', 'lee.agent', 5, 0);"
                                 "PRAGMA user_version = 6;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (rapport_store_count_views (store, 1, counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[RAPPORT_VIEW_MY_OPEN], ==, 1);
  g_assert_cmpuint (counts[RAPPORT_VIEW_UNASSIGNED], ==, 1);
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 3);
  g_assert_cmpuint (counts[RAPPORT_VIEW_RECENTLY_SOLVED], ==, 3); /* d, e and g, not f */

  g_assert_true (rapport_store_count_views (store, 2, counts, NULL, &error));
  g_assert_cmpuint (counts[RAPPORT_VIEW_MY_OPEN], ==, 1);
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 1);

  rapport_store_close (store);
  test_remove_tree (dir);
}

/* A cache written before pulls checked dates: a time far in the future pinned its ticket to
 * the top of every view. The migration makes it unset; believable times stay. */
static void
test_believable_dates_migration (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  const char *files[] = { "0001-initial.sql", "0002-outbox.sql", "0003-actions.sql",
                          "0004-authority.sql", "0005-ledger-totals.sql",
                          "0006-suggestions.sql", "0007-history-index.sql" };
  const char *later_files[] = { "0008-views-and-ingest.sql", "0009-set-aside.sql" };
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *insert = NULL;
  guint counts[RAPPORT_N_VIEWS];
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_migrations (db, files, G_N_ELEMENTS (files));
  /* a: 2999 (pinned); b: an hour ahead (clocks disagree: kept); c: an ordinary time; d: solved
   * "in 2999"; e: 1970, shown as unknown but left as it is. */
  insert = g_strdup_printf ("INSERT INTO accounts (id, provider_kind, user_remote_id, created_at) "
                            "VALUES (1, 'rt', 'sam.agent', 1);"
                            "INSERT INTO tickets (account_id, remote_id, status, channel, "
                            "created_at, updated_at, solved_at) VALUES "
                            "(1, 'a', 'open', 'email', 32503680000, 32503680000, 0),"
                            "(1, 'b', 'open', 'email', %1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", 0),"
                            "(1, 'c', 'open', 'email', %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT ", 0),"
                            "(1, 'd', 'solved', 'email', %1$" G_GINT64_FORMAT ", 32503680000, 32503680000),"
                            "(1, 'e', 'open', 'email', 0, 0, 0);",
                            now - 86400, now + 3600);
  g_assert_cmpint (sqlite3_exec (db, insert, NULL, NULL, NULL), ==, SQLITE_OK);
  /* 0008 counts the tickets there are into view_counts. */
  exec_migrations (db, later_files, G_N_ELEMENTS (later_files));
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 9", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_new (path);
  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_get_schema_version (store), >=, 10);
  g_assert_true (rapport_store_count_views (store, 1, counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[RAPPORT_VIEW_ALL_OPEN], ==, 4);
  rapport_store_close (store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT remote_id, created_at, updated_at, solved_at "
                                       "FROM tickets ORDER BY remote_id", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  {
    const struct { const char *id; gint64 created, updated, solved; } expected[] = {
      { "a", 32503680000, 0, 0 },
      { "b", now - 86400, now + 3600, 0 },
      { "c", now - 86400, now - 86400, 0 },
      { "d", now - 86400, 0, 0 },
      { "e", 0, 0, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected[i].id);
        g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, expected[i].created);
        g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, expected[i].updated);
        g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, expected[i].solved);
      }
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  test_remove_tree (dir);
}

/* ---------------------------------------------------------------------------------------------
 * Assignees
 * ------------------------------------------------------------------------------------------- */

static GPtrArray *
list_assignees (Fixture *fixture,
                gint64   account_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *assignees = rapport_store_list_assignees (fixture->store, account_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (assignees);

  return assignees;
}

static void
assert_assignee (GPtrArray  *assignees,
                 guint       index,
                 const char *remote_id,
                 const char *name)
{
  RapportAssignee *assignee;

  g_assert_cmpuint (index, <, assignees->len);
  assignee = g_ptr_array_index (assignees, index);
  g_assert_cmpstr (assignee->remote_id, ==, remote_id);
  g_assert_cmpstr (assignee->name, ==, name);
}

static void
on_assignees_listed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = rapport_store_list_assignees_finish (RAPPORT_STORE (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

static void
on_ticket_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gint64 *out = user_data;
  g_autoptr(GError) error = NULL;

  *out = rapport_store_find_ticket_finish (RAPPORT_STORE (object), result, &error);
  g_assert_no_error (error);
}

static gint64
find_ticket (Fixture    *fixture,
             gint64      account_id,
             const char *remote_id)
{
  gint64 id = -2;

  rapport_store_find_ticket_async (fixture->store, account_id, remote_id, NULL,
                                   on_ticket_found_cb, &id);
  while (id == -2)
    g_main_context_iteration (NULL, TRUE);
  return id;
}

/* A ticket named by the helpdesk's id, in one account: another account's copy of the same
 * remote id is another ticket. */
static void
test_find_ticket (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RapportAccount) other = rapport_account_new ("rt", "https://rt.example", "RT");
  g_autoptr(RapportSyncPage) page = test_story_page ();
  g_autoptr(GError) error = NULL;
  gint64 mine, theirs;

  apply_story (fixture);
  g_assert_true (rapport_store_add_account (fixture->store, other, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (other), page,
                                           NULL, &error));
  g_assert_no_error (error);

  mine = find_ticket (fixture, fixture->account_id, "1001");
  theirs = find_ticket (fixture, rapport_account_get_id (other), "1001");
  g_assert_cmpint (mine, >, 0);
  g_assert_cmpint (theirs, >, 0);
  g_assert_cmpint (mine, !=, theirs);
  /* The fixture's account was filled first: its copy is the one with the lower id. */
  g_assert_cmpint (mine, ==, ticket_id_of (fixture, "1001"));
  g_assert_cmpint (find_ticket (fixture, fixture->account_id, "9999"), ==, 0);
  g_assert_cmpint (find_ticket (fixture, 4242, "1001"), ==, 0);
}

static void
test_list_assignees (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportAccount) other = rapport_account_new ("rt", "https://rt.example", "RT");
  g_autoptr(RapportSyncPage) page = rapport_sync_page_new ();
  g_autoptr(RapportSyncPage) other_page = rapport_sync_page_new ();
  g_autoptr(RapportTicketChanges) changes = rapport_ticket_changes_new ();
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GPtrArray) assignees = NULL;
  g_autoptr(GPtrArray) async_assignees = NULL;
  g_autoptr(GError) error = NULL;
  RapportTicket *ticket;
  g_autoptr(GArray) ids = NULL;
  gint64 ticket_id = 0;

  /* No tickets yet: only the signed-in user, with the account's user name. */
  assignees = list_assignees (fixture, fixture->account_id);
  g_assert_cmpuint (assignees->len, ==, 1);
  assert_assignee (assignees, 0, TEST_AGENT, "Sam Rivera");
  g_clear_pointer (&assignees, g_ptr_array_unref);

  /* The story: Sam and Lee on several tickets each, one ticket unassigned. Plus a lower-case
   * name (sorted without regard to case), someone the backend gave no name (shown by id), and
   * a ticket of Sam's whose cached name is stale (the account's own name wins). */
  apply_story (fixture);
  test_add_customer (page, "ana", "Ana", NULL, "email", "ana@example.com", NULL);
  ticket = test_add_ticket (page, "9001", "Lower-case agent", RAPPORT_TICKET_STATUS_OPEN,
                            RAPPORT_CHANNEL_EMAIL, "ana", "alex.m", TEST_ANCHOR, TEST_ANCHOR, 0);
  rapport_ticket_set_assignee_name (ticket, "alex martin");
  ticket = test_add_ticket (page, "9002", "Nameless agent", RAPPORT_TICKET_STATUS_SOLVED,
                            RAPPORT_CHANNEL_EMAIL, "ana", "zed", TEST_ANCHOR, TEST_ANCHOR,
                            TEST_ANCHOR);
  rapport_ticket_set_assignee_name (ticket, NULL);
  ticket = test_add_ticket (page, "9003", "Stale name", RAPPORT_TICKET_STATUS_OPEN,
                            RAPPORT_CHANNEL_EMAIL, "ana", TEST_AGENT, TEST_ANCHOR, TEST_ANCHOR, 0);
  rapport_ticket_set_assignee_name (ticket, "Samuel (old name)");
  apply_page (fixture, page);

  /* Another account's people are not this account's. */
  rapport_account_set_user_remote_id (other, "root");
  g_assert_true (rapport_store_add_account (fixture->store, other, NULL, &error));
  g_assert_no_error (error);
  test_add_customer (other_page, "bo", "Bo", NULL, "email", "bo@example.com", NULL);
  ticket = test_add_ticket (other_page, "1", "Elsewhere", RAPPORT_TICKET_STATUS_OPEN,
                            RAPPORT_CHANNEL_EMAIL, "bo", "other.agent", TEST_ANCHOR, TEST_ANCHOR,
                            0);
  rapport_ticket_set_assignee_name (ticket, "Olive Other");
  g_assert_true (rapport_store_apply_page (fixture->store, rapport_account_get_id (other),
                                           other_page, NULL, &error));
  g_assert_no_error (error);

  assignees = list_assignees (fixture, fixture->account_id);
  g_assert_cmpuint (assignees->len, ==, 4);
  assert_assignee (assignees, 0, "alex.m", "alex martin");
  assert_assignee (assignees, 1, "lee.agent", "Lee Fontaine");
  assert_assignee (assignees, 2, TEST_AGENT, "Sam Rivera");
  assert_assignee (assignees, 3, "zed", "zed");
  g_clear_pointer (&assignees, g_ptr_array_unref);

  assignees = list_assignees (fixture, rapport_account_get_id (other));
  g_assert_cmpuint (assignees->len, ==, 2);
  assert_assignee (assignees, 0, "other.agent", "Olive Other");
  assert_assignee (assignees, 1, "root", "root");
  g_clear_pointer (&assignees, g_ptr_array_unref);

  /* A ticket assigned locally (queued in the outbox, no name known yet) brings its assignee;
   * once nobody holds a ticket any more, they are gone. */
  ids = list_view (fixture, RAPPORT_VIEW_UNASSIGNED);
  g_assert_cmpuint (ids->len, ==, 1);      /* 2002 */
  ticket_id = g_array_index (ids, gint64, 0);
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->assignee_remote_id = g_strdup ("new.hire");
  op = rapport_outbox_enqueue_update (fixture->store, fixture->account_id, ticket_id, changes,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);

  assignees = list_assignees (fixture, fixture->account_id);
  g_assert_cmpuint (assignees->len, ==, 5);
  assert_assignee (assignees, 2, "new.hire", "new.hire");
  g_clear_pointer (&assignees, g_ptr_array_unref);

  /* The same through the worker thread. */
  rapport_store_list_assignees_async (fixture->store, fixture->account_id, NULL,
                                      on_assignees_listed_cb, &async_assignees);
  while (async_assignees == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (async_assignees->len, ==, 5);
  assert_assignee (async_assignees, 0, "alex.m", "alex martin");
  assert_assignee (async_assignees, 4, "zed", "zed");

  /* No such account. */
  g_assert_null (rapport_store_list_assignees (fixture->store, 4242, NULL, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
}

/* ---------------------------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------------------------- */

static void
assert_match (RapportSearchHit *hit,
              const char       *word)
{
  const char *snippet = rapport_search_hit_get_snippet (hit);
  int start = rapport_search_hit_get_match_start (hit);
  int end = rapport_search_hit_get_match_end (hit);
  g_autofree char *matched = NULL;
  g_autofree char *folded = NULL;

  g_assert_nonnull (snippet);
  g_assert_cmpint (start, >=, 0);
  g_assert_cmpint (end, >, start);
  g_assert_cmpint (end, <=, (int) strlen (snippet));
  g_assert_true (g_utf8_validate (snippet, -1, NULL));
  g_assert_null (strchr (snippet, '\002'));
  g_assert_null (strchr (snippet, '\003'));

  matched = g_strndup (snippet + start, end - start);
  folded = g_utf8_casefold (matched, -1);
  /* A matched phrase is marked as one span, so the span starts with the word. */
  g_test_message ("matched «%s» in «%s»", matched, snippet);
  g_assert_true (g_str_has_prefix (folded, word));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  RapportSearchHit *hit;

  apply_story (fixture);

  /* A word only in a subject. */
  hits = search (fixture, "renewal", 10);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpint (rapport_search_hit_get_message_id (hit), ==, 0);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hit), ==, ticket_id_of (fixture, "1005"));
  g_assert_cmpstr (rapport_search_hit_get_ticket_subject (hit), ==,
                   "Cancel my subscription before renewal");
  g_assert_cmpstr (rapport_search_hit_get_customer_name (hit), ==, "Chloé Silva");
  g_assert_cmpint (rapport_search_hit_get_ticket_status (hit), ==, RAPPORT_TICKET_STATUS_OPEN);
  assert_match (hit, "renewal");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A phrase only in bodies: one hit per ticket, its newest matching message. */
  hits = search (fixture, "\"duplicate charge\"", 10);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = hits->pdata[0];
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hit), ==, ticket_id_of (fixture, "1002"));
  g_assert_cmpint (rapport_search_hit_get_message_id (hit), !=, 0);
  g_assert_cmpint (rapport_search_hit_get_created_at (hit), ==,
                   TEST_ANCHOR - 21 * TEST_DAY + TEST_HOUR);
  g_assert_cmpint (rapport_search_hit_get_channel (hit), ==, RAPPORT_CHANNEL_PHONE);
  assert_match (hit, "duplicate");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The words of a phrase in another order are not the phrase. */
  hits = search (fixture, "\"charge duplicate\"", 10);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Accents and case do not matter; the last word is a prefix. */
  hits = search (fixture, "SOURDOUGH start", 10);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hits->pdata[0]), ==,
                   ticket_id_of (fixture, "1004"));
  assert_match (hits->pdata[0], "sourdough");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (fixture, "chloe corrected", 10);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hits->pdata[0]), ==,
                   ticket_id_of (fixture, "1001"));
  g_clear_pointer (&hits, g_ptr_array_unref);
}

static void
test_search_newest_first (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  const char *expected[] = { "1004", "1003", "1002", "1001" };

  apply_story (fixture);

  /* "Hi" opens messages in 1001…1004 (too short to be a prefix: not "history" in 3001).
   * Newest match first. */
  hits = search (fixture, "hi", 50);
  g_assert_cmpuint (hits->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < hits->len; i++)
    {
      g_autoptr(RapportTicket) ticket = load_ticket (fixture, expected[i]);

      g_assert_cmpint (rapport_search_hit_get_ticket_id (hits->pdata[i]), ==,
                       rapport_ticket_get_id (ticket));
      if (i > 0)
        g_assert_cmpint (rapport_search_hit_get_created_at (hits->pdata[i - 1]), >,
                         rapport_search_hit_get_created_at (hits->pdata[i]));
    }

  limited = search (fixture, "hi", 2);
  g_assert_cmpuint (limited->len, ==, 2);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (limited->pdata[1]), ==,
                   rapport_search_hit_get_ticket_id (hits->pdata[1]));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A longer last word is a prefix: "hist" finds "history" (3001), "chlo" finds "Chloé" in
   * 1001, 1002, 1003 and 1004, newest first. */
  hits = search (fixture, "hist", 50);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hits->pdata[0]), ==,
                   ticket_id_of (fixture, "3001"));
  assert_match (hits->pdata[0], "history");
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = search (fixture, "chlo", 50);
  g_assert_cmpuint (hits->len, ==, 4);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hits->pdata[0]), ==,
                   ticket_id_of (fixture, "1004"));
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hits->pdata[3]), ==,
                   ticket_id_of (fixture, "1001"));
  assert_match (hits->pdata[0], "chlo");
}

static void
test_search_syntax (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char *empty_queries[] = {
    "", "   ", "\"", "\"\"", "\"\" \"\"", "!!! ??", "*", "-", "()", "^", ":", "“”",
  };
  static const char *harmless_queries[] = {
    "AND", "OR NOT", "NEAR(a b)", "subject:cancel", "{text}: x", "a\"b", "sourdough\"",
    "\"unterminated phrase", "x*y", "-sourdough", "+sourdough", "col:", "'", "it's",
    "\"\"\"", "\xff\xfe invalid utf8",
  };
  g_autofree char *fts = NULL;

  apply_story (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (empty_queries); i++)
    {
      g_autoptr(GPtrArray) hits = search (fixture, empty_queries[i], 10);

      g_test_message ("query «%s»", empty_queries[i]);
      g_assert_cmpuint (hits->len, ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (harmless_queries); i++)
    {
      g_autoptr(GPtrArray) hits = NULL;

      g_test_message ("query «%s»", harmless_queries[i]);
      hits = search (fixture, harmless_queries[i], 10);
    }

  /* A quote glued to a word is not syntax: the word is found. */
  {
    g_autoptr(GPtrArray) hits = search (fixture, "sourdough\"", 10);

    g_assert_cmpuint (hits->len, ==, 1);
  }

  /* The query builder: quoted terms, doubled quotes, prefix on the last term only. */
  fts = _rapport_store_build_fts_query ("refund  \"duplicate charge\" it\"s");
  g_assert_cmpstr (fts, ==, "\"refund\" \"duplicate charge\" \"it\" \"s\"");
  g_clear_pointer (&fts, g_free);
  fts = _rapport_store_build_fts_query ("a\"\"b AND");
  g_assert_cmpstr (fts, ==, "\"a\" \"b\" \"AND\"");
  g_clear_pointer (&fts, g_free);
  fts = _rapport_store_build_fts_query ("it's refu");
  g_assert_cmpstr (fts, ==, "\"it's\" \"refu\"*");
  g_clear_pointer (&fts, g_free);
  fts = _rapport_store_build_fts_query ("\"sourdough starter\"");
  g_assert_cmpstr (fts, ==, "\"sourdough starter\"*");
  g_clear_pointer (&fts, g_free);
  fts = _rapport_store_build_fts_query ("\"say \"\"hi\"\"\" now NEAR(x)");
  g_assert_cmpstr (fts, ==, "\"say \" \"hi\" \"now\" \"NEAR(x)\"");
  g_clear_pointer (&fts, g_free);
  fts = _rapport_store_build_fts_query ("?? !!");
  g_assert_null (fts);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("load-customer", test_load_customer);
  ADD ("history", test_history);
  ADD ("history-workspace-once", test_history_workspace_once);
  ADD ("history-pages", test_history_pages);
  ADD ("history-pages-workspace-once", test_history_pages_workspace_once);
  ADD ("list-messages", test_list_messages);
  ADD ("views", test_views);
  ADD ("views-other-account", test_views_other_account);
  ADD ("views-counts-incremental", test_views_counts_incremental);
  g_test_add_func ("/rapport/store/views-counts-migration", test_views_counts_migration);
  g_test_add_func ("/rapport/store/believable-dates-migration", test_believable_dates_migration);
  ADD ("list-assignees", test_list_assignees);
  ADD ("find-ticket", test_find_ticket);
  ADD ("search", test_search);
  ADD ("search-newest-first", test_search_newest_first);
  ADD ("search-syntax", test_search_syntax);

#undef ADD

  return g_test_run ();
}

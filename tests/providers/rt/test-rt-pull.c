/* test-rt-pull.c
 *
 * RapportRtProvider's reads against a fake Request Tracker (rt-provider-fixture.c): the
 * first sync, incremental pulls, rows hidden by rights, ETags, fetch_ticket_history,
 * cancelling a pull, and records that do not read (set aside, then read again).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-provider"

#include "config.h"

#include "rt-provider-fixture.h"

#include <string.h>

static void
check_first_sync_page (RapportSyncPage *page)
{
  g_assert_cmpstr (page->resource, ==, "rt");
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 0);
}

static void
test_first_sync (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) p1 = NULL;
  g_autoptr(RapportSyncPage) p2 = NULL;
  g_autoptr(RapportSyncPage) p3 = NULL;
  g_autoptr(RapportSyncPage) p4 = NULL;
  Request *search;

  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");

  /* Page 1: the watermark, then tickets 1 and 2. */
  p1 = pull (provider, NULL, &error);
  g_assert_no_error (error);
  check_first_sync_page (p1);
  g_assert_cmpstr (p1->next_cursor, ==, "full:111:2");
  g_assert_true (p1->has_more);
  g_assert_cmpuint (p1->tickets->len, ==, 2);
  g_assert_cmpstr (rapport_ticket_get_remote_id (p1->tickets->pdata[0]), ==, "1");
  g_assert_cmpstr (rapport_ticket_get_remote_id (p1->tickets->pdata[1]), ==, "2");
  g_assert_cmpstr (rapport_ticket_get_assignee_name (p1->tickets->pdata[0]), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_ticket_get_queue (p1->tickets->pdata[0]), ==, "Support");
  g_assert_cmpuint (count_messages_of (p1->messages, "1"), ==, 4);
  g_assert_cmpuint (count_messages_of (p1->messages, "2"), ==, 3);
  g_assert_cmpuint (p1->customers->len, ==, 1);
  g_assert_cmpstr (rapport_customer_get_remote_id (p1->customers->pdata[0]), ==, CHLOE);
  g_assert_cmpstr (rapport_customer_get_display_name (p1->customers->pdata[0]), ==, "Chloé Silva");
  {
    RapportMessage *reply = p1->messages->pdata[2];

    g_assert_cmpstr (rapport_message_get_remote_id (reply), ==, "54");
    g_assert_cmpstr (rapport_message_get_body (reply), ==,
                     "Hi Chloé,\n\nI have cancelled your subscription; it stays active until the "
                     "end of the month.\n\nBest regards,\nSam Rivera");
    g_assert_cmpint (rapport_message_get_direction (p1->messages->pdata[0]), ==,
                     RAPPORT_DIRECTION_INBOUND);
    g_assert_cmpint (rapport_message_get_author_kind (p1->messages->pdata[0]), ==,
                     RAPPORT_AUTHOR_CUSTOMER);
  }
  /* Ticket 2's parts are not in its attachment pages: each message was asked for alone. */
  g_assert_cmpuint (count_requests (f->rt, "/transaction/65/attachments", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_requests (f->rt, "/transaction/68/attachments", NULL, NULL), ==, 1);

  search = last_request (f->rt, "/tickets");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "query"), ==,
                   "Queue = 'Support' AND id > 0");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "per_page"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "fields[Queue]"), ==, "Name");
  g_assert_nonnull (strstr (g_hash_table_lookup (search->query, "fields"), "CustomFields"));
  g_assert_cmpuint (count_requests (f->rt, "/transactions", "order", "DESC"), ==, 1);

  /* Page 2: tickets 3 and 4, Søren and Chloé. */
  p2 = pull (provider, p1->next_cursor, &error);
  g_assert_no_error (error);
  check_first_sync_page (p2);
  g_assert_cmpstr (p2->next_cursor, ==, "full:111:4");
  g_assert_true (page_has_ticket (p2, "3"));
  g_assert_true (page_has_ticket (p2, "4"));
  g_assert_cmpuint (p2->customers->len, ==, 2);
  g_assert_cmpuint (count_messages_of (p2->messages, "3"), ==, 2);
  g_assert_cmpuint (count_messages_of (p2->messages, "4"), ==, 1);
  search = last_request (f->rt, "/tickets");
  g_assert_cmpstr (g_hash_table_lookup (search->query, "query"), ==,
                   "Queue = 'Support' AND id > 2");

  /* Page 3: ticket 6 alone; the search's total says it was the last. */
  p3 = pull (provider, p2->next_cursor, &error);
  g_assert_no_error (error);
  check_first_sync_page (p3);
  g_assert_cmpuint (p3->tickets->len, ==, 1);
  g_assert_true (page_has_ticket (p3, "6"));
  /* Ticket 6's history holds merged ticket 7's Create. */
  g_assert_cmpuint (count_messages_of (p3->messages, "6"), ==, 2);
  g_assert_cmpstr (p3->next_cursor, ==, "111");
  g_assert_true (p3->has_more);

  /* Page 4: incremental from the watermark: nothing after it. */
  p4 = pull (provider, p3->next_cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p4->tickets->len + p4->messages->len + p4->customers->len, ==, 0);
  g_assert_cmpstr (p4->next_cursor, ==, "111");
  g_assert_false (p4->has_more);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_incremental (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = pull (provider, "47", &error);
  g_autoptr(RapportSyncPage) done = NULL;
  const char * const tickets[] = { "1", "2", "3", "4", "6" };

  g_assert_no_error (error);
  g_assert_cmpstr (page->next_cursor, ==, "111");
  g_assert_true (page->has_more);
  g_assert_cmpuint (page->tickets->len, ==, G_N_ELEMENTS (tickets));
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    g_assert_true (page_has_ticket (page, tickets[i]));
  /* 5 answers 404; 7 answers with 6, into which it was merged. */
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 2);
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[0], ==, "5");
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[1], ==, "7");
  g_assert_cmpuint (count_messages_of (page->messages, "6"), ==, 2);
  g_assert_cmpuint (count_messages_of (page->messages, "7"), ==, 0);
  /* 7 was read once (to learn of the merge), 6 once. */
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/7", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/6", NULL, NULL), ==, 1);
  {
    Request *txns = last_request (f->rt, "/transactions");

    g_assert_cmpstr (g_hash_table_lookup (txns->query, "query"), ==,
                     "ObjectType = 'RT::Ticket' AND Type != 'EmailRecord' AND "
                     "Type != 'CommentEmailRecord' AND id > 47");
    g_assert_cmpstr (g_hash_table_lookup (txns->query, "order"), ==, "ASC");
  }

  done = pull (provider, page->next_cursor, &error);
  g_assert_no_error (error);
  g_assert_false (done->has_more);
  g_assert_cmpstr (done->next_cursor, ==, "111");
  g_assert_cmpuint (done->tickets->len + done->deleted_ticket_ids->len, ==, 0);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_incremental_queue (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  Request *txns;

  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Support");
  page = pull (provider, "100", &error);
  g_assert_no_error (error);
  txns = last_request (f->rt, "/transactions");
  g_assert_nonnull (strstr (g_hash_table_lookup (txns->query, "query"),
                            "AND id > 100 AND (TicketQueue = 'Support' OR (Type = 'Set' AND "
                            "Field = 'Queue'))"));
  g_assert_true (page_has_ticket (page, "6"));

  /* The same ticket seen from a provider that syncs another queue is gone. */
  rapport_rt_provider_set_queue (RAPPORT_RT_PROVIDER (provider), "Sales");
  g_clear_pointer (&page, rapport_sync_page_free);
  page = pull (provider, "100", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->tickets->len, ==, 0);
  g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 2);
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[0], ==, "6");
  g_assert_cmpstr (page->deleted_ticket_ids->pdata[1], ==, "7");
}

static void
test_hidden_rows (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 3);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = g_strdup ("47");
  guint pages = 0;
  gboolean more = TRUE;

  g_mutex_lock (&f->rt->lock);
  f->rt->hidden_rows = TRUE;
  g_mutex_unlock (&f->rt->lock);

  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncPage) page = pull (provider, cursor, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (++pages, <, 40);
      for (guint i = 0; i < page->tickets->len; i++)
        g_hash_table_add (seen, g_strdup (rapport_ticket_get_remote_id (page->tickets->pdata[i])));
      for (guint i = 0; i < page->deleted_ticket_ids->len; i++)
        g_hash_table_add (deleted, g_strdup (page->deleted_ticket_ids->pdata[i]));

      /* The cursor never goes back. */
      g_assert_cmpuint (g_ascii_strtoull (page->next_cursor, NULL, 10), >=,
                        g_ascii_strtoull (cursor, NULL, 10));
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      more = page->has_more;
    }

  g_assert_cmpstr (cursor, ==, "111");
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_true (g_hash_table_contains (seen, "1"));
  g_assert_true (g_hash_table_contains (seen, "2"));
  g_assert_true (g_hash_table_contains (seen, "3"));
  g_assert_true (g_hash_table_contains (seen, "4"));
  g_assert_true (g_hash_table_contains (seen, "6"));
  g_assert_true (g_hash_table_contains (deleted, "5"));
  g_assert_true (g_hash_table_contains (deleted, "7"));

  /* Rows 60-62 after cursor 59 are all hidden: page 1 was empty mid-stream; the provider
   * probed the newest rows and scanned on instead of stopping. */
  g_assert_cmpuint (count_requests (f->rt, "/transactions", "order", "DESC"), >=, 1);
  g_assert_cmpuint (count_requests (f->rt, "/transactions", "page", "2"), >=, 1);
  g_test_message ("%u pages for 25 visible transactions among 64 rows", pages);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_etags (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) first = NULL;
  g_autoptr(RapportSyncPage) retry = NULL;
  g_autoptr(RapportSyncPage) end = NULL;
  g_autoptr(RapportSyncPage) again = NULL;
  Request *ticket1;

  /* The page is pulled but, as far as the provider knows, not stored: a retry from the same
   * cursor must not trust its ETags. */
  first = pull (provider, "47", &error);
  g_assert_no_error (error);
  retry = pull (provider, "47", &error);
  g_assert_no_error (error);
  g_assert_true (page_has_ticket (retry, "1"));
  ticket1 = last_request (f->rt, "/REST/2.0/ticket/1");
  g_assert_null (ticket1->if_none_match);

  /* The engine comes back with the page's cursor: the page is stored, its ETags count. */
  end = pull (provider, retry->next_cursor, &error);
  g_assert_no_error (error);
  g_assert_false (end->has_more);

  /* A later pull that sees ticket 1 change again asks conditionally, and 304 skips it. */
  fake_rt_clear (f->rt);
  again = pull (provider, "47", &error);
  g_assert_no_error (error);
  ticket1 = last_request (f->rt, "/REST/2.0/ticket/1");
  g_assert_cmpstr (ticket1->if_none_match, ==, "\"59\"");
  g_assert_false (page_has_ticket (again, "1"));
  g_assert_cmpuint (count_messages_of (again->messages, "1"), ==, 0);
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/1/history", NULL, NULL), ==, 0);
  /* Ticket 6's ETag (learned through 7's merge too) is known as well. */
  g_assert_false (page_has_ticket (again, "6"));
  g_assert_cmpstr (last_request (f->rt, "/REST/2.0/ticket/6")->if_none_match, ==, "\"111\"");
  /* Deleted tickets stay deleted. */
  g_assert_cmpuint (again->deleted_ticket_ids->len, ==, 2);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_fetch_history (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = fetch_history (provider, "1", &error);
  g_autoptr(GPtrArray) merged = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) invalid = NULL;
  Request *history, *attachments;

  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 4);
  g_assert_cmpstr (rapport_message_get_remote_id (messages->pdata[0]), ==, "48");
  g_assert_cmpstr (rapport_message_get_body (messages->pdata[0]), ==,
                   "Hello,\nplease cancel my subscription before it renews on the 1st.\n"
                   "Merci, Chloé");
  g_assert_cmpint (rapport_message_get_visibility (messages->pdata[1]), ==,
                   RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpstr (rapport_message_get_remote_id (messages->pdata[3]), ==, "57");
  g_assert_cmpint (rapport_message_get_author_kind (messages->pdata[3]), ==,
                   RAPPORT_AUTHOR_CUSTOMER);

  history = last_request (f->rt, "/ticket/1/history");
  g_assert_nonnull (strstr (g_hash_table_lookup (history->query, "query"), "EmailRecord"));
  g_assert_cmpstr (g_hash_table_lookup (history->query, "fields[Creator]"), ==, "Name,RealName");
  /* The ETag (59) bounds the history: one page, no empty page after it. */
  g_assert_cmpuint (count_requests (f->rt, "/ticket/1/history", NULL, NULL), ==, 1);
  /* A part of the newest message (57) was on the first attachments page: done. */
  g_assert_cmpuint (count_requests (f->rt, "/ticket/1/attachments", NULL, NULL), ==, 1);
  attachments = last_request (f->rt, "/ticket/1/attachments");
  g_assert_nonnull (strstr (g_hash_table_lookup (attachments->query, "query"), "STARTSWITH"));

  merged = fetch_history (provider, "7", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (merged->len, ==, 2);
  g_assert_cmpuint (count_messages_of (merged, "6"), ==, 2);

  missing = fetch_history (provider, "999999", &error);
  g_assert_null (missing);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  invalid = fetch_history (provider, "../user/31", &error);
  g_assert_null (invalid);
  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(RapportSyncPage) after = NULL;

  /* Ticket 3 never answers; cancel while the pull waits for it. */
  fake_rt_override (f->rt, "/REST/2.0/ticket/3", OVERRIDE_STALL, 0, NULL, NULL, NULL, NULL);
  rapport_provider_pull_changes_async (provider, "47", cancellable, on_result_cb, &result);
  while (count_requests (f->rt, "/REST/2.0/ticket/3", NULL, NULL) == 0)
    {
      /* The request shows up in the server's thread: do not block in this one. */
      g_main_context_iteration (g_main_context_get_thread_default (), FALSE);
      g_usleep (1000);
    }
  g_cancellable_cancel (cancellable);

  page = rapport_provider_pull_changes_finish (provider, wait_for (&result), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The provider is free for the next pull. */
  fake_rt_clear (f->rt);
  after = pull (provider, "47", &error);
  g_assert_no_error (error);
  g_assert_true (page_has_ticket (after, "3"));
}

static void
drop_subject (JsonObject *ticket)
{
  json_object_remove_member (ticket, "Subject");
}

static void
number_created (JsonObject *txn)
{
  json_object_set_int_member (txn, "Created", 1764022579);
}

static void
number_name (JsonObject *user)
{
  json_object_set_int_member (user, "Name", 17);
}

static gboolean
page_has_message (RapportSyncPage *page,
                  const char      *remote_id)
{
  for (guint i = 0; i < page->messages->len; i++)
    if (g_strcmp0 (rapport_message_get_remote_id (page->messages->pdata[i]), remote_id) == 0)
      return TRUE;

  return FALSE;
}

/* A ticket without its Subject, a transaction whose Created is a number and a user whose
 * Name is a number, among good records: the good ones come through, the cursor moves on, the
 * bad ones are set aside with their reason, and read again by id once they are fixed. */
static void
test_bad_records (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autoptr(RapportSyncPage) retry = NULL;
  g_autoptr(RapportSyncPage) again = NULL;
  g_autofree char *ticket3 = edited_fixture ("ticket-stalled-attachment.json", -1, drop_subject);
  g_autofree char *history2 = edited_fixture ("ticket-history-expanded.json", 1, number_created);
  g_autofree char *chloe = edited_fixture ("user-customer.json", -1, number_name);
  const char * const good[] = { "1", "2", "4", "6" };
  RapportSetAside *record;

  fake_rt_override (f->rt, "/REST/2.0/ticket/3", OVERRIDE_RESPOND, 200, JSON_TYPE, ticket3,
                    NULL, NULL);
  fake_rt_override (f->rt, "/REST/2.0/ticket/2/history", OVERRIDE_RESPOND, 200, JSON_TYPE,
                    history2, NULL, NULL);
  fake_rt_override (f->rt, "/REST/2.0/user/" CHLOE, OVERRIDE_RESPOND, 200, JSON_TYPE, chloe,
                    NULL, NULL);

  page = pull (provider, "47", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->next_cursor, ==, "111");
  g_assert_true (page->has_more);
  g_assert_false (page_has_ticket (page, "3"));
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (page_has_ticket (page, good[i]));
  /* Ticket 2 without its comment 67, with its other messages. */
  g_assert_false (page_has_message (page, "67"));
  g_assert_true (page_has_message (page, "65"));
  g_assert_true (page_has_message (page, "68"));
  g_assert_cmpuint (count_messages_of (page->messages, "1"), ==, 4);

  g_assert_cmpuint (page->set_aside->len, ==, 3);
  record = find_set_aside (page->set_aside, RAPPORT_RECORD_TICKET, "3");
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->reason, "Subject"));
  record = find_set_aside (page->set_aside, RAPPORT_RECORD_MESSAGE, "67");
  g_assert_nonnull (record);
  g_assert_cmpstr (record->parent_remote_id, ==, "2");
  g_assert_nonnull (strstr (record->reason, "Created"));
  record = find_set_aside (page->set_aside, RAPPORT_RECORD_CUSTOMER, CHLOE);
  g_assert_nonnull (record);
  g_assert_nonnull (strstr (record->reason, "Name"));
  for (guint i = 0; i < page->customers->len; i++)
    g_assert_cmpstr (rapport_customer_get_remote_id (page->customers->pdata[i]), !=, CHLOE);

  /* Ticket 3 is still broken, the others are fixed. */
  fake_rt_clear (f->rt);
  fake_rt_override (f->rt, "/REST/2.0/ticket/3", OVERRIDE_RESPOND, 200, JSON_TYPE, ticket3,
                    NULL, NULL);
  retry = refetch (provider, page->set_aside, &error);
  g_assert_no_error (error);
  g_assert_null (retry->next_cursor);
  g_assert_false (retry->has_more);
  g_assert_cmpstr (retry->resource, ==, "rt");
  g_assert_cmpuint (retry->retried->len, ==, 3);
  g_assert_cmpuint (retry->set_aside->len, ==, 1);
  g_assert_nonnull (find_set_aside (retry->set_aside, RAPPORT_RECORD_TICKET, "3"));
  g_assert_true (page_has_ticket (retry, "2"));
  g_assert_true (page_has_message (retry, "67"));
  g_assert_true (page_has_message (retry, "65"));
  {
    gboolean found = FALSE;

    for (guint i = 0; i < retry->customers->len; i++)
      found |= g_strcmp0 (rapport_customer_get_remote_id (retry->customers->pdata[i]),
                          CHLOE) == 0;
    g_assert_true (found);
  }
  /* Ticket 2 was read whole, unconditionally; users by name. */
  g_assert_cmpuint (count_requests (f->rt, "/REST/2.0/ticket/2", NULL, NULL), ==, 1);
  {
    g_autoptr(GPtrArray) requests = fake_rt_requests (f->rt);

    for (guint i = 0; i < requests->len; i++)
      g_assert_null (((Request *) requests->pdata[i])->if_none_match);
  }

  /* Fixed too: nothing is set aside any more. */
  fake_rt_clear (f->rt);
  again = refetch (provider, retry->set_aside, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->set_aside->len, ==, 0);
  g_assert_cmpuint (again->retried->len, ==, 1);
  g_assert_true (page_has_ticket (again, "3"));

  assert_requests_well_formed (f->rt, TOKEN_SAM);
}

static void
number_status (JsonObject *ticket)
{
  json_object_set_int_member (ticket, "Status", 5);
}

/* The first sync's search: an item whose Status is a number is set aside, the other ticket of
 * the page comes through and the cursor moves past both. */
static void
test_bad_search_item (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;
  g_autofree char *search = edited_fixture ("search-page-1.json", 1, number_status);
  RapportSetAside *record;

  fake_rt_override (f->rt, "/REST/2.0/tickets", OVERRIDE_RESPOND, 200, JSON_TYPE, search,
                    NULL, NULL);
  page = pull (provider, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->next_cursor, ==, "full:111:2");
  g_assert_cmpuint (page->tickets->len, ==, 1);
  g_assert_true (page_has_ticket (page, "1"));
  g_assert_cmpuint (count_messages_of (page->messages, "1"), ==, 4);
  g_assert_cmpuint (count_messages_of (page->messages, "2"), ==, 0);
  g_assert_cmpuint (page->set_aside->len, ==, 1);
  record = page->set_aside->pdata[0];
  g_assert_cmpint (record->kind, ==, RAPPORT_RECORD_TICKET);
  g_assert_cmpstr (record->remote_id, ==, "2");
  g_assert_nonnull (strstr (record->reason, "Status"));
}

/* A server failure while reading a ticket is not a bad record: the pull stops. */
static void
test_bad_record_server_error (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(RapportProvider) provider = new_provider (f, TOKEN_SAM, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncPage) page = NULL;

  fake_rt_override (f->rt, "/REST/2.0/ticket/3", OVERRIDE_RESPOND, 500, JSON_TYPE, "{}",
                    NULL, NULL);
  page = pull (provider, "47", &error);
  g_assert_null (page);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RAPPORT_PROVIDER_ERROR);
  g_clear_error (&error);

  /* But a set-aside ticket the server fails on when read again stays set aside, with that
   * error: the retry never stops the pull after it. */
  {
    g_autoptr(GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
    g_autoptr(RapportSyncPage) retry = NULL;

    g_ptr_array_add (records, rapport_set_aside_new (RAPPORT_RECORD_TICKET, "3", NULL, "old"));
    g_ptr_array_add (records, rapport_set_aside_new (RAPPORT_RECORD_TICKET, "1", NULL, "old"));
    retry = refetch (provider, records, &error);
    g_assert_no_error (error);
    g_assert_true (page_has_ticket (retry, "1"));
    g_assert_false (page_has_ticket (retry, "3"));
    g_assert_cmpuint (retry->retried->len, ==, 2);
    g_assert_cmpuint (retry->set_aside->len, ==, 1);
    g_assert_cmpstr (((RapportSetAside *) retry->set_aside->pdata[0])->remote_id, ==, "3");
    g_assert_cmpstr (((RapportSetAside *) retry->set_aside->pdata[0])->reason, !=, "old");
  }

  /* The network failing is no record's fault: the retry fails. */
  {
    g_autoptr(GPtrArray) records =
      g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_set_aside_free);
    g_autoptr(RapportSyncPage) retry = NULL;

    fake_rt_override (f->rt, "/REST/2.0/ticket/3", OVERRIDE_DROP, 0, NULL, NULL, NULL, NULL);
    g_ptr_array_add (records, rapport_set_aside_new (RAPPORT_RECORD_TICKET, "3", NULL, "old"));
    retry = refetch (provider, records, &error);
    g_assert_null (retry);
    g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/rt-provider/first-sync", Fixture, NULL,
              fixture_set_up, test_first_sync, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/incremental", Fixture, NULL,
              fixture_set_up, test_incremental, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/incremental-queue", Fixture, NULL,
              fixture_set_up, test_incremental_queue, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/hidden-rows", Fixture, NULL,
              fixture_set_up, test_hidden_rows, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/etags", Fixture, NULL,
              fixture_set_up, test_etags, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/fetch-history", Fixture, NULL,
              fixture_set_up, test_fetch_history, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/bad-records", Fixture, NULL,
              fixture_set_up, test_bad_records, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/bad-search-item", Fixture, NULL,
              fixture_set_up, test_bad_search_item, fixture_tear_down);
  g_test_add ("/rapport/rt-provider/bad-record-server-error", Fixture, NULL,
              fixture_set_up, test_bad_record_server_error, fixture_tear_down);

  return g_test_run ();
}

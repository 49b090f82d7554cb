/* rapport-test-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-data"

#include "config.h"

#include "rapport-test-data.h"

#include <glib/gstdio.h>
#include <stdarg.h>

/* The variadic part is pairs of channel name ("email", …) and address, ended by NULL. */
RapportCustomer *
test_add_customer (RapportSyncPage *page,
                   const char      *remote_id,
                   const char      *display_name,
                   const char      *organization,
                   ...)
{
  RapportCustomer *customer = rapport_customer_new ();
  va_list args;

  rapport_customer_set_remote_id (customer, remote_id);
  rapport_customer_set_display_name (customer, display_name);
  rapport_customer_set_organization (customer, organization);

  va_start (args, organization);
  for (;;)
    {
      const char *channel_name = va_arg (args, const char *);
      const char *address;
      RapportChannel channel;
      g_autoptr(RapportIdentity) identity = NULL;

      if (channel_name == NULL)
        break;

      address = va_arg (args, const char *);
      g_assert_true (rapport_channel_from_string (channel_name, &channel));
      identity = rapport_identity_new (channel, address);
      rapport_customer_add_identity (customer, identity);
    }
  va_end (args);

  g_ptr_array_add (page->customers, customer);

  return customer;
}

RapportTicket *
test_add_ticket (RapportSyncPage     *page,
                 const char          *remote_id,
                 const char          *subject,
                 RapportTicketStatus  status,
                 RapportChannel       channel,
                 const char          *requester,
                 const char          *assignee,
                 gint64               created_at,
                 gint64               updated_at,
                 gint64               solved_at)
{
  RapportTicket *ticket = rapport_ticket_new ();

  rapport_ticket_set_remote_id (ticket, remote_id);
  rapport_ticket_set_subject (ticket, subject);
  rapport_ticket_set_status (ticket, status);
  rapport_ticket_set_channel (ticket, channel);
  rapport_ticket_set_requester_remote_id (ticket, requester);
  rapport_ticket_set_assignee_remote_id (ticket, assignee);
  if (g_strcmp0 (assignee, TEST_AGENT) == 0)
    rapport_ticket_set_assignee_name (ticket, "Sam Rivera");
  else if (assignee != NULL)
    rapport_ticket_set_assignee_name (ticket, "Lee Fontaine");
  rapport_ticket_set_created_at (ticket, created_at);
  rapport_ticket_set_updated_at (ticket, updated_at);
  rapport_ticket_set_solved_at (ticket, solved_at);

  g_ptr_array_add (page->tickets, ticket);

  return ticket;
}

RapportMessage *
test_add_message (RapportSyncPage   *page,
                  const char        *remote_id,
                  const char        *ticket_remote_id,
                  RapportChannel     channel,
                  RapportDirection   direction,
                  RapportVisibility  visibility,
                  const char        *author_name,
                  const char        *author_remote_id,
                  const char        *body,
                  gint64             created_at)
{
  RapportMessage *message = rapport_message_new ();

  rapport_message_set_remote_id (message, remote_id);
  rapport_message_set_ticket_remote_id (message, ticket_remote_id);
  rapport_message_set_channel (message, channel);
  rapport_message_set_direction (message, direction);
  rapport_message_set_visibility (message, visibility);
  rapport_message_set_author_kind (message, direction == RAPPORT_DIRECTION_INBOUND
                                            ? RAPPORT_AUTHOR_CUSTOMER : RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, author_name);
  rapport_message_set_author_remote_id (message, author_remote_id);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  g_ptr_array_add (page->messages, message);

  return message;
}

#define IN   RAPPORT_DIRECTION_INBOUND
#define OUT  RAPPORT_DIRECTION_OUTBOUND
#define PUB  RAPPORT_VISIBILITY_PUBLIC
#define NOTE RAPPORT_VISIBILITY_INTERNAL

RapportSyncPage *
test_old_messages_page (const char *ticket_remote_id,
                        guint       n)
{
  RapportSyncPage *page = rapport_sync_page_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("old-%u", i);
      g_autofree char *body = g_strdup_printf ("Old message %u", i);

      test_add_message (page, remote_id, ticket_remote_id, RAPPORT_CHANNEL_EMAIL,
                        RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
                        NULL, body, TEST_ANCHOR - 400 * TEST_DAY + i / 2);
    }

  return page;
}

void
test_assert_history_order (GPtrArray *history)
{
  for (guint i = 1; i < history->len; i++)
    {
      RapportHistoryEntry *a = history->pdata[i - 1];
      RapportHistoryEntry *b = history->pdata[i];

      g_assert_cmpint (rapport_history_entry_get_created_at (a), >=,
                       rapport_history_entry_get_created_at (b));
      if (rapport_history_entry_get_created_at (a) == rapport_history_entry_get_created_at (b))
        g_assert_cmpint (rapport_history_entry_get_message_id (a), >,
                         rapport_history_entry_get_message_id (b));
    }
}

RapportSyncPage *
test_story_page (void)
{
  RapportSyncPage *page = rapport_sync_page_new ();
  const gint64 a = TEST_ANCHOR;
  const char *chloe = "chloe.silva@northwind-bakery.example";
  const char *liam = "liam.lopez@lopez-garage.example";

  page->resource = g_strdup ("tickets");
  page->next_cursor = g_strdup ("cursor-1");

  test_add_customer (page, chloe, "Chloé Silva", "Northwind Bakery",
                     "email", "chloe.silva@northwind-bakery.example",
                     "phone", "+33 6 12 34 56 78",
                     NULL);
  test_add_customer (page, "chat:chloe.silva", "Chloe S.", NULL,
                     "chat", "chloe.silva",
                     "social", "@ChloeBakes",
                     "email", "Chloe.Silva@Northwind-Bakery.example",
                     NULL);
  test_add_customer (page, liam, "Liam López", "Lopez Garage",
                     "email", "liam.lopez@lopez-garage.example",
                     "phone", "+34 612 345 678",
                     NULL);
  test_add_customer (page, "phone:liam", "Liam", NULL,
                     "phone", "0034 612-345-678",
                     NULL);
  test_add_customer (page, "nora", "Nora Jensen", NULL,
                     "email", "nora@jensen.example",
                     "phone", "06 12 34 56 78", /* national: not normalized, not linked */
                     NULL);

  test_add_ticket (page, "1001", "Invoice needed with VAT number", RAPPORT_TICKET_STATUS_SOLVED,
                   RAPPORT_CHANNEL_EMAIL, chloe, "lee.agent",
                   a - 60 * TEST_DAY, a - 59 * TEST_DAY, a - 59 * TEST_DAY);
  test_add_ticket (page, "1002", "Charged twice for March", RAPPORT_TICKET_STATUS_SOLVED,
                   RAPPORT_CHANNEL_PHONE, chloe, TEST_AGENT,
                   a - 21 * TEST_DAY, a - 21 * TEST_DAY + TEST_HOUR, a - 21 * TEST_DAY + TEST_HOUR);
  test_add_ticket (page, "1003", "Cannot log in after password reset", RAPPORT_TICKET_STATUS_SOLVED,
                   RAPPORT_CHANNEL_CHAT, "chat:chloe.silva", TEST_AGENT,
                   a - 4 * TEST_DAY, a - 4 * TEST_DAY + 6 * TEST_MINUTE,
                   a - 4 * TEST_DAY + 6 * TEST_MINUTE);
  test_add_ticket (page, "1004", "Still waiting for my sourdough starter kit",
                   RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_SOCIAL, "chat:chloe.silva",
                   TEST_AGENT, a - TEST_DAY, a - TEST_DAY + 25 * TEST_MINUTE, 0);
  test_add_ticket (page, "1005", "Cancel my subscription before renewal",
                   RAPPORT_TICKET_STATUS_OPEN, RAPPORT_CHANNEL_EMAIL, chloe, TEST_AGENT,
                   a - 2 * TEST_HOUR, a - 2 * TEST_HOUR, 0);
  test_add_ticket (page, "2001", "Brake noise after service", RAPPORT_TICKET_STATUS_CLOSED,
                   RAPPORT_CHANNEL_PHONE, "phone:liam", "lee.agent",
                   a - 90 * TEST_DAY, a - 89 * TEST_DAY, a - 89 * TEST_DAY);
  test_add_ticket (page, "2002", "Booking a winter tyre change", RAPPORT_TICKET_STATUS_NEW,
                   RAPPORT_CHANNEL_CHAT, liam, NULL,
                   a - 30 * TEST_MINUTE, a - 30 * TEST_MINUTE, 0);
  test_add_ticket (page, "3001", "Export of my order history", RAPPORT_TICKET_STATUS_ON_HOLD,
                   RAPPORT_CHANNEL_WEB, "nora", "lee.agent",
                   a - 10 * TEST_DAY, a - 3 * TEST_DAY, 0);
  test_add_ticket (page, "3002", "Wrong delivery address", RAPPORT_TICKET_STATUS_PENDING,
                   RAPPORT_CHANNEL_EMAIL, "nora", TEST_AGENT,
                   a - 5 * TEST_DAY, a - 2 * TEST_DAY, 0);

  test_add_message (page, "m1001-1", "1001", RAPPORT_CHANNEL_EMAIL, IN, PUB, "Chloé Silva", chloe,
                    "Hello, could you send me an invoice for order 4471 with our VAT number "
                    "FR 40 123456789?\n\nThanks,\nChloé", a - 60 * TEST_DAY);
  test_add_message (page, "m1001-2", "1001", RAPPORT_CHANNEL_EMAIL, OUT, PUB, "Lee Fontaine",
                    "lee.agent", "Hi Chloé, here is the corrected invoice for order 4471 with "
                    "your VAT number.", a - 60 * TEST_DAY + 2 * TEST_HOUR);
  test_add_message (page, "m1001-3", "1001", RAPPORT_CHANNEL_EMAIL, IN, PUB, "Chloé Silva", chloe,
                    "> Hi Chloé, here is the corrected invoice\n\nPerfect, thank you!",
                    a - 59 * TEST_DAY);
  test_add_message (page, "m1002-1", "1002", RAPPORT_CHANNEL_PHONE, IN, PUB, "Chloé Silva", chloe,
                    "Phone call: Chloé sees two charges of 24.00 EUR for March on her card "
                    "statement.", a - 21 * TEST_DAY);
  test_add_message (page, "m1002-2", "1002", RAPPORT_CHANNEL_PHONE, OUT, NOTE, "Sam Rivera",
                    TEST_AGENT, "Checked the payment log: duplicate charge confirmed, refund of "
                    "24.00 EUR is within my limit.", a - 21 * TEST_DAY + 10 * TEST_MINUTE);
  test_add_message (page, "m1002-3", "1002", RAPPORT_CHANNEL_PHONE, OUT, PUB, "Sam Rivera",
                    TEST_AGENT, "Hi Chloé, I have refunded the duplicate charge of 24.00 EUR; it "
                    "will show on your card within 5 days.", a - 21 * TEST_DAY + TEST_HOUR);
  test_add_message (page, "m1003-1", "1003", RAPPORT_CHANNEL_CHAT, IN, PUB, "Chloé Silva",
                    "chat:chloe.silva", "Hi, I reset my password but the login page still says "
                    "my credentials are wrong.", a - 4 * TEST_DAY);
  test_add_message (page, "m1003-2", "1003", RAPPORT_CHANNEL_CHAT, OUT, PUB, "Sam Rivera",
                    TEST_AGENT, "Sorry about that, Chloé! I cleared the old session on our "
                    "side, could you try again?", a - 4 * TEST_DAY + 3 * TEST_MINUTE);
  test_add_message (page, "m1003-3", "1003", RAPPORT_CHANNEL_CHAT, IN, PUB, "Chloé Silva",
                    "chat:chloe.silva", "It works now, thanks.",
                    a - 4 * TEST_DAY + 6 * TEST_MINUTE);
  test_add_message (page, "m1004-1", "1004", RAPPORT_CHANNEL_SOCIAL, IN, PUB, "Chloé Silva",
                    "chat:chloe.silva", "@Northwind the sourdough starter kit I ordered on the "
                    "3rd never arrived. Any news?", a - TEST_DAY);
  test_add_message (page, "m1004-2", "1004", RAPPORT_CHANNEL_SOCIAL, OUT, NOTE, "Sam Rivera",
                    TEST_AGENT, "Carrier says the parcel is stuck in the depot; asked them to "
                    "re-deliver.", a - TEST_DAY + 20 * TEST_MINUTE);
  test_add_message (page, "m1004-3", "1004", RAPPORT_CHANNEL_SOCIAL, OUT, PUB, "Sam Rivera",
                    TEST_AGENT, "Hi Chloé, the carrier has your parcel at their depot and will "
                    "deliver it tomorrow.", a - TEST_DAY + 25 * TEST_MINUTE);
  test_add_message (page, "m1005-1", "1005", RAPPORT_CHANNEL_EMAIL, IN, PUB, "Chloé Silva", chloe,
                    "Please cancel my subscription before it renews on the 1st; we are closing "
                    "the shop for winter.", a - 2 * TEST_HOUR);
  test_add_message (page, "m2001-1", "2001", RAPPORT_CHANNEL_PHONE, IN, PUB, "Liam López",
                    "phone:liam", "Phone call: grinding brake noise since the last service.",
                    a - 90 * TEST_DAY);
  test_add_message (page, "m2002-1", "2002", RAPPORT_CHANNEL_CHAT, IN, PUB, "Liam López", liam,
                    "Can I book a winter tyre change for next week?", a - 30 * TEST_MINUTE);
  test_add_message (page, "m3001-1", "3001", RAPPORT_CHANNEL_WEB, IN, PUB, "Nora Jensen", "nora",
                    "Please export my whole order history as a spreadsheet.", a - 10 * TEST_DAY);
  test_add_message (page, "m3001-2", "3001", RAPPORT_CHANNEL_WEB, OUT, NOTE, "Lee Fontaine",
                    "lee.agent", "Waiting for the export tool fix.", a - 3 * TEST_DAY);
  test_add_message (page, "m3001-3", "3001", RAPPORT_CHANNEL_WEB, OUT, PUB, "Lee Fontaine",
                    "lee.agent", "We are preparing your export.", a - 3 * TEST_DAY);
  test_add_message (page, "m3002-1", "3002", RAPPORT_CHANNEL_EMAIL, IN, PUB, "Nora Jensen", "nora",
                    "My parcel went to my old address, \"Storgata 1\" — can you redirect it?",
                    a - 5 * TEST_DAY);

  return page;
}

char *
test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rapport-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);

  return dir;
}

void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          test_remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

RapportStore *
test_open_store (const char *dir,
                 gint64     *account_id)
{
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(RapportStore) store = rapport_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_open (store, NULL, &error));
  g_assert_no_error (error);

  if (account_id != NULL)
    {
      g_autoptr(RapportAccount) account = rapport_account_new ("demo", NULL, "Demo");

      rapport_account_set_user_remote_id (account, TEST_AGENT);
      rapport_account_set_user_name (account, "Sam Rivera");
      rapport_account_set_role (account, "agent");
      g_assert_true (rapport_store_add_account (store, account, NULL, &error));
      g_assert_no_error (error);
      *account_id = rapport_account_get_id (account);
      g_assert_cmpint (*account_id, >, 0);
    }

  return g_steal_pointer (&store);
}

void
test_wait_for (gboolean *flag)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (!*flag)
    g_main_context_iteration (context, TRUE);
}

void
test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

RapportTicket *
test_load_ticket (RapportStore *store,
                  gint64        account_id,
                  const char   *remote_id)
{
  static const RapportView views[] = { RAPPORT_VIEW_ALL_OPEN, RAPPORT_VIEW_RECENTLY_SOLVED };
  g_autoptr(GError) error = NULL;

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GPtrArray) tickets = NULL;

      ids = rapport_store_list_ticket_ids (store, account_id, views[v], NULL, &error);
      g_assert_no_error (error);
      tickets = rapport_store_load_tickets (store, (const gint64 *) (gpointer) ids->data, ids->len,
                                            NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < tickets->len; i++)
        if (g_strcmp0 (rapport_ticket_get_remote_id (tickets->pdata[i]), remote_id) == 0)
          return g_object_ref (tickets->pdata[i]);
    }

  g_error ("No ticket %s", remote_id);
}

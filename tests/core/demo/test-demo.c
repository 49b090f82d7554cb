/* test-demo.c — the deterministic demo dataset generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-demo"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-demo.h"
#include "rapport-identity.h"
#include "rapport-test-compare.h"

#define ANCHOR G_GINT64_CONSTANT (1795392000)
#define HOUR   G_GINT64_CONSTANT (3600)
#define DAY    G_GINT64_CONSTANT (86400)
#define MINUTE G_GINT64_CONSTANT (60)

/* Every page of a whole dataset, one customer (person) per page. */
static GPtrArray *
generate_per_customer (guint32 seed,
                       guint   n_customers)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (seed, n_customers, ANCHOR);
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_sync_page_free);
  RapportSyncPage *page;

  while ((page = rapport_demo_next_page (demo, 1)) != NULL)
    g_ptr_array_add (pages, page);

  g_assert_cmpuint (pages->len, ==, n_customers);
  return pages;
}

static void
test_deterministic (void)
{
  g_autoptr(RapportDemo) a = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 300, ANCHOR);
  g_autoptr(RapportDemo) b = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 300, ANCHOR);
  guint n_pages = 0;

  for (;;)
    {
      g_autoptr(RapportSyncPage) pa = rapport_demo_next_page (a, 700);
      g_autoptr(RapportSyncPage) pb = rapport_demo_next_page (b, 700);

      if (pa == NULL)
        {
          g_assert_null (pb);
          break;
        }
      rapport_test_assert_pages_equal (pa, pb);
      n_pages++;
    }

  g_assert_cmpuint (n_pages, >, 1);
  g_assert_cmpuint (rapport_demo_get_position (a), ==, 300);
}

static void
test_seed_matters (void)
{
  g_autoptr(RapportDemo) a = rapport_demo_new (1, 20, ANCHOR);
  g_autoptr(RapportDemo) b = rapport_demo_new (2, 20, ANCHOR);
  g_autoptr(RapportSyncPage) pa = NULL;
  g_autoptr(RapportSyncPage) pb = NULL;
  guint differing = 0;

  pa = rapport_demo_next_page (a, G_MAXUINT);
  pb = rapport_demo_next_page (b, G_MAXUINT);

  /* The story customer is the same whatever the seed… */
  g_assert_cmpstr (rapport_customer_get_remote_id (g_ptr_array_index (pa->customers, 0)), ==,
                   rapport_customer_get_remote_id (g_ptr_array_index (pb->customers, 0)));
  /* …the generated ones are not. */
  for (guint i = 3; i < MIN (pa->customers->len, pb->customers->len); i++)
    differing += g_strcmp0 (rapport_customer_get_display_name (g_ptr_array_index (pa->customers, i)),
                            rapport_customer_get_display_name (g_ptr_array_index (pb->customers, i))) != 0;
  g_assert_cmpuint (differing, >, 5);
}

static void
test_seek (void)
{
  g_autoptr(GPtrArray) pages = generate_per_customer (RAPPORT_DEMO_DEFAULT_SEED, 120);
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 120, ANCHOR);
  const guint positions[] = { 97, 0, 1, 2, 119, 13, 60, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(RapportSyncPage) page = NULL;

      rapport_demo_seek (demo, positions[i]);
      g_assert_cmpuint (rapport_demo_get_position (demo), ==, positions[i]);
      page = rapport_demo_next_page (demo, 1);
      rapport_test_assert_pages_equal (page, g_ptr_array_index (pages, positions[i]));
      g_assert_cmpuint (rapport_demo_get_position (demo), ==, positions[i] + 1);
    }

  /* Seeking to the end gives nothing more. */
  rapport_demo_seek (demo, 120);
  g_assert_null (rapport_demo_next_page (demo, 1));
}

static void
test_pages (void)
{
  const guint n = 80;
  const guint max = 300;
  g_autoptr(RapportDemo) demo = rapport_demo_new (7, n, ANCHOR);
  RapportDemoTotals totals;
  guint64 messages = 0, tickets = 0, records = 0;

  g_assert_cmpuint (rapport_demo_get_n_customers (demo), ==, n);

  for (;;)
    {
      guint start = rapport_demo_get_position (demo);
      g_autoptr(RapportSyncPage) page = rapport_demo_next_page (demo, max);
      guint cursor;

      if (page == NULL)
        {
          g_assert_cmpuint (start, ==, n);
          break;
        }

      cursor = rapport_demo_get_position (demo);
      g_assert_cmpuint (cursor, >, start);
      g_assert_cmpstr (page->resource, ==, "demo");
      g_assert_cmpuint (g_ascii_strtoull (page->next_cursor, NULL, 10), ==, cursor);
      g_assert_cmpint (page->has_more, ==, cursor < n);
      /* whole customers until at least @max messages */
      if (page->has_more)
        g_assert_cmpuint (page->messages->len, >=, max);
      g_assert_cmpuint (page->deleted_ticket_ids->len, ==, 0);
      /* total_hint: the customer records from this page's first customer to the end */
      g_assert_cmpuint (page->total_hint, ==, rapport_demo_count_remote_customers (demo, start, n));
      g_assert_cmpuint (page->customers->len, ==,
                        rapport_demo_count_remote_customers (demo, start, cursor));

      messages += page->messages->len;
      tickets += page->tickets->len;
      records += page->customers->len;
    }

  rapport_demo_count (demo, 0, n, &totals);
  g_assert_cmpuint (totals.customers, ==, n);
  g_assert_cmpuint (totals.remote_customers, ==, records);
  g_assert_cmpuint (totals.tickets, ==, tickets);
  g_assert_cmpuint (totals.messages, ==, messages);
  g_assert_null (rapport_demo_next_page (demo, max));
}

/* ---------------------------------------------------------------------------------- */

typedef struct
{
  const char        *ticket;
  gint64             offset;
  RapportDirection   direction;
  RapportVisibility  visibility;
  const char        *author;
  const char        *first_line;
} ExpectedMessage;

static const ExpectedMessage chloe_messages[] = {
  { "1001", -60 * DAY, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
    "Hello, could you send me an invoice for order 4471 with our VAT number FR 40 123456789?" },
  { "1001", -60 * DAY + 2 * HOUR, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
    "Lee Fontaine",
    "Hi Chloé, here is the corrected invoice for order 4471 with your VAT number." },
  { "1001", -59 * DAY, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
    "Perfect, thank you!" },
  { "1002", -21 * DAY, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
    "Phone call: Chloé sees two charges of 24.00 EUR for March on her card statement." },
  { "1002", -21 * DAY + 10 * MINUTE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
    "Sam Rivera",
    "Checked the payment log: duplicate charge confirmed, refund of 24.00 EUR is within my "
    "limit." },
  { "1002", -21 * DAY + HOUR, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
    "Sam Rivera",
    "Hi Chloé, I have refunded the duplicate charge of 24.00 EUR; it will show on your card "
    "within 5 days." },
  { "1003", -4 * DAY, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
    "Hi, I reset my password but the login page still says my credentials are wrong." },
  { "1003", -4 * DAY + 3 * MINUTE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
    "Sam Rivera",
    "Sorry about that, Chloé! I cleared the old session on our side, could you try again?" },
  { "1003", -4 * DAY + 6 * MINUTE, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
    "Chloé Silva", "It works now, thanks." },
  { "1004", -DAY, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
    "@Northwind the sourdough starter kit I ordered on the 3rd never arrived. Any news?" },
  { "1004", -DAY + 20 * MINUTE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_INTERNAL,
    "Sam Rivera",
    "Carrier says the parcel is stuck in the depot; asked them to re-deliver." },
  { "1004", -DAY + 25 * MINUTE, RAPPORT_DIRECTION_OUTBOUND, RAPPORT_VISIBILITY_PUBLIC,
    "Sam Rivera",
    "Hi Chloé, the carrier has your parcel at their depot and will deliver it tomorrow." },
  { "1005", -2 * HOUR, RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC, "Chloé Silva",
    "Please cancel my subscription before it renews on the 1st; we are closing the shop for "
    "winter." },
};

static char *
first_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);
}

static RapportTicket *
find_ticket (RapportSyncPage *page,
             const char      *remote_id)
{
  for (guint i = 0; i < page->tickets->len; i++)
    if (g_str_equal (rapport_ticket_get_remote_id (g_ptr_array_index (page->tickets, i)),
                     remote_id))
      return g_ptr_array_index (page->tickets, i);
  return NULL;
}

static void
assert_identity (RapportCustomer *customer,
                 guint            position,
                 RapportChannel   channel,
                 const char      *address)
{
  GListModel *identities = rapport_customer_get_identities (customer);
  g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, position);

  g_assert_nonnull (identity);
  g_assert_cmpint (rapport_identity_get_channel (identity), ==, channel);
  g_assert_cmpstr (rapport_identity_get_address (identity), ==, address);
}

static void
test_story_chloe (void)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 50, ANCHOR);
  g_autoptr(RapportSyncPage) page = rapport_demo_next_page (demo, 1);
  static const struct
  {
    const char          *remote_id;
    RapportChannel       channel;
    const char          *subject;
    RapportTicketStatus  status;
    const char          *assignee;
    const char          *assignee_name;
    const char          *requester;
  } tickets[] = {
    { "1001", RAPPORT_CHANNEL_EMAIL, "Invoice needed with VAT number",
      RAPPORT_TICKET_STATUS_SOLVED, "lee.agent", "Lee Fontaine",
      "chloe.silva@northwind-bakery.example" },
    { "1002", RAPPORT_CHANNEL_PHONE, "Charged twice for March",
      RAPPORT_TICKET_STATUS_SOLVED, "sam.agent", "Sam Rivera",
      "chloe.silva@northwind-bakery.example" },
    { "1003", RAPPORT_CHANNEL_CHAT, "Cannot log in after password reset",
      RAPPORT_TICKET_STATUS_SOLVED, "sam.agent", "Sam Rivera", "chat:chloe.silva" },
    { "1004", RAPPORT_CHANNEL_SOCIAL, "Still waiting for my sourdough starter kit",
      RAPPORT_TICKET_STATUS_OPEN, "sam.agent", "Sam Rivera", "chat:chloe.silva" },
    { "1005", RAPPORT_CHANNEL_EMAIL, "Cancel my subscription before renewal",
      RAPPORT_TICKET_STATUS_OPEN, "sam.agent", "Sam Rivera",
      "chloe.silva@northwind-bakery.example" },
  };
  RapportCustomer *email_record, *chat_record;

  g_assert_nonnull (page);
  g_assert_cmpuint (page->customers->len, ==, 2);

  email_record = g_ptr_array_index (page->customers, 0);
  g_assert_cmpstr (rapport_customer_get_remote_id (email_record), ==,
                   "chloe.silva@northwind-bakery.example");
  g_assert_cmpstr (rapport_customer_get_display_name (email_record), ==, "Chloé Silva");
  g_assert_cmpstr (rapport_customer_get_organization (email_record), ==, "Northwind Bakery");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_customer_get_identities (email_record)),
                    ==, 2);
  assert_identity (email_record, 0, RAPPORT_CHANNEL_EMAIL, "chloe.silva@northwind-bakery.example");
  assert_identity (email_record, 1, RAPPORT_CHANNEL_PHONE, "+33 6 12 34 56 78");

  chat_record = g_ptr_array_index (page->customers, 1);
  g_assert_cmpstr (rapport_customer_get_remote_id (chat_record), ==, "chat:chloe.silva");
  g_assert_cmpstr (rapport_customer_get_display_name (chat_record), ==, "Chloé Silva");
  g_assert_cmpuint (g_list_model_get_n_items (rapport_customer_get_identities (chat_record)),
                    ==, 3);
  assert_identity (chat_record, 0, RAPPORT_CHANNEL_CHAT, "chloe.silva");
  assert_identity (chat_record, 1, RAPPORT_CHANNEL_SOCIAL, "@ChloeBakes");
  assert_identity (chat_record, 2, RAPPORT_CHANNEL_EMAIL, "Chloe.Silva@Northwind-Bakery.example");

  g_assert_cmpuint (page->tickets->len, ==, G_N_ELEMENTS (tickets));
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      RapportTicket *ticket = g_ptr_array_index (page->tickets, i);

      g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, tickets[i].remote_id);
      g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, tickets[i].channel);
      g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, tickets[i].subject);
      g_assert_cmpint (rapport_ticket_get_status (ticket), ==, tickets[i].status);
      g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, tickets[i].assignee);
      g_assert_cmpstr (rapport_ticket_get_assignee_name (ticket), ==, tickets[i].assignee_name);
      g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ticket), ==, tickets[i].requester);
      if (tickets[i].status == RAPPORT_TICKET_STATUS_SOLVED)
        g_assert_cmpint (rapport_ticket_get_solved_at (ticket), >,
                         rapport_ticket_get_created_at (ticket));
      else
        g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, 0);
    }
  g_assert_cmpint (rapport_ticket_get_updated_at (find_ticket (page, "1005")), ==,
                   ANCHOR - 2 * HOUR);
  g_assert_cmpint (rapport_ticket_get_created_at (find_ticket (page, "1001")), ==,
                   ANCHOR - 60 * DAY);

  g_assert_cmpuint (page->messages->len, ==, G_N_ELEMENTS (chloe_messages));
  for (guint i = 0; i < G_N_ELEMENTS (chloe_messages); i++)
    {
      const ExpectedMessage *e = &chloe_messages[i];
      RapportMessage *message = g_ptr_array_index (page->messages, i);
      RapportTicket *ticket = find_ticket (page, e->ticket);
      g_autofree char *line = first_line (rapport_message_get_body (message));

      g_assert_cmpstr (rapport_message_get_ticket_remote_id (message), ==, e->ticket);
      g_assert_cmpint (rapport_message_get_created_at (message), ==, ANCHOR + e->offset);
      g_assert_cmpint (rapport_message_get_direction (message), ==, e->direction);
      g_assert_cmpint (rapport_message_get_visibility (message), ==, e->visibility);
      g_assert_cmpstr (rapport_message_get_author_name (message), ==, e->author);
      g_assert_cmpstr (line, ==, e->first_line);
      g_assert_cmpint (rapport_message_get_channel (message), ==,
                       rapport_ticket_get_channel (ticket));
      if (e->direction == RAPPORT_DIRECTION_INBOUND)
        {
          g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_CUSTOMER);
          g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==,
                           rapport_ticket_get_requester_remote_id (ticket));
        }
      else
        {
          g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_AGENT);
          g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==,
                           rapport_ticket_get_assignee_remote_id (ticket));
        }
    }

  /* Her first message on 1001 (her bookkeeping's export pasted whole) is the demo's one
   * message too long to show whole: the conversation offers it in a window of its own. The
   * others are short. */
  for (guint i = 0; i < page->messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (page->messages, i);
      glong length = g_utf8_strlen (rapport_message_get_body (message), -1);

      if (i == 0)
        g_assert_cmpint (length, >, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS);
      else
        g_assert_cmpint (length, <, 1000);
    }
}

static void
test_story_liam (void)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 50, ANCHOR);
  g_autoptr(RapportSyncPage) page = NULL;
  RapportCustomer *liam;
  RapportTicket *newest;
  guint phone_or_email = 0;

  rapport_demo_seek (demo, 1);
  page = rapport_demo_next_page (demo, 1);

  g_assert_cmpuint (page->customers->len, ==, 1);
  liam = g_ptr_array_index (page->customers, 0);
  g_assert_cmpstr (rapport_customer_get_remote_id (liam), ==, "liam.lopez@lopez-garage.example");
  g_assert_cmpstr (rapport_customer_get_display_name (liam), ==, "Liam López");
  g_assert_cmpstr (rapport_customer_get_organization (liam), ==, "Lopez Garage");
  assert_identity (liam, 0, RAPPORT_CHANNEL_EMAIL, "liam.lopez@lopez-garage.example");
  assert_identity (liam, 1, RAPPORT_CHANNEL_PHONE, "+34 612 345 678");

  g_assert_cmpuint (page->tickets->len, ==, 24);
  for (guint i = 0; i < 24; i++)
    {
      RapportTicket *ticket = g_ptr_array_index (page->tickets, i);
      RapportChannel channel = rapport_ticket_get_channel (ticket);
      g_autofree char *expected_id = g_strdup_printf ("1-%u", i + 1);

      g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, expected_id);
      g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ticket), ==,
                       "liam.lopez@lopez-garage.example");
      if (i > 0)
        g_assert_cmpint (rapport_ticket_get_created_at (ticket), >=,
                         rapport_ticket_get_created_at (g_ptr_array_index (page->tickets, i - 1)));
      if (i < 23)
        {
          g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);
          phone_or_email += channel == RAPPORT_CHANNEL_PHONE || channel == RAPPORT_CHANNEL_EMAIL;
        }
    }
  g_assert_cmpuint (phone_or_email, >=, 18);

  /* over two years */
  g_assert_cmpint (rapport_ticket_get_created_at (g_ptr_array_index (page->tickets, 0)), <,
                   ANCHOR - 700 * DAY);
  g_assert_cmpint (rapport_ticket_get_created_at (g_ptr_array_index (page->tickets, 0)), >,
                   ANCHOR - 750 * DAY);

  newest = g_ptr_array_index (page->tickets, 23);
  g_assert_cmpint (rapport_ticket_get_channel (newest), ==, RAPPORT_CHANNEL_CHAT);
  g_assert_cmpint (rapport_ticket_get_status (newest), ==, RAPPORT_TICKET_STATUS_OPEN);
  g_assert_null (rapport_ticket_get_assignee_remote_id (newest));

  /* …about a double charge, in words of his own: the ticket the suggestions are shown on. */
  g_assert_cmpstr (rapport_ticket_get_subject (newest), ==, "I was charged twice for one order");
  g_assert_cmpstr (rapport_ticket_get_queue (newest), ==, "Billing");
  g_assert_true (g_strv_contains (rapport_ticket_get_tags (newest), "duplicate-charge"));
  for (guint i = 0, k = 0; i < page->messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (page->messages, i);

      if (!g_str_equal (rapport_message_get_ticket_remote_id (message), "1-24"))
        continue;
      g_assert_cmpint (rapport_message_get_direction (message), ==, RAPPORT_DIRECTION_INBOUND);
      if (k++ == 0)
        g_assert_true (g_str_has_prefix (rapport_message_get_body (message),
                                         "Hi! I was charged twice for order "));
    }
}

/* ---------------------------------------------------------------------------------- */

/* Checks the references and invariants of one person's page; @emails and @phones collect the
 * person's normalized email/phone keys to check no two people share one. */
static void
check_person_page (RapportSyncPage *page,
                   guint            index,
                   GHashTable      *ticket_ids,
                   GHashTable      *message_ids,
                   GHashTable      *link_keys,
                   guint           *n_open,
                   guint           *sourdough)
{
  g_autoptr(GHashTable) records = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) tickets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) person_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *prefix = g_strdup_printf ("%u-", index);

  g_assert_cmpuint (page->customers->len, >=, 1);
  g_assert_cmpuint (page->customers->len, <=, 2);
  g_assert_cmpuint (page->tickets->len, >=, 1);

  for (guint i = 0; i < page->customers->len; i++)
    {
      RapportCustomer *customer = g_ptr_array_index (page->customers, i);
      GListModel *identities = rapport_customer_get_identities (customer);
      gboolean linked = page->customers->len == 1;

      g_assert_nonnull (rapport_customer_get_remote_id (customer));
      g_assert_nonnull (rapport_customer_get_display_name (customer));
      g_hash_table_add (records, (gpointer) rapport_customer_get_remote_id (customer));

      for (guint j = 0; j < g_list_model_get_n_items (identities); j++)
        {
          g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, j);
          RapportChannel channel = rapport_identity_get_channel (identity);
          const char *normalized = rapport_identity_get_normalized (identity);

          g_assert_nonnull (normalized);
          if (channel == RAPPORT_CHANNEL_EMAIL || channel == RAPPORT_CHANNEL_PHONE)
            {
              char *key = g_strdup_printf ("%d:%s", channel, normalized);

              /* A second record shares an email or phone with the first. */
              if (i == 1 && g_hash_table_contains (person_keys, key))
                linked = TRUE;
              g_hash_table_add (person_keys, key);
            }
        }
      if (i == 1)
        g_assert_true (linked);
    }

  /* No two people share a linking key, or the store would merge them. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, person_keys);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_assert_false (g_hash_table_contains (link_keys, key));
        g_hash_table_add (link_keys, g_strdup (key));
      }
  }

  for (guint i = 0; i < page->tickets->len; i++)
    {
      RapportTicket *ticket = g_ptr_array_index (page->tickets, i);
      const char *remote_id = rapport_ticket_get_remote_id (ticket);
      RapportTicketStatus status = rapport_ticket_get_status (ticket);

      if (index == 0)
        g_assert_true (g_str_has_prefix (remote_id, "100"));
      else
        g_assert_true (g_str_has_prefix (remote_id, prefix));
      g_assert_false (g_hash_table_contains (ticket_ids, remote_id));
      g_hash_table_add (ticket_ids, g_strdup (remote_id));
      g_hash_table_insert (tickets, (gpointer) remote_id, ticket);

      g_assert_true (g_hash_table_contains (records, rapport_ticket_get_requester_remote_id (ticket)));
      g_assert_nonnull (rapport_ticket_get_subject (ticket));
      g_assert_cmpint (rapport_ticket_get_updated_at (ticket), >=,
                       rapport_ticket_get_created_at (ticket));
      g_assert_cmpint (rapport_ticket_get_updated_at (ticket), <=, ANCHOR - 2 * HOUR);
      if (rapport_ticket_status_is_open (status))
        {
          g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, 0);
          (*n_open)++;
        }
      else
        {
          g_assert_cmpint (status, ==, RAPPORT_TICKET_STATUS_SOLVED);
          g_assert_cmpint (rapport_ticket_get_solved_at (ticket), >=,
                           rapport_ticket_get_created_at (ticket));
          g_assert_nonnull (rapport_ticket_get_assignee_remote_id (ticket));
        }
      if (strstr (rapport_ticket_get_subject (ticket), "sourdough starter") != NULL)
        (*sourdough)++;
    }

  for (guint i = 0; i < page->messages->len; i++)
    {
      RapportMessage *message = g_ptr_array_index (page->messages, i);
      const char *ticket_id = rapport_message_get_ticket_remote_id (message);
      RapportTicket *ticket = g_hash_table_lookup (tickets, ticket_id);
      gint64 at = rapport_message_get_created_at (message);

      g_assert_nonnull (ticket);
      g_assert_false (g_hash_table_contains (message_ids, rapport_message_get_remote_id (message)));
      g_hash_table_add (message_ids, g_strdup (rapport_message_get_remote_id (message)));
      g_assert_true (g_utf8_validate (rapport_message_get_body (message), -1, NULL));
      g_assert_cmpuint (strlen (rapport_message_get_body (message)), >, 10);
      g_assert_null (strchr (rapport_message_get_body (message), '{'));
      g_assert_cmpint (at, >=, rapport_ticket_get_created_at (ticket));
      g_assert_cmpint (at, <=, rapport_ticket_get_updated_at (ticket));
      g_assert_cmpint (rapport_message_get_channel (message), ==, rapport_ticket_get_channel (ticket));

      if (rapport_message_get_direction (message) == RAPPORT_DIRECTION_INBOUND)
        {
          g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_CUSTOMER);
          g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_PUBLIC);
          g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==,
                           rapport_ticket_get_requester_remote_id (ticket));
        }
      else
        {
          g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_AGENT);
          g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==,
                           rapport_ticket_get_assignee_remote_id (ticket));
        }
      if (strstr (rapport_message_get_body (message), "sourdough starter") != NULL)
        {
          g_assert_cmpstr (ticket_id, ==, "1004");
          (*sourdough)++;
        }
    }
}

static void
check_dataset (guint32 seed,
               guint   n_customers,
               guint   from,
               guint   to,
               guint  *n_open_out,
               guint  *n_tickets_out)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (seed, n_customers, ANCHOR);
  g_autoptr(GHashTable) ticket_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) message_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) link_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_open = 0, sourdough = 0;
  RapportDemoTotals totals;

  rapport_demo_seek (demo, from);
  for (guint index = from; index < to; index++)
    {
      g_autoptr(RapportSyncPage) page = rapport_demo_next_page (demo, 1);

      check_person_page (page, index, ticket_ids, message_ids, link_keys, &n_open, &sourdough);
    }

  rapport_demo_count (demo, from, to, &totals);
  g_assert_cmpuint (totals.tickets, ==, g_hash_table_size (ticket_ids));
  g_assert_cmpuint (totals.messages, ==, g_hash_table_size (message_ids));
  g_assert_cmpuint (totals.open_tickets, ==, n_open);
  if (from == 0)
    g_assert_cmpuint (sourdough, ==, 2);   /* 1004's subject and first message */
  else
    g_assert_cmpuint (sourdough, ==, 0);

  *n_open_out = n_open;
  *n_tickets_out = g_hash_table_size (ticket_ids);
}

static void
test_invariants_small (void)
{
  guint n_open, n_tickets;

  check_dataset (RAPPORT_DEMO_DEFAULT_SEED, 1000, 0, 1000, &n_open, &n_tickets);
  g_assert_cmpuint (n_open * 100, >=, n_tickets * 15);
  g_assert_cmpuint (n_open * 100, <=, n_tickets * 25);
  check_dataset (99, 300, 0, 300, &n_open, &n_tickets);
}

static void
test_invariants_large (void)
{
  guint n_open, n_tickets;

  /* a slice at the end of the benchmark dataset */
  check_dataset (RAPPORT_DEMO_DEFAULT_SEED, 100000, 97000, 100000, &n_open, &n_tickets);
}

static void
test_default_size (void)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED,
                                                  RAPPORT_DEMO_DEFAULT_CUSTOMERS, ANCHOR);
  RapportDemoTotals totals;
  guint64 tickets = 0, sam_open = 0, unassigned_open = 0;
  gint64 newest_sam = 0;
  g_autofree char *newest_sam_id = NULL;
  RapportSyncPage *raw;

  g_assert_cmpuint (RAPPORT_DEMO_DEFAULT_CUSTOMERS, ==, 50);

  while ((raw = rapport_demo_next_page (demo, 2000)) != NULL)
    {
      g_autoptr(RapportSyncPage) page = raw;

      for (guint i = 0; i < page->tickets->len; i++)
        {
          RapportTicket *ticket = g_ptr_array_index (page->tickets, i);
          const char *assignee = rapport_ticket_get_assignee_remote_id (ticket);

          tickets++;
          if (!rapport_ticket_status_is_open (rapport_ticket_get_status (ticket)))
            continue;
          if (assignee == NULL)
            unassigned_open++;
          else if (g_str_equal (assignee, RAPPORT_DEMO_AGENT_REMOTE_ID))
            {
              sam_open++;
              if (rapport_ticket_get_updated_at (ticket) > newest_sam)
                {
                  newest_sam = rapport_ticket_get_updated_at (ticket);
                  g_free (newest_sam_id);
                  newest_sam_id = g_strdup (rapport_ticket_get_remote_id (ticket));
                }
            }
        }
    }

  g_assert_cmpuint (tickets, >=, 250);
  g_assert_cmpuint (tickets, <=, 350);
  g_assert_cmpuint (sam_open, >=, 5);
  g_assert_cmpuint (unassigned_open, >=, 3);
  /* 1005 heads "My open" */
  g_assert_cmpstr (newest_sam_id, ==, "1005");
  g_assert_cmpint (newest_sam, ==, ANCHOR - 2 * HOUR);

  rapport_demo_count (demo, 0, 50, &totals);
  g_assert_cmpuint (totals.tickets, ==, tickets);
  g_assert_cmpuint (totals.customers, ==, 50);
  g_assert_cmpuint (totals.remote_customers, >, 50);
}

static void
test_benchmark_size (void)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (RAPPORT_DEMO_DEFAULT_SEED, 100000, ANCHOR);
  RapportDemoTotals totals, head, tail;

  rapport_demo_count (demo, 0, 100000, &totals);
  g_test_message ("100000 customers: %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT
                  " tickets (%" G_GUINT64_FORMAT " open), %" G_GUINT64_FORMAT " messages",
                  totals.remote_customers, totals.tickets, totals.open_tickets, totals.messages);

  g_assert_cmpuint (totals.customers, ==, 100000);
  g_assert_cmpuint (totals.remote_customers, >, 105000);
  g_assert_cmpuint (totals.remote_customers, <, 112000);
  g_assert_cmpuint (totals.tickets, >=, 225000);
  g_assert_cmpuint (totals.tickets, <=, 275000);
  g_assert_cmpuint (totals.messages, >=, 900000);
  g_assert_cmpuint (totals.messages, <=, 1100000);
  g_assert_cmpuint (totals.open_tickets * 100, >=, totals.tickets * 17);
  g_assert_cmpuint (totals.open_tickets * 100, <=, totals.tickets * 23);

  /* Counting is additive over ranges. */
  rapport_demo_count (demo, 0, 41234, &head);
  rapport_demo_count (demo, 41234, 100000, &tail);
  g_assert_cmpuint (head.remote_customers + tail.remote_customers, ==, totals.remote_customers);
  g_assert_cmpuint (head.tickets + tail.tickets, ==, totals.tickets);
  g_assert_cmpuint (head.messages + tail.messages, ==, totals.messages);
}

static void
test_remote_customer_count (void)
{
  g_autoptr(GPtrArray) pages = generate_per_customer (5, 400);
  g_autoptr(RapportDemo) demo = rapport_demo_new (5, 400, ANCHOR);
  g_autoptr(GArray) prefix = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 sum = 0;

  g_array_append_val (prefix, sum);
  for (guint i = 0; i < pages->len; i++)
    {
      RapportSyncPage *page = g_ptr_array_index (pages, i);

      sum += page->customers->len;
      g_array_append_val (prefix, sum);
    }

  for (guint from = 0; from <= 400; from += 7)
    for (guint to = from; to <= 400; to += 13)
      g_assert_cmpuint (rapport_demo_count_remote_customers (demo, from, to), ==,
                        g_array_index (prefix, guint64, to) - g_array_index (prefix, guint64, from));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/demo/deterministic", test_deterministic);
  g_test_add_func ("/rapport/demo/seed-matters", test_seed_matters);
  g_test_add_func ("/rapport/demo/seek", test_seek);
  g_test_add_func ("/rapport/demo/pages", test_pages);
  g_test_add_func ("/rapport/demo/story-chloe", test_story_chloe);
  g_test_add_func ("/rapport/demo/story-liam", test_story_liam);
  g_test_add_func ("/rapport/demo/invariants-small", test_invariants_small);
  g_test_add_func ("/rapport/demo/invariants-large", test_invariants_large);
  g_test_add_func ("/rapport/demo/default-size", test_default_size);
  g_test_add_func ("/rapport/demo/benchmark-size", test_benchmark_size);
  g_test_add_func ("/rapport/demo/remote-customer-count", test_remote_customer_count);

  return g_test_run ();
}

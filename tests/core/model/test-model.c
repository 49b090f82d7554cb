/* test-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-model"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-account.h"
#include "rapport-customer.h"
#include "rapport-history-entry.h"
#include "rapport-identity.h"
#include "rapport-message.h"
#include "rapport-search-hit.h"
#include "rapport-sync-page.h"
#include "rapport-text.h"
#include "rapport-ticket.h"
#include "rapport-types.h"

/* Counts "notify" emissions per property name. */
typedef struct
{
  GHashTable *counts;
} NotifyLog;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              NotifyLog  *log)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static guint
notify_count (NotifyLog  *log,
              const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static void
notify_log_init (NotifyLog *log,
                 gpointer   object)
{
  log->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (on_notify_cb), log);
}

static void
notify_log_clear (NotifyLog *log,
                  gpointer   object)
{
  g_signal_handlers_disconnect_by_func (object, on_notify_cb, log);
  g_clear_pointer (&log->counts, g_hash_table_unref);
}

static void
test_types_strings (void)
{
  RapportTicketStatus status;
  RapportChannel channel;
  RapportView view;
  RapportTicketPriority priority;

  for (int i = RAPPORT_CHANNEL_EMAIL; i <= RAPPORT_CHANNEL_WEB; i++)
    {
      const char *str = rapport_channel_to_string (i);

      g_assert_nonnull (str);
      g_assert_true (rapport_channel_from_string (str, &channel));
      g_assert_cmpint (channel, ==, i);
    }

  for (int i = RAPPORT_TICKET_STATUS_NEW; i <= RAPPORT_TICKET_STATUS_CLOSED; i++)
    {
      const char *str = rapport_ticket_status_to_string (i);

      g_assert_nonnull (str);
      g_assert_true (rapport_ticket_status_from_string (str, &status));
      g_assert_cmpint (status, ==, i);
    }

  for (int i = 0; i < RAPPORT_N_VIEWS; i++)
    {
      const char *str = rapport_view_to_string (i);

      g_assert_nonnull (str);
      g_assert_true (rapport_view_from_string (str, &view));
      g_assert_cmpint (view, ==, i);
    }

  for (int i = RAPPORT_TICKET_PRIORITY_LOW; i <= RAPPORT_TICKET_PRIORITY_URGENT; i++)
    {
      const char *str = rapport_ticket_priority_to_string (i);

      g_assert_nonnull (str);
      g_assert_true (rapport_ticket_priority_from_string (str, &priority));
      g_assert_cmpint (priority, ==, i);
    }

  g_assert_cmpstr (rapport_channel_to_string (RAPPORT_CHANNEL_SOCIAL), ==, "social");
  g_assert_cmpstr (rapport_ticket_status_to_string (RAPPORT_TICKET_STATUS_ON_HOLD), ==, "on-hold");
  g_assert_cmpstr (rapport_view_to_string (RAPPORT_VIEW_RECENTLY_SOLVED), ==, "recently-solved");
  g_assert_null (rapport_channel_to_string (42));
  g_assert_null (rapport_ticket_status_to_string (-1));

  channel = RAPPORT_CHANNEL_WEB;
  g_assert_false (rapport_channel_from_string ("fax", &channel));
  g_assert_false (rapport_channel_from_string (NULL, &channel));
  g_assert_false (rapport_channel_from_string ("Email", &channel));
  g_assert_cmpint (channel, ==, RAPPORT_CHANNEL_WEB);
  g_assert_false (rapport_view_from_string ("my_open", &view));
}

static void
test_types_status_open (void)
{
  g_assert_true (rapport_ticket_status_is_open (RAPPORT_TICKET_STATUS_NEW));
  g_assert_true (rapport_ticket_status_is_open (RAPPORT_TICKET_STATUS_OPEN));
  g_assert_true (rapport_ticket_status_is_open (RAPPORT_TICKET_STATUS_PENDING));
  g_assert_true (rapport_ticket_status_is_open (RAPPORT_TICKET_STATUS_ON_HOLD));
  g_assert_false (rapport_ticket_status_is_open (RAPPORT_TICKET_STATUS_SOLVED));
  g_assert_false (rapport_ticket_status_is_open (RAPPORT_TICKET_STATUS_CLOSED));
}

static void
test_account_new_destroy (void)
{
  RapportAccount *account = rapport_account_new ("rt", "https://rt.example", "Example RT");
  NotifyLog log;

  g_assert_cmpstr (rapport_account_get_provider_kind (account), ==, "rt");
  g_assert_cmpstr (rapport_account_get_base_url (account), ==, "https://rt.example");
  g_assert_cmpstr (rapport_account_get_display_name (account), ==, "Example RT");
  g_assert_cmpint (rapport_account_get_id (account), ==, 0);

  notify_log_init (&log, account);
  rapport_account_set_user_remote_id (account, "sam.agent");
  rapport_account_set_user_remote_id (account, "sam.agent");
  rapport_account_set_role (account, "agent");
  rapport_account_set_id (account, 7);
  rapport_account_set_id (account, 7);
  g_assert_cmpuint (notify_count (&log, "user-remote-id"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "role"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "id"), ==, 1);
  notify_log_clear (&log, account);

  g_assert_cmpstr (rapport_account_get_user_remote_id (account), ==, "sam.agent");
  g_assert_cmpint (rapport_account_get_id (account), ==, 7);

  g_assert_finalize_object (account);
}

static void
test_account_same_remote (void)
{
  g_autoptr(RapportAccount) account = rapport_account_new ("rt", "https://rt.example", "RT");
  g_autoptr(RapportAccount) again = rapport_account_new ("rt", "https://rt.example", "Again");
  g_autoptr(RapportAccount) other_user = rapport_account_new ("rt", "https://rt.example", "RT");
  g_autoptr(RapportAccount) other_server = rapport_account_new ("rt", "https://rt2.example",
                                                                "RT");
  g_autoptr(RapportAccount) other_kind = rapport_account_new ("zendesk", "https://rt.example",
                                                              "RT");

  rapport_account_set_user_remote_id (account, "sam.agent");
  rapport_account_set_id (account, 3);
  rapport_account_set_role (account, "agent");
  /* Another id, name and role: still the same user on the same helpdesk. */
  rapport_account_set_user_remote_id (again, "sam.agent");
  rapport_account_set_role (again, "supervisor");
  rapport_account_set_user_remote_id (other_user, "kim.agent");
  rapport_account_set_user_remote_id (other_server, "sam.agent");
  rapport_account_set_user_remote_id (other_kind, "sam.agent");

  g_assert_true (rapport_account_same_remote (account, account));
  g_assert_true (rapport_account_same_remote (account, again));
  g_assert_true (rapport_account_same_remote (again, account));
  g_assert_false (rapport_account_same_remote (account, other_user));
  g_assert_false (rapport_account_same_remote (account, other_server));
  g_assert_false (rapport_account_same_remote (account, other_kind));

  /* Accounts without a user or a URL (the demo's) compare as unset values. */
  rapport_account_set_user_remote_id (other_user, NULL);
  g_assert_false (rapport_account_same_remote (account, other_user));
  {
    g_autoptr(RapportAccount) a = rapport_account_new ("demo", NULL, "Demo");
    g_autoptr(RapportAccount) b = rapport_account_new ("demo", NULL, "Demo");

    g_assert_true (rapport_account_same_remote (a, b));
  }
}

static void
test_customer_new_destroy (void)
{
  RapportCustomer *customer = rapport_customer_new ();
  g_autoptr(RapportIdentity) identity = rapport_identity_new (RAPPORT_CHANNEL_EMAIL, "a@b.example");
  NotifyLog log;

  notify_log_init (&log, customer);
  rapport_customer_set_display_name (customer, "Chloé Silva");
  rapport_customer_set_display_name (customer, "Chloé Silva");
  rapport_customer_set_ticket_count (customer, 5);
  rapport_customer_set_last_contact (customer, 1000, "Subject");
  rapport_customer_set_last_contact (customer, 1000, "Subject");
  g_assert_cmpuint (notify_count (&log, "display-name"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "ticket-count"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "last-contact"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "last-contact-subject"), ==, 1);
  notify_log_clear (&log, customer);

  rapport_customer_add_identity (customer, identity);
  g_assert_cmpuint (g_list_model_get_n_items (rapport_customer_get_identities (customer)), ==, 1);
  g_assert_cmpint (rapport_customer_get_last_contact (customer), ==, 1000);
  g_assert_cmpstr (rapport_customer_get_last_contact_subject (customer), ==, "Subject");

  g_assert_finalize_object (customer);
}

static void
test_identity_new_destroy (void)
{
  RapportIdentity *identity = rapport_identity_new (RAPPORT_CHANNEL_PHONE, "+33 6 12 34 56 78");

  g_assert_cmpint (rapport_identity_get_channel (identity), ==, RAPPORT_CHANNEL_PHONE);
  g_assert_cmpstr (rapport_identity_get_address (identity), ==, "+33 6 12 34 56 78");
  g_assert_cmpstr (rapport_identity_get_normalized (identity), ==, "+33612345678");
  rapport_identity_set_customer_id (identity, 3);
  g_assert_cmpint (rapport_identity_get_customer_id (identity), ==, 3);

  g_assert_finalize_object (identity);
}

static void
test_ticket_new_destroy (void)
{
  RapportTicket *ticket = rapport_ticket_new ();

  g_assert_false (rapport_ticket_get_loaded (ticket));
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, RAPPORT_TICKET_PRIORITY_NORMAL);
  g_assert_nonnull (rapport_ticket_get_tags (ticket));
  g_assert_null (rapport_ticket_get_tags (ticket)[0]);

  g_assert_finalize_object (ticket);
}

static void
test_ticket_notify (void)
{
  g_autoptr(RapportTicket) ticket = rapport_ticket_new ();
  const char *tags[] = { "billing", "vip", NULL };
  const char *same_tags[] = { "billing", "vip", NULL };
  NotifyLog log;

  notify_log_init (&log, ticket);
  rapport_ticket_set_subject (ticket, "Hello");
  rapport_ticket_set_subject (ticket, "Hello");
  rapport_ticket_set_status (ticket, RAPPORT_TICKET_STATUS_OPEN);
  rapport_ticket_set_status (ticket, RAPPORT_TICKET_STATUS_OPEN);
  rapport_ticket_set_tags (ticket, tags);
  rapport_ticket_set_tags (ticket, same_tags);
  rapport_ticket_set_tags (ticket, NULL);
  rapport_ticket_set_tags (ticket, NULL);
  rapport_ticket_set_updated_at (ticket, 5);
  rapport_ticket_set_updated_at (ticket, 5);
  g_object_set (ticket, "message-count", 3, NULL);
  g_object_set (ticket, "message-count", 3, NULL);

  g_assert_cmpuint (notify_count (&log, "subject"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "status"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "tags"), ==, 2);
  g_assert_cmpuint (notify_count (&log, "updated-at"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "message-count"), ==, 1);
  notify_log_clear (&log, ticket);
}

static void
test_ticket_update_from (void)
{
  g_autoptr(RapportTicket) placeholder = rapport_ticket_new_placeholder (42);
  g_autoptr(RapportTicket) loaded = rapport_ticket_new ();
  const char *tags[] = { "refund", NULL };
  NotifyLog log;

  g_assert_cmpint (rapport_ticket_get_id (placeholder), ==, 42);
  g_assert_false (rapport_ticket_get_loaded (placeholder));

  rapport_ticket_set_id (loaded, 42);
  rapport_ticket_set_remote_id (loaded, "1005");
  rapport_ticket_set_subject (loaded, "Cancel my subscription before renewal");
  rapport_ticket_set_status (loaded, RAPPORT_TICKET_STATUS_OPEN);
  rapport_ticket_set_channel (loaded, RAPPORT_CHANNEL_EMAIL);
  rapport_ticket_set_customer_id (loaded, 9);
  rapport_ticket_set_customer_name (loaded, "Chloé Silva");
  rapport_ticket_set_assignee_remote_id (loaded, "sam.agent");
  rapport_ticket_set_tags (loaded, tags);
  rapport_ticket_set_updated_at (loaded, 1000);
  rapport_ticket_set_message_count (loaded, 1);
  rapport_ticket_set_last_message_preview (loaded, "Please cancel");

  notify_log_init (&log, placeholder);
  rapport_ticket_update_from (placeholder, loaded);

  g_assert_true (rapport_ticket_get_loaded (placeholder));
  g_assert_cmpstr (rapport_ticket_get_subject (placeholder), ==,
                   "Cancel my subscription before renewal");
  g_assert_cmpstr (rapport_ticket_get_customer_name (placeholder), ==, "Chloé Silva");
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (placeholder), ==, "sam.agent");
  g_assert_cmpstr (rapport_ticket_get_tags (placeholder)[0], ==, "refund");
  g_assert_cmpint (rapport_ticket_get_updated_at (placeholder), ==, 1000);
  g_assert_cmpuint (rapport_ticket_get_message_count (placeholder), ==, 1);
  g_assert_cmpuint (notify_count (&log, "subject"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "loaded"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "id"), ==, 0);           /* unchanged */
  g_assert_cmpuint (notify_count (&log, "channel"), ==, 0);      /* unchanged (email) */
  g_assert_cmpuint (notify_count (&log, "solved-at"), ==, 0);    /* unchanged (0) */

  /* Again with one change: only that property is notified. */
  g_hash_table_remove_all (log.counts);
  rapport_ticket_set_status (loaded, RAPPORT_TICKET_STATUS_SOLVED);
  rapport_ticket_update_from (placeholder, loaded);
  g_assert_cmpuint (g_hash_table_size (log.counts), ==, 1);
  g_assert_cmpuint (notify_count (&log, "status"), ==, 1);
  notify_log_clear (&log, placeholder);
}

static void
test_message_new_destroy (void)
{
  RapportMessage *message = rapport_message_new ();
  NotifyLog log;

  notify_log_init (&log, message);
  rapport_message_set_body (message, "Hello");
  rapport_message_set_body (message, "Hello");
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  g_assert_cmpuint (notify_count (&log, "body"), ==, 1);
  g_assert_cmpuint (notify_count (&log, "direction"), ==, 1);
  notify_log_clear (&log, message);

  g_assert_cmpint (rapport_message_get_visibility (message), ==, RAPPORT_VISIBILITY_PUBLIC);
  g_assert_cmpint (rapport_message_get_author_kind (message), ==, RAPPORT_AUTHOR_CUSTOMER);

  g_assert_finalize_object (message);
}

static void
test_history_entry_new_destroy (void)
{
  RapportHistoryEntry *entry;
  int direction;

  entry = rapport_history_entry_new (1, 2, "1004", "Still waiting", RAPPORT_TICKET_STATUS_OPEN,
                                     RAPPORT_CHANNEL_SOCIAL, RAPPORT_DIRECTION_OUTBOUND,
                                     RAPPORT_VISIBILITY_INTERNAL, "Sam Rivera", "Carrier says",
                                     1234);
  g_assert_cmpint (rapport_history_entry_get_message_id (entry), ==, 1);
  g_assert_cmpint (rapport_history_entry_get_ticket_id (entry), ==, 2);
  g_assert_cmpstr (rapport_history_entry_get_ticket_remote_id (entry), ==, "1004");
  g_assert_cmpint (rapport_history_entry_get_channel (entry), ==, RAPPORT_CHANNEL_SOCIAL);
  g_assert_cmpint (rapport_history_entry_get_visibility (entry), ==, RAPPORT_VISIBILITY_INTERNAL);
  g_assert_cmpstr (rapport_history_entry_get_summary (entry), ==, "Carrier says");
  g_assert_cmpint (rapport_history_entry_get_created_at (entry), ==, 1234);
  g_object_get (entry, "direction", &direction, NULL);
  g_assert_cmpint (direction, ==, RAPPORT_DIRECTION_OUTBOUND);

  g_assert_finalize_object (entry);
}

static void
test_search_hit_new_destroy (void)
{
  RapportSearchHit *hit;

  hit = rapport_search_hit_new (3, 0, "Subject", RAPPORT_TICKET_STATUS_NEW, RAPPORT_CHANNEL_CHAT,
                                "Liam López", "the snippet", 4, 11, 99);
  g_assert_cmpint (rapport_search_hit_get_ticket_id (hit), ==, 3);
  g_assert_cmpint (rapport_search_hit_get_message_id (hit), ==, 0);
  g_assert_cmpstr (rapport_search_hit_get_customer_name (hit), ==, "Liam López");
  g_assert_cmpint (rapport_search_hit_get_match_start (hit), ==, 4);
  g_assert_cmpint (rapport_search_hit_get_match_end (hit), ==, 11);

  g_assert_finalize_object (hit);
}

static void
test_sync_page_new_free (void)
{
  RapportSyncPage *page = rapport_sync_page_new ();
  RapportTicket *ticket = rapport_ticket_new ();

  g_ptr_array_add (page->tickets, ticket);
  g_ptr_array_add (page->deleted_ticket_ids, g_strdup ("9"));
  page->resource = g_strdup ("tickets");
  g_object_add_weak_pointer (G_OBJECT (ticket), (gpointer *) &ticket);

  rapport_sync_page_free (page);
  g_assert_null (ticket);
  rapport_sync_page_free (NULL);
}

typedef struct
{
  RapportChannel  channel;
  const char     *address;
  const char     *normalized;
} NormalizeCase;

static void
test_identity_normalize (void)
{
  static const NormalizeCase cases[] = {
    { RAPPORT_CHANNEL_EMAIL, "chloe.silva@northwind-bakery.example",
      "chloe.silva@northwind-bakery.example" },
    { RAPPORT_CHANNEL_EMAIL, "Chloe.Silva@Northwind-Bakery.example",
      "chloe.silva@northwind-bakery.example" },
    { RAPPORT_CHANNEL_EMAIL, "  LIAM.Lopez@Lopez-Garage.EXAMPLE \t",
      "liam.lopez@lopez-garage.example" },
    { RAPPORT_CHANNEL_EMAIL, "ÉLODIE@Exemple.FR", "élodie@exemple.fr" },
    { RAPPORT_CHANNEL_EMAIL, "no-at-sign.example", NULL },
    { RAPPORT_CHANNEL_EMAIL, "two@@example.com", NULL },
    { RAPPORT_CHANNEL_EMAIL, "a@b@c", NULL },
    { RAPPORT_CHANNEL_EMAIL, "@example.com", NULL },
    { RAPPORT_CHANNEL_EMAIL, "user@", NULL },
    { RAPPORT_CHANNEL_EMAIL, "   ", NULL },
    { RAPPORT_CHANNEL_EMAIL, "", NULL },
    { RAPPORT_CHANNEL_PHONE, "+33 6 12 34 56 78", "+33612345678" },
    { RAPPORT_CHANNEL_PHONE, "0033 6 12 34 56 78", "+33612345678" },
    { RAPPORT_CHANNEL_PHONE, "+33 (0)6.12-34-56-78", "+330612345678" },
    { RAPPORT_CHANNEL_PHONE, "+34 612 345 678", "+34612345678" },
    { RAPPORT_CHANNEL_PHONE, " +1 (415) 555-0100 ", "+14155550100" },
    { RAPPORT_CHANNEL_PHONE, "06 12 34 56 78", NULL },
    { RAPPORT_CHANNEL_PHONE, "612345678", NULL },
    { RAPPORT_CHANNEL_PHONE, "+33 6 12 ab 56", NULL },
    { RAPPORT_CHANNEL_PHONE, "+1234567", NULL },              /* 7 digits: too short */
    { RAPPORT_CHANNEL_PHONE, "+12345678", "+12345678" },      /* 8 digits */
    { RAPPORT_CHANNEL_PHONE, "+123456789012345", "+123456789012345" }, /* 15 digits */
    { RAPPORT_CHANNEL_PHONE, "+1234567890123456", NULL },     /* 16 digits: too long */
    { RAPPORT_CHANNEL_PHONE, "+", NULL },
    { RAPPORT_CHANNEL_PHONE, "+33 6 12 34 56 78 +1", NULL },
    { RAPPORT_CHANNEL_CHAT, "@Chloe", "chloe" },
    { RAPPORT_CHANNEL_CHAT, "  chloe.silva ", "chloe.silva" },
    { RAPPORT_CHANNEL_CHAT, "@@twice", "@twice" },
    { RAPPORT_CHANNEL_CHAT, "@", NULL },
    { RAPPORT_CHANNEL_CHAT, " ", NULL },
    { RAPPORT_CHANNEL_SOCIAL, "@ChloeBakes", "chloebakes" },
    { RAPPORT_CHANNEL_WEB, " HTTPS://Northwind-Bakery.example/Contact ",
      "https://northwind-bakery.example/contact" },
    { RAPPORT_CHANNEL_WEB, "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = rapport_identity_normalize (cases[i].channel, cases[i].address);

      g_test_message ("case %u: %s", i, cases[i].address);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
    }

  g_assert_null (rapport_identity_normalize (RAPPORT_CHANNEL_EMAIL, NULL));
}

typedef struct
{
  const char *body;
  const char *summary;
} SummaryCase;

static void
test_summarize_body (void)
{
  static const SummaryCase cases[] = {
    { "Hello, could you send me an invoice?", "Hello, could you send me an invoice?" },
    { "\n\n   \nFirst real line\nsecond line", "First real line" },
    { "  lots   of\t\twhitespace  here  ", "lots of whitespace here" },
    { "> quoted reply\n>> deeper\n  > indented quote\nThanks, it works now.",
      "Thanks, it works now." },
    { "> only\n> quotes", "" },
    { "", "" },
    { "\r\nWindows line\r\nnext", "Windows line" },
    { "Chloé: «ça marche» — merci ✓", "Chloé: «ça marche» — merci ✓" },
  };
  g_autoptr(GString) long_ascii = g_string_new (NULL);
  g_autoptr(GString) long_utf8 = g_string_new (NULL);
  g_autoptr(GString) exactly_120 = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *null_summary = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = rapport_summarize_body (cases[i].body);

      g_test_message ("case %u", i);
      g_assert_cmpstr (result, ==, cases[i].summary);
    }

  null_summary = rapport_summarize_body (NULL);
  g_assert_cmpstr (null_summary, ==, "");

  /* Longer than 120 characters: cut to 119 and an ellipsis. */
  for (guint i = 0; i < 30; i++)
    g_string_append (long_ascii, "word ");
  summary = rapport_summarize_body (long_ascii->str);
  g_assert_cmpuint (g_utf8_strlen (summary, -1), <=, 120);
  g_assert_true (g_str_has_suffix (summary, "…"));
  g_assert_true (g_str_has_prefix (summary, "word word"));
  g_clear_pointer (&summary, g_free);

  /* Multibyte: the cut falls on a character boundary, never inside one. */
  for (guint i = 0; i < 200; i++)
    g_string_append (long_utf8, "é");
  summary = rapport_summarize_body (long_utf8->str);
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (summary, -1), ==, 120);
  g_assert_true (g_str_has_suffix (summary, "é…"));
  g_clear_pointer (&summary, g_free);

  /* Exactly 120 characters: kept whole. */
  for (guint i = 0; i < 120; i++)
    g_string_append (exactly_120, i % 2 ? "ü" : "x");
  summary = rapport_summarize_body (exactly_120->str);
  g_assert_cmpstr (summary, ==, exactly_120->str);
  g_clear_pointer (&summary, g_free);

  /* Invalid UTF-8 never comes out. */
  summary = rapport_summarize_body ("bad \xff byte");
  g_assert_true (g_utf8_validate (summary, -1, NULL));
  g_assert_true (g_str_has_prefix (summary, "bad "));
  g_clear_pointer (&summary, g_free);

  /* Invalid bytes in quoted lines, at a line's end (a cut multibyte character before the
   * newline) and in the summary's line: each one U+FFFD, the lines as in the repaired body. */
  summary = rapport_summarize_body ("> quoted \xe2\x82\n\n \xc3\n\n> more\nreal \xff\xfe  text\xe2\x82\nnext");
  g_assert_cmpstr (summary, ==, "\xef\xbf\xbd");
  g_clear_pointer (&summary, g_free);
  summary = rapport_summarize_body ("> quoted \xe2\x82\n\n\t \n> more\nreal \xff\xfe  text\xe2\x82\nnext");
  g_assert_cmpstr (summary, ==, "real \xef\xbf\xbd\xef\xbf\xbd text\xef\xbf\xbd\xef\xbf\xbd");
  g_clear_pointer (&summary, g_free);
}

/* A long first line is cut as a short one (the summary reads no further than it needs). */
static void
test_summarize_long_body (void)
{
  g_autoptr(GString) body = g_string_new ("\n   \n> quoted line\n");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *summary = NULL;

  /* 1 MB of words and runs of spaces on one line, then more lines. */
  while (body->len < 1024 * 1024)
    g_string_append (body, "w\xc3\xa9rd   \t ");
  g_string_append (body, "\nsecond line");

  /* 119 characters of "wérd wérd …" (a space at the cut is dropped), then the ellipsis. */
  while (g_utf8_strlen (expected->str, -1) < 119)
    g_string_append (expected, "w\xc3\xa9rd ");
  g_string_truncate (expected, g_utf8_offset_to_pointer (expected->str, 119) - expected->str);
  while (expected->str[expected->len - 1] == ' ')
    g_string_truncate (expected, expected->len - 1);
  g_string_append (expected, "…");

  summary = rapport_summarize_body (body->str);
  g_assert_cmpstr (summary, ==, expected->str);
}

static void
test_text_storable (void)
{
  g_autofree char *repaired = NULL;
  g_autofree char *with_nul = NULL;
  g_autofree char *surrogate = NULL;

  g_assert_true (rapport_text_is_storable ("caf\xc3\xa9", -1));
  g_assert_false (rapport_text_is_storable (NULL, -1));
  g_assert_false (rapport_text_is_storable ("a\0b", 3));
  g_assert_false (rapport_text_is_storable ("bad \xff", -1));

  /* Each invalid byte becomes U+FFFD and the text after it is kept. */
  repaired = rapport_text_make_storable ("bad \xff\xfe end", -1);
  g_assert_cmpstr (repaired, ==, "bad \xef\xbf\xbd\xef\xbf\xbd end");

  /* A NUL inside the length does not cut the text. */
  with_nul = rapport_text_make_storable ("before\0after", 12);
  g_assert_cmpstr (with_nul, ==, "before\xef\xbf\xbd" "after");

  /* A lone surrogate as json-glib decodes "\udcff" (CESU bytes) is not UTF-8. */
  surrogate = rapport_text_make_storable ("x\xed\xb3\xbfy", -1);
  g_assert_true (rapport_text_is_storable (surrogate, -1));
  g_assert_true (g_str_has_prefix (surrogate, "x"));
  g_assert_true (g_str_has_suffix (surrogate, "y"));
  g_assert_null (rapport_text_make_storable (NULL, -1));
}

static void
test_text_label (void)
{
  g_autofree char *spoof = rapport_text_clean_label ("Admin\u202Egnp.exe");
  g_autofree char *lines = rapport_text_clean_label ("  Re:\n> quoted\r\n\tline\u2028end  ");
  g_autofree char *isolated = rapport_text_isolate ("Admin\u202Egnp.exe");
  g_autofree char *cut = rapport_text_cut ("h\xc3\xa9llo w\xc3\xb6rld", 2);
  g_autofree char *whole = rapport_text_cut ("short", 5);

  g_assert_cmpstr (spoof, ==, "Admingnp.exe");
  g_assert_cmpstr (lines, ==, "Re: > quoted line end");
  g_assert_cmpstr (isolated, ==, "\u2068Admingnp.exe\u2069");
  g_assert_cmpstr (cut, ==, "h\xc3\xa9\u2026");
  g_assert_cmpstr (whole, ==, "short");
  g_assert_null (rapport_text_clean_label (NULL));
}

/* The believable dates: from 1990 to a day after now; anything else is unset (0). */
static void
test_time_from_server (void)
{
  const gint64 now = 1796601600; /* 2026-12-07 00:00:00 UTC */
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) earliest = g_date_time_new_utc (1990, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) far = g_date_time_new_utc (2999, 1, 1, 0, 0, 0);

  g_assert_cmpint (g_date_time_to_unix (earliest), ==, RAPPORT_TIME_EARLIEST);
  g_assert_cmpint (rapport_time_from_server (g_date_time_to_unix (epoch), now), ==, 0);
  g_assert_cmpint (rapport_time_from_server (-1, now), ==, 0);
  g_assert_cmpint (rapport_time_from_server (RAPPORT_TIME_EARLIEST - 1, now), ==, 0);
  g_assert_cmpint (rapport_time_from_server (RAPPORT_TIME_EARLIEST, now), ==,
                   RAPPORT_TIME_EARLIEST);
  g_assert_cmpint (rapport_time_from_server (now - 3600, now), ==, now - 3600);
  g_assert_cmpint (rapport_time_from_server (now + RAPPORT_TIME_MAX_AHEAD, now), ==,
                   now + RAPPORT_TIME_MAX_AHEAD);
  g_assert_cmpint (rapport_time_from_server (now + RAPPORT_TIME_MAX_AHEAD + 1, now), ==, 0);
  g_assert_cmpint (rapport_time_from_server (g_date_time_to_unix (far), now), ==, 0);
  g_assert_cmpint (rapport_time_from_server (G_MAXINT64, now), ==, 0);
  g_assert_true (rapport_time_is_believable (now, now));
  g_assert_false (rapport_time_is_believable (0, now));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/types/strings", test_types_strings);
  g_test_add_func ("/rapport/text/storable", test_text_storable);
  g_test_add_func ("/rapport/text/label", test_text_label);
  g_test_add_func ("/rapport/types/time-from-server", test_time_from_server);
  g_test_add_func ("/rapport/types/status-open", test_types_status_open);
  g_test_add_func ("/rapport/account/new-destroy", test_account_new_destroy);
  g_test_add_func ("/rapport/account/same-remote", test_account_same_remote);
  g_test_add_func ("/rapport/customer/new-destroy", test_customer_new_destroy);
  g_test_add_func ("/rapport/identity/new-destroy", test_identity_new_destroy);
  g_test_add_func ("/rapport/identity/normalize", test_identity_normalize);
  g_test_add_func ("/rapport/ticket/new-destroy", test_ticket_new_destroy);
  g_test_add_func ("/rapport/ticket/notify", test_ticket_notify);
  g_test_add_func ("/rapport/ticket/update-from", test_ticket_update_from);
  g_test_add_func ("/rapport/message/new-destroy", test_message_new_destroy);
  g_test_add_func ("/rapport/history-entry/new-destroy", test_history_entry_new_destroy);
  g_test_add_func ("/rapport/history-entry/summarize-body", test_summarize_body);
  g_test_add_func ("/rapport/history-entry/summarize-long-body", test_summarize_long_body);
  g_test_add_func ("/rapport/search-hit/new-destroy", test_search_hit_new_destroy);
  g_test_add_func ("/rapport/sync-page/new-free", test_sync_page_new_free);

  return g_test_run ();
}

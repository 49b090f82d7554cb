/* test-rt-parser.c
 *
 * Every fixture of tests/data/rt (real Request Tracker 5.0.3 answers) parsed field by field.
 * test-rt-parser-damage.c damages the same fixtures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-rt-parser"

#include "config.h"

#include "rapport-identity.h"
#include "rapport-rt-parser.h"
#include "rt-parser-fixture.h"

#include <string.h>

static gint64
utc (int hour,
     int minute,
     int second)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 22, hour, minute, second);

  return g_date_time_to_unix (date);
}

static RapportTicket *
item_ticket (JsonNode  *page,
             guint      index,
             GStrv     *requestors)
{
  g_autoptr(GError) error = NULL;
  JsonArray *items = rapport_rt_page_get_items (page, &error);
  RapportTicket *ticket;

  g_assert_no_error (error);
  ticket = rapport_rt_parse_ticket (json_array_get_element (items, index), requestors, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  return ticket;
}

/* ------------------------------------------------------------------------------------ */
/* Tickets                                                                               */

static void
test_ticket_record (void)
{
  g_autoptr(JsonNode) root = fixture ("ticket.json");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requestors = NULL;
  g_autoptr(RapportTicket) ticket = rapport_rt_parse_ticket (root, &requestors, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "1");
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==,
                   "Cancel my subscription before renewal");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_SOLVED);
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, RAPPORT_TICKET_PRIORITY_LOW);
  g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, RAPPORT_CHANNEL_EMAIL);
  g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ticket), ==, CHLOE);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, "sam.agent");
  /* The record's Owner is not expanded: its name is the user name. */
  g_assert_cmpstr (rapport_ticket_get_assignee_name (ticket), ==, "sam.agent");
  /* Queue without fields[Queue]=Name: its id. */
  g_assert_cmpstr (rapport_ticket_get_queue (ticket), ==, "3");
  g_assert_cmpint (rapport_ticket_get_created_at (ticket), ==, utc (22, 16, 17));
  g_assert_cmpint (rapport_ticket_get_updated_at (ticket), ==, utc (22, 16, 19));
  g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, utc (22, 16, 19));
  g_assert_true (rapport_ticket_get_tags (ticket) == NULL ||
                 rapport_ticket_get_tags (ticket)[0] == NULL);
  g_assert_cmpint (rapport_ticket_get_id (ticket), ==, 0);
  g_assert_cmpint (rapport_ticket_get_customer_id (ticket), ==, 0);
  g_assert_false (rapport_ticket_get_loaded (ticket));
  g_assert_nonnull (requestors);
  g_assert_cmpuint (g_strv_length (requestors), ==, 1);
  g_assert_cmpstr (requestors[0], ==, CHLOE);
}

static void
test_ticket_stalled (void)
{
  g_autoptr(JsonNode) root = fixture ("ticket-stalled-attachment.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) ticket = rapport_rt_parse_ticket (root, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "3");
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, "Bestilling nr. 7731 mangler en del");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_ON_HOLD);
  /* "50" is RT's Medium. */
  g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, RAPPORT_TICKET_PRIORITY_NORMAL);
  g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, RAPPORT_CHANNEL_CHAT);
  g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ticket), ==, SOREN);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (ticket), ==, "lee.agent");
  g_assert_cmpint (rapport_ticket_get_created_at (ticket), ==, utc (22, 16, 20));
  g_assert_cmpint (rapport_ticket_get_updated_at (ticket), ==, utc (22, 16, 21));
  /* Resolved is 1970: unset. */
  g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, 0);
}

static void
test_ticket_merged (void)
{
  /* GET /ticket/7 answered with ticket 6, the one it was merged into. */
  g_autoptr(JsonNode) root = fixture ("ticket-merged.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) ticket = rapport_rt_parse_ticket (root, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_remote_id (ticket), ==, "6");
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==,
                   "Still waiting for my sourdough starter kit");
  g_assert_cmpint (rapport_ticket_get_status (ticket), ==, RAPPORT_TICKET_STATUS_NEW);
  g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, RAPPORT_CHANNEL_WEB);
  g_assert_null (rapport_ticket_get_assignee_remote_id (ticket));
  g_assert_null (rapport_ticket_get_assignee_name (ticket));
  g_assert_cmpstr (rapport_ticket_get_requester_remote_id (ticket), ==, CHLOE);
  g_assert_cmpint (rapport_ticket_get_created_at (ticket), ==, utc (22, 16, 21));
  g_assert_cmpint (rapport_ticket_get_updated_at (ticket), ==, utc (22, 16, 22));
  g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, 0);
}

static void
test_search_pages (void)
{
  g_autoptr(JsonNode) page1 = fixture ("search-page-1.json");
  g_autoptr(JsonNode) page2 = fixture ("search-page-2.json");
  g_auto(RapportRtPageInfo) info1 = { 0 };
  g_auto(RapportRtPageInfo) info2 = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) t1 = NULL;
  g_autoptr(RapportTicket) t2 = NULL;
  g_autoptr(RapportTicket) t3 = NULL;
  g_autoptr(RapportTicket) t4 = NULL;

  g_assert_true (rapport_rt_parse_page_info (page1, &info1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info1.count, ==, 2);
  g_assert_cmpuint (info1.page, ==, 1);
  g_assert_cmpuint (info1.per_page, ==, 2);
  g_assert_true (info1.has_total);
  g_assert_cmpuint (info1.total, ==, 6);
  g_assert_true (info1.has_pages);
  g_assert_cmpuint (info1.pages, ==, 3);
  g_assert_nonnull (strstr (info1.next_page, "&=&"));
  g_assert_true (g_str_has_suffix (info1.next_page, "page=2"));
  g_assert_null (info1.prev_page);

  t1 = item_ticket (page1, 0, NULL);
  g_assert_cmpstr (rapport_ticket_get_remote_id (t1), ==, "1");
  g_assert_cmpint (rapport_ticket_get_status (t1), ==, RAPPORT_TICKET_STATUS_SOLVED);
  g_assert_cmpstr (rapport_ticket_get_assignee_remote_id (t1), ==, "sam.agent");
  g_assert_cmpstr (rapport_ticket_get_assignee_name (t1), ==, "Sam Rivera");
  g_assert_cmpstr (rapport_ticket_get_queue (t1), ==, "Support");
  g_assert_cmpint (rapport_ticket_get_channel (t1), ==, RAPPORT_CHANNEL_EMAIL);
  g_assert_cmpint (rapport_ticket_get_created_at (t1), ==, utc (22, 16, 17));
  g_assert_cmpint (rapport_ticket_get_updated_at (t1), ==, utc (22, 16, 19));
  /* The search did not ask for Resolved. */
  g_assert_cmpint (rapport_ticket_get_solved_at (t1), ==, 0);

  t2 = item_ticket (page1, 1, NULL);
  g_assert_cmpstr (rapport_ticket_get_remote_id (t2), ==, "2");
  g_assert_cmpstr (rapport_ticket_get_subject (t2), ==, "Charged twice for March");
  g_assert_null (rapport_ticket_get_assignee_remote_id (t2));
  g_assert_cmpint (rapport_ticket_get_channel (t2), ==, RAPPORT_CHANNEL_PHONE);
  g_assert_cmpstr (rapport_ticket_get_requester_remote_id (t2), ==, CHLOE);

  g_assert_true (rapport_rt_parse_page_info (page2, &info2, &error));
  g_assert_cmpuint (info2.count, ==, 2);
  g_assert_cmpuint (info2.page, ==, 2);
  g_assert_true (g_str_has_suffix (info2.next_page, "page=3"));
  g_assert_true (g_str_has_suffix (info2.prev_page, "page=1"));

  t3 = item_ticket (page2, 0, NULL);
  g_assert_cmpstr (rapport_ticket_get_remote_id (t3), ==, "3");
  g_assert_cmpint (rapport_ticket_get_status (t3), ==, RAPPORT_TICKET_STATUS_ON_HOLD);
  g_assert_cmpint (rapport_ticket_get_priority (t3), ==, RAPPORT_TICKET_PRIORITY_NORMAL);
  g_assert_cmpstr (rapport_ticket_get_assignee_name (t3), ==, "Lee Fontaine");
  g_assert_cmpstr (rapport_ticket_get_requester_remote_id (t3), ==, SOREN);

  t4 = item_ticket (page2, 1, NULL);
  g_assert_cmpstr (rapport_ticket_get_remote_id (t4), ==, "4");
  g_assert_cmpstr (rapport_ticket_get_subject (t4), ==, "Invoice needed with VAT number");
  g_assert_cmpint (rapport_ticket_get_status (t4), ==, RAPPORT_TICKET_STATUS_NEW);
  g_assert_null (rapport_ticket_get_assignee_remote_id (t4));
  g_assert_cmpint (rapport_ticket_get_channel (t4), ==, RAPPORT_CHANNEL_WEB);
}

static void
test_search_edges (void)
{
  g_autoptr(JsonNode) past_end = fixture ("search-past-end.json");
  g_autoptr(JsonNode) empty = fixture ("search-empty.json");
  g_autoptr(JsonNode) channel = fixture ("search-channel.json");
  g_auto(RapportRtPageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  RapportChannel value;

  g_assert_true (rapport_rt_parse_page_info (past_end, &info, &error));
  g_assert_cmpuint (info.count, ==, 0);
  g_assert_cmpuint (info.page, ==, 9);
  g_assert_cmpuint (info.pages, ==, 3);
  g_assert_cmpuint (info.total, ==, 6);
  g_assert_null (info.next_page);
  g_assert_true (g_str_has_suffix (info.prev_page, "page=3"));
  items = rapport_rt_page_get_items (past_end, &error);
  g_assert_cmpuint (json_array_get_length (items), ==, 0);
  rapport_rt_page_info_clear (&info);

  /* "pages": 0.0 is a float. */
  g_assert_true (rapport_rt_parse_page_info (empty, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.has_pages);
  g_assert_cmpuint (info.pages, ==, 0);
  g_assert_true (info.has_total);
  g_assert_cmpuint (info.total, ==, 0);
  g_assert_cmpuint (info.per_page, ==, 20);
  g_assert_cmpuint (info.count, ==, 0);
  rapport_rt_page_info_clear (&info);

  g_assert_true (rapport_rt_parse_page_info (channel, &info, &error));
  g_assert_cmpuint (info.count, ==, 1);
  g_assert_cmpuint (info.total, ==, 1);
  g_assert_cmpuint (info.pages, ==, 1);
  items = rapport_rt_page_get_items (channel, &error);

  /* Only Subject and CustomFields were asked for: not enough for a ticket … */
  g_assert_null (rapport_rt_parse_ticket (json_array_get_element (items, 0), NULL, &error));
  assert_invalid (error, "Status");
  g_clear_error (&error);

  /* … but enough for its channel. */
  g_assert_true (rapport_rt_parse_channel (json_array_get_element (items, 0), &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, RAPPORT_CHANNEL_CHAT);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static RapportTicket *
ticket_from (const char *text,
             GError    **error)
{
  g_autoptr(JsonNode) node = json (text);

  return rapport_rt_parse_ticket (node, NULL, error);
}

static void
test_ticket_mapping (void)
{
  static const struct
  {
    const char          *status;
    RapportTicketStatus  expected;
  } statuses[] = {
    { "new", RAPPORT_TICKET_STATUS_NEW },
    { "open", RAPPORT_TICKET_STATUS_OPEN },
    { "stalled", RAPPORT_TICKET_STATUS_ON_HOLD },
    { "resolved", RAPPORT_TICKET_STATUS_SOLVED },
    { "rejected", RAPPORT_TICKET_STATUS_CLOSED },
    { "deleted", RAPPORT_TICKET_STATUS_CLOSED },
    { "Resolved", RAPPORT_TICKET_STATUS_SOLVED },
    { "waiting for customer", RAPPORT_TICKET_STATUS_OPEN },
  };
  static const struct
  {
    const char            *priority;
    RapportTicketPriority  expected;
  } priorities[] = {
    { "\"0\"", RAPPORT_TICKET_PRIORITY_LOW },
    { "24", RAPPORT_TICKET_PRIORITY_LOW },
    { "\"25\"", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "50", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "75.0", RAPPORT_TICKET_PRIORITY_HIGH },
    { "\"100\"", RAPPORT_TICKET_PRIORITY_HIGH },
    { "101", RAPPORT_TICKET_PRIORITY_URGENT },
    { "\"-5\"", RAPPORT_TICKET_PRIORITY_LOW },
    { "\"Low\"", RAPPORT_TICKET_PRIORITY_LOW },
    { "\"Medium\"", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "\"High\"", RAPPORT_TICKET_PRIORITY_HIGH },
    { "\"On Fire\"", RAPPORT_TICKET_PRIORITY_URGENT },
    { "\"\"", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "\"sometime\"", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "null", RAPPORT_TICKET_PRIORITY_NORMAL },
  };
  static const char base[] =
    "{\"id\":%s,\"Subject\":\"s\",\"Status\":\"%s\",\"Created\":\"2026-11-22T22:16:17Z\","
    "\"LastUpdated\":\"%s\",\"Priority\":%s,\"Resolved\":\"2026-11-22T22:16:19Z\"%s}";
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *text = g_strdup_printf (base, "5", statuses[i].status,
                                               "2026-11-22T22:16:18Z", "\"0\"", "");
      g_autoptr(RapportTicket) ticket = ticket_from (text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (rapport_ticket_get_status (ticket), ==, statuses[i].expected);
      /* Resolved counts only for solved and closed tickets. */
      g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==,
                       statuses[i].expected >= RAPPORT_TICKET_STATUS_SOLVED ? utc (22, 16, 19) : 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_autofree char *text = g_strdup_printf (base, "\"5\"", "open", "2026-11-22T22:16:18Z",
                                               priorities[i].priority, "");
      g_autoptr(RapportTicket) ticket = ticket_from (text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (rapport_ticket_get_priority (ticket), ==, priorities[i].expected);
    }

  /* Channel: unknown or empty values fall back to email; case is ignored. */
  {
    static const struct
    {
      const char     *fields;
      RapportChannel  expected;
    } channels[] = {
      { ",\"CustomFields\":[{\"name\":\"Channel\",\"values\":[\"Phone\"]}]",
        RAPPORT_CHANNEL_PHONE },
      { ",\"CustomFields\":[{\"name\":\"Channel\",\"values\":[\"pigeon\"]}]",
        RAPPORT_CHANNEL_EMAIL },
      { ",\"CustomFields\":[{\"name\":\"Channel\",\"values\":[]}]", RAPPORT_CHANNEL_EMAIL },
      { ",\"CustomFields\":[{\"name\":\"Product\",\"values\":[\"chat\"]}]", RAPPORT_CHANNEL_EMAIL },
      { ",\"CustomFields\":\"\"", RAPPORT_CHANNEL_EMAIL },
      { ",\"CustomFields\":[{\"name\":\"Channel\",\"values\":[\"social\",\"web\"]}]",
        RAPPORT_CHANNEL_SOCIAL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
      {
        g_autofree char *text = g_strdup_printf (base, "5", "open", "2026-11-22T22:16:18Z", "0",
                                                 channels[i].fields);
        g_autoptr(RapportTicket) ticket = ticket_from (text, &error);

        g_assert_no_error (error);
        g_assert_cmpint (rapport_ticket_get_channel (ticket), ==, channels[i].expected);
      }
  }

  /* Dates: 1970 and "" are unset; anything else unparsable is an error. */
  {
    g_autofree char *epoch = g_strdup_printf (base, "5", "open", "1970-01-01T00:00:00Z", "0", "");
    g_autofree char *empty = g_strdup_printf (base, "5", "open", "", "0", "");
    g_autofree char *bogus = g_strdup_printf (base, "5", "open", "yesterday", "0", "");
    g_autoptr(RapportTicket) a = ticket_from (epoch, &error);
    g_autoptr(RapportTicket) b = NULL;
    g_autoptr(RapportTicket) c = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (rapport_ticket_get_updated_at (a), ==, 0);
    b = ticket_from (empty, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rapport_ticket_get_updated_at (b), ==, 0);
    c = ticket_from (bogus, &error);
    g_assert_null (c);
    assert_invalid (error, "LastUpdated");
    g_clear_error (&error);
  }

  /* Ids: numbers or digit strings, positive. */
  {
    static const char * const bad_ids[] = { "0", "-3", "\"\"", "\"abc\"", "1.5", "true", "[]",
                                            "{}", "\"99999999999999999999999\"" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
      {
        g_autofree char *text = g_strdup_printf (base, bad_ids[i], "open", "2026-11-22T22:16:18Z",
                                                 "0", "");
        g_autoptr(RapportTicket) ticket = ticket_from (text, &error);

        g_assert_null (ticket);
        assert_invalid (error, "id");
        g_clear_error (&error);
      }
  }

  /* An empty Status is malformed. */
  {
    g_autofree char *text = g_strdup_printf (base, "5", "", "2026-11-22T22:16:18Z", "0", "");
    g_autoptr(RapportTicket) ticket = ticket_from (text, &error);

    g_assert_null (ticket);
    assert_invalid (error, "Status");
    g_clear_error (&error);
  }
}

/* ------------------------------------------------------------------------------------ */
/* Messages                                                                              */

static RapportMessage *
message_at (GPtrArray *messages,
            guint      index)
{
  g_assert_cmpuint (index, <, messages->len);
  return messages->pdata[index];
}

static void
assert_message (RapportMessage    *message,
                const char        *remote_id,
                RapportVisibility  visibility,
                RapportDirection   direction,
                RapportAuthorKind  kind,
                const char        *author,
                const char        *author_name,
                gint64             created,
                const char        *body)
{
  g_assert_cmpstr (rapport_message_get_remote_id (message), ==, remote_id);
  g_assert_cmpint (rapport_message_get_visibility (message), ==, visibility);
  g_assert_cmpint (rapport_message_get_direction (message), ==, direction);
  g_assert_cmpint (rapport_message_get_author_kind (message), ==, kind);
  g_assert_cmpstr (rapport_message_get_author_remote_id (message), ==, author);
  g_assert_cmpstr (rapport_message_get_author_name (message), ==, author_name);
  g_assert_cmpint (rapport_message_get_created_at (message), ==, created);
  g_assert_cmpstr (rapport_message_get_body (message), ==, body);
}

static void
test_history_messages (void)
{
  g_autoptr(JsonNode) history = fixture ("ticket-history.json");
  g_autoptr(JsonNode) attachments = fixture ("ticket-attachments.json");
  g_auto(RapportRtPageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  const char * const customers[] = { CHLOE, NULL };

  g_assert_true (rapport_rt_parse_page_info (history, &info, &error));
  g_assert_cmpuint (info.count, ==, 9);
  g_assert_cmpuint (info.per_page, ==, 100);
  /* Agents get no totals on transaction collections. */
  g_assert_false (info.has_total);
  g_assert_false (info.has_pages);
  g_assert_null (info.next_page);

  messages = rapport_rt_parse_messages (history, attachments, "1", RAPPORT_CHANNEL_EMAIL,
                                        customers, &error);
  g_assert_no_error (error);
  /* Create, Comment, Correspond, Correspond; Set, SetWatcher, CustomField and Status are not
   * messages. */
  g_assert_cmpuint (messages->len, ==, 4);

  assert_message (message_at (messages, 0), "48", RAPPORT_VISIBILITY_PUBLIC,
                  RAPPORT_DIRECTION_INBOUND, RAPPORT_AUTHOR_CUSTOMER, CHLOE, CHLOE,
                  utc (22, 16, 17),
                  "Hello,\nplease cancel my subscription before it renews on the 1st.\n"
                  "Merci, Chloé");
  assert_message (message_at (messages, 1), "53", RAPPORT_VISIBILITY_INTERNAL,
                  RAPPORT_DIRECTION_OUTBOUND, RAPPORT_AUTHOR_AGENT, "sam.agent", "sam.agent",
                  utc (22, 16, 18), "Renewal is on the 1st; cancelling now avoids a refund.");
  assert_message (message_at (messages, 2), "54", RAPPORT_VISIBILITY_PUBLIC,
                  RAPPORT_DIRECTION_OUTBOUND, RAPPORT_AUTHOR_AGENT, "sam.agent", "sam.agent",
                  utc (22, 16, 18),
                  "Hi Chloé,\n\nI have cancelled your subscription; it stays active until the end "
                  "of the month.\n\nBest regards,\nSam Rivera");
  assert_message (message_at (messages, 3), "57", RAPPORT_VISIBILITY_PUBLIC,
                  RAPPORT_DIRECTION_INBOUND, RAPPORT_AUTHOR_CUSTOMER, CHLOE, CHLOE,
                  utc (22, 16, 18),
                  "Thank you, that was quick!");

  for (guint i = 0; i < messages->len; i++)
    {
      g_assert_cmpstr (rapport_message_get_ticket_remote_id (message_at (messages, i)), ==, "1");
      g_assert_cmpint (rapport_message_get_channel (message_at (messages, i)), ==,
                       RAPPORT_CHANNEL_EMAIL);
    }
}

static void
test_history_expanded (void)
{
  g_autoptr(JsonNode) history = fixture ("ticket-history-expanded.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  const char * const customers[] = { CHLOE, NULL };

  messages = rapport_rt_parse_messages (history, NULL, "2", RAPPORT_CHANNEL_PHONE, customers,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 3);

  /* sam.agent created the ticket for Chloé: the team's words, outbound. */
  assert_message (message_at (messages, 0), "65", RAPPORT_VISIBILITY_PUBLIC,
                  RAPPORT_DIRECTION_OUTBOUND, RAPPORT_AUTHOR_AGENT, "sam.agent", "Sam Rivera",
                  utc (22, 16, 19), "");
  assert_message (message_at (messages, 1), "67", RAPPORT_VISIBILITY_INTERNAL,
                  RAPPORT_DIRECTION_OUTBOUND, RAPPORT_AUTHOR_AGENT, "sam.agent", "Sam Rivera",
                  utc (22, 16, 19), "");
  assert_message (message_at (messages, 2), "68", RAPPORT_VISIBILITY_PUBLIC,
                  RAPPORT_DIRECTION_OUTBOUND, RAPPORT_AUTHOR_AGENT, "sam.agent", "Sam Rivera",
                  utc (22, 16, 19), "");
  g_assert_cmpint (rapport_message_get_channel (message_at (messages, 2)), ==,
                   RAPPORT_CHANNEL_PHONE);
}

static void
test_history_bare (void)
{
  g_autoptr(JsonNode) history = fixture ("ticket-history-bare.json");
  g_auto(RapportRtPageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  JsonArray *items;

  g_assert_true (rapport_rt_parse_page_info (history, &info, &error));
  /* 4 items on a page of 5: one transaction is hidden, the page is not the last for that. */
  g_assert_cmpuint (info.count, ==, 4);
  g_assert_cmpuint (info.per_page, ==, 5);
  g_assert_false (info.has_total);

  items = rapport_rt_page_get_items (history, &error);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autoptr(RapportRtTransaction) txn =
        rapport_rt_parse_transaction (json_array_get_element (items, i), &error);

      g_assert_no_error (error);
      g_assert_null (txn->type);
      g_assert_null (txn->creator);
      g_assert_false (rapport_rt_transaction_is_message (txn));
    }

  /* Without fields there is no message to build. */
  messages = rapport_rt_parse_messages (history, NULL, "1", RAPPORT_CHANNEL_EMAIL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 0);
}

static void
test_attachments (void)
{
  g_autoptr(JsonNode) binary = fixture ("ticket-attachments-binary.json");
  g_autoptr(JsonNode) reply = fixture ("transaction-attachments.json");
  g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RapportRtAttachment *body;
  guint64 max_txn = 0, key;
  guint n;

  g_assert_true (rapport_rt_collect_bodies (binary, bodies, &max_txn, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (max_txn, ==, 80);
  /* multipart/mixed and pixel.png are not bodies; the two text parts are. */
  g_assert_cmpuint (g_hash_table_size (bodies), ==, 2);
  key = 77;
  body = g_hash_table_lookup (bodies, &key);
  g_assert_cmpuint (body->id, ==, 30);
  g_assert_cmpstr (body->content_type, ==, "text/plain");
  g_assert_null (body->filename);
  g_assert_null (body->content); /* the request had no Content field */
  key = 80;
  body = g_hash_table_lookup (bodies, &key);
  g_assert_cmpuint (body->id, ==, 38);

  g_hash_table_remove_all (bodies);
  max_txn = 0;
  g_assert_true (rapport_rt_collect_bodies (reply, bodies, &max_txn, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (max_txn, ==, 54);
  key = 54;
  body = g_hash_table_lookup (bodies, &key);
  g_assert_cmpuint (body->id, ==, 6);
  g_assert_cmpstr (body->content_type, ==, "text/html");
  text = rapport_rt_attachment_body_text (body);
  g_assert_cmpstr (text, ==, "Hi Chloé,\n\nI have cancelled your subscription; it stays active "
                             "until the end of the month.\n\nBest regards,\nSam Rivera");
}

static void
test_attachment_record (void)
{
  g_autoptr(JsonNode) root = fixture ("attachment-png.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportRtAttachment) attachment = rapport_rt_parse_attachment (root, &error);
  static const guchar png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  const guchar *data;
  gsize size;

  g_assert_no_error (error);
  g_assert_cmpuint (attachment->id, ==, 31);
  /* TransactionId is a reference in the record form. */
  g_assert_cmpuint (attachment->transaction_id, ==, 77);
  g_assert_cmpstr (attachment->content_type, ==, "image/png");
  g_assert_cmpstr (attachment->filename, ==, "pixel.png");
  g_assert_false (rapport_rt_attachment_is_body (attachment));

  /* Base64 with a newline every 76 characters, decoded. */
  data = g_bytes_get_data (attachment->content, &size);
  g_assert_cmpuint (size, ==, 70);
  g_assert_cmpmem (data, sizeof png_signature, png_signature, sizeof png_signature);
}

static void
test_transaction_record (void)
{
  g_autoptr(JsonNode) root = fixture ("transaction-html-reply.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportRtTransaction) txn = rapport_rt_parse_transaction (root, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (txn->id, ==, 54);
  g_assert_cmpstr (txn->type, ==, "Correspond");
  g_assert_cmpstr (txn->object_id, ==, "1");
  g_assert_cmpstr (txn->object_type, ==, "RT::Ticket");
  g_assert_cmpstr (txn->creator, ==, "sam.agent");
  g_assert_null (txn->creator_name);
  g_assert_cmpint (txn->created, ==, utc (22, 16, 18));
  g_assert_true (rapport_rt_transaction_is_message (txn));
}

static void
test_body_text (void)
{
  static const char crlf[] = "line one\r\nline two\rline three\n\xff end";
  RapportRtAttachment attachment = { 1, 2, (char *) "text/plain", NULL, NULL };
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;

  empty = rapport_rt_attachment_body_text (&attachment);
  g_assert_cmpstr (empty, ==, "");

  attachment.content = g_bytes_new_static (crlf, strlen (crlf));
  text = rapport_rt_attachment_body_text (&attachment);
  g_assert_cmpstr (text, ==, "line one\nline two\nline three\n\xef\xbf\xbd end");
  g_bytes_unref (attachment.content);
}

static void
test_transactions_pages (void)
{
  g_autoptr(JsonNode) all = fixture ("transactions.json");
  g_autoptr(JsonNode) short_page = fixture ("transactions-short-page.json");
  g_autoptr(JsonNode) root_page = fixture ("transactions-root.json");
  g_autoptr(JsonNode) cursor = fixture ("transactions-cursor.json");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_auto(RapportRtPageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  const char * const expected[] = { "1", "2", "3", "4", "5", "6", "7" };
  guint64 max_id = 0;
  guint n;

  g_assert_true (rapport_rt_parse_transactions_page (all, TRUE, ids, &max_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 25);
  g_assert_cmpuint (max_id, ==, 111);
  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (ids->pdata[i], ==, expected[i]);

  /* The same ids again are not repeated. */
  g_assert_true (rapport_rt_parse_transactions_page (all, TRUE, ids, &max_id, &n, &error));
  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (expected));

  /* count 1 on a page of 2 with more after it, and no next_page. */
  g_ptr_array_set_size (ids, 0);
  max_id = 0;
  g_assert_true (rapport_rt_parse_page_info (short_page, &info, &error));
  g_assert_cmpuint (info.count, ==, 1);
  g_assert_cmpuint (info.per_page, ==, 2);
  g_assert_false (info.has_total);
  g_assert_null (info.next_page);
  rapport_rt_page_info_clear (&info);
  g_assert_true (rapport_rt_parse_transactions_page (short_page, TRUE, ids, &max_id, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (max_id, ==, 48);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (ids->pdata[0], ==, "1");

  /* The superuser's view of the same page: an EmailRecord, totals and next_page. */
  g_ptr_array_set_size (ids, 0);
  max_id = 0;
  g_assert_true (rapport_rt_parse_page_info (root_page, &info, &error));
  g_assert_cmpuint (info.total, ==, 40);
  g_assert_cmpuint (info.pages, ==, 20);
  g_assert_nonnull (strstr (info.next_page, "RT%3A%3ATicket"));
  g_assert_true (rapport_rt_parse_transactions_page (root_page, TRUE, ids, &max_id, &n, &error));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (max_id, ==, 49);
  g_assert_cmpuint (ids->len, ==, 1);

  /* The cursor probe carries only ids. */
  g_ptr_array_set_size (ids, 0);
  max_id = 0;
  g_assert_true (rapport_rt_parse_transactions_page (cursor, FALSE, ids, &max_id, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (max_id, ==, 111);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_false (rapport_rt_parse_transactions_page (cursor, TRUE, ids, &max_id, &n, &error));
  assert_invalid (error, "ObjectId");
}

/* ------------------------------------------------------------------------------------ */
/* Users and the rest                                                                    */

static void
assert_identities (RapportCustomer   *customer,
                   const char * const *expected)
{
  GListModel *identities = rapport_customer_get_identities (customer);
  guint n = g_list_model_get_n_items (identities);

  g_assert_cmpuint (n, ==, g_strv_length ((GStrv) expected) / 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      g_assert_cmpstr (rapport_channel_to_string (rapport_identity_get_channel (identity)), ==,
                       expected[i * 2]);
      g_assert_cmpstr (rapport_identity_get_address (identity), ==, expected[i * 2 + 1]);
    }
}

static void
test_users (void)
{
  g_autoptr(JsonNode) chloe = fixture ("user-customer.json");
  g_autoptr(JsonNode) soren = fixture ("user-customer-accents.json");
  g_autoptr(JsonNode) sam = fixture ("user-agent.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) c1 = rapport_rt_parse_customer (chloe, &error);
  g_autoptr(RapportCustomer) c2 = NULL;
  g_autoptr(RapportRtUser) u1 = NULL;
  g_autoptr(RapportRtUser) u2 = NULL;
  g_autoptr(RapportRtUser) u3 = NULL;
  const char * const chloe_ids[] = { "email", CHLOE, NULL };
  const char * const soren_ids[] = { "email", SOREN, NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_remote_id (c1), ==, CHLOE);
  g_assert_cmpstr (rapport_customer_get_display_name (c1), ==, "Chloé Silva");
  g_assert_cmpstr (rapport_customer_get_organization (c1), ==, "Northwind Bakery");
  g_assert_cmpint (rapport_customer_get_id (c1), ==, 0);
  assert_identities (c1, chloe_ids);

  u1 = rapport_rt_parse_user (chloe, &error);
  g_assert_cmpstr (u1->id, ==, "38");
  g_assert_cmpstr (u1->name, ==, CHLOE);
  g_assert_cmpstr (u1->real_name, ==, "Chloé Silva");
  g_assert_cmpstr (u1->email, ==, CHLOE);
  g_assert_false (u1->privileged);
  g_assert_cmpuint (g_strv_length (u1->memberships), ==, 0);

  c2 = rapport_rt_parse_customer (soren, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_display_name (c2), ==, "Søren Ågård");
  g_assert_cmpstr (rapport_customer_get_organization (c2), ==, "Fjord Tools ApS");
  assert_identities (c2, soren_ids);
  u2 = rapport_rt_parse_user (soren, &error);
  g_assert_cmpstr (u2->id, ==, "40");
  g_assert_false (u2->privileged);

  u3 = rapport_rt_parse_user (sam, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (u3->id, ==, "31");
  g_assert_cmpstr (u3->name, ==, "sam.agent");
  g_assert_cmpstr (u3->real_name, ==, "Sam Rivera");
  g_assert_cmpstr (u3->email, ==, "sam.agent@helpdesk.example");
  g_assert_true (u3->privileged);
  g_assert_cmpuint (g_strv_length (u3->memberships), ==, 0);
}

static void
test_user_variants (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) phones = json ("{\"Name\":\"ana\",\"EmailAddress\":\"ana@x.example\","
                                     "\"MobilePhone\":\"+33 6 12 34 56 78\",\"WorkPhone\":\"\","
                                     "\"HomePhone\":\"+33 6 12 34 56 78\",\"Privileged\":\"1\","
                                     "\"Memberships\":[{\"type\":\"group\",\"id\":\"37\"},"
                                     "{\"type\":\"group\",\"id\":12}]}");
  /* What an agent without AdminUsers gets: a summary without id. */
  g_autoptr(JsonNode) summary = json ("{\"Name\":\"bo@x.example\",\"RealName\":\"\","
                                      "\"EmailAddress\":\"bo@x.example\",\"Privileged\":0,"
                                      "\"_hyperlinks\":[]}");
  g_autoptr(RapportCustomer) ana = rapport_rt_parse_customer (phones, &error);
  g_autoptr(RapportRtUser) ana_user = NULL;
  g_autoptr(RapportCustomer) bo = NULL;
  g_autoptr(RapportRtUser) bo_user = NULL;
  const char * const ana_ids[] = { "email", "ana@x.example", "phone", "+33 6 12 34 56 78", NULL };
  const char * const bo_ids[] = { "email", "bo@x.example", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_display_name (ana), ==, "ana");
  assert_identities (ana, ana_ids);
  ana_user = rapport_rt_parse_user (phones, &error);
  g_assert_true (ana_user->privileged);
  g_assert_cmpuint (g_strv_length (ana_user->memberships), ==, 2);
  g_assert_cmpstr (ana_user->memberships[0], ==, "37");
  g_assert_cmpstr (ana_user->memberships[1], ==, "12");

  bo = rapport_rt_parse_customer (summary, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_display_name (bo), ==, "bo@x.example");
  assert_identities (bo, bo_ids);
  bo_user = rapport_rt_parse_user (summary, &error);
  g_assert_null (bo_user->id);
  g_assert_false (bo_user->privileged);

  {
    static const char * const bad[] = {
      "{\"RealName\":\"no name\"}",
      "{\"Name\":\"\"}",
      "{\"Name\":42}",
      "{\"Name\":\"x\",\"Privileged\":2}",
      "{\"Name\":\"x\",\"Memberships\":{}}",
      "{\"Name\":\"x\",\"id\":\"abc\"}",
      "[]",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) node = json (bad[i]);
        g_autoptr(RapportRtUser) user = rapport_rt_parse_user (node, &error);

        g_assert_null (user);
        assert_invalid (error, NULL);
        g_clear_error (&error);
      }
  }
}

static void
test_small_records (void)
{
  g_autoptr(JsonNode) queue = fixture ("queue-support.json");
  g_autoptr(JsonNode) field = fixture ("customfield-channel.json");
  g_autoptr(JsonNode) rt = fixture ("rt.json");
  g_autoptr(JsonNode) created = fixture ("ticket-create-201.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_name = rapport_rt_parse_name (queue, "queue", &error);
  g_autofree char *field_name = NULL;
  g_auto(GStrv) values = NULL;
  g_autofree char *version = NULL;
  g_autofree char *ticket_id = NULL;
  g_autofree char *wrong = NULL;
  const char * const channels[] = { "email", "chat", "phone", "social", "web", NULL };

  g_assert_no_error (error);
  g_assert_cmpstr (queue_name, ==, "Support");

  g_assert_true (rapport_rt_parse_custom_field (field, &field_name, &values, &error));
  g_assert_cmpstr (field_name, ==, "Channel");
  g_assert_true (g_strv_equal ((const char * const *) values, channels));

  version = rapport_rt_parse_version (rt, &error);
  g_assert_cmpstr (version, ==, "5.0.3+dfsg-3~deb12u6");

  /* The 201 of POST /ticket: the id as a string. */
  ticket_id = rapport_rt_parse_ref (created, "ticket", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ticket_id, ==, "1");
  wrong = rapport_rt_parse_ref (created, "user", &error);
  g_assert_null (wrong);
  assert_invalid (error, "ticket");
}

static void
test_error_bodies (void)
{
  static const char * const names[] = {
    "error-401.json", "error-403.json", "error-404.json", "error-400-query.json",
  };
  static const char * const messages[] = {
    "Unauthorized", "Forbidden", "Not Found", "Wrong query",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonNode) root = fixture (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportTicket) ticket = rapport_rt_parse_ticket (root, NULL, &error);
      JsonObject *object = json_node_get_object (root);

      /* An error body is not a ticket, a page or a user. */
      g_assert_null (ticket);
      assert_invalid (error, "id");
      g_clear_error (&error);
      g_assert_null (rapport_rt_page_get_items (root, &error));
      assert_invalid (error, "items");
      g_clear_error (&error);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "message"),
                                       messages[i]));
    }
}

/* ------------------------------------------------------------------------------------ */
/* Hostile text and dates                                                                */

/* A right-to-left override, line breaks and isolates in what is shown as a label are dropped
 * at the boundary; RT's "never" (1970), a date before 1990 and a far-future one become unset
 * (0), so that no ticket pins itself to the top of a view or says 1970. */
static void
test_hostile_labels_and_dates (void)
{
  static const char ticket_text[] =
    "{\"id\":7,\"Subject\":\"Invoice \u202Egnp.exe\u202C\\nsee\u2066 below\","
    "\"Status\":\"resolved\",\"Created\":\"1970-01-01 00:00:00\","
    "\"LastUpdated\":\"2999-01-01T00:00:00Z\",\"Resolved\":\"1989-12-31T23:59:59Z\","
    "\"Owner\":{\"id\":\"eve\",\"type\":\"user\",\"RealName\":\"Admin\u202Egnp.exe\","
    "\"Name\":\"eve\"},"
    "\"Queue\":{\"id\":\"3\",\"type\":\"queue\",\"Name\":\"\u202BSupport\u202C\"}}";
  static const char history_text[] =
    "{\"page\":1,\"count\":2,\"per_page\":100,\"items\":["
    "{\"id\":90,\"Type\":\"Correspond\",\"ObjectType\":\"RT::Ticket\",\"ObjectId\":\"7\","
    "\"Created\":\"2999-01-01T00:00:00Z\","
    "\"Creator\":{\"id\":\"eve\",\"type\":\"user\",\"RealName\":\"\u200F\u202EEve\u202C\","
    "\"Name\":\"eve\"}},"
    "{\"id\":91,\"Type\":\"Correspond\",\"ObjectType\":\"RT::Ticket\",\"ObjectId\":\"7\","
    "\"Created\":\"1970-01-01T00:00:01Z\","
    "\"Creator\":{\"id\":\"mallory\",\"type\":\"user\",\"RealName\":\"\u202E\u202C\","
    "\"Name\":\"mal\u2067lory\"}}]}";
  static const char user_text[] =
    "{\"id\":40,\"Name\":\"eve@x.example\",\"RealName\":\"\u202E\u2068\","
    "\"EmailAddress\":\"eve@x.example\",\"Organization\":\"Acme\u202E Corp\\r\\n\"}";
  static const char attachment_text[] =
    "{\"id\":32,\"TransactionId\":{\"type\":\"transaction\",\"id\":\"90\"},"
    "\"ContentType\":\"application/octet-stream\",\"Filename\":\"Admin\u202Egnp.exe\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) ticket = ticket_from (ticket_text, &error);
  g_autoptr(JsonNode) history = json (history_text);
  g_autoptr(JsonNode) user = json (user_text);
  g_autoptr(JsonNode) attachment_node = json (attachment_text);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportRtAttachment) attachment = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_ticket_get_subject (ticket), ==, "Invoice gnp.exe see below");
  g_assert_cmpstr (rapport_ticket_get_assignee_name (ticket), ==, "Admingnp.exe");
  g_assert_cmpstr (rapport_ticket_get_queue (ticket), ==, "Support");
  g_assert_cmpint (rapport_ticket_get_created_at (ticket), ==, 0);
  g_assert_cmpint (rapport_ticket_get_updated_at (ticket), ==, 0);
  g_assert_cmpint (rapport_ticket_get_solved_at (ticket), ==, 0);

  messages = rapport_rt_parse_messages (history, NULL, "7", RAPPORT_CHANNEL_EMAIL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (rapport_message_get_author_name (message_at (messages, 0)), ==, "Eve");
  g_assert_cmpint (rapport_message_get_created_at (message_at (messages, 0)), ==, 0);
  /* Nothing left of the real name: the user name, cleaned too. */
  g_assert_cmpstr (rapport_message_get_author_name (message_at (messages, 1)), ==, "mallory");
  g_assert_cmpint (rapport_message_get_created_at (message_at (messages, 1)), ==, 0);

  customer = rapport_rt_parse_customer (user, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_customer_get_display_name (customer), ==, "eve@x.example");
  g_assert_cmpstr (rapport_customer_get_organization (customer), ==, "Acme Corp");

  attachment = rapport_rt_parse_attachment (attachment_node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (attachment->filename, ==, "Admingnp.exe");
}

/* Believable dates pass as they are, up to a day after now. */
static void
test_dates_kept (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) soon = g_date_time_new_from_unix_utc (now + 60 * 60);
  g_autoptr(GDateTime) late = g_date_time_new_from_unix_utc (now + 2 * RAPPORT_TIME_MAX_AHEAD);
  g_autofree char *soon_text = g_date_time_format_iso8601 (soon);
  g_autofree char *late_text = g_date_time_format_iso8601 (late);
  g_autofree char *text = g_strdup_printf ("{\"id\":8,\"Subject\":\"s\",\"Status\":\"open\","
                                           "\"Created\":\"1990-01-01T00:00:00Z\","
                                           "\"LastUpdated\":\"%s\"}", soon_text);
  g_autofree char *late_ticket = g_strdup_printf ("{\"id\":9,\"Subject\":\"s\",\"Status\":\"open\","
                                                  "\"Created\":\"%s\",\"LastUpdated\":\"%s\"}",
                                                  soon_text, late_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTicket) ticket = ticket_from (text, &error);
  g_autoptr(RapportTicket) late_one = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (rapport_ticket_get_created_at (ticket), ==, RAPPORT_TIME_EARLIEST);
  g_assert_cmpint (rapport_ticket_get_updated_at (ticket), ==, now + 60 * 60);

  late_one = ticket_from (late_ticket, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_ticket_get_created_at (late_one), ==, now + 60 * 60);
  g_assert_cmpint (rapport_ticket_get_updated_at (late_one), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/rt-parser/ticket-record", test_ticket_record);
  g_test_add_func ("/rapport/rt-parser/ticket-stalled", test_ticket_stalled);
  g_test_add_func ("/rapport/rt-parser/ticket-merged", test_ticket_merged);
  g_test_add_func ("/rapport/rt-parser/search-pages", test_search_pages);
  g_test_add_func ("/rapport/rt-parser/search-edges", test_search_edges);
  g_test_add_func ("/rapport/rt-parser/ticket-mapping", test_ticket_mapping);
  g_test_add_func ("/rapport/rt-parser/history-messages", test_history_messages);
  g_test_add_func ("/rapport/rt-parser/history-expanded", test_history_expanded);
  g_test_add_func ("/rapport/rt-parser/history-bare", test_history_bare);
  g_test_add_func ("/rapport/rt-parser/attachments", test_attachments);
  g_test_add_func ("/rapport/rt-parser/attachment-record", test_attachment_record);
  g_test_add_func ("/rapport/rt-parser/transaction-record", test_transaction_record);
  g_test_add_func ("/rapport/rt-parser/body-text", test_body_text);
  g_test_add_func ("/rapport/rt-parser/transactions-pages", test_transactions_pages);
  g_test_add_func ("/rapport/rt-parser/users", test_users);
  g_test_add_func ("/rapport/rt-parser/user-variants", test_user_variants);
  g_test_add_func ("/rapport/rt-parser/small-records", test_small_records);
  g_test_add_func ("/rapport/rt-parser/hostile-labels-and-dates", test_hostile_labels_and_dates);
  g_test_add_func ("/rapport/rt-parser/dates-kept", test_dates_kept);
  g_test_add_func ("/rapport/rt-parser/error-bodies", test_error_bodies);

  return g_test_run ();
}

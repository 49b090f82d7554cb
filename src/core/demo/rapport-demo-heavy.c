/* rapport-demo-heavy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo-private.h"

/* The heavy shapes of the benchmark's dataset
 * ===========================================
 *
 * Only when asked (rapport_demo_set_heavy_shapes(); the demo workspace never has them): a few
 * generated customers get, on top of their own tickets, one of the shapes a real helpdesk
 * grows that the ordinary dataset lacks — a customer with thousands of interactions, a ticket
 * with thousands of messages, a message with a huge body. They are spread over the dataset
 * (customer i of RAPPORT_DEMO_N_HEAVY_SHAPES + 1 equal parts), made from the seed only, and
 * each is found by a word of its ticket's subject that no other ticket has. Their tickets are
 * assigned to a colleague and last updated two months before the anchor: never in "My open",
 * at the end of "All open", so walking a view from its top meets them only on purpose.
 *
 * The text is plain and cheap to make: the shapes are about size, not wording. */

#define HEAVY_TICKET_BASE 101  /* ticket numbers after the customer's own (at most 32) */
#define HISTORY_TICKETS   500
#define HISTORY_MESSAGES  10   /* per ticket: 500 × 10 = 5 000 interactions */

static const RapportDemoHeavyShape shapes[RAPPORT_DEMO_N_HEAVY_SHAPES] = {
  { RAPPORT_DEMO_HEAVY_HISTORY, "longhistoryalpha", HISTORY_TICKETS * HISTORY_MESSAGES },
  { RAPPORT_DEMO_HEAVY_HISTORY, "longhistorybeta", HISTORY_TICKETS * HISTORY_MESSAGES },
  { RAPPORT_DEMO_HEAVY_THREAD, "longthreadalpha", 5000 },
  { RAPPORT_DEMO_HEAVY_THREAD, "longthreadbeta", 5000 },
  { RAPPORT_DEMO_HEAVY_BODY, "hugebodyten", 10 * 1024 * 1024 },
  { RAPPORT_DEMO_HEAVY_BODY, "hugebodyone", 1024 * 1024 },
};

static const char * const sentences[] = {
  "I checked the order page again this morning and the status has not moved.",
  "Thanks for the quick answer, that part works now.",
  "Could you tell me when the replacement is expected to ship?",
  "We tried the steps from your last message on two computers.",
  "The invoice still shows the old address in the header.",
  "I am attaching the numbers from our side so you can compare.",
  "Our team meets on Thursday and would like an update before then.",
  "Everything else on the account looks fine to me.",
};

/**
 * rapport_demo_get_heavy_shape:
 * @shape: an index below %RAPPORT_DEMO_N_HEAVY_SHAPES
 *
 * Returns: what heavy shape @shape is, and the word that finds it
 */
const RapportDemoHeavyShape *
rapport_demo_get_heavy_shape (guint shape)
{
  g_return_val_if_fail (shape < RAPPORT_DEMO_N_HEAVY_SHAPES, NULL);

  return &shapes[shape];
}

/* The heavy shape customer @index carries, or -1. A dataset too small to spread them over
 * has none. */
int
_rapport_demo_heavy_shape_at (RapportDemo *demo,
                              guint        index)
{
  guint span;

  if (!demo->heavy || demo->n_customers < 2 + 2 * (RAPPORT_DEMO_N_HEAVY_SHAPES + 1))
    return -1;

  span = demo->n_customers - 2;
  for (guint i = 0; i < RAPPORT_DEMO_N_HEAVY_SHAPES; i++)
    if (index == 2 + (guint) ((guint64) span * (i + 1) / (RAPPORT_DEMO_N_HEAVY_SHAPES + 1)))
      return (int) i;
  return -1;
}

void
_rapport_demo_heavy_count (RapportDemo       *demo,
                           guint              index,
                           RapportDemoTotals *totals)
{
  int shape = _rapport_demo_heavy_shape_at (demo, index);

  if (shape < 0)
    return;

  switch (shapes[shape].kind)
    {
    case RAPPORT_DEMO_HEAVY_HISTORY:
      totals->tickets += HISTORY_TICKETS;
      totals->open_tickets += 1;
      totals->messages += HISTORY_TICKETS * HISTORY_MESSAGES;
      break;
    case RAPPORT_DEMO_HEAVY_THREAD:
      totals->tickets += 1;
      totals->open_tickets += 1;
      totals->messages += shapes[shape].size;
      break;
    case RAPPORT_DEMO_HEAVY_BODY:
    default:
      totals->tickets += 1;
      totals->open_tickets += 1;
      totals->messages += 2;
      break;
    }
}

static RapportTicket *
add_ticket (RapportSyncPage *page,
            const char      *ticket_id,
            const char      *subject,
            const char      *requester,
            gboolean         open,
            gint64           created_at,
            gint64           updated_at)
{
  RapportTicket *ticket = rapport_ticket_new ();

  rapport_ticket_set_remote_id (ticket, ticket_id);
  rapport_ticket_set_subject (ticket, subject);
  rapport_ticket_set_status (ticket, open ? RAPPORT_TICKET_STATUS_OPEN
                                          : RAPPORT_TICKET_STATUS_SOLVED);
  rapport_ticket_set_priority (ticket, RAPPORT_TICKET_PRIORITY_NORMAL);
  rapport_ticket_set_channel (ticket, RAPPORT_CHANNEL_EMAIL);
  rapport_ticket_set_requester_remote_id (ticket, requester);
  rapport_ticket_set_assignee_remote_id (ticket, _rapport_demo_agents[AGENT_LEE].remote_id);
  rapport_ticket_set_assignee_name (ticket, _rapport_demo_agents[AGENT_LEE].name);
  rapport_ticket_set_queue (ticket, "Support");
  rapport_ticket_set_created_at (ticket, created_at);
  rapport_ticket_set_updated_at (ticket, updated_at);
  if (!open)
    rapport_ticket_set_solved_at (ticket, updated_at);
  g_ptr_array_add (page->tickets, ticket);
  return ticket;
}

static void
add_message (RapportSyncPage *page,
             const char      *ticket_id,
             guint            number,
             gboolean         inbound,
             const char      *customer_name,
             const char      *requester,
             const char      *body,
             gint64           created_at)
{
  RapportMessage *message = rapport_message_new ();
  char message_id[48];

  g_snprintf (message_id, sizeof message_id, "%s/%u", ticket_id, number);
  rapport_message_set_remote_id (message, message_id);
  rapport_message_set_ticket_remote_id (message, ticket_id);
  rapport_message_set_channel (message, RAPPORT_CHANNEL_EMAIL);
  rapport_message_set_direction (message, inbound ? RAPPORT_DIRECTION_INBOUND
                                                  : RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, inbound ? RAPPORT_AUTHOR_CUSTOMER
                                                    : RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, inbound ? customer_name
                                                     : _rapport_demo_agents[AGENT_LEE].name);
  rapport_message_set_author_remote_id (message, inbound ? requester
                                                         : _rapport_demo_agents[AGENT_LEE].remote_id);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);
  g_ptr_array_add (page->messages, message);
}

/* A short body: two of the sentences, and the message's number so no two are equal. */
static const char *
short_body (GString *body,
            Rng     *rng,
            guint    number)
{
  g_string_printf (body, "%s %s (%u)", sentences[rng_below (rng, G_N_ELEMENTS (sentences))],
                   sentences[rng_below (rng, G_N_ELEMENTS (sentences))], number);
  return body->str;
}

/* Customer @index's heavy shape, if it has one, added to @page after the customer's own
 * records and tickets: its tickets are the customer's, through @requester (the remote id of
 * the customer's first record). */
void
_rapport_demo_emit_heavy (RapportDemo     *demo,
                          guint            index,
                          const char      *requester,
                          const char      *customer_name,
                          RapportSyncPage *page)
{
  int shape = _rapport_demo_heavy_shape_at (demo, index);
  const RapportDemoHeavyShape *heavy;
  Rng rng;
  g_autofree char *subject = NULL;
  char ticket_id[40];
  gint64 newest = demo->anchor - 60 * DAY - 10 * MINUTE * (shape + 1);

  if (shape < 0)
    return;

  heavy = &shapes[shape];
  rng.state = ((guint64) demo->seed << 32) ^ (G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) * (index + 1));

  switch (heavy->kind)
    {
    case RAPPORT_DEMO_HEAVY_HISTORY:
      /* Tickets a day apart back from the newest, the newest open; ten messages each. */
      for (guint t = 0; t < HISTORY_TICKETS; t++)
        {
          gboolean open = t == HISTORY_TICKETS - 1;
          gint64 created = newest - (gint64) (HISTORY_TICKETS - 1 - t) * DAY - 4 * HOUR;

          g_snprintf (ticket_id, sizeof ticket_id, "%u-%u", index, HEAVY_TICKET_BASE + t);
          g_free (subject);
          subject = open ? g_strdup_printf ("Account review, all orders so far (%s)", heavy->word)
                         : g_strdup_printf ("Order question number %u", t + 1);
          add_ticket (page, ticket_id, subject, requester, open, created,
                      created + (HISTORY_MESSAGES - 1) * 20 * MINUTE);
          for (guint m = 0; m < HISTORY_MESSAGES; m++)
            add_message (page, ticket_id, m + 1, m % 2 == 0, customer_name, requester,
                         short_body (demo->body, &rng, t * HISTORY_MESSAGES + m + 1),
                         created + m * 20 * MINUTE);
        }
      break;

    case RAPPORT_DEMO_HEAVY_THREAD:
      {
        gint64 created = newest - (gint64) heavy->size * 5 * MINUTE;

        g_snprintf (ticket_id, sizeof ticket_id, "%u-%u", index, HEAVY_TICKET_BASE);
        subject = g_strdup_printf ("Ongoing rollout thread (%s)", heavy->word);
        add_ticket (page, ticket_id, subject, requester, TRUE, created, newest);
        for (guint m = 0; m < heavy->size; m++)
          add_message (page, ticket_id, m + 1, m % 2 == 0, customer_name, requester,
                       short_body (demo->body, &rng, m + 1),
                       created + (gint64) (m + 1) * 5 * MINUTE);
      }
      break;

    case RAPPORT_DEMO_HEAVY_BODY:
    default:
      {
        gint64 created = newest - 2 * HOUR;

        g_snprintf (ticket_id, sizeof ticket_id, "%u-%u", index, HEAVY_TICKET_BASE);
        subject = g_strdup_printf ("Full export of our logs (%s)", heavy->word);
        add_ticket (page, ticket_id, subject, requester, TRUE, created, newest);

        /* A pasted log: numbered lines up to the size. */
        g_string_truncate (demo->body, 0);
        for (guint line = 1; demo->body->len < heavy->size; line++)
          g_string_append_printf (demo->body, "%06u %s\n", line,
                                  sentences[rng_below (&rng, G_N_ELEMENTS (sentences))]);
        g_string_truncate (demo->body, heavy->size);
        add_message (page, ticket_id, 1, TRUE, customer_name, requester, demo->body->str,
                     created);
        add_message (page, ticket_id, 2, FALSE, customer_name, requester,
                     "Thanks, we received the export and are going through it.", newest);
      }
      break;
    }
}

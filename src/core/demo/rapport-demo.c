/* rapport-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo.h"

#include "rapport-demo-private.h"
#include "rapport-identity.h"

#include <string.h>

/* How the dataset is made
 * =======================
 *
 * Customer i is a pure function of (seed, i, n_customers): every random decision about it
 * comes from a small PRNG (splitmix64) seeded from a hash of (seed, i, stream), never from
 * g_random or rand, so seeking to any customer is O(1) and two machines agree bit for bit.
 *
 * Each customer is made in two steps:
 *  - the *plan* (stream PLAN_STREAM): locale, names, how many tickets, and for every ticket
 *    its channel, status, assignee, scenario, message kinds and times. Counting the dataset
 *    (rapport_demo_count) runs only this step.
 *  - the *text* (one stream per ticket): subject, order numbers, amounts and message bodies,
 *    expanded from the scenario templates of rapport-demo-tables.c by rapport-demo-text.c.
 *
 * Sizes. Tickets per customer are drawn from a two-part distribution whose mean depends on
 * the dataset size, so that the demo workspace feels lived-in and the benchmark dataset has
 * the shape of a real helpdesk (many one-off requesters, a few long histories):
 *  - up to 1000 customers: 88 % have 1–8 tickets, 12 % have 8–20 → mean ≈ 5.6
 *    (50 customers with the two story customers ≈ 300 tickets);
 *  - above: 90 % have 1–3 tickets, 10 % have 3–11 → mean 2.5
 *    (100 000 customers ≈ 250 000 tickets).
 * A ticket is open with probability 1/5. Messages per ticket: new tickets 1, unanswered
 * ones 1–2, other open ones 2–6, solved ones 2–6 (one in ten gets 2–5 more) → about 4.1
 * on average, so 100 000 customers ≈ 1 000 000 messages.
 *
 * About one customer in twelve switched channels: the backend knows them as two records
 * (the second one a chat account sharing the email address in other letter case, or a phone
 * caller record with the number formatted differently), which the store links into one
 * customer. Which customer of each block of twelve it is, is a hash of the block, so the
 * number of records in any range is known in O(1).
 *
 * All times are offsets back from the anchor. Generated activity ends at least three hours
 * before the anchor, so the story customer's newest ticket (two hours old) heads "My open". */

#define BLOCK         12u   /* one customer in each block of BLOCK has two records */

enum
{
  STREAM_PLAN = 1,
  STREAM_RECORDS = 2,
  STREAM_TEXT = 1000,
  STREAM_SUGGEST = 2000,
};

/* ------------------------------------------------------------------------------------ */
/* Random streams (the PRNG itself is in rapport-demo-private.h)                         */

static guint64
hash3 (guint64 a,
       guint64 b,
       guint64 c)
{
  Rng rng = { a * G_GUINT64_CONSTANT (0xD6E8FEB86659FD93) ^ b };

  rng.state = rng_next (&rng) ^ (c * G_GUINT64_CONSTANT (0xA0761D6478BD642F));
  return rng_next (&rng);
}

static inline Rng
rng_for (guint32 seed,
         guint   index,
         guint   stream)
{
  Rng rng = { hash3 (seed, index, stream) };

  return rng;
}

/* ------------------------------------------------------------------------------------ */
/* Plans                                                                                 */

static guint
pick_weighted_locale (const Tables *tables,
                      Rng          *rng)
{
  guint r = rng_below (rng, tables->total_weight);

  for (guint i = 0; i < N_LOCALE_DEFS; i++)
    {
      if (r < _rapport_demo_locale_defs[i].weight)
        return i;
      r -= _rapport_demo_locale_defs[i].weight;
    }
  g_assert_not_reached ();
  return 0;
}

static RapportChannel
pick_channel (Rng *rng)
{
  guint r = rng_below (rng, 100);

  if (r < 40)
    return RAPPORT_CHANNEL_EMAIL;
  if (r < 62)
    return RAPPORT_CHANNEL_CHAT;
  if (r < 78)
    return RAPPORT_CHANNEL_PHONE;
  if (r < 86)
    return RAPPORT_CHANNEL_SOCIAL;
  return RAPPORT_CHANNEL_WEB;
}

static guint8
pick_agent (Rng *rng)
{
  guint r = rng_below (rng, 100);

  if (r < 30)
    return AGENT_SAM;
  if (r < 55)
    return AGENT_LEE;
  if (r < 80)
    return AGENT_PRIYA;
  return AGENT_TOMAS;
}

/* Whether customer @index is one of the people the backend knows as two records. */
static guint
block_choice (guint32 seed,
              guint   block)
{
  return (guint) (hash3 (seed, block, STREAM_RECORDS) % BLOCK);
}

static gboolean
has_two_records (guint32 seed,
                 guint   index)
{
  if (index == 0)
    return TRUE;
  if (index == 1)
    return FALSE;
  return index % BLOCK == block_choice (seed, index / BLOCK);
}

/* Number of customer records at indices [0, p). */
static guint64
records_before (guint32 seed,
                guint   p)
{
  guint64 extra;
  guint c0, full;

  if (p == 0)
    return 0;

  extra = 1; /* the first story customer */
  c0 = block_choice (seed, 0);
  if (c0 >= 2 && c0 < p)
    extra++;
  full = p / BLOCK;
  if (full >= 2)
    extra += full - 1;
  if (full >= 1 && block_choice (seed, full) < p % BLOCK)
    extra++;

  return (guint64) p + extra;
}

static guint32
gap_seconds (Rng            *rng,
             MessageKind     prev,
             MessageKind     next,
             RapportChannel  channel)
{
  gboolean chat = channel == RAPPORT_CHANNEL_CHAT;

  if (prev == KIND_IN && next == KIND_OUT)
    {
      switch (channel)
        {
        case RAPPORT_CHANNEL_CHAT: return (guint32) rng_range (rng, 40, 6 * MINUTE);
        case RAPPORT_CHANNEL_PHONE: return (guint32) rng_range (rng, 15 * MINUTE, 3 * HOUR);
        case RAPPORT_CHANNEL_SOCIAL: return (guint32) rng_range (rng, 10 * MINUTE, 4 * HOUR);
        case RAPPORT_CHANNEL_EMAIL:
        case RAPPORT_CHANNEL_WEB:
        default: return (guint32) rng_range (rng, 20 * MINUTE, 20 * HOUR);
        }
    }
  if (prev == KIND_OUT && next == KIND_IN)
    {
      switch (channel)
        {
        case RAPPORT_CHANNEL_CHAT: return (guint32) rng_range (rng, 30, 5 * MINUTE);
        case RAPPORT_CHANNEL_PHONE: return (guint32) rng_range (rng, HOUR, 2 * DAY);
        case RAPPORT_CHANNEL_SOCIAL: return (guint32) rng_range (rng, 15 * MINUTE, DAY);
        case RAPPORT_CHANNEL_EMAIL:
        case RAPPORT_CHANNEL_WEB:
        default: return (guint32) rng_range (rng, 30 * MINUTE, 3 * DAY);
        }
    }
  if (next == KIND_NOTE)
    return (guint32) (chat ? rng_range (rng, MINUTE, 4 * MINUTE)
                           : rng_range (rng, 5 * MINUTE, HOUR));
  if (prev == KIND_NOTE)
    return (guint32) (chat ? rng_range (rng, 30, 3 * MINUTE)
                           : rng_range (rng, 2 * MINUTE, 40 * MINUTE));
  if (prev == KIND_IN && next == KIND_IN)
    return (guint32) (chat ? rng_range (rng, 2 * MINUTE, 10 * MINUTE)
                           : rng_range (rng, HOUR, 3 * DAY));
  /* OUT → OUT: a check-in after no answer */
  return (guint32) (chat ? rng_range (rng, 5 * MINUTE, 20 * MINUTE)
                         : rng_range (rng, DAY, 3 * DAY));
}

/* Status, assignee, message kinds and offsets of one ticket. @channel and @open are set. */
static void
plan_ticket_shape (Rng        *rng,
                   PlanTicket *t)
{
  guint n;
  gboolean unassigned = FALSE;

  t->agent = pick_agent (rng);

  if (t->open)
    {
      guint r = rng_below (rng, 100);

      if (r < 12)
        {
          t->status = RAPPORT_TICKET_STATUS_NEW;
          unassigned = TRUE;
          n = 1;
        }
      else if (r < 24)
        {
          t->status = RAPPORT_TICKET_STATUS_OPEN;
          unassigned = TRUE;
          n = 1 + rng_below (rng, 2);
        }
      else if (r < 64)
        {
          t->status = RAPPORT_TICKET_STATUS_OPEN;
          n = 2 + rng_below (rng, 4);
        }
      else if (r < 88)
        {
          t->status = RAPPORT_TICKET_STATUS_PENDING;
          n = 2 + rng_below (rng, 4);
        }
      else
        {
          t->status = RAPPORT_TICKET_STATUS_ON_HOLD;
          n = 3 + rng_below (rng, 3);
        }
    }
  else
    {
      t->status = RAPPORT_TICKET_STATUS_SOLVED;
      n = 2 + rng_below (rng, 5);
      if (rng_below (rng, 10) == 0)
        n += 2 + rng_below (rng, 4);
    }

  n = MIN (n, MAX_MESSAGES);
  t->n_messages = (guint8) n;
  if (unassigned)
    t->agent = NO_AGENT;

  t->kind[0] = KIND_IN;
  for (guint k = 1; k < n; k++)
    {
      MessageKind prev = t->kind[k - 1];
      MessageKind next;

      if (unassigned)
        next = KIND_IN;
      else if (prev == KIND_IN)
        next = (n - k >= 2 && rng_percent (rng, 22)) ? KIND_NOTE : KIND_OUT;
      else if (prev == KIND_NOTE)
        next = KIND_OUT;
      else
        next = (n - k >= 2 && rng_percent (rng, 12)) ? KIND_NOTE : KIND_IN;

      t->kind[k] = next;
    }

  if (n >= 2 && !unassigned)
    {
      if (t->status == RAPPORT_TICKET_STATUS_PENDING)
        t->kind[n - 1] = KIND_OUT;           /* waiting for the customer */
      else if (t->status == RAPPORT_TICKET_STATUS_ON_HOLD)
        t->kind[n - 1] = KIND_NOTE;          /* the hold reason */
      else if (t->status == RAPPORT_TICKET_STATUS_OPEN && t->kind[n - 1] != KIND_IN)
        t->kind[n - 1] = KIND_IN;            /* waiting for us */
      if (t->kind[n - 1] == KIND_NOTE && t->kind[n - 2] == KIND_NOTE)
        t->kind[n - 2] = KIND_OUT;
    }

  t->offset[0] = 0;
  for (guint k = 1; k < n; k++)
    t->offset[k] = t->offset[k - 1] + gap_seconds (rng, t->kind[k - 1], t->kind[k], t->channel);

  t->priority = _rapport_demo_scenarios[t->scenario].priority;
  if (rng_percent (rng, 10) && t->priority < RAPPORT_TICKET_PRIORITY_URGENT)
    t->priority++;
}

static void
sort_tickets (Plan *plan)
{
  for (guint i = 1; i < plan->n_tickets; i++)
    {
      PlanTicket tmp = plan->tickets[i];
      guint j = i;

      while (j > 0 && plan->tickets[j - 1].created_at > tmp.created_at)
        {
          plan->tickets[j] = plan->tickets[j - 1];
          j--;
        }
      plan->tickets[j] = tmp;
    }
}

static void
plan_generated (RapportDemo *demo,
                guint        index,
                Plan        *plan)
{
  Rng rng = rng_for (demo->seed, index, STREAM_PLAN);
  const Locale *loc;
  RapportChannel preferred;
  gint64 span;
  guint n;

  memset (plan, 0, sizeof *plan);
  plan->index = index;
  plan->locale = pick_weighted_locale (demo->tables, &rng);
  loc = &demo->tables->locales[plan->locale];
  plan->female = rng_below (&rng, 2);
  plan->given = rng_below (&rng, plan->female ? loc->n_female : loc->n_male);
  plan->family = rng_below (&rng, loc->n_family);
  plan->city = rng_below (&rng, loc->n_cities);
  plan->company = rng_percent (&rng, 55) ? 1 + rng_below (&rng, loc->n_companies) : 0;
  plan->email_format = rng_below (&rng, 3);
  plan->freemail = rng_below (&rng, N_FREEMAIL_DOMAINS);
  plan->phone_format = rng_below (&rng, 2);
  preferred = pick_channel (&rng);

  if (demo->small)
    n = rng_percent (&rng, 88) ? 1 + rng_below (&rng, 8) : 8 + rng_below (&rng, 13);
  else
    n = rng_percent (&rng, 90) ? 1 + rng_below (&rng, 3) : 3 + rng_below (&rng, 9);
  plan->n_tickets = n;
  span = (n >= 8 ? 400 + rng_below (&rng, 700) : 30 + rng_below (&rng, 900)) * DAY;

  for (guint i = 0; i < n; i++)
    {
      PlanTicket *t = &plan->tickets[i];

      t->open = rng_percent (&rng, 20);
      t->channel = rng_percent (&rng, 55) ? preferred : pick_channel (&rng);
      t->scenario = (guint8) rng_below (&rng, N_SCENARIOS);
    }

  if (has_two_records (demo->seed, index))
    {
      gboolean any_phone = FALSE;

      for (guint i = 0; i < n; i++)
        any_phone |= plan->tickets[i].channel == RAPPORT_CHANNEL_PHONE;

      plan->link = (any_phone && rng_percent (&rng, 50)) ? LINK_PHONE : LINK_EMAIL;
      if (plan->link == LINK_PHONE)
        plan->has_phone = TRUE;
      else
        {
          gboolean any_chat = FALSE;

          for (guint i = 0; i < n; i++)
            any_chat |= plan->tickets[i].channel == RAPPORT_CHANNEL_CHAT ||
                        plan->tickets[i].channel == RAPPORT_CHANNEL_SOCIAL;
          if (!any_chat)
            plan->tickets[rng_below (&rng, n)].channel = RAPPORT_CHANNEL_CHAT;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      PlanTicket *t = &plan->tickets[i];
      gint64 duration, solve_gap;

      plan_ticket_shape (&rng, t);
      duration = t->offset[t->n_messages - 1];

      if (t->open)
        {
          gint64 window = t->status == RAPPORT_TICKET_STATUS_NEW ? 2 * DAY : 21 * DAY;

          t->created_at = demo->anchor - 3 * HOUR - duration - rng_range (&rng, 0, window);
          t->solved_at = 0;
        }
      else
        {
          solve_gap = rng_range (&rng, 5 * MINUTE, 2 * HOUR);
          t->created_at = demo->anchor - 4 * HOUR - duration - solve_gap -
                          rng_range (&rng, 0, span);
          t->solved_at = t->created_at + duration + solve_gap;
        }

      switch (t->channel)
        {
        case RAPPORT_CHANNEL_PHONE: plan->has_phone = TRUE; break;
        case RAPPORT_CHANNEL_CHAT: plan->has_chat = TRUE; break;
        case RAPPORT_CHANNEL_SOCIAL: plan->has_social = TRUE; break;
        case RAPPORT_CHANNEL_EMAIL:
        case RAPPORT_CHANNEL_WEB:
        default: break;
        }

      if (plan->link == LINK_EMAIL)
        t->record = t->channel == RAPPORT_CHANNEL_CHAT || t->channel == RAPPORT_CHANNEL_SOCIAL;
      else if (plan->link == LINK_PHONE)
        t->record = t->channel == RAPPORT_CHANNEL_PHONE;
    }

  if (!plan->has_phone && rng_percent (&rng, 35))
    plan->has_phone = TRUE;

  sort_tickets (plan);
}

/* Liam López: 24 tickets over two years, mostly phone and email, all solved except the
 * newest (chat, open, unassigned). */
static void
plan_liam (RapportDemo *demo,
           Plan        *plan)
{
  Rng rng = rng_for (demo->seed, 1, STREAM_PLAN);

  memset (plan, 0, sizeof *plan);
  plan->index = 1;
  plan->n_tickets = 24;
  plan->has_phone = TRUE;
  plan->has_chat = TRUE;

  for (guint k = 0; k < 24; k++)
    {
      PlanTicket *t = &plan->tickets[k];
      gint64 duration;

      t->scenario = _rapport_demo_liam_scenarios[rng_below (&rng, N_LIAM_SCENARIOS)];
      if (k == 23)
        {
          t->channel = RAPPORT_CHANNEL_CHAT;
          t->open = TRUE;
          t->status = RAPPORT_TICKET_STATUS_OPEN;
          t->agent = NO_AGENT;
          t->n_messages = 2;
          t->kind[0] = KIND_IN;
          t->kind[1] = KIND_IN;
          t->offset[0] = 0;
          t->offset[1] = gap_seconds (&rng, KIND_IN, KIND_IN, t->channel);
          t->priority = _rapport_demo_scenarios[t->scenario].priority;
          t->created_at = demo->anchor - DAY - rng_range (&rng, 0, 20 * HOUR);
          continue;
        }

      if (k == 9 || k == 17)
        t->channel = RAPPORT_CHANNEL_WEB;
      else
        t->channel = (k % 2 == 0) ? RAPPORT_CHANNEL_PHONE : RAPPORT_CHANNEL_EMAIL;
      t->open = FALSE;
      plan_ticket_shape (&rng, t);
      duration = t->offset[t->n_messages - 1];
      t->created_at = demo->anchor - (gint64) (725 - k * 30) * DAY +
                      rng_range (&rng, 8 * HOUR, 17 * HOUR) - rng_range (&rng, 0, 5) * DAY;
      t->solved_at = t->created_at + duration + rng_range (&rng, 5 * MINUTE, 2 * HOUR);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Records, tickets and messages                                                         */

/* Writes @prefix followed by @value in decimal into @buf. */
static void
format_id (char       *buf,
           gsize       size,
           const char *prefix,
           char        separator,
           guint       value)
{
  char digits[16];
  gsize n = 0, len;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);

  len = g_strlcpy (buf, prefix, size);
  g_assert (len + 1 + n < size);
  if (separator != '\0')
    buf[len++] = separator;
  while (n > 0)
    buf[len++] = digits[--n];
  buf[len] = '\0';
}

/* Email address in other letter case, as a chat system that kept what the person typed. */
static void
recase_email (const char *email,
              char       *out,
              gsize       size)
{
  gboolean up = TRUE;
  gsize i;

  for (i = 0; email[i] != '\0' && i + 1 < size; i++)
    {
      char c = email[i];

      out[i] = up ? g_ascii_toupper (c) : c;
      up = (c == '.' || c == '@' || c == '-');
    }
  out[i] = '\0';
}

static RapportCustomer *
new_customer (const char *remote_id,
              const char *display_name,
              const char *organization)
{
  RapportCustomer *customer = rapport_customer_new ();

  rapport_customer_set_remote_id (customer, remote_id);
  rapport_customer_set_display_name (customer, display_name);
  if (organization != NULL && organization[0] != '\0')
    rapport_customer_set_organization (customer, organization);
  return customer;
}

static void
add_identity (RapportCustomer *customer,
              RapportChannel   channel,
              const char      *address)
{
  g_autoptr(RapportIdentity) identity = rapport_identity_new (channel, address);

  rapport_customer_add_identity (customer, identity);
}

static RapportMessage *
new_message (const char        *remote_id,
             const char        *ticket_remote_id,
             RapportChannel     channel,
             RapportDirection   direction,
             RapportVisibility  visibility,
             RapportAuthorKind  author_kind,
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
  rapport_message_set_author_kind (message, author_kind);
  rapport_message_set_author_name (message, author_name);
  rapport_message_set_author_remote_id (message, author_remote_id);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);
  return message;
}

/* ------------------------------------------------------------------------------------ */
/* Tickets answered with the suggestion content                                          */

/* The demo workspace's customers use the history wordings; the test wordings are kept for
 * tools/suggest-eval. */
#define WORDING RAPPORT_DEMO_SUGGEST_WORDING_HISTORY

/* Whether solved ticket @i of customer @index was answered with a canned response or an
 * article, and which: two in five written tickets of the generated customers. Drawn from a
 * stream of its own, so the plans and every other text stay as they were. */
static const SuggestTopic *
pick_suggest_topic (RapportDemo      *demo,
                    guint             index,
                    guint             i,
                    const PlanTicket *t)
{
  Rng rng;

  if (index < 2 || t->open || t->channel == RAPPORT_CHANNEL_PHONE)
    return NULL;

  rng = rng_for (demo->seed, index, STREAM_SUGGEST + i);
  if (!rng_percent (&rng, 40))
    return NULL;
  return _rapport_demo_suggest_pick_topic (&rng, t->channel);
}

static void
emit_planned_customer (RapportDemo     *demo,
                       const Plan      *plan,
                       RapportSyncPage *page)
{
  Person person;
  char record_ids[2][128];
  RapportCustomer *records[2] = { NULL, NULL };
  guint n_records = 1;

  if (plan->index == 1)
    _rapport_demo_build_liam (demo, &person);
  else
    _rapport_demo_build_person (demo, plan, &person);

  /* Records and identities */
  g_strlcpy (record_ids[0], person.email, sizeof record_ids[0]);
  records[0] = new_customer (record_ids[0], person.display, person.company);
  add_identity (records[0], RAPPORT_CHANNEL_EMAIL, person.email);
  if (plan->has_phone)
    add_identity (records[0], RAPPORT_CHANNEL_PHONE, person.phone);

  if (plan->link == LINK_EMAIL)
    {
      char recased[192];

      n_records = 2;
      g_snprintf (record_ids[1], sizeof record_ids[1], "chat:%s", person.chat_handle);
      records[1] = new_customer (record_ids[1], person.display, NULL);
      add_identity (records[1], RAPPORT_CHANNEL_CHAT, person.chat_handle);
      if (plan->has_social)
        add_identity (records[1], RAPPORT_CHANNEL_SOCIAL, person.social_handle);
      recase_email (person.email, recased, sizeof recased);
      add_identity (records[1], RAPPORT_CHANNEL_EMAIL, recased);
    }
  else if (plan->link == LINK_PHONE)
    {
      n_records = 2;
      g_snprintf (record_ids[1], sizeof record_ids[1], "phone:%s", person.e164);
      records[1] = new_customer (record_ids[1], person.display, NULL);
      add_identity (records[1], RAPPORT_CHANNEL_PHONE, person.phone_other);
      if (plan->has_chat)
        add_identity (records[0], RAPPORT_CHANNEL_CHAT, person.chat_handle);
      if (plan->has_social)
        add_identity (records[0], RAPPORT_CHANNEL_SOCIAL, person.social_handle);
    }
  else if (plan->index != 1)
    {
      if (plan->has_chat)
        add_identity (records[0], RAPPORT_CHANNEL_CHAT, person.chat_handle);
      if (plan->has_social)
        add_identity (records[0], RAPPORT_CHANNEL_SOCIAL, person.social_handle);
    }

  for (guint r = 0; r < n_records; r++)
    g_ptr_array_add (page->customers, records[r]);

  /* Tickets and messages */
  for (guint i = 0; i < plan->n_tickets; i++)
    {
      const PlanTicket *t = &plan->tickets[i];
      const Scenario *sc = &_rapport_demo_scenarios[t->scenario];
      Rng rng = rng_for (demo->seed, plan->index, STREAM_TEXT + i);
      const char *requester = record_ids[t->record];
      RapportTicket *ticket;
      const SuggestTopic *topic;
      gboolean story;
      TextContext ctx;
      char ticket_id[32];
      char message_id[40];
      gint64 last_time;
      guint n_followups = 0;
      gboolean replied = FALSE;

      {
        char index_text[16];

        format_id (index_text, sizeof index_text, "", '\0', plan->index);
        format_id (ticket_id, sizeof ticket_id, index_text, '-', i + 1);
      }
      _rapport_demo_fill_ticket_context (&rng, t, &person, &ctx);

      /* Some solved tickets were answered with the team's suggestion content; the second
       * story customer's open ticket is about a double charge. */
      story = plan->index == 1 && i + 1 == plan->n_tickets;
      topic = story ? _rapport_demo_suggest_story_topic ()
                    : pick_suggest_topic (demo, plan->index, i, t);
      if (story)
        _rapport_demo_suggest_subject (demo->scratch, &rng, NULL, WORDING, &ctx);
      else if (topic != NULL)
        _rapport_demo_suggest_subject (demo->scratch, &rng, topic, WORDING, &ctx);
      else
        _rapport_demo_build_subject (demo, &rng, t, &ctx);

      last_time = t->created_at + t->offset[t->n_messages - 1];
      ticket = rapport_ticket_new ();
      rapport_ticket_set_remote_id (ticket, ticket_id);
      rapport_ticket_set_subject (ticket, demo->scratch->str);
      rapport_ticket_set_status (ticket, t->status);
      rapport_ticket_set_priority (ticket, t->priority);
      rapport_ticket_set_channel (ticket, t->channel);
      rapport_ticket_set_requester_remote_id (ticket, requester);
      if (t->agent != NO_AGENT)
        {
          const Agent *assignee = &_rapport_demo_agents[t->agent];

          rapport_ticket_set_assignee_remote_id (ticket, assignee->remote_id);
          rapport_ticket_set_assignee_name (ticket, assignee->name);
        }
      rapport_ticket_set_queue (ticket, topic != NULL ? _rapport_demo_suggest_topic_queue (topic)
                                                      : sc->queue);
      rapport_ticket_set_tags (ticket, topic != NULL ? _rapport_demo_suggest_topic_tags (topic)
                                                     : sc->tags);
      rapport_ticket_set_created_at (ticket, t->created_at);
      rapport_ticket_set_updated_at (ticket, t->solved_at != 0 ? t->solved_at : last_time);
      if (t->solved_at != 0)
        rapport_ticket_set_solved_at (ticket, t->solved_at);
      g_ptr_array_add (page->tickets, ticket);

      g_string_truncate (demo->previous, 0);
      for (guint k = 0; k < t->n_messages; k++)
        {
          MessageKind kind = t->kind[k];
          gint64 at = t->created_at + t->offset[k];
          const Agent *agent = ctx.agent;

          if (topic != NULL)
            _rapport_demo_suggest_build_body (demo, &rng, t, k, story ? NULL : topic, WORDING,
                                              ticket_id, &ctx);
          else
            _rapport_demo_build_body (demo, &rng, t, k, &ctx, &n_followups, &replied);
          format_id (message_id, sizeof message_id, ticket_id, '/', k + 1);

          if (kind == KIND_IN)
            g_ptr_array_add (page->messages,
                             new_message (message_id, ticket_id, t->channel,
                                          RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
                                          RAPPORT_AUTHOR_CUSTOMER, person.display, requester,
                                          demo->body->str, at));
          else
            g_ptr_array_add (page->messages,
                             new_message (message_id, ticket_id, t->channel,
                                          RAPPORT_DIRECTION_OUTBOUND,
                                          kind == KIND_NOTE ? RAPPORT_VISIBILITY_INTERNAL
                                                            : RAPPORT_VISIBILITY_PUBLIC,
                                          RAPPORT_AUTHOR_AGENT,
                                          agent != NULL ? agent->name : "Support",
                                          agent != NULL ? agent->remote_id : "support",
                                          demo->body->str, at));
          if (kind != KIND_NOTE)
            g_string_assign (demo->previous, demo->body->str);
        }
    }
}

/* ------------------------------------------------------------------------------------ */
/* Story customer 1: Chloé Silva (docs/demo-workspace.md)                                */

/* Chloé's first message (ticket 1001) goes on with her bookkeeping's export of the year's
 * orders, pasted whole: a message too long for the conversation, which shows its start and
 * offers the whole message in a window of its own (RAPPORT_MESSAGE_BODY_PREVIEW_CHARS). */
#define CHLOE_EXPORT_MESSAGE 0
#define CHLOE_EXPORT_ORDERS  260

static void
append_chloe_export (GString *body)
{
  static const struct
  {
    const char *item;
    int         cents;
  } items[] = {
    { "Rye flour 25 kg", 3840 },
    { "Wheat flour T65 25 kg", 2990 },
    { "Spelt flour 10 kg", 2460 },
    { "Fresh yeast 1 kg", 590 },
    { "Grey sea salt 5 kg", 1120 },
    { "Butter 10 kg", 8900 },
    { "Cane sugar 10 kg", 2150 },
    { "Paper bread bags x1000", 4200 },
    { "Cake boxes x200", 3380 },
    { "Baking parchment 50 m", 1290 },
  };

  g_string_append (body, "Order;Item;Quantity;Amount (EUR);Invoice\n");
  /* Integers only: amounts in cents. Every seventh order has no invoice yet. */
  for (guint i = 0; i < CHLOE_EXPORT_ORDERS; i++)
    {
      guint order = 4471 - CHLOE_EXPORT_ORDERS + i;
      guint n = i % G_N_ELEMENTS (items);
      guint qty = 1 + (i * 7 + 3) % 4;
      int cents = items[n].cents * (int) qty;

      g_string_append_printf (body, "%u;%s;%u;%d.%02d;%s\n", order, items[n].item, qty,
                              cents / 100, cents % 100, i % 7 == 5 ? "missing" : "sent");
    }
  g_string_append (body,
                   "\n"
                   "Thank you,\n"
                   "Chloé Silva\n"
                   "Northwind Bakery");
}

static void
emit_chloe (RapportDemo     *demo,
            RapportSyncPage *page)
{
  RapportCustomer *email_record;
  RapportCustomer *chat_record;
  guint per_ticket[N_CHLOE_TICKETS] = { 0, };

  email_record = new_customer (CHLOE_EMAIL_ID, "Chloé Silva", "Northwind Bakery");
  add_identity (email_record, RAPPORT_CHANNEL_EMAIL, "chloe.silva@northwind-bakery.example");
  add_identity (email_record, RAPPORT_CHANNEL_PHONE, "+33 6 12 34 56 78");
  g_ptr_array_add (page->customers, email_record);

  chat_record = new_customer (CHLOE_CHAT_ID, "Chloé Silva", "Northwind Bakery");
  add_identity (chat_record, RAPPORT_CHANNEL_CHAT, "chloe.silva");
  add_identity (chat_record, RAPPORT_CHANNEL_SOCIAL, "@ChloeBakes");
  add_identity (chat_record, RAPPORT_CHANNEL_EMAIL, "Chloe.Silva@Northwind-Bakery.example");
  g_ptr_array_add (page->customers, chat_record);

  for (guint i = 0; i < N_CHLOE_TICKETS; i++)
    {
      const StoryTicket *st = &_rapport_demo_chloe_tickets[i];
      RapportTicket *ticket = rapport_ticket_new ();
      gint64 first = G_MAXINT64, newest = G_MININT64;

      for (guint m = 0; m < N_CHLOE_MESSAGES; m++)
        if (_rapport_demo_chloe_messages[m].ticket == i)
          {
            first = MIN (first, _rapport_demo_chloe_messages[m].offset);
            newest = MAX (newest, _rapport_demo_chloe_messages[m].offset);
          }

      rapport_ticket_set_remote_id (ticket, st->remote_id);
      rapport_ticket_set_subject (ticket, st->subject);
      rapport_ticket_set_status (ticket, st->status);
      rapport_ticket_set_priority (ticket, RAPPORT_TICKET_PRIORITY_NORMAL);
      rapport_ticket_set_channel (ticket, st->channel);
      rapport_ticket_set_requester_remote_id (ticket, st->requester);
      rapport_ticket_set_assignee_remote_id (ticket, _rapport_demo_agents[st->agent].remote_id);
      rapport_ticket_set_assignee_name (ticket, _rapport_demo_agents[st->agent].name);
      rapport_ticket_set_queue (ticket, st->queue);
      rapport_ticket_set_tags (ticket, st->tags);
      rapport_ticket_set_created_at (ticket, demo->anchor + first);
      if (st->solved_offset != 0)
        {
          rapport_ticket_set_solved_at (ticket, demo->anchor + st->solved_offset);
          rapport_ticket_set_updated_at (ticket, demo->anchor + st->solved_offset);
        }
      else
        rapport_ticket_set_updated_at (ticket, demo->anchor + newest);
      g_ptr_array_add (page->tickets, ticket);
    }

  for (guint m = 0; m < N_CHLOE_MESSAGES; m++)
    {
      const StoryMessage *sm = &_rapport_demo_chloe_messages[m];
      const StoryTicket *st = &_rapport_demo_chloe_tickets[sm->ticket];
      const Agent *agent = &_rapport_demo_agents[st->agent];
      g_autoptr(GString) export = NULL;
      const char *body = sm->body;
      char message_id[32];

      g_snprintf (message_id, sizeof message_id, "%s/%u", st->remote_id,
                  ++per_ticket[sm->ticket]);
      if (m == CHLOE_EXPORT_MESSAGE)
        {
          export = g_string_new (sm->body);
          append_chloe_export (export);
          body = export->str;
        }

      if (sm->kind == KIND_IN)
        g_ptr_array_add (page->messages,
                         new_message (message_id, st->remote_id, st->channel,
                                      RAPPORT_DIRECTION_INBOUND, RAPPORT_VISIBILITY_PUBLIC,
                                      RAPPORT_AUTHOR_CUSTOMER, "Chloé Silva", st->requester,
                                      body, demo->anchor + sm->offset));
      else
        g_ptr_array_add (page->messages,
                         new_message (message_id, st->remote_id, st->channel,
                                      RAPPORT_DIRECTION_OUTBOUND,
                                      sm->kind == KIND_NOTE ? RAPPORT_VISIBILITY_INTERNAL
                                                            : RAPPORT_VISIBILITY_PUBLIC,
                                      RAPPORT_AUTHOR_AGENT, agent->name, agent->remote_id,
                                      sm->body, demo->anchor + sm->offset));
    }
}

/* ------------------------------------------------------------------------------------ */
/* Public API                                                                            */

/**
 * rapport_demo_get_agent_name:
 * @remote_id: (nullable): an agent's remote id
 *
 * Returns: (nullable): the full name of the demo team's agent @remote_id, %NULL when the
 *   team has no such agent
 */
const char *
rapport_demo_get_agent_name (const char *remote_id)
{
  for (guint i = 0; remote_id != NULL && i < N_AGENTS; i++)
    if (g_str_equal (_rapport_demo_agents[i].remote_id, remote_id))
      return _rapport_demo_agents[i].name;

  return NULL;
}

/**
 * rapport_demo_new:
 * @seed: dataset seed
 * @n_customers: number of customers (people), at least 1
 * @anchor_time: unix seconds all dates are offsets from
 *
 * Returns: (transfer full): a generator positioned at the first customer.
 */
RapportDemo *
rapport_demo_new (guint32 seed,
                  guint   n_customers,
                  gint64  anchor_time)
{
  RapportDemo *demo;

  g_return_val_if_fail (n_customers > 0, NULL);

  demo = g_new0 (RapportDemo, 1);
  demo->seed = seed;
  demo->n_customers = n_customers;
  demo->anchor = anchor_time;
  demo->small = n_customers <= 1000;
  demo->tables = _rapport_demo_get_tables ();
  demo->body = g_string_sized_new (1024);
  demo->scratch = g_string_sized_new (256);
  demo->previous = g_string_sized_new (1024);

  return demo;
}

void
rapport_demo_free (RapportDemo *demo)
{
  if (demo == NULL)
    return;

  g_string_free (demo->body, TRUE);
  g_string_free (demo->scratch, TRUE);
  g_string_free (demo->previous, TRUE);
  g_free (demo);
}

/**
 * rapport_demo_set_heavy_shapes:
 * @heavy: whether the dataset has the heavy shapes
 *
 * Benchmarks only: adds the heavy shapes (see rapport_demo_get_heavy_shape()). Call it
 * before the first page or count.
 */
void
rapport_demo_set_heavy_shapes (RapportDemo *demo,
                               gboolean     heavy)
{
  g_return_if_fail (demo != NULL);

  demo->heavy = !!heavy;
}

void
rapport_demo_seek (RapportDemo *demo,
                   guint        position)
{
  g_return_if_fail (demo != NULL);
  g_return_if_fail (position <= demo->n_customers);

  demo->position = position;
}

guint
rapport_demo_get_position (RapportDemo *demo)
{
  g_return_val_if_fail (demo != NULL, 0);

  return demo->position;
}

guint
rapport_demo_get_n_customers (RapportDemo *demo)
{
  g_return_val_if_fail (demo != NULL, 0);

  return demo->n_customers;
}

void
_rapport_demo_plan_customer (RapportDemo *demo,
                             guint        index,
                             Plan        *plan)
{
  if (index == 1)
    plan_liam (demo, plan);
  else
    plan_generated (demo, index, plan);
}

/**
 * rapport_demo_next_page:
 *
 * Returns: (transfer full) (nullable): the next page, or %NULL at the end.
 */
RapportSyncPage *
rapport_demo_next_page (RapportDemo *demo,
                        guint        max_messages)
{
  RapportSyncPage *page;
  guint start;

  g_return_val_if_fail (demo != NULL, NULL);

  if (demo->position >= demo->n_customers)
    return NULL;

  start = demo->position;
  page = rapport_sync_page_new ();

  do
    {
      guint index = demo->position;

      if (index == 0)
        emit_chloe (demo, page);
      else
        {
          guint first_record = page->customers->len;
          RapportCustomer *record;

          _rapport_demo_plan_customer (demo, index, &demo->plan);
          emit_planned_customer (demo, &demo->plan, page);
          record = g_ptr_array_index (page->customers, first_record);
          _rapport_demo_emit_heavy (demo, index, rapport_customer_get_remote_id (record),
                                    rapport_customer_get_display_name (record), page);
        }
      demo->position++;
    }
  while (demo->position < demo->n_customers && page->messages->len < max_messages);

  g_free (page->resource);
  page->resource = g_strdup ("demo");
  g_free (page->next_cursor);
  page->next_cursor = g_strdup_printf ("%u", demo->position);
  page->has_more = demo->position < demo->n_customers;
  page->total_hint = rapport_demo_count_remote_customers (demo, start, demo->n_customers);

  return page;
}

guint64
rapport_demo_count_remote_customers (RapportDemo *demo,
                                     guint        from,
                                     guint        to)
{
  g_return_val_if_fail (demo != NULL, 0);
  g_return_val_if_fail (from <= to, 0);
  g_return_val_if_fail (to <= demo->n_customers, 0);

  return records_before (demo->seed, to) - records_before (demo->seed, from);
}

void
rapport_demo_count (RapportDemo       *demo,
                    guint              from,
                    guint              to,
                    RapportDemoTotals *totals)
{
  g_return_if_fail (demo != NULL);
  g_return_if_fail (totals != NULL);
  g_return_if_fail (from <= to);
  g_return_if_fail (to <= demo->n_customers);

  memset (totals, 0, sizeof *totals);
  totals->customers = to - from;
  totals->remote_customers = rapport_demo_count_remote_customers (demo, from, to);

  for (guint index = from; index < to; index++)
    {
      if (index == 0)
        {
          totals->tickets += N_CHLOE_TICKETS;
          for (guint i = 0; i < N_CHLOE_TICKETS; i++)
            totals->open_tickets +=
              rapport_ticket_status_is_open (_rapport_demo_chloe_tickets[i].status);
          totals->messages += N_CHLOE_MESSAGES;
          continue;
        }

      _rapport_demo_plan_customer (demo, index, &demo->plan);
      _rapport_demo_heavy_count (demo, index, totals);
      totals->tickets += demo->plan.n_tickets;
      for (guint i = 0; i < demo->plan.n_tickets; i++)
        {
          totals->open_tickets += demo->plan.tickets[i].open;
          totals->messages += demo->plan.tickets[i].n_messages;
        }
    }
}

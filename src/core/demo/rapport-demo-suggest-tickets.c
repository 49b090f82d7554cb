/* rapport-demo-suggest-tickets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo-suggest.h"

#include "rapport-demo-private.h"
#include "rapport-template.h"

#include <string.h>

/* Tickets answered with the demo's suggestion content: the customer's words from the topics
 * of rapport-demo-suggest-topics.c, and the team's answer (the candidate filled in for
 * them). The demo workspace's solved tickets are partly made of these, so that the
 * past-answers index has answers that vote; rapport_demo_suggest_tickets() makes labelled
 * sets of them for tools/suggest-eval. */

/* Added to a first message now and then, whatever the topic. */
static const char * const closings[] = {
  "Can you help?", "Thanks in advance.", "What can you do about it?",
  "Looking forward to hearing from you.",
};

/* The team before its answer: a question, or word that it is on it. */
static const char * const agent_updates[] = {
  "thanks for your message. I'm looking into it and will get back to you later today.",
  "thanks for getting in touch. I'm checking this with the team now and will reply today.",
  "could you confirm the email address on your account? Then I can look it up for you.",
};

/* The second story customer's open ticket (docs/demo-workspace.md). */
static const char *story_subject = "I was charged twice for one order";
static const char * const story_messages[] = {
  "I was charged twice for order {order}: my banking app shows two payments of {amount}, "
  "one minute apart.",
  "only one parcel is on its way, so one of those payments is too many. Can I have it back?",
};

static const char * const weekdays[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
};

/* ------------------------------------------------------------------------------------ */

/* The channel masks of the topics' candidates, looked up once. */
static const guint *
topic_channels (void)
{
  static guint masks[N_SUGGEST_TOPICS];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < N_SUGGEST_TOPICS; i++)
        {
          RapportCandidateKind kind;
          const char *body;

          const char *key = _rapport_demo_suggest_topics[i].key;

          if (!_rapport_demo_suggest_find (key, RAPPORT_CHANNEL_EMAIL, &kind, &body, &masks[i]))
            g_error ("demo topic %s has no candidate", key);
        }
      g_once_init_leave (&done, 1);
    }
  return masks;
}

const SuggestTopic *
_rapport_demo_suggest_pick_topic (Rng            *rng,
                                  RapportChannel  channel)
{
  const guint *masks = topic_channels ();
  guint total = 0, r;

  for (guint i = 0; i < N_SUGGEST_TOPICS; i++)
    if (masks[i] == 0 || (masks[i] & RAPPORT_CHANNEL_MASK (channel)) != 0)
      total += _rapport_demo_suggest_topics[i].weight;
  g_assert (total > 0);

  r = rng_below (rng, total);
  for (guint i = 0; i < N_SUGGEST_TOPICS; i++)
    {
      if (masks[i] != 0 && (masks[i] & RAPPORT_CHANNEL_MASK (channel)) == 0)
        continue;
      if (r < _rapport_demo_suggest_topics[i].weight)
        return &_rapport_demo_suggest_topics[i];
      r -= _rapport_demo_suggest_topics[i].weight;
    }
  g_assert_not_reached ();
  return NULL;
}

const SuggestTopic *
_rapport_demo_suggest_story_topic (void)
{
  g_assert (g_str_equal (_rapport_demo_suggest_topics[0].key, "refund-policy"));
  return &_rapport_demo_suggest_topics[0];
}

const char *
_rapport_demo_suggest_topic_key (const SuggestTopic *topic)
{
  return topic->key;
}

const char *
_rapport_demo_suggest_topic_queue (const SuggestTopic *topic)
{
  return topic->queue;
}

const char * const *
_rapport_demo_suggest_topic_tags (const SuggestTopic *topic)
{
  return topic->tags;
}

/* One of the @n_pairs pairs of @strings (history, test) in @wording. */
static const char *
pick_worded (Rng                       *rng,
             const char * const        *strings,
             guint                      n_pairs,
             RapportDemoSuggestWording  wording)
{
  return strings[2 * rng_below (rng, n_pairs) + (wording == RAPPORT_DEMO_SUGGEST_WORDING_TEST)];
}

void
_rapport_demo_suggest_subject (GString                   *out,
                               Rng                       *rng,
                               const SuggestTopic        *topic,
                               RapportDemoSuggestWording  wording,
                               const TextContext         *ctx)
{
  g_string_truncate (out, 0);
  if (topic == NULL)
    g_string_append (out, story_subject);
  else
    _rapport_demo_append_text (out, pick_worded (rng, topic->subjects, 2, wording), ctx, TRUE,
                               FALSE, FALSE);
}

void
_rapport_demo_suggest_customer (GString                   *out,
                                Rng                       *rng,
                                const SuggestTopic        *topic,
                                RapportDemoSuggestWording  wording,
                                RapportChannel             channel,
                                guint                      k,
                                const TextContext         *ctx)
{
  gboolean chat = channel == RAPPORT_CHANNEL_CHAT;
  gboolean social = channel == RAPPORT_CHANNEL_SOCIAL;
  gboolean short_channel = chat || social;
  const char *detail = topic != NULL ? topic->details[wording == RAPPORT_DEMO_SUGGEST_WORDING_TEST]
                                     : NULL;
  const Person *p = ctx->person;

  g_string_truncate (out, 0);

  if (topic == NULL)
    {
      /* The story ticket, on chat. */
      if (k == 0)
        g_string_append (out, "Hi! ");
      _rapport_demo_append_text (out, story_messages[MIN (k, G_N_ELEMENTS (story_messages) - 1)],
                                 ctx, TRUE, FALSE, TRUE);
      return;
    }

  if (k == 0)
    {
      const char *opening = pick_worded (rng, topic->openings, 3, wording);

      if (social)
        {
          g_string_append (out, "@" BRAND " ");
          _rapport_demo_append_text (out, opening, ctx, FALSE, FALSE, TRUE);
          return;
        }
      if (chat)
        {
          if (rng_percent (rng, 50))
            g_string_append (out, "Hi!\n");
          _rapport_demo_append_text (out, opening, ctx, TRUE, FALSE, TRUE);
          return;
        }

      _rapport_demo_append_greeted (out, rng, opening, ctx);
      if (rng_percent (rng, 60))
        {
          g_string_append_c (out, ' ');
          _rapport_demo_append_text (out, detail, ctx, TRUE, FALSE, FALSE);
        }
      if (rng_percent (rng, 50))
        g_string_append_printf (out, "\n\n%s", PICK (rng, closings));
      _rapport_demo_append_sign_off (out, rng, channel, p);
      return;
    }

  /* What the customer adds: on chat and social the detail comes on its own line, then
   * (like every later message elsewhere) a nudge. */
  if (social)
    g_string_append (out, "@" BRAND " ");
  if (k == 1 && short_channel)
    _rapport_demo_append_text (out, detail, ctx, !social, FALSE, TRUE);
  else
    _rapport_demo_append_text (out, pick_string (rng, _rapport_demo_generic_followups,
                                                 N_GENERIC_FOLLOWUPS),
                               ctx, !social, FALSE, TRUE);
  if (!short_channel)
    g_string_append_printf (out, "\n\n%s", p->given);
}

/* The value of required field @name of a demo candidate, for the customer of @ctx. */
static char *
field_value (const char        *name,
             const TextContext *ctx)
{
  guint order = (guint) g_ascii_strtoull (ctx->order, NULL, 10);

  if (g_str_equal (name, "order_number"))
    return g_strdup (ctx->order);
  if (g_str_equal (name, "refund_date"))
    return g_strdup_printf ("the %s of %s", ctx->day, ctx->month);
  if (g_str_equal (name, "refund_reference"))
    return g_strdup_printf ("RF-%s", ctx->order);
  if (g_str_equal (name, "invoice_number"))
    return g_strdup (ctx->invoice);
  if (g_str_equal (name, "promo_code"))
    return g_strdup (ctx->code);
  if (g_str_equal (name, "gift_card_balance"))
    return g_strdup (ctx->amount);
  if (g_str_equal (name, "delivery_date"))
    return g_strdup (weekdays[order % G_N_ELEMENTS (weekdays)]);
  if (g_str_equal (name, "claim_number"))
    return g_strdup (ctx->tracking);
  if (g_str_equal (name, "new_address"))
    return g_strdup_printf ("%u Market Street, %s", 1 + order % 90, ctx->person->city);
  if (g_str_equal (name, "period_end"))
    {
      guint m = 0;

      while (m < 12 && !g_str_equal (_rapport_demo_month_names[m], ctx->month))
        m++;
      return g_strdup_printf ("1 %s", _rapport_demo_month_names[(m + 1) % 12]);
    }
  if (g_str_equal (name, "plan_name"))
    return g_strdup (ctx->plan);

  g_error ("demo candidate field %s has no value", name);
  return NULL;
}

/* Renders template @text for the customer of @ctx: what the agent sends after inserting it
 * and filling in its fields. */
static void
append_rendered (GString           *out,
                 const char        *text,
                 const char        *ticket_id,
                 const TextContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTemplate) template = rapport_template_parse (text, &error);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) holes = NULL;
  g_autofree char *rendered = NULL;
  const char *agent = ctx->agent != NULL ? ctx->agent->first : _rapport_demo_agents[0].first;

  if (template == NULL)
    g_error ("demo candidate does not parse: %s", error->message);

  values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME,
                       g_strdup (ctx->person->given));
  g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME,
                       g_strdup (ctx->person->display));
  g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_TICKET_ID, g_strdup (ticket_id));
  g_hash_table_insert (values, (gpointer) RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME, g_strdup (agent));
  for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
    {
      const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

      if (segment->kind == RAPPORT_TEMPLATE_SEGMENT_FIELD)
        g_hash_table_insert (values, (gpointer) segment->name, field_value (segment->name, ctx));
    }

  rendered = rapport_template_render (template, values, &holes);
  g_assert (holes->len == 0);
  g_string_append (out, rendered);
}

void
_rapport_demo_suggest_reply (GString            *out,
                             const SuggestTopic *topic,
                             RapportChannel      channel,
                             const char         *ticket_id,
                             const TextContext  *ctx)
{
  RapportCandidateKind kind;
  const char *body;
  guint channels;
  gboolean short_channel = channel == RAPPORT_CHANNEL_CHAT || channel == RAPPORT_CHANNEL_SOCIAL;

  if (!_rapport_demo_suggest_find (topic->key, channel, &kind, &body, &channels))
    g_assert_not_reached ();

  g_string_truncate (out, 0);
  if (kind == RAPPORT_CANDIDATE_CANNED)
    {
      append_rendered (out, body, ticket_id, ctx);
      return;
    }

  /* An article: its first paragraph and its link, as the knowledge search inserts them. */
  {
    const char *end = strstr (body, "\n\n");
    g_autofree char *excerpt = g_strndup (body, end != NULL ? (gsize) (end - body)
                                                            : strlen (body));

    if (short_channel)
      g_string_append_printf (out, "%s More here: %s%s", excerpt, DEMO_HELP_URL, topic->key);
    else
      {
        g_string_append_printf (out, "Hi %s,\n\n", ctx->person->given);
        append_rendered (out, excerpt, ticket_id, ctx);
        g_string_append_printf (out, "\n\nYou'll find all the details in our help article: "
                                "%s%s\n\nBest regards,\n%s", DEMO_HELP_URL, topic->key,
                                ctx->agent != NULL ? ctx->agent->first
                                                   : _rapport_demo_agents[0].first);
      }
  }
}

void
_rapport_demo_suggest_agent_update (GString           *out,
                                    Rng               *rng,
                                    RapportChannel     channel,
                                    const TextContext *ctx)
{
  const char *text = PICK (rng, agent_updates);

  g_string_truncate (out, 0);
  if (channel == RAPPORT_CHANNEL_CHAT || channel == RAPPORT_CHANNEL_SOCIAL)
    {
      _rapport_demo_append_text (out, text, ctx, TRUE, FALSE, TRUE);
      return;
    }
  g_string_append_printf (out, "Hi %s, ", ctx->person->given);
  _rapport_demo_append_text (out, text, ctx, FALSE, FALSE, FALSE);
  g_string_append_printf (out, "\n\nBest regards,\n%s\n" BRAND " Support",
                          ctx->agent != NULL ? ctx->agent->name : "The support team");
}

void
_rapport_demo_suggest_note (GString            *out,
                            const SuggestTopic *topic,
                            const TextContext  *ctx)
{
  g_string_truncate (out, 0);
  _rapport_demo_append_text (out, topic->note, ctx, TRUE, FALSE, FALSE);
}

void
_rapport_demo_suggest_build_body (RapportDemo               *demo,
                                  Rng                       *rng,
                                  const PlanTicket          *t,
                                  guint                      k,
                                  const SuggestTopic        *topic,
                                  RapportDemoSuggestWording  wording,
                                  const char                *ticket_id,
                                  const TextContext         *ctx)
{
  guint last_out = G_MAXUINT, n_in = 0;

  for (guint j = 0; j < t->n_messages; j++)
    if (t->kind[j] == KIND_OUT)
      last_out = j;
  for (guint j = 0; j < k; j++)
    n_in += t->kind[j] == KIND_IN;

  switch ((MessageKind) t->kind[k])
    {
    case KIND_IN:
      if (last_out != G_MAXUINT && k > last_out)
        {
          gboolean chat = t->channel == RAPPORT_CHANNEL_CHAT;

          g_string_truncate (demo->body, 0);
          if (t->channel == RAPPORT_CHANNEL_SOCIAL)
            g_string_append (demo->body, "@" BRAND " ");
          _rapport_demo_append_text (demo->body,
                                     pick_string (rng, _rapport_demo_generic_thanks,
                                                  N_GENERIC_THANKS),
                                     ctx, TRUE, FALSE, chat);
          if (t->channel == RAPPORT_CHANNEL_EMAIL || t->channel == RAPPORT_CHANNEL_WEB)
            g_string_append_printf (demo->body, "\n\n%s", ctx->person->given);
        }
      else
        _rapport_demo_suggest_customer (demo->body, rng, topic, wording, t->channel, n_in, ctx);
      break;
    case KIND_OUT:
      if (k == last_out)
        _rapport_demo_suggest_reply (demo->body, topic, t->channel, ticket_id, ctx);
      else
        _rapport_demo_suggest_agent_update (demo->body, rng, t->channel, ctx);
      break;
    case KIND_NOTE:
    default:
      _rapport_demo_suggest_note (demo->body, topic, ctx);
      break;
    }
}

/* ------------------------------------------------------------------------------------ */
/* Labelled sets                                                                         */

void
rapport_demo_suggest_ticket_free (RapportDemoSuggestTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->subject);
  g_strfreev (ticket->tags);
  g_strfreev (ticket->messages);
  g_free (ticket->expected);
  g_free (ticket->reply);
  g_free (ticket);
}

static RapportChannel
pick_written_channel (Rng *rng)
{
  guint r = rng_below (rng, 100);

  if (r < 45)
    return RAPPORT_CHANNEL_EMAIL;
  if (r < 75)
    return RAPPORT_CHANNEL_CHAT;
  if (r < 85)
    return RAPPORT_CHANNEL_SOCIAL;
  return RAPPORT_CHANNEL_WEB;
}

/**
 * rapport_demo_suggest_tickets:
 * @seed: the set's seed
 * @n: how many tickets
 * @wording: whose words the customers use
 * @anchor_time: unix seconds; answers are dated in the year before
 *
 * Returns: (transfer full) (element-type RapportDemoSuggestTicket): the labelled tickets
 */
GPtrArray *
rapport_demo_suggest_tickets (guint32                    seed,
                              guint                      n,
                              RapportDemoSuggestWording  wording,
                              gint64                     anchor_time)
{
  g_autoptr(RapportDemo) demo = rapport_demo_new (seed, n + 2, anchor_time);
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *out = g_ptr_array_new_full (n, (GDestroyNotify) rapport_demo_suggest_ticket_free);
  gboolean test = wording == RAPPORT_DEMO_SUGGEST_WORDING_TEST;

  for (guint i = 0; i < n; i++)
    {
      guint index = i + 2; /* the generated customers, after the story ones */
      Rng rng = { ((guint64) seed << 32 | index) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) };
      RapportDemoSuggestTicket *ticket = g_new0 (RapportDemoSuggestTicket, 1);
      g_autoptr(GStrvBuilder) messages = g_strv_builder_new ();
      const SuggestTopic *topic;
      PlanTicket t;
      Person person;
      TextContext ctx;
      char ticket_id[16];
      guint n_messages;

      _rapport_demo_plan_customer (demo, index, &demo->plan);
      _rapport_demo_build_person (demo, &demo->plan, &person);
      rng_next (&rng);

      t = demo->plan.tickets[0];
      t.channel = (guint8) pick_written_channel (&rng);
      t.agent = (guint8) rng_below (&rng, N_AGENTS);
      t.created_at = anchor_time - rng_range (&rng, DAY, 365 * DAY);
      topic = _rapport_demo_suggest_pick_topic (&rng, t.channel);
      _rapport_demo_fill_ticket_context (&rng, &t, &person, &ctx);
      g_snprintf (ticket_id, sizeof ticket_id, "%u", 5000 + i);

      _rapport_demo_suggest_subject (text, &rng, topic, wording, &ctx);
      ticket->subject = g_strdup (text->str);
      ticket->channel = t.channel;
      if (test)
        ticket->tags = g_new0 (char *, 1);
      else
        ticket->tags = g_strdupv ((GStrv) topic->tags);

      n_messages = 1;
      if (t.channel == RAPPORT_CHANNEL_CHAT || t.channel == RAPPORT_CHANNEL_SOCIAL)
        n_messages += rng_percent (&rng, 60);
      if (rng_percent (&rng, 15))
        n_messages++;
      for (guint k = 0; k < n_messages; k++)
        {
          _rapport_demo_suggest_customer (text, &rng, topic, wording, t.channel, k, &ctx);
          g_strv_builder_add (messages, text->str);
        }
      ticket->messages = g_strv_builder_end (messages);

      ticket->expected = g_strdup (topic->key);
      _rapport_demo_suggest_reply (text, topic, t.channel, ticket_id, &ctx);
      ticket->reply = g_strdup (text->str);
      ticket->answered_at = t.created_at + rng_range (&rng, 10 * MINUTE, 20 * HOUR);
      g_ptr_array_add (out, ticket);
    }
  return out;
}

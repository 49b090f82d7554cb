/* rapport-demo-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-demo.h"
#include "rapport-demo-suggest.h"

G_BEGIN_DECLS

/* What the files of the dataset generator share: rapport-demo.c (the random plans, the
 * records, tickets and messages built from them, the public API), rapport-demo-text.c (the
 * words: people's names and addresses, message bodies expanded from the scenario
 * templates), rapport-demo-tables.c (the data tables), and for the suggestion content
 * rapport-demo-suggest.c (the canned responses and articles), rapport-demo-suggest-topics.c
 * (what customers write about them) and rapport-demo-suggest-tickets.c (tickets answered
 * with them). See rapport-demo.c for how the dataset is made. */

#define MAX_TICKETS   32
#define MAX_MESSAGES  16
#define MINUTE        G_GINT64_CONSTANT (60)
#define HOUR          G_GINT64_CONSTANT (3600)
#define DAY           G_GINT64_CONSTANT (86400)
#define NO_AGENT      0xff
#define LIMIT_EUR_CENTS 5000 /* agent refund limit used in internal notes */
#define BRAND         "Northwind"

/* The sizes of the tables; rapport-demo-tables.c checks each one against its table. */
#define N_LOCALE_DEFS             28
#define N_AGENTS                  4
#define N_SCENARIOS               32
#define N_LIAM_SCENARIOS          10
#define N_GENERIC_FOLLOWUPS       4
#define N_GENERIC_AGENT_FOLLOWUPS 3
#define N_GENERIC_THANKS          3
#define N_HOLD_NOTES              5
#define N_PRODUCTS                18
#define N_APPLIANCES              12
#define N_PLANS                   4
#define N_CARRIERS                9
#define N_DEVICES                 9
#define N_PROMO_CODES             7
#define N_FREEMAIL_DOMAINS        5
#define N_AMOUNTS_SMALL           10
#define N_AMOUNTS_ANY             11
#define N_AMOUNTS_LARGE           7
#define N_CHLOE_TICKETS           5
#define N_CHLOE_MESSAGES          13

typedef enum
{
  KIND_IN,
  KIND_OUT,
  KIND_NOTE,
} MessageKind;

typedef enum
{
  LINK_NONE,
  LINK_EMAIL,  /* second record: a chat account with the email in other letter case */
  LINK_PHONE,  /* second record: a phone caller record, number formatted differently */
} LinkKind;

typedef enum
{
  ORDER_GIVEN_FIRST,
  ORDER_FAMILY_FIRST,
  ORDER_FAMILY_FIRST_NOSPACE,
} NameOrder;

/* ------------------------------------------------------------------------------------ */
/* PRNG                                                                                  */

typedef struct
{
  guint64 state;
} Rng;

static inline guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0), by multiplying the high 32 bits: no modulo bias worth noting
 * for the small n used here, and no division. */
static inline guint
rng_below (Rng  *rng,
           guint n)
{
  return (guint) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

static inline gint64
rng_range (Rng   *rng,
           gint64 lo,
           gint64 hi)
{
  g_assert (hi >= lo);
  return lo + (gint64) ((rng_next (rng) >> 11) % (guint64) (hi - lo + 1));
}

static inline gboolean
rng_percent (Rng  *rng,
             guint percent)
{
  return rng_below (rng, 100) < percent;
}

/* ------------------------------------------------------------------------------------ */
/* Locales: names, cities, companies, phone formats and currencies                      */

/* Lists are ';'-separated. A name is "Display" or "Display|ascii" (the ascii form is used
 * in addresses when the script is not Latin). A family name with gendered forms is
 * "Masculine/Feminine". Company patterns use {last} and {city}. Phone patterns have
 * exactly eight D's, replaced by the digits of a per-customer number: unique per customer,
 * and with a prefix no story customer uses. */
typedef struct
{
  const char *code;
  guint       weight;
  NameOrder   order;
  const char *female;
  const char *male;
  const char *family;
  const char *cities;
  const char *companies;
  const char *phone;
  const char *currency;
  guint       exponent;
  guint       rate;       /* local minor units per 100 EUR cents (exponent 2) or per 10000 (0) */
  guint       rounding;   /* round local amounts down to a multiple of this */
} LocaleDef;

typedef struct
{
  char *display;
  char *ascii;   /* address form: lower-case ASCII letters and digits */
} Word;

typedef struct
{
  Word masculine;
  Word feminine;
} Family;

typedef struct
{
  const LocaleDef *def;
  Word            *female;
  guint            n_female;
  Word            *male;
  guint            n_male;
  Family          *family;
  guint            n_family;
  char           **cities;
  guint            n_cities;
  char           **companies;
  guint            n_companies;
  char             country_code[8];
} Locale;

typedef struct
{
  Locale locales[N_LOCALE_DEFS];
  guint  total_weight;
} Tables;

/* ------------------------------------------------------------------------------------ */
/* The support team                                                                      */

typedef struct
{
  const char *remote_id;
  const char *name;
  const char *first;
  const char *initials;
} Agent;

enum { AGENT_SAM, AGENT_LEE, AGENT_PRIYA, AGENT_TOMAS };

/* ------------------------------------------------------------------------------------ */
/* Support scenarios                                                                     */

typedef enum
{
  MONEY_ANY,           /* an order value, for the text only */
  MONEY_REFUND_SMALL,
  MONEY_REFUND,
  MONEY_REFUND_LARGE,
  MONEY_CREDIT,        /* one month of the customer's plan */
} MoneyKind;

/* Placeholders: {first} {last} {full} {city} {email} {agent} {agent_full} {order} {amount}
 * {month} {day} {days} {invoice} {product} {appliance} {plan} {carrier} {tracking} {error} {code}
 * {device} {limit_note} {brand}.
 *
 * Customer openings, follow-ups and agent replies start with a lower-case word (except
 * "I"), so they read after an inline greeting ("Hello, …", "Hi Amélie, …"); they are
 * capitalized where they stand alone. "\n\n" separates paragraphs. The phone summary is
 * in the third person, as agents write call notes. */
typedef struct
{
  const char            *queue;
  const char            *tags[4];
  RapportTicketPriority  priority;
  MoneyKind              money;
  const char            *subjects[3];
  const char            *openings[2];
  const char            *call;
  const char            *replies[2];
  const char            *followups[2];
  const char            *resolutions[2];
  const char            *notes[2];
  const char            *thanks;
} Scenario;

/* ------------------------------------------------------------------------------------ */
/* Plans                                                                                 */

typedef struct
{
  gint64  created_at;
  gint64  solved_at;                 /* 0 when open */
  guint32 offset[MAX_MESSAGES];      /* seconds after created_at */
  guint8  kind[MAX_MESSAGES];
  guint8  n_messages;
  guint8  channel;
  guint8  status;
  guint8  priority;
  guint8  scenario;
  guint8  agent;                     /* NO_AGENT when unassigned */
  guint8  record;                    /* 0 primary, 1 second record */
  guint8  open;
} PlanTicket;

typedef struct
{
  guint      index;
  guint      locale;
  gboolean   female;
  guint      given;
  guint      family;
  guint      city;
  guint      company;        /* 0 = none, else 1 + pattern index */
  guint      email_format;
  guint      freemail;
  guint      phone_format;   /* formatting of the number on the second record */
  gboolean   has_phone;
  gboolean   has_chat;
  gboolean   has_social;
  LinkKind   link;
  guint      n_tickets;
  PlanTicket tickets[MAX_TICKETS];
} Plan;

struct _RapportDemo
{
  guint32  seed;
  guint    n_customers;
  gint64   anchor;
  guint    position;
  gboolean small;
  gboolean heavy;    /* the benchmark's heavy shapes (rapport-demo-heavy.c) */

  const Tables *tables;
  Plan     plan;
  GString *body;
  GString *scratch;
  GString *previous;
};

/* ------------------------------------------------------------------------------------ */
/* Text                                                                                  */

typedef struct
{
  char display[160];
  char given[80];
  char family[80];
  char email[192];
  char company[160];
  char city[80];
  char phone[48];
  char phone_other[48];
  char e164[24];
  char chat_handle[96];
  char social_handle[96];
  char ascii_given[64];
  const Locale *locale;
} Person;

typedef struct
{
  const Person *person;
  const Agent  *agent;
  const char   *product;
  const char   *appliance;
  const char   *plan;
  const char   *carrier;
  const char   *device;
  const char   *code;
  char          order[16];
  char          invoice[20];
  char          tracking[20];
  char          error[16];
  char          amount[48];
  char          month[16];
  char          day[8];
  char          days[4];
  gboolean      over_limit;
} TextContext;

static inline const char *
pick_string (Rng                *rng,
             const char * const *strings,
             guint               max)
{
  guint n = 0;

  while (n < max && strings[n] != NULL)
    n++;
  g_assert (n > 0);
  return strings[rng_below (rng, n)];
}

#define PICK(rng, array) pick_string ((rng), (array), G_N_ELEMENTS (array))

/* ------------------------------------------------------------------------------------ */
/* Story customer 1: Chloé Silva (docs/demo-workspace.md)                                */

#define CHLOE_EMAIL_ID "chloe.silva@northwind-bakery.example"
#define CHLOE_CHAT_ID  "chat:chloe.silva"

typedef struct
{
  const char             *remote_id;
  RapportChannel          channel;
  const char             *subject;
  RapportTicketStatus     status;
  guint8                  agent;
  const char             *requester;
  const char             *queue;
  const char             *tags[4];
  gint64                  solved_offset;   /* 0 = open */
} StoryTicket;

typedef struct
{
  guint        ticket;     /* index into _rapport_demo_chloe_tickets */
  gint64       offset;     /* seconds from the anchor */
  MessageKind  kind;
  const char  *body;
} StoryMessage;

/* ------------------------------------------------------------------------------------ */
/* The tables (rapport-demo-tables.c)                                                    */

typedef struct
{
  const char *queue;
  const char *note;
} HoldNote;

extern const char * const _rapport_demo_month_names[];
extern const LocaleDef    _rapport_demo_locale_defs[];
extern const Agent        _rapport_demo_agents[];
extern const Scenario     _rapport_demo_scenarios[];
extern const guint8       _rapport_demo_liam_scenarios[];
extern const char * const _rapport_demo_generic_followups[];
extern const char * const _rapport_demo_generic_agent_followups[];
extern const char * const _rapport_demo_generic_thanks[];
extern const HoldNote     _rapport_demo_hold_notes[];
extern const char * const _rapport_demo_products[];
extern const char * const _rapport_demo_appliances[];
extern const char * const _rapport_demo_plans[];
extern const int          _rapport_demo_plan_prices[];   /* EUR cents per month, by plan */
extern const char * const _rapport_demo_carriers[];
extern const char * const _rapport_demo_devices[];
extern const char * const _rapport_demo_promo_codes[];
extern const char * const _rapport_demo_freemail_domains[];
extern const int          _rapport_demo_amounts_small[];
extern const int          _rapport_demo_amounts_any[];
extern const int          _rapport_demo_amounts_large[];
extern const StoryTicket  _rapport_demo_chloe_tickets[];
extern const StoryMessage _rapport_demo_chloe_messages[];

/* The locales parsed from _rapport_demo_locale_defs, made once and kept. */
const Tables *_rapport_demo_get_tables (void);

/* ------------------------------------------------------------------------------------ */
/* The text (rapport-demo-text.c)                                                        */

/* Appends the address form of @text: ASCII letters and digits, lower case. */
void _rapport_demo_append_folded        (GString           *out,
                                         const char        *text);
/* The person of a generated customer, from its plan. */
void _rapport_demo_build_person         (RapportDemo       *demo,
                                         const Plan        *plan,
                                         Person            *person);
/* The person of the second story customer, Liam López. */
void _rapport_demo_build_liam           (RapportDemo       *demo,
                                         Person            *person);
/* Draws what the texts of ticket @t speak of (order, amount, product…) into @ctx. */
void _rapport_demo_fill_ticket_context  (Rng               *rng,
                                         const PlanTicket  *t,
                                         const Person      *person,
                                         TextContext       *ctx);
/* Appends @tmpl with its placeholders ({first}, {order}…) expanded from @ctx; capitalized
 * with @capitalize. With @first_sentence, only up to the first sentence end (for social
 * posts). With @single_lines, paragraphs become single lines (chat). */
void _rapport_demo_append_text          (GString           *out,
                                         const char        *tmpl,
                                         const TextContext *ctx,
                                         gboolean           capitalize,
                                         gboolean           first_sentence,
                                         gboolean           single_lines);
/* A customer's first message by email or web form: a greeting (or none, then @tmpl is
 * capitalized) and @tmpl expanded; then the sign-off: the contact form's footer on the web,
 * else the customer's name (and company). */
void _rapport_demo_append_greeted       (GString           *out,
                                         Rng               *rng,
                                         const char        *tmpl,
                                         const TextContext *ctx);
void _rapport_demo_append_sign_off      (GString           *out,
                                         Rng               *rng,
                                         RapportChannel     channel,
                                         const Person      *p);
/* Writes the subject of ticket @t into demo->scratch. */
void _rapport_demo_build_subject        (RapportDemo       *demo,
                                         Rng               *rng,
                                         const PlanTicket  *t,
                                         const TextContext *ctx);
/* Writes the body of message @k of ticket @t into demo->body. */
void _rapport_demo_build_body           (RapportDemo       *demo,
                                         Rng               *rng,
                                         const PlanTicket  *t,
                                         guint              k,
                                         const TextContext *ctx,
                                         guint             *n_followups,
                                         gboolean          *replied);

/* ------------------------------------------------------------------------------------ */
/* Tickets answered with the suggestion content (rapport-demo-suggest-tickets.c)         */

/* What a customer writes about, and the candidate of rapport-demo-suggest.c that answers
 * it (rapport-demo-suggest-topics.c). Placeholders in braces are those of the scenarios
 * ({order}, {amount}, {product}…); openings start with a lower-case word (except "I"), so
 * that they read after an inline greeting. Of subjects and openings, the even indices are
 * the history wording and the odd ones the test wording; details[0] is the history's,
 * details[1] the test's. */
#define N_SUGGEST_TOPICS 35

typedef struct
{
  const char *key;          /* the candidate of rapport-demo-suggest.c that answers it */
  guint       weight;       /* how often customers write about it */
  const char *queue;
  const char *tags[4];
  const char *subjects[4];
  const char *openings[6];
  const char *details[2];
  const char *note;         /* the agent's internal note */
} SuggestTopic;

extern const SuggestTopic _rapport_demo_suggest_topics[];

/* The plan of customer @index (rapport-demo.c): the labelled tickets borrow its person. */
int                 _rapport_demo_heavy_shape_at     (RapportDemo        *demo,
                                                      guint               index);
void                _rapport_demo_heavy_count        (RapportDemo        *demo,
                                                      guint               index,
                                                      RapportDemoTotals  *totals);
void                _rapport_demo_emit_heavy         (RapportDemo        *demo,
                                                      guint               index,
                                                      const char         *requester,
                                                      const char         *customer_name,
                                                      RapportSyncPage    *page);
void                _rapport_demo_plan_customer      (RapportDemo        *demo,
                                                      guint               index,
                                                      Plan               *plan);
/* A topic whose candidate fits @channel, drawn by how often customers write about it. */
const SuggestTopic *_rapport_demo_suggest_pick_topic (Rng                *rng,
                                                      RapportChannel      channel);
/* The topic of the open ticket of the second story customer (a double charge). */
const SuggestTopic *_rapport_demo_suggest_story_topic (void);
const char         *_rapport_demo_suggest_topic_key  (const SuggestTopic *topic);
const char         *_rapport_demo_suggest_topic_queue (const SuggestTopic *topic);
const char * const *_rapport_demo_suggest_topic_tags (const SuggestTopic *topic);
/* Writes a subject into @out (emptied first). For the subject and the customer's messages,
 * @topic NULL means the second story customer's open ticket (its words are its own; it is
 * about _rapport_demo_suggest_story_topic()). */
void _rapport_demo_suggest_subject      (GString                   *out,
                                         Rng                       *rng,
                                         const SuggestTopic        *topic,
                                         RapportDemoSuggestWording  wording,
                                         const TextContext         *ctx);
/* Writes the customer's message number @k (0: the first, telling the problem; then what
 * they add) on @channel into @out (emptied first), in the customer's words. */
void _rapport_demo_suggest_customer     (GString                   *out,
                                         Rng                       *rng,
                                         const SuggestTopic        *topic,
                                         RapportDemoSuggestWording  wording,
                                         RapportChannel             channel,
                                         guint                      k,
                                         const TextContext         *ctx);
/* Writes the team's answer into @out (emptied first): the topic's candidate filled in for
 * this customer and ticket, in the form for @channel. */
void _rapport_demo_suggest_reply        (GString                   *out,
                                         const SuggestTopic        *topic,
                                         RapportChannel             channel,
                                         const char                *ticket_id,
                                         const TextContext         *ctx);
/* A question or update from the team before the answer, and an internal note. */
void _rapport_demo_suggest_agent_update (GString                   *out,
                                         Rng                       *rng,
                                         RapportChannel             channel,
                                         const TextContext         *ctx);
void _rapport_demo_suggest_note         (GString                   *out,
                                         const SuggestTopic        *topic,
                                         const TextContext         *ctx);
/* Writes message @k of the planned ticket @t about @topic into demo->body: the customer's
 * words, the team's update before its answer, the answer (the candidate filled in, as the
 * last public reply), the customer's thanks after it, or an internal note. @topic NULL: the
 * second story customer's open ticket (only customer messages). */
void _rapport_demo_suggest_build_body   (RapportDemo               *demo,
                                         Rng                       *rng,
                                         const PlanTicket          *t,
                                         guint                      k,
                                         const SuggestTopic        *topic,
                                         RapportDemoSuggestWording  wording,
                                         const char                *ticket_id,
                                         const TextContext         *ctx);

/* Where the demo's articles are: this, then the article's key. */
#define DEMO_HELP_URL "https://help.example.com/articles/"

/* The kind, the body for @channel (the short form on chat and social when there is one) and
 * the channel mask (0: every channel) of candidate @key of rapport-demo-suggest.c; FALSE
 * when there is no such candidate. */
gboolean _rapport_demo_suggest_find     (const char                *key,
                                         RapportChannel             channel,
                                         RapportCandidateKind      *kind,
                                         const char               **body,
                                         guint                     *channels);

G_END_DECLS

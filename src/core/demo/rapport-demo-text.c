/* rapport-demo-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo-private.h"

#include <stdarg.h>
#include <string.h>

/* The words of the demo dataset: a customer's name, company, addresses and phone numbers
 * from its plan and locale, and the subjects and message bodies of its tickets, expanded
 * from the scenario templates with the ticket's own order numbers, amounts and dates. Every
 * random choice comes from the stream rapport-demo.c hands in, in a fixed order. */

/* ------------------------------------------------------------------------------------ */
/* Civil dates from unix time (proleptic Gregorian, UTC), integer only.                  */

static void
civil_from_unix (gint64  unix_time,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 days = unix_time >= 0 ? unix_time / DAY : -((-unix_time + DAY - 1) / DAY);
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int m = (int) (mp < 10 ? mp + 3 : mp - 9);

  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = m;
  *year = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
}

/* ------------------------------------------------------------------------------------ */
/* ASCII folding for addresses: lower-case letters and digits only.                      */

/* Appends the ASCII address form of @c (lower case; nothing for characters without one,
 * such as spaces, apostrophes or non-Latin scripts). Returns the number of bytes added. */
static gsize
append_folded_char (GString  *out,
                    gunichar  c)
{
  /* Latin-1 Supplement 0xC0–0xFF ('?' = none or handled below) */
  static const char latin1[] =
    "aaaaaa?ceeeeiiiidnooooo?ouuuuy??"
    "aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";
  /* Latin Extended-A 0x100–0x17F */
  static const char ext_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllllll"
    "lnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  /* Latin Extended Additional 0x1EA0–0x1EF9 (Vietnamese): last code point of each base */
  static const struct { gunichar last; char base; } viet[] = {
    { 0x1EB7, 'a' }, { 0x1EC7, 'e' }, { 0x1ECB, 'i' }, { 0x1EE3, 'o' }, { 0x1EF1, 'u' },
    { 0x1EF9, 'y' },
  };
  const char *several = NULL;
  char one = '\0';

  G_STATIC_ASSERT (sizeof latin1 == 0x40 + 1);
  G_STATIC_ASSERT (sizeof ext_a == 0x80 + 1);

  switch (c)
    {
    case 0xC6: case 0xE6: several = "ae"; break;
    case 0xDF: several = "ss"; break;
    case 0xDE: case 0xFE: several = "th"; break;
    case 0x152: case 0x153: several = "oe"; break;
    case 0x132: case 0x133: several = "ij"; break;
    case 0x1A0: case 0x1A1: one = 'o'; break;
    case 0x1AF: case 0x1B0: one = 'u'; break;
    case 0x218: case 0x219: one = 's'; break;
    case 0x21A: case 0x21B: one = 't'; break;
    default:
      if (c < 0x80)
        one = g_ascii_isalnum ((char) c) ? g_ascii_tolower ((char) c) : '\0';
      else if (c >= 0xC0 && c <= 0xFF)
        one = latin1[c - 0xC0];
      else if (c >= 0x100 && c <= 0x17F)
        one = ext_a[c - 0x100];
      else if (c >= 0x1EA0 && c <= 0x1EF9)
        {
          for (guint i = 0; i < G_N_ELEMENTS (viet); i++)
            if (c <= viet[i].last)
              {
                one = viet[i].base;
                break;
              }
        }
      break;
    }

  if (several != NULL)
    {
      g_string_append (out, several);
      return strlen (several);
    }
  if (one != '\0' && one != '?')
    {
      g_string_append_c (out, one);
      return 1;
    }
  return 0;
}

/* Appends the address form of @text: ASCII letters and digits, lower case. */
void
_rapport_demo_append_folded (GString    *out,
                             const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    append_folded_char (out, g_utf8_get_char (p));
}

/* ------------------------------------------------------------------------------------ */
/* Templates                                                                             */

static void
append_ordinal (char *buf,
                gsize size,
                int   day)
{
  const char *suffix = "th";

  if (day % 100 < 11 || day % 100 > 13)
    {
      switch (day % 10)
        {
        case 1: suffix = "st"; break;
        case 2: suffix = "nd"; break;
        case 3: suffix = "rd"; break;
        default: break;
        }
    }
  g_snprintf (buf, size, "%d%s", day, suffix);
}

static void
format_money (char         *buf,
              gsize         size,
              const Locale *loc,
              gint64        eur_cents)
{
  const LocaleDef *def = loc->def;
  gint64 minor;

  if (def->exponent == 0)
    minor = eur_cents * def->rate / 10000;
  else
    minor = eur_cents * def->rate / 100;
  minor -= minor % def->rounding;
  if (minor <= 0)
    minor = def->rounding;

  if (def->exponent == 0)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT " %s", minor, def->currency);
  else
    g_snprintf (buf, size, "%" G_GINT64_FORMAT ".%02d %s", minor / 100, (int) (minor % 100),
                def->currency);
}

static void
append_key (GString           *out,
            const char        *key,
            gsize              len,
            const TextContext *ctx)
{
  const Person *p = ctx->person;

#define KEY_IS(k) (len == sizeof (k) - 1 && memcmp (key, k, len) == 0)
  if (KEY_IS ("first"))
    g_string_append (out, p->given);
  else if (KEY_IS ("last"))
    g_string_append (out, p->family);
  else if (KEY_IS ("full"))
    g_string_append (out, p->display);
  else if (KEY_IS ("city"))
    g_string_append (out, p->city);
  else if (KEY_IS ("email"))
    g_string_append (out, p->email);
  else if (KEY_IS ("agent"))
    g_string_append (out, ctx->agent != NULL ? ctx->agent->first : "the team");
  else if (KEY_IS ("agent_full"))
    g_string_append (out, ctx->agent != NULL ? ctx->agent->name : "The support team");
  else if (KEY_IS ("order"))
    g_string_append (out, ctx->order);
  else if (KEY_IS ("amount"))
    g_string_append (out, ctx->amount);
  else if (KEY_IS ("month"))
    g_string_append (out, ctx->month);
  else if (KEY_IS ("day"))
    g_string_append (out, ctx->day);
  else if (KEY_IS ("days"))
    g_string_append (out, ctx->days);
  else if (KEY_IS ("invoice"))
    g_string_append (out, ctx->invoice);
  else if (KEY_IS ("product"))
    g_string_append (out, ctx->product);
  else if (KEY_IS ("appliance"))
    g_string_append (out, ctx->appliance);
  else if (KEY_IS ("plan"))
    g_string_append (out, ctx->plan);
  else if (KEY_IS ("carrier"))
    g_string_append (out, ctx->carrier);
  else if (KEY_IS ("tracking"))
    g_string_append (out, ctx->tracking);
  else if (KEY_IS ("error"))
    g_string_append (out, ctx->error);
  else if (KEY_IS ("code"))
    g_string_append (out, ctx->code);
  else if (KEY_IS ("device"))
    g_string_append (out, ctx->device);
  else if (KEY_IS ("brand"))
    g_string_append (out, BRAND);
  else if (KEY_IS ("limit_note"))
    g_string_append (out, ctx->over_limit
                            ? "is above my limit, so I requested a supervisor's approval"
                            : "is within my limit");
  else
    g_error ("demo template uses an unknown placeholder {%.*s}", (int) len, key);
#undef KEY_IS
}

/* Appends @tmpl with its placeholders expanded. */
static void
expand (GString           *out,
        const char        *tmpl,
        const TextContext *ctx)
{
  const char *p = tmpl;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;

      if (open == NULL)
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, open - p);
      close = strchr (open, '}');
      g_assert (close != NULL);
      append_key (out, open + 1, close - open - 1, ctx);
      p = close + 1;
    }
}

/* Capitalizes the ASCII letter at @pos, if it is one. */
static void
capitalize_at (GString *str,
               gsize    pos)
{
  if (pos < str->len && g_ascii_islower (str->str[pos]))
    str->str[pos] = g_ascii_toupper (str->str[pos]);
}

void
_rapport_demo_append_text (GString           *out,
                           const char        *tmpl,
                           const TextContext *ctx,
                           gboolean           capitalize,
                           gboolean           first_sentence,
                           gboolean           single_lines)
{
  gsize start = out->len;

  expand (out, tmpl, ctx);
  if (capitalize)
    capitalize_at (out, start);

  if (first_sentence)
    {
      for (gsize i = start; i < out->len; i++)
        {
          char c = out->str[i];

          if ((c == '.' || c == '?' || c == '!') &&
              (i + 1 == out->len || out->str[i + 1] == ' ' || out->str[i + 1] == '\n'))
            {
              g_string_truncate (out, i + 1);
              break;
            }
        }
    }

  if (single_lines)
    {
      gsize w = start;

      for (gsize r = start; r < out->len; r++)
        {
          if (out->str[r] == '\n' && r + 1 < out->len && out->str[r + 1] == '\n')
            continue;
          out->str[w++] = out->str[r];
        }
      g_string_truncate (out, w);
    }
}

/* Copies the first line of @text (used to quote the previous message). */
static void
append_first_line (GString    *out,
                   const char *text)
{
  const char *nl = strchr (text, '\n');

  g_string_append_len (out, text, nl != NULL ? nl - text : (gssize) strlen (text));
}

/* Appends the strings of a NULL-terminated list (cheaper than a printf in hot paths). */
static void
append_all (GString    *out,
            const char *first,
            ...)
{
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_string_append (out, s);
  va_end (args);
}

/* ------------------------------------------------------------------------------------ */
/* People                                                                                */

void
_rapport_demo_build_person (RapportDemo *demo,
                            const Plan  *plan,
                            Person      *person)
{
  const Locale *loc = &demo->tables->locales[plan->locale];
  const Word *given = plan->female ? &loc->female[plan->given] : &loc->male[plan->given];
  const Family *family = &loc->family[plan->family];
  const Word *fam = plan->female ? &family->feminine : &family->masculine;
  GString *s = demo->scratch;
  char digits[9];
  const char *pattern;
  guint d = 0;
  guint64 number;
  gsize cc_len;

  person->locale = loc;
  g_strlcpy (person->given, given->display, sizeof person->given);
  g_strlcpy (person->family, fam->display, sizeof person->family);
  g_strlcpy (person->ascii_given, given->ascii, sizeof person->ascii_given);
  g_strlcpy (person->city, loc->cities[plan->city], sizeof person->city);

  switch (loc->def->order)
    {
    case ORDER_FAMILY_FIRST:
      g_snprintf (person->display, sizeof person->display, "%s %s", fam->display,
                  given->display);
      break;
    case ORDER_FAMILY_FIRST_NOSPACE:
      g_snprintf (person->display, sizeof person->display, "%s%s", fam->display,
                  given->display);
      break;
    case ORDER_GIVEN_FIRST:
    default:
      g_snprintf (person->display, sizeof person->display, "%s %s", given->display,
                  fam->display);
      break;
    }

  /* Company, from the locale's patterns */
  person->company[0] = '\0';
  if (plan->company > 0)
    {
      TextContext ctx = { .person = person };

      g_string_truncate (s, 0);
      expand (s, loc->companies[plan->company - 1], &ctx);
      g_strlcpy (person->company, s->str, sizeof person->company);
    }

  /* Email: unique through the customer index at the end of the local part. */
  g_string_truncate (s, 0);
  switch (plan->email_format)
    {
    case 0:
      g_string_append_printf (s, "%s.%s%u", given->ascii, fam->ascii, plan->index);
      break;
    case 1:
      g_string_append_printf (s, "%c%s%u", given->ascii[0], fam->ascii, plan->index);
      break;
    default:
      g_string_append_printf (s, "%s%u", given->ascii, plan->index);
      break;
    }
  g_string_append_c (s, '@');
  {
    gsize domain_start = s->len;

    if (person->company[0] != '\0')
      {
        gboolean dash = FALSE;

        for (const char *p = person->company; *p != '\0'; p = g_utf8_next_char (p))
          {
            gunichar c = g_utf8_get_char (p);
            gsize before = s->len;

            if (dash && s->len > domain_start)
              g_string_append_c (s, '-');
            if (append_folded_char (s, c) > 0)
              dash = FALSE;
            else
              {
                g_string_truncate (s, before);
                if (c == ' ' || c == '-')
                  dash = TRUE;
              }
          }
      }
    if (s->len - domain_start < 4)
      {
        g_string_truncate (s, domain_start);
        g_string_append (s, _rapport_demo_freemail_domains[plan->freemail]);
      }
    else
      g_string_append (s, ".example");
  }
  g_strlcpy (person->email, s->str, sizeof person->email);

  /* Chat and social handles */
  g_snprintf (person->chat_handle, sizeof person->chat_handle, "%s.%s%u", given->ascii,
              fam->ascii, plan->index);
  g_snprintf (person->social_handle, sizeof person->social_handle, "@%s%s%u", given->ascii,
              fam->ascii, plan->index);
  if (g_ascii_islower (person->social_handle[1]))
    person->social_handle[1] = g_ascii_toupper (person->social_handle[1]);

  /* Phone: 8 digits from a bijection of the index modulo 10^8, so unique per customer. */
  number = ((guint64) plan->index * G_GUINT64_CONSTANT (48271) +
            (demo->seed % 100000000u)) % G_GUINT64_CONSTANT (100000000);
  g_snprintf (digits, sizeof digits, "%08" G_GUINT64_FORMAT, number);
  g_string_truncate (s, 0);
  for (pattern = loc->def->phone; *pattern != '\0'; pattern++)
    g_string_append_c (s, *pattern == 'D' ? digits[d++] : *pattern);
  g_strlcpy (person->phone, s->str, sizeof person->phone);

  g_string_truncate (s, 0);
  for (const char *p = person->phone; *p != '\0'; p++)
    if (*p == '+' || g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
  g_strlcpy (person->e164, s->str, sizeof person->e164);

  /* The same number as a second system would have typed it. */
  cc_len = strlen (loc->country_code);
  if (plan->phone_format == 0)
    g_snprintf (person->phone_other, sizeof person->phone_other, "00%s", person->e164 + 1);
  else
    g_snprintf (person->phone_other, sizeof person->phone_other, "+%s-%s", loc->country_code,
                person->e164 + 1 + cc_len);
}

void
_rapport_demo_build_liam (RapportDemo *demo,
                          Person      *person)
{
  guint es = 1;

  g_assert (g_str_equal (_rapport_demo_locale_defs[es].code, "es"));
  memset (person, 0, sizeof *person);
  person->locale = &demo->tables->locales[es];
  g_strlcpy (person->given, "Liam", sizeof person->given);
  g_strlcpy (person->family, "López", sizeof person->family);
  g_strlcpy (person->ascii_given, "liam", sizeof person->ascii_given);
  g_strlcpy (person->display, "Liam López", sizeof person->display);
  g_strlcpy (person->company, "Lopez Garage", sizeof person->company);
  g_strlcpy (person->city, "Valencia", sizeof person->city);
  g_strlcpy (person->email, "liam.lopez@lopez-garage.example", sizeof person->email);
  g_strlcpy (person->phone, "+34 612 345 678", sizeof person->phone);
  g_strlcpy (person->e164, "+34612345678", sizeof person->e164);
}

/* ------------------------------------------------------------------------------------ */
/* Tickets and messages                                                                  */

void
_rapport_demo_append_greeted (GString           *out,
                              Rng               *rng,
                              const char        *tmpl,
                              const TextContext *ctx)
{
  static const char * const greetings[] = { "Hello, ", "Hi, ", "Good morning, ",
                                            "Dear support team, ", "" };
  const char *greeting = PICK (rng, greetings);

  g_string_append (out, greeting);
  _rapport_demo_append_text (out, tmpl, ctx, greeting[0] == '\0', FALSE, FALSE);
}

void
_rapport_demo_append_sign_off (GString        *out,
                               Rng            *rng,
                               RapportChannel  channel,
                               const Person   *p)
{
  if (channel == RAPPORT_CHANNEL_WEB)
    {
      append_all (out, "\n\nName: ", p->display, "\nEmail: ", p->email,
                  "\n\n-- \nSent from the contact form at northwind.example/help", NULL);
      return;
    }
  if (rng_percent (rng, 50))
    append_all (out, "\n\nBest regards,\n", p->display, NULL);
  else
    append_all (out, "\n\nThanks,\n", p->given, NULL);
  if (p->company[0] != '\0')
    append_all (out, "\n", p->company, NULL);
}

void
_rapport_demo_fill_ticket_context (Rng              *rng,
                                   const PlanTicket *t,
                                   const Person     *person,
                                   TextContext      *ctx)
{
  const Scenario *sc = &_rapport_demo_scenarios[t->scenario];
  static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXZ";
  gint64 eur_cents;
  guint plan_index;
  int year, month, day;

  memset (ctx, 0, sizeof *ctx);
  ctx->person = person;
  ctx->agent = t->agent != NO_AGENT ? &_rapport_demo_agents[t->agent] : NULL;
  ctx->product = pick_string (rng, _rapport_demo_products, N_PRODUCTS);
  ctx->appliance = pick_string (rng, _rapport_demo_appliances, N_APPLIANCES);
  plan_index = rng_below (rng, N_PLANS);
  ctx->plan = _rapport_demo_plans[plan_index];
  ctx->carrier = pick_string (rng, _rapport_demo_carriers, N_CARRIERS);
  ctx->device = pick_string (rng, _rapport_demo_devices, N_DEVICES);
  ctx->code = pick_string (rng, _rapport_demo_promo_codes, N_PROMO_CODES);

  g_snprintf (ctx->order, sizeof ctx->order, "%u", 10000 + rng_below (rng, 890000));
  civil_from_unix (t->created_at, &year, &month, &day);
  g_snprintf (ctx->invoice, sizeof ctx->invoice, "INV-%d-%05u", year, rng_below (rng, 100000));
  {
    /* Drawn one by one, last letter first (the order the shipped demo data was made in): C
     * leaves the order in which a call's arguments are evaluated open, and GCC and clang
     * differ. */
    char fourth = letters[rng_below (rng, sizeof letters - 1)];
    char third = letters[rng_below (rng, sizeof letters - 1)];
    guint number = rng_below (rng, 1000000000);
    char second = letters[rng_below (rng, sizeof letters - 1)];
    char first = letters[rng_below (rng, sizeof letters - 1)];

    g_snprintf (ctx->tracking, sizeof ctx->tracking, "%c%c%09u%c%c", first, second, number,
                third, fourth);
  }
  g_snprintf (ctx->error, sizeof ctx->error, "E-%04u", 1000 + rng_below (rng, 9000));
  g_snprintf (ctx->days, sizeof ctx->days, "%u", 2 + rng_below (rng, 6));

  /* "{month}" is the month of the ticket or the one before; "{day}" a recent day. */
  if (rng_percent (rng, 40))
    month = month == 1 ? 12 : month - 1;
  g_strlcpy (ctx->month, _rapport_demo_month_names[month - 1], sizeof ctx->month);
  civil_from_unix (t->created_at - rng_range (rng, 1, 12) * DAY, &year, &month, &day);
  append_ordinal (ctx->day, sizeof ctx->day, day);

  switch (sc->money)
    {
    case MONEY_REFUND_SMALL:
      eur_cents = _rapport_demo_amounts_small[rng_below (rng, N_AMOUNTS_SMALL)];
      break;
    case MONEY_REFUND_LARGE:
      eur_cents = _rapport_demo_amounts_large[rng_below (rng, N_AMOUNTS_LARGE)];
      break;
    case MONEY_CREDIT:
      eur_cents = _rapport_demo_plan_prices[plan_index];
      break;
    case MONEY_REFUND:
    case MONEY_ANY:
    default:
      eur_cents = _rapport_demo_amounts_any[rng_below (rng, N_AMOUNTS_ANY)];
      break;
    }
  ctx->over_limit = eur_cents > LIMIT_EUR_CENTS;
  format_money (ctx->amount, sizeof ctx->amount, person->locale, eur_cents);
}

void
_rapport_demo_build_subject (RapportDemo       *demo,
                             Rng               *rng,
                             const PlanTicket  *t,
                             const TextContext *ctx)
{
  const Scenario *sc = &_rapport_demo_scenarios[t->scenario];

  g_string_truncate (demo->scratch, 0);
  _rapport_demo_append_text (demo->scratch, PICK (rng, sc->subjects), ctx, TRUE, FALSE,
                             FALSE);
}

/* Writes the body of message @k of ticket @t into demo->body. */
void
_rapport_demo_build_body (RapportDemo       *demo,
                          Rng               *rng,
                          const PlanTicket  *t,
                          guint              k,
                          const TextContext *ctx,
                          guint             *n_followups,
                          gboolean          *replied)
{
  const Scenario *sc = &_rapport_demo_scenarios[t->scenario];
  const Person *p = ctx->person;
  GString *b = demo->body;
  MessageKind kind = t->kind[k];
  gboolean last = k + 1 == t->n_messages;
  RapportChannel channel = t->channel;
  gboolean chat = channel == RAPPORT_CHANNEL_CHAT;
  gboolean social = channel == RAPPORT_CHANNEL_SOCIAL;
  gboolean emailish = channel == RAPPORT_CHANNEL_EMAIL || channel == RAPPORT_CHANNEL_WEB;

  g_string_truncate (b, 0);

  if (kind == KIND_NOTE)
    {
      if (last && t->status == RAPPORT_TICKET_STATUS_ON_HOLD)
        {
          for (guint i = 0; i < N_HOLD_NOTES; i++)
            if (g_str_equal (_rapport_demo_hold_notes[i].queue, sc->queue))
              g_string_append (b, _rapport_demo_hold_notes[i].note);
          g_assert (b->len > 0);
        }
      else
        _rapport_demo_append_text (b, PICK (rng, sc->notes), ctx, TRUE, FALSE, FALSE);
      return;
    }

  if (kind == KIND_IN)
    {
      const char *tmpl;

      if (k == 0)
        {
          if (channel == RAPPORT_CHANNEL_PHONE)
            {
              g_string_append (b, "Phone call: ");
              _rapport_demo_append_text (b, sc->call, ctx, TRUE, FALSE, FALSE);
              return;
            }
          tmpl = PICK (rng, sc->openings);
          if (social)
            {
              g_string_append (b, "@" BRAND " ");
              _rapport_demo_append_text (b, tmpl, ctx, FALSE, TRUE, FALSE);
              return;
            }
          if (chat)
            {
              if (rng_percent (rng, 50))
                g_string_append (b, "Hi!\n");
              _rapport_demo_append_text (b, tmpl, ctx, TRUE, FALSE, TRUE);
              return;
            }

          /* email and web form */
          _rapport_demo_append_greeted (b, rng, tmpl, ctx);
          _rapport_demo_append_sign_off (b, rng, channel, p);
          return;
        }

      if (last && t->status == RAPPORT_TICKET_STATUS_SOLVED && *replied)
        tmpl = rng_percent (rng, 60) ? sc->thanks
                                     : pick_string (rng, _rapport_demo_generic_thanks,
                                                    N_GENERIC_THANKS);
      else if (*n_followups < 2 && *replied && rng_percent (rng, 80))
        tmpl = sc->followups[(*n_followups)++ % 2];
      else
        tmpl = pick_string (rng, _rapport_demo_generic_followups,
                            N_GENERIC_FOLLOWUPS);

      if (channel == RAPPORT_CHANNEL_PHONE)
        {
          append_all (b, "Phone call: ", p->given, " called back: \"", NULL);
          _rapport_demo_append_text (b, tmpl, ctx, TRUE, FALSE, FALSE);
          g_string_append_c (b, '"');
          return;
        }
      if (social)
        g_string_append (b, "@" BRAND " ");
      _rapport_demo_append_text (b, tmpl, ctx, TRUE, social, chat);
      if (emailish)
        {
          append_all (b, "\n\n", p->given, NULL);
          if (demo->previous->len > 0 && rng_percent (rng, 40))
            {
              g_string_append (b, "\n\n> ");
              append_first_line (b, demo->previous->str);
            }
        }
      return;
    }

  /* KIND_OUT */
  {
    const char *tmpl;
    const Agent *agent = ctx->agent;

    if (!*replied)
      tmpl = PICK (rng, sc->replies);
    else if (last || rng_percent (rng, 50))
      tmpl = PICK (rng, sc->resolutions);
    else
      tmpl = pick_string (rng, _rapport_demo_generic_agent_followups,
                        N_GENERIC_AGENT_FOLLOWUPS);
    *replied = TRUE;

    if (chat)
      {
        _rapport_demo_append_text (b, tmpl, ctx, TRUE, FALSE, TRUE);
        return;
      }

    append_all (b, "Hi ", p->given, ", ", NULL);
    _rapport_demo_append_text (b, tmpl, ctx, FALSE, social, FALSE);
    if (social)
      {
        if (agent != NULL)
          append_all (b, "\n^", agent->initials, NULL);
        return;
      }
    append_all (b, "\n\nBest regards,\n", agent != NULL ? agent->name : "The support team",
                "\n" BRAND " Support", NULL);
  }
}

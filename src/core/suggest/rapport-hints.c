/* rapport-hints.c: rule-based clarity and empathy hints on a draft reply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every rule reads the draft's sentences and words (rapport-hints-text.c) against the
 * phrase tables of the draft's language (rapport-hints-en.c for English): the tables are
 * data, and the code below knows no English word.
 */

#define G_LOG_DOMAIN "rapport-hints"

#include "config.h"

#include "rapport-hints-private.h"

#include <string.h>

G_DEFINE_QUARK (rapport-hints-error-quark, rapport_hints_error)

static const LanguageDef *const languages[] = { &_rapport_hints_english };

/* Per channel: the longest sentence that is fine, in words, and the length from which a
 * reply is expected to state a next step (a short chat line such as "You're welcome!" is
 * not). */
typedef struct
{
  guint max_sentence_words;
  guint next_step_from_words;
} ChannelLimits;

static const ChannelLimits channel_limits[] = {
  [RAPPORT_CHANNEL_EMAIL] = { 30, 12 },
  [RAPPORT_CHANNEL_CHAT] = { 20, 15 },
  [RAPPORT_CHANNEL_PHONE] = { 20, 12 },
  [RAPPORT_CHANNEL_SOCIAL] = { 20, 15 },
  [RAPPORT_CHANNEL_WEB] = { 30, 12 },
};

/* A language's tables, compiled into phrase sets. */
typedef struct
{
  const LanguageDef *def;
  PhraseSet         *function_words;
  PhraseSet         *greeting;
  PhraseSet         *acknowledge;
  PhraseSet         *upset;
  PhraseSet         *negative;
  PhraseSet         *negative_prefix;
  PhraseSet         *offer;
  PhraseSet         *step;
  PhraseSet         *time;
  PhraseSet         *time_unit;
  PhraseSet         *time_count;
  PhraseSet         *time_suffix;
  PhraseSet         *time_after_number;
  PhraseSet         *month;
  PhraseSet         *clause_break;
} Language;

/* The compiled tables of every language, built once and kept for the process's life. */
static const Language *
get_languages (void)
{
  static Language compiled[G_N_ELEMENTS (languages)];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
        {
          const LanguageDef *def = languages[i];
          Language *l = &compiled[i];

          l->def = def;
          l->function_words = _rapport_hints_phrase_set_compile (def->function_words);
          l->greeting = _rapport_hints_phrase_set_compile (def->greeting);
          l->acknowledge = _rapport_hints_phrase_set_compile (def->acknowledge);
          l->upset = _rapport_hints_phrase_set_compile (def->upset);
          l->negative = _rapport_hints_phrase_set_compile (def->negative);
          l->negative_prefix = _rapport_hints_phrase_set_compile (def->negative_prefix);
          l->offer = _rapport_hints_phrase_set_compile (def->offer);
          l->step = _rapport_hints_phrase_set_compile (def->step);
          l->time = _rapport_hints_phrase_set_compile (def->time);
          l->time_unit = _rapport_hints_phrase_set_compile (def->time_unit);
          l->time_count = _rapport_hints_phrase_set_compile (def->time_count);
          l->time_suffix = _rapport_hints_phrase_set_compile (def->time_suffix);
          l->time_after_number = _rapport_hints_phrase_set_compile (def->time_after_number);
          l->month = _rapport_hints_phrase_set_compile (def->month);
          l->clause_break = _rapport_hints_phrase_set_compile (def->clause_break);
        }
      g_once_init_leave (&done, 1);
    }

  return compiled;
}

/* The language of a tag ("en", "en-GB", "en_US.UTF-8"), or NULL. */
static const Language *
find_language (const char *tag)
{
  const Language *compiled = get_languages ();
  gsize length = strcspn (tag, "-_.@");

  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    if (strlen (languages[i]->code) == length &&
        g_ascii_strncasecmp (tag, languages[i]->code, length) == 0)
      return &compiled[i];

  return NULL;
}

/* The language whose common words make up a fifth or more of the draft's first 200 words,
 * or NULL. */
static const Language *
detect_language (const Doc *doc)
{
  const Language *compiled = get_languages ();
  guint n = MIN (doc->words->len, 200);

  for (gsize l = 0; n > 0 && l < G_N_ELEMENTS (languages); l++)
    {
      guint hits = 0;

      for (guint i = 0; i < n; i++)
        if (g_hash_table_contains (compiled[l].function_words->by_first,
                                   g_array_index (doc->words, Word, i).fold))
          hits++;
      if (hits * 5 >= n)
        return &compiled[l];
    }

  return NULL;
}

/* The rules */

typedef struct
{
  const Language *language;
  const Doc      *doc;
  GPtrArray      *hints;
  RapportChannel  channel;
} Check;

static RapportHint *
add_hint (Check           *check,
          RapportHintKind  kind)
{
  RapportHint *hint = g_new0 (RapportHint, 1);

  hint->kind = kind;
  hint->rewrite_slot_start = -1;
  hint->rewrite_slot_end = -1;
  g_ptr_array_add (check->hints, hint);

  return hint;
}

static void
set_span_words (RapportHint *hint,
                const Word  *first,
                const Word  *last)
{
  hint->has_span = TRUE;
  hint->start = first->start;
  hint->end = last->end;
  hint->char_start = first->char_start;
  hint->char_end = last->char_end;
}

static void
set_span_sentence (RapportHint    *hint,
                   const Sentence *sentence)
{
  hint->has_span = TRUE;
  hint->start = sentence->start;
  hint->end = sentence->end;
  hint->char_start = sentence->char_start;
  hint->char_end = sentence->char_end;
}

static const Word *
word_at (const Doc *doc,
         guint      i)
{
  return &g_array_index (doc->words, Word, i);
}

static gboolean
sentence_has (const Doc       *doc,
              const Sentence  *sentence,
              const PhraseSet *set)
{
  for (guint i = sentence->first_word; i < sentence->first_word + sentence->n_words; i++)
    if (_rapport_hints_phrase_set_match (set, doc->words, i) != NULL)
      return TRUE;

  return FALSE;
}

/* Upset: the customer's messages carry anger or frustration words, repeated contact,
 * shouting (three capitalised words in a row, or half of the words) or "!!". Each signal
 * has a weight; UPSET_AT or more is upset. */
static gboolean
customer_upset (const Language    *language,
                const char *const *messages,
                guint              first,
                guint              n_messages)
{
  int score = 0;
  gboolean exclaims = FALSE;

  for (guint m = first; m < n_messages; m++)
    {
      g_autoptr(GString) unquoted = g_string_new (NULL);
      g_auto(Doc) doc = { 0 };
      const char *text = messages[m];
      glong chars = 0;
      guint run = 0;
      guint caps = 0;
      guint longest_run = 0;
      guint lettered = 0;
      guint bangs = 0;

      /* Without quoted lines, up to RAPPORT_HINTS_MAX_CHARS characters. */
      for (const char *line = text; *line != '\0' && chars < RAPPORT_HINTS_MAX_CHARS;)
        {
          const char *eol = strchr (line, '\n');
          const char *p = line;
          gsize length = eol != NULL ? (gsize) (eol - line + 1) : strlen (line);

          while (p < line + length && (*p == ' ' || *p == '\t'))
            p++;
          if (*p != '>')
            {
              const char *cut = line;

              while (cut < line + length && chars < RAPPORT_HINTS_MAX_CHARS)
                {
                  cut = g_utf8_next_char (cut);
                  chars++;
                }
              g_string_append_len (unquoted, line, cut - line);
            }
          line += length;
        }

      for (gsize i = 0; i < unquoted->len; i++)
        {
          if (unquoted->str[i] == '!')
            {
              bangs++;
              if (i + 1 < unquoted->len && unquoted->str[i + 1] == '!')
                exclaims = TRUE;
            }
        }
      if (bangs >= 3)
        exclaims = TRUE;

      /* One sentence per message: phrases do not span two messages. */
      doc.text = unquoted->str;
      doc.length = unquoted->len;
      doc.words = g_array_new (FALSE, TRUE, sizeof (Word));
      doc.folds = g_string_chunk_new (MAX (64, unquoted->len));
      {
        Cursor cursor = { unquoted->str, 0, 0 };

        _rapport_hints_tokenize (unquoted->str, 0, unquoted->len, &cursor, 0, doc.words, doc.folds);
      }

      for (guint i = 0, phrase_end = 0; i < doc.words->len; i++)
        {
          const Word *w = word_at (&doc, i);

          /* Phrases do not overlap ("very frustrated" counts once, not twice). */
          if (i >= phrase_end)
            {
              const Phrase *phrase = _rapport_hints_phrase_set_match (language->upset,
                                                                      doc.words, i);

              if (phrase != NULL)
                {
                  score += phrase->def->value;
                  phrase_end = i + phrase->n_words;
                }
            }
          if (w->flags & WORD_NUMBER)
            continue;
          lettered++;
          if (w->flags & WORD_CAPS)
            {
              caps++;
              run++;
              longest_run = MAX (longest_run, run);
            }
          else
            {
              run = 0;
            }
        }
      if (longest_run >= 3 || (caps >= 3 && caps * 2 >= lettered))
        score += UPSET_STRONG;
    }

  if (exclaims)
    score += UPSET_WEAK;

  return score >= UPSET_AT;
}

/* Acknowledge first: an upset customer reads an apology or acknowledgement in the greeting
 * or in the first two sentences after it. */
static void
check_acknowledge_first (Check *check)
{
  const Doc *doc = check->doc;
  guint first = 0;
  guint end;
  const Sentence *s0;

  if (doc->sentences->len == 0)
    return;

  s0 = &g_array_index (doc->sentences, Sentence, 0);
  if (s0->words <= 4 && s0->n_words > 0 &&
      _rapport_hints_phrase_set_match (check->language->greeting, doc->words,
                                       s0->first_word) != NULL)
    {
      if (sentence_has (doc, s0, check->language->acknowledge))
        return;
      first = 1;
    }
  end = MIN (first + 2, doc->sentences->len);
  for (guint i = first; i < end; i++)
    if (sentence_has (doc, &g_array_index (doc->sentences, Sentence, i),
                      check->language->acknowledge))
      return;

  set_span_sentence (add_hint (check, RAPPORT_HINT_ACKNOWLEDGE_FIRST),
                     &g_array_index (doc->sentences, Sentence, MIN (first, end - 1)));
}

static char *
capitalize_like (const char *rewrite,
                 gboolean    upper)
{
  gunichar c = g_utf8_get_char (rewrite);
  const char *rest = g_utf8_next_char (rewrite);
  char first[8] = { 0 };

  g_unichar_to_utf8 (upper ? g_unichar_toupper (c) : c, first);

  return g_strconcat (first, rest, NULL);
}

/* Whether a comma, a semicolon or a colon separates words @i - 1 and @i, or word @i is
 * one that starts a new clause ("but"): then the two are in different clauses. */
static gboolean
clause_breaks_before (const Check *check,
                      guint        i)
{
  const Doc *doc = check->doc;
  const Word *previous = word_at (doc, i - 1);
  const Word *next = word_at (doc, i);

  if (previous->sentence != next->sentence)
    return TRUE;
  for (gsize p = previous->end; p < next->start; p++)
    if (doc->text[p] == ',' || doc->text[p] == ';' || doc->text[p] == ':')
      return TRUE;

  return _rapport_hints_phrase_set_match (check->language->clause_break, doc->words, i) != NULL;
}

/* Negative phrasing: a refusal ("we can't …", with a softener before it such as
 * "unfortunately") up to the end of its clause, unless its sentence already gives the
 * alternative ("… but we can …"); and fixed negative expressions ("don't hesitate to"). */
static void
check_negative_phrasing (Check *check)
{
  const Doc *doc = check->doc;
  const Language *language = check->language;
  guint offer_sentence = G_MAXUINT; /* the sentence @offered is about */
  gboolean offered = FALSE;

  for (guint i = 0; i < doc->words->len; i++)
    {
      const Phrase *phrase = _rapport_hints_phrase_set_match (language->negative, doc->words, i);
      const Sentence *sentence;
      const Word *first;
      const Word *last;
      const Phrase *prefix;
      guint end;
      guint value;
      RapportHint *hint;

      if (phrase == NULL)
        continue;
      value = phrase->def->value;
      end = i + phrase->n_words; /* one past the last word of the span */
      if (value == NEGATIVE_EXCEPTION)
        {
          i = end - 1;
          continue;
        }

      first = word_at (doc, i);
      sentence = &g_array_index (doc->sentences, Sentence, first->sentence);
      if (value == NEGATIVE_INTERJECTION && i > sentence->first_word &&
          !clause_breaks_before (check, i))
        {
          i = end - 1;
          continue;
        }
      if (value != NEGATIVE_REPLACE && value != NEGATIVE_INTERJECTION)
        {
          guint sentence_end = sentence->first_word + sentence->n_words;

          /* Once per sentence, however many refusals it holds. */
          if (offer_sentence != first->sentence)
            {
              offer_sentence = first->sentence;
              offered = sentence_has (doc, sentence, language->offer);
            }
          if (offered)
            {
              i = end - 1;
              continue;
            }
          if (value == NEGATIVE_PASSIVE)
            {
              guint start = i;

              while (start > sentence->first_word && !clause_breaks_before (check, start))
                start--;
              first = word_at (doc, start);
            }
          else
            {
              prefix = _rapport_hints_phrase_set_match_before (language->negative_prefix,
                                                               doc->words, i);
              if (prefix != NULL)
                first = word_at (doc, i - prefix->n_words);
            }

          /* The clause: up to a comma, a semicolon, a colon or a word such as "but". */
          while (end < sentence_end && !clause_breaks_before (check, end))
            end++;
        }
      last = word_at (doc, end - 1);

      hint = add_hint (check, RAPPORT_HINT_NEGATIVE_PHRASING);
      set_span_words (hint, first, last);
      if (value == NEGATIVE_REPLACE || value == NEGATIVE_INTERJECTION)
        hint->rewrite = capitalize_like (phrase->def->replacement,
                                         is_upper_start (char_at (doc->text, first->start)));
      else
        hint->rewrite = capitalize_like (language->def->rewrite[value],
                                         first == word_at (doc, sentence->first_word));
      {
        const char *slot = strstr (hint->rewrite, RAPPORT_HINTS_SLOT);

        if (slot != NULL)
          {
            hint->rewrite_slot_start = slot - hint->rewrite;
            hint->rewrite_slot_end = hint->rewrite_slot_start + strlen (RAPPORT_HINTS_SLOT);
          }
      }
      i = end - 1;
    }
}

/* Whether a time expression starts at word @i: a table entry ("tomorrow", "by noon"), a
 * count and a unit ("24 hours", "a few days"), a number with a time ending ("3pm", "24h",
 * "3rd") or followed by "am"/"pm" or by ":" and digits ("10:30"), a date ("2025-11-03"),
 * or a month (next to a number when the month's name has another meaning). */
static gboolean
time_at (const Language *language,
         const Doc      *doc,
         guint           i)
{
  const Word *w = word_at (doc, i);
  const Phrase *phrase;
  guint after = i + 1;

  if (_rapport_hints_phrase_set_match (language->time, doc->words, i) != NULL)
    return TRUE;

  phrase = _rapport_hints_phrase_set_match (language->month, doc->words, i);
  if (phrase != NULL)
    {
      gboolean number_before = i > 0 && (word_at (doc, i - 1)->flags & WORD_NUMBER) &&
                               word_at (doc, i - 1)->sentence == w->sentence;
      gboolean number_after = after < doc->words->len &&
                              (word_at (doc, after)->flags & WORD_NUMBER) &&
                              word_at (doc, after)->sentence == w->sentence;

      if (phrase->def->value == MONTH_ALONE || number_before || number_after)
        return TRUE;
    }

  if (w->flags & WORD_NUMBER)
    {
      const char *p = w->fold;
      guint dashes = 0;

      while (g_ascii_isdigit (*p) || *p == '-')
        {
          if (*p == '-')
            dashes++;
          p++;
        }
      if (*p == '\0' && dashes == 2)
        return TRUE;
      if (*p != '\0' && !strchr (p, '-') &&
          g_hash_table_contains (language->time_suffix->by_first, p))
        return TRUE;
      if (w->end + 1 < doc->length && doc->text[w->end] == ':' &&
          g_ascii_isdigit (doc->text[w->end + 1]))
        return TRUE;
      if (after < doc->words->len && word_at (doc, after)->sentence == w->sentence &&
          _rapport_hints_phrase_set_match (language->time_after_number, doc->words, after) != NULL)
        return TRUE;
    }
  else
    {
      phrase = _rapport_hints_phrase_set_match (language->time_count, doc->words, i);
      if (phrase == NULL)
        return FALSE;
      after = i + phrase->n_words;
      /* "the next 24 hours" */
      if (after < doc->words->len && (word_at (doc, after)->flags & WORD_NUMBER))
        after++;
    }

  return after < doc->words->len && word_at (doc, after)->sentence == w->sentence &&
         _rapport_hints_phrase_set_match (language->time_unit, doc->words, after) != NULL;
}

/* No next step: a reply of some length with no question, no request to the customer and
 * no action anyone takes later. No timing: an action the team takes later, and no time
 * expression anywhere in the reply; the hint points at the first such action's sentence. */
static void
check_next_step_and_timing (Check *check)
{
  const Doc *doc = check->doc;
  const Language *language = check->language;
  const char *suffix = language->def->step_suffix;
  gsize suffix_length = suffix != NULL ? strlen (suffix) : 0;
  gboolean step = FALSE;
  gboolean timed = FALSE;
  const Word *agent_step = NULL;
  guint total_words = 0;

  for (guint s = 0; s < doc->sentences->len; s++)
    {
      const Sentence *sentence = &g_array_index (doc->sentences, Sentence, s);

      total_words += sentence->words;
      if (sentence->question)
        step = TRUE;
    }

  for (guint i = 0; i < doc->words->len; i++)
    {
      const Word *w = word_at (doc, i);
      const Phrase *phrase;
      int value = -1;

      if (!timed && time_at (language, doc, i))
        timed = TRUE;

      phrase = _rapport_hints_phrase_set_match (language->step, doc->words, i);
      if (phrase != NULL)
        value = phrase->def->value;
      else if (suffix_length > 0 && strlen (w->fold) > suffix_length &&
               g_str_has_suffix (w->fold, suffix))
        value = STEP_AGENT;

      if (value == STEP_CUSTOMER || value == STEP_AGENT)
        step = TRUE;
      if (value == STEP_AGENT && agent_step == NULL)
        agent_step = w;
      if (phrase != NULL)
        i += phrase->n_words - 1;
    }

  if (!step && total_words >= channel_limits[check->channel].next_step_from_words)
    add_hint (check, RAPPORT_HINT_NO_NEXT_STEP);

  if (agent_step != NULL && !timed)
    set_span_sentence (add_hint (check, RAPPORT_HINT_NO_TIMING),
                       &g_array_index (doc->sentences, Sentence, agent_step->sentence));
}

/* Long sentences: more words than the channel's limit. */
static void
check_long_sentences (Check *check)
{
  guint limit = channel_limits[check->channel].max_sentence_words;

  for (guint s = 0; s < check->doc->sentences->len; s++)
    {
      const Sentence *sentence = &g_array_index (check->doc->sentences, Sentence, s);

      if (sentence->words > limit)
        {
          RapportHint *hint = add_hint (check, RAPPORT_HINT_LONG_SENTENCE);

          set_span_sentence (hint, sentence);
          hint->words = sentence->words;
        }
    }
}

/* Jargon: every occurrence of a term of the list, as whole words (any case), outside URLs
 * and e-mail addresses. */
static gboolean
check_jargon (Check              *check,
              const char *const  *terms,
              GError            **error)
{
  g_autoptr(PhraseSet) set = _rapport_hints_phrase_set_new ();
  const Doc *doc = check->doc;
  guint n = 0;

  for (; terms[n] != NULL && n < RAPPORT_HINTS_MAX_JARGON; n++)
    {
      if (!g_utf8_validate (terms[n], -1, NULL))
        {
          g_set_error (error, RAPPORT_HINTS_ERROR, RAPPORT_HINTS_ERROR_INVALID_UTF8,
                       "Jargon term %u is not valid UTF-8", n);
          return FALSE;
        }
      _rapport_hints_phrase_set_add (set, terms[n], NULL, n, RAPPORT_HINTS_MAX_TERM_WORDS);
    }

  for (guint i = 0; i < doc->words->len; i++)
    {
      const Phrase *phrase;
      RapportHint *hint;

      if (word_at (doc, i)->flags & WORD_IN_LINK)
        continue;
      phrase = _rapport_hints_phrase_set_match (set, doc->words, i);
      if (phrase == NULL)
        continue;

      hint = add_hint (check, RAPPORT_HINT_JARGON);
      set_span_words (hint, word_at (doc, i), word_at (doc, i + phrase->n_words - 1));
      hint->term = g_strdup (terms[phrase->index]);
      i += phrase->n_words - 1;
    }

  return TRUE;
}

static void
hint_free (gpointer data)
{
  RapportHint *hint = data;

  g_free (hint->rewrite);
  g_free (hint->term);
  g_free (hint);
}

static int
compare_hints (gconstpointer a,
               gconstpointer b)
{
  const RapportHint *ha = *(const RapportHint *const *) a;
  const RapportHint *hb = *(const RapportHint *const *) b;

  if (ha->has_span != hb->has_span)
    return ha->has_span ? -1 : 1;
  if (ha->start != hb->start)
    return ha->start < hb->start ? -1 : 1;
  if (ha->kind != hb->kind)
    return ha->kind < hb->kind ? -1 : 1;

  return ha->end < hb->end ? -1 : (ha->end > hb->end ? 1 : 0);
}

void
rapport_hints_free (RapportHints *hints)
{
  if (hints == NULL)
    return;

  g_ptr_array_unref (hints->hints);
  g_free (hints);
}

static gboolean
validate (const char  *text,
          const char  *what,
          guint        number,
          GError     **error)
{
  const char *end = NULL;

  if (g_utf8_validate (text, -1, &end))
    return TRUE;

  g_set_error (error, RAPPORT_HINTS_ERROR, RAPPORT_HINTS_ERROR_INVALID_UTF8,
               "%s %u is not valid UTF-8 at byte %" G_GSIZE_FORMAT, what, number,
               (gsize) (end - text));
  return FALSE;
}

RapportHints *
rapport_hints_check (const RapportHintsInput  *input,
                     GError                  **error)
{
  g_autoptr(RapportHints) result = NULL;
  g_auto(Doc) doc = { 0 };
  const Language *language = NULL;
  const char *const *jargon;
  guint n_messages = 0;
  guint first_message;
  Check check = { 0 };
  const char *cut;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (input->draft != NULL, NULL);
  g_return_val_if_fail ((guint) input->channel < G_N_ELEMENTS (channel_limits), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate (input->draft, "Draft", 0, error))
    return NULL;
  if (input->customer_messages != NULL)
    while (input->customer_messages[n_messages] != NULL)
      n_messages++;
  first_message = n_messages > RAPPORT_HINTS_MAX_MESSAGES
                  ? n_messages - RAPPORT_HINTS_MAX_MESSAGES : 0;
  for (guint m = first_message; m < n_messages; m++)
    if (!validate (input->customer_messages[m], "Customer message", m, error))
      return NULL;

  result = g_new0 (RapportHints, 1);
  result->hints = g_ptr_array_new_with_free_func (hint_free);

  cut = input->draft;
  while (*cut != '\0' && result->checked_chars < RAPPORT_HINTS_MAX_CHARS)
    {
      cut = g_utf8_next_char (cut);
      result->checked_chars++;
    }
  result->checked_bytes = cut - input->draft;
  result->truncated = *cut != '\0';

  _rapport_hints_doc_init (&doc, input->draft, result->checked_bytes);

  if (input->language != NULL && g_ascii_strcasecmp (input->language, "C") != 0 &&
      g_ascii_strncasecmp (input->language, "C.", 2) != 0 &&
      g_ascii_strcasecmp (input->language, "POSIX") != 0)
    language = find_language (input->language);
  else
    language = detect_language (&doc);
  if (language == NULL)
    return g_steal_pointer (&result);
  result->language = language->def->code;

  if (n_messages > 0)
    result->customer_upset = customer_upset (language, input->customer_messages,
                                             first_message, n_messages);
  if (doc.words->len == 0)
    return g_steal_pointer (&result);

  check.language = language;
  check.doc = &doc;
  check.hints = result->hints;
  check.channel = input->channel;

  if (result->customer_upset)
    check_acknowledge_first (&check);
  check_negative_phrasing (&check);
  check_next_step_and_timing (&check);
  check_long_sentences (&check);
  jargon = input->jargon != NULL ? input->jargon : language->def->jargon;
  if (!check_jargon (&check, jargon, error))
    return NULL;

  g_ptr_array_sort (result->hints, compare_hints);

  return g_steal_pointer (&result);
}

const char *const *
rapport_hints_default_jargon (const char *language)
{
  const Language *found = find_language (language != NULL ? language : "en");

  return found != NULL ? found->def->jargon : NULL;
}

guint
rapport_hints_max_sentence_words (RapportChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_limits), 0);

  return channel_limits[channel].max_sentence_words;
}

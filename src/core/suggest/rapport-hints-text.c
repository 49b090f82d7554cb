/* rapport-hints-text.c: the hints' view of a text: sentences, words and phrase tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is split into sentences once, then into words (case-folded), in one pass; the
 * phrase tables match those words with one hash lookup per word, so everything here is
 * linear in the length of the text whatever the size of the tables.
 */

#define G_LOG_DOMAIN "rapport-hints"

#include "config.h"

#include "rapport-hints-private.h"

#include <string.h>

/* Sentence-ending abbreviations, written without their last dot. ALWAYS never ends a
 * sentence; BEFORE_NUMBER does not when a number follows ("No. 5"); BEFORE_LOWER does
 * not unless an upper-case letter follows ("etc. Then"). These are orthography, not
 * rules: the splitter uses them for every language. */
enum
{
  ABBREVIATION_ALWAYS,
  ABBREVIATION_BEFORE_NUMBER,
  ABBREVIATION_BEFORE_LOWER,
};

static const struct
{
  const char *text;
  int         kind;
} abbreviations[] = {
  { "e.g", ABBREVIATION_ALWAYS }, { "i.e", ABBREVIATION_ALWAYS },
  { "mr", ABBREVIATION_ALWAYS }, { "mrs", ABBREVIATION_ALWAYS },
  { "ms", ABBREVIATION_ALWAYS }, { "dr", ABBREVIATION_ALWAYS },
  { "prof", ABBREVIATION_ALWAYS }, { "vs", ABBREVIATION_ALWAYS },
  { "cf", ABBREVIATION_ALWAYS }, { "approx", ABBREVIATION_ALWAYS },
  { "incl", ABBREVIATION_ALWAYS }, { "eg", ABBREVIATION_ALWAYS },
  { "ie", ABBREVIATION_ALWAYS }, { "no", ABBREVIATION_BEFORE_NUMBER },
  { "nos", ABBREVIATION_BEFORE_NUMBER }, { "tel", ABBREVIATION_BEFORE_NUMBER },
  { "ext", ABBREVIATION_BEFORE_NUMBER }, { "ref", ABBREVIATION_BEFORE_NUMBER },
  { "p", ABBREVIATION_BEFORE_NUMBER }, { "pp", ABBREVIATION_BEFORE_NUMBER },
  { "fig", ABBREVIATION_BEFORE_NUMBER }, { "art", ABBREVIATION_BEFORE_NUMBER },
  { "etc", ABBREVIATION_BEFORE_LOWER }, { "inc", ABBREVIATION_BEFORE_LOWER },
  { "ltd", ABBREVIATION_BEFORE_LOWER }, { "co", ABBREVIATION_BEFORE_LOWER },
  { "jr", ABBREVIATION_BEFORE_LOWER }, { "sr", ABBREVIATION_BEFORE_LOWER },
  { "st", ABBREVIATION_BEFORE_LOWER },
};

void
_rapport_hints_doc_clear (Doc *doc)
{
  g_clear_pointer (&doc->sentences, g_array_unref);
  g_clear_pointer (&doc->words, g_array_unref);
  g_clear_pointer (&doc->folds, g_string_chunk_free);
}

/* The first character of the chunk after @pos, or 0 at the end of the text. */
static gunichar
peek_next_chunk (const char *text,
                 gsize       length,
                 gsize       pos)
{
  while (pos < length)
    {
      gunichar c = char_at (text, pos);

      if (!is_space (c))
        return c;
      pos = next_pos (text, pos);
    }

  return 0;
}

static gboolean
chunk_has_word_char (const char *text,
                     gsize       start,
                     gsize       end)
{
  for (gsize p = start; p < end; p = next_pos (text, p))
    if (is_word_char (char_at (text, p)))
      return TRUE;

  return FALSE;
}

/* "-", "*", "•", "1.", "2)", "a)": a chunk that starts a list item at the start of a line. */
static gboolean
is_list_marker (const char *text,
                gsize       start,
                gsize       end)
{
  gunichar c = char_at (text, start);
  gsize p = start;
  guint digits = 0;

  if (next_pos (text, start) == end && (c == '-' || c == '*' || c == 0x2022 || c == 0x2013))
    return TRUE;

  while (p < end && g_ascii_isdigit (text[p]) && digits < 4)
    {
      p++;
      digits++;
    }
  if (digits == 0 && p < end && g_ascii_isalpha (text[p]) && p + 2 == end && text[p + 1] == ')')
    return TRUE;

  return digits > 0 && digits < 4 && p + 1 == end && (text[p] == '.' || text[p] == ')');
}

/* Whether the chunk @start … @end (no whitespace) ends its sentence. @next is the first
 * character of the next chunk (0 at the end of the text); @line_start tells that the chunk
 * starts a line. */
static gboolean
chunk_ends_sentence (const char *text,
                     gsize       start,
                     gsize       end,
                     gunichar    next,
                     gboolean    line_start)
{
  gsize t = end;
  gsize body_start = start;
  gunichar last;
  char body[16];
  gsize body_length;
  gboolean dotted = FALSE;

  while (t > start && is_closer (char_at (text, prev_pos (text, t))))
    t = prev_pos (text, t);
  if (t == start)
    return FALSE;

  last = char_at (text, prev_pos (text, t));
  if (last == '!' || last == '?')
    return TRUE;
  if (last == 0x2026)
    return next == 0 || is_upper_start (next);
  if (last != '.')
    return FALSE;

  t = prev_pos (text, t);
  if (t > start && text[t - 1] == '.')
    return next == 0 || is_upper_start (next); /* "..." */

  if (line_start && is_list_marker (text, start, end))
    return FALSE;

  while (body_start < t && is_opener (char_at (text, body_start)))
    body_start = next_pos (text, body_start);
  if (body_start == t)
    return TRUE;

  /* A single letter: an initial ("J. Smith"). */
  if (next_pos (text, body_start) == t && g_unichar_isalpha (char_at (text, body_start)))
    return next == 0;

  body_length = t - body_start;
  if (body_length >= sizeof body)
    return TRUE;
  for (gsize i = 0; i < body_length; i++)
    {
      body[i] = g_ascii_tolower (text[body_start + i]);
      if (body[i] == '.')
        dotted = TRUE;
    }
  body[body_length] = '\0';

  for (gsize i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (strcmp (body, abbreviations[i].text) == 0)
      switch (abbreviations[i].kind)
        {
        case ABBREVIATION_ALWAYS:
          return FALSE;
        case ABBREVIATION_BEFORE_NUMBER:
          return !g_unichar_isdigit (next);
        case ABBREVIATION_BEFORE_LOWER:
        default:
          return next == 0 || is_upper_start (next);
        }

  /* Dotted initialisms ("a.m.", "U.S."): letters between dots. */
  if (dotted)
    {
      gboolean initialism = TRUE;

      for (gsize i = 0; i < body_length; i++)
        if (i % 2 == 0 ? !g_ascii_isalpha (body[i]) : body[i] != '.')
          initialism = FALSE;
      if (initialism)
        return next == 0 || is_upper_start (next);
    }

  return TRUE;
}

static void
close_sentence (const char *text,
                GArray     *sentences,
                Sentence   *current,
                gsize       end)
{
  gsize t = end;

  current->end = end;
  while (t > current->start && is_closer (char_at (text, prev_pos (text, t))))
    t = prev_pos (text, t);
  current->question = t > current->start && char_at (text, prev_pos (text, t)) == '?';
  g_array_append_val (sentences, *current);
}

/* Sentences, by bytes only (words and characters are filled by _rapport_hints_tokenize()). */
static GArray *
split_sentences (const char *text,
                 gsize       length)
{
  GArray *sentences = g_array_new (FALSE, TRUE, sizeof (Sentence));
  Sentence current = { 0 };
  gboolean open = FALSE;
  gsize pos = 0;
  gsize previous_end = 0;
  guint line_chunks = 0;

  for (;;)
    {
      guint newlines = 0;
      gsize start;
      gboolean line_start;

      while (pos < length)
        {
          gunichar c = char_at (text, pos);

          if (!is_space (c))
            break;
          if (c == '\n' || c == 0x2028 || c == 0x2029)
            newlines += c == 0x2029 ? 2 : 1;
          pos = next_pos (text, pos);
        }
      if (pos >= length)
        break;

      start = pos;
      while (pos < length && !is_space (char_at (text, pos)))
        pos = next_pos (text, pos);
      line_start = newlines > 0 || start == 0;

      /* A quoted line ("> …": the customer's words under an e-mail reply) is nobody's
       * sentence here: it ends the sentence before it and is skipped. */
      if (line_start && text[start] == '>')
        {
          if (open)
            {
              close_sentence (text, sentences, &current, previous_end);
              open = FALSE;
            }
          while (pos < length && text[pos] != '\n')
            pos++;
          continue;
        }

      if (open && newlines > 0)
        {
          gunichar first = char_at (text, start);
          gunichar before = char_at (text, prev_pos (text, previous_end));
          gboolean breaks = newlines > 1 || is_list_marker (text, start, pos);

          /* A line after "Hi Chloé," or a short line ("Best regards", a name). */
          if (!breaks && is_upper_start (first))
            breaks = before == ',' || before == ':' || before == ';' || line_chunks <= 3;
          if (breaks)
            {
              close_sentence (text, sentences, &current, previous_end);
              open = FALSE;
            }
        }
      if (newlines > 0)
        line_chunks = 0;
      line_chunks++;

      if (!open)
        {
          memset (&current, 0, sizeof current);
          current.start = start;
          open = TRUE;
        }
      if (chunk_has_word_char (text, start, pos))
        current.words++;

      previous_end = pos;
      if (chunk_ends_sentence (text, start, pos, peek_next_chunk (text, length, pos),
                               line_start))
        {
          close_sentence (text, sentences, &current, pos);
          open = FALSE;
        }
    }

  if (open)
    close_sentence (text, sentences, &current, previous_end);

  return sentences;
}

GArray *
rapport_hints_split_sentences (const char *text,
                               gssize      length)
{
  g_autoptr(GArray) sentences = NULL;
  GArray *spans;

  g_return_val_if_fail (text != NULL, NULL);

  sentences = split_sentences (text, length < 0 ? strlen (text) : (gsize) length);
  spans = g_array_sized_new (FALSE, FALSE, sizeof (gsize), sentences->len * 2);
  for (guint i = 0; i < sentences->len; i++)
    {
      const Sentence *s = &g_array_index (sentences, Sentence, i);

      g_array_append_val (spans, s->start);
      g_array_append_val (spans, s->end);
    }

  return spans;
}

/* Case-folded and composed (NFC), with ’ as ' and the Unicode hyphens as '-'. */
static const char *
fold_word (GStringChunk *folds,
           const char   *text,
           gsize         length)
{
  char buffer[64];
  g_autofree char *folded = NULL;
  GString *normal;
  gboolean ascii = length < sizeof buffer;

  for (gsize i = 0; ascii && i < length; i++)
    if ((guchar) text[i] >= 0x80)
      ascii = FALSE;
  if (ascii)
    {
      for (gsize i = 0; i < length; i++)
        buffer[i] = text[i] >= 'A' && text[i] <= 'Z' ? text[i] - 'A' + 'a' : text[i];
      return g_string_chunk_insert_len (folds, buffer, length);
    }

  {
    g_autofree char *casefolded = g_utf8_casefold (text, length);

    /* Composed, so that "e" + U+0301 and "é" are the same letter. */
    folded = g_utf8_normalize (casefolded, -1, G_NORMALIZE_DEFAULT_COMPOSE);
  }
  normal = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x2019)
        g_string_append_c (normal, '\'');
      else if (c == 0x2010 || c == 0x2011)
        g_string_append_c (normal, '-');
      else
        g_string_append_len (normal, p, g_utf8_next_char (p) - p);
    }

  {
    const char *result = g_string_chunk_insert_len (folds, normal->str, normal->len);

    g_string_free (normal, TRUE);
    return result;
  }
}

/* Whether the whitespace-separated chunk at @pos is a URL or an e-mail address. */
static gboolean
chunk_is_link (const char *text,
               gsize       pos,
               gsize       length)
{
  gsize end = pos;
  gboolean at = FALSE;

  while (end < length && !g_ascii_isspace (text[end]))
    end++;
  if (end - pos > 4 && g_ascii_strncasecmp (text + pos, "www.", 4) == 0)
    return TRUE;
  for (gsize p = pos; p < end; p++)
    {
      if (text[p] == '@' && p > pos)
        at = TRUE;
      else if (text[p] == '.' && at && p + 1 < end)
        return TRUE;
      else if (text[p] == ':' && p + 2 < end && text[p + 1] == '/' && text[p + 2] == '/')
        return TRUE;
    }

  return FALSE;
}

/* Moves a (byte, character) cursor forward to @target. Positions only ever grow, so the
 * whole text is walked once. */
static glong
cursor_chars_at (Cursor *cursor,
                 gsize   target)
{
  while (cursor->pos < target)
    {
      cursor->pos = next_pos (cursor->text, cursor->pos);
      cursor->chars++;
    }

  return cursor->chars;
}

/* Appends the words of @start … @end to @words, as part of sentence @sentence. */
void
_rapport_hints_tokenize (const char   *text,
                         gsize         start,
                         gsize         end,
                         Cursor       *cursor,
                         guint         sentence,
                         GArray       *words,
                         GStringChunk *folds)
{
  gsize pos = start;
  gboolean in_link = FALSE;
  gboolean chunk_start = TRUE;

  while (pos < end)
    {
      gunichar c = char_at (text, pos);
      Word word = { 0 };
      gboolean all_upper = TRUE;
      guint letters = 0;

      if (is_space (c))
        {
          chunk_start = TRUE;
          pos = next_pos (text, pos);
          continue;
        }
      if (chunk_start)
        {
          in_link = chunk_is_link (text, pos, end);
          chunk_start = FALSE;
        }
      if (!is_word_char (c))
        {
          pos = next_pos (text, pos);
          continue;
        }

      word.start = pos;
      word.char_start = cursor_chars_at (cursor, pos);
      word.sentence = sentence;
      if (c < 0x80 ? g_ascii_isdigit (c) : g_unichar_isdigit (c))
        word.flags |= WORD_NUMBER;
      while (pos < end)
        {
          gunichar w = char_at (text, pos);
          gsize after;

          if (is_word_char (w))
            {
              if (w < 0x80 ? g_ascii_isalpha (w) : g_unichar_isalpha (w))
                {
                  letters++;
                  if (w < 0x80 ? !g_ascii_isupper (w) : !g_unichar_isupper (w))
                    all_upper = FALSE;
                }
              pos = next_pos (text, pos);
              continue;
            }
          if (!is_word_joiner (w))
            break;
          after = next_pos (text, pos);
          if (after >= end || !is_word_char (char_at (text, after)))
            break;
          pos = after;
        }
      word.end = pos;
      word.char_end = cursor_chars_at (cursor, pos);
      word.fold = fold_word (folds, text + word.start, word.end - word.start);
      if (in_link)
        word.flags |= WORD_IN_LINK;
      if (letters >= 2 && all_upper)
        word.flags |= WORD_CAPS;
      g_array_append_val (words, word);
    }
}

/* Splits @text into sentences and words. */
void
_rapport_hints_doc_init (Doc        *doc,
                         const char *text,
                         gsize       length)
{
  Cursor cursor = { text, 0, 0 };

  doc->text = text;
  doc->length = length;
  doc->sentences = split_sentences (text, length);
  doc->words = g_array_new (FALSE, TRUE, sizeof (Word));
  doc->folds = g_string_chunk_new (MAX (64, length));

  for (guint i = 0; i < doc->sentences->len; i++)
    {
      Sentence *s = &g_array_index (doc->sentences, Sentence, i);

      s->char_start = cursor_chars_at (&cursor, s->start);
      s->first_word = doc->words->len;
      _rapport_hints_tokenize (text, s->start, s->end, &cursor, i, doc->words, doc->folds);
      s->n_words = doc->words->len - s->first_word;
      s->char_end = cursor_chars_at (&cursor, s->end);
    }
}

/* Phrase tables */

static void
phrase_free (gpointer data)
{
  Phrase *phrase = data;

  g_free (phrase->words);
  g_free (phrase);
}

void
_rapport_hints_phrase_set_free (PhraseSet *set)
{
  g_hash_table_unref (set->by_first);
  g_string_chunk_free (set->strings);
  g_free (set);
}

PhraseSet *
_rapport_hints_phrase_set_new (void)
{
  PhraseSet *set = g_new0 (PhraseSet, 1);

  set->by_first = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_ptr_array_unref);
  set->strings = g_string_chunk_new (256);

  return set;
}

static int
compare_phrase_length (gconstpointer a,
                       gconstpointer b)
{
  const Phrase *pa = *(const Phrase *const *) a;
  const Phrase *pb = *(const Phrase *const *) b;

  if (pa->n_words != pb->n_words)
    return pa->n_words > pb->n_words ? -1 : 1;

  return pa->index < pb->index ? -1 : (pa->index > pb->index ? 1 : 0);
}

/* Adds @text (valid UTF-8) unless it has no word or more than @max_words. */
void
_rapport_hints_phrase_set_add (PhraseSet       *set,
                               const char      *text,
                               const PhraseDef *def,
                               guint            index,
                               guint            max_words)
{
  g_auto(Doc) doc = { 0 };
  gsize length = strlen (text);
  Cursor cursor = { text, 0, 0 };
  GArray *words = g_array_new (FALSE, TRUE, sizeof (Word));
  Phrase *phrase;
  GPtrArray *bucket;

  doc.words = words;
  doc.folds = g_string_chunk_new (64);
  _rapport_hints_tokenize (text, 0, length, &cursor, 0, words, doc.folds);
  if (words->len == 0 || words->len > max_words)
    return;

  phrase = g_new0 (Phrase, 1);
  phrase->n_words = words->len;
  phrase->words = g_new0 (char *, words->len);
  phrase->def = def;
  phrase->index = index;
  for (guint i = 0; i < words->len; i++)
    phrase->words[i] = g_string_chunk_insert_const (set->strings,
                                                    g_array_index (words, Word, i).fold);

  bucket = g_hash_table_lookup (set->by_first, phrase->words[0]);
  if (bucket == NULL)
    {
      bucket = g_ptr_array_new_with_free_func (phrase_free);
      g_hash_table_insert (set->by_first, phrase->words[0], bucket);
    }
  g_ptr_array_add (bucket, phrase);
  g_ptr_array_sort (bucket, compare_phrase_length);
}

PhraseSet *
_rapport_hints_phrase_set_compile (const PhraseDef *defs)
{
  PhraseSet *set = _rapport_hints_phrase_set_new ();

  for (guint i = 0; defs != NULL && defs[i].text != NULL; i++)
    _rapport_hints_phrase_set_add (set, defs[i].text, &defs[i], i, G_MAXUINT);

  return set;
}

/* The longest phrase of @set that starts at word @i, within @i's sentence. */
const Phrase *
_rapport_hints_phrase_set_match (const PhraseSet *set,
                                 const GArray    *words,
                                 guint            i)
{
  const Word *w = &g_array_index (words, Word, i);
  GPtrArray *bucket = g_hash_table_lookup (set->by_first, w->fold);

  if (bucket == NULL)
    return NULL;

  for (guint b = 0; b < bucket->len; b++)
    {
      const Phrase *phrase = g_ptr_array_index (bucket, b);
      gboolean match = i + phrase->n_words <= words->len;

      for (guint k = 1; match && k < phrase->n_words; k++)
        {
          const Word *next = &g_array_index (words, Word, i + k);

          match = next->sentence == w->sentence && strcmp (next->fold, phrase->words[k]) == 0;
        }
      if (match)
        return phrase;
    }

  return NULL;
}

/* The longest phrase of @set that ends just before word @i, within its sentence. Only for
 * small sets: it tries every phrase. */
const Phrase *
_rapport_hints_phrase_set_match_before (const PhraseSet *set,
                                        const GArray    *words,
                                        guint            i)
{
  GHashTableIter iter;
  gpointer value;
  const Phrase *best = NULL;
  guint sentence = g_array_index (words, Word, i).sentence;

  g_hash_table_iter_init (&iter, set->by_first);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *bucket = value;

      for (guint b = 0; b < bucket->len; b++)
        {
          const Phrase *phrase = g_ptr_array_index (bucket, b);
          gboolean match = phrase->n_words <= i;

          for (guint k = 0; match && k < phrase->n_words; k++)
            {
              const Word *w = &g_array_index (words, Word, i - phrase->n_words + k);

              match = w->sentence == sentence && strcmp (w->fold, phrase->words[k]) == 0;
            }
          if (match && (best == NULL || phrase->n_words > best->n_words))
            best = phrase;
        }
    }

  return best;
}

/* rapport-hints-private.h: the hints' rule-table format and text toolkit, shared by
 * rapport-hints.c (the rules), rapport-hints-text.c (sentences, words, phrase tables) and
 * the language files (rapport-hints-en.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-hints.h"

G_BEGIN_DECLS

/* The slot of a rewrite, the part the agent writes. */
#define RAPPORT_HINTS_SLOT "\u2026"

/* The rule tables. A PhraseDef is a word sequence as a person writes it: matching folds
 * case, treats ’ as ' and ignores punctuation between words; @value is the entry's
 * meaning in its table and @replacement, where a table has one, its positive wording. */
typedef struct
{
  const char *text;
  int         value;
  const char *replacement;
} PhraseDef;

/* Values of the negative-phrasing table: an exception (not negative phrasing), a refusal
 * whose positive form is the language's rewrite of that person (PASSIVE: a refusal without
 * its subject, "… is not allowed", whose span starts with its clause), or a fixed
 * expression with its own @replacement (INTERJECTION: only when it starts its clause, as
 * "No problem!" does and "there is no problem with …" does not). */
enum
{
  NEGATIVE_EXCEPTION,
  NEGATIVE_WE,
  NEGATIVE_I,
  NEGATIVE_YOU,
  NEGATIVE_PASSIVE,
  NEGATIVE_REPLACE,
  NEGATIVE_INTERJECTION,
  N_NEGATIVE,
};

/* Values of the next-step table. */
enum
{
  STEP_NONE,     /* looks like a step and is not ("will be happy to") */
  STEP_CUSTOMER, /* a request to the customer ("please send", "let me know") */
  STEP_AGENT,    /* an action the team or someone else takes later ("I'll", "will") */
};

/* Values of the month table. */
enum
{
  MONTH_ALONE,       /* a time expression by itself ("in November") */
  MONTH_WITH_NUMBER, /* only next to a number: the word has another meaning ("may") */
};

/* Values of the upset table are weights: STRONG alone makes a customer sound upset, two
 * WEAK signals do too (UPSET_AT, see the rule). */
enum
{
  UPSET_WEAK = 1,
  UPSET_STRONG = 2,
  UPSET_AT = 2,
};

typedef struct
{
  const char       *code;              /* primary language subtag */
  const PhraseDef  *function_words;    /* common words: the draft is in this language */
  const PhraseDef  *greeting;          /* first words of a greeting line */
  const PhraseDef  *acknowledge;       /* apology, acknowledgement, empathy */
  const PhraseDef  *upset;             /* anger, frustration, repeated contact */
  const PhraseDef  *negative;          /* refusals and negative fixed expressions */
  const PhraseDef  *negative_prefix;   /* softeners that belong to the refusal's span */
  const PhraseDef  *offer;             /* the alternative is already there */
  const PhraseDef  *step;              /* next steps */
  const char       *step_suffix;       /* a word ending so is an agent step ("'ll") */
  const PhraseDef  *time;              /* time expressions by themselves */
  const PhraseDef  *time_unit;         /* "days", "business days" after a count */
  const PhraseDef  *time_count;        /* "a", "two", "a few" before a unit */
  const PhraseDef  *time_suffix;       /* "24h", "3pm", "3rd": endings of a number */
  const PhraseDef  *time_after_number; /* "am", "pm" after a number */
  const PhraseDef  *month;
  const PhraseDef  *clause_break;      /* words that end a refusal's clause ("but") */
  const char       *rewrite[N_NEGATIVE];
  const char *const *jargon;           /* the default jargon list */
} LanguageDef;

/* The languages with rules, one file each. */
extern const LanguageDef _rapport_hints_english;

/* Text: sentences and words. A Doc is a text split once into Sentences and Words; every
 * rule reads those. */

typedef struct
{
  gsize start;
  gsize end;
  glong char_start;
  glong char_end;
  guint words;      /* whitespace-separated words with a letter or digit */
  guint first_word; /* index of its first Word */
  guint n_words;    /* Words (letters and digits only; "e.g." is two) */
  gboolean question;
} Sentence;

enum
{
  WORD_IN_LINK = 1 << 0, /* part of a URL or an e-mail address */
  WORD_NUMBER = 1 << 1,  /* starts with a digit */
  WORD_CAPS = 1 << 2,    /* two or more letters, all upper case */
};

typedef struct
{
  gsize       start;
  gsize       end;
  glong       char_start;
  glong       char_end;
  const char *fold;
  guint       sentence;
  guint       flags;
} Word;

typedef struct
{
  const char   *text;
  gsize         length;
  GArray       *sentences; /* Sentence */
  GArray       *words;     /* Word */
  GStringChunk *folds;
} Doc;

/* A (byte, character) position in a text. It only moves forward, so that character
 * offsets cost one walk over the text in all. */
typedef struct
{
  const char *text;
  gsize       pos;
  glong       chars;
} Cursor;

/* A phrase table: a hash from a phrase's first (folded) word to the phrases starting with
 * it, longest first, so that matching is one lookup per word of the text. */
typedef struct
{
  guint             n_words;
  char            **words;   /* folded */
  const PhraseDef  *def;
  guint             index;   /* in the list it was compiled from */
} Phrase;

typedef struct
{
  GHashTable   *by_first; /* folded first word → GPtrArray of Phrase, longest first */
  GStringChunk *strings;
} PhraseSet;

/* The character helpers take the ASCII path first: most replies are mostly ASCII. */
static inline gunichar
char_at (const char *text,
         gsize       pos)
{
  guchar byte = (guchar) text[pos];

  return byte < 0x80 ? byte : g_utf8_get_char (text + pos);
}

static inline gsize
next_pos (const char *text,
          gsize       pos)
{
  return (guchar) text[pos] < 0x80 ? pos + 1 : (gsize) (g_utf8_next_char (text + pos) - text);
}

static inline gboolean
is_space (gunichar c)
{
  return c < 0x80 ? g_ascii_isspace (c) : g_unichar_isspace (c);
}

/* The start of the character before @pos (> 0). */
static inline gsize
prev_pos (const char *text,
          gsize       pos)
{
  return (gsize) (g_utf8_prev_char (text + pos) - text);
}

static inline gboolean
is_word_char (gunichar c)
{
  return c < 0x80 ? g_ascii_isalnum (c) : g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Characters that may join two parts of one word: "can't", "can’t", "log-in". */
static inline gboolean
is_word_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011;
}

static inline gboolean
is_closer (gunichar c)
{
  return c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == 0x201D ||
         c == 0x2019 || c == 0x00BB || c == 0x203A || c == '*' || c == '_';
}

static inline gboolean
is_opener (gunichar c)
{
  return c == '(' || c == '[' || c == '{' || c == '"' || c == '\'' || c == 0x201C ||
         c == 0x2018 || c == 0x00AB || c == 0x2039 || c == '*' || c == '_';
}

static inline gboolean
is_upper_start (gunichar c)
{
  return g_unichar_isupper (c) || g_unichar_istitle (c);
}

void            _rapport_hints_doc_init                (Doc             *doc,
                                                        const char      *text,
                                                        gsize            length);
void            _rapport_hints_doc_clear               (Doc             *doc);
void            _rapport_hints_tokenize                (const char      *text,
                                                        gsize            start,
                                                        gsize            end,
                                                        Cursor          *cursor,
                                                        guint            sentence,
                                                        GArray          *words,
                                                        GStringChunk    *folds);

PhraseSet      *_rapport_hints_phrase_set_new          (void);
void            _rapport_hints_phrase_set_free         (PhraseSet       *set);
void            _rapport_hints_phrase_set_add          (PhraseSet       *set,
                                                        const char      *text,
                                                        const PhraseDef *def,
                                                        guint            index,
                                                        guint            max_words);
PhraseSet      *_rapport_hints_phrase_set_compile      (const PhraseDef *defs);
const Phrase   *_rapport_hints_phrase_set_match        (const PhraseSet *set,
                                                        const GArray    *words,
                                                        guint            i);
const Phrase   *_rapport_hints_phrase_set_match_before (const PhraseSet *set,
                                                        const GArray    *words,
                                                        guint            i);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Doc, _rapport_hints_doc_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PhraseSet, _rapport_hints_phrase_set_free)

G_END_DECLS

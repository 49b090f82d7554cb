/* rapport-hints.h: clarity and empathy hints on a draft reply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_HINTS_ERROR (rapport_hints_error_quark ())
GQuark rapport_hints_error_quark (void);

typedef enum
{
  RAPPORT_HINTS_ERROR_INVALID_UTF8, /* the draft, a customer message or a jargon term */
} RapportHintsError;

/* What a hint is about. The nicks are stable: the UI may store them (dismissed kinds). */
typedef enum
{
  RAPPORT_HINT_ACKNOWLEDGE_FIRST, /*< nick=acknowledge-first >*/
  RAPPORT_HINT_NEGATIVE_PHRASING, /*< nick=negative-phrasing >*/
  RAPPORT_HINT_NO_NEXT_STEP,      /*< nick=no-next-step >*/
  RAPPORT_HINT_NO_TIMING,         /*< nick=no-timing >*/
  RAPPORT_HINT_LONG_SENTENCE,     /*< nick=long-sentence >*/
  RAPPORT_HINT_JARGON,            /*< nick=jargon >*/
} RapportHintKind;

/* The draft is checked up to this many characters; the rest is not looked at (the result
 * says so). Customer messages are read up to this many characters each, and only the last
 * RAPPORT_HINTS_MAX_MESSAGES of them. Jargon lists are read up to RAPPORT_HINTS_MAX_JARGON
 * terms of at most RAPPORT_HINTS_MAX_TERM_WORDS words each; longer terms are ignored. */
#define RAPPORT_HINTS_MAX_CHARS      20000
#define RAPPORT_HINTS_MAX_MESSAGES   5
#define RAPPORT_HINTS_MAX_JARGON     1000
#define RAPPORT_HINTS_MAX_TERM_WORDS 8

/* What to check. Every string is UTF-8 (checked: invalid text is an error, never a crash).
 * @language is what the caller knows of the draft's language: a tag such as "en",
 * "en-GB" or "en_US.UTF-8" (only the primary subtag counts), or NULL ("C" and "POSIX"
 * too) to let the engine decide from the draft itself. Rules exist for English only; a draft in any other
 * language gets no hints at all rather than wrong ones. @customer_messages are the
 * customer's latest messages, oldest first, NULL-terminated (NULL: none; quoted lines
 * starting with '>' are skipped). @jargon is the team's list of terms to avoid,
 * NULL-terminated; NULL means rapport_hints_default_jargon() for the language, and an
 * empty list means no jargon hints. */
typedef struct
{
  const char         *draft;
  RapportChannel      channel;
  const char         *language;
  const char *const  *customer_messages;
  const char *const  *jargon;
} RapportHintsInput;

/* One hint. @start and @end are byte offsets into the draft (@end exclusive), @char_start
 * and @char_end the same span in characters (for GtkTextBuffer iters); all four are 0 when
 * !@has_span (a hint about the reply as a whole). For RAPPORT_HINT_NEGATIVE_PHRASING,
 * @rewrite is a positive replacement for the span, in English like the rules that found it.
 * It never promises anything the draft did not say: where the positive part is the agent's
 * to write, @rewrite holds a slot, the bytes @rewrite_slot_start … @rewrite_slot_end ("…"),
 * for the agent to fill; both are -1 when the rewrite is complete. @words is the number of
 * words of a RAPPORT_HINT_LONG_SENTENCE's sentence (0 for the other kinds). @term is the
 * jargon list entry a RAPPORT_HINT_JARGON matched, as the list wrote it (NULL otherwise). */
typedef struct
{
  RapportHintKind kind;
  gboolean        has_span;
  gsize           start;
  gsize           end;
  glong           char_start;
  glong           char_end;
  char           *rewrite;
  gssize          rewrite_slot_start;
  gssize          rewrite_slot_end;
  guint           words;
  char           *term;
} RapportHint;

/* The result. @hints (of RapportHint) are sorted by position; hints without a span come
 * last. @language is the rule table that was used ("en"), or NULL when the draft's language
 * has none (then @hints is empty). @truncated tells that the draft was longer than
 * RAPPORT_HINTS_MAX_CHARS: only its first @checked_chars characters (@checked_bytes bytes)
 * were checked. @customer_upset is what the rules made of the customer's messages. */
typedef struct
{
  GPtrArray  *hints;
  const char *language;
  gboolean    truncated;
  gsize       checked_bytes;
  glong       checked_chars;
  gboolean    customer_upset;
} RapportHints;

/* Checks @input. Deterministic and local; linear in the length of the checked text.
 * Returns (transfer full) the hints, or NULL and sets RAPPORT_HINTS_ERROR_INVALID_UTF8
 * when a string it reads is not valid UTF-8. */
RapportHints       *rapport_hints_check            (const RapportHintsInput *input,
                                                    GError                 **error);
void                rapport_hints_free             (RapportHints            *hints);

/* The default jargon list of a language (see docs/suggestions.md), NULL-terminated
 * (transfer none), or NULL when the language has no rules. @language as in
 * RapportHintsInput, NULL meaning English. */
const char *const  *rapport_hints_default_jargon   (const char              *language);

/* Longest sentence, in words, that is not a RAPPORT_HINT_LONG_SENTENCE on @channel. */
guint               rapport_hints_max_sentence_words (RapportChannel         channel);

/* The sentences of the first @length bytes of @text (valid UTF-8, -1: all of it) as the
 * rules see them: pairs of byte offsets (start, end exclusive), whitespace trimmed, in a
 * GArray of gsize (transfer full). Abbreviations ("e.g.", "Mr."), initials, decimal
 * numbers, URLs and e-mail addresses do not end a sentence; a blank line or a list item
 * starts one; quoted lines (starting with '>') belong to no sentence and are not checked. */
GArray             *rapport_hints_split_sentences  (const char              *text,
                                                    gssize                   length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportHints, rapport_hints_free)

G_END_DECLS

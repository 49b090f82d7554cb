/* rapport-text.h
 *
 * Text from outside (servers, mail, files) made safe to keep and to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @length bytes of @text (-1: up to its NUL) are valid UTF-8 holding no NUL character:
 * the only text the store keeps. */
gboolean  rapport_text_is_storable   (const char *text,
                                      gssize      length);

/* @length bytes of @text (-1: up to its NUL) as storable text: every invalid byte sequence and
 * every NUL character becomes U+FFFD, nothing else changes. %NULL for %NULL. */
char     *rapport_text_make_storable (const char *text,
                                      gssize      length);

/* @text as a one-line label (a name, a subject, a file name): storable, with its bidi controls
 * (see rapport_unichar_is_bidi_control()) removed, every other control character, line or
 * paragraph separator turned into a space, runs of white space collapsed and the ends trimmed.
 * %NULL for %NULL. */
char     *rapport_text_clean_label   (const char *text);

/* @text (a label, a name, a date shown in a sentence) between U+2068 FIRST STRONG ISOLATE and
 * U+2069 POP DIRECTIONAL ISOLATE, with its own bidi controls removed first: whatever its
 * direction, it cannot reorder the text around it. %NULL for %NULL. */
char     *rapport_text_isolate       (const char *text);

/* The first @max_chars characters of @text (valid UTF-8), cut at a character boundary, followed
 * by "…" when anything was cut. A copy of @text when it is short enough; %NULL for %NULL. */
char     *rapport_text_cut           (const char *text,
                                      gsize       max_chars);

G_END_DECLS

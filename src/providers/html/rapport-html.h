/* rapport-html.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most characters rapport_html_to_text() returns, its cut note aside. */
#define RAPPORT_HTML_MAX_TEXT_CHARS 1000000

/* Turns an HTML mail body into the plain text Rapport shows, with libxml2's forgiving HTML
 * parser (never the network, never a regex) driving a streaming writer (no document tree):
 * - block elements (p, div, headings, lists, tables, blockquote, pre …) start new lines;
 *   paragraph-like ones are separated by one blank line, and never more than one;
 * - <br> is a line break; <li> starts a line with "• " (indented per nesting level, at most
 *   8 levels deep);
 * - table cells in a row are separated by a space, rows by line breaks;
 * - <blockquote> lines are prefixed with "> " per quoting level up to 8 levels; deeper lines
 *   say their level once: "> [12] ";
 * - a link keeps its text and, when the target differs from the text, appends " <target>"
 *   (http, https and mailto targets only);
 * - <img alt> becomes "[alt]"; script, style, head, template, svg … and comments are dropped;
 * - link targets and alt texts are one line: their control, bidi and line-breaking characters
 *   are removed (rapport_text_clean_label()), and they are cut at 2 000 and 500 characters;
 * - entities are decoded; runs of whitespace (also non-breaking spaces and line separators)
 *   collapse to one space, except inside <pre>; control characters and the bidi embeddings,
 *   overrides and isolates are dropped (the marks LRM, RLM and ALM stay), so the only controls
 *   in the text are the line feeds and the tabs of <pre>; lines have no trailing spaces.
 * All visible text is kept however deep the elements nest: past 256 open elements the
 * parser starts afresh where it stands, so the text goes on at the deepest level reached.
 * Time and memory are linear in the input. A text longer than RAPPORT_HTML_MAX_TEXT_CHARS
 * characters is cut there and ends with the line "[message cut at 1000000 characters]".
 * The input is read as UTF-8 whatever the document declares: invalid bytes and NULs become
 * U+FFFD first; the result is storable (rapport_text_is_storable()). @length may be -1 for a
 * NUL-terminated string. Never returns NULL: empty or unusable input gives "". Thread-safe. */
char *rapport_html_to_text (const char *html,
                            gssize      length);

G_END_DECLS

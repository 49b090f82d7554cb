/* rapport-html.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns an HTML mail body into the plain text Rapport shows, with libxml2's forgiving HTML
 * parser (never the network, never a regex):
 * - block elements (p, div, headings, lists, tables, blockquote, pre …) start new lines;
 *   paragraph-like ones are separated by one blank line, and never more than one;
 * - <br> is a line break; <li> starts a line with "• " (indented per nesting level);
 * - table cells in a row are separated by a space, rows by line breaks;
 * - <blockquote> lines are prefixed with "> " per quoting level;
 * - a link keeps its text and, when the target differs from the text, appends " <target>"
 *   (http, https and mailto targets only);
 * - <img alt> becomes "[alt]"; script, style, head, template, svg … are dropped;
 * - entities are decoded; runs of whitespace (also non-breaking spaces) collapse to one space,
 *   except inside <pre>; control characters are dropped; lines have no trailing spaces.
 * Invalid UTF-8 is replaced by U+FFFD before parsing. @length may be -1 for a NUL-terminated
 * string. Never returns NULL: empty or unusable input gives "". Thread-safe. */
char *rapport_html_to_text (const char *html,
                            gssize      length);

G_END_DECLS

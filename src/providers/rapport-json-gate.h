/* rapport-json-gate.h
 *
 * The one gate every JSON text from outside goes through before json-glib parses it: server
 * answers (success and error bodies, of every backend), JSON carried inside them (RT's policy
 * field) and the demo server's file. json-glib's scanner accepts more than JSON (comments,
 * single-quoted strings, hexadecimal and bare-dot numbers, trailing data, a lone surrogate
 * escape decoded to invalid UTF-8 that also swallows the next character, "\u0000" that cuts
 * the string short, integers beyond gint64 wrapped around), and it recurses once per nesting
 * level. The gate is an RFC 8259 lexer and grammar check over the raw bytes, without
 * recursion, with bounds that nothing in the text can get around. See
 * docs/decisions/0014-untrusted-text.md for what is repaired and what is refused, and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Largest JSON text the gate lets through, in bytes (also the largest answer body
 * rapport_http_send_json_async() reads). */
#define RAPPORT_JSON_GATE_MAX_SIZE   (32u * 1024u * 1024u)
/* Deepest nesting of arrays and objects: "[[1]]" is 2 levels. */
#define RAPPORT_JSON_GATE_MAX_DEPTH  512u
/* Most values (containers, strings, numbers, literals; not member names) in one text: each
 * costs json-glib 80 to 300 bytes, so 32 MB of "{}," would otherwise take 3 GB. */
#define RAPPORT_JSON_GATE_MAX_VALUES 2000000u

/* Checks that the @length bytes at @data (no NUL needed) are exactly one JSON value as
 * RFC 8259 defines it, optionally after a UTF-8 byte order mark and surrounded by JSON white
 * space, in valid UTF-8, within the three bounds above.
 *
 * String escapes that would decode to text the store refuses (see rapport_text_is_storable())
 * are repaired, not refused: a high surrogate escape not followed by a low one, a low surrogate
 * escape not preceded by a high one, and "\u0000" each become "\ufffd" (U+FFFD REPLACEMENT
 * CHARACTER), which has the same length. When there is any, *@repaired (if @repaired is not
 * NULL) is set to a NUL-terminated copy of the @length bytes with those repairs, to be parsed
 * instead of @data, and *@n_repaired (if not NULL) to their number; otherwise *@repaired is
 * NULL and *@n_repaired 0.
 *
 * Everything else that is not strict JSON is refused: FALSE with a
 * RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE whose message names the first problem and its byte
 * offset, such as "comment at byte 12", "single-quoted string at byte 3", "nested more than
 * 512 levels at byte 513", "invalid UTF-8 at byte 7", "control character U+000A in a string
 * at byte 9", "invalid number at byte 1", "number out of range at byte 1" (an integer outside
 * gint64 or a number beyond a double, which json-glib would read as another number), "data
 * after the JSON value at byte 4". The message never quotes the text itself beyond one ASCII
 * character. */
gboolean  rapport_json_gate_check (const char  *data,
                                   gsize        length,
                                   char       **repaired,
                                   guint       *n_repaired,
                                   GError     **error);

G_END_DECLS

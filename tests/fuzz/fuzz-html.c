/* fuzz-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HTML mail: any bytes a message body may hold, through rapport_html_to_text() (libxml2's
 * HTML parser and Rapport's walk over its tree). The text must be valid UTF-8 without NUL,
 * the form the store keeps; hold no control character but the line breaks and tabs the
 * structure asks for, and no bidi embedding, override or isolate (docs/decisions/
 * 0012-html-mail-bounds.md); and stay within RAPPORT_HTML_MAX_TEXT_CHARS and the line that
 * says it was cut.
 */
#define G_LOG_DOMAIN "rapport-fuzz-html"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-html.h"
#include "rapport-text.h"
#include "rapport-types.h"

#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;

  if (size > G_MAXSSIZE)
    return 0;

  text = rapport_html_to_text ((const char *) data, (gssize) size);
  if (!rapport_text_is_storable (text, -1))
    g_error ("the text of an HTML body is not storable");

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean mark = c == 0x200E || c == 0x200F || c == 0x061C;

      if (c == '\n' || c == '\t')
        continue;
      if (g_unichar_type (c) == G_UNICODE_CONTROL || c == 0x2028 || c == 0x2029 ||
          (rapport_unichar_is_bidi_control (c) && !mark))
        g_error ("the text of an HTML body holds U+%04X at byte %" G_GSIZE_FORMAT,
                 c, (gsize) (p - text));
    }

  /* The cut note is one line of under 64 characters. */
  if (g_utf8_strlen (text, -1) > RAPPORT_HTML_MAX_TEXT_CHARS + 64)
    g_error ("the text of an HTML body is %ld characters long", g_utf8_strlen (text, -1));

  return 0;
}

/* rapport-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-text"

#include "config.h"

#include "rapport-text.h"
#include "rapport-types.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

gboolean
rapport_text_is_storable (const char *text,
                          gssize      length)
{
  const char *end = NULL;

  if (text == NULL)
    return FALSE;

  if (length < 0)
    return g_utf8_validate (text, -1, NULL);

  /* g_utf8_validate_len() accepts a NUL byte inside the length; a NUL is refused here. */
  if (!g_utf8_validate_len (text, (gsize) length, &end))
    return FALSE;

  return memchr (text, '\0', (gsize) length) == NULL;
}

char *
rapport_text_make_storable (const char *text,
                            gssize      length)
{
  GString *out;
  const char *p;
  gsize remaining;

  if (text == NULL)
    return NULL;

  remaining = length < 0 ? strlen (text) : (gsize) length;
  if (rapport_text_is_storable (text, (gssize) remaining))
    return g_strndup (text, remaining);

  out = g_string_sized_new (remaining + 16);
  p = text;

  while (remaining > 0)
    {
      const char *end = NULL;
      gsize valid;

      g_utf8_validate_len (p, remaining, &end);
      valid = (gsize) (end - p);

      /* A valid run may still hold NUL bytes: each becomes U+FFFD. */
      for (gsize i = 0; i < valid; i++)
        {
          if (p[i] == '\0')
            g_string_append (out, REPLACEMENT);
          else
            g_string_append_c (out, p[i]);
        }

      p += valid;
      remaining -= valid;

      if (remaining > 0)
        {
          /* One invalid byte at a time, so that what follows it is kept. */
          g_string_append (out, REPLACEMENT);
          p++;
          remaining--;
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_line_break_or_control (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_CONTROL || type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR || c == 0x0085;
}

char *
rapport_text_clean_label (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return NULL;

  valid = rapport_text_make_storable (text, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (rapport_unichar_is_bidi_control (c))
        continue;

      if (is_line_break_or_control (c) || g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }

      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

char *
rapport_text_isolate (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  valid = rapport_text_make_storable (text, -1);
  out = g_string_sized_new (strlen (valid) + 6);
  g_string_append (out, "\u2068");

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!rapport_unichar_is_bidi_control (c))
        g_string_append_unichar (out, c);
    }

  g_string_append (out, "\u2069");

  return g_string_free (out, FALSE);
}

char *
rapport_text_cut (const char *text,
                  gsize       max_chars)
{
  const char *p;
  gsize n = 0;

  if (text == NULL)
    return NULL;

  for (p = text; *p != '\0' && n < max_chars; p = g_utf8_next_char (p))
    n++;

  if (*p == '\0')
    return g_strdup (text);

  {
    g_autofree char *head = g_strndup (text, (gsize) (p - text));

    return g_strconcat (head, "…", NULL);
  }
}

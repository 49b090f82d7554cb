/* rapport-json-gate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-json-gate"

#include "config.h"

#include "rapport-json-gate.h"

#include "rapport-json.h"

#include <math.h>
#include <string.h>

#define BOM         "\xef\xbb\xbf"
#define ESCAPE_LEN  6 /* \uXXXX */
#define REPLACEMENT "\\ufffd"

/* What the grammar expects next. */
typedef enum
{
  WANT_VALUE,
  WANT_VALUE_OR_CLOSE, /* just after '[' */
  WANT_KEY,
  WANT_KEY_OR_CLOSE,   /* just after '{' */
  WANT_COLON,
  WANT_COMMA_OR_CLOSE,
  WANT_END,
} Want;

typedef struct
{
  const guchar *data;
  gsize         length;
  gsize         pos;
  char         *copy;       /* the repaired copy, made on the first repair */
  guint         n_repaired;
  guint         depth;
  guint         n_values;
  /* The open containers, innermost last: '[' or '{'. */
  guchar        open[RAPPORT_JSON_GATE_MAX_DEPTH];
} Gate;

/* Sets an INVALID_RESPONSE error and is FALSE. */
#define refuse(error, ...) (rapport_json_set_invalid ((error), __VA_ARGS__), FALSE)

/* The character at @pos for a message: “x” for printable ASCII, else U+XXXX (the text is
 * valid UTF-8 when this runs). */
static char *
describe_char (const Gate *gate,
               gsize       pos)
{
  guchar c = gate->data[pos];

  if (c > 0x20 && c < 0x7f)
    return g_strdup_printf ("“%c”", c);
  if (c < 0x80)
    return g_strdup_printf ("U+%04X", c);

  return g_strdup_printf ("U+%04X", g_utf8_get_char ((const char *) gate->data + pos));
}

static gboolean
refuse_unexpected (Gate    *gate,
                   GError **error)
{
  guchar c = gate->data[gate->pos];
  g_autofree char *what = NULL;

  if (c == '/' && gate->pos + 1 < gate->length &&
      (gate->data[gate->pos + 1] == '*' || gate->data[gate->pos + 1] == '/'))
    return refuse (error, "comment at byte %" G_GSIZE_FORMAT, gate->pos);
  if (c == '#')
    return refuse (error, "comment at byte %" G_GSIZE_FORMAT, gate->pos);
  if (c == '\'')
    return refuse (error, "single-quoted string at byte %" G_GSIZE_FORMAT, gate->pos);

  what = describe_char (gate, gate->pos);
  return refuse (error, "unexpected %s at byte %" G_GSIZE_FORMAT, what, gate->pos);
}

static gboolean
refuse_end (Gate    *gate,
            GError **error)
{
  return refuse (error, "the JSON text ends too early (at byte %" G_GSIZE_FORMAT ")",
                 gate->length);
}

static void
skip_white_space (Gate *gate)
{
  while (gate->pos < gate->length)
    {
      guchar c = gate->data[gate->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return;
      gate->pos++;
    }
}

/* The value of the 4 hexadecimal digits at @pos, or -1. */
static int
read_hex4 (const Gate *gate,
           gsize       pos)
{
  int value = 0;

  if (pos + 4 > gate->length)
    return -1;

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value ((char) gate->data[pos + i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* The \u escape at @pos decodes to a low surrogate. */
static gboolean
is_low_surrogate_escape (const Gate *gate,
                         gsize       pos)
{
  int value;

  if (pos + 2 > gate->length || gate->data[pos] != '\\' || gate->data[pos + 1] != 'u')
    return FALSE;
  value = read_hex4 (gate, pos + 2);

  return value >= 0xdc00 && value <= 0xdfff;
}

/* Replaces the \u escape at @pos with \ufffd in the copy. */
static void
repair_escape (Gate  *gate,
               gsize  pos)
{
  if (gate->copy == NULL)
    {
      gate->copy = g_malloc (gate->length + 1);
      memcpy (gate->copy, gate->data, gate->length);
      gate->copy[gate->length] = '\0';
    }

  memcpy (gate->copy + pos, REPLACEMENT, ESCAPE_LEN);
  gate->n_repaired++;
}

/* The string starting at the quote at gate->pos. */
static gboolean
lex_string (Gate    *gate,
            GError **error)
{
  gsize start = gate->pos;

  gate->pos++;
  for (;;)
    {
      guchar c;

      if (gate->pos >= gate->length)
        return refuse (error, "unterminated string from byte %" G_GSIZE_FORMAT, start);

      c = gate->data[gate->pos];
      if (c == '"')
        {
          gate->pos++;
          return TRUE;
        }

      if (c < 0x20)
        return refuse (error, "control character U+%04X in a string at byte %" G_GSIZE_FORMAT,
                       c, gate->pos);

      if (c != '\\')
        {
          /* Bytes from 0x80 up were validated as UTF-8 already. */
          gate->pos++;
          continue;
        }

      if (gate->pos + 1 >= gate->length)
        return refuse (error, "unterminated string from byte %" G_GSIZE_FORMAT, start);

      switch (gate->data[gate->pos + 1])
        {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          gate->pos += 2;
          break;

        case 'u':
          {
            int value = read_hex4 (gate, gate->pos + 2);

            if (value < 0)
              return refuse (error, "invalid \\u escape at byte %" G_GSIZE_FORMAT, gate->pos);

            if (value >= 0xd800 && value <= 0xdbff &&
                is_low_surrogate_escape (gate, gate->pos + ESCAPE_LEN))
              {
                /* A proper surrogate pair: one character. */
                gate->pos += 2 * ESCAPE_LEN;
                break;
              }

            /* A lone surrogate (json-glib would decode it to invalid UTF-8, eating the next
             * character) or NUL (json-glib would cut the string there). */
            if (value == 0 || (value >= 0xd800 && value <= 0xdfff))
              repair_escape (gate, gate->pos);
            gate->pos += ESCAPE_LEN;
          }
          break;

        default:
          {
            g_autofree char *what = describe_char (gate, gate->pos + 1);

            return refuse (error, "invalid escape %s at byte %" G_GSIZE_FORMAT,
                           what, gate->pos);
          }
        }
    }
}

static gboolean
is_digit (const Gate *gate,
          gsize       pos)
{
  return pos < gate->length && g_ascii_isdigit (gate->data[pos]);
}

/* The number starting at gate->pos: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and not
 * followed by anything a number could continue with. */
/* json-glib wraps integers outside gint64 around (9223372036854775808 is read as
 * -9223372036854775808, 18446744073709551615 as -1) and reads 1e309 as infinity: such a
 * number is refused rather than read as another. */
static gboolean
number_in_range (const Gate *gate,
                 gsize       start,
                 gsize       digits,
                 gsize       end,
                 gboolean    integer)
{
  static const char max_int64[] = "9223372036854775807";
  static const char min_int64[] = "9223372036854775808"; /* after the '-' */
  g_autofree char *token = NULL;

  if (integer)
    {
      const char *bound = gate->data[start] == '-' ? min_int64 : max_int64;
      gsize n = end - digits;

      return n < sizeof max_int64 - 1 ||
             (n == sizeof max_int64 - 1 && memcmp (gate->data + digits, bound, n) <= 0);
    }

  token = g_strndup ((const char *) gate->data + start, end - start);
  return isfinite (g_ascii_strtod (token, NULL));
}

static gboolean
lex_number (Gate    *gate,
            GError **error)
{
  gsize start = gate->pos;
  gsize pos = start;
  gsize digits;
  gboolean integer = TRUE;

  if (gate->data[pos] == '-')
    pos++;
  digits = pos;

  if (pos < gate->length && gate->data[pos] == '0')
    pos++;
  else if (is_digit (gate, pos))
    while (is_digit (gate, pos))
      pos++;
  else
    goto invalid;

  if (pos < gate->length && gate->data[pos] == '.')
    {
      integer = FALSE;
      pos++;
      if (!is_digit (gate, pos))
        goto invalid;
      while (is_digit (gate, pos))
        pos++;
    }

  if (pos < gate->length && (gate->data[pos] == 'e' || gate->data[pos] == 'E'))
    {
      integer = FALSE;
      pos++;
      if (pos < gate->length && (gate->data[pos] == '+' || gate->data[pos] == '-'))
        pos++;
      if (!is_digit (gate, pos))
        goto invalid;
      while (is_digit (gate, pos))
        pos++;
    }

  /* "01", "0x1f", "1.5.2", "1e5e5", "2-1". */
  if (pos < gate->length &&
      (g_ascii_isalnum (gate->data[pos]) || gate->data[pos] == '.' ||
       gate->data[pos] == '+' || gate->data[pos] == '-'))
    goto invalid;

  if (!number_in_range (gate, start, digits, pos, integer))
    return refuse (error, "number out of range at byte %" G_GSIZE_FORMAT, start);

  gate->pos = pos;
  return TRUE;

invalid:
  return refuse (error, "invalid number at byte %" G_GSIZE_FORMAT, start);
}

/* true, false or null at gate->pos; FALSE (no error) when none is there. */
static gboolean
lex_literal (Gate *gate)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize len = strlen (literals[i]);

      if (gate->length - gate->pos >= len &&
          memcmp (gate->data + gate->pos, literals[i], len) == 0 &&
          (gate->pos + len == gate->length || !g_ascii_isalnum (gate->data[gate->pos + len])))
        {
          gate->pos += len;
          return TRUE;
        }
    }

  return FALSE;
}

/* What follows a complete value. */
static Want
after_value (const Gate *gate)
{
  return gate->depth == 0 ? WANT_END : WANT_COMMA_OR_CLOSE;
}

/* The value starting at gate->pos (not white space). A container is opened, not read. */
static gboolean
lex_value (Gate    *gate,
           Want    *want,
           GError **error)
{
  guchar c = gate->data[gate->pos];

  if (++gate->n_values > RAPPORT_JSON_GATE_MAX_VALUES)
    return refuse (error, "more than %u values at byte %" G_GSIZE_FORMAT,
                   RAPPORT_JSON_GATE_MAX_VALUES, gate->pos);

  switch (c)
    {
    case '[':
    case '{':
      if (gate->depth >= RAPPORT_JSON_GATE_MAX_DEPTH)
        return refuse (error, "nested more than %u levels at byte %" G_GSIZE_FORMAT,
                       RAPPORT_JSON_GATE_MAX_DEPTH, gate->pos);
      gate->open[gate->depth++] = c;
      gate->pos++;
      *want = c == '[' ? WANT_VALUE_OR_CLOSE : WANT_KEY_OR_CLOSE;
      return TRUE;

    case '"':
      if (!lex_string (gate, error))
        return FALSE;
      break;

    default:
      if (c == '-' || g_ascii_isdigit (c))
        {
          if (!lex_number (gate, error))
            return FALSE;
        }
      else if (!lex_literal (gate))
        return refuse_unexpected (gate, error);
      break;
    }

  *want = after_value (gate);
  return TRUE;
}

/* Closes the innermost container with @c (']' or '}'). */
static gboolean
close_container (Gate    *gate,
                 guchar   c,
                 Want    *want,
                 GError **error)
{
  guchar open = gate->open[gate->depth - 1];

  if ((open == '[' && c != ']') || (open == '{' && c != '}'))
    return refuse_unexpected (gate, error);

  gate->depth--;
  gate->pos++;
  *want = after_value (gate);
  return TRUE;
}

static gboolean
check (Gate    *gate,
       GError **error)
{
  Want want = WANT_VALUE;

  if (gate->length >= strlen (BOM) && memcmp (gate->data, BOM, strlen (BOM)) == 0)
    gate->pos = strlen (BOM);

  for (;;)
    {
      guchar c;

      skip_white_space (gate);
      if (gate->pos >= gate->length)
        {
          if (want == WANT_END)
            return TRUE;
          if (want == WANT_VALUE && gate->n_values == 0)
            return refuse (error, "the JSON text holds no value");
          return refuse_end (gate, error);
        }

      c = gate->data[gate->pos];
      switch (want)
        {
        case WANT_VALUE_OR_CLOSE:
          if (c == ']')
            {
              if (!close_container (gate, c, &want, error))
                return FALSE;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case WANT_VALUE:
          if (!lex_value (gate, &want, error))
            return FALSE;
          break;

        case WANT_KEY_OR_CLOSE:
          if (c == '}')
            {
              if (!close_container (gate, c, &want, error))
                return FALSE;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case WANT_KEY:
          if (c != '"')
            {
              if (g_ascii_isalpha (c) || c == '_' || c == '$')
                return refuse (error, "unquoted member name at byte %" G_GSIZE_FORMAT,
                               gate->pos);
              return refuse_unexpected (gate, error);
            }
          if (!lex_string (gate, error))
            return FALSE;
          want = WANT_COLON;
          break;

        case WANT_COLON:
          if (c != ':')
            return refuse_unexpected (gate, error);
          gate->pos++;
          want = WANT_VALUE;
          break;

        case WANT_COMMA_OR_CLOSE:
          if (c == ',')
            {
              gate->pos++;
              want = gate->open[gate->depth - 1] == '{' ? WANT_KEY : WANT_VALUE;
              break;
            }
          if (c != ']' && c != '}')
            return refuse_unexpected (gate, error);
          if (!close_container (gate, c, &want, error))
            return FALSE;
          break;

        case WANT_END:
        default:
          if (c == '/' || c == '#')
            return refuse_unexpected (gate, error);
          return refuse (error, "data after the JSON value at byte %" G_GSIZE_FORMAT,
                         gate->pos);
        }
    }
}

gboolean
rapport_json_gate_check (const char  *data,
                         gsize        length,
                         char       **repaired,
                         guint       *n_repaired,
                         GError     **error)
{
  g_autofree Gate *gate = NULL;
  const char *end = NULL;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (repaired != NULL)
    *repaired = NULL;
  if (n_repaired != NULL)
    *n_repaired = 0;

  if (length > RAPPORT_JSON_GATE_MAX_SIZE)
    return refuse (error, "%" G_GSIZE_FORMAT " bytes, more than %u", length,
                   RAPPORT_JSON_GATE_MAX_SIZE);

  /* Refused, not repaired: see docs/decisions/0014-untrusted-text.md. */
  if (!g_utf8_validate_len (data, length, &end))
    {
      gsize at = (gsize) (end - data);

      if (data[at] == '\0')
        return refuse (error, "NUL byte at byte %" G_GSIZE_FORMAT, at);
      return refuse (error, "invalid UTF-8 at byte %" G_GSIZE_FORMAT, at);
    }

  gate = g_new0 (Gate, 1);
  gate->data = (const guchar *) data;
  gate->length = length;

  if (!check (gate, error))
    {
      g_free (gate->copy);
      return FALSE;
    }

  if (n_repaired != NULL)
    *n_repaired = gate->n_repaired;
  if (repaired != NULL)
    *repaired = g_steal_pointer (&gate->copy);
  else
    g_free (gate->copy);

  return TRUE;
}

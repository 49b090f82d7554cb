/* rapport-template.c
 *
 * The template language of suggested replies: parsing, rendering with the cache's values, and
 * the check that no unresolved placeholder is sent. Pure functions over text; the syntax is
 * described in the header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-template"

#include "config.h"

#include "rapport-template.h"

#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Errors: each carries its span
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportTemplateSpan span;
} RapportTemplateErrorPrivate;

static void
rapport_template_error_private_init (RapportTemplateErrorPrivate *priv)
{
  memset (&priv->span, 0, sizeof priv->span);
}

static void
rapport_template_error_private_copy (const RapportTemplateErrorPrivate *src,
                                     RapportTemplateErrorPrivate       *dest)
{
  dest->span = src->span;
}

static void
rapport_template_error_private_clear (RapportTemplateErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (RapportTemplateError, rapport_template_error)

gboolean
rapport_template_error_get_span (const GError        *error,
                                 RapportTemplateSpan *span)
{
  g_return_val_if_fail (error != NULL, FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  if (error->domain != RAPPORT_TEMPLATE_ERROR)
    {
      memset (span, 0, sizeof *span);
      return FALSE;
    }

  *span = rapport_template_error_get_private (error)->span;

  return TRUE;
}

/* The number of characters in the @length bytes at @text: bytes that do not continue a
 * sequence (so it also counts, without reading past @length, in text that is not UTF-8). */
static gsize
count_chars (const char *text,
             gsize       length)
{
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    if (((guchar) text[i] & 0xC0) != 0x80)
      n++;

  return n;
}

static RapportTemplateSpan
span_of (const char *text,
         gsize       offset,
         gsize       length)
{
  RapportTemplateSpan span = {
    .offset = offset,
    .length = length,
    .char_offset = count_chars (text, offset),
    .char_length = count_chars (text + offset, length),
  };

  return span;
}

static void
set_error (GError               **error,
           RapportTemplateError   code,
           const char            *text,
           gsize                  offset,
           gsize                  length,
           const char            *what)
{
  RapportTemplateSpan span = span_of (text, offset, length);
  GError *new_error;

  new_error = g_error_new (RAPPORT_TEMPLATE_ERROR, code, "%s at byte %" G_GSIZE_FORMAT
                           " (character %" G_GSIZE_FORMAT ")", what, span.offset,
                           span.char_offset);
  rapport_template_error_get_private (new_error)->span = span;
  g_propagate_error (error, new_error);
}

/* ---------------------------------------------------------------------------------------------
 * The template
 * ------------------------------------------------------------------------------------------- */

struct _RapportTemplate
{
  grefcount     ref;
  char         *text;
  GArray       *segments; /* RapportTemplateSegment; their strings live in @strings */
  GStringChunk *strings;
};

G_DEFINE_BOXED_TYPE (RapportTemplate, rapport_template, rapport_template_ref,
                     rapport_template_unref)

static const char * const variables[] = {
  RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME,
  RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME,
  RAPPORT_TEMPLATE_VAR_TICKET_ID,
  RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME,
  RAPPORT_TEMPLATE_VAR_LAST_CONTACT,
};

gboolean
rapport_template_is_variable (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    if (strcmp (name, variables[i]) == 0)
      return TRUE;

  return FALSE;
}

RapportTemplate *
rapport_template_ref (RapportTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref);

  return self;
}

void
rapport_template_unref (RapportTemplate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref))
    return;

  g_free (self->text);
  g_array_unref (self->segments);
  g_string_chunk_free (self->strings);
  g_free (self);
}

const char *
rapport_template_get_text (const RapportTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

guint
rapport_template_get_n_segments (const RapportTemplate *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->segments->len;
}

const RapportTemplateSegment *
rapport_template_get_segment (const RapportTemplate *self,
                              guint                  index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);

  return &g_array_index (self->segments, RapportTemplateSegment, index);
}

/* ---------------------------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------------------------- */

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
is_name_char (char c,
              gboolean first)
{
  return (c >= 'a' && c <= 'z') ||
         (!first && ((c >= '0' && c <= '9') || c == '_' || c == '.'));
}

/* Whether @c may stand in a prompt: no braces, no control characters. */
static gboolean
is_prompt_char (gunichar c)
{
  return c == '\t' || (c != '{' && c != '}' && !g_unichar_iscntrl (c));
}

typedef struct
{
  const char      *text;
  RapportTemplate *template;
  GString         *literal;       /* the literal run being read */
  gsize            literal_start; /* its first byte in @text */
  guint            n_placeholders;
} Parser;

static void
add_segment (Parser                     *parser,
             RapportTemplateSegmentKind  kind,
             gsize                       offset,
             gsize                       length,
             const char                 *text,
             const char                 *name,
             const char                 *prompt)
{
  RapportTemplate *template = parser->template;
  RapportTemplateSegment segment = {
    .kind = kind,
    .source = span_of (parser->text, offset, length),
    .text = text != NULL ? g_string_chunk_insert (template->strings, text) : NULL,
    .name = name != NULL ? g_string_chunk_insert (template->strings, name) : NULL,
    .prompt = prompt != NULL ? g_string_chunk_insert (template->strings, prompt) : NULL,
  };

  g_array_append_val (template->segments, segment);
}

static void
flush_literal (Parser *parser,
               gsize   end)
{
  if (parser->literal->len > 0)
    add_segment (parser, RAPPORT_TEMPLATE_SEGMENT_TEXT, parser->literal_start,
                 end - parser->literal_start, parser->literal->str, NULL, NULL);
  g_string_truncate (parser->literal, 0);
  parser->literal_start = end;
}

/* The character at @offset is one a placeholder may not hold there. */
static void
set_char_error (Parser  *parser,
                gsize    offset,
                GError **error)
{
  const char *at = parser->text + offset;
  gboolean brace = *at == '{';

  set_error (error, brace ? RAPPORT_TEMPLATE_ERROR_NESTED_BRACES
                          : RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER,
             parser->text, offset, g_utf8_next_char (at) - at,
             brace ? "A brace inside a placeholder" : "A character a placeholder may not hold");
}

/* Reads the placeholder whose "{{" is at @start; sets *@end past its "}}". */
static gboolean
parse_placeholder (Parser  *parser,
                   gsize    start,
                   gsize   *end,
                   GError **error)
{
  const char *text = parser->text;
  g_autofree char *name = NULL;
  g_autofree char *prompt = NULL;
  gsize close, i, name_start, name_end, length;
  gboolean has_prompt;

  /* The first "}}" on the line closes it. */
  for (close = start + 2; text[close] != '\0' && text[close] != '\n' && text[close] != '\r' &&
                          !(text[close] == '}' && text[close + 1] == '}'); close++)
    ;
  if (text[close] != '}')
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_UNTERMINATED, text, start, 2,
                 "A placeholder with no closing braces");
      return FALSE;
    }
  length = close + 2 - start;

  for (i = start + 2; is_blank (text[i]); i++)
    ;
  name_start = i;
  for (; i < close && !is_blank (text[i]) && text[i] != '|'; i++)
    if (!is_name_char (text[i], i == name_start))
      {
        set_char_error (parser, i, error);
        return FALSE;
      }
  name_end = i;
  for (; is_blank (text[i]); i++)
    ;
  if (i < close && text[i] != '|')
    {
      set_char_error (parser, i, error);
      return FALSE;
    }
  has_prompt = i < close;

  if (name_end == name_start)
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_EMPTY_NAME, text, start, length,
                 "A placeholder with no name");
      return FALSE;
    }
  if (name_end - name_start > RAPPORT_TEMPLATE_MAX_NAME)
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_NAME_TOO_LONG, text, name_start,
                 name_end - name_start, "A placeholder name too long");
      return FALSE;
    }
  name = g_strndup (text + name_start, name_end - name_start);

  if (has_prompt)
    {
      const char *p;

      for (p = text + i + 1; p < text + close; p = g_utf8_next_char (p))
        if (!is_prompt_char (g_utf8_get_char (p)))
          {
            set_char_error (parser, p - text, error);
            return FALSE;
          }
      prompt = g_strstrip (g_strndup (text + i + 1, close - i - 1));

      if (prompt[0] == '\0' || strlen (prompt) > RAPPORT_TEMPLATE_MAX_PROMPT)
        {
          set_error (error, RAPPORT_TEMPLATE_ERROR_BAD_PROMPT, text, start, length,
                     "A required field with an empty or too long prompt");
          return FALSE;
        }
      if (rapport_template_is_variable (name))
        {
          set_error (error, RAPPORT_TEMPLATE_ERROR_PROMPT_ON_VARIABLE, text, start, length,
                     "A variable with a prompt");
          return FALSE;
        }
    }

  if ((has_prompt && strchr (name, '.') != NULL) ||
      (!has_prompt && !rapport_template_is_variable (name)))
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_UNKNOWN_VARIABLE, text, start, length,
                 "An unknown variable");
      return FALSE;
    }

  if (++parser->n_placeholders > RAPPORT_TEMPLATE_MAX_PLACEHOLDERS)
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_TOO_MANY_PLACEHOLDERS, text, start, length,
                 "Too many placeholders");
      return FALSE;
    }

  add_segment (parser, has_prompt ? RAPPORT_TEMPLATE_SEGMENT_FIELD
                                  : RAPPORT_TEMPLATE_SEGMENT_VARIABLE,
               start, length, NULL, name, prompt);
  *end = close + 2;

  return TRUE;
}

/**
 * rapport_template_parse:
 *
 * Returns: (transfer full): the template, or %NULL with @error set
 */
RapportTemplate *
rapport_template_parse (const char  *text,
                        GError     **error)
{
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GString) literal = NULL;
  const char *invalid;
  Parser parser;
  gsize length, i;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  length = strnlen (text, RAPPORT_TEMPLATE_MAX_SIZE + 1);
  if (length > RAPPORT_TEMPLATE_MAX_SIZE)
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_TOO_LARGE, text, RAPPORT_TEMPLATE_MAX_SIZE, 0,
                 "A template too large");
      return NULL;
    }
  if (!g_utf8_validate (text, length, &invalid))
    {
      set_error (error, RAPPORT_TEMPLATE_ERROR_INVALID_UTF8, text, invalid - text, 1,
                 "Text that is not UTF-8");
      return NULL;
    }

  template = g_new0 (RapportTemplate, 1);
  g_ref_count_init (&template->ref);
  template->text = g_strndup (text, length);
  template->segments = g_array_new (FALSE, FALSE, sizeof (RapportTemplateSegment));
  template->strings = g_string_chunk_new (MAX (length, 64));

  literal = g_string_new (NULL);
  parser = (Parser) {
    .text = template->text,
    .template = template,
    .literal = literal,
  };

  for (i = 0; i < length;)
    {
      const char *brace = memchr (text + i, '{', length - i);
      gsize run, before;

      if (brace == NULL)
        {
          g_string_append_len (literal, text + i, length - i);
          break;
        }
      g_string_append_len (literal, text + i, brace - (text + i));
      i = brace - text;

      /* A run of braces, read four at a time (the escape, in the header). */
      for (run = 0; text[i + run] == '{'; run++)
        ;
      before = run % 4 >= 2 ? run - 2 : run;
      for (gsize k = 0; k < before / 4; k++)
        g_string_append (literal, "{{");
      if (before % 4 == 1)
        g_string_append_c (literal, '{');
      i += before;

      if (before < run)
        {
          flush_literal (&parser, i);
          if (!parse_placeholder (&parser, i, &i, error))
            return NULL;
          parser.literal_start = i;
        }
    }
  flush_literal (&parser, length);

  return g_steal_pointer (&template);
}

char *
rapport_template_escape (const char *text)
{
  GString *escaped;

  g_return_val_if_fail (text != NULL, NULL);

  escaped = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '{')
        {
          g_string_append (escaped, "{{{{");
          p++;
        }
      else
        {
          g_string_append_c (escaped, *p);
        }
    }

  return g_string_free (escaped, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Unresolved placeholders
 * ------------------------------------------------------------------------------------------- */

static gboolean
looks_like_name_char (char c,
                      gboolean first)
{
  return g_ascii_isalnum (c) || c == '_' || (!first && (c == '.' || c == '-'));
}

/* The end of the placeholder-looking text at @p ("{{" there), or NULL. */
static const char *
match_placeholder (const char *p)
{
  const char *q = p + 2;

  while (is_blank (*q))
    q++;
  if (!looks_like_name_char (*q, TRUE))
    return NULL;
  while (looks_like_name_char (*q, FALSE))
    q++;
  while (is_blank (*q))
    q++;
  if (*q == '|')
    for (q++; *q != '\0' && *q != '{' && *q != '}' && *q != '\n' && *q != '\r'; q++)
      ;

  return q[0] == '}' && q[1] == '}' ? q + 2 : NULL;
}

/* Finds the first match at or after byte @from; @from_chars: the characters before @from. */
static gboolean
find_unresolved (const char          *text,
                 gsize                from,
                 gsize                from_chars,
                 RapportTemplateSpan *span)
{
  for (const char *p = text + from; (p = strstr (p, "{{")) != NULL; p++)
    {
      const char *end = match_placeholder (p);

      if (end == NULL)
        continue;

      if (span != NULL)
        {
          span->offset = p - text;
          span->length = end - p;
          span->char_offset = from_chars + count_chars (text + from, span->offset - from);
          span->char_length = count_chars (p, span->length);
        }
      return TRUE;
    }

  return FALSE;
}

gboolean
rapport_template_find_unresolved (const char          *text,
                                  gsize                from,
                                  RapportTemplateSpan *span)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (from <= strlen (text), FALSE);

  return find_unresolved (text, from, count_chars (text, from), span);
}

/* ---------------------------------------------------------------------------------------------
 * Rendering
 * ------------------------------------------------------------------------------------------- */

void
rapport_template_hole_free (RapportTemplateHole *hole)
{
  if (hole == NULL)
    return;

  g_free (hole->name);
  g_free (hole->prompt);
  g_free (hole);
}

/* A hole the template leaves: where it starts in the output, and what it is. */
typedef struct
{
  gsize                          offset;
  const RapportTemplateSegment  *segment;
} Gap;

/* The value of @name, trimmed, or NULL when it counts as missing (see the header). */
static char *
value_of (GHashTable *values,
          const char *name)
{
  const char *value = values != NULL ? g_hash_table_lookup (values, name) : NULL;
  g_autofree char *trimmed = NULL;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;

  trimmed = g_strstrip (g_strdup (value));
  if (trimmed[0] == '\0' || find_unresolved (trimmed, 0, 0, NULL))
    return NULL;

  return g_steal_pointer (&trimmed);
}

/* After a left-out sentence: one space beside it goes, and its line when it stood alone on
 * one (with one blank line around it when it was a paragraph of its own). Returns where
 * @next, the literal text after it, now starts. */
static const char *
close_gap (GString    *out,
           const char *next)
{
  if (next[0] == ' ')
    next++;
  else if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  if (out->len == 0 || out->str[out->len - 1] == '\n')
    {
      for (guint line = 0; line < 2; line++)
        {
          gsize eol = g_str_has_prefix (next, "\r\n") ? 2 : next[0] == '\n' ? 1 : 0;

          if (eol == 0 || (line == 1 && out->len > 0 && !g_str_has_suffix (out->str, "\n\n")))
            break;
          next += eol;
        }
    }

  return next;
}

/**
 * rapport_template_render:
 * @holes: (out) (optional) (transfer full) (element-type RapportTemplateHole):
 *
 * Returns: (transfer full): the rendered text
 */
char *
rapport_template_render (const RapportTemplate  *self,
                         GHashTable             *values,
                         GPtrArray             **holes)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) gaps = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gboolean left_out = FALSE;
  RapportTemplateSpan span;
  gsize from = 0, from_chars = 0;
  guint next_gap = 0;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_sized_new (strlen (self->text) + 64);
  gaps = g_array_new (FALSE, FALSE, sizeof (Gap));

  for (guint i = 0; i < self->segments->len; i++)
    {
      const RapportTemplateSegment *segment = &g_array_index (self->segments,
                                                              RapportTemplateSegment, i);
      g_autofree char *value = NULL;
      Gap gap = { .segment = segment };

      if (segment->kind == RAPPORT_TEMPLATE_SEGMENT_TEXT)
        {
          g_string_append (out, left_out ? close_gap (out, segment->text) : segment->text);
          left_out = FALSE;
          continue;
        }
      if (left_out)
        close_gap (out, "");
      left_out = FALSE;

      value = value_of (values, segment->name);
      if (value == NULL && strcmp (segment->name, RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME) == 0)
        value = value_of (values, RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME);
      else if (value == NULL && strcmp (segment->name, RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME) == 0)
        value = value_of (values, RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME);

      if (value != NULL)
        {
          g_string_append (out, value);
        }
      else if (strcmp (segment->name, RAPPORT_TEMPLATE_VAR_LAST_CONTACT) == 0)
        {
          left_out = TRUE;
        }
      else
        {
          gap.offset = out->len;
          g_array_append_val (gaps, gap);
          if (segment->kind == RAPPORT_TEMPLATE_SEGMENT_FIELD)
            g_string_append_printf (out, "{{%s|%s}}", segment->name, segment->prompt);
          else
            g_string_append_printf (out, "{{%s}}", segment->name);
        }
    }
  if (left_out)
    close_gap (out, "");

  /* The holes are what the outbox's check finds in the whole text: the template's own, and
   * any that literal text and values make together. */
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_template_hole_free);
  while (find_unresolved (out->str, from, from_chars, &span))
    {
      RapportTemplateHole *hole = g_new0 (RapportTemplateHole, 1);

      while (next_gap < gaps->len && g_array_index (gaps, Gap, next_gap).offset < span.offset)
        next_gap++;

      hole->span = span;
      hole->kind = RAPPORT_TEMPLATE_HOLE_STRAY;
      if (next_gap < gaps->len && g_array_index (gaps, Gap, next_gap).offset == span.offset)
        {
          const RapportTemplateSegment *segment = g_array_index (gaps, Gap, next_gap).segment;

          hole->kind = segment->kind == RAPPORT_TEMPLATE_SEGMENT_FIELD
                       ? RAPPORT_TEMPLATE_HOLE_FIELD : RAPPORT_TEMPLATE_HOLE_VARIABLE;
          hole->name = g_strdup (segment->name);
          hole->prompt = g_strdup (segment->prompt);
        }
      g_ptr_array_add (found, hole);

      from = span.offset + span.length;
      from_chars = span.char_offset + span.char_length;
    }

  if (holes != NULL)
    *holes = g_steal_pointer (&found);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

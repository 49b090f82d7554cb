/* fuzz-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Templates: canned responses and articles come from the server and are parsed as
 * templates (rapport_template_parse()). A template that does not parse must say where, inside
 * the text; one that parses must have its segments inside the text, render to valid UTF-8
 * with its holes inside the rendered text, and escaping any text must parse back to exactly
 * that text. The composer's check for stray placeholders reads the rendered text.
 */
#define G_LOG_DOMAIN "rapport-fuzz-template"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-template.h"

#include <string.h>

static void
check_span (const RapportTemplateSpan *span,
            gsize                      length,
            const char                *what)
{
  if (span->offset > length || span->length > length - span->offset)
    g_error ("%s at %" G_GSIZE_FORMAT "+%" G_GSIZE_FORMAT " outside %" G_GSIZE_FORMAT
             " bytes", what, span->offset, span->length, length);
}

static void
check_rendered (const RapportTemplate *template)
{
  g_autoptr(GPtrArray) holes = NULL;
  g_autofree char *rendered = rapport_template_render (template, NULL, &holes);
  gsize length = strlen (rendered);
  RapportTemplateSpan span;
  gsize from = 0;

  rapport_fuzz_assert_utf8 (rendered, -1);
  for (guint i = 0; i < holes->len; i++)
    {
      const RapportTemplateHole *hole = holes->pdata[i];

      check_span (&hole->span, length, "a hole");
    }

  while (from <= length && rapport_template_find_unresolved (rendered, from, &span))
    {
      check_span (&span, length, "an unresolved placeholder");
      if (span.offset + span.length <= from)
        g_error ("no progress looking for unresolved placeholders");
      from = span.offset + span.length;
    }
}

static void
check_escape (const char *text)
{
  g_autofree char *escaped = rapport_template_escape (text);
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rendered = NULL;

  template = rapport_template_parse (escaped, &error);
  if (template == NULL)
    {
      /* Too large or too many placeholders once escaped are fair refusals. */
      if (!g_error_matches (error, RAPPORT_TEMPLATE_ERROR, RAPPORT_TEMPLATE_ERROR_TOO_LARGE))
        g_error ("escaped text does not parse: %s", error->message);
      return;
    }

  rendered = rapport_template_render (template, NULL, NULL);
  if (strcmp (rendered, text) != 0)
    g_error ("escaped text renders as something else");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = rapport_fuzz_strndup (data, size);
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = strlen (text);

  template = rapport_template_parse (text, &error);
  if (template == NULL)
    {
      RapportTemplateSpan span;

      g_assert (error != NULL);
      if (error->domain == RAPPORT_TEMPLATE_ERROR)
        {
          if (!rapport_template_error_get_span (error, &span))
            g_error ("a template error without a place: %s", error->message);
          check_span (&span, length, "the error");
        }
      return 0;
    }

  for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
    check_span (&rapport_template_get_segment (template, i)->source, length, "a segment");
  check_rendered (template);

  if (g_utf8_validate (text, -1, NULL))
    check_escape (text);

  return 0;
}

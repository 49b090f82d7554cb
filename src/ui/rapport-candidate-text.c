/* rapport-candidate-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-candidate-text"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-candidate-text.h"

#include "rapport-template.h"
#include "rapport-ui-util.h"

#define EXCERPT_LINE_CHARS 200

const char *
rapport_candidate_text_kind (RapportCandidateKind kind)
{
  switch (kind)
    {
    case RAPPORT_CANDIDATE_CANNED:
      return _("Canned response");
    case RAPPORT_CANDIDATE_ARTICLE:
      return _("Article");
    case RAPPORT_CANDIDATE_PAST_REPLY:
      return _("Past reply");
    default:
      g_return_val_if_reached (_("Canned response"));
    }
}

char *
rapport_candidate_text_source (RapportCandidate *candidate,
                               const char       *account_name)
{
  g_autofree char *safe_name = NULL;

  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (candidate), NULL);

  if (rapport_candidate_get_account_id (candidate) == 0)
    return g_strdup (_("Your team's"));

  safe_name = rapport_ui_bidi_safe (account_name);
  if (safe_name == NULL)
    return g_strdup (_("From the helpdesk"));

  /* Translators: where a canned response or an article comes from; %s is an account's
   * name, e.g. "From Support Desk". */
  return g_strdup_printf (_("From %s"), safe_name);
}

char *
rapport_candidate_text_excerpt (const char *body,
                                guint       max_lines)
{
  g_autoptr(GString) excerpt = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;

  if (body == NULL || !g_utf8_validate (body, -1, NULL))
    return g_strdup ("");

  lines = g_strsplit (body, "\n", -1);
  for (guint i = 0; lines[i] != NULL && n_lines < max_lines; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;

      if (n_lines > 0)
        g_string_append_c (excerpt, '\n');

      if (g_utf8_strlen (line, -1) > EXCERPT_LINE_CHARS)
        {
          const char *end = g_utf8_offset_to_pointer (line, EXCERPT_LINE_CHARS);

          g_string_append_len (excerpt, line, end - line);
          g_string_append (excerpt, "…");
        }
      else
        {
          g_string_append (excerpt, line);
        }

      n_lines++;
    }

  return g_string_free (g_steal_pointer (&excerpt), FALSE);
}

static const char *
template_error_reason (const GError *error)
{
  switch ((RapportTemplateError) error->code)
    {
    case RAPPORT_TEMPLATE_ERROR_INVALID_UTF8:
      return _("The text is not valid UTF-8.");
    case RAPPORT_TEMPLATE_ERROR_TOO_LARGE:
      return _("The text is too long: at most 64 KiB.");
    case RAPPORT_TEMPLATE_ERROR_TOO_MANY_PLACEHOLDERS:
      return _("Too many placeholders: at most 100.");
    case RAPPORT_TEMPLATE_ERROR_UNTERMINATED:
      return _("“{{” is not closed with “}}” on its line.");
    case RAPPORT_TEMPLATE_ERROR_EMPTY_NAME:
      return _("The placeholder has no name.");
    case RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER:
      return _("This character cannot be in a placeholder: a name holds lower-case letters, "
               "digits, “_” and “.”; a prompt holds no braces.");
    case RAPPORT_TEMPLATE_ERROR_NESTED_BRACES:
      return _("A placeholder cannot hold “{”.");
    case RAPPORT_TEMPLATE_ERROR_NAME_TOO_LONG:
      return _("The placeholder’s name is too long: at most 64 characters.");
    case RAPPORT_TEMPLATE_ERROR_UNKNOWN_VARIABLE:
      return _("Unknown placeholder. A required field needs a prompt, as in "
               "“{{order_number|Order number}}”.");
    case RAPPORT_TEMPLATE_ERROR_PROMPT_ON_VARIABLE:
      return _("This placeholder is filled in by itself and takes no prompt.");
    case RAPPORT_TEMPLATE_ERROR_BAD_PROMPT:
      return _("The prompt after “|” must be 1 to 200 characters long.");
    default:
      return error->message;
    }
}

char *
rapport_candidate_text_template_error (const char   *text,
                                       const GError *error)
{
  RapportTemplateSpan span;
  guint line = 1;
  guint column = 1;
  gsize offset = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (!g_error_matches (error, RAPPORT_TEMPLATE_ERROR, error->code) ||
      !rapport_template_error_get_span (error, &span))
    return g_strdup (error->message);

  /* Lines and columns as the agent counts them: from 1, in characters. The position of an
   * error in text that is not UTF-8 is counted in bytes up to it. */
  for (const char *p = text; *p != '\0' && offset < span.offset; )
    {
      gunichar c = g_utf8_get_char_validated (p, (gssize) (span.offset - offset));
      const char *next = c < (gunichar) -2 ? g_utf8_next_char (p) : p + 1;

      if (*p == '\n')
        {
          line++;
          column = 1;
        }
      else
        {
          column++;
        }

      offset += next - p;
      p = next;
    }

  /* Translators: where an error is in a canned response's text, then what it is, e.g.
   * "Line 2, column 7: The placeholder has no name." */
  return g_strdup_printf (_("Line %u, column %u: %s"), line, column,
                          template_error_reason (error));
}

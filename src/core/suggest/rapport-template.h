/* rapport-template.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The template language of suggested replies (canned responses, articles).
 *
 * A template is valid UTF-8 text. Everything is literal except a placeholder, written
 * between "{{" and "}}" on one line:
 *
 *   {{customer.first_name}}          a variable: its value is read when the template is
 *   {{customer.name}}                inserted (RAPPORT_TEMPLATE_VAR_*; no other name is a
 *   {{ticket.id}}                    variable)
 *   {{agent.first_name}}
 *   {{last_contact}}                 a whole sentence the caller writes ("I see you contacted
 *                                    us on 3 November about your invoice.")
 *   {{order_number|Order number}}    a required field: a name of its own and, after "|", the
 *                                    prompt the agent sees; the agent must fill it in
 *
 * Spaces and tabs may surround the name and the prompt ("{{ ticket.id }}",
 * "{{ order_number | Order number }}"); the prompt is trimmed. A name is ASCII: a lower-case
 * letter, then lower-case letters, digits, '_' and '.'; at most RAPPORT_TEMPLATE_MAX_NAME
 * bytes. A required field's name has no '.' (dotted names are the variables'). A prompt is
 * 1 to RAPPORT_TEMPLATE_MAX_PROMPT bytes of any text but braces and control characters.
 *
 * Escape. "}" is always literal. A run of n "{" is read four at a time: each "{{{{" is a
 * literal "{{"; of the rest, one "{" is literal, two open a placeholder, and three are a
 * literal "{" then a placeholder. So "{{{{" gives "{{", "{{{{{" gives "{{{", "{{{x}}" is
 * "{" then {{x}}. rapport_template_escape() writes any text in this form.
 *
 * Errors (RAPPORT_TEMPLATE_ERROR, with the position: rapport_template_error_get_span()):
 * text not UTF-8, too large, too many placeholders, a "{{" with no "}}" on its line, an
 * empty name, a character a name or prompt may not hold, a "{" inside a placeholder, a name
 * too long, a name with no prompt that is not a variable, a prompt on a variable, an empty or
 * too long prompt. Any input gives a template or one of these errors.
 *
 * Rendering (rapport_template_render) inserts values as plain text: a value is never read as
 * a template. Values are trimmed. A value that is blank, not UTF-8, or that would itself put
 * an unresolved placeholder into the reply (rapport_template_find_unresolved() finds one in
 * it) counts as missing. Missing values:
 *   customer.first_name  → customer.name's value; customer.name → customer.first_name's;
 *   last_contact         → left out, with one space beside it ("Thanks. {{last_contact}} We…"
 *                          gives "Thanks. We…"), and its line when it stood alone on one;
 *   any other variable   → a hole: the placeholder stays in the text as "{{name}}";
 *   a required field     → a hole: "{{name|prompt}}".
 * A hole is in the output so that nothing can send it: rapport_template_find_unresolved()
 * finds every hole, and the outbox refuses a reply that holds one. The output is then
 * scanned as a whole: literal text (an escaped "{{") or values that together look like a
 * placeholder are a hole too (RAPPORT_TEMPLATE_HOLE_STRAY). So: no holes ⇔ nothing in the
 * output that rapport_template_find_unresolved() finds. */

#define RAPPORT_TEMPLATE_MAX_SIZE         65536 /* bytes of template text */
#define RAPPORT_TEMPLATE_MAX_PLACEHOLDERS 100
#define RAPPORT_TEMPLATE_MAX_NAME         64    /* bytes */
#define RAPPORT_TEMPLATE_MAX_PROMPT       200   /* bytes, trimmed */

#define RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME "customer.first_name"
#define RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME       "customer.name"
#define RAPPORT_TEMPLATE_VAR_TICKET_ID           "ticket.id"
#define RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME    "agent.first_name"
#define RAPPORT_TEMPLATE_VAR_LAST_CONTACT        "last_contact"

#define RAPPORT_TEMPLATE_ERROR (rapport_template_error_quark ())
GQuark rapport_template_error_quark (void);

typedef enum
{
  RAPPORT_TEMPLATE_ERROR_INVALID_UTF8,          /* at the first byte that is not UTF-8 */
  RAPPORT_TEMPLATE_ERROR_TOO_LARGE,             /* at RAPPORT_TEMPLATE_MAX_SIZE (length 0) */
  RAPPORT_TEMPLATE_ERROR_TOO_MANY_PLACEHOLDERS, /* at the first placeholder past the limit */
  RAPPORT_TEMPLATE_ERROR_UNTERMINATED,          /* at the "{{" with no "}}" on its line */
  RAPPORT_TEMPLATE_ERROR_EMPTY_NAME,            /* at the placeholder ("{{}}", "{{|x}}") */
  RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER,         /* at the character a name or prompt may not
                                                 * hold (upper case, '-', a second word …) */
  RAPPORT_TEMPLATE_ERROR_NESTED_BRACES,         /* at the "{" inside a placeholder */
  RAPPORT_TEMPLATE_ERROR_NAME_TOO_LONG,         /* at the name */
  RAPPORT_TEMPLATE_ERROR_UNKNOWN_VARIABLE,      /* at the placeholder: no prompt, and not a
                                                 * variable; or a dotted name with a prompt */
  RAPPORT_TEMPLATE_ERROR_PROMPT_ON_VARIABLE,    /* at the placeholder ("{{ticket.id|Id}}") */
  RAPPORT_TEMPLATE_ERROR_BAD_PROMPT,            /* at the placeholder: the prompt is empty or
                                                 * longer than RAPPORT_TEMPLATE_MAX_PROMPT */
} RapportTemplateError;

/* A piece of a text: bytes and characters (Unicode code points), both from its start. */
typedef struct
{
  gsize offset;
  gsize length;
  gsize char_offset;
  gsize char_length;
} RapportTemplateSpan;

/* Where a RAPPORT_TEMPLATE_ERROR is, in the template text. FALSE (and *@span zeroed) for an
 * error of another domain. */
gboolean rapport_template_error_get_span (const GError        *error,
                                          RapportTemplateSpan *span);

typedef enum
{
  RAPPORT_TEMPLATE_SEGMENT_TEXT,     /*< nick=text >*/
  RAPPORT_TEMPLATE_SEGMENT_VARIABLE, /*< nick=variable >*/
  RAPPORT_TEMPLATE_SEGMENT_FIELD,    /*< nick=field >*/     /* a required field */
} RapportTemplateSegmentKind;

/* One piece of a parsed template. @source: where it is in the template text. */
typedef struct
{
  RapportTemplateSegmentKind  kind;
  RapportTemplateSpan         source;
  const char                 *text;   /* TEXT: the literal text, escapes read */
  const char                 *name;   /* VARIABLE, FIELD */
  const char                 *prompt; /* FIELD */
} RapportTemplateSegment;

typedef struct _RapportTemplate RapportTemplate;

#define RAPPORT_TYPE_TEMPLATE (rapport_template_get_type ())
GType                         rapport_template_get_type       (void);

/* Parses @text (NUL-terminated). Returns the template, or NULL with @error set. */
RapportTemplate              *rapport_template_parse          (const char            *text,
                                                               GError               **error);
RapportTemplate              *rapport_template_ref            (RapportTemplate       *self);
void                          rapport_template_unref          (RapportTemplate       *self);
const char                   *rapport_template_get_text       (const RapportTemplate *self);
/* Literal runs and placeholders in order; adjacent literal text is one run, and no run is
 * empty. */
guint                         rapport_template_get_n_segments (const RapportTemplate *self);
const RapportTemplateSegment *rapport_template_get_segment    (const RapportTemplate *self,
                                                               guint                  index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportTemplate, rapport_template_unref)

/* TRUE when @name is one of the RAPPORT_TEMPLATE_VAR_* variables. */
gboolean                      rapport_template_is_variable    (const char            *name);

/* @text as template text that parses to one literal run equal to @text: each "{{" doubled
 * (see the escape above). @text must be UTF-8. */
char                         *rapport_template_escape         (const char            *text);

typedef enum
{
  RAPPORT_TEMPLATE_HOLE_FIELD,    /*< nick=field >*/    /* a required field not filled */
  RAPPORT_TEMPLATE_HOLE_VARIABLE, /*< nick=variable >*/ /* a variable with no value */
  RAPPORT_TEMPLATE_HOLE_STRAY,    /*< nick=stray >*/    /* text that looks like a placeholder */
} RapportTemplateHoleKind;

/* An unresolved placeholder in rendered text, for the composer to highlight and Tab to. */
typedef struct
{
  RapportTemplateHoleKind  kind;
  RapportTemplateSpan      span;   /* in the rendered text */
  char                    *name;   /* NULL for STRAY */
  char                    *prompt; /* FIELD, else NULL */
} RapportTemplateHole;

void rapport_template_hole_free (RapportTemplateHole *hole);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportTemplateHole, rapport_template_hole_free)

/* Fills @self in: @values maps a variable's or a required field's name to its text (may be
 * NULL: no values). Returns the text; *@holes (when not NULL) is set to the holes in it in
 * order (element-type RapportTemplateHole), empty when the text may be sent. */
char    *rapport_template_render           (const RapportTemplate  *self,
                                            GHashTable             *values,
                                            GPtrArray             **holes);

/* Looks in @text (any UTF-8 text, e.g. a reply about to be sent), from byte @from on, for
 * what looks like an unresolved placeholder: "{{", spaces or tabs, a name (an ASCII letter,
 * digit or '_', then letters, digits, '_', '.' or '-'), spaces or tabs, optionally "|" and
 * any text without braces or line breaks, then "}}". Upper case and spaces count, as other
 * systems write "{{ Customer.Name }}"; "{{ }}", a lone "{{" or "}}", "{{#if}}" and
 * "{{two words}}" do not. Returns TRUE and fills @span (nullable; offsets from the start of
 * @text) for the first. */
gboolean rapport_template_find_unresolved  (const char             *text,
                                            gsize                   from,
                                            RapportTemplateSpan    *span);

G_END_DECLS

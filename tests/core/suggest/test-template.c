/* test-template.c
 *
 * The template engine: tables of good and bad templates, rendering, the unresolved-placeholder
 * check, and property tests over random templates and values. The random tests print their
 * seed; "--seed N" runs them again with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-template"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "rapport-template.h"

static guint32 seed;

#define ROUNDS 4000

/* ---------------------------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------------------------- */

/* The segments in one line: "T:literal", "V:name", "F:name:prompt", joined by " / ". */
static char *
describe (const RapportTemplate *template)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
    {
      const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

      if (i > 0)
        g_string_append (out, " / ");
      switch (segment->kind)
        {
        case RAPPORT_TEMPLATE_SEGMENT_TEXT:
          g_string_append_printf (out, "T:%s", segment->text);
          break;
        case RAPPORT_TEMPLATE_SEGMENT_VARIABLE:
          g_string_append_printf (out, "V:%s", segment->name);
          break;
        case RAPPORT_TEMPLATE_SEGMENT_FIELD:
          g_string_append_printf (out, "F:%s:%s", segment->name, segment->prompt);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A span's character figures agree with its bytes in @text. */
static void
assert_span_consistent (const char                *text,
                        const RapportTemplateSpan *span)
{
  g_assert_cmpuint (span->offset + span->length, <=, strlen (text));
  g_assert_cmpuint (span->char_offset, ==, g_utf8_strlen (text, span->offset));
  g_assert_cmpuint (span->char_length, ==, g_utf8_strlen (text + span->offset, span->length));
}

static GHashTable *
values_new (const char *first,
            ...)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (values, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);

  return values;
}

/* The holes of a render are exactly what rapport_template_find_unresolved() finds, one after
 * the other, and their figures agree. */
static void
assert_holes_are_unresolved (const char *text,
                             GPtrArray  *holes)
{
  RapportTemplateSpan span;
  gsize from = 0;
  guint n = 0;

  while (rapport_template_find_unresolved (text, from, &span))
    {
      RapportTemplateHole *hole;

      g_assert_cmpuint (n, <, holes->len);
      hole = holes->pdata[n++];
      g_assert_cmpuint (hole->span.offset, ==, span.offset);
      g_assert_cmpuint (hole->span.length, ==, span.length);
      g_assert_cmpuint (hole->span.char_offset, ==, span.char_offset);
      g_assert_cmpuint (hole->span.char_length, ==, span.char_length);
      assert_span_consistent (text, &hole->span);
      from = span.offset + span.length;
    }
  g_assert_cmpuint (n, ==, holes->len);
}

/* ---------------------------------------------------------------------------------------------
 * Parsing: tables
 * ------------------------------------------------------------------------------------------- */

static void
test_parse_good (void)
{
  const struct
  {
    const char *template;
    const char *segments;
  } cases[] = {
    { "", "" },
    { "Hello", "T:Hello" },
    { "Hi {{customer.first_name}},", "T:Hi  / V:customer.first_name / T:," },
    { "{{customer.name}}{{ticket.id}}", "V:customer.name / V:ticket.id" },
    { "{{ agent.first_name\t}}", "V:agent.first_name" },
    { "{{last_contact}}", "V:last_contact" },
    { "{{order_number|Order number}}", "F:order_number:Order number" },
    { "{{ order_number | Order number }}", "F:order_number:Order number" },
    { "{{ref|Réf. ✓ | ×}}", "F:ref:Réf. ✓ | ×" },
    { "{{{{", "T:{{" },
    { "{{{{{", "T:{{{" },
    { "{{{{{{{{", "T:{{{{" },
    { "{{{ticket.id}}", "T:{ / V:ticket.id" },
    { "{{{{{{ticket.id}}", "T:{{ / V:ticket.id" },
    { "{{{{{{{ticket.id}}", "T:{{{ / V:ticket.id" },
    { "a { b } c }} d", "T:a { b } c }} d" },
    { "}}{{ticket.id}}}}", "T:}} / V:ticket.id / T:}}" },
    { "x {{{{customer.name}} y", "T:x {{customer.name}} y" },
    { "שלום {{customer.first_name}}!", "T:שלום  / V:customer.first_name / T:!" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportTemplate) template = rapport_template_parse (cases[i].template, &error);
      g_autofree char *segments = NULL;

      g_test_message ("template %u: %s", i, cases[i].template);
      g_assert_no_error (error);
      g_assert_nonnull (template);
      segments = describe (template);
      g_assert_cmpstr (segments, ==, cases[i].segments);
      g_assert_cmpstr (rapport_template_get_text (template), ==, cases[i].template);
    }
}

/* Where each segment comes from, in bytes and characters. */
static void
test_parse_positions (void)
{
  g_autoptr(GError) error = NULL;
  /* "Olá " is 5 bytes and 4 characters; e + U+0301 is 3 bytes and 2 characters. */
  const char *text = "Olá {{customer.first_name}}, e\u0301 {{{{ {{order_number|Nº}}.";
  g_autoptr(RapportTemplate) template = rapport_template_parse (text, &error);
  const struct
  {
    gsize offset, length, char_offset, char_length;
  } expected[] = {
    { 0, 5, 0, 4 },    /* "Olá " */
    { 5, 23, 4, 23 },  /* {{customer.first_name}} */
    { 28, 11, 27, 10 }, /* ", e\u0301 {{{{ " */
    { 39, 20, 37, 19 }, /* {{order_number|Nº}} */
    { 59, 1, 56, 1 },  /* "." */
  };

  g_assert_no_error (error);
  g_assert_cmpuint (rapport_template_get_n_segments (template), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

      g_assert_cmpuint (segment->source.offset, ==, expected[i].offset);
      g_assert_cmpuint (segment->source.length, ==, expected[i].length);
      g_assert_cmpuint (segment->source.char_offset, ==, expected[i].char_offset);
      g_assert_cmpuint (segment->source.char_length, ==, expected[i].char_length);
      assert_span_consistent (text, &segment->source);
    }
  g_assert_cmpstr (rapport_template_get_segment (template, 2)->text, ==, ", e\u0301 {{ ");
}

static void
test_parse_bad (void)
{
  const struct
  {
    const char           *template;
    RapportTemplateError  code;
    gsize                 offset, length, char_offset;
  } cases[] = {
    { "Hi {{customer.first_name", RAPPORT_TEMPLATE_ERROR_UNTERMINATED, 3, 2, 3 },
    { "Hi {{customer.first_name\n}}", RAPPORT_TEMPLATE_ERROR_UNTERMINATED, 3, 2, 3 },
    { "é {{ticket.id}", RAPPORT_TEMPLATE_ERROR_UNTERMINATED, 3, 2, 2 },
    { "Hi {{}}", RAPPORT_TEMPLATE_ERROR_EMPTY_NAME, 3, 4, 3 },
    { "Hi {{ \t }}", RAPPORT_TEMPLATE_ERROR_EMPTY_NAME, 3, 7, 3 },
    { "{{|Order}}", RAPPORT_TEMPLATE_ERROR_EMPTY_NAME, 0, 10, 0 },
    { "Hi {{Customer.name}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 5, 1, 5 },
    { "Hi {{customer-name}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 13, 1, 13 },
    { "{{customer name}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 11, 1, 11 },
    { "{{1st}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 2, 1, 2 },
    { "{{_x|X}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 2, 1, 2 },
    { "Olá {{nome_é|Nome}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 12, 2, 11 },
    { "{{order|Or}der}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 10, 1, 10 },
    { "{{order|Order\x01}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 13, 1, 13 },
    { "{{order|Order\xc2\x85}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 13, 2, 13 },
    { "{{a{b}}", RAPPORT_TEMPLATE_ERROR_NESTED_BRACES, 3, 1, 3 },
    { "{{ {ticket.id} }}", RAPPORT_TEMPLATE_ERROR_NESTED_BRACES, 3, 1, 3 },
    { "{{ticket.id{{x}}", RAPPORT_TEMPLATE_ERROR_NESTED_BRACES, 11, 1, 11 },
    { "{{order|Or{der}}", RAPPORT_TEMPLATE_ERROR_NESTED_BRACES, 10, 1, 10 },
    { "{{order_number}}", RAPPORT_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 0, 16, 0 },
    { "Dear {{customer.nam}},", RAPPORT_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 5, 16, 5 },
    { "{{order.number|Order}}", RAPPORT_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 0, 22, 0 },
    { "{{customer.first_name|Name}}", RAPPORT_TEMPLATE_ERROR_PROMPT_ON_VARIABLE, 0, 28, 0 },
    { "{{order_number|}}", RAPPORT_TEMPLATE_ERROR_BAD_PROMPT, 0, 17, 0 },
    { "ñ{{order_number| \t }}", RAPPORT_TEMPLATE_ERROR_BAD_PROMPT, 2, 20, 1 },
    { "ab\xff{{ticket.id}}", RAPPORT_TEMPLATE_ERROR_INVALID_UTF8, 2, 1, 2 },
    { "é\xc3", RAPPORT_TEMPLATE_ERROR_INVALID_UTF8, 2, 1, 1 },
    /* The first problem from the left wins. */
    { "{{a B{c}}", RAPPORT_TEMPLATE_ERROR_BAD_CHARACTER, 4, 1, 4 },
    { "{{ticket.id}} {{", RAPPORT_TEMPLATE_ERROR_UNTERMINATED, 14, 2, 14 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportTemplate) template = NULL;
      RapportTemplateSpan span;

      g_test_message ("template %u: %s", i, cases[i].template);
      template = rapport_template_parse (cases[i].template, &error);
      g_assert_null (template);
      g_assert_error (error, RAPPORT_TEMPLATE_ERROR, (int) cases[i].code);
      g_assert_true (rapport_template_error_get_span (error, &span));
      g_assert_cmpuint (span.offset, ==, cases[i].offset);
      g_assert_cmpuint (span.length, ==, cases[i].length);
      g_assert_cmpuint (span.char_offset, ==, cases[i].char_offset);
    }
}

static void
test_parse_limits (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTemplate) template = NULL;
  g_autofree char *name = g_strnfill (RAPPORT_TEMPLATE_MAX_NAME, 'n');
  g_autofree char *prompt = g_strnfill (RAPPORT_TEMPLATE_MAX_PROMPT, 'p');
  RapportTemplateSpan span;

  /* At each limit: fine. */
  g_string_printf (text, "{{%s|%s}}", name, prompt);
  template = rapport_template_parse (text->str, &error);
  g_assert_no_error (error);
  g_clear_pointer (&template, rapport_template_unref);

  /* One past: refused. */
  g_string_printf (text, "x{{%sn|P}}", name);
  template = rapport_template_parse (text->str, &error);
  g_assert_error (error, RAPPORT_TEMPLATE_ERROR, RAPPORT_TEMPLATE_ERROR_NAME_TOO_LONG);
  rapport_template_error_get_span (error, &span);
  g_assert_cmpuint (span.offset, ==, 3);
  g_assert_cmpuint (span.length, ==, RAPPORT_TEMPLATE_MAX_NAME + 1);
  g_clear_error (&error);

  g_string_printf (text, "{{n| %sp }}", prompt);
  template = rapport_template_parse (text->str, &error);
  g_assert_error (error, RAPPORT_TEMPLATE_ERROR, RAPPORT_TEMPLATE_ERROR_BAD_PROMPT);
  g_clear_error (&error);

  g_string_truncate (text, 0);
  for (guint i = 0; i < RAPPORT_TEMPLATE_MAX_PLACEHOLDERS; i++)
    g_string_append (text, "{{ticket.id}} ");
  template = rapport_template_parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_template_get_n_segments (template), ==,
                    2 * RAPPORT_TEMPLATE_MAX_PLACEHOLDERS);
  g_clear_pointer (&template, rapport_template_unref);
  g_string_append (text, "{{ticket.id}}");
  template = rapport_template_parse (text->str, &error);
  g_assert_error (error, RAPPORT_TEMPLATE_ERROR, RAPPORT_TEMPLATE_ERROR_TOO_MANY_PLACEHOLDERS);
  rapport_template_error_get_span (error, &span);
  g_assert_cmpuint (span.offset, ==, 14 * RAPPORT_TEMPLATE_MAX_PLACEHOLDERS);
  g_assert_cmpuint (span.length, ==, 13);
  g_clear_error (&error);

  g_string_truncate (text, 0);
  while (text->len < RAPPORT_TEMPLATE_MAX_SIZE)
    g_string_append_c (text, 'a');
  template = rapport_template_parse (text->str, &error);
  g_assert_no_error (error);
  g_clear_pointer (&template, rapport_template_unref);
  g_string_append (text, "é");
  template = rapport_template_parse (text->str, &error);
  g_assert_error (error, RAPPORT_TEMPLATE_ERROR, RAPPORT_TEMPLATE_ERROR_TOO_LARGE);
  rapport_template_error_get_span (error, &span);
  g_assert_cmpuint (span.offset, ==, RAPPORT_TEMPLATE_MAX_SIZE);
  g_assert_cmpuint (span.length, ==, 0);
  g_clear_error (&error);

  /* Another domain has no span. */
  error = g_error_new_literal (G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, "x");
  g_assert_false (rapport_template_error_get_span (error, &span));
  g_assert_cmpuint (span.offset, ==, 0);
}

/* ---------------------------------------------------------------------------------------------
 * Rendering
 * ------------------------------------------------------------------------------------------- */

typedef struct
{
  RapportTemplateHoleKind kind;
  gsize                   offset, length, char_offset, char_length;
  const char             *name;
} ExpectedHole;

static void
check_render (const char         *text,
              GHashTable         *values,
              const char         *expected,
              const ExpectedHole *holes,
              guint               n_holes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTemplate) template = rapport_template_parse (text, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *out = NULL;

  g_test_message ("render: %s", text);
  g_assert_no_error (error);
  out = rapport_template_render (template, values, &found);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (found->len, ==, n_holes);
  for (guint i = 0; i < n_holes; i++)
    {
      RapportTemplateHole *hole = found->pdata[i];

      g_assert_cmpint (hole->kind, ==, holes[i].kind);
      g_assert_cmpuint (hole->span.offset, ==, holes[i].offset);
      g_assert_cmpuint (hole->span.length, ==, holes[i].length);
      g_assert_cmpuint (hole->span.char_offset, ==, holes[i].char_offset);
      g_assert_cmpuint (hole->span.char_length, ==, holes[i].char_length);
      g_assert_cmpstr (hole->name, ==, holes[i].name);
    }
  assert_holes_are_unresolved (out, found);
}

static void
test_render_values (void)
{
  g_autoptr(GHashTable) all = values_new ("customer.first_name", "Ana",
                                          "customer.name", "Ana Lima",
                                          "ticket.id", "4711",
                                          "agent.first_name", " Sam\n",
                                          "last_contact",
                                          "I see you contacted us on 3 November.",
                                          "order_number", "A-1234",
                                          NULL);

  check_render ("Hi {{customer.first_name}} ({{customer.name}}), ticket #{{ticket.id}}. "
                "{{last_contact}} Order {{order_number|Order number}}. — {{agent.first_name}}",
                all,
                "Hi Ana (Ana Lima), ticket #4711. I see you contacted us on 3 November. "
                "Order A-1234. — Sam",
                NULL, 0);
  /* No values at all: no crash, every placeholder a hole, last_contact left out. */
  check_render ("{{ticket.id}} {{last_contact}} {{order_number|Order}}", NULL,
                "{{ticket.id}} {{order_number|Order}}",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_VARIABLE, 0, 13, 0, 13, "ticket.id" },
                  { RAPPORT_TEMPLATE_HOLE_FIELD, 14, 22, 14, 22, "order_number" },
                }, 2);
}

static void
test_render_fallbacks (void)
{
  g_autoptr(GHashTable) name_only = values_new ("customer.name", "Nguyễn Văn An",
                                                "customer.first_name", "  ", NULL);
  g_autoptr(GHashTable) first_only = values_new ("customer.first_name", "Ana", NULL);
  g_autoptr(GHashTable) none = values_new ("customer.name", "", NULL);
  g_autoptr(GHashTable) contact = values_new ("last_contact", "We spoke on Monday.", NULL);

  /* A blank first name: the name; a missing name: the first name. */
  check_render ("Hi {{customer.first_name}},", name_only, "Hi Nguyễn Văn An,", NULL, 0);
  check_render ("Dear {{customer.name}},", first_only, "Dear Ana,", NULL, 0);
  /* Neither: a hole, never "Hi ,". */
  check_render ("Hi {{customer.first_name}},", none, "Hi {{customer.first_name}},",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_VARIABLE, 3, 23, 3, 23, "customer.first_name" },
                }, 1);

  /* The last contact is a whole sentence: when there is none it goes with one space, and
   * its line or paragraph. */
  check_render ("Thanks. {{last_contact}} We will help.", NULL, "Thanks. We will help.",
                NULL, 0);
  check_render ("Thanks. {{last_contact}}\nBye", NULL, "Thanks.\nBye", NULL, 0);
  check_render ("Thanks.{{last_contact}} Bye", NULL, "Thanks.Bye", NULL, 0);
  check_render ("Hi,\n\n{{last_contact}}\n\nThanks", NULL, "Hi,\n\nThanks", NULL, 0);
  check_render ("Hi,\n{{last_contact}}\r\nThanks", NULL, "Hi,\nThanks", NULL, 0);
  check_render ("{{last_contact}}\n\nThanks", NULL, "Thanks", NULL, 0);
  check_render ("Thanks. {{last_contact}}", NULL, "Thanks.", NULL, 0);
  check_render ("A {{last_contact}} {{ticket.id}}", NULL, "A {{ticket.id}}",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_VARIABLE, 2, 13, 2, 13, "ticket.id" },
                }, 1);
  check_render ("Hi,\n\n{{last_contact}}\n\nThanks", contact,
                "Hi,\n\nWe spoke on Monday.\n\nThanks", NULL, 0);
}

static void
test_render_fields (void)
{
  g_autoptr(GHashTable) filled = values_new ("order_number", "A-1234", NULL);
  g_autoptr(GHashTable) blank = values_new ("order_number", " \t ", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportTemplate) template = NULL;
  g_autoptr(GPtrArray) holes = NULL;
  g_autofree char *out = NULL;
  RapportTemplateHole *hole;

  check_render ("Order {{ order_number | Order number }} ships.", filled,
                "Order A-1234 ships.", NULL, 0);
  check_render ("Order {{order_number|Order number}} ships.", blank,
                "Order {{order_number|Order number}} ships.",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_FIELD, 6, 29, 6, 29, "order_number" },
                }, 1);

  /* The hole carries the prompt; the same field twice is two holes, in order. */
  template = rapport_template_parse ("{{a|First}} and {{a|Again}}", &error);
  g_assert_no_error (error);
  out = rapport_template_render (template, NULL, &holes);
  g_assert_cmpstr (out, ==, "{{a|First}} and {{a|Again}}");
  g_assert_cmpuint (holes->len, ==, 2);
  hole = holes->pdata[0];
  g_assert_cmpstr (hole->prompt, ==, "First");
  hole = holes->pdata[1];
  g_assert_cmpuint (hole->span.offset, ==, 16);
  g_assert_cmpstr (hole->prompt, ==, "Again");

  /* Holes may be left out of the call. */
  g_clear_pointer (&out, g_free);
  out = rapport_template_render (template, filled, NULL);
  g_assert_cmpstr (out, ==, "{{a|First}} and {{a|Again}}");
}

static void
test_render_braces (void)
{
  g_autoptr(GHashTable) looks = values_new ("customer.first_name", "{{first_name}}",
                                            "customer.name", "Ana Lima", NULL);
  g_autoptr(GHashTable) inner = values_new ("customer.first_name", "{{ agent.first_name }}",
                                            NULL);
  g_autoptr(GHashTable) plain = values_new ("customer.first_name", "a{b}c {{ }} }}",
                                            "ticket.id", "{a", "order_number", "{{x", NULL);
  g_autoptr(GHashTable) invalid = values_new ("customer.first_name", "Ana\xff",
                                              "customer.name", "Ana Lima", NULL);

  /* A value that looks like a placeholder is never expanded, and counts as missing. */
  check_render ("Hi {{customer.first_name}},", looks, "Hi Ana Lima,", NULL, 0);
  check_render ("Hi {{customer.first_name}},", inner, "Hi {{customer.first_name}},",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_VARIABLE, 3, 23, 3, 23, "customer.first_name" },
                }, 1);
  /* Other braces in values are plain text. */
  check_render ("Hi {{customer.first_name}}!", plain, "Hi a{b}c {{ }} }}!", NULL, 0);
  /* A value and literal text that together look like a placeholder: a stray hole. */
  check_render ("{{{ticket.id}}x}}", plain, "{{ax}}",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_STRAY, 0, 6, 0, 6, NULL },
                }, 1);
  check_render ("{{order_number|N}}y}} z", plain, "{{xy}} z",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_STRAY, 0, 6, 0, 6, NULL },
                }, 1);
  /* So is escaped literal text that reads as one. */
  check_render ("Use {{{{name}} in Mustache, {{{{ alone is fine", NULL,
                "Use {{name}} in Mustache, {{ alone is fine",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_STRAY, 4, 8, 4, 8, NULL },
                }, 1);
  /* A literal brace just before a hole. */
  check_render ("{{{ticket.id}}", NULL, "{{{ticket.id}}",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_VARIABLE, 1, 13, 1, 13, "ticket.id" },
                }, 1);
  /* Text that is not UTF-8 counts as missing. */
  check_render ("Hi {{customer.first_name}}", invalid, "Hi Ana Lima", NULL, 0);
}

static void
test_render_unicode (void)
{
  g_autoptr(GHashTable) rtl = values_new ("customer.first_name", "דנה", NULL);
  g_autoptr(GHashTable) combining = values_new ("customer.first_name", "Zoe\u0301", NULL);

  /* "שלום " is 9 bytes, 5 characters; "דנה" 6 bytes, 3 characters. */
  check_render ("שלום {{customer.first_name}}, {{order_number|מספר הזמנה}}", rtl,
                "שלום דנה, {{order_number|מספר הזמנה}}",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_FIELD, 17, 36, 10, 27, "order_number" },
                }, 1);
  /* A combining accent is a character of its own (a code point), as GTK counts them. */
  check_render ("Hi {{customer.first_name}}, order {{order_number|Order}}", combining,
                "Hi Zoe\u0301, order {{order_number|Order}}",
                (ExpectedHole[]) {
                  { RAPPORT_TEMPLATE_HOLE_FIELD, 16, 22, 15, 22, "order_number" },
                }, 1);
}

/* ---------------------------------------------------------------------------------------------
 * The unresolved-placeholder check
 * ------------------------------------------------------------------------------------------- */

static void
test_find_unresolved (void)
{
  const struct
  {
    const char *text;
    gsize       from;
    gboolean    found;
    gsize       offset, length, char_offset;
  } cases[] = {
    { "Hi {{customer.first_name}}, thanks", 0, TRUE, 3, 23, 3 },
    { "Hi {{ Customer.Name }}", 0, TRUE, 3, 19, 3 },
    { "Order {{order_number|Order number}}.", 0, TRUE, 6, 29, 6 },
    { "{{ user.name | upper }}", 0, TRUE, 0, 23, 0 },
    { "{{1}} from WhatsApp", 0, TRUE, 0, 5, 0 },
    { "{{first-name}}", 0, TRUE, 0, 14, 0 },
    { "{{{x}}", 0, TRUE, 1, 5, 1 },
    { "é {{x}}", 0, TRUE, 3, 5, 2 },
    { "{{a}} {{b}}", 1, TRUE, 6, 5, 6 },
    { "{{a}} {{b}}", 6, TRUE, 6, 5, 6 },
    { "{{x|a|b}}", 0, TRUE, 0, 9, 0 },
    /* Prose. */
    { "", 0, FALSE, 0, 0, 0 },
    { "Hi {{", 0, FALSE, 0, 0, 0 },
    { "a }} b", 0, FALSE, 0, 0, 0 },
    { "f(x) = { y }", 0, FALSE, 0, 0, 0 },
    { "{{ }} and {{}}", 0, FALSE, 0, 0, 0 },
    { "{{#if paid}}", 0, FALSE, 0, 0, 0 },
    { "{{two words}}", 0, FALSE, 0, 0, 0 },
    { "{{x\n}}", 0, FALSE, 0, 0, 0 },
    { "{{x|y\n}}", 0, FALSE, 0, 0, 0 },
    { "{{x|y{z}}", 0, FALSE, 0, 0, 0 },
    { "{{x}", 0, FALSE, 0, 0, 0 },
    { "{ {x} }", 0, FALSE, 0, 0, 0 },
    { "{{a}} x", 1, FALSE, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RapportTemplateSpan span = { 0, };

      g_test_message ("text %u: %s", i, cases[i].text);
      g_assert_cmpint (rapport_template_find_unresolved (cases[i].text, cases[i].from, &span),
                       ==, cases[i].found);
      if (!cases[i].found)
        continue;
      g_assert_cmpuint (span.offset, ==, cases[i].offset);
      g_assert_cmpuint (span.length, ==, cases[i].length);
      g_assert_cmpuint (span.char_offset, ==, cases[i].char_offset);
      assert_span_consistent (cases[i].text, &span);
    }

  /* The span is optional. */
  g_assert_true (rapport_template_find_unresolved ("{{x}}", 0, NULL));
}

static void
test_escape (void)
{
  const struct
  {
    const char *text;
    const char *escaped;
  } cases[] = {
    { "", "" },
    { "plain", "plain" },
    { "{", "{" },
    { "{{", "{{{{" },
    { "{{{", "{{{{{" },
    { "a {{x}} }}", "a {{{{x}} }}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = rapport_template_escape (cases[i].text);
      g_autoptr(RapportTemplate) template = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (escaped, ==, cases[i].escaped);
      template = rapport_template_parse (escaped, &error);
      g_assert_no_error (error);
      if (cases[i].text[0] == '\0')
        {
          g_assert_cmpuint (rapport_template_get_n_segments (template), ==, 0);
          continue;
        }
      g_assert_cmpuint (rapport_template_get_n_segments (template), ==, 1);
      g_assert_cmpstr (rapport_template_get_segment (template, 0)->text, ==, cases[i].text);
    }
}

/* ---------------------------------------------------------------------------------------------
 * Properties
 * ------------------------------------------------------------------------------------------- */

static const char * const literal_pieces[] = {
  "a", "Z", "0", " ", " ", "\n", "\t", ".", ",", "|", "-", "_", "x.y", "name", "Hi ",
  "{", "}", "{{", "}}", "{ ", " }", "{{{", "}}}", "{{x}}", "{{ y }}", "{{a|b}}", "{{ }}",
  "é", "ß", "日本", "e\u0301", "שלום", "مرحبا", "👋", "\u200f",
};

static const char * const prompt_pieces[] = {
  "Order", "number", " ", "Nº", "é", "מספר", "日本", "|", "x", "#", "(1)",
};

static const char * const value_pieces[] = {
  "Ana", " ", "Lima", "4711", "{", "}", "{{", "}}", "{{x}}", "a{b}", "é", "e\u0301", "דנה",
  "\n", "|", "x",
};

static const char * const names[] = {
  RAPPORT_TEMPLATE_VAR_CUSTOMER_FIRST_NAME, RAPPORT_TEMPLATE_VAR_CUSTOMER_NAME,
  RAPPORT_TEMPLATE_VAR_TICKET_ID, RAPPORT_TEMPLATE_VAR_AGENT_FIRST_NAME,
  RAPPORT_TEMPLATE_VAR_LAST_CONTACT,
};

static char *
random_text (GRand              *rand,
             const char * const *pieces,
             guint               n_pieces,
             guint               max)
{
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, max + 1);

  for (guint i = 0; i < n; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, n_pieces)]);

  return g_string_free (text, FALSE);
}

/* A placeholder: its name, prompt (NULL for a variable) and how it is written. */
typedef struct
{
  char *name;
  char *prompt;
  char *source;
} Placeholder;

static void
placeholder_clear (Placeholder *placeholder)
{
  g_free (placeholder->name);
  g_free (placeholder->prompt);
  g_free (placeholder->source);
}

static void
random_placeholder (GRand       *rand,
                    Placeholder *placeholder)
{
  gboolean spaced = g_rand_boolean (rand);

  if (g_rand_int_range (rand, 0, 3) > 0)
    {
      placeholder->name = g_strdup (names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
      placeholder->prompt = NULL;
      placeholder->source = g_strdup_printf (spaced ? "{{ %s\t}}" : "{{%s}}", placeholder->name);
    }
  else
    {
      g_autofree char *middle = random_text (rand, prompt_pieces, G_N_ELEMENTS (prompt_pieces), 4);
      GString *name = g_string_new (NULL);
      guint length = g_rand_int_range (rand, 1, 12);

      g_string_append_c (name, 'a' + g_rand_int_range (rand, 0, 26));
      for (guint i = 1; i < length; i++)
        g_string_append_c (name, "abcxyz019_"[g_rand_int_range (rand, 0, 10)]);
      placeholder->name = g_string_free (name, FALSE);
      placeholder->prompt = g_strdup_printf ("P%sQ", middle);
      placeholder->source = g_strdup_printf (spaced ? "{{ %s | %s }}" : "{{%s|%s}}",
                                             placeholder->name, placeholder->prompt);
    }
}

/* Random templates built from escaped random literal text and random placeholders: parsing
 * gives back the literal text and the placeholders; the literal text round-trips through the
 * escape; rendered with all values, what is expected comes out and nothing unresolved is left
 * unless it is a hole; rendered with none, each placeholder stays as its own form. */
static void
test_property_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint clean_renders = 0, stray_renders = 0;

  for (guint round = 0; round < ROUNDS; round++)
    {
      guint n = g_rand_int_range (rand, 0, 6);
      g_autoptr(GPtrArray) literals = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) placeholders = g_array_new (FALSE, TRUE, sizeof (Placeholder));
      g_autoptr(GString) source = g_string_new (NULL);
      g_autoptr(GString) rebuilt = g_string_new (NULL);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autoptr(GString) unfilled = g_string_new (NULL);
      g_autoptr(GString) described = g_string_new (NULL);
      g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
      g_autoptr(RapportTemplate) template = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) holes = NULL;
      g_autofree char *out = NULL;
      gboolean plain_values = TRUE, has_last_contact = FALSE;
      guint placeholder = 0;

      g_array_set_clear_func (placeholders, (GDestroyNotify) placeholder_clear);
      for (guint i = 0; i <= n; i++)
        {
          char *text = random_text (rand, literal_pieces, G_N_ELEMENTS (literal_pieces), 6);
          g_autofree char *escaped = rapport_template_escape (text);

          g_ptr_array_add (literals, text);
          g_string_append (source, escaped);
          if (i == n)
            break;

          g_array_set_size (placeholders, i + 1);
          random_placeholder (rand, &g_array_index (placeholders, Placeholder, i));
          g_string_append (source, g_array_index (placeholders, Placeholder, i).source);
        }

      /* Values for every name, a third of them with braces, blank or multibyte. */
      for (guint i = 0; i < placeholders->len; i++)
        {
          const Placeholder *p = &g_array_index (placeholders, Placeholder, i);
          char *value = random_text (rand, value_pieces, G_N_ELEMENTS (value_pieces), 4);

          if (g_rand_int_range (rand, 0, 3) > 0)
            {
              g_free (value);
              value = g_strdup_printf ("v%uw", g_rand_int_range (rand, 0, 100));
            }
          g_hash_table_insert (values, g_strdup (p->name), value);
          has_last_contact |= strcmp (p->name, RAPPORT_TEMPLATE_VAR_LAST_CONTACT) == 0;
        }

      template = rapport_template_parse (source->str, &error);
      if (error != NULL)
        g_error ("seed %u round %u: %s does not parse: %s", seed, round, source->str,
                 error->message);

      /* Segments: the literal runs (empty ones absent) and the placeholders, in order; the
       * escaped literal runs and the placeholders' own forms rebuild the template. */
      for (guint i = 0; i < literals->len; i++)
        {
          const char *text = literals->pdata[i];

          if (text[0] != '\0')
            g_string_append_printf (described, "%sT:%s", described->len > 0 ? " / " : "", text);
          if (i < placeholders->len)
            {
              const Placeholder *p = &g_array_index (placeholders, Placeholder, i);
              const char *value = g_hash_table_lookup (values, p->name);

              g_string_append_printf (described, "%s%s:%s", described->len > 0 ? " / " : "",
                                      p->prompt != NULL ? "F" : "V", p->name);
              if (p->prompt != NULL)
                g_string_append_printf (described, ":%s", p->prompt);
              /* The expected text is only known for values taken as they are. */
              plain_values &= value[0] == 'v';
              g_string_append (expected, text);
              g_string_append (expected, value);
            }
          else
            {
              g_string_append (expected, text);
            }
        }
      {
        g_autofree char *segments = describe (template);

        g_assert_cmpstr (segments, ==, described->str);
      }
      for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
        {
          const RapportTemplateSegment *segment = rapport_template_get_segment (template, i);

          assert_span_consistent (source->str, &segment->source);
          if (segment->kind == RAPPORT_TEMPLATE_SEGMENT_TEXT)
            {
              g_autofree char *escaped = rapport_template_escape (segment->text);

              g_string_append (rebuilt, escaped);
            }
          else
            {
              const Placeholder *p = &g_array_index (placeholders, Placeholder, placeholder++);

              g_assert_cmpuint (segment->source.length, ==, strlen (p->source));
              g_assert_true (strncmp (source->str + segment->source.offset, p->source,
                                      segment->source.length) == 0);
              g_string_append (rebuilt, p->source);
            }
        }
      g_assert_cmpstr (rebuilt->str, ==, source->str);

      /* Rendered with all values. */
      out = rapport_template_render (template, values, &holes);
      assert_holes_are_unresolved (out, holes);
      /* Every value given and taken: the only holes are text that reads as a placeholder. */
      if (plain_values)
        for (guint i = 0; i < holes->len; i++)
          g_assert_cmpint (((RapportTemplateHole *) holes->pdata[i])->kind, ==,
                           RAPPORT_TEMPLATE_HOLE_STRAY);
      if (holes->len == 0)
        {
          g_assert_false (rapport_template_find_unresolved (out, 0, NULL));
          clean_renders++;
        }
      else
        {
          stray_renders++;
        }
      if (plain_values)
        g_assert_cmpstr (out, ==, expected->str);

      /* Rendered with no values, each placeholder stays as itself (the last contact, an
       * optional sentence, excepted). */
      if (!has_last_contact)
        {
          g_autoptr(GPtrArray) all_holes = NULL;
          g_autofree char *bare = rapport_template_render (template, NULL, &all_holes);
          guint placeholders_seen = 0;

          g_string_truncate (unfilled, 0);
          for (guint i = 0; i < literals->len; i++)
            {
              g_string_append (unfilled, literals->pdata[i]);
              if (i < placeholders->len)
                {
                  const Placeholder *p = &g_array_index (placeholders, Placeholder, i);

                  if (p->prompt != NULL)
                    g_string_append_printf (unfilled, "{{%s|%s}}", p->name, p->prompt);
                  else
                    g_string_append_printf (unfilled, "{{%s}}", p->name);
                }
            }
          g_assert_cmpstr (bare, ==, unfilled->str);
          assert_holes_are_unresolved (bare, all_holes);
          for (guint i = 0; i < all_holes->len; i++)
            if (((RapportTemplateHole *) all_holes->pdata[i])->kind != RAPPORT_TEMPLATE_HOLE_STRAY)
              placeholders_seen++;
          g_assert_cmpuint (placeholders_seen, ==, placeholders->len);
        }
    }

  /* Both outcomes were tried. */
  g_test_message ("renders without holes: %u, with: %u", clean_renders, stray_renders);
  g_assert_cmpuint (clean_renders, >, ROUNDS / 10);
  g_assert_cmpuint (stray_renders, >, 0);
}

/* Any bytes: a template or an error whose span lies in the text; a template renders with any
 * values, and its holes are what the check finds. */
static void
test_property_any_input (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x5eed);
  /* Bytes, and pieces of valid templates so that some of the inputs parse. */
  static const char * const pieces[] = {
    "{", "}", "|", " ", "\t", "\n", "\r", "a", "z", ".", "_", "-", "A", "0", "\xc3\xa9",
    "\xff", "\x80", "\x01", "\xc3", "{{", "}}", "{{{{", "ticket.id", "customer.name",
    "last_contact", "order_no|", "Prompt", "\xd7\xa9", "{{ticket.id}}", "{{order_no|P}}",
    "{{ customer.name }}", "{{last_contact}}", "{{order_no}}", "{{x| }}",
  };
  guint parsed = 0, with_placeholders = 0;
  guint errors[RAPPORT_TEMPLATE_ERROR_BAD_PROMPT + 1] = { 0, };

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *text = random_text (rand, pieces, G_N_ELEMENTS (pieces), 12);
      gsize length = strlen (text);
      g_autoptr(RapportTemplate) template = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) values = NULL;
      RapportTemplateSpan span;

      /* The check reads any bytes. */
      if (rapport_template_find_unresolved (text, 0, &span))
        g_assert_cmpuint (span.offset + span.length, <=, length);

      template = rapport_template_parse (text, &error);
      if (template == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (rapport_template_error_get_span (error, &span));
          g_assert_cmpuint (span.offset + span.length, <=, length);
          errors[error->code]++;
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      parsed++;
      for (guint i = 0; i < rapport_template_get_n_segments (template); i++)
        with_placeholders += rapport_template_get_segment (template, i)->kind !=
                             RAPPORT_TEMPLATE_SEGMENT_TEXT;

      for (guint pass = 0; pass < 2; pass++)
        {
          g_autoptr(GPtrArray) holes = NULL;
          g_autofree char *out = rapport_template_render (template, values, &holes);

          g_assert_true (g_utf8_validate (out, -1, NULL));
          assert_holes_are_unresolved (out, holes);
          if (holes->len == 0)
            g_assert_false (rapport_template_find_unresolved (out, 0, NULL));

          if (values != NULL)
            break;
          values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            g_hash_table_insert (values, g_strdup (names[i]),
                                 random_text (rand, value_pieces, G_N_ELEMENTS (value_pieces), 3));
        }
    }
  /* Each outcome was tried: templates with placeholders, and the errors random text meets. */
  g_test_message ("parsed: %u, placeholders: %u", parsed, with_placeholders);
  g_assert_cmpuint (parsed, >, ROUNDS / 20);
  g_assert_cmpuint (with_placeholders, >, ROUNDS / 20);
  for (guint code = 0; code < G_N_ELEMENTS (errors); code++)
    {
      g_test_message ("error %u: %u", code, errors[code]);
      if (code != RAPPORT_TEMPLATE_ERROR_TOO_LARGE &&
          code != RAPPORT_TEMPLATE_ERROR_TOO_MANY_PLACEHOLDERS &&
          code != RAPPORT_TEMPLATE_ERROR_NAME_TOO_LONG &&
          code != RAPPORT_TEMPLATE_ERROR_PROMPT_ON_VARIABLE)
        g_assert_cmpuint (errors[code], >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);

  /* "--seed N" or "--seed=N" (ours, taken out before GLib reads the arguments). */
  seed = g_random_int ();
  for (int i = 1; i < argc; i++)
    {
      const char *value = NULL;
      int used = 0;

      if (strcmp (argv[i], "--seed") == 0 && i + 1 < argc)
        value = argv[i + 1], used = 2;
      else if (g_str_has_prefix (argv[i], "--seed="))
        value = argv[i] + strlen ("--seed="), used = 1;
      if (used == 0)
        continue;

      seed = (guint32) g_ascii_strtoull (value, NULL, 10);
      memmove (&argv[i], &argv[i + used], (argc - i - used + 1) * sizeof (char *));
      argc -= used;
      i--;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_message ("random tests: --seed %u", seed);

  g_test_add_func ("/rapport/template/parse/good", test_parse_good);
  g_test_add_func ("/rapport/template/parse/positions", test_parse_positions);
  g_test_add_func ("/rapport/template/parse/bad", test_parse_bad);
  g_test_add_func ("/rapport/template/parse/limits", test_parse_limits);
  g_test_add_func ("/rapport/template/render/values", test_render_values);
  g_test_add_func ("/rapport/template/render/fallbacks", test_render_fallbacks);
  g_test_add_func ("/rapport/template/render/fields", test_render_fields);
  g_test_add_func ("/rapport/template/render/braces", test_render_braces);
  g_test_add_func ("/rapport/template/render/unicode", test_render_unicode);
  g_test_add_func ("/rapport/template/find-unresolved", test_find_unresolved);
  g_test_add_func ("/rapport/template/escape", test_escape);
  g_test_add_func ("/rapport/template/property/round-trip", test_property_round_trip);
  g_test_add_func ("/rapport/template/property/any-input", test_property_any_input);

  return g_test_run ();
}

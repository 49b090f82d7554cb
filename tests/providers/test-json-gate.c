/* test-json-gate.c
 *
 * The JSON gate: strict RFC 8259 only, within its bounds whatever the text does to hide
 * nesting, valid UTF-8, and the escapes json-glib would decode to invalid text repaired in
 * place. Every case is also parsed by json-glib after the gate, where it must give valid
 * text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-json-gate"

#include "config.h"

#include "rapport-json-gate.h"
#include "rapport-provider.h"
#include "rapport-text.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Every string in the tree under @node is storable text. */
static gboolean
tree_is_storable (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!rapport_text_is_storable (name, -1) || !tree_is_storable (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!tree_is_storable (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             rapport_text_is_storable (json_node_get_string (node), -1);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/* Checks @length bytes of @text; on success also parses what the gate passes with json-glib,
 * which must accept it and give storable strings. Returns the error message (or NULL) and
 * sets *@repaired to the repaired text (or NULL). */
static char *
gate (const char  *text,
      gssize       length,
      char       **repaired,
      guint       *n_repaired)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *copy = NULL;
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  guint n = 0;

  if (!rapport_json_gate_check (text, len, &copy, &n, &error))
    {
      g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);
      g_assert_null (copy);
      g_assert_cmpuint (n, ==, 0);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return g_strdup (error->message);
    }

  g_assert_true ((copy != NULL) == (n > 0));
  if (copy != NULL)
    g_assert_cmpuint (strlen (copy), ==, len);

  g_assert_true (json_parser_load_from_data (parser, copy != NULL ? copy : text, (gssize) len,
                                             &error));
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  g_assert_true (tree_is_storable (json_parser_get_root (parser)));

  if (repaired != NULL)
    *repaired = g_steal_pointer (&copy);
  if (n_repaired != NULL)
    *n_repaired = n;
  return NULL;
}

static void
assert_passes (const char *text)
{
  g_autofree char *repaired = NULL;
  g_autofree char *message = NULL;
  guint n = 99;

  g_test_message ("passes: %s", text);
  message = gate (text, -1, &repaired, &n);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_null (repaired);
  g_assert_cmpuint (n, ==, 0);
}

static void
assert_repaired (const char *text,
                 const char *expected,
                 guint       n_expected)
{
  g_autofree char *repaired = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  g_test_message ("repaired: %s", text);
  message = gate (text, -1, &repaired, &n);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpstr (repaired, ==, expected);
  g_assert_cmpuint (n, ==, n_expected);
}

static void
assert_refused_len (const char *text,
                    gssize      length,
                    const char *expected)
{
  g_autofree char *message = gate (text, length, NULL, NULL);

  g_assert_cmpstr (message, ==, expected);
}

static void
assert_refused (const char *text,
                const char *expected)
{
  g_test_message ("refused: %s", text);
  assert_refused_len (text, -1, expected);
}

static void
test_strict_json (void)
{
  assert_passes ("{\"a\": [1, 2.5e-3, -0, 10E+2, 3e9, true, false, null, \"x\"], \"\": {}}");
  assert_passes (" \t\r\n[] \n");
  assert_passes ("\"top\"");
  assert_passes ("42");
  assert_passes ("null");
  assert_passes ("[[], {}, [{}], {\"a\": []}]");
  /* A UTF-8 byte order mark may be ignored (RFC 8259, 8.1); json-glib does. */
  assert_passes ("\xef\xbb\xbf[1]");
  /* Brackets in strings are text, escaped quotes too. */
  assert_passes ("[\"[[[{{{\\\"]]]\", \"//\", \"/*\", \"'\"]");
}

static void
test_not_json (void)
{
  /* All accepted by json-glib 1.6 (some silently turned into something else). */
  assert_refused ("[/* c */ 1]", "comment at byte 1");
  assert_refused ("[1] // c", "comment at byte 4");
  assert_refused ("# c\n[1]", "comment at byte 0");
  assert_refused ("['a']", "single-quoted string at byte 1");
  assert_refused ("{'a': 1}", "single-quoted string at byte 1");
  assert_refused ("[0x10]", "invalid number at byte 1");
  assert_refused ("[01]", "invalid number at byte 1");
  assert_refused ("[1.]", "invalid number at byte 1");
  assert_refused ("[- 1]", "invalid number at byte 1");
  assert_refused ("[.5]", "unexpected “.” at byte 1");
  assert_refused ("[1]\n[2]", "data after the JSON value at byte 4");
  assert_refused ("[\"\\x41\"]", "invalid escape “x” at byte 2");
  assert_refused ("[\"\\'\"]", "invalid escape “'” at byte 2");
  assert_refused ("[\"\\a\"]", "invalid escape “a” at byte 2");
  assert_refused ("[\"\\U0041\"]", "invalid escape “U” at byte 2");
  assert_refused ("[\"a\tb\"]", "control character U+0009 in a string at byte 3");
  assert_refused ("[\"a\nb\"]", "control character U+000A in a string at byte 3");
  assert_refused ("[\"a\\\nb\"]", "invalid escape U+000A at byte 3");

  /* json-glib wraps integers outside gint64 around and reads an overflow as infinity. */
  assert_passes ("[9223372036854775807, -9223372036854775808, 1e308, -1e308, 1e-400, "
                 "0.000000000000000000000000000001]");
  assert_refused ("[9223372036854775808]", "number out of range at byte 1");
  assert_refused ("[-9223372036854775809]", "number out of range at byte 1");
  assert_refused ("[18446744073709551615]", "number out of range at byte 1");
  assert_refused ("[123456789012345678901234567890]", "number out of range at byte 1");
  assert_refused ("[1e309]", "number out of range at byte 1");
  assert_refused ("[-1.5E+400]", "number out of range at byte 1");

  /* Refused by json-glib too, now with the place named. */
  assert_refused ("{a: 1}", "unquoted member name at byte 1");
  assert_refused ("[1,]", "unexpected “]” at byte 3");
  assert_refused ("[+1]", "unexpected “+” at byte 1");
  assert_refused ("[1e]", "invalid number at byte 1");
  assert_refused ("[-]", "invalid number at byte 1");
  assert_refused ("[NaN]", "unexpected “N” at byte 1");
  assert_refused ("[Infinity]", "unexpected “I” at byte 1");
  assert_refused ("[True]", "unexpected “T” at byte 1");
  assert_refused ("[truex]", "unexpected “t” at byte 1");
  assert_refused ("[1 2]", "unexpected “2” at byte 3");
  assert_refused ("{\"a\" 1}", "unexpected “1” at byte 5");
  assert_refused ("{\"a\": 1,, \"b\": 2}", "unexpected “,” at byte 8");
  assert_refused ("[1}", "unexpected “}” at byte 2");
  assert_refused ("{\"a\": 1]", "unexpected “]” at byte 7");
  assert_refused ("{\"a\":1}x", "data after the JSON value at byte 7");
  assert_refused ("\f[1]", "unexpected U+000C at byte 0");
  assert_refused ("[\xc2\xa0 1]", "unexpected U+00A0 at byte 1");
  assert_refused ("[\"\\u12\"]", "invalid \\u escape at byte 2");
  assert_refused ("[\"\\u12G4\"]", "invalid \\u escape at byte 2");
  assert_refused ("", "the JSON text holds no value");
  assert_refused ("  \n", "the JSON text holds no value");
  assert_refused ("[", "the JSON text ends too early (at byte 1)");
  assert_refused ("{\"a\"", "the JSON text ends too early (at byte 4)");
  assert_refused ("{\"a\": 1", "the JSON text ends too early (at byte 7)");
  assert_refused ("[\"abc", "unterminated string from byte 1");
  assert_refused ("[\"abc\\", "unterminated string from byte 1");

  /* Only @length bytes are read. */
  assert_refused_len ("[1]", 2, "the JSON text ends too early (at byte 2)");
}

static void
test_invalid_utf8 (void)
{
  /* Raw bytes are refused, not repaired (docs/decisions/0014-untrusted-text.md). */
  assert_refused ("[\"\xff\"]", "invalid UTF-8 at byte 2");
  assert_refused ("[\"ab\xc3\"]", "invalid UTF-8 at byte 4");
  /* An encoded surrogate (CESU-8), an overlong slash, a code point above U+10FFFF. */
  assert_refused ("[\"\xed\xa0\x80\"]", "invalid UTF-8 at byte 2");
  assert_refused ("[\"\xc0\xaf\"]", "invalid UTF-8 at byte 2");
  assert_refused ("[\"\xf4\x90\x80\x80\"]", "invalid UTF-8 at byte 2");
  assert_refused_len ("[1]\0", 4, "NUL byte at byte 3");
  assert_refused_len ("[\"a\0b\"]", 7, "NUL byte at byte 3");
}

static void
test_unicode_kept (void)
{
  /* Valid text in any form passes untouched: raw, escaped, proper surrogate pairs in either
   * case, escaped controls (valid, storable text; labels clean them when shown). */
  assert_passes ("[\"é中😀\xe2\x80\xae\"]");
  assert_passes ("[\"\\u00e9\\u4e2d\\ud83d\\ude00\\uD83D\\uDE00\\uDBFF\\uDFFF\"]");
  assert_passes ("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\uFFFF\"]");
  assert_passes ("{\"\\ud83d\\ude00\": \"\\uD800\\uDC00\"}");
}

static void
test_repairs (void)
{
  /* The crash of the ticket list: json-glib decodes a lone surrogate to invalid UTF-8 and
   * eats the character after it ("x\udcff y" became "x", ED B3 BF, "y"). */
  assert_repaired ("[\"x\\udcff y\"]", "[\"x\\ufffd y\"]", 1);
  assert_repaired ("[\"\\udcff\"]", "[\"\\ufffd\"]", 1);
  assert_repaired ("[\"\\uDCFF\"]", "[\"\\ufffd\"]", 1);
  assert_repaired ("[\"\\ud800\"]", "[\"\\ufffd\"]", 1);
  assert_repaired ("[\"\\ud800x\"]", "[\"\\ufffdx\"]", 1);
  /* json-glib refused these (a whole sync page lost for one character). */
  assert_repaired ("[\"\\ud800\\u0041\"]", "[\"\\ufffd\\u0041\"]", 1);
  assert_repaired ("[\"\\ude00\\ud83d\"]", "[\"\\ufffd\\ufffd\"]", 2);
  assert_repaired ("[\"\\ud800\\ud800\\udc00\"]", "[\"\\ufffd\\ud800\\udc00\"]", 1);
  assert_repaired ("[\"\\ud800\\n\"]", "[\"\\ufffd\\n\"]", 1);
  /* NUL: json-glib cut the string there; the text after it is kept. */
  assert_repaired ("[\"a\\u0000b\"]", "[\"a\\ufffdb\"]", 1);
  assert_repaired ("{\"\\u0000\": \"\\u0000\\u0000\"}", "{\"\\ufffd\": \"\\ufffd\\ufffd\"}", 3);
  /* An escaped backslash before "udcff" is no escape. */
  assert_passes ("[\"\\\\udcff\", \"\\\\u0000\"]");
  /* A repair does not make the rest pass. */
  assert_refused ("[\"\\udcff\", 'x']", "single-quoted string at byte 11");

  /* What json-glib makes of the repaired text. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *repaired = NULL;
    const char *text = "[\"Invoice \\udcff overdue\", \"before\\u0000after\"]";
    g_autoptr(JsonNode) root = NULL;
    JsonArray *array;

    g_assert_true (rapport_json_gate_check (text, strlen (text), &repaired, NULL, &error));
    g_assert_no_error (error);
    root = json_from_string (repaired, &error);
    g_assert_no_error (error);
    array = json_node_get_array (root);
    g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "Invoice \xef\xbf\xbd overdue");
    g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "before\xef\xbf\xbd" "after");
  }

  /* Checking only. */
  {
    const char *text = "[\"\\udcff\"]";

    g_assert_true (rapport_json_gate_check (text, strlen (text), NULL, NULL, NULL));
  }
}

/* "[[[…]]]" nested @depth deep, after @prefix and before @suffix. */
static GString *
nested (const char *prefix,
        guint       depth,
        const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, suffix);
  return text;
}

static void
test_depth (void)
{
  g_autoptr(GString) arrays = g_string_new (NULL);
  g_autofree char *expected = NULL;

  /* 512 levels pass, 513 do not. */
  for (guint i = 0; i < RAPPORT_JSON_GATE_MAX_DEPTH; i++)
    g_string_append_c (arrays, '[');
  for (guint i = 0; i < RAPPORT_JSON_GATE_MAX_DEPTH; i++)
    g_string_append_c (arrays, ']');
  assert_passes (arrays->str);

  g_string_prepend (arrays, "{\"k\": ");
  g_string_append_c (arrays, '}');
  expected = g_strdup_printf ("nested more than %u levels at byte %u",
                              RAPPORT_JSON_GATE_MAX_DEPTH, RAPPORT_JSON_GATE_MAX_DEPTH + 5);
  assert_refused (arrays->str, expected);

  /* The ways around a bracket count: a comment or a single-quoted string holding a quote
   * ("inside a string" for the count), then a deep array. json-glib takes the first two and
   * recursed into the third until the stack overflowed. */
  {
    g_autoptr(GString) comment = nested ("[/*\"*/", 200000, "]");
    g_autoptr(GString) quote = nested ("['\"', ", 200000, "]");
    g_autoptr(GString) deep = nested ("[\"\\\"\", ", 200000, "]");
    g_autoptr(GString) objects = g_string_new (NULL);
    g_autofree char *at_object = g_strdup_printf ("nested more than %u levels at byte %u",
                                                  RAPPORT_JSON_GATE_MAX_DEPTH,
                                                  RAPPORT_JSON_GATE_MAX_DEPTH * 5);

    for (guint i = 0; i < 200000; i++)
      g_string_append (objects, "{\"a\":");
    g_string_append_c (objects, '1');
    for (guint i = 0; i < 200000; i++)
      g_string_append_c (objects, '}');

    assert_refused (comment->str, "comment at byte 1");
    assert_refused (quote->str, "single-quoted string at byte 1");
    assert_refused (deep->str, "nested more than 512 levels at byte 518");
    assert_refused (objects->str, at_object);
  }

  /* Closers do not pay back openers that were never counted: stray closers are errors. */
  assert_refused ("]]]][[[[", "unexpected “]” at byte 0");
}

static void
test_size (void)
{
  /* Refused by its length, before a byte is read. */
  {
    gsize length = RAPPORT_JSON_GATE_MAX_SIZE + 1;
    g_autofree char *big = g_malloc0 (length);
    g_autofree char *expected = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes, more than %u",
                                                 length, RAPPORT_JSON_GATE_MAX_SIZE);

    assert_refused_len (big, (gssize) length, expected);
  }

  /* Exactly the size passes. */
  {
    gsize length = RAPPORT_JSON_GATE_MAX_SIZE;
    g_autofree char *big = g_malloc (length + 1);

    memset (big, ' ', length);
    big[0] = '"';
    big[length - 1] = '"';
    big[length] = '\0';
    g_assert_true (rapport_json_gate_check (big, length, NULL, NULL, NULL));
  }

  /* Many small values: each costs json-glib far more than its bytes. */
  {
    g_autoptr(GString) values = g_string_new ("[0");
    g_autofree char *expected = NULL;

    for (guint i = 2; i < RAPPORT_JSON_GATE_MAX_VALUES; i++)
      g_string_append (values, ",0");
    g_string_append_c (values, ']');
    /* The array and its zeros: exactly the bound. */
    g_assert_true (rapport_json_gate_check (values->str, values->len, NULL, NULL, NULL));

    g_string_insert (values, values->len - 1, ",0");
    expected = g_strdup_printf ("more than %u values at byte %" G_GSIZE_FORMAT,
                                RAPPORT_JSON_GATE_MAX_VALUES, values->len - 2);
    assert_refused (values->str, expected);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/json-gate/strict-json", test_strict_json);
  g_test_add_func ("/rapport/json-gate/not-json", test_not_json);
  g_test_add_func ("/rapport/json-gate/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rapport/json-gate/unicode-kept", test_unicode_kept);
  g_test_add_func ("/rapport/json-gate/repairs", test_repairs);
  g_test_add_func ("/rapport/json-gate/depth", test_depth);
  g_test_add_func ("/rapport/json-gate/size", test_size);

  return g_test_run ();
}

/* test-json.c
 *
 * The strict JSON accessors every backend's parser reads with: types, ranges, absent members
 * and the messages that name what was wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-json"

#include "config.h"

#include "rapport-json.h"
#include "rapport-provider.h"

#include <string.h>

#define WHAT "Test record 7"

/* One object with a member of every kind. */
static const char sample[] =
  "{"
  "  \"null\": null,"
  "  \"text\": \"hello\","
  "  \"empty\": \"\","
  "  \"control\": \"a\\tb\","
  "  \"long\": \"0123456789012345678901234567890123456789TAIL\","
  "  \"zero\": 0,"
  "  \"count\": 42,"
  "  \"negative\": -5,"
  "  \"big\": 9007199254740993,"
  "  \"huge\": 4294967296,"
  "  \"integral\": 12.0,"
  "  \"fraction\": 1.5,"
  "  \"beyond\": 1e300,"
  "  \"digits\": \"123\","
  "  \"signed\": \"-3\","
  "  \"spaced\": \" 3\","
  "  \"overflow\": \"18446744073709551616\","
  "  \"max\": \"18446744073709551615\","
  "  \"yes\": true,"
  "  \"no\": false,"
  "  \"date\": \"2026-11-22T10:11:12Z\","
  "  \"offset\": \"2026-11-22T11:11:12+01:00\","
  "  \"epoch\": \"1970-01-01T00:00:00Z\","
  "  \"before\": \"1960-01-01T00:00:00Z\","
  "  \"bad_date\": \"22/11/2026\","
  "  \"list\": [1, 2],"
  "  \"record\": { \"id\": 1 }"
  "}";

typedef struct
{
  JsonNode   *root;
  JsonObject *object;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, sample, -1, &error));
  g_assert_no_error (error);
  fixture->root = json_parser_steal_root (parser);
  fixture->object = json_node_get_object (fixture->root);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->root, json_node_unref);
}

/* @error is INVALID_RESPONSE and its message holds every fragment. */
static void
assert_invalid (GError *error,
                ...)
{
  va_list args;
  const char *fragment;

  g_assert_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE);

  va_start (args, error);
  while ((fragment = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, fragment) == NULL)
      g_error ("error message “%s” does not mention “%s”", error->message, fragment);
  va_end (args);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* ------------------------------------------------------------------------------------ */

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  JsonObject *o = fixture->object;

  g_assert_cmpstr (rapport_json_describe (NULL), ==, "missing");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "null")), ==, "null");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "text")), ==, "a string");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "count")), ==, "a number");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "fraction")), ==, "a number");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "yes")), ==, "a boolean");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "list")), ==, "an array");
  g_assert_cmpstr (rapport_json_describe (json_object_get_member (o, "record")), ==, "an object");

  g_assert_true (rapport_json_holds_string (json_object_get_member (o, "text")));
  g_assert_true (rapport_json_holds_string (json_object_get_member (o, "empty")));
  g_assert_false (rapport_json_holds_string (json_object_get_member (o, "count")));
  g_assert_false (rapport_json_holds_string (json_object_get_member (o, "null")));
  g_assert_false (rapport_json_holds_string (NULL));
}

static void
test_member (Fixture       *fixture,
             gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;

  g_assert_null (rapport_json_get_member (o, "absent"));
  g_assert_null (rapport_json_get_member (o, "null"));
  g_assert_true (rapport_json_get_member (o, "text") == json_object_get_member (o, "text"));

  g_assert_true (rapport_json_node_get_object (fixture->root, WHAT, &error) == o);
  g_assert_no_error (error);
  g_assert_null (rapport_json_node_get_object (json_object_get_member (o, "list"), WHAT, &error));
  assert_invalid (error, WHAT " is an array, expected a JSON object", NULL);
  g_clear_error (&error);
  g_assert_null (rapport_json_node_get_object (NULL, WHAT, &error));
  assert_invalid (error, WHAT " is missing", NULL);
}

static void
test_strings (Fixture       *fixture,
              gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;
  const char *value = "unset";

  g_assert_true (rapport_json_get_string (o, WHAT, "text", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "hello");
  g_assert_true (rapport_json_get_string (o, WHAT, "empty", &value, &error));
  g_assert_cmpstr (value, ==, "");
  g_assert_true (rapport_json_get_string (o, WHAT, "absent", &value, &error));
  g_assert_null (value);
  value = "unset";
  g_assert_true (rapport_json_get_string (o, WHAT, "null", &value, &error));
  g_assert_null (value);
  g_assert_no_error (error);

  g_assert_false (rapport_json_get_string (o, WHAT, "count", &value, &error));
  g_assert_null (value);
  assert_invalid (error, WHAT ": “count” is a number, expected a string", NULL);
  g_clear_error (&error);

  /* Required: absent and null are errors, the empty string is not. */
  g_assert_true (rapport_json_require_string (o, WHAT, "empty", &value, &error));
  g_assert_cmpstr (value, ==, "");
  g_assert_false (rapport_json_require_string (o, WHAT, "null", &value, &error));
  assert_invalid (error, WHAT " has no “null”", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_require_string (o, WHAT, "yes", &value, &error));
  assert_invalid (error, "“yes” is a boolean", NULL);
  g_clear_error (&error);

  /* Non-empty: the empty string is absent, the wrong type still an error. */
  g_assert_true (rapport_json_get_nonempty_string (o, WHAT, "empty", &value, &error));
  g_assert_null (value);
  g_assert_true (rapport_json_get_nonempty_string (o, WHAT, "text", &value, &error));
  g_assert_cmpstr (value, ==, "hello");
  g_assert_false (rapport_json_get_nonempty_string (o, WHAT, "list", &value, &error));
  assert_invalid (error, "“list” is an array, expected a string", NULL);
}

static void
test_decimal (void)
{
  guint64 value = 7;

  g_assert_true (rapport_json_parse_decimal ("0", &value));
  g_assert_cmpuint (value, ==, 0);
  g_assert_true (rapport_json_parse_decimal ("18446744073709551615", &value));
  g_assert_cmpuint (value, ==, G_MAXUINT64);
  g_assert_true (rapport_json_parse_decimal ("007", &value));
  g_assert_cmpuint (value, ==, 7);

  value = 99;
  g_assert_false (rapport_json_parse_decimal ("18446744073709551616", &value));
  g_assert_false (rapport_json_parse_decimal ("000000000000000000001", &value));
  g_assert_false (rapport_json_parse_decimal ("", &value));
  g_assert_false (rapport_json_parse_decimal (NULL, &value));
  g_assert_false (rapport_json_parse_decimal ("-1", &value));
  g_assert_false (rapport_json_parse_decimal ("+1", &value));
  g_assert_false (rapport_json_parse_decimal (" 1", &value));
  g_assert_false (rapport_json_parse_decimal ("1 ", &value));
  g_assert_false (rapport_json_parse_decimal ("1e3", &value));
  g_assert_false (rapport_json_parse_decimal ("0x10", &value));
  g_assert_cmpuint (value, ==, 99);

  g_assert_false (rapport_json_has_control_chars ("plain text, ünïcode"));
  g_assert_true (rapport_json_has_control_chars ("tab\there"));
  g_assert_true (rapport_json_has_control_chars ("new\nline"));
  g_assert_true (rapport_json_has_control_chars ("del\x7f"));
  g_assert_false (rapport_json_has_control_chars (""));
}

static void
test_unsigned (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct
  {
    const char *key;
    gboolean    ok;
    guint64     value;
  } cases[] = {
    { "zero", TRUE, 0 },
    { "count", TRUE, 42 },
    { "integral", TRUE, 12 },
    { "digits", TRUE, 123 },
    { "max", TRUE, G_MAXUINT64 },
    { "negative", FALSE, 0 },
    { "fraction", FALSE, 0 },
    { "beyond", FALSE, 0 },
    { "signed", FALSE, 0 },
    { "spaced", FALSE, 0 },
    { "overflow", FALSE, 0 },
    { "text", FALSE, 0 },
    { "empty", FALSE, 0 },
    { "yes", FALSE, 0 },
    { "list", FALSE, 0 },
  };
  JsonObject *o = fixture->object;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean present = TRUE;
      guint64 value = 99;

      g_test_message ("%s", cases[i].key);
      g_assert_cmpint (rapport_json_node_to_uint64 (json_object_get_member (o, cases[i].key),
                                                    &value), ==, cases[i].ok);
      value = 99;
      g_assert_cmpint (rapport_json_get_uint64 (o, WHAT, cases[i].key, &present, &value, &error),
                       ==, cases[i].ok);
      g_assert_cmpint (present, ==, cases[i].ok);
      g_assert_cmpuint (value, ==, cases[i].value);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        assert_invalid (error, WHAT ": “", cases[i].key, "expected a non-negative integer",
                        NULL);
    }

  /* A string value is quoted, cut to 40 bytes. */
  {
    g_autoptr(GError) error = NULL;
    gboolean present;
    guint64 value;

    g_assert_false (rapport_json_get_uint64 (o, WHAT, "long", &present, &value, &error));
    assert_invalid (error, "“long” is “0123456789012345678901234567890123456789…”", NULL);
    g_assert_null (strstr (error->message, "TAIL"));
  }

  /* Absent is not present, without an error. */
  {
    g_autoptr(GError) error = NULL;
    gboolean present = TRUE;
    guint64 value = 99;

    g_assert_true (rapport_json_get_uint64 (o, WHAT, "null", &present, &value, &error));
    g_assert_no_error (error);
    g_assert_false (present);
    g_assert_cmpuint (value, ==, 0);
  }
}

static void
test_required_numbers (Fixture       *fixture,
                       gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;
  guint value = 0;
  guint64 id = 0;

  g_assert_true (rapport_json_require_uint (o, WHAT, "count", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (value, ==, 42);
  g_assert_true (rapport_json_require_uint (o, WHAT, "zero", &value, &error));
  g_assert_cmpuint (value, ==, 0);

  g_assert_false (rapport_json_require_uint (o, WHAT, "absent", &value, &error));
  assert_invalid (error, WHAT " has no “absent”", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_require_uint (o, WHAT, "huge", &value, &error));
  assert_invalid (error, "“huge” is too large (4294967296)", NULL);
  g_clear_error (&error);

  g_assert_true (rapport_json_require_positive_id (o, WHAT, "count", &id, &error));
  g_assert_cmpuint (id, ==, 42);
  g_assert_true (rapport_json_require_positive_id (o, WHAT, "digits", &id, &error));
  g_assert_cmpuint (id, ==, 123);
  g_assert_no_error (error);
  g_assert_false (rapport_json_require_positive_id (o, WHAT, "zero", &id, &error));
  assert_invalid (error, "“zero” is a number, expected a positive integer", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_require_positive_id (o, WHAT, "null", &id, &error));
  assert_invalid (error, WHAT " has no “null”", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_require_positive_id (o, WHAT, "signed", &id, &error));
  assert_invalid (error, "“signed” is “-3”, expected a positive integer", NULL);
}

static void
test_ids (Fixture       *fixture,
          gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;
  char *id;

  id = rapport_json_require_id (o, WHAT, "text", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "hello");
  g_free (id);
  id = rapport_json_require_id (o, WHAT, "count", &error);
  g_assert_cmpstr (id, ==, "42");
  g_free (id);
  id = rapport_json_require_id (o, WHAT, "integral", &error);
  g_assert_cmpstr (id, ==, "12");
  g_free (id);
  g_assert_no_error (error);

  for (guint i = 0; i < 6; i++)
    {
      static const char * const bad[] = { "empty", "control", "negative", "fraction", "yes",
                                          "record" };

      g_assert_null (rapport_json_require_id (o, WHAT, bad[i], &error));
      assert_invalid (error, bad[i], "expected a non-empty string or a number", NULL);
      g_clear_error (&error);
    }

  g_assert_null (rapport_json_require_id (o, WHAT, "absent", &error));
  assert_invalid (error, WHAT " has no “absent”", NULL);
  g_assert_null (rapport_json_node_to_id (NULL));
}

static void
test_int64 (Fixture       *fixture,
            gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;
  gboolean present = FALSE;
  gint64 value = 0;

  g_assert_true (rapport_json_get_int64 (o, WHAT, "negative", &present, &value, &error));
  g_assert_no_error (error);
  g_assert_true (present);
  g_assert_cmpint (value, ==, -5);
  g_assert_true (rapport_json_get_int64 (o, WHAT, "big", &present, &value, &error));
  g_assert_cmpint (value, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_true (rapport_json_get_int64 (o, WHAT, "integral", &present, &value, &error));
  g_assert_cmpint (value, ==, 12);
  g_assert_true (rapport_json_get_int64 (o, WHAT, "absent", &present, &value, &error));
  g_assert_false (present);
  g_assert_cmpint (value, ==, 0);
  g_assert_no_error (error);

  /* Strict: no strings, fractions, overflowing doubles or booleans. */
  g_assert_false (rapport_json_get_int64 (o, WHAT, "digits", &present, &value, &error));
  assert_invalid (error, "“digits” is “123”, expected an integer", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_get_int64 (o, WHAT, "fraction", &present, &value, &error));
  assert_invalid (error, "“fraction” is a number, expected an integer", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_get_int64 (o, WHAT, "beyond", &present, &value, &error));
  g_assert_false (present);
  g_assert_cmpint (value, ==, 0);
  assert_invalid (error, "“beyond” is a number, expected an integer", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_get_int64 (o, WHAT, "no", &present, &value, &error));
  assert_invalid (error, "“no” is a boolean", NULL);
}

static void
test_boolean (Fixture       *fixture,
              gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;
  gboolean present = FALSE;
  gboolean value = FALSE;

  g_assert_true (rapport_json_get_boolean (o, WHAT, "yes", &present, &value, &error));
  g_assert_true (present);
  g_assert_true (value);
  g_assert_true (rapport_json_get_boolean (o, WHAT, "no", &present, &value, &error));
  g_assert_true (present);
  g_assert_false (value);
  g_assert_true (rapport_json_get_boolean (o, WHAT, "null", &present, &value, &error));
  g_assert_false (present);
  g_assert_no_error (error);

  g_assert_false (rapport_json_get_boolean (o, WHAT, "zero", &present, &value, &error));
  assert_invalid (error, "“zero” is a number, expected true or false", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_get_boolean (o, WHAT, "text", &present, &value, &error));
  assert_invalid (error, "“text” is “hello”, expected true or false", NULL);
}

static void
test_timestamps (Fixture       *fixture,
                 gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 11, 22, 10, 11, 12);
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_true (rapport_json_get_timestamp (o, WHAT, "date", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, g_date_time_to_unix (expected));
  g_assert_true (rapport_json_get_timestamp (o, WHAT, "offset", &value, &error));
  g_assert_cmpint (value, ==, g_date_time_to_unix (expected));

  /* No time: absent, null, empty, the epoch and before. */
  for (guint i = 0; i < 5; i++)
    {
      static const char * const none[] = { "absent", "null", "empty", "epoch", "before" };

      value = -1;
      g_assert_true (rapport_json_get_timestamp (o, WHAT, none[i], &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, 0);
    }

  g_assert_false (rapport_json_get_timestamp (o, WHAT, "bad_date", &value, &error));
  assert_invalid (error, "“bad_date” is “22/11/2026”, expected an ISO 8601 date", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_get_timestamp (o, WHAT, "count", &value, &error));
  assert_invalid (error, "“count” is a number, expected a string", NULL);
  g_clear_error (&error);

  /* Required: present, even if empty. */
  g_assert_true (rapport_json_require_timestamp (o, WHAT, "empty", &value, &error));
  g_assert_cmpint (value, ==, 0);
  g_assert_true (rapport_json_require_timestamp (o, WHAT, "date", &value, &error));
  g_assert_cmpint (value, ==, g_date_time_to_unix (expected));
  g_assert_no_error (error);
  g_assert_false (rapport_json_require_timestamp (o, WHAT, "null", &value, &error));
  assert_invalid (error, WHAT " has no “null”", NULL);
}

static void
test_containers (Fixture       *fixture,
                 gconstpointer  data)
{
  JsonObject *o = fixture->object;
  g_autoptr(GError) error = NULL;
  JsonArray *array = NULL;
  JsonObject *object = NULL;

  g_assert_true (rapport_json_get_array (o, WHAT, "list", &array, &error));
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_true (rapport_json_get_object (o, WHAT, "record", &object, &error));
  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, "id"));
  g_assert_true (rapport_json_get_array (o, WHAT, "null", &array, &error));
  g_assert_null (array);
  g_assert_true (rapport_json_get_object (o, WHAT, "absent", &object, &error));
  g_assert_null (object);
  g_assert_no_error (error);

  g_assert_false (rapport_json_get_array (o, WHAT, "record", &array, &error));
  g_assert_null (array);
  assert_invalid (error, "“record” is an object, expected an array", NULL);
  g_clear_error (&error);
  g_assert_false (rapport_json_get_object (o, WHAT, "list", &object, &error));
  g_assert_null (object);
  assert_invalid (error, "“list” is an array, expected an object", NULL);
  g_clear_error (&error);
  /* Strict: an empty string is not an empty container. */
  g_assert_false (rapport_json_get_array (o, WHAT, "empty", &array, &error));
  assert_invalid (error, "“empty” is “”, expected an array", NULL);
}

static void
test_set_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse ("[true]");

  rapport_json_set_invalid (&error, "%s: %d things", "Somewhere", 3);
  assert_invalid (error, "Somewhere: 3 things", NULL);
  g_assert_cmpstr (error->message, ==, "Somewhere: 3 things");

  /* Without an error to set, nothing happens. */
  rapport_json_set_invalid (NULL, "%s", "ignored");
  g_assert_cmpstr (rapport_json_describe (json_array_get_element (json_node_get_array (node), 0)),
                   ==, "a boolean");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapport/json/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("describe", test_describe);
  ADD ("member", test_member);
  ADD ("strings", test_strings);
  ADD ("unsigned", test_unsigned);
  ADD ("required-numbers", test_required_numbers);
  ADD ("ids", test_ids);
  ADD ("int64", test_int64);
  ADD ("boolean", test_boolean);
  ADD ("timestamps", test_timestamps);
  ADD ("containers", test_containers);
  g_test_add_func ("/rapport/json/decimal", test_decimal);
  g_test_add_func ("/rapport/json/set-invalid", test_set_invalid);

#undef ADD

  return g_test_run ();
}

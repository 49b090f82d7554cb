/* rapport-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-json"

#include "config.h"

#include "rapport-json.h"

#include "rapport-http.h"
#include "rapport-provider.h"

#include <math.h>
#include <string.h>

/* The largest integer a double holds exactly. */
#define MAX_EXACT_DOUBLE 9007199254740992.0

void
rapport_json_set_invalid (GError     **error,
                          const char  *format,
                          ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE,
                       message);
}

const char *
rapport_json_describe (JsonNode *node)
{
  if (node == NULL)
    return "missing";

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      break;
    default:
      return "an unknown JSON node";
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return "a number";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "an unknown JSON value";
    }
}

gboolean
rapport_json_holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
rapport_json_has_control_chars (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7F)
      return TRUE;
  return FALSE;
}

gboolean
rapport_json_parse_decimal (const char *text,
                            guint64    *out)
{
  guint64 value = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL || text[0] == '\0' || strlen (text) > 20)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      guint digit;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      digit = (guint) (*p - '0');
      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }

  *out = value;
  return TRUE;
}

gboolean
rapport_json_node_to_uint64 (JsonNode *node,
                             guint64  *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      {
        gint64 v = json_node_get_int (node);

        if (v < 0)
          return FALSE;
        *out = (guint64) v;
        return TRUE;
      }

    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (node);

        if (!isfinite (v) || v < 0 || v > MAX_EXACT_DOUBLE || floor (v) != v)
          return FALSE;
        *out = (guint64) v;
        return TRUE;
      }

    case G_TYPE_STRING:
      return rapport_json_parse_decimal (json_node_get_string (node), out);

    default:
      return FALSE;
    }
}

/**
 * rapport_json_node_to_id:
 *
 * Returns: (transfer full) (nullable): the id as text
 */
char *
rapport_json_node_to_id (JsonNode *node)
{
  guint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if (rapport_json_holds_string (node))
    {
      const char *text = json_node_get_string (node);

      if (text[0] == '\0' || rapport_json_has_control_chars (text))
        return NULL;
      return g_strdup (text);
    }

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN || !rapport_json_node_to_uint64 (node, &value))
    return NULL;

  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

/**
 * rapport_json_get_member:
 *
 * Returns: (transfer none) (nullable): the member, or %NULL when it is missing or null
 */
JsonNode *
rapport_json_get_member (JsonObject *object,
                         const char *key)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  node = json_object_get_member (object, key);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/**
 * rapport_json_node_get_object:
 *
 * Returns: (transfer none): the object, or %NULL with @error set
 */
JsonObject *
rapport_json_node_get_object (JsonNode    *node,
                              const char  *what,
                              GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      rapport_json_set_invalid (error, "%s is %s, expected a JSON object", what,
                                rapport_json_describe (node));
      return NULL;
    }
  return json_node_get_object (node);
}

static void
set_missing (GError     **error,
             const char  *what,
             const char  *key)
{
  rapport_json_set_invalid (error, "%s has no “%s”", what, key);
}

/* "“key” is “value”" for strings (cut), "“key” is a boolean" for other nodes. */
static void
set_wrong (GError     **error,
           const char  *what,
           const char  *key,
           JsonNode    *node,
           const char  *expected)
{
  if (rapport_json_holds_string (node))
    {
      g_autofree char *quoted = rapport_http_quote (json_node_get_string (node), 40);

      rapport_json_set_invalid (error, "%s: “%s” is “%s”, expected %s", what, key, quoted,
                                expected);
    }
  else
    rapport_json_set_invalid (error, "%s: “%s” is %s, expected %s", what, key,
                              rapport_json_describe (node), expected);
}

gboolean
rapport_json_get_string (JsonObject  *object,
                         const char  *what,
                         const char  *key,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!rapport_json_holds_string (node))
    {
      set_wrong (error, what, key, node, "a string");
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
rapport_json_require_string (JsonObject  *object,
                             const char  *what,
                             const char  *key,
                             const char **out,
                             GError     **error)
{
  if (!rapport_json_get_string (object, what, key, out, error))
    return FALSE;

  if (*out == NULL)
    {
      set_missing (error, what, key);
      return FALSE;
    }
  return TRUE;
}

gboolean
rapport_json_get_nonempty_string (JsonObject  *object,
                                  const char  *what,
                                  const char  *key,
                                  const char **out,
                                  GError     **error)
{
  if (!rapport_json_get_string (object, what, key, out, error))
    return FALSE;
  if (*out != NULL && (*out)[0] == '\0')
    *out = NULL;
  return TRUE;
}

gboolean
rapport_json_get_uint64 (JsonObject  *object,
                         const char  *what,
                         const char  *key,
                         gboolean    *present,
                         guint64     *out,
                         GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, key);

  g_return_val_if_fail (present != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *present = FALSE;
  *out = 0;
  if (node == NULL)
    return TRUE;

  if (!rapport_json_node_to_uint64 (node, out))
    {
      *out = 0;
      set_wrong (error, what, key, node, "a non-negative integer");
      return FALSE;
    }

  *present = TRUE;
  return TRUE;
}

gboolean
rapport_json_require_uint (JsonObject  *object,
                           const char  *what,
                           const char  *key,
                           guint       *out,
                           GError     **error)
{
  gboolean present;
  guint64 value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!rapport_json_get_uint64 (object, what, key, &present, &value, error))
    return FALSE;
  if (!present)
    {
      set_missing (error, what, key);
      return FALSE;
    }
  if (value > G_MAXUINT)
    {
      rapport_json_set_invalid (error, "%s: “%s” is too large (%" G_GUINT64_FORMAT ")",
                                what, key, value);
      return FALSE;
    }

  *out = (guint) value;
  return TRUE;
}

gboolean
rapport_json_require_positive_id (JsonObject  *object,
                                  const char  *what,
                                  const char  *key,
                                  guint64     *out,
                                  GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, key);

  g_return_val_if_fail (out != NULL, FALSE);

  if (node == NULL)
    {
      set_missing (error, what, key);
      return FALSE;
    }

  if (!rapport_json_node_to_uint64 (node, out) || *out == 0)
    {
      set_wrong (error, what, key, node, "a positive integer");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_json_require_id:
 *
 * Returns: (transfer full): the id, or %NULL with @error set
 */
char *
rapport_json_require_id (JsonObject  *object,
                         const char  *what,
                         const char  *key,
                         GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, key);
  char *id;

  if (node == NULL)
    {
      set_missing (error, what, key);
      return NULL;
    }

  id = rapport_json_node_to_id (node);
  if (id == NULL)
    rapport_json_set_invalid (error, "%s: “%s” is %s, expected a non-empty string or a number",
                              what, key, rapport_json_describe (node));
  return id;
}

gboolean
rapport_json_get_int64 (JsonObject  *object,
                        const char  *what,
                        const char  *key,
                        gboolean    *present,
                        gint64      *out,
                        GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, key);

  g_return_val_if_fail (present != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *present = FALSE;
  *out = 0;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      *present = TRUE;
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double v = json_node_get_double (node);

      if (isfinite (v) && fabs (v) <= MAX_EXACT_DOUBLE && floor (v) == v)
        {
          *out = (gint64) v;
          *present = TRUE;
          return TRUE;
        }
    }

  set_wrong (error, what, key, node, "an integer");
  return FALSE;
}

gboolean
rapport_json_get_boolean (JsonObject  *object,
                          const char  *what,
                          const char  *key,
                          gboolean    *present,
                          gboolean    *out,
                          GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, key);

  g_return_val_if_fail (present != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *present = FALSE;
  *out = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_wrong (error, what, key, node, "true or false");
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  *present = TRUE;
  return TRUE;
}

gboolean
rapport_json_get_timestamp (JsonObject  *object,
                            const char  *what,
                            const char  *key,
                            gint64      *out,
                            GError     **error)
{
  const char *text;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) date = NULL;
  gint64 unix_time;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = 0;
  if (!rapport_json_get_string (object, what, key, &text, error))
    return FALSE;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  utc = g_time_zone_new_utc ();
  date = g_date_time_new_from_iso8601 (text, utc);
  if (date == NULL)
    {
      g_autofree char *quoted = rapport_http_quote (text, 40);

      rapport_json_set_invalid (error, "%s: “%s” is “%s”, expected an ISO 8601 date",
                                what, key, quoted);
      return FALSE;
    }

  unix_time = g_date_time_to_unix (date);
  *out = unix_time > 0 ? unix_time : 0;
  return TRUE;
}

gboolean
rapport_json_require_timestamp (JsonObject  *object,
                                const char  *what,
                                const char  *key,
                                gint64      *out,
                                GError     **error)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (rapport_json_get_member (object, key) == NULL)
    {
      *out = 0;
      set_missing (error, what, key);
      return FALSE;
    }
  return rapport_json_get_timestamp (object, what, key, out, error);
}

/* The member @key when it is a @type node, or %NULL when it is absent; else an error. */
static gboolean
get_container (JsonObject    *object,
               const char    *what,
               const char    *key,
               JsonNodeType   type,
               const char    *expected,
               JsonNode     **out,
               GError       **error)
{
  JsonNode *node = rapport_json_get_member (object, key);

  *out = NULL;
  if (node != NULL && json_node_get_node_type (node) != type)
    {
      set_wrong (error, what, key, node, expected);
      return FALSE;
    }

  *out = node;
  return TRUE;
}

gboolean
rapport_json_get_array (JsonObject  *object,
                        const char  *what,
                        const char  *key,
                        JsonArray  **out,
                        GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (!get_container (object, what, key, JSON_NODE_ARRAY, "an array", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_array (node);
  return TRUE;
}

gboolean
rapport_json_get_object (JsonObject  *object,
                         const char  *what,
                         const char  *key,
                         JsonObject **out,
                         GError     **error)
{
  JsonNode *node;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (!get_container (object, what, key, JSON_NODE_OBJECT, "an object", &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_object (node);
  return TRUE;
}

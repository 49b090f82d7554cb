/* rapport-json.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strict access to the JSON a helpdesk sends: every getter checks the member's type and
 * range and fails with RAPPORT_PROVIDER_ERROR_INVALID_RESPONSE, in a developer message that
 * names @what (what the object is, with its backend: "RT ticket 12") and the member's @key.
 * Values shown in messages are cut to 40 bytes.
 *
 * A member that is missing or JSON null is absent: the rapport_json_get_*() getters then
 * succeed with NULL / 0 / FALSE (and *present FALSE where there is one); the
 * rapport_json_require_*() getters fail. Strings returned are owned by the JSON tree. */

/* Sets an INVALID_RESPONSE error (@error may be NULL). */
void         rapport_json_set_invalid          (GError     **error,
                                                const char  *format,
                                                ...) G_GNUC_PRINTF (2, 3);
/* "missing", "null", "an object", "an array", "a string", "a number", "a boolean". */
const char  *rapport_json_describe             (JsonNode    *node);
gboolean     rapport_json_holds_string         (JsonNode    *node);
/* Whether @text holds an ASCII control character (below 0x20, or DEL). */
gboolean     rapport_json_has_control_chars    (const char  *text);
/* Unsigned decimal digits only (no sign, no spaces, at most 20 digits), overflow-checked. */
gboolean     rapport_json_parse_decimal        (const char  *text,
                                                guint64     *out);
/* An unsigned integer given as a JSON integer, an integral number up to 2^53 or a decimal
 * string. */
gboolean     rapport_json_node_to_uint64       (JsonNode    *node,
                                                guint64     *out);
/* An id: a non-empty string without control characters, or an unsigned integer as above
 * (in decimal). %NULL when the node is neither. */
char        *rapport_json_node_to_id           (JsonNode    *node);

/* The member @key, or %NULL when it is missing or null. */
JsonNode    *rapport_json_get_member           (JsonObject  *object,
                                                const char  *key);
/* @node as an object; anything else is an error. */
JsonObject  *rapport_json_node_get_object      (JsonNode    *node,
                                                const char  *what,
                                                GError     **error);

gboolean     rapport_json_get_string           (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                const char **out,
                                                GError     **error);
gboolean     rapport_json_require_string       (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                const char **out,
                                                GError     **error);
/* A string member; an empty string counts as absent. */
gboolean     rapport_json_get_nonempty_string  (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                const char **out,
                                                GError     **error);

/* Non-negative integers, as rapport_json_node_to_uint64() reads them. */
gboolean     rapport_json_get_uint64           (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                gboolean    *present,
                                                guint64     *out,
                                                GError     **error);
gboolean     rapport_json_require_uint         (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                guint       *out,
                                                GError     **error);
/* A positive integer id (tickets, transactions, attachments …). */
gboolean     rapport_json_require_positive_id  (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                guint64     *out,
                                                GError     **error);
/* An id as rapport_json_node_to_id() reads it (transfer full), or %NULL with @error set. */
char        *rapport_json_require_id           (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                GError     **error);
/* A JSON integer, or an integral number within ±2^53; strings are errors. */
gboolean     rapport_json_get_int64            (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                gboolean    *present,
                                                gint64      *out,
                                                GError     **error);
/* A JSON boolean; anything else is an error. */
gboolean     rapport_json_get_boolean          (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                gboolean    *present,
                                                gboolean    *out,
                                                GError     **error);

/* ISO 8601 date and time strings with a time zone or UTC ("2026-11-22T10:00:00Z"), as Unix
 * seconds. An empty string, and any time at or before the Unix epoch, means "no time": 0. */
gboolean     rapport_json_get_timestamp        (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                gint64      *out,
                                                GError     **error);
gboolean     rapport_json_require_timestamp    (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                gint64      *out,
                                                GError     **error);

gboolean     rapport_json_get_array            (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                JsonArray  **out,
                                                GError     **error);
gboolean     rapport_json_get_object           (JsonObject  *object,
                                                const char  *what,
                                                const char  *key,
                                                JsonObject **out,
                                                GError     **error);

G_END_DECLS

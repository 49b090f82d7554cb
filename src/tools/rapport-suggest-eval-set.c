/* rapport-suggest-eval-set.c: the labelled sets of tools/suggest-eval, read and written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-suggest-eval"

#include "config.h"

#include "rapport-suggest-eval-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rapport-demo-suggest.h"
#include "rapport-demo.h"

void
_suggest_eval_ticket_free (SuggestEvalTicket *ticket)
{
  g_free (ticket->id);
  g_free (ticket->subject);
  g_strfreev (ticket->tags);
  g_strfreev (ticket->messages);
  g_free (ticket->answer);
  g_free (ticket->reply);
  g_free (ticket);
}

void
_suggest_eval_set_free (SuggestEvalSet *set)
{
  g_clear_pointer (&set->candidates, g_ptr_array_unref);
  g_clear_pointer (&set->history, g_ptr_array_unref);
  g_clear_pointer (&set->tests, g_ptr_array_unref);
  g_clear_pointer (&set->history_answer, g_hash_table_unref);
  g_free (set);
}

/* ------------------------------------------------------------------------------------ */
/* Reading a labelled set                                                                */

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", where, message);
  return FALSE;
}

/* The member @key of @object: NULL when absent or JSON null. */
static JsonNode *
member (JsonObject *object,
        const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A string member of at most @max_bytes, not empty when @required. *@out is left NULL when
 * the member is absent and not required. */
static gboolean
read_string (JsonObject  *object,
             const char  *key,
             gboolean     required,
             gsize        max_bytes,
             const char  *where,
             char       **out,
             GError     **error)
{
  JsonNode *node = member (object, key);
  const char *value;

  if (node == NULL)
    {
      if (required)
        return fail (error, where, "\"%s\" is missing", key);
      return TRUE;
    }
  if (!is_string (node))
    return fail (error, where, "\"%s\" must be a string", key);
  value = json_node_get_string (node);
  if (strlen (value) > max_bytes)
    return fail (error, where, "\"%s\" is longer than %" G_GSIZE_FORMAT " bytes", key,
                 max_bytes);
  if (required && value[0] == '\0')
    return fail (error, where, "\"%s\" is empty", key);

  *out = g_strdup (value);
  return TRUE;
}

/* An array of strings (at most @max_items of at most @max_bytes each, at least @min_items).
 * Absent: an empty list, unless @min_items > 0. */
static gboolean
read_strings (JsonObject  *object,
              const char  *key,
              guint        min_items,
              guint        max_items,
              gsize        max_bytes,
              const char  *where,
              GStrv       *out,
              GError     **error)
{
  JsonNode *node = member (object, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node == NULL)
    {
      if (min_items > 0)
        return fail (error, where, "\"%s\" is missing", key);
      *out = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, "\"%s\" must be an array of strings", key);

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n < min_items)
    return fail (error, where, "\"%s\" must hold at least %u string%s", key, min_items,
                 min_items == 1 ? "" : "s");
  if (n > max_items)
    return fail (error, where, "\"%s\" holds more than %u strings", key, max_items);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element))
        return fail (error, where, "\"%s\"[%u] must be a string", key, i);
      if (strlen (json_node_get_string (element)) > max_bytes)
        return fail (error, where, "\"%s\"[%u] is longer than %" G_GSIZE_FORMAT " bytes", key,
                     i, max_bytes);
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_channel (JsonObject     *object,
              const char     *where,
              RapportChannel *channel,
              GError        **error)
{
  g_autofree char *name = NULL;

  *channel = RAPPORT_CHANNEL_EMAIL;
  if (!read_string (object, "channel", FALSE, SUGGEST_EVAL_MAX_ID_BYTES, where, &name, error))
    return FALSE;
  if (name != NULL && !rapport_channel_from_string (name, channel))
    return fail (error, where, "\"channel\" must be one of email, chat, phone, social, web "
                 "(not \"%s\")", name);
  return TRUE;
}

/* "where" of entry @index of @section: `candidates[3] ("refund-policy")`. */
static char *
describe_entry (const char *section,
                guint       index,
                JsonObject *object)
{
  JsonNode *id = object != NULL ? member (object, "id") : NULL;

  if (id != NULL && is_string (id) && strlen (json_node_get_string (id)) <= SUGGEST_EVAL_MAX_ID_BYTES)
    return g_strdup_printf ("%s[%u] (\"%s\")", section, index, json_node_get_string (id));
  return g_strdup_printf ("%s[%u]", section, index);
}

static JsonArray *
read_section (JsonObject  *root,
              const char  *section,
              gboolean     required,
              guint        max_entries,
              GError     **error)
{
  JsonNode *node = member (root, section);
  JsonArray *array;

  if (node == NULL)
    {
      if (required)
        {
          fail (error, "the file", "\"%s\" is missing", section);
          return NULL;
        }
      return json_array_new ();
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, "the file", "\"%s\" must be an array of objects", section);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_entries)
    {
      fail (error, "the file", "\"%s\" holds more than %u entries", section, max_entries);
      return NULL;
    }
  return json_array_ref (array);
}

/* The entry @index of @array as an object, or NULL with @error set. */
static JsonObject *
entry_object (JsonArray   *array,
              const char  *section,
              guint        index,
              GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = describe_entry (section, index, NULL);

      fail (error, where, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

static RapportCandidate *
read_candidate (JsonObject  *object,
                const char  *where,
                GError     **error)
{
  g_autofree char *id = NULL, *kind_name = NULL, *title = NULL, *body = NULL;
  g_autofree char *short_body = NULL, *url = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) channel_names = NULL;
  RapportCandidateKind kind;
  RapportCandidate *candidate;
  guint channels = 0;

  if (!read_string (object, "id", TRUE, SUGGEST_EVAL_MAX_ID_BYTES, where, &id, error) ||
      !read_string (object, "kind", TRUE, SUGGEST_EVAL_MAX_ID_BYTES, where, &kind_name, error) ||
      !read_string (object, "title", FALSE, SUGGEST_EVAL_MAX_TEXT_BYTES, where, &title, error) ||
      !read_string (object, "body", TRUE, SUGGEST_EVAL_MAX_TEXT_BYTES, where, &body, error) ||
      !read_string (object, "short", FALSE, SUGGEST_EVAL_MAX_TEXT_BYTES, where, &short_body, error) ||
      !read_string (object, "url", FALSE, SUGGEST_EVAL_MAX_TEXT_BYTES, where, &url, error) ||
      !read_strings (object, "tags", 0, SUGGEST_EVAL_MAX_TAGS, SUGGEST_EVAL_MAX_TAG_BYTES, where, &tags, error) ||
      !read_strings (object, "channels", 0, 5, SUGGEST_EVAL_MAX_ID_BYTES, where, &channel_names, error))
    return NULL;

  if (!g_str_equal (kind_name, "canned") && !g_str_equal (kind_name, "article"))
    {
      fail (error, where, "\"kind\" must be \"canned\" or \"article\" (not \"%s\")", kind_name);
      return NULL;
    }
  rapport_candidate_kind_from_string (kind_name, &kind);
  for (guint i = 0; channel_names[i] != NULL; i++)
    {
      RapportChannel channel;

      if (!rapport_channel_from_string (channel_names[i], &channel))
        {
          fail (error, where, "\"channels\"[%u] must be one of email, chat, phone, social, web "
                "(not \"%s\")", i, channel_names[i]);
          return NULL;
        }
      channels |= RAPPORT_CHANNEL_MASK (channel);
    }

  candidate = rapport_candidate_new (kind, id, title != NULL ? title : id, body);
  if (short_body != NULL && short_body[0] != '\0')
    rapport_candidate_set_short_body (candidate, short_body);
  if (url != NULL && url[0] != '\0')
    rapport_candidate_set_url (candidate, url);
  rapport_candidate_set_tags (candidate, (const char * const *) tags);
  rapport_candidate_set_channels (candidate, channels);
  return candidate;
}

/* A history entry (@history) or a test. */
static SuggestEvalTicket *
read_ticket (JsonObject  *object,
             const char  *where,
             gboolean     history,
             GError     **error)
{
  g_autoptr(SuggestEvalTicket) ticket = g_new0 (SuggestEvalTicket, 1);
  JsonNode *answered_at;

  if (!read_string (object, "id", TRUE, SUGGEST_EVAL_MAX_ID_BYTES, where, &ticket->id, error) ||
      !read_string (object, "subject", FALSE, SUGGEST_EVAL_MAX_TEXT_BYTES, where, &ticket->subject, error) ||
      !read_channel (object, where, &ticket->channel, error) ||
      !read_strings (object, "tags", 0, SUGGEST_EVAL_MAX_TAGS, SUGGEST_EVAL_MAX_TAG_BYTES, where, &ticket->tags, error) ||
      !read_strings (object, "messages", 1, SUGGEST_EVAL_MAX_MESSAGES, SUGGEST_EVAL_MAX_TEXT_BYTES, where,
                     &ticket->messages, error))
    return NULL;

  if (!history)
    {
      JsonNode *expected = json_object_get_member (object, "expected");

      /* "expected": null: nothing should be shown. */
      if (expected != NULL && JSON_NODE_HOLDS_NULL (expected))
        return g_steal_pointer (&ticket);
      if (!read_string (object, "expected", TRUE, SUGGEST_EVAL_MAX_ID_BYTES, where, &ticket->answer, error))
        return NULL;
      return g_steal_pointer (&ticket);
    }

  if (!read_string (object, "answer", FALSE, SUGGEST_EVAL_MAX_ID_BYTES, where, &ticket->answer, error) ||
      !read_string (object, "reply", FALSE, SUGGEST_EVAL_MAX_TEXT_BYTES, where, &ticket->reply, error))
    return NULL;
  if ((ticket->answer == NULL || ticket->answer[0] == '\0') &&
      (ticket->reply == NULL || ticket->reply[0] == '\0'))
    {
      fail (error, where, "needs \"answer\" or \"reply\"");
      return NULL;
    }
  answered_at = member (object, "answered_at");
  if (answered_at != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (answered_at) ||
          json_node_get_value_type (answered_at) != G_TYPE_INT64 ||
          json_node_get_int (answered_at) < 0)
        {
          fail (error, where, "\"answered_at\" must be a whole number of seconds (unix time)");
          return NULL;
        }
      ticket->answered_at = json_node_get_int (answered_at);
    }
  return g_steal_pointer (&ticket);
}

SuggestEvalSet *
_suggest_eval_read (const char  *path,
                    GError     **error)
{
  g_autoptr(SuggestEvalSet) set = g_new0 (SuggestEvalSet, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) candidate_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) test_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) candidates = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) tests = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;

  /* Refuse a huge file before reading it. */
  {
    GStatBuf st;

    if (g_stat (path, &st) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                     g_strerror (saved));
        return NULL;
      }
    if (st.st_size > SUGGEST_EVAL_MAX_FILE_BYTES)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s: larger than %d MiB", path, SUGGEST_EVAL_MAX_FILE_BYTES / (1024 * 1024));
        return NULL;
      }
  }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, contents, (gssize) length, error))
    {
      g_prefix_error (error, "%s: not JSON: ", path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: must hold one JSON object with \"candidates\", \"history\" and "
                   "\"tests\"", path);
      return NULL;
    }

  candidates = read_section (json_node_get_object (root), "candidates", TRUE, SUGGEST_EVAL_MAX_CANDIDATES,
                             error);
  if (candidates == NULL)
    return NULL;
  history = read_section (json_node_get_object (root), "history", FALSE, SUGGEST_EVAL_MAX_HISTORY, error);
  if (history == NULL)
    return NULL;
  tests = read_section (json_node_get_object (root), "tests", TRUE, SUGGEST_EVAL_MAX_TESTS, error);
  if (tests == NULL)
    return NULL;
  if (json_array_get_length (tests) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the file: \"tests\" must hold at least one entry");
      return NULL;
    }

  set->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  set->history = g_ptr_array_new_with_free_func ((GDestroyNotify) _suggest_eval_ticket_free);
  set->tests = g_ptr_array_new_with_free_func ((GDestroyNotify) _suggest_eval_ticket_free);
  set->history_answer = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (candidates); i++)
    {
      JsonObject *object = entry_object (candidates, "candidates", i, error);
      g_autofree char *where = NULL;
      RapportCandidate *candidate;

      if (object == NULL)
        return NULL;
      where = describe_entry ("candidates", i, object);
      candidate = read_candidate (object, where, error);
      if (candidate == NULL)
        return NULL;
      g_ptr_array_add (set->candidates, candidate);
      if (!g_hash_table_add (candidate_ids, (gpointer) rapport_candidate_get_key (candidate)))
        {
          fail (error, where, "another candidate has the id \"%s\"",
                rapport_candidate_get_key (candidate));
          return NULL;
        }
    }

  for (guint s = 0; s < 2; s++)
    {
      gboolean is_history = s == 0;
      const char *section = is_history ? "history" : "tests";
      JsonArray *array = is_history ? history : tests;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = entry_object (array, section, i, error);
          g_autofree char *where = NULL;
          SuggestEvalTicket *ticket;

          if (object == NULL)
            return NULL;
          where = describe_entry (section, i, object);
          ticket = read_ticket (object, where, is_history, error);
          if (ticket == NULL)
            return NULL;
          g_ptr_array_add (is_history ? set->history : set->tests, ticket);

          if (ticket->answer != NULL && ticket->answer[0] != '\0' &&
              !g_hash_table_contains (candidate_ids, ticket->answer))
            {
              fail (error, where, "\"%s\" names no candidate (\"%s\")",
                    is_history ? "answer" : "expected", ticket->answer);
              return NULL;
            }
          if (!g_hash_table_insert (is_history ? set->history_answer : test_ids, ticket->id,
                                    ticket->answer))
            {
              fail (error, where, "another entry of \"%s\" has the id \"%s\"", section,
                    ticket->id);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&set);
}

/* ------------------------------------------------------------------------------------ */
/* The demo set                                                                          */

/* Its seeds and anchor: the demo workspace's seed for the history, the next for the tests,
 * dated in the year before 2026-11-22. */
#define DEMO_SET_ANCHOR G_GINT64_CONSTANT (1795392000)

static void
add_strings (JsonBuilder        *builder,
             const char         *key,
             const char * const *strings)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_demo_tickets (JsonBuilder *builder,
                  const char  *section,
                  const char  *prefix,
                  GPtrArray   *tickets,
                  gboolean     history)
{
  json_builder_set_member_name (builder, section);
  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    {
      RapportDemoSuggestTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *id = g_strdup_printf ("%s%u", prefix, i + 1);

      json_builder_begin_object (builder);
      add_string (builder, "id", id);
      add_string (builder, "subject", ticket->subject);
      add_string (builder, "channel", rapport_channel_to_string (ticket->channel));
      add_strings (builder, "tags", (const char * const *) ticket->tags);
      add_strings (builder, "messages", (const char * const *) ticket->messages);
      if (history)
        {
          add_string (builder, "answer", ticket->expected);
          add_string (builder, "reply", ticket->reply);
          json_builder_set_member_name (builder, "answered_at");
          json_builder_add_int_value (builder, ticket->answered_at);
        }
      else
        add_string (builder, "expected", ticket->expected);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

gboolean
_suggest_eval_write_demo_set (const char  *path,
                              guint        n_history,
                              guint        n_tests,
                              GError     **error)
{
  g_autoptr(GPtrArray) candidates = rapport_demo_suggest_candidates ();
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length;

  history = rapport_demo_suggest_tickets (RAPPORT_DEMO_DEFAULT_SEED, n_history,
                                          RAPPORT_DEMO_SUGGEST_WORDING_HISTORY,
                                          DEMO_SET_ANCHOR);
  tests = rapport_demo_suggest_tickets (RAPPORT_DEMO_DEFAULT_SEED + 1, n_tests,
                                        RAPPORT_DEMO_SUGGEST_WORDING_TEST, DEMO_SET_ANCHOR);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < candidates->len; i++)
    {
      RapportCandidate *candidate = g_ptr_array_index (candidates, i);
      guint channels = rapport_candidate_get_channels (candidate);

      json_builder_begin_object (builder);
      add_string (builder, "id", rapport_candidate_get_key (candidate));
      add_string (builder, "kind",
                  rapport_candidate_kind_to_string (rapport_candidate_get_kind (candidate)));
      add_string (builder, "title", rapport_candidate_get_title (candidate));
      add_string (builder, "body", rapport_candidate_get_body (candidate));
      if (rapport_candidate_get_short_body (candidate) != NULL)
        add_string (builder, "short", rapport_candidate_get_short_body (candidate));
      add_strings (builder, "tags", rapport_candidate_get_tags (candidate));
      if (channels != 0)
        {
          json_builder_set_member_name (builder, "channels");
          json_builder_begin_array (builder);
          for (RapportChannel c = RAPPORT_CHANNEL_EMAIL; c <= RAPPORT_CHANNEL_WEB; c++)
            if ((channels & RAPPORT_CHANNEL_MASK (c)) != 0)
              json_builder_add_string_value (builder, rapport_channel_to_string (c));
          json_builder_end_array (builder);
        }
      if (rapport_candidate_get_url (candidate) != NULL)
        add_string (builder, "url", rapport_candidate_get_url (candidate));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_demo_tickets (builder, "history", "h", history, TRUE);
  add_demo_tickets (builder, "tests", "t", tests, FALSE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';
  return g_file_set_contents (path, text, (gssize) length, error);
}

/* rapport-rt-articles-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-parser"

#include "config.h"

#include "rapport-rt-articles-parser.h"

#include "rapport-html.h"
#include "rapport-http.h"
#include "rapport-json.h"
#include "rapport-provider.h"
#include "rapport-rt-parser.h"
#include "rapport-text.h"
#include "rapport-types.h"

#include <string.h>

static const char * const canned_words[] = {
  "canned", "macro", "macros", "template", "templates", "response", "responses", "reply",
  "replies",
};

gboolean
rapport_rt_article_class_is_canned (const char *class_name)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  if (class_name == NULL || !g_utf8_validate (class_name, -1, NULL))
    return FALSE;

  folded = g_utf8_casefold (class_name, -1);
  for (char *p = folded; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && (guchar) *p < 0x80)
      *p = ' ';
  words = g_strsplit (folded, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (canned_words); j++)
      if (strcmp (words[i], canned_words[j]) == 0)
        return TRUE;

  return FALSE;
}

gboolean
rapport_rt_is_article_id (const char *id)
{
  guint64 value = 0;

  return rapport_json_parse_decimal (id, &value) && value > 0;
}

/* "Disabled" as RT gives it: "0" / "1", a number, or absent. */
static gboolean
is_disabled (JsonObject *object)
{
  JsonNode *node = rapport_json_get_member (object, "Disabled");
  guint64 value = 0;

  return node != NULL && rapport_json_node_to_uint64 (node, &value) && value != 0;
}

gboolean
rapport_rt_parse_article_classes (JsonNode    *root,
                                  GHashTable  *classes,
                                  GError     **error)
{
  JsonArray *items = rapport_rt_page_get_items (root, error);

  if (items == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item;
      g_autofree char *id = NULL;
      const char *name = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      id = rapport_json_node_to_id (rapport_json_get_member (item, "id"));
      if (id == NULL || !rapport_json_get_nonempty_string (item, "RT class", "Name", &name,
                                                           NULL) ||
          name == NULL || is_disabled (item) || !g_utf8_validate (name, -1, NULL))
        continue;

      g_hash_table_replace (classes, g_steal_pointer (&id), g_strdup (name));
    }

  return TRUE;
}

/* The first value of custom field @name of @object, or NULL. */
static gboolean
custom_field_value (JsonObject  *object,
                    const char  *what,
                    const char  *name,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, "CustomFields");
  JsonArray *fields = NULL;

  *out = NULL;
  /* Collections give "" for an empty field. */
  if (node == NULL || (rapport_json_holds_string (node) && json_node_get_string (node)[0] == '\0'))
    return TRUE;
  if (!rapport_json_get_array (object, what, "CustomFields", &fields, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *field = rapport_json_node_get_object (json_array_get_element (fields, i),
                                                        "RT article custom field", error);
      const char *field_name = NULL;
      JsonArray *values = NULL;
      JsonNode *first;

      if (field == NULL ||
          !rapport_json_get_string (field, "RT article custom field", "name", &field_name,
                                    error))
        return FALSE;
      if (field_name == NULL || g_ascii_strcasecmp (field_name, name) != 0)
        continue;
      if (!rapport_json_get_array (field, "RT article custom field", "values", &values, error))
        return FALSE;
      if (values == NULL || json_array_get_length (values) == 0)
        return TRUE;

      first = json_array_get_element (values, 0);
      if (!rapport_json_holds_string (first))
        {
          rapport_json_set_invalid (error, "%s custom field “%s”: a value is %s, expected a "
                                    "string", what, name, rapport_json_describe (first));
          return FALSE;
        }
      *out = json_node_get_string (first);
      return TRUE;
    }

  return TRUE;
}

/* Text for the body: valid UTF-8 (else NULL), HTML turned into text, line ends LF, trimmed,
 * cut at a character boundary. */
static char *
body_text (const char *value)
{
  g_autofree char *text = NULL;
  g_autoptr(GString) clean = NULL;
  const char *start;

  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return NULL;

  start = value;
  while (g_ascii_isspace (*start))
    start++;
  if (*start == '<' && strchr (start, '>') != NULL)
    text = rapport_html_to_text (start, -1);
  else
    text = g_strdup (start);

  clean = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (clean, '\n');
          continue;
        }
      /* Control characters other than tab and line feed have no place in a reply. */
      if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
        continue;
      g_string_append_c (clean, *p);
    }

  g_strstrip (clean->str);
  g_string_set_size (clean, strlen (clean->str));
  if (clean->len > RAPPORT_RT_ARTICLE_MAX_BODY)
    {
      const char *cut = clean->str + RAPPORT_RT_ARTICLE_MAX_BODY;

      /* Back to the start of the character the limit falls in. */
      while (cut > clean->str && ((guchar) *cut & 0xC0) == 0x80)
        cut--;
      g_string_truncate (clean, cut - clean->str);
    }

  return clean->len > 0 ? g_string_free (g_steal_pointer (&clean), FALSE) : NULL;
}

RapportCandidate *
rapport_rt_parse_article (JsonNode    *item,
                          GHashTable  *classes,
                          const char  *web_base,
                          GError     **error)
{
  JsonObject *object = rapport_json_node_get_object (item, "RT article", error);
  g_autofree char *id = NULL;
  g_autofree char *class_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  g_autofree char *tag = NULL;
  const char *class_name;
  const char *name = NULL;
  const char *summary = NULL;
  const char *content = NULL;
  const char *tags[2] = { NULL, NULL };
  JsonNode *class_node;
  RapportCandidate *candidate;
  gint64 updated = 0;

  if (object == NULL)
    return NULL;

  id = rapport_json_require_id (object, "RT article", "id", error);
  if (id == NULL)
    return NULL;
  if (!rapport_rt_is_article_id (id))
    {
      g_autofree char *quoted_id = rapport_http_quote (id, 40);

      rapport_json_set_invalid (error, "RT article: “%s” is not an article id", quoted_id);
      return NULL;
    }

  class_node = rapport_json_get_member (object, "Class");
  if (class_node != NULL && JSON_NODE_HOLDS_OBJECT (class_node))
    class_id = rapport_rt_parse_ref (class_node, "class", error);
  else if (class_node != NULL)
    class_id = rapport_json_node_to_id (class_node);
  if (class_node != NULL && class_id == NULL)
    {
      if (error != NULL && *error == NULL)
        rapport_json_set_invalid (error, "RT article %s: “Class” is %s", id,
                                  rapport_json_describe (class_node));
      return NULL;
    }

  if (!rapport_json_get_nonempty_string (object, "RT article", "Name", &name, error) ||
      !rapport_json_get_nonempty_string (object, "RT article", "Summary", &summary, error) ||
      !rapport_json_get_timestamp (object, "RT article", "LastUpdated", &updated, error) ||
      !custom_field_value (object, "RT article", RAPPORT_RT_ARTICLE_CONTENT_FIELD, &content,
                           error))
    return NULL;

  /* Left out: disabled, of a class the user cannot see (or a disabled one), or empty. */
  class_name = class_id != NULL ? g_hash_table_lookup (classes, class_id) : NULL;
  if (is_disabled (object) || class_name == NULL)
    return NULL;

  title = body_text (name != NULL ? name : summary);
  body = body_text (content);
  if (body == NULL)
    body = body_text (summary);
  if (title == NULL || body == NULL)
    return NULL;
  /* A title is one line, without bidi controls. */
  label = rapport_text_clean_label (title);
  tag = rapport_text_clean_label (class_name);

  key = g_strconcat ("rt-article-", id, NULL);
  candidate = rapport_candidate_new (rapport_rt_article_class_is_canned (class_name)
                                       ? RAPPORT_CANDIDATE_CANNED : RAPPORT_CANDIDATE_ARTICLE,
                                     key, label, body);
  rapport_candidate_set_remote (candidate, 0, id);
  tags[0] = tag;
  rapport_candidate_set_tags (candidate, tags);
  if (web_base != NULL)
    {
      url = g_strconcat (web_base, "/Articles/Article/Display.html?id=", id, NULL);
      rapport_candidate_set_url (candidate, url);
    }
  rapport_candidate_set_updated_at (candidate,
                                    rapport_time_from_server (updated,
                                                              g_get_real_time () / G_USEC_PER_SEC));

  return candidate;
}

char *
rapport_rt_parse_article_uri (JsonNode  *article,
                              GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (article, "RT article", error);
  const char *uri = NULL;

  if (object == NULL ||
      !rapport_json_require_string (object, "RT article", "URI", &uri, error))
    return NULL;

  /* RT writes "Permission Denied" there for an article the user may not see. */
  if (!g_str_has_prefix (uri, "fsck.com-article://") || rapport_json_has_control_chars (uri) ||
      strchr (uri, ' ') != NULL || !g_utf8_validate (uri, -1, NULL))
    {
      g_autofree char *quoted_uri = rapport_http_quote (uri, 40);

      rapport_json_set_invalid (error, "RT article: “%s” is not an article URI", quoted_uri);
      return NULL;
    }

  return g_strdup (uri);
}

gboolean
rapport_rt_ticket_refers_to_article (JsonNode   *ticket,
                                     const char *article_id,
                                     gboolean   *refers,
                                     GError    **error)
{
  JsonObject *object = rapport_json_node_get_object (ticket, "RT ticket", error);
  JsonArray *links = NULL;

  *refers = FALSE;
  if (object == NULL ||
      !rapport_json_get_array (object, "RT ticket", "_hyperlinks", &links, error))
    return FALSE;

  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      JsonObject *link;
      g_autofree char *id = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      link = json_node_get_object (node);
      if (!rapport_json_holds_string (rapport_json_get_member (link, "ref")) ||
          g_strcmp0 (json_object_get_string_member (link, "ref"), "refers-to") != 0 ||
          !rapport_json_holds_string (rapport_json_get_member (link, "type")) ||
          g_strcmp0 (json_object_get_string_member (link, "type"), "article") != 0)
        continue;

      id = rapport_json_node_to_id (json_object_get_member (link, "id"));
      if (g_strcmp0 (id, article_id) == 0)
        {
          *refers = TRUE;
          break;
        }
    }

  return TRUE;
}

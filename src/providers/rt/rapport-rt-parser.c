/* rapport-rt-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rt-parser"

#include "config.h"

#include "rapport-rt-parser.h"

#include "rapport-html.h"
#include "rapport-http.h"
#include "rapport-identity.h"
#include "rapport-json.h"
#include "rapport-provider.h"
#include "rapport-text.h"
#include "rapport-types.h"

#include <math.h>
#include <string.h>

/* A date RT sent, as Rapport keeps it: RT's "never" (1970-01-01 00:00:00) and a date outside
 * the believable range become 0, "unset" (rapport_time_from_server()). */
static gint64
server_time (gint64 unix_time)
{
  return rapport_time_from_server (unix_time, g_get_real_time () / G_USEC_PER_SEC);
}

/* The name to show for a user: the real name, else the user name (else @fallback), as a label
 * (rapport_text_clean_label()); a real name made only of controls counts as none. */
static char *
person_label (const char *real_name,
              const char *name,
              const char *fallback)
{
  const char *tries[] = { real_name, name, fallback };

  for (guint i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autofree char *label = rapport_text_clean_label (tries[i]);

      if (label != NULL && label[0] != '\0')
        return g_steal_pointer (&label);
    }

  return NULL;
}

/* ------------------------------------------------------------------------------------ */
/* RT's own JSON habits                                                                  */

/* RT collections give "" for an empty object or array field: that counts as absent. */
static gboolean
is_empty_string (JsonObject *object,
                 const char *key)
{
  JsonNode *node = rapport_json_get_member (object, key);

  return rapport_json_holds_string (node) && json_node_get_string (node)[0] == '\0';
}

static gboolean
opt_array (JsonObject  *object,
           const char  *what,
           const char  *key,
           JsonArray  **out,
           GError     **error)
{
  if (is_empty_string (object, key))
    {
      *out = NULL;
      return TRUE;
    }
  return rapport_json_get_array (object, what, key, out, error);
}

static gboolean
opt_object (JsonObject  *object,
            const char  *what,
            const char  *key,
            JsonObject **out,
            GError     **error)
{
  if (is_empty_string (object, key))
    {
      *out = NULL;
      return TRUE;
    }
  return rapport_json_get_object (object, what, key, out, error);
}

/* ------------------------------------------------------------------------------------ */
/* Pages and references                                                                  */

void
rapport_rt_page_info_clear (RapportRtPageInfo *info)
{
  g_clear_pointer (&info->next_page, g_free);
  g_clear_pointer (&info->prev_page, g_free);
  memset (info, 0, sizeof *info);
}

/**
 * rapport_rt_page_get_items:
 *
 * Returns: (transfer none): the page's items, or %NULL with @error set.
 */
JsonArray *
rapport_rt_page_get_items (JsonNode  *root,
                           GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (root, "RT collection page", error);
  JsonNode *items;

  if (object == NULL)
    return NULL;

  items = json_object_get_member (object, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      rapport_json_set_invalid (error, "RT collection page: “items” is %s, expected an array",
                                rapport_json_describe (items));
      return NULL;
    }

  return json_node_get_array (items);
}

gboolean
rapport_rt_parse_page_info (JsonNode           *root,
                            RapportRtPageInfo  *info,
                            GError            **error)
{
  const char *what = "RT collection page";
  JsonObject *object;
  const char *next_page, *prev_page;

  g_return_val_if_fail (info != NULL, FALSE);

  memset (info, 0, sizeof *info);

  if (rapport_rt_page_get_items (root, error) == NULL)
    return FALSE;
  object = json_node_get_object (root);

  if (!rapport_json_require_uint (object, what, "count", &info->count, error) ||
      !rapport_json_require_uint (object, what, "page", &info->page, error) ||
      !rapport_json_require_uint (object, what, "per_page", &info->per_page, error) ||
      !rapport_json_get_uint64 (object, what, "total", &info->has_total, &info->total, error) ||
      !rapport_json_get_uint64 (object, what, "pages", &info->has_pages, &info->pages, error) ||
      !rapport_json_get_nonempty_string (object, what, "next_page", &next_page, error) ||
      !rapport_json_get_nonempty_string (object, what, "prev_page", &prev_page, error))
    {
      rapport_rt_page_info_clear (info);
      return FALSE;
    }

  info->next_page = g_strdup (next_page);
  info->prev_page = g_strdup (prev_page);
  return TRUE;
}

/**
 * rapport_rt_parse_ref:
 *
 * Returns: (transfer full): the referenced id, or %NULL with @error set.
 */
char *
rapport_rt_parse_ref (JsonNode    *node,
                      const char  *expected_type,
                      GError     **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "RT reference", error);

  if (object == NULL)
    return NULL;

  if (expected_type != NULL)
    {
      const char *type;

      if (!rapport_json_require_string (object, "RT reference", "type", &type, error))
        return NULL;
      if (strcmp (type, expected_type) != 0)
        {
          g_autofree char *quoted_type = rapport_http_quote (type, 40);

          rapport_json_set_invalid (error, "RT reference is of type “%s”, expected “%s”",
                                    quoted_type, expected_type);
          return NULL;
        }
    }

  return rapport_json_require_id (object, "RT reference", "id", error);
}

/* The id of a reference member, or NULL when the member is missing. */
static gboolean
opt_ref_id (JsonObject  *object,
            const char  *what,
            const char  *key,
            JsonObject **ref_out,
            char       **id_out,
            GError     **error)
{
  JsonObject *ref;
  g_autofree char *ref_what = NULL;

  *id_out = NULL;
  if (ref_out != NULL)
    *ref_out = NULL;

  if (!opt_object (object, what, key, &ref, error))
    return FALSE;
  if (ref == NULL)
    return TRUE;

  ref_what = g_strdup_printf ("%s “%s”", what, key);
  *id_out = rapport_json_require_id (ref, ref_what, "id", error);
  if (*id_out == NULL)
    return FALSE;

  if (ref_out != NULL)
    *ref_out = ref;
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Tickets                                                                               */

static RapportTicketStatus
map_status (const char *status)
{
  static const struct
  {
    const char          *name;
    RapportTicketStatus  status;
  } map[] = {
    { "new", RAPPORT_TICKET_STATUS_NEW },
    { "open", RAPPORT_TICKET_STATUS_OPEN },
    { "stalled", RAPPORT_TICKET_STATUS_ON_HOLD },
    { "resolved", RAPPORT_TICKET_STATUS_SOLVED },
    { "rejected", RAPPORT_TICKET_STATUS_CLOSED },
    { "deleted", RAPPORT_TICKET_STATUS_CLOSED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_ascii_strcasecmp (status, map[i].name) == 0)
      return map[i].status;

  /* A status of a custom lifecycle: RT has no "inactive" flag in the ticket, and an unknown
   * status is safest kept in sight. */
  return RAPPORT_TICKET_STATUS_OPEN;
}

static RapportTicketPriority
priority_from_number (gint64 value)
{
  if (value < 25)
    return RAPPORT_TICKET_PRIORITY_LOW;
  if (value < 75)
    return RAPPORT_TICKET_PRIORITY_NORMAL;
  if (value <= 100)
    return RAPPORT_TICKET_PRIORITY_HIGH;
  return RAPPORT_TICKET_PRIORITY_URGENT;
}

static RapportTicketPriority
priority_from_label (const char *label)
{
  static const struct
  {
    const char            *label;
    RapportTicketPriority  priority;
  } map[] = {
    { "low", RAPPORT_TICKET_PRIORITY_LOW },
    { "medium", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "normal", RAPPORT_TICKET_PRIORITY_NORMAL },
    { "high", RAPPORT_TICKET_PRIORITY_HIGH },
    { "urgent", RAPPORT_TICKET_PRIORITY_URGENT },
    { "critical", RAPPORT_TICKET_PRIORITY_URGENT },
    { "on fire", RAPPORT_TICKET_PRIORITY_URGENT },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (label));

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_ascii_strcasecmp (trimmed, map[i].label) == 0)
      return map[i].priority;

  return RAPPORT_TICKET_PRIORITY_NORMAL;
}

static gboolean
parse_priority (JsonObject            *object,
                const char            *what,
                RapportTicketPriority *out,
                GError               **error)
{
  JsonNode *node = rapport_json_get_member (object, "Priority");

  *out = RAPPORT_TICKET_PRIORITY_NORMAL;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = priority_from_number (json_node_get_int (node));
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double v = json_node_get_double (node);

      if (!isfinite (v))
        {
          rapport_json_set_invalid (error, "%s: “Priority” is not a finite number", what);
          return FALSE;
        }
      *out = priority_from_number (v < -1e15 ? G_MININT64 / 2 :
                                   v > 1e15 ? G_MAXINT64 / 2 : (gint64) v);
      return TRUE;
    }

  if (rapport_json_holds_string (node))
    {
      const char *text = json_node_get_string (node);
      const char *digits = text[0] == '-' ? text + 1 : text;
      guint64 value;

      if (rapport_json_parse_decimal (digits, &value))
        {
          gint64 number = value > G_MAXINT64 / 2 ? G_MAXINT64 / 2 : (gint64) value;

          *out = priority_from_number (text[0] == '-' ? -number : number);
        }
      else
        {
          *out = priority_from_label (text);
        }
      return TRUE;
    }

  rapport_json_set_invalid (error, "%s: “Priority” is %s, expected a number or a string",
                            what, rapport_json_describe (node));
  return FALSE;
}

gboolean
rapport_rt_parse_channel (JsonNode        *ticket,
                          RapportChannel  *channel,
                          GError         **error)
{
  JsonObject *object = rapport_json_node_get_object (ticket, "RT ticket", error);
  JsonArray *fields;
  guint n;

  g_return_val_if_fail (channel != NULL, FALSE);

  *channel = RAPPORT_CHANNEL_EMAIL;
  if (object == NULL)
    return FALSE;

  if (!opt_array (object, "RT ticket", "CustomFields", &fields, error))
    return FALSE;
  if (fields == NULL)
    return TRUE;

  n = json_array_get_length (fields);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *field = rapport_json_node_get_object (json_array_get_element (fields, i),
                                                        "RT ticket custom field", error);
      const char *name;
      JsonArray *values;
      JsonNode *first;
      g_autofree char *value = NULL;

      if (field == NULL ||
          !rapport_json_get_string (field, "RT ticket custom field", "name", &name, error))
        return FALSE;
      if (name == NULL || g_ascii_strcasecmp (name, "Channel") != 0)
        continue;

      if (!opt_array (field, "RT custom field “Channel”", "values", &values, error))
        return FALSE;
      if (values == NULL || json_array_get_length (values) == 0)
        return TRUE;

      first = json_array_get_element (values, 0);
      if (!rapport_json_holds_string (first))
        {
          rapport_json_set_invalid (error,
                                    "RT custom field “Channel”: a value is %s, expected a string",
                                    rapport_json_describe (first));
          return FALSE;
        }

      value = g_ascii_strdown (json_node_get_string (first), -1);
      g_strstrip (value);
      if (!rapport_channel_from_string (value, channel))
        *channel = RAPPORT_CHANNEL_EMAIL;
      return TRUE;
    }

  return TRUE;
}

/**
 * rapport_rt_parse_ticket:
 *
 * Returns: (transfer full): the ticket, or %NULL with @error set.
 */
RapportTicket *
rapport_rt_parse_ticket (JsonNode  *node,
                         GStrv     *requestors,
                         GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "RT ticket", error);
  g_autoptr(RapportTicket) ticket = NULL;
  g_autoptr(GStrvBuilder) requestor_names = g_strv_builder_new ();
  g_autofree char *what = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *queue_id = NULL;
  const char *subject, *status;
  JsonObject *owner_ref, *queue_ref;
  JsonArray *requestor_list;
  RapportTicketPriority priority;
  RapportTicketStatus mapped;
  RapportChannel channel;
  gint64 created, updated, resolved;
  guint64 id;

  if (requestors != NULL)
    *requestors = NULL;
  if (object == NULL)
    return NULL;

  if (!rapport_json_require_positive_id (object, "RT ticket", "id", &id, error))
    return NULL;
  what = g_strdup_printf ("RT ticket %" G_GUINT64_FORMAT, id);

  if (!rapport_json_require_string (object, what, "Subject", &subject, error) ||
      !rapport_json_require_string (object, what, "Status", &status, error) ||
      !rapport_json_require_timestamp (object, what, "Created", &created, error) ||
      !rapport_json_require_timestamp (object, what, "LastUpdated", &updated, error) ||
      !rapport_json_get_timestamp (object, what, "Resolved", &resolved, error) ||
      !opt_ref_id (object, what, "Owner", &owner_ref, &owner, error) ||
      !opt_ref_id (object, what, "Queue", &queue_ref, &queue_id, error) ||
      !opt_array (object, what, "Requestor", &requestor_list, error) ||
      !parse_priority (object, what, &priority, error) ||
      !rapport_rt_parse_channel (node, &channel, error))
    return NULL;

  if (status[0] == '\0')
    {
      rapport_json_set_invalid (error, "%s has an empty “Status”", what);
      return NULL;
    }
  mapped = map_status (status);

  ticket = rapport_ticket_new ();
  {
    g_autofree char *remote_id = g_strdup_printf ("%" G_GUINT64_FORMAT, id);
    rapport_ticket_set_remote_id (ticket, remote_id);
  }
  {
    g_autofree char *label = rapport_text_clean_label (subject);
    rapport_ticket_set_subject (ticket, label);
  }
  rapport_ticket_set_status (ticket, mapped);
  rapport_ticket_set_priority (ticket, priority);
  rapport_ticket_set_channel (ticket, channel);
  rapport_ticket_set_created_at (ticket, server_time (created));
  rapport_ticket_set_updated_at (ticket, server_time (updated));
  rapport_ticket_set_solved_at (ticket, mapped == RAPPORT_TICKET_STATUS_SOLVED ||
                                        mapped == RAPPORT_TICKET_STATUS_CLOSED
                                          ? server_time (resolved) : 0);

  if (owner != NULL && strcmp (owner, RAPPORT_RT_NOBODY) != 0)
    {
      const char *real_name, *name;
      g_autofree char *label = NULL;

      if (!rapport_json_get_nonempty_string (owner_ref, "RT ticket owner", "RealName", &real_name,
                                             error) ||
          !rapport_json_get_nonempty_string (owner_ref, "RT ticket owner", "Name", &name, error))
        return NULL;

      label = person_label (real_name, name, owner);

      rapport_ticket_set_assignee_remote_id (ticket, owner);
      rapport_ticket_set_assignee_name (ticket, label);
    }

  if (queue_ref != NULL)
    {
      const char *queue_name;
      g_autofree char *label = NULL;

      if (!rapport_json_get_nonempty_string (queue_ref, "RT ticket queue", "Name", &queue_name,
                                             error))
        return NULL;
      label = rapport_text_clean_label (queue_name != NULL ? queue_name : queue_id);
      rapport_ticket_set_queue (ticket, label);
    }

  if (requestor_list != NULL)
    {
      guint n = json_array_get_length (requestor_list);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = rapport_rt_parse_ref (json_array_get_element (requestor_list, i),
                                                        NULL, error);
          if (name == NULL)
            {
              g_prefix_error (error, "%s: in “Requestor”: ", what);
              return NULL;
            }
          if (i == 0)
            rapport_ticket_set_requester_remote_id (ticket, name);
          g_strv_builder_add (requestor_names, name);
        }
    }

  if (requestors != NULL)
    *requestors = g_strv_builder_end (requestor_names);

  return g_steal_pointer (&ticket);
}

/* ------------------------------------------------------------------------------------ */
/* Users, groups, queues, custom fields, version                                         */

void
rapport_rt_user_free (RapportRtUser *user)
{
  if (user == NULL)
    return;

  g_free (user->id);
  g_free (user->name);
  g_free (user->real_name);
  g_free (user->email);
  g_strfreev (user->memberships);
  g_free (user);
}

static gboolean
parse_privileged (JsonObject  *object,
                  const char  *what,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node = rapport_json_get_member (object, "Privileged");
  guint64 value;

  *out = FALSE;
  if (node == NULL)
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out = json_node_get_boolean (node);
      return TRUE;
    }

  if (rapport_json_holds_string (node) && json_node_get_string (node)[0] == '\0')
    return TRUE;

  if (!rapport_json_node_to_uint64 (node, &value) || value > 1)
    {
      rapport_json_set_invalid (error, "%s: “Privileged” is %s, expected 0 or 1", what,
                                rapport_json_describe (node));
      return FALSE;
    }

  *out = value == 1;
  return TRUE;
}

/**
 * rapport_rt_parse_user:
 *
 * Returns: (transfer full): the user, or %NULL with @error set.
 */
RapportRtUser *
rapport_rt_parse_user (JsonNode  *node,
                       GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "RT user", error);
  g_autoptr(RapportRtUser) user = NULL;
  g_autoptr(GStrvBuilder) groups = g_strv_builder_new ();
  const char *name, *real_name, *email;
  JsonNode *id_node;
  JsonArray *memberships;
  g_autofree char *what = NULL;

  if (object == NULL)
    return NULL;

  if (!rapport_json_require_string (object, "RT user", "Name", &name, error))
    return NULL;
  if (name[0] == '\0' || rapport_json_has_control_chars (name))
    {
      rapport_json_set_invalid (error, "RT user has an empty or invalid “Name”");
      return NULL;
    }
  what = g_strdup_printf ("RT user “%s”", name);

  user = g_new0 (RapportRtUser, 1);
  user->name = g_strdup (name);

  id_node = rapport_json_get_member (object, "id");
  if (id_node != NULL)
    {
      guint64 id;

      if (!rapport_json_node_to_uint64 (id_node, &id) || id == 0)
        {
          rapport_json_set_invalid (error, "%s: “id” is %s, expected a positive integer", what,
                                    rapport_json_describe (id_node));
          return NULL;
        }
      user->id = g_strdup_printf ("%" G_GUINT64_FORMAT, id);
    }

  if (!rapport_json_get_nonempty_string (object, what, "RealName", &real_name, error) ||
      !rapport_json_get_nonempty_string (object, what, "EmailAddress", &email, error) ||
      !parse_privileged (object, what, &user->privileged, error) ||
      !opt_array (object, what, "Memberships", &memberships, error))
    return NULL;

  user->real_name = g_strdup (real_name);
  user->email = g_strdup (email);

  if (memberships != NULL)
    {
      guint n = json_array_get_length (memberships);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *group = rapport_rt_parse_ref (json_array_get_element (memberships, i),
                                                         NULL, error);
          if (group == NULL)
            {
              g_prefix_error (error, "%s: in “Memberships”: ", what);
              return NULL;
            }
          g_strv_builder_add (groups, group);
        }
    }
  user->memberships = g_strv_builder_end (groups);

  return g_steal_pointer (&user);
}

static void
add_identity (RapportCustomer *customer,
              GPtrArray       *seen,
              RapportChannel   channel,
              const char      *address)
{
  g_autoptr(RapportIdentity) identity = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *key = NULL;

  if (address == NULL)
    return;

  trimmed = g_strstrip (g_strdup (address));
  if (trimmed[0] == '\0')
    return;

  key = g_strdup_printf ("%d:%s", channel, trimmed);
  if (g_ptr_array_find_with_equal_func (seen, key, g_str_equal, NULL))
    return;
  g_ptr_array_add (seen, g_steal_pointer (&key));

  identity = rapport_identity_new (channel, trimmed);
  rapport_customer_add_identity (customer, identity);
}

/**
 * rapport_rt_parse_customer:
 *
 * Returns: (transfer full): the customer, or %NULL with @error set.
 */
RapportCustomer *
rapport_rt_parse_customer (JsonNode  *node,
                           GError   **error)
{
  static const char * const phone_keys[] = { "MobilePhone", "WorkPhone", "HomePhone" };
  g_autoptr(RapportRtUser) user = rapport_rt_parse_user (node, error);
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *what = NULL;
  JsonObject *object;
  const char *organization;

  if (user == NULL)
    return NULL;

  object = json_node_get_object (node);
  what = g_strdup_printf ("RT user “%s”", user->name);

  if (!rapport_json_get_nonempty_string (object, what, "Organization", &organization, error))
    return NULL;

  customer = rapport_customer_new ();
  rapport_customer_set_remote_id (customer, user->name);
  {
    g_autofree char *label = person_label (user->real_name, user->name, NULL);

    rapport_customer_set_display_name (customer, label);
  }
  {
    g_autofree char *label = rapport_text_clean_label (organization);
    rapport_customer_set_organization (customer, label);
  }

  add_identity (customer, seen, RAPPORT_CHANNEL_EMAIL, user->email);

  for (guint i = 0; i < G_N_ELEMENTS (phone_keys); i++)
    {
      const char *phone;

      if (!rapport_json_get_nonempty_string (object, what, phone_keys[i], &phone, error))
        return NULL;
      add_identity (customer, seen, RAPPORT_CHANNEL_PHONE, phone);
    }

  return g_steal_pointer (&customer);
}

/**
 * rapport_rt_parse_name:
 *
 * Returns: (transfer full): the record's Name, or %NULL with @error set.
 */
char *
rapport_rt_parse_name (JsonNode    *node,
                       const char  *what,
                       GError     **error)
{
  g_autofree char *rt_what = g_strconcat ("RT ", what, NULL);
  JsonObject *object = rapport_json_node_get_object (node, rt_what, error);
  const char *name;

  if (object == NULL || !rapport_json_require_string (object, rt_what, "Name", &name, error))
    return NULL;

  if (name[0] == '\0')
    {
      rapport_json_set_invalid (error, "%s has an empty “Name”", rt_what);
      return NULL;
    }

  return g_strdup (name);
}

gboolean
rapport_rt_parse_custom_field (JsonNode  *node,
                               char     **name,
                               GStrv     *values,
                               GError   **error)
{
  g_autofree char *field_name = rapport_rt_parse_name (node, "custom field", error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *what = NULL;
  JsonArray *list;

  if (field_name == NULL)
    return FALSE;

  what = g_strdup_printf ("RT custom field “%s”", field_name);
  if (!opt_array (json_node_get_object (node), what, "Values", &list, error))
    return FALSE;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *value = json_array_get_element (list, i);

      if (!rapport_json_holds_string (value))
        {
          rapport_json_set_invalid (error, "%s: a value is %s, expected a string", what,
                                    rapport_json_describe (value));
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (value));
    }

  if (name != NULL)
    *name = g_steal_pointer (&field_name);
  if (values != NULL)
    *values = g_strv_builder_end (builder);
  return TRUE;
}

/**
 * rapport_rt_parse_version:
 *
 * Returns: (transfer full): the version string, or %NULL with @error set.
 */
char *
rapport_rt_parse_version (JsonNode  *node,
                          GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "RT server information", error);
  const char *version;

  if (object == NULL ||
      !rapport_json_require_string (object, "RT server information", "Version", &version, error))
    return NULL;

  if (version[0] == '\0')
    {
      rapport_json_set_invalid (error, "RT server information has an empty “Version”");
      return NULL;
    }

  return g_strdup (version);
}

/* ------------------------------------------------------------------------------------ */
/* Transactions                                                                          */

void
rapport_rt_transaction_free (RapportRtTransaction *txn)
{
  if (txn == NULL)
    return;

  g_free (txn->type);
  g_free (txn->object_type);
  g_free (txn->object_id);
  g_free (txn->creator);
  g_free (txn->creator_name);
  g_free (txn);
}

/**
 * rapport_rt_parse_transaction:
 *
 * Returns: (transfer full): the transaction, or %NULL with @error set.
 */
RapportRtTransaction *
rapport_rt_parse_transaction (JsonNode  *node,
                              GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "RT transaction", error);
  g_autoptr(RapportRtTransaction) txn = NULL;
  g_autofree char *what = NULL;
  const char *type, *object_type;
  JsonObject *creator_ref, *object_ref;
  JsonNode *object_id;

  if (object == NULL)
    return NULL;

  txn = g_new0 (RapportRtTransaction, 1);
  if (!rapport_json_require_positive_id (object, "RT transaction", "id", &txn->id, error))
    return NULL;
  what = g_strdup_printf ("RT transaction %" G_GUINT64_FORMAT, txn->id);

  if (!rapport_json_get_nonempty_string (object, what, "Type", &type, error) ||
      !rapport_json_get_nonempty_string (object, what, "ObjectType", &object_type, error) ||
      !opt_ref_id (object, what, "Creator", &creator_ref, &txn->creator, error) ||
      !rapport_json_get_timestamp (object, what, "Created", &txn->created, error))
    return NULL;

  txn->type = g_strdup (type);
  txn->object_type = g_strdup (object_type);

  object_id = rapport_json_get_member (object, "ObjectId");
  if (object_id != NULL && !(rapport_json_holds_string (object_id) &&
                             json_node_get_string (object_id)[0] == '\0'))
    {
      txn->object_id = rapport_json_node_to_id (object_id);
      if (txn->object_id == NULL)
        {
          rapport_json_set_invalid (error, "%s: “ObjectId” is %s, expected an id", what,
                                    rapport_json_describe (object_id));
          return NULL;
        }
    }
  else
    {
      /* The record form names its ticket with an "Object" reference. */
      if (!opt_ref_id (object, what, "Object", &object_ref, &txn->object_id, error))
        return NULL;
      if (object_ref != NULL && txn->object_type == NULL)
        {
          const char *ref_type;

          if (!rapport_json_get_nonempty_string (object_ref, what, "type", &ref_type, error))
            return NULL;
          if (g_strcmp0 (ref_type, "ticket") == 0)
            txn->object_type = g_strdup ("RT::Ticket");
        }
    }

  if (creator_ref != NULL)
    {
      const char *real_name, *name;

      if (!rapport_json_get_nonempty_string (creator_ref, "RT transaction creator", "RealName",
                                             &real_name, error) ||
          !rapport_json_get_nonempty_string (creator_ref, "RT transaction creator", "Name",
                                             &name, error))
        return NULL;
      txn->creator_name = person_label (real_name, name, NULL);
    }

  return g_steal_pointer (&txn);
}

gboolean
rapport_rt_transaction_is_message (const RapportRtTransaction *txn)
{
  g_return_val_if_fail (txn != NULL, FALSE);

  return g_strcmp0 (txn->type, "Create") == 0 ||
         g_strcmp0 (txn->type, "Correspond") == 0 ||
         g_strcmp0 (txn->type, "Comment") == 0;
}

gboolean
rapport_rt_parse_transactions_page (JsonNode   *root,
                                    gboolean    require_object,
                                    GPtrArray  *ticket_ids,
                                    guint64    *max_id,
                                    guint      *n_items,
                                    GError    **error)
{
  JsonArray *items = rapport_rt_page_get_items (root, error);
  guint n;

  g_return_val_if_fail (ticket_ids != NULL, FALSE);
  g_return_val_if_fail (max_id != NULL, FALSE);

  if (n_items != NULL)
    *n_items = 0;
  if (items == NULL)
    return FALSE;

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportRtTransaction) txn =
        rapport_rt_parse_transaction (json_array_get_element (items, i), error);

      if (txn == NULL)
        return FALSE;

      *max_id = MAX (*max_id, txn->id);

      if (txn->object_type != NULL && strcmp (txn->object_type, "RT::Ticket") != 0)
        continue;

      if (txn->object_id == NULL)
        {
          if (require_object)
            {
              rapport_json_set_invalid (error,
                                        "RT transaction %" G_GUINT64_FORMAT " has no “ObjectId”",
                                        txn->id);
              return FALSE;
            }
          continue;
        }

      if (!g_ptr_array_find_with_equal_func (ticket_ids, txn->object_id, g_str_equal, NULL))
        g_ptr_array_add (ticket_ids, g_steal_pointer (&txn->object_id));
    }

  if (n_items != NULL)
    *n_items = n;
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Attachments                                                                           */

void
rapport_rt_attachment_free (RapportRtAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->content_type);
  g_free (attachment->filename);
  g_clear_pointer (&attachment->content, g_bytes_unref);
  g_free (attachment);
}

static gboolean
is_base64 (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' &&
        *p != '\n' && *p != '\r')
      return FALSE;
  return TRUE;
}

/**
 * rapport_rt_parse_attachment:
 *
 * Returns: (transfer full): the attachment, or %NULL with @error set.
 */
RapportRtAttachment *
rapport_rt_parse_attachment (JsonNode  *node,
                             GError   **error)
{
  JsonObject *object = rapport_json_node_get_object (node, "RT attachment", error);
  g_autoptr(RapportRtAttachment) attachment = NULL;
  g_autofree char *what = NULL;
  const char *content_type, *filename, *content;
  JsonNode *txn_node;
  gboolean record_form = FALSE;

  if (object == NULL)
    return NULL;

  attachment = g_new0 (RapportRtAttachment, 1);
  if (!rapport_json_require_positive_id (object, "RT attachment", "id", &attachment->id, error))
    return NULL;
  what = g_strdup_printf ("RT attachment %" G_GUINT64_FORMAT, attachment->id);

  txn_node = rapport_json_get_member (object, "TransactionId");
  if (txn_node != NULL && JSON_NODE_HOLDS_OBJECT (txn_node))
    {
      g_autofree char *txn_id = rapport_rt_parse_ref (txn_node, NULL, error);

      if (txn_id == NULL)
        {
          g_prefix_error (error, "%s: in “TransactionId”: ", what);
          return NULL;
        }
      if (!rapport_json_parse_decimal (txn_id, &attachment->transaction_id) ||
          attachment->transaction_id == 0)
        {
          g_autofree char *quoted_id = rapport_http_quote (txn_id, 40);

          rapport_json_set_invalid (error,
                                    "%s: “TransactionId” refers to “%s”, expected a number",
                                    what, quoted_id);
          return NULL;
        }
      record_form = TRUE;
    }
  else if (!rapport_json_require_positive_id (object, what, "TransactionId",
                                              &attachment->transaction_id, error))
    {
      return NULL;
    }

  if (!rapport_json_get_nonempty_string (object, what, "ContentType", &content_type, error) ||
      !rapport_json_get_nonempty_string (object, what, "Filename", &filename, error) ||
      !rapport_json_get_string (object, what, "Content", &content, error))
    return NULL;

  if (content_type != NULL)
    {
      const char *semicolon = strchr (content_type, ';');
      g_autofree char *bare = g_strndup (content_type, semicolon != NULL ?
                                         (gsize) (semicolon - content_type) :
                                         strlen (content_type));

      attachment->content_type = g_ascii_strdown (g_strstrip (bare), -1);
    }
  attachment->filename = rapport_text_clean_label (filename);

  if (content != NULL)
    {
      if (record_form)
        {
          guchar *data;
          gsize len;

          if (!is_base64 (content))
            {
              rapport_json_set_invalid (error, "%s: “Content” is not base64", what);
              return NULL;
            }
          data = g_base64_decode (content, &len);
          attachment->content = g_bytes_new_take (data, len);
        }
      else
        {
          attachment->content = g_bytes_new (content, strlen (content));
        }
    }

  return g_steal_pointer (&attachment);
}

gboolean
rapport_rt_attachment_is_body (const RapportRtAttachment *attachment)
{
  g_return_val_if_fail (attachment != NULL, FALSE);

  return attachment->filename == NULL &&
         (g_strcmp0 (attachment->content_type, "text/plain") == 0 ||
          g_strcmp0 (attachment->content_type, "text/html") == 0);
}

static guint
uint64_hash (gconstpointer key)
{
  return g_int64_hash (key);
}

static gboolean
uint64_equal (gconstpointer a,
              gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

/**
 * rapport_rt_bodies_new:
 *
 * Returns: (transfer full): an empty table for rapport_rt_collect_bodies()
 */
GHashTable *
rapport_rt_bodies_new (void)
{
  return g_hash_table_new_full (uint64_hash, uint64_equal, g_free,
                                (GDestroyNotify) rapport_rt_attachment_free);
}

gboolean
rapport_rt_collect_bodies (JsonNode    *root,
                           GHashTable  *bodies,
                           guint64     *max_transaction_id,
                           guint       *n_items,
                           GError     **error)
{
  JsonArray *items = rapport_rt_page_get_items (root, error);
  guint n;

  g_return_val_if_fail (bodies != NULL, FALSE);

  if (n_items != NULL)
    *n_items = 0;
  if (items == NULL)
    return FALSE;

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportRtAttachment) attachment =
        rapport_rt_parse_attachment (json_array_get_element (items, i), error);
      RapportRtAttachment *existing;

      if (attachment == NULL)
        return FALSE;

      if (max_transaction_id != NULL)
        *max_transaction_id = MAX (*max_transaction_id, attachment->transaction_id);

      if (!rapport_rt_attachment_is_body (attachment))
        continue;

      existing = g_hash_table_lookup (bodies, &attachment->transaction_id);
      if (existing == NULL || existing->id > attachment->id)
        {
          guint64 *key = g_new (guint64, 1);

          *key = attachment->transaction_id;
          g_hash_table_replace (bodies, key, g_steal_pointer (&attachment));
        }
    }

  if (n_items != NULL)
    *n_items = n;
  return TRUE;
}

/**
 * rapport_rt_attachment_body_text:
 *
 * Returns: (transfer full): the body as plain text
 */
char *
rapport_rt_attachment_body_text (const RapportRtAttachment *attachment)
{
  g_autofree char *valid = NULL;
  GString *text;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (attachment != NULL, NULL);

  if (attachment->content == NULL)
    return g_strdup ("");

  data = g_bytes_get_data (attachment->content, &size);
  if (size == 0)
    return g_strdup ("");

  if (g_strcmp0 (attachment->content_type, "text/html") == 0)
    return rapport_html_to_text (data, (gssize) MIN (size, (gsize) G_MAXSSIZE));

  valid = g_utf8_make_valid (data, (gssize) MIN (size, (gsize) G_MAXSSIZE));
  text = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (text, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        {
          g_string_append_c (text, *p);
        }
    }

  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------------------------ */
/* Messages                                                                              */

static int
compare_transactions (gconstpointer a,
                      gconstpointer b)
{
  const RapportRtTransaction *ta = *(RapportRtTransaction * const *) a;
  const RapportRtTransaction *tb = *(RapportRtTransaction * const *) b;

  return ta->id < tb->id ? -1 : ta->id > tb->id ? 1 : 0;
}

/**
 * rapport_rt_build_messages:
 *
 * Returns: (transfer full) (element-type RapportMessage): the messages, or %NULL with
 *   @error set.
 */
GPtrArray *
rapport_rt_build_messages (GPtrArray       *transactions,
                           GHashTable      *bodies,
                           const char      *ticket_remote_id,
                           RapportChannel   channel,
                           GHashTable      *customer_names,
                           GError         **error)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (transactions != NULL, NULL);
  g_return_val_if_fail (ticket_remote_id != NULL, NULL);

  sorted = g_ptr_array_sized_new (transactions->len);
  for (guint i = 0; i < transactions->len; i++)
    g_ptr_array_add (sorted, transactions->pdata[i]);
  g_ptr_array_sort (sorted, compare_transactions);

  for (guint i = 0; i < sorted->len; i++)
    {
      RapportRtTransaction *txn = sorted->pdata[i];
      RapportRtAttachment *body = NULL;
      g_autoptr(RapportMessage) message = NULL;
      g_autofree char *remote_id = NULL;
      g_autofree char *text = NULL;

      if (!rapport_rt_transaction_is_message (txn))
        continue;

      /* The same transaction twice (two overlapping pages) is one message. */
      if (i > 0 && ((RapportRtTransaction *) sorted->pdata[i - 1])->id == txn->id)
        continue;

      if (txn->creator == NULL)
        {
          rapport_json_set_invalid (error,
                                    "RT transaction %" G_GUINT64_FORMAT " (%s) has no “Creator”",
                                    txn->id, txn->type);
          return NULL;
        }
      if (txn->created == 0)
        {
          rapport_json_set_invalid (error, "RT transaction %" G_GUINT64_FORMAT
                                    " (%s) has no “Created” date", txn->id, txn->type);
          return NULL;
        }

      if (bodies != NULL)
        body = g_hash_table_lookup (bodies, &txn->id);
      text = body != NULL ? rapport_rt_attachment_body_text (body) : g_strdup ("");

      remote_id = g_strdup_printf ("%" G_GUINT64_FORMAT, txn->id);
      message = rapport_message_new ();
      rapport_message_set_remote_id (message, remote_id);
      rapport_message_set_ticket_remote_id (message, ticket_remote_id);
      rapport_message_set_channel (message, channel);
      rapport_message_set_visibility (message, strcmp (txn->type, "Comment") == 0 ?
                                               RAPPORT_VISIBILITY_INTERNAL :
                                               RAPPORT_VISIBILITY_PUBLIC);

      if (strcmp (txn->creator, RAPPORT_RT_SYSTEM_USER) == 0)
        {
          rapport_message_set_author_kind (message, RAPPORT_AUTHOR_SYSTEM);
          rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
        }
      else if (customer_names != NULL && g_hash_table_contains (customer_names, txn->creator))
        {
          rapport_message_set_author_kind (message, RAPPORT_AUTHOR_CUSTOMER);
          rapport_message_set_direction (message, RAPPORT_DIRECTION_INBOUND);
        }
      else
        {
          rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
          rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
        }

      rapport_message_set_author_remote_id (message, txn->creator);
      rapport_message_set_author_name (message, txn->creator_name != NULL ? txn->creator_name :
                                                txn->creator);
      rapport_message_set_body (message, text);
      rapport_message_set_created_at (message, server_time (txn->created));

      g_ptr_array_add (messages, g_steal_pointer (&message));
    }

  return g_steal_pointer (&messages);
}

/**
 * rapport_rt_parse_messages:
 *
 * Returns: (transfer full) (element-type RapportMessage): the messages, or %NULL with
 *   @error set.
 */
GPtrArray *
rapport_rt_parse_messages (JsonNode            *history,
                           JsonNode            *attachments,
                           const char          *ticket_remote_id,
                           RapportChannel       channel,
                           const char * const  *customer_names,
                           GError             **error)
{
  g_autoptr(GPtrArray) transactions =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rt_transaction_free);
  g_autoptr(GHashTable) bodies = rapport_rt_bodies_new ();
  g_autoptr(GHashTable) customers = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *items;
  guint n;

  g_return_val_if_fail (ticket_remote_id != NULL, NULL);

  items = rapport_rt_page_get_items (history, error);
  if (items == NULL)
    return NULL;

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      RapportRtTransaction *txn = rapport_rt_parse_transaction (json_array_get_element (items, i),
                                                                error);
      if (txn == NULL)
        return NULL;
      g_ptr_array_add (transactions, txn);
    }

  if (attachments != NULL &&
      !rapport_rt_collect_bodies (attachments, bodies, NULL, NULL, error))
    return NULL;

  for (guint i = 0; customer_names != NULL && customer_names[i] != NULL; i++)
    g_hash_table_add (customers, (gpointer) customer_names[i]);

  return rapport_rt_build_messages (transactions, bodies, ticket_remote_id, channel, customers,
                                    error);
}

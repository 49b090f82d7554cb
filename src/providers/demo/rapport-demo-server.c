/* rapport-demo-server.c
 *
 * The demo helpdesk's server side and its file. The file is JSON, written whole and atomically
 * (g_file_set_contents_full) after every write, and read strictly at first use:
 *
 *   { "format": 1,
 *     "workspace": { "seed": 20261122, "customers": 50, "anchor": 1795392000 },
 *     "money": { "next_id": 4, "revision": 2, "entries": [ … ] },     (rapport-demo-money.c)
 *     "messages": [ { "id": "demo-local-…", "ticket": "1005", "channel": "email",
 *                     "visibility": "public", "author": "sam.agent",
 *                     "author_name": "Sam Rivera", "body": "…", "created_at": 1795392100 } ],
 *     "tickets": [ { "id": "1005", "status": "solved", "solved_at": 1795392200,
 *                    "priority": "high", "assignee": "lee.agent", "assignee_name": "Lee …",
 *                    "updated_at": 1795392200 } ],
 *     "links": [ { "ticket": "1005", "article": "demo-article-refund-policy" } ] }
 *
 * A ticket lists only what its updates set ("status" with "solved_at", "priority",
 * "assignee" with "assignee_name", null when unassigned); the rest of it is the generator's.
 * "links" (articles linked to tickets, link_article()) may be missing: files written before
 * it existed have none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo-provider"

#include "config.h"

#include "rapport-demo-server.h"

#include "rapport-demo-money.h"
#include "rapport-http.h"
#include "rapport-json.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#define STATE_FORMAT    1
#define MAX_STATE_BYTES (32 * 1024 * 1024)
#define MAX_MESSAGES    100000
#define MAX_TICKETS     100000
#define MAX_LINKS       100000

/* What the updates of one ticket set. */
typedef struct
{
  RapportTicketField    fields;
  RapportTicketStatus   status;
  gint64                solved_at;
  RapportTicketPriority priority;
  char                 *assignee_remote_id;  /* NULL: unassigned */
  char                 *assignee_name;
  gint64                updated_at;
} TicketState;

static void
ticket_state_free (TicketState *state)
{
  g_free (state->assignee_remote_id);
  g_free (state->assignee_name);
  g_free (state);
}

struct _RapportDemoServer
{
  int              ref_count;     /* guarded by servers_mutex */
  char            *path;          /* NULL: in memory only */
  guint32          seed;
  guint            n_customers;
  gint64           anchor_time;

  GMutex           mutex;
  gboolean         loaded;
  RapportDemoBank *bank;
  GHashTable      *posted;        /* ticket remote id → GPtrArray of RapportMessage */
  GHashTable      *tickets;       /* ticket remote id → TicketState */
  GHashTable      *links;         /* ticket remote id → GPtrArray of article remote ids */
  char            *saved;         /* what the file holds, NULL before the first write */
  char            *unusable;      /* why the file, unread and not moved aside, must not be
                                   * written over; NULL when it may */
};

static GMutex      servers_mutex;
static GHashTable *servers;       /* path → RapportDemoServer (borrowed: removed when freed) */

char *
_rapport_demo_server_file_name (const char *state_dir,
                                guint32     seed,
                                guint       n_customers,
                                gint64      anchor_time)
{
  g_autofree char *name = g_strdup_printf ("%u-%u-%" G_GINT64_FORMAT ".json", seed, n_customers,
                                           anchor_time);

  return g_build_filename (state_dir, name, NULL);
}

/* Drops what is in memory and starts from the generated data and the story's ledger. */
static void
reset_locked (RapportDemoServer *self)
{
  g_clear_pointer (&self->bank, _rapport_demo_bank_unref);
  self->bank = _rapport_demo_bank_new (self->anchor_time);
  g_hash_table_remove_all (self->posted);
  g_hash_table_remove_all (self->tickets);
  g_hash_table_remove_all (self->links);
}

RapportDemoServer *
_rapport_demo_server_get (guint32     seed,
                          guint       n_customers,
                          gint64      anchor_time,
                          const char *state_dir)
{
  g_autofree char *path = NULL;
  RapportDemoServer *self = NULL;

  if (state_dir != NULL)
    {
      path = _rapport_demo_server_file_name (state_dir, seed, n_customers, anchor_time);
      g_mutex_lock (&servers_mutex);
      if (servers == NULL)
        servers = g_hash_table_new (g_str_hash, g_str_equal);
      self = g_hash_table_lookup (servers, path);
      if (self != NULL)
        self->ref_count++;
      g_mutex_unlock (&servers_mutex);
      if (self != NULL)
        return self;
    }

  self = g_new0 (RapportDemoServer, 1);
  self->ref_count = 1;
  self->seed = seed;
  self->n_customers = n_customers;
  self->anchor_time = anchor_time;
  g_mutex_init (&self->mutex);
  self->posted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->tickets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) ticket_state_free);
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);

  if (path == NULL)
    {
      /* In memory: nothing to read; the money is the workspace's in this process. */
      self->bank = _rapport_demo_bank_get (seed, n_customers, anchor_time);
      self->loaded = TRUE;
      return self;
    }

  self->path = g_steal_pointer (&path);
  g_mutex_lock (&servers_mutex);
  {
    /* Another thread may have made it meanwhile: use that one. */
    RapportDemoServer *other = g_hash_table_lookup (servers, self->path);

    if (other != NULL)
      {
        other->ref_count++;
        g_mutex_unlock (&servers_mutex);
        self->ref_count = 0;
        g_mutex_clear (&self->mutex);
        g_hash_table_unref (self->posted);
        g_hash_table_unref (self->tickets);
        g_hash_table_unref (self->links);
        g_free (self->path);
        g_free (self);
        return other;
      }
    g_hash_table_insert (servers, self->path, self);
  }
  g_mutex_unlock (&servers_mutex);

  return self;
}

RapportDemoServer *
_rapport_demo_server_ref (RapportDemoServer *self)
{
  g_mutex_lock (&servers_mutex);
  self->ref_count++;
  g_mutex_unlock (&servers_mutex);
  return self;
}

void
_rapport_demo_server_unref (RapportDemoServer *self)
{
  gboolean last;

  g_mutex_lock (&servers_mutex);
  last = --self->ref_count == 0;
  if (last && self->path != NULL)
    g_hash_table_remove (servers, self->path);
  g_mutex_unlock (&servers_mutex);

  if (!last)
    return;

  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->bank, _rapport_demo_bank_unref);
  g_hash_table_unref (self->posted);
  g_hash_table_unref (self->tickets);
  g_hash_table_unref (self->links);
  g_free (self->saved);
  g_free (self->unusable);
  g_free (self->path);
  g_free (self);
}

/* ---------------------------------------------------------------------------------------------
 * The state as JSON
 * ------------------------------------------------------------------------------------------- */

static const char *
visibility_to_string (RapportVisibility visibility)
{
  return visibility == RAPPORT_VISIBILITY_INTERNAL ? "internal" : "public";
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

static void
add_message (JsonBuilder    *builder,
             RapportMessage *message)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", rapport_message_get_remote_id (message));
  add_string (builder, "ticket", rapport_message_get_ticket_remote_id (message));
  add_string (builder, "channel", rapport_channel_to_string (rapport_message_get_channel (message)));
  add_string (builder, "visibility",
              visibility_to_string (rapport_message_get_visibility (message)));
  add_string (builder, "author", rapport_message_get_author_remote_id (message));
  add_string (builder, "author_name", rapport_message_get_author_name (message));
  add_string (builder, "body", rapport_message_get_body (message));
  add_int (builder, "created_at", rapport_message_get_created_at (message));
  json_builder_end_object (builder);
}

static void
add_ticket (JsonBuilder       *builder,
            const char        *remote_id,
            const TicketState *state)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", remote_id);
  if (state->fields & RAPPORT_TICKET_FIELD_STATUS)
    {
      add_string (builder, "status", rapport_ticket_status_to_string (state->status));
      add_int (builder, "solved_at", state->solved_at);
    }
  if (state->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    add_string (builder, "priority", rapport_ticket_priority_to_string (state->priority));
  if (state->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      add_string (builder, "assignee", state->assignee_remote_id);
      add_string (builder, "assignee_name", state->assignee_name);
    }
  add_int (builder, "updated_at", state->updated_at);
  json_builder_end_object (builder);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
state_to_json_locked (RapportDemoServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree gpointer *posted = NULL;
  g_autofree gpointer *tickets = NULL;
  g_autofree gpointer *linked = NULL;
  guint n_posted, n_tickets, n_linked;

  /* In a stable order: the same state is the same text. */
  posted = g_hash_table_get_keys_as_array (self->posted, &n_posted);
  qsort (posted, n_posted, sizeof (gpointer), compare_keys);
  tickets = g_hash_table_get_keys_as_array (self->tickets, &n_tickets);
  qsort (tickets, n_tickets, sizeof (gpointer), compare_keys);
  linked = g_hash_table_get_keys_as_array (self->links, &n_linked);
  qsort (linked, n_linked, sizeof (gpointer), compare_keys);

  json_builder_begin_object (builder);
  add_int (builder, "format", STATE_FORMAT);
  json_builder_set_member_name (builder, "workspace");
  json_builder_begin_object (builder);
  add_int (builder, "seed", self->seed);
  add_int (builder, "customers", self->n_customers);
  add_int (builder, "anchor", self->anchor_time);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "money");
  json_builder_add_value (builder, _rapport_demo_bank_to_json (self->bank));
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_posted; i++)
    {
      GPtrArray *messages = g_hash_table_lookup (self->posted, posted[i]);

      for (guint j = 0; j < messages->len; j++)
        add_message (builder, messages->pdata[j]);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "tickets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_tickets; i++)
    add_ticket (builder, tickets[i], g_hash_table_lookup (self->tickets, tickets[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_linked; i++)
    {
      GPtrArray *articles = g_hash_table_lookup (self->links, linked[i]);

      for (guint j = 0; j < articles->len; j++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ticket");
          json_builder_add_string_value (builder, linked[i]);
          json_builder_set_member_name (builder, "article");
          json_builder_add_string_value (builder, articles->pdata[j]);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
read_time (JsonObject  *object,
           const char  *what,
           const char  *key,
           gint64      *out,
           GError     **error)
{
  gboolean present = FALSE;

  if (!rapport_json_get_int64 (object, what, key, &present, out, error))
    return FALSE;
  if (!present || *out < 0)
    {
      rapport_json_set_invalid (error, "%s has no valid %s", what, key);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_message (RapportDemoServer  *self,
              JsonNode           *node,
              GError            **error)
{
  const char *what = "A posted message";
  JsonObject *object = rapport_json_node_get_object (node, what, error);
  g_autoptr(RapportMessage) message = NULL;
  const char *id, *ticket, *channel, *visibility, *author, *author_name, *body;
  RapportChannel channel_value;
  gint64 created_at;
  GPtrArray *messages;

  if (object == NULL ||
      !rapport_json_get_nonempty_string (object, what, "id", &id, error) ||
      !rapport_json_get_nonempty_string (object, what, "ticket", &ticket, error) ||
      !rapport_json_require_string (object, what, "channel", &channel, error) ||
      !rapport_json_require_string (object, what, "visibility", &visibility, error) ||
      !rapport_json_get_nonempty_string (object, what, "author", &author, error) ||
      !rapport_json_require_string (object, what, "author_name", &author_name, error) ||
      !rapport_json_require_string (object, what, "body", &body, error) ||
      !read_time (object, what, "created_at", &created_at, error))
    return FALSE;

  if (id == NULL || ticket == NULL || author == NULL ||
      !rapport_channel_from_string (channel, &channel_value) ||
      (g_strcmp0 (visibility, "public") != 0 && g_strcmp0 (visibility, "internal") != 0))
    {
      rapport_json_set_invalid (error, "%s lacks an id, a ticket or an author, or has an "
                                "unknown channel or visibility", what);
      return FALSE;
    }

  message = rapport_message_new ();
  rapport_message_set_remote_id (message, id);
  rapport_message_set_ticket_remote_id (message, ticket);
  rapport_message_set_channel (message, channel_value);
  rapport_message_set_direction (message, RAPPORT_DIRECTION_OUTBOUND);
  rapport_message_set_visibility (message, g_str_equal (visibility, "internal") ?
                                           RAPPORT_VISIBILITY_INTERNAL :
                                           RAPPORT_VISIBILITY_PUBLIC);
  rapport_message_set_author_kind (message, RAPPORT_AUTHOR_AGENT);
  rapport_message_set_author_name (message, author_name);
  rapport_message_set_author_remote_id (message, author);
  rapport_message_set_body (message, body);
  rapport_message_set_created_at (message, created_at);

  messages = g_hash_table_lookup (self->posted, ticket);
  if (messages == NULL)
    {
      messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->posted, g_strdup (ticket), messages);
    }
  g_ptr_array_add (messages, g_steal_pointer (&message));
  return TRUE;
}

/* Adds the link unless it is there; returns whether it was added. */
static gboolean
add_link_locked (RapportDemoServer *self,
                 const char        *ticket,
                 const char        *article)
{
  GPtrArray *articles = g_hash_table_lookup (self->links, ticket);

  if (articles == NULL)
    {
      articles = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->links, g_strdup (ticket), articles);
    }
  for (guint i = 0; i < articles->len; i++)
    if (g_str_equal (articles->pdata[i], article))
      return FALSE;

  g_ptr_array_add (articles, g_strdup (article));
  return TRUE;
}

static gboolean
read_link (RapportDemoServer  *self,
           JsonNode           *node,
           GError            **error)
{
  const char *what = "A link";
  JsonObject *object = rapport_json_node_get_object (node, what, error);
  const char *ticket = NULL, *article = NULL;

  if (object == NULL ||
      !rapport_json_get_nonempty_string (object, what, "ticket", &ticket, error) ||
      !rapport_json_get_nonempty_string (object, what, "article", &article, error))
    return FALSE;
  if (ticket == NULL || article == NULL)
    {
      rapport_json_set_invalid (error, "%s lacks its ticket or article", what);
      return FALSE;
    }

  add_link_locked (self, ticket, article);
  return TRUE;
}

static gboolean
read_ticket (RapportDemoServer  *self,
             JsonNode           *node,
             GError            **error)
{
  const char *what = "An updated ticket";
  JsonObject *object = rapport_json_node_get_object (node, what, error);
  TicketState *state;
  const char *id, *text;

  if (object == NULL || !rapport_json_get_nonempty_string (object, what, "id", &id, error))
    return FALSE;
  if (id == NULL || g_hash_table_contains (self->tickets, id))
    {
      rapport_json_set_invalid (error, "%s has no id, or one listed twice", what);
      return FALSE;
    }

  state = g_new0 (TicketState, 1);
  g_hash_table_insert (self->tickets, g_strdup (id), state);

  if (!read_time (object, what, "updated_at", &state->updated_at, error))
    return FALSE;

  if (json_object_has_member (object, "status"))
    {
      state->fields |= RAPPORT_TICKET_FIELD_STATUS;
      if (!rapport_json_require_string (object, what, "status", &text, error) ||
          !read_time (object, what, "solved_at", &state->solved_at, error))
        return FALSE;
      if (!rapport_ticket_status_from_string (text, &state->status))
        {
          rapport_json_set_invalid (error, "%s has an unknown status “%s”", what, text);
          return FALSE;
        }
    }

  if (json_object_has_member (object, "priority"))
    {
      state->fields |= RAPPORT_TICKET_FIELD_PRIORITY;
      if (!rapport_json_require_string (object, what, "priority", &text, error))
        return FALSE;
      if (!rapport_ticket_priority_from_string (text, &state->priority))
        {
          rapport_json_set_invalid (error, "%s has an unknown priority “%s”", what, text);
          return FALSE;
        }
    }

  if (json_object_has_member (object, "assignee"))
    {
      state->fields |= RAPPORT_TICKET_FIELD_ASSIGNEE;
      if (!rapport_json_get_nonempty_string (object, what, "assignee", &text, error))
        return FALSE;
      state->assignee_remote_id = g_strdup (text);
      if (!rapport_json_get_string (object, what, "assignee_name", &text, error))
        return FALSE;
      state->assignee_name = g_strdup (text);
    }

  return TRUE;
}

/* Reads @text into the server (its maps empty, no bank); FALSE with @error when it does not
 * follow the format or is another workspace's. */
static gboolean
state_from_json_locked (RapportDemoServer  *self,
                        const char         *text,
                        gsize               length,
                        GError            **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  JsonObject *root, *workspace = NULL, *money_object = NULL;
  JsonArray *messages = NULL, *tickets = NULL, *links = NULL;
  guint format = 0, seed = 0, customers = 0;
  gint64 anchor = -1;
  g_autoptr(GError) parse_error = NULL;

  /* Through the JSON gate like a server's answer: the file is outside data once written. */
  root_node = rapport_http_parse_json (text, length, "The file", &parse_error);
  if (root_node == NULL)
    {
      rapport_json_set_invalid (error, "Not JSON: %s", parse_error->message);
      return FALSE;
    }

  root = rapport_json_node_get_object (root_node, "The file", error);
  if (root == NULL ||
      !rapport_json_require_uint (root, "The file", "format", &format, error) ||
      !rapport_json_get_object (root, "The file", "workspace", &workspace, error) ||
      !rapport_json_get_object (root, "The file", "money", &money_object, error) ||
      !rapport_json_get_array (root, "The file", "messages", &messages, error) ||
      !rapport_json_get_array (root, "The file", "tickets", &tickets, error) ||
      !rapport_json_get_array (root, "The file", "links", &links, error))
    return FALSE;

  if (format != STATE_FORMAT || workspace == NULL || money_object == NULL || messages == NULL ||
      tickets == NULL)
    {
      rapport_json_set_invalid (error, "Not format %d, or without its workspace, money, "
                                "messages or tickets", STATE_FORMAT);
      return FALSE;
    }

  if (!rapport_json_require_uint (workspace, "The workspace", "seed", &seed, error) ||
      !rapport_json_require_uint (workspace, "The workspace", "customers", &customers, error) ||
      !read_time (workspace, "The workspace", "anchor", &anchor, error))
    return FALSE;
  if (seed != self->seed || customers != self->n_customers || anchor != self->anchor_time)
    {
      rapport_json_set_invalid (error, "It is the file of another workspace (seed %u, %u "
                                "customers, anchor %" G_GINT64_FORMAT ")", seed, customers,
                                anchor);
      return FALSE;
    }

  if (json_array_get_length (messages) > MAX_MESSAGES ||
      json_array_get_length (tickets) > MAX_TICKETS ||
      (links != NULL && json_array_get_length (links) > MAX_LINKS))
    {
      rapport_json_set_invalid (error, "Too many messages or tickets");
      return FALSE;
    }

  self->bank = _rapport_demo_bank_new_from_json (json_object_get_member (root, "money"), error);
  if (self->bank == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    if (!read_message (self, json_array_get_element (messages, i), error))
      return FALSE;
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    if (!read_ticket (self, json_array_get_element (tickets, i), error))
      return FALSE;
  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    if (!read_link (self, json_array_get_element (links, i), error))
      return FALSE;

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * The file
 * ------------------------------------------------------------------------------------------- */

/* Reads the file at the first use; anything that does not read starts a fresh demo, once the
 * file was moved aside (never silently overwritten). */
static void
ensure_loaded_locked (RapportDemoServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *aside = NULL;
  GStatBuf info;
  gsize length = 0;

  if (self->loaded)
    return;
  self->loaded = TRUE;

  if (g_stat (self->path, &info) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          /* A demo no one has written to yet. */
          reset_locked (self);
          return;
        }
      g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s",
                   g_strerror (saved_errno));
    }
  else if (info.st_size > MAX_STATE_BYTES)
    {
      rapport_json_set_invalid (&error, "Bigger than %d bytes", MAX_STATE_BYTES);
    }
  else if (g_file_get_contents (self->path, &text, &length, &error) &&
           state_from_json_locked (self, text, length, &error))
    {
      self->saved = g_steal_pointer (&text);
      return;
    }

  /* A file that could not be read now (an I/O error, no permission) may be fine the next
   * time: it stays where it is, untouched, and this run keeps nothing. */
  if (error->domain == G_FILE_ERROR)
    {
      g_warning ("The demo server's file %s cannot be read (%s); the demo starts afresh and "
                 "keeps nothing this time", self->path, error->message);
      self->unusable = g_strdup_printf ("%s cannot be read (%s)", self->path, error->message);
      reset_locked (self);
      return;
    }

  /* Damaged: moved aside under a name of its own, so that no earlier one is replaced. */
  aside = g_strdup_printf ("%s.damaged-%" G_GINT64_FORMAT, self->path, g_get_real_time ());
  if (g_rename (self->path, aside) == 0)
    g_warning ("The demo server's file %s cannot be read (%s); it was moved to %s and the "
               "demo starts afresh", self->path, error->message, aside);
  else
    {
      int saved_errno = errno;

      g_warning ("The demo server's file %s cannot be read (%s) nor moved aside (%s); the demo "
                 "starts afresh and keeps nothing", self->path, error->message,
                 g_strerror (saved_errno));
      /* Writing would replace what could not be read. */
      self->unusable = g_strdup_printf ("%s cannot be read (%s)", self->path, error->message);
    }
  reset_locked (self);
}

/* Puts back what the file holds (after a write that could not be kept). */
static void
revert_locked (RapportDemoServer *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->bank, _rapport_demo_bank_unref);
  g_hash_table_remove_all (self->posted);
  g_hash_table_remove_all (self->tickets);
  g_hash_table_remove_all (self->links);
  if (self->saved == NULL)
    {
      reset_locked (self);
      return;
    }
  if (!state_from_json_locked (self, self->saved, strlen (self->saved), &error))
    {
      /* What was written by this very code: a programmer error. */
      g_critical ("The demo server cannot read back what it wrote: %s", error->message);
      g_hash_table_remove_all (self->posted);
      g_hash_table_remove_all (self->tickets);
      g_hash_table_remove_all (self->links);
      reset_locked (self);
    }
}

/* Writes the state to the file (nothing when in memory); a write that fails is undone. */
static gboolean
commit_locked (RapportDemoServer  *self,
               GError            **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->path == NULL)
    return TRUE;

  text = state_to_json_locked (self);
  dir = g_path_get_dirname (self->path);
  /* Never write what the next start would refuse to read (and move aside as damaged). */
  if (strlen (text) > MAX_STATE_BYTES)
    {
      revert_locked (self);
      g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_INVALID_INPUT,
                   "The demo server is full: its file %s would be bigger than %d bytes",
                   self->path, MAX_STATE_BYTES);
      return FALSE;
    }
  if (self->unusable != NULL)
    g_set_error_literal (&local_error, G_FILE_ERROR, G_FILE_ERROR_FAILED, self->unusable);
  else if (g_mkdir_with_parents (dir, 0700) != 0)
    g_set_error (&local_error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s",
                 g_strerror (errno));
  else if (g_file_set_contents_full (self->path, text, -1,
                                     G_FILE_SET_CONTENTS_CONSISTENT |
                                     G_FILE_SET_CONTENTS_DURABLE, 0600, &local_error))
    {
      g_free (self->saved);
      self->saved = g_steal_pointer (&text);
      return TRUE;
    }

  revert_locked (self);
  g_set_error (error, RAPPORT_PROVIDER_ERROR, RAPPORT_PROVIDER_ERROR_NETWORK,
               "The demo server could not keep the change in %s: %s", self->path,
               local_error->message);
  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * Replies, notes and ticket updates
 * ------------------------------------------------------------------------------------------- */

static RapportMessage *
copy_message (RapportMessage *message)
{
  return g_object_new (RAPPORT_TYPE_MESSAGE,
                       "id", rapport_message_get_id (message),
                       "remote-id", rapport_message_get_remote_id (message),
                       "ticket-id", rapport_message_get_ticket_id (message),
                       "ticket-remote-id", rapport_message_get_ticket_remote_id (message),
                       "channel", rapport_message_get_channel (message),
                       "direction", rapport_message_get_direction (message),
                       "visibility", rapport_message_get_visibility (message),
                       "author-kind", rapport_message_get_author_kind (message),
                       "author-name", rapport_message_get_author_name (message),
                       "author-remote-id", rapport_message_get_author_remote_id (message),
                       "author-customer-id", rapport_message_get_author_customer_id (message),
                       "body", rapport_message_get_body (message),
                       "created-at", rapport_message_get_created_at (message),
                       NULL);
}

gboolean
_rapport_demo_server_post (RapportDemoServer  *self,
                           RapportMessage     *message,
                           GError            **error)
{
  const char *ticket = rapport_message_get_ticket_remote_id (message);
  GPtrArray *messages;
  TicketState *state;
  gboolean ok;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);

  messages = g_hash_table_lookup (self->posted, ticket);
  if (messages == NULL)
    {
      messages = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->posted, g_strdup (ticket), messages);
    }
  g_ptr_array_add (messages, copy_message (message));
  state = g_hash_table_lookup (self->tickets, ticket);
  if (state != NULL)
    state->updated_at = MAX (state->updated_at, rapport_message_get_created_at (message));

  ok = commit_locked (self, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

void
_rapport_demo_server_list_posted (RapportDemoServer *self,
                                  const char        *ticket_remote_id,
                                  GPtrArray         *messages)
{
  GPtrArray *posted;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  posted = g_hash_table_lookup (self->posted, ticket_remote_id);
  for (guint i = 0; posted != NULL && i < posted->len; i++)
    g_ptr_array_add (messages, copy_message (g_ptr_array_index (posted, i)));
  g_mutex_unlock (&self->mutex);
}

static void
apply_changes (RapportTicket              *ticket,
               const RapportTicketChanges *changes,
               const char                 *assignee_name,
               gint64                      now)
{
  if (changes->fields == 0)
    return;

  if (changes->fields & RAPPORT_TICKET_FIELD_STATUS)
    {
      gboolean was_solved = !rapport_ticket_status_is_open (rapport_ticket_get_status (ticket));

      rapport_ticket_set_status (ticket, changes->status);
      if (rapport_ticket_status_is_open (changes->status))
        rapport_ticket_set_solved_at (ticket, 0);
      else if (!was_solved)
        rapport_ticket_set_solved_at (ticket, now);
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
    {
      const char *assignee = changes->assignee_remote_id;

      if (assignee != NULL && assignee[0] == '\0')
        assignee = NULL;
      rapport_ticket_set_assignee_remote_id (ticket, assignee);
      rapport_ticket_set_assignee_name (ticket, assignee != NULL ? assignee_name : NULL);
    }

  if (changes->fields & RAPPORT_TICKET_FIELD_PRIORITY)
    rapport_ticket_set_priority (ticket, changes->priority);

  rapport_ticket_set_updated_at (ticket, MAX (rapport_ticket_get_updated_at (ticket), now));
}

gboolean
_rapport_demo_server_update_ticket (RapportDemoServer          *self,
                                    RapportTicket              *ticket,
                                    const RapportTicketChanges *changes,
                                    const char                 *assignee_name,
                                    gint64                      now,
                                    GError                    **error)
{
  const char *remote_id = rapport_ticket_get_remote_id (ticket);
  TicketState *state;
  gboolean ok;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);

  state = g_hash_table_lookup (self->tickets, remote_id);
  if (state == NULL)
    {
      state = g_new0 (TicketState, 1);
      g_hash_table_insert (self->tickets, g_strdup (remote_id), state);
    }
  else
    {
      /* The earlier updates, over the generated ticket. */
      if (state->fields & RAPPORT_TICKET_FIELD_STATUS)
        {
          rapport_ticket_set_status (ticket, state->status);
          rapport_ticket_set_solved_at (ticket, state->solved_at);
        }
      if (state->fields & RAPPORT_TICKET_FIELD_PRIORITY)
        rapport_ticket_set_priority (ticket, state->priority);
      if (state->fields & RAPPORT_TICKET_FIELD_ASSIGNEE)
        {
          rapport_ticket_set_assignee_remote_id (ticket, state->assignee_remote_id);
          rapport_ticket_set_assignee_name (ticket, state->assignee_name);
        }
      rapport_ticket_set_updated_at (ticket, MAX (rapport_ticket_get_updated_at (ticket),
                                                  state->updated_at));
    }

  apply_changes (ticket, changes, assignee_name, now);

  state->fields |= changes->fields;
  state->status = rapport_ticket_get_status (ticket);
  state->solved_at = rapport_ticket_get_solved_at (ticket);
  state->priority = rapport_ticket_get_priority (ticket);
  g_free (state->assignee_remote_id);
  state->assignee_remote_id = g_strdup (rapport_ticket_get_assignee_remote_id (ticket));
  g_free (state->assignee_name);
  state->assignee_name = g_strdup (rapport_ticket_get_assignee_name (ticket));
  state->updated_at = rapport_ticket_get_updated_at (ticket);

  ok = commit_locked (self, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

/* ---------------------------------------------------------------------------------------------
 * Money
 * ------------------------------------------------------------------------------------------- */

RapportMoneyAction *
_rapport_demo_server_create_money (RapportDemoServer   *self,
                                   const RapportPolicy *policy,
                                   const char          *user,
                                   const char          *user_name,
                                   RapportRole          role,
                                   const char          *ticket_remote_id,
                                   RapportMoneyKind     kind,
                                   const RapportMoney  *amount,
                                   const char          *reason,
                                   const char          *order_reference,
                                   const char          *customer_key,
                                   gint64               now_us,
                                   GError             **error)
{
  g_autoptr(RapportMoneyAction) action = NULL;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  action = _rapport_demo_bank_create (self->bank, policy, user, user_name, role,
                                      ticket_remote_id, kind, amount, reason, order_reference,
                                      customer_key, now_us);
  if (!commit_locked (self, error))
    g_clear_object (&action);
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&action);
}

RapportApproval *
_rapport_demo_server_decide (RapportDemoServer  *self,
                             const char         *user,
                             const char         *user_name,
                             gboolean            is_supervisor,
                             const char         *approval_id,
                             RapportDecision     decision,
                             const char         *note,
                             const char         *etag,
                             gint64              now_us,
                             GError            **error)
{
  g_autoptr(RapportApproval) approval = NULL;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  approval = _rapport_demo_bank_decide (self->bank, user, user_name, is_supervisor, approval_id,
                                        decision, note, etag, now_us, error);
  if (approval != NULL && !commit_locked (self, error))
    g_clear_object (&approval);
  g_mutex_unlock (&self->mutex);

  return g_steal_pointer (&approval);
}

void
_rapport_demo_server_list_money (RapportDemoServer *self,
                                 const char        *ticket_remote_id,
                                 GPtrArray         *actions,
                                 GPtrArray         *approvals)
{
  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  _rapport_demo_bank_list (self->bank, ticket_remote_id, actions, approvals);
  g_mutex_unlock (&self->mutex);
}

guint
_rapport_demo_server_get_money_revision (RapportDemoServer *self)
{
  guint revision;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  revision = _rapport_demo_bank_get_revision (self->bank);
  g_mutex_unlock (&self->mutex);
  return revision;
}

/* ---------------------------------------------------------------------------------------------
 * Articles linked to tickets
 * ------------------------------------------------------------------------------------------- */

gboolean
_rapport_demo_server_link_article (RapportDemoServer  *self,
                                   const char         *ticket_remote_id,
                                   const char         *article_remote_id,
                                   GError            **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  /* Linking twice leaves one link and writes nothing. */
  if (add_link_locked (self, ticket_remote_id, article_remote_id))
    ok = commit_locked (self, error);
  g_mutex_unlock (&self->mutex);
  return ok;
}

GStrv
_rapport_demo_server_list_links (RapportDemoServer *self,
                                 const char        *ticket_remote_id)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *articles;

  g_mutex_lock (&self->mutex);
  ensure_loaded_locked (self);
  articles = g_hash_table_lookup (self->links, ticket_remote_id);
  for (guint i = 0; articles != NULL && i < articles->len; i++)
    g_strv_builder_add (builder, articles->pdata[i]);
  g_mutex_unlock (&self->mutex);

  return g_strv_builder_end (builder);
}

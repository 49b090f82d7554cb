/* rapport-ticket.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-ticket"

#include "config.h"

#include "rapport-ticket.h"
#include "rapport-core-private.h"
#include "rapport-ticket-private.h"

struct _RapportTicket
{
  GObject                parent_instance;

  /* owned */
  char                  *remote_id;
  char                  *subject;
  char                  *customer_name;
  char                  *requester_remote_id;
  char                  *assignee_remote_id;
  char                  *assignee_name;
  char                  *queue;
  char                 **tags;
  char                  *last_message_preview;

  gint64                 id;
  gint64                 customer_id;
  gint64                 created_at;
  gint64                 updated_at;
  gint64                 solved_at;
  guint                  message_count;
  RapportTicketStatus    status;
  RapportTicketPriority  priority;
  RapportChannel         channel;
  gboolean               loaded;
};

G_DEFINE_FINAL_TYPE (RapportTicket, rapport_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_SUBJECT,
  PROP_STATUS,
  PROP_PRIORITY,
  PROP_CHANNEL,
  PROP_CUSTOMER_ID,
  PROP_CUSTOMER_NAME,
  PROP_REQUESTER_REMOTE_ID,
  PROP_ASSIGNEE_REMOTE_ID,
  PROP_ASSIGNEE_NAME,
  PROP_QUEUE,
  PROP_TAGS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_SOLVED_AT,
  PROP_MESSAGE_COUNT,
  PROP_LAST_MESSAGE_PREVIEW,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_int64 (RapportTicket *self,
           gint64        *field,
           gint64         value,
           guint          prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_enum (RapportTicket *self,
          int           *field,
          int            value,
          guint          prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (RapportTicket  *self,
            char          **field,
            const char     *value,
            guint           prop_id)
{
  if (_rapport_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
tags_equal (const char * const *a,
            const char * const *b)
{
  guint i;

  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    {
      if (g_strcmp0 (a[i], b[i]) != 0)
        return FALSE;
    }

  return a[i] == NULL && b[i] == NULL;
}

static void
rapport_ticket_finalize (GObject *object)
{
  RapportTicket *self = (RapportTicket *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->requester_remote_id, g_free);
  g_clear_pointer (&self->assignee_remote_id, g_free);
  g_clear_pointer (&self->assignee_name, g_free);
  g_clear_pointer (&self->queue, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->last_message_preview, g_free);

  G_OBJECT_CLASS (rapport_ticket_parent_class)->finalize (object);
}

static void
rapport_ticket_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RapportTicket *self = RAPPORT_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_PRIORITY:
      g_value_set_int (value, self->priority);
      break;

    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_REQUESTER_REMOTE_ID:
      g_value_set_string (value, self->requester_remote_id);
      break;

    case PROP_ASSIGNEE_REMOTE_ID:
      g_value_set_string (value, self->assignee_remote_id);
      break;

    case PROP_ASSIGNEE_NAME:
      g_value_set_string (value, self->assignee_name);
      break;

    case PROP_QUEUE:
      g_value_set_string (value, self->queue);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;

    case PROP_SOLVED_AT:
      g_value_set_int64 (value, self->solved_at);
      break;

    case PROP_MESSAGE_COUNT:
      g_value_set_uint (value, self->message_count);
      break;

    case PROP_LAST_MESSAGE_PREVIEW:
      g_value_set_string (value, self->last_message_preview);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RapportTicket *self = RAPPORT_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      rapport_ticket_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      rapport_ticket_set_remote_id (self, g_value_get_string (value));
      break;

    case PROP_SUBJECT:
      rapport_ticket_set_subject (self, g_value_get_string (value));
      break;

    case PROP_STATUS:
      rapport_ticket_set_status (self, (RapportTicketStatus) g_value_get_int (value));
      break;

    case PROP_PRIORITY:
      rapport_ticket_set_priority (self, (RapportTicketPriority) g_value_get_int (value));
      break;

    case PROP_CHANNEL:
      rapport_ticket_set_channel (self, (RapportChannel) g_value_get_int (value));
      break;

    case PROP_CUSTOMER_ID:
      rapport_ticket_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_NAME:
      rapport_ticket_set_customer_name (self, g_value_get_string (value));
      break;

    case PROP_REQUESTER_REMOTE_ID:
      rapport_ticket_set_requester_remote_id (self, g_value_get_string (value));
      break;

    case PROP_ASSIGNEE_REMOTE_ID:
      rapport_ticket_set_assignee_remote_id (self, g_value_get_string (value));
      break;

    case PROP_ASSIGNEE_NAME:
      rapport_ticket_set_assignee_name (self, g_value_get_string (value));
      break;

    case PROP_QUEUE:
      rapport_ticket_set_queue (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      rapport_ticket_set_tags (self, g_value_get_boxed (value));
      break;

    case PROP_CREATED_AT:
      rapport_ticket_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      rapport_ticket_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_SOLVED_AT:
      rapport_ticket_set_solved_at (self, g_value_get_int64 (value));
      break;

    case PROP_MESSAGE_COUNT:
      rapport_ticket_set_message_count (self, g_value_get_uint (value));
      break;

    case PROP_LAST_MESSAGE_PREVIEW:
      rapport_ticket_set_last_message_preview (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_class_init (RapportTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_ticket_finalize;
  object_class->get_property = rapport_ticket_get_property;
  object_class->set_property = rapport_ticket_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT] =
    g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      RAPPORT_TICKET_STATUS_NEW, RAPPORT_TICKET_STATUS_CLOSED,
                      RAPPORT_TICKET_STATUS_NEW, flags);
  properties[PROP_PRIORITY] =
    g_param_spec_int ("priority", NULL, NULL,
                      RAPPORT_TICKET_PRIORITY_LOW, RAPPORT_TICKET_PRIORITY_URGENT,
                      RAPPORT_TICKET_PRIORITY_NORMAL, flags);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL,
                      RAPPORT_CHANNEL_EMAIL, RAPPORT_CHANNEL_WEB, RAPPORT_CHANNEL_EMAIL, flags);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, NULL, flags);
  properties[PROP_REQUESTER_REMOTE_ID] =
    g_param_spec_string ("requester-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE_REMOTE_ID] =
    g_param_spec_string ("assignee-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE_NAME] =
    g_param_spec_string ("assignee-name", NULL, NULL, NULL, flags);
  properties[PROP_QUEUE] =
    g_param_spec_string ("queue", NULL, NULL, NULL, flags);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SOLVED_AT] =
    g_param_spec_int64 ("solved-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_COUNT] =
    g_param_spec_uint ("message-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_MESSAGE_PREVIEW] =
    g_param_spec_string ("last-message-preview", NULL, NULL, NULL, flags);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_ticket_init (RapportTicket *self)
{
  self->status = RAPPORT_TICKET_STATUS_NEW;
  self->priority = RAPPORT_TICKET_PRIORITY_NORMAL;
  self->channel = RAPPORT_CHANNEL_EMAIL;
  self->tags = g_new0 (char *, 1);
}

/**
 * rapport_ticket_new:
 *
 * Returns: (transfer full): a new, empty ticket
 */
RapportTicket *
rapport_ticket_new (void)
{
  return g_object_new (RAPPORT_TYPE_TICKET, NULL);
}

/**
 * rapport_ticket_new_placeholder:
 * @id: the local id of the ticket the placeholder stands for
 *
 * Returns: (transfer full): a not-yet-loaded list item ("loaded" is %FALSE)
 */
RapportTicket *
rapport_ticket_new_placeholder (gint64 id)
{
  return g_object_new (RAPPORT_TYPE_TICKET, "id", id, NULL);
}

/**
 * rapport_ticket_update_from:
 * @self: the ticket to fill in
 * @other: a loaded ticket with the same id
 *
 * Copies every field of @other into @self, notifying only the properties whose value
 * changed, and marks @self as loaded.
 */
void
rapport_ticket_update_from (RapportTicket *self,
                            RapportTicket *other)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));
  g_return_if_fail (RAPPORT_IS_TICKET (other));

  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  rapport_ticket_set_id (self, other->id);
  rapport_ticket_set_remote_id (self, other->remote_id);
  rapport_ticket_set_subject (self, other->subject);
  rapport_ticket_set_status (self, other->status);
  rapport_ticket_set_priority (self, other->priority);
  rapport_ticket_set_channel (self, other->channel);
  rapport_ticket_set_customer_id (self, other->customer_id);
  rapport_ticket_set_customer_name (self, other->customer_name);
  rapport_ticket_set_requester_remote_id (self, other->requester_remote_id);
  rapport_ticket_set_assignee_remote_id (self, other->assignee_remote_id);
  rapport_ticket_set_assignee_name (self, other->assignee_name);
  rapport_ticket_set_queue (self, other->queue);
  rapport_ticket_set_tags (self, (const char * const *) other->tags);
  rapport_ticket_set_created_at (self, other->created_at);
  rapport_ticket_set_updated_at (self, other->updated_at);
  rapport_ticket_set_solved_at (self, other->solved_at);
  rapport_ticket_set_message_count (self, other->message_count);
  rapport_ticket_set_last_message_preview (self, other->last_message_preview);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

gint64
rapport_ticket_get_id (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), 0);

  return self->id;
}

void
rapport_ticket_set_id (RapportTicket *self,
                       gint64         id)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_int64 (self, &self->id, id, PROP_ID);
}

const char *
rapport_ticket_get_remote_id (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->remote_id;
}

void
rapport_ticket_set_remote_id (RapportTicket *self,
                              const char    *remote_id)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->remote_id, remote_id, PROP_REMOTE_ID);
}

const char *
rapport_ticket_get_subject (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->subject;
}

void
rapport_ticket_set_subject (RapportTicket *self,
                            const char    *subject)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->subject, subject, PROP_SUBJECT);
}

RapportTicketStatus
rapport_ticket_get_status (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), RAPPORT_TICKET_STATUS_NEW);

  return self->status;
}

void
rapport_ticket_set_status (RapportTicket       *self,
                           RapportTicketStatus  status)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_enum (self, (int *) &self->status, status, PROP_STATUS);
}

RapportTicketPriority
rapport_ticket_get_priority (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), RAPPORT_TICKET_PRIORITY_NORMAL);

  return self->priority;
}

void
rapport_ticket_set_priority (RapportTicket         *self,
                             RapportTicketPriority  priority)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_enum (self, (int *) &self->priority, priority, PROP_PRIORITY);
}

RapportChannel
rapport_ticket_get_channel (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), RAPPORT_CHANNEL_EMAIL);

  return self->channel;
}

void
rapport_ticket_set_channel (RapportTicket  *self,
                            RapportChannel  channel)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_enum (self, (int *) &self->channel, channel, PROP_CHANNEL);
}

gint64
rapport_ticket_get_customer_id (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), 0);

  return self->customer_id;
}

void
rapport_ticket_set_customer_id (RapportTicket *self,
                                gint64         customer_id)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_int64 (self, &self->customer_id, customer_id, PROP_CUSTOMER_ID);
}

const char *
rapport_ticket_get_customer_name (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->customer_name;
}

void
rapport_ticket_set_customer_name (RapportTicket *self,
                                  const char    *name)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->customer_name, name, PROP_CUSTOMER_NAME);
}

const char *
rapport_ticket_get_requester_remote_id (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->requester_remote_id;
}

void
rapport_ticket_set_requester_remote_id (RapportTicket *self,
                                        const char    *remote_id)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->requester_remote_id, remote_id, PROP_REQUESTER_REMOTE_ID);
}

const char *
rapport_ticket_get_assignee_remote_id (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->assignee_remote_id;
}

void
rapport_ticket_set_assignee_remote_id (RapportTicket *self,
                                       const char    *remote_id)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->assignee_remote_id, remote_id, PROP_ASSIGNEE_REMOTE_ID);
}

const char *
rapport_ticket_get_assignee_name (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->assignee_name;
}

void
rapport_ticket_set_assignee_name (RapportTicket *self,
                                  const char    *name)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->assignee_name, name, PROP_ASSIGNEE_NAME);
}

const char *
rapport_ticket_get_queue (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->queue;
}

void
rapport_ticket_set_queue (RapportTicket *self,
                          const char    *queue)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->queue, queue, PROP_QUEUE);
}

/**
 * rapport_ticket_get_tags:
 * @self: a #RapportTicket
 *
 * Returns: (transfer none): the tags, an empty array when there are none (never %NULL)
 */
const char * const *
rapport_ticket_get_tags (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return (const char * const *) self->tags;
}

void
rapport_ticket_set_tags (RapportTicket      *self,
                         const char * const *tags)
{
  char **copy;

  g_return_if_fail (RAPPORT_IS_TICKET (self));

  if (tags_equal ((const char * const *) self->tags, tags))
    return;

  copy = tags != NULL ? g_strdupv ((char **) tags) : g_new0 (char *, 1);
  g_strfreev (self->tags);
  self->tags = copy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gint64
rapport_ticket_get_created_at (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), 0);

  return self->created_at;
}

void
rapport_ticket_set_created_at (RapportTicket *self,
                               gint64         unix_time)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_int64 (self, &self->created_at, unix_time, PROP_CREATED_AT);
}

gint64
rapport_ticket_get_updated_at (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), 0);

  return self->updated_at;
}

void
rapport_ticket_set_updated_at (RapportTicket *self,
                               gint64         unix_time)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_int64 (self, &self->updated_at, unix_time, PROP_UPDATED_AT);
}

gint64
rapport_ticket_get_solved_at (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), 0);

  return self->solved_at;
}

void
rapport_ticket_set_solved_at (RapportTicket *self,
                              gint64         unix_time)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_int64 (self, &self->solved_at, unix_time, PROP_SOLVED_AT);
}

guint
rapport_ticket_get_message_count (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), 0);

  return self->message_count;
}

void
rapport_ticket_set_message_count (RapportTicket *self,
                                  guint          count)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  if (self->message_count == count)
    return;

  self->message_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_COUNT]);
}

const char *
rapport_ticket_get_last_message_preview (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), NULL);

  return self->last_message_preview;
}

void
rapport_ticket_set_last_message_preview (RapportTicket *self,
                                         const char    *preview)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  set_string (self, &self->last_message_preview, preview, PROP_LAST_MESSAGE_PREVIEW);
}

gboolean
rapport_ticket_get_loaded (RapportTicket *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET (self), FALSE);

  return self->loaded;
}

void
_rapport_ticket_set_loaded (RapportTicket *self,
                            gboolean       loaded)
{
  g_return_if_fail (RAPPORT_IS_TICKET (self));

  loaded = !!loaded;
  if (self->loaded == loaded)
    return;

  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

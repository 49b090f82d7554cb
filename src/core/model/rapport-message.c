/* rapport-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-message"

#include "config.h"

#include "rapport-message.h"
#include "rapport-core-private.h"

struct _RapportMessage
{
  GObject            parent_instance;

  /* owned */
  char              *remote_id;
  char              *ticket_remote_id;
  char              *author_name;
  char              *author_remote_id;
  char              *body;

  gint64             id;
  gint64             ticket_id;
  gint64             author_customer_id;
  gint64             created_at;
  gint64             body_length;   /* characters of the whole body; -1: that of body */
  RapportChannel     channel;
  RapportDirection   direction;
  RapportVisibility  visibility;
  RapportAuthorKind  author_kind;
  gboolean           body_truncated;
};

G_DEFINE_FINAL_TYPE (RapportMessage, rapport_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_TICKET_ID,
  PROP_TICKET_REMOTE_ID,
  PROP_CHANNEL,
  PROP_DIRECTION,
  PROP_VISIBILITY,
  PROP_AUTHOR_KIND,
  PROP_AUTHOR_NAME,
  PROP_AUTHOR_REMOTE_ID,
  PROP_AUTHOR_CUSTOMER_ID,
  PROP_BODY,
  PROP_CREATED_AT,
  PROP_BODY_LENGTH,
  PROP_BODY_TRUNCATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_int64 (RapportMessage *self,
           gint64         *field,
           gint64          value,
           guint           prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_enum (RapportMessage *self,
          int            *field,
          int             value,
          guint           prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (RapportMessage  *self,
            char           **field,
            const char      *value,
            guint            prop_id)
{
  if (_rapport_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
rapport_message_finalize (GObject *object)
{
  RapportMessage *self = (RapportMessage *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->ticket_remote_id, g_free);
  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->author_remote_id, g_free);
  g_clear_pointer (&self->body, g_free);

  G_OBJECT_CLASS (rapport_message_parent_class)->finalize (object);
}

static void
rapport_message_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RapportMessage *self = RAPPORT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;

    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;

    case PROP_TICKET_REMOTE_ID:
      g_value_set_string (value, self->ticket_remote_id);
      break;

    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;

    case PROP_DIRECTION:
      g_value_set_int (value, self->direction);
      break;

    case PROP_VISIBILITY:
      g_value_set_int (value, self->visibility);
      break;

    case PROP_AUTHOR_KIND:
      g_value_set_int (value, self->author_kind);
      break;

    case PROP_AUTHOR_NAME:
      g_value_set_string (value, self->author_name);
      break;

    case PROP_AUTHOR_REMOTE_ID:
      g_value_set_string (value, self->author_remote_id);
      break;

    case PROP_AUTHOR_CUSTOMER_ID:
      g_value_set_int64 (value, self->author_customer_id);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_BODY_LENGTH:
      g_value_set_int64 (value, rapport_message_get_body_length (self));
      break;

    case PROP_BODY_TRUNCATED:
      g_value_set_boolean (value, self->body_truncated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_message_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RapportMessage *self = RAPPORT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      rapport_message_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      rapport_message_set_remote_id (self, g_value_get_string (value));
      break;

    case PROP_TICKET_ID:
      rapport_message_set_ticket_id (self, g_value_get_int64 (value));
      break;

    case PROP_TICKET_REMOTE_ID:
      rapport_message_set_ticket_remote_id (self, g_value_get_string (value));
      break;

    case PROP_CHANNEL:
      rapport_message_set_channel (self, (RapportChannel) g_value_get_int (value));
      break;

    case PROP_DIRECTION:
      rapport_message_set_direction (self, (RapportDirection) g_value_get_int (value));
      break;

    case PROP_VISIBILITY:
      rapport_message_set_visibility (self, (RapportVisibility) g_value_get_int (value));
      break;

    case PROP_AUTHOR_KIND:
      rapport_message_set_author_kind (self, (RapportAuthorKind) g_value_get_int (value));
      break;

    case PROP_AUTHOR_NAME:
      rapport_message_set_author_name (self, g_value_get_string (value));
      break;

    case PROP_AUTHOR_REMOTE_ID:
      rapport_message_set_author_remote_id (self, g_value_get_string (value));
      break;

    case PROP_AUTHOR_CUSTOMER_ID:
      rapport_message_set_author_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_BODY:
      rapport_message_set_body (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      rapport_message_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_BODY_LENGTH:
      rapport_message_set_body_length (self, g_value_get_int64 (value));
      break;

    case PROP_BODY_TRUNCATED:
      rapport_message_set_body_truncated (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_message_class_init (RapportMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_message_finalize;
  object_class->get_property = rapport_message_get_property;
  object_class->set_property = rapport_message_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TICKET_REMOTE_ID] =
    g_param_spec_string ("ticket-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL,
                      RAPPORT_CHANNEL_EMAIL, RAPPORT_CHANNEL_WEB, RAPPORT_CHANNEL_EMAIL, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_int ("direction", NULL, NULL,
                      RAPPORT_DIRECTION_INBOUND, RAPPORT_DIRECTION_OUTBOUND,
                      RAPPORT_DIRECTION_INBOUND, flags);
  properties[PROP_VISIBILITY] =
    g_param_spec_int ("visibility", NULL, NULL,
                      RAPPORT_VISIBILITY_PUBLIC, RAPPORT_VISIBILITY_INTERNAL,
                      RAPPORT_VISIBILITY_PUBLIC, flags);
  properties[PROP_AUTHOR_KIND] =
    g_param_spec_int ("author-kind", NULL, NULL,
                      RAPPORT_AUTHOR_CUSTOMER, RAPPORT_AUTHOR_SYSTEM, RAPPORT_AUTHOR_CUSTOMER,
                      flags);
  properties[PROP_AUTHOR_NAME] =
    g_param_spec_string ("author-name", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR_REMOTE_ID] =
    g_param_spec_string ("author-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR_CUSTOMER_ID] =
    g_param_spec_int64 ("author-customer-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_BODY_LENGTH] =
    g_param_spec_int64 ("body-length", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_BODY_TRUNCATED] =
    g_param_spec_boolean ("body-truncated", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_message_init (RapportMessage *self)
{
  self->body_length = -1;
}

/**
 * rapport_message_new:
 *
 * Returns: (transfer full): a new, empty message (inbound, public, by a customer, email)
 */
RapportMessage *
rapport_message_new (void)
{
  return g_object_new (RAPPORT_TYPE_MESSAGE, NULL);
}

gint64
rapport_message_get_id (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), 0);

  return self->id;
}

void
rapport_message_set_id (RapportMessage *self,
                        gint64          id)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_int64 (self, &self->id, id, PROP_ID);
}

const char *
rapport_message_get_remote_id (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), NULL);

  return self->remote_id;
}

void
rapport_message_set_remote_id (RapportMessage *self,
                               const char     *remote_id)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_string (self, &self->remote_id, remote_id, PROP_REMOTE_ID);
}

gint64
rapport_message_get_ticket_id (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), 0);

  return self->ticket_id;
}

void
rapport_message_set_ticket_id (RapportMessage *self,
                               gint64          ticket_id)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_int64 (self, &self->ticket_id, ticket_id, PROP_TICKET_ID);
}

const char *
rapport_message_get_ticket_remote_id (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), NULL);

  return self->ticket_remote_id;
}

void
rapport_message_set_ticket_remote_id (RapportMessage *self,
                                      const char     *remote_id)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_string (self, &self->ticket_remote_id, remote_id, PROP_TICKET_REMOTE_ID);
}

RapportChannel
rapport_message_get_channel (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), RAPPORT_CHANNEL_EMAIL);

  return self->channel;
}

void
rapport_message_set_channel (RapportMessage *self,
                             RapportChannel  channel)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_enum (self, (int *) &self->channel, channel, PROP_CHANNEL);
}

RapportDirection
rapport_message_get_direction (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), RAPPORT_DIRECTION_INBOUND);

  return self->direction;
}

void
rapport_message_set_direction (RapportMessage   *self,
                               RapportDirection  direction)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_enum (self, (int *) &self->direction, direction, PROP_DIRECTION);
}

RapportVisibility
rapport_message_get_visibility (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), RAPPORT_VISIBILITY_PUBLIC);

  return self->visibility;
}

void
rapport_message_set_visibility (RapportMessage    *self,
                                RapportVisibility  visibility)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_enum (self, (int *) &self->visibility, visibility, PROP_VISIBILITY);
}

RapportAuthorKind
rapport_message_get_author_kind (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), RAPPORT_AUTHOR_CUSTOMER);

  return self->author_kind;
}

void
rapport_message_set_author_kind (RapportMessage    *self,
                                 RapportAuthorKind  kind)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_enum (self, (int *) &self->author_kind, kind, PROP_AUTHOR_KIND);
}

const char *
rapport_message_get_author_name (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), NULL);

  return self->author_name;
}

void
rapport_message_set_author_name (RapportMessage *self,
                                 const char     *name)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_string (self, &self->author_name, name, PROP_AUTHOR_NAME);
}

const char *
rapport_message_get_author_remote_id (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), NULL);

  return self->author_remote_id;
}

void
rapport_message_set_author_remote_id (RapportMessage *self,
                                      const char     *remote_id)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_string (self, &self->author_remote_id, remote_id, PROP_AUTHOR_REMOTE_ID);
}

gint64
rapport_message_get_author_customer_id (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), 0);

  return self->author_customer_id;
}

void
rapport_message_set_author_customer_id (RapportMessage *self,
                                        gint64          customer_id)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_int64 (self, &self->author_customer_id, customer_id, PROP_AUTHOR_CUSTOMER_ID);
}

const char *
rapport_message_get_body (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), NULL);

  return self->body;
}

void
rapport_message_set_body (RapportMessage *self,
                          const char     *body)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_string (self, &self->body, body, PROP_BODY);
}

gint64
rapport_message_get_created_at (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), 0);

  return self->created_at;
}

void
rapport_message_set_created_at (RapportMessage *self,
                                gint64          unix_time)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  set_int64 (self, &self->created_at, unix_time, PROP_CREATED_AT);
}

/**
 * rapport_message_get_body_length:
 *
 * Returns: the length of the whole body in characters (Unicode code points), also when
 *   "body" holds only its start
 */
gint64
rapport_message_get_body_length (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), 0);

  if (self->body_length >= 0)
    return self->body_length;

  return self->body != NULL ? g_utf8_strlen (self->body, -1) : 0;
}

/**
 * rapport_message_set_body_length:
 * @length: characters of the whole body, or -1: those of "body"
 */
void
rapport_message_set_body_length (RapportMessage *self,
                                 gint64          length)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));
  g_return_if_fail (length >= -1);

  set_int64 (self, &self->body_length, length, PROP_BODY_LENGTH);
}

gboolean
rapport_message_get_body_truncated (RapportMessage *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE (self), FALSE);

  return self->body_truncated;
}

void
rapport_message_set_body_truncated (RapportMessage *self,
                                    gboolean        truncated)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE (self));

  truncated = !!truncated;
  if (self->body_truncated == truncated)
    return;

  self->body_truncated = truncated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY_TRUNCATED]);
}

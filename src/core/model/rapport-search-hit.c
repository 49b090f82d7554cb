/* rapport-search-hit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-search-hit"

#include "config.h"

#include "rapport-search-hit.h"

struct _RapportSearchHit
{
  GObject              parent_instance;

  /* owned */
  char                *ticket_subject;
  char                *customer_name;
  char                *snippet;

  gint64               ticket_id;
  gint64               message_id;
  gint64               created_at;
  RapportTicketStatus  ticket_status;
  RapportChannel       channel;
  int                  match_start;
  int                  match_end;
};

G_DEFINE_FINAL_TYPE (RapportSearchHit, rapport_search_hit, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TICKET_ID,
  PROP_MESSAGE_ID,
  PROP_TICKET_SUBJECT,
  PROP_TICKET_STATUS,
  PROP_CHANNEL,
  PROP_CUSTOMER_NAME,
  PROP_SNIPPET,
  PROP_MATCH_START,
  PROP_MATCH_END,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_search_hit_finalize (GObject *object)
{
  RapportSearchHit *self = (RapportSearchHit *) object;

  g_clear_pointer (&self->ticket_subject, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->snippet, g_free);

  G_OBJECT_CLASS (rapport_search_hit_parent_class)->finalize (object);
}

static void
rapport_search_hit_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportSearchHit *self = RAPPORT_SEARCH_HIT (object);

  switch (prop_id)
    {
    case PROP_TICKET_ID:
      g_value_set_int64 (value, self->ticket_id);
      break;

    case PROP_MESSAGE_ID:
      g_value_set_int64 (value, self->message_id);
      break;

    case PROP_TICKET_SUBJECT:
      g_value_set_string (value, self->ticket_subject);
      break;

    case PROP_TICKET_STATUS:
      g_value_set_int (value, self->ticket_status);
      break;

    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;

    case PROP_MATCH_START:
      g_value_set_int (value, self->match_start);
      break;

    case PROP_MATCH_END:
      g_value_set_int (value, self->match_end);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_search_hit_class_init (RapportSearchHitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_search_hit_finalize;
  object_class->get_property = rapport_search_hit_get_property;

  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE_ID] =
    g_param_spec_int64 ("message-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TICKET_SUBJECT] =
    g_param_spec_string ("ticket-subject", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_STATUS] =
    g_param_spec_int ("ticket-status", NULL, NULL,
                      RAPPORT_TICKET_STATUS_NEW, RAPPORT_TICKET_STATUS_CLOSED,
                      RAPPORT_TICKET_STATUS_NEW, flags);
  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL,
                      RAPPORT_CHANNEL_EMAIL, RAPPORT_CHANNEL_WEB, RAPPORT_CHANNEL_EMAIL, flags);
  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, NULL, flags);
  properties[PROP_SNIPPET] =
    g_param_spec_string ("snippet", NULL, NULL, NULL, flags);
  properties[PROP_MATCH_START] =
    g_param_spec_int ("match-start", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_MATCH_END] =
    g_param_spec_int ("match-end", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_search_hit_init (RapportSearchHit *self)
{
  self->match_start = -1;
  self->match_end = -1;
}

/**
 * rapport_search_hit_new:
 *
 * Returns: (transfer full): a new, immutable search hit
 */
RapportSearchHit *
rapport_search_hit_new (gint64               ticket_id,
                        gint64               message_id,
                        const char          *ticket_subject,
                        RapportTicketStatus  ticket_status,
                        RapportChannel       channel,
                        const char          *customer_name,
                        const char          *snippet,
                        int                  match_start,
                        int                  match_end,
                        gint64               created_at)
{
  RapportSearchHit *self = g_object_new (RAPPORT_TYPE_SEARCH_HIT, NULL);

  self->ticket_id = ticket_id;
  self->message_id = message_id;
  self->ticket_subject = g_strdup (ticket_subject);
  self->ticket_status = ticket_status;
  self->channel = channel;
  self->customer_name = g_strdup (customer_name);
  self->snippet = g_strdup (snippet);
  self->match_start = match_start;
  self->match_end = match_end;
  self->created_at = created_at;

  return self;
}

gint64
rapport_search_hit_get_ticket_id (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), 0);

  return self->ticket_id;
}

gint64
rapport_search_hit_get_message_id (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), 0);

  return self->message_id;
}

const char *
rapport_search_hit_get_ticket_subject (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);

  return self->ticket_subject;
}

RapportTicketStatus
rapport_search_hit_get_ticket_status (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), RAPPORT_TICKET_STATUS_NEW);

  return self->ticket_status;
}

RapportChannel
rapport_search_hit_get_channel (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), RAPPORT_CHANNEL_EMAIL);

  return self->channel;
}

const char *
rapport_search_hit_get_customer_name (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);

  return self->customer_name;
}

const char *
rapport_search_hit_get_snippet (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), NULL);

  return self->snippet;
}

int
rapport_search_hit_get_match_start (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), -1);

  return self->match_start;
}

int
rapport_search_hit_get_match_end (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), -1);

  return self->match_end;
}

gint64
rapport_search_hit_get_created_at (RapportSearchHit *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_HIT (self), 0);

  return self->created_at;
}

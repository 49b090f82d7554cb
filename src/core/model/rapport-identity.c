/* rapport-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-identity"

#include "config.h"

#include "rapport-identity.h"

#include <string.h>

struct _RapportIdentity
{
  GObject         parent_instance;

  gint64          id;
  gint64          customer_id;
  RapportChannel  channel;
  char           *address;
  char           *normalized;
};

G_DEFINE_FINAL_TYPE (RapportIdentity, rapport_identity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CUSTOMER_ID,
  PROP_CHANNEL,
  PROP_ADDRESS,
  PROP_NORMALIZED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Trimmed, lower-cased copy of @address, or NULL when nothing is left. */
static char *
trim_and_fold (const char *address)
{
  g_autofree char *copy = g_strstrip (g_strdup (address));

  if (copy[0] == '\0')
    return NULL;

  return g_utf8_strdown (copy, -1);
}

static char *
normalize_email (const char *address)
{
  g_autofree char *folded = trim_and_fold (address);
  const char *at;

  if (folded == NULL)
    return NULL;

  at = strchr (folded, '@');
  if (at == NULL || at == folded || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return NULL;

  return g_steal_pointer (&folded);
}

static char *
normalize_phone (const char *address)
{
  g_autoptr(GString) digits = g_string_new ("+");
  const char *p = address;
  gboolean has_prefix = FALSE;

  while (g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  if (p[0] == '+')
    {
      has_prefix = TRUE;
      p++;
    }
  else if (p[0] == '0' && p[1] == '0')
    {
      has_prefix = TRUE;
      p += 2;
    }

  if (!has_prefix)
    return NULL;

  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (c == '.' || c == '-' || c == '(' || c == ')' || g_unichar_isspace (c))
        continue;
      else
        return NULL;
    }

  /* E.164: at most 15 digits; fewer than 8 is not a real subscriber number. */
  if (digits->len - 1 < 8 || digits->len - 1 > 15)
    return NULL;

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

static char *
normalize_handle (const char *address)
{
  g_autofree char *folded = trim_and_fold (address);

  if (folded == NULL)
    return NULL;

  if (folded[0] == '@')
    {
      if (folded[1] == '\0')
        return NULL;

      return g_strdup (folded + 1);
    }

  return g_steal_pointer (&folded);
}

/**
 * rapport_identity_normalize:
 * @channel: the identity's channel
 * @address: (nullable): the address as the backend gave it
 *
 * Returns: (transfer full) (nullable): the normalized address (see the header for the rules)
 */
char *
rapport_identity_normalize (RapportChannel  channel,
                            const char     *address)
{
  if (address == NULL)
    return NULL;

  switch (channel)
    {
    case RAPPORT_CHANNEL_EMAIL:
      return normalize_email (address);

    case RAPPORT_CHANNEL_PHONE:
      return normalize_phone (address);

    case RAPPORT_CHANNEL_CHAT:
    case RAPPORT_CHANNEL_SOCIAL:
      return normalize_handle (address);

    case RAPPORT_CHANNEL_WEB:
      return trim_and_fold (address);

    default:
      return NULL;
    }
}

static void
rapport_identity_constructed (GObject *object)
{
  RapportIdentity *self = (RapportIdentity *) object;

  G_OBJECT_CLASS (rapport_identity_parent_class)->constructed (object);

  self->normalized = rapport_identity_normalize (self->channel, self->address);
}

static void
rapport_identity_finalize (GObject *object)
{
  RapportIdentity *self = (RapportIdentity *) object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->normalized, g_free);

  G_OBJECT_CLASS (rapport_identity_parent_class)->finalize (object);
}

static void
rapport_identity_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RapportIdentity *self = RAPPORT_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CHANNEL:
      g_value_set_int (value, self->channel);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_NORMALIZED:
      g_value_set_string (value, self->normalized);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_identity_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RapportIdentity *self = RAPPORT_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      rapport_identity_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CUSTOMER_ID:
      rapport_identity_set_customer_id (self, g_value_get_int64 (value));
      break;

    case PROP_CHANNEL:
      self->channel = (RapportChannel) g_value_get_int (value);
      break;

    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_identity_class_init (RapportIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rapport_identity_constructed;
  object_class->finalize = rapport_identity_finalize;
  object_class->get_property = rapport_identity_get_property;
  object_class->set_property = rapport_identity_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CHANNEL] =
    g_param_spec_int ("channel", NULL, NULL,
                      RAPPORT_CHANNEL_EMAIL, RAPPORT_CHANNEL_WEB, RAPPORT_CHANNEL_EMAIL,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NORMALIZED] =
    g_param_spec_string ("normalized", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_identity_init (RapportIdentity *self)
{
}

/**
 * rapport_identity_new:
 * @channel: the channel
 * @address: the address as the backend gave it
 *
 * Returns: (transfer full): a new identity; its normalized form is computed at once
 */
RapportIdentity *
rapport_identity_new (RapportChannel  channel,
                      const char     *address)
{
  g_return_val_if_fail (address != NULL, NULL);

  return g_object_new (RAPPORT_TYPE_IDENTITY,
                       "channel", (int) channel,
                       "address", address,
                       NULL);
}

gint64
rapport_identity_get_id (RapportIdentity *self)
{
  g_return_val_if_fail (RAPPORT_IS_IDENTITY (self), 0);

  return self->id;
}

void
rapport_identity_set_id (RapportIdentity *self,
                         gint64           id)
{
  g_return_if_fail (RAPPORT_IS_IDENTITY (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
rapport_identity_get_customer_id (RapportIdentity *self)
{
  g_return_val_if_fail (RAPPORT_IS_IDENTITY (self), 0);

  return self->customer_id;
}

void
rapport_identity_set_customer_id (RapportIdentity *self,
                                  gint64           customer_id)
{
  g_return_if_fail (RAPPORT_IS_IDENTITY (self));

  if (self->customer_id == customer_id)
    return;

  self->customer_id = customer_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

RapportChannel
rapport_identity_get_channel (RapportIdentity *self)
{
  g_return_val_if_fail (RAPPORT_IS_IDENTITY (self), RAPPORT_CHANNEL_EMAIL);

  return self->channel;
}

const char *
rapport_identity_get_address (RapportIdentity *self)
{
  g_return_val_if_fail (RAPPORT_IS_IDENTITY (self), NULL);

  return self->address;
}

const char *
rapport_identity_get_normalized (RapportIdentity *self)
{
  g_return_val_if_fail (RAPPORT_IS_IDENTITY (self), NULL);

  return self->normalized;
}

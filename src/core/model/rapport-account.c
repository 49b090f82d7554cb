/* rapport-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-account"

#include "config.h"

#include "rapport-account.h"
#include "rapport-core-private.h"

struct _RapportAccount
{
  GObject parent_instance;

  gint64  id;
  char   *provider_kind;
  char   *base_url;
  char   *display_name;
  char   *user_remote_id;
  char   *user_name;
  char   *role;
};

G_DEFINE_FINAL_TYPE (RapportAccount, rapport_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROVIDER_KIND,
  PROP_BASE_URL,
  PROP_DISPLAY_NAME,
  PROP_USER_REMOTE_ID,
  PROP_USER_NAME,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_account_finalize (GObject *object)
{
  RapportAccount *self = (RapportAccount *) object;

  g_clear_pointer (&self->provider_kind, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->user_remote_id, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->role, g_free);

  G_OBJECT_CLASS (rapport_account_parent_class)->finalize (object);
}

static void
rapport_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RapportAccount *self = RAPPORT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_PROVIDER_KIND:
      g_value_set_string (value, self->provider_kind);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_USER_REMOTE_ID:
      g_value_set_string (value, self->user_remote_id);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_account_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RapportAccount *self = RAPPORT_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      rapport_account_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_PROVIDER_KIND:
      self->provider_kind = g_value_dup_string (value);
      break;

    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_DISPLAY_NAME:
      if (_rapport_set_str (&self->display_name, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_USER_REMOTE_ID:
      rapport_account_set_user_remote_id (self, g_value_get_string (value));
      break;

    case PROP_USER_NAME:
      rapport_account_set_user_name (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      rapport_account_set_role (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_account_class_init (RapportAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_account_finalize;
  object_class->get_property = rapport_account_get_property;
  object_class->set_property = rapport_account_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVIDER_KIND] =
    g_param_spec_string ("provider-kind", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_REMOTE_ID] =
    g_param_spec_string ("user-remote-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_account_init (RapportAccount *self)
{
}

/**
 * rapport_account_new:
 * @provider_kind: "demo", "rt", "zendesk" …
 * @base_url: (nullable): the backend's base URL, %NULL for the demo
 * @display_name: the name shown in the account switcher
 *
 * Returns: (transfer full): a new, not yet stored account
 */
RapportAccount *
rapport_account_new (const char *provider_kind,
                     const char *base_url,
                     const char *display_name)
{
  g_return_val_if_fail (provider_kind != NULL, NULL);

  return g_object_new (RAPPORT_TYPE_ACCOUNT,
                       "provider-kind", provider_kind,
                       "base-url", base_url,
                       "display-name", display_name,
                       NULL);
}

gint64
rapport_account_get_id (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), 0);

  return self->id;
}

void
rapport_account_set_id (RapportAccount *self,
                        gint64          id)
{
  g_return_if_fail (RAPPORT_IS_ACCOUNT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
rapport_account_get_provider_kind (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), NULL);

  return self->provider_kind;
}

const char *
rapport_account_get_base_url (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), NULL);

  return self->base_url;
}

const char *
rapport_account_get_display_name (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

const char *
rapport_account_get_user_remote_id (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), NULL);

  return self->user_remote_id;
}

void
rapport_account_set_user_remote_id (RapportAccount *self,
                                    const char     *remote_id)
{
  g_return_if_fail (RAPPORT_IS_ACCOUNT (self));

  if (_rapport_set_str (&self->user_remote_id, remote_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_REMOTE_ID]);
}

const char *
rapport_account_get_user_name (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), NULL);

  return self->user_name;
}

void
rapport_account_set_user_name (RapportAccount *self,
                               const char     *name)
{
  g_return_if_fail (RAPPORT_IS_ACCOUNT (self));

  if (_rapport_set_str (&self->user_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
}

const char *
rapport_account_get_role (RapportAccount *self)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), NULL);

  return self->role;
}

void
rapport_account_set_role (RapportAccount *self,
                          const char     *role)
{
  g_return_if_fail (RAPPORT_IS_ACCOUNT (self));

  if (_rapport_set_str (&self->role, role))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

gboolean
rapport_account_same_remote (RapportAccount *self,
                             RapportAccount *other)
{
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (RAPPORT_IS_ACCOUNT (other), FALSE);

  return g_strcmp0 (self->provider_kind, other->provider_kind) == 0 &&
         g_strcmp0 (self->base_url, other->base_url) == 0 &&
         g_strcmp0 (self->user_remote_id, other->user_remote_id) == 0;
}

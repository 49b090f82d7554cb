/* rapport-customer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-customer"

#include "config.h"

#include "rapport-customer.h"
#include "rapport-core-private.h"

struct _RapportCustomer
{
  GObject     parent_instance;

  /* owned */
  GListStore *identities;
  char       *remote_id;
  char       *display_name;
  char       *organization;
  char       *last_contact_subject;

  gint64      id;
  gint64      last_contact;
  guint       ticket_count;
  guint       open_ticket_count;
};

G_DEFINE_FINAL_TYPE (RapportCustomer, rapport_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_DISPLAY_NAME,
  PROP_ORGANIZATION,
  PROP_IDENTITIES,
  PROP_TICKET_COUNT,
  PROP_OPEN_TICKET_COUNT,
  PROP_LAST_CONTACT,
  PROP_LAST_CONTACT_SUBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_customer_dispose (GObject *object)
{
  RapportCustomer *self = (RapportCustomer *) object;

  g_clear_object (&self->identities);

  G_OBJECT_CLASS (rapport_customer_parent_class)->dispose (object);
}

static void
rapport_customer_finalize (GObject *object)
{
  RapportCustomer *self = (RapportCustomer *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->organization, g_free);
  g_clear_pointer (&self->last_contact_subject, g_free);

  G_OBJECT_CLASS (rapport_customer_parent_class)->finalize (object);
}

static void
rapport_customer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RapportCustomer *self = RAPPORT_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_ORGANIZATION:
      g_value_set_string (value, self->organization);
      break;

    case PROP_IDENTITIES:
      g_value_set_object (value, self->identities);
      break;

    case PROP_TICKET_COUNT:
      g_value_set_uint (value, self->ticket_count);
      break;

    case PROP_OPEN_TICKET_COUNT:
      g_value_set_uint (value, self->open_ticket_count);
      break;

    case PROP_LAST_CONTACT:
      g_value_set_int64 (value, self->last_contact);
      break;

    case PROP_LAST_CONTACT_SUBJECT:
      g_value_set_string (value, self->last_contact_subject);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RapportCustomer *self = RAPPORT_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      rapport_customer_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_REMOTE_ID:
      rapport_customer_set_remote_id (self, g_value_get_string (value));
      break;

    case PROP_DISPLAY_NAME:
      rapport_customer_set_display_name (self, g_value_get_string (value));
      break;

    case PROP_ORGANIZATION:
      rapport_customer_set_organization (self, g_value_get_string (value));
      break;

    case PROP_TICKET_COUNT:
      rapport_customer_set_ticket_count (self, g_value_get_uint (value));
      break;

    case PROP_OPEN_TICKET_COUNT:
      rapport_customer_set_open_ticket_count (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_class_init (RapportCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_customer_dispose;
  object_class->finalize = rapport_customer_finalize;
  object_class->get_property = rapport_customer_get_property;
  object_class->set_property = rapport_customer_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ORGANIZATION] =
    g_param_spec_string ("organization", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IDENTITIES] =
    g_param_spec_object ("identities", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TICKET_COUNT] =
    g_param_spec_uint ("ticket-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OPEN_TICKET_COUNT] =
    g_param_spec_uint ("open-ticket-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_CONTACT] =
    g_param_spec_int64 ("last-contact", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_CONTACT_SUBJECT] =
    g_param_spec_string ("last-contact-subject", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_customer_init (RapportCustomer *self)
{
  self->identities = g_list_store_new (RAPPORT_TYPE_IDENTITY);
}

/**
 * rapport_customer_new:
 *
 * Returns: (transfer full): a new, empty customer
 */
RapportCustomer *
rapport_customer_new (void)
{
  return g_object_new (RAPPORT_TYPE_CUSTOMER, NULL);
}

gint64
rapport_customer_get_id (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), 0);

  return self->id;
}

void
rapport_customer_set_id (RapportCustomer *self,
                         gint64           id)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
rapport_customer_get_remote_id (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), NULL);

  return self->remote_id;
}

void
rapport_customer_set_remote_id (RapportCustomer *self,
                                const char      *remote_id)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  if (_rapport_set_str (&self->remote_id, remote_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
}

const char *
rapport_customer_get_display_name (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), NULL);

  return self->display_name;
}

void
rapport_customer_set_display_name (RapportCustomer *self,
                                   const char      *display_name)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  if (_rapport_set_str (&self->display_name, display_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
rapport_customer_get_organization (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), NULL);

  return self->organization;
}

void
rapport_customer_set_organization (RapportCustomer *self,
                                   const char      *organization)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  if (_rapport_set_str (&self->organization, organization))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

/**
 * rapport_customer_get_identities:
 * @self: a #RapportCustomer
 *
 * Returns: (transfer none): the customer's identities (element-type RapportIdentity)
 */
GListModel *
rapport_customer_get_identities (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), NULL);

  return G_LIST_MODEL (self->identities);
}

void
rapport_customer_add_identity (RapportCustomer *self,
                               RapportIdentity *identity)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));
  g_return_if_fail (RAPPORT_IS_IDENTITY (identity));

  g_list_store_append (self->identities, identity);
}

guint
rapport_customer_get_ticket_count (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), 0);

  return self->ticket_count;
}

void
rapport_customer_set_ticket_count (RapportCustomer *self,
                                   guint            count)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  if (self->ticket_count == count)
    return;

  self->ticket_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET_COUNT]);
}

guint
rapport_customer_get_open_ticket_count (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), 0);

  return self->open_ticket_count;
}

void
rapport_customer_set_open_ticket_count (RapportCustomer *self,
                                        guint            count)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  if (self->open_ticket_count == count)
    return;

  self->open_ticket_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN_TICKET_COUNT]);
}

gint64
rapport_customer_get_last_contact (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), 0);

  return self->last_contact;
}

const char *
rapport_customer_get_last_contact_subject (RapportCustomer *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER (self), NULL);

  return self->last_contact_subject;
}

/**
 * rapport_customer_set_last_contact:
 * @self: a #RapportCustomer
 * @unix_time: time of the customer's newest inbound message, 0 for never
 * @subject: (nullable): subject of that message's ticket
 */
void
rapport_customer_set_last_contact (RapportCustomer *self,
                                   gint64           unix_time,
                                   const char      *subject)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMER (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->last_contact != unix_time)
    {
      self->last_contact = unix_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONTACT]);
    }

  if (_rapport_set_str (&self->last_contact_subject, subject))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONTACT_SUBJECT]);

  g_object_thaw_notify (G_OBJECT (self));
}

/* rapport-approval.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-approval"

#include "config.h"

#include "rapport-approval.h"
#include "rapport-core-private.h"
#include "rapport-money-action.h"

struct _RapportApproval
{
  GObject          parent_instance;

  /* owned */
  char            *remote_id;
  char            *etag;
  char            *action_remote_id;
  char            *decided_by;
  char            *decided_by_name;
  char            *note;
  char            *customer_key;

  RapportMoney     amount;
  gint64           decided_at;
  RapportDecision  decision;
  gboolean         decider_is_supervisor;
};

G_DEFINE_FINAL_TYPE (RapportApproval, rapport_approval, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REMOTE_ID,
  PROP_ETAG,
  PROP_ACTION_REMOTE_ID,
  PROP_DECISION,
  PROP_DECIDED_BY,
  PROP_DECIDED_BY_NAME,
  PROP_DECIDER_IS_SUPERVISOR,
  PROP_DECIDED_AT,
  PROP_NOTE,
  PROP_AMOUNT_MINOR,
  PROP_CURRENCY,
  PROP_CUSTOMER_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_approval_finalize (GObject *object)
{
  RapportApproval *self = (RapportApproval *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->action_remote_id, g_free);
  g_clear_pointer (&self->decided_by, g_free);
  g_clear_pointer (&self->decided_by_name, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->customer_key, g_free);

  G_OBJECT_CLASS (rapport_approval_parent_class)->finalize (object);
}

static void
rapport_approval_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RapportApproval *self = RAPPORT_APPROVAL (object);

  switch (prop_id)
    {
    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;

    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;

    case PROP_ACTION_REMOTE_ID:
      g_value_set_string (value, self->action_remote_id);
      break;

    case PROP_DECISION:
      g_value_set_int (value, (int) self->decision);
      break;

    case PROP_DECIDED_BY:
      g_value_set_string (value, self->decided_by);
      break;

    case PROP_DECIDED_BY_NAME:
      g_value_set_string (value, self->decided_by_name);
      break;

    case PROP_DECIDER_IS_SUPERVISOR:
      g_value_set_boolean (value, self->decider_is_supervisor);
      break;

    case PROP_DECIDED_AT:
      g_value_set_int64 (value, self->decided_at);
      break;

    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;

    case PROP_AMOUNT_MINOR:
      g_value_set_int64 (value, self->amount.minor);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->amount.currency);
      break;

    case PROP_CUSTOMER_KEY:
      g_value_set_string (value, self->customer_key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_approval_class_init (RapportApprovalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_approval_finalize;
  object_class->get_property = rapport_approval_get_property;

  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL, flags);
  properties[PROP_ACTION_REMOTE_ID] =
    g_param_spec_string ("action-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_DECISION] =
    g_param_spec_int ("decision", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_DECIDED_BY] =
    g_param_spec_string ("decided-by", NULL, NULL, NULL, flags);
  properties[PROP_DECIDED_BY_NAME] =
    g_param_spec_string ("decided-by-name", NULL, NULL, NULL, flags);
  properties[PROP_DECIDER_IS_SUPERVISOR] =
    g_param_spec_boolean ("decider-is-supervisor", NULL, NULL, FALSE, flags);
  properties[PROP_DECIDED_AT] =
    g_param_spec_int64 ("decided-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL, flags);
  properties[PROP_AMOUNT_MINOR] =
    g_param_spec_int64 ("amount-minor", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER_KEY] =
    g_param_spec_string ("customer-key", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_approval_init (RapportApproval *self)
{
  self->decision = RAPPORT_DECISION_NONE;
}

/**
 * rapport_approval_new:
 *
 * Returns: (transfer full): a pending approval of @action_remote_id
 */
RapportApproval *
rapport_approval_new (const char *remote_id,
                      const char *action_remote_id)
{
  RapportApproval *self = g_object_new (RAPPORT_TYPE_APPROVAL, NULL);

  self->remote_id = g_strdup (remote_id);
  self->action_remote_id = g_strdup (action_remote_id);

  return self;
}

const char *
rapport_approval_get_remote_id (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->remote_id;
}

const char *
rapport_approval_get_etag (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->etag;
}

const char *
rapport_approval_get_action_remote_id (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->action_remote_id;
}

RapportDecision
rapport_approval_get_decision (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), 0);

  return self->decision;
}

const char *
rapport_approval_get_decided_by (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->decided_by;
}

const char *
rapport_approval_get_decided_by_name (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->decided_by_name;
}

gboolean
rapport_approval_get_decider_is_supervisor (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), 0);

  return self->decider_is_supervisor;
}

gint64
rapport_approval_get_decided_at (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), 0);

  return self->decided_at;
}

const char *
rapport_approval_get_note (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->note;
}

const char *
rapport_approval_get_customer_key (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return self->customer_key;
}

/**
 * rapport_approval_get_amount:
 *
 * Returns: (transfer none): the request's amount as the decision saw it
 */
const RapportMoney *
rapport_approval_get_amount (RapportApproval *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), NULL);

  return &self->amount;
}

void
rapport_approval_set_etag (RapportApproval *self,
                           const char      *etag)
{
  g_return_if_fail (RAPPORT_IS_APPROVAL (self));
  _rapport_set_str (&self->etag, etag);
}

void
rapport_approval_set_decision (RapportApproval *self,
                               RapportDecision  decision,
                               const char      *decided_by,
                               const char      *decided_by_name,
                               gboolean         decider_is_supervisor,
                               gint64           decided_at_us,
                               const char      *note)
{
  g_return_if_fail (RAPPORT_IS_APPROVAL (self));

  if (decision == RAPPORT_DECISION_NONE)
    {
      decided_by = decided_by_name = note = NULL;
      decider_is_supervisor = FALSE;
      decided_at_us = 0;
    }

  self->decision = decision;
  _rapport_set_str (&self->decided_by, decided_by);
  _rapport_set_str (&self->decided_by_name, decided_by_name);
  self->decider_is_supervisor = !!decider_is_supervisor;
  self->decided_at = decided_at_us;
  _rapport_set_str (&self->note, note);
}

void
rapport_approval_set_request (RapportApproval    *self,
                              const RapportMoney *amount,
                              const char         *customer_key)
{
  g_return_if_fail (RAPPORT_IS_APPROVAL (self));
  g_return_if_fail (amount != NULL);

  self->amount = *amount;
  self->amount.currency[sizeof self->amount.currency - 1] = '\0';
  g_free (self->customer_key);
  self->customer_key = rapport_customer_key_normalize (customer_key);
}

void
rapport_approval_get_decision_facts (RapportApproval              *self,
                                     RapportApprovalDecisionFacts *out)
{
  g_return_if_fail (RAPPORT_IS_APPROVAL (self));
  g_return_if_fail (out != NULL);

  out->decision = self->decision;
  out->request_remote_id = self->action_remote_id;
  out->decided_by = self->decided_by;
  out->decider_is_supervisor = self->decider_is_supervisor;
  out->amount = self->amount;
  out->customer_key = self->customer_key;
  out->decided_at_us = self->decided_at;
}

RapportApprovalCheck
rapport_approval_verify (RapportApproval    *self,
                         RapportMoneyAction *action)
{
  RapportApprovalRequestFacts request;
  RapportApprovalDecisionFacts decision;

  g_return_val_if_fail (RAPPORT_IS_APPROVAL (self), RAPPORT_APPROVAL_CHECK_UNDECIDED);
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (action), RAPPORT_APPROVAL_CHECK_UNDECIDED);

  rapport_money_action_get_request_facts (action, &request);
  rapport_approval_get_decision_facts (self, &decision);

  return rapport_approval_check (&request, &decision);
}

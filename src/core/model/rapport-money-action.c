/* rapport-money-action.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-money-action"

#include "config.h"

#include "rapport-money-action.h"
#include "rapport-core-private.h"

#include <string.h>

struct _RapportMoneyAction
{
  GObject              parent_instance;

  /* owned */
  char                *remote_id;
  char                *ticket_remote_id;
  char                *customer_key;
  char                *reason;
  char                *order_reference;
  char                *requester_remote_id;
  char                *requester_name;
  char                *approval_remote_id;
  char                *approval_etag;
  char                *decided_by;
  char                *decided_by_name;
  char                *decision_note;
  char                *customer_name;
  char                *ticket_subject;

  gint64               id;
  gint64               account_id;
  gint64               ticket_id;
  gint64               customer_id;
  gint64               created_at;
  gint64               outbox_id;
  gint64               decided_at;
  RapportMoney         amount;
  RapportMoneyKind     kind;
  RapportActionState   state;
  RapportActionState   server_state;
  RapportVerdict       verdict;
  RapportVerdictReason verdict_reason;
  RapportDecision      decision;
  RapportApprovalCheck decision_check;
  gboolean             pending_sync;
  gboolean             decision_valid;
  gboolean             decision_pending;
};

G_DEFINE_FINAL_TYPE (RapportMoneyAction, rapport_money_action, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_REMOTE_ID,
  PROP_TICKET_ID,
  PROP_TICKET_REMOTE_ID,
  PROP_CUSTOMER_ID,
  PROP_CUSTOMER_KEY,
  PROP_KIND,
  PROP_AMOUNT_MINOR,
  PROP_CURRENCY,
  PROP_REASON,
  PROP_ORDER_REFERENCE,
  PROP_REQUESTER_REMOTE_ID,
  PROP_REQUESTER_NAME,
  PROP_CREATED_AT,
  PROP_STATE,
  PROP_SERVER_STATE,
  PROP_PENDING_SYNC,
  PROP_OUTBOX_ID,
  PROP_VERDICT,
  PROP_VERDICT_REASON,
  PROP_APPROVAL_REMOTE_ID,
  PROP_APPROVAL_ETAG,
  PROP_DECISION,
  PROP_DECIDED_BY,
  PROP_DECIDED_BY_NAME,
  PROP_DECIDED_AT,
  PROP_DECISION_NOTE,
  PROP_DECISION_VALID,
  PROP_DECISION_CHECK,
  PROP_DECISION_PENDING,
  PROP_CUSTOMER_NAME,
  PROP_TICKET_SUBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_money_action_finalize (GObject *object)
{
  RapportMoneyAction *self = (RapportMoneyAction *) object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->ticket_remote_id, g_free);
  g_clear_pointer (&self->customer_key, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->order_reference, g_free);
  g_clear_pointer (&self->requester_remote_id, g_free);
  g_clear_pointer (&self->requester_name, g_free);
  g_clear_pointer (&self->approval_remote_id, g_free);
  g_clear_pointer (&self->approval_etag, g_free);
  g_clear_pointer (&self->decided_by, g_free);
  g_clear_pointer (&self->decided_by_name, g_free);
  g_clear_pointer (&self->decision_note, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->ticket_subject, g_free);

  G_OBJECT_CLASS (rapport_money_action_parent_class)->finalize (object);
}

static void
rapport_money_action_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RapportMoneyAction *self = RAPPORT_MONEY_ACTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
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

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    case PROP_CUSTOMER_KEY:
      g_value_set_string (value, self->customer_key);
      break;

    case PROP_KIND:
      g_value_set_int (value, (int) self->kind);
      break;

    case PROP_AMOUNT_MINOR:
      g_value_set_int64 (value, self->amount.minor);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->amount.currency);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_ORDER_REFERENCE:
      g_value_set_string (value, self->order_reference);
      break;

    case PROP_REQUESTER_REMOTE_ID:
      g_value_set_string (value, self->requester_remote_id);
      break;

    case PROP_REQUESTER_NAME:
      g_value_set_string (value, self->requester_name);
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;

    case PROP_STATE:
      g_value_set_int (value, (int) self->state);
      break;

    case PROP_SERVER_STATE:
      g_value_set_int (value, (int) self->server_state);
      break;

    case PROP_PENDING_SYNC:
      g_value_set_boolean (value, self->pending_sync);
      break;

    case PROP_OUTBOX_ID:
      g_value_set_int64 (value, self->outbox_id);
      break;

    case PROP_VERDICT:
      g_value_set_int (value, (int) self->verdict);
      break;

    case PROP_VERDICT_REASON:
      g_value_set_int (value, (int) self->verdict_reason);
      break;

    case PROP_APPROVAL_REMOTE_ID:
      g_value_set_string (value, self->approval_remote_id);
      break;

    case PROP_APPROVAL_ETAG:
      g_value_set_string (value, self->approval_etag);
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

    case PROP_DECIDED_AT:
      g_value_set_int64 (value, self->decided_at);
      break;

    case PROP_DECISION_NOTE:
      g_value_set_string (value, self->decision_note);
      break;

    case PROP_DECISION_VALID:
      g_value_set_boolean (value, self->decision_valid);
      break;

    case PROP_DECISION_CHECK:
      g_value_set_int (value, (int) self->decision_check);
      break;

    case PROP_DECISION_PENDING:
      g_value_set_boolean (value, self->decision_pending);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_TICKET_SUBJECT:
      g_value_set_string (value, self->ticket_subject);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_money_action_class_init (RapportMoneyActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  object_class->finalize = rapport_money_action_finalize;
  object_class->get_property = rapport_money_action_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_ID] =
    g_param_spec_int64 ("ticket-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TICKET_REMOTE_ID] =
    g_param_spec_string ("ticket-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CUSTOMER_KEY] =
    g_param_spec_string ("customer-key", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_AMOUNT_MINOR] =
    g_param_spec_int64 ("amount-minor", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL, flags);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_ORDER_REFERENCE] =
    g_param_spec_string ("order-reference", NULL, NULL, NULL, flags);
  properties[PROP_REQUESTER_REMOTE_ID] =
    g_param_spec_string ("requester-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_REQUESTER_NAME] =
    g_param_spec_string ("requester-name", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SERVER_STATE] =
    g_param_spec_int ("server-state", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PENDING_SYNC] =
    g_param_spec_boolean ("pending-sync", NULL, NULL, FALSE, flags);
  properties[PROP_OUTBOX_ID] =
    g_param_spec_int64 ("outbox-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_VERDICT] =
    g_param_spec_int ("verdict", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_VERDICT_REASON] =
    g_param_spec_int ("verdict-reason", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_APPROVAL_REMOTE_ID] =
    g_param_spec_string ("approval-remote-id", NULL, NULL, NULL, flags);
  properties[PROP_APPROVAL_ETAG] =
    g_param_spec_string ("approval-etag", NULL, NULL, NULL, flags);
  properties[PROP_DECISION] =
    g_param_spec_int ("decision", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_DECIDED_BY] =
    g_param_spec_string ("decided-by", NULL, NULL, NULL, flags);
  properties[PROP_DECIDED_BY_NAME] =
    g_param_spec_string ("decided-by-name", NULL, NULL, NULL, flags);
  properties[PROP_DECIDED_AT] =
    g_param_spec_int64 ("decided-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_DECISION_NOTE] =
    g_param_spec_string ("decision-note", NULL, NULL, NULL, flags);
  properties[PROP_DECISION_VALID] =
    g_param_spec_boolean ("decision-valid", NULL, NULL, FALSE, flags);
  properties[PROP_DECISION_CHECK] =
    g_param_spec_int ("decision-check", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_DECISION_PENDING] =
    g_param_spec_boolean ("decision-pending", NULL, NULL, FALSE, flags);
  properties[PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL, NULL, flags);
  properties[PROP_TICKET_SUBJECT] =
    g_param_spec_string ("ticket-subject", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_money_action_init (RapportMoneyAction *self)
{
  self->state = RAPPORT_ACTION_STATE_PENDING_APPROVAL;
  self->server_state = RAPPORT_ACTION_STATE_PENDING_APPROVAL;
  self->verdict = RAPPORT_VERDICT_NEEDS_APPROVAL;
  self->verdict_reason = RAPPORT_VERDICT_REASON_NONE;
  self->decision = RAPPORT_DECISION_NONE;
  self->decision_check = RAPPORT_APPROVAL_CHECK_UNDECIDED;
}

/**
 * rapport_money_action_new:
 *
 * Returns: (transfer full): a new, empty money action (state pending_approval, no decision)
 */
RapportMoneyAction *
rapport_money_action_new (void)
{
  return g_object_new (RAPPORT_TYPE_MONEY_ACTION, NULL);
}

gint64
rapport_money_action_get_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->id;
}

gint64
rapport_money_action_get_account_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->account_id;
}

const char *
rapport_money_action_get_remote_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->remote_id;
}

gint64
rapport_money_action_get_ticket_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->ticket_id;
}

const char *
rapport_money_action_get_ticket_remote_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->ticket_remote_id;
}

gint64
rapport_money_action_get_customer_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->customer_id;
}

const char *
rapport_money_action_get_customer_key (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->customer_key;
}

RapportMoneyKind
rapport_money_action_get_kind (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->kind;
}

const char *
rapport_money_action_get_reason (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->reason;
}

const char *
rapport_money_action_get_order_reference (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->order_reference;
}

const char *
rapport_money_action_get_requester_remote_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->requester_remote_id;
}

const char *
rapport_money_action_get_requester_name (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->requester_name;
}

gint64
rapport_money_action_get_created_at (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->created_at;
}

RapportActionState
rapport_money_action_get_state (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->state;
}

RapportActionState
rapport_money_action_get_server_state (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->server_state;
}

gboolean
rapport_money_action_get_pending_sync (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->pending_sync;
}

gint64
rapport_money_action_get_outbox_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->outbox_id;
}

RapportVerdict
rapport_money_action_get_verdict (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->verdict;
}

RapportVerdictReason
rapport_money_action_get_verdict_reason (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->verdict_reason;
}

const char *
rapport_money_action_get_approval_remote_id (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->approval_remote_id;
}

const char *
rapport_money_action_get_approval_etag (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->approval_etag;
}

RapportDecision
rapport_money_action_get_decision (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->decision;
}

const char *
rapport_money_action_get_decided_by (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->decided_by;
}

const char *
rapport_money_action_get_decided_by_name (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->decided_by_name;
}

gint64
rapport_money_action_get_decided_at (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->decided_at;
}

const char *
rapport_money_action_get_decision_note (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->decision_note;
}

gboolean
rapport_money_action_get_decision_valid (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->decision_valid;
}

RapportApprovalCheck
rapport_money_action_get_decision_check (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->decision_check;
}

gboolean
rapport_money_action_get_decision_pending (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), 0);

  return self->decision_pending;
}

const char *
rapport_money_action_get_customer_name (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->customer_name;
}

const char *
rapport_money_action_get_ticket_subject (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return self->ticket_subject;
}

/**
 * rapport_money_action_get_amount:
 *
 * Returns: (transfer none): the amount
 */
const RapportMoney *
rapport_money_action_get_amount (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), NULL);

  return &self->amount;
}

gboolean
rapport_money_action_moves_money (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), FALSE);

  return self->state == RAPPORT_ACTION_STATE_EXECUTED ||
         self->state == RAPPORT_ACTION_STATE_APPROVED;
}

gboolean
rapport_money_action_awaits_decision (RapportMoneyAction *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (self), FALSE);

  return self->state == RAPPORT_ACTION_STATE_PENDING_APPROVAL &&
         self->approval_remote_id != NULL && self->approval_remote_id[0] != '\0';
}

void
rapport_money_action_to_policy_entry (RapportMoneyAction *self,
                                      RapportPolicyEntry *out)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  g_return_if_fail (out != NULL);

  out->kind = self->kind;
  out->amount = self->amount;
  out->state = self->state;
  out->at_us = self->created_at;
}

void
rapport_money_action_get_request_facts (RapportMoneyAction          *self,
                                        RapportApprovalRequestFacts *out)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  g_return_if_fail (out != NULL);

  out->remote_id = self->remote_id;
  out->requester = self->requester_remote_id;
  out->amount = self->amount;
  out->customer_key = self->customer_key;
  out->requested_at_us = self->created_at;
}

/* Setters */

void
rapport_money_action_set_id (RapportMoneyAction *self,
                             gint64              id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->id = id;
}

void
rapport_money_action_set_account_id (RapportMoneyAction *self,
                                     gint64              account_id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->account_id = account_id;
}

void
rapport_money_action_set_remote_id (RapportMoneyAction *self,
                                    const char         *remote_id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->remote_id, remote_id);
}

void
rapport_money_action_set_ticket_id (RapportMoneyAction *self,
                                    gint64              ticket_id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->ticket_id = ticket_id;
}

void
rapport_money_action_set_ticket_remote_id (RapportMoneyAction *self,
                                           const char         *remote_id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->ticket_remote_id, remote_id);
}

void
rapport_money_action_set_customer_id (RapportMoneyAction *self,
                                      gint64              customer_id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->customer_id = customer_id;
}

void
rapport_money_action_set_customer_key (RapportMoneyAction *self,
                                       const char         *key)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  g_free (self->customer_key);
  self->customer_key = rapport_customer_key_normalize (key);
}

void
rapport_money_action_set_kind (RapportMoneyAction *self,
                               RapportMoneyKind    kind)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->kind = kind;
}

void
rapport_money_action_set_amount (RapportMoneyAction *self,
                                 const RapportMoney *amount)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  g_return_if_fail (amount != NULL);
  self->amount = *amount;
  self->amount.currency[sizeof self->amount.currency - 1] = '\0';
}

void
rapport_money_action_set_reason (RapportMoneyAction *self,
                                 const char         *reason)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->reason, reason);
}

void
rapport_money_action_set_order_reference (RapportMoneyAction *self,
                                          const char         *reference)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->order_reference, (reference != NULL && reference[0] != '\0') ? reference
                                                                                  : NULL);
}

void
rapport_money_action_set_requester (RapportMoneyAction *self,
                                    const char         *remote_id,
                                    const char         *name)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->requester_remote_id, remote_id);
  _rapport_set_str (&self->requester_name, name);
}

void
rapport_money_action_set_created_at (RapportMoneyAction *self,
                                     gint64              created_at_us)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->created_at = created_at_us;
}

void
rapport_money_action_set_server_state (RapportMoneyAction *self,
                                       RapportActionState  state)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->server_state = state;
  if (self->decision_check != RAPPORT_APPROVAL_CHECK_VALID)
    self->state = state;
}

void
rapport_money_action_set_state (RapportMoneyAction *self,
                                RapportActionState  state)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->state = state;
}

void
rapport_money_action_set_pending_sync (RapportMoneyAction *self,
                                       gboolean            pending,
                                       gint64              outbox_id)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->pending_sync = !!pending;
  self->outbox_id = pending ? outbox_id : 0;
}

void
rapport_money_action_set_verdict (RapportMoneyAction   *self,
                                  RapportVerdict        verdict,
                                  RapportVerdictReason  reason)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->verdict = verdict;
  self->verdict_reason = reason;
}

void
rapport_money_action_set_approval (RapportMoneyAction *self,
                                   const char         *approval_remote_id,
                                   const char         *etag)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->approval_remote_id, approval_remote_id);
  _rapport_set_str (&self->approval_etag, etag);
}

void
rapport_money_action_set_decision (RapportMoneyAction *self,
                                   RapportDecision     decision,
                                   const char         *decided_by,
                                   const char         *decided_by_name,
                                   gint64              decided_at_us,
                                   const char         *note)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->decision = decision;
  _rapport_set_str (&self->decided_by, decided_by);
  _rapport_set_str (&self->decided_by_name, decided_by_name);
  self->decided_at = decided_at_us;
  _rapport_set_str (&self->decision_note, note);
}

void
rapport_money_action_set_decision_check (RapportMoneyAction   *self,
                                         RapportApprovalCheck  check)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->decision_check = check;
  self->decision_valid = check == RAPPORT_APPROVAL_CHECK_VALID;
}

void
rapport_money_action_set_decision_pending (RapportMoneyAction *self,
                                           gboolean            pending)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  self->decision_pending = !!pending;
}

void
rapport_money_action_set_context (RapportMoneyAction *self,
                                  const char         *customer_name,
                                  const char         *ticket_subject)
{
  g_return_if_fail (RAPPORT_IS_MONEY_ACTION (self));
  _rapport_set_str (&self->customer_name, customer_name);
  _rapport_set_str (&self->ticket_subject, ticket_subject);
}

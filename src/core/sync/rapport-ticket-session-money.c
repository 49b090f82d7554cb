/* rapport-ticket-session-money.c: the money side of a ticket session (the customer's refunds
 * and credits, the user's authority, the live verdict of the refund and credit dialog).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-session"

#include "config.h"

#include "rapport-ticket-session.h"

#include "rapport-ticket-session-private.h"

#include <string.h>

gboolean
_rapport_money_actions_same (GPtrArray *a,
                             GPtrArray *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      RapportMoneyAction *x = a->pdata[i];
      RapportMoneyAction *y = b->pdata[i];
      const RapportMoney *ax = rapport_money_action_get_amount (x);
      const RapportMoney *ay = rapport_money_action_get_amount (y);

      if (rapport_money_action_get_id (x) != rapport_money_action_get_id (y) ||
          g_strcmp0 (rapport_money_action_get_remote_id (x),
                     rapport_money_action_get_remote_id (y)) != 0 ||
          ax->minor != ay->minor || strcmp (ax->currency, ay->currency) != 0 ||
          rapport_money_action_get_kind (x) != rapport_money_action_get_kind (y) ||
          rapport_money_action_get_state (x) != rapport_money_action_get_state (y) ||
          rapport_money_action_get_created_at (x) != rapport_money_action_get_created_at (y) ||
          rapport_money_action_get_pending_sync (x) != rapport_money_action_get_pending_sync (y) ||
          rapport_money_action_get_verdict (x) != rapport_money_action_get_verdict (y) ||
          rapport_money_action_get_decision (x) != rapport_money_action_get_decision (y) ||
          rapport_money_action_get_decision_check (x) !=
          rapport_money_action_get_decision_check (y) ||
          rapport_money_action_get_decision_pending (x) !=
          rapport_money_action_get_decision_pending (y) ||
          g_strcmp0 (rapport_money_action_get_approval_etag (x),
                     rapport_money_action_get_approval_etag (y)) != 0 ||
          g_strcmp0 (rapport_money_action_get_decision_note (x),
                     rapport_money_action_get_decision_note (y)) != 0 ||
          g_strcmp0 (rapport_money_action_get_reason (x),
                     rapport_money_action_get_reason (y)) != 0)
        return FALSE;
    }

  return TRUE;
}

gint64
_rapport_ticket_session_agent_day_start (RapportTicketSession *self)
{
  const RapportAuthority *authority = rapport_ticket_session_get_authority (self);
  gint64 now = g_get_real_time ();

  if (authority == NULL || authority->policy == NULL)
    return now - (gint64) G_USEC_PER_SEC * 60 * 60 * 24;

  return rapport_policy_get_day_start (authority->policy, now);
}

guint
_rapport_ticket_session_customer_window_days (RapportTicketSession *self)
{
  const RapportAuthority *authority = rapport_ticket_session_get_authority (self);

  if (authority == NULL || authority->policy == NULL)
    return 30;

  return rapport_policy_get_customer_window_days (authority->policy);
}

/**
 * rapport_ticket_session_get_authority:
 *
 * Returns: (transfer none): the workspace's authority
 */
const RapportAuthority *
rapport_ticket_session_get_authority (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  if (self->workspace == NULL)
    return NULL;

  return rapport_workspace_get_authority (self->workspace);
}

/**
 * rapport_ticket_session_get_money_actions:
 *
 * Returns: (transfer none) (nullable) (element-type RapportMoneyAction): the customer's
 *   refunds and credits of the policy's window and the ticket's awaiting ones, newest first
 */
GPtrArray *
rapport_ticket_session_get_money_actions (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->money_actions;
}

/**
 * rapport_ticket_session_get_money_summary:
 *
 * Returns: (transfer none) (nullable): the customer's money summary
 */
const RapportMoneySummary *
rapport_ticket_session_get_money_summary (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->money_summary;
}

/**
 * rapport_ticket_session_get_agent_actions:
 *
 * Returns: (transfer none) (nullable) (element-type RapportMoneyAction): the user's actions
 *   of the day
 */
GPtrArray *
rapport_ticket_session_get_agent_actions (RapportTicketSession *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), NULL);

  return self->agent_actions;
}

RapportVerdict
rapport_ticket_session_evaluate_money (RapportTicketSession    *self,
                                       RapportMoneyKind         kind,
                                       const RapportMoney      *amount,
                                       gint64                   now_us,
                                       RapportPolicyEvaluation *out)
{
  const RapportAuthority *authority;
  g_autofree RapportPolicyEntry *customer_entries = NULL;
  g_autofree RapportPolicyEntry *agent_entries = NULL;
  RapportPolicyHistory customer = { 0 };
  RapportPolicyHistory agent = { 0 };
  RapportPolicyAction action = { 0 };

  g_return_val_if_fail (RAPPORT_IS_TICKET_SESSION (self), RAPPORT_VERDICT_DENIED);
  g_return_val_if_fail (amount != NULL, RAPPORT_VERDICT_DENIED);
  g_return_val_if_fail (out != NULL, RAPPORT_VERDICT_DENIED);

  authority = rapport_ticket_session_get_authority (self);
  g_return_val_if_fail (authority != NULL && authority->policy != NULL, RAPPORT_VERDICT_DENIED);

  customer_entries = rapport_money_actions_to_policy_entries (self->money_actions,
                                                              &customer.n_entries);
  customer.entries = customer_entries;
  agent_entries = rapport_money_actions_to_policy_entries (self->agent_actions,
                                                           &agent.n_entries);
  agent.entries = agent_entries;

  action.kind = kind;
  action.amount = *amount;
  /* No role: a value outside the three, which the rule denies (reason role). */
  action.role = authority->has_role ? authority->role : (RapportRole) RAPPORT_N_ROLES;

  return rapport_policy_evaluate (authority->policy, &action, &customer, &agent, now_us, out);
}

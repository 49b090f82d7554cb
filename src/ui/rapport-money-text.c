/* rapport-money-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-money-text"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-money-text.h"

#include "rapport-ui-util.h"

char *
rapport_money_text_request (RapportMoneyAction       *action,
                            const RapportMoneyFormat *format)
{
  g_autofree char *amount = NULL;
  g_autofree char *request = NULL;
  g_autofree char *requester = NULL;
  g_autofree char *reason = NULL;
  gboolean refund;

  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (action), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  amount = rapport_money_format (rapport_money_action_get_amount (action), format);
  refund = rapport_money_action_get_kind (action) == RAPPORT_MONEY_KIND_REFUND;
  /* Names and the reason come from the helpdesk: bidi-safe in the sentence. */
  requester = rapport_ui_bidi_safe (rapport_money_action_get_requester_name (action));
  if (requester == NULL)
    requester = rapport_ui_bidi_safe (rapport_money_action_get_requester_remote_id (action));
  if (requester == NULL)
    requester = g_strdup (_("someone"));

  if (refund)
    /* Translators: %1$s an amount ("$75.00"), %2$s a person */
    request = g_strdup_printf (_("%1$s refund requested by %2$s"), amount, requester);
  else
    /* Translators: %1$s an amount ("$75.00"), %2$s a person */
    request = g_strdup_printf (_("%1$s credit requested by %2$s"), amount, requester);

  reason = rapport_ui_bidi_safe (rapport_money_action_get_reason (action));
  if (reason == NULL)
    return g_steal_pointer (&request);

  /* Translators: a request, then its reason: "$75.00 refund requested by Sam Rivera — Charged twice" */
  return g_strdup_printf (_("%1$s — %2$s"), request, reason);
}

char *
rapport_money_text_awaiting (RapportMoneyAction       *action,
                             const RapportMoneyFormat *format)
{
  g_autofree char *request = rapport_money_text_request (action, format);

  /* Translators: %s is a request, "$75.00 refund requested by Sam Rivera — Charged twice" */
  return g_strdup_printf (_("Awaiting approval: %s"), request);
}

char *
rapport_money_text_decided_title (RapportMoneyAction       *action,
                                  const RapportMoneyFormat *format)
{
  g_autofree char *amount = NULL;
  gboolean refund;
  gboolean approved;

  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (action), NULL);

  amount = rapport_money_format (rapport_money_action_get_amount (action), format);
  refund = rapport_money_action_get_kind (action) == RAPPORT_MONEY_KIND_REFUND;
  approved = rapport_money_action_get_state (action) == RAPPORT_ACTION_STATE_APPROVED;

  if (!rapport_money_action_get_decision_valid (action))
    /* Translators: %s an amount; the helpdesk recorded a decision that failed the checks */
    return g_strdup_printf (refund ? _("The decision on the %s refund is not valid")
                                   : _("The decision on the %s credit is not valid"),
                            amount);
  if (approved)
    /* Translators: a notification title; %s an amount */
    return g_strdup_printf (refund ? _("Refund of %s approved") : _("Credit of %s approved"),
                            amount);
  /* Translators: a notification title; %s an amount */
  return g_strdup_printf (refund ? _("Refund of %s rejected") : _("Credit of %s rejected"), amount);
}

char *
rapport_money_text_decided_body (RapportMoneyAction *action)
{
  g_autofree char *by = NULL;
  g_autofree char *note = NULL;

  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (action), NULL);

  /* Who decided and their note come from the helpdesk: bidi-safe in the sentence. */
  by = rapport_ui_bidi_safe (rapport_money_action_get_decided_by_name (action));
  if (by == NULL)
    by = rapport_ui_bidi_safe (rapport_money_action_get_decided_by (action));
  note = rapport_ui_bidi_safe (rapport_money_action_get_decision_note (action));

  if (!rapport_money_action_get_decision_valid (action))
    return g_strdup (_("It did not pass verification: no money moves."));
  if (by == NULL)
    /* Translators: %s the supervisor's note */
    return note != NULL ? g_strdup_printf (_("A supervisor: %s"), note)
                        : g_strdup (_("Decided by a supervisor"));
  if (note == NULL)
    /* Translators: %s who decided */
    return g_strdup_printf (_("Decided by %s"), by);
  /* Translators: who decided, then their note: "Dana Lee: fine, long-time customer" */
  return g_strdup_printf (_("%1$s: %2$s"), by, note);
}

gboolean
rapport_money_text_is_awaiting (RapportMoneyAction *action)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_ACTION (action), FALSE);

  if (rapport_money_action_get_pending_sync (action))
    return rapport_money_action_get_verdict (action) == RAPPORT_VERDICT_NEEDS_APPROVAL;

  return rapport_money_action_get_state (action) == RAPPORT_ACTION_STATE_PENDING_APPROVAL &&
         rapport_money_action_get_decision (action) == RAPPORT_DECISION_NONE;
}

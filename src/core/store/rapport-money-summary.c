/* rapport-money-summary.c
 *
 * A customer's money summary and the policy's view of a list of money actions: pure functions
 * over RapportMoneyAction lists (declared in rapport-store-actions.h, whose reads feed them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-actions.h"
#include "rapport-store-private.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (RapportMoneySummary, rapport_money_summary, rapport_money_summary_copy,
                     rapport_money_summary_free)

RapportMoneySummary *
rapport_money_summary_copy (const RapportMoneySummary *summary)
{
  RapportMoneySummary *copy;

  g_return_val_if_fail (summary != NULL, NULL);

  copy = g_memdup2 (summary, sizeof *summary);
  copy->totals = g_array_copy (summary->totals);

  return copy;
}

void
rapport_money_summary_free (RapportMoneySummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->totals, g_array_unref);
  g_free (summary);
}

/**
 * rapport_money_summary_get_totals:
 *
 * Returns: (transfer none) (nullable): the totals of @currency
 */
const RapportMoneyTotals *
rapport_money_summary_get_totals (const RapportMoneySummary *summary,
                                  const char                *currency)
{
  g_return_val_if_fail (summary != NULL, NULL);
  g_return_val_if_fail (currency != NULL, NULL);

  for (guint i = 0; i < summary->totals->len; i++)
    {
      const RapportMoneyTotals *totals = &g_array_index (summary->totals, RapportMoneyTotals, i);

      if (strcmp (totals->currency, currency) == 0)
        return totals;
    }

  return NULL;
}

/* *@sum += @amount, saturating at G_MAXINT64 (then *@saturated). */
static void
add_saturating (gint64   *sum,
                gint64    amount,
                gboolean *saturated)
{
  if (amount <= 0)
    return;

  if (*sum > G_MAXINT64 - amount)
    {
      *sum = G_MAXINT64;
      *saturated = TRUE;
      return;
    }

  *sum += amount;
}

static RapportMoneyTotals *
totals_for (GArray     *totals,
            const char *currency)
{
  RapportMoneyTotals fresh;
  guint i;

  /* Whole, padding included: summaries are compared with memcmp (). */
  memset (&fresh, 0, sizeof fresh);
  for (i = 0; i < totals->len; i++)
    {
      RapportMoneyTotals *t = &g_array_index (totals, RapportMoneyTotals, i);
      int cmp = strcmp (t->currency, currency);

      if (cmp == 0)
        return t;
      if (cmp > 0)
        break;
    }

  g_strlcpy (fresh.currency, currency, sizeof fresh.currency);
  g_array_insert_val (totals, i, fresh);

  return &g_array_index (totals, RapportMoneyTotals, i);
}

RapportMoneySummary *
_rapport_money_summary_new (gint64 customer_id,
                            guint  window_days,
                            gint64 now_us)
{
  RapportMoneySummary *summary = g_new0 (RapportMoneySummary, 1);
  gint64 window_us = (gint64) window_days * G_USEC_PER_SEC * 60 * 60 * 24;

  summary->customer_id = customer_id;
  summary->window_days = window_days;
  summary->window_start_us = now_us >= G_MININT64 + window_us ? now_us - window_us : G_MININT64;
  summary->totals = g_array_new (FALSE, TRUE, sizeof (RapportMoneyTotals));

  return summary;
}

gboolean
_rapport_money_summary_add_to_date (RapportMoneySummary            *summary,
                                    const RapportMoneySummaryEntry *entry,
                                    guint                           n,
                                    gboolean                        sum_saturated)
{
  gboolean refund = entry->kind == RAPPORT_MONEY_KIND_REFUND;
  RapportMoneyTotals *totals;

  if (entry->invalid_decision)
    summary->n_invalid_decisions += n;

  if (entry->awaits_decision)
    summary->n_pending_approval += n;

  if (n == 0 || entry->amount.currency[0] == '\0' || entry->amount.minor <= 0 ||
      entry->state == RAPPORT_ACTION_STATE_REJECTED ||
      entry->state == RAPPORT_ACTION_STATE_CANCELLED)
    return FALSE;

  totals = totals_for (summary->totals, entry->amount.currency);
  if (sum_saturated)
    totals->saturated = TRUE;

  if (entry->pending_sync || entry->state == RAPPORT_ACTION_STATE_PENDING_APPROVAL)
    {
      add_saturating (refund ? &totals->refunds_pending : &totals->credits_pending,
                      entry->amount.minor, &totals->saturated);
      return FALSE;
    }

  /* executed or approved: the money moved */
  add_saturating (refund ? &totals->refunds : &totals->credits, entry->amount.minor,
                  &totals->saturated);
  if (refund)
    totals->n_refunds += n;
  else
    totals->n_credits += n;

  return TRUE;
}

void
_rapport_money_summary_add_window (RapportMoneySummary *summary,
                                   RapportMoneyKind     kind,
                                   const RapportMoney  *amount)
{
  RapportMoneyTotals *totals = totals_for (summary->totals, amount->currency);

  add_saturating (kind == RAPPORT_MONEY_KIND_REFUND ? &totals->refunds_window
                                                    : &totals->credits_window,
                  amount->minor, &totals->saturated);
}

void
_rapport_money_summary_add (RapportMoneySummary            *summary,
                            const RapportMoneySummaryEntry *entry)
{
  if (_rapport_money_summary_add_to_date (summary, entry, 1, FALSE) &&
      entry->created_at_us > summary->window_start_us)
    _rapport_money_summary_add_window (summary, entry->kind, &entry->amount);
}

/**
 * rapport_money_summary_compute:
 * @actions: (element-type RapportMoneyAction): the customer's actions
 *
 * Returns: (transfer full): the summary
 */
RapportMoneySummary *
rapport_money_summary_compute (gint64     customer_id,
                               GPtrArray *actions,
                               guint      window_days,
                               gint64     now_us)
{
  RapportMoneySummary *summary = _rapport_money_summary_new (customer_id, window_days, now_us);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      RapportMoneyAction *action = actions->pdata[i];
      RapportMoneySummaryEntry entry = {
        .kind = rapport_money_action_get_kind (action),
        .amount = *rapport_money_action_get_amount (action),
        .state = rapport_money_action_get_state (action),
        .created_at_us = rapport_money_action_get_created_at (action),
        .pending_sync = rapport_money_action_get_pending_sync (action),
        .awaits_decision = rapport_money_action_awaits_decision (action),
        .invalid_decision = rapport_money_action_get_decision (action) != RAPPORT_DECISION_NONE &&
                            !rapport_money_action_get_decision_valid (action),
      };

      _rapport_money_summary_add (summary, &entry);
    }

  return summary;
}

/**
 * rapport_money_actions_to_policy_entries:
 * @actions: (element-type RapportMoneyAction)
 *
 * Returns: (transfer full) (array length=n_entries): the entries
 */
RapportPolicyEntry *
rapport_money_actions_to_policy_entries (GPtrArray *actions,
                                         gsize     *n_entries)
{
  RapportPolicyEntry *entries;
  guint n = actions != NULL ? actions->len : 0;

  g_return_val_if_fail (n_entries != NULL, NULL);

  entries = g_new0 (RapportPolicyEntry, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    rapport_money_action_to_policy_entry (actions->pdata[i], &entries[i]);
  *n_entries = n;

  return entries;
}

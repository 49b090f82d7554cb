/* rapport-store-actions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-money-action.h"
#include "rapport-types.h"

G_BEGIN_DECLS

/* The money ledger of the cache (the `actions` table): the helpdesk's refunds and credits as
 * pulls bring them (rapport_store_apply_page()), and the ones queued in the outbox
 * (pending-sync). Like the rest of rapport-store.h: blocking functions for worker threads and
 * tests, _async ones (run through the store's worker) for the UI. Lists are of
 * RapportMoneyAction (element-type), new objects on each call. */

/* One currency's sums in minor units. "Moved" = state executed or approved; "pending" =
 * state pending_approval, or queued and not synced yet (any provisional state but rejected).
 * Sums saturate at G_MAXINT64 (then @saturated is TRUE: "more than"). */
typedef struct
{
  char     currency[4];
  gint64   refunds;          /* moved, to date */
  gint64   credits;
  gint64   refunds_window;   /* moved, created within the window */
  gint64   credits_window;
  gint64   refunds_pending;  /* awaiting approval or sync, to date */
  gint64   credits_pending;
  guint    n_refunds;        /* how many moved, to date */
  guint    n_credits;
  gboolean saturated;
} RapportMoneyTotals;

/* A customer's money summary (the customer panel): one RapportMoneyTotals per currency met,
 * sorted by code, over the window of @window_days days before @now_us (an action counts in
 * the window when created_at > now − days × 24 h, as in the policy). */
typedef struct
{
  gint64  customer_id;
  guint   window_days;
  gint64  window_start_us;
  GArray *totals;            /* (element-type RapportMoneyTotals) owned, never NULL */
  guint   n_pending_approval; /* actions of the customer awaiting a decision */
  guint   n_invalid_decisions; /* actions whose last decision did not pass verification */
} RapportMoneySummary;

#define RAPPORT_TYPE_MONEY_SUMMARY (rapport_money_summary_get_type ())
GType                rapport_money_summary_get_type (void);
RapportMoneySummary *rapport_money_summary_copy     (const RapportMoneySummary *summary);
void                 rapport_money_summary_free     (RapportMoneySummary       *summary);
/* The totals of @currency, or NULL when the customer has none in it (borrowed). */
const RapportMoneyTotals *
                     rapport_money_summary_get_totals (const RapportMoneySummary *summary,
                                                       const char                *currency);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportMoneySummary, rapport_money_summary_free)

/* Pure: sums @actions (element-type RapportMoneyAction) as described above. */
RapportMoneySummary *rapport_money_summary_compute  (gint64     customer_id,
                                                     GPtrArray *actions,
                                                     guint      window_days,
                                                     gint64     now_us);

/* One ledger row; RAPPORT_STORE_ERROR_NOT_FOUND when absent. */
RapportMoneyAction *rapport_store_get_money_action         (RapportStore  *self,
                                                            gint64         action_id,
                                                            GCancellable  *cancellable,
                                                            GError       **error);
void                rapport_store_get_money_action_async   (RapportStore  *self,
                                                            gint64         action_id,
                                                            GCancellable  *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer       user_data);
RapportMoneyAction *rapport_store_get_money_action_finish  (RapportStore  *self,
                                                            GAsyncResult  *result,
                                                            GError       **error);

/* Every money action of a customer (any account, any agent, pending-sync ones included),
 * newest first (created_at DESC, id DESC): the customer panel and the policy's customer
 * history. */
GPtrArray          *rapport_store_list_customer_actions        (RapportStore  *self,
                                                                gint64         customer_id,
                                                                GCancellable  *cancellable,
                                                                GError       **error);
void                rapport_store_list_customer_actions_async  (RapportStore  *self,
                                                                gint64         customer_id,
                                                                GCancellable  *cancellable,
                                                                GAsyncReadyCallback callback,
                                                                gpointer       user_data);
GPtrArray          *rapport_store_list_customer_actions_finish (RapportStore  *self,
                                                                GAsyncResult  *result,
                                                                GError       **error);

/* The customer's money actions that a ticket shows, as rapport_store_list_customer_actions()
 * (each server action once, newest first): those created after @since_us (the start of the
 * policy's window: what its verdicts add up) and, however old, those of ticket @ticket_id
 * that await a decision (state pending_approval, no decision) or the server (pending-sync).
 * Read from indexes, not the whole ledger. */
GPtrArray          *rapport_store_list_recent_customer_actions        (RapportStore  *self,
                                                                       gint64         customer_id,
                                                                       gint64         since_us,
                                                                       gint64         ticket_id,
                                                                       GCancellable  *cancellable,
                                                                       GError       **error);
void                rapport_store_list_recent_customer_actions_async  (RapportStore  *self,
                                                                       gint64         customer_id,
                                                                       gint64         since_us,
                                                                       gint64         ticket_id,
                                                                       GCancellable  *cancellable,
                                                                       GAsyncReadyCallback callback,
                                                                       gpointer       user_data);
GPtrArray          *rapport_store_list_recent_customer_actions_finish (RapportStore  *self,
                                                                       GAsyncResult  *result,
                                                                       GError       **error);

/* The money actions of an account requested by @requester_remote_id and created at or after
 * @since_us (pending-sync ones included), newest first: the policy's agent history. */
GPtrArray          *rapport_store_list_agent_actions        (RapportStore  *self,
                                                             gint64         account_id,
                                                             const char    *requester_remote_id,
                                                             gint64         since_us,
                                                             GCancellable  *cancellable,
                                                             GError       **error);
void                rapport_store_list_agent_actions_async  (RapportStore  *self,
                                                             gint64         account_id,
                                                             const char    *requester_remote_id,
                                                             gint64         since_us,
                                                             GCancellable  *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer       user_data);
GPtrArray          *rapport_store_list_agent_actions_finish (RapportStore  *self,
                                                             GAsyncResult  *result,
                                                             GError       **error);

/* The Approvals view: the account's actions awaiting a decision (synced, state
 * pending_approval, an approval remote id), oldest first, with customer-name and
 * ticket-subject filled in (customer's display name, NULL when unknown; the customer's ticket
 * subject, NULL when not cached). Rows whose decision is queued are included
 * (decision-pending TRUE). */
GPtrArray          *rapport_store_list_pending_approvals        (RapportStore  *self,
                                                                 gint64         account_id,
                                                                 GCancellable  *cancellable,
                                                                 GError       **error);
void                rapport_store_list_pending_approvals_async  (RapportStore  *self,
                                                                 gint64         account_id,
                                                                 GCancellable  *cancellable,
                                                                 GAsyncReadyCallback callback,
                                                                 gpointer       user_data);
GPtrArray          *rapport_store_list_pending_approvals_finish (RapportStore  *self,
                                                                 GAsyncResult  *result,
                                                                 GError       **error);

/* The sidebar count of the Approvals view: the rows list_pending_approvals() returns whose
 * decision is not queued. */
gboolean            rapport_store_count_pending_approvals        (RapportStore  *self,
                                                                  gint64         account_id,
                                                                  guint         *count,
                                                                  GCancellable  *cancellable,
                                                                  GError       **error);
void                rapport_store_count_pending_approvals_async  (RapportStore  *self,
                                                                  gint64         account_id,
                                                                  GCancellable  *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer       user_data);
gboolean            rapport_store_count_pending_approvals_finish (RapportStore  *self,
                                                                  GAsyncResult  *result,
                                                                  guint         *count,
                                                                  GError       **error);

/* The customer's money summary: rapport_money_summary_compute() over the rows
 * rapport_store_list_customer_actions() returns, without reading them one by one (from
 * running totals and the window's rows) unless two accounts of one workspace hold copies. */
RapportMoneySummary *rapport_store_money_summary        (RapportStore  *self,
                                                         gint64         customer_id,
                                                         guint          window_days,
                                                         gint64         now_us,
                                                         GCancellable  *cancellable,
                                                         GError       **error);
void                 rapport_store_money_summary_async  (RapportStore  *self,
                                                         gint64         customer_id,
                                                         guint          window_days,
                                                         gint64         now_us,
                                                         GCancellable  *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer       user_data);
RapportMoneySummary *rapport_store_money_summary_finish (RapportStore  *self,
                                                         GAsyncResult  *result,
                                                         GError       **error);

/* Helper for rapport_policy_evaluate(): the entries of @actions (element-type
 * RapportMoneyAction) in a new array (free with g_free), *@n_entries set. */
RapportPolicyEntry  *rapport_money_actions_to_policy_entries (GPtrArray *actions,
                                                              gsize     *n_entries);

G_END_DECLS

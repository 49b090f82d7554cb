/* rapport-money-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-money.h"
#include "rapport-policy.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MONEY_DIALOG (rapport_money_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportMoneyDialog, rapport_money_dialog, RAPPORT, MONEY_DIALOG, AdwWindow)

/* The "Refund…" and "Credit…" dialog: an amount in the account's currency, a reason
 * (required) and an order reference (optional). As the agent types, it shows the policy's
 * verdict for the amount (rapport_money_parse() in the agent's locale, then
 * rapport_policy_evaluate() with the role and the recent actions set here): "Within your
 * limit (up to $50.00)", why approval is needed, or what is wrong with the amount. Offline,
 * the verdict says it is provisional. The confirm button says what it does ("Refund $20.00",
 * "Request Approval") and is insensitive while the amount is not valid, the action is denied,
 * or the reason is blank. The dialog knows no store, session or provider: the caller sets
 * what the verdict needs and acts on "confirmed".
 *
 * Signals:
 *   "confirmed" (): the agent confirmed; read the values with the getters during the
 *     emission. The dialog closes itself after it.
 *
 * Properties: "kind" (RapportMoneyKind, construct-only), "currency" (ISO 4217 code,
 * construct-only), "offline" (boolean), "role" (RapportRole), "has-role" (boolean: FALSE
 * when the helpdesk gave the agent no role: every action is denied), "verdict" (read-only
 * RapportVerdict, meaningful while "valid"), "valid" (read-only: the amount parses and is
 * not denied). */
GtkWidget     *rapport_money_dialog_new                 (GtkWindow                  *parent,
                                                         RapportMoneyKind            kind,
                                                         const char                 *currency);

RapportMoneyKind rapport_money_dialog_get_kind          (RapportMoneyDialog         *self);
const char    *rapport_money_dialog_get_currency        (RapportMoneyDialog         *self);

/* What the verdict is computed from. The policy is referenced; the histories are copied. */
void           rapport_money_dialog_set_policy          (RapportMoneyDialog         *self,
                                                         RapportPolicy              *policy);
void           rapport_money_dialog_set_role            (RapportMoneyDialog         *self,
                                                         RapportRole                 role);
void           rapport_money_dialog_set_has_role        (RapportMoneyDialog         *self,
                                                         gboolean                    has_role);
void           rapport_money_dialog_set_history         (RapportMoneyDialog         *self,
                                                         const RapportPolicyHistory *customer_recent,
                                                         const RapportPolicyHistory *agent_recent);
void           rapport_money_dialog_set_offline         (RapportMoneyDialog         *self,
                                                         gboolean                    offline);
gboolean       rapport_money_dialog_get_offline         (RapportMoneyDialog         *self);
void           rapport_money_dialog_set_unconfirmed     (RapportMoneyDialog         *self,
                                                         gboolean                    unconfirmed);
/* How amounts are read and written; by default the C locale's monetary conventions. */
void           rapport_money_dialog_set_format          (RapportMoneyDialog         *self,
                                                         const RapportMoneyFormat   *format);
/* The instant the verdict is computed for, µs since the epoch; 0 (the default) = now. */
void           rapport_money_dialog_set_now             (RapportMoneyDialog         *self,
                                                         gint64                      now_us);

/* The state of the form. */
gboolean       rapport_money_dialog_get_valid           (RapportMoneyDialog         *self);
RapportVerdict rapport_money_dialog_get_verdict         (RapportMoneyDialog         *self);
/* The evaluation behind the verdict; FALSE (and @out untouched) while the amount does not
 * parse. */
gboolean       rapport_money_dialog_get_evaluation      (RapportMoneyDialog         *self,
                                                         RapportPolicyEvaluation    *out);
/* The sentence shown under the fields (the verdict, a problem, or a hint), and the note
 * about the verdict being provisional (offline, or limits not confirmed; NULL otherwise). */
const char    *rapport_money_dialog_get_verdict_text    (RapportMoneyDialog         *self);
const char    *rapport_money_dialog_get_offline_text    (RapportMoneyDialog         *self);
/* The amount typed, as parsed; FALSE while it does not parse. */
gboolean       rapport_money_dialog_get_amount          (RapportMoneyDialog         *self,
                                                         RapportMoney               *out);
/* The reason and the order reference, trimmed ("" when blank). */
char          *rapport_money_dialog_dup_reason          (RapportMoneyDialog         *self);
char          *rapport_money_dialog_dup_order_reference (RapportMoneyDialog         *self);

/* The sentences of the dialog, for other views that word the same evaluation ("Needs
 * supervisor approval: …"), and the problem of an amount that did not parse. */
char          *rapport_money_dialog_describe_evaluation (const RapportPolicyEvaluation *evaluation,
                                                         RapportMoneyKind            kind,
                                                         const RapportMoneyFormat   *format);
char          *rapport_money_dialog_describe_parse_error (const GError              *error,
                                                          const char                *currency,
                                                          const RapportMoneyFormat  *format);

G_END_DECLS

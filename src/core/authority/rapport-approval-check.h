/* rapport-approval-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-money.h"

G_BEGIN_DECLS

/* What a supervisor decided on an approval request (NONE: not decided yet). */
typedef enum
{
  RAPPORT_DECISION_NONE,    /*< nick=none >*/
  RAPPORT_DECISION_APPROVE, /*< nick=approve >*/
  RAPPORT_DECISION_REJECT,  /*< nick=reject >*/
} RapportDecision;

/* The verdict of rapport_approval_check(): VALID, or the first rule the decision broke. */
typedef enum
{
  RAPPORT_APPROVAL_CHECK_VALID,          /*< nick=valid >*/
  RAPPORT_APPROVAL_CHECK_UNDECIDED,      /*< nick=undecided >*/      /* no decision recorded */
  RAPPORT_APPROVAL_CHECK_OTHER_REQUEST,  /*< nick=other_request >*/  /* for another request */
  RAPPORT_APPROVAL_CHECK_NO_DECIDER,     /*< nick=no_decider >*/     /* the server names no one */
  RAPPORT_APPROVAL_CHECK_NOT_SUPERVISOR, /*< nick=not_supervisor >*/ /* not in the supervisors */
  RAPPORT_APPROVAL_CHECK_BY_REQUESTER,   /*< nick=by_requester >*/   /* the requester decided */
  RAPPORT_APPROVAL_CHECK_OTHER_CURRENCY, /*< nick=other_currency >*/
  RAPPORT_APPROVAL_CHECK_OTHER_AMOUNT,   /*< nick=other_amount >*/
  RAPPORT_APPROVAL_CHECK_OTHER_CUSTOMER, /*< nick=other_customer >*/
  RAPPORT_APPROVAL_CHECK_BEFORE_REQUEST, /*< nick=before_request >*/ /* not after the request */
} RapportApprovalCheck;

/* A money request as the server recorded it (borrowed strings). */
typedef struct
{
  const char  *remote_id;       /* the request (RT: the money ticket) */
  const char  *requester;       /* who asked: the backend's user id */
  RapportMoney amount;
  const char  *customer_key;    /* rapport_customer_key_normalize()d or not: compared normalized */
  gint64       requested_at_us; /* µs since the Unix epoch */
} RapportApprovalRequestFacts;

/* A decision as the server recorded it (borrowed strings). */
typedef struct
{
  RapportDecision decision;
  const char     *request_remote_id;     /* the request the decided approval belongs to */
  const char     *decided_by;            /* the backend's user id of who decided */
  gboolean        decider_is_supervisor; /* from the server's data (RT: group membership) */
  RapportMoney    amount;                /* the request's amount as the decision saw it */
  const char     *customer_key;          /* the request's customer as the decision saw it */
  gint64          decided_at_us;
} RapportApprovalDecisionFacts;

/* Whether @decision counts for @request. A pure function; the rules, in order (the first
 * broken one is returned):
 *   decision is NONE                                  → UNDECIDED
 *   request_remote_id differs (or either is NULL/"") → OTHER_REQUEST
 *   decided_by NULL or ""                             → NO_DECIDER
 *   !decider_is_supervisor                            → NOT_SUPERVISOR
 *   decided_by equals requester (ASCII case ignored),
 *     or the request names no requester               → BY_REQUESTER
 *   currencies differ                                 → OTHER_CURRENCY
 *   minor amounts differ                              → OTHER_AMOUNT
 *   normalized customer keys differ (or either empty) → OTHER_CUSTOMER
 *   decided_at_us <= requested_at_us                  → BEFORE_REQUEST
 *   otherwise                                         → VALID
 * Only a VALID approval moves money; anything else is an invalid decision. */
RapportApprovalCheck rapport_approval_check           (const RapportApprovalRequestFacts  *request,
                                                       const RapportApprovalDecisionFacts *decision);

/* How a customer is named on money records: white space at both ends removed, lower case
 * (Unicode). NULL for NULL. */
char                *rapport_customer_key_normalize   (const char *key);

const char          *rapport_decision_to_string       (RapportDecision      decision);
gboolean             rapport_decision_from_string     (const char          *text,
                                                       RapportDecision     *out);
const char          *rapport_approval_check_to_string (RapportApprovalCheck check);
gboolean             rapport_approval_check_from_string (const char          *text,
                                                         RapportApprovalCheck *out);

G_END_DECLS

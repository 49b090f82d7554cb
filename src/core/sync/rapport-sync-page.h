/* rapport-sync-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-approval.h"
#include "rapport-customer.h"
#include "rapport-message.h"
#include "rapport-money-action.h"
#include "rapport-ticket.h"

G_BEGIN_DECLS

/* One page of changes pulled from a backend, applied by the store in one transaction
 * together with the new cursor (so a crash mid-sync loses and repeats nothing).
 *
 * References between objects use remote ids only:
 *   ticket.requester-remote-id → customer.remote-id (the customer may come in an earlier page);
 *   message.ticket-remote-id   → ticket.remote-id;
 *   message.author-remote-id   → customer.remote-id when author-kind is CUSTOMER;
 *   money_action.ticket-remote-id → ticket.remote-id (the customer's ticket; it may be absent
 *     from the cache: the action is kept, matched to its customer by customer-key);
 *   approval.action-remote-id  → money_action.remote-id (in this page or an earlier one; an
 *     approval of an action the store does not hold is skipped and logged).
 * Money actions are applied before approvals; an approval's decision is verified
 * (rapport_approval_check()) before its action counts as approved.
 * Upserts are keyed by (account, remote id): applying the same page twice changes nothing. */
struct _RapportSyncPage
{
  GPtrArray *customers;          /* (element-type RapportCustomer) owned */
  GPtrArray *tickets;            /* (element-type RapportTicket) owned */
  GPtrArray *messages;           /* (element-type RapportMessage) owned */
  GPtrArray *deleted_ticket_ids; /* (element-type utf8) remote ids, owned */
  GPtrArray *money_actions;      /* (element-type RapportMoneyAction) owned */
  GPtrArray *approvals;          /* (element-type RapportApproval) owned */
  char      *resource;           /* sync_state resource name, e.g. "tickets" */
  char      *next_cursor;        /* stored for (account, resource) with the page; NULL = keep */
  gboolean   has_more;           /* another page is ready to pull right away */
  guint64    total_hint;         /* backend's total of items to pull in this sync, 0 = unknown */
};

RapportSyncPage *rapport_sync_page_new  (void);
void             rapport_sync_page_free (RapportSyncPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportSyncPage, rapport_sync_page_free)

G_END_DECLS

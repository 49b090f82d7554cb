/* rapport-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-account.h"
#include "rapport-authority.h"
#include "rapport-customer.h"
#include "rapport-history-entry.h"
#include "rapport-message.h"
#include "rapport-search-hit.h"
#include "rapport-store-actions.h"
#include "rapport-sync-page.h"
#include "rapport-ticket.h"
#include "rapport-types.h"

G_BEGIN_DECLS

#define RAPPORT_STORE_ERROR (rapport_store_error_quark ())
GQuark rapport_store_error_quark (void);

typedef enum
{
  RAPPORT_STORE_ERROR_FAILED,
  RAPPORT_STORE_ERROR_NOT_OPEN,
  RAPPORT_STORE_ERROR_TOO_NEW,     /* the database was written by a newer Rapport */
  RAPPORT_STORE_ERROR_CORRUPT,     /* not a database, or a failed integrity check */
  RAPPORT_STORE_ERROR_CONSTRAINT,  /* SQLITE_CONSTRAINT */
  RAPPORT_STORE_ERROR_NOT_FOUND,
  RAPPORT_STORE_ERROR_INVALID,     /* bad input: e.g. an empty search query, a dangling reference */
  RAPPORT_STORE_ERROR_FULL,        /* no space left: SQLITE_FULL, or a write failed with ENOSPC */
  RAPPORT_STORE_ERROR_LOCKED,      /* SQLITE_BUSY: another process holds the file (another
                                    * Rapport may be running); not damage */
  RAPPORT_STORE_ERROR_NOT_OURS,    /* an SQLite file that is not Rapport's cache */
} RapportStoreError;

#define RAPPORT_TYPE_STORE (rapport_store_get_type ())
G_DECLARE_FINAL_TYPE (RapportStore, rapport_store, RAPPORT, STORE, GObject)

/* The local SQLite cache. One connection, guarded by a mutex; the _async functions run the
 * blocking function of the same name in a worker thread (g_task_run_in_thread), so nothing
 * blocks the main loop. The blocking functions are for worker threads, tests and the
 * benchmark; the UI uses only the _async ones.
 *
 * Cancellation: a GCancellable given to any call interrupts a running query
 * (sqlite3_progress_handler) and the call fails with G_IO_ERROR_CANCELLED.
 *
 * Signals:
 *   "changed" (guint64 account_id): emitted on the thread-default main context of the thread
 *   that created the store, after a sync page (or any other write) was committed.
 *
 * Properties: "path" (construct-only string; ":memory:" allowed for tests). */
RapportStore *rapport_store_new                (const char    *path);
const char   *rapport_store_get_path           (RapportStore  *self);

/* Opens (creating the file and parent directory if needed), sets PRAGMAs (WAL, foreign_keys,
 * synchronous=NORMAL, busy_timeout), checks the file, applies pending migrations (each in one
 * BEGIN EXCLUSIVE transaction bumping user_version). Refuses a newer database with
 * RAPPORT_STORE_ERROR_TOO_NEW, a file that is not a database or fails PRAGMA quick_check with
 * RAPPORT_STORE_ERROR_CORRUPT, another program's database (tables but no schema version of
 * ours, or a version without our tables) with RAPPORT_STORE_ERROR_NOT_OURS, and a file another
 * process keeps locked past the busy timeout with RAPPORT_STORE_ERROR_LOCKED.
 * rapport_cache_open() (sync/rapport-cache-rescue.h) rescues the first three. */
gboolean      rapport_store_open               (RapportStore  *self,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_open_async         (RapportStore  *self,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      rapport_store_open_finish        (RapportStore  *self,
                                                GAsyncResult  *result,
                                                GError       **error);
void          rapport_store_close              (RapportStore  *self);
guint         rapport_store_get_schema_version (RapportStore  *self);
/* Number of migrations this build carries. */
guint         rapport_store_get_latest_schema_version (void);

/* Accounts. add: inserts, sets the account's id. list: (element-type RapportAccount). */
gboolean      rapport_store_add_account        (RapportStore   *self,
                                                RapportAccount *account,
                                                GCancellable   *cancellable,
                                                GError        **error);
void          rapport_store_add_account_async  (RapportStore   *self,
                                                RapportAccount *account,
                                                GCancellable   *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer        user_data);
gboolean      rapport_store_add_account_finish (RapportStore   *self,
                                                GAsyncResult   *result,
                                                GError        **error);
GPtrArray    *rapport_store_list_accounts      (RapportStore   *self,
                                                GCancellable   *cancellable,
                                                GError        **error);
void          rapport_store_list_accounts_async (RapportStore  *self,
                                                 GCancellable  *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer       user_data);
GPtrArray    *rapport_store_list_accounts_finish (RapportStore *self,
                                                  GAsyncResult *result,
                                                  GError      **error);

/* What removing an account loses (rapport-store-accounts.c): its cached tickets; the replies
 * and notes, and the other changes (ticket updates, refunds and credits, decisions, article
 * links), that have not reached the helpdesk (queued, being sent, in doubt or failed); its
 * drafts. */
typedef struct
{
  guint n_tickets;
  guint n_unsent_messages;
  guint n_unsent_changes;
  guint n_drafts;
} RapportAccountContents;

gboolean      rapport_store_count_account_contents        (RapportStore            *self,
                                                           gint64                   account_id,
                                                           RapportAccountContents  *contents,
                                                           GCancellable            *cancellable,
                                                           GError                 **error);
void          rapport_store_count_account_contents_async  (RapportStore            *self,
                                                           gint64                   account_id,
                                                           GCancellable            *cancellable,
                                                           GAsyncReadyCallback      callback,
                                                           gpointer                 user_data);
gboolean      rapport_store_count_account_contents_finish (RapportStore            *self,
                                                           GAsyncResult            *result,
                                                           RapportAccountContents  *contents,
                                                           GError                 **error);
/* Deletes the account and everything the store keeps of it (see rapport-store-accounts.c);
 * other accounts' data stays. RAPPORT_STORE_ERROR_NOT_FOUND when there is no such account. */
gboolean      rapport_store_remove_account        (RapportStore   *self,
                                                   gint64          account_id,
                                                   GCancellable   *cancellable,
                                                   GError        **error);
void          rapport_store_remove_account_async  (RapportStore   *self,
                                                   gint64          account_id,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
gboolean      rapport_store_remove_account_finish (RapportStore   *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);

/* Sync state: the cursor stored for (account, resource), NULL when none. */
char         *rapport_store_get_cursor         (RapportStore  *self,
                                                gint64         account_id,
                                                const char    *resource,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_get_cursor_async   (RapportStore  *self,
                                                gint64         account_id,
                                                const char    *resource,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
char         *rapport_store_get_cursor_finish  (RapportStore  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* The records pulls set aside for @account_id (element-type RapportSetAside), the least
 * recently tried first. */
GPtrArray    *rapport_store_list_set_aside     (RapportStore  *self,
                                                gint64         account_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_list_set_aside_async (RapportStore  *self,
                                                  gint64         account_id,
                                                  GCancellable  *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer       user_data);
GPtrArray    *rapport_store_list_set_aside_finish (RapportStore *self,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* Applies a page in one transaction: upserts customers (linking identities by normalized
 * email / E.164 phone to an existing customer), tickets, messages (and their FTS rows),
 * deletes deleted tickets, keeps and forgets the records set aside (RapportSyncPage), stores
 * page->next_cursor for page->resource. A ticket, message or customer the store refuses
 * (RAPPORT_STORE_ERROR_INVALID or _CONSTRAINT) is set aside with the error's message, with a
 * refused ticket's messages, and the rest of the page applied again without them (at most
 * RAPPORT_STORE_MAX_REFUSED per page; one more fails the page). Otherwise all or nothing.
 * Emits "changed" after commit. */
#define RAPPORT_STORE_MAX_REFUSED 64
gboolean      rapport_store_apply_page         (RapportStore    *self,
                                                gint64           account_id,
                                                RapportSyncPage *page,
                                                GCancellable    *cancellable,
                                                GError         **error);
void          rapport_store_apply_page_async   (RapportStore    *self,
                                                gint64           account_id,
                                                RapportSyncPage *page, /* borrowed until done */
                                                GCancellable    *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer         user_data);
gboolean      rapport_store_apply_page_finish  (RapportStore    *self,
                                                GAsyncResult    *result,
                                                GError         **error);

/* View counts for the sidebar: fills counts[RAPPORT_N_VIEWS]. */
gboolean      rapport_store_count_views        (RapportStore  *self,
                                                gint64         account_id,
                                                guint         *counts,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_count_views_async  (RapportStore  *self,
                                                gint64         account_id,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
gboolean      rapport_store_count_views_finish (RapportStore  *self,
                                                GAsyncResult  *result,
                                                guint         *counts,
                                                GError       **error);

/* The local ids of a view's tickets in display order (element-type gint64):
 * open views: updated_at DESC, id DESC; recently solved: solved in the last 30 days,
 * solved_at DESC. "My open" = open and assigned to the account's user-remote-id. */
GArray       *rapport_store_list_ticket_ids    (RapportStore  *self,
                                                gint64         account_id,
                                                RapportView    view,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_list_ticket_ids_async (RapportStore *self,
                                                   gint64        account_id,
                                                   RapportView   view,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer      user_data);
GArray       *rapport_store_list_ticket_ids_finish (RapportStore *self,
                                                    GAsyncResult *result,
                                                    GError      **error);

/* Loads full tickets (with customer-name, message-count, last-message-preview) for @ids, in
 * the order given; ids that no longer exist are skipped. (element-type RapportTicket) */
GPtrArray    *rapport_store_load_tickets       (RapportStore  *self,
                                                const gint64  *ids,
                                                guint          n_ids,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_load_tickets_async (RapportStore  *self,
                                                const gint64  *ids, /* copied */
                                                guint          n_ids,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
GPtrArray    *rapport_store_load_tickets_finish (RapportStore *self,
                                                 GAsyncResult *result,
                                                 GError      **error);
void          rapport_store_find_ticket_async  (RapportStore        *self,
                                                gint64               account_id,
                                                const char          *remote_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gint64        rapport_store_find_ticket_finish (RapportStore        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* The messages of a ticket, oldest first. (element-type RapportMessage) */
GPtrArray    *rapport_store_list_messages      (RapportStore  *self,
                                                gint64         ticket_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_list_messages_async (RapportStore *self,
                                                 gint64        ticket_id,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
GPtrArray    *rapport_store_list_messages_finish (RapportStore *self,
                                                  GAsyncResult *result,
                                                  GError      **error);

/* The newest @limit (> 0) messages of a ticket, oldest first, each body cut to its first
 * RAPPORT_MESSAGE_BODY_PREVIEW_CHARS characters (at a character boundary; "body-length" is
 * the whole body's, "body-truncated" says it was cut). @complete (optional) is set to whether
 * the ticket's oldest message is among them. For the conversation, which reads long tickets
 * page by page; rapport_store_list_messages() gives every message with its whole body.
 * (element-type RapportMessage) */
GPtrArray    *rapport_store_list_recent_messages        (RapportStore        *self,
                                                         gint64               ticket_id,
                                                         guint                limit,
                                                         gboolean            *complete,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
void          rapport_store_list_recent_messages_async  (RapportStore        *self,
                                                         gint64               ticket_id,
                                                         guint                limit,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GPtrArray    *rapport_store_list_recent_messages_finish (RapportStore        *self,
                                                         GAsyncResult        *result,
                                                         gboolean            *complete,
                                                         GError             **error);

/* The whole body of message @message_id (rows.id). NOT_FOUND when there is no such message. */
char         *rapport_store_load_message_body           (RapportStore        *self,
                                                         gint64               message_id,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
void          rapport_store_load_message_body_async     (RapportStore        *self,
                                                         gint64               message_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char         *rapport_store_load_message_body_finish    (RapportStore        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* A customer with identities, ticket counts and last contact. NOT_FOUND when absent. */
RapportCustomer *rapport_store_load_customer   (RapportStore  *self,
                                                gint64         customer_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_load_customer_async (RapportStore *self,
                                                 gint64        customer_id,
                                                 GCancellable *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer      user_data);
RapportCustomer *rapport_store_load_customer_finish (RapportStore *self,
                                                     GAsyncResult *result,
                                                     GError      **error);

/* The unified history: every message on every ticket of the customer, all channels,
 * newest first (created_at DESC, message id DESC). (element-type RapportHistoryEntry) */
GPtrArray    *rapport_store_customer_history   (RapportStore  *self,
                                                gint64         customer_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_customer_history_async (RapportStore *self,
                                                    gint64        customer_id,
                                                    GCancellable *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer      user_data);
GPtrArray    *rapport_store_customer_history_finish (RapportStore *self,
                                                     GAsyncResult *result,
                                                     GError      **error);

/* A page of the unified history, in its order (created_at DESC, message id DESC): the first
 * @limit entries after @after (NULL: from the newest; else an entry of this customer's
 * history, read before). @complete (nullable): set to whether the page reaches the oldest
 * entry. @total (nullable): set to the number of entries of the whole history, as
 * rapport_store_customer_history() would return them. (element-type RapportHistoryEntry) */
GPtrArray    *rapport_store_customer_history_page (RapportStore        *self,
                                                   gint64               customer_id,
                                                   RapportHistoryEntry *after,
                                                   guint                limit,
                                                   gboolean            *complete,
                                                   guint               *total,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
/* The same in the store's worker; @total is always counted. */
void          rapport_store_customer_history_page_async  (RapportStore        *self,
                                                          gint64               customer_id,
                                                          RapportHistoryEntry *after,
                                                          guint                limit,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray    *rapport_store_customer_history_page_finish (RapportStore        *self,
                                                          GAsyncResult        *result,
                                                          gboolean            *complete,
                                                          guint               *total,
                                                          GError             **error);

/* Full-text search over ticket subjects and message bodies of an account. @query is what
 * the user typed: it is turned into an FTS5 query of quoted terms (prefix match on the last
 * term once its last word has at least 4 characters), never passed through as FTS syntax.
 * Newest first, one hit per ticket (its newest matching subject or message), at most @limit
 * hits. Empty/blank query → empty array. (element-type RapportSearchHit) */
GPtrArray    *rapport_store_search             (RapportStore  *self,
                                                gint64         account_id,
                                                const char    *query,
                                                guint          limit,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_search_async       (RapportStore  *self,
                                                gint64         account_id,
                                                const char    *query,
                                                guint          limit,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
GPtrArray    *rapport_store_search_finish      (RapportStore  *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* Someone a ticket of an account can be assigned to, as the cache knows them. */
typedef struct
{
  char *remote_id;  /* the backend's id (RT: the user name), what RapportTicketChanges takes */
  char *name;       /* display name; the remote id when the cache knows no name */
} RapportAssignee;

#define RAPPORT_TYPE_ASSIGNEE (rapport_assignee_get_type ())
GType            rapport_assignee_get_type (void);
RapportAssignee *rapport_assignee_new      (const char            *remote_id,
                                            const char            *name);
RapportAssignee *rapport_assignee_copy     (const RapportAssignee *assignee);
void             rapport_assignee_free     (RapportAssignee       *assignee);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAssignee, rapport_assignee_free)

/* The people a ticket of @account_id can be assigned to: the account's signed-in user (with the
 * account's user name) and every distinct assignee of the account's cached tickets (with a name
 * the cache holds for them), each once, sorted by name (locale order, case ignored; remote id
 * on ties). No such account: RAPPORT_STORE_ERROR_NOT_FOUND.
 * (element-type RapportAssignee) */
GPtrArray    *rapport_store_list_assignees     (RapportStore  *self,
                                                gint64         account_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_list_assignees_async (RapportStore *self,
                                                  gint64        account_id,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer      user_data);
GPtrArray    *rapport_store_list_assignees_finish (RapportStore *self,
                                                   GAsyncResult *result,
                                                   GError      **error);

/* The helpdesk's last answer about the signed-in user's authority (what the provider's
 * fetch_authority() returned), kept per account so that a workspace started while the helpdesk
 * cannot be reached knows the user's role until it answers again.
 * save: @authority with a role replaces the account's answer (role, may_decide, the policy the
 * helpdesk keeps or none, source_detail) as of its answered_at (now when 0); NULL or an
 * answer without a role forgets it (the helpdesk no longer gives the user a role).
 * load: the answer (has_role TRUE, source SERVER, answered_at, from_cache TRUE), or NULL
 * without an error when the account has none; RAPPORT_STORE_ERROR_INVALID when it does not
 * read back. */
gboolean      rapport_store_save_authority     (RapportStore            *self,
                                                gint64                   account_id,
                                                const RapportAuthority  *authority,
                                                GCancellable            *cancellable,
                                                GError                 **error);
void          rapport_store_save_authority_async (RapportStore           *self,
                                                  gint64                  account_id,
                                                  const RapportAuthority *authority,
                                                  GCancellable           *cancellable,
                                                  GAsyncReadyCallback     callback,
                                                  gpointer                user_data);
gboolean      rapport_store_save_authority_finish (RapportStore  *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);
RapportAuthority *rapport_store_load_authority (RapportStore  *self,
                                                gint64         account_id,
                                                GCancellable  *cancellable,
                                                GError       **error);
void          rapport_store_load_authority_async (RapportStore        *self,
                                                  gint64               account_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
RapportAuthority *rapport_store_load_authority_finish (RapportStore  *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);

G_END_DECLS

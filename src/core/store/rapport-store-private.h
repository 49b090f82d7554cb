/* rapport-store-private.h
 *
 * The store toolkit: what every core module that talks to the store's connection uses (the
 * store's own files, the outbox and its operations, the push engine). One statement cache,
 * one set of binders and step helpers with one mapping of SQLite errors, one thread runner,
 * and one writer of messages with their search documents and their tickets' counts.
 * Implemented in rapport-store-toolkit.c (calls, errors, statements, the thread runner) and
 * rapport-store-writer.c (messages and the search index).
 *
 * Locking: the functions marked "locked" expect the store's mutex held, that is a call
 * between _rapport_store_lock () (or _rapport_store_begin ()) and _rapport_store_unlock ()
 * (or _rapport_store_end ()) on the same thread. Writes go in one transaction:
 * _rapport_store_begin () … _rapport_store_end ().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"
#include "rapport-text.h"

G_BEGIN_DECLS

/* The FTS row id of a document (see _rapport_store_search_key ()). */
#define RAPPORT_SEARCH_KEY_ID_MASK G_GINT64_CONSTANT (0x7fffffff)
#define RAPPORT_SEARCH_KEY_TICKET  G_GINT64_CONSTANT (0x80000000)

/* The kinds of search documents. */
#define RAPPORT_SEARCH_KIND_MESSAGE 0 /* a message body */
#define RAPPORT_SEARCH_KIND_TICKET  1 /* a ticket subject */

/* The store's own files (rapport-store*.c) only; other modules go through the functions. */
struct _RapportStore
{
  GObject       parent_instance;

  /* owned */
  char         *path;
  GMainContext *context;     /* where "changed" is emitted */

  /* guarded by mutex */
  GMutex        mutex;
  sqlite3      *db;
  GHashTable   *stmts;       /* SQL (by address) → sqlite3_stmt: _rapport_store_prepare () */
  GCancellable *cancellable; /* of the call holding the mutex, borrowed */
  guint         schema_version;
};

/* ---------------------------------------------------------------------------------------------
 * Calls, errors and transactions
 * ------------------------------------------------------------------------------------------- */

/* Fails with @error when @cancellable is cancelled, else takes the store's mutex and returns
 * the open connection (NULL, unlocked, with RAPPORT_STORE_ERROR_NOT_OPEN when not open).
 * @cancellable interrupts the connection's queries until _unlock (). */
sqlite3  *_rapport_store_lock         (RapportStore  *self,
                                       GCancellable  *cancellable,
                                       GError       **error);
void      _rapport_store_unlock       (RapportStore  *self);

/* The one mapping of an SQLite result code to a GError: SQLITE_INTERRUPT →
 * G_IO_ERROR_CANCELLED, SQLITE_CONSTRAINT → RAPPORT_STORE_ERROR_CONSTRAINT, SQLITE_BUSY and
 * SQLITE_LOCKED → RAPPORT_STORE_ERROR_LOCKED, SQLITE_NOTADB and SQLITE_CORRUPT →
 * RAPPORT_STORE_ERROR_CORRUPT, SQLITE_FULL (and an I/O error whose cause is ENOSPC or EDQUOT)
 * → RAPPORT_STORE_ERROR_FULL, anything else → RAPPORT_STORE_ERROR_FAILED.
 * @what says what was being done; @db (nullable) supplies the detailed message. */
void      _rapport_store_set_error    (GError       **error,
                                       sqlite3       *db,
                                       int            rc,
                                       const char    *what);

/* Marks the database of @db (nullable; nothing for an in-memory one) to be checked whole at
 * the next open: a query met SQLITE_CORRUPT or SQLITE_NOTADB (_set_error () calls it). */
void      _rapport_store_mark_suspect (sqlite3       *db);

/* Locked. sqlite3_exec () of SQL without parameters (BEGIN, COMMIT, PRAGMA …); FALSE with
 * @error set on failure. */
gboolean  _rapport_store_exec         (RapportStore  *self,
                                       const char    *sql,
                                       const char    *what,
                                       GError       **error);

/* Locked. Runs @sql (a literal: it is cached by address), which returns no rows, with up to
 * three int64 parameters bound (the first @n_params of @p1, @p2, @p3). */
gboolean  _rapport_store_exec_ids     (RapportStore  *self,
                                       const char    *sql,
                                       const char    *what,
                                       int            n_params,
                                       gint64         p1,
                                       gint64         p2,
                                       gint64         p3,
                                       GError       **error);

/* Locked. Rolls back the open transaction, if any; not interruptible (it drops the call's
 * cancellable); a failure is logged. */
void      _rapport_store_rollback     (RapportStore  *self);

/* _lock () then BEGIN IMMEDIATE: returns the connection with a write transaction open, or
 * NULL (unlocked) with @error set. */
sqlite3  *_rapport_store_begin        (RapportStore  *self,
                                       GCancellable  *cancellable,
                                       const char    *what,
                                       GError       **error);

/* Ends what _begin () started: COMMIT when @ok (ROLLBACK when @ok is FALSE or the commit
 * fails), then _unlock (). Returns whether it committed; @error is set only by a failed
 * commit (when @ok is FALSE the caller's error stands). */
gboolean  _rapport_store_end          (RapportStore  *self,
                                       gboolean       ok,
                                       GError       **error);

/* Locked. The row id the last INSERT added, 0 when it added none (ON CONFLICT DO NOTHING).
 * Cheaper than RETURNING, which makes SQLite open a statement journal for every insert. */
gint64    _rapport_store_inserted_id  (RapportStore  *self);

/* Schedules "changed" for @account_id on the store's main context; call it after commit,
 * unlocked. */
void      _rapport_store_emit_changed (RapportStore  *self,
                                       gint64         account_id);

/* ---------------------------------------------------------------------------------------------
 * Statements
 * ------------------------------------------------------------------------------------------- */

/* Locked. The statement of @sql, prepared with SQLITE_PREPARE_PERSISTENT on first use and
 * kept until the store closes; reset, with its bindings cleared, on every return. The cache
 * is keyed by the *address* of @sql, so @sql must be a string that lives as long as the
 * process: a literal, typically a `static const char *` beside the code that runs it (two
 * equal literals may share one statement). Do not use the same SQL again while a statement
 * of it is still in use (stepping it or reading its row). NULL with @error set when it does
 * not prepare (a programmer error, also logged). Hold the result in a
 * g_autoptr(RapportStoreStmt), which resets it on release, ending its read. */
sqlite3_stmt *_rapport_store_prepare  (RapportStore  *self,
                                       const char    *sql,
                                       GError       **error);

/* Steps @stmt: SQLITE_ROW or SQLITE_DONE, or 0 with @error set (_set_error () mapping). When
 * text was refused for one of its parameters (see _rapport_store_bind_text ()), it is not run
 * and fails with RAPPORT_STORE_ERROR_INVALID naming the parameter. */
int       _rapport_store_step         (sqlite3_stmt  *stmt,
                                       const char    *what,
                                       GError       **error);

/* Steps a statement that returns no rows: TRUE when done, FALSE with @error set. */
gboolean  _rapport_store_step_done    (sqlite3_stmt  *stmt,
                                       const char    *what,
                                       GError       **error);

/* Text the store refuses and text it repairs, noted per thread on the statement that met it
 * (a statement is bound, stepped and read on one thread, under the store's mutex).
 * _refuse_text () binds NULL for parameter @index of @stmt and has its next step fail.
 * _repair_column_text () returns column @column of the current row with every invalid byte
 * sequence and NUL as U+FFFD, alive until @stmt is stepped, reset or released.
 * _forget_notes () drops what this thread noted on @stmt (stepping, _prepare () and the
 * release below call it). Use the binders and the column reader below, not these. */
void        _rapport_store_refuse_text        (sqlite3_stmt  *stmt,
                                               int            index);
const char *_rapport_store_repair_column_text (sqlite3_stmt  *stmt,
                                               int            column);
void        _rapport_store_forget_notes       (sqlite3_stmt  *stmt);

/* A cached statement in use: g_autoptr(RapportStoreStmt) resets it (ending its read, if any)
 * and clears its bindings when it goes out of scope, but keeps it prepared. */
typedef sqlite3_stmt RapportStoreStmt;

static inline void
_rapport_store_stmt_release (RapportStoreStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  _rapport_store_forget_notes (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportStoreStmt, _rapport_store_stmt_release)

/* Binds @text, or NULL. SQLITE_STATIC: SQLite keeps the pointer instead of a copy, which
 * matters for message bodies on the ingest path (each is bound twice: row and index). That is
 * correct because every caller binds and steps in one scope while the text is alive, and the
 * binding is cleared before the statement is used again (_prepare () and the release above
 * both clear bindings): SQLite reads a bound value only while stepping. Never bind text that is
 * freed or changed before the step; copy it into a local that outlives the step instead.
 *
 * Every text column is written through here, and the store keeps only storable text
 * (rapport_text_is_storable (): valid UTF-8): anything else is refused, and the statement's
 * step fails with RAPPORT_STORE_ERROR_INVALID instead of writing it. Text from outside is
 * made storable at its boundary (the JSON gate, the HTML converter); this is the backstop. */
static inline void
_rapport_store_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else if (G_UNLIKELY (!rapport_text_is_storable (text, -1)))
    _rapport_store_refuse_text (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* Binds NULL for NULL or an empty string, so "unset" has one representation. */
static inline void
_rapport_store_bind_text_or_null (sqlite3_stmt *stmt,
                                  int           index,
                                  const char   *text)
{
  _rapport_store_bind_text (stmt, index, (text != NULL && text[0] != '\0') ? text : NULL);
}

/* Binds NULL for a row id ≤ 0 (no row). */
static inline void
_rapport_store_bind_id_or_null (sqlite3_stmt *stmt,
                                int           index,
                                gint64        id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

/* The text of @column in the current row (NULL for NULL), valid until the next step. Always
 * storable text: a cache written by an older Rapport may hold invalid UTF-8 (or a NUL), which
 * is read with U+FFFD in place of each bad byte, so that nothing shown (labels, accessible
 * names sent over D-Bus) ever gets invalid text. */
static inline const char *
_rapport_store_column_text (sqlite3_stmt *stmt,
                            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL &&
      G_UNLIKELY (!rapport_text_is_storable (text, sqlite3_column_bytes (stmt, column))))
    return _rapport_store_repair_column_text (stmt, column);

  return text;
}

/* ---------------------------------------------------------------------------------------------
 * The thread runner: the one place in core that runs work in a worker thread
 * ------------------------------------------------------------------------------------------- */

/* Runs in a worker thread. Returns the result (owned, freed with the run's @result_free when
 * nobody takes it), or NULL with @error set. NULL without an error is a valid result, handed
 * to _run_finish () as NULL with no error. A boolean work returns
 * RAPPORT_STORE_WORK_BOOLEAN (ok) and is finished with _rapport_store_run_finish_boolean (). */
typedef gpointer (*RapportStoreWork) (RapportStore  *store,
                                      gpointer       data,
                                      GCancellable  *cancellable,
                                      GError       **error);

#define RAPPORT_STORE_WORK_BOOLEAN(ok) ((ok) ? GINT_TO_POINTER (TRUE) : NULL)

/* Runs @work (@store, @data, @cancellable) in a worker thread (g_task_run_in_thread) and calls
 * @callback with @source_object (the store or any other object, kept alive until then) on
 * the thread-default main context of the caller. The run owns @data (freed with @data_free
 * after the callback; read it back with _run_get_data ()) and a reference on @store. Note
 * that @work does not get the store's mutex: it calls blocking store functions, or takes it
 * with _lock () or _begin (). */
void      _rapport_store_run_async           (RapportStore        *store,
                                              gpointer             source_object,
                                              gpointer             source_tag,
                                              RapportStoreWork     work,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              GDestroyNotify       result_free,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* The result of a run started with the same @source_object and @source_tag (transfer full),
 * or NULL with @error set (G_IO_ERROR_CANCELLED when its cancellable was cancelled). */
gpointer  _rapport_store_run_finish          (gpointer             source_object,
                                              GAsyncResult        *result,
                                              gpointer             source_tag,
                                              GError             **error);

/* The same for a work that returns RAPPORT_STORE_WORK_BOOLEAN (). */
gboolean  _rapport_store_run_finish_boolean  (gpointer             source_object,
                                              GAsyncResult        *result,
                                              gpointer             source_tag,
                                              GError             **error);

/* The @data of the run (borrowed; alive as long as @result). */
gpointer  _rapport_store_run_get_data        (GAsyncResult        *result);

/* Locked. The first RAPPORT_MESSAGE_BODY_PREVIEW_CHARS characters of message @id's body (cut
 * at a character boundary, as substr () on TEXT), read through *@blob: a handle opened on the
 * first call (NULL) and moved to the next rows, closed by the caller with sqlite3_blob_close ().
 * Only the start of a long body is read. NULL with @error set on failure. */
char     *_rapport_store_read_body_start     (RapportStore        *self,
                                              sqlite3_blob       **blob,
                                              gint64               id,
                                              GError             **error);

/* ---------------------------------------------------------------------------------------------
 * Messages and the search index (rapport-store-writer.c)
 * ------------------------------------------------------------------------------------------- */

/* The messages_fts row id of a document: the minute it was written in the high 31 bits, then
 * the kind (RAPPORT_SEARCH_KIND_*), then the row id (31 bits). Row id order is thus time
 * order, and a row id leads straight back to its row. FALSE with @error set when @id is out
 * of range. */
gboolean  _rapport_store_search_key   (gint64         created_at,
                                       gint64         id,
                                       int            kind,
                                       gint64        *key,
                                       GError       **error);

/* The one writer of messages: keeps a message row, its search document and its ticket's
 * message count and preview consistent, within one transaction. Locked, with a transaction
 * open, from _writer_new () to the last _writer_flush (); free it before _end ().
 *
 * Index inserts are queued and written at flush in row id order (FTS5 buffers documents in
 * memory only while row ids increase); ticket counts are refreshed at flush. The writer
 * borrows the text it queues (message bodies, subjects) until the next flush: keep the
 * RapportMessage (or string) alive until then. */
typedef struct _RapportStoreWriter RapportStoreWriter;

RapportStoreWriter *_rapport_store_writer_new  (RapportStore        *self,
                                                guint                size_hint);
void      _rapport_store_writer_free           (RapportStoreWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportStoreWriter, _rapport_store_writer_free)

/* Inserts @message into ticket @ticket_id (its remote id, channel, direction, visibility,
 * author, body, created_at; @author_customer_id ≤ 0 for none), or, when the ticket already
 * has a message of that remote id, updates that row, re-indexing it when its body or time
 * changed. @outbox_id > 0 inserts it as written locally for that outbox op
 * (offline_state 'locally-created', outbox_id); 0 for a message from the server. Returns
 * the message's row id, or 0 with @error set. */
gint64    _rapport_store_write_message         (RapportStoreWriter  *writer,
                                                gint64               ticket_id,
                                                RapportMessage      *message,
                                                gint64               author_customer_id,
                                                gint64               outbox_id,
                                                GError             **error);

/* Deletes message @message_id with its search document and refreshes its ticket's counts
 * (at flush). A message that is not there is no error. */
gboolean  _rapport_store_delete_message        (RapportStoreWriter  *writer,
                                                gint64               message_id,
                                                GError             **error);

/* For rows the caller writes itself. _index () queues a document (text borrowed until the
 * flush, NULL indexed as ""; the text its row holds, which the store has already checked, so
 * the index does not check it again); _unindex () removes one, @old_text exactly what was indexed.
 * _touch_ticket () has the ticket's counts recomputed at flush; _created_ticket () says the
 * ticket was inserted in this transaction with message_count @n_written and the preview of
 * @written_body (NULL: none; borrowed until the flush): the flush leaves the row alone when
 * the messages written through the writer give the same, and otherwise sets the counts they
 * give, without a query; _forget_ticket () drops a deleted ticket. */
void      _rapport_store_writer_index          (RapportStoreWriter  *writer,
                                                gint64               key,
                                                const char          *text);
gboolean  _rapport_store_writer_unindex        (RapportStoreWriter  *writer,
                                                gint64               key,
                                                const char          *old_text,
                                                GError             **error);
/* Removes the search documents of ticket @ticket_id: its subject (@created_at and @subject as
 * its row holds them) and the bodies of its messages. The rows stay: the caller deletes them. */
gboolean  _rapport_store_writer_unindex_ticket (RapportStoreWriter  *writer,
                                                gint64               ticket_id,
                                                gint64               created_at,
                                                const char          *subject,
                                                GError             **error);
void      _rapport_store_writer_touch_ticket   (RapportStoreWriter  *writer,
                                                gint64               ticket_id);
void      _rapport_store_writer_created_ticket (RapportStoreWriter  *writer,
                                                gint64               ticket_id,
                                                guint                n_written,
                                                const char          *written_body);
void      _rapport_store_writer_forget_ticket  (RapportStoreWriter  *writer,
                                                gint64               ticket_id);

/* Writes the queued index documents and the counts of the tickets touched; the writer can
 * be used again after. Call it before the commit. */
gboolean  _rapport_store_writer_flush          (RapportStoreWriter  *writer,
                                                GError             **error);

/* ---------------------------------------------------------------------------------------------
 * The views' counts of inserted tickets (rapport-store-view-counts.c)
 * ------------------------------------------------------------------------------------------- */

/* view_counts (migration 0007) counts every ticket under what the views filter on. Its
 * triggers count the updates and deletions of tickets; the inserts of a sync page are added up
 * here (a trigger on INSERT would make every ticket insert keep a statement journal) and
 * written once per row by _flush (), which must run before anything in the transaction updates
 * or deletes a ticket, whose triggers must find the row's count. Locked, in a transaction. */
typedef struct _RapportStoreViewCounts RapportStoreViewCounts;

RapportStoreViewCounts *_rapport_store_view_counts_new   (RapportStore            *store,
                                                          gint64                   account_id);
void                    _rapport_store_view_counts_free  (RapportStoreViewCounts  *counts);
/* Counts @ticket, just inserted into the account's tickets, as the triggers would. */
void                    _rapport_store_view_counts_add   (RapportStoreViewCounts  *counts,
                                                          RapportTicket           *ticket);
gboolean                _rapport_store_view_counts_flush (RapportStoreViewCounts  *counts,
                                                          GError                 **error);

/* ---------------------------------------------------------------------------------------------
 * Small helpers of the store's own files (rapport-store.c)
 * ------------------------------------------------------------------------------------------- */

/* Now, in unix seconds (the store's times). */
gint64               _rapport_store_now                 (void);

/* The enumeration stored as its nick in @column; an unknown nick is logged and read as the
 * default (email, open). */
RapportChannel       _rapport_store_channel_from_column (sqlite3_stmt  *stmt,
                                                         int            column);
RapportTicketStatus  _rapport_store_status_from_column  (sqlite3_stmt  *stmt,
                                                         int            column);

/* The tags of tickets.tags (a JSON array of strings); empty when it holds none or is not an
 * array (logged). Never NULL. */
char               **_rapport_store_tags_from_json      (const char    *json);

/* ---------------------------------------------------------------------------------------------
 * A ticket's messages (rapport-store-views.c, rapport-store-messages.c)
 * ------------------------------------------------------------------------------------------- */

/* A message from the current row, whose columns 0 to 11 are: id, remote_id, the ticket's
 * remote_id, channel, direction, visibility, author_kind, author_name, author_remote_id,
 * author_customer_id, body, created_at. (transfer full) */
RapportMessage      *_rapport_store_message_from_row    (sqlite3_stmt  *stmt,
                                                         gint64         ticket_id);

/* ---------------------------------------------------------------------------------------------
 * The money ledger (rapport-store-actions.c); locked, in the caller's transaction
 * ------------------------------------------------------------------------------------------- */

/* What Rapport holds as the state of an action (pure): a state the helpdesk stopped
 * (rejected, cancelled) stays; a verified approval approves and a verified rejection rejects;
 * otherwise an action that needed a decision (@needs_decision: verdict needs_approval, or an
 * approval request) is pending_approval whatever the server says, and any other takes the
 * server's state. */
RapportActionState  _rapport_store_settle_action_state (RapportActionState server_state,
                                                        gboolean           needs_decision,
                                                        RapportDecision    decision,
                                                        gboolean           valid);

/* Row @action_id; RAPPORT_STORE_ERROR_NOT_FOUND when absent. */
RapportMoneyAction *_rapport_store_load_money_action   (RapportStore        *self,
                                                        gint64               action_id,
                                                        GError             **error);

/* The cached ticket (account, @ticket_remote_id) and its customer, else the customer whose
 * e-mail identity is @customer_key; 0 for what is not known. */
gboolean  _rapport_store_resolve_money_links   (RapportStore        *self,
                                                gint64               account_id,
                                                const char          *ticket_remote_id,
                                                const char          *customer_key,
                                                gint64              *ticket_id,
                                                gint64              *customer_id,
                                                GError             **error);

/* Inserts @action: the server's record (@outbox_id 0: its remote id required, state
 * settled), or the local row of money op @outbox_id (remote id NULL, 'locally-created', its
 * state as set). Returns the row id, or 0 with @error set. */
gint64    _rapport_store_insert_money_action   (RapportStore        *self,
                                                gint64               account_id,
                                                RapportMoneyAction  *action,
                                                gint64               outbox_id,
                                                GError             **error);

/* The server's record @action over the row of its remote id, else over row @replace_id (the
 * local row of the op that created it; 0: none), else a new row. When both exist, the local
 * row goes. The state is settled (decisions on the row stay). Returns the row id, or 0. */
gint64    _rapport_store_upsert_money_action   (RapportStore        *self,
                                                gint64               account_id,
                                                RapportMoneyAction  *action,
                                                gint64               replace_id,
                                                GError             **error);

/* Records @approval (and its decision, verified with rapport_approval_verify() against the
 * row of its action) on the row of its action, and settles the row's state. Returns the row
 * id, 0 when the account holds no such action (skipped, logged), -1 with @error set. */
gint64    _rapport_store_apply_approval        (RapportStore        *self,
                                                gint64               account_id,
                                                RapportApproval     *approval,
                                                GError             **error);

/* The money actions, then the approvals of @page; links rows to tickets the page brought.
 * The actions in @skip (keys of _rapport_store_set_aside_skip_key (RAPPORT_RECORD_MONEY, …))
 * are left out with their approvals. When an action or an approval fails, @culprit is set to
 * the remote id of the action it was (borrowed from @page). */
gboolean  _rapport_store_apply_money_page      (RapportStore        *self,
                                                gint64               account_id,
                                                RapportSyncPage     *page,
                                                GHashTable          *skip,
                                                const char         **culprit,
                                                GError             **error);

/* ---------------------------------------------------------------------------------------------
 * Records set aside (rapport-store-set-aside.c)
 * ------------------------------------------------------------------------------------------- */

/* The key of a refused record in the skip set of a page's apply. */
char     *_rapport_store_set_aside_skip_key    (RapportRecordKind    kind,
                                                const char          *remote_id);
/* Locked, in the page's transaction: forgets the entries of the records @page read (its
 * retried ones, its tickets, messages and customers not in @skip, its deleted tickets and
 * their messages), then keeps @page's set_aside and @refused. */
gboolean  _rapport_store_set_aside_apply       (RapportStore        *self,
                                                gint64               account_id,
                                                RapportSyncPage     *page,
                                                GPtrArray           *refused,
                                                GHashTable          *skip,
                                                GError             **error);

/* What the money summary needs of one action (rapport-money-summary.c). */
typedef struct
{
  RapportMoneyKind   kind;
  RapportMoney       amount;
  RapportActionState state;
  gint64             created_at_us;
  gboolean           pending_sync;
  gboolean           awaits_decision;  /* rapport_money_action_awaits_decision () */
  gboolean           invalid_decision; /* a decision that did not pass verification */
} RapportMoneySummaryEntry;

/* An empty summary over the window of @window_days days before @now_us; the entries are added
 * one by one (in any order) as rapport_money_summary_compute() describes. */
RapportMoneySummary *_rapport_money_summary_new (gint64                          customer_id,
                                                 guint                           window_days,
                                                 gint64                          now_us);
void                 _rapport_money_summary_add (RapportMoneySummary            *summary,
                                                 const RapportMoneySummaryEntry *entry);
/* The two halves of _rapport_money_summary_add (), for sums read already added up.
 * _add_to_date () adds @n actions alike but for their amounts, which sum to @entry's amount
 * (more than G_MAXINT64 when @sum_saturated); @entry's created_at_us is not read. It returns
 * whether they moved money (then each counts in the window when created in it).
 * _add_window () adds the @amount of actions of @kind that moved money within the window. */
gboolean _rapport_money_summary_add_to_date (RapportMoneySummary            *summary,
                                             const RapportMoneySummaryEntry *entry,
                                             guint                           n,
                                             gboolean                        sum_saturated);
void     _rapport_money_summary_add_window  (RapportMoneySummary *summary,
                                             RapportMoneyKind     kind,
                                             const RapportMoney  *amount);

/* ---------------------------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------------------------- */

/* Turns what a user typed into an FTS5 query of double-quoted terms (a "…" group in the input
 * stays one phrase; the last term is a prefix query once its last word has 4 characters).
 * Terms without a letter or digit are dropped. Returns NULL when nothing searchable is left.
 * Exposed for the tests. */
char *_rapport_store_build_fts_query (const char *text);
/* The snippet a search hit shows for stored @text and what the user typed (@query_text), with
 * the byte offsets of the matching word in it (-1 when no word matches); NULL when nothing
 * searchable was typed. Exposed for the tests. */
char *_rapport_store_build_search_snippet (const char *query_text,
                                           const char *text,
                                           int        *match_start,
                                           int        *match_end);

G_END_DECLS

/* rt-test-util.h
 *
 * Shared by the integration tests against a real Request Tracker: the throwaway server
 * (rt-server.sh), REST2 calls as root for seeding and for reading the server's state, and
 * helpers for Rapport's side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* Waits at most this long for one async call. */
#define RAPPORT_RT_TEST_WAIT_SECONDS 90

/* A ticket to create: a customer's first message. */
typedef struct
{
  const char *email;
  const char *real_name;
  const char *subject;
  const char *content;
  const char *channel;  /* NULL: no Channel value */
  const char *owner;    /* NULL: Nobody */
} RapportRtTestTicket;

/* One ticket as the server holds it (read as root). */
typedef struct
{
  char      *subject;
  char      *status;
  char      *owner;     /* NULL for Nobody */
  char      *requestor;
  char      *channel;   /* NULL when unset */
  GPtrArray *types;     /* (element-type utf8) Create / Correspond / Comment, oldest first */
  GPtrArray *bodies;    /* (element-type utf8) the text part of each, same order */
} RapportRtServerTicket;

void                   rapport_rt_server_ticket_free   (RapportRtServerTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRtServerTicket, rapport_rt_server_ticket_free)

/* The server. start: in $RAPPORT_RT_WORKDIR (run-test.sh sets it) or a private temporary
 * directory; from then on the server is stopped at exit, on abort, SIGTERM and SIGSEGV too.
 * Fails the test when RT cannot start. Secrets are read from their 0600 files only. */
void                   rapport_rt_test_start_server    (void);
void                   rapport_rt_test_stop_server     (void);
const char            *rapport_rt_test_get_url         (void);
const char            *rapport_rt_test_get_workdir     (void);
/* The path of a secret file of the work dir ("token-sam"), and its content (stripped). */
char                  *rapport_rt_test_secret_path     (const char *name);
char                  *rapport_rt_test_read_secret     (const char *name);
/* Wipes and frees a secret. */
void                   rapport_rt_test_free_secret     (char       *secret);

/* REST2 as root. @path is relative to /REST/2.0/; a POST or PUT without @body sends "{}".
 * Fails the test unless the answer has @expected_status. Returns the parsed answer. */
JsonNode              *rapport_rt_test_request         (const char  *method,
                                                        const char  *path,
                                                        const char  *body,
                                                        guint        expected_status,
                                                        char       **location);
void                   rapport_rt_test_create_user     (const char  *email,
                                                        const char  *real_name);
guint64                rapport_rt_test_create_ticket   (const RapportRtTestTicket *ticket);
void                   rapport_rt_test_add_message     (guint64      ticket_id,
                                                        gboolean     comment,
                                                        gboolean     html,
                                                        const char  *content);
void                   rapport_rt_test_set_status      (guint64      ticket_id,
                                                        const char  *status);
/* The record, then the Create / Correspond / Comment transactions and their text bodies. */
RapportRtServerTicket *rapport_rt_test_read_ticket     (guint64      ticket_id);

/* Rapport's side. on_result_cb stores a ref of the result in the GAsyncResult ** it gets;
 * wait_for iterates the default main context until it is there (at most
 * RAPPORT_RT_TEST_WAIT_SECONDS). */
void                   rapport_rt_test_on_result_cb    (GObject       *source,
                                                        GAsyncResult  *result,
                                                        gpointer       user_data);
GAsyncResult          *rapport_rt_test_wait_for        (GAsyncResult **slot);
/* Every ticket of the "all open" and "recently solved" views, loaded. */
GPtrArray             *rapport_rt_test_stored_tickets  (RapportStore  *store,
                                                        gint64         account_id);
RapportTicket         *rapport_rt_test_find_ticket     (GPtrArray     *tickets,
                                                        guint64        remote_id);
RapportTicketStatus    rapport_rt_test_status_of       (const char    *rt_status);
char                  *rapport_rt_test_stripped        (const char    *text);
void                   rapport_rt_test_remove_tree     (const char    *path);

/* CPU time: this process (getrusage, all threads) and the RT server's processes (the
 * process group rt-server.sh started: master and workers, with their waited-for children). */
typedef struct
{
  gint64 wall_us;
  gint64 client_cpu_us;
  gint64 server_cpu_us;  /* -1 when /proc could not tell */
} RapportRtCpuSample;

void                   rapport_rt_test_cpu_sample      (RapportRtCpuSample       *sample);
/* Prints a TAP diagnostic "# @what: wall … s, client CPU … s (… % of wall), RT CPU …". */
void                   rapport_rt_test_cpu_print       (const char               *what,
                                                        const RapportRtCpuSample *before,
                                                        const RapportRtCpuSample *after);

G_END_DECLS

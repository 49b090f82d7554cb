/* rapport-ui-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"
#include "rapport-workspace.h"

G_BEGIN_DECLS

typedef gboolean (*RapportTestCondition) (gpointer user_data);

/* gtk_test_init() + adw_init(), with TZ=UTC, the test accessibility backend, and the
 * resources the application would install (style sheet, icons). */
void            rapport_test_ui_init                (int                  *argc,
                                                     char               ***argv);
/* Iterates the default main context until @condition holds; fails the test after
 * @timeout_ms milliseconds. */
void            rapport_test_wait_until             (RapportTestCondition  condition,
                                                     gpointer              user_data,
                                                     guint                 timeout_ms,
                                                     const char           *what);
/* Drops the caller's reference to *@object and waits until the object is finalized (all
 * asynchronous work holding it has finished); fails the test after 10 s. */
void            rapport_test_release_and_wait       (gpointer              object_ptr);
/* Waits until @widget's toplevel has painted a frame. */
void            rapport_test_wait_for_frame         (GtkWidget            *widget);

/* A store in @dir with the demo workspace (anchored at @anchor) pulled through the demo
 * provider and the sync engine. Returns the store; @account receives the demo account. */
RapportStore   *rapport_test_create_demo_store      (const char           *dir,
                                                     gint64                anchor,
                                                     RapportAccount      **account);

/* The demo workspace's supervisor account beside @agent (a demo account of @store), added to
 * @store and pulled. */
RapportAccount *rapport_test_add_demo_supervisor    (RapportStore         *store,
                                                     RapportAccount       *agent);

/* A workspace over the demo provider for @account of @store, not started (nothing syncs or
 * sends unless the test starts it). */
RapportWorkspace *rapport_test_create_demo_workspace (RapportStore        *store,
                                                      RapportAccount      *account);
/* Deletes a temporary directory and everything in it. */
void            rapport_test_remove_tree            (const char           *path);

/* The tickets of the view "All open" of @account, as the ticket list loads them. */
GPtrArray      *rapport_test_load_open_tickets      (RapportStore         *store,
                                                     RapportAccount       *account);
/* A refund of @minor cents (USD) that @requester asked for on the ticket @ticket_remote_id of
 * the customer @customer_key at @created_at (µs), awaiting a supervisor, as a pull brings it
 * (approval "a-<remote id>" at revision "1"). */
RapportMoneyAction *rapport_test_money_request_new  (const char           *remote_id,
                                                     const char           *ticket_remote_id,
                                                     const char           *customer_key,
                                                     gint64                minor,
                                                     const char           *reason,
                                                     const char           *requester_remote_id,
                                                     const char           *requester_name,
                                                     gint64                created_at);
/* Waits until @window has painted a frame and saves its picture to @path (PNG). */
void            rapport_test_save_window_png        (GtkWidget            *window,
                                                     const char           *path);
/* Iterates the default main context for @ms milliseconds. */
void            rapport_test_wait_ms                (guint                 ms);

/* Every descendant of @root (and @root) of @type, in tree order. */
GPtrArray      *rapport_test_find_widgets           (GtkWidget            *root,
                                                     GType                 type);
/* The first descendant whose accessible label property is exactly @label. */
GtkWidget      *rapport_test_find_by_accessible_label (GtkWidget          *root,
                                                       GType               type,
                                                       const char         *label);
/* The accessible label set through rapport_ui_set_accessible_label(), checked against the
 * widget's actual accessible property. */
const char     *rapport_test_get_accessible_label   (GtkWidget            *widget);
/* The first GtkLabel under @root whose text starts with @prefix. */
GtkLabel       *rapport_test_find_label_with_prefix (GtkWidget            *root,
                                                     const char           *prefix);
/* Whether @menu (or one of its sections) has an item whose string @attribute (a label, an
 * action name) is @value. */
gboolean        rapport_test_menu_has_item          (GMenuModel           *menu,
                                                     const char           *attribute,
                                                     const char           *value);
/* Activates the action bound to @keyval + @mods in @widget's class shortcuts (the binding
 * itself is what is tested). Fails when there is no such binding. */
void            rapport_test_activate_shortcut      (GtkWidget            *widget,
                                                     guint                 keyval,
                                                     GdkModifierType       mods);

G_END_DECLS

/* rapport-ticket-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ticket-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "rapport-ticket-actions.h"

#include "rapport-money-actions.h"
#include "rapport-outbox.h"
#include "rapport-provider.h"
#include "rapport-ui-util.h"

#define ROW_REMOTE_ID_KEY  "rapport-remote-id"
#define ROW_SEARCH_KEY     "rapport-search-key"
#define ROW_CHECK_KEY      "rapport-check"
#define DESCRIPTION_KEY    "rapport-accessible-description"

struct _RapportTicketActions
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkWidget        *box;           /* the only child: disposing the template unparents it */
  GtkMenuButton    *status_button;
  GtkLabel         *status_label;
  GtkButton        *take_button;
  GtkMenuButton    *assign_button;
  GtkLabel         *assignee_label;
  GtkPopover       *assign_popover;
  GtkSearchEntry   *search_entry;
  GtkListBox       *assignee_list;
  GtkLabel         *no_match_label;
  RapportMoneyActions *money_actions;

  /* owned */
  RapportTicketSession *session;
  RapportWorkspace *workspace;     /* the session's, whose people "assignees" are */
  GSimpleActionGroup *group;       /* "ticket": set-status, which has a state (radio items) */
  GSimpleAction    *set_status;
  GPtrArray        *assignees;     /* (element-type RapportAssignee), as last loaded */
  GCancellable     *load_cancellable;
  char             *status_class;  /* the CSS class on status_label now */

  guint             n_pending;     /* changes being queued */
};

G_DEFINE_FINAL_TYPE (RapportTicketActions, rapport_ticket_actions, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The statuses an agent can set. "Pending" (waiting for the customer) only where the backend
 * has it (RT has not: the ticket would read back open). */
static const RapportTicketStatus settable_statuses[] = {
  RAPPORT_TICKET_STATUS_OPEN,
  RAPPORT_TICKET_STATUS_PENDING,
  RAPPORT_TICKET_STATUS_ON_HOLD,
  RAPPORT_TICKET_STATUS_SOLVED,
};

static gboolean
status_is_settable (RapportProvider     *provider,
                    RapportTicketStatus  status)
{
  if (status == RAPPORT_TICKET_STATUS_PENDING && provider != NULL &&
      !(rapport_provider_get_capabilities (provider) & RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (settable_statuses); i++)
    if (settable_statuses[i] == status)
      return TRUE;

  return FALSE;
}

/* ---------------------------------------------------------------------------------------------
 * What the widget shows
 * ------------------------------------------------------------------------------------------- */

static RapportAccount *
get_account (RapportTicketActions *self)
{
  return self->session != NULL ? rapport_ticket_session_get_account (self->session) : NULL;
}

static RapportTicket *
get_ticket (RapportTicketActions *self)
{
  return self->session != NULL ? rapport_ticket_session_get_ticket (self->session) : NULL;
}

/* The signed-in agent's remote id, NULL when unknown. */
static const char *
get_me (RapportTicketActions *self)
{
  RapportAccount *account = get_account (self);
  const char *me = account != NULL ? rapport_account_get_user_remote_id (account) : NULL;

  return me != NULL && *me != '\0' ? me : NULL;
}

static gboolean
has_ticket (RapportTicketActions *self)
{
  RapportTicket *ticket = get_ticket (self);

  return ticket != NULL && rapport_ticket_get_loaded (ticket) && rapport_ticket_get_id (ticket) > 0;
}

static const char *
get_assignee (RapportTicketActions *self)
{
  const char *assignee = NULL;

  if (has_ticket (self))
    assignee = rapport_ticket_get_assignee_remote_id (get_ticket (self));

  return assignee != NULL && *assignee != '\0' ? assignee : NULL;
}

/* A display name for @remote_id: the ticket's own, the account's for its user, the cache's,
 * else the id itself. */
static const char *
name_for (RapportTicketActions *self,
          const char           *remote_id)
{
  RapportAccount *account = get_account (self);
  const char *name;

  if (has_ticket (self) && g_strcmp0 (remote_id, get_assignee (self)) == 0)
    {
      name = rapport_ticket_get_assignee_name (get_ticket (self));
      if (name != NULL && *name != '\0')
        return name;
    }

  if (account != NULL && g_strcmp0 (remote_id, get_me (self)) == 0)
    {
      name = rapport_account_get_user_name (account);
      if (name != NULL && *name != '\0')
        return name;
    }

  for (guint i = 0; self->assignees != NULL && i < self->assignees->len; i++)
    {
      RapportAssignee *assignee = g_ptr_array_index (self->assignees, i);

      if (g_strcmp0 (assignee->remote_id, remote_id) == 0)
        return assignee->name;
    }

  return remote_id;
}

/* Sets a tooltip only when it changes: setting one on a shown widget asks the display server
 * where the pointer is. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);
  const char *description;

  if (g_strcmp0 (current, text) == 0)
    return;

  gtk_widget_set_tooltip_text (widget, text);

  /* GTK 4.8 makes the tooltip the accessible description too: put ours back. */
  description = g_object_get_data (G_OBJECT (widget), DESCRIPTION_KEY);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
}

/* The accessible description, or none when @text is NULL; nothing when it does not change
 * (each update is an accessibility event). */
static void
set_description (GtkWidget  *widget,
                 const char *text)
{
  if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), DESCRIPTION_KEY), text) == 0)
    return;

  g_object_set_data_full (G_OBJECT (widget), DESCRIPTION_KEY, g_strdup (text), g_free);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
mark_current_row (RapportTicketActions *self)
{
  const char *assignee = get_assignee (self);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *remote_id = g_object_get_data (G_OBJECT (row), ROW_REMOTE_ID_KEY);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), ROW_CHECK_KEY);
      gboolean current;

      if (remote_id == NULL || check == NULL)
        continue;

      current = g_strcmp0 (remote_id, assignee != NULL ? assignee : "") == 0;
      gtk_widget_set_opacity (check, current ? 1.0 : 0.0);
      set_description (row, current ? _("Assigned now") : NULL);
    }
}

static void
sync_state (RapportTicketActions *self)
{
  RapportTicketStatus status = RAPPORT_TICKET_STATUS_OPEN;
  const char *reason = NULL;
  const char *me = get_me (self);
  const char *assignee;
  const char *status_class;
  gboolean enabled;
  gboolean mine;

  if (!has_ticket (self))
    reason = _("No ticket is selected");
  else if (!rapport_workspace_get_can_write (self->workspace))
    reason = _("This account cannot change tickets");
  enabled = reason == NULL;

  assignee = get_assignee (self);
  mine = me != NULL && g_strcmp0 (assignee, me) == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.take", enabled && me != NULL && !mine);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.assign", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.choose-status", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.choose-assignee", enabled);
  g_simple_action_set_enabled (self->set_status, enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_button), enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assign_button), enabled);
  gtk_widget_set_visible (GTK_WIDGET (self->take_button), !mine);

  if (!enabled)
    {
      gtk_menu_button_popdown (self->status_button);
      gtk_menu_button_popdown (self->assign_button);
    }

  /* Status */
  if (has_ticket (self))
    status = rapport_ticket_get_status (get_ticket (self));
  gtk_label_set_text (self->status_label, rapport_ui_status_label (status));
  status_class = rapport_ui_status_css_class (status);
  if (g_strcmp0 (status_class, self->status_class) != 0)
    {
      if (self->status_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class);
      g_free (self->status_class);
      self->status_class = g_strdup (status_class);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), has_ticket (self));
  {
    g_autoptr(GVariant) state = g_action_get_state (G_ACTION (self->set_status));
    const char *nick = rapport_ticket_status_to_string (status);

    if (!has_ticket (self))
      nick = "";
    if (g_strcmp0 (g_variant_get_string (state, NULL), nick) != 0)
      g_simple_action_set_state (self->set_status, g_variant_new_string (nick));
  }
  set_description (GTK_WIDGET (self->status_button),
                   has_ticket (self) ? rapport_ui_status_label (status) : NULL);

  /* Assignee */
  if (assignee != NULL)
    {
      /* A name from the helpdesk: bidi-safe. */
      g_autofree char *name = rapport_ui_bidi_safe (name_for (self, assignee));
      /* Translators: accessible description of the Assign button, "Assigned to Lee Fontaine" */
      g_autofree char *description = g_strdup_printf (_("Assigned to %s"), name ?: "");

      gtk_label_set_text (self->assignee_label, name ?: "");
      set_description (GTK_WIDGET (self->assign_button), description);
    }
  else
    {
      gtk_label_set_text (self->assignee_label, _("Unassigned"));
      set_description (GTK_WIDGET (self->assign_button),
                       has_ticket (self) ? _("Unassigned") : NULL);
    }
  mark_current_row (self);

  /* Tooltips say why nothing can be done. */
  set_tooltip (GTK_WIDGET (self->status_button),
               enabled ? _("Change Status (Ctrl+Shift+S)") : reason);
  set_tooltip (GTK_WIDGET (self->assign_button),
               enabled ? _("Assign to Someone (Ctrl+Shift+A)") : reason);
  if (enabled && me == NULL)
    set_tooltip (GTK_WIDGET (self->take_button), _("Your user on this helpdesk is not known"));
  else
    set_tooltip (GTK_WIDGET (self->take_button),
                 enabled ? _("Assign to me (Ctrl+Shift+T)") : reason);
}

static void
rebuild_status_menu (RapportTicketActions *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  RapportProvider *provider = self->workspace != NULL ?
                              rapport_workspace_get_provider (self->workspace) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (settable_statuses); i++)
    {
      RapportTicketStatus status = settable_statuses[i];
      const char *nick = rapport_ticket_status_to_string (status);
      g_autoptr(GMenuItem) item = NULL;

      if (!status_is_settable (provider, status))
        continue;

      item = g_menu_item_new (rapport_ui_status_label (status), NULL);
      g_menu_item_set_action_and_target_value (item, "ticket.set-status",
                                               g_variant_new_string (nick));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (self->status_button, G_MENU_MODEL (menu));
}

/* ---------------------------------------------------------------------------------------------
 * The assignee popover
 * ------------------------------------------------------------------------------------------- */

static GtkWidget *
make_assignee_row (RapportTicketActions *self,
                   const char           *remote_id,
                   const char           *name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "object-select-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);
  GtkWidget *label;
  g_autofree char *shown = NULL;
  g_autofree char *key = NULL;
  g_autofree char *safe_name = rapport_ui_bidi_safe (name);

  /* A name from the helpdesk: bidi-safe in the row and its accessible name. */
  if (*remote_id != '\0' && g_strcmp0 (remote_id, get_me (self)) == 0)
    /* Translators: the signed-in agent in the list of assignees, "Sam Rivera (you)" */
    shown = g_strdup_printf (_("%s (you)"), safe_name ?: "");
  else
    shown = g_strdup (safe_name ?: "");

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  /* Shown on the current assignee's row, which says so in its description. */
  gtk_box_append (GTK_BOX (box), check);

  label = gtk_label_new (shown);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  /* The backend's id beside the name when they differ (two people may share a name). */
  if (*remote_id != '\0' && g_strcmp0 (remote_id, name) != 0)
    {
      GtkWidget *id_label = gtk_label_new (remote_id);

      gtk_label_set_ellipsize (GTK_LABEL (id_label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (id_label), 14);
      gtk_widget_add_css_class (id_label, "dim-label");
      gtk_widget_add_css_class (id_label, "caption");
      gtk_box_append (GTK_BOX (box), id_label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  rapport_ui_set_accessible_label (row, shown);

  key = g_strconcat (name, " ", remote_id, NULL);
  g_object_set_data_full (G_OBJECT (row), ROW_REMOTE_ID_KEY, g_strdup (remote_id), g_free);
  g_object_set_data_full (G_OBJECT (row), ROW_SEARCH_KEY, g_utf8_casefold (key, -1), g_free);
  g_object_set_data (G_OBJECT (row), ROW_CHECK_KEY, check);

  return row;
}

static void
update_no_match (RapportTicketActions *self)
{
  gboolean any = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_list));
       row != NULL && !any;
       row = gtk_widget_get_next_sibling (row))
    any = gtk_widget_get_child_visible (row);

  gtk_widget_set_visible (GTK_WIDGET (self->no_match_label), !any);
}

static void
rebuild_assignee_list (RapportTicketActions *self)
{
  GtkWidget *child;
  const char *assignee = get_assignee (self);
  const char *me = get_me (self);
  gboolean assignee_listed = assignee == NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_list))) != NULL)
    gtk_list_box_remove (self->assignee_list, child);

  /* The signed-in agent first ("Sam Rivera (you)", even before the cache lists them), then
   * "Unassigned", then the others by name. */
  if (me != NULL)
    {
      gtk_list_box_append (self->assignee_list, make_assignee_row (self, me, name_for (self, me)));
      assignee_listed = assignee_listed || g_strcmp0 (me, assignee) == 0;
    }

  gtk_list_box_append (self->assignee_list, make_assignee_row (self, "", _("Unassigned")));

  for (guint i = 0; self->assignees != NULL && i < self->assignees->len; i++)
    {
      RapportAssignee *person = g_ptr_array_index (self->assignees, i);

      if (g_strcmp0 (person->remote_id, me) == 0)
        continue;
      gtk_list_box_append (self->assignee_list,
                           make_assignee_row (self, person->remote_id, person->name));
      assignee_listed = assignee_listed || g_strcmp0 (person->remote_id, assignee) == 0;
    }

  /* The ticket's assignee, even before the cache lists them. */
  if (!assignee_listed)
    gtk_list_box_append (self->assignee_list,
                         make_assignee_row (self, assignee, name_for (self, assignee)));

  mark_current_row (self);
  gtk_list_box_invalidate_filter (self->assignee_list);
  update_no_match (self);
}

static gboolean
filter_assignee_row (GtkListBoxRow *row,
                     gpointer       user_data)
{
  RapportTicketActions *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *key = g_object_get_data (G_OBJECT (row), ROW_SEARCH_KEY);
  g_autofree char *query = NULL;
  g_autofree char *stripped = NULL;

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped == '\0')
    return TRUE;

  query = g_utf8_casefold (stripped, -1);

  return key != NULL && strstr (key, query) != NULL;
}

static gboolean
same_assignees (GPtrArray *a,
                GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      RapportAssignee *ea = g_ptr_array_index (a, i);
      RapportAssignee *eb = g_ptr_array_index (b, i);

      if (g_strcmp0 (ea->remote_id, eb->remote_id) != 0 || g_strcmp0 (ea->name, eb->name) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
on_assignees_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(RapportTicketActions) self = user_data;
  g_autoptr(GPtrArray) assignees = NULL;
  g_autoptr(GError) error = NULL;

  assignees = rapport_ticket_session_list_assignees_finish (RAPPORT_TICKET_SESSION (object), result,
                                                            &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);

  if (error != NULL)
    {
      /* The list keeps what it had (at least "Unassigned" and the ticket's assignee). */
      g_warning ("Could not list the people tickets can be assigned to: %s", error->message);
      return;
    }

  /* Rebuilding would take the focus from a row the agent is on: only when someone changed. */
  if (same_assignees (self->assignees, assignees))
    return;

  g_clear_pointer (&self->assignees, g_ptr_array_unref);
  self->assignees = g_steal_pointer (&assignees);
  rebuild_assignee_list (self);
  sync_state (self);
}

static void
load_assignees (RapportTicketActions *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->session == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  rapport_ticket_session_list_assignees_async (self->session, self->load_cancellable,
                                      on_assignees_loaded_cb, g_object_ref (self));
}

static void
on_assign_popover_show_cb (RapportTicketActions *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  rebuild_assignee_list (self);
  /* The cache may know more people since the last time. */
  load_assignees (self);
}

static void
on_assign_popover_map_cb (RapportTicketActions *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_entry_search_changed_cb (RapportTicketActions *self)
{
  gtk_list_box_invalidate_filter (self->assignee_list);
  update_no_match (self);
}

static GtkWidget *
first_visible_row (RapportTicketActions *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->assignee_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row) && GTK_IS_LIST_BOX_ROW (row))
      return row;

  return NULL;
}

static void
activate_assignee_row (RapportTicketActions *self,
                       GtkWidget            *row)
{
  const char *remote_id = g_object_get_data (G_OBJECT (row), ROW_REMOTE_ID_KEY);

  if (remote_id == NULL)
    return;

  gtk_popover_popdown (self->assign_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "ticket.assign", "s", remote_id);
}

static void
on_search_entry_activate_cb (RapportTicketActions *self)
{
  GtkWidget *row = first_visible_row (self);

  if (row != NULL)
    activate_assignee_row (self, row);
}

static void
on_search_entry_stop_search_cb (RapportTicketActions *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text != NULL && *text != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_popover_popdown (self->assign_popover);
}

static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          gpointer               user_data)
{
  RapportTicketActions *self = user_data;
  GtkWidget *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  row = first_visible_row (self);
  if (row == NULL)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_grab_focus (row);

  return GDK_EVENT_STOP;
}

static void
on_assignee_list_row_activated_cb (RapportTicketActions *self,
                                   GtkListBoxRow        *row)
{
  activate_assignee_row (self, GTK_WIDGET (row));
}

/* ---------------------------------------------------------------------------------------------
 * Queueing changes
 * ------------------------------------------------------------------------------------------- */

static void
set_pending (RapportTicketActions *self,
             guint                 n_pending)
{
  gboolean was_busy = self->n_pending > 0;

  self->n_pending = n_pending;
  if (was_busy != (n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (RapportTicketActions *self,
            const GError         *error)
{
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  if (error->domain == RAPPORT_OUTBOX_ERROR && error->code == RAPPORT_OUTBOX_ERROR_NOT_FOUND)
    reason = g_strdup (_("The ticket no longer exists."));
  else
    reason = rapport_ui_error_to_text (error);

  /* Translators: a toast; %s explains the problem */
  text = g_strdup_printf (_("Could not change the ticket: %s"), reason);

  if (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY) == NULL)
    {
      g_warning ("%s (%s)", text, error->message);
      return;
    }

  g_debug ("Could not queue a ticket change: %s", error->message);
  rapport_ui_add_text_toast (GTK_WIDGET (self), text);
}

static void
on_update_queued_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(RapportTicketActions) self = user_data;
  g_autoptr(RapportOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;

  /* Done once the ticket object every view of it shares shows the change. */
  op = rapport_ticket_session_enqueue_update_finish (RAPPORT_TICKET_SESSION (object), result,
                                                     &error);
  if (op == NULL)
    show_error (self, error);

  set_pending (self, self->n_pending - 1);
}

/* Queues @changes for the current ticket. Writes are never cancelled: the agent asked for
 * them, and they finish even when the widget goes. */
static void
queue_changes (RapportTicketActions       *self,
               const RapportTicketChanges *changes)
{
  g_return_if_fail (has_ticket (self));

  set_pending (self, self->n_pending + 1);
  rapport_ticket_session_enqueue_update_async (self->session, changes, NULL,
                                               on_update_queued_cb, g_object_ref (self));
}

static void
assign_to (RapportTicketActions *self,
           const char           *remote_id)
{
  g_autoptr(RapportTicketChanges) changes = NULL;

  if (remote_id != NULL && *remote_id == '\0')
    remote_id = NULL;
  if (g_strcmp0 (remote_id, get_assignee (self)) == 0)
    return;

  changes = rapport_ticket_changes_new ();
  changes->fields = RAPPORT_TICKET_FIELD_ASSIGNEE;
  changes->assignee_remote_id = g_strdup (remote_id);
  queue_changes (self, changes);
}

static void
on_set_status_change_state_cb (GSimpleAction *action,
                               GVariant      *value,
                               gpointer       user_data)
{
  RapportTicketActions *self = user_data;
  g_autoptr(RapportTicketChanges) changes = NULL;
  RapportTicketStatus status;

  if (!has_ticket (self) ||
      !rapport_ticket_status_from_string (g_variant_get_string (value, NULL), &status) ||
      !status_is_settable (rapport_workspace_get_provider (self->workspace), status))
    return;

  if (status == rapport_ticket_get_status (get_ticket (self)))
    return;

  changes = rapport_ticket_changes_new ();
  changes->fields = RAPPORT_TICKET_FIELD_STATUS;
  changes->status = status;
  queue_changes (self, changes);
}

static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportTicketActions *self = RAPPORT_TICKET_ACTIONS (widget);
  const char *me = get_me (self);

  if (me != NULL && has_ticket (self))
    assign_to (self, me);
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportTicketActions *self = RAPPORT_TICKET_ACTIONS (widget);

  if (has_ticket (self))
    assign_to (self, g_variant_get_string (parameter, NULL));
}

static void
choose_status_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RapportTicketActions *self = RAPPORT_TICKET_ACTIONS (widget);

  gtk_menu_button_popup (self->status_button);
}

static void
choose_assignee_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RapportTicketActions *self = RAPPORT_TICKET_ACTIONS (widget);

  gtk_menu_button_popup (self->assign_button);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
on_ticket_notify_cb (RapportTicketActions *self)
{
  sync_state (self);
}

static void
on_workspace_notify_can_write_cb (RapportTicketActions *self)
{
  sync_state (self);
}

static void
rapport_ticket_actions_dispose (GObject *object)
{
  RapportTicketActions *self = (RapportTicketActions *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (rapport_ticket_session_get_ticket (self->session), self);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->session);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->assignees, g_ptr_array_unref);
  if (self->group != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket", NULL);
  g_clear_object (&self->set_status);
  g_clear_object (&self->group);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_TICKET_ACTIONS);

  G_OBJECT_CLASS (rapport_ticket_actions_parent_class)->dispose (object);
}

static void
rapport_ticket_actions_finalize (GObject *object)
{
  RapportTicketActions *self = (RapportTicketActions *)object;

  g_free (self->status_class);

  G_OBJECT_CLASS (rapport_ticket_actions_parent_class)->finalize (object);
}

static void
rapport_ticket_actions_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportTicketActions *self = RAPPORT_TICKET_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->n_pending > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_actions_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportTicketActions *self = RAPPORT_TICKET_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      rapport_ticket_actions_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_ticket_actions_class_init (RapportTicketActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_ticket_actions_dispose;
  object_class->finalize = rapport_ticket_actions_finalize;
  object_class->get_property = rapport_ticket_actions_get_property;
  object_class->set_property = rapport_ticket_actions_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-ticket-actions.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, box);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, status_button);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, take_button);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, assign_button);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, assignee_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, assign_popover);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, assignee_list);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTicketActions, money_actions);
  gtk_widget_class_bind_template_callback (widget_class, on_assign_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_assignee_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "ticket.take", NULL, take_action);
  gtk_widget_class_install_action (widget_class, "ticket.assign", "s", assign_action);
  gtk_widget_class_install_action (widget_class, "ticket.choose-status", NULL,
                                   choose_status_action);
  gtk_widget_class_install_action (widget_class, "ticket.choose-assignee", NULL,
                                   choose_assignee_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketactions");
}

static void
rapport_ticket_actions_init (RapportTicketActions *self)
{
  GtkEventController *controller;
  const GVariantType *string_type = G_VARIANT_TYPE_STRING;

  g_type_ensure (RAPPORT_TYPE_MONEY_ACTIONS);
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_menu_button_fix_role (GTK_WIDGET (self->status_button));
  rapport_ui_menu_button_fix_role (GTK_WIDGET (self->assign_button));

  /* Widget class actions have no state in GTK 4.8; radio items in the status menu need one. */
  self->group = g_simple_action_group_new ();
  self->set_status = g_simple_action_new_stateful ("set-status", string_type,
                                                   g_variant_new_string (""));
  g_signal_connect_object (self->set_status, "change-state",
                           G_CALLBACK (on_set_status_change_state_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->group), G_ACTION (self->set_status));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "ticket", G_ACTION_GROUP (self->group));

  gtk_list_box_set_filter_func (self->assignee_list, filter_assignee_row, self, NULL);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->assignee_list));
  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_search_key_pressed_cb),
                           self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
  g_signal_connect_object (self->assign_popover, "map", G_CALLBACK (on_assign_popover_map_cb),
                           self, G_CONNECT_SWAPPED);

  /* Managed scope: the window runs these wherever the focus is, not only inside this widget. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_t,
                           GDK_CONTROL_MASK | GDK_SHIFT_MASK, "ticket.take");
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_s,
                           GDK_CONTROL_MASK | GDK_SHIFT_MASK, "ticket.choose-status");
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_a,
                           GDK_CONTROL_MASK | GDK_SHIFT_MASK, "ticket.choose-assignee");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  rebuild_status_menu (self);
  rebuild_assignee_list (self);
  sync_state (self);
}

GtkWidget *
rapport_ticket_actions_new (void)
{
  return g_object_new (RAPPORT_TYPE_TICKET_ACTIONS, NULL);
}

RapportTicketSession *
rapport_ticket_actions_get_session (RapportTicketActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_ACTIONS (self), NULL);

  return self->session;
}

void
rapport_ticket_actions_set_session (RapportTicketActions *self,
                                    RapportTicketSession *session)
{
  static const char * const followed[] = {
    "notify::status", "notify::assignee-remote-id", "notify::assignee-name", "notify::loaded",
    "notify::id",
  };
  RapportWorkspace *workspace;

  g_return_if_fail (RAPPORT_IS_TICKET_ACTIONS (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (rapport_ticket_session_get_ticket (self->session), self);

  g_set_object (&self->session, session);
  rapport_money_actions_set_session (self->money_actions, session);

  if (session != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
      g_signal_connect_object (rapport_ticket_session_get_ticket (session), followed[i],
                               G_CALLBACK (on_ticket_notify_cb), self, G_CONNECT_SWAPPED);

  /* The people and the statuses offered are the account's: only another one changes them. */
  workspace = session != NULL ? rapport_ticket_session_get_workspace (session) : NULL;
  if (workspace != self->workspace)
    {
      if (self->workspace != NULL)
        g_signal_handlers_disconnect_by_data (self->workspace, self);
      g_set_object (&self->workspace, workspace);
      if (workspace != NULL)
        g_signal_connect_object (workspace, "notify::can-write",
                                 G_CALLBACK (on_workspace_notify_can_write_cb), self,
                                 G_CONNECT_SWAPPED);

      g_clear_pointer (&self->assignees, g_ptr_array_unref);
      rebuild_status_menu (self);
      rebuild_assignee_list (self);
      load_assignees (self);
    }

  gtk_menu_button_popdown (self->status_button);
  gtk_menu_button_popdown (self->assign_button);
  sync_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

RapportWorkspace *
rapport_ticket_actions_get_workspace (RapportTicketActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_ACTIONS (self), NULL);

  return self->workspace;
}

RapportTicket *
rapport_ticket_actions_get_ticket (RapportTicketActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_ACTIONS (self), NULL);

  return get_ticket (self);
}

gboolean
rapport_ticket_actions_get_busy (RapportTicketActions *self)
{
  g_return_val_if_fail (RAPPORT_IS_TICKET_ACTIONS (self), FALSE);

  return self->n_pending > 0;
}

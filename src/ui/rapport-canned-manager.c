/* rapport-canned-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-canned-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-canned-manager-private.h"

#include "rapport-candidate-text.h"
#include "rapport-store-suggest.h"
#include "rapport-ui-util.h"

G_DEFINE_FINAL_TYPE (RapportCannedManager, rapport_canned_manager, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACCOUNT,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload_candidates (RapportCannedManager *self);
static void leave_editor      (RapportCannedManager *self);
/* Helpers shared by the files of the manager */

gboolean
_rapport_canned_manager_is_read_only (RapportCandidate *candidate)
{
  return candidate != NULL && rapport_candidate_get_account_id (candidate) != 0;
}

const char *
_rapport_canned_manager_account_name (RapportCannedManager *self,
                                      gint64                account_id)
{
  if (self->account_names == NULL)
    return NULL;

  return g_hash_table_lookup (self->account_names, &account_id);
}

char *
_rapport_canned_manager_get_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* The list */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RapportCannedManager *self = user_data;
  RapportCandidate *candidate = item;
  const char * const fields[] = {
    rapport_candidate_get_title (candidate),
    rapport_candidate_get_key (candidate),
    rapport_candidate_get_body (candidate),
  };
  const char * const *tags = rapport_candidate_get_tags (candidate);

  if (self->filter_text == NULL || *self->filter_text == '\0')
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *folded = NULL;

      if (fields[i] == NULL)
        continue;
      folded = g_utf8_casefold (fields[i], -1);
      if (strstr (folded, self->filter_text) != NULL)
        return TRUE;
    }

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (strstr (tags[i], self->filter_text) != NULL)
      return TRUE;

  return FALSE;
}

static void
update_list_page (RapportCannedManager *self)
{
  g_autofree char *description = NULL;
  AdwStatusPage *page;
  gboolean filtering;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    {
      rapport_ui_stack_show_page (self->list_stack, "list");
      return;
    }

  if (gtk_stack_get_child_by_name (self->list_stack, "empty") == NULL)
    rapport_ui_stack_add_status_page (self->list_stack, "empty", NULL, "", TRUE);

  page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty"));
  filtering = self->filter_text != NULL && *self->filter_text != '\0';
  adw_status_page_set_icon_name (page, filtering ? "edit-find-symbolic" : "document-new-symbolic");
  adw_status_page_set_title (page, filtering ? _("No Matches") : _("No Canned Responses"));
  /* The description is markup: escape (translations may use "&"). */
  description = g_markup_escape_text (filtering ? _("Try other words")
                                                : _("Write one with Ctrl+N"), -1);
  adw_status_page_set_description (page, description);
  rapport_ui_stack_show_page (self->list_stack, "empty");
}

static void
on_filter_changed_cb (RapportCannedManager *self,
                      GtkSearchEntry       *entry)
{
  g_autofree char *text = NULL;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_page (self);
}

static void
on_filter_activated_cb (RapportCannedManager *self,
                        GtkSearchEntry       *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->candidate_view));
}

typedef struct
{
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkImage *lock;
} RowWidgets;

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  RowWidgets *row = g_new0 (RowWidgets, 1);

  row->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->title, 0);
  gtk_label_set_ellipsize (row->title, PANGO_ELLIPSIZE_END);
  row->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->subtitle, 0);
  gtk_label_set_ellipsize (row->subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->subtitle), "dim-label");
  row->lock = GTK_IMAGE (gtk_image_new_from_icon_name ("changes-prevent-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (row->lock), "dim-label");

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (row->subtitle));
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->lock));
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  g_object_set_data_full (G_OBJECT (box), "rapport-row-widgets", row, g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  RapportCannedManager *self = user_data;
  GtkWidget *box = gtk_list_item_get_child (list_item);
  RowWidgets *row = g_object_get_data (G_OBJECT (box), "rapport-row-widgets");
  RapportCandidate *candidate = gtk_list_item_get_item (list_item);
  g_autofree char *source = NULL;
  const char *name;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = rapport_ui_bidi_safe (rapport_candidate_get_title (candidate));

  name = _rapport_canned_manager_account_name (self, rapport_candidate_get_account_id (candidate));
  source = rapport_candidate_text_source (candidate, name);
  /* Translators: under a canned response's title in the list: its kind, then where it comes
   * from, e.g. "Article · From Support Desk" */
  subtitle = g_strdup_printf (_("%s · %s"),
                              rapport_candidate_text_kind (rapport_candidate_get_kind (candidate)),
                              source);
  gtk_label_set_text (row->title, title != NULL ? title : _("Untitled"));
  gtk_label_set_text (row->subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (row->lock), _rapport_canned_manager_is_read_only (candidate));

  label = _rapport_canned_manager_is_read_only (candidate)
            /* Translators: the accessible name of a read-only row of the list: title, kind
             * and source */
            ? g_strdup_printf (_("%s, %s, read only"), gtk_label_get_text (row->title), subtitle)
            : g_strdup_printf (_("%s, %s"), gtk_label_get_text (row->title), subtitle);
  rapport_ui_set_row_accessible_label (box, label);
}

/* Loading the list */

typedef struct
{
  RapportCannedManager *self;
  guint                 generation;
  gint64                select_account_id;  /* select this one once listed… */
  char                 *select_key;         /* …NULL: keep the selection */
} ListData;

static void
list_data_free (ListData *data)
{
  g_clear_object (&data->self);
  g_free (data->select_key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListData, list_data_free)

static guint
find_position (RapportCannedManager *self,
               gint64                account_id,
               const char           *key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportCandidate) candidate = NULL;

      candidate = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (rapport_candidate_get_account_id (candidate) == account_id &&
          g_strcmp0 (rapport_candidate_get_key (candidate), key) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
on_list_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ListData) data = user_data;
  RapportCannedManager *self = data->self;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 account_id = 0;
  guint position;

  candidates = rapport_store_list_candidates_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->list_generation)
    return;

  if (error != NULL)
    {
      g_warning ("Cannot list the canned responses: %s", error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self->toast_overlay),
                                  _("Cannot list the canned responses"), error);
      return;
    }

  if (data->select_key != NULL)
    {
      key = g_strdup (data->select_key);
      account_id = data->select_account_id;
    }
  else if (self->editing != NULL)
    {
      key = g_strdup (rapport_candidate_get_key (self->editing));
      account_id = rapport_candidate_get_account_id (self->editing);
    }

  /* The editor keeps what it shows while the list changes under it. */
  self->loading = TRUE;
  g_list_store_splice (self->candidates, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->candidates)),
                       candidates->pdata, candidates->len);
  position = key != NULL ? find_position (self, account_id, key) : GTK_INVALID_LIST_POSITION;
  gtk_single_selection_set_selected (self->selection, position);
  self->loading = FALSE;

  update_list_page (self);

  if (data->select_key != NULL && position != GTK_INVALID_LIST_POSITION)
    _rapport_canned_manager_load_editor (self,
                                         gtk_single_selection_get_selected_item (self->selection));
  else if (self->editing != NULL)
    _rapport_canned_manager_validate (self);  /* the keys taken may have changed */
}

static void
reload_candidates_selecting (RapportCannedManager *self,
                             gint64                account_id,
                             const char           *key)
{
  ListData *data = g_new0 (ListData, 1);

  data->self = g_object_ref (self);
  data->generation = ++self->list_generation;
  data->select_account_id = account_id;
  data->select_key = g_strdup (key);
  rapport_store_list_candidates_async (self->store, self->cancellable, on_list_cb, data);
}

static void
reload_candidates (RapportCannedManager *self)
{
  reload_candidates_selecting (self, 0, NULL);
}

static void
on_accounts_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportCannedManager *self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = rapport_store_list_accounts_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  /* Without the names, helpdesk content says "From the helpdesk": still true. */
  if (error != NULL)
    g_warning ("Cannot list the accounts: %s", error->message);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      RapportAccount *account = g_ptr_array_index (accounts, i);
      gint64 id = rapport_account_get_id (account);
      const char *name = rapport_account_get_display_name (account);

      if (name != NULL && *name != '\0')
        g_hash_table_insert (self->account_names, g_memdup2 (&id, sizeof id), g_strdup (name));
    }

  reload_candidates (self);
  g_object_unref (self);
}

static void
on_store_changed_cb (RapportStore         *store,
                     guint64               account_id,
                     RapportCannedManager *self)
{
  reload_candidates (self);
}

static void
on_selected_item_changed_cb (RapportCannedManager *self,
                             GParamSpec           *pspec,
                             GtkSingleSelection   *selection)
{
  RapportCandidate *candidate = gtk_single_selection_get_selected_item (selection);

  /* Only the agent's choice changes what is edited: not a reload, and not the selection
   * going away (a filter that hides the edited one). */
  if (self->loading || candidate == NULL)
    return;

  leave_editor (self);
  _rapport_canned_manager_load_editor (self, candidate);
}

/* Enter on a row: on to its fields. */
static void
on_candidate_activated_cb (RapportCannedManager *self,
                           guint                 position,
                           GtkListView          *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (self->editing != NULL && !_rapport_canned_manager_is_read_only (self->editing))
    gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

/* Saving and deleting */

typedef enum
{
  SAVE_EDITED,    /* Save: the editor goes on with what was stored */
  SAVE_LEFT,      /* the agent went to another one: saved in the background */
  SAVE_RESTORED,  /* the Undo of a delete */
  SAVE_CLOSING,   /* the window closes: saved whatever comes of the window */
} SaveKind;

typedef struct
{
  RapportCannedManager *self;
  RapportCandidate     *candidate;
  gint64                replaced_id;  /* the same one under its former key, deleted after */
  SaveKind              kind;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->candidate);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
on_replaced_deleted_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(RapportCannedManager) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_delete_candidate_finish (RAPPORT_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_warning ("Cannot delete a canned response under its former key: %s", error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self->toast_overlay),
                                  _("The canned response under its former key is still there"),
                                  error);
    }

  reload_candidates (self);
}

static void
on_closing_replaced_deleted_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rapport_store_delete_candidate_finish (RAPPORT_STORE (object), result, &error))
    g_warning ("Cannot delete a canned response under its former key: %s", error->message);
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SaveData) data = user_data;
  RapportCannedManager *self = data->self;
  g_autoptr(GError) error = NULL;

  self->n_saving--;

  if (data->kind == SAVE_CLOSING)
    {
      if (!rapport_store_save_candidate_finish (RAPPORT_STORE (object), result, &error))
        g_warning ("Cannot save the canned response “%s” of a closed window: %s",
                   rapport_candidate_get_key (data->candidate), error->message);
      else if (data->replaced_id > 0)
        rapport_store_delete_candidate_async (RAPPORT_STORE (object), data->replaced_id, NULL,
                                              on_closing_replaced_deleted_cb, NULL);
      return;
    }

  if (!rapport_store_save_candidate_finish (RAPPORT_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Cannot save the canned response: %s", error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self->toast_overlay),
                                  data->kind == SAVE_RESTORED
                                    ? _("Cannot restore the canned response")
                                    : _("Cannot save the canned response"),
                                  error);
      _rapport_canned_manager_update_actions (self);
      return;
    }

  if (data->kind == SAVE_EDITED)
    {
      rapport_ui_add_text_toast (GTK_WIDGET (self->toast_overlay), _("Saved"));
      /* What is edited is now what is stored. */
      _rapport_canned_manager_load_editor (self, data->candidate);
    }
  else if (data->kind == SAVE_LEFT)
    {
      g_autofree char *text = NULL;
      g_autofree char *title = rapport_ui_bidi_safe (rapport_candidate_get_title (data->candidate));

      /* Translators: a toast; %s is the title of a canned response the agent left */
      text = g_strdup_printf (_("Changes to “%s” saved"), title ?: _("Untitled"));
      rapport_ui_add_text_toast (GTK_WIDGET (self->toast_overlay), text);
    }

  if (data->replaced_id > 0)
    rapport_store_delete_candidate_async (self->store, data->replaced_id, self->cancellable,
                                          on_replaced_deleted_cb, g_object_ref (self));

  if (data->kind == SAVE_LEFT)
    reload_candidates (self);
  else
    reload_candidates_selecting (self, 0, rapport_candidate_get_key (data->candidate));
}

static void
save_candidate (RapportCannedManager *self,
                RapportCandidate     *candidate,
                gint64                replaced_id,
                SaveKind              kind)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->self = g_object_ref (self);
  data->candidate = g_object_ref (candidate);
  data->replaced_id = replaced_id;
  data->kind = kind;
  self->n_saving++;
  _rapport_canned_manager_update_actions (self);
  /* Closing cancels the window's work, not this. */
  rapport_store_save_candidate_async (self->store, candidate,
                                      kind == SAVE_CLOSING ? NULL : self->cancellable,
                                      on_saved_cb, data);
}

/* Saves what the editor holds, when it is the workspace's own and valid. */
static gboolean
save_editor (RapportCannedManager *self,
             SaveKind              kind)
{
  g_autoptr(RapportCandidate) candidate = NULL;
  gint64 replaced_id = 0;

  _rapport_canned_manager_validate (self);
  if (self->editing == NULL || _rapport_canned_manager_is_read_only (self->editing) ||
      !self->valid)
    return FALSE;

  candidate = _rapport_canned_manager_candidate_from_editor (self);
  if (rapport_candidate_get_id (candidate) == 0 && rapport_candidate_get_id (self->editing) > 0)
    replaced_id = rapport_candidate_get_id (self->editing);

  save_candidate (self, candidate, replaced_id, kind);
  return TRUE;
}

/* The agent leaves the edited one for another: changes are saved rather than lost; changes
 * that cannot be saved (an error in the template) are dropped, and a toast says so. */
static void
leave_editor (RapportCannedManager *self)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (self->editing == NULL || !self->dirty ||
      _rapport_canned_manager_is_read_only (self->editing))
    return;

  if (save_editor (self, SAVE_LEFT))
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  /* Translators: a toast; %s is the title of a canned response the agent left */
  text = g_strdup_printf (_("Changes to “%s” not saved: they had an error"),
                          *title != '\0' ? title : _("Untitled"));
  /* Toast titles are markup. Shown at once, before any "saved". */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  rapport_ui_add_toast (GTK_WIDGET (self->toast_overlay), toast);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  save_editor (RAPPORT_CANNED_MANAGER (widget), SAVE_EDITED);
}

typedef struct
{
  RapportCannedManager *self;
  RapportCandidate     *candidate;   /* as it was, to restore */
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->candidate);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

/* The Undo of a toast: the window may be gone when it is clicked. */
typedef struct
{
  GWeakRef          self;
  RapportCandidate *candidate;   /* as it was */
} UndoData;

static void
undo_data_free (gpointer  user_data,
                GClosure *closure)
{
  UndoData *data = user_data;

  g_weak_ref_clear (&data->self);
  g_clear_object (&data->candidate);
  g_free (data);
}

static void
on_undo_delete_cb (AdwToast *toast,
                   UndoData *data)
{
  g_autoptr(RapportCannedManager) self = g_weak_ref_get (&data->self);
  g_autoptr(RapportCandidate) restored = NULL;

  if (self == NULL)
    return;

  restored = rapport_candidate_copy (data->candidate);
  rapport_candidate_set_id (restored, 0);
  save_candidate (self, restored, 0, SAVE_RESTORED);
}

static void
on_deleted_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  RapportCannedManager *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *safe_title = NULL;
  UndoData *undo;
  AdwToast *toast;

  if (!rapport_store_delete_candidate_finish (RAPPORT_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_warning ("Cannot delete the canned response: %s", error->message);
      rapport_ui_add_error_toast (GTK_WIDGET (self->toast_overlay),
                                  _("Cannot delete the canned response"), error);
      return;
    }

  if (self->editing != NULL &&
      rapport_candidate_get_id (self->editing) == rapport_candidate_get_id (data->candidate))
    _rapport_canned_manager_load_editor (self, NULL);

  /* Translators: a toast; %s is the title of the canned response */
  safe_title = rapport_ui_bidi_safe (rapport_candidate_get_title (data->candidate));
  title = g_markup_escape_text (safe_title ?: _("Untitled"), -1);
  toast = adw_toast_new_format (_("“%s” deleted"), title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  undo = g_new0 (UndoData, 1);
  g_weak_ref_init (&undo->self, self);
  undo->candidate = g_object_ref (data->candidate);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_delete_cb), undo,
                         undo_data_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  reload_candidates (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (widget);
  DeleteData *data;

  if (self->editing == NULL || _rapport_canned_manager_is_read_only (self->editing) ||
      rapport_candidate_get_id (self->editing) <= 0)
    return;

  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->candidate = rapport_candidate_copy (self->editing);
  rapport_store_delete_candidate_async (self->store, rapport_candidate_get_id (self->editing),
                                        self->cancellable, on_deleted_cb, data);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (widget);
  g_autoptr(RapportCandidate) candidate = NULL;

  leave_editor (self);
  candidate = rapport_candidate_new (RAPPORT_CANDIDATE_CANNED, "", "", "");
  self->loading = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;
  _rapport_canned_manager_load_editor (self, candidate);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->filter_entry), 0, -1);
}

/* GtkWindow */

static gboolean
close_after_discard_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));

  return G_SOURCE_REMOVE;
}

static void
on_discard_response_cb (RapportCannedManager *self,
                        const char           *response,
                        AdwMessageDialog     *dialog)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* Hidden now, closed once the dialog is done with its response: closing the manager from
   * inside it destroyed the dialog (its transient child) while its button still ran. */
  self->dirty = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_after_discard_cb, g_object_ref (self),
                   g_object_unref);
}

/* Closing saves the changes; changes that cannot be saved are discarded only when the agent
 * says so. */
static gboolean
rapport_canned_manager_close_request (GtkWindow *window)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (window);
  g_autofree char *title = NULL;
  AdwMessageDialog *dialog;

  if (self->editing == NULL || !self->dirty ||
      _rapport_canned_manager_is_read_only (self->editing) || save_editor (self, SAVE_CLOSING))
    return GTK_WINDOW_CLASS (rapport_canned_manager_parent_class)->close_request (window);

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard Changes?"), NULL));
  /* Translators: %s is the title of a canned response */
  adw_message_dialog_format_body (dialog,
                                  _("The changes to “%s” hold an error and cannot be saved."),
                                  *title != '\0' ? title : _("Untitled"));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* Its response buttons read their mnemonic twice otherwise ("_Discard Discard"). */
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* GObject */

static void
rapport_canned_manager_constructed (GObject *object)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (object);

  G_OBJECT_CLASS (rapport_canned_manager_parent_class)->constructed (object);

  self->store_changed_id = g_signal_connect_object (self->store, "changed",
                                                    G_CALLBACK (on_store_changed_cb), self, 0);
  rapport_store_list_accounts_async (self->store, self->cancellable, on_accounts_cb,
                                     g_object_ref (self));
  _rapport_canned_manager_load_preview_tickets (self);
}

/* A destroyed manager can outlive its window while a request to the store holds it: its
 * requests end there, before the store (which may close next) answers them. */
static void
rapport_canned_manager_unrealize (GtkWidget *widget)
{
  RapportCannedManager *self = (RapportCannedManager *)widget;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->values_cancellable);

  GTK_WIDGET_CLASS (rapport_canned_manager_parent_class)->unrealize (widget);
}

static void
rapport_canned_manager_dispose (GObject *object)
{
  RapportCannedManager *self = (RapportCannedManager *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->values_cancellable);
  self->list_generation++;
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CANNED_MANAGER);

  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->candidates);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->account_names, g_hash_table_unref);
  g_clear_object (&self->values_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->ticket);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_canned_manager_parent_class)->dispose (object);
}

static void
rapport_canned_manager_finalize (GObject *object)
{
  RapportCannedManager *self = (RapportCannedManager *)object;

  g_free (self->filter_text);

  G_OBJECT_CLASS (rapport_canned_manager_parent_class)->finalize (object);
}

static void
rapport_canned_manager_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_canned_manager_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportCannedManager *self = RAPPORT_CANNED_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_TICKET:
      self->ticket = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_canned_manager_class_init (RapportCannedManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rapport_canned_manager_constructed;
  object_class->dispose = rapport_canned_manager_dispose;
  object_class->finalize = rapport_canned_manager_finalize;
  object_class->get_property = rapport_canned_manager_get_property;
  object_class->set_property = rapport_canned_manager_set_property;

  window_class->close_request = rapport_canned_manager_close_request;
  widget_class->unrealize = rapport_canned_manager_unrealize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         RAPPORT_TYPE_ACCOUNT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL,
                         RAPPORT_TYPE_TICKET,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-canned-manager.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, candidate_view);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, source_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, title_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, key_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, tags_row);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, key_error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, body_view);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, body_error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, placeholders_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, short_view);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, short_error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, channels_box);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, ticket_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, preview_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, delete_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCannedManager, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_candidate_activated_cb);
  _rapport_canned_manager_editor_class_init (widget_class);
  _rapport_canned_manager_preview_class_init (widget_class);

  gtk_widget_class_install_action (widget_class, "canned.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "canned.filter", NULL, filter_action);
  gtk_widget_class_install_action (widget_class, "canned.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "canned.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "canned.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "canned.filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "canned.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_canned_manager_init (RapportCannedManager *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkEventController) delete_keys = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_list_view_tab_leaves (self->candidate_view);
  /* Named in the .ui file, each beside a mnemonic label: one name each. */
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->title_row));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->key_row));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->tags_row));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->body_view));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->short_view));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->ticket_dropdown));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->delete_button));
  rapport_ui_keep_accessible_label (GTK_WIDGET (self->save_button));

  self->cancellable = g_cancellable_new ();
  self->account_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->candidate_view, factory);

  self->candidates = g_list_store_new (RAPPORT_TYPE_CANDIDATE);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->candidates)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->candidate_view, GTK_SELECTION_MODEL (self->selection));

  /* Delete in the list deletes; in the fields it deletes text. */
  delete_keys = GTK_EVENT_CONTROLLER (gtk_shortcut_controller_new ());
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (delete_keys), GDK_KEY_Delete, 0,
                           "canned.delete");
  rapport_ui_add_shortcut (GTK_SHORTCUT_CONTROLLER (delete_keys), GDK_KEY_KP_Delete, 0,
                           "canned.delete");
  gtk_widget_add_controller (GTK_WIDGET (self->candidate_view), g_steal_pointer (&delete_keys));

  _rapport_canned_manager_editor_init (self);
  _rapport_canned_manager_update_actions (self);
}

GtkWidget *
rapport_canned_manager_new (GtkWindow      *parent,
                            RapportStore   *store,
                            RapportAccount *account,
                            RapportTicket  *ticket)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (!account || RAPPORT_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (!ticket || RAPPORT_IS_TICKET (ticket), NULL);

  return g_object_new (RAPPORT_TYPE_CANNED_MANAGER,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "store", store,
                       "account", account,
                       "ticket", ticket,
                       NULL);
}

/* rapport-knowledge-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-knowledge-search"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-knowledge-search.h"

#include "rapport-candidate-text.h"
#include "rapport-store-suggest.h"
#include "rapport-ui-util.h"

#define SEARCH_LIMIT   50
#define SEARCH_DELAY   150 /* ms between the last key and the query */
#define EXCERPT_LINES  2

struct _RapportKnowledgeSearch
{
  GtkPopover          parent_instance;

  /* template widgets */
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *results_view;
  GtkWidget          *link_button;
  GtkWidget          *insert_button;

  /* owned */
  RapportStore       *store;
  GListStore         *results;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;

  /* borrowed */
  AdwStatusPage      *error_page;       /* a page of the stack, made on first use */
  GtkWidget          *attached_to;      /* weak: the parent; hidden, it detaches the popover */
  gulong              unmap_id;
  gulong              unrealize_id;
  GtkWidget          *previous_focus;   /* weak: where the focus goes back when it closes */

  char               *query;            /* of the latest search */
  guint               generation;       /* of the latest query: older answers are stale */
  int                 pending_choice;   /* a choice made before the results came: a Choice */
};

/* What Enter or Alt+Enter asked for while the results of the text in the entry were not
 * there yet: done when they come. */
typedef enum
{
  CHOICE_NONE,
  CHOICE_EXCERPT,
  CHOICE_LINK,
} Choice;

G_DEFINE_FINAL_TYPE (RapportKnowledgeSearch, rapport_knowledge_search, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Results */

static void
show_page (RapportKnowledgeSearch *self,
           const char             *page)
{
  if (g_str_equal (page, "search-error") && self->error_page == NULL)
    {
      self->error_page = rapport_ui_stack_add_status_page (self->stack, "search-error",
                                                           "dialog-error-symbolic",
                                                           _("Search Failed"), TRUE);
      gtk_widget_set_size_request (GTK_WIDGET (self->error_page), -1, 220);
    }

  rapport_ui_stack_show_page (self->stack, page);
}

static RapportCandidate *
get_selected (RapportKnowledgeSearch *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_actions (RapportKnowledgeSearch *self)
{
  RapportCandidate *candidate = get_selected (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "knowledge.insert-excerpt",
                                 candidate != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "knowledge.insert-link",
                                 candidate != NULL &&
                                 rapport_knowledge_search_can_link (candidate));
}

static void choose (RapportKnowledgeSearch *self,
                    gboolean                as_link);

typedef struct
{
  RapportKnowledgeSearch *self;
  guint                   generation;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchData, search_data_free)

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SearchData) data = user_data;
  RapportKnowledgeSearch *self = data->self;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;

  candidates = rapport_store_search_knowledge_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->generation)
    return;

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      g_autofree char *description = rapport_ui_error_to_markup (error);

      self->pending_choice = CHOICE_NONE;
      g_warning ("Knowledge search failed: %s", error->message);
      g_list_store_remove_all (self->results);
      show_page (self, "search-error");
      adw_status_page_set_description (self->error_page, description);
      update_actions (self);
      return;
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       candidates->pdata, candidates->len);
  if (candidates->len > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", 0);
    }
  show_page (self, candidates->len > 0 ? "results" : "no-results");
  update_actions (self);

  if (self->pending_choice != CHOICE_NONE)
    {
      gboolean as_link = self->pending_choice == CHOICE_LINK;

      self->pending_choice = CHOICE_NONE;
      choose (self, as_link);
    }
}

static void
run_search (RapportKnowledgeSearch *self)
{
  g_autofree char *query = NULL;
  SearchData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_free (self->query);
  self->query = g_strdup (query);

  data = g_new0 (SearchData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;

  self->cancellable = g_cancellable_new ();
  rapport_store_search_knowledge_async (self->store, query, SEARCH_LIMIT, self->cancellable,
                                        on_search_cb, data);
}

static void
choose (RapportKnowledgeSearch *self,
        gboolean                as_link)
{
  g_autoptr(RapportCandidate) candidate = NULL;

  if (get_selected (self) == NULL)
    return;

  candidate = g_object_ref (get_selected (self));
  if (as_link && !rapport_knowledge_search_can_link (candidate))
    return;

  g_signal_emit (self, signals[CHOSEN], 0, candidate, as_link);
  gtk_popover_popdown (GTK_POPOVER (self));
}

/* Enter or Alt+Enter. Right after typing, the query of the text in the entry may not have
 * run yet (the entry waits for a pause), or its answer may not be there: the selected result
 * would be an older query's. The choice is then made when the answer comes. */
static void
request_choice (RapportKnowledgeSearch *self,
                gboolean                as_link)
{
  g_autofree char *query = NULL;

  query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (g_strcmp0 (query, self->query) != 0)
    run_search (self);

  if (self->cancellable != NULL)
    {
      self->pending_choice = as_link ? CHOICE_LINK : CHOICE_EXCERPT;
      return;
    }

  choose (self, as_link);
}

static void
on_search_changed_cb (RapportKnowledgeSearch *self,
                      GtkSearchEntry         *entry)
{
  /* The same text: Enter ran its query already. */
  g_autofree char *query = NULL;

  query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (g_strcmp0 (query, self->query) == 0)
    return;

  self->pending_choice = CHOICE_NONE;
  run_search (self);
}

static void
on_search_activated_cb (RapportKnowledgeSearch *self,
                        GtkSearchEntry         *entry)
{
  request_choice (self, FALSE);
}

static void
on_stop_search_cb (RapportKnowledgeSearch *self,
                   GtkSearchEntry         *entry)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_results_activated_cb (RapportKnowledgeSearch *self,
                         guint                   position,
                         GtkListView            *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  choose (self, FALSE);
}

/* Up and Down in the entry move the selected result: the focus stays where the agent
 * types. */
static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey  *controller,
                         guint                   keyval,
                         guint                   keycode,
                         GdkModifierType         state,
                         RapportKnowledgeSearch *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint selected = gtk_single_selection_get_selected (self->selection);
  int delta;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      delta = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      delta = -1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (n_items == 0)
    return GDK_EVENT_STOP;

  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (delta > 0 && selected + 1 < n_items)
    selected++;
  else if (delta < 0 && selected > 0)
    selected--;

  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u",
                              selected);
  return GDK_EVENT_STOP;
}

static void
on_selected_item_changed_cb (RapportKnowledgeSearch *self,
                             GParamSpec             *pspec,
                             GtkSingleSelection     *selection)
{
  update_actions (self);
}

static void
insert_excerpt_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  request_choice (RAPPORT_KNOWLEDGE_SEARCH (widget), FALSE);
}

static void
insert_link_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  request_choice (RAPPORT_KNOWLEDGE_SEARCH (widget), TRUE);
}

/* Rows: built in code, one box of three labels. */

typedef struct
{
  GtkLabel *title;
  GtkLabel *kind;
  GtkLabel *excerpt;
} RowWidgets;

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  RowWidgets *row = g_new0 (RowWidgets, 1);

  row->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->title, 0);
  gtk_label_set_ellipsize (row->title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (row->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->title), "heading");

  row->kind = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->kind, 1);
  gtk_widget_add_css_class (GTK_WIDGET (row->kind), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (row->kind), "dim-label");

  row->excerpt = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->excerpt, 0);
  gtk_label_set_wrap (row->excerpt, TRUE);
  gtk_label_set_wrap_mode (row->excerpt, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (row->excerpt, EXCERPT_LINES);
  gtk_label_set_ellipsize (row->excerpt, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (row->excerpt, 50);
  gtk_label_set_width_chars (row->excerpt, 40);
  gtk_widget_add_css_class (GTK_WIDGET (row->excerpt), "dim-label");

  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->title));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->kind));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->excerpt));
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  g_object_set_data_full (G_OBJECT (box), "rapport-row-widgets", row, g_free);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  RowWidgets *row = g_object_get_data (G_OBJECT (box), "rapport-row-widgets");
  RapportCandidate *candidate = gtk_list_item_get_item (list_item);
  const char *kind = rapport_candidate_text_kind (rapport_candidate_get_kind (candidate));
  g_autofree char *excerpt = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;

  excerpt = rapport_candidate_text_excerpt (rapport_candidate_get_body (candidate),
                                            EXCERPT_LINES);
  /* Plain text: titles and bodies come from the team and the helpdesk, never as markup; the
   * title bidi-safe. */
  title = rapport_ui_bidi_safe (rapport_candidate_get_title (candidate));
  gtk_label_set_text (row->title, title ?: "");
  gtk_label_set_text (row->kind, kind);
  gtk_label_set_text (row->excerpt, excerpt);
  gtk_widget_set_visible (GTK_WIDGET (row->excerpt), *excerpt != '\0');

  /* Translators: the name of a result of the knowledge search: a title, then "Article" or
   * "Canned response". */
  label = g_strdup_printf (_("%s, %s"), title ?: "", kind);
  rapport_ui_set_row_accessible_label (box, label);
}

/* Attachment */

static void
detach (RapportKnowledgeSearch *self)
{
  /* Gone (the caller took the popover off before): its handlers went with it. */
  if (self->attached_to == NULL)
    {
      self->unmap_id = 0;
      self->unrealize_id = 0;
      return;
    }

  g_clear_signal_handler (&self->unmap_id, self->attached_to);
  g_clear_signal_handler (&self->unrealize_id, self->attached_to);
  /* The caller may have taken it off already. */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) == self->attached_to)
    gtk_widget_unparent (GTK_WIDGET (self));
  g_clear_weak_pointer (&self->attached_to);
}

/* The widget is hidden (another page, or its window closes): the popover closes and leaves
 * it. The window's focus is in the popover while it is open; a focus left there would keep the
 * popover alive after the window. */
static void
on_attached_to_unmap_cb (GtkWidget              *widget,
                         RapportKnowledgeSearch *self)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_root_set_focus (root, NULL);

  gtk_popover_popdown (GTK_POPOVER (self));
  detach (self);
}

/* The widget leaves its window (it is removed, or the window closes): the popover leaves it
 * first. Widgets that keep a list of their children (a text view) warn about one they do not
 * know when they are disposed. */
static void
on_attached_to_unrealize_cb (GtkWidget              *widget,
                             RapportKnowledgeSearch *self)
{
  detach (self);
}

/* GtkPopover */

/* The focus goes back where it was (the draft, at its cursor): GTK 4.8 leaves the window's
 * focus in a closed popover. */
static void
rapport_knowledge_search_closed (GtkPopover *popover)
{
  RapportKnowledgeSearch *self = RAPPORT_KNOWLEDGE_SEARCH (popover);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    {
      if (self->previous_focus == NULL || !gtk_widget_grab_focus (self->previous_focus))
        gtk_root_set_focus (root, NULL);
    }

  g_clear_weak_pointer (&self->previous_focus);
}

/* GObject */

static void
rapport_knowledge_search_dispose (GObject *object)
{
  RapportKnowledgeSearch *self = (RapportKnowledgeSearch *)object;

  g_cancellable_cancel (self->cancellable);
  self->generation++;

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_KNOWLEDGE_SEARCH);
  self->error_page = NULL;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->store);
  g_clear_weak_pointer (&self->previous_focus);
  g_clear_weak_pointer (&self->attached_to);

  G_OBJECT_CLASS (rapport_knowledge_search_parent_class)->dispose (object);
}

static void
rapport_knowledge_search_finalize (GObject *object)
{
  RapportKnowledgeSearch *self = (RapportKnowledgeSearch *)object;

  g_free (self->query);

  G_OBJECT_CLASS (rapport_knowledge_search_parent_class)->finalize (object);
}

static void
rapport_knowledge_search_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RapportKnowledgeSearch *self = RAPPORT_KNOWLEDGE_SEARCH (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_knowledge_search_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  RapportKnowledgeSearch *self = RAPPORT_KNOWLEDGE_SEARCH (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_knowledge_search_class_init (RapportKnowledgeSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkPopoverClass *popover_class = GTK_POPOVER_CLASS (klass);

  object_class->dispose = rapport_knowledge_search_dispose;
  object_class->finalize = rapport_knowledge_search_finalize;
  object_class->get_property = rapport_knowledge_search_get_property;
  object_class->set_property = rapport_knowledge_search_set_property;

  popover_class->closed = rapport_knowledge_search_closed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         RAPPORT_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHOSEN] =
    g_signal_new ("chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, RAPPORT_TYPE_CANDIDATE, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-knowledge-search.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportKnowledgeSearch, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportKnowledgeSearch, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportKnowledgeSearch, results_view);
  gtk_widget_class_bind_template_child (widget_class, RapportKnowledgeSearch, link_button);
  gtk_widget_class_bind_template_child (widget_class, RapportKnowledgeSearch, insert_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_activated_cb);

  gtk_widget_class_install_action (widget_class, "knowledge.insert-excerpt", NULL,
                                   insert_excerpt_action);
  gtk_widget_class_install_action (widget_class, "knowledge.insert-link", NULL,
                                   insert_link_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK,
                                       "knowledge.insert-link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_ALT_MASK,
                                       "knowledge.insert-link", NULL);
}

static void
rapport_knowledge_search_init (RapportKnowledgeSearch *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_list_view_tab_leaves (self->results_view);
  /* Named in the .ui file, with a mnemonic: one name each. */
  rapport_ui_keep_accessible_label (self->link_button);
  rapport_ui_keep_accessible_label (self->insert_button);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->results_view, factory);

  self->results = g_list_store_new (RAPPORT_TYPE_CANDIDATE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  gtk_search_entry_set_search_delay (self->search_entry, SEARCH_DELAY);

  update_actions (self);
}

RapportKnowledgeSearch *
rapport_knowledge_search_new (RapportStore *store)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  /* A dialog to screen readers, "Knowledge Base": later GTK than 4.8 give a popover no role
   * of a window of its own. */
  return g_object_new (RAPPORT_TYPE_KNOWLEDGE_SEARCH,
                       "store", store,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_DIALOG,
                       NULL);
}

RapportStore *
rapport_knowledge_search_get_store (RapportKnowledgeSearch *self)
{
  g_return_val_if_fail (RAPPORT_IS_KNOWLEDGE_SEARCH (self), NULL);

  return self->store;
}

void
rapport_knowledge_search_popup (RapportKnowledgeSearch *self,
                                GtkWidget              *relative_to,
                                const GdkRectangle     *pointing_to)
{
  g_return_if_fail (RAPPORT_IS_KNOWLEDGE_SEARCH (self));
  g_return_if_fail (GTK_IS_WIDGET (relative_to));

  if (self->attached_to != relative_to ||
      gtk_widget_get_parent (GTK_WIDGET (self)) != relative_to)
    {
      detach (self);
      gtk_widget_set_parent (GTK_WIDGET (self), relative_to);
      g_set_weak_pointer (&self->attached_to, relative_to);
      self->unmap_id = g_signal_connect_object (relative_to, "unmap",
                                                G_CALLBACK (on_attached_to_unmap_cb), self, 0);
      self->unrealize_id = g_signal_connect_object (relative_to, "unrealize",
                                                    G_CALLBACK (on_attached_to_unrealize_cb),
                                                    self, 0);
    }

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      GtkRoot *root = gtk_widget_get_root (relative_to);

      g_set_weak_pointer (&self->previous_focus, root != NULL ? gtk_root_get_focus (root) : NULL);
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self), pointing_to);
  self->pending_choice = CHOICE_NONE;
  run_search (self);
  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

gboolean
rapport_knowledge_search_can_link (RapportCandidate *candidate)
{
  g_return_val_if_fail (RAPPORT_IS_CANDIDATE (candidate), FALSE);

  if (rapport_candidate_get_url (candidate) != NULL)
    return TRUE;

  return rapport_candidate_get_kind (candidate) == RAPPORT_CANDIDATE_ARTICLE &&
         rapport_candidate_get_account_id (candidate) != 0 &&
         rapport_candidate_get_remote_id (candidate) != NULL;
}
